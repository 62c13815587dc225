//! PNG pictures: the SVG rasterised by resvg with the bundled fonts only (never the system's),
//! so a PNG looks the same on every machine and matches its SVG.

use std::sync::{Arc, OnceLock};

use anyhow::Context as _;
use resvg::{tiny_skia, usvg};

use super::fonts;

/// The largest picture we render, in pixels per side: beyond it memory use explodes.
pub const MAX_SIDE_PIXELS: u32 = 16_384;

/// The bundled fonts, loaded once.
fn font_database() -> Arc<usvg::fontdb::Database> {
    static DATABASE: OnceLock<Arc<usvg::fontdb::Database>> = OnceLock::new();
    DATABASE
        .get_or_init(|| {
            let mut database = usvg::fontdb::Database::new();
            database.load_font_data(fonts::REGULAR.to_vec());
            database.load_font_data(fonts::BOLD.to_vec());
            database.set_sans_serif_family("DejaVu Sans");
            Arc::new(database)
        })
        .clone()
}

/// Rasterises an SVG document at `scale` pixels per point.
pub fn svg_to_png(svg: &str, scale: f32) -> anyhow::Result<Vec<u8>> {
    let options = usvg::Options {
        fontdb: font_database(),
        font_family: "DejaVu Sans".to_owned(),
        ..usvg::Options::default()
    };
    anyhow::ensure!(
        scale.is_finite() && scale > 0.0,
        "the scale must be a positive number, not {scale}"
    );
    let tree = usvg::Tree::from_str(svg, &options).context("could not read the SVG")?;
    let size = tree.size();
    let width = (size.width() * scale).round();
    let height = (size.height() * scale).round();
    anyhow::ensure!(
        (1.0..=MAX_SIDE_PIXELS as f32).contains(&width)
            && (1.0..=MAX_SIDE_PIXELS as f32).contains(&height),
        "a {width}×{height} pixel picture is too large; the limit is {MAX_SIDE_PIXELS} pixels a side (lower --scale or the size)"
    );
    let mut pixmap = tiny_skia::Pixmap::new(width as u32, height as u32)
        .context("not enough memory for the picture")?;
    resvg::render(
        &tree,
        tiny_skia::Transform::from_scale(scale, scale),
        &mut pixmap.as_mut(),
    );
    pixmap.encode_png().context("could not encode the PNG")
}
