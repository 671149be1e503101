//! The per-record seam: every reader (CSV, the `Comments.csv` splitter, article HTML) pushes
//! fields into a `FileAcc` (the per-record accumulator), which measures them and, in the same pass,
//! hands each non-empty value and then the finished record to a [`RecordSink`].
//!
//! The built-in counters (rows, text, date spans, timeline) stay in `FileAcc`, where they are
//! cheapest; a sink is the place for what only some files need (the posts list, the
//! sensitive-content scan), so files without one pay a single branch per field.

use crate::catalog::{ColumnSpec, FileSpec};
use crate::dates::Stamp;

/// Receives one file's records while it is read, then hands over what it collected.
pub trait RecordSink: Send {
    /// A non-empty value of column `index` (header order) of the current record: trimmed,
    /// valid UTF-8, null markers left out, at most the field limit long. It is borrowed from
    /// the parser's buffer: a sink keeps what it needs, not the value.
    fn field(&mut self, index: usize, value: &str);

    /// The current record is complete. `date` is its first plausible date (the one the
    /// timeline files it under). `kept` is false for empty rows and pointer rows, whose
    /// fields (if any were seen) must be forgotten.
    fn end_record(&mut self, kept: bool, date: Option<Stamp>);

    /// The file is done.
    fn finish(self: Box<Self>) -> crate::posts::Collected;
}

/// Makes the sink for a file, or none when nothing needs its records.
pub trait SinkFactory: Sync {
    /// `columns` are the file's header columns as the catalog knows them (`None` for an
    /// unknown column), in header order; `path` is the entry's path in its input.
    fn sink_for(
        &self,
        spec: Option<&FileSpec>,
        columns: &[Option<&ColumnSpec>],
        path: &str,
    ) -> Option<Box<dyn RecordSink>>;
}

/// No sinks: the scan only measures.
#[derive(Debug, Clone, Copy, Default)]
pub struct NoSinks;

impl SinkFactory for NoSinks {
    fn sink_for(
        &self,
        _: Option<&FileSpec>,
        _: &[Option<&ColumnSpec>],
        _: &str,
    ) -> Option<Box<dyn RecordSink>> {
        None
    }
}
