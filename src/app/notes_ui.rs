//! The panel of notes and stories. Notes: each with what it is attached to (an event, a span
//! of time, a lane), to go to, edit or delete, and buttons to write a new one. Stories: one
//! chosen, made from the selection, the search results or the events shown; its steps in order
//! to caption, reorder or remove; and Play. The panel only says what the user asked for
//! ([`NotesAction`]); `note_editing.rs` makes the edits.

use egui::RichText;

use crate::model::{ActorIdx, Dataset, EventIdx, Note, NoteTarget, StepTarget, Story};
use crate::time::Date;

use super::document::Document;

/// What the panel keeps between frames.
#[derive(Clone, Debug)]
pub struct NotesPanel {
    /// The story shown (position in the dataset's stories).
    pub story: usize,
    /// The note being edited, with what its fields hold while the user types.
    pub editing: Option<NoteFields>,
    /// Seconds per step when a story plays by itself.
    pub pace_seconds: f32,
    /// The lane a new lane note goes on.
    pub lane: Option<ActorIdx>,
}

impl Default for NotesPanel {
    fn default() -> Self {
        Self {
            story: 0,
            editing: None,
            pace_seconds: 6.0,
            lane: None,
        }
    }
}

/// The fields of the note being edited.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct NoteFields {
    /// The note's place in the file's `notes` list.
    pub file_index: usize,
    pub title: String,
    pub text: String,
    /// For a note on a span of time.
    pub start: Option<String>,
    pub end: Option<String>,
}

impl NoteFields {
    pub(super) fn of(note: &Note) -> Self {
        let (start, end) = match note.target {
            NoteTarget::Span { start, end } => (
                Some(start.to_string()),
                Some(if end == start {
                    String::new()
                } else {
                    end.to_string()
                }),
            ),
            _ => (None, None),
        };
        Self {
            file_index: note.file_index,
            title: note.title.clone(),
            text: note.text.clone(),
            start,
            end,
        }
    }
}

/// Where a new note goes.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum NewNote {
    Event(EventIdx),
    /// The middle of the view, a tenth of it wide.
    Span(f64, f64),
    Lane(ActorIdx),
}

/// Which events a new story is made of.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoryFrom {
    Selection,
    SearchResults,
    ShownEvents,
}

/// What the user asked for in the panel this frame.
#[derive(Clone, Debug, PartialEq)]
pub enum NotesAction {
    NewNote(NewNote),
    /// A field of a note changed (`key`, new value; `None` removes it).
    SetNoteField {
        file_index: usize,
        key: &'static str,
        value: Option<String>,
    },
    DeleteNote(usize),
    GoToEvent(EventIdx),
    GoToSpan(f64, f64),
    NewStory(StoryFrom),
    /// Adds the selected event as the story's last step.
    AddStep(usize),
    SetCaption {
        story: usize,
        step: usize,
        caption: String,
    },
    MoveStep {
        story: usize,
        from: usize,
        to: usize,
    },
    RemoveStep {
        story: usize,
        step: usize,
    },
    DeleteStory(usize),
    Play,
}

/// What a note is on, in words: "on Biden and Xi hold video summit", "24 Feb 2022",
/// "on the Ukraine lane".
fn target_text(dataset: &Dataset, note: &Note) -> String {
    match note.target {
        NoteTarget::Event(event) => dataset.event(event).map_or_else(
            || "on an event".to_owned(),
            |e| format!("on {}", super::shown(e.title(), 60)),
        ),
        NoteTarget::Span { start, end } if start == end => start.human(),
        NoteTarget::Span { start, end } => format!("{} – {}", start.human(), end.human()),
        NoteTarget::Lane(actor) => dataset.actor(actor).map_or_else(
            || "on a lane".to_owned(),
            |a| format!("on the {} lane", a.name),
        ),
    }
}

/// A label cut to the width left beside `keep` points of buttons, clickable.
fn truncated(ui: &mut egui::Ui, text: RichText, keep: f32) -> egui::Response {
    let width = (ui.available_width() - keep).max(40.0);
    ui.allocate_ui(egui::vec2(width, ui.spacing().interact_size.y), |ui| {
        ui.add(
            egui::Label::new(text)
                .truncate()
                .sense(egui::Sense::click()),
        )
    })
    .inner
}

/// What a step shows, in words.
pub fn step_title(dataset: &Dataset, target: StepTarget) -> String {
    match target {
        StepTarget::Event(event) => dataset
            .event(event)
            .map_or_else(String::new, |e| super::shown(e.title(), 60).into_owned()),
        StepTarget::Note(note) => dataset
            .notes
            .get(note)
            .map_or_else(String::new, |n| format!("Note: {}", n.heading())),
    }
}

