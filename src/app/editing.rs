//! Editing from the window: every edit goes through the open document's [`Editor`] (so it can
//! be undone and is saved only where it changed the file), then the dataset is read again
//! from the edited text. New timeline, new event, delete, undo, redo, save and save as, and
//! asking before unsaved edits would be lost.

use std::path::PathBuf;

use crate::edit::{EditError, Editor, Json, List};
use crate::model::{Dataset, EventIdx};
use crate::time::{Date, Precision, Timestamp};

use super::TimelanesApp;
use super::dialogs::DialogPurpose;
use super::document::{Document, DocumentSource};
use super::event_drag::EventMove;
use super::event_editor_ui::FieldEdit;
use super::file_watch::{FileStamp, FileWatch};
use super::lanes_editor_ui::LaneEdit;

/// What to do once the user has answered "save your changes?".
#[derive(Clone, Debug, PartialEq)]
pub enum PendingAction {
    Quit,
    Open(PathBuf),
    OpenBundled,
    NewFile,
    Reload,
}

impl TimelanesApp {
    /// Runs `edit` on the open document's text (making it editable first), then reads the
    /// dataset again. Returns whether anything changed; a refusal is said in the status bar.
    pub(super) fn apply_edit(
        &mut self,
        edit: impl FnOnce(&mut Editor, &Dataset) -> Result<bool, EditError>,
    ) -> bool {
        let Some(document) = &mut self.document else {
            return false;
        };
        if let Err(message) = document.start_editing() {
            self.set_status(format!("Not edited: {message}"), true);
            return false;
        }
        let dataset = document.dataset.clone();
        let Some(editor) = &mut document.editor else {
            return false;
        };
        match edit(editor, &dataset) {
            Ok(true) => {
                self.after_text_change();
                true
            }
            Ok(false) => false,
            Err(error) => {
                self.set_status(format!("Not edited: {error}"), true);
                false
            }
        }
    }

    /// Reads the dataset again from the edited text.
    pub(super) fn after_text_change(&mut self) {
        let Some(document) = &mut self.document else {
            return;
        };
        if let Err(message) = document.rebuild_from_editor() {
            // Cannot happen for splices made by the editor; say so rather than hide it.
            self.set_status(format!("The edited text does not load: {message}"), true);
        }
        let Some(document) = &self.document else {
            return;
        };
        if let Some(view) = &mut self.view
            && view
                .selected
                .is_some_and(|e| e.index() >= document.dataset.event_count())
        {
            view.selected = None;
        }
        self.journal_edits();
    }

    /// The event at item `index` of the file's list.
    fn event_at_item(&self, index: usize) -> Option<EventIdx> {
        let document = self.document.as_ref()?;
        document.dataset.event_by_file_index(index)
    }

    /// File › New: an empty timeline with one lane.
    pub(super) fn new_file(&mut self) {
        if self.ask_before_losing_edits(PendingAction::NewFile) {
            return;
        }
        let document = Document::new_timeline(Timestamp::now());
        self.open_document(document);
        self.panels.side = true;
        self.set_status(
            "A new timeline: add events with N, or right-click a lane",
            false,
        );
    }

    /// Edit › New event: in the middle of the view, dated at the precision the zoom shows,
    /// in the first lane shown; it opens in the side panel with its title ready for typing.
    pub(super) fn new_event(&mut self) {
        let (Some(document), Some(view)) = (&self.document, &self.view) else {
            return;
        };
        let at = Timestamp(view.window.center() as i64);
        let date = Date::at(at, precision_for_span(view.window.span()));
        let actor = document
            .shown
            .lanes
            .first()
            .and_then(|lane| document.dataset.actor(lane.actor))
            .map(|actor| actor.id.clone());
        self.add_event_at(date, actor);
    }

