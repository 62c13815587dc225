//! Notes and stories edited from their panel: each action of the panel is an edit of the
//! file's `notes` or `stories` list through the open document's editor, so it is undone with
//! Ctrl+Z, saved only where it changed the file, and journaled like any other edit.

use crate::edit::{Json, List};
use crate::model::{Dataset, EventIdx};
use crate::time::Precision;

use super::TimelanesApp;
use super::editing::{date_under, unique_id};
use super::notes_ui::{NewNote, NoteFields, NotesAction, StoryFrom};

impl TimelanesApp {
    /// Does what the notes panel asked for.
    pub(super) fn apply_notes_action(&mut self, action: NotesAction, ctx: &egui::Context) {
        match action {
            NotesAction::NewNote(on) => self.new_note(on),
            NotesAction::SetNoteField {
                file_index,
                key,
                value,
            } => {
                self.apply_edit(|editor, _| {
                    let value = value.as_deref().map(Json::text);
                    editor.set_field(
                        List::Notes,
                        file_index,
                        key,
                        value.as_ref(),
                        format!("edit of a note's {key}"),
                        Some(format!("note {file_index} {key}")),
                    )
                });
            }
            NotesAction::DeleteNote(file_index) => {
                self.panels.notes_state.editing = None;
                self.apply_edit(|editor, _| {
                    editor.remove_items(List::Notes, &[file_index], "deletion of a note".to_owned())
                });
            }
            NotesAction::GoToEvent(event) => {
                if let (Some(document), Some(view)) = (&self.document, &mut self.view) {
                    view.select_only(Some(event));
                    view.zoom_to_event(event, document);
                }
            }
            NotesAction::GoToSpan(start, end) => {
                if let Some(view) = &mut self.view {
                    let margin = (end - start).max(3600.0) * 0.2;
                    view.window = crate::time::TimeWindow::new(start - margin, end + margin);
                }
            }
            NotesAction::NewStory(from) => self.new_story(from),
            NotesAction::AddStep(story) => {
                let Some(event) = self.view.as_ref().and_then(|v| v.selected) else {
                    return;
                };
                let Some(step) = self.step_for(event) else {
                    return;
                };
                self.apply_edit(|editor, _| {
                    editor
                        .add_inner_item(List::Stories, story, "steps", &step, "new step".to_owned())
                        .map(|()| true)
                });
            }
            NotesAction::SetCaption {
                story,
                step,
                caption,
            } => {
                self.apply_edit(|editor, _| {
                    let value = (!caption.is_empty()).then(|| Json::text(caption.clone()));
                    editor.set_inner_field(
                        List::Stories,
                        story,
                        "steps",
                        step,
                        "caption",
                        value.as_ref(),
                        "edit of a caption".to_owned(),
                        Some(format!("caption {story} {step}")),
                    )
                });
            }
            NotesAction::MoveStep { story, from, to } => {
                self.apply_edit(|editor, _| {
                    editor.move_inner_item(
                        List::Stories,
                        story,
                        "steps",
                        from,
                        to,
                        "move of a step".to_owned(),
                    )
                });
            }
            NotesAction::RemoveStep { story, step } => {
                self.apply_edit(|editor, _| {
                    editor.remove_inner_items(
                        List::Stories,
                        story,
                        "steps",
                        &[step],
                        "removal of a step".to_owned(),
                    )
                });
            }
            NotesAction::SetStepView { story, step } => self.set_step_view(story, step),
            NotesAction::DeleteStory(story) => {
                self.apply_edit(|editor, _| {
                    editor.remove_items(List::Stories, &[story], "deletion of a story".to_owned())
                });
            }
            NotesAction::Play => self.play_story(ctx),
        }
    }

    /// Step `step` of story `story` shows the view and the lanes shown now: its `from`,
    /// `to` (at the precision of the zoom) and `lanes` (left out when all are shown).
    fn set_step_view(&mut self, story: usize, step: usize) {
        let (Some(document), Some(view)) = (&self.document, &self.view) else {
            return;
        };
        let window = view.window;
        // Fine enough that the step's view is within a percent of this one.
        const DAY: f64 = 86_400.0;
        let precision = match window.span() {
            span if span > 50.0 * 365.0 * DAY => Precision::Year,
            span if span > 2.0 * 365.0 * DAY => Precision::Month,
            span if span > 5.0 * DAY => Precision::Day,
            _ => Precision::Minute,
        };
        let zone = self.prefs.zone;
        let date = |t: f64| Json::text(date_under(t, precision, zone).to_string());
        let (from, to) = (date(window.start), date(window.end));
        let dataset = &document.dataset;
        let shown: Vec<Json> = document
            .shown
            .lanes
            .iter()
            .filter_map(|lane| dataset.actor(lane.actor))
            .map(|actor| Json::text(actor.id.clone()))
            .collect();
        let lanes = (shown.len() < dataset.actors.len()).then_some(Json::List(shown));
        self.apply_edit(|editor, _| {
            editor.in_one_step(|editor| {
                let fields = [
                    ("from", Some(&from)),
                    ("to", Some(&to)),
                    ("lanes", lanes.as_ref()),
                ];
                for (field, value) in fields {
                    let label = "view of a step".to_owned();
                    editor.set_inner_field(
                        List::Stories,
                        story,
                        "steps",
                        step,
                        field,
                        value,
                        label,
                        None,
                    )?;
                }
                Ok(true)
            })
        });
    }

