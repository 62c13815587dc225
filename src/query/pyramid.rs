//! The pyramid of a table of events: per lane and part, how many events start, end and stay
//! ongoing in each time bucket, at eleven levels of
//! buckets from 68 minutes (2¹² s) up, each four times the one below. A wide window is
//! answered from it instead of from the events: its per-column counts are starts up to a
//! column's end less ends before its start (the overlap count the in-memory index makes from
//! sorted starts and ends), read from the level whose buckets are no wider than a column, with
//! everything before the window summed from a few buckets of each coarser level (as a segment
//! tree is walked). So a window over decades reads a few thousand cells per lane instead of
//! every event.
//!
//! The price is precision at column edges: a bucket is counted whole, so an event may also
//! count in the column beside its own (counts are never lower than the events', and never
//! higher than those of the column with its two neighbours). Narrow windows, and any with a
//! search or filter, are still answered from the events. Perfetto's trace processor answers
//! its tracks the same way (`__intrinsic_slice_mipmap`).
//!
//! `PyramidBuilder` makes one from events in time order and hands its cells to a `CellSink`:
//! a Parquet file beside the events (`parquet::pyramid`), a ClickHouse table
//! (`clickhouse::load`). `level_of` says whether a query is answered from it,
//! `cells_condition` is the SQL that selects the window's cells from either, and
//! `WindowTally` counts the window's columns from them. `HeldCells` keeps the last windows'
//! tallies and plans each next read (`HeldCells::plan`): none when one held covers it, only
//! the strips a pan uncovers when one at its level nearly does, or the window whole.

use std::collections::{BTreeMap, HashMap};
use std::sync::{Arc, Mutex};

use ahash::AHashMap;

use crate::query::schema::{ONGOING_END, StoredEvent};
use crate::query::{ColumnCounts, Counted, Part, ViewQuery};
use crate::time::Timestamp;

/// The finest buckets are 2^12 s (68 minutes) wide.
const FINEST_SHIFT: u32 = 12;
/// Levels 0 (68 minutes) to 10 (2^32 s, 136 years).
pub const LEVELS: usize = 11;

/// The width of a bucket of `level`, in seconds.
pub fn width(level: usize) -> i64 {
    1i64 << (FINEST_SHIFT as usize + 2 * level)
}

/// The bucket of `level` holding second `t`.
fn bucket(t: i64, level: usize) -> i64 {
    t.div_euclid(width(level))
}

/// The bucket `levels` levels up that holds `bucket`.
fn ancestor(bucket: i64, levels: usize) -> i64 {
    bucket.div_euclid(1i64 << (2 * levels))
}

/// The level `query` is answered from: the coarsest whose buckets are no wider than one of
/// its columns. `None` (its events answer) when its columns are narrower than the finest
/// buckets, or when it searches or filters, which the pyramid does not know about.
pub fn level_of(query: &ViewQuery) -> Option<usize> {
    let step = query.window.span() / query.columns.max(1) as f64;
    (0..LEVELS)
        .rev()
        .find(|&level| width(level) as f64 <= step)
        .filter(|_| query.predicates.is_empty())
}

/// One bucket of one lane's part.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Cell {
    pub starts: i64,
    pub ends: i64,
    pub ongoing: i64,
}

impl Cell {
    fn merge(&mut self, other: Cell) {
        self.starts += other.starts;
        self.ends += other.ends;
        self.ongoing += other.ongoing;
    }
}

/// A cell's place: its bucket, lane (an index into the writer's lanes) and part (ranged).
type Key = (i64, u32, bool);

/// Where a pyramid's finished cells go, in order of bucket per level: a Parquet file, a
/// database table.
pub trait CellSink {
    fn cell(&mut self, cell: CellRef<'_>) -> std::io::Result<()>;
}

/// Builds the pyramid of events given in time order and hands on its cells as it goes: a
/// bucket is finished (and added to its parent) once no later event can start in it, so
/// only the buckets of the present and the ends still to come are held.
pub struct PyramidBuilder<S: CellSink> {
    pub sink: S,
    lanes: Vec<String>,
    lane_index: HashMap<String, u32>,
    /// Per level, the cells that may still change.
    open: Vec<BTreeMap<Key, Cell>>,
    /// The finest bucket of the latest start.
    cursor: Option<i64>,
    last_start: i64,
}

impl<S: CellSink> PyramidBuilder<S> {
    pub fn new(sink: S) -> Self {
        Self {
            sink,
            lanes: Vec::new(),
            lane_index: HashMap::new(),
            open: (0..LEVELS).map(|_| BTreeMap::new()).collect(),
            cursor: None,
            last_start: i64::MIN,
        }
    }

    fn lane(&mut self, id: &str) -> u32 {
        if let Some(&index) = self.lane_index.get(id) {
            return index;
        }
        let index = self.lanes.len() as u32;
        self.lanes.push(id.to_owned());
        self.lane_index.insert(id.to_owned(), index);
        index
    }

