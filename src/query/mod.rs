//! The one question every backend answers, and its answer: for a time window drawn in so
//! many pixel columns, the visible lanes and the active search and filters, each lane's
//! events (when few enough to draw one by one) or its per-column counts (a density strip).
//! The event a column stands for is asked for when the user picks it ([`event_in`]), so a
//! wide answer carries no ids. The in-memory index answers it (`memory`), and so do databases
//! (`parquet`, `clickhouse`); `window` turns any answer into what the layout draws.
//!
//! This is how viewers that scale work (Perfetto's per-track mipmap, Grafana's "max data
//! points", M4): the view never holds more than its pixels need, so a table of a hundred
//! million events is drawn from a few thousand rows.

pub mod clickhouse;
pub mod columns;
pub mod groups;
pub mod memory;
pub mod parquet;
pub mod pyramid;
pub mod region;
pub mod schema;
pub mod source;
pub mod window;

pub use source::DataSource;
pub use window::{CountedLane, LaneColumns, WindowView, window_view, window_view_with};

use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use crate::model::{EventEnd, Source};
use crate::time::{Date, TimeRange, TimeWindow, Timestamp};

/// What the view asks: everything a backend needs, nothing about how it is drawn.
#[derive(Clone, Debug, PartialEq)]
pub struct ViewQuery {
    pub window: TimeWindow,
    /// Pixel columns of the density strip across the window (at least 1).
    pub columns: usize,
    /// The lanes in view, by id.
    pub lanes: Vec<String>,
    /// A lane's part (instants, ranges) with more events than this in the window is
    /// answered with counts.
    pub per_lane_limit: usize,
    pub predicates: Predicates,
}

/// The search and filters, as predicates a backend evaluates itself (never text spliced into
/// a query: each backend passes them as data).
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Predicates {
    /// Only events whose title contains this, ignoring case (empty: all).
    pub search: String,
    /// Only events of one of these kinds (empty: all).
    pub kinds: Vec<String>,
    /// Only events with one of these tags (empty: all).
    pub tags: Vec<String>,
}

impl Predicates {
    pub fn is_empty(&self) -> bool {
        self.search.is_empty() && self.kinds.is_empty() && self.tags.is_empty()
    }

    /// Whether an event passes, for backends that test events one by one.
    pub fn accepts(
        &self,
        title: &str,
        kind: Option<&str>,
        mut tags: impl Iterator<Item = String>,
    ) -> bool {
        (self.search.is_empty() || contains_ignoring_case(title, &self.search))
            && (self.kinds.is_empty() || kind.is_some_and(|k| self.kinds.iter().any(|x| x == k)))
            && (self.tags.is_empty() || tags.any(|t| self.tags.contains(&t)))
    }
}

/// Case-insensitive containment, the way every backend searches titles.
pub fn contains_ignoring_case(text: &str, needle: &str) -> bool {
    text.to_lowercase().contains(&needle.to_lowercase())
}

/// A lane as a backend knows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LaneInfo {
    pub id: String,
    pub name: String,
    /// `#rrggbb`, or empty for the palette's.
    pub color: String,
}

/// What a backend tells before any window is asked for: enough for the first picture's
/// frame (title, lanes, where the events are).
#[derive(Clone, Debug, PartialEq)]
pub struct Outline {
    pub title: String,
    pub lanes: Vec<LaneInfo>,
    /// From the earliest start to the latest end (ongoing events end now).
    pub extent: Option<TimeRange>,
    pub event_count: u64,
}

/// One event, complete: what the side panel and the table show.
#[derive(Clone, Debug, PartialEq)]
pub struct EventRecord {
    pub id: String,
    pub title: String,
    pub start: Date,
    pub end: Option<EventEnd>,
    /// Lane ids.
    pub actors: Vec<String>,
    pub kind: Option<String>,
    pub tags: Vec<String>,
    pub description: String,
    pub sources: Vec<Source>,
}

