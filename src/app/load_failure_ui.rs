//! The window that says why a file could not be opened, and that what was open stays open.

use egui::RichText;

/// Shows `message`; whether the user closed it.
pub fn load_failure_ui(ctx: &egui::Context, message: &str, something_open: bool) -> bool {
    let mut open = true;
    let mut ok = false;
    let keep = if something_open {
        "The dataset that was open stays open."
    } else {
        "Open another file with File > Open…"
    };
    egui::Window::new("Could not open the file")
        .collapsible(false)
        .resizable(true)
        .default_width(520.0)
        .open(&mut open)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            ui.label(RichText::new(message).monospace());
            ui.add_space(6.0);
            ui.weak(keep);
            ok = ui.button("OK").clicked();
        });
    ok || !open
}
