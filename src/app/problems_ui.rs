//! The problems panel: every error and warning of the open file, with its location; clicking
//! one that belongs to a shown event selects it.

use egui::{RichText, Ui};

use crate::model::{EventIdx, Severity, summary};

use super::document::Document;

pub fn problems_ui(ui: &mut Ui, document: &Document) -> Option<EventIdx> {
    let mut select = None;
    ui.horizontal(|ui| {
        ui.strong(format!("Problems in {}", document.name()));
        ui.weak(summary(&document.problems));
    });
    ui.separator();
    egui::ScrollArea::vertical()
        .auto_shrink([false, true])
        .show(ui, |ui| {
            if document.problems.is_empty() {
                ui.weak("No problems: every event was read.");
            }
            for problem in &document.problems {
                let (icon, color) = match problem.severity {
                    Severity::Error => ("✖", super::theme::problem_color(ui.visuals(), true)),
                    Severity::Warning => ("⚠", super::theme::problem_color(ui.visuals(), false)),
                };
                let location = problem
                    .site
                    .location
                    .map_or_else(String::new, |l| format!("{l}  "));
                let event = problem
                    .event
                    .and_then(|i| document.dataset.event_by_file_index(i));
                let text = format!("{location}{}", problem.text());
                ui.horizontal_wrapped(|ui| {
                    ui.label(RichText::new(icon).color(color));
                    if event.is_some() {
                        if ui.link(&text).on_hover_text("Show this event").clicked() {
                            select = event;
                        }
                    } else {
                        ui.label(&text);
                    }
                });
            }
        });
    select
}
