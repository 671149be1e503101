//! `lidex schema [KIND]`: the JSON Schema of each JSON output, as committed under `docs/`.

use super::codes;
use clap::{Args, ValueEnum};
use lidex::report::json;
use std::io::Write;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub(super) struct SchemaArgs {
    /// Which output's schema to print.
    #[arg(value_enum, default_value_t = Kind::Scan, value_name = "OUTPUT")]
    kind: Kind,
}

/// A JSON output of lidex; each has its schema under `docs/`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
enum Kind {
    /// `lidex scan --json`: docs/report.schema.json.
    Scan,
    /// `lidex policy --json`: docs/policy.schema.json.
    Policy,
    /// `lidex posts --json`: docs/posts.schema.json.
    Posts,
    /// `lidex diff --json`: docs/diff.schema.json.
    Diff,
    /// `lidex cohort --json`: docs/cohort.schema.json.
    Cohort,
    /// A dataset's `_meta.json` (`lidex dataset`): docs/dataset-meta.schema.json.
    DatasetMeta,
}

/// Prints the schema asked for.
pub(super) fn run(args: SchemaArgs) -> anyhow::Result<ExitCode> {
    let text = match args.kind {
        Kind::Scan => json::schema(),
        Kind::Policy => lidex::report::policy::json::schema(),
        Kind::Posts => lidex::report::posts::schema(),
        Kind::Diff => lidex::report::diff::schema(),
        Kind::Cohort => lidex::report::dataset::cohort_schema(),
        Kind::DatasetMeta => lidex::report::dataset::meta_schema(),
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(ExitCode::from(codes::OK))
}
