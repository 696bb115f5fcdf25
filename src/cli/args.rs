//! Command-line arguments (clap derive); each flag documents itself.

use clap::{Parser, Subcommand, ValueEnum};
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
        /// The project folder (holding manuscript/book.toml). Without it, and with no
        /// manuscript/ in the current folder, the bundled pamphlet is built.
        project: Option<PathBuf>,
        /// Where to write outputs (default: PROJECT/out).
        #[arg(long)]
        out: Option<PathBuf>,
        /// Which outputs to make, comma-separated.
        #[arg(long, value_enum, value_delimiter = ',', default_values_t = [Format::Epub, Format::Pdf, Format::Booklet, Format::Cover])]
        format: Vec<Format>,
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
        /// The project folder (default: current folder, or the bundled pamphlet).
        project: Option<PathBuf>,
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
    /// Create a new project that builds as it stands.
    New {
        /// The folder to create.
        dir: PathBuf,
    },
}

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum Format {
    /// Reflowable EPUB 3 (`<slug>.epub`).
    Epub,
    /// Print PDF (`<slug>.pdf`).
    Pdf,
    /// Imposed saddle-stitch booklet for office printers (`<slug>-booklet.pdf`).
    Booklet,
    /// The print cover: back, spine and front with bleed (`<slug>-cover.pdf`).
    Cover,
}
