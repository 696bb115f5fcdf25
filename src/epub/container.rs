//! The OCF container: a zip whose first entry is `mimetype`, stored; every entry dated
//! 1980-01-01 and written in a fixed order, so two builds give identical bytes.

use super::{EpubError, Resource};
use crate::memo::{self, Key};
use std::collections::HashMap;
use std::io::{Cursor, Write};
use std::sync::{Arc, Mutex};
use zip::write::SimpleFileOptions;
use zip::{CompressionMethod, DateTime, ZipWriter};

const CONTAINER_XML: &str = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n\
<container version=\"1.0\" xmlns=\"urn:oasis:names:tc:opendocument:xmlns:container\">\n\
<rootfiles>\n<rootfile full-path=\"OEBPS/content.opf\" media-type=\"application/oebps-package+xml\"/>\n\
</rootfiles>\n</container>\n";

/// The last package zipped, and the fingerprint of each entry's bytes by name: the next
/// package copies an unchanged entry's compressed bytes instead of compressing again.
#[derive(Debug, Default)]
pub struct Last(Mutex<Option<Package>>);

/// A package's bytes, and the fingerprint of each entry's bytes by name.
type Package = (Arc<Vec<u8>>, HashMap<String, Key>);

/// Zips the package: mimetype, container.xml, the OPF, then `resources` in order. An
/// entry whose bytes (and options) the package in `last` holds is copied from it
/// compressed; this package is kept there for the next. Every entry's path and bytes
/// are handed back in `files` when it is `Some` (the live preview serves them).
pub fn zip_files(
    opf: &[u8],
    resources: &[Resource],
    last: &Last,
    files: &mut Option<super::Files>,
) -> Result<Vec<u8>, EpubError> {
    let err = |e: zip::result::ZipError| EpubError::Zip(e.to_string());
    let before = last.0.lock().map(|mut l| l.take()).unwrap_or(None);
    let mut old = before.as_ref().and_then(|(bytes, keys)| {
        let archive = zip::ZipArchive::new(Cursor::new(bytes.as_slice())).ok()?;
        Some((archive, keys))
    });
    let mut keys = HashMap::new();
    let mut zip = ZipWriter::new(Cursor::new(Vec::new()));
    let base = SimpleFileOptions::default()
        .last_modified_time(DateTime::DEFAULT)
        .unix_permissions(0o644);
    let stored = base.compression_method(CompressionMethod::Stored);
    let deflated = base.compression_method(CompressionMethod::Deflated);
    let mut put = |name: &str, data: &[u8], opts: SimpleFileOptions| -> Result<(), EpubError> {
        if let Some(files) = files.as_mut() {
            files.push((name.to_string(), data.to_vec()));
        }
        let key = memo::key(&(memo::key_bytes(data), opts));
        keys.insert(name.to_string(), key);
        if let Some((archive, old_keys)) = old.as_mut()
            && old_keys.get(name) == Some(&key)
            && let Ok(entry) = archive.by_name(name)
        {
            return zip.raw_copy_file(entry).map_err(err);
        }
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
    let bytes = zip.finish().map_err(err)?.into_inner();
    if let Ok(mut l) = last.0.lock() {
        *l = Some((Arc::new(bytes.clone()), keys));
    }
    Ok(bytes)
}
