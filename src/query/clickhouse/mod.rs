//! ClickHouse as a backend: a table that follows the Timelanes schema, on one server or
//! distributed over a cluster, answers the view's questions in ClickHouse SQL over HTTP
//! (`http`). `load` creates such a table and fills it (`timelanes convert … -o clickhouse://`),
//! with its pyramid (`query::pyramid`) in `TABLE_pyramid`, from which wide windows are
//! counted when it counts the table's events.
//!
//! Every value a user typed (a search, a lane id, a kind) reaches the server as a row of an
//! external table, never as text in the SQL; the SQL itself is made only of our own column
//! names and numbers.

pub mod http;
pub mod load;

use std::collections::HashMap;
use std::fmt::Write as _;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};

use datafusion::arrow::array::{
    ArrayRef, BooleanBuilder, Int64Builder, ListBuilder, RecordBatch, StringBuilder,
};
use serde::Deserialize;

use crate::time::Timestamp;

use super::groups::{ColumnGroups, Group};
use super::pyramid::{CellRef, CellsPlan, HeldCells, level_of};
use super::region::{HeldRegion, REGION_COLUMNS, Region, RegionPlan};
use super::schema::{EventRow, ONGOING_END, span_class_condition};
use super::{
    Answer, Backend, Counted, EventRecord, LaneCount, LaneInfo, Outline, Page, PageCursor, Part,
    Predicates, QueryError, StartDensity, Ticket, ViewQuery, answer_of, lanes_to_list,
    page_in_slices,
};
use http::{Client, ExternalTable, ROW_MARK, RowBinary, Server};

/// The port of ClickHouse's HTTP interface unless the URL says otherwise.
pub const DEFAULT_PORT: u16 = 8123;

/// A table on a server: `clickhouse://[user[:password]@]host[:port]/database.table`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct TableUrl {
    pub server: Server,
    pub database: String,
    pub table: String,
}

impl TableUrl {
    /// Whether `text` is meant as a ClickHouse address (rather than a file name).
    pub fn is_clickhouse(text: &str) -> bool {
        text.starts_with("clickhouse://")
    }

    /// Reads an address; the user and password may also come from `CLICKHOUSE_USER` and
    /// `CLICKHOUSE_PASSWORD` (so they need not be typed where a shell keeps history).
    pub fn parse(text: &str) -> Result<Self, String> {
        let usage = "write it as clickhouse://HOST:PORT/DATABASE.TABLE, for example clickhouse://127.0.0.1:8123/news.events";
        let rest = text
            .strip_prefix("clickhouse://")
            .ok_or_else(|| format!("{text:?} is not a ClickHouse address: {usage}"))?;
        let (authority, path) = rest
            .split_once('/')
            .ok_or_else(|| format!("{text:?} names no table: {usage}"))?;
        let (credentials, host_port) = match authority.rsplit_once('@') {
            Some((credentials, host_port)) => (Some(credentials), host_port),
            None => (None, authority),
        };
        // Percent-encoded, as in any URL (a password may hold `/` or `@`).
        let decode = |text: &str| {
            percent_encoding::percent_decode_str(text)
                .decode_utf8_lossy()
                .into_owned()
        };
        let (user, password) = match credentials {
            Some(c) => match c.split_once(':') {
                Some((user, password)) => (Some(decode(user)), Some(decode(password))),
                None => (Some(decode(c)), None),
            },
            None => (None, None),
        };
        let user = user.or_else(|| std::env::var("CLICKHOUSE_USER").ok());
        let password = password.or_else(|| std::env::var("CLICKHOUSE_PASSWORD").ok());
        let (host, port) = match host_port.rsplit_once(':') {
            Some((host, port)) => (
                host,
                port.parse::<u16>()
                    .map_err(|_| format!("{port:?} in {text:?} is not a port: {usage}"))?,
            ),
            None => (host_port, DEFAULT_PORT),
        };
        if host.is_empty() {
            return Err(format!("{text:?} names no server: {usage}"));
        }
        let (database, table) = path
            .split_once('.')
            .ok_or_else(|| format!("{path:?} in {text:?} is not DATABASE.TABLE: {usage}"))?;
        let name_ok =
            |n: &str| !n.is_empty() && n.chars().all(|c| c.is_ascii_alphanumeric() || c == '_');
        if !name_ok(database) || !name_ok(table) {
            return Err(format!(
                "{path:?} in {text:?}: database and table names are letters, digits and _ ({usage})"
            ));
        }
        Ok(Self {
            server: Server {
                host: host.to_owned(),
                port,
                user,
                password,
            },
            database: database.to_owned(),
            table: table.to_owned(),
        })
    }

