//! Validation shared by every loader: a loader reads its format into drafts (with the site of
//! every field), and [`DatasetBuilder`] checks what is independent of the format (actor
//! references, duplicate ids, end before start, colours), keeping every usable event and
//! turning the rest into problems.

use std::borrow::Cow;
use std::collections::HashMap;

use smallvec::SmallVec;

use crate::time::Date;

use super::parts::SourceDraft;
use super::store::{EventStore, NewEvent};
use super::{
    Actor, ActorIdx, Color, Dataset, Era, EventEnd, FieldPath, Problem, Site, palette_color, quoted,
};

/// An actor as a loader read it.
#[derive(Clone, Debug, Default)]
pub struct ActorDraft {
    pub id: String,
    pub name: String,
    /// The colour as written, and where.
    pub color: Option<(String, Site)>,
    pub description: String,
    /// The id of the group it belongs to, as written, and where.
    pub group: Option<(String, Site)>,
    /// Its time zone's name, as written, and where.
    pub time_zone: Option<(String, Site)>,
    /// Where the actor (its `id`) is.
    pub site: Site,
}

/// A link from an event to another, as written: the other's id and the link's type.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LinkDraft<'a> {
    pub to: Cow<'a, str>,
    pub kind: Cow<'a, str>,
    pub site: Site,
}

/// A link waiting for every event to be read, so that its target can be found.
struct PendingLink {
    from_file_index: usize,
    to: String,
    kind: String,
    site: Site,
}

/// Events read again from their items after an edit.
#[derive(Debug, Default)]
pub struct EditedEvents {
    pub events: EventStore,
    /// (file index of the linking event, id linked to, type), as written.
    pub links: Vec<(usize, String, String)>,
    pub problems: Vec<Problem>,
}

/// An event as a loader read it, with its required fields present and its dates parsed. Texts
/// borrow from the file where they can, so reading a million events allocates little.
#[derive(Clone, Debug)]
pub struct EventDraft<'a> {
    pub id: Option<(Cow<'a, str>, Site)>,
    pub title: Cow<'a, str>,
    pub start: (Date, Site),
    pub end: Option<(EventEnd, Site)>,
    /// Actor ids as written, each with its site. (Inline for the usual few: a million events
    /// read in parallel must not mean millions of small allocations.)
    pub actors: ActorRefs<'a>,
    pub kind: Option<Cow<'a, str>>,
    pub tags: SmallVec<[Cow<'a, str>; 2]>,
    pub description: Cow<'a, str>,
    pub sources: SmallVec<[SourceDraft<'a>; 1]>,
    /// The date as the source wrote it for display, if different from the dates.
    pub display_date: Option<Cow<'a, str>>,
    /// Other facts, as (name, value).
    pub details: Vec<(Cow<'a, str>, Cow<'a, str>)>,
    /// Links to other events, by their ids.
    pub links: Vec<LinkDraft<'a>>,
    /// Position in the file's list of events.
    pub file_index: usize,
}

/// The actor ids of an event draft, with their sites.
pub type ActorRefs<'a> = SmallVec<[(Cow<'a, str>, Site); 2]>;

/// Collects drafts into a [`Dataset`] and the problems found on the way. Add every actor
/// before the events that name them.
#[derive(Default)]
pub struct DatasetBuilder {
    dataset: Dataset,
    actor_ids: HashMap<String, ActorIdx, ahash::RandomState>,
    /// Hash of an event id → the stored index of the first event with it.
    event_ids: HashMap<u64, u32, ahash::RandomState>,
    /// ahash: fast, and seeded at random so that no file can make loading quadratic.
    id_hasher: ahash::RandomState,
    problems: Vec<Problem>,
    palette_used: usize,
    /// Groups as written, by actor, resolved once every actor is known.
    groups: Vec<(ActorIdx, String, Site)>,
    /// Links of stored events, resolved once every event is known.
    links: Vec<PendingLink>,
}

/// What a chunk produced: its events, their problems, the sites of their ids, their links.
type ChunkParts = (EventStore, Vec<Problem>, Vec<(u32, Site)>, Vec<PendingLink>);

