//! A stretch of time around a narrow window with its rows read once ([`Region`]): the windows
//! inside it that a user pans and zooms to next are counted and listed from memory, with no
//! query. A narrow window's rows are mostly long ranges that started before it (at 100M
//! events a day is crossed by about 600,000), the same ones for every window near it, so
//! reading them again at each step of a pan was most of its time. Any backend that reads
//! rows fills one from Arrow batches of [`REGION_COLUMNS`] (Parquet through DataFusion,
//! ClickHouse from its `RowBinary`) and keeps it in a [`HeldRegion`].

use std::collections::HashMap;
use std::sync::atomic::{AtomicUsize, Ordering};
use std::sync::{Arc, Mutex};

use datafusion::arrow::array::{Array, AsArray, BooleanArray, ListArray, RecordBatch, StringArray};
use datafusion::arrow::datatypes::DataType;

use crate::time::{TimeRange, TimeWindow, Timestamp};

use super::columns::{column_as, integers, items_at, text_at, text_list_type};
use super::groups::RowTally;
use super::schema::{EventRow, ONGOING_END};
use super::{
    Answer, Counted, EventRecord, Part, Predicates, QueryError, StartDensity, ViewQuery, answer_of,
    lanes_to_list,
};

/// How many events may start in a region, at the table's mean density: the region around a
/// window is as wide as that allows, up to three times the window. At 100M events over 44
/// years that is 160 days, so a month's window is widened by a month on each side; its
/// region is read in about a second (the month's own query took half that) and holds a few
/// hundred megabytes.
pub const REGION_STARTS: f64 = 1_000_000.0;

/// A region that turns out to hold more rows than this (ranges crossing it, which the
/// density does not foresee) answers its window and is not kept.
pub const REGION_ROWS_KEPT: usize = 4_000_000;

/// The range a region around `window` covers, at `density` events starting a second: the
/// window widened on each side by as much as [`REGION_STARTS`] allows, at most its own
/// width. None when even the window alone has more starts than that (it is read as before).
pub fn region_around(window: TimeRange, density: f64) -> Option<TimeRange> {
    let span = (window.end.0 - window.start.0).max(1) as f64;
    let seconds = if density > 0.0 {
        REGION_STARTS / density
    } else {
        f64::INFINITY
    };
    if span > seconds {
        return None;
    }
    let pad = ((seconds - span) / 2.0).min(span) as i64;
    Some(TimeRange::new(
        Timestamp(window.start.0.saturating_sub(pad)),
        Timestamp(window.end.0.saturating_add(pad)),
    ))
}

/// Every row of the files that overlaps a range, with the lanes and predicates it was read
/// for: its span, part and lanes for counting, and the columns an event is listed with.
pub struct Region {
    covers: TimeRange,
    /// The lanes the rows were read for (sorted), or every lane.
    lanes: Option<Vec<String>>,
    predicates: Predicates,
    /// The "now" ongoing events ran to when the rows were read.
    read_at: Timestamp,
    /// The lanes the rows name, each once; rows refer to them by place.
    lane_names: Vec<String>,
    start: Vec<i64>,
    /// As stored: [`ONGOING_END`] for an event still going on.
    end: Vec<i64>,
    ranged: Vec<bool>,
    /// Row `i`'s lanes are `lane_of[lane_from[i]..lane_from[i + 1]]`.
    lane_from: Vec<u32>,
    lane_of: Vec<u32>,
    /// Row `i` is row `at[i].1` of `summaries[at[i].0]`.
    at: Vec<(u32, u32)>,
    summaries: Vec<Summaries>,
}

/// The columns a listed event is made of, for one batch of rows.
struct Summaries {
    id: StringArray,
    title: StringArray,
    start: StringArray,
    end: StringArray,
    actors: ListArray,
    kind: StringArray,
    tags: ListArray,
}

/// The columns of the batches a region is made of: whether a row is a range, its span as
/// stored, and the columns an event is listed with.
pub const REGION_COLUMNS: [&str; 10] = [
    "ranged", "start_s", "end_s", "id", "title", "start", "end", "actors", "kind", "tags",
];

