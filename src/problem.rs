//! Problems: what went wrong with one file (or one input) without stopping the run.
//!
//! lidex never drops data silently. Anything it could not read, had to guess, skipped or
//! truncated becomes a `Problem` that every report lists next to the file it concerns.

/// How much a problem matters to the reader of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Worth knowing; nothing was lost (e.g. a duplicate copy was skipped).
    Info,
    /// Part of a file was read with a fallback or could not be interpreted.
    Warning,
    /// A file, or part of it, could not be read at all.
    Error,
}

/// What kind of problem it is. Reports name each kind by a stable id (see
/// `report::problem::ProblemKind`).
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
#[non_exhaustive]
pub enum ProblemKind {
    /// The entry's compressed data is corrupt or truncated (bad CRC, bad deflate stream).
    DamagedEntry,
    /// The entry is encrypted; lidex does not ask for passwords.
    EncryptedEntry,
    /// The entry's name is absolute, climbs out with `..`, has control bytes or is not UTF-8.
    UnsafeName,
    /// Two entries in one input share a name.
    DuplicateName,
    /// The archive's local and central headers disagree, or entries overlap (a zip-bomb trick).
    InconsistentArchive,
    /// The same file came in two inputs (Basic and Complete); one copy was kept.
    DuplicateFile,
    /// The entry is a symbolic link; lidex does not follow links.
    Symlink,
    /// The entry is itself an archive; lidex does not open nested archives.
    NestedArchive,
    /// A size, ratio, count or field-length limit was reached.
    LimitExceeded,
    /// Bytes that are not valid UTF-8 were decoded lossily.
    InvalidUtf8,
    /// The CSV structure is broken (unbalanced quotes, garbage).
    MalformedCsv,
    /// Rows with more or fewer fields than the header.
    RaggedRows,
    /// No header row could be found.
    HeaderNotFound,
    /// The file is binary, not text.
    Binary,
    /// Values in a date column that match none of the expected formats.
    UnparsedDates,
    /// Dates outside 1900-2100, left out of the time span.
    OutOfRangeDates,
    /// The file is empty or holds only a header.
    EmptyFile,
    /// The file holds a placeholder sentence instead of data.
    Placeholder,
    /// A file in an input folder could not be read.
    UnreadableFile,
    /// A column or file LinkedIn's catalog does not know; it was classified by guessing.
    UnknownContent,
    /// LinkedIn withheld the content and wrote a placeholder instead ("REDACTED FOR DMA
    /// COMPLIANCE"); the placeholder is not the member's text and counts as none.
    Withheld,
    /// Entries that are not part of a LinkedIn export were listed but not read.
    NotPartOfExport,
    /// Activity dates fall after the export's date; they are left out of the time spans.
    DatesAfterExport,
}

/// One problem, tied to the file it concerns when there is one.
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord)]
pub struct Problem {
    /// How much it matters.
    pub severity: Severity,
    /// What kind of problem.
    pub kind: ProblemKind,
    /// The file inside the input, when the problem concerns one.
    pub path: Option<String>,
    /// A sentence for people, naming the cause and, where there is one, the remedy.
    pub message: String,
}

impl Problem {
    /// A problem about one file.
    pub fn file(
        severity: Severity,
        kind: ProblemKind,
        path: impl Into<String>,
        message: impl Into<String>,
    ) -> Problem {
        Problem {
            severity,
            kind,
            path: Some(path.into()),
            message: message.into(),
        }
    }
}
