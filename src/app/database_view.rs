//! A database table as the open document: each frame the view's question (window, columns,
//! lanes, search and filters) is compared with the last one asked; a new one goes to the
//! backend on a background thread and cancels the one it makes obsolete. The last answer
//! stays drawn, marked as updating, until the new one comes; a failure is said in the status
//! bar and the problems panel, the view keeps what it has, and View › Reconnect asks again.

use std::collections::HashMap;
use std::sync::Arc;
use std::time::{Duration, Instant};

use crate::model::{ActorIdx, Problem, Site};
use crate::query::{
    Answer, Backend, ColumnCounts, EventRecord, LaneColumns, Outline, Part, Predicates, QueryError,
    Ticket, ViewQuery, WindowView, event_in, window_view_with,
};
use crate::time::{TimeWindow, Timestamp, Zone};
use crate::view::Shown;

use super::TimelanesApp;
use super::document::Document;
use super::jobs::Job;

/// Width of a density strip's column, in points.
const COLUMN_WIDTH: f32 = crate::layout::DENSITY_COLUMN;
/// A lane shows its events one by one when it has at most one per this many points (the
/// layout's threshold for markers, so an answer of events is never drawn as a strip).
const POINTS_PER_EVENT: f32 = 8.0;

/// An event being fetched whole.
type RecordJob = Job<Result<Option<EventRecord>, QueryError>>;

/// A question in flight.
struct Asking {
    query: ViewQuery,
    ticket: Ticket,
    /// The answer, and the view drawn from it on the same thread (at a day, building the
    /// events of ten thousand records takes 10-25 ms: too long for the window's frame).
    job: Job<Result<(Answer, WindowView), QueryError>>,
    /// What the view was drawn with: the table's choice (by id) and the zone. If either
    /// changed while the query ran, the view is drawn again when the answer comes.
    drawn_with: (Option<String>, Zone),
    started: Instant,
}

/// The backend of a database document and where its answers are.
pub struct DatabaseView {
    pub backend: Arc<dyn Backend>,
    pub outline: Outline,
    /// The counted lanes of the answer drawn.
    pub columns: LaneColumns,
    /// All lanes counted over the table's whole extent, asked once: the overview strip.
    pub overview: Option<ColumnCounts>,
    /// The question the drawn answer is for, and the answer.
    answered: Option<ViewQuery>,
    last_answer: Option<Answer>,
    /// The event last chosen in the table: kept in the drawn dataset whatever the answers
    /// list, so it stays selected and shown whole.
    chosen: Option<EventRecord>,
    asking: Option<Asking>,
    /// The question that failed, and why: not asked again until the user reconnects.
    failed: Option<(ViewQuery, String)>,
    /// How long the last answer took.
    pub last_latency: Option<Duration>,
    /// Complete events fetched for the side panel, by id.
    records: HashMap<String, EventRecord>,
    fetching: Option<(String, RecordJob)>,
    /// The event a column of a density strip stands for, being asked for ("Show the first
    /// event here").
    picking: Option<(Ticket, RecordJob)>,
}

impl DatabaseView {
    /// Asks for the outline (runs on the loading thread).
    pub fn open(backend: Arc<dyn Backend>) -> Result<Self, QueryError> {
        let ticket = Ticket::fresh();
        let outline = backend.outline(&ticket)?;
        let overview = overview(backend.as_ref(), &outline, &ticket)?;
        Ok(Self {
            backend,
            outline,
            columns: LaneColumns::default(),
            overview,
            answered: None,
            last_answer: None,
            chosen: None,
            asking: None,
            failed: None,
            last_latency: None,
            records: HashMap::new(),
            fetching: None,
            picking: None,
        })
    }

    /// Whether a newer answer is on its way.
    pub fn is_updating(&self) -> bool {
        self.asking.is_some()
    }

    /// The question the view asks now (asked this frame by `drive_database`): in flight,
    /// failed, or answered, newest first.
    pub fn current_query(&self) -> Option<&ViewQuery> {
        self.asking
            .as_ref()
            .map(|a| &a.query)
            .or(self.failed.as_ref().map(|(q, _)| q))
            .or(self.answered.as_ref())
    }

    /// Why the last question failed, if it did.
    pub fn failure(&self) -> Option<&str> {
        self.failed.as_ref().map(|(_, why)| why.as_str())
    }

    /// Forgets the failure and the answer, so the view is asked again.
    pub fn reconnect(&mut self) {
        self.failed = None;
        self.answered = None;
    }

    /// What a view drawn now in `zone` is drawn with (see `Asking::drawn_with`).
    fn drawing(&self, zone: Zone) -> (Option<String>, Zone) {
        (self.chosen.as_ref().map(|c| c.id.clone()), zone)
    }

