//! The XMP packet of a PDF/X-4 file, written from the same [`DocInfo`] as the Info
//! dictionary: title, creator, dates, tool, `pdf:Trapped`, `pdfxid:GTS_PDFXVersion`
//! and the `xmpMM` ids.

use super::metadata::{DocInfo, PRODUCER, creator_tool};
use std::fmt::Write;

/// The PDF/X version this backend writes.
pub(crate) const PDFX_VERSION: &str = "PDF/X-4";

/// The full XMP packet (UTF-8, with the usual 2 KB of padding for in-place edits).
pub(crate) fn packet(info: &DocInfo, instance_id: &str) -> String {
    let date = info.date.iso();
    let mut x = String::new();
    x.push_str("<?xpacket begin=\"\u{feff}\" id=\"W5M0MpCehiHzreSzNTczkc9d\"?>\n");
    x.push_str("<x:xmpmeta xmlns:x=\"adobe:ns:meta/\">\n");
    x.push_str(" <rdf:RDF xmlns:rdf=\"http://www.w3.org/1999/02/22-rdf-syntax-ns#\">\n");
    x.push_str("  <rdf:Description rdf:about=\"\"\n");
    x.push_str("    xmlns:dc=\"http://purl.org/dc/elements/1.1/\"\n");
    x.push_str("    xmlns:xmp=\"http://ns.adobe.com/xap/1.0/\"\n");
    x.push_str("    xmlns:pdf=\"http://ns.adobe.com/pdf/1.3/\"\n");
    x.push_str("    xmlns:xmpMM=\"http://ns.adobe.com/xap/1.0/mm/\"\n");
    x.push_str("    xmlns:pdfxid=\"http://www.npes.org/pdfx/ns/id/\">\n");
    element(&mut x, "dc:format", "application/pdf");
    alt(&mut x, "dc:title", &info.title);
    if let Some(author) = &info.author {
        list(&mut x, "dc:creator", "Seq", author);
    }
    if let Some(subject) = &info.subject {
        alt(&mut x, "dc:description", subject);
    }
    list(&mut x, "dc:language", "Bag", &info.language);
    if let Some(publisher) = &info.publisher {
        list(&mut x, "dc:publisher", "Bag", publisher);
    }
    element(&mut x, "dc:identifier", &info.identifier);
    if let Some(rights) = &info.rights {
        alt(&mut x, "dc:rights", rights);
    }
    element(&mut x, "xmp:CreateDate", &date);
    element(&mut x, "xmp:ModifyDate", &date);
    element(&mut x, "xmp:MetadataDate", &date);
    element(&mut x, "xmp:CreatorTool", &creator_tool());
    element(&mut x, "pdf:Producer", PRODUCER);
    element(&mut x, "pdf:Trapped", "False");
    element(&mut x, "xmpMM:DocumentID", &info.document_id);
    element(&mut x, "xmpMM:InstanceID", instance_id);
    element(&mut x, "xmpMM:VersionID", "1");
    element(&mut x, "xmpMM:RenditionClass", "default");
    element(&mut x, "pdfxid:GTS_PDFXVersion", PDFX_VERSION);
    x.push_str("  </rdf:Description>\n </rdf:RDF>\n</x:xmpmeta>\n");
    for _ in 0..20 {
        x.push_str(&" ".repeat(99));
        x.push('\n');
    }
    x.push_str("<?xpacket end=\"w\"?>");
    x
}

fn element(x: &mut String, name: &str, value: &str) {
    let _ = writeln!(x, "   <{name}>{}</{name}>", escape(value));
}

/// A language alternative with only the default entry.
fn alt(x: &mut String, name: &str, value: &str) {
    let _ = writeln!(
        x,
        "   <{name}><rdf:Alt><rdf:li xml:lang=\"x-default\">{}</rdf:li></rdf:Alt></{name}>",
        escape(value)
    );
}

/// An ordered (`Seq`) or unordered (`Bag`) array with one entry.
fn list(x: &mut String, name: &str, kind: &str, value: &str) {
    let _ = writeln!(
        x,
        "   <{name}><rdf:{kind}><rdf:li>{}</rdf:li></rdf:{kind}></{name}>",
        escape(value)
    );
}

/// Escapes text for XML content and attributes.
fn escape(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' && c != '\r' => {}
            c => out.push(c),
        }
    }
    out
}

#[cfg(test)]
mod tests {
    use super::escape;

    #[test]
    fn xml_specials_are_escaped() {
        assert_eq!(
            escape("Tom & \"Jerry\" <3"),
            "Tom &amp; &quot;Jerry&quot; &lt;3"
        );
    }
}
