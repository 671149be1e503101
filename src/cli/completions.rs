//! `lidex completions <SHELL>` and `lidex man [COMMAND]`: shell completion scripts and
//! manual pages, generated from the clap definitions so they never fall behind the flags.

use super::{Cli, UsageError, codes};
use clap::{Args, CommandFactory};
use clap_complete::Shell;
use std::io::Write;
use std::process::ExitCode;

#[derive(Debug, Args)]
pub(super) struct CompletionsArgs {
    /// The shell to write a completion script for.
    #[arg(value_enum, value_name = "SHELL")]
    shell: Shell,
}

#[derive(Debug, Args)]
pub(super) struct ManArgs {
    /// Write the page of this command (lidex-scan(1) for `scan`...) instead of lidex(1).
    #[arg(value_name = "COMMAND")]
    command: Option<String>,
}

/// Writes the completion script for a shell to stdout.
pub(super) fn completions(args: CompletionsArgs) -> anyhow::Result<ExitCode> {
    std::io::stdout().lock().write_all(&script(args.shell))?;
    Ok(ExitCode::from(codes::OK))
}

/// The completion script for a shell.
fn script(shell: Shell) -> Vec<u8> {
    let mut bytes = Vec::new();
    clap_complete::generate(shell, &mut Cli::command(), "lidex", &mut bytes);
    bytes
}

/// Writes a man page in roff to stdout.
pub(super) fn man(args: ManArgs) -> anyhow::Result<ExitCode> {
    let bytes = page(args.command.as_deref())?;
    std::io::stdout().lock().write_all(&bytes)?;
    Ok(ExitCode::from(codes::OK))
}

/// The roff source of lidex(1), or of lidex-COMMAND(1).
fn page(command: Option<&str>) -> anyhow::Result<Vec<u8>> {
    // No page for clap's `help` command, as with clap_mangen's `generate_to`. Building
    // propagates the version and names to the subcommands, as `--help` does.
    let mut cli = Cli::command().disable_help_subcommand(true);
    cli.build();
    let cmd = match command {
        None => cli,
        Some(name) => {
            let known: Vec<String> = subcommand_names(&cli);
            let Some(sub) = cli.find_subcommand(name) else {
                return Err(UsageError(format!(
                    "'{name}' is not a lidex command (expected one of {})",
                    known.join(", ")
                ))
                .into());
            };
            // Once built, a subcommand carries the display name `lidex-scan` and the bin name
            // `lidex scan`: the page's title and synopsis, as clap_mangen's `generate_to` has them.
            sub.clone()
        }
    };
    let mut bytes = Vec::new();
    clap_mangen::Man::new(cmd).render(&mut bytes)?;
    Ok(bytes)
}

/// The subcommands a user can ask a page for (not clap's own `help`).
fn subcommand_names(cli: &clap::Command) -> Vec<String> {
    cli.get_subcommands()
        .map(|c| c.get_name().to_string())
        .filter(|n| n != "help")
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_completion_script_names_lidex_every_subcommand_and_the_scan_flags() {
        use clap::ValueEnum;
        let cli = Cli::command();
        let names = subcommand_names(&cli);
        let scan = cli.find_subcommand("scan").unwrap();
        let flags: Vec<&str> = scan.get_arguments().filter_map(|a| a.get_long()).collect();
        assert!(flags.contains(&"opted-out-on"), "{flags:?}");
        for shell in Shell::value_variants() {
            let text = String::from_utf8(script(*shell)).unwrap();
            assert!(text.contains("lidex"), "{shell}");
            for name in &names {
                assert!(
                    text.contains(name.as_str()),
                    "{shell} lacks the command {name}"
                );
            }
            for flag in &flags {
                assert!(text.contains(flag), "{shell} lacks --{flag}");
            }
        }
    }

    #[test]
    fn the_man_page_names_every_subcommand_and_the_exit_codes() {
        let text = String::from_utf8(page(None).unwrap()).unwrap();
        assert!(text.starts_with(".ie"), "roff: {text}");
        assert!(text.contains(".TH lidex 1"), "{text}");
        let names = subcommand_names(&Cli::command());
        for name in names {
            assert!(
                text.contains(&format!("lidex\\-{name}(1)")),
                "{name}: {text}"
            );
        }
        assert!(text.contains("Exit codes:"), "{text}");
    }

    #[test]
    fn every_command_has_a_page_showing_its_flags() {
        let cli = Cli::command();
        let names = subcommand_names(&cli);
        assert!(names.len() >= 5, "{names:?}");
        for name in names {
            let text = String::from_utf8(page(Some(&name)).unwrap()).unwrap();
            assert!(
                text.contains(&format!(".TH lidex-{name} 1")),
                "{name}: {text}"
            );
            let sub = cli.find_subcommand(&name).unwrap();
            for arg in sub.get_arguments().filter_map(|a| a.get_long()) {
                // roff escapes the dashes of a flag.
                assert!(
                    text.contains(&format!("\\-\\-{}", arg.replace('-', "\\-"))),
                    "{name}: --{arg}"
                );
            }
        }
    }

    #[test]
    fn a_page_for_an_unknown_command_is_a_usage_error() {
        let err = page(Some("scna")).unwrap_err();
        assert_eq!(crate::cli::exit_code(&err), codes::USAGE);
        assert!(err.to_string().contains("scan"), "{err}");
    }
}
