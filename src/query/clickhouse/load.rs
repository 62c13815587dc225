//! Making a Timelanes table on a ClickHouse server and filling it from a loaded dataset:
//! `timelanes convert FILE -o clickhouse://HOST:PORT/DB.TABLE`. Rows go in batches as JSON
//! lines (the server parses them; nothing is spliced into SQL), sorted by time so the
//! table's primary key prunes a window's reads. The table's pyramid (`query::pyramid`) is
//! built as the events go in and loaded into `TABLE_pyramid`, and last of all a row at level
//! −1 that counts the events it was built from: a pyramid that does not count the table's
//! events (a load cut short, rows added since) is never used.

use serde::Serialize;

use crate::model::Dataset;
use crate::query::memory::fallback_id;
use crate::query::pyramid::{CellRef, CellSink, PyramidBuilder};
use crate::query::schema::{StoredEvent, events_in_time_order};
use crate::query::{EventRecord, LaneInfo, QueryError};

use super::TableUrl;
use super::http::Client;

/// Rows per insert: large enough to be quick, small enough to show progress.
const BATCH: usize = 50_000;

/// The `CREATE TABLE` of an events table (for a cluster, made on every shard, with a
/// `Distributed` table over them), sorted by span class, then time: a window reads, per
/// class, only the starts that can reach it.
pub fn create_events_sql(database: &str, table: &str) -> String {
    format!(
        "CREATE TABLE `{database}`.`{table}` (\
         id String, title String, start String, `end` String, start_s Int64, end_s Int64, \
         span_class Int32, actors Array(String), kind String, tags Array(String), \
         description String, source_titles Array(String), source_publishers Array(String), \
         source_urls Array(String), source_dates Array(String)) \
         ENGINE = MergeTree ORDER BY (span_class, start_s, id)"
    )
}

/// The `CREATE TABLE` of the pyramid beside an events table (`TABLE_pyramid`; for a
/// cluster, made on every shard beside its local table, with a `Distributed` table over them
/// named after the distributed events table).
pub fn create_pyramid_sql(database: &str, table: &str) -> String {
    format!(
        "CREATE TABLE `{database}`.`{table}_pyramid` (\
         level Int32, bucket Int64, lane String, starts Int64, ends Int64, ongoing Int64, \
         range_starts Int64, range_ends Int64, range_ongoing Int64) ENGINE = MergeTree ORDER BY (level, bucket, lane)"
    )
}

/// The `CREATE TABLE` of the lanes table beside an events table.
pub fn create_lanes_sql(database: &str, table: &str) -> String {
    format!(
        "CREATE TABLE `{database}`.`{table}_lanes` (id String, name String, color String, position UInt32) ENGINE = TinyLog"
    )
}

#[derive(Serialize)]
struct LaneRow<'a> {
    id: &'a str,
    name: &'a str,
    color: &'a str,
    /// The lane's place, top to bottom.
    position: u32,
}

/// Creates the database (if needed), the events table and its lanes table, and loads
/// `dataset` into them; `progress` hears how many events are in so far. A table that exists
/// already is refused, so nothing is loaded twice.
pub fn create_and_load(
    url: &TableUrl,
    dataset: &Dataset,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(), QueryError> {
    let client = Client::new(url.server.clone());
    client.execute(&format!("CREATE DATABASE IF NOT EXISTS `{}`", url.database))?;
    client.execute(&create_events_sql(&url.database, &url.table))?;
    client.execute(&create_lanes_sql(&url.database, &url.table))?;
    client.execute(&create_pyramid_sql(&url.database, &url.table))?;
    load_lanes(&client, url, &crate::query::schema::lanes_of(dataset))?;
    load_events(&client, url, dataset, progress)
}

/// Inserts `lanes`, in their order, into `TABLE_lanes`.
pub fn load_lanes(client: &Client, url: &TableUrl, lanes: &[LaneInfo]) -> Result<(), QueryError> {
    let mut body = Vec::new();
    for (position, lane) in lanes.iter().enumerate() {
        let row = LaneRow {
            id: &lane.id,
            name: &lane.name,
            color: &lane.color,
            position: position as u32,
        };
        serde_json::to_writer(&mut body, &row).map_err(|e| QueryError::Other(e.to_string()))?;
        body.push(b'\n');
    }
    client.insert(
        &format!(
            "INSERT INTO `{}`.`{}_lanes` FORMAT JSONEachRow",
            url.database, url.table
        ),
        body,
    )
}

/// Inserts the dataset's events into the events table, in time order, a batch at a time
/// (on a `Distributed` table, each batch is spread over the shards before the next is sent),
/// and their pyramid into `TABLE_pyramid`.
pub fn load_events(
    client: &Client,
    url: &TableUrl,
    dataset: &Dataset,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(), QueryError> {
    let order = events_in_time_order(dataset);
    let total = order.len();
    let mut inserter = Inserter::with_pyramid(client, url);
    for (i, event) in order.iter().enumerate() {
        let record = EventRecord::of_event(dataset, event, || fallback_id(event.file_index()));
        inserter.push(&record)?;
        if (i + 1) % BATCH == 0 {
            progress(i + 1, total);
        }
    }
    inserter.finish()?;
    progress(total, total);
    Ok(())
}

/// Rows sent to a table as they come, a batch of JSON lines at a time: a table of any size
/// filled without holding it.
struct Batches<'c> {
    client: &'c Client,
    insert: String,
    body: Vec<u8>,
    rows: usize,
}

impl<'c> Batches<'c> {
    fn new(client: &'c Client, url: &TableUrl, table: &str) -> Self {
        Self {
            client,
            insert: format!(
                "INSERT INTO `{}`.`{table}` FORMAT JSONEachRow",
                url.database
            ),
            body: Vec::with_capacity(BATCH * 256),
            rows: 0,
        }
    }

    fn push(&mut self, row: &impl Serialize) -> Result<(), QueryError> {
        serde_json::to_writer(&mut self.body, row).map_err(|e| QueryError::Other(e.to_string()))?;
        self.body.push(b'\n');
        self.rows += 1;
        if self.rows >= BATCH {
            self.send()?;
        }
        Ok(())
    }

    fn send(&mut self) -> Result<(), QueryError> {
        if self.rows > 0 {
            let body = std::mem::replace(&mut self.body, Vec::with_capacity(BATCH * 256));
            self.client.insert(&self.insert, body)?;
            self.rows = 0;
        }
        Ok(())
    }
}

/// A row of `TABLE_pyramid`: one bucket of one lane, its instants' cell and its ranges' side
/// by side (half the rows of a cell each, so a wide window reads half as many).
#[derive(Serialize, Default)]
struct PyramidRow {
    level: i32,
    bucket: i64,
    lane: String,
    starts: i64,
    ends: i64,
    ongoing: i64,
    range_starts: i64,
    range_ends: i64,
    range_ongoing: i64,
}

/// The pyramid's cells, sent to `TABLE_pyramid` in batches. A failed insert is kept to be
/// said as it was (the builder speaks `std::io`).
struct PyramidBatches<'c> {
    batches: Batches<'c>,
    /// The row of the last cell, until the next shows whether it is of the same bucket and
    /// lane (the builder hands on a bucket's instants, then its ranges).
    pending: Option<PyramidRow>,
    failed: Option<QueryError>,
}