    /// Asks `query` unless it is the question answered, being asked, or failed; a question
    /// in flight is cancelled (and the server told to stop it).
    fn ask(&mut self, query: ViewQuery, now: Timestamp, zone: Zone, ctx: &egui::Context) {
        let same = |q: Option<&ViewQuery>| q == Some(&query);
        if same(self.answered.as_ref())
            || same(self.asking.as_ref().map(|a| &a.query))
            || same(self.failed.as_ref().map(|(q, _)| q))
        {
            return;
        }
        self.cancel();
        let ticket = Ticket::fresh();
        let backend = self.backend.clone();
        let (asked, job_ticket) = (query.clone(), ticket.clone());
        let (outline, chosen) = (self.outline.clone(), self.chosen.clone());
        let drawn_with = self.drawing(zone);
        let job = Job::spawn("database query", ctx, move || {
            let answer = backend.answer(&asked, now, &job_ticket)?;
            let view = window_view_with(&outline, &answer, chosen.as_ref(), now, zone);
            Ok((answer, view))
        });
        self.asking = Some(Asking {
            query,
            ticket,
            job,
            drawn_with,
            started: Instant::now(),
        });
    }

    /// Stops the question in flight: its answer is dropped, and the server is told on a
    /// thread of its own (so the window never waits on it).
    fn cancel(&mut self) {
        let Some(asking) = self.asking.take() else {
            return;
        };
        stop_in_background(self.backend.clone(), asking.ticket);
    }

    /// The answer, once it has come: drawable, or why there is none.
    fn poll(&mut self, now: Timestamp, zone: Zone) -> Option<Result<WindowView, String>> {
        let result = self.asking.as_ref()?.job.poll()?;
        let asking = self.asking.take()?;
        self.last_latency = Some(asking.started.elapsed());
        match result {
            Ok(Ok((answer, drawn))) => {
                self.failed = None;
                let view = if asking.drawn_with == self.drawing(zone) {
                    drawn
                } else {
                    window_view_with(&self.outline, &answer, self.chosen.as_ref(), now, zone)
                };
                self.answered = Some(asking.query);
                self.last_answer = Some(answer);
                Some(Ok(view))
            }
            Ok(Err(QueryError::Cancelled)) => None,
            Ok(Err(error)) => {
                let why = error.to_string();
                self.failed = Some((asking.query, why.clone()));
                Some(Err(why))
            }
            Err(failed) => {
                let why = failed.to_string();
                self.failed = Some((asking.query, why.clone()));
                Some(Err(why))
            }
        }
    }

    /// The last answer drawn again with `record` in it (the table's choice), or `None` before
    /// any answer came.
    fn with_chosen(
        &mut self,
        record: EventRecord,
        now: Timestamp,
        zone: Zone,
    ) -> Option<WindowView> {
        self.chosen = Some(record);
        let answer = self.last_answer.as_ref()?;
        Some(window_view_with(
            &self.outline,
            answer,
            self.chosen.as_ref(),
            now,
            zone,
        ))
    }

    /// The complete event, once fetched.
    pub fn record(&self, id: &str) -> Option<&EventRecord> {
        self.records.get(id)
    }

    /// Fetches an event's description and sources in the background, once.
    fn fetch_record(&mut self, id: &str, ctx: &egui::Context) {
        if self.records.contains_key(id) || self.fetching.as_ref().is_some_and(|(f, _)| f == id) {
            return;
        }
        let backend = self.backend.clone();
        let (wanted, ticket) = (id.to_owned(), Ticket::fresh());
        let job = Job::spawn("event fetch", ctx, move || backend.record(&wanted, &ticket));
        self.fetching = Some((id.to_owned(), job));
    }

    /// Asks in the background for the event that `window` (a column of `lane`'s density
    /// strip of `part`) stands for, under the view's search and filters; a pick in flight is
    /// dropped.
    fn pick(
        &mut self,
        lane: &str,
        part: Option<Part>,
        window: TimeWindow,
        now: Timestamp,
        ctx: &egui::Context,
    ) {
        let Some(query) = self.current_query().cloned() else {
            return;
        };
        if let Some((ticket, _)) = self.picking.take() {
            stop_in_background(self.backend.clone(), ticket);
        }
        let backend = self.backend.clone();
        let (lane, ticket) = (lane.to_owned(), Ticket::fresh());
        let job_ticket = ticket.clone();
        let job = Job::spawn("event pick", ctx, move || {
            event_in(
                backend.as_ref(),
                &query,
                &lane,
                part,
                window,
                now,
                &job_ticket,
            )
        });
        self.picking = Some((ticket, job));
    }

