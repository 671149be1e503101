//! Command-line arguments, and turning them into library calls.
//!
//! clap types stay here: the library sees only `lidex::analysis::Config` and friends.

use crate::progress::Bar;
use anyhow::Context;
use clap::{Args, Parser, Subcommand, ValueEnum};
use lidex::analysis::{self, Config};
use lidex::archive::Limits;
use lidex::catalog::Catalog;
use lidex::output::{self, OutputError};
use lidex::report::{self, term};
use std::io::{IsTerminal, Write};
use std::path::PathBuf;
use std::process::ExitCode;

/// Exit codes, documented in the README. 2 is clap's own for usage errors.
pub mod codes {
    /// A report was produced.
    pub const OK: u8 = 0;
    /// Something unexpected (a bug, or an IO error writing to stdout).
    pub const INTERNAL: u8 = 1;
    /// An input is unusable: missing, unreadable, not a ZIP or folder, a damaged ZIP, or no
    /// LinkedIn files in it.
    pub const INPUT: u8 = 3;
    /// An input exceeds a safety limit (zip bomb protection); the message names the flag.
    pub const LIMIT: u8 = 4;
    /// A report file cannot be written (exists without --force, inside an input, IO).
    pub const OUTPUT: u8 = 5;
}

/// lidex: see what of your LinkedIn data export may train generative AI, and clean it up.
#[derive(Debug, Parser)]
#[command(name = "lidex", version, about, long_about = None, propagate_version = true)]
pub struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Debug, Subcommand)]
enum Command {
    /// Scan one or more export ZIPs or extracted folders and report what they hold.
    Scan(ScanArgs),
    /// Print the JSON Schema of the `scan --json` report.
    Schema,
}

#[derive(Debug, Clone, Copy, ValueEnum)]
enum ColorChoice {
    Auto,
    Always,
    Never,
}

#[derive(Debug, Args)]
struct ScanArgs {
    /// Export ZIPs (Basic, Complete, or both) or extracted folders.
    #[arg(required = true, value_name = "INPUT")]
    inputs: Vec<PathBuf>,
    /// Write the JSON report to this file, or to stdout with "-".
    #[arg(long, value_name = "PATH")]
    json: Option<PathBuf>,
    /// Overwrite an existing report file.
    #[arg(long)]
    force: bool,
    /// Worker threads (default: one per core). Output is identical for any value.
    #[arg(long, value_name = "N")]
    threads: Option<usize>,
    /// No progress bar.
    #[arg(long, short)]
    quiet: bool,
    /// When to colour the terminal summary (NO_COLOR is honoured with "auto").
    #[arg(long, value_enum, default_value = "auto")]
    color: ColorChoice,
    #[command(flatten)]
    limits: LimitArgs,
}

#[derive(Debug, Args)]
struct LimitArgs {
    /// Stop when all inputs together expand to more than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().max_total_bytes)]
    max_total_bytes: u64,
    /// Stop reading an entry that expands to more than this many bytes.
    #[arg(long, value_name = "BYTES", default_value_t = Limits::default().max_entry_bytes)]
    max_entry_bytes: u64,
    /// Stop reading an entry that expands more than this many times its compressed size.
    #[arg(long, value_name = "RATIO", default_value_t = Limits::default().max_ratio)]
    max_ratio: u64,
    /// Refuse an input with more entries than this.
    #[arg(long, value_name = "N", default_value_t = Limits::default().max_entries)]
    max_entries: usize,
    /// Keep at most this many bytes of one field for analysis (longer ones are counted).
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
    codes::INTERNAL
}

/// Runs a parsed command.
pub fn run(cli: Cli) -> anyhow::Result<ExitCode> {
    match cli.command {
        Command::Scan(args) => scan(args),
        Command::Schema => {
            let mut out = std::io::stdout().lock();
            out.write_all(report::json::schema().as_bytes())?;
            Ok(ExitCode::from(codes::OK))
        }
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

fn scan(args: ScanArgs) -> anyhow::Result<ExitCode> {
    let config = Config {
        inputs: args.inputs.clone(),
        threads: args.threads,
        limits: args.limits.to_limits(),
    };
    let bar = Bar::new(args.quiet);
    let result = analysis::analyze(&config, Catalog::builtin(), &|e| bar.event(e));
    bar.finish();
    let analysis = result?;
    let report = report::build(&analysis);
    let to_stdout = args.json.as_deref() == Some(std::path::Path::new("-"));
    if let Some(path) = args.json.as_deref() {
        let mut bytes = Vec::new();
        report::json::write(&report, &mut bytes)?;
        if to_stdout {
            std::io::stdout().lock().write_all(&bytes)?;
        } else {
            output::write_atomic(path, &bytes, args.force, &args.inputs)
                .with_context(|| "writing the JSON report".to_string())?;
        }
    }
    if !to_stdout {
        let text = term::render(&report, color(args.color));
        std::io::stdout().lock().write_all(text.as_bytes())?;
        if let Some(path) = args.json.as_deref() {
            eprintln!("lidex: JSON report written to {}", path.display());
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
