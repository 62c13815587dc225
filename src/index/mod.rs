//! Per-lane, time-sorted, compact storage of the events for fast visible-range queries.
//!
//! Each lane (actor) keeps its instants on one track and its ranges packed into a few rows
//! (greedy interval partitioning, computed once at load so bars do not jump while zooming).
//! A track is a set of parallel columns sorted by start, with a running maximum of ends, so
//! "what overlaps this window" is two binary searches and a scan of the candidates.

use crate::model::{ActorIdx, Dataset, EventIdx};
use crate::time::{TimeRange, Timestamp};

/// How many rows of bars a lane gets before overlapping ranges share the last one.
pub const MAX_RANGE_ROWS: usize = 3;

/// Events of one kind in one lane, sorted by start.
#[derive(Clone, Debug, Default)]
pub struct Track {
    starts: Vec<i64>,
    ends: Vec<i64>,
    /// `max_ends[i]` is the largest end among entries `0..=i`: non-decreasing, so the first
    /// entry that can reach into a window is found by binary search.
    max_ends: Vec<i64>,
    events: Vec<EventIdx>,
}

/// One entry of a track: an event and the span it covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TrackEntry {
    pub event: EventIdx,
    pub span: TimeRange,
}

impl Track {
    fn from_sorted(entries: &[TrackEntry]) -> Self {
        let mut track = Self {
            starts: Vec::with_capacity(entries.len()),
            ends: Vec::with_capacity(entries.len()),
            max_ends: Vec::with_capacity(entries.len()),
            events: Vec::with_capacity(entries.len()),
        };
        let mut max_end = i64::MIN;
        for entry in entries {
            max_end = max_end.max(entry.span.end.0);
            track.starts.push(entry.span.start.0);
            track.ends.push(entry.span.end.0);
            track.max_ends.push(max_end);
            track.events.push(entry.event);
        }
        track
    }

    pub fn len(&self) -> usize {
        self.events.len()
    }

    pub fn is_empty(&self) -> bool {
        self.events.is_empty()
    }

    pub fn entry(&self, i: usize) -> Option<TrackEntry> {
        Some(TrackEntry {
            event: *self.events.get(i)?,
            span: TimeRange::new(
                Timestamp(*self.starts.get(i)?),
                Timestamp(*self.ends.get(i)?),
            ),
        })
    }

    /// Entries whose span overlaps `range` (touching counts), in start order.
    pub fn overlapping(&self, range: TimeRange) -> impl Iterator<Item = TrackEntry> + '_ {
        // Entries before `first` all end before the window starts.
        let first = self.max_ends.partition_point(|&end| end < range.start.0);
        // Entries from `last` on all start after the window ends.
        let last = self.starts.partition_point(|&start| start <= range.end.0);
        (first..last.max(first)).filter_map(move |i| {
            let entry = self.entry(i)?;
            (entry.span.end >= range.start).then_some(entry)
        })
    }
}

/// The tracks of one actor.
#[derive(Clone, Debug, Default)]
pub struct LaneIndex {
    /// Events without an end, drawn as markers.
    pub points: Track,
    /// Events with an end, drawn as bars; at most [`MAX_RANGE_ROWS`] rows.
    pub rows: Vec<Track>,
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
        let mut points: Vec<Vec<TrackEntry>> = vec![Vec::new(); dataset.actors.len()];
        let mut ranges: Vec<Vec<TrackEntry>> = vec![Vec::new(); dataset.actors.len()];
        for (i, event) in dataset.events.iter().enumerate() {
            let entry = TrackEntry {
                event: EventIdx(i as u32),
                span: event.span(now),
            };
            for actor in &event.actors {
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
        let lanes = points
            .into_iter()
            .zip(ranges)
            .map(|(mut points, mut ranges)| {
                points.sort_unstable_by(by_start);
                ranges.sort_unstable_by(by_start);
                LaneIndex {
                    points: Track::from_sorted(&points),
                    rows: pack_rows(&ranges)
                        .iter()
                        .map(|row| Track::from_sorted(row))
                        .collect(),
                }
            })
            .collect();
        Self {
            lanes,
            extent: dataset.extent(now),
            now,
        }
    }

    pub fn lane(&self, actor: ActorIdx) -> Option<&LaneIndex> {
        self.lanes.get(actor.index())
    }

    pub fn lane_count(&self) -> usize {
        self.lanes.len()
    }

    /// The span of all events, `None` without events.
    pub fn extent(&self) -> Option<TimeRange> {
        self.extent
    }

    /// The "now" ongoing events were built with.
    pub fn now(&self) -> Timestamp {
        self.now
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
    use proptest::prelude::*;

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
    fn rows_are_capped_and_shared_when_full() {
        let ranges: Vec<_> = (0..10).map(|i| entry(i, 0, 100)).collect();
        let rows = pack_rows(&ranges);
        assert_eq!(rows.len(), MAX_RANGE_ROWS);
        assert_eq!(rows.iter().map(Vec::len).sum::<usize>(), 10, "none is lost");
    }

    #[test]
    fn long_range_from_far_left_is_found() {
        let mut entries = vec![entry(0, -1_000_000, 1_000_000)];
        entries.extend((1..100).map(|i| entry(i, i64::from(i) * 10, i64::from(i) * 10 + 1)));
        entries.sort_by_key(|e| e.span.start);
        let track = Track::from_sorted(&entries);
        let found: Vec<_> = track
            .overlapping(TimeRange::new(Timestamp(5000), Timestamp(6000)))
            .map(|e| e.event.0)
            .collect();
        assert_eq!(found, [0]);
    }

    proptest! {
        #[test]
        fn query_matches_brute_force(
            spans in proptest::collection::vec((-1000i64..1000, 0i64..300), 0..200),
            window in (-1200i64..1200, 0i64..500),
        ) {
            let mut entries: Vec<_> = spans
                .iter()
                .enumerate()
                .map(|(i, &(start, length))| entry(i as u32, start, start + length))
                .collect();
            entries.sort_by_key(|e| (e.span.start, e.span.end, e.event));
            let track = Track::from_sorted(&entries);
            let range = TimeRange::new(Timestamp(window.0), Timestamp(window.0 + window.1));
            let mut fast: Vec<_> = track.overlapping(range).map(|e| e.event).collect();
            let mut slow: Vec<_> = entries
                .iter()
                .filter(|e| e.span.start <= range.end && e.span.end >= range.start)
                .map(|e| e.event)
                .collect();
            fast.sort();
            slow.sort();
            prop_assert_eq!(fast, slow);
        }
    }
}