    /// Counts one event (after the ones before it in time).
    pub fn push(&mut self, row: &StoredEvent<'_>) -> std::io::Result<()> {
        if row.start_s < self.last_start {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidInput,
                format!(
                    "event {} starts before the one written before it: events are written in time order",
                    row.id
                ),
            ));
        }
        self.last_start = row.start_s;
        let first = bucket(row.start_s, 0);
        if self.cursor.is_none_or(|cursor| cursor < first) {
            self.finish_before(first)?;
            self.cursor = Some(first);
        }
        let ranged = !row.end.is_empty();
        for actor in row.actors {
            let lane = self.lane(actor);
            let cell = self.open[0].entry((first, lane, ranged)).or_default();
            cell.starts += 1;
            if row.end_s == ONGOING_END {
                cell.ongoing += 1;
            } else {
                let last = bucket(row.end_s, 0);
                self.open[0].entry((last, lane, ranged)).or_default().ends += 1;
            }
        }
        Ok(())
    }

    /// Hands on every cell of a bucket before the finest bucket `first` (no event to come
    /// can start there), level by level, each added to its parent.
    fn finish_before(&mut self, first: i64) -> std::io::Result<()> {
        for level in 0..LEVELS {
            let limit = ancestor(first, level);
            // Popped one by one: `split_off` would count the (many) cells of ends to come
            // every time.
            while let Some(entry) = self.open[level].first_entry() {
                if entry.key().0 >= limit {
                    break;
                }
                let ((bucket, lane, ranged), cell) = entry.remove_entry();
                self.sink.cell(CellRef {
                    level,
                    bucket,
                    lane: &self.lanes[lane as usize],
                    ranged,
                    starts: cell.starts,
                    ends: cell.ends,
                    ongoing: cell.ongoing,
                })?;
                if level + 1 < LEVELS {
                    self.open[level + 1]
                        .entry((ancestor(bucket, 1), lane, ranged))
                        .or_default()
                        .merge(cell);
                }
            }
        }
        Ok(())
    }

    /// Hands on every cell left; returns the sink.
    pub fn finish(mut self) -> std::io::Result<S> {
        self.finish_before(i64::MAX)?;
        Ok(self.sink)
    }
}

/// The SQL conditions on the pyramid's `level` and `bucket` for a window answered at
/// `level`: that level's buckets from the start of the window's parent bucket to its end,
/// and before them, per coarser level, the buckets between its parent's start and the
/// window (the top level from the beginning of time). Summed, the cells before the window
/// are everything that started or ended before it.
pub fn cells_condition(query: &ViewQuery, level: usize) -> String {
    let (first, last) = window_buckets(query, level);
    let top = LEVELS - 1;
    let mut any = Vec::new();
    for l in level..=top {
        let up = l - level;
        let to = if l == level {
            format!("bucket <= {last}")
        } else {
            format!("bucket < {}", ancestor(first, up))
        };
        let from = if l == top {
            String::new()
        } else {
            format!("bucket >= {} AND ", ancestor(first, up + 1) * 4)
        };
        any.push(format!("(level = {l} AND {from}{to})"));
    }
    format!("({})", any.join(" OR "))
}

/// The first and last bucket of `level` the window touches.
fn window_buckets(query: &ViewQuery, level: usize) -> (i64, i64) {
    let w = width(level) as f64;
    let range = query.window.to_range();
    (
        (range.start.0 as f64 / w).floor() as i64,
        (range.end.0 as f64 / w).floor() as i64,
    )
}

/// The cells of the last wide windows a backend read ([`WindowTally`]), one per level, kept
/// while they count the windows the user zooms to next: in to half keeps the level every
/// other step, and back out finds the window it came from.
#[derive(Default)]
pub struct HeldCells(Mutex<Vec<Arc<WindowTally>>>);

/// How many levels' cells are held (each at most a few tens of megabytes): a zoom from all
/// time (decades) down to a month passes five levels, and the way back out finds each.
const LEVELS_HELD: usize = 5;

impl HeldCells {
    /// The cells held that count `query` at `level`, if any.
    pub fn serving(&self, query: &ViewQuery, level: usize) -> Option<Arc<WindowTally>> {
        let mut held = self.0.lock().ok()?;
        let at = held.iter().position(|cells| cells.serves(query, level))?;
        // The most recently used first, so that the one let go is the oldest.
        let cells = held.remove(at);
        held.insert(0, cells.clone());
        Some(cells)
    }

    /// How the cells that count `query` at `level` are had: held already; or read, either
    /// whole (what [`cells_condition`] selects), or only the strips by which the window
    /// reaches past the one held at its level (a pan, or a zoom out that keeps the level, reads
    /// the buckets it uncovers and not the million it already has).
    pub fn plan(&self, query: &ViewQuery, level: usize) -> CellsPlan {
        if let Some(held) = self.serving(query, level) {
            return CellsPlan::Held(held);
        }
        let extended = self.0.lock().ok().and_then(|held| {
            held.iter()
                .find(|cells| cells.level == level)
                .and_then(|cells| cells.extended(query, level))
        });
        match extended {
            Some((tally, strips)) => CellsPlan::Read {
                tally: Box::new(tally),
                condition: strips,
            },
            None => CellsPlan::Read {
                tally: Box::new(WindowTally::new(query, level)),
                condition: cells_condition(query, level),
            },
        }
    }

