//! The events table that database backends read and `convert` writes (its columns in
//! docs/FORMAT.md, "Database tables"; its `CREATE TABLE` in `clickhouse::load`): dates as
//! written, so precision and qualifiers survive, beside the seconds of their span for the
//! queries; actors, tags and sources as lists.

use std::borrow::Cow;

use serde::{Deserialize, Serialize};
use smallvec::SmallVec;

use crate::model::{
    ActorDraft, Dataset, DatasetBuilder, Event, EventDraft, EventEnd, Problem, Site, Source,
    SourceDraft,
};
use crate::time::{Date, TimeRange, Timestamp};

use super::{EventRecord, LaneInfo, Outline, QueryError};

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

/// The events of `dataset` in the order tables keep them: by start, then as in the file, so
/// a window's reads touch few blocks (ClickHouse's primary key, Parquet's row groups).
pub fn events_in_time_order(dataset: &Dataset) -> Vec<Event<'_>> {
    let now = Timestamp::now();
    let mut order: Vec<Event<'_>> = dataset.events().collect();
    order.sort_by_key(|e| (e.span(now).start, e.idx()));
    order
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

/// The upper bounds (exclusive) of the span classes, in seconds: an hour, a day, a week, 30
/// days, a year, ten years. Longer and ongoing events are the last class.
pub const SPAN_CLASS_BOUNDS: [i64; 6] = [
    3_600,
    86_400,
    7 * 86_400,
    30 * 86_400,
    365 * 86_400,
    3_650 * 86_400,
];

/// The span class of an event stored from `start_s` to `end_s`: tables keep each class
/// apart (Parquet row groups, ClickHouse's sort key), so a window asks each class only for
/// the starts that can reach it ([`span_class_condition`]).
pub fn span_class(start_s: i64, end_s: i64) -> usize {
    let span = end_s.saturating_sub(start_s);
    SPAN_CLASS_BOUNDS
        .iter()
        .position(|&bound| span < bound)
        .unwrap_or(SPAN_CLASS_BOUNDS.len())
}

/// The SQL (the same in DataFusion's and ClickHouse's) that keeps, per span class, only the
/// starts that can reach a window starting at second `from`: the rows of the other starts
/// are skipped by the tables' statistics or sort key.
pub fn span_class_condition(from: i64) -> String {
    let mut classes: Vec<String> = SPAN_CLASS_BOUNDS
        .iter()
        .enumerate()
        .map(|(class, bound)| {
            format!(
                "(span_class = {class} AND start_s > {})",
                from.saturating_sub(*bound)
            )
        })
        .collect();
    classes.push(format!("span_class >= {}", SPAN_CLASS_BOUNDS.len()));
    format!("({})", classes.join(" OR "))
}

/// An event as a row of the table: dates as written beside their span in seconds, sources as
/// four parallel lists.
#[derive(Serialize)]
pub struct StoredEvent<'a> {
    pub id: &'a str,
    pub title: &'a str,
    pub start: String,
    pub end: String,
    pub start_s: i64,
    pub end_s: i64,
    /// See [`span_class`].
    pub span_class: i32,
    pub actors: &'a [String],
    pub kind: &'a str,
    pub tags: &'a [String],
    pub description: &'a str,
    pub source_titles: Vec<&'a str>,
    pub source_publishers: Vec<&'a str>,
    pub source_urls: Vec<&'a str>,
    pub source_dates: Vec<String>,
}

impl<'a> StoredEvent<'a> {
    pub fn of(record: &'a EventRecord) -> Self {
        let (start_s, end_s) = stored_span(&record.start, record.end.as_ref());
        Self {
            id: &record.id,
            title: &record.title,
            start: record.start.to_string(),
            end: end_text(record.end.as_ref()),
            start_s,
            end_s,
            span_class: span_class(start_s, end_s) as i32,
            actors: &record.actors,
            kind: record.kind.as_deref().unwrap_or(""),
            tags: &record.tags,
            description: &record.description,
            source_titles: record.sources.iter().map(|s| s.title.as_str()).collect(),
            source_publishers: record
                .sources
                .iter()
                .map(|s| s.publisher.as_str())
                .collect(),
            source_urls: record.sources.iter().map(|s| s.url.as_str()).collect(),
            source_dates: record
                .sources
                .iter()
                .map(|s| s.date.map(|d| d.to_string()).unwrap_or_default())
                .collect(),
        }
    }
}

/// An event as a table gives it back (all but the long texts for the window, everything for
/// the side panel), to be checked and made a record.
#[derive(Deserialize)]
pub struct EventRow {
    #[serde(default)]
    pub lane: String,
    pub id: String,
    pub title: String,
    pub start: String,
    pub end: String,
    pub actors: Vec<String>,
    pub kind: String,
    pub tags: Vec<String>,
    #[serde(default)]
    pub description: String,
    #[serde(default)]
    pub source_titles: Vec<String>,
    #[serde(default)]
    pub source_publishers: Vec<String>,
    #[serde(default)]
    pub source_urls: Vec<String>,
    #[serde(default)]
    pub source_dates: Vec<String>,
}

impl EventRow {
    pub fn into_record(self, table: &str) -> Result<EventRecord, QueryError> {
        let bad = |reason: String| QueryError::Schema {
            table: table.to_owned(),
            reason,
        };
        let start = Date::parse(&self.start).map_err(|e| {
            bad(format!(
                "event {:?}: the start {:?} is not a date: {e}",
                self.id, self.start
            ))
        })?;
        let end = parse_end(&self.end).map_err(|e| bad(format!("event {:?}: {e}", self.id)))?;
        let sources = (0..self.source_titles.len().max(self.source_urls.len()))
            .map(|i| {
                let at = |list: &[String]| list.get(i).cloned().unwrap_or_default();
                source_of(
                    &at(&self.source_titles),
                    &at(&self.source_publishers),
                    &at(&self.source_urls),
                    &at(&self.source_dates),
                )
            })
            .collect();
        Ok(EventRecord {
            id: self.id,
            title: self.title,
            start,
            end,
            actors: self.actors,
            kind: (!self.kind.is_empty()).then_some(self.kind),
            tags: self.tags,
            description: self.description,
            sources,
        })
    }
}

/// The lanes of a loaded dataset, in its order, as a table's outline names them.
pub fn lanes_of(dataset: &Dataset) -> Vec<LaneInfo> {
    dataset
        .actors
        .iter()
        .map(|actor| LaneInfo {
            id: actor.id.clone(),
            name: actor.name.clone(),
            color: actor.color.to_string(),
        })
        .collect()
}