impl PyramidBatches<'_> {
    /// Sends the pending row.
    fn flush(&mut self) -> Result<(), QueryError> {
        match self.pending.take() {
            Some(row) => self.batches.push(&row),
            None => Ok(()),
        }
    }
}

impl CellSink for PyramidBatches<'_> {
    fn cell(&mut self, cell: CellRef<'_>) -> std::io::Result<()> {
        let level = cell.level as i32;
        let same = self.pending.as_ref().is_some_and(|row| {
            row.level == level && row.bucket == cell.bucket && row.lane == cell.lane
        });
        let mut sent = Ok(());
        if !same {
            sent = self.flush();
            self.pending = Some(PyramidRow {
                level,
                bucket: cell.bucket,
                lane: cell.lane.to_owned(),
                ..PyramidRow::default()
            });
        }
        if let Some(row) = &mut self.pending {
            let counts = [cell.starts, cell.ends, cell.ongoing];
            let part = if cell.ranged {
                [
                    &mut row.range_starts,
                    &mut row.range_ends,
                    &mut row.range_ongoing,
                ]
            } else {
                [&mut row.starts, &mut row.ends, &mut row.ongoing]
            };
            for (held, n) in part.into_iter().zip(counts) {
                *held += n;
            }
        }
        sent.map_err(|error| {
            let said = std::io::Error::other(error.to_string());
            self.failed = Some(error);
            said
        })
    }
}

/// Events sent to the events table as they come, a batch of JSON lines at a time (and, with
/// [`Inserter::with_pyramid`], their pyramid to `TABLE_pyramid`).
pub struct Inserter<'c> {
    events: Batches<'c>,
    /// Dropped when events come out of time order: the table is then answered from its
    /// events.
    pyramid: Option<PyramidBuilder<PyramidBatches<'c>>>,
    count: u64,
}

impl<'c> Inserter<'c> {
    /// Events alone: the table is answered from its events.
    pub fn new(client: &'c Client, url: &TableUrl) -> Self {
        Self {
            events: Batches::new(client, url, &url.table),
            pyramid: None,
            count: 0,
        }
    }

    /// Events and their pyramid (`TABLE_pyramid` must exist: [`create_pyramid_sql`]).
    pub fn with_pyramid(client: &'c Client, url: &TableUrl) -> Self {
        let cells = PyramidBatches {
            batches: Batches::new(client, url, &format!("{}_pyramid", url.table)),
            pending: None,
            failed: None,
        };
        Self {
            pyramid: Some(PyramidBuilder::new(cells)),
            ..Self::new(client, url)
        }
    }

    /// Adds an event (after the ones before it in time); sends a batch when one is full.
    pub fn push(&mut self, record: &EventRecord) -> Result<(), QueryError> {
        let row = StoredEvent::of(record);
        self.events.push(&row)?;
        self.count += 1;
        if let Some(pyramid) = &mut self.pyramid
            && pyramid.push(&row).is_err()
        {
            if let Some(failed) = pyramid.sink.failed.take() {
                return Err(failed);
            }
            // Out of time order: the events still go in, without a pyramid.
            self.pyramid = None;
        }
        Ok(())
    }

    /// Sends what is left, then the pyramid's last cells and the count that makes it valid.
    pub fn finish(mut self) -> Result<(), QueryError> {
        self.events.send()?;
        let Some(pyramid) = self.pyramid.take() else {
            return Ok(());
        };
        let mut cells = match pyramid.finish() {
            Ok(cells) => cells,
            Err(error) => return Err(QueryError::Other(error.to_string())),
        };
        if let Some(failed) = cells.failed.take() {
            return Err(failed);
        }
        let counted = PyramidRow {
            level: -1,
            starts: self.count as i64,
            ..PyramidRow::default()
        };
        cells.flush()?;
        cells.batches.send()?;
        cells.batches.push(&counted)?;
        cells.batches.send()
    }
}