    /// Keeps `tally`, once read, in place of the cells held of its level (and of the oldest
    /// level, when as many are held as may be); returns it.
    pub fn hold(&self, mut tally: WindowTally) -> Arc<WindowTally> {
        tally.settle();
        let tally = Arc::new(tally);
        if let Ok(mut held) = self.0.lock() {
            held.retain(|cells| cells.level != tally.level);
            held.insert(0, tally.clone());
            held.truncate(LEVELS_HELD);
        }
        tally
    }
}

/// How a backend has the cells of a window ([`HeldCells::plan`]).
pub enum CellsPlan {
    /// Held: its columns are counted with no query.
    Held(Arc<WindowTally>),
    /// The cells that `condition` selects (SQL on `level` and `bucket`), of the tally's
    /// [`WindowTally::lanes`], are to be added to `tally`, which is then held.
    Read {
        tally: Box<WindowTally>,
        condition: String,
    },
}

/// A cell, its lane borrowed: as the builder hands it on, and as a query reads it back.
#[derive(Clone, Copy, Debug)]
pub struct CellRef<'a> {
    pub level: usize,
    pub bucket: i64,
    pub lane: &'a str,
    pub ranged: bool,
    pub starts: i64,
    pub ends: i64,
    pub ongoing: i64,
}

/// A window's cells (those [`cells_condition`] selects for it at its level) added up lane by
/// lane as they are read; [`WindowTally::columns`] makes its columns. Kept, it also makes
/// those of any window inside it at the same level ([`WindowTally::serves`]): a zoom in by
/// half keeps the level every other step, and its cells are all here already.
pub struct WindowTally {
    level: usize,
    /// The window's first and last bucket of `level`.
    first: i64,
    last: i64,
    /// The query's lanes by id, to their place (a fast hash: a wide window reads a million
    /// cells, each looked up by its lane). Cells of other lanes are passed over.
    places: AHashMap<String, usize>,
    /// The query's lanes by place, and the place of the lane read last.
    names: Vec<String>,
    last_place: Option<usize>,
    /// Per place, the place of the lane whose cells came after its own last time.
    next_place: Vec<Option<usize>>,
    /// Per lane and part (instants, then ranges): whether any cell of it was read.
    seen: Vec<bool>,
    /// Per lane and part: its starts, ends and ongoing starts before the window.
    before: Vec<[i64; 3]>,
    /// How many of the window's first buckets are counted in `before` as well, until
    /// [`Self::settle`]: a window moved earlier than the one it was extended from reads the
    /// buckets it uncovers, which that one counted as before it.
    also_before: usize,
    /// Starts, ends and ongoing starts per bucket of the window and lane's part, bucket by
    /// bucket: the cells come in order of bucket, so they are added in the order they lie.
    /// Thirty-two bits each (a bucket of one lane's part holds fewer than four billion
    /// events): a million cells are a wide window's, and this machine charges for every
    /// megabyte first touched (BENCHMARKS.md).
    window: Vec<[u32; 3]>,
}

impl WindowTally {
    pub fn new(query: &ViewQuery, level: usize) -> Self {
        let (first, last) = window_buckets(query, level);
        let places: AHashMap<String, usize> = query
            .lanes
            .iter()
            .enumerate()
            .map(|(i, lane)| (lane.clone(), i))
            .collect();
        let parts = query.lanes.len() * 2;
        let buckets = (last - first + 1).max(1) as usize;
        Self {
            level,
            first,
            last,
            places,
            names: query.lanes.clone(),
            last_place: None,
            next_place: vec![None; query.lanes.len()],
            seen: vec![false; parts],
            before: vec![[0; 3]; parts],
            also_before: 0,
            window: vec![[0; 3]; buckets * parts],
        }
    }

    pub fn add(&mut self, cell: CellRef<'_>) {
        let Some(lane) = self.place_of(cell.lane) else {
            return;
        };
        let part = lane * 2 + usize::from(cell.ranged);
        let parts = self.seen.len();
        self.seen[part] = true;
        let counts = [cell.starts, cell.ends, cell.ongoing];
        if cell.level != self.level || cell.bucket < self.first {
            for (held, n) in self.before[part].iter_mut().zip(counts) {
                *held += n;
            }
            return;
        }
        let at = (cell.bucket - self.first) as usize * parts + part;
        let Some(slot) = self.window.get_mut(at) else {
            return;
        };
        for (held, n) in slot.iter_mut().zip(counts) {
            *held = held.saturating_add(n.clamp(0, i64::from(u32::MAX)) as u32);
        }
    }

