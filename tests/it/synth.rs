//! Writing ZIPs the way LinkedIn does, for the bundled sample, the tests and the benchmarks.
//!
//! Test support, not library API: the integration tests hold it as a module, and the
//! examples that write archives (`gen_archive`, `make_sample`) include this same file with
//! `#[path]`, so there is one ZIP writer and nothing of it in the library.
//!
//! LinkedIn's exports are streamed ZIPs: deflate, data descriptors and UTF-8 names (general
//! purpose flags `0x0808`), no directory entries, unsorted entries, and DOS times spread over
//! the day before the export. [`ZipBuilder`] reproduces that, deterministically, so the same
//! input always gives the same bytes.

use std::io::{self, Seek, Write};
use std::path::Path;
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

/// Writes a LinkedIn-style ZIP.
pub struct ZipBuilder<W: Write + Seek> {
    zip: ZipWriter<W>,
    count: u32,
    /// The day before the export, when the entries are written (year, month, day).
    day: (u16, u8, u8),
}

impl<W: Write + Seek> ZipBuilder<W> {
    /// Starts a ZIP on `out`.
    pub fn new(out: W) -> ZipBuilder<W> {
        ZipBuilder {
            zip: ZipWriter::new(out),
            count: 0,
            day: (2025, 8, 25),
        }
    }

    /// Writes entries dated on `day` (year, month, day) instead of 2025-08-25, for exports
    /// of other dates: a ZIP's entry times are one way lidex tells an export's date.
    pub fn set_day(&mut self, day: (u16, u8, u8)) {
        self.day = day;
    }

    fn options(&self) -> SimpleFileOptions {
        // Spread entry times over a day, as LinkedIn's parts are generated hours apart.
        let minutes = (self.count * 37) % (22 * 60);
        let (year, month, day) = self.day;
        let time = DateTime::from_date_and_time(
            year,
            month,
            day,
            (2 + minutes / 60) as u8,
            (minutes % 60) as u8,
            0,
        )
        .unwrap_or_default();
        SimpleFileOptions::default()
            .compression_method(CompressionMethod::Deflated)
            .last_modified_time(time)
            .large_file(false)
    }

    /// Adds one file with the given bytes.
    pub fn add(&mut self, name: &str, bytes: &[u8]) -> io::Result<()> {
        self.start(name)?;
        self.zip.write_all(bytes)
    }

    /// Starts a file whose bytes follow through [`ZipBuilder::writer`], for entries too big
    /// to hold in memory.
    pub fn start(&mut self, name: &str) -> io::Result<()> {
        let options = self.options();
        self.count += 1;
        self.zip
            .start_file(name, options)
            .map_err(|e| io::Error::other(e.to_string()))
    }

    /// Starts a file that may exceed 4 GiB (ZIP64).
    pub fn start_large(&mut self, name: &str) -> io::Result<()> {
        let options = self.options().large_file(true);
        self.count += 1;
        self.zip
            .start_file(name, options)
            .map_err(|e| io::Error::other(e.to_string()))
    }

    /// The current file's writer.
    pub fn writer(&mut self) -> &mut impl Write {
        &mut self.zip
    }

    /// Writes the central directory and returns the output.
    pub fn finish(self) -> io::Result<W> {
        self.zip
            .finish()
            .map_err(|e| io::Error::other(e.to_string()))
    }
}

/// Encodes text as LinkedIn's 2018 legacy files are: UTF-16LE with a byte-order mark.
pub fn utf16le_with_bom(text: &str) -> Vec<u8> {
    let mut out = vec![0xFF, 0xFE];
    for unit in text.encode_utf16() {
        out.extend_from_slice(&unit.to_le_bytes());
    }
    out
}

/// The files of a folder, as `(relative path with '/', bytes)`, sorted by path.
pub fn read_folder(dir: &Path) -> io::Result<Vec<(String, Vec<u8>)>> {
    fn walk(root: &Path, dir: &Path, out: &mut Vec<(String, Vec<u8>)>) -> io::Result<()> {
        for entry in std::fs::read_dir(dir)? {
            let entry = entry?;
            let path = entry.path();
            if entry.file_type()?.is_dir() {
                walk(root, &path, out)?;
            } else {
                out.push((
                    lidex::archive::relative_path(root, &path),
                    std::fs::read(&path)?,
                ));
            }
        }
        Ok(())
    }
    let mut out = Vec::new();
    walk(dir, dir, &mut out)?;
    out.sort();
    Ok(out)
}

/// Zips files in LinkedIn's entry order: not sorted. A fixed shuffle (by a hash of the
/// name) stands in for LinkedIn's order so readers never come to rely on sorted entries.
pub fn zip_files(files: &[(String, Vec<u8>)]) -> io::Result<Vec<u8>> {
    zip_files_on(files, (2025, 8, 25))
}

/// [`zip_files`] with the entries dated on `day` (year, month, day).
pub fn zip_files_on(files: &[(String, Vec<u8>)], day: (u16, u8, u8)) -> io::Result<Vec<u8>> {
    let mut order: Vec<&(String, Vec<u8>)> = files.iter().collect();
    order.sort_by_key(|(name, _)| fnv1a(name.as_bytes()));
    let mut builder = ZipBuilder::new(io::Cursor::new(Vec::new()));
    builder.set_day(day);
    for (name, bytes) in order {
        builder.add(name, bytes)?;
    }
    Ok(builder.finish()?.into_inner())
}

fn fnv1a(bytes: &[u8]) -> u64 {
    bytes.iter().fold(0xcbf2_9ce4_8422_2325, |h, &b| {
        (h ^ u64::from(b)).wrapping_mul(0x0100_0000_01b3)
    })
}

// No `use super::*`: the benches include this file (through `gen_archive`) in a build where
// `cfg(test)` holds but `#[test]` functions are dropped, and an unused import fails clippy.
#[cfg(test)]
mod tests {
    #[test]
    fn zips_are_deterministic_and_unsorted() {
        let files = vec![
            ("A.csv".to_string(), b"a\n".to_vec()),
            ("B.csv".to_string(), b"b\n".to_vec()),
            ("Jobs/C.csv".to_string(), b"c\n".to_vec()),
        ];
        let one = super::zip_files(&files).expect("zip");
        let two = super::zip_files(&files).expect("zip");
        assert_eq!(one, two);
        let archive = zip::ZipArchive::new(std::io::Cursor::new(one)).expect("valid zip");
        let names: Vec<String> = archive
            .file_names()
            .map(|n| n.map(|n| n.into_owned()).unwrap_or_default())
            .collect();
        assert_eq!(names.len(), 3);
        assert!(
            !names.iter().any(|n| n.ends_with('/')),
            "no directory entries"
        );
    }

    #[test]
    fn utf16_has_a_bom_and_little_endian_units() {
        assert_eq!(
            super::utf16le_with_bom("A\t"),
            vec![0xFF, 0xFE, b'A', 0, b'\t', 0]
        );
    }
}
