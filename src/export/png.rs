//! Writing the picture: PNG-encoded, to a temporary file beside the target, then renamed over
//! it, so an existing file is never left half-written.

use super::ExportError;
use crate::load::write_atomic;
use image::ImageEncoder as _;
use std::path::Path;

/// The image as PNG bytes.
fn encode_png(img: &image::RgbaImage) -> Result<Vec<u8>, ExportError> {
    let mut bytes = Vec::new();
    image::codecs::png::PngEncoder::new(&mut bytes)
        .write_image(
            img.as_raw(),
            img.width(),
            img.height(),
            image::ExtendedColorType::Rgba8,
        )
        .map_err(|e| ExportError::Encode(e.to_string()))?;
    Ok(bytes)
}

/// Write a PNG atomically: an existing file is never left half-written.
pub fn write_png_atomic(img: &image::RgbaImage, path: &Path) -> Result<(), ExportError> {
    let bytes = encode_png(img)?;
    write_atomic(path, &bytes).map_err(|source| ExportError::Write {
        path: path.display().to_string(),
        source,
    })
}
