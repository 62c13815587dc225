//! Fonts: egui's default text font, with DejaVu Sans (bundled in `assets/fonts`) behind it for
//! the symbols the default lacks (◆ ◇ ○ ▶ ⚠ ✕ ← →), so no glyph ever shows as a box.

use egui::{FontData, FontFamily, FontInsert, FontPriority, InsertFontFamily};

const FALLBACK_NAME: &str = "DejaVuSans";
const FALLBACK: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");

/// Adds the fallback font to the proportional and monospace families.
pub fn install(ctx: &egui::Context) {
    ctx.add_font(FontInsert {
        name: FALLBACK_NAME.to_owned(),
        data: FontData::from_static(FALLBACK),
        families: [FontFamily::Proportional, FontFamily::Monospace]
            .into_iter()
            .map(|family| InsertFontFamily {
                family,
                priority: FontPriority::Lowest,
            })
            .collect(),
    });
}
