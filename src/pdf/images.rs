//! Raster images for print: every image that reaches a PDF is CMYK or gray.
//!
//! PDF/X-4's contract here is "every colour CMYK or gray", so an RGB image is
//! colour-managed into the output intent's profile (the vendored FOGRA39, the same
//! bytes [`super::FOGRA39_ICC`] that `pdfx` embeds) with moxcms, from its own embedded
//! profile (PNG `iCCP`, JPEG `APP2`) or, without one, from sRGB. Alpha is flattened
//! against paper white (the PDF gets no soft mask). Gray images stay DeviceGray; CMYK
//! JPEGs pass through untouched (they were separated for print already). The result is
//! handed to krilla as a [`CustomImage`] without a profile, so krilla writes it as
//! DeviceCMYK or DeviceGray, which the output intent characterises.
//!
//! An image that cannot be decoded or converted is a [`PdfError::Image`] naming the
//! file, why, and what to do.

use super::{FOGRA39_ICC, PdfError};
use crate::model::ImageKind;
use krilla::image::{BitsPerComponent, CustomImage, Image, ImageColorspace};
use moxcms::{ColorProfile, DataColorSpace, Layout, RenderingIntent, TransformOptions};
use std::cell::RefCell;
use std::collections::HashMap;
use std::sync::{Arc, OnceLock};
use zune_jpeg::JpegDecoder;
use zune_jpeg::zune_core::bytestream::ZCursor;
use zune_jpeg::zune_core::colorspace::ColorSpace;
use zune_jpeg::zune_core::options::DecoderOptions;

/// Decoded pixels ready for the PDF: 8-bit gray or CMYK, no alpha.
#[derive(Clone, Hash)]
struct Pixels {
    width: u32,
    height: u32,
    cmyk: bool,
    data: Arc<Vec<u8>>,
}

impl CustomImage for Pixels {
    fn color_channel(&self) -> &[u8] {
        &self.data
    }
    fn alpha_channel(&self) -> Option<&[u8]> {
        None
    }
    fn bits_per_component(&self) -> BitsPerComponent {
        BitsPerComponent::Eight
    }
    fn size(&self) -> (u32, u32) {
        (self.width, self.height)
    }
    /// No profile: krilla then writes DeviceCMYK / DeviceGray, characterised by the
    /// output intent (an ICCBased CMYK with the same FOGRA39 bytes would only repeat it).
    fn icc_profile(&self) -> Option<&[u8]> {
        None
    }
    fn color_space(&self) -> ImageColorspace {
        if self.cmyk {
            ImageColorspace::Cmyk
        } else {
            ImageColorspace::Luma
        }
    }
}

/// Images already made for one PDF, by name, so an image drawn twice is converted once.
#[derive(Default)]
pub(crate) struct ImageCache(RefCell<HashMap<String, Image>>);

impl ImageCache {
    /// The print image of `bytes`, converting it the first time `name` is seen.
    pub fn get(&self, name: &str, bytes: &[u8]) -> Result<Image, PdfError> {
        if let Some(image) = self.0.borrow().get(name) {
            return Ok(image.clone());
        }
        let image = print_image(name, bytes)?;
        self.0.borrow_mut().insert(name.to_string(), image.clone());
        Ok(image)
    }
}

/// The PNG or JPEG `bytes` as an image krilla writes in DeviceCMYK or DeviceGray.
/// `name` is the file as the user knows it, for the error message.
pub(crate) fn print_image(name: &str, bytes: &[u8]) -> Result<Image, PdfError> {
    let fail = |why: String| PdfError::Image {
        name: name.to_string(),
        why,
    };
    let pixels = match ImageKind::sniff(bytes) {
        Some(ImageKind::Png) => png_pixels(bytes).map_err(fail)?,
        Some(ImageKind::Jpeg) => match jpeg_pixels(bytes).map_err(fail)? {
            Some(p) => p,
            // A CMYK JPEG was separated for print already: embed it as it is (DCT).
            None => {
                return Image::from_jpeg(bytes.to_vec().into(), false)
                    .map_err(|e| fail(format!("its CMYK JPEG data cannot be read ({e})")));
            }
        },
        _ => return Err(fail("it is neither PNG nor JPEG".into())),
    };
    Image::from_custom(pixels, false).map_err(fail)
}

