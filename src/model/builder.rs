//! Validation shared by every loader: a loader reads its format into drafts (with the site of
//! every field), and [`DatasetBuilder`] checks what is independent of the format (actor
//! references, duplicate ids, end before start, colours), keeping every usable event and
//! turning the rest into problems.

use std::collections::HashMap;
use std::hash::BuildHasher as _;

use crate::time::Date;

use super::store::NewEvent;
use super::{Actor, ActorIdx, Color, Dataset, EventEnd, Problem, Site, Source, palette_color};

/// An actor as a loader read it.
#[derive(Clone, Debug, Default)]
pub struct ActorDraft {
    pub id: String,
    pub name: String,
    /// The colour as written, and where.
    pub color: Option<(String, Site)>,
    pub description: String,
    /// Where the actor (its `id`) is.
    pub site: Site,
}

/// An event as a loader read it, with its required fields present and its dates parsed.
#[derive(Clone, Debug)]
pub struct EventDraft {
    pub id: Option<(String, Site)>,
    pub title: String,
    pub start: (Date, Site),
    pub end: Option<(EventEnd, Site)>,
    /// Actor ids as written, each with its site.
    pub actors: Vec<(String, Site)>,
    pub kind: Option<String>,
    pub tags: Vec<String>,
    pub description: String,
    pub sources: Vec<Source>,
    /// Position in the file's list of events.
    pub file_index: usize,
}

/// Collects drafts into a [`Dataset`] and the problems found on the way. Add every actor
/// before the events that name them.
#[derive(Default)]
pub struct DatasetBuilder {
    dataset: Dataset,
    actor_ids: HashMap<String, ActorIdx>,
    /// Hash of an event id → the stored index of the first event with it.
    event_ids: HashMap<u64, u32>,
    id_hasher: std::hash::RandomState,
    problems: Vec<Problem>,
    palette_used: usize,
}

impl DatasetBuilder {
    pub fn new(title: String, description: String) -> Self {
        Self {
            dataset: Dataset {
                title,
                description,
                ..Dataset::default()
            },
            ..Self::default()
        }
    }

    /// Records a problem the loader found itself.
    pub fn problem(&mut self, problem: Problem) {
        self.problems.push(problem);
    }

    pub fn add_actor(&mut self, draft: ActorDraft) {
        if let Some(&existing) = self.actor_ids.get(&draft.id) {
            let first = self.dataset.actors[existing.index()].name.clone();
            self.problems.push(
                Problem::warning(
                    draft.site,
                    format!("duplicate actor id {:?}: this actor is ignored and its events go to the first one ({first})", draft.id),
                )
                .with_hint("give every actor its own id"),
            );
            return;
        }
        let color = match draft.color {
            None => None,
            Some((text, site)) => {
                let parsed = Color::parse_hex(&text);
                if parsed.is_none() {
                    self.problems.push(
                        Problem::warning(
                            site,
                            format!("{text:?} is not a colour; a palette colour is used"),
                        )
                        .with_hint("write colours as #rrggbb, for example #1f5fbf"),
                    );
                }
                parsed
            }
        };
        let color = color.unwrap_or_else(|| {
            let color = palette_color(self.palette_used);
            self.palette_used += 1;
            color
        });
        let idx = ActorIdx(self.dataset.actors.len() as u32);
        self.actor_ids.insert(draft.id.clone(), idx);
        self.dataset.actors.push(Actor {
            id: draft.id,
            name: draft.name,
            color,
            description: draft.description,
        });
    }

    pub fn add_event(&mut self, draft: EventDraft) {
        let file_index = draft.file_index;

        let mut actors = Vec::with_capacity(draft.actors.len());
        let mut unknown = Vec::new();
        for (id, site) in &draft.actors {
            match self.actor_ids.get(id) {
                Some(&idx) if !actors.contains(&idx) => actors.push(idx),
                Some(_) => self.problems.push(
                    Problem::warning(site.clone(), format!("actor {id:?} is listed twice"))
                        .with_hint("list each actor once")
                        .for_event(file_index),
                ),
                None => unknown.push((id, site)),
            }
        }
        let known_ids = || {
            let mut ids: Vec<&str> = self.actor_ids.keys().map(String::as_str).collect();
            ids.sort_unstable();
            ids.truncate(12);
            ids.join(", ")
        };
        for (id, site) in &unknown {
            let (severity_error, consequence) = if actors.is_empty() {
                (true, "and the event has no other actor, so it is left out")
            } else {
                (false, "so the event is shown only in its other lanes")
            };
            let message = format!("unknown actor {id:?}, {consequence}");
            let hint = format!("use one of the ids in \"actors\" ({})", known_ids());
            let problem = if severity_error {
                Problem::error((*site).clone(), message)
            } else {
                Problem::warning((*site).clone(), message)
            };
            self.problems
                .push(problem.with_hint(hint).for_event(file_index));
        }
        if actors.is_empty() {
            return;
        }

        let (start, _) = draft.start;
        let mut end = draft.end;
        if let Some((EventEnd::Date(end_date), site)) = &end
            && end_date.latest() <= start.earliest()
        {
            self.problems.push(
                    Problem::warning(
                        site.clone(),
                        format!(
                            "the end ({end_date}) is before the start ({start}); the event is shown as an instant at its start"
                        ),
                    )
                    .with_hint("swap start and end, or correct the end")
                    .for_event(file_index),
                );
            end = None;
        }

        let stored_index = self.dataset.events.len() as u32;
        if let Some((id, site)) = &draft.id {
            // Ids are remembered by hash (a million ids as strings would double the memory a
            // load needs); a hit is confirmed against the stored id.
            let hash = self.id_hasher.hash_one(id.as_str());
            match self.event_ids.get(&hash) {
                Some(&first) if self.dataset.events.id(first as usize) == Some(id.as_str()) => {
                    let first_file_index = self.dataset.events.file_index(first as usize);
                    self.problems.push(
                        Problem::warning(
                            site.clone(),
                            format!("duplicate event id {id:?} (also used by events[{first_file_index}]); both events are shown"),
                        )
                        .with_hint("give every event its own id")
                        .for_event(file_index),
                    );
                }
                Some(_) => {}
                None => {
                    self.event_ids.insert(hash, stored_index);
                }
            }
        }

        let stored = self.dataset.events.push(NewEvent {
            id: draft.id.as_ref().map(|(id, _)| id.as_str()),
            title: &draft.title,
            start,
            end: end.map(|(end, _)| end),
            actors: &actors,
            kind: draft.kind.as_deref(),
            tags: &draft.tags,
            description: &draft.description,
            sources: draft.sources,
            file_index,
        });
        if let Err(full) = stored {
            self.problems.push(
                Problem::error(draft.start.1, full.to_string())
                    .with_hint("split the dataset into several files")
                    .for_event(file_index),
            );
        }
    }

