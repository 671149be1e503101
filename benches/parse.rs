//! Throughput of parsing and classifying the biggest export files, from memory (no inflate).
//!
//! Each benchmark runs `lidex::classify::scan_reader` (the whole per-entry path: encoding
//! sniffing, header search, CSV splitting, per-field measures, dates, timeline) over a file
//! made by `examples/gen_archive.rs`, and reports bytes per second. Compare it with the
//! inflate speed printed by `examples/inflate_floor.rs`: parsing must stay well ahead of
//! inflating for a scan to sit near the floor (see docs/performance.md).

use divan::Bencher;
use divan::counter::BytesCount;
use lidex::archive::Limits;
use lidex::catalog::Catalog;

#[path = "../examples/gen_archive.rs"]
#[allow(dead_code)]
mod gen_archive;

fn main() {
    divan::main();
}

fn bench_file(bencher: Bencher<'_, '_>, name: &str, size: u64) {
    let bytes = gen_archive::file_bytes(name, size).unwrap_or_default();
    let catalog = Catalog::builtin();
    let spec = catalog.lookup(name).and_then(|i| catalog.get(i));
    let limits = Limits::default();
    bencher.counter(BytesCount::of_slice(&bytes)).bench(|| {
        let mut rdr = std::io::Cursor::new(divan::black_box(bytes.as_slice()));
        lidex::classify::scan_reader(&mut rdr, name, spec, &limits).rows
    });
}

/// The 2026 all-quoted style, multi-line and HTML bodies: most of a real archive's bytes.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn messages_csv(bencher: Bencher<'_, '_>) {
    bench_file(bencher, "messages.csv", 32 << 20);
}

/// Posts with per-line quotes, unwrapped while counting.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn shares_csv(bencher: Bencher<'_, '_>) {
    bench_file(bencher, "Shares.csv", 16 << 20);
}

/// The line-based `Comments.csv` reader (backslash escapes, multi-line messages).
#[divan::bench(sample_count = 10, sample_size = 1)]
fn comments_csv(bencher: Bencher<'_, '_>) {
    bench_file(bencher, "Comments.csv", 8 << 20);
}

/// Short rows, a date per row: the per-record overhead.
#[divan::bench(sample_count = 10, sample_size = 1)]
fn reactions_csv(bencher: Bencher<'_, '_>) {
    bench_file(bencher, "Reactions.csv", 8 << 20);
}