/// Validates and stores events into a store of its own; several work in parallel.
struct EventChunk<'b> {
    actor_ids: &'b HashMap<String, ActorIdx, ahash::RandomState>,
    store: EventStore,
    problems: Vec<Problem>,
    /// (index in this chunk's store, site) of each stored event with an id, for duplicate
    /// warnings once the chunks are merged.
    id_sites: Vec<(u32, Site)>,
    links: Vec<PendingLink>,
}

impl EventChunk<'_> {
    fn into_parts(self) -> ChunkParts {
        (self.store, self.problems, self.id_sites, self.links)
    }

    /// Checks what does not depend on other events (actor references, end before start) and
    /// stores the event if it is usable.
    fn add(&mut self, draft: EventDraft<'_>) {
        let file_index = draft.file_index;

        let mut actors: SmallVec<[ActorIdx; 8]> = SmallVec::new();
        let mut unknown: SmallVec<[(&str, &Site); 2]> = SmallVec::new();
        for (id, site) in &draft.actors {
            match self.actor_ids.get(id.as_ref()) {
                Some(&idx) if !actors.contains(&idx) => actors.push(idx),
                Some(_) => self.problems.push(
                    Problem::warning(
                        site.clone(),
                        format!("actor {} is listed twice", quoted(id)),
                    )
                    .with_hint("list each actor once")
                    .for_event(file_index),
                ),
                None => unknown.push((id.as_ref(), site)),
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
            let message = format!("unknown actor {}, {consequence}", quoted(id));
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

        let (start, start_site) = draft.start;
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

        let stored_index = self.store.len() as u32;
        let stored = self.store.push(NewEvent {
            id: draft.id.as_ref().map(|(id, _)| id.as_ref()),
            title: &draft.title,
            start,
            end: end.map(|(end, _)| end),
            actors: &actors,
            kind: draft.kind.as_deref(),
            tags: &draft.tags,
            description: &draft.description,
            sources: &draft.sources,
            file_index,
            display_date: draft.display_date.as_deref(),
            details: &draft.details,
        });
        match stored {
            Ok(_) => {
                if let Some((_, site)) = draft.id {
                    self.id_sites.push((stored_index, site));
                }
                self.links
                    .extend(draft.links.into_iter().map(|link| PendingLink {
                        from_file_index: file_index,
                        to: link.to.into_owned(),
                        kind: link.kind.trim().to_owned(),
                        site: link.site,
                    }));
            }
            Err(full) => self.problems.push(
                Problem::error(start_site, full.to_string())
                    .with_hint("split the dataset into several files")
                    .for_event(file_index),
            ),
        }
    }
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

    /// Makes room for `events` events with about `text_bytes` of text (titles, ids,
    /// descriptions), when the loader knows.
    pub fn reserve(&mut self, events: usize, text_bytes: usize) {
        self.dataset.events.reserve(events, text_bytes);
        self.event_ids.reserve(events);
    }

    /// Adds a named period, drawn behind the lanes.
    pub fn add_era(&mut self, era: Era) {
        self.dataset.eras.push(era);
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
                    format!("duplicate actor id {}: this actor is ignored and its events go to the first one ({first})", quoted(&draft.id)),
                )
                .with_hint("give every actor its own id"),
            );
            return;
        }
        let color = match draft.color {
            None => None,
            Some((text, site)) => match Color::parse_checked(&text) {
                Ok(color) => Some(color),
                Err(message) => {
                    self.problems.push(
                        Problem::warning(site, format!("{message}; a palette colour is used"))
                            .with_hint(crate::model::COLOR_HINT),
                    );
                    None
                }
            },
        };
        let color = color.unwrap_or_else(|| {
            let color = palette_color(self.palette_used);
            self.palette_used += 1;
            color
        });
        let time_zone =
            draft
                .time_zone
                .and_then(|(name, site)| match crate::time::Zone::parse(&name) {
                    Ok(zone) => Some(zone),
                    Err(error) => {
                        // The lane still shows; only its own clock is lost.
                        self.problems.push(
                            Problem::warning(
                                site,
                                format!("{error}; the lane uses the window's zone"),
                            )
                            .with_hint("see the zone names at View › Time zone…"),
                        );
                        None
                    }
                });
        let idx = ActorIdx(self.dataset.actors.len() as u32);
        self.actor_ids.insert(draft.id.clone(), idx);
        if let Some((group, site)) = draft.group {
            self.groups.push((idx, group, site));
        }
        self.dataset.actors.push(Actor {
            id: draft.id,
            name: draft.name,
            color,
            description: draft.description,
            group: None,
            time_zone,
        });
    }

    /// Adds one event (importers that read sequentially).
    pub fn add_event(&mut self, draft: EventDraft<'_>) {
        let id_site = draft.id.as_ref().map(|(_, site)| site.clone());
        let before = self.dataset.events.len();
        let mut chunk = EventChunk {
            actor_ids: &self.actor_ids,
            store: std::mem::take(&mut self.dataset.events),
            problems: std::mem::take(&mut self.problems),
            id_sites: Vec::new(),
            links: Vec::new(),
        };
        chunk.add(draft);
        self.dataset.events = chunk.store;
        self.problems = chunk.problems;
        self.links.append(&mut chunk.links);
        if self.dataset.events.len() > before {
            self.check_duplicate_id(before, id_site);
        }
    }

    /// Adds many events, read and validated in parallel: `read(i, item)` turns item `i` into a
    /// draft on a worker thread, which also validates and stores it in a chunk of its own;
    /// the chunks are appended in order. `items[0]` is the file's event `first_file_index`.
    pub fn add_events_parallel<'a, T: Sync>(
        &mut self,
        items: &'a [T],
        first_file_index: usize,
        read: impl Fn(usize, &'a T) -> Result<(EventDraft<'a>, Vec<Problem>), Box<Problem>> + Sync,
    ) {
        let threads = crate::parallel::threads();
        let per_thread = items.len().div_ceil(threads).max(1);
        let actor_ids = &self.actor_ids;
        let read = &read;
        let work = |offset: usize, part: &'a [T]| {
            let mut chunk = EventChunk {
                actor_ids,
                store: EventStore::default(),
                problems: Vec::new(),
                id_sites: Vec::new(),
                links: Vec::new(),
            };
            chunk.store.reserve(part.len(), 0);
            for (i, item) in part.iter().enumerate() {
                let file_index = first_file_index + offset + i;
                match read(file_index, item) {
                    Ok((draft, warnings)) => {
                        chunk
                            .problems
                            .extend(warnings.into_iter().map(|p| p.for_event(file_index)));
                        chunk.add(draft);
                    }
                    Err(problem) => chunk.problems.push(problem.for_event(file_index)),
                }
            }
            chunk.into_parts()
        };
        let parts: Vec<(usize, &'a [T])> = if threads == 1 || items.len() < 512 {
            vec![(0, items)]
        } else {
            items
                .chunks(per_thread)
                .enumerate()
                .map(|(t, part)| (t * per_thread, part))
                .collect()
        };
        // A panic while reading a slice must not lose the slice without a word: it is read
        // again an event at a time, and the event that fails becomes an error.
        let attempt = |(offset, part): (usize, &'a [T])| {
            crate::parallel::catch(|| work(offset, part)).map_err(|_| (offset, part))
        };
        let outcomes: Vec<Result<ChunkParts, (usize, &'a [T])>> = if parts.len() == 1 {
            parts.into_iter().map(attempt).collect()
        } else {
            crate::parallel::map_parts("load", parts, attempt)
        };
        let mut chunks: Vec<ChunkParts> = Vec::with_capacity(outcomes.len());
        for outcome in outcomes {
            let (offset, part) = match outcome {
                Ok(chunk) => {
                    chunks.push(chunk);
                    continue;
                }
                Err(failed) => failed,
            };
            for (i, item) in part.iter().enumerate() {
                let offset = offset + i;
                match crate::parallel::catch(|| work(offset, std::slice::from_ref(item))) {
                    Ok(chunk) => chunks.push(chunk),
                    Err(message) => {
                        let file_index = first_file_index + offset;
                        let problem = Problem::error(
                            Site::new(FieldPath::item("events", file_index), None),
                            format!("Timelanes failed while reading this event ({message}); it is left out"),
                        )
                        .with_hint("this is a bug in Timelanes: please report it, with the file")
                        .for_event(file_index);
                        chunks.push((EventStore::default(), vec![problem], Vec::new(), Vec::new()));
                    }
                }
            }
        }
        for (store, problems, id_sites, links) in chunks {
            let base = self.dataset.events.len();
            self.problems.extend(problems);
            let stored = (!store.is_empty())
                .then(|| (store.file_index(0), store.file_index(store.len() - 1)));
            if let Err(full) = self.dataset.events.append(store) {
                if let Some((first, last)) = stored {
                    self.problems.push(
                        Problem::error(
                            Site::new(FieldPath::item("events", first), None),
                            format!("{full}; events[{first}] to events[{last}] are left out"),
                        )
                        .with_hint("split the dataset into several files")
                        .for_event(first),
                    );
                }
                continue;
            }
            self.links.extend(links);
            let mut sites = id_sites.into_iter().peekable();
            for i in base..self.dataset.events.len() {
                let site = match sites.peek() {
                    Some((at, _)) if *at as usize + base == i => sites.next().map(|(_, s)| s),
                    _ => None,
                };
                self.check_duplicate_id(i, site);
            }
        }
    }

    /// Warns when the stored event `i` has an id an earlier event already has.
    fn check_duplicate_id(&mut self, i: usize, site: Option<Site>) {
        let Some(id) = self.dataset.events.id(i) else {
            return;
        };
        // Ids are remembered by hash (a million ids as strings would double the memory a load
        // needs); a hit is confirmed against the stored id.
        let hash = self.id_hasher.hash_one(id);
        match self.event_ids.get(&hash) {
            Some(&first) if self.dataset.events.id(first as usize) == Some(id) => {
                let first_file_index = self.dataset.events.file_index(first as usize);
                let file_index = self.dataset.events.file_index(i);
                self.problems.push(
                    Problem::warning(
                        site.unwrap_or_default(),
                        format!("duplicate event id {} (also used by events[{first_file_index}]); both events are shown", quoted(id)),
                    )
                    .with_hint("give every event its own id")
                    .for_event(file_index),
                );
            }
            Some(_) => {}
            None => {
                self.event_ids.insert(hash, i as u32);
            }
        }
    }

    /// Puts each actor in the group its draft named: a known actor other than itself, without
    /// making a circle.
    fn resolve_groups(&mut self) {
        for (member, group, site) in std::mem::take(&mut self.groups) {
            let Some(&group_idx) = self.actor_ids.get(group.as_str()) else {
                self.problems.push(
                    Problem::warning(
                        site,
                        format!(
                            "unknown group {}; the actor gets a lane of its own",
                            quoted(&group)
                        ),
                    )
                    .with_hint("use the id of another actor, for example \"group\": \"nato\""),
                );
                continue;
            };
            // Following the groups up from the group must never come back to the member.
            let mut up = Some(group_idx);
            let mut steps = 0;
            while let Some(at) = up {
                if at == member || steps > self.dataset.actors.len() {
                    break;
                }
                up = self.dataset.actors[at.index()].group;
                steps += 1;
            }
            if up.is_some() {
                self.problems.push(
                    Problem::warning(
                        site,
                        format!(
                            "{} cannot be in group {}: that group is (or is in) this actor; the group is ignored",
                            quoted(&self.dataset.actors[member.index()].id),
                            quoted(&group)
                        ),
                    )
                    .with_hint("an actor's group must be another actor that is not inside it"),
                );
                continue;
            }
            self.dataset.actors[member.index()].group = Some(group_idx);
        }
    }

    /// Turns the links of stored events into [`Link`]s, once every id is known.
    fn resolve_links(&mut self) {
        for link in std::mem::take(&mut self.links) {
            let Some(from) = self.dataset.events.by_file_index(link.from_file_index) else {
                continue;
            };
            let hash = self.id_hasher.hash_one(link.to.as_str());
            let to = self
                .event_ids
                .get(&hash)
                .map(|&i| i as usize)
                .filter(|&i| self.dataset.events.id(i) == Some(link.to.as_str()));
            match to {
                None => self.problems.push(
                    Problem::warning(
                        link.site,
                        format!(
                            "link to unknown event id {}; it is not drawn",
                            quoted(&link.to)
                        ),
                    )
                    .with_hint("use the \"id\" of another event of this file")
                    .for_event(link.from_file_index),
                ),
                Some(to) if to == from => self.problems.push(
                    Problem::warning(
                        link.site,
                        "an event cannot link to itself; the link is ignored",
                    )
                    .with_hint("link to another event's id")
                    .for_event(link.from_file_index),
                ),
                Some(to) => self.dataset.links.push(super::Link {
                    from: super::EventIdx(from as u32),
                    to: super::EventIdx(to as u32),
                    kind: link.kind,
                }),
            }
        }
    }

    /// A builder for events read again after an edit, one item at a time: it knows the lanes
    /// of the dataset they join (`actors`), and nothing else.
    pub fn for_edited_events(actors: &[Actor]) -> Self {
        Self {
            actor_ids: actors
                .iter()
                .enumerate()
                .map(|(i, actor)| (actor.id.clone(), ActorIdx(i as u32)))
                .collect(),
            ..Self::default()
        }
    }

    /// The events added, with their links as written and their problems; unlike
    /// [`DatasetBuilder::finish`], nothing is resolved against other events.
    pub fn into_edited_events(self) -> EditedEvents {
        EditedEvents {
            events: self.dataset.events,
            links: self
                .links
                .into_iter()
                .map(|link| (link.from_file_index, link.to, link.kind))
                .collect(),
            problems: self.problems,
        }
    }

    /// The dataset and every problem found, errors first, then in file order.
    pub fn finish(mut self) -> (Dataset, Vec<Problem>) {
        self.resolve_groups();
        self.resolve_links();
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

    fn event(index: usize, actors: &[&str], start: &str, end: Option<&str>) -> EventDraft<'static> {
        EventDraft {
            id: Some((format!("e{index}").into(), site("id"))),
            title: format!("Event {index}").into(),
            start: (Date::parse(start).expect("valid"), site("start")),
            end: end.map(|e| (EventEnd::Date(Date::parse(e).expect("valid")), site("end"))),
            actors: actors
                .iter()
                .map(|a| (Cow::Owned(a.to_string()), site("actors[0]")))
                .collect(),
            kind: None,
            tags: SmallVec::new(),
            description: Cow::Borrowed(""),
            sources: SmallVec::new(),
            display_date: None,
            details: Vec::new(),
            links: Vec::new(),
            file_index: index,
        }
    }

    #[test]
    fn a_panic_while_reading_in_parallel_is_an_error_at_its_event() {
        // Enough events for several workers; reading one of them panics.
        // 'static, as the drafts the test helper makes are.
        let items: &'static [usize] = Vec::leak((0..5_000).collect());
        let mut builder = DatasetBuilder::new(String::new(), String::new());
        builder.add_actor(actor("us"));
        builder.add_events_parallel(items, 10, |index, &item| {
            assert!(item != 3_210, "a reader bug at item {item}");
            Ok((event(index, &["us"], "2021-11-15", None), Vec::new()))
        });
        let (dataset, problems) = builder.finish();
        assert_eq!(
            dataset.event_count(),
            4_999,
            "only the failing event is missing"
        );
        assert_eq!(
            problems
                .iter()
                .map(|p| p.display_in("f.json"))
                .collect::<Vec<_>>(),
            [
                "f.json: error: events[3220]: Timelanes failed while reading this event (a reader bug at item 3210); it is left out; this is a bug in Timelanes: please report it, with the file"
            ]
        );
        assert_eq!(problems[0].event, Some(3_220));
        // The events around it are all there, in order.
        let kept: Vec<usize> = dataset.events().map(|e| e.file_index()).collect();
        assert!(kept.windows(2).all(|w| w[0] < w[1]));
        assert_eq!(kept.len(), 4_999);
        assert!(!kept.contains(&3_220) && kept.contains(&3_219) && kept.contains(&3_221));
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
        duplicate.id = Some((Cow::Borrowed("e0"), site("id")));
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
