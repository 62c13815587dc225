//! The side panel editing the selected event: title, start and end (any precision, with
//! `~ ? %`), lanes (chosen, or a new one typed), kind, tags, description, sources and links.
//! Dates are checked as they are typed, with the messages of `timelanes check`; a value that is
//! not valid is shown with its message and not applied, and what was typed stays until it is
//! fixed. Each change is an edit of the file; typing in one field is one undo step.

use egui::{RichText, Ui};

use crate::edit::Json;
use crate::model::{EventEnd, EventIdx};
use crate::time::Date;

use super::document::Document;

/// A source as typed.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct SourceFields {
    pub publisher: String,
    pub title: String,
    pub url: String,
    pub date: String,
}

/// A link as typed: the id of the event it answers, and its type.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct LinkFields {
    pub to: String,
    pub kind: String,
}

/// What the fields hold while the user types, for one event.
#[derive(Clone, Debug, Default)]
pub struct FieldBuffers {
    /// The event's item in the file the fields were read from.
    item: Option<usize>,
    title: String,
    start: String,
    end: String,
    kind: String,
    tags: String,
    description: String,
    sources: Vec<SourceFields>,
    links: Vec<LinkFields>,
    new_lane: String,
}

/// A change the editor asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum FieldEdit {
    /// Set (or with `None` remove) a field of the event.
    Set {
        key: &'static str,
        value: Option<Json>,
    },
    /// A new lane with this name, with the event in it.
    AddLane(String),
    /// A field lost the keyboard: the next change is a new undo step.
    Seal,
    /// Back to reading the event.
    Done,
    Delete,
}

fn field_id(name: &str) -> egui::Id {
    egui::Id::unique(("timelanes-event-field", name))
}

impl FieldBuffers {
    /// Reads the fields from the event, except those the user is typing in or that hold a
    /// value not valid yet (`keep`).
    fn read(&mut self, document: &Document, event: EventIdx, keep: &dyn Fn(&str) -> bool) {
        let Some(e) = document.dataset.event(event) else {
            return;
        };
        let same_event = self.item == Some(e.file_index());
        let refresh = |name: &str| !same_event || !keep(name);
        if refresh("title") {
            self.title = e.title().to_owned();
        }
        if refresh("start") {
            self.start = e.start().to_string();
        }
        if refresh("end") {
            self.end = match e.end() {
                None => String::new(),
                Some(EventEnd::Present) => "present".to_owned(),
                Some(EventEnd::Date(date)) => date.to_string(),
            };
        }
        if refresh("kind") {
            self.kind = e.kind().unwrap_or_default().to_owned();
        }
        if refresh("tags") {
            self.tags = e.tags().collect::<Vec<_>>().join(", ");
        }
        if refresh("description") {
            self.description = e.description().to_owned();
        }
        if refresh("sources") {
            self.sources = e
                .sources()
                .map(|s| SourceFields {
                    publisher: s.publisher.clone(),
                    title: s.title.clone(),
                    url: s.url.clone(),
                    date: s.date.map(|d| d.to_string()).unwrap_or_default(),
                })
                .collect();
        }
        if refresh("links") {
            self.links = document
                .dataset
                .links
                .iter()
                .filter(|l| l.from == event)
                .map(|l| LinkFields {
                    to: document
                        .dataset
                        .event(l.to)
                        .and_then(|t| t.id())
                        .unwrap_or_default()
                        .to_owned(),
                    kind: l.kind.clone(),
                })
                .collect();
        }
        if !same_event {
            self.new_lane.clear();
        }
        self.item = Some(e.file_index());
    }
}

/// A date as typed: `Ok(None)` when empty, the message of `check` when not valid.
fn check_date(text: &str) -> Result<Option<Date>, String> {
    let text = text.trim();
    if text.is_empty() {
        return Ok(None);
    }
    Date::parse(text)
        .map(Some)
        .map_err(|e| format!("{e}; {}", e.hint()))
}