    /// The address with `password` in it, encoded: to open the table with a password typed
    /// in the window (the address lives only as long as the load; what is remembered is
    /// [`Self::display`]).
    pub fn with_password(&self, password: &str) -> String {
        let user = self.server.user.as_deref().unwrap_or("default");
        format!(
            "clickhouse://{}:{}@{}/{}.{}",
            http::percent_encode(user),
            http::percent_encode(password),
            self.server.address(),
            self.database,
            self.table
        )
    }

    /// The address without the password, for titles and messages.
    pub fn display(&self) -> String {
        let user = self
            .server
            .user
            .as_deref()
            .map(|u| format!("{u}@"))
            .unwrap_or_default();
        format!(
            "clickhouse://{user}{}/{}.{}",
            self.server.address(),
            self.database,
            self.table
        )
    }

    /// `` `database`.`table` `` (names are checked to be plain, so quoting is enough).
    fn qualified(&self, table: &str) -> String {
        format!("`{}`.`{table}`", self.database)
    }
}

/// A table on a ClickHouse server, as a backend.
pub struct ClickHouse {
    url: TableUrl,
    client: Client,
    /// Whether to look for the table's pyramid at all.
    use_pyramid: bool,
    /// Whether the table has a pyramid that counts its events (found by `outline`).
    pyramid: AtomicBool,
    /// Whether the table has a `span_class` column (found by `outline`).
    span_classes: AtomicBool,
    /// How the table's starts are spread, once its outline is read (pages are read in slices
    /// of start time by it).
    density: std::sync::Mutex<Option<StartDensity>>,
    /// How many lanes the outline found: a wide window over all of them reads the pyramid's
    /// cells without testing their lanes.
    lanes: LaneCount,
    /// The cells of the last wide window, while they count the next.
    cells: HeldCells,
    /// The rows around the last narrow window (see `query::region`), while they serve the
    /// next.
    region: HeldRegion,
}

/// The SQL of an event's effective end: an ongoing event runs to `now`.
fn end_expr(now: Timestamp) -> String {
    format!(
        "if(end_s = {ONGOING_END}, greatest({}, start_s), end_s)",
        now.0
    )
}

#[derive(Deserialize)]
struct LaneRow {
    id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    color: String,
}

#[derive(Deserialize)]
struct ExtentRow {
    n: u64,
    first: i64,
    last: i64,
}

/// A row of a page: an event with its start second (the cursor of the next page).
#[derive(Deserialize)]
struct PageRow {
    start_s: i64,
    #[serde(flatten)]
    event: EventRow,
}

#[derive(Deserialize)]
struct GroupRow {
    lane: String,
    ranged: u8,
    first: u32,
    last: u32,
    n: u64,
}

#[derive(Deserialize)]
struct CountOnly {
    n: u64,
}

#[derive(Deserialize)]
struct SumRow {
    n: i64,
}

/// The columns every window query reads of an event.
const SUMMARY_COLUMNS: &str = "id, title, start, `end`, actors, kind, tags";

impl ClickHouse {
    pub fn new(url: TableUrl) -> Self {
        let client = Client::new(url.server.clone());
        Self {
            url,
            client,
            use_pyramid: true,
            pyramid: AtomicBool::new(false),
            span_classes: AtomicBool::new(false),
            density: std::sync::Mutex::new(None),
            lanes: LaneCount::default(),
            cells: HeldCells::default(),
            region: HeldRegion::default(),
        }
    }

