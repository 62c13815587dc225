//! Reading the `notes` and `stories` lists of a native file, once every event and actor is
//! known (they point at events and lanes by id). Both are the author's commentary: a note or a
//! step that cannot be used is a warning and is left out, never an error of the file.

use std::collections::HashMap;

use serde::Deserialize;

use crate::model::{
    ActorIdx, Dataset, Era, EventIdx, FieldPath, Note, NoteTarget, Problem, Severity, StepTarget,
    Story, StoryStep, quoted,
};

use super::{Json, Reader, describe, is_null, text_of};

#[derive(Deserialize)]
struct RawNote<'a> {
    #[serde(borrow, default)]
    id: Option<Json<'a>>,
    #[serde(borrow, default)]
    title: Option<Json<'a>>,
    #[serde(borrow, default)]
    text: Option<Json<'a>>,
    #[serde(borrow, default)]
    event: Option<Json<'a>>,
    #[serde(borrow, default)]
    start: Option<Json<'a>>,
    #[serde(borrow, default)]
    end: Option<Json<'a>>,
    #[serde(borrow, default)]
    actor: Option<Json<'a>>,
}

#[derive(Deserialize)]
struct RawStory<'a> {
    #[serde(borrow, default)]
    name: Option<Json<'a>>,
    #[serde(borrow, default)]
    steps: Option<Json<'a>>,
}

#[derive(Deserialize)]
struct RawStep<'a> {
    #[serde(borrow, default)]
    event: Option<Json<'a>>,
    #[serde(borrow, default)]
    note: Option<Json<'a>>,
    #[serde(borrow, default)]
    caption: Option<Json<'a>>,
    #[serde(borrow, default)]
    from: Option<Json<'a>>,
    #[serde(borrow, default)]
    to: Option<Json<'a>>,
    #[serde(borrow, default)]
    lanes: Option<Json<'a>>,
}

/// Ids of events and actors, to resolve what notes and steps point at.
struct Ids<'d> {
    events: HashMap<&'d str, EventIdx>,
    actors: HashMap<&'d str, ActorIdx>,
}

impl<'d> Ids<'d> {
    fn of(dataset: &'d Dataset) -> Self {
        let mut events = HashMap::new();
        for event in dataset.events() {
            if let Some(id) = event.id() {
                // The first event with an id is the one links and notes find.
                events.entry(id).or_insert(event.idx());
            }
        }
        let actors = dataset
            .actors
            .iter()
            .enumerate()
            .map(|(i, a)| (a.id.as_str(), ActorIdx(i as u32)))
            .collect();
        Self { events, actors }
    }
}

/// A note or step left out: a warning at `path`.
fn left_out(
    reader: &Reader<'_, '_>,
    path: FieldPath,
    raw: Json<'_>,
    message: String,
    hint: &str,
) -> Problem {
    Problem::warning(reader.site(path, raw), message).with_hint(hint)
}

