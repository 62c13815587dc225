//! Exported pictures: a page scene as SVG or PNG bytes, written atomically. The command line
//! (`timelanes render`) and the window (File › Export image…) both come through here.

use std::path::Path;

use anyhow::Context as _;

use crate::layout::{PageInput, Scene, TextMeasure, layout_page};

use super::{png, svg};

/// The kind of picture.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageFormat {
    Svg,
    Png,
}

impl ImageFormat {
    /// The format a file name asks for, by its extension.
    pub fn from_path(path: &Path) -> Option<Self> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "svg" => Some(Self::Svg),
            "png" => Some(Self::Png),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Svg => "svg",
            Self::Png => "png",
        }
    }
}

/// The bytes of a scene in `format`; `scale` is pixels per point for PNG.
pub fn scene_bytes(scene: &Scene, format: ImageFormat, scale: f32) -> anyhow::Result<Vec<u8>> {
    let svg = svg::scene_to_svg(scene);
    match format {
        ImageFormat::Svg => Ok(svg.into_bytes()),
        ImageFormat::Png => png::svg_to_png(&svg, scale),
    }
}

/// Lays out the page and writes it to `path` (atomically). Returns the page's scene.
pub fn export_page(
    input: &PageInput<'_>,
    measure: &dyn TextMeasure,
    format: ImageFormat,
    scale: f32,
    path: &Path,
) -> anyhow::Result<Scene> {
    let scene = layout_page(input, measure);
    let bytes = scene_bytes(&scene, format, scale)?;
    crate::io::atomic::write_atomic(path, &bytes)
        .with_context(|| format!("could not write {}", path.display()))?;
    Ok(scene)
}