    /// The same table with each narrow window counted by queries of its own, not through a
    /// region (to check the regions against them).
    pub fn without_regions(mut self) -> Self {
        self.region = HeldRegion::off();
        self
    }

    /// How many regions of rows have been read so far.
    pub fn regions_read(&self) -> usize {
        self.region.reads()
    }

    /// The region that answers `query` (see `query::region`): the one held if it serves,
    /// else a new one around its window, its rows read in one `RowBinary` answer. None when
    /// the window is to be counted by queries of its own.
    fn region_for(
        &self,
        query: &ViewQuery,
        now: Timestamp,
        ticket: &Ticket,
    ) -> Result<Option<Arc<Region>>, QueryError> {
        let density = self.density.lock().ok().and_then(|d| *d);
        let (covers, around) = match self.region.plan(query, now, density) {
            RegionPlan::Held(region) => return Ok(Some(region)),
            RegionPlan::ByItself => return Ok(None),
            RegionPlan::Read { covers, around } => (covers, around),
        };
        let lanes: Vec<&str> = query.lanes.iter().map(String::as_str).collect();
        let (conditions, tables) = self.conditions(&around, &lanes, LanesAs::Lists, None, now);
        let sql = format!(
            "SELECT {ROW_MARK}, toUInt8(`end` != '') AS ranged, start_s, end_s, {SUMMARY_COLUMNS} \
             FROM {} WHERE {conditions} FORMAT RowBinary",
            self.events()
        );
        let mut answer =
            self.client
                .query_binary(&sql, &tables, query_id(ticket, "region").as_deref())?;
        let batch = region_batch(&mut answer, ticket)?;
        let region = Region::new(covers, query, false, now, &[batch])?;
        Ok(Some(self.region.hold(region)))
    }

    /// The same table answered from its events alone (to check the pyramid against them).
    pub fn ignoring_pyramid(mut self) -> Self {
        self.use_pyramid = false;
        self.pyramid.store(false, Ordering::Relaxed);
        self
    }

    /// Whether wide windows are answered from the table's pyramid.
    pub fn has_pyramid(&self) -> bool {
        self.pyramid.load(Ordering::Relaxed)
    }

    fn pyramid_table(&self) -> String {
        self.url.qualified(&format!("{}_pyramid", self.url.table))
    }

    /// Whether `TABLE_pyramid` counts the `events` the table holds (its level −1 row, loaded
    /// last). No pyramid, or one that cannot be read, is no error: the events answer.
    fn pyramid_counts(&self, events: u64, ticket: &Ticket) -> bool {
        let sql = format!(
            // `range_starts` too: a pyramid loaded before instants and ranges shared a row
            // (2026-12-07) is not read, and the events answer.
            "SELECT toInt64(sum(starts)) AS n, toInt64(sum(range_starts)) AS r FROM {} \
             WHERE level = -1 FORMAT JSONEachRow",
            self.pyramid_table()
        );
        let mut counted = None;
        let read = self.client.query_rows(
            &sql,
            &[],
            query_id(ticket, "pyramid").as_deref(),
            |row: SumRow| {
                counted = Some(row.n);
                Ok(())
            },
        );
        read.is_ok() && events > 0 && counted == Some(events as i64)
    }

    /// Whether the events table has `column` (names are checked to be plain, so they can be
    /// written in the SQL).
    fn has_column(&self, column: &str, ticket: &Ticket) -> bool {
        let sql = format!(
            "SELECT count() AS n FROM system.columns WHERE database = '{}' AND table = '{}' \
             AND name = '{column}' FORMAT JSONEachRow",
            self.url.database, self.url.table
        );
        let mut found = false;
        let read = self.client.query_rows(
            &sql,
            &[],
            query_id(ticket, "columns").as_deref(),
            |row: CountOnly| {
                found = row.n > 0;
                Ok(())
            },
        );
        read.is_ok() && found
    }

