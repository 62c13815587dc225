//! Edits of the timeline and its lanes from the window: title, description, lanes added,
//! renamed, recoloured, moved and deleted (with what becomes of their events), and a new lane
//! made for an event. Each is one undo step through the document's editor.

use crate::edit::{Json, List};

use super::TimelanesApp;
use super::editing::unique_id;
use super::lanes_editor_ui::LaneEdit;

impl TimelanesApp {
    /// Applies what the timeline editor asked for: title, description and lanes.
    pub(super) fn apply_lane_edits(&mut self, edits: Vec<LaneEdit>) {
        for edit in edits {
            match edit {
                LaneEdit::Title(title) => {
                    self.apply_edit(|editor, _| {
                        let value = Json::text(title);
                        editor.set_top_field(
                            "title",
                            Some(&value),
                            "retitling of the timeline".to_owned(),
                            Some("top title".to_owned()),
                        )
                    });
                }
                LaneEdit::Description(text) => {
                    self.apply_edit(|editor, _| {
                        let value = (!text.trim().is_empty()).then(|| Json::text(text));
                        editor.set_top_field(
                            "description",
                            value.as_ref(),
                            "edit of the description".to_owned(),
                            Some("top description".to_owned()),
                        )
                    });
                }
                LaneEdit::Rename { lane, name } => {
                    let label = format!("renaming of the lane '{name}'");
                    self.apply_edit(|editor, _| {
                        editor.set_field(
                            List::Actors,
                            lane,
                            "name",
                            Some(&Json::text(name)),
                            label,
                            Some(format!("lane {lane} name")),
                        )
                    });
                }
                LaneEdit::Recolor { lane, color } => {
                    self.apply_edit(|editor, dataset| {
                        let name = dataset.actors.get(lane).map_or("", |a| a.name.as_str());
                        let label = format!("new colour of the lane '{name}'");
                        editor.set_field(
                            List::Actors,
                            lane,
                            "color",
                            Some(&Json::text(color)),
                            label,
                            Some(format!("lane {lane} color")),
                        )
                    });
                }
                LaneEdit::Move { lane, by } => {
                    let to = lane.saturating_add_signed(by);
                    self.apply_edit(|editor, dataset| {
                        let name = dataset.actors.get(lane).map_or("", |a| a.name.as_str());
                        editor.move_item(
                            List::Actors,
                            lane,
                            to,
                            format!("move of the lane '{name}'"),
                        )
                    });
                }
                LaneEdit::Add => {
                    self.apply_edit(|editor, dataset| {
                        let id = unique_id("lane", |id| dataset.actors.iter().any(|a| a.id == id));
                        let lane = Json::Object(vec![
                            ("id".to_owned(), Json::text(id)),
                            ("name".to_owned(), Json::text("New lane")),
                        ]);
                        editor
                            .add_item(List::Actors, &lane, "new lane".to_owned(), None)
                            .map(|_| true)
                    });
                }
                LaneEdit::Delete { lane, to } => self.delete_lane(lane, to),
                LaneEdit::Seal => {
                    if let Some(editor) = self.document.as_mut().and_then(|d| d.editor.as_mut()) {
                        editor.seal();
                    }
                }
                LaneEdit::Done => self.panels.editing = false,
            }
        }
    }

    /// Deletes lane `lane`; its events move to lane `to`, or are deleted with it. One step.
    fn delete_lane(&mut self, lane: usize, to: Option<usize>) {
        self.apply_edit(|editor, dataset| {
            let Some(gone) = dataset.actors.get(lane) else {
                return Ok(false);
            };
            let target = to.and_then(|t| dataset.actors.get(t)).map(|a| a.id.clone());
            let label = format!("deletion of the lane '{}'", gone.name);
            editor.in_one_step(|editor| {
                let mut doomed = Vec::new();
                for event in dataset.events() {
                    if !event.actors().iter().any(|a| a.index() == lane) {
                        continue;
                    }
                    let mut ids: Vec<String> = event
                        .actors()
                        .iter()
                        .filter(|a| a.index() != lane)
                        .filter_map(|&a| dataset.actor(a))
                        .map(|a| a.id.clone())
                        .collect();
                    match &target {
                        Some(target) if !ids.contains(target) => ids.push(target.clone()),
                        Some(_) => {}
                        None if ids.is_empty() => {
                            doomed.push(event.file_index());
                            continue;
                        }
                        None => {}
                    }
                    let list = Json::List(ids.into_iter().map(Json::text).collect());
                    editor.set_field(
                        List::Events,
                        event.file_index(),
                        "actors",
                        Some(&list),
                        label.clone(),
                        None,
                    )?;
                }
                editor.remove_items(List::Events, &doomed, label.clone())?;
                editor.remove_items(List::Actors, &[lane], label)
            })
        });
    }

    /// A new lane called `name`, with the event at `item` in it: one undo step.
    pub(super) fn add_lane_with(&mut self, item: usize, name: &str, title: &str) {
        let Some(document) = &self.document else {
            return;
        };
        let id = unique_id(name, |id| {
            document.dataset.actors.iter().any(|a| a.id == id)
        });
        let mut actors: Vec<Json> = document
            .dataset
            .event_by_file_index(item)
            .and_then(|e| document.dataset.event(e))
            .map(|e| {
                e.actors()
                    .iter()
                    .filter_map(|&a| document.dataset.actor(a))
                    .map(|a| Json::text(a.id.clone()))
                    .collect()
            })
            .unwrap_or_default();
        actors.push(Json::text(id.clone()));
        let lane = Json::Object(vec![
            ("id".to_owned(), Json::text(id)),
            ("name".to_owned(), Json::text(name)),
        ]);
        let label = format!("new lane '{name}' for '{title}'");
        let merge = format!("new lane {item} {name}");
        self.apply_edit(|editor, _| {
            editor.add_item(List::Actors, &lane, label.clone(), Some(merge.clone()))?;
            editor.set_field(
                List::Events,
                item,
                "actors",
                Some(&Json::List(actors)),
                label,
                Some(merge),
            )?;
            editor.seal();
            Ok(true)
        });
    }
}
