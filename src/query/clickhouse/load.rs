//! Making a Timelanes table on a ClickHouse server and filling it from a loaded dataset:
//! `timelanes convert FILE -o clickhouse://HOST:PORT/DB.TABLE`. Rows go in batches as JSON
//! lines (the server parses them; nothing is spliced into SQL), sorted by time so the
//! table's primary key prunes a window's reads.

use serde::Serialize;

use crate::model::Dataset;
use crate::query::memory::fallback_id;
use crate::query::schema::{StoredEvent, events_in_time_order};
use crate::query::{EventRecord, LaneInfo, QueryError};

use super::TableUrl;
use super::http::Client;

/// Rows per insert: large enough to be quick, small enough to show progress.
const BATCH: usize = 50_000;

/// The `CREATE TABLE` of an events table (for a cluster, made on every shard, with a
/// `Distributed` table over them).
pub fn create_events_sql(database: &str, table: &str) -> String {
    format!(
        "CREATE TABLE `{database}`.`{table}` (\
         id String, title String, start String, `end` String, start_s Int64, end_s Int64, \
         actors Array(String), kind String, tags Array(String), description String, \
         source_titles Array(String), source_publishers Array(String), source_urls Array(String), \
         source_dates Array(String)) ENGINE = MergeTree ORDER BY (start_s, id)"
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
/// (on a `Distributed` table, each batch is spread over the shards before the next is sent).
pub fn load_events(
    client: &Client,
    url: &TableUrl,
    dataset: &Dataset,
    progress: &mut dyn FnMut(usize, usize),
) -> Result<(), QueryError> {
    let order = events_in_time_order(dataset);
    let total = order.len();
    let mut inserter = Inserter::new(client, url);
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

/// Events sent to the events table as they come, a batch of JSON lines at a time: a table
/// of any size filled without holding it.
pub struct Inserter<'c> {
    client: &'c Client,
    insert: String,
    body: Vec<u8>,
    rows: usize,
}

impl<'c> Inserter<'c> {
    pub fn new(client: &'c Client, url: &TableUrl) -> Self {
        Self {
            client,
            insert: format!(
                "INSERT INTO `{}`.`{}` FORMAT JSONEachRow",
                url.database, url.table
            ),
            body: Vec::with_capacity(BATCH * 256),
            rows: 0,
        }
    }

    /// Adds an event (after the ones before it in time); sends a batch when one is full.
    pub fn push(&mut self, record: &EventRecord) -> Result<(), QueryError> {
        serde_json::to_writer(&mut self.body, &StoredEvent::of(record))
            .map_err(|e| QueryError::Other(e.to_string()))?;
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

    /// Sends what is left.
    pub fn finish(mut self) -> Result<(), QueryError> {
        self.send()
    }
}
