//! Command-line arguments (clap derive); each flag documents itself.

use crate::build::Format;
use clap::{Parser, Subcommand};
use std::path::PathBuf;

/// Builds an EPUB 3 and a print-ready PDF from a Markdown manuscript.
#[derive(Debug, Parser)]
#[command(name = "pamphleteer", version, about)]
pub struct Cli {
    /// What to do.
    #[command(subcommand)]
    pub command: Command,
}

/// The subcommands.
#[derive(Debug, Subcommand)]
pub enum Command {
    /// Build the publication(s) of a project.
    Build {
        /// The project folder (holding manuscript/book.toml); default: the current folder.
        project: Option<PathBuf>,
        /// Build the bundled example pamphlet instead of a project (into ./out unless
        /// --out is given).
        #[arg(long, conflicts_with = "project")]
        example: bool,
        /// Where to write outputs (default: PROJECT/out).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Which outputs to make: epub, pdf, booklet, cover, separated by commas or
        /// spaces, in any case.
        #[arg(long, value_name = "FORMATS", default_value = "epub,pdf,booklet,cover", value_parser = formats)]
        format: Formats,
        /// Treat warnings as errors.
        #[arg(long)]
        deny_warnings: bool,
        /// Add crop marks and a slug line (title, page, date) outside the bleed of the print PDF.
        #[arg(long)]
        marks: bool,
        /// Shift the booklet's inner sheets toward the fold by the paper thickness
        /// (`[layout] paper-thickness`) per sheet, for thick booklets.
        #[arg(long)]
        creep: bool,
    },
    /// Parse and resolve everything and print all diagnostics; write nothing.
    Check {
        /// The project folder (holding manuscript/book.toml); default: the current folder.
        project: Option<PathBuf>,
        /// Check the bundled example pamphlet instead of a project.
        #[arg(long, conflicts_with = "project")]
        example: bool,
        /// Treat warnings as errors.
        #[arg(long)]
        deny_warnings: bool,
    },
    /// Preview the print pages and the EPUB in a browser, updated on every save.
    Serve {
        /// The project folder (default: the current folder).
        project: Option<PathBuf>,
        /// The port to listen on (0: any free port).
        #[arg(long, default_value_t = 3000)]
        port: u16,
        /// The address to listen on. Anything but loopback shows the manuscript to
        /// the network.
        #[arg(long, default_value = "127.0.0.1")]
        host: std::net::IpAddr,
        /// Open the preview in the default browser.
        #[arg(long)]
        open: bool,
    },
    /// Build, then build again whenever a file of the project changes.
    Watch {
        /// The project folder (default: the current folder).
        project: Option<PathBuf>,
        /// Where to write outputs (default: PROJECT/out).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// Contact sheets of the print edition with what a proofreader would circle
    /// marked (loose, tight and overfull lines, holes, hyphen ladders), and a line
    /// for each in the terminal.
    Proof {
        /// The project folder (default: the current folder).
        project: Option<PathBuf>,
        /// Where to write the sheets (default: PROJECT/out).
        #[arg(long)]
        out: Option<PathBuf>,
    },
    /// List the bundled citation styles (`[bibliography] style = "…"`); a house
    /// style can instead be a .csl file in the project.
    Styles,
    /// Create a new project that builds as it stands.
    New {
        /// The folder to create.
        dir: PathBuf,
    },
}

/// The formats of `--format`, as one value (clap keeps the list whole).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Formats(pub Vec<Format>);

/// Reads `--format`: commas or spaces, any case; an unknown name lists the valid ones.
fn formats(s: &str) -> Result<Formats, String> {
    Format::parse_list(s)
        .map(Formats)
        .map_err(|e| e.to_string())
}
