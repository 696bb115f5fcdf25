//! The command line: parse arguments, run a subcommand, render diagnostics, exit.

mod args;

pub use crate::build::Format;
pub use args::{Cli, Command};

use crate::build::{self, BuildOptions, Outcome, Stage};
use crate::diag::render;
use clap::Parser;
use codespan_reporting::term::termcolor::{ColorChoice, StandardStream};
use std::io::IsTerminal;
use std::process::ExitCode;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::{Duration, Instant};

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
            example,
            out,
            format,
            deny_warnings,
            marks,
            creep,
        } => BuildOptions {
            project: project.clone(),
            example: *example,
            out: out.clone(),
            formats: format.0.clone(),
            deny_warnings: *deny_warnings,
            write: true,
            marks: *marks,
            creep: *creep,
        },
        Command::Check {
            project,
            example,
            deny_warnings,
        } => BuildOptions {
            project: project.clone(),
            example: *example,
            out: None,
            formats: vec![],
            deny_warnings: *deny_warnings,
            ..BuildOptions::default()
        },
    };
    let outcome = run_showing_progress(&opts);
    report(&outcome)
}

/// Runs the build; on a terminal, a build that takes longer than a second shows what it
/// is doing and for how long, on one line that is cleared when it ends (as cargo does).
fn run_showing_progress(opts: &BuildOptions) -> Outcome {
    if !std::io::stderr().is_terminal() {
        return build::run(opts);
    }
    // PAMPHLETEER_PROGRESS_AFTER (milliseconds) moves the threshold, for tests.
    let after = std::env::var("PAMPHLETEER_PROGRESS_AFTER")
        .ok()
        .and_then(|v| v.parse().ok())
        .map_or(Duration::from_secs(1), Duration::from_millis);
    let stage = Stage::default();
    let done = AtomicBool::new(false);
    std::thread::scope(|s| {
        s.spawn(|| {
            let started = Instant::now();
            let mut shown = false;
            while !done.load(Ordering::Relaxed) {
                std::thread::sleep(Duration::from_millis(100));
                let t = started.elapsed();
                if t >= after && !done.load(Ordering::Relaxed) {
                    eprint!("\r{:>12} … {:.1} s\x1b[K", stage.get(), t.as_secs_f64());
                    shown = true;
                }
            }
            if shown {
                eprint!("\r\x1b[K");
            }
        });
        let outcome = build::run_with(opts, &stage);
        done.store(true, Ordering::Relaxed);
        outcome
    })
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
