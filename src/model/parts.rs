//! The small types events are made of besides dates and texts: references to actors and
//! events by index, how an event ends, the sources it cites (as stored, and as a loader
//! read them). Below both the store, which keeps them, and the dataset, which hands them
//! out, so neither imports the other's types.

use std::borrow::Cow;

use crate::time::Date;

/// Index of an actor in [`super::Dataset::actors`]; also the lane order.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct ActorIdx(pub u32);

impl ActorIdx {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// Index of an event among the dataset's events ([`super::Dataset::event`]).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct EventIdx(pub u32);

impl EventIdx {
    pub fn index(self) -> usize {
        self.0 as usize
    }
}

/// How an event ends.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum EventEnd {
    /// A date, inclusive at its own precision (`2022-03-24` runs through that day).
    Date(Date),
    /// Still going on: drawn up to now with an open end.
    Present,
}

/// Where a claim comes from.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
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

/// A source as a loader read it.
#[derive(Clone, Debug, Default, PartialEq, Eq, Hash)]
pub struct SourceDraft<'a> {
    pub title: Cow<'a, str>,
    pub publisher: Cow<'a, str>,
    pub url: Cow<'a, str>,
    pub date: Option<Date>,
}

impl<'a> From<&'a Source> for SourceDraft<'a> {
    fn from(source: &'a Source) -> Self {
        Self {
            title: Cow::Borrowed(&source.title),
            publisher: Cow::Borrowed(&source.publisher),
            url: Cow::Borrowed(&source.url),
            date: source.date,
        }
    }
}

impl SourceDraft<'_> {
    /// Whether it says the same as a stored source.
    pub fn matches(&self, source: &Source) -> bool {
        self.title == source.title
            && self.publisher == source.publisher
            && self.url == source.url
            && self.date == source.date
    }

    pub fn to_source(&self) -> Source {
        Source {
            title: self.title.clone().into_owned(),
            publisher: self.publisher.clone().into_owned(),
            url: self.url.clone().into_owned(),
            date: self.date,
        }
    }
}