/// The panel. `selected` is the selected event; `window` the view (start, end).
pub fn notes_ui(
    ui: &mut egui::Ui,
    document: &Document,
    selected: Option<EventIdx>,
    window: (f64, f64),
    panel: &mut NotesPanel,
) -> Option<NotesAction> {
    let mut action = None;
    let dataset = &document.dataset;
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.heading("Notes");
        ui.horizontal_wrapped(|ui| {
            ui.label("New note:");
            if ui
                .add_enabled(
                    selected.is_some(),
                    egui::Button::new("on the selected event"),
                )
                .clicked()
                && let Some(event) = selected
            {
                action = Some(NotesAction::NewNote(NewNote::Event(event)));
            }
            if ui
                .button("on a span of the view")
                .on_hover_text("A band across the lanes in the middle of the view")
                .clicked()
            {
                let (start, end) = window;
                let middle = (start + end) / 2.0;
                let half = (end - start) / 20.0;
                action = Some(NotesAction::NewNote(NewNote::Span(
                    middle - half,
                    middle + half,
                )));
            }
        });
        ui.horizontal(|ui| {
            let lane_name = |lane: Option<ActorIdx>| {
                lane.and_then(|a| dataset.actor(a))
                    .map_or_else(|| "Choose a lane…".to_owned(), |a| a.name.clone())
            };
            egui::ComboBox::from_id_salt("note-lane")
                .selected_text(lane_name(panel.lane))
                .show_ui(ui, |ui| {
                    for (i, actor) in dataset.actors.iter().enumerate() {
                        ui.selectable_value(&mut panel.lane, Some(ActorIdx(i as u32)), &actor.name);
                    }
                })
                .response
                .accessible_name("The lane for a new note")
                .on_hover_text("The lane a new lane note goes on");
            if ui
                .add_enabled(panel.lane.is_some(), egui::Button::new("on this lane"))
                .clicked()
                && let Some(lane) = panel.lane
            {
                action = Some(NotesAction::NewNote(NewNote::Lane(lane)));
            }
        });
        if dataset.notes.is_empty() {
            ui.weak("No notes yet. A note on a span of time is drawn as a band across the lanes.");
        }
        for note in &dataset.notes {
            ui.separator();
            let editing = panel
                .editing
                .as_ref()
                .is_some_and(|f| f.file_index == note.file_index);
            ui.horizontal(|ui| {
                let heading = truncated(ui, RichText::new(note.heading()).strong(), 80.0);
                if heading.on_hover_text("Go to what the note is on").clicked() {
                    action = match note.target {
                        NoteTarget::Event(event) => Some(NotesAction::GoToEvent(event)),
                        NoteTarget::Span { .. } => note.span().map(|span| {
                            NotesAction::GoToSpan(span.start.as_f64(), span.end.as_f64())
                        }),
                        NoteTarget::Lane(_) => None,
                    };
                }
                ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                    if ui
                        .small_button("✕")
                        .on_hover_text("Delete the note")
                        .clicked()
                    {
                        action = Some(NotesAction::DeleteNote(note.file_index));
                    }
                    let label = if editing { "Done" } else { "Edit" };
                    if ui.small_button(label).clicked() {
                        panel.editing = (!editing).then(|| NoteFields::of(note));
                    }
                });
            });
            ui.weak(target_text(dataset, note));
            if editing {
                if let Some(fields) = &mut panel.editing
                    && let Some(edit) = note_editor_ui(ui, fields)
                {
                    action = Some(edit);
                }
            } else if !note.text.is_empty() {
                ui.label(super::shown(&note.text, 400));
            }
        }

        ui.add_space(12.0);
        ui.heading("Stories");
        if let Some(story_action) = stories_ui(ui, document, selected, panel) {
            action = Some(story_action);
        }
    });
    action
}

