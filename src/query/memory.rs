//! The in-memory backend: a loaded dataset and its index answering the query contract.
//!
//! The window draws an open file straight from its index (the index *is* this backend's
//! answer, queried per column in O(log n) each frame); this type gives the same answer as
//! data, for `render` over any backend and as the reference every database backend is
//! tested against.

use std::sync::Arc;

use crate::index::{TimelineIndex, TrackEntry};
use crate::model::{ActorIdx, Dataset, EventIdx};
use crate::time::{TimeRange, Timestamp};

use super::{
    Answer, Backend, ColumnCounts, EventRecord, LaneAnswer, LaneContent, Outline, Page, PageCursor,
    Part, QueryError, Ticket, ViewQuery,
};

/// A dataset in memory, as a backend.
pub struct MemoryBackend {
    pub dataset: Arc<Dataset>,
    pub index: Arc<TimelineIndex>,
}

impl MemoryBackend {
    pub fn new(dataset: Arc<Dataset>, now: Timestamp) -> Self {
        let index = Arc::new(TimelineIndex::build(&dataset, now));
        Self { dataset, index }
    }

    /// A record's id: its own, or its place in the file for an event without one (the id
    /// `convert` gives it in a database).
    fn id_of(&self, event: EventIdx) -> String {
        self.dataset.event(event).map_or_else(String::new, |e| {
            e.id()
                .map_or_else(|| fallback_id(e.file_index()), str::to_owned)
        })
    }

    fn record(&self, event: EventIdx) -> Option<EventRecord> {
        let e = self.dataset.event(event)?;
        Some(EventRecord::of_event(&self.dataset, &e, || {
            fallback_id(e.file_index())
        }))
    }

    /// A record as a window's rows give it: description and sources come with `record`, as
    /// from a database.
    fn summary(&self, event: EventIdx) -> Option<EventRecord> {
        let mut record = self.record(event)?;
        record.description.clear();
        record.sources.clear();
        Some(record)
    }

    fn actor_of(&self, lane: &str) -> Option<ActorIdx> {
        let actor = self.dataset.actors.iter().position(|a| a.id == lane)?;
        Some(ActorIdx(actor as u32))
    }

    /// The entries of a lane's part overlapping `range` that pass the predicates, in the
    /// index's order.
    fn overlapping(
        &self,
        actor: ActorIdx,
        part: Part,
        range: TimeRange,
        query: &ViewQuery,
    ) -> Vec<TrackEntry> {
        let Some(lane) = self.index.lane(actor) else {
            return Vec::new();
        };
        let tracks: Vec<&crate::index::Track> = match part {
            Part::Points => vec![&lane.points],
            Part::Ranges => lane.rows.iter().collect(),
        };
        tracks
            .into_iter()
            .flat_map(|track| track.overlapping(range))
            .filter(|entry| {
                query.predicates.is_empty()
                    || self.dataset.event(entry.event).is_some_and(|e| {
                        query
                            .predicates
                            .accepts(e.title(), e.kind(), e.tags().map(str::to_owned))
                    })
            })
            .collect()
    }

    /// Entries with their ids, in (start, id) order.
    fn with_ids(&self, entries: Vec<TrackEntry>) -> Vec<(TrackEntry, String)> {
        let mut entries: Vec<(TrackEntry, String)> = entries
            .into_iter()
            .map(|entry| (entry, self.id_of(entry.event)))
            .collect();
        entries.sort_by(|(a, a_id), (b, b_id)| {
            a.span.start.cmp(&b.span.start).then_with(|| a_id.cmp(b_id))
        });
        entries
    }