/// A lane's events in a window, counted per column.
#[derive(Clone, Debug, PartialEq)]
pub struct ColumnCounts {
    /// The window the columns divide (the query's, which the view may since have left).
    pub window: TimeWindow,
    /// Events overlapping each column.
    pub counts: Vec<u32>,
    /// Events overlapping the window.
    pub total: u64,
}

/// The columns `span` covers when `window` is cut into `columns` equal columns: from the
/// column of its start to the column of its end, both clamped to the window; `None` when it
/// misses the window's seconds ([`TimeWindow::to_range`]; touching counts). Every backend counts by this rule, so their density
/// strips are the same picture: column `c` of an instant `t` is ⌊(t − start) / step⌋.
pub fn column_range(window: TimeWindow, columns: usize, span: TimeRange) -> Option<(usize, usize)> {
    let touched = window.to_range();
    if columns == 0 || span.start > touched.end || span.end < touched.start {
        return None;
    }
    let (start, end) = (span.start.as_f64(), span.end.as_f64());
    let step = window.span() / columns as f64;
    let column = |t: f64| {
        let c = ((t.clamp(window.start, window.end) - window.start) / step).floor();
        (c.max(0.0) as usize).min(columns - 1)
    };
    Some((column(start), column(end)))
}

/// One lane's answer.
#[derive(Clone, Debug, PartialEq)]
pub enum LaneContent {
    /// Few enough to draw one by one: these, complete but for description and sources,
    /// which come with [`Backend::record`].
    Events(Vec<EventRecord>),
    /// Too many: where they are, column by column.
    Columns(ColumnCounts),
}

/// One lane's answer, in two parts as the lane is drawn: its instants (the marker row) and
/// its ranges (the bar rows). A lane crossed by thousands of long ranges still shows its few
/// instants one by one.
#[derive(Clone, Debug, PartialEq)]
pub struct LaneAnswer {
    pub lane: String,
    pub points: LaneContent,
    pub ranges: LaneContent,
}

impl LaneAnswer {
    pub fn parts(&self) -> [&LaneContent; 2] {
        [&self.points, &self.ranges]
    }
}

/// The two parts of a lane: events without an end, and events with one.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Part {
    Points,
    Ranges,
}

impl Part {
    /// The part an event is drawn in.
    pub fn of(event: &EventRecord) -> Self {
        match event.end {
            None => Self::Points,
            Some(_) => Self::Ranges,
        }
    }
}

/// A backend's answer to a [`ViewQuery`], lane by lane in the query's order.
#[derive(Clone, Debug, PartialEq)]
pub struct Answer {
    pub query: ViewQuery,
    pub lanes: Vec<LaneAnswer>,
}

/// Where a page of a view's events begins: after this event, in the order of start (the
/// second a backend stores, `start_s`), then id. Backends page by it rather than by an offset,
/// so a later page is as quick to read as the first (a database skips to it by the start).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PageCursor {
    pub start_s: i64,
    pub id: String,
}

impl PageCursor {
    /// A cursor just before every event that starts at `second` or later: the pages after it
    /// leave out the events that began earlier (the order is by start, then id, and no id
    /// comes after the greatest character).
    pub fn before_starts_at(second: i64) -> Self {
        Self {
            start_s: second.saturating_sub(1),
            id: char::MAX.to_string(),
        }
    }

    /// Whether an event starting at `start_s` with `id` comes after this cursor.
    pub fn is_before(&self, start_s: i64, id: &str) -> bool {
        (self.start_s, self.id.as_str()) < (start_s, id)
    }
}

/// One page of the events a view holds (in its window and lanes, passing its search and
/// filters, each event once), in order of start, then id: what the table lists.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Page {
    /// Complete but for description and sources, which come with [`Backend::record`].
    pub events: Vec<EventRecord>,
    /// Where the next page begins; `None` on the last page.
    pub next: Option<PageCursor>,
}

