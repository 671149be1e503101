//! Command-line arguments, and turning them into library calls.
//!
//! clap types stay here: the library sees only `lidex::analysis::Config` and friends.

mod completions;
mod diff;
mod help;
mod posts;
mod schema;

use crate::progress::Bar;
use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};
use jiff::civil::Date;
use lidex::analysis::{self, Config};
use lidex::archive::Limits;
use lidex::catalog::Catalog;
use lidex::exposure;
use lidex::output::{self, OutputError};
use lidex::policy::{Jurisdiction, Policy, PolicyError};
use lidex::report::{self, term};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

#[cfg(feature = "dataset")]
mod dataset;

/// Exit codes, documented in the README. 2 is clap's own for usage errors.
pub mod codes {
    /// A report was produced.
    pub const OK: u8 = 0;
    /// A usage error clap could not catch (clap exits with 2 itself for its own).
    pub const USAGE: u8 = 2;
    /// Something unexpected (a bug, or an IO error writing to stdout).
    pub const INTERNAL: u8 = 1;
    /// An input is unusable: missing, unreadable, not a ZIP or folder, a damaged ZIP, or no
    /// LinkedIn files in it.
    pub const INPUT: u8 = 3;
    /// An input exceeds a safety limit (zip bomb protection); the message names the flag.
    pub const LIMIT: u8 = 4;
    /// A report file cannot be written (exists without --force, inside an input, IO).
    pub const OUTPUT: u8 = 5;
    /// The `--policy` file is malformed; the message names the line and key.
    pub const POLICY: u8 = 6;
}

/// lidex: see what of your LinkedIn data export may train generative AI, and clean it up.
#[derive(Debug, Parser)]
#[command(name = "lidex", version, about, long_about = None, propagate_version = true)]
#[command(after_long_help = help::TOP)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Scan one or more export ZIPs or extracted folders and report what they hold.
    #[command(after_long_help = help::SCAN)]
    Scan(ScanArgs),
    /// Show the policy model: region x category x purpose, with sources.
    #[command(after_long_help = help::POLICY)]
    Policy(PolicyArgs),
    /// Print the JSON Schema of a JSON output (`scan --json` by default).
    #[command(after_long_help = help::SCHEMA)]
    Schema(schema::SchemaArgs),
    /// Print a shell completion script (bash, zsh, fish, powershell, elvish).
    #[command(after_long_help = help::COMPLETIONS)]
    Completions(completions::CompletionsArgs),
    /// Print the manual page of lidex, or of one command, in roff.
    #[command(after_long_help = help::MAN)]
    Man(completions::ManArgs),
    /// List posts, comments, articles, reposts and votes to delete, with the reasons.
    #[command(after_long_help = help::POSTS)]
    Posts(posts::PostsArgs),
    /// Compare two exports of one member: which deleted items are gone, which remain.
    #[command(after_long_help = help::DIFF)]
    Diff(diff::DiffArgs),
    /// Write many members' exports as one hive-partitioned Parquet dataset, without text.
    #[cfg(feature = "dataset")]
    #[command(after_long_help = help::DATASET)]
    Dataset(dataset::DatasetArgs),
    /// Aggregate a dataset written by `lidex dataset` across its members.
    #[cfg(feature = "dataset")]
    #[command(after_long_help = help::COHORT)]
    Cohort(dataset::CohortArgs),
}

#[derive(Debug, Args)]
struct PolicyOptions {
    /// Your region: eu (EU/EEA), uk, ch, ca, hk, us, row (rest of world). Shows that region's
    /// verdicts and the settings and forms that apply there; without it, every region is shown.
    #[arg(long, value_parser = parse_region, value_name = "REGION")]
    region: Option<Jurisdiction>,
    /// Judge by the policy in force on this date (YYYY-MM-DD; default: today), to see what
    /// applied before or after a change of terms.
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    as_of: Option<Date>,
    /// Judge by this policy model file instead of the built-in one: an edited or newer model
    /// (format in docs/policy-model.md). Its mistakes are reported with line and key.
    #[arg(long, value_name = "FILE")]
    policy: Option<PathBuf>,
}

#[derive(Debug, Args)]
struct PolicyArgs {
    #[command(flatten)]
    options: PolicyOptions,
    /// Print the whole model as JSON instead of a table (its schema: `lidex schema policy`).
    #[arg(long, conflicts_with = "explain")]
    json: bool,
    /// Show the rules and quotes behind the verdicts for a category (e.g. profile), an item
    /// (e.g. profile.headline) or an export file (e.g. Shares.csv).
    #[arg(long, value_name = "WHAT")]
    explain: Option<String>,
}

