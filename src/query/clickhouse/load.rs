//! Making a Timelanes table on a ClickHouse server and filling it from a loaded dataset:
//! `timelanes convert FILE -o clickhouse://HOST:PORT/DB.TABLE`. Rows go in batches as JSON
//! lines (the server parses them; nothing is spliced into SQL), sorted by time so the
//! table's primary key prunes a window's reads.

use serde::Serialize;

use crate::model::{Dataset, Event};
use crate::query::memory::fallback_id;
use crate::query::schema::{end_text, stored_span};
use crate::query::{EventRecord, QueryError};

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
struct EventRow<'a> {
    id: &'a str,
    title: &'a str,
    start: String,
    end: String,
    start_s: i64,
    end_s: i64,
    actors: &'a [String],
    kind: &'a str,
    tags: &'a [String],
    description: &'a str,
    source_titles: Vec<&'a str>,
    source_publishers: Vec<&'a str>,
    source_urls: Vec<&'a str>,
    source_dates: Vec<String>,
}

impl<'a> EventRow<'a> {
    fn of(record: &'a EventRecord) -> Self {
        let (start_s, end_s) = stored_span(&record.start, record.end.as_ref());
        Self {
            id: &record.id,
            title: &record.title,
            start: record.start.to_string(),
            end: end_text(record.end.as_ref()),
            start_s,
            end_s,
            actors: &record.actors,
            kind: record.kind.as_deref().unwrap_or(""),
            tags: &record.tags,
            description: &record.description,
            source_titles: record.sources.iter().map(|s| s.title.as_str()).collect(),
            source_publishers: record
                .sources
                .iter()
                .map(|s| s.publisher.as_str())
                .collect(),
            source_urls: record.sources.iter().map(|s| s.url.as_str()).collect(),
            source_dates: record
                .sources
                .iter()
                .map(|s| s.date.map(|d| d.to_string()).unwrap_or_default())
                .collect(),
        }
    }
}

#[derive(Serialize)]
struct LaneRow<'a> {
    id: &'a str,
    name: &'a str,
    color: String,
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
    load_lanes(&client, url, dataset)?;
    load_events(&client, url, dataset, progress)
}

/// Inserts the dataset's lanes into `TABLE_lanes`.
pub fn load_lanes(client: &Client, url: &TableUrl, dataset: &Dataset) -> Result<(), QueryError> {
    let mut body = Vec::new();
    for (position, actor) in dataset.actors.iter().enumerate() {
        let row = LaneRow {
            id: &actor.id,
            name: &actor.name,
            color: actor.color.to_string(),
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
    let now = crate::time::Timestamp::now();
    let mut order: Vec<Event<'_>> = dataset.events().collect();
    order.sort_by_key(|e| (e.span(now).start, e.idx()));
    let total = order.len();
    let insert = format!(
        "INSERT INTO `{}`.`{}` FORMAT JSONEachRow",
        url.database, url.table
    );
    for (done, batch) in order.chunks(BATCH).enumerate() {
        let mut body = Vec::with_capacity(batch.len() * 256);
        for event in batch {
            let record = EventRecord::of_event(dataset, event, || fallback_id(event.file_index()));
            serde_json::to_writer(&mut body, &EventRow::of(&record))
                .map_err(|e| QueryError::Other(e.to_string()))?;
            body.push(b'\n');
        }
        client.insert(&insert, body)?;
        progress((done * BATCH + batch.len()).min(total), total);
    }
    Ok(())
}
