//! The examples and exit codes shown by `--help` (clap's long help) and in the man page.
//!
//! They are plain text so `lidex man` carries them too. A unit test parses every example
//! command line with clap, so an example cannot name a flag that does not exist, and checks
//! that every exit code in `codes` is listed.

/// The exit codes, as `lidex --help`, `lidex scan --help` and the man page show them. The README
/// has the same table; tests keep both in step with `codes`.
macro_rules! exit_codes {
    () => {
        "\
Exit codes:
  0  A report was produced (problems inside the archive are listed in it, not fatal).
  1  Unexpected failure (a bug, or stdout closed).
  2  Usage error (unknown option or region, bad date, unknown --explain target).
  3  An input is unusable: missing, unreadable, not a ZIP or folder, a damaged ZIP, or no
     LinkedIn files in it.
  4  An input exceeds a safety limit; the message names the flag that raises it.
  5  The report file cannot be written: it exists (use --force), is inside an input, or IO
     failed.
  6  The --policy file is malformed; the message gives the line and the key."
    };
}

/// The exit codes on their own (for the tests: clap takes the texts below).
#[cfg(test)]
pub const EXIT_CODES: &str = exit_codes!();

/// `lidex --help`: where to start.
pub const TOP: &str = concat!(
    "\
Examples:
  What your export holds and what LinkedIn may use to train AI, for your region:
    lidex scan Complete_LinkedInDataExport_08-26-2025.zip --region eu

  The policy model as a table, and the quotes behind one verdict:
    lidex policy --region uk
    lidex policy --explain profile.headline

  Shell completions and the manual page:
    lidex completions bash > ~/.local/share/bash-completion/completions/lidex
    lidex man > ~/.local/share/man/man1/lidex.1

Run `lidex help <COMMAND>` or `lidex <COMMAND> --help` for each command's options and examples.

",
    exit_codes!()
);

/// `lidex scan --help`.
pub const SCAN: &str = concat!(
    "\
Examples:
  One export ZIP: a summary in the terminal, with verdicts for every region:
    lidex scan Complete_LinkedInDataExport_08-26-2025.zip

  Both downloads at once (the Complete copy of a file found in both is kept):
    lidex scan Basic_LinkedInDataExport_08-25-2025.zip Complete_LinkedInDataExport_08-26-2025.zip

  An extracted folder:
    lidex scan ./Complete_LinkedInDataExport_08-26-2025/

  Only your region's verdicts, and the settings and forms that apply there:
    lidex scan Complete_LinkedInDataExport_08-26-2025.zip --region uk

  The JSON report on stdout for another program (notes and warnings go to stderr):
    lidex scan Complete_LinkedInDataExport_08-26-2025.zip --json - | jq .summary

  The JSON report in a file, replacing last run's, and the summary in the terminal:
    lidex scan Complete_LinkedInDataExport_08-26-2025.zip --json report.json --force

  What was created before you turned off \"Data for Generative AI Improvement\":
    lidex scan Complete_LinkedInDataExport_08-26-2025.zip --region eu --opted-out-on 2025-11-10

  The policy as it stood on an earlier day:
    lidex scan Complete_LinkedInDataExport_08-26-2025.zip --region eu --as-of 2025-06-01

",
    exit_codes!()
);

/// `lidex policy --help`.
pub const POLICY: &str = "\
Examples:
  Every region's verdicts, category by purpose, as of today:
    lidex policy

  Your region, on the day the November 2025 terms took effect:
    lidex policy --region eu --as-of 2025-11-03

  The rules and verbatim quotes behind a category, an item or an export file:
    lidex policy --explain profile
    lidex policy --explain profile.headline
    lidex policy --explain Shares.csv

  The whole model as JSON (its schema: `lidex schema policy`):
    lidex policy --json > policy.json

  Check an edited model before scanning with it:
    lidex policy --policy my-policy.toml --region uk";

/// `lidex schema --help`.
pub const SCHEMA: &str = "\
Examples:
  The schema of `lidex scan --json`:
    lidex schema > report.schema.json

  The schema of `lidex policy --json`:
    lidex schema policy > policy.schema.json

  The schema of `lidex posts --json`:
    lidex schema posts > posts.schema.json";

/// `lidex diff --help`.
pub const DIFF: &str = "\
Examples:
  Did the deletions happen? The items `lidex posts` listed as of the old export's date:
    lidex diff Complete_LinkedInDataExport_01-10-2026.zip Complete_LinkedInDataExport_03-02-2026.zip

  Check a checklist you ticked (from `lidex posts --csv`), items still present as CSV:
    lidex diff old.zip new.zip --checklist checklist.csv --csv still-there.csv

  Exports in two parts each:
    lidex diff --old Basic_old.zip --old Complete_old.zip --new Basic_new.zip --new Complete_new.zip

  JSON for a script; the exit code says whether everything listed is gone (0) or not (7):
    lidex diff old.zip new.zip --json -

Exit codes: 0 every listed item is gone from NEW; 7 some are still present; 8 the exports
seem to be of different members; 9 none is known to remain but some cannot be checked;
2 usage error; 3 an input or the checklist cannot be read; 4 a safety limit; 5 a report
cannot be written.";

/// `lidex dataset --help`.
#[cfg(feature = "dataset")]
pub const DATASET: &str = "\
Examples:
  Three members' exports (ZIPs or folders) as one Parquet dataset, without their text:
    lidex dataset --out study/ alice.zip bob.zip ./carol/

  Another shard of the same study, later or on another machine, with the same key:
    lidex dataset --out study/ --key-file study.key dave.zip erin.zip

  Reproducible ages for a dataset built over several days:
    lidex dataset --out study/ --as-of 2026-12-01 frank.zip";