impl<'a> Reader<'_, 'a> {
    /// Reads `notes` and `stories` into `dataset`, and draws span notes as bands (eras that
    /// name their note).
    pub(super) fn read_notes_and_stories(
        &self,
        notes: Option<Json<'a>>,
        stories: Option<Json<'a>>,
        dataset: &mut Dataset,
        problems: &mut Vec<Problem>,
    ) {
        let notes = notes.filter(|r| !is_null(*r));
        let stories = stories.filter(|r| !is_null(*r));
        if notes.is_none() && stories.is_none() {
            return;
        }
        let (read_notes, read_stories) = {
            let ids = Ids::of(dataset);
            let notes = notes
                .map(|raw| self.read_notes(raw, &ids, problems))
                .unwrap_or_default();
            let stories = stories
                .map(|raw| self.read_stories(raw, &ids, &notes, problems))
                .unwrap_or_default();
            (notes, stories)
        };
        for (i, note) in read_notes.iter().enumerate() {
            if let NoteTarget::Span { start, end } = note.target {
                dataset.eras.push(Era {
                    title: note.heading(),
                    start,
                    end,
                    note: Some(i),
                });
            }
        }
        dataset.notes = read_notes;
        dataset.stories = read_stories;
    }

    /// The items of a top-level list, or a warning that it is not one.
    fn top_list(
        &self,
        raw: Json<'a>,
        name: &'static str,
        example: &str,
        problems: &mut Vec<Problem>,
    ) -> Vec<Json<'a>> {
        match raw
            .get()
            .starts_with('[')
            .then(|| self.list_items::<4>(raw, FieldPath::Field(name)).ok())
            .flatten()
        {
            Some(items) => items.into_vec(),
            None => {
                problems.push(left_out(
                    self,
                    FieldPath::Field(name),
                    raw,
                    format!(
                        "expected a list of {name}, found {}; it is ignored",
                        describe(raw)
                    ),
                    &format!("write \"{name}\": [{example}]"),
                ));
                Vec::new()
            }
        }
    }

    fn text(&self, raw: Option<Json<'a>>, path: FieldPath, problems: &mut Vec<Problem>) -> String {
        self.optional_text(raw, path, problems)
            .map(|t| t.into_owned())
            .unwrap_or_default()
    }

    fn read_notes(&self, raw: Json<'a>, ids: &Ids<'_>, problems: &mut Vec<Problem>) -> Vec<Note> {
        let example = "{\"text\": \"…\", \"event\": \"an event id\"}";
        let hint = "attach the note with \"event\": an event's id, \"start\" (and \"end\"): a span of time, or \"actor\": a lane's id";
        let mut notes = Vec::new();
        for (index, item) in self
            .top_list(raw, "notes", example, problems)
            .into_iter()
            .enumerate()
        {
            let field = |name: &'static str| FieldPath::field("notes", index, name);
            let note = match self.item::<RawNote<'a>>(item, "notes", index) {
                Ok(note) => note,
                Err(problem) => {
                    problems.push(Problem {
                        severity: Severity::Warning,
                        ..*problem
                    });
                    continue;
                }
            };
            let title = self.text(note.title, field("title"), problems);
            let text = self.text(note.text, field("text"), problems);
            if title.trim().is_empty() && text.trim().is_empty() {
                problems.push(left_out(
                    self,
                    FieldPath::item("notes", index),
                    item,
                    "a note without \"title\" or \"text\" is left out".to_owned(),
                    "write what the note says in \"text\"",
                ));
                continue;
            }
            let target = if let Some(raw) = note.event.filter(|r| !is_null(*r)) {
                let id = text_of(raw).unwrap_or_default();
                match ids.events.get(id.as_ref()) {
                    Some(&event) => Some(NoteTarget::Event(event)),
                    None => {
                        problems.push(left_out(
                            self,
                            field("event"),
                            raw,
                            format!(
                                "note on unknown event id {}; the note is left out",
                                quoted(&id)
                            ),
                            "use the \"id\" of an event of this file",
                        ));
                        continue;
                    }
                }
            } else if let Some(raw) = note.actor.filter(|r| !is_null(*r)) {
                let id = text_of(raw).unwrap_or_default();
                match ids.actors.get(id.as_ref()) {
                    Some(&actor) => Some(NoteTarget::Lane(actor)),
                    None => {
                        problems.push(left_out(
                            self,
                            field("actor"),
                            raw,
                            format!(
                                "note on unknown actor {}; the note is left out",
                                quoted(&id)
                            ),
                            "use the \"id\" of one of the \"actors\"",
                        ));
                        continue;
                    }
                }
            } else if let Some(raw) = note.start.filter(|r| !is_null(*r)) {
                let dates = self.date(raw, field("start")).and_then(|start| {
                    let end = match note.end.filter(|r| !is_null(*r)) {
                        Some(end) => self.date(end, field("end"))?,
                        None => start,
                    };
                    Ok(NoteTarget::Span { start, end })
                });
                match dates {
                    Ok(target) => Some(target),
                    Err(problem) => {
                        let mut problem = *problem;
                        problem.severity = Severity::Warning;
                        problem.message.push_str("; the note is left out");
                        problems.push(problem);
                        continue;
                    }
                }
            } else {
                None
            };
            let Some(target) = target else {
                problems.push(left_out(
                    self,
                    FieldPath::item("notes", index),
                    item,
                    "the note is attached to nothing; it is left out".to_owned(),
                    hint,
                ));
                continue;
            };
            let id = self
                .optional_text(note.id, field("id"), problems)
                .map(|t| t.into_owned());
            notes.push(Note {
                file_index: index,
                id,
                title,
                text,
                target,
            });
        }
        notes
    }

    fn read_stories(
        &self,
        raw: Json<'a>,
        ids: &Ids<'_>,
        notes: &[Note],
        problems: &mut Vec<Problem>,
    ) -> Vec<Story> {
        let example = "{\"name\": \"Briefing\", \"steps\": [{\"event\": \"an event id\"}]}";
        let mut stories = Vec::new();
        for (index, item) in self
            .top_list(raw, "stories", example, problems)
            .into_iter()
            .enumerate()
        {
            let field = |name: &'static str| FieldPath::field("stories", index, name);
            let story = match self.item::<RawStory<'a>>(item, "stories", index) {
                Ok(story) => story,
                Err(problem) => {
                    problems.push(Problem {
                        severity: Severity::Warning,
                        ..*problem
                    });
                    continue;
                }
            };
            let name = self.text(story.name, field("name"), problems);
            let name = if name.trim().is_empty() {
                format!("Story {}", index + 1)
            } else {
                name
            };
            let mut steps = Vec::new();
            let step_items = match story.steps.filter(|r| r.get().starts_with('[')) {
                Some(raw) => self
                    .list_items::<8>(raw, field("steps"))
                    .map(|i| i.into_vec())
                    .unwrap_or_default(),
                None => Vec::new(),
            };
            for (number, step_item) in step_items.into_iter().enumerate() {
                let step: RawStep<'a> = match serde_json::from_str(step_item.get()) {
                    Ok(step) => step,
                    Err(_) => {
                        problems.push(left_out(
                            self,
                            field("steps"),
                            step_item,
                            format!(
                                "step {} of story {} is not an object; it is left out",
                                number + 1,
                                quoted(&name)
                            ),
                            "write a step as {\"event\": \"an event id\", \"caption\": \"…\"}",
                        ));
                        continue;
                    }
                };
                let where_ = format!("step {} of story {}", number + 1, quoted(&name));
                let target = if let Some(raw) = step.event.filter(|r| !is_null(*r)) {
                    let id = text_of(raw).unwrap_or_default();
                    ids.events
                        .get(id.as_ref())
                        .map(|&e| StepTarget::Event(e))
                        .ok_or((
                            raw,
                            format!(
                                "{where_} shows unknown event id {}; the step is left out",
                                quoted(&id)
                            ),
                        ))
                } else if let Some(raw) = step.note.filter(|r| !is_null(*r)) {
                    let id = text_of(raw).unwrap_or_default();
                    notes
                        .iter()
                        .position(|n| n.id.as_deref() == Some(id.as_ref()))
                        .map(StepTarget::Note)
                        .ok_or((
                            raw,
                            format!(
                                "{where_} shows unknown note id {}; the step is left out",
                                quoted(&id)
                            ),
                        ))
                } else {
                    Err((
                        step_item,
                        format!("{where_} shows neither an event nor a note; it is left out"),
                    ))
                };
                let target = match target {
                    Ok(target) => target,
                    Err((raw, message)) => {
                        problems.push(left_out(
                            self,
                            field("steps"),
                            raw,
                            message,
                            "give the step \"event\": an event's id, or \"note\": a note's id",
                        ));
                        continue;
                    }
                };
                let date = |raw: Option<Json<'a>>, problems: &mut Vec<Problem>| {
                    let raw = raw.filter(|r| !is_null(*r))?;
                    match self.date(raw, field("steps")) {
                        Ok(date) => Some(date),
                        Err(problem) => {
                            let mut problem = *problem;
                            problem.severity = Severity::Warning;
                            problem.message = format!(
                                "{where_}: {}; the step's view is made to fit instead",
                                problem.message
                            );
                            problems.push(problem);
                            None
                        }
                    }
                };
                let from = date(step.from, problems);
                let to = date(step.to, problems);
                let lanes = step
                    .lanes
                    .and_then(|raw| serde_json::from_str::<Vec<String>>(raw.get()).ok())
                    .unwrap_or_default()
                    .iter()
                    .filter_map(|id| ids.actors.get(id.as_str()).copied())
                    .collect();
                let caption = self.text(step.caption, field("steps"), problems);
                steps.push(StoryStep {
                    file_index: number,
                    target,
                    from,
                    to,
                    lanes,
                    caption,
                });
            }
            stories.push(Story {
                file_index: index,
                name,
                steps,
            });
        }
        stories
    }
}
