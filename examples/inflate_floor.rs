//! The inflate floor: decompress every entry of a ZIP and throw the bytes away.
//!
//!     cargo run --release --example inflate_floor -- FILE.zip [--threads N]
//!
//! Uses the same zip crate, deflate backend and access pattern as `lidex scan` (one open
//! file, the archive cloned per worker over positional reads, entries in parallel, largest
//! first), so nothing that reads the archive the way lidex does can be faster. Prints
//! `floor_seconds=... bytes=...`.

use rayon::prelude::*;
use std::fs::File;
use std::io::{self, Read, Seek, SeekFrom};
use std::os::unix::fs::FileExt;
use std::sync::Arc;
use std::time::Instant;

/// A cloneable positional reader, like lidex's own: workers share one file descriptor and
/// never contend on a seek position.
#[derive(Clone)]
struct Shared {
    file: Arc<File>,
    pos: u64,
    len: u64,
}

impl Read for Shared {
    fn read(&mut self, buf: &mut [u8]) -> io::Result<usize> {
        let n = self.file.read_at(buf, self.pos)?;
        self.pos += n as u64;
        Ok(n)
    }
}

impl Seek for Shared {
    fn seek(&mut self, pos: SeekFrom) -> io::Result<u64> {
        let target = match pos {
            SeekFrom::Start(p) => Some(p),
            SeekFrom::End(d) => self.len.checked_add_signed(d),
            SeekFrom::Current(d) => self.pos.checked_add_signed(d),
        };
        let p = target.ok_or_else(|| io::Error::other("seek before start"))?;
        self.pos = p;
        Ok(p)
    }
}

fn main() -> io::Result<()> {
    let mut path = None;
    let mut threads = None;
    let mut args = std::env::args().skip(1);
    while let Some(arg) = args.next() {
        if arg == "--threads" {
            threads = args.next().and_then(|n| n.parse::<usize>().ok());
        } else {
            path = Some(arg);
        }
    }
    let path =
        path.ok_or_else(|| io::Error::other("usage: inflate_floor FILE.zip [--threads N]"))?;
    let start = Instant::now();
    let file = File::open(&path)?;
    let len = file.metadata()?.len();
    let shared = Shared {
        file: Arc::new(file),
        pos: 0,
        len,
    };
    let zip = zip::ZipArchive::new(shared).map_err(io::Error::other)?;
    let mut order: Vec<(usize, u64)> = Vec::with_capacity(zip.len());
    for i in 0..zip.len() {
        let mut z = zip.clone();
        let size = z.by_index_raw(i).map(|f| f.size()).unwrap_or(0);
        order.push((i, size));
    }
    // Largest first, so the biggest entry never starts last and leaves a core idle.
    order.sort_by_key(|&(i, size)| (std::cmp::Reverse(size), i));
    let run = || -> io::Result<u64> {
        order
            .par_iter()
            .with_max_len(1)
            .map(|&(i, _)| -> io::Result<u64> {
                let mut z = zip.clone();
                let mut entry = z.by_index(i).map_err(io::Error::other)?;
                let mut buf = vec![0u8; 256 * 1024];
                let mut total = 0u64;
                loop {
                    let n = entry.read(&mut buf)?;
                    if n == 0 {
                        break;
                    }
                    total += n as u64;
                }
                Ok(total)
            })
            .sum()
    };
    let bytes = match threads {
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build()
            .map_err(io::Error::other)?
            .install(run)?,
        None => run()?,
    };
    let secs = start.elapsed().as_secs_f64();
    println!(
        "floor_seconds={secs:.3} bytes={bytes} mb_per_s={:.0}",
        bytes as f64 / 1e6 / secs
    );
    Ok(())
}
