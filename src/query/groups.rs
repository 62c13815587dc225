//! Per-column counts from groups of events that cover the same columns: how a database
//! counts a window in one pass. Each group is (lane, part, first column, last column) with
//! how many events it holds; a range then costs the query one group however many columns it
//! crosses, and the counts are spread over the columns here.

use std::collections::HashMap;

use super::{ColumnCounts, Counted, Part, ViewQuery};

/// Groups of a window's events added up into per-column counts, lane by lane.
pub struct ColumnGroups {
    query: ViewQuery,
    counted: Counted,
}

/// One group, as a query returns it.
pub struct Group<'a> {
    pub lane: &'a str,
    pub part: Part,
    /// The columns its events cover (by [`super::column_range`]'s rule).
    pub first: usize,
    pub last: usize,
    pub events: u64,
}

impl ColumnGroups {
    pub fn new(query: &ViewQuery) -> Self {
        Self {
            query: query.clone(),
            counted: HashMap::new(),
        }
    }

    pub fn add(&mut self, group: Group<'_>) {
        let columns = self.query.columns.max(1);
        let key = (group.lane.to_owned(), group.part);
        let window = self.query.window;
        let counted = self.counted.entry(key).or_insert_with(|| ColumnCounts {
            window,
            counts: vec![0; columns],
            total: 0,
        });
        counted.total += group.events;
        let last = group.last.min(columns - 1);
        for count in &mut counted.counts[group.first.min(last)..=last] {
            *count += group.events as u32;
        }
    }

    /// Every lane's part counted.
    pub fn finish(self) -> Counted {
        self.counted
    }
}

/// A window's events added one by one into per-column counts, lane by lane: how a backend
/// that reads the rows themselves (Parquet, through DataFusion) counts a narrow window, where
/// grouping in SQL (one row per lane of an event, then a sort or hash of them all) would cost
/// more than the counting. Each event adds one to the columns it covers through a difference
/// array, so a range across the whole window costs two additions, not one per column.
pub struct RowTally<'q> {
    query: &'q ViewQuery,
    /// The query's lanes by id, to their place in `parts`.
    lanes: ahash::AHashMap<&'q str, usize>,
    /// Per lane and part (instants, then ranges): the difference array of its counts and its
    /// total.
    parts: Vec<PartTally>,
}

#[derive(Clone, Default)]
struct PartTally {
    difference: Vec<i64>,
    total: u64,
}

impl<'q> RowTally<'q> {
    pub fn new(query: &'q ViewQuery) -> Self {
        let lanes = query
            .lanes
            .iter()
            .enumerate()
            .map(|(i, lane)| (lane.as_str(), i))
            .collect();
        Self {
            query,
            lanes,
            parts: vec![PartTally::default(); query.lanes.len() * 2],
        }
    }

    /// Counts one event of `lanes` (those the query does not ask for are passed over) in its
    /// `part`, from `start` to `end` (its effective end) in seconds.
    pub fn add<'a>(
        &mut self,
        lanes: impl Iterator<Item = &'a str>,
        part: Part,
        start: i64,
        end: i64,
    ) {
        let slots: smallvec::SmallVec<[usize; 8]> =
            lanes.filter_map(|lane| self.slot(lane)).collect();
        self.add_at(slots.into_iter(), part, start, end);
    }

    /// The place of a lane the query asks for (none for others), for [`Self::add_at`]: a
    /// caller that counts many windows over the same rows looks its lanes up once.
    pub fn slot(&self, lane: &str) -> Option<usize> {
        self.lanes.get(lane).copied()
    }

    /// As [`Self::add`], with the lanes given by their [`Self::slot`].
    pub fn add_at(&mut self, slots: impl Iterator<Item = usize>, part: Part, start: i64, end: i64) {
        let columns = self.query.columns.max(1);
        let Some((first, last)) = self.columns_of(start, end) else {
            return;
        };
        for slot in slots {
            let tally = &mut self.parts[slot * 2 + usize::from(part == Part::Ranges)];
            if tally.difference.is_empty() {
                // One more than the columns: the last column's end is marked too.
                tally.difference = vec![0; columns + 1];
            }
            tally.difference[first] += 1;
            tally.difference[last + 1] -= 1;
            tally.total += 1;
        }
    }

    /// The first and last column an event from `start` to `end` covers, if any.
    fn columns_of(&self, start: i64, end: i64) -> Option<(usize, usize)> {
        let span =
            crate::time::TimeRange::new(crate::time::Timestamp(start), crate::time::Timestamp(end));
        super::column_range(self.query.window, self.query.columns.max(1), span)
    }

    /// Every lane's part with an event counted.
    pub fn finish(self) -> Counted {
        let window = self.query.window;
        let mut counted = Counted::new();
        for (i, tally) in self.parts.into_iter().enumerate() {
            if tally.total == 0 {
                continue;
            }
            let mut running = 0;
            let counts = tally.difference[..tally.difference.len() - 1]
                .iter()
                .map(|d| {
                    running += d;
                    running as u32
                })
                .collect();
            let part = if i % 2 == 0 {
                Part::Points
            } else {
                Part::Ranges
            };
            counted.insert(
                (self.query.lanes[i / 2].clone(), part),
                ColumnCounts {
                    window,
                    counts,
                    total: tally.total,
                },
            );
        }
        counted
    }
}
