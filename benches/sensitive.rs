//! Throughput of the sensitive-content scan (`lidex::sensitive`), in bytes of text per
//! second: on the labelled corpus (every detector busy) and on plain prose (the common
//! case: no digit, no `@`, no lexicon hit). benches/scrubadub_compare.py times scrubadub on
//! the same corpus.

use divan::counter::BytesCount;
use divan::{Bencher, black_box};
use lidex::sensitive::Detector;

fn main() {
    divan::main();
}

#[derive(serde::Deserialize)]
struct Corpus {
    text: Vec<Sample>,
}

#[derive(serde::Deserialize)]
struct Sample {
    text: String,
}

fn corpus() -> Vec<String> {
    let path = concat!(
        env!("CARGO_MANIFEST_DIR"),
        "/fixtures/sensitive/corpus.toml"
    );
    let source = std::fs::read_to_string(path).unwrap_or_default();
    toml::from_str::<Corpus>(&source)
        .map(|c| c.text.into_iter().map(|s| s.text).collect())
        .unwrap_or_default()
}

#[divan::bench]
fn labelled_corpus(bencher: Bencher) {
    let texts = corpus();
    let detector = Detector::new(Some("GB"));
    let bytes: usize = texts.iter().map(String::len).sum();
    bencher.counter(BytesCount::new(bytes)).bench(|| {
        texts
            .iter()
            .map(|t| detector.scan(black_box(t)).len())
            .sum::<usize>()
    });
}

#[divan::bench]
fn plain_prose(bencher: Bencher) {
    let text = "Great session today on building resilient teams, thanks everyone who joined and shared their experience with remote onboarding. ".repeat(8);
    let detector = Detector::new(Some("GB"));
    bencher
        .counter(BytesCount::new(text.len()))
        .bench(|| detector.scan(black_box(&text)).len());
}