fn parse_region(s: &str) -> Result<Jurisdiction, String> {
    Jurisdiction::from_id(&s.to_lowercase()).ok_or_else(|| {
        let ids: Vec<&str> = Jurisdiction::ALL.iter().map(|j| j.id()).collect();
        format!("unknown region '{s}' (expected one of {})", ids.join(", "))
    })
}

/// A `--country` value: a region the phone library has numbering rules for.
fn parse_country(s: &str) -> Result<lidex::sensitive::Region, String> {
    lidex::sensitive::Region::from_code(s).ok_or_else(|| {
        // The one code people reach for that ISO does not use.
        let hint = if s.trim().eq_ignore_ascii_case("uk") {
            "; the United Kingdom is GB"
        } else {
            ""
        };
        format!(
            "'{s}' is not a country code with phone-numbering rules (two letters, ISO 3166-1 alpha-2, e.g. DE, NL, GB, US){hint}"
        )
    })
}

fn parse_date(s: &str) -> Result<Date, String> {
    s.parse::<Date>()
        .map_err(|e| format!("'{s}' is not a date in YYYY-MM-DD form ({e})"))
}

fn today() -> Date {
    jiff::Timestamp::now()
        .to_zoned(jiff::tz::TimeZone::UTC)
        .date()
}

fn load_policy(path: Option<&std::path::Path>) -> anyhow::Result<Policy> {
    match path {
        None => Ok(Policy::builtin()),
        Some(p) => {
            let text = std::fs::read_to_string(p)
                .with_context(|| format!("{}: cannot read the policy file", p.display()))?;
            Ok(Policy::from_toml(&text, &p.display().to_string())?)
        }
    }
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ColorChoice {
    /// Colour when stdout is a terminal and NO_COLOR is not set.
    Auto,
    /// Colour even into a pipe or file.
    Always,
    /// Plain text.
    Never,
}

#[derive(Debug, Args)]
struct ScanArgs {
    /// Export ZIPs or extracted folders: the Basic download, the Complete one, or both (a file
    /// found in both is counted once, from the Complete copy).
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// Also write the full report as JSON to this file (atomically; an existing file is kept
    /// unless --force), or with "-" print only the JSON to stdout, instead of the summary.
    #[arg(long, value_name = "PATH")]
    json: Option<PathBuf>,
    /// Replace the report file given with --json if it exists.
    #[arg(long)]
    force: bool,
    /// Scan with this many worker threads (default: one per core). The report is identical
    /// for any number.
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// Silence standard output: no terminal summary and no progress bar. Errors still go to
    /// standard error; a report asked for with `--json -` is still written to standard output.
    #[arg(long, short)]
    quiet: bool,
    /// When to colour the terminal summary.
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorChoice,
    #[command(flatten)]
    policy: PolicyOptions,
    /// The day you turned off "Data for Generative AI Improvement" (YYYY-MM-DD): splits your
    /// data into what may already have been used and what no longer is.
    #[arg(long, value_parser = parse_date, value_name = "DATE")]
    opted_out_on: Option<Date>,
    /// Your country (ISO 3166-1 alpha-2, e.g. DE): phone numbers without a country code are
    /// read as this country's. Default: the country in your profile's location.
    #[arg(long, value_parser = parse_country, value_name = "CC")]
    country: Option<lidex::sensitive::Region>,
    #[command(flatten)]
    limits: LimitArgs,
    /// Also write the HTML report (one self-contained page) to this file, or to stdout with "-".
    #[arg(long, value_name = "PATH")]
    html: Option<PathBuf>,
    /// Mask other people's names, emails, phones, profile links and message excerpts in
    /// every report, so it can be shared.
    #[arg(long)]
    redact: bool,
}

#[derive(Debug, Args)]
struct LimitArgs {
    /// Refuse inputs that together expand to more than this many bytes (a zip-bomb guard;
    /// the defaults of these limits fit any real export).
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().max_total_bytes)]
    max_total_bytes: u64,
    /// Stop reading a file of the archive past this many bytes; the rest of the archive is
    /// still reported and the cut is listed as a problem.
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().max_entry_bytes)]
    max_entry_bytes: u64,
    /// Stop reading a file of the archive that expands more than this many times its
    /// compressed size; the cut is listed as a problem.
    #[arg(long, value_name = "RATIO", default_value_t = Limits::default().max_ratio)]
    max_ratio: u64,
    /// Refuse an input with more files than this.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_entries)]
    max_entries: usize,
    /// Analyse at most this many bytes of one field (longer fields are still counted in
    /// full); bounds the memory one huge field can take.
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().max_field_bytes)]
    max_field_bytes: usize,
}