    /// The place of the lane named `lane`, if the query asks for it. The cells of a bucket
    /// come lane after lane in the same order as the last bucket's, so the lane after the
    /// last one's is tried first (a comparison of names), and the names hashed only when
    /// that guess fails.
    fn place_of(&mut self, lane: &str) -> Option<usize> {
        if let Some(last) = self.last_place
            && self.names[last] == lane
        {
            return Some(last);
        }
        let guess = self.last_place.and_then(|last| self.next_place[last]);
        let place = match guess {
            Some(next) if self.names[next] == lane => next,
            _ => *self.places.get(lane)?,
        };
        if let Some(last) = self.last_place {
            self.next_place[last] = Some(place);
        }
        self.last_place = Some(place);
        Some(place)
    }

    /// The lanes whose cells are added up (the others' are passed over).
    pub fn lanes(&self) -> &[String] {
        &self.names
    }

    /// This window's cells moved to cover `query` (answered at this level, its lanes all
    /// here), and the SQL condition selecting the cells still to read for it: the buckets it
    /// reaches past this window. The window kept reaches at most the query's length past it
    /// on either side, so that panning on and on holds no more than three screens. `None` when
    /// the strips would be as many buckets as the query's own.
    fn extended(&self, query: &ViewQuery, level: usize) -> Option<(WindowTally, String)> {
        if level != self.level || !query.lanes.iter().all(|l| self.places.contains_key(l)) {
            return None;
        }
        let (query_first, query_last) = window_buckets(query, level);
        let length = query_last - query_first + 1;
        let first = if query_first < self.first {
            query_first
        } else {
            self.first.max(query_first - length)
        };
        let last = if query_last > self.last {
            query_last
        } else {
            self.last.min(query_last + length)
        };
        let uncovered_before = (self.first - first).max(0);
        let uncovered_after = (last - self.last).max(0);
        if uncovered_before + uncovered_after >= length || first > last {
            return None;
        }
        let mut strips = Vec::new();
        if uncovered_before > 0 {
            strips.push(format!("(bucket >= {first} AND bucket < {})", self.first));
        }
        if uncovered_after > 0 {
            strips.push(format!("(bucket > {} AND bucket <= {last})", self.last));
        }
        if strips.is_empty() {
            return None;
        }
        let condition = format!("(level = {level} AND ({}))", strips.join(" OR "));

        let parts = self.seen.len();
        let buckets = (last - first + 1) as usize;
        let mut before = self.before.clone();
        // Our buckets before the new first are before the window now.
        let passed = (first - self.first).max(0) as usize;
        for row in self.window.chunks_exact(parts).take(passed) {
            add_row(&mut before, row);
        }
        // Ours that stay are copied, bucket rows whole.
        let mut window = vec![[0; 3]; buckets * parts];
        let (kept_first, kept_last) = (first.max(self.first), last.min(self.last));
        if kept_first <= kept_last {
            let from = (kept_first - self.first) as usize * parts;
            let to = (kept_last - self.first + 1) as usize * parts;
            let at = (kept_first - first) as usize * parts;
            window[at..at + to - from].copy_from_slice(&self.window[from..to]);
        }
        let places = self.places.clone();
        let tally = WindowTally {
            level,
            first,
            last,
            places,
            names: self.names.clone(),
            last_place: None,
            next_place: vec![None; self.names.len()],
            seen: self.seen.clone(),
            before,
            also_before: uncovered_before as usize,
            window,
        };
        Some((tally, condition))
    }

    /// Takes the buckets read into the window that `before` counted as well out of it.
    fn settle(&mut self) {
        let parts = self.seen.len();
        let rows = self.window.chunks_exact(parts).take(self.also_before);
        for row in rows {
            for (held, cell) in self.before.iter_mut().zip(row) {
                for (s, n) in held.iter_mut().zip(cell) {
                    *s -= i64::from(*n);
                }
            }
        }
        self.also_before = 0;
    }

    /// Whether `query`, answered at `level`, is a window inside this one whose lanes were
    /// all read: then [`Self::columns`] counts it as a query of its own would.
    pub fn serves(&self, query: &ViewQuery, level: usize) -> bool {
        let (first, last) = window_buckets(query, level);
        level == self.level
            && self.first <= first
            && last <= self.last
            && query
                .lanes
                .iter()
                .all(|lane| self.places.contains_key(lane))
    }

