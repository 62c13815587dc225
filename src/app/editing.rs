//! Editing from the window: every edit goes through the open document's [`Editor`] (so it can
//! be undone and is saved only where it changed the file), then the dataset is read again
//! from the edited text. New timeline, new event, delete, undo, redo, save and save as, and
//! asking before unsaved edits would be lost.

use std::path::PathBuf;

use crate::edit::{EditError, Editor, Json, List};
use crate::model::{Dataset, EventEnd, EventIdx};
use crate::time::{Date, Precision, Timestamp};

use super::TimelanesApp;
use super::bulk_editor_ui::BulkEdit;
use super::dialogs::DialogPurpose;
use super::document::{Document, DocumentSource};
use super::event_drag::{EventMove, moved_date};
use super::event_editor_ui::FieldEdit;
use super::file_watch::{FileStamp, FileWatch};

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
        let result = edit(editor, &dataset);
        // Let go of the dataset before it is changed, so it is changed in place, not copied.
        drop(dataset);
        match result {
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

    /// Brings the dataset up to date with the edited text.
    pub(super) fn after_text_change(&mut self) {
        let Some(document) = &mut self.document else {
            return;
        };
        let count_before = document.dataset.event_count();
        if let Err(message) = document.follow_editor() {
            // Cannot happen for splices made by the editor; say so rather than hide it.
            self.set_status(format!("The edited text does not load: {message}"), true);
        }
        let Some(document) = &self.document else {
            return;
        };
        if let Some(view) = &mut self.view {
            // Events were added or removed: indices moved, so a selection of several is let go.
            if document.dataset.event_count() != count_before {
                view.also_selected.clear();
            }
            if view
                .selected
                .is_some_and(|e| e.index() >= document.dataset.event_count())
            {
                view.selected = None;
            }
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
        let precision = precision_for_span(view.window.span());
        let date = date_under(view.window.center(), precision, self.prefs.zone);
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

    /// An event dragged to another date or lane: one undo step, "move of 'Title'". When it
    /// is one of several selected events, they all move by as much (each snapped to its own
    /// precision).
    pub(super) fn move_event(&mut self, moved: EventMove) {
        let (Some(document), Some(view)) = (&self.document, &self.view) else {
            return;
        };
        let Some(event) = document.dataset.event(moved.event) else {
            return;
        };
        let selection = view.selection();
        let together: Vec<EventIdx> =
            if !moved.resize && selection.len() > 1 && selection.contains(&moved.event) {
                selection
                    .into_iter()
                    .filter(|&e| e != moved.event)
                    .collect()
            } else {
                Vec::new()
            };
        let shift = moved.start.span().start.as_f64() - event.start().span().start.as_f64();
        let label = match together.len() {
            0 => format!("move of '{}'", super::shown(event.title(), 60)),
            n => format!("move of {} events", n + 1),
        };
        // (item, start, end) of every event that moves.
        let mut dates = vec![(event.file_index(), moved.start, moved.end)];
        for other in together.iter().filter_map(|&e| document.dataset.event(e)) {
            let end = match other.end() {
                Some(EventEnd::Date(end)) => Some(moved_date(end, shift)),
                _ => None,
            };
            dates.push((other.file_index(), moved_date(other.start(), shift), end));
        }
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
            (event.file_index(), Json::List(ids))
        });
        self.apply_edit(|editor, _| {
            editor.in_one_step(|editor| {
                let mut changed = false;
                for (item, start, end) in &dates {
                    let start = Json::text(start.to_string());
                    changed |= editor.set_field(
                        List::Events,
                        *item,
                        "start",
                        Some(&start),
                        label.clone(),
                        None,
                    )?;
                    if let Some(end) = end {
                        let end = Json::text(end.to_string());
                        changed |= editor.set_field(
                            List::Events,
                            *item,
                            "end",
                            Some(&end),
                            label.clone(),
                            None,
                        )?;
                    }
                }
                if let Some((item, actors)) = &actors {
                    changed |= editor.set_field(
                        List::Events,
                        *item,
                        "actors",
                        Some(actors),
                        label.clone(),
                        None,
                    )?;
                }
                Ok(changed)
            })
        });
        if let Some(view) = &mut self.view {
            view.selected = Some(moved.event);
        }
    }

    /// An Alt-drag from `from` to `to`: `from` now answers `to` (a link to its id, which it
    /// is given if it has none). One undo step.
    pub(super) fn link_events(&mut self, from: EventIdx, to: EventIdx) {
        let Some(document) = &self.document else {
            return;
        };
        let (Some(source), Some(target)) =
            (document.dataset.event(from), document.dataset.event(to))
        else {
            return;
        };
        let target_id = target.id().map(str::to_owned);
        let fresh_id = target_id.clone().unwrap_or_else(|| {
            unique_id(target.title(), |id| {
                document.dataset.events().any(|e| e.id() == Some(id))
            })
        });
        let mut links: Vec<Json> = document
            .dataset
            .links
            .iter()
            .filter(|l| l.from == from)
            .filter_map(|l| {
                let to = document.dataset.event(l.to)?.id()?.to_owned();
                let mut members = vec![("to".to_owned(), Json::text(to))];
                if !l.kind.is_empty() {
                    members.push(("type".to_owned(), Json::text(l.kind.clone())));
                }
                Some(Json::Object(members))
            })
            .collect();
        if document
            .dataset
            .links
            .iter()
            .any(|l| l.from == from && l.to == to)
        {
            self.set_status("These events are linked already", false);
            return;
        }
        links.push(Json::Object(vec![(
            "to".to_owned(),
            Json::text(fresh_id.clone()),
        )]));
        let label = format!(
            "link from '{}' to '{}'",
            super::shown(source.title(), 40),
            super::shown(target.title(), 40)
        );
        let (from_item, to_item) = (source.file_index(), target.file_index());
        self.apply_edit(|editor, _| {
            editor.in_one_step(|editor| {
                if target_id.is_none() {
                    editor.set_field(
                        List::Events,
                        to_item,
                        "id",
                        Some(&Json::text(fresh_id.clone())),
                        label.clone(),
                        None,
                    )?;
                }
                editor.set_field(
                    List::Events,
                    from_item,
                    "links",
                    Some(&Json::List(links)),
                    label.clone(),
                    None,
                )
            })
        });
    }

    /// "New event here": at the time right-clicked, at the zoom's precision, in that lane.
    pub(super) fn new_event_here(&mut self, at: f64, lane: Option<crate::model::ActorIdx>) {
        let (Some(document), Some(view)) = (&self.document, &self.view) else {
            return;
        };
        let precision = precision_for_span(view.window.span());
        let date = date_under(at, precision, self.prefs.zone);
        let actor = lane
            .and_then(|a| document.dataset.actor(a))
            .map(|a| a.id.clone());
        self.add_event_at(date, actor);
    }

    /// Applies a change to every selected event, in one step.
    pub(super) fn apply_bulk_edit(&mut self, edit: BulkEdit) {
        let (Some(document), Some(view)) = (&self.document, &mut self.view) else {
            return;
        };
        let selection = view.selection();
        let label = format!("change of {} events", selection.len());
        let change = match edit {
            BulkEdit::Delete => return self.delete_selection(),
            BulkEdit::SelectOne => {
                view.also_selected.clear();
                return;
            }
            other => other,
        };
        let lane_id = match &change {
            BulkEdit::Lane(lane) => document.dataset.actors.get(*lane).map(|a| a.id.clone()),
            _ => None,
        };
        let changes: Vec<(usize, &'static str, Option<Json>)> = selection
            .iter()
            .filter_map(|&e| document.dataset.event(e))
            .filter_map(|e| {
                let value = match &change {
                    BulkEdit::Lane(_) => (
                        "actors",
                        Some(Json::List(vec![Json::text(lane_id.clone()?)])),
                    ),
                    BulkEdit::Kind(kind) => {
                        ("kind", (!kind.is_empty()).then(|| Json::text(kind.clone())))
                    }
                    BulkEdit::AddTag(tag) => {
                        let mut tags: Vec<String> = e.tags().map(str::to_owned).collect();
                        if tags.contains(tag) {
                            return None;
                        }
                        tags.push(tag.clone());
                        (
                            "tags",
                            Some(Json::List(tags.into_iter().map(Json::text).collect())),
                        )
                    }
                    BulkEdit::Delete | BulkEdit::SelectOne => return None,
                };
                Some((e.file_index(), value.0, value.1))
            })
            .collect();
        self.apply_edit(|editor, _| {
            editor.in_one_step(|editor| {
                let mut changed = false;
                for (item, key, value) in &changes {
                    changed |= editor.set_field(
                        List::Events,
                        *item,
                        key,
                        value.as_ref(),
                        label.clone(),
                        None,
                    )?;
                }
                Ok(changed)
            })
        });
    }

    /// Deletes the selected events (one step).
    pub(super) fn delete_selection(&mut self) {
        let (Some(document), Some(view)) = (&self.document, &self.view) else {
            return;
        };
        let events: Vec<_> = view
            .selection()
            .into_iter()
            .filter_map(|e| document.dataset.event(e))
            .collect();
        let items: Vec<usize> = events.iter().map(|e| e.file_index()).collect();
        let label = match events.as_slice() {
            [] => return,
            [one] => format!("delete of '{}'", super::shown(one.title(), 60)),
            many => format!("delete of {} events", many.len()),
        };
        if self.apply_edit(|editor, _| editor.remove_items(List::Events, &items, label)) {
            if let Some(view) = &mut self.view {
                view.select_only(None);
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
        if let Err(error) =
            crate::io::atomic::write_atomic_with(&path, |file| editor.write_to(file))
        {
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
/// The date at instant `at` (seconds) at `precision`, as read on `zone`'s clock: a day is the
/// zone's day under the pointer (in Washington at 21:00 on the 23rd it is the 23rd, though it
/// is already the 24th in UTC); a time is the instant itself.
pub fn date_under(at: f64, precision: Precision, zone: crate::time::Zone) -> Date {
    let at = at as i64;
    if precision <= Precision::Day {
        Date::at(Timestamp(zone.wall_seconds(at)), precision)
    } else {
        Date::at(Timestamp(at), precision)
    }
}

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
    fn a_new_day_is_the_day_under_the_pointer_on_the_zones_clock() {
        // 24 Feb 2022, 02:00 UTC: the 23rd in New York, the 24th in UTC and in Kyiv.
        let at = 1_645_668_000.0;
        let zone = |name| crate::time::Zone::parse(name).expect("zone");
        let day = |zone| date_under(at, Precision::Day, zone).to_string();
        assert_eq!(day(crate::time::Zone::Utc), "2022-02-24");
        assert_eq!(day(zone("America/New_York")), "2022-02-23");
        assert_eq!(day(zone("Europe/Kyiv")), "2022-02-24");
        let minute = date_under(at, Precision::Minute, zone("America/New_York"));
        assert_eq!(
            minute.earliest().0,
            1_645_668_000,
            "a time stays the instant"
        );
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