fn text_or_none(text: &str) -> Option<Json> {
    let text = text.trim();
    (!text.is_empty()).then(|| Json::text(text))
}

fn sources_json(sources: &[SourceFields]) -> Option<Json> {
    let list: Vec<Json> = sources
        .iter()
        .map(|s| {
            let mut members = Vec::new();
            for (key, value) in [
                ("publisher", &s.publisher),
                ("title", &s.title),
                ("url", &s.url),
                ("date", &s.date),
            ] {
                if let Some(value) = text_or_none(value) {
                    members.push((key.to_owned(), value));
                }
            }
            Json::Object(members)
        })
        .collect();
    (!list.is_empty()).then_some(Json::List(list))
}

fn links_json(links: &[LinkFields]) -> Option<Json> {
    let list: Vec<Json> = links
        .iter()
        .map(|l| {
            let mut members = vec![("to".to_owned(), Json::text(l.to.trim()))];
            if let Some(kind) = text_or_none(&l.kind) {
                members.push(("type".to_owned(), kind));
            }
            Json::Object(members)
        })
        .collect();
    (!list.is_empty()).then_some(Json::List(list))
}

/// A labelled text field with the id `name`.
fn text_field(
    ui: &mut Ui,
    name: &str,
    label: &str,
    value: &mut String,
    multiline: bool,
) -> egui::Response {
    let label = ui.label(RichText::new(label).weak());
    let edit = if multiline {
        egui::TextEdit::multiline(value).desired_rows(4)
    } else {
        egui::TextEdit::singleline(value)
    };
    ui.add(edit.id(field_id(name)).desired_width(f32::INFINITY))
        .labelled_by(label.id)
}

/// A field that lost the keyboard ends its undo step.
fn seal_on_leave(response: &egui::Response, edits: &mut Vec<FieldEdit>) {
    if response.lost_focus() {
        edits.push(FieldEdit::Seal);
    }
}

