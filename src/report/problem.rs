//! Problems as the JSON report writes them.
//!
//! Mirrors of [`crate::problem`]'s types, so that the domain's problems carry no wire
//! format: the ids here are stable, scripts match on them, and the JSON schema is
//! generated from these types (hence their names and documentation, which the schema
//! repeats). The conversions match every variant, so a new kind of problem does not
//! compile until it has its id here.

use crate::problem as domain;
use schemars::JsonSchema;
use serde::Serialize;

/// How much a problem matters to the reader of a report.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
pub enum Severity {
    /// Worth knowing; nothing was lost (e.g. a duplicate copy was skipped).
    Info,
    /// Part of a file was read with a fallback or could not be interpreted.
    Warning,
    /// A file, or part of it, could not be read at all.
    Error,
}

/// What kind of problem it is. The ids are stable: scripts match on them.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, JsonSchema)]
#[serde(rename_all = "snake_case")]
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
#[derive(Debug, Clone, PartialEq, Eq, PartialOrd, Ord, Serialize, JsonSchema)]
pub struct Problem {
    /// How much it matters.
    pub severity: Severity,
    /// What kind of problem.
    pub kind: ProblemKind,
    /// The file inside the input, when the problem concerns one.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub path: Option<String>,
    /// A sentence for people, naming the cause and, where there is one, the remedy.
    pub message: String,
}

impl From<domain::Severity> for Severity {
    fn from(s: domain::Severity) -> Severity {
        match s {
            domain::Severity::Info => Severity::Info,
            domain::Severity::Warning => Severity::Warning,
            domain::Severity::Error => Severity::Error,
        }
    }
}

impl From<domain::ProblemKind> for ProblemKind {
    fn from(k: domain::ProblemKind) -> ProblemKind {
        match k {
            domain::ProblemKind::DamagedEntry => ProblemKind::DamagedEntry,
            domain::ProblemKind::EncryptedEntry => ProblemKind::EncryptedEntry,
            domain::ProblemKind::UnsafeName => ProblemKind::UnsafeName,
            domain::ProblemKind::DuplicateName => ProblemKind::DuplicateName,
            domain::ProblemKind::InconsistentArchive => ProblemKind::InconsistentArchive,
            domain::ProblemKind::DuplicateFile => ProblemKind::DuplicateFile,
            domain::ProblemKind::Symlink => ProblemKind::Symlink,
            domain::ProblemKind::NestedArchive => ProblemKind::NestedArchive,
            domain::ProblemKind::LimitExceeded => ProblemKind::LimitExceeded,
            domain::ProblemKind::InvalidUtf8 => ProblemKind::InvalidUtf8,
            domain::ProblemKind::MalformedCsv => ProblemKind::MalformedCsv,
            domain::ProblemKind::RaggedRows => ProblemKind::RaggedRows,
            domain::ProblemKind::HeaderNotFound => ProblemKind::HeaderNotFound,
            domain::ProblemKind::Binary => ProblemKind::Binary,
            domain::ProblemKind::UnparsedDates => ProblemKind::UnparsedDates,
            domain::ProblemKind::OutOfRangeDates => ProblemKind::OutOfRangeDates,
            domain::ProblemKind::EmptyFile => ProblemKind::EmptyFile,
            domain::ProblemKind::Placeholder => ProblemKind::Placeholder,
            domain::ProblemKind::UnreadableFile => ProblemKind::UnreadableFile,
            domain::ProblemKind::UnknownContent => ProblemKind::UnknownContent,
            domain::ProblemKind::Withheld => ProblemKind::Withheld,
            domain::ProblemKind::NotPartOfExport => ProblemKind::NotPartOfExport,
            domain::ProblemKind::DatesAfterExport => ProblemKind::DatesAfterExport,
        }
    }
}

impl From<&domain::Problem> for Problem {
    fn from(p: &domain::Problem) -> Problem {
        Problem {
            severity: p.severity.into(),
            kind: p.kind.into(),
            path: p.path.clone(),
            message: p.message.clone(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_problem_keeps_its_severity_kind_path_and_message() {
        let domain = domain::Problem::file(
            domain::Severity::Warning,
            domain::ProblemKind::RaggedRows,
            "Connections.csv",
            "3 rows have more fields than the header",
        );
        let wire = Problem::from(&domain);
        assert_eq!(wire.severity, Severity::Warning);
        assert_eq!(wire.kind, ProblemKind::RaggedRows);
        assert_eq!(wire.path.as_deref(), Some("Connections.csv"));
        assert_eq!(wire.message, domain.message);
        let json = serde_json::to_value(&wire).expect("serialises");
        assert_eq!(json["severity"], "warning");
        assert_eq!(json["kind"], "ragged_rows");
    }

    #[test]
    fn severities_keep_their_order() {
        assert!(
            Severity::from(domain::Severity::Error) > Severity::from(domain::Severity::Warning)
        );
        assert!(Severity::from(domain::Severity::Warning) > Severity::from(domain::Severity::Info));
    }
}
