//! The library's error type: only for what stops a whole run.
//!
//! A damaged file *inside* an archive is not an error here; it becomes a
//! [`Problem`](crate::problem::Problem) in the report, so the rest is still reported.

use std::path::PathBuf;

/// Everything that can stop a scan before it produces a report.
#[derive(Debug, thiserror::Error)]
#[non_exhaustive]
pub enum Error {
    /// The input path does not exist or cannot be read.
    #[error("{path}: cannot read: {source}")]
    Unreadable {
        /// The input as given.
        path: PathBuf,
        /// Why.
        #[source]
        source: std::io::Error,
    },
    /// The input is neither a ZIP file nor a folder.
    #[error("{path}: not a ZIP archive or folder ({detail})")]
    NotAnArchive {
        /// The input as given.
        path: PathBuf,
        /// What was found instead.
        detail: String,
    },
    /// The ZIP's central directory cannot be read (truncated or corrupt archive).
    #[error("{path}: damaged ZIP archive: {detail}")]
    DamagedArchive {
        /// The input as given.
        path: PathBuf,
        /// The ZIP reader's explanation.
        detail: String,
    },
    /// The archive holds more than a limit allows; the message says how to raise it.
    #[error("{path}: {detail}")]
    LimitExceeded {
        /// The input as given.
        path: PathBuf,
        /// Which limit, the value found, and the flag that raises it.
        detail: String,
    },
    /// The inputs hold no file that looks like a LinkedIn export.
    #[error("{path}: no LinkedIn export files found ({detail})")]
    NotLinkedIn {
        /// The input as given (the first, when several were given).
        path: PathBuf,
        /// What the input held instead.
        detail: String,
    },
    /// No input was given.
    #[error("no input given")]
    NoInput,
    /// The thread pool could not be built.
    #[error("cannot start worker threads: {0}")]
    Threads(String),
}

/// Shorthand for results of this crate.
pub type Result<T, E = Error> = std::result::Result<T, E>;