/// A backend's region around the last narrow window it read, while it serves the next.
pub struct HeldRegion {
    held: Mutex<Option<Arc<Region>>>,
    /// Whether narrow windows are answered through regions (else each by its own queries).
    enabled: bool,
    /// How many regions have been read, for the tests.
    reads: AtomicUsize,
}

impl Default for HeldRegion {
    fn default() -> Self {
        Self {
            held: Mutex::new(None),
            enabled: true,
            reads: AtomicUsize::new(0),
        }
    }
}

/// How a narrow window is answered (see [`HeldRegion::plan`]).
pub enum RegionPlan {
    /// From the region held.
    Held(Arc<Region>),
    /// From a new region, read as the window `around` (the query's, widened to `covers`).
    Read {
        covers: TimeRange,
        around: ViewQuery,
    },
    /// By queries of its own: regions are off, or the window alone has too many events for
    /// one, or the table's spread is not known.
    ByItself,
}

impl HeldRegion {
    /// Regions off: every narrow window answered by queries of its own (to check the regions
    /// against them).
    pub fn off() -> Self {
        Self {
            enabled: false,
            ..Self::default()
        }
    }

    /// How many regions have been read so far.
    pub fn reads(&self) -> usize {
        self.reads.load(Ordering::Relaxed)
    }

    /// How `query`, asked at `now` of a table whose starts are spread as `density`, is
    /// answered.
    pub fn plan(
        &self,
        query: &ViewQuery,
        now: Timestamp,
        density: Option<StartDensity>,
    ) -> RegionPlan {
        if !self.enabled {
            return RegionPlan::ByItself;
        }
        let held = self.held.lock().ok().and_then(|held| held.clone());
        if let Some(region) = held.filter(|region| region.serves(query, now)) {
            return RegionPlan::Held(region);
        }
        let covers = density
            .and_then(|density| region_around(query.window.to_range(), density.per_second()));
        match covers {
            Some(covers) => RegionPlan::Read {
                covers,
                around: ViewQuery {
                    window: TimeWindow::new(covers.start.as_f64(), covers.end.as_f64()),
                    ..query.clone()
                },
            },
            None => RegionPlan::ByItself,
        }
    }

    /// Keeps a region just read in place of the one held, unless it holds too many rows to
    /// keep ([`REGION_ROWS_KEPT`]); returns it.
    pub fn hold(&self, region: Region) -> Arc<Region> {
        self.reads.fetch_add(1, Ordering::Relaxed);
        let region = Arc::new(region);
        if region.rows() <= REGION_ROWS_KEPT
            && let Ok(mut held) = self.held.lock()
        {
            *held = Some(region.clone());
        }
        region
    }
}

