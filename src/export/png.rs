//! Writing the picture: PNG-encoded, to a temporary file beside the target, then renamed over
//! it, so an existing file is never left half-written.

use super::ExportError;
use image::ImageEncoder as _;
use std::path::{Path, PathBuf};

/// The image as PNG bytes.
pub fn encode_png(img: &image::RgbaImage) -> Result<Vec<u8>, ExportError> {
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

/// Write a PNG to a temporary file beside `path`, then rename: an existing file is never left
/// half-written.
pub fn write_png_atomic(img: &image::RgbaImage, path: &Path) -> Result<(), ExportError> {
    let shown = path.display().to_string();
    let dir = path
        .parent()
        .filter(|p| !p.as_os_str().is_empty())
        .map(Path::to_path_buf)
        .unwrap_or_else(|| PathBuf::from("."));
    let name = path
        .file_name()
        .map(|n| n.to_string_lossy().to_string())
        .unwrap_or_else(|| "export.png".into());
    let tmp = dir.join(format!(".{name}.{}.tmp", std::process::id()));
    let bytes = encode_png(img)?;
    let write = || -> std::io::Result<()> {
        use std::io::Write as _;
        let mut f = std::fs::File::create(&tmp)?;
        f.write_all(&bytes)?;
        f.sync_all()?;
        std::fs::rename(&tmp, path)
    };
    write().map_err(|source| {
        let _ = std::fs::remove_file(&tmp);
        ExportError::Write {
            path: shown,
            source,
        }
    })
}
