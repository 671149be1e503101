//! `lidex dataset` and `lidex cohort` (the `dataset` feature).

use super::{LimitArgs, UsageError, codes, parse_date, today};
use anyhow::Context;
use clap::Args;
use indicatif::{ProgressBar, ProgressDrawTarget, ProgressStyle};
use jiff::civil::Date;
use lidex::dataset::{self, Key};
use lidex::report::dataset as render;
use std::io::{IsTerminal, Write};
use std::path::{Path, PathBuf};
use std::process::ExitCode;

#[derive(Debug, Args)]
pub struct DatasetArgs {
    /// The dataset folder (created if absent; reruns and other shards add to it).
    #[arg(long, value_name = "DIR")]
    out: PathBuf,
    /// One member's export each: a ZIP, a folder, or a folder holding that member's ZIPs.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// The secret for the member ids (64 hex digits, or any bytes to hash). Without it, the
    /// key in DIR/_meta.json is reused, or a random one is made and kept there.
    #[arg(long, value_name = "FILE")]
    key_file: Option<PathBuf>,
    /// Also write free text (file paths). Off by default: the tables hold counts only.
    #[arg(long)]
    include_text: bool,
    /// Evaluate the policy in force on this date (YYYY-MM-DD; default today).
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    as_of: Option<Date>,
    /// Members scanned at once (default: one per core). Output is identical for any value.
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// No progress bar.
    #[arg(long, short)]
    quiet: bool,
    #[command(flatten)]
    limits: LimitArgs,
}

#[derive(Debug, Args)]
pub struct CohortArgs {
    /// A dataset written by `lidex dataset`.
    #[arg(value_name = "DIR")]
    dir: PathBuf,
    /// Write the cohort as JSON to this file, or to stdout with "-".
    #[arg(long, value_name = "PATH")]
    json: Option<PathBuf>,
    /// Write the cohort as a self-contained HTML page to this file.
    #[arg(long, value_name = "PATH")]
    html: Option<PathBuf>,
    /// Overwrite an existing report file.
    #[arg(long)]
    force: bool,
    /// The date "two years ago" counts from (default: the dataset's as-of date).
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    as_of: Option<Date>,
}

/// The key: from the key file, else the one a previous run kept in `_meta.json`, else a new
/// random one (returned second, to be kept).
fn key(args: &DatasetArgs) -> anyhow::Result<(Key, bool)> {
    if let Some(path) = &args.key_file {
        let bytes = std::fs::read(path)
            .with_context(|| format!("{}: cannot read the key file", path.display()))?;
        if bytes.is_empty() {
            return Err(UsageError(format!("{}: the key file is empty", path.display())).into());
        }
        return Ok((Key::from_file_contents(&bytes), false));
    }
    let kept = dataset::read_meta(&args.out)?.and_then(|m| {
        m.get("key")
            .and_then(|k| k.as_str())
            .and_then(Key::from_hex)
    });
    match kept {
        Some(key) => Ok((key, true)),
        None => Ok((Key::random()?, true)),
    }
}

pub fn dataset(args: DatasetArgs) -> anyhow::Result<ExitCode> {
    if args.include_text {
        eprintln!(
            "lidex: warning: --include-text writes file paths, post links and excerpts into the \
             dataset; they can name people. Do not share it as an anonymous dataset."
        );
    }
    let (key, keep_key) = key(&args)?;
    std::fs::create_dir_all(&args.out)
        .with_context(|| format!("{}: cannot create the dataset folder", args.out.display()))?;
    let options = dataset::Options::new(
        args.limits.to_limits(),
        args.as_of.unwrap_or_else(today),
        args.include_text,
    );
    let bar = if args.quiet || !std::io::stderr().is_terminal() {
        ProgressBar::with_draw_target(None, ProgressDrawTarget::hidden())
    } else {
        ProgressBar::new(args.inputs.len() as u64)
    };
    bar.set_style(
        ProgressStyle::with_template("{bar:30} {pos}/{len} members ({per_sec}, {eta} left)")
            .unwrap_or_else(|_| ProgressStyle::default_bar()),
    );
    let write = || dataset::write_dataset(&args.inputs, &args.out, &key, &options, &|| bar.inc(1));
    let outcome = match args.threads {
        Some(n) => rayon::ThreadPoolBuilder::new()
            .num_threads(n.max(1))
            .build()
            .map_err(|e| lidex::Error::Threads(e.to_string()))?
            .install(write),
        None => write(),
    };
    bar.finish_and_clear();
    let meta = dataset::meta(&options, keep_key.then_some(&key), &outcome);
    let mut text = serde_json::to_string_pretty(&meta)?;
    text.push('\n');
    let meta_path = args.out.join("_meta.json");
    lidex::output::write_atomic(&meta_path, text.as_bytes(), true, &args.inputs)
        .context("writing _meta.json")?;
    for f in &outcome.failed {
        eprintln!("lidex: {}: skipped: {}", f.input, f.error);
    }
    if !args.quiet {
        eprintln!(
            "lidex: {} of {} exports written to {} ({} failed, listed in _meta.json)",
            outcome.written.len(),
            args.inputs.len(),
            args.out.display(),
            outcome.failed.len()
        );
    }
    if outcome.written.is_empty() {
        return Ok(ExitCode::from(codes::INPUT));
    }
    Ok(ExitCode::from(codes::OK))
}

pub fn cohort(args: CohortArgs) -> anyhow::Result<ExitCode> {
    let cohort = dataset::cohort::cohort(&args.dir, args.as_of)?;
    let json = render::cohort_json(&cohort)?;
    let to_stdout = args.json.as_deref() == Some(Path::new("-"));
    if let Some(path) = args.json.as_deref() {
        if to_stdout {
            std::io::stdout().lock().write_all(json.as_bytes())?;
        } else {
            lidex::output::write_atomic(path, json.as_bytes(), args.force, &[])
                .context("writing the cohort JSON")?;
        }
    }
    if let Some(path) = args.html.as_deref() {
        lidex::output::write_atomic(
            path,
            render::cohort_html(&cohort).as_bytes(),
            args.force,
            &[],
        )
        .context("writing the cohort HTML page")?;
    }
    if !to_stdout {
        std::io::stdout()
            .lock()
            .write_all(render::cohort_term(&cohort).as_bytes())?;
    }
    Ok(ExitCode::from(codes::OK))
}