    /// Adds an event "New event" at `date` in `actor`'s lane, selects it and opens it for
    /// editing.
    pub(super) fn add_event_at(&mut self, date: Date, actor: Option<String>) {
        let mut members = vec![
            ("title".to_owned(), Json::text("New event")),
            ("start".to_owned(), Json::text(date.to_string())),
        ];
        if let Some(actor) = actor {
            members.push(("actors".to_owned(), Json::List(vec![Json::text(actor)])));
        }
        let event = Json::Object(members);
        let mut added = None;
        let changed = self.apply_edit(|editor, _| {
            added = Some(editor.add_item(List::Events, &event, "new event".to_owned(), None)?);
            Ok(true)
        });
        if !changed {
            return;
        }
        let selected = added.and_then(|index| self.event_at_item(index));
        if let Some(view) = &mut self.view {
            view.selected = selected;
        }
        self.panels.side = true;
        self.panels.editing = true;
        self.panels.focus_title = true;
    }

    /// Applies what the event editor asked for to `event`.
    pub(super) fn apply_field_edits(&mut self, event: EventIdx, edits: Vec<FieldEdit>) {
        for edit in edits {
            let Some((item, title)) = self.document.as_ref().and_then(|d| {
                let e = d.dataset.event(event)?;
                Some((e.file_index(), super::shown(e.title(), 60).into_owned()))
            }) else {
                return;
            };
            match edit {
                FieldEdit::Set { key, value } => {
                    let what = match key {
                        "title" => "retitling",
                        "start" | "end" => "date change",
                        "actors" => "lane change",
                        _ => "edit",
                    };
                    let label = format!("{what} of '{title}'");
                    let merge = format!("event {item} {key}");
                    self.apply_edit(|editor, _| {
                        editor.set_field(
                            List::Events,
                            item,
                            key,
                            value.as_ref(),
                            label,
                            Some(merge),
                        )
                    });
                }
                FieldEdit::AddLane(name) => self.add_lane_with(item, &name, &title),
                FieldEdit::Seal => {
                    if let Some(editor) = self.document.as_mut().and_then(|d| d.editor.as_mut()) {
                        editor.seal();
                    }
                }
                FieldEdit::Done => self.panels.editing = false,
                FieldEdit::Delete => self.delete_selection(),
            }
        }
    }

