#!/usr/bin/env python3
"""scrubadub on lidex's labelled sensitive-content corpus: quality and speed.

Not part of CI. Run in a throwaway venv:

    python3 -m venv /tmp/venv && /tmp/venv/bin/pip install -r benches/scrubadub-requirements.txt
    /tmp/venv/bin/python benches/scrubadub_compare.py [REPEATS]

Quality: per lidex type that scrubadub also detects, precision and recall over the corpus
(fixtures/sensitive/corpus.toml), counting a scrubadub finding as correct when it overlaps an
expected finding of the same type (lenient: lidex's own figures, from
`cargo test --test it sensitive_corpus -- --nocapture`, need the exact span). Each text is
scanned with the scrubadub locale of its language and region (en_GB, de_DE, fr_FR, es_ES,
nl_NL, en_US), like lidex's default phone region.

Speed: MB/s of text (UTF-8 bytes) for Scrubber.iter_filth over the corpus repeated, the same
measure as `cargo run --release --example sensitive_speed`.
"""
import sys
import time
import tomllib
from collections import defaultdict

import scrubadub

# scrubadub filth type -> lidex kind id.
KIND = {
    "email": "email",
    "phone": "phone",
    "credit_card": "card",
    "social_security_number": "national_id",
    "national_insurance_number": "national_id",
    "postalcode": "postal_address",
    "url": "personal_url",
}
LOCALE = {"GB": "en_GB", "US": "en_US", "DE": "de_DE", "FR": "fr_FR", "ES": "es_ES", "NL": "nl_NL"}


def spans(text, expect):
    """(kind, start, end) in characters for each expected "kind[/sub]=match" label."""
    out, used = [], set()
    for label in expect:
        head, match = label.split("=", 1)
        kind = head.split("/")[0]
        start = text.find(match)
        while start in used:
            start = text.find(match, start + 1)
        used.add(start)
        out.append((kind, start, start + len(match)))
    return out


def main():
    repeats = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    with open("fixtures/sensitive/corpus.toml", "rb") as f:
        corpus = tomllib.load(f)["text"]
    scrubbers = {}

    def scrubber(region):
        if region not in scrubbers:
            scrubbers[region] = scrubadub.Scrubber(locale=LOCALE[region])
        return scrubbers[region]

    counts = defaultdict(lambda: [0, 0, 0])  # kind -> tp, fp, fn
    negatives_flagged = 0
    for s in corpus:
        expected = spans(s["text"], s["expect"])
        found = [
            (KIND[f.type], f.beg, f.end)
            for f in scrubber(s["region"]).iter_filth(s["text"])
            if f.type in KIND
        ]
        if not s["expect"] and found:
            negatives_flagged += 1
        matched = set()
        for kind, b, e in found:
            hit = next(
                (i for i, (k, xb, xe) in enumerate(expected) if k == kind and i not in matched and b < xe and xb < e),
                None,
            )
            if hit is None:
                counts[kind][1] += 1
            else:
                matched.add(hit)
                counts[kind][0] += 1
        for i, (kind, _, _) in enumerate(expected):
            if i not in matched:
                counts[kind][2] += 1

    print(f"scrubadub {scrubadub.__version__}: {len(corpus)} texts")
    print("| type | precision | recall | expected |")
    print("|---|---|---|---|")
    for kind in ["email", "phone", "iban", "card", "national_id", "postal_address", "personal_url", "special_category"]:
        tp, fp, fn = counts[kind]
        p = tp / (tp + fp) if tp + fp else float("nan")
        r = tp / (tp + fn) if tp + fn else float("nan")
        print(f"| {kind} | {p:.2f} | {r:.2f} | {tp + fn} |")
    negatives = sum(1 for s in corpus if not s["expect"])
    print(f"negatives with a finding: {negatives_flagged} of {negatives}")

    texts = [(s["region"], s["text"]) for s in corpus]
    size = sum(len(t.encode()) for _, t in texts) * repeats
    started = time.perf_counter()
    for _ in range(repeats):
        for region, t in texts:
            list(scrubber(region).iter_filth(t))
    secs = time.perf_counter() - started
    print(f"corpus x{repeats}: {size / 1e6:.2f} MB in {secs:.3f} s = {size / 1e6 / secs:.2f} MB/s")


if __name__ == "__main__":
    main()
