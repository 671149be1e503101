//! Every date format parser and the sniffer, on any text, must never panic.
#![no_main]

use libfuzzer_sys::fuzz_target;
use lidex::dates::{self, DateFormat};

fuzz_target!(|text: &str| {
    for format in DateFormat::ALL {
        if let Some(parsed) = dates::parse(format, text) {
            for stamp in parsed.stamps() {
                let _ = dates::plausible(&stamp);
            }
        }
    }
    let _ = dates::sniff(text);
    let _ = dates::is_null_marker(text);
});
