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
        Command::Styles => {
            print!("{}", crate::parse::bibliography::styles_listing());
            return ExitCode::SUCCESS;
        }
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
        Command::Serve {
            project,
            port,
            host,
            open,
        } => {
            let project = project.clone().unwrap_or_else(|| ".".into());
            return serve(&project, *host, *port, *open);
        }
        Command::Proof { project, out } => {
            let project = project.clone().unwrap_or_else(|| ".".into());
            return proof(&project, out.as_deref());
        }
        Command::Watch { project, out } => {
            let opts = BuildOptions {
                project: Some(project.clone().unwrap_or_else(|| ".".into())),
                out: out.clone(),
                formats: vec![Format::Epub, Format::Pdf, Format::Booklet, Format::Cover],
                write: true,
                ..BuildOptions::default()
            };
            return watch(&opts);
        }
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

/// `serve`: the preview server, rebuilding on every save until interrupted.
fn serve(project: &std::path::Path, host: std::net::IpAddr, port: u16, open: bool) -> ExitCode {
    if !host.is_loopback() {
        eprintln!(
            "warning: serving on {host}: anyone who can reach this machine can read the manuscript"
        );
    }
    let opts = crate::serve::ServeOptions {
        project: project.to_path_buf(),
        host,
        port,
    };
    let running = match crate::serve::start(&opts) {
        Ok(r) => r,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    let url = format!("http://{}/", running.addr);
    eprintln!(
        "     Serving {} at {url} (Ctrl-C to stop)",
        project.display()
    );
    if open {
        let _ = std::process::Command::new("xdg-open").arg(&url).spawn();
    }
    let told = |outcome: &Outcome| {
        report(outcome);
    };
    match crate::serve::rebuild_on_change(project, &running.preview, told) {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("error: {e}");
            ExitCode::FAILURE
        }
    }
}

/// `watch`: build, then build again after every change to the project's inputs.
fn watch(opts: &BuildOptions) -> ExitCode {
    let project = opts.project.clone().unwrap_or_else(|| ".".into());
    let mut changes = match crate::serve::Changes::watch(&project) {
        Ok(c) => c,
        Err(e) => {
            eprintln!("error: {e}");
            return ExitCode::FAILURE;
        }
    };
    // Every rebuild starts from what the one before left: the same bytes, sooner.
    let (warm, stage) = (build::Warm::kept(), Stage::default());
    report(&build::run_warm(opts, &stage, &warm));
    eprintln!(
        "    Watching {} for changes (Ctrl-C to stop)",
        project.display()
    );
    while let Some(changed) = changes.wait() {
        let names: Vec<String> = changed.iter().map(|p| p.display().to_string()).collect();
        eprintln!("     Changed {}", names.join(", "));
        report(&build::run_warm(opts, &stage, &warm));
    }
    ExitCode::SUCCESS
}

/// `proof`: contact sheets of the print pages with the findings marked.
fn proof(project: &std::path::Path, out: Option<&std::path::Path>) -> ExitCode {
    let started = std::time::Instant::now();
    let mut outcome = Outcome::default();
    if !project.join("manuscript/book.toml").is_file() {
        eprintln!(
            "error: {} is not a pamphleteer project (no manuscript/book.toml)",
            project.display()
        );
        return ExitCode::FAILURE;
    }
    let opts = build::MakeOptions {
        fonts_root: Some(project.to_path_buf()),
        keep_pages: true,
        ..build::MakeOptions::default()
    };
    let files = crate::parse::DirFiles::new(project);
    let print = build::make(&files, &opts, &mut outcome).and_then(|p| p.pages);
    let Some(print) = print else {
        return report(&outcome);
    };
    let findings = crate::proof::findings(&print);
    let at = |span| outcome.sources.locate(span).map(|l| l.to_string());
    for f in &findings {
        eprintln!("{}", f.line(at));
    }
    let dir = out.map_or_else(|| project.join("out"), std::path::Path::to_path_buf);
    let sheets = crate::proof::sheets(&print, &findings);
    for (i, sheet) in sheets.iter().enumerate() {
        let path = dir.join(format!("proof-{}.png", i + 1));
        let written = crate::cover::raster::encode_png(sheet)
            .map_err(|e| format!("{e:?}"))
            .and_then(|png| crate::output::write_atomic(&path, &png).map_err(|e| e.to_string()));
        match written {
            Ok(()) => eprintln!("{:>12} {}", "Wrote", path.display()),
            Err(e) => {
                eprintln!("error: cannot write {}: {e}", path.display());
                return ExitCode::FAILURE;
            }
        }
    }
    let count = |k| findings.iter().filter(|f| f.kind == k).count();
    use crate::proof::Kind;
    eprintln!(
        "{:>12} {} pages in {:.2} s: {} loose, {} tight, {} overfull, {} holes, {} lines in hyphen ladders",
        "Proofed",
        print.pages.pages.len(),
        started.elapsed().as_secs_f64(),
        count(Kind::Loose),
        count(Kind::Tight),
        count(Kind::Overfull),
        count(Kind::Hole),
        count(Kind::Ladder),
    );
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