    /// Every lane's part counted over the window from the pyramid at `level`.
    fn pyramid_columns(
        &self,
        query: &ViewQuery,
        level: usize,
        now: Timestamp,
        ticket: &Ticket,
    ) -> Result<Counted, QueryError> {
        let (mut tally, condition) = match self.cells.plan(query, level) {
            CellsPlan::Held(held) => return Ok(held.columns(query, now)),
            CellsPlan::Read { tally, condition } => (*tally, condition),
        };
        let names = tally.lanes().to_vec();
        // A lane not asked for is counted and then left out of the answer: cheaper than
        // testing every cell's lane when the query asks for them all.
        let every_lane = self.lanes.asks_every_lane(&names);
        let (lanes_tested, tables) = if every_lane {
            ("", Vec::new())
        } else {
            let lanes: Vec<&str> = names.iter().map(String::as_str).collect();
            let table = ExternalTable {
                name: "view_lanes",
                structure: "lane String",
                rows: lanes,
            };
            ("lane IN view_lanes AND ", vec![table])
        };
        // The counts as 32 bits, held at the most there (as `WindowTally` keeps a window's;
        // `toUInt32` alone would wrap): a wide window's half a million cells are 20 MB instead
        // of 34, and came in 0.11 s instead of 0.16.
        let counts = [
            "starts",
            "ends",
            "ongoing",
            "range_starts",
            "range_ends",
            "range_ongoing",
        ]
        .map(|count| format!("toUInt32(least({count}, {}))", u32::MAX))
        .join(", ");
        let sql = format!(
            "SELECT {ROW_MARK}, toInt8(level), bucket, lane, {counts} FROM {} \
             WHERE {lanes_tested}{condition} FORMAT RowBinary",
            self.pyramid_table(),
        );
        let mut answer = self.client.query_binary(
            &sql,
            &tables,
            query_id(ticket, "pyramid-cells").as_deref(),
        )?;
        let mut lane = String::new();
        while answer.has_row()? {
            let level = answer.i8()?;
            let bucket = answer.i64()?;
            answer.string(&mut lane)?;
            let mut parts = [[0; 3]; 2];
            for count in parts.iter_mut().flatten() {
                *count = i64::from(answer.u32()?);
            }
            // Each row holds the bucket's instants, then its ranges; a part with nothing there
            // is no cell.
            for (ranged, [starts, ends, ongoing]) in [false, true].into_iter().zip(parts) {
                if [starts, ends, ongoing] != [0; 3] {
                    tally.add(CellRef {
                        level: level.max(0) as usize,
                        bucket,
                        lane: &lane,
                        ranged,
                        starts,
                        ends,
                        ongoing,
                    });
                }
            }
        }
        Ok(self.cells.hold(tally).columns(query, now))
    }

    fn events(&self) -> String {
        self.url.qualified(&self.url.table)
    }