/// Shows the editor of `event`; the changes the user made this frame.
pub fn event_editor_ui(
    ui: &mut Ui,
    document: &Document,
    event: EventIdx,
    fields: &mut FieldBuffers,
    focus_title: &mut bool,
) -> Vec<FieldEdit> {
    let mut edits = Vec::new();
    let Some(e) = document.dataset.event(event) else {
        return edits;
    };
    let focused = |name: &str| ui.memory(|m| m.has_focus(field_id(name)));
    let invalid_start = check_date(&fields.start).is_err();
    let invalid_end = fields.end.trim() != "present" && check_date(&fields.end).is_err();
    let (source_count, link_count) = (fields.sources.len(), fields.links.len());
    let keep = |name: &str| {
        focused(name)
            || (name == "start" && invalid_start)
            || (name == "end" && invalid_end)
            || (name == "sources"
                && (0..source_count).any(|i| {
                    ["Publisher", "Source title", "URL", "Date"]
                        .iter()
                        .any(|l| focused(&format!("source{i}-{l}")))
                }))
            || (name == "links"
                && (0..link_count)
                    .any(|i| focused(&format!("link{i}-to")) || focused(&format!("link{i}-type"))))
    };
    fields.read(document, event, &keep);

    ui.horizontal(|ui| {
        ui.heading("Edit event");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .button("Done")
                .on_hover_text("Back to reading (F2)")
                .clicked()
            {
                edits.push(FieldEdit::Done);
            }
        });
    });
    ui.separator();
    egui::ScrollArea::vertical().show(ui, |ui| {
        let title = text_field(ui, "title", "Title", &mut fields.title, false);
        seal_on_leave(&title, &mut edits);
        if std::mem::take(focus_title) {
            title.request_focus();
        }
        if title.changed() {
            edits.push(FieldEdit::Set {
                key: "title",
                value: Some(Json::text(fields.title.clone())),
            });
        }

        let start = text_field(
            ui,
            "start",
            "Start (2021, 2021-11, 2021-11-15, ~ approximate, ? uncertain)",
            &mut fields.start,
            false,
        );
        seal_on_leave(&start, &mut edits);
        match check_date(&fields.start) {
            Ok(Some(_)) if start.changed() => edits.push(FieldEdit::Set {
                key: "start",
                value: Some(Json::text(fields.start.trim())),
            }),
            Ok(None) => {
                ui.colored_label(ui.visuals().error_fg_color, "An event needs a start date");
            }
            Err(message) => {
                ui.colored_label(ui.visuals().error_fg_color, message);
            }
            Ok(Some(_)) => {}
        }

        let end = text_field(
            ui,
            "end",
            "End (empty: a moment; \"present\": still going on)",
            &mut fields.end,
            false,
        );
        seal_on_leave(&end, &mut edits);
        let end_check = if fields.end.trim() == "present" {
            Ok(Some(()))
        } else {
            check_date(&fields.end).map(|d| d.map(|_| ()))
        };
        match end_check {
            Ok(value) if end.changed() => edits.push(FieldEdit::Set {
                key: "end",
                value: value.map(|()| Json::text(fields.end.trim())),
            }),
            Err(message) => {
                ui.colored_label(ui.visuals().error_fg_color, message);
            }
            Ok(_) => {}
        }

        ui.add_space(4.0);
        ui.label(RichText::new("Lanes").weak());
        let mut ids: Vec<String> = e
            .actors()
            .iter()
            .filter_map(|&a| document.dataset.actor(a))
            .map(|a| a.id.clone())
            .collect();
        let mut changed = false;
        for actor in &document.dataset.actors {
            let mut checked = ids.contains(&actor.id);
            if ui
                .checkbox(&mut checked, super::shown(&actor.name, 60))
                .changed()
            {
                if checked {
                    ids.push(actor.id.clone());
                } else {
                    ids.retain(|id| *id != actor.id);
                }
                changed = true;
            }
        }
        if changed {
            edits.push(FieldEdit::Set {
                key: "actors",
                value: Some(Json::List(ids.into_iter().map(Json::text).collect())),
            });
            edits.push(FieldEdit::Seal);
        }
        ui.horizontal(|ui| {
            let name = ui.label(RichText::new("New lane").weak());
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut fields.new_lane)
                        .id(field_id("new-lane"))
                        .hint_text("its name")
                        .desired_width(160.0),
                )
                .labelled_by(name.id);
            let enter = field.lost_focus() && ui.input(|i| i.key_pressed(egui::Key::Enter));
            if (ui.button("Add lane").clicked() || enter) && !fields.new_lane.trim().is_empty() {
                edits.push(FieldEdit::AddLane(fields.new_lane.trim().to_owned()));
                fields.new_lane.clear();
            }
        });

        ui.add_space(4.0);
        let kind = text_field(
            ui,
            "kind",
            "Kind (meeting, statement, attack…)",
            &mut fields.kind,
            false,
        );
        seal_on_leave(&kind, &mut edits);
        if kind.changed() {
            edits.push(FieldEdit::Set {
                key: "kind",
                value: text_or_none(&fields.kind),
            });
        }
        let tags = text_field(
            ui,
            "tags",
            "Tags, separated by commas",
            &mut fields.tags,
            false,
        );
        seal_on_leave(&tags, &mut edits);
        if tags.changed() {
            let tags: Vec<Json> = fields
                .tags
                .split(',')
                .map(str::trim)
                .filter(|t| !t.is_empty())
                .map(Json::text)
                .collect();
            edits.push(FieldEdit::Set {
                key: "tags",
                value: (!tags.is_empty()).then_some(Json::List(tags)),
            });
        }
        let description = text_field(
            ui,
            "description",
            "Description",
            &mut fields.description,
            true,
        );
        seal_on_leave(&description, &mut edits);
        if description.changed() {
            edits.push(FieldEdit::Set {
                key: "description",
                value: text_or_none(&fields.description),
            });
        }

        ui.add_space(6.0);
        ui.label(RichText::new("Sources").strong());
        let mut sources_changed = false;
        let mut remove = None;
        for (i, source) in fields.sources.iter_mut().enumerate() {
            ui.push_id(("source", i), |ui| {
                egui::Grid::new("source").num_columns(2).show(ui, |ui| {
                    for (label, value) in [
                        ("Publisher", &mut source.publisher),
                        ("Source title", &mut source.title),
                        ("URL", &mut source.url),
                        ("Date", &mut source.date),
                    ] {
                        let name = ui.label(RichText::new(label).weak());
                        let response = ui
                            .add(
                                egui::TextEdit::singleline(value)
                                    .id(field_id(&format!("source{i}-{label}")))
                                    .desired_width(200.0),
                            )
                            .labelled_by(name.id);
                        if response.changed() {
                            sources_changed = true;
                        }
                        if response.lost_focus() {
                            edits.push(FieldEdit::Seal);
                        }
                        ui.end_row();
                    }
                });
                if ui.small_button("Remove this source").clicked() {
                    remove = Some(i);
                }
            });
            ui.separator();
        }
        if let Some(i) = remove {
            fields.sources.remove(i);
            sources_changed = true;
        }
        if ui.button("Add a source").clicked() {
            fields.sources.push(SourceFields::default());
        }
        let bad_source_date = fields
            .sources
            .iter()
            .find_map(|s| check_date(&s.date).err());
        if let Some(message) = &bad_source_date {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("Source date: {message}"),
            );
        }
        if sources_changed && bad_source_date.is_none() {
            edits.push(FieldEdit::Set {
                key: "sources",
                value: sources_json(&fields.sources),
            });
        }

        ui.add_space(6.0);
        ui.label(RichText::new("Links (to the id of the event this one answers)").strong());
        let mut links_changed = false;
        let mut remove = None;
        for (i, link) in fields.links.iter_mut().enumerate() {
            ui.push_id(("link", i), |ui| {
                ui.horizontal(|ui| {
                    for (label, value, width) in
                        [("to", &mut link.to, 140.0), ("type", &mut link.kind, 90.0)]
                    {
                        let name = ui.label(RichText::new(label).weak());
                        let response = ui
                            .add(
                                egui::TextEdit::singleline(value)
                                    .id(field_id(&format!("link{i}-{label}")))
                                    .desired_width(width),
                            )
                            .labelled_by(name.id);
                        links_changed |= response.changed();
                        if response.lost_focus() {
                            edits.push(FieldEdit::Seal);
                        }
                    }
                    if ui
                        .small_button("✕")
                        .on_hover_text("Remove this link")
                        .clicked()
                    {
                        remove = Some(i);
                    }
                });
            });
        }
        if let Some(i) = remove {
            fields.links.remove(i);
            links_changed = true;
        }
        if ui.button("Add a link").clicked() {
            fields.links.push(LinkFields::default());
        }
        if links_changed && fields.links.iter().all(|l| !l.to.trim().is_empty()) {
            edits.push(FieldEdit::Set {
                key: "links",
                value: links_json(&fields.links),
            });
        }

        ui.add_space(10.0);
        if ui.button("Delete this event").clicked() {
            edits.push(FieldEdit::Delete);
        }
    });
    edits
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_are_checked_with_the_messages_of_check() {
        assert_eq!(check_date(""), Ok(None));
        assert!(check_date("2021-11~").is_ok_and(|d| d.is_some()));
        let message = check_date("2021-02-30").expect_err("not a date");
        assert!(message.contains("February 2021 has 28 days"), "{message}");
    }

    #[test]
    fn empty_sources_and_links_remove_the_field() {
        assert_eq!(sources_json(&[]), None);
        assert_eq!(links_json(&[]), None);
        let source = SourceFields {
            publisher: "NYT".to_owned(),
            ..SourceFields::default()
        };
        assert_eq!(
            sources_json(&[source]),
            Some(Json::List(vec![Json::Object(vec![(
                "publisher".to_owned(),
                Json::text("NYT")
            )])]))
        );
    }
}
