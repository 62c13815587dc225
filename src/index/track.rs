//! A track: one lane's events of one kind (instants, or one row of ranges), stored for fast
//! queries whatever their number.
//!
//! Entries are split into duration classes (powers of two); inside a class they are sorted by
//! start, so "what overlaps this window" is, per class, a binary search for the starts in
//! `[window.start - longest, window.end]`: no scan from the beginning, even when one range
//! crosses the whole view from far outside it. Two more sorted columns (all starts, all ends)
//! count what overlaps any span in O(log n), which is how density strips are drawn without
//! touching the events.

use crate::model::EventIdx;
use crate::time::{TimeRange, Timestamp};

/// One entry of a track: an event and the span it covers.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TrackEntry {
    pub event: EventIdx,
    pub span: TimeRange,
}

/// Entries no longer than `max_duration`, sorted by start.
#[derive(Clone, Debug, Default)]
struct DurationClass {
    max_duration: i64,
    starts: Vec<i64>,
    ends: Vec<i64>,
    events: Vec<EventIdx>,
}

impl DurationClass {
    /// Where an entry with (start, end, event) `key` is, or would go: the class is sorted by
    /// it.
    fn position(&self, key: (i64, i64, EventIdx)) -> usize {
        let (mut low, mut high) = (0, self.starts.len());
        while low < high {
            let mid = (low + high) / 2;
            if (self.starts[mid], self.ends[mid], self.events[mid]) < key {
                low = mid + 1;
            } else {
                high = mid;
            }
        }
        low
    }
}

/// Events of one kind in one lane.
#[derive(Clone, Debug, Default)]
pub struct Track {
    classes: Vec<DurationClass>,
    /// Every start, sorted: with `sorted_ends`, counts overlaps in O(log n).
    sorted_starts: Vec<i64>,
    sorted_ends: Vec<i64>,
}

/// The number of values below `limit` in `sorted`, knowing that at least `from` are: an
/// exponential search forward from `from`, then a binary search in the last step.
fn gallop(sorted: &[i64], from: usize, limit: i64) -> usize {
    let below = |i: usize| sorted.get(i).is_some_and(|&v| v < limit);
    if !below(from) {
        return from.min(sorted.len());
    }
    let mut step = 1;
    while below(from + step) {
        step *= 2;
    }
    let low = from + step / 2;
    let high = (from + step).min(sorted.len());
    low + sorted
        .get(low..high)
        .map_or(0, |window| window.partition_point(|&v| v < limit))
}

/// The duration class of a span: the number of bits of its length.
fn class_of(duration: i64) -> u32 {
    64 - (duration.max(0) as u64).leading_zeros()
}

impl Track {
    /// Builds a track from its entries (any order).
    pub fn new(mut entries: Vec<TrackEntry>) -> Self {
        entries.sort_unstable_by_key(|e| {
            (
                class_of(e.span.duration_seconds()),
                e.span.start,
                e.span.end,
                e.event,
            )
        });
        let mut classes: Vec<DurationClass> = Vec::new();
        for entry in &entries {
            let class = class_of(entry.span.duration_seconds());
            let max_duration = if class >= 63 {
                i64::MAX
            } else {
                (1i64 << class) - 1
            };
            if classes
                .last()
                .is_none_or(|c| c.max_duration != max_duration)
            {
                classes.push(DurationClass {
                    max_duration,
                    ..DurationClass::default()
                });
            }
            if let Some(current) = classes.last_mut() {
                current.starts.push(entry.span.start.0);
                current.ends.push(entry.span.end.0);
                current.events.push(entry.event);
            }
        }
        let mut sorted_starts: Vec<i64> = entries.iter().map(|e| e.span.start.0).collect();
        let mut sorted_ends: Vec<i64> = entries.iter().map(|e| e.span.end.0).collect();
        sorted_starts.sort_unstable();
        sorted_ends.sort_unstable();
        for class in &mut classes {
            class.starts.shrink_to_fit();
            class.ends.shrink_to_fit();
            class.events.shrink_to_fit();
        }
        Self {
            classes,
            sorted_starts,
            sorted_ends,
        }
    }

    pub fn len(&self) -> usize {
        self.sorted_starts.len()
    }

    pub fn is_empty(&self) -> bool {
        self.sorted_starts.is_empty()
    }

