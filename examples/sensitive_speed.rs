//! Throughput of the sensitive-content scan, in MB/s of text, on the labelled corpus
//! (fixtures/sensitive/corpus.toml) repeated, and on plain prose with no trigger.
//! Run: `cargo run --release --example sensitive_speed [REPEATS]`.
//! The same corpus is timed for scrubadub by benches/scrubadub_compare.py.

use std::time::Instant;

use lidex::sensitive::Detector;

#[derive(serde::Deserialize)]
struct Corpus {
    text: Vec<Sample>,
}

#[derive(serde::Deserialize)]
struct Sample {
    text: String,
}

fn main() -> anyhow::Result<()> {
    let repeats: usize = std::env::args().nth(1).map_or(Ok(200), |a| a.parse())?;
    let source = std::fs::read_to_string("fixtures/sensitive/corpus.toml")?;
    let corpus: Corpus = toml::from_str(&source)?;
    let texts: Vec<&str> = corpus.text.iter().map(|s| s.text.as_str()).collect();
    let started = Instant::now();
    let detector = Detector::new(Some("GB"));
    // The finders, the lexicon, the address screens and the phone metadata build at first
    // use (or on a scan's warm-up thread): count them once, apart from the loop.
    let _ = detector.scan("+44 7911 123456");
    println!(
        "detector built in {:.1} ms",
        started.elapsed().as_secs_f64() * 1e3
    );

    let bytes: usize = texts.iter().map(|t| t.len()).sum::<usize>() * repeats;
    let started = Instant::now();
    let mut findings = 0usize;
    for _ in 0..repeats {
        for t in &texts {
            findings += detector.scan(std::hint::black_box(t)).len();
        }
    }
    let secs = started.elapsed().as_secs_f64();
    println!(
        "corpus x{repeats}: {:.2} MB in {:.3} s = {:.1} MB/s ({findings} findings)",
        bytes as f64 / 1e6,
        secs,
        bytes as f64 / 1e6 / secs
    );

    // The common case: prose with no digit, no '@' and no lexicon hit.
    let plain = "Great session today on building resilient teams, thanks everyone who joined and shared their experience with remote onboarding. ";
    let text = plain.repeat(8);
    let n = repeats * texts.len();
    let started = Instant::now();
    let mut plain_findings = 0usize;
    for _ in 0..n {
        plain_findings += detector.scan(std::hint::black_box(&text)).len();
    }
    let secs = started.elapsed().as_secs_f64();
    let bytes = text.len() * n;
    println!(
        "plain prose: {:.2} MB in {:.3} s = {:.1} MB/s ({plain_findings} findings)",
        bytes as f64 / 1e6,
        secs,
        bytes as f64 / 1e6 / secs
    );
    Ok(())
}