    /// The conditions of a window query, and the external tables holding their values.
    fn conditions<'a>(
        &self,
        query: &'a ViewQuery,
        lanes: &'a [&'a str],
        lanes_as: LanesAs,
        part: Option<Part>,
        now: Timestamp,
    ) -> (String, Vec<ExternalTable<'a>>) {
        let range = query.window.to_range();
        let mut sql = format!(
            "{} AND start_s <= {} AND {} >= {}",
            match lanes_as {
                LanesAs::Joined => "lane IN view_lanes",
                LanesAs::Lists => "hasAny(actors, (SELECT groupArray(lane) FROM view_lanes))",
            },
            range.end.0,
            end_expr(now),
            range.start.0
        );
        if self.span_classes.load(Ordering::Relaxed) {
            sql.push_str(&format!(" AND {}", span_class_condition(range.start.0)));
        }
        match part {
            Some(Part::Points) => sql.push_str(" AND `end` = ''"),
            Some(Part::Ranges) => sql.push_str(" AND `end` != ''"),
            None => {}
        }
        let mut tables = vec![ExternalTable {
            name: "view_lanes",
            structure: "lane String",
            rows: lanes.to_vec(),
        }];
        predicate_conditions(&query.predicates, &mut sql, &mut tables);
        (sql, tables)
    }

    /// The events of `lanes` in the window, in (start, id) order per lane.
    fn lane_events(
        &self,
        query: &ViewQuery,
        lanes: &[&str],
        part: Part,
        now: Timestamp,
        ticket: &Ticket,
    ) -> Result<HashMap<String, Vec<EventRecord>>, QueryError> {
        let mut events: HashMap<String, Vec<EventRecord>> = HashMap::new();
        if lanes.is_empty() {
            return Ok(events);
        }
        let (conditions, tables) = self.conditions(query, lanes, LanesAs::Joined, Some(part), now);
        let sql = format!(
            "SELECT lane, {SUMMARY_COLUMNS} FROM {} ARRAY JOIN actors AS lane WHERE {conditions} \
             ORDER BY lane, start_s, id LIMIT {} BY lane FORMAT JSONEachRow",
            self.events(),
            query.per_lane_limit.max(1)
        );
        let table = self.url.display();
        self.client.query_rows(
            &sql,
            &tables,
            query_id(ticket, &format!("events-{part:?}")).as_deref(),
            |row: EventRow| {
                let lane = row.lane.clone();
                events
                    .entry(lane)
                    .or_default()
                    .push(row.into_record(&table)?);
                Ok(())
            },
        )?;
        Ok(events)
    }

    /// The per-column counts of every lane of the query, instants and ranges apart, with
    /// their totals, in one pass over the window's rows (see [`super::column_range`]: the
    /// same rule in SQL). Rows are grouped by the columns they cover and spread over them
    /// here, so a range crossing the whole window is one row of a group, not one per column.
    fn lane_columns(
        &self,
        query: &ViewQuery,
        now: Timestamp,
        ticket: &Ticket,
    ) -> Result<Counted, QueryError> {
        let columns = query.columns.max(1);
        let window = query.window;
        let step = window.span() / columns as f64;
        let lanes: Vec<&str> = query.lanes.iter().map(String::as_str).collect();
        let (conditions, tables) = self.conditions(query, &lanes, LanesAs::Joined, None, now);
        let column_of = |t: &str| {
            format!(
                "toUInt32(least(greatest(floor((least(greatest(toFloat64({t}), {w0:?}), {w1:?}) - {w0:?}) / {step:?}), 0), {last}))",
                w0 = window.start,
                w1 = window.end,
                last = columns - 1
            )
        };
        let sql = format!(
            "SELECT lane, ranged, first, last, count() AS n \
             FROM (SELECT lane, toUInt8(`end` != '') AS ranged, {first} AS first, {last} AS last \
                   FROM {events} ARRAY JOIN actors AS lane WHERE {conditions}) \
             GROUP BY lane, ranged, first, last FORMAT JSONEachRow",
            first = column_of("start_s"),
            last = column_of(&end_expr(now)),
            events = self.events(),
        );
        let mut groups = ColumnGroups::new(query);
        self.client.query_rows(
            &sql,
            &tables,
            query_id(ticket, "columns").as_deref(),
            |row: GroupRow| {
                groups.add(Group {
                    lane: &row.lane,
                    part: if row.ranged == 0 {
                        Part::Points
                    } else {
                        Part::Ranges
                    },
                    first: row.first as usize,
                    last: row.last as usize,
                    events: row.n,
                });
                Ok(())
            },
        )?;
        Ok(groups.finish())
    }
}

