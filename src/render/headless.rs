//! Text measurement without a window: an egui context used only for its font system, with the
//! same bundled fonts as the window, so exported pictures place labels exactly as the window.

use crate::layout::TextMeasure;

use super::egui_painter::EguiTextMeasure;
use super::fonts;

/// Measures text with egui's fonts, headless.
pub struct HeadlessMeasure {
    ctx: egui::Context,
}

impl HeadlessMeasure {
    pub fn new() -> Self {
        let ctx = egui::Context::default();
        fonts::install(&ctx);
        // Fonts become available with the first pass; its textures are not needed.
        let mut output = ctx.run_ui(egui::RawInput::default(), |_| {});
        output.textures_delta.clear();
        Self { ctx }
    }
}

impl Default for HeadlessMeasure {
    fn default() -> Self {
        Self::new()
    }
}

impl TextMeasure for HeadlessMeasure {
    fn text_width(&self, text: &str, size: f32, strong: bool) -> f32 {
        EguiTextMeasure { ctx: &self.ctx }.text_width(text, size, strong)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn measures_with_the_bundled_font() {
        let measure = HeadlessMeasure::new();
        let short = measure.text_width("Ukraine", 13.0, false);
        let long = measure.text_width("Ukraine declares a state of emergency", 13.0, false);
        assert!(short > 30.0 && short < 80.0, "{short}");
        assert!(long > short * 4.0);
        assert!(
            measure.text_width("Ukraine", 13.0, true) > short,
            "bold is wider"
        );
        assert!((measure.text_width("Ukraine", 26.0, false) - 2.0 * short).abs() < 1.0);
    }
}
