//! Per-lane, time-sorted, compact storage of the events for fast visible-range queries and
//! counts.
//!
//! Each lane (actor) keeps its instants on one [`Track`] and its ranges packed into a few rows
//! (greedy interval partitioning, computed once at load so bars do not jump while zooming).

mod track;

pub use track::{Track, TrackEntry};

use crate::model::{ActorIdx, Dataset, EventIdx, EventSet};
use crate::time::{TimeRange, Timestamp};

/// How many rows of bars a lane gets before overlapping ranges share the last one.
pub const MAX_RANGE_ROWS: usize = 3;

/// The tracks of one actor.
#[derive(Clone, Debug, Default)]
pub struct LaneIndex {
    /// Events without an end, drawn as markers.
    pub points: Track,
    /// Events with an end, drawn as bars; at most [`MAX_RANGE_ROWS`] rows.
    pub rows: Vec<Track>,
}

impl LaneIndex {
    /// The event a stretch of the lane stands for (a column of its density strip), among
    /// its instants (when `instants`) and the ranges of its bar rows `bar_rows` (empty for
    /// none; rows past the last are none): of the events overlapping `range`, the first to
    /// start in it, or, when none starts there, the first of those crossing it (by start,
    /// then place in the dataset). A database answers the same through `query::event_in`.
    pub fn first_event_in(
        &self,
        range: TimeRange,
        instants: bool,
        bar_rows: std::ops::Range<usize>,
    ) -> Option<EventIdx> {
        let points = instants.then_some(&self.points);
        let last = self.rows.len();
        let from = bar_rows.start.min(last);
        let rows = &self.rows[from..bar_rows.end.clamp(from, last)];
        points
            .into_iter()
            .chain(rows)
            .flat_map(|track| track.overlapping(range))
            .map(|entry| {
                (
                    entry.span.start < range.start,
                    entry.span.start,
                    entry.event,
                )
            })
            .min()
            .map(|(_, _, event)| event)
    }
}

/// An event as the index holds it: its entry, its lanes, and whether it is a bar.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct IndexedEvent {
    pub entry: TrackEntry,
    pub actors: Vec<ActorIdx>,
    pub is_range: bool,
}

impl IndexedEvent {
    /// The lanes of `lanes` the event is in.
    fn lanes<'l>(&self, lanes: &'l mut [LaneIndex]) -> impl Iterator<Item = &'l mut LaneIndex> {
        lanes
            .iter_mut()
            .enumerate()
            .filter(|(i, _)| self.actors.iter().any(|a| a.index() == *i))
            .map(|(_, lane)| lane)
    }
}

/// All lanes of a dataset, in actor order.
#[derive(Clone, Debug, Default)]
pub struct TimelineIndex {
    lanes: Vec<LaneIndex>,
    extent: Option<TimeRange>,
    now: Timestamp,
}

impl TimelineIndex {
    /// Builds the index; ongoing events run to `now`.
    pub fn build(dataset: &Dataset, now: Timestamp) -> Self {
        Self::build_filtered(dataset, now, None)
    }

    /// Builds the index of the events in `only` (all when `None`): what a filter shows. Its
    /// extent stays the whole dataset's, so fitting the view does not jump when filtering.
    pub fn build_filtered(dataset: &Dataset, now: Timestamp, only: Option<&EventSet>) -> Self {
        let mut points: Vec<Vec<TrackEntry>> = vec![Vec::new(); dataset.actors.len()];
        let mut ranges: Vec<Vec<TrackEntry>> = vec![Vec::new(); dataset.actors.len()];
        for event in dataset.events() {
            if only.is_some_and(|set| !set.contains(event.idx())) {
                continue;
            }
            let entry = TrackEntry {
                event: event.idx(),
                span: event.span(now),
            };
            for actor in event.actors() {
                let lanes = if event.is_range() {
                    &mut ranges
                } else {
                    &mut points
                };
                if let Some(lane) = lanes.get_mut(actor.index()) {
                    lane.push(entry);
                }
            }
        }
        let by_start = |a: &TrackEntry, b: &TrackEntry| {
            a.span
                .start
                .cmp(&b.span.start)
                .then(a.span.end.cmp(&b.span.end))
                .then(a.event.cmp(&b.event))
        };
        let build_lane = |(points, mut ranges): (Vec<TrackEntry>, Vec<TrackEntry>)| {
            ranges.sort_unstable_by(by_start);
            LaneIndex {
                points: Track::new(points),
                rows: pack_rows(&ranges).into_iter().map(Track::new).collect(),
            }
        };
        // Lanes are independent: sort them on every core.
        let work: Vec<_> = points.into_iter().zip(ranges).collect();
        let threads = crate::parallel::threads();
        let lanes = if threads == 1 || dataset.event_count() < 10_000 {
            work.into_iter().map(build_lane).collect()
        } else {
            let per_thread = work.len().div_ceil(threads).max(1);
            let mut parts: Vec<Vec<_>> = Vec::new();
            let mut work = work.into_iter().peekable();
            while work.peek().is_some() {
                parts.push(work.by_ref().take(per_thread).collect());
            }
            // A panic in a worker is raised again here: an index with lanes missing would
            // put every later lane's events in the wrong lane.
            crate::parallel::map_parts("index", parts, |part| {
                part.into_iter().map(build_lane).collect::<Vec<_>>()
            })
            .into_iter()
            .flatten()
            .collect()
        };
        Self {
            lanes,
            extent: dataset.extent(now),
            now,
        }
    }

