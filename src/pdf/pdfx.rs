//! PDF/X-4 post-processing with lopdf (krilla has no PDF/X): the FOGRA39 output
//! intent, the Info dictionary and XMP packet rewritten from one [`DocInfo`]
//! (`GTS_PDFXVersion`, `/Trapped /False`, dates, ids), header version 1.6.
//!
//! PDF/X-4 (ISO 15930-7) is built on PDF 1.6, so the header says 1.6; krilla was
//! configured for 1.6 too, so nothing newer is inside.

use super::metadata::{DocInfo, PRODUCER, creator_tool, pdf_date};
use super::xmp::{self, PDFX_VERSION};
use super::{FOGRA39_ICC, FOGRA39_ICC_ZLIB, PdfError};
use lopdf::{Dictionary, Object, ObjectId, Stream, StringFormat};

/// The characterised printing condition, as registered with the ICC.
const OUTPUT_CONDITION_ID: &str = "FOGRA39";
const OUTPUT_CONDITION: &str = "Offset printing, coated paper (ISO 12647-2:2004/Amd 1, FOGRA39L)";
const REGISTRY: &str = "http://www.color.org";

/// Turns krilla's PDF into a PDF/X-4 file.
pub(crate) fn make_pdfx4(bytes: &[u8], info: &DocInfo) -> Result<Vec<u8>, PdfError> {
    let mut doc = load(bytes)?;
    finish(&mut doc, info, bytes)?;
    save(doc, bytes.len())
}

/// A lopdf error as ours.
pub(crate) fn post(e: lopdf::Error) -> PdfError {
    PdfError::PostProcess(e.to_string())
}

/// Reads krilla's PDF for post-processing.
pub(crate) fn load(bytes: &[u8]) -> Result<lopdf::Document, PdfError> {
    let doc = lopdf::Document::load_mem(bytes).map_err(post)?;
    if doc.is_encrypted() {
        return Err(PdfError::PostProcess("PDF/X forbids encryption".into()));
    }
    Ok(doc)
}

/// Makes `doc` PDF/X-4: header 1.6, links not printed, the output intent, and Info and
/// XMP from `info`, the XMP instance id derived from `content` (the bytes this
/// rendition was made from).
pub(crate) fn finish(
    doc: &mut lopdf::Document,
    info: &DocInfo,
    content: &[u8],
) -> Result<(), PdfError> {
    doc.version = "1.6".into();
    unprint_links(doc);
    let intent = output_intent(doc).map_err(post)?;
    let xmp_stream = xmp_stream(xmp::packet(info, &info.instance_id(content)));
    let catalog = doc.catalog_mut().map_err(post)?;
    let old_metadata = catalog.get(b"Metadata").and_then(Object::as_reference).ok();
    catalog.set(
        "OutputIntents",
        Object::Array(vec![Object::Reference(intent)]),
    );
    let metadata_id = replace_or_add(doc, old_metadata, Object::Stream(xmp_stream));
    doc.catalog_mut()
        .map_err(post)?
        .set("Metadata", metadata_id);
    let old_info = doc.trailer.get(b"Info").and_then(Object::as_reference).ok();
    let info_id = replace_or_add(doc, old_info, Object::Dictionary(info_dict(info)));
    doc.trailer.set("Info", info_id);
    Ok(())
}

/// Writes the finished file (`hint`: about how long it will be).
pub(crate) fn save(mut doc: lopdf::Document, hint: usize) -> Result<Vec<u8>, PdfError> {
    let mut out = Vec::with_capacity(hint + FOGRA39_ICC.len());
    doc.save_to(&mut out)
        .map_err(|e| PdfError::PostProcess(e.to_string()))?;
    Ok(out)
}

/// Clears the Print flag krilla sets on borderless links: a link is for the screen, and
/// PDF/X wants no printing annotation inside the bleed box.
fn unprint_links(doc: &mut lopdf::Document) {
    for object in doc.objects.values_mut() {
        if let Object::Dictionary(d) = object {
            let is_link =
                d.get(b"Subtype").and_then(Object::as_name).ok() == Some(b"Link".as_slice());
            if is_link {
                d.remove(b"F");
            }
        }
    }
}

/// Puts `object` in place of `old` (keeping its number) or adds it.
fn replace_or_add(doc: &mut lopdf::Document, old: Option<ObjectId>, object: Object) -> ObjectId {
    match old {
        Some(id) => {
            doc.objects.insert(id, object);
            id
        }
        None => doc.add_object(object),
    }
}

/// Adds the ICC profile stream and the `/GTS_PDFX` output intent that names it.
fn output_intent(doc: &mut lopdf::Document) -> lopdf::Result<ObjectId> {
    let icc_id = doc.add_object(icc_stream()?);
    let mut intent = Dictionary::new();
    intent.set("Type", Object::Name(b"OutputIntent".to_vec()));
    intent.set("S", Object::Name(b"GTS_PDFX".to_vec()));
    intent.set("OutputConditionIdentifier", text(OUTPUT_CONDITION_ID));
    intent.set("OutputCondition", text(OUTPUT_CONDITION));
    intent.set("Info", text("Coated FOGRA39 (ISO 12647-2:2004)"));
    intent.set("RegistryName", text(REGISTRY));
    intent.set("DestOutputProfile", icc_id);
    Ok(doc.add_object(intent))
}

/// The FOGRA39 profile as a stream, deflated at compile time (see build.rs).
fn icc_stream() -> lopdf::Result<Stream> {
    let mut icc_dict = Dictionary::new();
    icc_dict.set("N", 4);
    icc_dict.set("Alternate", Object::Name(b"DeviceCMYK".to_vec()));
    icc_dict.set("Filter", Object::Name(b"FlateDecode".to_vec()));
    let mut icc = Stream::new(icc_dict, FOGRA39_ICC_ZLIB.to_vec());
    icc.allows_compression = false;
    Ok(icc)
}

/// The XMP packet as an uncompressed metadata stream (so tools can find it by scanning).
fn xmp_stream(packet: String) -> Stream {
    let mut dict = Dictionary::new();
    dict.set("Type", Object::Name(b"Metadata".to_vec()));
    dict.set("Subtype", Object::Name(b"XML".to_vec()));
    let mut stream = Stream::new(dict, packet.into_bytes());
    stream.allows_compression = false;
    stream
}

/// The Info dictionary, from the same values as the XMP.
fn info_dict(info: &DocInfo) -> Dictionary {
    let mut d = Dictionary::new();
    d.set("Title", text(&info.title));
    if let Some(author) = &info.author {
        d.set("Author", text(author));
    }
    if let Some(subject) = &info.subject {
        d.set("Subject", text(subject));
    }
    d.set("Creator", text(&creator_tool()));
    d.set("Producer", text(PRODUCER));
    let date = pdf_date(info.date);
    d.set("CreationDate", text(&date));
    d.set("ModDate", text(&date));
    d.set("Trapped", Object::Name(b"False".to_vec()));
    d.set("GTS_PDFXVersion", text(PDFX_VERSION));
    d
}

/// A PDF text string: PDFDocEncoding-safe ASCII as a literal, anything else UTF-16BE.
fn text(s: &str) -> Object {
    if s.bytes().all(|b| (0x20..0x7f).contains(&b)) {
        Object::String(s.as_bytes().to_vec(), StringFormat::Literal)
    } else {
        let mut bytes = vec![0xfe, 0xff];
        for unit in s.encode_utf16() {
            bytes.extend_from_slice(&unit.to_be_bytes());
        }
        Object::String(bytes, StringFormat::Hexadecimal)
    }
}
