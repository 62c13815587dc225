//! The side panel editing the timeline itself when no event is selected: its title and
//! description, and its lanes as data (add, rename, recolour, reorder, delete, saying what
//! becomes of a deleted lane's events). Hiding, pinning and collapsing lanes stay view
//! settings (the Filters and lanes panel); these change the file.

use egui::{RichText, Ui};

use super::document::Document;

/// What the lane editor asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum LaneEdit {
    Title(String),
    Description(String),
    Rename {
        lane: usize,
        name: String,
    },
    Recolor {
        lane: usize,
        color: String,
    },
    /// Move lane `lane` one place up (`-1`) or down (`1`).
    Move {
        lane: usize,
        by: isize,
    },
    Add,
    /// Delete a lane; its events go to lane `to`, or are deleted with it.
    Delete {
        lane: usize,
        to: Option<usize>,
    },
    /// A field lost the keyboard: the next change is a new undo step.
    Seal,
    Done,
}

/// What the fields hold while the user types.
#[derive(Clone, Debug, Default)]
pub struct LaneFields {
    title: String,
    description: String,
    names: Vec<String>,
    /// The lanes' colours as typed (`#rrggbb`).
    colors: Vec<String>,
    /// The lane whose deletion is being asked about, and where its events would go.
    deleting: Option<(usize, Option<usize>)>,
}

fn field_id(name: &str) -> egui::Id {
    egui::Id::unique(("timelanes-lane-field", name))
}