    /// What the index holds of events `rows` of `dataset`: take it before an edit changes
    /// them, for [`TimelineIndex::splice_events`].
    pub fn entries_of(&self, dataset: &Dataset, rows: std::ops::Range<usize>) -> Vec<IndexedEvent> {
        rows.filter_map(|row| dataset.event(EventIdx(row as u32)))
            .map(|event| IndexedEvent {
                entry: TrackEntry {
                    event: event.idx(),
                    span: event.span(self.now),
                },
                actors: event.actors().to_vec(),
                is_range: event.is_range(),
            })
            .collect()
    }

    /// Follows an edit of the dataset: the events `old` (rows `rows` before the edit) were
    /// replaced by `added` rows starting at `rows.start`, so the events after them moved by
    /// the difference. Each lane changes only where those events are: at a million events an
    /// edit costs about a millisecond, against seconds for building the index again. A new
    /// bar goes into the first of its lane's rows where it overlaps nothing, as building does.
    pub fn splice_events(
        &mut self,
        old: &[IndexedEvent],
        rows: std::ops::Range<usize>,
        added: &[IndexedEvent],
    ) {
        for event in old {
            for lane in event.lanes(&mut self.lanes) {
                if event.is_range {
                    lane.rows.iter_mut().any(|row| row.remove(event.entry));
                } else {
                    lane.points.remove(event.entry);
                }
            }
        }
        let shift = added.len() as isize - rows.len() as isize;
        if shift != 0 {
            let after = EventIdx(rows.end as u32);
            for lane in &mut self.lanes {
                lane.points.renumber(after, shift);
                lane.rows
                    .iter_mut()
                    .for_each(|row| row.renumber(after, shift));
            }
        }
        for event in added {
            for lane in event.lanes(&mut self.lanes) {
                if !event.is_range {
                    lane.points.insert(event.entry);
                    continue;
                }
                let free = lane
                    .rows
                    .iter()
                    .position(|row| !row.overlaps_strictly(event.entry.span));
                match free {
                    Some(row) => lane.rows[row].insert(event.entry),
                    None if lane.rows.len() < MAX_RANGE_ROWS => {
                        lane.rows.push(Track::new(vec![event.entry]));
                    }
                    None => {
                        if let Some(last) = lane.rows.last_mut() {
                            last.insert(event.entry);
                        }
                    }
                }
            }
        }
        self.extent = self
            .lanes
            .iter()
            .flat_map(|lane| std::iter::once(&lane.points).chain(&lane.rows))
            .filter_map(Track::bounds)
            .reduce(TimeRange::union);
    }

    pub fn lane(&self, actor: ActorIdx) -> Option<&LaneIndex> {
        self.lanes.get(actor.index())
    }

    pub fn lane_count(&self) -> usize {
        self.lanes.len()
    }

    /// The index with the extent of a whole table of which it holds a window's events (a
    /// database backend's view): fitting the view then shows the whole table.
    pub fn with_extent(mut self, extent: Option<TimeRange>) -> Self {
        self.extent = extent;
        self
    }

    /// Gives a lane at least `rows` rows of bars (empty ones if it has fewer): room for
    /// what is drawn there from elsewhere (a database's counts of its ranges).
    pub fn ensure_rows(&mut self, actor: ActorIdx, rows: usize) {
        if let Some(lane) = self.lanes.get_mut(actor.index()) {
            while lane.rows.len() < rows.min(MAX_RANGE_ROWS) {
                lane.rows.push(Track::default());
            }
        }
    }

    /// The span of all events, `None` without events.
    pub fn extent(&self) -> Option<TimeRange> {
        self.extent
    }

    /// The "now" ongoing events were built with.
    pub fn now(&self) -> Timestamp {
        self.now
    }