    /// Writes a new note where asked, and opens it for editing.
    fn new_note(&mut self, on: NewNote) {
        let Some(document) = &self.document else {
            return;
        };
        let dataset = &document.dataset;
        let mut fields = vec![("title".to_owned(), Json::text("New note"))];
        let id = unique_id("note", |id| {
            dataset.notes.iter().any(|n| n.id.as_deref() == Some(id))
        });
        fields.insert(0, ("id".to_owned(), Json::text(id)));
        match on {
            NewNote::Event(event) => {
                let Some(event_id) = self.event_id(event) else {
                    return;
                };
                fields.push(("event".to_owned(), Json::text(event_id)));
            }
            NewNote::Span(start, end) => {
                let precision = super::editing::precision_for_span(end - start);
                let zone = self.prefs.zone;
                let date = |t: f64| date_under(t, precision, zone).to_string();
                fields.push(("start".to_owned(), Json::text(date(start))));
                if precision != Precision::Year || date(start) != date(end) {
                    fields.push(("end".to_owned(), Json::text(date(end))));
                }
            }
            NewNote::Lane(actor) => {
                let Some(lane) = dataset.actor(actor) else {
                    return;
                };
                fields.push(("actor".to_owned(), Json::text(lane.id.clone())));
            }
        }
        fields.push(("text".to_owned(), Json::text("")));
        let note = Json::Object(fields);
        let mut added = None;
        self.apply_edit(|editor, _| {
            added = Some(editor.add_item(List::Notes, &note, "new note".to_owned(), None)?);
            Ok(true)
        });
        let Some(file_index) = added else {
            return;
        };
        self.panels.notes = true;
        self.panels.notes_state.editing = self
            .document
            .as_ref()
            .and_then(|d| d.dataset.notes.iter().find(|n| n.file_index == file_index))
            .map(NoteFields::of);
    }

    /// The id of `event`, given one first (made from its title) when it has none: notes and
    /// steps point at events by id.
    fn event_id(&mut self, event: EventIdx) -> Option<String> {
        let document = self.document.as_ref()?;
        let found = document.dataset.event(event)?;
        if let Some(id) = found.id() {
            return Some(id.to_owned());
        }
        let (item, title) = (found.file_index(), found.title().to_owned());
        let dataset = &document.dataset;
        let id = unique_id(&title, |id| dataset.events().any(|e| e.id() == Some(id)));
        let made = self.apply_edit(|editor, _| {
            editor.set_field(
                List::Events,
                item,
                "id",
                Some(&Json::text(id.clone())),
                "id for a note".to_owned(),
                None,
            )
        });
        made.then_some(id)
    }

    /// A step showing `event`.
    fn step_for(&mut self, event: EventIdx) -> Option<Json> {
        let id = self.event_id(event)?;
        Some(Json::Object(vec![("event".to_owned(), Json::text(id))]))
    }

    /// A new story of the events asked for, in time order; the panel shows it.
    fn new_story(&mut self, from: StoryFrom) {
        let (Some(document), Some(view)) = (&self.document, &self.view) else {
            return;
        };
        let dataset = &document.dataset;
        let mut events: Vec<EventIdx> = match from {
            StoryFrom::Selection => view.selection(),
            StoryFrom::SearchResults => document.shown.search.results.clone(),
            StoryFrom::ShownEvents => dataset
                .events()
                .map(|e| e.idx())
                .filter(|&e| document.shown.is_shown(e))
                .collect(),
        };
        let now = document.now();
        events.sort_by_key(|&e| dataset.event(e).map(|e| e.span(now).start));
        // A story is told, not scrolled through: at most a hundred steps.
        events.truncate(100);
        if events.is_empty() {
            self.set_status("No story made: no events to show", true);
            return;
        }
        let name = story_name(dataset, from);
        let mut steps = Vec::new();
        for event in events {
            if let Some(step) = self.step_for(event) {
                steps.push(step);
            }
        }
        let story = Json::Object(vec![
            ("name".to_owned(), Json::text(name)),
            ("steps".to_owned(), Json::List(steps)),
        ]);
        let mut added = None;
        self.apply_edit(|editor, _| {
            added = Some(editor.add_item(List::Stories, &story, "new story".to_owned(), None)?);
            Ok(true)
        });
        if let Some(document) = &self.document
            && let Some(file_index) = added
            && let Some(i) = document
                .dataset
                .stories
                .iter()
                .position(|s| s.file_index == file_index)
        {
            self.panels.notes = true;
            self.panels.notes_state.story = i;
        }
    }
}

/// A name no story of `dataset` has yet: "Story of the selection", "Story of the selection 2"…
fn story_name(dataset: &Dataset, from: StoryFrom) -> String {
    let base = match from {
        StoryFrom::Selection => "Story of the selection",
        StoryFrom::SearchResults => "Story of the search results",
        StoryFrom::ShownEvents => "Story of the events shown",
    };
    let taken = |name: &str| dataset.stories.iter().any(|s| s.name == name);
    if !taken(base) {
        return base.to_owned();
    }
    (2..)
        .map(|n| format!("{base} {n}"))
        .find(|name| !taken(name))
        .unwrap_or_else(|| base.to_owned())
}
