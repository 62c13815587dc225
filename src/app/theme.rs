//! The window's colours in one place: egui's visuals for each theme (high contrast is a dark
//! theme with pure black and white), the timeline's [`Style`] for each, and the colours the
//! status bar gives to problems. Nothing else in `app` writes a colour literal.

use crate::layout::{Style, ThemeChoice};

/// The timeline's look for each theme, made once.
pub struct Styles {
    light: Style,
    dark: Style,
    high_contrast: Style,
}

impl Default for Styles {
    fn default() -> Self {
        Self {
            light: Style::light(),
            dark: Style::dark(),
            high_contrast: Style::high_contrast(),
        }
    }
}

impl Styles {
    /// The style for `theme`, given whether egui is dark now (when following the system).
    pub fn for_theme(&self, theme: ThemeChoice, dark_mode: bool) -> &Style {
        match theme {
            ThemeChoice::HighContrast => &self.high_contrast,
            _ if dark_mode => &self.dark,
            _ => &self.light,
        }
    }

    /// The light style (whose link colours the filter panel's legend uses).
    pub fn light(&self) -> &Style {
        &self.light
    }
}

/// egui's theme preference for a choice.
pub fn preference(theme: ThemeChoice) -> egui::ThemePreference {
    match theme {
        ThemeChoice::System => egui::ThemePreference::System,
        ThemeChoice::Light => egui::ThemePreference::Light,
        ThemeChoice::Dark | ThemeChoice::HighContrast => egui::ThemePreference::Dark,
    }
}

/// Sets egui's look for a theme.
pub fn apply(ctx: &egui::Context, theme: ThemeChoice) {
    let dark = if theme == ThemeChoice::HighContrast {
        high_contrast_visuals()
    } else {
        egui::Visuals::dark()
    };
    ctx.set_visuals_of(egui::Theme::Dark, dark);
    ctx.set_theme(preference(theme));
}

/// The colour of a problem count: errors as egui's errors, warnings as its warnings.
pub fn problem_color(visuals: &egui::Visuals, errors: bool) -> egui::Color32 {
    if errors {
        visuals.error_fg_color
    } else {
        visuals.warn_fg_color
    }
}

/// The ticks of search results on the overview strip (the search rings' magenta).
pub const SEARCH_TICK: egui::Color32 = egui::Color32::from_rgb(0xc0, 0x10, 0x90);

/// The veil over the window while a file is dragged over it, and its text.
pub fn drop_overlay_colors() -> (egui::Color32, egui::Color32) {
    (egui::Color32::from_black_alpha(160), egui::Color32::WHITE)
}

fn high_contrast_visuals() -> egui::Visuals {
    let mut visuals = egui::Visuals::dark();
    let white = egui::Color32::WHITE;
    visuals.override_text_color = Some(white);
    visuals.panel_fill = egui::Color32::BLACK;
    visuals.window_fill = egui::Color32::BLACK;
    visuals.extreme_bg_color = egui::Color32::BLACK;
    visuals.faint_bg_color = egui::Color32::from_gray(24);
    visuals.selection.bg_fill = egui::Color32::from_rgb(0x00, 0x5f, 0xff);
    visuals.selection.stroke = egui::Stroke::new(2.0, white);
    visuals.hyperlink_color = egui::Color32::from_rgb(0x80, 0xc8, 0xff);
    visuals.warn_fg_color = egui::Color32::from_rgb(0xff, 0xd0, 0x00);
    visuals.error_fg_color = egui::Color32::from_rgb(0xff, 0x60, 0x60);
    for widget in [
        &mut visuals.widgets.noninteractive,
        &mut visuals.widgets.inactive,
        &mut visuals.widgets.hovered,
        &mut visuals.widgets.active,
        &mut visuals.widgets.open,
    ] {
        widget.fg_stroke = egui::Stroke::new(1.5, white);
        widget.bg_stroke = egui::Stroke::new(1.0, egui::Color32::from_gray(200));
    }
    visuals.widgets.inactive.weak_bg_fill = egui::Color32::from_gray(20);
    visuals.widgets.inactive.bg_fill = egui::Color32::from_gray(30);
    visuals.widgets.hovered.weak_bg_fill = egui::Color32::from_gray(60);
    visuals
}