/// A region's rows as one Arrow batch of [`REGION_COLUMNS`], from a `RowBinary` answer of
/// `ranged UInt8, start_s Int64, end_s Int64`, then the summary columns (`id`, `title`,
/// `start`, `end` as String, `actors` Array(String), `kind` String, `tags` Array(String)).
fn region_batch(answer: &mut RowBinary, ticket: &Ticket) -> Result<RecordBatch, QueryError> {
    let mut ranged = BooleanBuilder::new();
    let [mut start_s, mut end_s] = [Int64Builder::new(), Int64Builder::new()];
    let mut texts: [StringBuilder; 5] = std::array::from_fn(|_| StringBuilder::new());
    let [mut actors, mut tags] = [
        ListBuilder::new(StringBuilder::new()),
        ListBuilder::new(StringBuilder::new()),
    ];
    let mut text = String::new();
    // An Array(String): its length, then each string.
    fn list(
        answer: &mut RowBinary,
        into: &mut ListBuilder<StringBuilder>,
        text: &mut String,
    ) -> Result<(), QueryError> {
        for _ in 0..answer.length()? {
            answer.string(text)?;
            into.values().append_value(&*text);
        }
        into.append(true);
        Ok(())
    }
    let mut rows = 0u64;
    while answer.has_row()? {
        ranged.append_value(answer.u8()? != 0);
        start_s.append_value(answer.i64()?);
        end_s.append_value(answer.i64()?);
        // id, title, start, end; then the actors, the kind and the tags.
        for column in &mut texts[..4] {
            answer.string(&mut text)?;
            column.append_value(&text);
        }
        list(answer, &mut actors, &mut text)?;
        answer.string(&mut text)?;
        texts[4].append_value(&text);
        list(answer, &mut tags, &mut text)?;
        rows += 1;
        if rows.is_multiple_of(65_536) {
            ticket.check()?;
        }
    }
    let [mut id, mut title, mut start, mut end, mut kind] = texts;
    let columns: [ArrayRef; 10] = [
        Arc::new(ranged.finish()),
        Arc::new(start_s.finish()),
        Arc::new(end_s.finish()),
        Arc::new(id.finish()),
        Arc::new(title.finish()),
        Arc::new(start.finish()),
        Arc::new(end.finish()),
        Arc::new(actors.finish()),
        Arc::new(kind.finish()),
        Arc::new(tags.finish()),
    ];
    RecordBatch::try_from_iter(REGION_COLUMNS.into_iter().zip(columns))
        .map_err(|e| QueryError::Other(format!("a region's rows: {e}")))
}

/// How a query's rows meet its lanes: one row per lane of an event (`ARRAY JOIN actors AS
/// lane`), or one per event, its lanes a list.
#[derive(Clone, Copy)]
enum LanesAs {
    Joined,
    Lists,
}

/// The id of one of a ticket's queries (so [`Backend::stop`] can name them all), or none for
/// a ticket without an id.
fn query_id(ticket: &Ticket, what: &str) -> Option<String> {
    (!ticket.id.is_empty()).then(|| format!("{}-{what}", ticket.id))
}

/// A query thread's result; one that panicked is an error, not a lost answer.
fn joined<T>(
    handle: std::thread::ScopedJoinHandle<'_, Result<T, QueryError>>,
) -> Result<T, QueryError> {
    handle.join().unwrap_or_else(|_| {
        Err(QueryError::Other(
            "a query thread stopped unexpectedly".to_owned(),
        ))
    })
}

/// Adds the search and filters to a query's conditions, their values as external tables.
fn predicate_conditions<'a>(
    predicates: &'a Predicates,
    sql: &mut String,
    tables: &mut Vec<ExternalTable<'a>>,
) {
    if !predicates.search.is_empty() {
        sql.push_str(
            " AND positionCaseInsensitiveUTF8(title, (SELECT any(text) FROM view_search)) > 0",
        );
        tables.push(ExternalTable {
            name: "view_search",
            structure: "text String",
            rows: vec![predicates.search.as_str()],
        });
    }
    if !predicates.kinds.is_empty() {
        sql.push_str(" AND kind IN view_kinds");
        tables.push(ExternalTable {
            name: "view_kinds",
            structure: "kind String",
            rows: predicates.kinds.iter().map(String::as_str).collect(),
        });
    }
    if !predicates.tags.is_empty() {
        sql.push_str(" AND hasAny(tags, (SELECT groupArray(tag) FROM view_tags))");
        tables.push(ExternalTable {
            name: "view_tags",
            structure: "tag String",
            rows: predicates.tags.iter().map(String::as_str).collect(),
        });
    }
}