impl Page {
    /// The page of at most `limit` of `rows` (start, event), read in order and one past the
    /// limit: the row past it says that more follow, and the last kept says where from.
    pub fn of_rows(rows: impl IntoIterator<Item = (i64, EventRecord)>, limit: usize) -> Page {
        let limit = limit.max(1);
        let mut page = Page::default();
        let mut last = None;
        for (start_s, record) in rows {
            if page.events.len() == limit {
                page.next = last.map(|(start_s, id)| PageCursor { start_s, id });
                break;
            }
            last = Some((start_s, record.id.clone()));
            page.events.push(record);
        }
        page
    }
}

/// How many lanes a database's table has, once its outline is read. A query that asks for as
/// many asks for every lane, and then testing a row's (or a cell's) lanes in SQL removes
/// nothing worth the test.
#[derive(Debug, Default)]
pub struct LaneCount(std::sync::OnceLock<usize>);

impl LaneCount {
    /// What the outline found (the first outline read counts).
    pub fn found(&self, lanes: usize) {
        let _ = self.0.set(lanes);
    }

    /// Whether `lanes` are all the table's lanes (never before the outline is read).
    pub fn asks_every_lane<S>(&self, lanes: &[S]) -> bool {
        self.0.get().is_some_and(|&count| lanes.len() >= count)
    }
}

/// How many events a table holds and from when to when they start: what a database backend
/// knows once its outline is read, to guess how much time a page of events spans.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct StartDensity {
    pub events: u64,
    /// The earliest start.
    pub first: i64,
    /// A second no event starts after (the latest end will do).
    pub last: i64,
}

impl StartDensity {
    /// How many events start in a second, on average.
    pub fn per_second(&self) -> f64 {
        self.events as f64 / (self.last - self.first).max(1) as f64
    }
}

/// Reads a page of `query` from a database that keeps its events in order of start, in
/// slices of start time: a page of a hundred events from a table of a hundred million must
/// not sort them all. The first slice is about four pages' worth at the table's mean
/// density; each slice after it is four times wider than the one before, until the page is
/// full or the starts pass the window's end (no event of the window starts after it). So a
/// sparse search costs a few more queries, never a sort of the whole window.
///
/// `read(slice, want)` returns, in (start, id) order, at most `want` events of the query
/// after `after` whose start is in `slice` (`from..to`, or anywhere for `None`, when the
/// density is not known). Events of the window that started more than `longest_bounded`
/// seconds before it are of the unbounded class (see `schema::span_class`): the first slice
/// takes all of them at once.
pub fn page_in_slices(
    query: &ViewQuery,
    after: Option<&PageCursor>,
    limit: usize,
    density: Option<StartDensity>,
    mut read: impl FnMut(
        Option<std::ops::Range<i64>>,
        usize,
    ) -> Result<Vec<(i64, EventRecord)>, QueryError>,
) -> Result<Page, QueryError> {
    let limit = limit.max(1);
    let Some(density) = density.filter(|d| d.events > 0) else {
        return Ok(Page::of_rows(read(None, limit + 1)?, limit));
    };
    let range = query.window.to_range();
    let last_start = range.end.0.min(density.last);
    let mean_gap = (density.last - density.first).max(1) as f64 / density.events as f64;
    let mut width = ((4 * (limit + 1)) as f64 * mean_gap).ceil().max(1.0) as i64;
    let mut from = match after {
        Some(after) => after.start_s,
        None => density.first,
    };
    // The first slice reaches from the earliest possible start to where the bounded
    // classes may begin, then a slice's width on.
    let bounded_from = range
        .start
        .0
        .saturating_sub(schema::SPAN_CLASS_BOUNDS[schema::SPAN_CLASS_BOUNDS.len() - 1]);
    let mut to = from.max(bounded_from).saturating_add(width);
    let mut rows = Vec::new();
    while rows.len() <= limit && from <= last_start {
        to = to.min(last_start.saturating_add(1));
        rows.extend(read(Some(from..to), limit + 1 - rows.len())?);
        from = to;
        width = width.saturating_mul(4);
        to = from.saturating_add(width);
    }
    Ok(Page::of_rows(rows, limit))
}

