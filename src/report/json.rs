//! The JSON report: the [`Report`] model serialised as is.
//!
//! The format is documented in `docs/report-format.md`, and its JSON Schema
//! (`docs/report.schema.json`) is generated from the types by [`schema`].

use super::Report;
use schemars::JsonSchema;
use schemars::generate::SchemaSettings;
use serde::Serialize;
use serde_json::ser::Formatter;
use std::io::{self, Write};

/// Writes the report as pretty-printed JSON followed by a newline.
///
/// Generic rather than `&mut dyn Write`: serde_json makes a write call for every token and
/// indent, and through a trait object none of them can be inlined (a third of the cost of
/// a small scan went there).
pub fn write<W: Write>(report: &Report, mut out: W) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(&mut out, Pretty::default());
    report.serialize(&mut ser)?;
    out.write_all(b"\n")
}

/// A report other than the scan's (`lidex posts`, `lidex diff`) as pretty JSON with a final
/// newline.
pub fn to_pretty<T: Serialize>(report: &T) -> Vec<u8> {
    let mut out = Vec::new();
    // Writing to a Vec fails only if serialising does, which these types never do.
    let _ = write_pretty(report, &mut out);
    out
}

/// [`to_pretty`], streamed into `out` (a posts list can run to tens of MB), through the
/// same formatter as the scan's report.
pub fn write_pretty<T: Serialize, W: Write>(report: &T, mut out: W) -> io::Result<()> {
    let mut ser = serde_json::Serializer::with_formatter(&mut out, Pretty::default());
    report.serialize(&mut ser)?;
    out.write_all(b"\n")
}

/// The JSON Schema of the `scan` report, pretty-printed (`docs/report.schema.json`).
pub fn schema() -> String {
    schema_of::<Report>()
}

/// The JSON Schema of what `T` serialises to, pretty-printed.
///
/// Generated for serde's serialize contract, not schemars' default (deserialize) one: the
/// schema describes what lidex writes, so a field skipped when empty is optional and a field
/// always written, even as null, is required. Under the deserialize contract it was the other
/// way round, and no report validated.
pub fn schema_of<T: JsonSchema>() -> String {
    let schema = SchemaSettings::default()
        .for_serialize()
        .into_generator()
        .into_root_schema_for::<T>();
    let mut text = serde_json::to_string_pretty(&schema).unwrap_or_default();
    text.push('\n');
    text
}

/// A comma, a newline and enough indentation for any report: sliced rather than written
/// two spaces at a time.
const BREAK: &[u8; 66] = b",\n                                                                ";

/// The output of serde_json's `PrettyFormatter` (two-space indent), byte for byte, with each
/// line break and its indentation written at once: `PrettyFormatter` writes the indent one
/// level at a time, which was most of the cost of writing a report.
#[derive(Default)]
struct Pretty {
    depth: usize,
    has_value: bool,
}

impl Pretty {
    /// A line break at the current depth, after a comma unless `first`.
    fn line<W: ?Sized + Write>(&self, w: &mut W, first: bool) -> io::Result<()> {
        let from = usize::from(first);
        let width = 2 + 2 * self.depth;
        match BREAK.get(from..width) {
            Some(bytes) => w.write_all(bytes),
            None => {
                w.write_all(if first { b"\n" } else { b",\n" })?;
                for _ in 0..self.depth {
                    w.write_all(b"  ")?;
                }
                Ok(())
            }
        }
    }

    fn open<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth += 1;
        self.has_value = false;
        w.write_all(bracket)
    }

    fn close<W: ?Sized + Write>(&mut self, w: &mut W, bracket: &[u8]) -> io::Result<()> {
        self.depth = self.depth.saturating_sub(1);
        if self.has_value {
            self.line(w, true)?;
        }
        w.write_all(bracket)
    }
}

impl Formatter for Pretty {
    fn begin_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"[")
    }

    fn end_array<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"]")
    }

    fn begin_array_value<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.line(w, first)
    }

    fn end_array_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }

    fn begin_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.open(w, b"{")
    }

    fn end_object<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        self.close(w, b"}")
    }

    fn begin_object_key<W: ?Sized + Write>(&mut self, w: &mut W, first: bool) -> io::Result<()> {
        self.line(w, first)
    }

    fn begin_object_value<W: ?Sized + Write>(&mut self, w: &mut W) -> io::Result<()> {
        w.write_all(b": ")
    }

    fn end_object_value<W: ?Sized + Write>(&mut self, _w: &mut W) -> io::Result<()> {
        self.has_value = true;
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde_json::json;

    fn pretty(value: &serde_json::Value) -> String {
        let mut out = Vec::new();
        let mut ser = serde_json::Serializer::with_formatter(&mut out, Pretty::default());
        value.serialize(&mut ser).expect("serialises");
        String::from_utf8(out).expect("utf-8")
    }

    #[test]
    fn pretty_matches_serde_json_byte_for_byte() {
        let mut deep = json!({"leaf": [1, "two", null, {}, []]});
        // Deeper than the precomputed indentation reaches.
        for i in 0..40 {
            deep = if i % 2 == 0 {
                json!([deep, i])
            } else {
                json!({"a": deep, "b": {"c": []}})
            };
        }
        for value in [
            json!(null),
            json!([]),
            json!({}),
            json!({"a": [1, 2, {"b": "q\"uote\n"}], "c": {"d": {}, "e": []}}),
            deep,
        ] {
            let expected = serde_json::to_string_pretty(&value).expect("serialises");
            assert_eq!(pretty(&value), expected);
        }
    }
}