impl Backend for ClickHouse {
    fn describe(&self) -> String {
        self.url.display()
    }

    fn outline(&self, ticket: &Ticket) -> Result<Outline, QueryError> {
        let now = Timestamp::now();
        let mut extent = None;
        let mut event_count = 0;
        let sql = format!(
            "SELECT count() AS n, min(start_s) AS first, max({}) AS last FROM {} FORMAT JSONEachRow",
            end_expr(now),
            self.events()
        );
        self.client
            .query_rows(
                &sql,
                &[],
                query_id(ticket, "extent").as_deref(),
                |row: ExtentRow| {
                    event_count = row.n;
                    if let Ok(mut density) = self.density.lock() {
                        *density = Some(StartDensity {
                            events: row.n,
                            first: row.first,
                            last: row.last,
                        });
                    }
                    if row.n > 0 {
                        extent = Some(crate::time::TimeRange::new(
                            Timestamp(row.first),
                            Timestamp(row.last),
                        ));
                    }
                    Ok(())
                },
            )
            .map_err(|e| self.schema_error(e))?;
        ticket.check()?;
        if self.use_pyramid {
            self.pyramid
                .store(self.pyramid_counts(event_count, ticket), Ordering::Relaxed);
        }
        self.span_classes
            .store(self.has_column("span_class", ticket), Ordering::Relaxed);
        let mut lanes = Vec::new();
        let named = format!(
            "SELECT id, name, color FROM {} ORDER BY position, id FORMAT JSONEachRow",
            self.url.qualified(&format!("{}_lanes", self.url.table))
        );
        let result = self.client.query_rows(&named, &[], None, |row: LaneRow| {
            lanes.push(LaneInfo {
                name: if row.name.is_empty() {
                    row.id.clone()
                } else {
                    row.name
                },
                id: row.id,
                color: row.color,
            });
            Ok(())
        });
        match result {
            Ok(()) => {}
            // No lanes table (code 60: unknown table): the lanes are the actors the events name.
            Err(QueryError::Refused { message, .. }) if message.ends_with("(code 60)") => {
                let sql = format!(
                    "SELECT DISTINCT arrayJoin(actors) AS id FROM {} ORDER BY id FORMAT JSONEachRow",
                    self.events()
                );
                self.client.query_rows(&sql, &[], None, |row: LaneRow| {
                    lanes.push(LaneInfo {
                        name: row.id.clone(),
                        id: row.id,
                        color: String::new(),
                    });
                    Ok(())
                })?;
            }
            Err(other) => return Err(other),
        }
        self.lanes.found(lanes.len());
        Ok(Outline {
            title: format!("{}.{}", self.url.database, self.url.table),
            lanes,
            extent,
            event_count,
        })
    }

    fn answer(
        &self,
        query: &ViewQuery,
        now: Timestamp,
        ticket: &Ticket,
    ) -> Result<Answer, QueryError> {
        // A narrow window is answered from the rows of a region around it; any other is
        // counted first (from the pyramid when the window is wide and nothing is searched or
        // filtered, else in one pass over the window's events), and only the lanes few
        // enough to list are read again.
        let level = level_of(query).filter(|_| self.has_pyramid());
        if level.is_none()
            && let Some(region) = self.region_for(query, now, ticket)?
        {
            return region.answer(query, now, &self.url.display());
        }
        let columns = match level {
            Some(level) => self.pyramid_columns(query, level, now, ticket)?,
            None => self.lane_columns(query, now, ticket)?,
        };
        ticket.check()?;
        self.answer_from_columns(query, columns, now, ticket)
    }

    fn record(&self, id: &str, ticket: &Ticket) -> Result<Option<EventRecord>, QueryError> {
        let sql = format!(
            "SELECT {SUMMARY_COLUMNS}, description, source_titles, source_publishers, source_urls, source_dates \
             FROM {} WHERE id IN view_id LIMIT 1 FORMAT JSONEachRow",
            self.events()
        );
        let tables = [ExternalTable {
            name: "view_id",
            structure: "id String",
            rows: vec![id],
        }];
        let mut found = None;
        let table = self.url.display();
        self.client.query_rows(
            &sql,
            &tables,
            query_id(ticket, "record").as_deref(),
            |row: EventRow| {
                found = Some(row.into_record(&table)?);
                Ok(())
            },
        )?;
        Ok(found)
    }

