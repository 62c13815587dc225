//! Exported pictures: a page scene as SVG, PNG or PDF bytes, written atomically. The command
//! line (`timelanes render`) and the window (File › Export image…) both come through here.

use std::borrow::Cow;
use std::path::Path;

use anyhow::Context as _;

use crate::layout::{PageInput, Scene, TextMeasure, append_paragraphs, layout_page, page_notes};
use crate::model::Dataset;

use super::{pdf, png, svg};

/// The kind of picture.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ImageFormat {
    Svg,
    Png,
    /// Vector, with real text; a page as large as the picture.
    Pdf,
}

impl ImageFormat {
    /// The format a file name asks for, by its extension.
    pub fn from_path(path: &Path) -> Option<Self> {
        let extension = path.extension()?.to_str()?.to_ascii_lowercase();
        match extension.as_str() {
            "svg" => Some(Self::Svg),
            "png" => Some(Self::Png),
            "pdf" => Some(Self::Pdf),
            _ => None,
        }
    }

    pub fn extension(self) -> &'static str {
        match self {
            Self::Svg => "svg",
            Self::Png => "png",
            Self::Pdf => "pdf",
        }
    }
}

/// The bytes of a scene in `format`; `scale` is pixels per point for PNG.
pub fn scene_bytes(scene: &Scene, format: ImageFormat, scale: f32) -> anyhow::Result<Vec<u8>> {
    page_bytes(scene, format, scale, None)
}

/// [`scene_bytes`], with the title a PDF names itself by.
fn page_bytes(
    scene: &Scene,
    format: ImageFormat,
    scale: f32,
    title: Option<&str>,
) -> anyhow::Result<Vec<u8>> {
    let svg = svg::scene_to_svg(scene);
    match format {
        ImageFormat::Svg => Ok(svg.into_bytes()),
        ImageFormat::Png => png::svg_to_png(&svg, scale),
        ImageFormat::Pdf => pdf::svg_to_pdf(&svg, pdf::DocumentInfo { title }),
    }
}

/// `dataset` as a picture shows it: with the bands of its span notes when `notes` is on, else
/// without them. Copied only when there are bands to leave out, so a big dataset without
/// notes is never copied.
pub fn with_notes(dataset: &Dataset, notes: bool) -> Cow<'_, Dataset> {
    if notes || dataset.eras.iter().all(|era| era.note.is_none()) {
        return Cow::Borrowed(dataset);
    }
    let mut without = dataset.clone();
    without.eras.retain(|era| era.note.is_none());
    Cow::Owned(without)
}

/// The page's scene; with `notes`, the notes on its events and lanes listed under it. (The
/// bands of span notes are in `input.dataset` or not: see [`with_notes`].)
pub fn page_scene(input: &PageInput<'_>, notes: bool, measure: &dyn TextMeasure) -> Scene {
    let mut scene = layout_page(input, measure);
    if notes {
        append_paragraphs(&mut scene, &page_notes(input), input.style, measure);
    }
    scene
}

/// Lays out the page (with the notes on its events and lanes when `notes` is on) and writes
/// it to `path` (atomically). Returns the page's scene.
pub fn export_page(
    input: &PageInput<'_>,
    notes: bool,
    measure: &dyn TextMeasure,
    format: ImageFormat,
    scale: f32,
    path: &Path,
) -> anyhow::Result<Scene> {
    let scene = page_scene(input, notes, measure);
    let title = input.title.unwrap_or(&input.dataset.title);
    let bytes = page_bytes(&scene, format, scale, Some(title))?;
    crate::io::atomic::write_atomic(path, &bytes)
        .with_context(|| format!("could not write {}", path.display()))?;
    Ok(scene)
}