impl LimitArgs {
    fn to_limits(&self) -> Limits {
        Limits {
            max_total_bytes: self.max_total_bytes,
            max_entry_bytes: self.max_entry_bytes,
            max_ratio: self.max_ratio,
            max_entries: self.max_entries,
            max_field_bytes: self.max_field_bytes,
        }
    }
}

/// Parses the command line (exits with code 2 on a usage error).
pub fn parse() -> Cli {
    Cli::parse()
}

/// The exit code for an error that stopped the run.
pub fn exit_code(err: &anyhow::Error) -> u8 {
    if let Some(e) = err.downcast_ref::<lidex::Error>() {
        return match e {
            lidex::Error::LimitExceeded { .. } => codes::LIMIT,
            lidex::Error::Threads(_) => codes::INTERNAL,
            _ => codes::INPUT,
        };
    }
    if err.downcast_ref::<OutputError>().is_some() {
        return codes::OUTPUT;
    }
    if err.downcast_ref::<PolicyError>().is_some() {
        return codes::POLICY;
    }
    if err.downcast_ref::<UsageError>().is_some() {
        return codes::USAGE;
    }
    // A dataset that cannot be read or written is the input's fault, as for a scan.
    #[cfg(feature = "dataset")]
    if err.downcast_ref::<lidex::dataset::DatasetError>().is_some() {
        return codes::INPUT;
    }
    codes::INTERNAL
}

/// Runs a parsed command.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Scan(args) => scan(args),
        Command::Policy(args) => policy(args),
        Command::Schema(args) => schema::run(args),
        Command::Completions(args) => completions::completions(args),
        Command::Man(args) => completions::man(args),
        Command::Posts(args) => posts::run(args),
        Command::Diff(args) => diff::run(args),
        #[cfg(feature = "dataset")]
        Command::Dataset(args) => dataset::dataset(args),
        #[cfg(feature = "dataset")]
        Command::Cohort(args) => dataset::cohort(args),
    }
}

fn color(choice: ColorChoice) -> term::Color {
    let on = match choice {
        ColorChoice::Always => true,
        ColorChoice::Never => false,
        ColorChoice::Auto => {
            std::env::var_os("NO_COLOR").is_none_or(|v| v.is_empty())
                && std::io::stdout().is_terminal()
        }
    };
    if on {
        term::Color::Always
    } else {
        term::Color::Never
    }
}

fn policy(args: PolicyArgs) -> anyhow::Result<ExitCode> {
    use lidex::report::policy as render;
    let model = load_policy(args.options.policy.as_deref())?;
    let on = args.options.as_of.unwrap_or_else(today);
    let text = if args.json {
        render::json::to_json(&model)?
    } else if let Some(what) = args.explain.as_deref() {
        let (category, item) = explain_target(what, &model)?;
        render::explain(&model, category, item.as_deref(), on)
    } else {
        let mut text = render::render_table(&model, args.options.region, on);
        text.push_str(&render::render_controls(&model, args.options.region));
        text.push_str(&render::render_connections(model.account_connections()));
        text
    };
    std::io::stdout().lock().write_all(text.as_bytes())?;
    Ok(ExitCode::from(codes::OK))
}

/// Resolves `--explain`'s argument: a category id, an item id, or an export file name.
fn explain_target(
    what: &str,
    model: &Policy,
) -> anyhow::Result<(lidex::category::Category, Option<String>)> {
    if let Some(c) = lidex::category::Category::from_id(what) {
        return Ok((c, None));
    }
    if let Some(item) = model.item(what) {
        return Ok((item.category, Some(item.id.clone())));
    }
    let catalog = Catalog::builtin();
    // Only `.csv` names match the catalog; `--explain Shares` means `Shares.csv`.
    let spec = catalog
        .lookup(what)
        .or_else(|| catalog.lookup(&format!("{what}.csv")))
        .and_then(|i| catalog.get(i));
    if let Some(spec) = spec {
        return Ok((spec.category, spec.item.clone()));
    }
    Err(UsageError(format!(
        "'{what}' is not a category, an item of the policy model, or a known export file name"
    ))
    .into())
}

/// A wrong argument that clap cannot see (it depends on the policy model): exit code 2,
/// like clap's own usage errors.
#[derive(Debug, thiserror::Error)]
#[error("{0}")]
struct UsageError(String);