    fn page(
        &self,
        query: &ViewQuery,
        after: Option<&PageCursor>,
        part: Option<Part>,
        limit: usize,
        now: Timestamp,
        ticket: &Ticket,
    ) -> Result<Page, QueryError> {
        let lanes: Vec<&str> = query.lanes.iter().map(String::as_str).collect();
        if lanes.is_empty() {
            return Ok(Page::default());
        }
        let density = self.density.lock().ok().and_then(|d| *d);
        let table = self.url.display();
        page_in_slices(query, after, limit, density, |slice, want| {
            let (mut conditions, mut tables) =
                self.conditions(query, &lanes, LanesAs::Lists, part, now);
            if let Some(slice) = slice {
                let _ = write!(
                    conditions,
                    " AND start_s >= {} AND start_s < {}",
                    slice.start, slice.end
                );
            }
            if let Some(after) = after {
                // The start alone first, which the primary key can skip by.
                let _ = write!(
                    conditions,
                    " AND start_s >= {start} AND (start_s > {start} OR id > (SELECT any(id) FROM view_after))",
                    start = after.start_s
                );
                tables.push(ExternalTable {
                    name: "view_after",
                    structure: "id String",
                    rows: vec![after.id.as_str()],
                });
            }
            let sql = format!(
                "SELECT start_s, {SUMMARY_COLUMNS} FROM {} WHERE {conditions} \
                 ORDER BY start_s, id LIMIT {want} FORMAT JSONEachRow",
                self.events(),
            );
            let mut found = Vec::new();
            self.client.query_rows(
                &sql,
                &tables,
                query_id(ticket, "page").as_deref(),
                |row: PageRow| {
                    found.push((row.start_s, row.event.into_record(&table)?));
                    Ok(())
                },
            )?;
            Ok(found)
        })
    }

    fn stop(&self, ticket: &Ticket) {
        // Our ticket ids are letters, digits and dashes (checked), so they can be written here.
        if ticket.id.is_empty()
            || !ticket
                .id
                .chars()
                .all(|c| c.is_ascii_alphanumeric() || c == '-')
        {
            return;
        }
        let mut sql = String::new();
        let _ = write!(
            sql,
            "KILL QUERY WHERE startsWith(query_id, '{}-')",
            ticket.id
        );
        let _ = self.client.execute(&sql);
    }
}

impl ClickHouse {
    /// The answer of a window counted so: the lanes few enough to list are read from the
    /// events.
    fn answer_from_columns(
        &self,
        query: &ViewQuery,
        columns: Counted,
        now: Timestamp,
        ticket: &Ticket,
    ) -> Result<Answer, QueryError> {
        let points = lanes_to_list(query, &columns, Part::Points);
        let ranges = lanes_to_list(query, &columns, Part::Ranges);
        let (points, ranges) = std::thread::scope(|scope| {
            let listed =
                scope.spawn(|| self.lane_events(query, &points, Part::Points, now, ticket));
            let ranges = self.lane_events(query, &ranges, Part::Ranges, now, ticket);
            (joined(listed), ranges)
        });
        Ok(answer_of(query, columns, [points?, ranges?]))
    }

    /// A failed first query on a table that is not there says which table, and how to make one.
    fn schema_error(&self, error: QueryError) -> QueryError {
        match error {
            QueryError::Refused { message, .. }
                if ["(code 60)", "(code 81)", "(code 47)"]
                    .iter()
                    .any(|code| message.ends_with(code)) =>
            {
                QueryError::Schema {
                    table: self.url.display(),
                    reason: format!(
                        "{message} Make one with `timelanes convert FILE -o {}`",
                        self.url.display()
                    ),
                }
            }
            other => other,
        }
    }
}