/// A PNG decoded, flattened and converted.
fn png_pixels(bytes: &[u8]) -> Result<Pixels, String> {
    let limits = png::Limits {
        bytes: 1 << 30, // the parser already warns above 25 million pixels
    };
    let mut decoder = png::Decoder::new_with_limits(std::io::Cursor::new(bytes), limits);
    decoder.set_transformations(png::Transformations::normalize_to_color8());
    let mut reader = decoder
        .read_info()
        .map_err(|e| format!("its PNG header cannot be read ({e})"))?;
    let icc = reader.info().icc_profile.as_ref().map(|p| p.to_vec());
    let size = reader
        .output_buffer_size()
        .ok_or("it is too large to decode")?;
    let mut buf = vec![0; size];
    let frame = reader
        .next_frame(&mut buf)
        .map_err(|e| format!("its PNG data is damaged ({e})"))?;
    buf.truncate(frame.buffer_size());
    let (width, height) = (frame.width, frame.height);
    let channels = match frame.color_type {
        png::ColorType::Grayscale => 1,
        png::ColorType::GrayscaleAlpha => 2,
        png::ColorType::Rgb => 3,
        png::ColorType::Rgba => 4,
        png::ColorType::Indexed => return Err("its palette could not be expanded".into()),
    };
    // Each row may carry padding after normalisation; take exactly width × channels.
    let row = frame.line_size;
    let used = width as usize * channels;
    let mut samples = Vec::with_capacity(used * height as usize);
    for r in 0..height as usize {
        samples.extend_from_slice(&buf[r * row..r * row + used]);
    }
    let flat = flatten(&samples, channels);
    let color = if channels <= 2 { 1 } else { 3 };
    finish(width, height, flat, color, icc.as_deref())
}

/// A JPEG decoded and converted; `None` for a CMYK JPEG, which passes through.
fn jpeg_pixels(bytes: &[u8]) -> Result<Option<Pixels>, String> {
    let mut decoder = JpegDecoder::new(ZCursor::new(bytes));
    decoder
        .decode_headers()
        .map_err(|e| format!("its JPEG header cannot be read ({e})"))?;
    let input = decoder
        .input_colorspace()
        .ok_or("its JPEG colour space is unknown")?;
    let (out, color) = match input {
        ColorSpace::CMYK | ColorSpace::YCCK => return Ok(None),
        ColorSpace::Luma | ColorSpace::LumaA => (ColorSpace::Luma, 1),
        _ => (ColorSpace::RGB, 3),
    };
    let icc = decoder.icc_profile();
    let options = DecoderOptions::default()
        .jpeg_set_out_colorspace(out)
        .set_max_width(1 << 16)
        .set_max_height(1 << 16);
    decoder.set_options(options);
    let samples = decoder
        .decode()
        .map_err(|e| format!("its JPEG data is damaged ({e})"))?;
    let info = decoder.info().ok_or("its JPEG size is unknown")?;
    let (width, height) = (u32::from(info.width), u32::from(info.height));
    if samples.len() != width as usize * height as usize * color {
        return Err("its JPEG data decodes to the wrong number of pixels".into());
    }
    finish(width, height, samples, color, icc.as_deref()).map(Some)
}

/// Samples with alpha composited over paper white (the alpha channel dropped); samples
/// without alpha as they are. Compositing in the image's own encoding is what a layout
/// program's "flatten" does.
fn flatten(samples: &[u8], channels: usize) -> Vec<u8> {
    if channels % 2 == 1 {
        return samples.to_vec();
    }
    let color = channels - 1;
    let mut out = Vec::with_capacity(samples.len() / channels * color);
    for px in samples.chunks_exact(channels) {
        let a = u32::from(px[color]);
        for &c in &px[..color] {
            // c·a + 255·(1 − a), rounded.
            out.push(((u32::from(c) * a + 255 * (255 - a) + 127) / 255) as u8);
        }
    }
    out
}