    /// The picked event, once the backend has answered (`Ok(None)`: none there).
    fn poll_pick(&mut self) -> Option<Result<Option<EventRecord>, String>> {
        let result = self.picking.as_ref()?.1.poll()?;
        self.picking = None;
        Some(match result {
            Ok(Ok(record)) => Ok(record),
            Ok(Err(error)) => Err(error.to_string()),
            Err(failed) => Err(failed.to_string()),
        })
    }

    /// Keeps a fetched event; `true` when one arrived.
    fn poll_record(&mut self) -> bool {
        let Some(result) = self.fetching.as_ref().and_then(|(_, job)| job.poll()) else {
            return false;
        };
        let Some((id, _)) = self.fetching.take() else {
            return false;
        };
        if let Ok(Ok(Some(record))) = result {
            self.records.insert(id, record);
            return true;
        }
        false
    }
}

/// Cancels `ticket` and tells the backend to stop its queries, on a thread of its own (so the
/// window never waits on the server).
pub(super) fn stop_in_background(backend: Arc<dyn Backend>, ticket: Ticket) {
    ticket.cancel();
    let _ = std::thread::Builder::new()
        .name("timelanes-cancel".to_owned())
        .spawn(move || backend.stop(&ticket));
}

/// Columns of the overview strip asked of a database (the strip resamples them to its width).
const OVERVIEW_COLUMNS: usize = 1000;

/// Every lane's events counted over the whole table, summed: where the events are.
fn overview(
    backend: &dyn Backend,
    outline: &Outline,
    ticket: &Ticket,
) -> Result<Option<ColumnCounts>, QueryError> {
    let now = Timestamp::now();
    if outline.extent.is_none() {
        return Ok(None);
    }
    let query = ViewQuery {
        window: crate::time::TimeWindow::fit_all(outline.extent, now),
        columns: OVERVIEW_COLUMNS,
        lanes: outline.lanes.iter().map(|l| l.id.clone()).collect(),
        // Every lane counted, none listed.
        per_lane_limit: 0,
        predicates: Predicates::default(),
    };
    let answer = backend.answer(&query, now, ticket)?;
    let mut sum = ColumnCounts {
        window: query.window,
        counts: vec![0; OVERVIEW_COLUMNS],
        total: 0,
    };
    for part in answer.lanes.iter().flat_map(|lane| lane.parts()) {
        if let crate::query::LaneContent::Columns(counts) = part {
            for (s, c) in sum.counts.iter_mut().zip(&counts.counts) {
                *s += c;
            }
            sum.total += counts.total;
        }
    }
    Ok(Some(sum))
}

impl Document {
    /// Draws an answer from now on: its events and counted lanes replace the last ones (the
    /// search typed and the view's settings stay).
    pub fn take_answer(&mut self, view: WindowView) {
        let dataset = Arc::new(view.dataset);
        let index = Arc::new(view.index);
        let search = std::mem::take(&mut self.shown.search.query);
        self.shown = Shown::new(&dataset, &index, self.shown.settings.clone());
        self.shown.search.query = search;
        self.dataset = dataset;
        self.index = index;
        if let Some(database) = &mut self.database {
            database.columns = view.columns;
        }
        self.problems
            .retain(|p| !p.message.starts_with(QUERY_PROBLEM));
        self.problems.extend(view.problems);
    }
}

impl TimelanesApp {
    /// Asks the database for the current view, and takes in answers (each frame; cheap when
    /// nothing changed).
    pub(super) fn drive_database(&mut self, ctx: &egui::Context) {
        self.take_pick();
        let Some(query) = self.database_query() else {
            return;
        };
        let Some(document) = &mut self.document else {
            return;
        };
        let now = document.now();
        let selected_id = self.view.as_ref().and_then(|v| v.selected_id(document));
        let Some(database) = &mut document.database else {
            return;
        };
        // The event chosen in the table is drawn only while it is the one selected: once
        // the user moves on, the answers alone say what is drawn.
        if database
            .chosen
            .as_ref()
            .is_some_and(|chosen| Some(&chosen.id) != selected_id.as_ref())
        {
            database.chosen = None;
        }
        database.ask(query, now, self.prefs.zone, ctx);
        if database.poll_record() {
            ctx.request_repaint();
        }
        let Some(result) = database.poll(now, self.prefs.zone) else {
            return;
        };
        match result {
            Ok(view) => {
                document.take_answer(view);
                if let Some(view) = &mut self.view {
                    // The same event keeps the selection, wherever it now is in the answer.
                    view.selected = selected_id.and_then(|id| document.dataset.event_with_id(&id));
                    view.hovered = None;
                    view.also_selected.clear();
                }
            }
            Err(why) => {
                document
                    .problems
                    .retain(|p| !p.message.starts_with(QUERY_PROBLEM));
                document.problems.push(
                    Problem::error(Site::default(), format!("{QUERY_PROBLEM}: {why}"))
                        .with_hint("View › Reconnect to the database asks again"),
                );
                self.set_status(
                    format!(
                        "The database did not answer: {why} (View › Reconnect to the database)"
                    ),
                    true,
                );
            }
        }
    }

