//! The preview of pasted rows: what each column became (date, title, lanes) or why a row
//! cannot be used, before anything is added.

use egui::RichText;

use crate::edit::paste::PastedRow;

/// What the preview asks for.
pub enum PasteAction {
    Add,
    Cancel,
}

pub fn paste_ui(ctx: &egui::Context, rows: &[PastedRow]) -> Option<PasteAction> {
    let mut action = None;
    let good = rows.iter().filter(|r| r.problem().is_none()).count();
    egui::Window::new("Paste events")
        .collapsible(false)
        .default_width(640.0)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            ui.label(format!(
                "{good} of {} pasted rows are events: a date, a title and, if given, lanes.",
                rows.len()
            ));
            egui::ScrollArea::vertical()
                .max_height(360.0)
                .show(ui, |ui| {
                    egui::Grid::new("pasted-rows").striped(true).show(ui, |ui| {
                        for heading in ["Line", "Start", "Title", "Lanes", ""] {
                            ui.label(RichText::new(heading).strong());
                        }
                        ui.end_row();
                        for row in rows.iter().take(500) {
                            ui.label(row.line.to_string());
                            match &row.start {
                                Ok(date) => ui.label(date.human()),
                                Err(_) => ui.label("—"),
                            };
                            ui.label(super::shown(&row.title, 80));
                            ui.label(row.lanes.join(", "));
                            match row.problem() {
                                Some(problem) => {
                                    ui.colored_label(ui.visuals().error_fg_color, problem)
                                }
                                None => ui.label(""),
                            };
                            ui.end_row();
                        }
                    });
                });
            ui.horizontal(|ui| {
                let add = format!("Add {good} event{}", if good == 1 { "" } else { "s" });
                if ui
                    .add_enabled(good > 0, egui::Button::new(RichText::new(add).strong()))
                    .clicked()
                {
                    action = Some(PasteAction::Add);
                }
                if ui.button("Cancel").clicked() {
                    action = Some(PasteAction::Cancel);
                }
            });
        });
    action
}
