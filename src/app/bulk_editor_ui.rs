//! The side panel when several events are selected: how many, and what to do to all of them
//! in one step: put them in one lane, give them a kind, add a tag, or delete them.

use egui::{RichText, Ui};

use crate::model::EventIdx;

use super::document::Document;

/// A change to every selected event.
#[derive(Clone, Debug, PartialEq)]
pub enum BulkEdit {
    /// Put them all in this lane (by index), and only in it.
    Lane(usize),
    Kind(String),
    AddTag(String),
    Delete,
    /// Let go of the others, keep the one in focus.
    SelectOne,
}

/// What the bulk editor's fields hold.
#[derive(Clone, Debug, Default)]
pub struct BulkFields {
    lane: usize,
    kind: String,
    tag: String,
}

pub fn bulk_editor_ui(
    ui: &mut Ui,
    document: &Document,
    selection: &[EventIdx],
    fields: &mut BulkFields,
) -> Option<BulkEdit> {
    let mut edit = None;
    let dataset = &document.dataset;
    ui.horizontal(|ui| {
        ui.heading(format!("{} events selected", selection.len()));
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .button("✕")
                .on_hover_text("Keep only the event in focus selected")
                .clicked()
            {
                edit = Some(BulkEdit::SelectOne);
            }
        });
    });
    ui.separator();
    egui::ScrollArea::vertical().show(ui, |ui| {
        for &event in selection.iter().take(12) {
            if let Some(e) = dataset.event(event) {
                ui.label(format!(
                    "{} · {}",
                    e.date_text(),
                    super::shown(e.title(), 80)
                ));
            }
        }
        if selection.len() > 12 {
            ui.weak(format!("and {} more", selection.len() - 12));
        }
        ui.add_space(8.0);
        ui.label(RichText::new("All of them, in one step (Ctrl+Z undoes it)").strong());
        if !dataset.actors.is_empty() {
            fields.lane = fields.lane.min(dataset.actors.len() - 1);
            ui.horizontal(|ui| {
                let label = ui.label("Lane");
                egui::ComboBox::from_id_salt("bulk-lane")
                    .selected_text(super::shown(&dataset.actors[fields.lane].name, 40))
                    .show_ui(ui, |ui| {
                        for (i, actor) in dataset.actors.iter().enumerate() {
                            ui.selectable_value(&mut fields.lane, i, super::shown(&actor.name, 40));
                        }
                    })
                    .response
                    .labelled_by(label.id);
                if ui.button("Put them in this lane").clicked() {
                    edit = Some(BulkEdit::Lane(fields.lane));
                }
            });
        }
        ui.horizontal(|ui| {
            let label = ui.label("Kind");
            ui.add(egui::TextEdit::singleline(&mut fields.kind).desired_width(120.0))
                .labelled_by(label.id);
            if ui.button("Set the kind").clicked() {
                edit = Some(BulkEdit::Kind(fields.kind.trim().to_owned()));
            }
        });
        ui.horizontal(|ui| {
            let label = ui.label("Tag");
            ui.add(egui::TextEdit::singleline(&mut fields.tag).desired_width(120.0))
                .labelled_by(label.id);
            if ui
                .add_enabled(
                    !fields.tag.trim().is_empty(),
                    egui::Button::new("Add the tag"),
                )
                .clicked()
            {
                edit = Some(BulkEdit::AddTag(fields.tag.trim().to_owned()));
            }
        });
        ui.add_space(8.0);
        if ui
            .button(format!("Delete the {} events", selection.len()))
            .clicked()
        {
            edit = Some(BulkEdit::Delete);
        }
    });
    edit
}
