//! lidex reads a LinkedIn "Get a copy of your data" export and tells its owner what it
//! holds, by the categories LinkedIn's privacy policy uses to decide what trains generative
//! AI and what is shared with Microsoft.
//!
//! The library does all the work and never prints, exits or looks at the terminal; the
//! `lidex` binary parses arguments, draws progress and maps errors to exit codes.
//!
//! ```no_run
//! let config = lidex::analysis::Config {
//!     inputs: vec!["Complete_LinkedInDataExport_08-26-2025.zip".into()],
//!     ..Default::default()
//! };
//! let analysis = lidex::analysis::analyze(&config, lidex::catalog::Catalog::builtin(), &|_| {})?;
//! let options = lidex::exposure::Options {
//!     region: Some(lidex::policy::Jurisdiction::Uk),
//!     as_of: jiff::civil::date(2026, 11, 23),
//!     opted_out_on: None,
//! };
//! let report = lidex::report::build(&analysis, &lidex::policy::Policy::builtin(), options);
//! println!("{}", lidex::report::term::render(&report, lidex::report::term::Color::Never));
//! # Ok::<(), lidex::Error>(())
//! ```

#![warn(missing_docs)]

pub mod analysis;
pub mod archive;
pub mod catalog;
pub mod category;
pub mod classify;
#[cfg(feature = "dataset")]
pub mod dataset;
pub mod dates;
pub mod diff;
pub mod error;
pub mod exposure;
pub mod microsoft;
pub mod output;
pub mod policy;
pub mod posts;
pub mod problem;
pub mod report;
pub mod sensitive;
mod vocab;

pub use error::{Error, Result};