    /// The dataset and every problem found, errors first, then in file order.
    pub fn finish(mut self) -> (Dataset, Vec<Problem>) {
        self.dataset.events.shrink_to_fit();
        self.problems.sort_by(|a, b| {
            b.severity
                .cmp(&a.severity)
                .then(a.site.location.cmp(&b.site.location))
                .then(a.site.offset.cmp(&b.site.offset))
        });
        (self.dataset, self.problems)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::{FieldPath, Severity};

    fn site(path: &'static str) -> Site {
        Site::new(FieldPath::Field(path), None)
    }

    fn actor(id: &str) -> ActorDraft {
        ActorDraft {
            id: id.into(),
            name: id.to_uppercase(),
            site: site("actors"),
            ..ActorDraft::default()
        }
    }

    fn event(index: usize, actors: &[&str], start: &str, end: Option<&str>) -> EventDraft {
        EventDraft {
            id: Some((format!("e{index}"), site("id"))),
            title: format!("Event {index}"),
            start: (Date::parse(start).expect("valid"), site("start")),
            end: end.map(|e| (EventEnd::Date(Date::parse(e).expect("valid")), site("end"))),
            actors: actors
                .iter()
                .map(|a| (a.to_string(), site("actors[0]")))
                .collect(),
            kind: None,
            tags: vec![],
            description: String::new(),
            sources: vec![],
            file_index: index,
        }
    }

    #[test]
    fn valid_drafts_make_a_dataset() {
        let mut builder = DatasetBuilder::new("T".into(), String::new());
        builder.add_actor(ActorDraft {
            color: Some(("#1f5fbf".into(), site("c"))),
            ..actor("us")
        });
        builder.add_actor(actor("cn"));
        builder.add_event(event(0, &["us", "cn"], "2021-11-15", None));
        let (dataset, problems) = builder.finish();
        assert!(problems.is_empty(), "{problems:?}");
        assert_eq!(dataset.actors[0].color, Color::rgb(0x1f, 0x5f, 0xbf));
        assert_eq!(dataset.actors[1].color, palette_color(0));
        let event = dataset.event(crate::model::EventIdx(0)).expect("stored");
        assert_eq!(event.actors(), [ActorIdx(0), ActorIdx(1)]);
    }

    #[test]
    fn recoverable_problems_are_warnings() {
        let mut builder = DatasetBuilder::new(String::new(), String::new());
        builder.add_actor(actor("us"));
        builder.add_actor(ActorDraft {
            color: Some(("blue".into(), site("c"))),
            ..actor("cn")
        });
        builder.add_actor(actor("us"));
        builder.add_event(event(0, &["us", "xx"], "2021-11-15", None));
        builder.add_event(event(1, &["cn"], "2021-11-15", Some("2021-11-01")));
        let mut duplicate = event(2, &["cn"], "2021-11-15", None);
        duplicate.id = Some(("e0".into(), site("id")));
        builder.add_event(duplicate);
        let (dataset, problems) = builder.finish();
        assert_eq!(dataset.actors.len(), 2);
        assert_eq!(dataset.event_count(), 3, "every event is kept");
        assert!(problems.iter().all(|p| p.severity == Severity::Warning));
        let texts: Vec<_> = problems.iter().map(Problem::text).collect();
        assert!(
            texts
                .iter()
                .any(|t| t.contains("duplicate actor id \"us\"")),
            "{texts:?}"
        );
        assert!(
            texts.iter().any(|t| t.contains("\"blue\" is not a colour")),
            "{texts:?}"
        );
        assert!(
            texts
                .iter()
                .any(|t| t.contains("unknown actor \"xx\"") && t.contains("cn, us")),
            "{texts:?}"
        );
        assert!(
            texts
                .iter()
                .any(|t| t.contains("the end (2021-11-01) is before the start (2021-11-15)"))
        );
        assert!(
            texts
                .iter()
                .any(|t| t.contains("duplicate event id \"e0\""))
        );
        let backwards = dataset.event(crate::model::EventIdx(1)).expect("stored");
        assert_eq!(backwards.end(), None, "a backwards end is dropped");
        assert_eq!(problems.iter().filter(|p| p.event.is_some()).count(), 3);
    }

    #[test]
    fn event_without_known_actors_is_an_error() {
        let mut builder = DatasetBuilder::new(String::new(), String::new());
        builder.add_actor(actor("us"));
        builder.add_event(event(0, &["xx"], "2021", None));
        let (dataset, problems) = builder.finish();
        assert_eq!(dataset.event_count(), 0);
        assert_eq!(problems.len(), 1);
        assert!(problems[0].is_error());
        assert_eq!(problems[0].event, Some(0));
    }
}