fn scan(args: ScanArgs) -> anyhow::Result<ExitCode> {
    let dash = Some(std::path::Path::new("-"));
    if args.json.as_deref() == dash && args.html.as_deref() == dash {
        return Err(UsageError("--json - and --html - cannot both write to stdout".into()).into());
    }
    // The sensitive detector's regexes, lexicon and phone metadata are built by the first
    // worker that needs them, not on a warm-up thread started here: now that they cost
    // about 5 ms, the thread no longer shortened a scan of posts (16 MiB, interleaved runs)
    // and made one of an archive with nothing to scan, such as messages only, 4 ms slower,
    // its third thread competing with the two a pipelined entry keeps busy.
    // A user's policy file is loaded before the scan, so its mistakes are reported at once.
    let custom = match args.policy.policy.as_deref() {
        Some(path) => Some(load_policy(Some(path))?),
        None => None,
    };
    let options = exposure::Options {
        region: args.policy.region,
        as_of: args.policy.as_of.unwrap_or_else(today),
        opted_out_on: args.opted_out_on,
    };
    let config = Config {
        inputs: args.inputs.clone(),
        threads: args.threads,
        limits: args.limits.to_limits(),
        pipe_min_bytes: None,
        pipe_eagerly: false,
        collect: Some(lidex::posts::Plan::new(
            lidex::posts::Selection::default_on(options.as_of),
            lidex::posts::detector(args.country),
        )),
    };
    let bar = Bar::new(args.quiet);
    let scan_all = || analysis::analyze(&config, Catalog::builtin(), &|e| bar.event(e));
    let (result, model) = match custom {
        Some(model) => (scan_all(), model),
        // One thread asked for means one.
        None if config.threads == Some(1) => {
            let model = Policy::builtin();
            (scan_all(), model)
        }
        // The built-in model cannot fail and is needed only after the scan: parsing it costs
        // about as much as scanning a small archive, so a thread of its own parses it while
        // this one parses the catalog and opens the inputs (which take longer, so it is
        // normally done before the scan's workers want every core).
        None => std::thread::scope(|s| {
            let model = s.spawn(Policy::builtin);
            let result = scan_all();
            let model = model
                .join()
                .unwrap_or_else(|panic| std::panic::resume_unwind(panic));
            (result, model)
        }),
    };
    bar.finish();
    let mut analysis = result?;
    let mut report = report::build_taking_items(&mut analysis, &model, options);
    drop(analysis);
    if args.redact {
        report::redact::apply(&mut report);
    }
    let to_stdout = args.json.as_deref() == Some(std::path::Path::new("-"));
    let html_to_stdout = args.html.as_deref() == Some(std::path::Path::new("-"));
    if let Some(path) = args.html.as_deref() {
        let mut bytes = Vec::with_capacity(1 << 20);
        report::html::write(&report, &mut bytes)?;
        if html_to_stdout {
            std::io::stdout().lock().write_all(&bytes)?;
        } else {
            output::write_atomic(path, &bytes, args.force, &args.inputs)
                .with_context(|| "writing the HTML report".to_string())?;
        }
    }
    if let Some(path) = args.json.as_deref() {
        // Streamed: with a big archive's posts list the JSON runs to tens of MB, which would
        // otherwise be held whole beside the report.
        if to_stdout {
            let mut out = std::io::BufWriter::with_capacity(256 * 1024, std::io::stdout().lock());
            report::json::write(&report, &mut out)?;
            out.flush()?;
            // The JSON replaces the summary that lists problems: say on stderr that there are
            // some, so a piped run does not hide them (stdout stays pure JSON).
            let counts = &report.summary.problems;
            if counts.error + counts.warning + counts.info > 0 {
                eprintln!(
                    "lidex: {} errors, {} warnings, {} notes: see \"problems\" in the report",
                    counts.error, counts.warning, counts.info
                );
            }
        } else {
            output::write_atomic_with(path, args.force, &args.inputs, |out| {
                report::json::write(&report, out)
            })
            .with_context(|| "writing the JSON report".to_string())?;
        }
    }
    // --quiet: the terminal summary is standard output, so it is what --quiet silences.
    if !to_stdout && !html_to_stdout && !args.quiet {
        let text = term::render(&report, color(args.color));
        std::io::stdout().lock().write_all(text.as_bytes())?;
        if let Some(path) = args.json.as_deref() {
            eprintln!("lidex: JSON report written to {}", path.display());
        }
        if let Some(path) = args.html.as_deref() {
            eprintln!("lidex: HTML report written to {}", path.display());
        }
    }
    Ok(ExitCode::from(codes::OK))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn verify_cli() {
        use clap::CommandFactory;
        Cli::command().debug_assert();
    }
}
