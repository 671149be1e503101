//! `lidex diff`: did the deletions happen?

use super::{LimitArgs, UsageError, codes, parse_country, parse_date};
use crate::progress::Bar;
use anyhow::Context;
use clap::Args;
use jiff::civil::Date;
use lidex::analysis::{self, Analysis, Config};
use lidex::catalog::Catalog;
use lidex::output;
use lidex::posts::Plan;
use lidex::report::diff as render;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

/// Exit codes of `lidex diff` beyond the common ones (documented in the README and --help).
pub mod exit {
    /// Every listed item is gone from NEW.
    pub const ALL_GONE: u8 = 0;
    /// Some listed items are still in NEW.
    pub const SOME_REMAIN: u8 = 7;
    /// The two exports seem to be of different members (the comparison means nothing).
    pub const DIFFERENT_MEMBER: u8 = 8;
    /// None is known to remain, but some cannot be checked (NEW has undated items of the kind).
    pub const UNVERIFIED: u8 = 9;
}

#[derive(Debug, Args)]
#[command(
    after_help = "Exit codes: 0 every listed item is gone from NEW; 7 some are still present; \
8 the exports seem to be of different members; 9 none is known to remain but some cannot be \
checked; 2 usage error; 3 an input or the checklist cannot be read; 4 a safety limit; \
5 a report cannot be written."
)]
pub(super) struct DiffArgs {
    /// OLD then NEW: two exports (ZIP or folder) of the same member, older first.
    #[arg(value_name = "OLD NEW", num_args = 0..=2)]
    pair: Vec<PathBuf>,
    /// A part of the older export (repeat for a Basic and a Complete part).
    #[arg(long, value_name = "INPUT")]
    old: Vec<PathBuf>,
    /// A part of the newer export (repeat for a Basic and a Complete part).
    #[arg(long, value_name = "INPUT")]
    new: Vec<PathBuf>,
    /// Check the items `lidex posts` would list by default on this day (default: OLD's
    /// export date).
    #[arg(long, value_parser = parse_date, value_name = "DATE", conflicts_with = "checklist")]
    as_of: Option<Date>,
    /// Check the items of this checklist (written by `lidex posts --csv`; a ticked `deleted`
    /// column marks what you deleted).
    #[arg(long, value_name = "FILE")]
    checklist: Option<PathBuf>,
    /// Your country (ISO 3166-1 alpha-2), as for `lidex posts`.
    #[arg(long, value_parser = parse_country, value_name = "CC")]
    country: Option<lidex::sensitive::Region>,
    /// Write the JSON report here, or to stdout with "-".
    #[arg(long, value_name = "PATH")]
    json: Option<PathBuf>,
    /// Write the checklist items still present in NEW as CSV here, or to stdout with "-".
    #[arg(long, value_name = "PATH")]
    csv: Option<PathBuf>,
    /// Overwrite existing report files.
    #[arg(long)]
    force: bool,
    /// Worker threads (default: one per core).
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// No summary and no progress bar (the exit code still tells the result).
    #[arg(long, short)]
    quiet: bool,
    #[command(flatten)]
    limits: LimitArgs,
}

fn sides(args: &DiffArgs) -> anyhow::Result<(Vec<PathBuf>, Vec<PathBuf>)> {
    match (args.pair.as_slice(), args.old.is_empty(), args.new.is_empty()) {
        ([old, new], true, true) => Ok((vec![old.clone()], vec![new.clone()])),
        ([], false, false) => Ok((args.old.clone(), args.new.clone())),
        _ => Err(UsageError(
            "give OLD and NEW (`lidex diff OLD NEW`), or --old and --new (each repeatable for a two-part export), not both".to_string(),
        )
        .into()),
    }
}

fn scan<'c>(
    inputs: &[PathBuf],
    plan: &Plan,
    args: &DiffArgs,
    catalog: &'c Catalog,
) -> anyhow::Result<Analysis<'c>> {
    let config = Config {
        inputs: inputs.to_vec(),
        threads: args.threads,
        limits: args.limits.to_limits(),
        pipe_min_bytes: None,
        pipe_eagerly: false,
        collect: Some(plan.clone()),
    };
    let bar = Bar::new(args.quiet);
    let result = analysis::analyze(&config, catalog, &|e| bar.event(e));
    bar.finish();
    Ok(result?)
}

fn write_report(
    path: &Path,
    bytes: &[u8],
    args: &DiffArgs,
    inputs: &[PathBuf],
    what: &str,
) -> anyhow::Result<()> {
    if path == Path::new("-") {
        std::io::stdout().lock().write_all(bytes)?;
    } else {
        output::write_atomic(path, bytes, args.force, inputs)
            .with_context(|| format!("writing the {what}"))?;
    }
    Ok(())
}

pub(super) fn run(args: DiffArgs) -> anyhow::Result<ExitCode> {
    let (old, new) = sides(&args)?;
    let checklist = match &args.checklist {
        Some(path) => {
            let text =
                std::fs::read_to_string(path).map_err(|source| lidex::Error::Unreadable {
                    path: path.clone(),
                    source,
                })?;
            let lines = lidex::diff::parse_checklist(&text)
                .map_err(|e| UsageError(format!("{}: {e}", path.display())))?;
            Some((path.display().to_string(), lines))
        }
        None => None,
    };
    let catalog = Catalog::builtin();
    // The selection's date only decides which items are `old`, which the diff ignores; the
    // checklist's day is settled below, once OLD's export date is known.
    let plan = Plan::new(
        lidex::diff::everything(Date::MAX),
        lidex::posts::detector(args.country),
    );
    let old_scan = scan(&old, &plan, &args, catalog)?;
    let as_of = match args.as_of {
        Some(d) => d,
        None if checklist.is_some() => Date::MAX,
        None => old_scan
            .inputs
            .iter()
            .filter_map(|i| i.export_date)
            .max()
            .ok_or_else(|| {
                UsageError(
                    "OLD's export date is not in its file name: give --as-of DATE (the day you exported it) or --checklist FILE".to_string(),
                )
            })?,
    };
    let new_scan = scan(&new, &plan, &args, catalog)?;
    let diff = lidex::diff::compare(&old_scan, &new_scan, as_of, checklist);
    let names = |v: &[PathBuf]| v.iter().map(|p| p.display().to_string()).collect();
    let report = render::build(&diff, names(&old), names(&new));
    let inputs: Vec<PathBuf> = old.iter().chain(&new).cloned().collect();
    let to_stdout = [&args.json, &args.csv]
        .into_iter()
        .any(|p| p.as_deref() == Some(Path::new("-")));
    if let Some(path) = &args.json {
        write_report(
            path,
            &render::to_json(&report),
            &args,
            &inputs,
            "JSON report",
        )?;
    }
    if let Some(path) = &args.csv {
        write_report(
            path,
            &render::remaining_csv(&report),
            &args,
            &inputs,
            "CSV of remaining items",
        )?;
    }
    if !to_stdout && !args.quiet {
        std::io::stdout()
            .lock()
            .write_all(render::render(&report).as_bytes())?;
    }
    let c = &report.checklist;
    let code = if report.member.same == "no" {
        exit::DIFFERENT_MEMBER
    } else if c.remaining > 0 {
        exit::SOME_REMAIN
    } else if c.unverified > 0 {
        exit::UNVERIFIED
    } else {
        exit::ALL_GONE
    };
    debug_assert_eq!(exit::ALL_GONE, codes::OK);
    Ok(ExitCode::from(code))
}