    /// Every lane's part of `query` (this window, or one it [`Self::serves`]) counted, by
    /// [`crate::query::column_range`]'s columns and at most one bucket off at each column's
    /// edges; ongoing events run to `now`.
    ///
    /// A column's count is the starts through its last bucket less the ends (and, once it is
    /// past now, the ongoing starts) before its first: running sums over the buckets, read at
    /// two buckets per column. They are taken for every lane's part at once, in one pass
    /// over the buckets in the order they lie (a pass per part would stride across the whole
    /// table: a million cells, each a cache miss), and only then split into lanes.
    pub fn columns(&self, query: &ViewQuery, now: Timestamp) -> Counted {
        let level = self.level;
        let (first, last) = window_buckets(query, level);
        let columns = query.columns.max(1);
        let window = query.window;
        let range = window.to_range();
        let step = window.span() / columns as f64;
        let buckets = (last - first + 1).max(1) as usize;
        let parts = self.seen.len();
        // The query's buckets begin this many into ours.
        let skip = (first - self.first).max(0) as usize;
        let w = width(level) as f64;
        // The running sums are read through bucket `i` of the query's (-1: before its
        // first), clamped to its buckets.
        let through = |bucket: i64| (bucket - first).clamp(0, buckets as i64 - 1);
        let before = |bucket: i64| (bucket - first - 1).clamp(-1, buckets as i64 - 1);
        let from_of = |c: usize| (window.start + c as f64 * step).max(range.start.0 as f64);
        // Per column: the sums its starts are read from, those its ends are, and whether
        // the ongoing events before it have ended (it is after now).
        let mut reads: Vec<(i64, i64, bool)> = (0..columns)
            .map(|c| {
                let from = from_of(c);
                let to_bucket = if c + 1 == columns {
                    last
                } else {
                    // The last bucket that begins before the next column.
                    ((window.start + (c + 1) as f64 * step) / w).ceil() as i64 - 1
                };
                let from_bucket = (from / w).floor() as i64;
                (
                    through(to_bucket),
                    before(from_bucket),
                    (now.0 as f64) < from,
                )
            })
            .collect();
        // The window's total, as a column of its own.
        let from = range.start.0 as f64;
        reads.push((
            through(last),
            before((from / w).floor() as i64),
            (now.0 as f64) < from,
        ));
        // What is done at each slot of the running sums (slot `i + 1`: through bucket `i` of
        // the query's; slot 0: before its first): a read's ends taken (through the bucket
        // before its first), or its count made (through its last), ends first. So only the
        // few reads under way hold a copy of the sums, not every slot read.
        let mut at_slot: Vec<(usize, bool, usize)> = Vec::with_capacity(reads.len() * 2);
        for (read, &(to, from, _)) in reads.iter().enumerate() {
            at_slot.push(((from + 1) as usize, false, read));
            at_slot.push(((to + 1) as usize, true, read));
        }
        at_slot.sort_unstable();
        let mut at_slot = at_slot.into_iter().peekable();
        // Per read under way, the ends and ongoing starts before it, per part; and copies
        // no longer needed, to be filled again.
        let mut gone: Vec<Vec<[i64; 2]>> = vec![Vec::new(); reads.len()];
        let mut spare: Vec<Vec<[i64; 2]>> = Vec::new();
        // Every column's count of every part, column by column, then the totals.
        let mut counts = vec![0u32; columns * parts];
        let mut totals = vec![0u64; parts];
        let mut sum: Vec<[i64; 3]> = self.before.clone();
        for row in self.window.chunks_exact(parts).take(skip) {
            add_row(&mut sum, row);
        }
        let mut rows = self.window.chunks_exact(parts).skip(skip);
        for slot in 0..=buckets {
            if slot > 0
                && let Some(row) = rows.next()
            {
                add_row(&mut sum, row);
            }
            while let Some((_, counting, read)) = at_slot.next_if(|&(at, _, _)| at == slot) {
                if !counting {
                    let mut ends = spare.pop().unwrap_or_default();
                    ends.clear();
                    ends.extend(sum.iter().map(|s| [s[1], s[2]]));
                    gone[read] = ends;
                    continue;
                }
                let ends = std::mem::take(&mut gone[read]);
                let past_now = reads[read].2;
                for (part, (started, [ended, ongoing])) in sum.iter().zip(&ends).enumerate() {
                    let over = if past_now { *ongoing } else { 0 };
                    let n = (started[0] - ended - over).max(0);
                    match counts.get_mut(read * parts + part) {
                        Some(count) => *count = n as u32,
                        None => totals[part] = n as u64,
                    }
                }
                spare.push(ends);
            }
        }
        let mut counted = Counted::new();
        for (lane, name) in query.lanes.iter().enumerate() {
            let Some(&place) = self.places.get(name) else {
                continue;
            };
            for which in [Part::Points, Part::Ranges] {
                let part = place * 2 + usize::from(which == Part::Ranges);
                if !self.seen[part] {
                    continue;
                }
                let column_of = |c: usize| c * parts + part;
                counted.insert(
                    (query.lanes[lane].clone(), which),
                    ColumnCounts {
                        window,
                        counts: (0..columns).map(|c| counts[column_of(c)]).collect(),
                        total: totals[part],
                    },
                );
            }
        }
        counted
    }
}

