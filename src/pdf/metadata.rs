//! Document metadata: one [`DocInfo`] from the book's metadata and a given date, from
//! which both the Info dictionary and the XMP packet are written, so they agree.

use crate::model::Metadata;
use crate::output::Timestamp;
use uuid::Uuid;

/// `D:YYYYMMDDHHmmSSZ`, the Info dictionary's form of a date.
pub(crate) fn pdf_date(t: Timestamp) -> String {
    format!(
        "D:{:04}{:02}{:02}{:02}{:02}{:02}Z",
        t.year.clamp(0, 9999),
        t.month,
        t.day,
        t.hour,
        t.minute,
        t.second
    )
}

fn krilla_date(t: Timestamp) -> krilla::metadata::DateTime {
    krilla::metadata::DateTime::new(t.year.clamp(0, 9999) as u16)
        .month(t.month)
        .day(t.day)
        .hour(t.hour)
        .minute(t.minute)
        .second(t.second)
        .utc_offset_hour(0)
        .utc_offset_minute(0)
}

/// What the program calls itself in Info /Creator and `xmp:CreatorTool`.
pub(crate) fn creator_tool() -> String {
    format!("pamphleteer {}", env!("CARGO_PKG_VERSION"))
}

/// The PDF library, for Info /Producer and `pdf:Producer`.
pub(crate) const PRODUCER: &str = "krilla 0.8.2 and lopdf 0.47 (pamphleteer)";

/// The metadata krilla writes itself (the post-processing rewrites Info and XMP from
/// the same values; krilla's part that survives is the catalog's /Lang).
pub(crate) fn krilla_metadata(meta: &Metadata, date: Timestamp) -> krilla::metadata::Metadata {
    let mut m = krilla::metadata::Metadata::new()
        .title(meta.title.clone())
        .language(meta.language.clone())
        .creator(creator_tool())
        .producer(PRODUCER.to_string())
        .creation_date(krilla_date(date));
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
    /// Publisher (`dc:publisher`; Info has no such key).
    pub publisher: Option<String>,
    /// Creation and modification date.
    pub date: Timestamp,
    /// `uuid:…`: the book's own UUID, or one derived from its identifier — the same
    /// for every build of the book.
    pub document_id: String,
}

impl DocInfo {
    /// Gathers the values from the book's metadata.
    pub fn new(meta: &Metadata, date: Timestamp) -> DocInfo {
        let title = match &meta.subtitle {
            Some(sub) if !sub.is_empty() => {
                format!("{}{} {}", meta.title, meta.locale.colon(), sub)
            }
            _ => meta.title.clone(),
        };
        let identifier = meta.identifier.urn();
        // A book identified by a UUID keeps it; any other identifier names a v5 UUID.
        let doc_uuid = identifier
            .strip_prefix("urn:uuid:")
            .and_then(|u| Uuid::parse_str(u).ok())
            .unwrap_or_else(|| Uuid::new_v5(&Uuid::NAMESPACE_URL, identifier.as_bytes()));
        DocInfo {
            title,
            author: (!meta.authors.is_empty()).then(|| meta.authors.join(", ")),
            subject: meta.description.clone(),
            language: meta.language.clone(),
            identifier,
            rights: meta.rights.clone(),
            publisher: meta.publisher.clone(),
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
