//! PDF/X-4 facts read back from the file (no validator can be installed): one
//! `/GTS_PDFX` output intent with a CMYK ICC profile, GTS_PDFXVersion and Trapped in
//! Info and XMP, Info and XMP agreeing, PDF 1.6, no encryption.

use crate::support::pdf_book;

use lopdf::{Document, Object};
use pamphleteer::pdf::{self, BookletOptions, PdfOptions};

fn print_pdf() -> Vec<u8> {
    let opts = PdfOptions {
        marks: false,
        date: pdf_book::date(),
    };
    let (pages, faces) = (pdf_book::pages(), pdf_book::faces());
    let (meta, geometry) = (pdf_book::metadata(), pdf_book::geometry());
    pdf::write(&pages, &faces, &meta, &geometry, &opts).unwrap()
}

fn booklet_pdf() -> Vec<u8> {
    let opts = BookletOptions {
        date: pdf_book::date(),
        creep: None,
        paper: pamphleteer::layout::Paper::A4,
    };
    let (pages, faces) = (pdf_book::pages(), pdf_book::faces());
    let (meta, geometry) = (pdf_book::metadata(), pdf_book::geometry());
    pdf::write_booklet(&pages, &faces, &meta, &geometry, &opts)
        .unwrap()
        .pdf
}

/// A PDF text string (PDFDocEncoding ASCII or UTF-16BE with BOM) as Rust text.
fn text(o: &Object) -> String {
    let bytes = o.as_str().unwrap();
    if let Some(utf16) = bytes.strip_prefix(&[0xfe, 0xff]) {
        let units: Vec<u16> = utf16
            .chunks(2)
            .map(|c| u16::from_be_bytes([c[0], c[1]]))
            .collect();
        String::from_utf16(&units).unwrap()
    } else {
        String::from_utf8(bytes.to_vec()).unwrap()
    }
}

/// The text between `<tag>` and `</tag>` in the XMP (first occurrence).
fn xmp_value<'a>(xmp: &'a str, tag: &str) -> &'a str {
    let start = xmp
        .find(&format!("<{tag}>"))
        .unwrap_or_else(|| panic!("{tag} missing"))
        + tag.len()
        + 2;
    let end = start + xmp[start..].find(&format!("</{tag}>")).unwrap();
    &xmp[start..end]
}

fn check_pdfx4(bytes: &[u8]) {
    assert!(bytes.starts_with(b"%PDF-1.6"), "header {:?}", &bytes[..8]);
    let doc = Document::load_mem(bytes).unwrap();
    assert!(doc.trailer.get(b"Encrypt").is_err(), "encrypted");
    assert!(doc.trailer.get(b"ID").is_ok(), "PDF/X needs a file ID");
    let catalog = doc.catalog().unwrap();
    let intents = catalog.get(b"OutputIntents").unwrap().as_array().unwrap();
    assert_eq!(intents.len(), 1);
    let intent = doc.dereference(&intents[0]).unwrap().1.as_dict().unwrap();
    assert_eq!(intent.get(b"S").unwrap().as_name().unwrap(), b"GTS_PDFX");
    assert_eq!(
        text(intent.get(b"OutputConditionIdentifier").unwrap()),
        "FOGRA39"
    );
    assert_eq!(
        text(intent.get(b"RegistryName").unwrap()),
        "http://www.color.org"
    );
    let profile = doc
        .dereference(intent.get(b"DestOutputProfile").unwrap())
        .unwrap()
        .1;
    let profile = profile.as_stream().unwrap();
    assert_eq!(profile.dict.get(b"N").unwrap().as_i64().unwrap(), 4);
    let icc = profile.decompressed_content().unwrap();
    assert_eq!(&icc[16..20], b"CMYK", "colour space of the profile");
    assert_eq!(&icc[12..16], b"prtr", "an output (printer) profile");

    let info = doc.trailer.get(b"Info").unwrap();
    let info = doc.dereference(info).unwrap().1.as_dict().unwrap();
    assert_eq!(text(info.get(b"GTS_PDFXVersion").unwrap()), "PDF/X-4");
    assert_eq!(info.get(b"Trapped").unwrap().as_name().unwrap(), b"False");

    let meta = doc
        .dereference(catalog.get(b"Metadata").unwrap())
        .unwrap()
        .1;
    let xmp = String::from_utf8(meta.as_stream().unwrap().content.clone()).unwrap();
    assert_eq!(xmp_value(&xmp, "pdfxid:GTS_PDFXVersion"), "PDF/X-4");
    assert_eq!(xmp_value(&xmp, "pdf:Trapped"), "False");
    let title = text(info.get(b"Title").unwrap());
    assert_eq!(title, pdf_book::metadata().title);
    let xml_title = title.replace('&', "&amp;");
    assert!(
        xmp.contains(&format!("x-default\">{xml_title}</rdf:li>")),
        "{xmp}"
    );
    let author = text(info.get(b"Author").unwrap());
    assert_eq!(author, "Ada Lovelace, Émile Zola");
    assert!(xmp.contains(&format!("<rdf:Seq><rdf:li>{author}</rdf:li></rdf:Seq>")));
    assert_eq!(
        text(info.get(b"CreationDate").unwrap()),
        "D:20261126000000Z"
    );
    assert_eq!(text(info.get(b"ModDate").unwrap()), "D:20261126000000Z");
    assert_eq!(xmp_value(&xmp, "xmp:CreateDate"), "2026-11-26T00:00:00Z");
    assert_eq!(xmp_value(&xmp, "xmp:ModifyDate"), "2026-11-26T00:00:00Z");
    assert_eq!(
        text(info.get(b"Creator").unwrap()),
        xmp_value(&xmp, "xmp:CreatorTool")
    );
    assert_eq!(
        text(info.get(b"Producer").unwrap()),
        xmp_value(&xmp, "pdf:Producer")
    );
    assert_eq!(
        xmp_value(&xmp, "xmpMM:DocumentID"),
        "uuid:5f1c1a52-0c1e-5d43-9a55-1a0d1b2c3d4e",
        "the book's own UUID"
    );
    assert_eq!(
        xmp_value(&xmp, "dc:publisher"),
        "<rdf:Bag><rdf:li>Test Press</rdf:li></rdf:Bag>"
    );
    assert!(xmp_value(&xmp, "xmpMM:InstanceID").starts_with("uuid:"));
    assert_eq!(text(catalog.get(b"Lang").unwrap()), "en-GB");
}

#[test]
fn the_print_pdf_states_pdfx4() {
    check_pdfx4(&print_pdf());
}

#[test]
fn the_booklet_states_pdfx4() {
    check_pdfx4(&booklet_pdf());
}

#[test]
fn the_document_id_is_the_books_and_the_instance_id_the_files() {
    let id = |bytes: &[u8], tag: &str| {
        let xmp = String::from_utf8_lossy(bytes).to_string();
        xmp_value(&xmp, tag).to_string()
    };
    let (print, booklet) = (print_pdf(), booklet_pdf());
    assert_eq!(
        id(&print, "xmpMM:DocumentID"),
        id(&booklet, "xmpMM:DocumentID")
    );
    assert_ne!(
        id(&print, "xmpMM:InstanceID"),
        id(&booklet, "xmpMM:InstanceID")
    );
}
