//! The dataset as the rest of the program sees it: actors (lanes) and events, validated,
//! with actor references resolved to indices.

use crate::time::{Date, TimeRange, Timestamp};

use super::Color;
use super::parts::{ActorIdx, EventEnd, EventIdx, Source};
use super::store::EventStore;

/// A loaded, validated timeline.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dataset {
    pub title: String,
    pub description: String,
    /// In lane order, as the file lists them.
    pub actors: Vec<Actor>,
    /// Every event, column by column, in file order.
    pub(super) events: EventStore,
    /// Named periods drawn behind the lanes.
    pub eras: Vec<Era>,
    /// Typed links between events ("response", "cause"), drawn as arrows.
    pub links: Vec<Link>,
    /// The author's notes, in file order (those that could be read).
    pub notes: Vec<super::Note>,
    /// Stories to present, in file order.
    pub stories: Vec<super::Story>,
}

/// One event pointing at another: `from` links `to`, with a type such as "response".
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Link {
    pub from: EventIdx,
    pub to: EventIdx,
    /// The type as written; empty when none was given.
    pub kind: String,
}

/// A named period ("The Cold War"), drawn as a band behind the lanes.
#[derive(Clone, Debug, PartialEq)]
pub struct Era {
    pub title: String,
    pub start: Date,
    /// Inclusive at its precision.
    pub end: Date,
    /// The note it draws, for a note on a span of time (position in [`Dataset::notes`]).
    pub note: Option<usize>,
}

impl Era {
    pub fn span(&self) -> TimeRange {
        TimeRange::new(
            self.start.earliest(),
            self.end.latest().max(self.start.latest()),
        )
    }
}

impl Dataset {
    pub fn actor(&self, idx: ActorIdx) -> Option<&Actor> {
        self.actors.get(idx.index())
    }

    /// The names of an event's actors, in its order.
    pub fn actor_names(&self, event: &Event<'_>) -> Vec<&str> {
        event
            .actors()
            .iter()
            .filter_map(|&a| self.actor(a))
            .map(|a| a.name.as_str())
            .collect()
    }

    pub fn event(&self, idx: EventIdx) -> Option<Event<'_>> {
        (idx.index() < self.events.len()).then_some(Event {
            store: &self.events,
            index: idx.index(),
        })
    }

    /// Every event, in file order.
    pub fn events(&self) -> impl ExactSizeIterator<Item = Event<'_>> + '_ {
        (0..self.events.len()).map(|index| Event {
            store: &self.events,
            index,
        })
    }

    pub fn event_count(&self) -> usize {
        self.events.len()
    }

    /// Draws dates without a time on the days of `zone` (see [`Event::span`]); the index
    /// must be built again after.
    pub fn set_day_zone(&mut self, zone: crate::time::Zone) {
        self.events.day_zone = zone;
    }

    /// The zone whose days dates without a time cover.
    pub fn day_zone(&self) -> crate::time::Zone {
        self.events.day_zone
    }

    /// The event storage (for memory reports).
    pub fn store(&self) -> &EventStore {
        &self.events
    }

    /// The span covering every event (ongoing ones up to `now`), or `None` without events.
    pub fn extent(&self, now: Timestamp) -> Option<TimeRange> {
        self.events().map(|e| e.span(now)).reduce(TimeRange::union)
    }

    /// The events (as rows) that the file's items `items` became: those items that loaded.
    pub fn rows_of_items(&self, items: std::ops::Range<usize>) -> std::ops::Range<usize> {
        self.events.rows_of_file_indices(items)
    }

    /// Whether a note or a story step points at one of the events `rows`.
    pub fn is_noted(&self, rows: &std::ops::Range<usize>) -> bool {
        let noted = |target: Option<EventIdx>| target.is_some_and(|e| rows.contains(&e.index()));
        self.notes.iter().any(|n| match n.target {
            super::NoteTarget::Event(e) => noted(Some(e)),
            _ => false,
        }) || self
            .stories
            .iter()
            .flat_map(|s| &s.steps)
            .any(|step| match step.target {
                super::StepTarget::Event(e) => noted(Some(e)),
                super::StepTarget::Note(_) => false,
            })
    }

    /// The first event with id `id`, as a link finds its target: a scan of the ids, for the
    /// few links an edit makes.
    pub fn event_with_id(&self, id: &str) -> Option<EventIdx> {
        (0..self.events.len())
            .find(|&i| self.events.id(i) == Some(id))
            .map(|i| EventIdx(i as u32))
    }

    /// Follows an edit of the file's events list: the events `rows` are replaced by the events
    /// of `with`, read again from the edited items, and the file positions of the events
    /// after them move by `file_shift`. Links from or to the replaced events are dropped (the
    /// caller adds those that still hold) and the others renumbered, as are the events notes
    /// and story steps point at (the caller checks that none points at a replaced event whose
    /// id changed).
    pub fn splice_events(
        &mut self,
        rows: std::ops::Range<usize>,
        with: EventStore,
        file_shift: isize,
    ) -> Result<(), super::StoreFull> {
        let added = with.len();
        self.events.splice_rows(rows.clone(), with)?;
        self.events
            .shift_file_indices(rows.start + added, file_shift);
        let shift = added as isize - rows.len() as isize;
        let renumber = |e: EventIdx| {
            if e.index() >= rows.end {
                EventIdx(e.index().saturating_add_signed(shift) as u32)
            } else {
                e
            }
        };
        self.links
            .retain(|l| !rows.contains(&l.from.index()) && !rows.contains(&l.to.index()));
        for link in &mut self.links {
            link.from = renumber(link.from);
            link.to = renumber(link.to);
        }
        for note in &mut self.notes {
            if let super::NoteTarget::Event(event) = &mut note.target {
                *event = renumber(*event);
            }
        }
        for step in self.stories.iter_mut().flat_map(|s| &mut s.steps) {
            if let super::StepTarget::Event(event) = &mut step.target {
                *event = renumber(*event);
            }
        }
        Ok(())
    }

    /// The event the file listed at `file_index` in its `events` array, if it was kept.
    pub fn event_by_file_index(&self, file_index: usize) -> Option<EventIdx> {
        self.events
            .by_file_index(file_index)
            .map(|i| EventIdx(i as u32))
    }
}