    /// A new lane called `name`, with the event at `item` in it: one undo step.
    fn add_lane_with(&mut self, item: usize, name: &str, title: &str) {
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

    /// An event dragged to another date or lane: one undo step, "move of 'Title'".
    pub(super) fn move_event(&mut self, moved: EventMove) {
        let Some(document) = &self.document else {
            return;
        };
        let Some(event) = document.dataset.event(moved.event) else {
            return;
        };
        let item = event.file_index();
        let label = format!("move of '{}'", super::shown(event.title(), 60));
        let merge = format!("move {item}");
        let actors = moved.lanes.map(|(from, to)| {
            let id =
                |a: crate::model::ActorIdx| document.dataset.actor(a).map(|actor| actor.id.clone());
            let ids: Vec<Json> = event
                .actors()
                .iter()
                .map(|&a| if a == from { to } else { a })
                .filter_map(id)
                .map(Json::text)
                .collect();
            Json::List(ids)
        });
        let (start, end) = (moved.start, moved.end);
        self.apply_edit(|editor, _| {
            let mut changed = editor.set_field(
                List::Events,
                item,
                "start",
                Some(&Json::text(start.to_string())),
                label.clone(),
                Some(merge.clone()),
            )?;
            if let Some(end) = end {
                changed |= editor.set_field(
                    List::Events,
                    item,
                    "end",
                    Some(&Json::text(end.to_string())),
                    label.clone(),
                    Some(merge.clone()),
                )?;
            }
            if let Some(actors) = &actors {
                changed |= editor.set_field(
                    List::Events,
                    item,
                    "actors",
                    Some(actors),
                    label,
                    Some(merge),
                )?;
            }
            editor.seal();
            Ok(changed)
        });
        if let Some(view) = &mut self.view {
            view.selected = Some(moved.event);
        }
    }

    /// "New event here": at the time right-clicked, at the zoom's precision, in that lane.
    pub(super) fn new_event_here(&mut self, at: f64, lane: Option<crate::model::ActorIdx>) {
        let (Some(document), Some(view)) = (&self.document, &self.view) else {
            return;
        };
        let date = Date::at(Timestamp(at as i64), precision_for_span(view.window.span()));
        let actor = lane
            .and_then(|a| document.dataset.actor(a))
            .map(|a| a.id.clone());
        self.add_event_at(date, actor);
    }

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

    /// Deletes the selected event.
    pub(super) fn delete_selection(&mut self) {
        let (Some(document), Some(view)) = (&self.document, &self.view) else {
            return;
        };
        let Some(event) = view.selected.and_then(|e| document.dataset.event(e)) else {
            return;
        };
        let (item, label) = (
            event.file_index(),
            format!("delete of '{}'", super::shown(event.title(), 60)),
        );
        if self.apply_edit(|editor, _| editor.remove_items(List::Events, &[item], label)) {
            if let Some(view) = &mut self.view {
                view.selected = None;
            }
            self.panels.editing = false;
        }
    }

    pub(super) fn undo(&mut self) {
        self.step_history(true);
    }

    pub(super) fn redo(&mut self) {
        self.step_history(false);
    }

    fn step_history(&mut self, back: bool) {
        let Some(editor) = self.document.as_mut().and_then(|d| d.editor.as_mut()) else {
            return;
        };
        let label = if back { editor.undo() } else { editor.redo() };
        if let Some(label) = label {
            self.after_text_change();
            let what = if back { "Undid" } else { "Redid" };
            self.set_status(format!("{what} {label}"), false);
        }
    }

    /// The name of what Undo (or Redo) would take back, for the menu.
    pub fn history_label(&self, back: bool) -> Option<String> {
        let history = self.document.as_ref()?.editor.as_ref()?.history();
        if back {
            history.undo_label()
        } else {
            history.redo_label()
        }
        .map(str::to_owned)
    }

    /// File › Save: the file itself when it is native JSON, else Save as.
    pub(super) fn save(&mut self, ctx: &egui::Context) {
        let Some(document) = &self.document else {
            return;
        };
        match document.save_path().map(PathBuf::from) {
            Some(path) => {
                self.save_to(path);
            }
            None => self.save_as(ctx),
        }
    }

    /// File › Save as: asks where, then writes native JSON there.
    pub(super) fn save_as(&mut self, ctx: &egui::Context) {
        let Some(document) = &self.document else {
            return;
        };
        let stem = std::path::Path::new(&document.name())
            .file_stem()
            .map_or_else(
                || "timeline".to_owned(),
                |s| s.to_string_lossy().into_owned(),
            );
        let default_name = format!("{stem}.json");
        self.start_dialog(DialogPurpose::SaveDataset { default_name }, ctx);
    }

    /// Writes the edited text to `path` (atomically); on success it is the document's file.
    pub(super) fn save_to(&mut self, path: PathBuf) -> bool {
        let Some(document) = &mut self.document else {
            return false;
        };
        if let Err(message) = document.start_editing() {
            self.set_status(format!("Not saved: {message}"), true);
            return false;
        }
        let Some(editor) = &mut document.editor else {
            return false;
        };
        if let Err(error) = crate::io::atomic::write_atomic(&path, editor.text().as_bytes()) {
            let message = format!("Not saved to {}: {error}", path.display());
            self.set_status(message, true);
            return false;
        }
        editor.mark_saved();
        document.native_file = true;
        document.source = DocumentSource::File(path.clone());
        document.stamp = FileStamp::of(&path);
        // Our own write is not a change made by someone else.
        self.jobs.watch = document.stamp.and_then(|stamp| {
            FileWatch::spawn(path.clone(), stamp, self.prefs.watch_interval, &self.ctx)
        });
        self.changed_on_disk = false;
        self.prefs.settings.remember_file(&path);
        self.discard_journal();
        self.set_status(format!("Saved {}", path.display()), false);
        true
    }

    /// With unsaved edits, asks what to do before `action` and returns `true` (the action
    /// waits for the answer); without, returns `false` (go ahead).
    pub(super) fn ask_before_losing_edits(&mut self, action: PendingAction) -> bool {
        if self.document.as_ref().is_some_and(Document::is_modified) {
            self.windows.unsaved = Some(action);
            true
        } else {
            false
        }
    }

    /// Carries out an action the user confirmed (after saving, or choosing not to).
    pub(super) fn continue_with(&mut self, action: PendingAction, ctx: &egui::Context) {
        // The edits are given up on purpose: nothing is left to recover.
        self.discard_journal();
        if let Some(editor) = self.document.as_mut().and_then(|d| d.editor.as_mut()) {
            editor.mark_saved();
        }
        match action {
            PendingAction::Quit => {
                self.allow_close = true;
                ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            }
            PendingAction::Open(path) => self.open_path(path, ctx),
            PendingAction::OpenBundled => {
                self.start_load(
                    super::loading::LoadRequest::Bundled,
                    crate::io::ImportOptions::default(),
                    ctx,
                );
            }
            PendingAction::NewFile => self.new_file(),
            PendingAction::Reload => self.reload(ctx),
        }
    }

    /// Keeps the window open while edits are unsaved, and asks.
    pub(super) fn guard_close(&mut self, ctx: &egui::Context) {
        let asked = ctx.input(|i| i.viewport().close_requested());
        if asked && !self.allow_close && self.ask_before_losing_edits(PendingAction::Quit) {
            ctx.send_viewport_cmd(egui::ViewportCommand::CancelClose);
        }
    }
}

/// An id made from `name` ("New lane" → "new-lane"), with a number added if `taken`.
pub fn unique_id(name: &str, taken: impl Fn(&str) -> bool) -> String {
    let mut base: String = name
        .to_lowercase()
        .chars()
        .map(|c| if c.is_alphanumeric() { c } else { '-' })
        .collect();
    base = base
        .split('-')
        .filter(|p| !p.is_empty())
        .collect::<Vec<_>>()
        .join("-");
    if base.is_empty() {
        base = "lane".to_owned();
    }
    if !taken(&base) {
        return base;
    }
    (2..)
        .map(|n| format!("{base}-{n}"))
        .find(|id| !taken(id))
        .unwrap_or(base)
}

/// The date precision a view of `span` seconds shows: years when zoomed out over decades,
/// days when looking at weeks, minutes when looking at hours.
pub fn precision_for_span(span: f64) -> Precision {
    const DAY: f64 = 86_400.0;
    if span > 3.0 * 365.0 * DAY {
        Precision::Year
    } else if span > 90.0 * DAY {
        Precision::Month
    } else if span > 2.0 * DAY {
        Precision::Day
    } else {
        Precision::Minute
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ids_are_made_from_names_and_kept_unique() {
        assert_eq!(unique_id("United Nations", |_| false), "united-nations");
        assert_eq!(unique_id("  ", |_| false), "lane");
        assert_eq!(unique_id("EU", |id| id == "eu" || id == "eu-2"), "eu-3");
    }

    #[test]
    fn a_new_event_is_dated_at_the_precision_of_the_zoom() {
        let year = 365.0 * 86_400.0;
        assert_eq!(precision_for_span(40.0 * year), Precision::Year);
        assert_eq!(precision_for_span(year), Precision::Month);
        assert_eq!(precision_for_span(14.0 * 86_400.0), Precision::Day);
        assert_eq!(precision_for_span(6.0 * 3_600.0), Precision::Minute);
    }
}
