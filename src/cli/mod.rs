//! The command line: parse arguments, run a subcommand, render diagnostics, exit.

mod args;

pub use args::{Cli, Command, Format};

use crate::build::{self, BuildOptions, Outcome};
use crate::diag::render;
use clap::Parser;
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
use std::io::IsTerminal;
use std::process::ExitCode;

/// Runs the program with the process's arguments.
pub fn main() -> ExitCode {
    let cli = Cli::parse();
    let opts = match &cli.command {
        Command::New { dir } => {
            return match build::scaffold(dir) {
                Ok(()) => {
                    eprintln!("     Created project in {}", dir.display());
                    eprintln!(
                        "             build it with `pamphleteer build {}`",
                        dir.display()
                    );
                    ExitCode::SUCCESS
                }
                Err(e) => {
                    eprintln!("error: {e}");
                    ExitCode::FAILURE
                }
            };
        }
        Command::Build {
            project,
            out,
            format,
            deny_warnings,
            marks,
            creep,
        } => BuildOptions {
            project: project.clone(),
            out: out.clone(),
            formats: format.clone(),
            deny_warnings: *deny_warnings,
            write: true,
            marks: *marks,
            creep: *creep,
        },
        Command::Check {
            project,
            deny_warnings,
        } => BuildOptions {
            project: project.clone(),
            out: None,
            formats: vec![],
            deny_warnings: *deny_warnings,
            ..BuildOptions::default()
        },
    };
    let outcome = build::run(&opts);
    report(&outcome)
}

fn report(outcome: &Outcome) -> ExitCode {
    // Colour only on a terminal (termcolor's Auto honours NO_COLOR and TERM, not pipes).
    let choice = if std::io::stderr().is_terminal() {
        ColorChoice::Auto
    } else {
        ColorChoice::Never
    };
    let mut stderr = StandardStream::stderr(choice);
    if let Err(e) = render::emit(&mut stderr, &outcome.sources, &outcome.diagnostics) {
        eprintln!("error: cannot print diagnostics: {e}");
    }
    for line in &outcome.summary {
        eprintln!("{line}");
    }
    if outcome.failed {
        ExitCode::FAILURE
    } else {
        ExitCode::SUCCESS
    }
}