pub fn lanes_editor_ui(ui: &mut Ui, document: &Document, fields: &mut LaneFields) -> Vec<LaneEdit> {
    let mut edits = Vec::new();
    let dataset = &document.dataset;
    let focused = |name: &str| ui.memory(|m| m.has_focus(field_id(name)));
    if !focused("title") {
        fields.title = dataset.title.clone();
    }
    if !focused("description") {
        fields.description = dataset.description.clone();
    }
    fields.names.resize(dataset.actors.len(), String::new());
    fields.colors.resize(dataset.actors.len(), String::new());
    for (i, actor) in dataset.actors.iter().enumerate() {
        if !focused(&format!("lane{i}")) {
            fields.names[i] = actor.name.clone();
        }
        let typed_valid = crate::model::Color::parse_hex(&fields.colors[i]).is_some();
        if !focused(&format!("color{i}")) && (typed_valid || fields.colors[i].is_empty()) {
            fields.colors[i] = actor.color.to_string();
        }
    }

    ui.horizontal(|ui| {
        ui.heading("Edit timeline");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui.button("Done").clicked() {
                edits.push(LaneEdit::Done);
            }
        });
    });
    ui.separator();
    egui::ScrollArea::vertical().show(ui, |ui| {
        let label = ui.label(RichText::new("Title").weak());
        let title = ui
            .add(
                egui::TextEdit::singleline(&mut fields.title)
                    .id(field_id("title"))
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        if title.changed() {
            edits.push(LaneEdit::Title(fields.title.clone()));
        }
        let label = ui.label(RichText::new("Description").weak());
        let description = ui
            .add(
                egui::TextEdit::multiline(&mut fields.description)
                    .id(field_id("description"))
                    .desired_rows(3)
                    .desired_width(f32::INFINITY),
            )
            .labelled_by(label.id);
        if description.changed() {
            edits.push(LaneEdit::Description(fields.description.clone()));
        }
        if title.lost_focus() || description.lost_focus() {
            edits.push(LaneEdit::Seal);
        }

        ui.add_space(8.0);
        ui.label(RichText::new("Lanes").strong());
        let count = dataset.actors.len();
        let mut cancelled = false;
        for (i, actor) in dataset.actors.iter().enumerate() {
            ui.push_id(("lane", i), |ui| {
                ui.horizontal(|ui| {
                    let mut rgb = [actor.color.r, actor.color.g, actor.color.b];
                    let picker = ui
                        .color_edit_button_srgb(&mut rgb)
                        .on_hover_text("The lane's colour");
                    picker.widget_info(|| {
                        egui::WidgetInfo::labeled(
                            egui::accesskit::Role::ColorWell,
                            true,
                            format!("Colour of {}", actor.name),
                        )
                    });
                    if picker.changed() {
                        edits.push(LaneEdit::Recolor {
                            lane: i,
                            color: format!("#{:02x}{:02x}{:02x}", rgb[0], rgb[1], rgb[2]),
                        });
                    }
                    let name = ui
                        .add(
                            egui::TextEdit::singleline(&mut fields.names[i])
                                .id(field_id(&format!("lane{i}")))
                                .desired_width(112.0),
                        )
                        .on_hover_text(format!("The lane's name (its id stays \"{}\")", actor.id));
                    if name.changed() && !fields.names[i].trim().is_empty() {
                        edits.push(LaneEdit::Rename {
                            lane: i,
                            name: fields.names[i].trim().to_owned(),
                        });
                    }
                    if name.lost_focus() {
                        edits.push(LaneEdit::Seal);
                    }
                    let color = ui
                        .add(
                            egui::TextEdit::singleline(&mut fields.colors[i])
                                .id(field_id(&format!("color{i}")))
                                .desired_width(74.0),
                        )
                        .labelled_by(picker.id)
                        .on_hover_text("The colour as #rrggbb");
                    if color.changed()
                        && let Ok(parsed) =
                            crate::model::Color::parse_checked(fields.colors[i].trim())
                    {
                        edits.push(LaneEdit::Recolor {
                            lane: i,
                            color: parsed.to_string(),
                        });
                    }
                    if color.lost_focus() {
                        edits.push(LaneEdit::Seal);
                    }
                    if ui
                        .add_enabled(i > 0, egui::Button::new("↑"))
                        .on_hover_text("Move the lane up")
                        .clicked()
                    {
                        edits.push(LaneEdit::Move { lane: i, by: -1 });
                    }
                    if ui
                        .add_enabled(i + 1 < count, egui::Button::new("↓"))
                        .on_hover_text("Move the lane down")
                        .clicked()
                    {
                        edits.push(LaneEdit::Move { lane: i, by: 1 });
                    }
                    if ui
                        .add_enabled(count > 1, egui::Button::new("Delete…"))
                        .on_hover_text("Delete the lane (you choose what becomes of its events)")
                        .clicked()
                    {
                        fields.deleting = Some((i, (0..count).find(|&j| j != i)));
                    }
                });
                if let Err(message) = crate::model::Color::parse_checked(fields.colors[i].trim()) {
                    ui.colored_label(
                        ui.visuals().error_fg_color,
                        format!("{message}; {}", crate::model::COLOR_HINT),
                    );
                }
                if let Some((lane, to)) = &mut fields.deleting
                    && *lane == i
                {
                    let events = dataset
                        .events()
                        .filter(|e| e.actors().iter().any(|a| a.index() == i))
                        .count();
                    ui.group(|ui| {
                        let events = match events {
                            1 => "1 event".to_owned(),
                            n => format!("{n} events"),
                        };
                        ui.label(format!(
                            "Delete the lane {}? It has {events}.",
                            super::shown(&actor.name, 60)
                        ));
                        let other = |j: usize| {
                            dataset
                                .actors
                                .get(j)
                                .map_or_else(String::new, |a| a.name.clone())
                        };
                        ui.horizontal(|ui| {
                            let radio = ui.radio(to.is_some(), "Move them to");
                            if radio.clicked() && to.is_none() {
                                *to = (0..count).find(|&j| j != i);
                            }
                            let _ = egui::ComboBox::from_id_salt("move-to")
                                .selected_text(to.map(other).unwrap_or_default())
                                .show_ui(ui, |ui| {
                                    for j in (0..count).filter(|&j| j != i) {
                                        ui.selectable_value(to, Some(j), other(j));
                                    }
                                })
                                .response
                                .labelled_by(radio.id);
                        });
                        ui.radio_value(
                            to,
                            None,
                            "Delete those only in this lane (the others just leave it)",
                        );
                        ui.horizontal(|ui| {
                            if ui.button("Delete the lane").clicked() {
                                edits.push(LaneEdit::Delete { lane: i, to: *to });
                            }
                            if ui.button("Cancel").clicked() {
                                cancelled = true;
                            }
                        });
                    });
                }
            });
        }
        if cancelled || edits.iter().any(|e| matches!(e, LaneEdit::Delete { .. })) {
            fields.deleting = None;
        }
        if ui.button("Add a lane").clicked() {
            edits.push(LaneEdit::Add);
        }
    });
    edits
}
