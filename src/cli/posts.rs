//! `lidex posts`: what to delete, and why.

use super::{LimitArgs, UsageError, codes, parse_country, parse_date, today};
use crate::progress::Bar;
use anyhow::Context;
use clap::Args;
use jiff::civil::Date;
use lidex::analysis::{self, Config};
use lidex::catalog::Catalog;
use lidex::output;
use lidex::posts::{Age, ItemKind, Plan, Selection};
use lidex::report::posts as render;
use std::io::Write;
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub(super) struct PostsArgs {
    /// Export ZIPs (the Complete one has your posts) or extracted folders.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// List items older than this: 2y, 18m, 400d (from --as-of).
    #[arg(long, value_parser = parse_age, value_name = "AGE", conflicts_with = "before")]
    older_than: Option<Age>,
    /// List items dated before this day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    before: Option<Date>,
    /// List only items dated on or after this day (YYYY-MM-DD).
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    after: Option<Date>,
    /// Kinds to list: post, comment, article, repost, vote, reaction (comma-separated;
    /// default all but reaction).
    #[arg(long, value_delimiter = ',', value_parser = parse_kind, value_name = "KINDS")]
    kind: Vec<ItemKind>,
    /// List items with sensitive content: any type, or these (email, phone, iban, card,
    /// national_id, postal_address, personal_url, special_category, special_category:health...).
    #[arg(long, num_args = 0..=1, require_equals = true, default_missing_value = "", value_name = "TYPES")]
    sensitive: Option<String>,
    /// List items whose text or shared link contains this word, #hashtag or domain
    /// (case-insensitive; repeat for several).
    #[arg(long, value_name = "TEXT")]
    contains: Vec<String>,
    /// A file of URLs or ids never to list, one per line (a checklist CSV works too).
    #[arg(long, value_name = "FILE")]
    keep: Option<PathBuf>,
    /// Evaluate ages on this day instead of today (YYYY-MM-DD), for reproducible runs.
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    as_of: Option<Date>,
    /// Your country (ISO 3166-1 alpha-2, e.g. NL): phone numbers without a country code are
    /// read as this country's. Default: the country in your profile's location.
    #[arg(long, value_parser = parse_country, value_name = "CC")]
    country: Option<lidex::sensitive::Region>,
    /// Write the checklist CSV (url,id,kind,date,reasons,excerpt,deleted) here, or to
    /// stdout with "-".
    #[arg(long, value_name = "PATH")]
    csv: Option<PathBuf>,
    /// Write the JSON report here, or to stdout with "-".
    #[arg(long, value_name = "PATH")]
    json: Option<PathBuf>,
    /// Overwrite existing report files.
    #[arg(long)]
    force: bool,
    /// Worker threads (default: one per core). Output is identical for any value.
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// No table and no progress bar (reports asked for with "-" still go to stdout).
    #[arg(long, short)]
    quiet: bool,
    #[command(flatten)]
    limits: LimitArgs,
}

fn parse_age(s: &str) -> Result<Age, String> {
    Age::parse(s).ok_or_else(|| format!("'{s}' is not an age like 2y, 18m or 400d"))
}

fn parse_kind(s: &str) -> Result<ItemKind, String> {
    ItemKind::from_id(s.trim()).ok_or_else(|| {
        let ids: Vec<&str> = ItemKind::ALL.iter().map(|k| k.id()).collect();
        format!("unknown kind '{s}' (expected {})", ids.join(", "))
    })
}

fn selection(args: &PostsArgs) -> anyhow::Result<Selection> {
    let as_of = args.as_of.unwrap_or_else(today);
    let mut s = Selection::default_on(as_of);
    s.before = match args.older_than {
        Some(age) => Some(
            age.before(as_of)
                .ok_or_else(|| UsageError("--older-than reaches before year -9999".to_string()))?,
        ),
        None => args.before,
    };
    s.after = args.after;
    s.kinds = args.kind.clone();
    s.sensitive = args.sensitive.as_deref().map(|t| {
        t.split(',')
            .map(|t| t.trim().to_string())
            .filter(|t| !t.is_empty())
            .collect()
    });
    s.contains = args.contains.clone();
    if let Some(path) = &args.keep {
        let text = std::fs::read_to_string(path).map_err(|source| lidex::Error::Unreadable {
            path: path.clone(),
            source,
        })?;
        s.keep = lidex::posts::parse_keep(&text);
    }
    Ok(s)
}

fn write_report(path: &Path, bytes: &[u8], args: &PostsArgs, what: &str) -> anyhow::Result<()> {
    if path == Path::new("-") {
        std::io::stdout().lock().write_all(bytes)?;
    } else {
        output::write_atomic(path, bytes, args.force, &args.inputs)
            .with_context(|| format!("writing the {what}"))?;
    }
    Ok(())
}

pub(super) fn run(args: PostsArgs) -> anyhow::Result<ExitCode> {
    let selection = selection(&args)?;
    // As for `lidex scan`, the detector builds at first use, on a worker: a warm-up thread
    // made the 16 MiB benchmark's posts list about 1.5 ms slower.
    let scanner = lidex::posts::detector(args.country);
    let plan = Plan::new(selection.clone(), scanner);
    let config = Config {
        inputs: args.inputs.clone(),
        threads: args.threads,
        limits: args.limits.to_limits(),
        pipe_min_bytes: None,
        pipe_eagerly: false,
        collect: Some(plan),
    };
    let bar = Bar::new(args.quiet);
    let result = analysis::analyze(&config, Catalog::builtin(), &|e| bar.event(e));
    bar.finish();
    let analysis = result?;
    let collected = analysis.collected.unwrap_or_default();
    let inputs = args
        .inputs
        .iter()
        .map(|p| p.display().to_string())
        .collect();
    let report = render::build(collected, &selection, inputs);
    let to_stdout = [&args.json, &args.csv]
        .into_iter()
        .any(|p| p.as_deref() == Some(Path::new("-")));
    // The items moved into the report, and the JSON is streamed: neither a copy of the
    // items nor the whole JSON text is held beside it while it is written.
    if let Some(path) = &args.json {
        if path == Path::new("-") {
            let mut out = std::io::BufWriter::new(std::io::stdout().lock());
            render::write_json(&report, &mut out)?;
            out.flush()?;
        } else {
            output::write_atomic_with(path, args.force, &args.inputs, |out| {
                render::write_json(&report, out)
            })
            .with_context(|| "writing the JSON report".to_string())?;
        }
    }
    if let Some(path) = &args.csv {
        write_report(
            path,
            &render::checklist_csv(report.items.iter()),
            &args,
            "checklist",
        )?;
    }
    if !to_stdout && !args.quiet {
        let text = render::render_table(&report);
        std::io::stdout().lock().write_all(text.as_bytes())?;
        for (path, what) in [(&args.json, "JSON report"), (&args.csv, "checklist")] {
            if let Some(path) = path {
                eprintln!("lidex: {what} written to {}", path.display());
            }
        }
    }
    Ok(ExitCode::from(codes::OK))
}