/// The event a stretch of `lane`'s density strip stands for, asked of `backend` when the user
/// picks it: of the events of `lane` in `window` that pass `query`'s search and filters (and
/// are of `part`, when the strip counts one part), the first to start in it (by start, then
/// id), or, when none starts there, the first of those crossing it. A wide answer carries only
/// counts, so that its million cells are read without an id each; this reads a page of one
/// event instead (two when none starts in the stretch).
pub fn event_in(
    backend: &dyn Backend,
    query: &ViewQuery,
    lane: &str,
    part: Option<Part>,
    window: TimeWindow,
    now: Timestamp,
    ticket: &Ticket,
) -> Result<Option<EventRecord>, QueryError> {
    let narrowed = ViewQuery {
        window,
        columns: 1,
        lanes: vec![lane.to_owned()],
        per_lane_limit: 1,
        predicates: query.predicates.clone(),
    };
    // From the window's start first: of the part, the first event starting in it comes first.
    let starting = PageCursor::before_starts_at(window.to_range().start.0);
    for after in [Some(starting), None] {
        let page = backend.page(&narrowed, after.as_ref(), part, 1, now, ticket)?;
        if let Some(event) = page.events.into_iter().next() {
            return Ok(Some(event));
        }
    }
    Ok(None)
}

/// Every part of a lane counted in the window, by lane and part.
pub type Counted = std::collections::HashMap<(String, Part), ColumnCounts>;

/// The lanes of `query` whose `part` has few enough events in the window to list them (one
/// to the limit), by `counted`: a database counts first, then reads only these again.
pub fn lanes_to_list<'q>(query: &'q ViewQuery, counted: &Counted, part: Part) -> Vec<&'q str> {
    query
        .lanes
        .iter()
        .map(String::as_str)
        .filter(|lane| {
            let count = counted
                .get(&((*lane).to_owned(), part))
                .map_or(0, |c| c.total);
            (1..=query.per_lane_limit as u64).contains(&count)
        })
        .collect()
}

/// The answer made of a window's counts and the events of the lanes listed (instants, then
/// ranges, by lane): a part over the limit is its counts, any other its events.
pub fn answer_of(
    query: &ViewQuery,
    mut counted: Counted,
    mut listed: [std::collections::HashMap<String, Vec<EventRecord>>; 2],
) -> Answer {
    let mut content = |lane: &str, part: Part| match counted.remove(&(lane.to_owned(), part)) {
        Some(counts) if counts.total > query.per_lane_limit as u64 => LaneContent::Columns(counts),
        _ => LaneContent::Events(
            listed[usize::from(part == Part::Ranges)]
                .remove(lane)
                .unwrap_or_default(),
        ),
    };
    let lanes = query
        .lanes
        .iter()
        .map(|lane| LaneAnswer {
            lane: lane.clone(),
            points: content(lane, Part::Points),
            ranges: content(lane, Part::Ranges),
        })
        .collect();
    Answer {
        query: query.clone(),
        lanes,
    }
}

/// Why a question got no answer, said so a user can act on it.
#[derive(Debug, thiserror::Error)]
pub enum QueryError {
    #[error("cannot reach {server}: {reason}. Is the server running, and is the address right?")]
    Unreachable { server: String, reason: String },
    #[error("{server} refused the query: {message}")]
    Refused { server: String, message: String },
    /// The server wants another user or password (or one where none was given).
    #[error("{server} did not accept the user and password: {message}")]
    Denied { server: String, message: String },
    #[error(
        "the table {table} does not follow the Timelanes schema: {reason} (see docs/FORMAT.md, \"Database tables\")"
    )]
    Schema { table: String, reason: String },
    #[error("the query was cancelled")]
    Cancelled,
    #[error("{0}")]
    Other(String),
}