    /// A part's answer: its events in (start, id) order, or their counts when there are too
    /// many (counted as they come: no id is made nor sorted by).
    fn content(&self, actor: ActorIdx, part: Part, query: &ViewQuery) -> LaneContent {
        let range = query.window.to_range();
        let overlapping = self.overlapping(actor, part, range, query);
        if overlapping.len() > query.per_lane_limit {
            return LaneContent::Columns(count_columns(
                query,
                overlapping.iter().map(|entry| entry.span),
            ));
        }
        LaneContent::Events(
            self.with_ids(overlapping)
                .iter()
                .filter_map(|(entry, _)| self.summary(entry.event))
                .collect(),
        )
    }
}

/// The id `convert` writes for an event without one: its place in the file.
pub fn fallback_id(file_index: usize) -> String {
    format!("event-{}", file_index + 1)
}

/// Counts `spans` over the query's columns: the rule every backend follows (see
/// [`super::column_range`]).
pub fn count_columns(query: &ViewQuery, spans: impl Iterator<Item = TimeRange>) -> ColumnCounts {
    let columns = query.columns.max(1);
    let mut counts = vec![0_u32; columns];
    let mut total = 0;
    for span in spans {
        let Some((first, last)) = super::column_range(query.window, columns, span) else {
            continue;
        };
        total += 1;
        for count in &mut counts[first..=last] {
            *count += 1;
        }
    }
    ColumnCounts {
        window: query.window,
        counts,
        total,
    }
}

impl Backend for MemoryBackend {
    fn describe(&self) -> String {
        format!("{} (in memory)", self.dataset.title)
    }

    fn outline(&self, _ticket: &Ticket) -> Result<Outline, QueryError> {
        Ok(Outline {
            title: self.dataset.title.clone(),
            lanes: super::schema::lanes_of(&self.dataset),
            extent: self.index.extent(),
            event_count: self.dataset.event_count() as u64,
        })
    }

    fn answer(
        &self,
        query: &ViewQuery,
        _now: Timestamp,
        ticket: &Ticket,
    ) -> Result<Answer, QueryError> {
        super::give_way_to_the_window();
        let mut lanes = Vec::with_capacity(query.lanes.len());
        for lane in &query.lanes {
            ticket.check()?;
            let Some(actor) = self.actor_of(lane) else {
                continue;
            };
            let [points, ranges] =
                [Part::Points, Part::Ranges].map(|part| self.content(actor, part, query));
            lanes.push(LaneAnswer {
                lane: lane.clone(),
                points,
                ranges,
            });
        }
        Ok(Answer {
            query: query.clone(),
            lanes,
        })
    }

    fn record(&self, id: &str, _ticket: &Ticket) -> Result<Option<EventRecord>, QueryError> {
        let found = self.dataset.event_with_id(id).or_else(|| {
            let n: usize = id.strip_prefix("event-")?.parse().ok()?;
            self.dataset.event_by_file_index(n.checked_sub(1)?)
        });
        Ok(found.and_then(|event| self.record(event)))
    }

    fn page(
        &self,
        query: &ViewQuery,
        after: Option<&PageCursor>,
        only: Option<Part>,
        limit: usize,
        _now: Timestamp,
        ticket: &Ticket,
    ) -> Result<Page, QueryError> {
        let range = query.window.to_range();
        let mut seen = std::collections::HashSet::new();
        let mut rows: Vec<(i64, String, EventIdx)> = Vec::new();
        for actor in query.lanes.iter().filter_map(|lane| self.actor_of(lane)) {
            ticket.check()?;
            let parts = [Part::Points, Part::Ranges];
            for part in parts
                .into_iter()
                .filter(|p| only.is_none_or(|only| only == *p))
            {
                for (entry, id) in self.with_ids(self.overlapping(actor, part, range, query)) {
                    let start_s = entry.span.start.0;
                    if after.is_none_or(|after| after.is_before(start_s, &id))
                        && seen.insert(entry.event)
                    {
                        rows.push((start_s, id, entry.event));
                    }
                }
            }
        }
        rows.sort_unstable();
        let records = rows
            .into_iter()
            .filter_map(|(start_s, _, event)| Some((start_s, self.summary(event)?)));
        Ok(Page::of_rows(records, limit))
    }
}
