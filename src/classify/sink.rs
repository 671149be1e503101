//! The per-record seam: every reader (CSV, the `Comments.csv` splitter, article HTML) pushes
//! fields into a `FileAcc` (the per-record accumulator), which measures them and, in the same
//! pass, hands each non-empty value and then the finished record to the file's
//! [`RecordSink`]s.
//!
//! Two kinds run: the built-in counters (`classify::counters::Counters`: rows and the
//! timeline), for every file, called directly; and, for the files that need one, a boxed
//! sink from a [`SinkFactory`] (the posts list and the sensitive-content scan,
//! `posts::collect`), so files without one pay a single branch per field.

use crate::catalog::{ColumnSpec, FileSpec};
use crate::classify::TextTally;
use crate::dates::Stamp;

/// A finished record, as every sink sees it.
#[derive(Debug, Clone, Copy)]
pub struct RecordEnd {
    /// It had a non-empty field and is not a placeholder. The fields a sink saw for a record
    /// that is not kept must be forgotten.
    pub kept: bool,
    /// A pointer row ("see the other file") or another placeholder.
    pub placeholder: bool,
    /// It had another number of fields than the header.
    pub ragged: bool,
    /// Its first plausible date (the one the timeline files it under).
    pub date: Option<Stamp>,
    /// Characters and words of its text columns.
    pub text: TextTally,
}

/// Receives one file's records while it is read, then hands over what it made of them.
pub trait RecordSink: Send {
    /// What the sink hands over when the file is done.
    type Output;

    /// A non-empty value of column `index` (header order) of the current record: trimmed,
    /// valid UTF-8, null markers left out, at most the field limit long. It is borrowed from
    /// the parser's buffer: a sink keeps what it needs, not the value.
    fn field(&mut self, index: usize, value: &str);

    /// The current record is complete.
    fn end_record(&mut self, record: &RecordEnd);

    /// The file is done.
    fn finish(self: Box<Self>) -> Self::Output;
}

/// A sink a [`SinkFactory`] makes: what the posts list and the sensitive scan collect.
pub type BoxedSink = Box<dyn RecordSink<Output = crate::posts::Collected>>;

/// Makes the sink for a file, or none when nothing needs its records.
pub trait SinkFactory: Sync {
    /// `columns` are the file's header columns as the catalog knows them (`None` for an
    /// unknown column), in header order; `path` is the entry's path in its input.
    fn sink_for(
        &self,
        spec: Option<&FileSpec>,
        columns: &[Option<&ColumnSpec>],
        path: &str,
    ) -> Option<BoxedSink>;
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
    ) -> Option<BoxedSink> {
        None
    }
}
