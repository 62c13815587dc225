//! The side panel for the selected event: what happened, when (with the precision written),
//! to whom, and on whose word (sources open in the browser).

use egui::{RichText, Ui};

use crate::model::{EventEnd, EventIdx};
use crate::time::Date;

use super::document::Document;

/// What the panel asks for.
pub enum DetailsAction {
    Close,
    ZoomTo(EventIdx),
}

fn date_rows(ui: &mut Ui, label: &str, date: &Date) {
    ui.label(RichText::new(label).weak());
    ui.vertical(|ui| {
        ui.label(date.human());
        let mut precision = format!("{} precision", date.precision.name());
        if !date.qualifier.is_exact() {
            precision.push_str(", ");
            precision.push_str(date.qualifier.words());
        }
        ui.label(RichText::new(format!("{date} · {precision}")).weak().small());
    });
    ui.end_row();
}

pub fn details_ui(ui: &mut Ui, document: &Document, event_idx: EventIdx) -> Option<DetailsAction> {
    let mut action = None;
    let Some(event) = document.dataset.event(event_idx) else {
        return Some(DetailsAction::Close);
    };
    ui.horizontal(|ui| {
        ui.heading("Event");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("✕").on_hover_text("Close (Esc)").clicked() {
                action = Some(DetailsAction::Close);
            }
            if ui.button("Zoom to").on_hover_text("Double-click a mark does the same").clicked() {
                action = Some(DetailsAction::ZoomTo(event_idx));
            }
        });
    });
    ui.separator();
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.label(RichText::new(&event.title).strong().size(17.0));
        ui.add_space(6.0);
        egui::Grid::new("event-details")
            .num_columns(2)
            .spacing([10.0, 6.0])
            .show(ui, |ui| {
                match &event.end {
                    None => date_rows(ui, "Date", &event.start),
                    Some(end) => {
                        date_rows(ui, "From", &event.start);
                        match end {
                            EventEnd::Date(end) => date_rows(ui, "To", end),
                            EventEnd::Present => {
                                ui.label(RichText::new("To").weak());
                                ui.label("present (still going on)");
                                ui.end_row();
                            }
                        }
                    }
                }
                ui.label(RichText::new("Actors").weak());
                ui.vertical(|ui| {
                    for actor in event.actors.iter().filter_map(|&a| document.dataset.actor(a)) {
                        ui.horizontal(|ui| {
                            let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
                            let c = actor.color;
                            ui.painter().rect_filled(rect, 2.0, egui::Color32::from_rgb(c.r, c.g, c.b));
                            ui.label(&actor.name);
                        });
                    }
                });
                ui.end_row();
                if let Some(kind) = &event.kind {
                    ui.label(RichText::new("Kind").weak());
                    ui.label(kind);
                    ui.end_row();
                }
                if !event.tags.is_empty() {
                    ui.label(RichText::new("Tags").weak());
                    ui.label(event.tags.join(", "));
                    ui.end_row();
                }
                if let Some(id) = &event.id {
                    ui.label(RichText::new("Id").weak());
                    ui.label(RichText::new(id).monospace());
                    ui.end_row();
                }
            });
        if !event.description.is_empty() {
            ui.add_space(8.0);
            ui.label(&event.description);
        }
        ui.add_space(8.0);
        ui.label(RichText::new("Sources").strong());
        if event.sources.is_empty() {
            ui.weak("No source given.");
        }
        for source in &event.sources {
            ui.group(|ui| {
                ui.set_width(ui.available_width());
                let title = if source.title.is_empty() { source.url.as_str() } else { source.title.as_str() };
                if source.url.is_empty() {
                    ui.label(title);
                } else {
                    ui.hyperlink_to(title, &source.url).on_hover_text(&source.url);
                }
                let attribution = source.attribution();
                if !attribution.is_empty() {
                    ui.weak(attribution);
                }
            });
        }
    });
    action
}
