//! The image files print may set as figures, read from the project.

use super::frame::{Picture, Pictures};
use crate::model::Document;
use crate::parse::{ProjectFiles, images};
use std::sync::Arc;

/// The PNG and JPEG files the text shows, with their size in pixels, by the URL written
/// in the manuscript. Other kinds, and images of more than [`images::MAX_PIXELS`], are
/// left out: print sets their alt text.
pub fn read(doc: &Document, files: &dyn ProjectFiles) -> Pictures {
    doc.image_urls()
        .into_iter()
        .filter_map(|url| {
            let bytes = files.read(&images::image_path(&url)).ok()?;
            let (width, height) = images::pixel_size(&bytes)?;
            // Beyond what the parser accepts without a warning, print does not decode
            // it (a 60000 × 60000 header would ask for gigabytes): the alt text is set.
            if u64::from(width) * u64::from(height) > images::MAX_PIXELS {
                return None;
            }
            let picture = Picture {
                name: url.clone(),
                bytes: Arc::new(bytes),
                width,
                height,
            };
            Some((url, Arc::new(picture)))
        })
        .collect()
}