    /// "Show the first event here" on a column (`window`) of `lane`'s density strip (of
    /// `part`, and of one bar row of a file's lane when `bar_row` says so): selects the event
    /// it stands for, found in the index of a file, or asked of a database.
    pub(super) fn show_first_event(
        &mut self,
        lane: ActorIdx,
        part: Option<Part>,
        bar_row: Option<usize>,
        window: TimeWindow,
        ctx: &egui::Context,
    ) {
        let Some(document) = &mut self.document else {
            return;
        };
        let now = document.now();
        if let Some(database) = &mut document.database {
            if let Some(lane) = database.outline.lanes.get(lane.index()) {
                let lane = lane.id.clone();
                database.pick(&lane, part, window, now, ctx);
            }
            return;
        }
        let bar_rows = match (part, bar_row) {
            (Some(Part::Points), _) => 0..0,
            (_, Some(row)) => row..row + 1,
            (_, None) => 0..usize::MAX,
        };
        let first = document.index.lane(lane).and_then(|index| {
            index.first_event_in(window.to_range(), part != Some(Part::Ranges), bar_rows)
        });
        match first {
            Some(event) => {
                if let Some(view) = &mut self.view {
                    view.select_only(Some(event));
                    view.reveal = Some(event);
                }
            }
            None => self.set_status("No event of this row there", false),
        }
    }

    /// Selects the event a database picked for a density strip's column, once it answers.
    fn take_pick(&mut self) {
        let picked = self
            .document
            .as_mut()
            .and_then(|document| document.database.as_mut())
            .and_then(DatabaseView::poll_pick);
        match picked {
            Some(Ok(Some(record))) => self.choose_record(record),
            Some(Ok(None)) => self.set_status("No event of this row there", false),
            Some(Err(why)) => {
                self.set_status(format!("The database did not say which event: {why}"), true);
            }
            None => {}
        }
    }

    /// Selects an event the table listed or a strip's column stood for, drawing it in the
    /// view's dataset first when no lane of the answer lists it (a counted lane's events are
    /// not there one by one).
    pub(super) fn choose_record(&mut self, record: EventRecord) {
        let zone = self.prefs.zone;
        let (Some(document), Some(view)) = (&mut self.document, &mut self.view) else {
            return;
        };
        let id = record.id.clone();
        if document.dataset.event_with_id(&id).is_none() {
            let now = document.now();
            let Some(redrawn) = document
                .database
                .as_mut()
                .and_then(|database| database.with_chosen(record, now, zone))
            else {
                return;
            };
            document.take_answer(redrawn);
            view.hovered = None;
            view.also_selected.clear();
        }
        if let Some(event) = document.dataset.event_with_id(&id) {
            view.selected = Some(event);
            view.reveal = Some(event);
        }
    }

    /// The question the view asks now, for a database document.
    fn database_query(&mut self) -> Option<ViewQuery> {
        let document = self.document.as_ref()?;
        let database = document.database.as_ref()?;
        let view = self.view.as_ref()?;
        let width = self.timeline_width.max(COLUMN_WIDTH);
        let filter = &document.shown.settings.filter;
        let lanes = document
            .shown
            .lanes
            .iter()
            .filter(|lane| {
                view.only_lanes
                    .as_ref()
                    .is_none_or(|only| only.contains(&lane.actor))
            })
            .filter_map(|lane| database.outline.lanes.get(lane.actor.index()))
            .map(|lane| lane.id.clone())
            .collect();
        Some(ViewQuery {
            window: view.window,
            columns: (width / COLUMN_WIDTH).ceil() as usize,
            lanes,
            per_lane_limit: (width / POINTS_PER_EVENT) as usize,
            predicates: Predicates {
                search: document.shown.search.query.trim().to_owned(),
                kinds: filter.kinds.iter().cloned().collect(),
                tags: filter.tags.iter().cloned().collect(),
            },
        })
    }

    /// Fetches the selected event's description and sources when the side panel shows it.
    pub(super) fn fetch_selected_record(&mut self, ctx: &egui::Context) {
        let Some(document) = &mut self.document else {
            return;
        };
        let id = self.view.as_ref().and_then(|v| v.selected_id(document));
        if let (Some(database), Some(id)) = (&mut document.database, id) {
            database.fetch_record(&id, ctx);
        }
    }
}

/// How the problems panel names a failed query (so the next answer can clear it).
const QUERY_PROBLEM: &str = "The database did not answer";
