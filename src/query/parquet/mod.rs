//! Parquet files as a backend: one file, a folder of them or a glob, larger than memory if
//! need be, answered by Apache DataFusion in SQL. Only what a view needs is read: the columns
//! its query names, and (the files being sorted by `start_s`, see `write`) the row groups
//! whose statistics overlap the window. `write` makes such files.
//!
//! Every value a user typed (a search, a lane id, a kind, a tag, an event id) is a query
//! parameter (`$1`, `$2`, …) bound as a value, never text in the SQL; the SQL itself is made
//! only of our own column names and numbers.

pub mod pyramid;
pub mod write;

use std::collections::HashMap;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use datafusion::arrow::array::{Array, AsArray, RecordBatch};
use datafusion::arrow::datatypes::DataType;
use datafusion::common::ScalarValue;
use datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;
use datafusion::parquet::file::reader::{FileReader, SerializedFileReader};
use datafusion::prelude::{ParquetReadOptions, SessionConfig, SessionContext};
use futures::StreamExt;

pub use crate::io::parquet_table::{files_of, is_parquet};
use crate::time::{TimeRange, Timestamp};

use super::columns::{column_as, counts, integers, lists, strings, text_list_type};
use super::groups::RowTally;
use super::pyramid::{CellRef, CellsPlan, HeldCells, level_of};
use super::region::{HeldRegion, Region, RegionPlan};
use super::schema::{EventRow, ONGOING_END, span_class_condition};
use super::{
    Answer, Backend, Counted, EventRecord, LaneCount, LaneInfo, Outline, Page, PageCursor, Part,
    Predicates, QueryError, StartDensity, Ticket, ViewQuery, answer_of, lanes_to_list,
    page_in_slices,
};

/// The columns a Parquet file needs to be read as events (the rest of the schema is optional).
const REQUIRED_COLUMNS: [&str; 7] = ["id", "title", "start", "end", "start_s", "end_s", "actors"];

/// Parquet files, as a backend.
pub struct ParquetFiles {
    /// As the user gave it: a file, a folder or a glob.
    location: String,
    files: Vec<PathBuf>,
    runtime: tokio::runtime::Runtime,
    ctx: SessionContext,
    /// Which optional columns the files have.
    has: HashMap<&'static str, bool>,
    /// Whether every file has its pyramid (registered as the table `pyramid`).
    pyramid: bool,
    /// The files' count and extent from their metadata, when every file has it.
    extent: Option<write::Extent>,
    /// The title and lanes the first file keeps in its metadata (files made elsewhere have
    /// none).
    stored: Option<(String, Vec<LaneInfo>)>,
    /// How many lanes the table has, once its outline is read.
    lanes: LaneCount,
    /// The rows around the last narrow window (see `query::region`), while they serve the
    /// next.
    region: HeldRegion,
    /// The cells of the last wide window, while they count the next.
    cells: HeldCells,
}

/// Whether the Parquet files `path` names are a table of other columns than the events
/// table's (its first file, read by its footer alone): such a table is mapped and loaded as
/// a CSV file is (`io::parquet_table`). Files that cannot be read are not: opening them says
/// why.
pub fn has_other_columns(path: &Path) -> bool {
    let Some(first) = files_of(path)
        .ok()
        .and_then(|files| files.into_iter().next())
    else {
        return false;
    };
    let Ok(reader) = std::fs::File::open(first)
        .map_err(|e| e.to_string())
        .and_then(|f| ParquetRecordBatchReaderBuilder::try_new(f).map_err(|e| e.to_string()))
    else {
        return false;
    };
    let schema = reader.schema();
    REQUIRED_COLUMNS
        .iter()
        .any(|column| schema.field_with_name(column).is_err())
}

/// Query values, each bound to a numbered placeholder.
#[derive(Default)]
struct Params(Vec<ScalarValue>);

impl Params {
    /// Binds `value` and returns its placeholder.
    fn text(&mut self, value: &str) -> String {
        self.0.push(ScalarValue::Utf8(Some(value.to_owned())));
        format!("${}", self.0.len())
    }