/// Gray samples as they are; RGB samples converted to FOGRA39 CMYK — unless every
/// pixel is neutral, when they are printed as gray on the black plate alone.
fn finish(
    width: u32,
    height: u32,
    samples: Vec<u8>,
    color: usize,
    icc: Option<&[u8]>,
) -> Result<Pixels, String> {
    if width == 0 || height == 0 {
        return Err(format!("it is {width} × {height} pixels"));
    }
    let gray = |data: Vec<u8>| Pixels {
        width,
        height,
        cmyk: false,
        data: Arc::new(data),
    };
    if color == 1 {
        return Ok(gray(samples));
    }
    if samples
        .chunks_exact(3)
        .all(|p| p[0] == p[1] && p[1] == p[2])
    {
        return Ok(gray(samples.chunks_exact(3).map(|p| p[0]).collect()));
    }
    let mut cmyk = vec![0u8; samples.len() / 3 * 4];
    let transform = match icc {
        Some(profile) => rgb_to_cmyk(profile)?,
        None => srgb_to_cmyk()?,
    };
    transform
        .transform(&samples, &mut cmyk)
        .map_err(|e| format!("the colour conversion failed ({e:?})"))?;
    Ok(Pixels {
        width,
        height,
        cmyk: true,
        data: Arc::new(cmyk),
    })
}

type Transform = Arc<moxcms::Transform8BitExecutor>;

/// FOGRA39, parsed once per process.
fn fogra39() -> Result<&'static ColorProfile, String> {
    static PROFILE: OnceLock<Result<ColorProfile, String>> = OnceLock::new();
    PROFILE
        .get_or_init(|| {
            ColorProfile::new_from_slice(FOGRA39_ICC)
                .map_err(|e| format!("the FOGRA39 output profile cannot be read ({e:?})"))
        })
        .as_ref()
        .map_err(Clone::clone)
}

/// sRGB → FOGRA39, built once per process (most images carry no profile).
fn srgb_to_cmyk() -> Result<Transform, String> {
    static SRGB: OnceLock<Result<Transform, String>> = OnceLock::new();
    SRGB.get_or_init(|| transform(&ColorProfile::new_srgb()))
        .clone()
}

/// An embedded RGB profile → FOGRA39.
fn rgb_to_cmyk(icc: &[u8]) -> Result<Transform, String> {
    let source = ColorProfile::new_from_slice(icc).map_err(|e| {
        format!("its embedded colour profile cannot be read ({e:?}); save it again as sRGB")
    })?;
    if source.color_space != DataColorSpace::Rgb {
        return Err(format!(
            "its embedded colour profile is for {:?}, not RGB; save it again as sRGB",
            source.color_space
        ));
    }
    transform(&source)
}

/// RGB → FOGRA39 CMYK, perceptual. Perceptual rather than relative colorimetric:
/// screen RGB is far wider than coated offset, and moxcms has no black-point
/// compensation, so relative colorimetric would clip saturated colours to flat patches
/// and block up the shadows; the profile's perceptual tables compress the gamut and map
/// black to the paper's black, which is what photographs and illustrations in a book
/// want. (Flat brand colours are text and rules, set in CMYK directly, not images.)
fn transform(source: &ColorProfile) -> Result<Transform, String> {
    let options = TransformOptions {
        rendering_intent: RenderingIntent::Perceptual,
        ..TransformOptions::default()
    };
    // moxcms lays out 8-bit CMYK like RGBA: four samples per pixel.
    source
        .create_transform_8bit(Layout::Rgb, fogra39()?, Layout::Rgba, options)
        .map_err(|e| format!("no conversion to FOGRA39 CMYK ({e:?})"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn alpha_flattens_to_white() {
        assert_eq!(flatten(&[0, 0, 0, 0], 4), vec![255, 255, 255]);
        assert_eq!(flatten(&[0, 0, 0, 255], 4), vec![0, 0, 0]);
        assert_eq!(flatten(&[0, 128], 2), vec![127]);
    }

    #[test]
    fn srgb_red_becomes_magenta_and_yellow() {
        let p = finish(1, 1, vec![255, 0, 0], 3, None).unwrap_or_else(|e| panic!("{e}"));
        assert!(p.cmyk);
        let (c, m, y) = (p.data[0], p.data[1], p.data[2]);
        assert!(m > 200 && y > 200 && c < 40, "{:?}", p.data);
    }

    #[test]
    fn white_is_no_ink_and_neutral_is_gray() {
        let p = finish(1, 1, vec![255, 255, 254], 3, None).unwrap_or_else(|e| panic!("{e}"));
        assert!(p.data.iter().all(|&v| v < 8), "{:?}", p.data);
        let g = finish(2, 1, vec![9, 9, 9, 200, 200, 200], 3, None).unwrap();
        assert!(!g.cmyk);
        assert_eq!(*g.data, vec![9, 200]);
    }
}