/// Adds one bucket's cells (every part's) to the running sums.
fn add_row(sum: &mut [[i64; 3]], row: &[[u32; 3]]) {
    for (held, cell) in sum.iter_mut().zip(row) {
        for (s, n) in held.iter_mut().zip(cell) {
            *s += i64::from(*n);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::query::{Predicates, column_range};
    use crate::time::{TimeRange, TimeWindow};

    /// A cell, owning its texts.
    #[derive(Clone, Debug, PartialEq)]
    struct CellRow {
        level: usize,
        bucket: i64,
        lane: String,
        ranged: bool,
        starts: i64,
        ends: i64,
        ongoing: i64,
    }

    impl CellSink for Vec<CellRow> {
        fn cell(&mut self, cell: CellRef<'_>) -> std::io::Result<()> {
            self.push(CellRow {
                level: cell.level,
                bucket: cell.bucket,
                lane: cell.lane.to_owned(),
                ranged: cell.ranged,
                starts: cell.starts,
                ends: cell.ends,
                ongoing: cell.ongoing,
            });
            Ok(())
        }
    }

    /// [`WindowTally`] over cells in memory.
    fn columns_from_cells(
        query: &ViewQuery,
        level: usize,
        now: Timestamp,
        rows: &[CellRow],
    ) -> Counted {
        let mut tally = WindowTally::new(query, level);
        add_rows(&mut tally, rows);
        tally.columns(query, now)
    }

    fn add_rows(tally: &mut WindowTally, rows: &[CellRow]) {
        for row in rows {
            tally.add(CellRef {
                level: row.level,
                bucket: row.bucket,
                lane: &row.lane,
                ranged: row.ranged,
                starts: row.starts,
                ends: row.ends,
                ongoing: row.ongoing,
            });
        }
    }

    /// The parts counted with anything in the window, in a stable order: parts with nothing
    /// in it may be in an answer or not, which is the same answer.
    fn nonempty(counted: Counted) -> Vec<((String, Part), ColumnCounts)> {
        let mut parts: Vec<_> = counted.into_iter().filter(|(_, c)| c.total > 0).collect();
        parts.sort_by(|a, b| format!("{:?}", a.0).cmp(&format!("{:?}", b.0)));
        parts
    }

    /// Events as (id, start, end or ONGOING_END, ranged, lane).
    type Made = (String, i64, i64, bool, String);

    fn events() -> Vec<Made> {
        let mut rng = crate::synth::Rng::new(3);
        let mut made: Vec<Made> = (0..3000)
            .map(|i| {
                let start = 1_000_000_000 + rng.below(400 * 86_400) as i64;
                let ranged = rng.unit() < 0.4;
                let end = if !ranged {
                    start + 60
                } else if rng.unit() < 0.05 {
                    ONGOING_END
                } else {
                    start + rng.below(90 * 86_400) as i64
                };
                let lane = format!("l{}", rng.below(3));
                (format!("e{i}"), start, end, ranged, lane)
            })
            .collect();
        made.sort_by_key(|m| m.1);
        made
    }

    fn stored<'a>(
        id: &'a str,
        actors: &'a [String],
        start: i64,
        end: i64,
        ranged: bool,
    ) -> StoredEvent<'a> {
        StoredEvent {
            id,
            title: "",
            start: String::new(),
            end: if ranged {
                "x".to_owned()
            } else {
                String::new()
            },
            start_s: start,
            end_s: end,
            span_class: 0,
            actors,
            kind: "",
            tags: &[],
            description: "",
            source_titles: Vec::new(),
            source_publishers: Vec::new(),
            source_urls: Vec::new(),
            source_dates: Vec::new(),
        }
    }

    /// The pyramid of `made`, as rows.
    fn cells(made: &[Made]) -> Vec<CellRow> {
        let mut builder = PyramidBuilder::new(Vec::new());
        for (id, start, end, ranged, lane) in made {
            let actors = [lane.clone()];
            builder
                .push(&stored(id, &actors, *start, *end, *ranged))
                .expect("pushed");
        }
        builder.finish().expect("finished")
    }

    /// The rows `cells_condition` selects, filtered here as the SQL would.
    fn selected(rows: &[CellRow], query: &ViewQuery, level: usize) -> Vec<CellRow> {
        let (first, last) = window_buckets(query, level);
        rows.iter()
            .filter(|r| {
                if r.level < level {
                    return false;
                }
                let up = r.level - level;
                let to = if up == 0 {
                    r.bucket <= last
                } else {
                    r.bucket < ancestor(first, up)
                };
                let from = r.level == LEVELS - 1 || r.bucket >= ancestor(first, up + 1) * 4;
                from && to
            })
            .cloned()
            .collect()
    }

    fn exact(
        made: &[Made],
        window: TimeWindow,
        columns: usize,
        now: i64,
    ) -> HashMap<(String, Part), Vec<u32>> {
        let mut out: HashMap<(String, Part), Vec<u32>> = HashMap::new();
        for (_, start, end, ranged, lane) in made {
            let end = if *end == ONGOING_END {
                now.max(*start)
            } else {
                *end
            };
            let part = if *ranged { Part::Ranges } else { Part::Points };
            let counts = out
                .entry((lane.clone(), part))
                .or_insert_with(|| vec![0; columns]);
            if let Some((a, b)) = column_range(
                window,
                columns,
                TimeRange::new(Timestamp(*start), Timestamp(end)),
            ) {
                for c in &mut counts[a..=b] {
                    *c += 1;
                }
            }
        }
        out
    }

    #[test]
    fn every_level_counts_each_column_within_a_bucket_of_its_edges() {
        let made = events();
        let rows = cells(&made);
        let lanes: Vec<String> = (0..3).map(|i| format!("l{i}")).collect();
        let now = 1_000_000_000 + 200 * 86_400;
        let mut checked = 0;
        for (span_days, columns) in [(600.0, 50), (120.0, 100), (20.0, 40), (2.0, 30)] {
            let start = 1_000_000_000.0 + 150.0 * 86_400.0;
            let window = TimeWindow::new(start, start + span_days * 86_400.0);
            let step = window.span() / columns as f64;
            let query = ViewQuery {
                window,
                columns,
                lanes: lanes.clone(),
                per_lane_limit: 0,
                predicates: Predicates::default(),
            };
            let Some(level) = level_of(&query) else {
                continue;
            };
            let got = columns_from_cells(
                &query,
                level,
                Timestamp(now),
                &selected(&rows, &query, level),
            );
            let expected = exact(&made, window, columns, now);
            // One column wider on each side, for the upper bounds.
            let wider = TimeWindow::new(window.start - step, window.end + step);
            let wide = exact(&made, wider, columns + 2, now);
            for (key, counts) in &expected {
                let got = got
                    .get(key)
                    .map(|c| c.counts.clone())
                    .unwrap_or(vec![0; columns]);
                for c in 0..columns {
                    let most = wide[key][c] + wide[key][c + 1] + wide[key][c + 2];
                    assert!(
                        counts[c] <= got[c] && got[c] <= most,
                        "{key:?} column {c} of {span_days} days at level {level}: {} not in {}..={most}",
                        got[c],
                        counts[c]
                    );
                    checked += 1;
                }
            }
        }
        assert!(checked > 300, "{checked} columns checked");
    }

    /// Every lane's part of `lanes` counted in 40 columns over `days` days from `from`.
    fn view(from: f64, days: f64, lanes: &[String]) -> ViewQuery {
        ViewQuery {
            window: TimeWindow::new(from, from + days * 86_400.0),
            columns: 40,
            lanes: lanes.to_vec(),
            per_lane_limit: 0,
            predicates: Predicates::default(),
        }
    }

    #[test]
    fn a_window_inside_one_read_at_its_level_is_counted_from_its_cells_as_from_its_own() {
        let made = events();
        let rows = cells(&made);
        let lanes: Vec<String> = (0..3).map(|i| format!("l{i}")).collect();
        let now = Timestamp(1_000_000_000 + 200 * 86_400);
        let start = 1_000_000_000.0 + 40.0 * 86_400.0;
        let outer = view(start, 320.0, &lanes);
        let level = level_of(&outer).expect("wide");
        let mut held = WindowTally::new(&outer, level);
        add_rows(&mut held, &selected(&rows, &outer, level));
        let mut compared = 0;
        // Zoomed in to half (the same level), in the middle and at either edge, and one lane.
        for inner in [
            view(start + 80.0 * 86_400.0, 160.0, &lanes),
            view(start, 160.0, &lanes),
            view(start + 160.0 * 86_400.0, 160.0, &lanes),
            view(start + 20.0 * 86_400.0, 180.0, &lanes[1..2]),
        ] {
            if level_of(&inner) != Some(level) {
                continue;
            }
            assert!(held.serves(&inner, level));
            let own = columns_from_cells(&inner, level, now, &selected(&rows, &inner, level));
            let own = nonempty(own);
            assert!(!own.is_empty(), "{:?} counts events", inner.window);
            assert_eq!(
                nonempty(held.columns(&inner, now)),
                own,
                "{:?}",
                inner.window
            );
            compared += 1;
        }
        assert!(compared >= 3, "{compared} windows at the level compared");
        // Not a window reaching outside, nor one at another level, nor another lane.
        assert!(!held.serves(&view(start - 30.0 * 86_400.0, 160.0, &lanes), level));
        assert!(!held.serves(&view(start + 80.0 * 86_400.0, 160.0, &lanes), level - 1));
        assert!(!held.serves(&view(start, 160.0, &["other".to_owned()]), level));
    }

    #[test]
    fn a_pan_or_zoom_out_at_the_level_held_reads_only_the_strips_it_uncovers() {
        let made = events();
        let rows = cells(&made);
        let lanes: Vec<String> = (0..3).map(|i| format!("l{i}")).collect();
        let now = Timestamp(1_000_000_000 + 200 * 86_400);
        let start = 1_000_000_000.0 + 60.0 * 86_400.0;
        let view = |from: f64, days: f64| view(from, days, &lanes);
        let first = view(start, 200.0);
        let level = level_of(&first).expect("wide");
        let held = HeldCells::default();
        let mut tally = WindowTally::new(&first, level);
        add_rows(&mut tally, &selected(&rows, &first, level));
        held.hold(tally);
        // Panned back, on, on again (what the held window leaves behind is summed before
        // it), zoomed out a little, and back past where it began (what it leaves ahead is let
        // go): each read only at its edges, and each counted as a window read whole.
        for (from, days) in [
            (start - 50.0 * 86_400.0, 200.0),
            (start + 40.0 * 86_400.0, 200.0),
            (start + 200.0 * 86_400.0, 200.0),
            (start + 150.0 * 86_400.0, 260.0),
            (start - 100.0 * 86_400.0, 200.0),
        ] {
            let query = view(from, days);
            assert_eq!(level_of(&query), Some(level), "{days} days keep the level");
            let (tally, condition) = match held.plan(&query, level) {
                CellsPlan::Held(_) => panic!("{days} days from {from} reach past the held"),
                CellsPlan::Read { tally, condition } => (*tally, condition),
            };
            assert!(condition.starts_with(&format!("(level = {level} AND ((bucket")));
            let (query_first, query_last) = window_buckets(&query, level);
            assert!(tally.first <= query_first && query_last <= tally.last);
            let length = query_last - query_first + 1;
            assert!(
                tally.last - tally.first < 3 * length,
                "at most three screens held"
            );
            // The strips: the tally's buckets at its level that the one held did not have.
            let old = held.0.lock().expect("held")[0].clone();
            let strips: Vec<CellRow> = rows
                .iter()
                .filter(|r| {
                    r.level == level
                        && (tally.first..=tally.last).contains(&r.bucket)
                        && !(old.first..=old.last).contains(&r.bucket)
                })
                .cloned()
                .collect();
            assert!(!strips.is_empty(), "{:?} uncovers cells", query.window);
            let mut tally = tally;
            add_rows(&mut tally, &strips);
            let own = columns_from_cells(&query, level, now, &selected(&rows, &query, level));
            assert_eq!(
                nonempty(held.hold(tally).columns(&query, now)),
                nonempty(own),
                "{:?}",
                query.window
            );
        }
        // Far away, or another level: read whole.
        let far = view(start + 2000.0 * 86_400.0, 200.0);
        match held.plan(&far, level) {
            CellsPlan::Read { condition, .. } => {
                assert_eq!(condition, cells_condition(&far, level));
            }
            CellsPlan::Held(_) => panic!("far away is not held"),
        }
    }

    #[test]
    fn the_cells_of_the_last_few_levels_are_held_and_the_oldest_let_go() {
        let lanes = vec!["l0".to_owned()];
        // A window of 800 columns whose level is `level`, starting at `from` seconds.
        let at_level = |level: usize, from: f64| ViewQuery {
            window: TimeWindow::new(from, from + width(level) as f64 * 1000.0),
            columns: 800,
            lanes: lanes.clone(),
            per_lane_limit: 0,
            predicates: Predicates::default(),
        };
        let held = HeldCells::default();
        for level in 0..LEVELS_HELD + 1 {
            let query = at_level(level, 0.0);
            assert_eq!(level_of(&query), Some(level));
            assert!(held.serving(&query, level).is_none());
            held.hold(WindowTally::new(&query, level));
            assert!(held.serving(&query, level).is_some(), "level {level} held");
        }
        // The first level held is the oldest, and was let go; the others are all there.
        assert!(held.serving(&at_level(0, 0.0), 0).is_none());
        for level in 1..LEVELS_HELD + 1 {
            assert!(held.serving(&at_level(level, 0.0), level).is_some());
        }
        // A level read again is held in place of its old cells.
        held.hold(WindowTally::new(&at_level(2, 1e9), 2));
        assert!(held.serving(&at_level(2, 0.0), 2).is_none());
        assert!(held.serving(&at_level(2, 1e9), 2).is_some());
    }

    #[test]
    fn searches_filters_and_narrow_columns_are_not_answered_from_the_pyramid() {
        let day = TimeWindow::new(0.0, 86_400.0);
        let mut query = ViewQuery {
            window: day,
            columns: 800,
            lanes: Vec::new(),
            per_lane_limit: 0,
            predicates: Predicates::default(),
        };
        assert_eq!(level_of(&query), None, "108-second columns");
        query.window = TimeWindow::new(0.0, 400.0 * 86_400.0);
        assert_eq!(
            level_of(&query),
            Some(1),
            "12-hour columns: 4.5-hour buckets"
        );
        query.predicates.search = "summit".to_owned();
        assert_eq!(level_of(&query), None, "a search");
    }

    #[test]
    fn events_out_of_time_order_are_refused() {
        let mut builder = PyramidBuilder::new(Vec::new());
        let actors = ["a".to_owned()];
        builder
            .push(&stored("e1", &actors, 100, 100, false))
            .expect("first");
        let error = builder
            .push(&stored("e2", &actors, 50, 50, false))
            .expect_err("out of order");
        assert!(error.to_string().contains("time order"), "{error}");
    }
}
