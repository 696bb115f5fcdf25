//! The outputs a build can make, and how the command line names them.

use std::fmt;
use std::str::FromStr;

/// An output format.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
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

impl Format {
    /// Every format, in the order a build makes them.
    pub const ALL: [Format; 4] = [Format::Epub, Format::Pdf, Format::Booklet, Format::Cover];

    /// The name the command line uses (`epub`).
    pub fn name(self) -> &'static str {
        match self {
            Format::Epub => "epub",
            Format::Pdf => "pdf",
            Format::Booklet => "booklet",
            Format::Cover => "cover",
        }
    }

    /// Reads a list of formats separated by commas and/or spaces, in any case
    /// (`epub,pdf`, `"epub pdf"`, `PDF`); each format once, in the order given.
    pub fn parse_list(list: &str) -> Result<Vec<Format>, UnknownFormat> {
        let mut out = Vec::new();
        for word in list.split([',', ' ', '\t']).filter(|w| !w.is_empty()) {
            let f: Format = word.parse()?;
            if !out.contains(&f) {
                out.push(f);
            }
        }
        if out.is_empty() {
            return Err(UnknownFormat(list.to_string()));
        }
        Ok(out)
    }
}

impl fmt::Display for Format {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.name())
    }
}

impl FromStr for Format {
    type Err = UnknownFormat;

    fn from_str(s: &str) -> Result<Format, UnknownFormat> {
        let s = s.trim();
        Format::ALL
            .into_iter()
            .find(|f| f.name().eq_ignore_ascii_case(s))
            .ok_or_else(|| UnknownFormat(s.to_string()))
    }
}

/// A format name that is none of [`Format::ALL`].
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UnknownFormat(pub String);

impl fmt::Display for UnknownFormat {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let valid: Vec<_> = Format::ALL.iter().map(|f| f.name()).collect();
        if self.0.trim().is_empty() {
            write!(f, "no format given; the formats are {}", valid.join(", "))
        } else {
            write!(
                f,
                "unknown format `{}`; the formats are {}",
                self.0,
                valid.join(", ")
            )
        }
    }
}

impl std::error::Error for UnknownFormat {}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lists_take_commas_spaces_and_any_case() {
        assert_eq!(
            Format::parse_list("epub pdf").unwrap(),
            [Format::Epub, Format::Pdf]
        );
        assert_eq!(
            Format::parse_list("PDF, Booklet,pdf").unwrap(),
            [Format::Pdf, Format::Booklet]
        );
        assert_eq!(
            Format::parse_list("mobi").unwrap_err().to_string(),
            "unknown format `mobi`; the formats are epub, pdf, booklet, cover"
        );
        assert!(Format::parse_list(" , ").is_err());
    }
}