/// `lidex cohort --help`.
#[cfg(feature = "dataset")]
pub const COHORT: &str = "\
Examples:
  The aggregates across every member of a dataset, in the terminal:
    lidex cohort study/

  As JSON for another program, and as an HTML page:
    lidex cohort study/ --json - --html cohort.html";

/// The dataset feature's examples, when it is built in.
#[cfg(test)]
#[cfg(feature = "dataset")]
const DATASET_HELP: &[&str] = &[DATASET, COHORT];
#[cfg(test)]
#[cfg(not(feature = "dataset"))]
const DATASET_HELP: &[&str] = &[];

/// `lidex posts --help`.
pub const POSTS: &str = "\
Examples:
  Everything older than two years, and everything with sensitive content (the default):
    lidex posts Complete_LinkedInDataExport_08-26-2025.zip

  Comments and posts older than 18 months, as a checklist to tick in a spreadsheet:
    lidex posts Complete_LinkedInDataExport_08-26-2025.zip --older-than 18m --kind post,comment --csv checklist.csv

  Only items with health or other special-category words, or a phone number:
    lidex posts Complete_LinkedInDataExport_08-26-2025.zip --sensitive=special_category,phone

  Items that mention a word, hashtag or domain, except those you keep:
    lidex posts Complete_LinkedInDataExport_08-26-2025.zip --contains '#opentowork' --keep keep.txt

  A reproducible JSON list for another program:
    lidex posts Complete_LinkedInDataExport_08-26-2025.zip --as-of 2026-01-01 --json -";

/// `lidex completions --help`.
pub const COMPLETIONS: &str = "\
Examples:
  bash (per user; needs the bash-completion package):
    lidex completions bash > ~/.local/share/bash-completion/completions/lidex

  zsh (a folder on $fpath; run `compinit` after):
    lidex completions zsh > ~/.zfunc/_lidex

  fish:
    lidex completions fish > ~/.config/fish/completions/lidex.fish

  PowerShell (add to your profile):
    lidex completions powershell >> $PROFILE

  elvish:
    lidex completions elvish >> ~/.config/elvish/rc.elv";

/// `lidex man --help`.
pub const MAN: &str = "\
Examples:
  The page for lidex, then one for each command, where `man` finds them:
    lidex man > ~/.local/share/man/man1/lidex.1
    lidex man scan > ~/.local/share/man/man1/lidex-scan.1

  Read it without installing:
    lidex man scan | man -l -";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::cli::{Cli, codes};
    use clap::Parser;

    /// Every `lidex ...` line of every examples section, without a pipe or redirection.
    fn example_lines() -> Vec<String> {
        [TOP, SCAN, POLICY, SCHEMA, COMPLETIONS, MAN, POSTS, DIFF]
            .into_iter()
            .chain(DATASET_HELP.iter().copied())
            .flat_map(|text| text.lines())
            .map(str::trim)
            .filter(|line| line.starts_with("lidex "))
            .map(|line| {
                let end = line.find(['|', '>']).unwrap_or(line.len());
                line[..end].trim().to_string()
            })
            .collect()
    }

    #[test]
    fn every_example_is_a_command_line_clap_accepts() {
        let lines = example_lines();
        assert!(lines.len() >= 20, "examples found: {lines:?}");
        for line in lines {
            let args: Vec<&str> = line.split_whitespace().collect();
            if let Err(e) = Cli::try_parse_from(&args) {
                panic!("the example `{line}` does not parse:\n{e}");
            }
        }
    }

    #[test]
    fn every_command_has_examples_in_its_long_help() {
        use clap::CommandFactory;
        let cli = Cli::command();
        let mut commands = vec![&cli];
        commands.extend(cli.get_subcommands());
        for command in commands {
            let name = command.get_name();
            let text = command
                .get_after_long_help()
                .map(ToString::to_string)
                .unwrap_or_default();
            assert!(text.starts_with("Examples:\n"), "{name} has no examples");
            let own = if name == "lidex" {
                "lidex ".to_string()
            } else {
                format!("lidex {name}")
            };
            assert!(text.contains(&format!("\n    {own}")), "{name}: {text}");
        }
    }

    #[test]
    fn the_scan_examples_cover_the_common_cases() {
        let scan: Vec<String> = example_lines()
            .into_iter()
            .filter(|l| l.starts_with("lidex scan "))
            .collect();
        let has = |pred: &dyn Fn(&str) -> bool| scan.iter().any(|l| pred(l));
        assert!(
            has(&|l| l.matches(".zip").count() == 1 && !l.contains("--")),
            "one ZIP"
        );
        assert!(
            has(&|l| l.contains("Basic_") && l.contains("Complete_")),
            "both parts"
        );
        assert!(has(&|l| l.ends_with('/')), "a folder");
        assert!(has(&|l| l.contains("--region")), "a region");
        assert!(has(&|l| l.contains("--json -")), "JSON to stdout");
        assert!(has(&|l| l.contains("--opted-out-on")), "an opt-out date");
    }

    #[test]
    fn every_exit_code_is_listed_once_in_the_help() {
        let listed: Vec<u8> = EXIT_CODES
            .lines()
            .filter_map(|l| l.strip_prefix("  "))
            .filter_map(|l| l.split_whitespace().next())
            .filter_map(|n| n.parse().ok())
            .collect();
        let mut defined = vec![
            codes::OK,
            codes::INTERNAL,
            codes::USAGE,
            codes::INPUT,
            codes::LIMIT,
            codes::OUTPUT,
            codes::POLICY,
        ];
        defined.sort_unstable();
        assert_eq!(listed, defined);
        for text in [TOP, SCAN] {
            assert!(text.ends_with(EXIT_CODES));
        }
    }
}