/// A question in flight: its id (databases can be told to stop it) and whether the view
/// has moved on.
#[derive(Clone, Debug, Default)]
pub struct Ticket {
    pub id: String,
    cancelled: Arc<AtomicBool>,
}

impl Ticket {
    pub fn new(id: impl Into<String>) -> Self {
        Self {
            id: id.into(),
            cancelled: Arc::default(),
        }
    }

    /// A ticket no other in this process has, nor (by the process id) another process on
    /// this machine: a database refuses a query id that is still running.
    pub fn fresh() -> Self {
        static NEXT: std::sync::atomic::AtomicU64 = std::sync::atomic::AtomicU64::new(1);
        Self::new(format!(
            "tl{}-{}",
            std::process::id(),
            NEXT.fetch_add(1, Ordering::Relaxed)
        ))
    }

    pub fn cancel(&self) {
        self.cancelled.store(true, Ordering::Relaxed);
    }

    pub fn is_cancelled(&self) -> bool {
        self.cancelled.load(Ordering::Relaxed)
    }

    /// `Err(Cancelled)` once cancelled: for backends between their steps.
    pub fn check(&self) -> Result<(), QueryError> {
        if self.is_cancelled() {
            Err(QueryError::Cancelled)
        } else {
            Ok(())
        }
    }
}

/// Makes the calling thread give way to the window's: on Linux its nice value goes to 10, so
/// on a machine of two cores a query shares a core with the window's frames only when the
/// window has nothing to draw. Every backend calls it on the threads that compute its answers
/// (which are never the window's: see [`Backend`]); elsewhere it does nothing.
pub fn give_way_to_the_window() {
    #[cfg(target_os = "linux")]
    {
        let this_thread = rustix::thread::gettid();
        // Lowering one's own priority needs no privilege; failing to is harmless.
        let _ = rustix::process::setpriority_process(Some(this_thread), 10);
    }
}

/// Something that answers the view's questions: the in-memory index, a Parquet engine, a
/// ClickHouse server. Called from background threads, never from the window's.
pub trait Backend: Send + Sync {
    /// What it is, for the title bar and messages: a path, or a URL without its password.
    fn describe(&self) -> String;

    /// The title, lanes and extent.
    fn outline(&self, ticket: &Ticket) -> Result<Outline, QueryError>;

    /// The answer for one view.
    fn answer(
        &self,
        query: &ViewQuery,
        now: Timestamp,
        ticket: &Ticket,
    ) -> Result<Answer, QueryError>;

    /// One event, complete, by id.
    fn record(&self, id: &str, ticket: &Ticket) -> Result<Option<EventRecord>, QueryError>;

    /// A page of the events of `query` (its window, lanes, search and filters; each event
    /// once, whatever lanes it is in), of `part` only when one is given, in order of start
    /// then id: the first `limit` after `after`, or from the first when it is `None`.
    fn page(
        &self,
        query: &ViewQuery,
        after: Option<&PageCursor>,
        part: Option<Part>,
        limit: usize,
        now: Timestamp,
        ticket: &Ticket,
    ) -> Result<Page, QueryError>;

    /// Asks the backend to stop working on `ticket` (the view moved on). Nothing to do for a
    /// backend that checks [`Ticket::is_cancelled`] itself.
    fn stop(&self, _ticket: &Ticket) {}
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn every_lane_is_asked_only_once_the_lanes_are_known() {
        let lanes = LaneCount::default();
        let asked = ["a", "b", "c"];
        assert!(!lanes.asks_every_lane(&asked), "not before the outline");
        lanes.found(3);
        assert!(lanes.asks_every_lane(&asked));
        assert!(!lanes.asks_every_lane(&asked[..2]));
        lanes.found(2);
        assert!(lanes.asks_every_lane(&asked), "the first outline counts");
    }
}
