//! The OCF container: a zip whose first entry is `mimetype`, stored; every entry dated
//! 1980-01-01 and written in a fixed order, so two builds give identical bytes.

use super::{EpubError, Resource};
use std::io::{Cursor, Write};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

const CONTAINER_XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n\
<rootfiles>\n<rootfile full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\"/>\n\
</rootfiles>\n</container>\n";

/// Zips the package: mimetype, container.xml, the OPF, then `resources` in order.
pub fn zip(opf: &[u8], resources: &[Resource]) -> Result<Vec<u8>, EpubError> {
    let err = |e: zip::result::ZipError| EpubError::Zip(e.to_string());
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let base = SimpleFileOptions::default()
        .last_modified_time(DateTime::DEFAULT)
        .unix_permissions(0o644);
    let stored = base.compression_method(CompressionMethod::Stored);
    let deflated = base.compression_method(CompressionMethod::Deflated);
    let mut put = |name: &str, data: &[u8], opts: SimpleFileOptions| -> Result<(), EpubError> {
        zip.start_file(name, opts).map_err(err)?;
        zip.write_all(data)
            .map_err(|e| EpubError::Zip(e.to_string()))
    };
    put("mimetype", b"application/epub+zip", stored)?;
    put("META-INF/container.xml", CONTAINER_XML.as_bytes(), deflated)?;
    put("OEBPS/content.opf", opf, deflated)?;
    for r in resources {
        let opts = if r.media_type.starts_with("image/") {
            stored
        } else {
            deflated
        };
        put(&format!("OEBPS/{}", r.href), &r.data, opts)?;
    }
    Ok(zip.finish().map_err(err)?.into_inner())
}
