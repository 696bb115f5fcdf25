//! Document metadata: one [`DocInfo`] from the book's metadata and a given date, from
//! which both the Info dictionary and the XMP packet are written, so they agree.

use crate::model::Metadata;
use uuid::Uuid;

/// A UTC date and time for CreationDate/ModDate; passed in, never read from the clock.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PdfDate {
    /// Year, e.g. 2026.
    pub year: u16,
    /// 1–12.
    pub month: u8,
    /// 1–31.
    pub day: u8,
    /// 0–23.
    pub hour: u8,
    /// 0–59.
    pub minute: u8,
    /// 0–59.
    pub second: u8,
}

impl PdfDate {
    /// Parses `YYYY`, `YYYY-MM` or `YYYY-MM-DD` (midnight UTC; a missing month or day is 1).
    pub fn from_iso(s: &str) -> Option<PdfDate> {
        let mut parts = s.trim().split('-');
        let year: u16 = parts.next().filter(|y| y.len() == 4)?.parse().ok()?;
        let month: u8 = parts.next().map_or(Some(1), |m| m.parse().ok())?;
        let day: u8 = parts.next().map_or(Some(1), |d| d.parse().ok())?;
        let valid = parts.next().is_none()
            && (1..=12).contains(&month)
            && (1..=days_in_month(year, month)).contains(&day);
        valid.then_some(PdfDate {
            year,
            month,
            day,
            hour: 0,
            minute: 0,
            second: 0,
        })
    }

    /// The UTC date of a Unix time in seconds (as in `SOURCE_DATE_EPOCH`).
    pub fn from_unix(secs: i64) -> Option<PdfDate> {
        if !(0..=253_402_300_799).contains(&secs) {
            return None;
        }
        let (days, rem) = (secs / 86_400, secs % 86_400);
        // Civil-from-days (Howard Hinnant's algorithm), for days since 1970-01-01.
        let z = days + 719_468;
        let era = z / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let day = (doy - (153 * mp + 2) / 5 + 1) as u8;
        let month = if mp < 10 { mp + 3 } else { mp - 9 } as u8;
        let year = (yoe + era * 400 + i64::from(month <= 2)) as u16;
        Some(PdfDate {
            year,
            month,
            day,
            hour: (rem / 3600) as u8,
            minute: (rem % 3600 / 60) as u8,
            second: (rem % 60) as u8,
        })
    }

    /// The date a build writes: the manuscript's date if it parses, else
    /// `SOURCE_DATE_EPOCH` (the variable's text), else 1970-01-01 — never the clock.
    pub fn for_build(manuscript: Option<&str>, source_date_epoch: Option<&str>) -> PdfDate {
        manuscript
            .and_then(PdfDate::from_iso)
            .or_else(|| {
                source_date_epoch
                    .and_then(|s| s.trim().parse().ok())
                    .and_then(PdfDate::from_unix)
            })
            .unwrap_or(PdfDate {
                year: 1970,
                month: 1,
                day: 1,
                hour: 0,
                minute: 0,
                second: 0,
            })
    }

    /// `D:YYYYMMDDHHmmSSZ`, the Info dictionary's form.
    pub fn to_pdf(self) -> String {
        format!(
            "D:{:04}{:02}{:02}{:02}{:02}{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }

    /// `YYYY-MM-DDTHH:MM:SSZ`, the XMP form.
    pub fn to_xmp(self) -> String {
        format!(
            "{:04}-{:02}-{:02}T{:02}:{:02}:{:02}Z",
            self.year, self.month, self.day, self.hour, self.minute, self.second
        )
    }

    /// `YYYY-MM-DD`, for slug lines.
    pub fn to_iso_day(self) -> String {
        format!("{:04}-{:02}-{:02}", self.year, self.month, self.day)
    }

    fn to_krilla(self) -> krilla::metadata::DateTime {
        krilla::metadata::DateTime::new(self.year)
            .month(self.month)
            .day(self.day)
            .hour(self.hour)
            .minute(self.minute)
            .second(self.second)
            .utc_offset_hour(0)
            .utc_offset_minute(0)
    }
}

fn days_in_month(year: u16, month: u8) -> u8 {
    let leap = (year % 4 == 0 && year % 100 != 0) || year % 400 == 0;
    match month {
        2 if leap => 29,
        2 => 28,
        4 | 6 | 9 | 11 => 30,
        _ => 31,
    }
}

/// What the program calls itself in Info /Creator and `xmp:CreatorTool`.
pub(crate) fn creator_tool() -> String {
    format!("pamphleteer {}", env!("CARGO_PKG_VERSION"))
}

/// The PDF library, for Info /Producer and `pdf:Producer`.
pub(crate) const PRODUCER: &str = "krilla 0.8.2 and lopdf 0.47 (pamphleteer)";

/// The metadata krilla writes itself (the post-processing rewrites Info and XMP from
/// the same values; krilla's part that survives is the catalog's /Lang).
pub(crate) fn krilla_metadata(meta: &Metadata, date: PdfDate) -> krilla::metadata::Metadata {
    let mut m = krilla::metadata::Metadata::new()
        .title(meta.title.clone())
        .language(meta.language.clone())
        .creator(creator_tool())
        .producer(PRODUCER.to_string())
        .creation_date(date.to_krilla());
    if !meta.authors.is_empty() {
        m = m.authors(meta.authors.clone());
    }
    m
}

/// Everything Info and XMP say about the document, in one place.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct DocInfo {
    /// Title, with the subtitle after a colon.
    pub title: String,
    /// Authors joined by ", " (Info /Author and the single `dc:creator` entry).
    pub author: Option<String>,
    /// The description (Info /Subject, `dc:description`).
    pub subject: Option<String>,
    /// BCP 47 language.
    pub language: String,
    /// The book's identifier (`dc:identifier`).
    pub identifier: String,
    /// Rights statement (`dc:rights`).
    pub rights: Option<String>,
    /// Creation and modification date.
    pub date: PdfDate,
    /// `uuid:…` derived from the identifier: the same for every build of the book.
    pub document_id: String,
}

impl DocInfo {
    /// Gathers the values from the book's metadata.
    pub fn new(meta: &Metadata, date: PdfDate) -> DocInfo {
        let title = match &meta.subtitle {
            Some(sub) if !sub.is_empty() => format!("{}: {}", meta.title, sub),
            _ => meta.title.clone(),
        };
        let identifier = meta.identifier.urn();
        let doc_uuid = Uuid::new_v5(&Uuid::NAMESPACE_URL, identifier.as_bytes());
        DocInfo {
            title,
            author: (!meta.authors.is_empty()).then(|| meta.authors.join(", ")),
            subject: meta.description.clone(),
            language: meta.language.clone(),
            identifier,
            rights: meta.rights.clone(),
            date,
            document_id: format!("uuid:{doc_uuid}"),
        }
    }

    /// `uuid:…` for this rendition: derived from the document id and the file's content.
    pub fn instance_id(&self, content: &[u8]) -> String {
        let ns = Uuid::new_v5(&Uuid::NAMESPACE_URL, self.document_id.as_bytes());
        format!("uuid:{}", Uuid::new_v5(&ns, content))
    }
}
