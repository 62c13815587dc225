//! The events table that database backends read and `convert` writes (its columns in
//! docs/FORMAT.md, "Database tables"; its `CREATE TABLE` in `clickhouse::load`): dates as
//! written, so precision and qualifiers survive, beside the seconds of their span for the
//! queries; actors, tags and sources as lists.

use std::borrow::Cow;

use smallvec::SmallVec;

use crate::model::{
    ActorDraft, Dataset, DatasetBuilder, Event, EventDraft, EventEnd, Problem, Site, Source,
    SourceDraft,
};
use crate::time::{Date, TimeRange, Timestamp};

use super::{EventRecord, Outline};

/// What a stored `end_s` means for an ongoing event: it runs to whatever "now" is when drawn.
pub const ONGOING_END: i64 = i64::MAX;

/// The stored bounds of an event: its span in seconds, with ongoing events open-ended.
pub fn stored_span(start: &Date, end: Option<&EventEnd>) -> (i64, i64) {
    let start_s = start.earliest().0;
    let end_s = match end {
        None => start.latest().0,
        Some(EventEnd::Date(end)) => end.latest().0,
        Some(EventEnd::Present) => ONGOING_END,
    };
    (start_s, end_s.max(start_s))
}

/// An end as written in the table.
pub fn end_text(end: Option<&EventEnd>) -> String {
    match end {
        None => String::new(),
        Some(EventEnd::Date(date)) => date.to_string(),
        Some(EventEnd::Present) => "present".to_owned(),
    }
}

/// An end read from the table.
pub fn parse_end(text: &str) -> Result<Option<EventEnd>, String> {
    match text.trim() {
        "" => Ok(None),
        "present" => Ok(Some(EventEnd::Present)),
        text => Date::parse(text)
            .map(|date| Some(EventEnd::Date(date)))
            .map_err(|error| format!("the end {text:?} is not a date: {error}")),
    }
}

impl EventRecord {
    /// The record of a loaded event; `fallback_id` names one that has no id of its own.
    pub fn of_event(
        dataset: &Dataset,
        event: &Event<'_>,
        fallback_id: impl FnOnce() -> String,
    ) -> Self {
        Self {
            id: event.id().map_or_else(fallback_id, str::to_owned),
            title: event.title().to_owned(),
            start: event.start(),
            end: event.end(),
            actors: event
                .actors()
                .iter()
                .filter_map(|&a| dataset.actor(a).map(|actor| actor.id.clone()))
                .collect(),
            kind: event.kind().map(str::to_owned),
            tags: event.tags().map(str::to_owned).collect(),
            description: event.description().to_owned(),
            sources: event.sources().cloned().collect(),
        }
    }

    /// The span it covers, as the index reads events: ongoing ones run to `now`.
    pub fn span(&self, now: Timestamp) -> TimeRange {
        let (start, end) = stored_span(&self.start, self.end.as_ref());
        let end = if end == ONGOING_END {
            now.0.max(self.start.latest().0)
        } else {
            end
        };
        TimeRange::new(Timestamp(start), Timestamp(end.max(start)))
    }

    /// The record as a loader's draft, for a [`DatasetBuilder`].
    pub fn to_draft(&self, file_index: usize) -> EventDraft<'_> {
        EventDraft {
            id: Some((Cow::Borrowed(self.id.as_str()), Site::default())),
            title: Cow::Borrowed(&self.title),
            start: (self.start, Site::default()),
            end: self.end.map(|end| (end, Site::default())),
            actors: self
                .actors
                .iter()
                .map(|a| (Cow::Borrowed(a.as_str()), Site::default()))
                .collect(),
            kind: self.kind.as_deref().map(Cow::Borrowed),
            tags: self
                .tags
                .iter()
                .map(|t| Cow::Borrowed(t.as_str()))
                .collect(),
            description: Cow::Borrowed(&self.description),
            sources: self
                .sources
                .iter()
                .map(SourceDraft::from)
                .collect::<SmallVec<_>>(),
            display_date: None,
            details: Vec::new(),
            links: Vec::new(),
            file_index,
        }
    }
}

/// A dataset of `records` over the outline's lanes (the events of one view), with the problems
/// building it found (an event naming a lane the outline lacks, say).
pub fn dataset_of(outline: &Outline, records: &[&EventRecord]) -> (Dataset, Vec<Problem>) {
    let mut builder = DatasetBuilder::new(outline.title.clone(), String::new());
    for lane in &outline.lanes {
        builder.add_actor(ActorDraft {
            id: lane.id.clone(),
            name: lane.name.clone(),
            color: (!lane.color.is_empty()).then(|| (lane.color.clone(), Site::default())),
            ..ActorDraft::default()
        });
    }
    for (i, record) in records.iter().enumerate() {
        builder.add_event(record.to_draft(i));
    }
    builder.finish()
}

/// A source as stored: four parallel lists.
pub fn source_of(title: &str, publisher: &str, url: &str, date: &str) -> Source {
    Source {
        title: title.to_owned(),
        publisher: publisher.to_owned(),
        url: url.to_owned(),
        date: Date::parse(date).ok(),
    }
}
