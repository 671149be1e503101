//! Throughput of `lidex::dates` on the shapes of the biggest export files.
//!
//! Each benchmark parses 10 000 generated values and reports bytes per second, which can be
//! compared with the size of a real column: `messages.csv` dates are format E, the feed activity
//! files are G, Invitations and the 2018 files are B, Logins are H.

use divan::Bencher;
use divan::counter::BytesCount;
use lidex::dates::{DateFormat, parse, sniff};

fn main() {
    divan::main();
}

const COUNT: usize = 10_000;
const MONTHS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];
const WEEKDAYS: [&str; 7] = ["Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun"];

/// A fixed pseudo-random sequence, so runs are comparable without a `rand` dependency.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

/// Year, month, day, hour, minute, second. Days stop at 28 so every date is valid.
type Fields = (u64, u64, u64, u64, u64, u64);

fn fields(rng: &mut Lcg) -> Fields {
    (
        2015 + rng.below(12),
        1 + rng.below(12),
        1 + rng.below(28),
        rng.below(24),
        rng.below(60),
        rng.below(60),
    )
}

fn pick(names: &[&'static str], i: u64) -> &'static str {
    let len = u64::try_from(names.len()).unwrap_or(1);
    usize::try_from(i % len)
        .ok()
        .and_then(|i| names.get(i))
        .copied()
        .unwrap_or("Jan")
}

fn render(format: DateFormat, (y, mo, d, h, mi, s): Fields) -> String {
    match format {
        DateFormat::E => format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02} UTC"),
        DateFormat::B => {
            let h12 = if h % 12 == 0 { 12 } else { h % 12 };
            let ampm = if h < 12 { "AM" } else { "PM" };
            format!("{mo}/{d}/{:02}, {h12}:{mi:02} {ampm}", y % 100)
        }
        DateFormat::H => format!(
            "{} {} {d:02} {h:02}:{mi:02}:{s:02} UTC {y:04}",
            pick(&WEEKDAYS, y + mo + d),
            pick(&MONTHS, mo - 1),
        ),
        DateFormat::A => format!("{d:02} {} {y:04}", pick(&MONTHS, mo - 1)),
        DateFormat::F => format!("{y:04}/{mo:02}/{d:02} {h:02}:{mi:02}:{s:02} UTC"),
        _ => format!("{y:04}-{mo:02}-{d:02} {h:02}:{mi:02}:{s:02}"),
    }
}

fn inputs(format: DateFormat) -> Vec<String> {
    let mut rng = Lcg(u64::from(
        format.id().as_bytes().first().copied().unwrap_or(0),
    ));
    (0..COUNT)
        .map(|_| render(format, fields(&mut rng)))
        .collect()
}

/// What `sniff` meets in an unknown file: dates of several shapes, plus ids, numbers and text.
fn mixed_inputs() -> Vec<String> {
    const OTHERS: [&str; 6] = [
        "Yes",
        "ACCEPTED",
        "7170000000000000001",
        " +1 4155550123",
        "192.0.2.10",
        "https://www.linkedin.com/in/ada-lovelace-0a1b2c3d",
    ];
    let shapes = [
        DateFormat::G,
        DateFormat::E,
        DateFormat::F,
        DateFormat::B,
        DateFormat::H,
        DateFormat::A,
    ];
    let mut rng = Lcg(7);
    (0..COUNT)
        .map(|i| {
            let f = fields(&mut rng);
            match shapes.get(i % 8) {
                Some(&shape) => render(shape, f),
                None => pick(&OTHERS, rng.below(6)).to_owned(),
            }
        })
        .collect()
}

fn total_bytes(values: &[String]) -> BytesCount {
    BytesCount::new(values.iter().map(String::len).sum::<usize>())
}

fn bench_parse(bencher: Bencher<'_, '_>, format: DateFormat) {
    let values = inputs(format);
    bencher.counter(total_bytes(&values)).bench(|| {
        values
            .iter()
            .filter(|v| parse(format, divan::black_box(v)).is_some())
            .count()
    });
}

#[divan::bench]
fn parse_g(bencher: Bencher<'_, '_>) {
    bench_parse(bencher, DateFormat::G);
}

#[divan::bench]
fn parse_e(bencher: Bencher<'_, '_>) {
    bench_parse(bencher, DateFormat::E);
}

#[divan::bench]
fn parse_b(bencher: Bencher<'_, '_>) {
    bench_parse(bencher, DateFormat::B);
}

#[divan::bench]
fn parse_h(bencher: Bencher<'_, '_>) {
    bench_parse(bencher, DateFormat::H);
}

#[divan::bench]
fn sniff_mixed(bencher: Bencher<'_, '_>) {
    let values = mixed_inputs();
    bencher.counter(total_bytes(&values)).bench(|| {
        values
            .iter()
            .filter(|v| sniff(divan::black_box(v)).is_some())
            .count()
    });
}