    /// Bytes of memory the index holds.
    pub fn heap_bytes(&self) -> usize {
        self.lanes
            .iter()
            .map(|l| l.points.heap_bytes() + l.rows.iter().map(Track::heap_bytes).sum::<usize>())
            .sum()
    }
}

/// Greedy interval partitioning of ranges sorted by start: each goes into the first row that
/// is free by its start; when all [`MAX_RANGE_ROWS`] are busy, into the one that frees first.
fn pack_rows(sorted: &[TrackEntry]) -> Vec<Vec<TrackEntry>> {
    let mut rows: Vec<Vec<TrackEntry>> = Vec::new();
    let mut row_ends: Vec<Timestamp> = Vec::new();
    for &entry in sorted {
        let free = row_ends.iter().position(|&end| end <= entry.span.start);
        let row = match free {
            Some(row) => row,
            None if rows.len() < MAX_RANGE_ROWS => {
                rows.push(Vec::new());
                row_ends.push(entry.span.end);
                rows.len() - 1
            }
            None => row_ends
                .iter()
                .enumerate()
                .min_by_key(|&(_, end)| *end)
                .map_or(0, |(row, _)| row),
        };
        if let (Some(list), Some(end)) = (rows.get_mut(row), row_ends.get_mut(row)) {
            list.push(entry);
            *end = (*end).max(entry.span.end);
        }
    }
    rows
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::model::EventIdx;

    fn entry(event: u32, start: i64, end: i64) -> TrackEntry {
        TrackEntry {
            event: EventIdx(event),
            span: TimeRange::new(Timestamp(start), Timestamp(end)),
        }
    }

    #[test]
    fn rows_never_overlap_until_full() {
        let ranges = [
            entry(0, 0, 10),
            entry(1, 5, 15),
            entry(2, 10, 20),
            entry(3, 12, 30),
        ];
        let rows = pack_rows(&ranges);
        assert_eq!(rows.len(), 3, "the fourth overlaps both rows by its start");
        for row in &rows {
            for pair in row.windows(2) {
                assert!(pair[0].span.end <= pair[1].span.start);
            }
        }
    }

    #[test]
    fn the_first_event_in_a_stretch_starts_there_else_crosses_it() {
        let lane = LaneIndex {
            points: Track::new(vec![entry(0, 50, 50), entry(1, 12, 12)]),
            rows: vec![Track::new(vec![entry(2, 0, 100), entry(3, 11, 40)])],
        };
        let stretch = |from, to| TimeRange::new(Timestamp(from), Timestamp(to));
        // Starting in it comes first, the earliest start first, whatever the part.
        assert_eq!(
            lane.first_event_in(stretch(10, 20), true, 0..1),
            Some(EventIdx(3))
        );
        assert_eq!(
            lane.first_event_in(stretch(10, 20), true, 0..0),
            Some(EventIdx(1))
        );
        assert_eq!(
            lane.first_event_in(stretch(10, 20), false, 0..1),
            Some(EventIdx(3))
        );
        // None starts there: the range crossing it.
        assert_eq!(
            lane.first_event_in(stretch(60, 70), true, 0..1),
            Some(EventIdx(2))
        );
        assert_eq!(lane.first_event_in(stretch(60, 70), true, 0..0), None);
        assert_eq!(lane.first_event_in(stretch(200, 300), true, 0..1), None);
    }

    #[test]
    fn a_bar_rows_strip_stands_for_that_rows_ranges() {
        let lane = LaneIndex {
            points: Track::new(vec![entry(0, 5, 5)]),
            rows: vec![
                Track::new(vec![entry(1, 10, 40)]),
                Track::new(vec![entry(2, 12, 30)]),
            ],
        };
        let stretch = TimeRange::new(Timestamp(0), Timestamp(50));
        assert_eq!(lane.first_event_in(stretch, false, 0..1), Some(EventIdx(1)));
        assert_eq!(lane.first_event_in(stretch, false, 1..2), Some(EventIdx(2)));
        assert_eq!(
            lane.first_event_in(stretch, false, 0..usize::MAX),
            Some(EventIdx(1))
        );
        assert_eq!(lane.first_event_in(stretch, true, 1..2), Some(EventIdx(0)));
        assert_eq!(
            lane.first_event_in(stretch, false, 2..3),
            None,
            "no third row"
        );
    }

    #[test]
    fn rows_are_capped_and_shared_when_full() {
        let ranges: Vec<_> = (0..10).map(|i| entry(i, 0, 100)).collect();
        let rows = pack_rows(&ranges);
        assert_eq!(rows.len(), MAX_RANGE_ROWS);
        assert_eq!(rows.iter().map(Vec::len).sum::<usize>(), 10, "none is lost");
    }
}
