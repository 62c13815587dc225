//! Per-column counts from groups of events that cover the same columns: how a database
//! counts a window in one pass. Each group is (lane, part, first column, last column, whether
//! its events start before the window) with how many events it holds and the earliest of
//! them; a range then costs the query one group however many columns it crosses, and the
//! counts are spread over the columns here.

use std::collections::HashMap;

use super::{ColumnCounts, Counted, Part, ViewQuery};

/// Groups of a window's events added up into per-column counts, lane by lane.
pub struct ColumnGroups {
    query: ViewQuery,
    counted: Counted,
    /// Per lane, part and column: the representative so far, by (start, id).
    best: HashMap<((String, Part), usize), (i64, String)>,
}

/// One group, as a query returns it.
pub struct Group<'a> {
    pub lane: &'a str,
    pub part: Part,
    /// The columns its events cover (by [`super::column_range`]'s rule).
    pub first: usize,
    pub last: usize,
    /// Whether its events start before the window (then none stands for a column).
    pub early: bool,
    pub events: u64,
    /// The earliest of its events, by (start, id).
    pub rep_start: i64,
    pub rep: &'a str,
}

impl ColumnGroups {
    pub fn new(query: &ViewQuery) -> Self {
        Self {
            query: query.clone(),
            counted: HashMap::new(),
            best: HashMap::new(),
        }
    }

    pub fn add(&mut self, group: Group<'_>) {
        let columns = self.query.columns.max(1);
        let key = (group.lane.to_owned(), group.part);
        let window = self.query.window;
        let counted = self
            .counted
            .entry(key.clone())
            .or_insert_with(|| ColumnCounts {
                window,
                counts: vec![0; columns],
                representatives: vec![None; columns],
                total: 0,
            });
        counted.total += group.events;
        let last = group.last.min(columns - 1);
        for count in &mut counted.counts[group.first.min(last)..=last] {
            *count += group.events as u32;
        }
        if !group.early {
            let held = self
                .best
                .entry((key, group.first))
                .or_insert_with(|| (group.rep_start, group.rep.to_owned()));
            if (group.rep_start, group.rep) < (held.0, held.1.as_str()) {
                *held = (group.rep_start, group.rep.to_owned());
            }
        }
    }

    /// Every lane's part counted, with its representatives.
    pub fn finish(mut self) -> Counted {
        for ((key, column), (_, id)) in self.best {
            if let Some(slot) = self
                .counted
                .get_mut(&key)
                .and_then(|c| c.representatives.get_mut(column))
            {
                *slot = Some(id);
            }
        }
        self.counted
    }
}