/// The fields of the note being edited; an edit is applied as the user types (dates only when
/// they read as dates, with the reason shown otherwise).
fn note_editor_ui(ui: &mut egui::Ui, fields: &mut NoteFields) -> Option<NotesAction> {
    let mut action = None;
    let file_index = fields.file_index;
    let set = |key: &'static str, value: &str| {
        Some(NotesAction::SetNoteField {
            file_index,
            key,
            value: (!value.trim().is_empty()).then(|| value.to_owned()),
        })
    };
    let title = ui.label("Title");
    if ui
        .text_edit_singleline(&mut fields.title)
        .labelled_by(title.id)
        .changed()
    {
        action = set("title", &fields.title);
    }
    let text = ui.label("Text");
    if ui
        .add(egui::TextEdit::multiline(&mut fields.text).desired_rows(4))
        .labelled_by(text.id)
        .changed()
    {
        action = set("text", &fields.text);
    }
    for (key, value) in [("start", &mut fields.start), ("end", &mut fields.end)] {
        let Some(value) = value else {
            continue;
        };
        let label = ui.label(if key == "start" {
            "From"
        } else {
            "To (empty: the same)"
        });
        let changed = ui
            .text_edit_singleline(value)
            .labelled_by(label.id)
            .changed();
        let parsed = (!value.trim().is_empty()).then(|| Date::parse(value.trim()));
        if let Some(Err(error)) = &parsed {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("{error}; {}", error.hint()),
            );
        } else if changed {
            action = set(key, value);
        }
    }
    action
}

/// The stories: which one, how to make one, its steps and Play.
fn stories_ui(
    ui: &mut egui::Ui,
    document: &Document,
    selected: Option<EventIdx>,
    panel: &mut NotesPanel,
) -> Option<NotesAction> {
    let mut action = None;
    let dataset = &document.dataset;
    ui.horizontal_wrapped(|ui| {
        ui.label("New story from:");
        for (label, from, enabled) in [
            ("the selection", StoryFrom::Selection, selected.is_some()),
            (
                "the search results",
                StoryFrom::SearchResults,
                !document.shown.search.results.is_empty(),
            ),
            ("the events shown", StoryFrom::ShownEvents, true),
        ] {
            if ui.add_enabled(enabled, egui::Button::new(label)).clicked() {
                action = Some(NotesAction::NewStory(from));
            }
        }
    });
    if dataset.stories.is_empty() {
        ui.weak("No stories yet: a story is a sequence of events and notes to present (F5).");
        return action;
    }
    panel.story = panel.story.min(dataset.stories.len() - 1);
    let name = |story: &Story| format!("{} ({} steps)", story.name, story.steps.len());
    egui::ComboBox::from_id_salt("story")
        .selected_text(name(&dataset.stories[panel.story]))
        .width(260.0)
        .show_ui(ui, |ui| {
            for (i, story) in dataset.stories.iter().enumerate() {
                ui.selectable_value(&mut panel.story, i, name(story));
            }
        })
        .response
        .accessible_name("The story shown");
    let story = &dataset.stories[panel.story];
    ui.horizontal(|ui| {
        if ui
            .add_enabled(!story.steps.is_empty(), egui::Button::new("▶ Play (F5)"))
            .clicked()
        {
            action = Some(NotesAction::Play);
        }
        ui.add(
            egui::Slider::new(&mut panel.pace_seconds, 2.0..=30.0)
                .suffix(" s")
                .text("a step when playing"),
        );
    });
    ui.horizontal(|ui| {
        if ui
            .add_enabled(
                selected.is_some(),
                egui::Button::new("Add the selected event"),
            )
            .clicked()
        {
            action = Some(NotesAction::AddStep(story.file_index));
        }
        if ui.button("Delete the story").clicked() {
            action = Some(NotesAction::DeleteStory(story.file_index));
        }
    });
    let count = story.steps.len();
    for (i, step) in story.steps.iter().enumerate() {
        ui.separator();
        ui.horizontal(|ui| {
            ui.label(RichText::new(format!("{}.", i + 1)).strong());
            truncated(ui, RichText::new(step_title(dataset, step.target)), 90.0);
            ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                let (story, step) = (story.file_index, step.file_index);
                if ui
                    .small_button("✕")
                    .on_hover_text("Remove the step")
                    .clicked()
                {
                    action = Some(NotesAction::RemoveStep { story, step });
                }
                if ui
                    .add_enabled(i + 1 < count, egui::Button::new("↓").small())
                    .on_hover_text("Later")
                    .clicked()
                {
                    action = Some(NotesAction::MoveStep {
                        story,
                        from: step,
                        to: step + 1,
                    });
                }
                if ui
                    .add_enabled(i > 0, egui::Button::new("↑").small())
                    .on_hover_text("Earlier")
                    .clicked()
                {
                    action = Some(NotesAction::MoveStep {
                        story,
                        from: step,
                        to: step - 1,
                    });
                }
            });
        });
        let mut caption = step.caption.clone();
        let field = egui::TextEdit::singleline(&mut caption)
            .hint_text("Caption (optional)")
            .desired_width(f32::INFINITY);
        if ui.add(field).changed() {
            action = Some(NotesAction::SetCaption {
                story: story.file_index,
                step: step.file_index,
                caption,
            });
        }
    }
    action
}
