//! The dataset as the rest of the program sees it: actors (lanes) and events, validated,
//! with actor references resolved to indices.

use crate::time::{Date, TimeRange, Timestamp};

use super::Color;

/// Index of an actor in [`Dataset::actors`]; also the lane order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ActorIdx(pub u32);

impl ActorIdx {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Index of an event in [`Dataset::events`].
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EventIdx(pub u32);

impl EventIdx {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// A loaded, validated timeline.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Dataset {
    pub title: String,
    pub description: String,
    /// In lane order, as the file lists them.
    pub actors: Vec<Actor>,
    pub events: Vec<Event>,
}

impl Dataset {
    pub fn actor(&self, idx: ActorIdx) -> Option<&Actor> {
        self.actors.get(idx.index())
    }

    pub fn event(&self, idx: EventIdx) -> Option<&Event> {
        self.events.get(idx.index())
    }

    /// The span covering every event (ongoing ones up to `now`), or `None` without events.
    pub fn extent(&self, now: Timestamp) -> Option<TimeRange> {
        self.events
            .iter()
            .map(|e| e.span(now))
            .reduce(TimeRange::union)
    }

    /// The event the file listed at `file_index` in its `events` array, if it was kept.
    pub fn event_by_file_index(&self, file_index: usize) -> Option<EventIdx> {
        // Events keep file order, so a binary search finds it.
        self.events
            .binary_search_by_key(&file_index, |e| e.file_index as usize)
            .ok()
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
}

/// How an event ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventEnd {
    /// A date, inclusive at its own precision (`2022-03-24` runs through that day).
    Date(Date),
    /// Still going on: drawn up to now with an open end.
    Present,
}

/// Something that happened, to one or more actors.
#[derive(Clone, Debug, PartialEq)]
pub struct Event {
    pub id: Option<String>,
    pub title: String,
    pub start: Date,
    /// `None` for an instant.
    pub end: Option<EventEnd>,
    /// At least one, in the file's order, without duplicates.
    pub actors: Vec<ActorIdx>,
    pub kind: Option<String>,
    pub tags: Vec<String>,
    pub description: String,
    pub sources: Vec<Source>,
    /// Position in the file's `events` array, to connect problems to events.
    pub file_index: u32,
}

impl Event {
    /// Whether the event has an end, i.e. is drawn as a bar.
    pub fn is_range(&self) -> bool {
        self.end.is_some()
    }

    /// Everything the event may cover: from the earliest its start may mean to the latest its
    /// end may mean (`now` for ongoing events). An instant covers its start's precision.
    pub fn span(&self, now: Timestamp) -> TimeRange {
        let start = self.start.earliest();
        let end = match self.end {
            None => self.start.latest(),
            Some(EventEnd::Date(end)) => end.latest(),
            Some(EventEnd::Present) => now.max(self.start.latest()),
        };
        TimeRange::new(start, end.max(start))
    }

    /// The dates as people read them: "15 Nov 2021", "Nov 2021, approx. – 24 Feb 2022",
    /// "2014 – present".
    pub fn date_text(&self) -> String {
        match &self.end {
            None => self.start.human(),
            Some(EventEnd::Date(end)) => format!("{} – {}", self.start.human(), end.human()),
            Some(EventEnd::Present) => format!("{} – present", self.start.human()),
        }
    }
}

/// Where a claim comes from.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Source {
    pub title: String,
    pub publisher: String,
    pub url: String,
    pub date: Option<Date>,
}

impl Source {
    /// "The New York Times, 25 Feb 2022" (whatever of that is known).
    pub fn attribution(&self) -> String {
        let date = self.date.map(|d| d.human());
        [Some(self.publisher.as_str()), date.as_deref()]
            .into_iter()
            .flatten()
            .filter(|s| !s.is_empty())
            .collect::<Vec<_>>()
            .join(", ")
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event(start: &str, end: Option<EventEnd>) -> Event {
        Event {
            id: None,
            title: "t".into(),
            start: Date::parse(start).expect("valid"),
            end,
            actors: vec![ActorIdx(0)],
            kind: None,
            tags: vec![],
            description: String::new(),
            sources: vec![],
            file_index: 0,
        }
    }

    #[test]
    fn spans_cover_precision() {
        let year = event("2014", None);
        let span = year.span(Timestamp(0));
        assert_eq!(span, Date::parse("2014").expect("valid").span());

        let end = Date::parse("2022-03-24~").expect("valid");
        let range = event("2022-02-23", Some(EventEnd::Date(end)));
        assert_eq!(range.span(Timestamp(0)).end, end.latest());
        assert_eq!(range.date_text(), "23 Feb 2022 – 24 Mar 2022, approx.");

        let ongoing = event("2014", Some(EventEnd::Present));
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