    /// Entries whose span overlaps `range` (touching counts). Not in any particular order.
    pub fn overlapping(&self, range: TimeRange) -> impl Iterator<Item = TrackEntry> + '_ {
        self.classes.iter().flat_map(move |class| {
            // Anything starting before this cannot reach the range.
            let earliest = range.start.0.saturating_sub(class.max_duration);
            let first = class.starts.partition_point(|&s| s < earliest);
            let last = class.starts.partition_point(|&s| s <= range.end.0);
            (first..last.max(first)).filter_map(move |i| {
                let start = *class.starts.get(i)?;
                let end = *class.ends.get(i)?;
                let event = *class.events.get(i)?;
                (end >= range.start.0).then(|| TrackEntry {
                    event,
                    span: TimeRange::new(Timestamp(start), Timestamp(end)),
                })
            })
        })
    }

    /// How many entries overlap `range` (touching counts), in O(log n).
    pub fn count_overlapping(&self, range: TimeRange) -> usize {
        // Those starting by the range's end, minus those that ended before it began.
        let started = self.sorted_starts.partition_point(|&s| s <= range.end.0);
        let ended = self.sorted_ends.partition_point(|&e| e < range.start.0);
        started.saturating_sub(ended)
    }

    /// Counts of overlapping entries for `columns` equal slices of `[start, end)` (seconds),
    /// written into `out`. O(columns · log n): the events themselves are not visited.
    pub fn density(&self, start: f64, end: f64, columns: usize, out: &mut Vec<u32>) {
        out.clear();
        if columns == 0 || end <= start {
            return;
        }
        let step = (end - start) / columns as f64;
        let boundary = |c: usize| (start + step * c as f64).floor() as i64;
        // Boundaries only grow, so each search starts where the last one ended and gallops:
        // the cost follows the columns, not the events.
        let mut started = 0;
        let mut ended = 0;
        out.extend((0..columns).map(|c| {
            let a = boundary(c);
            let b = boundary(c + 1).max(a + 1);
            // Started before the column's end, minus those that ended before its start.
            started = gallop(&self.sorted_starts, started, b);
            ended = gallop(&self.sorted_ends, ended, a);
            started.saturating_sub(ended) as u32
        }));
    }

    /// Adds an entry, in its place: O(log n) to find it, then a move of the entries after it
    /// in its duration class (a lane's share of the events, not all of them).
    pub fn insert(&mut self, entry: TrackEntry) {
        let class = class_of(entry.span.duration_seconds());
        let max_duration = if class >= 63 {
            i64::MAX
        } else {
            (1i64 << class) - 1
        };
        let at = self
            .classes
            .partition_point(|c| c.max_duration < max_duration);
        if self
            .classes
            .get(at)
            .is_none_or(|c| c.max_duration != max_duration)
        {
            self.classes.insert(
                at,
                DurationClass {
                    max_duration,
                    ..DurationClass::default()
                },
            );
        }
        if let Some(class) = self.classes.get_mut(at) {
            let key = (entry.span.start.0, entry.span.end.0, entry.event);
            let i = class.position(key);
            class.starts.insert(i, key.0);
            class.ends.insert(i, key.1);
            class.events.insert(i, key.2);
        }
        let i = self
            .sorted_starts
            .partition_point(|&s| s < entry.span.start.0);
        self.sorted_starts.insert(i, entry.span.start.0);
        let i = self.sorted_ends.partition_point(|&e| e < entry.span.end.0);
        self.sorted_ends.insert(i, entry.span.end.0);
    }

    /// Takes an entry out; `false` when the track does not hold it.
    pub fn remove(&mut self, entry: TrackEntry) -> bool {
        let key = (entry.span.start.0, entry.span.end.0, entry.event);
        let found = self.classes.iter_mut().find_map(|class| {
            let i = class.position(key);
            let there = class.starts.get(i) == Some(&key.0)
                && class.ends.get(i) == Some(&key.1)
                && class.events.get(i) == Some(&key.2);
            there.then_some((class, i))
        });
        let Some((class, i)) = found else {
            return false;
        };
        class.starts.remove(i);
        class.ends.remove(i);
        class.events.remove(i);
        for (sorted, value) in [
            (&mut self.sorted_starts, key.0),
            (&mut self.sorted_ends, key.1),
        ] {
            if let Ok(i) = sorted.binary_search(&value) {
                sorted.remove(i);
            }
        }
        true
    }

    /// Renumbers the events `from..` by `by` (events were inserted or removed before them).
    pub fn renumber(&mut self, from: EventIdx, by: isize) {
        for class in &mut self.classes {
            for event in class.events.iter_mut().filter(|e| **e >= from) {
                event.0 = (event.0 as usize).saturating_add_signed(by) as u32;
            }
        }
    }

    /// The earliest start and the latest end, `None` when empty.
    pub fn bounds(&self) -> Option<TimeRange> {
        Some(TimeRange::new(
            Timestamp(*self.sorted_starts.first()?),
            Timestamp(*self.sorted_ends.last()?),
        ))
    }

    /// Whether an entry in the track overlaps `span` by more than touching.
    pub fn overlaps_strictly(&self, span: TimeRange) -> bool {
        self.overlapping(span)
            .any(|e| e.span.end > span.start && e.span.start < span.end)
    }

    /// Bytes of memory the track holds.
    pub fn heap_bytes(&self) -> usize {
        self.classes
            .iter()
            .map(|c| c.starts.capacity() * 8 + c.ends.capacity() * 8 + c.events.capacity() * 4)
            .sum::<usize>()
            + (self.sorted_starts.capacity() + self.sorted_ends.capacity()) * 8
    }
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
    fn long_range_from_far_left_is_found_without_a_scan() {
        let mut entries = vec![entry(0, -1_000_000_000, 1_000_000_000)];
        entries.extend((1..100_000).map(|i| entry(i, i64::from(i) * 10, i64::from(i) * 10 + 1)));
        let track = Track::new(entries);
        let found: Vec<_> = track
            .overlapping(TimeRange::new(Timestamp(2_000_000), Timestamp(2_000_005)))
            .map(|e| e.event.0)
            .collect();
        assert_eq!(found, [0]);
        assert_eq!(
            track.count_overlapping(TimeRange::new(Timestamp(2_000_000), Timestamp(2_000_005))),
            1
        );
    }

    #[test]
    fn density_counts_per_column() {
        // Instants at 5 and 15, a range over 0..40.
        let track = Track::new(vec![entry(0, 5, 5), entry(1, 15, 15), entry(2, 0, 40)]);
        let mut counts = Vec::new();
        track.density(0.0, 40.0, 4, &mut counts);
        assert_eq!(counts, [2, 2, 1, 1]);
    }

    fn brute_force(entries: &[TrackEntry], range: TimeRange) -> Vec<EventIdx> {
        let mut found: Vec<_> = entries
            .iter()
            .filter(|e| e.span.start <= range.end && e.span.end >= range.start)
            .map(|e| e.event)
            .collect();
        found.sort();
        found
    }

    proptest! {
        #[test]
        fn queries_match_brute_force(
            spans in proptest::collection::vec((-10_000i64..10_000, prop_oneof![0i64..10, 0i64..1000, 0i64..100_000]), 0..300),
            window in (-12_000i64..12_000, 0i64..5000),
        ) {
            let entries: Vec<_> = spans
                .iter()
                .enumerate()
                .map(|(i, &(start, length))| entry(i as u32, start, start + length))
                .collect();
            let track = Track::new(entries.clone());
            let range = TimeRange::new(Timestamp(window.0), Timestamp(window.0 + window.1));
            let mut fast: Vec<_> = track.overlapping(range).map(|e| e.event).collect();
            fast.sort();
            let slow = brute_force(&entries, range);
            prop_assert_eq!(track.count_overlapping(range), slow.len());
            prop_assert_eq!(fast, slow);
        }

        #[test]
        fn inserting_removing_and_renumbering_match_a_fresh_build(
            spans in proptest::collection::vec((-1000i64..1000, prop_oneof![0i64..10, 0i64..100_000]), 1..120),
            removed in proptest::collection::vec(any::<prop::sample::Index>(), 0..20),
            window in (-1200i64..1200, 0i64..500),
        ) {
            let entries: Vec<_> = spans
                .iter()
                .enumerate()
                .map(|(i, &(start, length))| entry(i as u32, start, start + length))
                .collect();
            let (first, rest) = entries.split_at(entries.len() / 2);
            let mut track = Track::new(first.to_vec());
            rest.iter().for_each(|&e| track.insert(e));
            let mut kept = entries.clone();
            for index in removed {
                if kept.is_empty() {
                    break;
                }
                let gone = kept.remove(index.index(kept.len()));
                prop_assert!(track.remove(gone));
                prop_assert!(!track.remove(gone), "only once");
            }
            track.renumber(EventIdx(50), 7);
            let renumbered: Vec<_> = kept
                .iter()
                .map(|&e| if e.event.0 >= 50 { TrackEntry { event: EventIdx(e.event.0 + 7), ..e } } else { e })
                .collect();
            let range = TimeRange::new(Timestamp(window.0), Timestamp(window.0 + window.1));
            let mut fast: Vec<_> = track.overlapping(range).map(|e| e.event).collect();
            fast.sort();
            prop_assert_eq!(fast, brute_force(&renumbered, range));
            prop_assert_eq!(track.count_overlapping(range), brute_force(&renumbered, range).len());
            prop_assert_eq!(track.bounds(), Track::new(renumbered).bounds());
        }

        #[test]
        fn density_matches_brute_force(
            spans in proptest::collection::vec((0i64..1000, 0i64..200), 0..200),
            columns in 1usize..50,
        ) {
            let entries: Vec<_> = spans
                .iter()
                .enumerate()
                .map(|(i, &(start, length))| entry(i as u32, start, start + length))
                .collect();
            let track = Track::new(entries.clone());
            let mut counts = Vec::new();
            track.density(0.0, 1000.0, columns, &mut counts);
            let step = 1000.0 / columns as f64;
            for (c, &count) in counts.iter().enumerate() {
                let a = (step * c as f64).floor() as i64;
                let b = (step * (c + 1) as f64).floor() as i64;
                // Overlapping the column [a, b): starts before b (or at a for an empty column)
                // and ends at or after a.
                let expected = entries
                    .iter()
                    .filter(|e| e.span.start.0 < b.max(a + 1) && e.span.end.0 >= a)
                    .count();
                prop_assert_eq!(count as usize, expected, "column {}", c);
            }
        }
    }
}
