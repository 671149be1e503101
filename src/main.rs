//! The `lidex` command: parses arguments, runs the library, prints, and picks the exit code.

mod cli;
mod progress;

use std::process::ExitCode;

fn main() -> ExitCode {
    let args = cli::parse();
    match cli::run(args) {
        Ok(code) => code,
        Err(err) => {
            // A closed pipe (`lidex scan x | head`) is not an error worth a message.
            if err
                .downcast_ref::<std::io::Error>()
                .is_some_and(|e| e.kind() == std::io::ErrorKind::BrokenPipe)
            {
                return ExitCode::SUCCESS;
            }
            eprintln!("lidex: {err:#}");
            ExitCode::from(cli::exit_code(&err))
        }
    }
}
