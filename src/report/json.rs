//! The JSON report: the [`Report`] model serialised as is.
//!
//! The format is documented in `docs/report-format.md`, and its JSON Schema
//! (`docs/report.schema.json`) is generated from the types by [`schema`].

use super::Report;
use std::io::{self, Write};

/// Writes the report as pretty-printed JSON followed by a newline.
///
/// Generic rather than `&mut dyn Write`: serde_json makes a write call for every token and
/// indent, and through a trait object none of them can be inlined (a third of the cost of
/// a small scan went there).
pub fn write<W: Write>(report: &Report, mut out: W) -> io::Result<()> {
    serde_json::to_writer_pretty(&mut out, report)?;
    out.write_all(b"\n")
}

/// The JSON Schema of the report, pretty-printed.
pub fn schema() -> String {
    let schema = schemars::schema_for!(Report);
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}