/// One lane: a country, an organisation, a person.
#[derive(Clone, Debug, PartialEq)]
pub struct Actor {
    pub id: String,
    pub name: String,
    pub color: Color,
    pub description: String,
    /// The actor this one belongs to (NATO for its members): its lane nests under the group's
    /// and folds with it.
    pub group: Option<ActorIdx>,
    /// The actor's own clock (`"tz"` in the file): its lane's events show their clock times on
    /// it when hovered, and the details add them; `None` follows the window's zone.
    pub time_zone: Option<crate::time::Zone>,
}

/// Something that happened, to one or more actors: a view of one row of the dataset's
/// event columns. Cheap to copy.
#[derive(Clone, Copy)]
pub struct Event<'a> {
    store: &'a EventStore,
    index: usize,
}

impl std::fmt::Debug for Event<'_> {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Event")
            .field("index", &self.index)
            .field("title", &self.title())
            .field("start", &self.start())
            .field("end", &self.end())
            .finish()
    }
}

impl<'a> Event<'a> {
    pub fn idx(&self) -> EventIdx {
        EventIdx(self.index as u32)
    }

    pub fn id(&self) -> Option<&'a str> {
        self.store.id(self.index)
    }

    pub fn title(&self) -> &'a str {
        self.store.title(self.index)
    }

    pub fn start(&self) -> Date {
        self.store
            .start(self.index)
            .unwrap_or_else(|| Date::year(1970))
    }

    /// `None` for an instant.
    pub fn end(&self) -> Option<EventEnd> {
        self.store.end(self.index)
    }

    /// At least one, in the file's order, without duplicates.
    pub fn actors(&self) -> &'a [ActorIdx] {
        self.store.actors(self.index)
    }

    pub fn kind(&self) -> Option<&'a str> {
        self.store.kind(self.index)
    }

    pub fn tags(&self) -> impl Iterator<Item = &'a str> + 'a {
        self.store.tags(self.index)
    }

    pub fn description(&self) -> &'a str {
        self.store.description(self.index)
    }

    pub fn sources(&self) -> impl Iterator<Item = &'a Source> + 'a {
        self.store.sources(self.index)
    }

    /// The date as the source wrote it for display ("Spring 1943"), if it did.
    pub fn display_date(&self) -> Option<&'a str> {
        self.store.display_date(self.index)
    }

    /// Other facts the source gives, as (name, value): fatalities, location, codes.
    pub fn details(&self) -> impl Iterator<Item = (&'a str, &'a str)> + 'a {
        self.store.details(self.index)
    }

    /// Position in the file's `events` array, to connect problems to events.
    pub fn file_index(&self) -> usize {
        self.store.file_index(self.index)
    }

    /// Whether the event has an end, i.e. is drawn as a bar.
    pub fn is_range(&self) -> bool {
        self.end().is_some()
    }

    /// Everything the event may cover: from the earliest its start may mean to the latest its
    /// end may mean (`now` for ongoing events). An instant covers its start's precision.
    pub fn span(&self, now: Timestamp) -> TimeRange {
        let start_date = self.start();
        let start = self.on_local_days(&start_date, start_date.earliest());
        let end = match self.end() {
            None => self.on_local_days(&start_date, start_date.latest()),
            Some(EventEnd::Date(end)) => self.on_local_days(&end, end.latest()),
            Some(EventEnd::Present) => now.max(start_date.latest()),
        };
        TimeRange::new(start, end.max(start))
    }

    /// `t`, a bound of `date`, on the days of the dataset's day zone (see
    /// [`crate::time::Zone::on_local_days`]).
    fn on_local_days(&self, date: &Date, t: Timestamp) -> Timestamp {
        self.store.day_zone.on_local_days(date, t)
    }

    /// The dates as people read them: "15 Nov 2021", "Nov 2021, approx. – 24 Feb 2022",
    /// "2014 – present".
    pub fn date_text(&self) -> String {
        match self.end() {
            None => self.start().human(),
            Some(EventEnd::Date(end)) => format!("{} – {}", self.start().human(), end.human()),
            Some(EventEnd::Present) => format!("{} – present", self.start().human()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::store::NewEvent;

    fn dataset(start: &str, end: Option<EventEnd>) -> Dataset {
        let mut dataset = Dataset::default();
        dataset
            .events
            .push(NewEvent {
                id: Some("e"),
                title: "t",
                start: Date::parse(start).expect("valid"),
                end,
                actors: &[ActorIdx(0)],
                kind: Some("meeting"),
                tags: &["a".into(), "b".into()],
                description: "d",
                sources: &[crate::model::SourceDraft {
                    publisher: "P".into(),
                    ..Default::default()
                }],
                file_index: 3,
                display_date: Some("Winter"),
                details: &[("fatalities".into(), "3".into())],
            })
            .expect("stored");
        dataset
    }

    #[test]
    fn events_read_back_their_columns() {
        let d = dataset("2021-11-15", None);
        let e = d.event(EventIdx(0)).expect("there");
        assert_eq!(e.id(), Some("e"));
        assert_eq!(e.title(), "t");
        assert_eq!(e.kind(), Some("meeting"));
        assert_eq!(e.tags().collect::<Vec<_>>(), ["a", "b"]);
        assert_eq!(e.description(), "d");
        assert_eq!(e.sources().next().map(|s| s.publisher.as_str()), Some("P"));
        assert_eq!(e.file_index(), 3);
        assert_eq!(e.display_date(), Some("Winter"));
        assert_eq!(e.details().collect::<Vec<_>>(), [("fatalities", "3")]);
        assert_eq!(d.event_by_file_index(3), Some(EventIdx(0)));
        assert_eq!(d.event_by_file_index(2), None);
        assert!(d.event(EventIdx(1)).is_none());
    }

    #[test]
    fn spans_cover_precision() {
        let year = dataset("2014", None);
        let span = year.event(EventIdx(0)).expect("there").span(Timestamp(0));
        assert_eq!(span, Date::parse("2014").expect("valid").span());

        let end = Date::parse("2022-03-24~").expect("valid");
        let range = dataset("2022-02-23", Some(EventEnd::Date(end)));
        let range = range.event(EventIdx(0)).expect("there");
        assert_eq!(range.span(Timestamp(0)).end, end.latest());
        assert_eq!(range.date_text(), "23 Feb 2022 – 24 Mar 2022, approx.");

        let ongoing = dataset("2014", Some(EventEnd::Present));
        let ongoing = ongoing.event(EventIdx(0)).expect("there");
        let now = Date::parse("2026-11-28").expect("valid").earliest();
        assert_eq!(ongoing.span(now).end, now);
        assert_eq!(ongoing.date_text(), "2014 – present");
    }

    #[test]
    fn attribution_skips_what_is_unknown() {
        let source = Source {
            publisher: "The New York Times".into(),
            date: Date::parse("2022-02-25").ok(),
            ..Source::default()
        };
        assert_eq!(source.attribution(), "The New York Times, 25 Feb 2022");
        assert_eq!(Source::default().attribution(), "");
    }
}