impl Region {
    /// The region of `covers` from the batches of its query (of [`REGION_COLUMNS`]), read
    /// for `query`'s lanes (or every lane) and predicates at `read_at`.
    pub fn new(
        covers: TimeRange,
        query: &ViewQuery,
        every_lane: bool,
        read_at: Timestamp,
        batches: &[RecordBatch],
    ) -> Result<Self, QueryError> {
        let rows: usize = batches.iter().map(RecordBatch::num_rows).sum();
        let mut lanes = (!every_lane).then(|| query.lanes.clone());
        if let Some(lanes) = &mut lanes {
            lanes.sort();
        }
        let mut region = Region {
            covers,
            lanes,
            predicates: query.predicates.clone(),
            read_at,
            lane_names: Vec::new(),
            start: Vec::with_capacity(rows),
            end: Vec::with_capacity(rows),
            ranged: Vec::with_capacity(rows),
            lane_from: Vec::with_capacity(rows + 1),
            lane_of: Vec::with_capacity(rows * 2),
            at: Vec::with_capacity(rows),
            summaries: Vec::with_capacity(batches.len()),
        };
        region.lane_from.push(0);
        let mut lane_places: HashMap<String, u32> = HashMap::new();
        let list = text_list_type();
        for (b, batch) in batches.iter().enumerate() {
            let text = |name| {
                column_as(batch, name, &DataType::Utf8).map(|a| a.as_string::<i32>().clone())
            };
            let items = |name| column_as(batch, name, &list).map(|a| a.as_list::<i32>().clone());
            let summaries = Summaries {
                id: text("id")?,
                title: text("title")?,
                start: text("start")?,
                end: text("end")?,
                actors: items("actors")?,
                kind: text("kind")?,
                tags: items("tags")?,
            };
            let ranged = column_as(batch, "ranged", &DataType::Boolean)?;
            let ranged: &BooleanArray = ranged.as_boolean();
            let start = integers(batch, "start_s")?;
            let end = integers(batch, "end_s")?;
            let names = summaries.actors.values().as_string::<i32>();
            let offsets = summaries.actors.value_offsets();
            for row in 0..batch.num_rows() {
                region.start.push(start[row]);
                region.end.push(end[row]);
                region.ranged.push(ranged.value(row));
                for j in offsets[row] as usize..offsets[row + 1] as usize {
                    if names.is_null(j) {
                        continue;
                    }
                    let name = names.value(j);
                    let place = match lane_places.get(name) {
                        Some(&place) => place,
                        None => {
                            let place = region.lane_names.len() as u32;
                            region.lane_names.push(name.to_owned());
                            lane_places.insert(name.to_owned(), place);
                            place
                        }
                    };
                    region.lane_of.push(place);
                }
                region.lane_from.push(region.lane_of.len() as u32);
                region.at.push((b as u32, row as u32));
            }
            region.summaries.push(summaries);
        }
        Ok(region)
    }

    /// How many rows it holds.
    pub fn rows(&self) -> usize {
        self.start.len()
    }

    /// Whether `query`, asked at `now`, is answered by this region exactly as by a query of
    /// its own: its window inside, its lanes among those read, the same search and filters,
    /// and no ongoing event that has since come to reach the window. (Effective ends only
    /// grow with "now": a row that overlapped when read still does.)
    pub fn serves(&self, query: &ViewQuery, now: Timestamp) -> bool {
        let window = query.window.to_range();
        let lanes_read = match &self.lanes {
            None => true,
            Some(read) => query
                .lanes
                .iter()
                .all(|lane| read.binary_search(lane).is_ok()),
        };
        let ongoing_reach_it_since = self.read_at.0 < window.start.0 && now.0 >= window.start.0;
        self.covers.start <= window.start
            && window.end <= self.covers.end
            && self.predicates == query.predicates
            && now >= self.read_at
            && !ongoing_reach_it_since
            && lanes_read
    }

    /// A row's effective end at `now`, as the SQL's `end_expr` has it.
    fn end_at(&self, row: usize, now: Timestamp) -> i64 {
        match self.end[row] {
            ONGOING_END => now.0.max(self.start[row]),
            end => end,
        }
    }

