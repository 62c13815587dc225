//! The fonts of the timeline, bundled in `assets/fonts` so that every machine, the window and
//! exported pictures measure and draw its text the same way: DejaVu Sans, regular and bold.
//! DejaVu Sans is also the fallback behind egui's interface font for the symbols that font
//! lacks (◆ ◇ ○ ▶ ⚠ ✕ ← →), so no glyph ever shows as a box.

use egui::{FontData, FontFamily, FontId, FontInsert, FontPriority, InsertFontFamily};

/// The family name SVG files ask for, with look-alike fallbacks.
pub const SVG_FONT_FAMILY: &str = "'DejaVu Sans', Verdana, sans-serif";

/// DejaVu Sans, regular.
pub const REGULAR: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans.ttf");
/// DejaVu Sans, bold.
pub const BOLD: &[u8] = include_bytes!("../../assets/fonts/DejaVuSans-Bold.ttf");

const REGULAR_NAME: &str = "DejaVuSans";
const BOLD_NAME: &str = "DejaVuSans-Bold";
const TIMELINE_FAMILY: &str = "timeline";
const TIMELINE_BOLD_FAMILY: &str = "timeline-bold";

/// The font of timeline text of `size` points.
pub fn timeline_font(size: f32, strong: bool) -> FontId {
    let family = if strong {
        TIMELINE_BOLD_FAMILY
    } else {
        TIMELINE_FAMILY
    };
    FontId::new(size, FontFamily::Name(family.into()))
}

/// Registers the timeline families, and DejaVu Sans as the interface's fallback.
pub fn install(ctx: &egui::Context) {
    let family = |name: &str| FontFamily::Name(name.into());
    ctx.add_font(FontInsert {
        name: REGULAR_NAME.to_owned(),
        data: FontData::from_static(REGULAR),
        families: vec![
            InsertFontFamily {
                family: family(TIMELINE_FAMILY),
                priority: FontPriority::Highest,
            },
            InsertFontFamily {
                family: family(TIMELINE_BOLD_FAMILY),
                priority: FontPriority::Lowest,
            },
            InsertFontFamily {
                family: FontFamily::Proportional,
                priority: FontPriority::Lowest,
            },
            InsertFontFamily {
                family: FontFamily::Monospace,
                priority: FontPriority::Lowest,
            },
        ],
    });
    ctx.add_font(FontInsert {
        name: BOLD_NAME.to_owned(),
        data: FontData::from_static(BOLD),
        families: vec![InsertFontFamily {
            family: family(TIMELINE_BOLD_FAMILY),
            priority: FontPriority::Highest,
        }],
    });
}