    /// Binds each of `values`; returns their placeholders as a list `($1, $2)`.
    fn list<S: AsRef<str>>(&mut self, values: &[S]) -> String {
        let placeholders: Vec<String> = values.iter().map(|v| self.text(v.as_ref())).collect();
        format!("({})", placeholders.join(", "))
    }
}

/// The SQL of an event's effective end: an ongoing event runs to `now`.
fn end_expr(now: Timestamp) -> String {
    format!(
        "(CASE WHEN end_s = {ONGOING_END} THEN greatest({}, start_s) ELSE end_s END)",
        now.0
    )
}

/// A LIKE pattern matching text that contains `needle` (already lower-cased), with `\` as
/// the escape: `%`, `_` and `\` in a search are themselves.
fn contains_pattern(needle: &str) -> String {
    let mut pattern = String::with_capacity(needle.len() + 2);
    pattern.push('%');
    for c in needle.chars() {
        if matches!(c, '%' | '_' | '\\') {
            pattern.push('\\');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// Adds the search and filters to a query's conditions, their values as parameters.
fn predicate_conditions(predicates: &Predicates, sql: &mut String, params: &mut Params) {
    if !predicates.search.is_empty() {
        let pattern = params.text(&contains_pattern(&predicates.search.to_lowercase()));
        // Backslash is LIKE's escape here, the only one DataFusion takes.
        sql.push_str(&format!(" AND lower(title) LIKE {pattern}"));
    }
    if !predicates.kinds.is_empty() {
        sql.push_str(&format!(" AND kind IN {}", params.list(&predicates.kinds)));
    }
    if !predicates.tags.is_empty() {
        let any: Vec<String> = predicates
            .tags
            .iter()
            .map(|tag| format!("array_has(tags, {})", params.text(tag)))
            .collect();
        sql.push_str(&format!(" AND ({})", any.join(" OR ")));
    }
}

/// Waits until `ticket` is cancelled (a query racing it is then dropped, which stops it).
async fn cancelled(ticket: &Ticket) {
    while !ticket.is_cancelled() {
        tokio::time::sleep(Duration::from_millis(5)).await;
    }
}

impl ParquetFiles {
    /// Opens the files `location` names and checks they hold events. Reads only their footers.
    pub fn open(location: &Path) -> Result<Self, QueryError> {
        let shown = location.display().to_string();
        let files = files_of(location).map_err(QueryError::Other)?;
        // As many engine threads as cores: they run at a lower priority than the window's
        // (`give_way_to_the_window`), which wins a core whenever it wants one. On two cores a
        // second thread took a wide window's step p95 from 176-231 to 132-160 ms with the
        // frames drawn while it ran no slower (BENCHMARKS.md); one core fewer left one idle
        // for a window that mostly waits.
        let threads = std::thread::available_parallelism().map_or(1, |n| n.get());
        let runtime = tokio::runtime::Builder::new_multi_thread()
            .worker_threads(threads)
            .on_thread_start(super::give_way_to_the_window)
            .enable_time()
            .thread_name("parquet-query")
            .build()
            .map_err(|e| QueryError::Other(format!("cannot start the query engine: {e}")))?;
        // Strings read as the files hold them, not as the views DataFusion prefers: every
        // answer is read here as plain strings, and a view array would be copied into one
        // (a region's titles, a million cells' lanes and ids). Statistics are gathered at
        // open so that counts and extents come from the footers.
        let mut config = SessionConfig::new()
            .with_target_partitions(threads)
            .with_collect_statistics(true)
            .with_information_schema(false);
        config
            .options_mut()
            .execution
            .parquet
            .schema_force_view_types = false;
        let ctx = SessionContext::new_with_config(config);
        let paths: Vec<String> = files
            .iter()
            .map(|f| std::path::absolute(f).unwrap_or_else(|_| f.clone()))
            .map(|f| f.to_string_lossy().into_owned())
            .collect();
        // Each file's footer metadata, read once: its pyramid, extent, lanes and title.
        let footers: Vec<HashMap<String, String>> =
            files.iter().map(|f| footer_values(f)).collect();
        let pyramids: Option<Vec<String>> = files
            .iter()
            .zip(&footers)
            .map(|(f, values)| pyramid::matching_sidecar(f, values))
            .map(|p| p.map(|p| std::path::absolute(&p).unwrap_or(p)))
            .map(|p| p.map(|p| p.to_string_lossy().into_owned()))
            .collect();
        let extent = footers
            .iter()
            .map(|values| {
                values
                    .get(write::EXTENT_KEY)
                    .and_then(|json| serde_json::from_str::<write::Extent>(json).ok())
            })
            .try_fold(write::Extent::default(), |all, one| Some(all.join(one?)));
        let stored = footers.first().and_then(stored_outline);
        let fields = runtime.block_on(async {
            let frame = ctx
                .read_parquet(paths, ParquetReadOptions::default())
                .await?;
            if let Some(pyramids) = &pyramids {
                let options = ParquetReadOptions {
                    file_extension: ".pyramid",
                    ..ParquetReadOptions::default()
                };
                let cells = ctx.read_parquet(pyramids.clone(), options).await?;
                ctx.register_table("pyramid", cells.into_view())?;
            }
            let fields: Vec<String> = frame
                .schema()
                .fields()
                .iter()
                .map(|f| f.name().clone())
                .collect();
            ctx.register_table("events", frame.into_view())?;
            Ok::<_, datafusion::error::DataFusionError>(fields)
        });
        let fields = fields.map_err(|e| QueryError::Schema {
            table: shown.clone(),
            reason: format!("it cannot be read as Parquet: {e}"),
        })?;
        let missing: Vec<&str> = REQUIRED_COLUMNS
            .iter()
            .copied()
            .filter(|c| !fields.iter().any(|f| f == c))
            .collect();
        if !missing.is_empty() {
            return Err(QueryError::Schema {
                table: shown,
                reason: format!(
                    "it has no column {} (its columns: {}). A Parquet file of events is written \
                     by `timelanes convert FILE -o OUT.parquet`",
                    missing.join(", "),
                    fields.join(", ")
                ),
            });
        }
        let has = [
            "span_class",
            "kind",
            "tags",
            "description",
            "source_titles",
            "source_publishers",
            "source_urls",
            "source_dates",
        ]
        .into_iter()
        .map(|c| (c, fields.iter().any(|f| f == c)))
        .collect();
        Ok(Self {
            location: shown,
            files,
            runtime,
            ctx,
            has,
            pyramid: pyramids.is_some(),
            extent,
            stored,
            lanes: LaneCount::default(),
            region: HeldRegion::default(),
            cells: HeldCells::default(),
        })
    }

    /// Whether wide windows are answered from the files' pyramids.
    pub fn has_pyramid(&self) -> bool {
        self.pyramid
    }

    /// The same files answered from their events alone (to check the pyramid against them).
    pub fn ignoring_pyramid(mut self) -> Self {
        self.pyramid = false;
        self
    }

    /// The same files with each narrow window read by a query of its own, not through a
    /// region (to check the regions against them).
    pub fn without_regions(mut self) -> Self {
        self.region = HeldRegion::off();
        self
    }

    /// How many regions of rows have been read so far.
    pub fn regions_read(&self) -> usize {
        self.region.reads()
    }

    /// How the files' starts are spread, from their metadata.
    fn density(&self, now: Timestamp) -> Option<StartDensity> {
        let extent = self.extent?;
        Some(StartDensity {
            events: extent.events,
            first: extent.first?,
            last: extent.last(now.0)?,
        })
    }

    /// The region that answers `query` (see `query::region`): the one held if it serves,
    /// else a new one read around its window. None when the window is to be counted by
    /// queries of its own.
    async fn region_for(
        &self,
        query: &ViewQuery,
        now: Timestamp,
        ticket: &Ticket,
    ) -> Result<Option<Arc<Region>>, QueryError> {
        let (covers, around) = match self.region.plan(query, now, self.density(now)) {
            RegionPlan::Held(region) => return Ok(Some(region)),
            RegionPlan::ByItself => return Ok(None),
            RegionPlan::Read { covers, around } => (covers, around),
        };
        let every_lane = self.lanes.asks_every_lane(&query.lanes);
        let mut params = Params::default();
        let lane_list = (!every_lane).then(|| params.list(&query.lanes));
        let conditions = self.conditions(&around, lane_list.as_deref(), None, now, &mut params);
        let sql = format!(
            "SELECT \"end\" <> '' AS ranged, start_s, end_s, {} FROM events WHERE {conditions}",
            self.summary_columns()
        );
        let batches = self.run_async(&sql, params, ticket).await?;
        let region = Region::new(covers, query, every_lane, now, &batches)?;
        Ok(Some(self.region.hold(region)))
    }

    /// A column the query reads, or a constant when the files lack that optional column.
    fn optional(&self, column: &'static str) -> String {
        let list = column != "kind" && column != "description";
        match (self.has.get(column).copied().unwrap_or(false), list) {
            (true, _) => column.to_owned(),
            (false, true) => format!("arrow_cast(make_array(), 'List(Utf8)') AS {column}"),
            (false, false) => format!("'' AS {column}"),
        }
    }

    /// The columns of an event the window draws.
    fn summary_columns(&self) -> String {
        format!(
            "id, title, start, \"end\", actors, {}, {}",
            self.optional("kind"),
            self.optional("tags")
        )
    }

    /// Runs one query with its parameters; stops when `ticket` is cancelled.
    fn run(
        &self,
        sql: &str,
        params: Params,
        ticket: &Ticket,
    ) -> Result<Vec<RecordBatch>, QueryError> {
        super::give_way_to_the_window();
        self.runtime.block_on(self.run_async(sql, params, ticket))
    }

    async fn run_async(
        &self,
        sql: &str,
        params: Params,
        ticket: &Ticket,
    ) -> Result<Vec<RecordBatch>, QueryError> {
        let mut batches = Vec::new();
        self.run_each_async(sql, params, ticket, |batch| {
            batches.push(batch);
            Ok(())
        })
        .await?;
        Ok(batches)
    }

    /// Runs `sql` and hands each batch of its answer to `each` as it comes, so that a big
    /// answer is never held whole (a wide window's million pyramid cells are added up while
    /// the batch is still in the cache); stops when `ticket` is cancelled.
    async fn run_each_async(
        &self,
        sql: &str,
        params: Params,
        ticket: &Ticket,
        mut each: impl FnMut(RecordBatch) -> Result<(), QueryError>,
    ) -> Result<(), QueryError> {
        let refused = |e: datafusion::error::DataFusionError| QueryError::Refused {
            server: self.location.clone(),
            message: e.to_string(),
        };
        let query = async {
            let frame = self.ctx.sql(sql).await.map_err(refused)?;
            let frame = if params.0.is_empty() {
                frame
            } else {
                frame.with_param_values(params.0).map_err(refused)?
            };
            let mut stream = frame.execute_stream().await.map_err(refused)?;
            while let Some(batch) = stream.next().await {
                each(batch.map_err(refused)?)?;
            }
            Ok(())
        };
        tokio::select! {
            result = query => result,
            () = cancelled(ticket) => Err(QueryError::Cancelled),
        }
    }

    /// The conditions of a window query on the events table (before lanes are split out),
    /// with the predicates; the rows are in one of `lanes`, or in any lane when it is `None`.
    fn conditions(
        &self,
        query: &ViewQuery,
        lanes: Option<&str>,
        part: Option<Part>,
        now: Timestamp,
        params: &mut Params,
    ) -> String {
        let range = query.window.to_range();
        // The lanes are tested before the lists are unnested (most rows leave here), and
        // again after, for the lane each row now stands for. `end_s` alone (weaker than the
        // effective end, which an ongoing event takes from now) lets the row groups of
        // ranges that ended before the window be skipped by their statistics.
        let mut sql = format!(
            "start_s <= {} AND {} >= {start} AND end_s >= {start}",
            range.end.0,
            end_expr(now),
            start = range.start.0
        );
        if let Some(lanes) = lanes {
            sql.push_str(&format!(" AND array_has_any(actors, make_array{lanes})"));
        }
        if self.has.get("span_class").copied().unwrap_or(false) {
            // Each class only from the starts that can reach the window: the row groups
            // of the others are skipped by their statistics (see `write`).
            sql.push_str(&format!(" AND {}", span_class_condition(range.start.0)));
        }
        match part {
            Some(Part::Points) => sql.push_str(" AND \"end\" = ''"),
            Some(Part::Ranges) => sql.push_str(" AND \"end\" <> ''"),
            None => {}
        }
        predicate_conditions(&query.predicates, &mut sql, params);
        sql
    }

    /// The events of `lanes` in the window, in (start, id) order per lane.
    async fn lane_events(
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
        let mut params = Params::default();
        let lane_list = params.list(lanes);
        let conditions = self.conditions(query, Some(&lane_list), Some(part), now, &mut params);
        let sql = format!(
            "SELECT lane, id, title, start, \"end\", actors, kind, tags FROM \
             (SELECT unnest(actors) AS lane, start_s, {columns} FROM events WHERE {conditions}) \
             WHERE lane IN {lane_list} ORDER BY lane, start_s, id",
            columns = self.summary_columns()
        );
        for batch in self.run_async(&sql, params, ticket).await? {
            for (lane, row) in rows(&batch, false)? {
                events
                    .entry(lane)
                    .or_default()
                    .push(row.into_record(&self.location)?);
            }
        }
        Ok(events)
    }

    /// The per-column counts of every lane of the query from the pyramid at `level` (see
    /// `pyramid`): a few cells per column and lane, however many events the window holds.
    async fn pyramid_columns(
        &self,
        query: &ViewQuery,
        level: usize,
        now: Timestamp,
        ticket: &Ticket,
    ) -> Result<Counted, QueryError> {
        if query.lanes.is_empty() {
            return Ok(HashMap::new());
        }
        let (mut tally, condition) = match self.cells.plan(query, level) {
            CellsPlan::Held(held) => return Ok(held.columns(query, now)),
            CellsPlan::Read { tally, condition } => (*tally, condition),
        };
        let mut params = Params::default();
        // A lane not asked for is counted and then left out of the answer: cheaper than
        // testing every cell's lane when the query asks for them all.
        let lanes = if self.lanes.asks_every_lane(tally.lanes()) {
            String::new()
        } else {
            format!("lane IN {} AND ", params.list(tally.lanes()))
        };
        let sql = format!(
            "SELECT level, bucket, lane, ranged, starts, ends, ongoing \
             FROM pyramid WHERE {lanes}{condition}"
        );
        // Added up as they are read, their texts borrowed: a wide window reads a million cells.
        self.run_each_async(&sql, params, ticket, |batch| {
            let batch = &batch;
            let levels = integers(batch, "level")?;
            let bucket = integers(batch, "bucket")?;
            let lane = column_as(batch, "lane", &DataType::Utf8)?;
            let lane = lane.as_string::<i32>();
            let ranged = column_as(batch, "ranged", &DataType::Boolean)?;
            let ranged = ranged.as_boolean();
            let starts = integers(batch, "starts")?;
            let ends = integers(batch, "ends")?;
            let ongoing = integers(batch, "ongoing")?;
            for i in 0..batch.num_rows() {
                tally.add(CellRef {
                    level: levels[i] as usize,
                    bucket: bucket[i],
                    lane: lane.value(i),
                    ranged: ranged.value(i),
                    starts: starts[i],
                    ends: ends[i],
                    ongoing: ongoing[i],
                });
            }
            Ok(())
        })
        .await?;
        Ok(self.cells.hold(tally).columns(query, now))
    }

    /// The per-column counts of every lane of the query, instants and ranges apart, with
    /// their totals (by [`super::column_range`]'s rule), from the window's rows themselves:
    /// each read once with its lanes, part and span, and counted here ([`RowTally`]).
    /// Grouping them in SQL instead (one row per lane of an event, hashed by lane and
    /// columns) took three times as long.
    async fn lane_columns(
        &self,
        query: &ViewQuery,
        now: Timestamp,
        ticket: &Ticket,
    ) -> Result<Counted, QueryError> {
        if query.lanes.is_empty() {
            return Ok(HashMap::new());
        }
        // The lanes are tested here too (a row's lanes not asked for are passed over), so
        // the SQL tests them only when it leaves some lanes out.
        let test_lanes = !self.lanes.asks_every_lane(&query.lanes);
        let mut params = Params::default();
        let lane_list = test_lanes.then(|| params.list(&query.lanes));
        let conditions = self.conditions(query, lane_list.as_deref(), None, now, &mut params);
        let sql = format!(
            "SELECT actors, \"end\" <> '' AS ranged, start_s, {end} AS end_e FROM events \
             WHERE {conditions}",
            end = end_expr(now),
        );
        let batches = self.run_async(&sql, params, ticket).await?;
        let mut tally = RowTally::new(query);
        let list_type = text_list_type();
        for batch in &batches {
            let actors = column_as(batch, "actors", &list_type)?;
            let actors = actors.as_list::<i32>();
            let names = actors.values().as_string::<i32>();
            let offsets = actors.value_offsets();
            let ranged = column_as(batch, "ranged", &DataType::Boolean)?;
            let ranged = ranged.as_boolean();
            let start = integers(batch, "start_s")?;
            let end = integers(batch, "end_e")?;
            for row in 0..batch.num_rows() {
                let lanes = (offsets[row] as usize..offsets[row + 1] as usize)
                    .filter(|&j| !names.is_null(j))
                    .map(|j| names.value(j));
                let part = if ranged.value(row) {
                    Part::Ranges
                } else {
                    Part::Points
                };
                tally.add(lanes, part, start[row], end[row]);
            }
        }
        Ok(tally.finish())
    }

    /// The events' count and extent, counted (files written without them in their metadata).
    fn counted_extent(
        &self,
        now: Timestamp,
        ticket: &Ticket,
    ) -> Result<(u64, Option<TimeRange>), QueryError> {
        let sql = format!(
            "SELECT count(*) AS n, min(start_s) AS first, max({}) AS last FROM events",
            end_expr(now)
        );
        let mut extent = None;
        let mut event_count = 0;
        for batch in self.run(&sql, Params::default(), ticket)? {
            let n = counts(&batch, "n")?;
            let first = integers(&batch, "first")?;
            let last = integers(&batch, "last")?;
            if let (Some(&n), Some(&first), Some(&last)) = (n.first(), first.first(), last.first())
            {
                event_count = n;
                if n > 0 {
                    extent = Some(TimeRange::new(Timestamp(first), Timestamp(last)));
                }
            }
        }
        Ok((event_count, extent))
    }

    /// The outline of events counted and spread so: with the lanes and title as written.
    fn outline_with(
        &self,
        event_count: u64,
        extent: Option<TimeRange>,
        ticket: &Ticket,
    ) -> Result<Outline, QueryError> {
        // The lanes as written; files made elsewhere name their lanes by the actors alone.
        let (title, lanes) = match self.stored.clone() {
            Some((title, lanes)) => (title, lanes),
            None => {
                let mut lanes = Vec::new();
                let sql = "SELECT DISTINCT unnest(actors) AS id FROM events ORDER BY id";
                for batch in self.run(sql, Params::default(), ticket)? {
                    for id in strings(&batch, "id")? {
                        lanes.push(LaneInfo {
                            name: id.clone(),
                            id,
                            color: String::new(),
                        });
                    }
                }
                (String::new(), lanes)
            }
        };
        let title = if title.is_empty() {
            self.files
                .first()
                .and_then(|f| f.file_stem())
                .map(|s| s.to_string_lossy().into_owned())
                .unwrap_or_else(|| self.location.clone())
        } else {
            title
        };
        self.lanes.found(lanes.len());
        Ok(Outline {
            title,
            lanes,
            extent,
            event_count,
        })
    }
}

/// The rows of an events query: each with its lane (when the query has one) as an
/// [`EventRow`] to check.
fn rows(batch: &RecordBatch, full: bool) -> Result<Vec<(String, EventRow)>, QueryError> {
    let n = batch.num_rows();
    let lane = if batch.column_by_name("lane").is_some() {
        strings(batch, "lane")?
    } else {
        vec![String::new(); n]
    };
    let id = strings(batch, "id")?;
    let title = strings(batch, "title")?;
    let start = strings(batch, "start")?;
    let end = strings(batch, "end")?;
    let actors = lists(batch, "actors")?;
    let kind = strings(batch, "kind")?;
    let tags = lists(batch, "tags")?;
    let empty_texts = || vec![String::new(); n];
    let empty_lists = || vec![Vec::new(); n];
    let (description, titles, publishers, urls, dates) = if full {
        (
            strings(batch, "description")?,
            lists(batch, "source_titles")?,
            lists(batch, "source_publishers")?,
            lists(batch, "source_urls")?,
            lists(batch, "source_dates")?,
        )
    } else {
        (
            empty_texts(),
            empty_lists(),
            empty_lists(),
            empty_lists(),
            empty_lists(),
        )
    };
    let mut columns = (
        lane.into_iter(),
        id.into_iter(),
        title.into_iter(),
        start.into_iter(),
        end.into_iter(),
        actors.into_iter(),
        kind.into_iter(),
        tags.into_iter(),
        description.into_iter(),
        titles.into_iter(),
        publishers.into_iter(),
        urls.into_iter(),
        dates.into_iter(),
    );
    let mut out = Vec::with_capacity(n);
    for _ in 0..n {
        let next_text = |it: &mut std::vec::IntoIter<String>| it.next().unwrap_or_default();
        let lane = next_text(&mut columns.0);
        let row = EventRow {
            lane: String::new(),
            id: next_text(&mut columns.1),
            title: next_text(&mut columns.2),
            start: next_text(&mut columns.3),
            end: next_text(&mut columns.4),
            actors: columns.5.next().unwrap_or_default(),
            kind: next_text(&mut columns.6),
            tags: columns.7.next().unwrap_or_default(),
            description: next_text(&mut columns.8),
            source_titles: columns.9.next().unwrap_or_default(),
            source_publishers: columns.10.next().unwrap_or_default(),
            source_urls: columns.11.next().unwrap_or_default(),
            source_dates: columns.12.next().unwrap_or_default(),
        };
        out.push((lane, row));
    }
    Ok(out)
}

/// The key-value metadata in a Parquet file's footer (none when it cannot be read: opening
/// the file then says why).
pub(crate) fn footer_values(file: &Path) -> HashMap<String, String> {
    let Some(reader) = std::fs::File::open(file)
        .ok()
        .and_then(|f| SerializedFileReader::new(f).ok())
    else {
        return HashMap::new();
    };
    reader
        .metadata()
        .file_metadata()
        .key_value_metadata()
        .into_iter()
        .flatten()
        .filter_map(|kv| Some((kv.key.clone(), kv.value.clone()?)))
        .collect()
}

/// The title and lanes a file written by `write` keeps in its metadata (`values`).
fn stored_outline(values: &HashMap<String, String>) -> Option<(String, Vec<LaneInfo>)> {
    let lanes: Vec<write::StoredLane> = serde_json::from_str(values.get(write::LANES_KEY)?).ok()?;
    let title = values.get(write::TITLE_KEY).cloned().unwrap_or_default();
    Some((
        title,
        lanes
            .into_iter()
            .map(|lane| LaneInfo {
                name: if lane.name.is_empty() {
                    lane.id.clone()
                } else {
                    lane.name
                },
                id: lane.id,
                color: lane.color,
            })
            .collect(),
    ))
}

impl Backend for ParquetFiles {
    fn describe(&self) -> String {
        self.location.clone()
    }

    fn outline(&self, ticket: &Ticket) -> Result<Outline, QueryError> {
        let now = Timestamp::now();
        let (event_count, extent) = match self.extent {
            // From the footers, as written.
            Some(written) => (
                written.events,
                written
                    .first
                    .zip(written.last(now.0))
                    .map(|(first, last)| TimeRange::new(Timestamp(first), Timestamp(last))),
            ),
            None => self.counted_extent(now, ticket)?,
        };
        self.outline_with(event_count, extent, ticket)
    }

    fn answer(
        &self,
        query: &ViewQuery,
        now: Timestamp,
        ticket: &Ticket,
    ) -> Result<Answer, QueryError> {
        super::give_way_to_the_window();
        self.runtime.block_on(async {
            // A narrow window is answered from the rows of a region around it; any other is
            // counted first (from the pyramid when the window is wide and nothing is searched
            // or filtered, else in one pass over the window's events), and only the lanes
            // few enough to list are read again.
            let level = level_of(query).filter(|_| self.pyramid);
            if level.is_none()
                && let Some(region) = self.region_for(query, now, ticket).await?
            {
                return region.answer(query, now, &self.location);
            }
            let columns = match level {
                Some(level) => self.pyramid_columns(query, level, now, ticket).await?,
                None => self.lane_columns(query, now, ticket).await?,
            };
            ticket.check()?;
            let points = lanes_to_list(query, &columns, Part::Points);
            let ranges = lanes_to_list(query, &columns, Part::Ranges);
            let (points, ranges) = tokio::try_join!(
                self.lane_events(query, &points, Part::Points, now, ticket),
                self.lane_events(query, &ranges, Part::Ranges, now, ticket),
            )?;
            Ok(answer_of(query, columns, [points, ranges]))
        })
    }

    fn record(&self, id: &str, ticket: &Ticket) -> Result<Option<EventRecord>, QueryError> {
        let mut params = Params::default();
        let id = params.text(id);
        let sql = format!(
            "SELECT {}, {}, {}, {}, {}, {} FROM events WHERE id = {id} LIMIT 1",
            self.summary_columns(),
            self.optional("description"),
            self.optional("source_titles"),
            self.optional("source_publishers"),
            self.optional("source_urls"),
            self.optional("source_dates"),
        );
        for batch in self.run(&sql, params, ticket)? {
            if let Some((_, row)) = rows(&batch, true)?.into_iter().next() {
                return Ok(Some(row.into_record(&self.location)?));
            }
        }
        Ok(None)
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
        if query.lanes.is_empty() {
            return Ok(Page::default());
        }
        page_in_slices(query, after, limit, self.density(now), |slice, want| {
            let mut params = Params::default();
            let lane_list = params.list(&query.lanes);
            let mut conditions = self.conditions(query, Some(&lane_list), part, now, &mut params);
            if let Some(slice) = slice {
                conditions.push_str(&format!(
                    " AND start_s >= {} AND start_s < {}",
                    slice.start, slice.end
                ));
            }
            if let Some(after) = after {
                // The start alone first, which the row groups' statistics can skip by.
                conditions.push_str(&format!(
                    " AND start_s >= {start} AND (start_s > {start} OR id > {id})",
                    start = after.start_s,
                    id = params.text(&after.id)
                ));
            }
            let sql = format!(
                "SELECT start_s, {} FROM events WHERE {conditions} ORDER BY start_s, id LIMIT {want}",
                self.summary_columns(),
            );
            let mut found = Vec::new();
            for batch in self.run(&sql, params, ticket)? {
                let starts = integers(&batch, "start_s")?;
                for (start_s, (_, row)) in starts.into_iter().zip(rows(&batch, false)?) {
                    found.push((start_s, row.into_record(&self.location)?));
                }
            }
            Ok(found)
        })
    }

    fn stop(&self, ticket: &Ticket) {
        // The query racing the ticket is dropped when it sees the cancel: nothing to send.
        ticket.cancel();
    }
}