    /// The rows that overlap `query`'s window at `now`, in the order read.
    fn in_window<'s>(
        &'s self,
        query: &ViewQuery,
        now: Timestamp,
    ) -> impl Iterator<Item = usize> + 's {
        let window = query.window.to_range();
        (0..self.rows()).filter(move |&row| {
            self.start[row] <= window.end.0 && self.end_at(row, now) >= window.start.0
        })
    }

    fn lanes_of(&self, row: usize) -> &[u32] {
        &self.lane_of[self.lane_from[row] as usize..self.lane_from[row + 1] as usize]
    }

    fn id(&self, row: usize) -> &str {
        let (batch, at) = self.at[row];
        self.summaries[batch as usize].id.value(at as usize)
    }

    fn part(&self, row: usize) -> Part {
        if self.ranged[row] {
            Part::Ranges
        } else {
            Part::Points
        }
    }

    /// The answer to `query` at `now`, as a query of its own would give it: every lane
    /// counted (as `ParquetFiles::lane_columns` counts a window), then the parts few enough
    /// listed, in (start, id) order per lane. `table` names the table in messages.
    pub fn answer(
        &self,
        query: &ViewQuery,
        now: Timestamp,
        table: &str,
    ) -> Result<Answer, QueryError> {
        let counted = self.count(query, now);
        let listed = self.list(
            query,
            [
                lanes_to_list(query, &counted, Part::Points),
                lanes_to_list(query, &counted, Part::Ranges),
            ],
            now,
            table,
        )?;
        Ok(answer_of(query, counted, listed))
    }

    /// The per-column counts of every lane of the query.
    fn count(&self, query: &ViewQuery, now: Timestamp) -> Counted {
        let mut tally = RowTally::new(query);
        let slots: Vec<Option<usize>> = self.lane_names.iter().map(|l| tally.slot(l)).collect();
        for row in self.in_window(query, now) {
            tally.add_at(
                self.lanes_of(row).iter().filter_map(|&l| slots[l as usize]),
                self.part(row),
                self.start[row],
                self.end_at(row, now),
            );
        }
        tally.finish()
    }

    /// The events in the window of each part's `lanes` (instants, then ranges), in (start,
    /// id) order per lane: both parts in one pass over the rows.
    fn list(
        &self,
        query: &ViewQuery,
        lanes: [Vec<&str>; 2],
        now: Timestamp,
        table: &str,
    ) -> Result<[HashMap<String, Vec<EventRecord>>; 2], QueryError> {
        let mut events: [HashMap<String, Vec<EventRecord>>; 2] = Default::default();
        if lanes.iter().all(Vec::is_empty) {
            return Ok(events);
        }
        // Per part, whether each of the region's lanes is listed.
        let listed: [Vec<bool>; 2] = lanes.map(|lanes| {
            self.lane_names
                .iter()
                .map(|name| lanes.contains(&name.as_str()))
                .collect()
        });
        // Per part and listed lane, its rows.
        let mut rows: [HashMap<u32, Vec<usize>>; 2] = Default::default();
        for row in self.in_window(query, now) {
            let part = usize::from(self.ranged[row]);
            for &lane in self.lanes_of(row) {
                if listed[part][lane as usize] {
                    rows[part].entry(lane).or_default().push(row);
                }
            }
        }
        for (part, rows) in rows.into_iter().enumerate() {
            for (lane, mut lane_rows) in rows {
                lane_rows.sort_by(|&a, &b| {
                    (self.start[a], self.id(a)).cmp(&(self.start[b], self.id(b)))
                });
                let records = lane_rows
                    .into_iter()
                    .map(|row| self.event_row(row).into_record(table))
                    .collect::<Result<Vec<_>, _>>()?;
                events[part].insert(self.lane_names[lane as usize].clone(), records);
            }
        }
        Ok(events)
    }

    /// A row as the window lists it (no description or sources: those come with a record).
    fn event_row(&self, row: usize) -> EventRow {
        let (batch, at) = self.at[row];
        let s = &self.summaries[batch as usize];
        let at = at as usize;
        let text = |array: &StringArray| text_at(array, at);
        let items = |array: &ListArray| items_at(array, at);
        EventRow {
            lane: String::new(),
            id: text(&s.id),
            title: text(&s.title),
            start: text(&s.start),
            end: text(&s.end),
            actors: items(&s.actors),
            kind: text(&s.kind),
            tags: items(&s.tags),
            description: String::new(),
            source_titles: Vec::new(),
            source_publishers: Vec::new(),
            source_urls: Vec::new(),
            source_dates: Vec::new(),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn range(start: i64, end: i64) -> TimeRange {
        TimeRange::new(Timestamp(start), Timestamp(end))
    }

    #[test]
    fn a_region_is_the_window_widened_by_what_the_density_allows() {
        // A thousand seconds at one event a second: widened by its own width each side.
        assert_eq!(
            region_around(range(10_000, 11_000), 1.0),
            Some(range(9_000, 12_000))
        );
        // Dense: only as wide as a million starts.
        assert_eq!(
            region_around(range(0, 600_000), 1.0),
            Some(range(-200_000, 800_000))
        );
        // Denser still: the window alone is too many, and no region is made.
        assert_eq!(region_around(range(0, 2_000_000), 1.0), None);
        // With no events the whole window is one region, widened by its width.
        assert_eq!(region_around(range(0, 10), 0.0), Some(range(-10, 20)));
    }
}
