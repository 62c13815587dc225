//! Writing the events table as a Parquet file (`timelanes convert FILE -o OUT.parquet`,
//! `timelanes generate … -o FILE.parquet`): the columns of docs/FORMAT.md, "Database tables",
//! rows in time order in row groups of 64 Ki rows, so that the min/max statistics of `start_s`
//! let a window's query skip every row group it cannot need. The lanes (names, colours,
//! order) and the title ride in the file's key-value metadata.
//!
//! Ranges make time order alone a poor index: an event that started years before a window
//! may still cross it, so every row group before the window would have to be read. Each row
//! group therefore holds events of one `span_class` (how long they last: under an hour, a
//! day, a week, …), and a query asks each class only for the starts that can reach the
//! window (`start_s >= window start − the class's longest span`). A day's window then reads
//! the row groups of that day and the few of the long classes.
//!
//! A file is written with its pyramid (`pyramid`, the counts that answer wide windows) by
//! [`write_file`], both atomically; when the events are all written, their extent and count
//! join the metadata, so opening a file reads its footer and nothing else.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;
use std::sync::Arc;

use datafusion::arrow::array::{
    ArrayRef, Int32Builder, Int64Builder, ListBuilder, RecordBatch, StringBuilder,
};
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::parquet::arrow::ArrowWriter;
use datafusion::parquet::basic::{Compression, ZstdLevel};
use datafusion::parquet::file::metadata::KeyValue;
use datafusion::parquet::file::properties::WriterProperties;
use serde::{Deserialize, Serialize};

use crate::model::Dataset;
use crate::query::memory::fallback_id;
pub use crate::query::schema::lanes_of;
use crate::query::schema::{ONGOING_END, StoredEvent, events_in_time_order};
pub use crate::query::schema::{SPAN_CLASS_BOUNDS, span_class};
use crate::query::{EventRecord, LaneInfo};

use super::pyramid::{self, PyramidWriter};

/// Rows per row group: the unit a query skips or reads. Small enough that a day's window in
/// 100 million events reads a few groups; large enough that a group's statistics and
/// dictionaries cost little.
pub const ROW_GROUP: usize = 64 * 1024;

/// The metadata key of the lanes, as JSON: `[{"id", "name", "color"}, …]` in lane order.
pub const LANES_KEY: &str = "timelanes.lanes";
/// The metadata key of the dataset's title.
pub const TITLE_KEY: &str = "timelanes.title";
/// The metadata key of the file's [`Extent`], as JSON.
pub const EXTENT_KEY: &str = "timelanes.extent";

/// How many events a file holds and when, kept in its metadata so that opening it needs no
/// scan of its rows (ongoing events end "now", which only the reader knows).
#[derive(Clone, Copy, Debug, Default, PartialEq, Serialize, Deserialize)]
pub struct Extent {
    pub events: u64,
    /// The earliest start.
    pub first: Option<i64>,
    /// The latest end of an event that has ended.
    pub last_end: Option<i64>,
    /// The latest start of an ongoing event.
    pub ongoing_from: Option<i64>,
}

impl Extent {
    fn add(&mut self, start_s: i64, end_s: i64) {
        self.events += 1;
        self.first = Some(self.first.map_or(start_s, |f| f.min(start_s)));
        if end_s == ONGOING_END {
            self.ongoing_from = Some(self.ongoing_from.map_or(start_s, |f| f.max(start_s)));
        } else {
            self.last_end = Some(self.last_end.map_or(end_s, |l| l.max(end_s)));
        }
    }

    /// The extent of two files together.
    pub fn join(self, other: Extent) -> Extent {
        let either = |a: Option<i64>, b: Option<i64>, pick: fn(i64, i64) -> i64| match (a, b) {
            (Some(a), Some(b)) => Some(pick(a, b)),
            (a, b) => a.or(b),
        };
        Extent {
            events: self.events + other.events,
            first: either(self.first, other.first, i64::min),
            last_end: either(self.last_end, other.last_end, i64::max),
            ongoing_from: either(self.ongoing_from, other.ongoing_from, i64::max),
        }
    }

    /// The latest end, with ongoing events ending at `now` (or at their start, if later).
    pub fn last(&self, now: i64) -> Option<i64> {
        let ongoing = self.ongoing_from.map(|from| from.max(now));
        match (self.last_end, ongoing) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        }
    }
}

/// A lane as the metadata stores it.
#[derive(Serialize, Deserialize)]
pub struct StoredLane {
    pub id: String,
    #[serde(default)]
    pub name: String,
    #[serde(default)]
    pub color: String,
}

/// The Arrow schema of the events table.
pub fn events_schema() -> SchemaRef {
    let text = |name: &str| Field::new(name, DataType::Utf8, false);
    let list = |name: &str| {
        Field::new(
            name,
            DataType::List(Arc::new(Field::new("item", DataType::Utf8, true))),
            false,
        )
    };
    Arc::new(Schema::new(vec![
        text("id"),
        text("title"),
        text("start"),
        text("end"),
        Field::new("start_s", DataType::Int64, false),
        Field::new("end_s", DataType::Int64, false),
        Field::new("span_class", DataType::Int32, false),
        list("actors"),
        text("kind"),
        list("tags"),
        text("description"),
        list("source_titles"),
        list("source_publishers"),
        list("source_urls"),
        list("source_dates"),
    ]))
}

/// The columns of the rows not yet written.
#[derive(Default)]
struct Columns {
    id: StringBuilder,
    title: StringBuilder,
    start: StringBuilder,
    end: StringBuilder,
    start_s: Int64Builder,
    end_s: Int64Builder,
    span_class: Int32Builder,
    actors: ListBuilder<StringBuilder>,
    kind: StringBuilder,
    tags: ListBuilder<StringBuilder>,
    description: StringBuilder,
    source_titles: ListBuilder<StringBuilder>,
    source_publishers: ListBuilder<StringBuilder>,
    source_urls: ListBuilder<StringBuilder>,
    source_dates: ListBuilder<StringBuilder>,
    rows: usize,
}

fn push_list<S: AsRef<str>>(builder: &mut ListBuilder<StringBuilder>, items: &[S]) {
    for item in items {
        builder.values().append_value(item.as_ref());
    }
    builder.append(true);
}

impl Columns {
    fn push(&mut self, row: &StoredEvent<'_>, class: usize) {
        self.id.append_value(row.id);
        self.title.append_value(row.title);
        self.start.append_value(&row.start);
        self.end.append_value(&row.end);
        self.start_s.append_value(row.start_s);
        self.end_s.append_value(row.end_s);
        self.span_class.append_value(class as i32);
        push_list(&mut self.actors, row.actors);
        self.kind.append_value(row.kind);
        push_list(&mut self.tags, row.tags);
        self.description.append_value(row.description);
        push_list(&mut self.source_titles, &row.source_titles);
        push_list(&mut self.source_publishers, &row.source_publishers);
        push_list(&mut self.source_urls, &row.source_urls);
        push_list(&mut self.source_dates, &row.source_dates);
        self.rows += 1;
    }

    /// The rows so far as a batch; the builders start again empty.
    fn take(&mut self, schema: &SchemaRef) -> Result<RecordBatch, std::io::Error> {
        self.rows = 0;
        let columns: Vec<ArrayRef> = vec![
            Arc::new(self.id.finish()),
            Arc::new(self.title.finish()),
            Arc::new(self.start.finish()),
            Arc::new(self.end.finish()),
            Arc::new(self.start_s.finish()),
            Arc::new(self.end_s.finish()),
            Arc::new(self.span_class.finish()),
            Arc::new(self.actors.finish()),
            Arc::new(self.kind.finish()),
            Arc::new(self.tags.finish()),
            Arc::new(self.description.finish()),
            Arc::new(self.source_titles.finish()),
            Arc::new(self.source_publishers.finish()),
            Arc::new(self.source_urls.finish()),
            Arc::new(self.source_dates.finish()),
        ];
        // The list builders make nullable items, as the schema says; their outer fields are
        // checked against the schema here rather than trusted.
        RecordBatch::try_new(schema.clone(), columns).map_err(std::io::Error::other)
    }
}

/// Writes events, given in time order, as a Parquet file of the events table: a row group
/// is written when a span class has gathered [`ROW_GROUP`] events, so each holds one class,
/// in time order.
pub struct EventsWriter<W: Write + Send> {
    writer: ArrowWriter<W>,
    schema: SchemaRef,
    /// Per span class, the rows not yet written.
    pending: Vec<Columns>,
    written: u64,
    extent: Extent,
    pyramid: Option<PyramidWriter<W>>,
}

impl<W: Write + Send> EventsWriter<W> {
    /// A writer of the events alone (a file without a pyramid is answered from its events).
    pub fn new(out: W, title: &str, lanes: &[LaneInfo]) -> std::io::Result<Self> {
        Self::with_metadata(out, title, lanes, Vec::new())
    }

    /// A writer of the events to `out` and of their pyramid to `pyramid_out`.
    pub fn with_pyramid(
        out: W,
        pyramid_out: W,
        title: &str,
        lanes: &[LaneInfo],
    ) -> std::io::Result<Self> {
        let id = pyramid::new_id();
        let link = KeyValue::new(pyramid::PYRAMID_KEY.to_owned(), id.clone());
        let mut writer = Self::with_metadata(out, title, lanes, vec![link])?;
        writer.pyramid = Some(PyramidWriter::new(pyramid_out, &id)?);
        Ok(writer)
    }

    fn with_metadata(
        out: W,
        title: &str,
        lanes: &[LaneInfo],
        more: Vec<KeyValue>,
    ) -> std::io::Result<Self> {
        let lanes: Vec<StoredLane> = lanes
            .iter()
            .map(|lane| StoredLane {
                id: lane.id.clone(),
                name: lane.name.clone(),
                color: lane.color.clone(),
            })
            .collect();
        let lanes_json = serde_json::to_string(&lanes).map_err(std::io::Error::other)?;
        let properties = WriterProperties::builder()
            // zstd at its fastest level: half snappy's size here, and as quick to read.
            .set_compression(Compression::ZSTD(
                ZstdLevel::try_new(1).map_err(std::io::Error::other)?,
            ))
            .set_max_row_group_row_count(Some(ROW_GROUP))
            .set_key_value_metadata(Some(
                [
                    KeyValue::new(LANES_KEY.to_owned(), lanes_json),
                    KeyValue::new(TITLE_KEY.to_owned(), title.to_owned()),
                ]
                .into_iter()
                .chain(more)
                .collect(),
            ))
            .build();
        let schema = events_schema();
        let writer = ArrowWriter::try_new(out, schema.clone(), Some(properties))
            .map_err(std::io::Error::other)?;
        Ok(Self {
            writer,
            schema,
            pending: (0..=SPAN_CLASS_BOUNDS.len())
                .map(|_| Columns::default())
                .collect(),
            written: 0,
            extent: Extent::default(),
            pyramid: None,
        })
    }

    /// Adds one event (after the ones before it in time).
    pub fn push(&mut self, record: &EventRecord) -> std::io::Result<()> {
        let row = StoredEvent::of(record);
        if let Some(pyramid) = &mut self.pyramid {
            pyramid.push(&row)?;
        }
        self.extent.add(row.start_s, row.end_s);
        let class = span_class(row.start_s, row.end_s);
        self.pending[class].push(&row, class);
        if self.pending[class].rows >= ROW_GROUP {
            self.flush(class)?;
        }
        Ok(())
    }

    /// Writes a class's pending rows as a row group of their own.
    fn flush(&mut self, class: usize) -> std::io::Result<()> {
        let pending = &mut self.pending[class];
        if pending.rows == 0 {
            return Ok(());
        }
        let rows = pending.rows as u64;
        let batch = pending.take(&self.schema)?;
        self.writer.write(&batch).map_err(std::io::Error::other)?;
        // Closed here, or the next class's rows would join this row group.
        self.writer.flush().map_err(std::io::Error::other)?;
        self.written += rows;
        Ok(())
    }

    /// Events taken so far.
    pub fn written(&self) -> u64 {
        self.written + self.pending.iter().map(|p| p.rows as u64).sum::<u64>()
    }

    /// Writes what is pending and the file's footer (and the pyramid's); returns how many
    /// events it holds, and the outputs.
    pub fn finish(mut self) -> std::io::Result<(u64, W, Option<W>)> {
        for class in 0..self.pending.len() {
            self.flush(class)?;
        }
        let extent = serde_json::to_string(&self.extent).map_err(std::io::Error::other)?;
        self.writer
            .append_key_value_metadata(KeyValue::new(EXTENT_KEY.to_owned(), extent));
        let out = self.writer.into_inner().map_err(std::io::Error::other)?;
        let pyramid = self.pyramid.map(PyramidWriter::finish).transpose()?;
        Ok((self.written, out, pyramid))
    }
}

/// Writes a Parquet file of events at `path` and its pyramid beside it, both atomically (the
/// events first: until the pyramid follows, the ids in their metadata differ and the file is
/// answered from its events). `feed` pushes the events, in time order; returns how many.
pub fn write_file(
    path: &Path,
    title: &str,
    lanes: &[LaneInfo],
    feed: impl FnOnce(&mut EventsWriter<BufWriter<File>>) -> std::io::Result<()>,
) -> std::io::Result<u64> {
    let mut written = 0;
    crate::io::atomic::write_atomic_with(&pyramid::sidecar_of(path), |pyramid_file| {
        crate::io::atomic::write_atomic_with(path, |events_file| {
            let buffered = |file: &File| -> std::io::Result<BufWriter<File>> {
                Ok(BufWriter::with_capacity(1 << 20, file.try_clone()?))
            };
            let mut writer = EventsWriter::with_pyramid(
                buffered(events_file)?,
                buffered(pyramid_file)?,
                title,
                lanes,
            )?;
            feed(&mut writer)?;
            let (count, mut out, pyramid_out) = writer.finish()?;
            out.flush()?;
            if let Some(mut pyramid_out) = pyramid_out {
                pyramid_out.flush()?;
            }
            written = count;
            Ok(())
        })
    })?;
    Ok(written)
}

/// Writes a loaded dataset as a Parquet file with its pyramid, in time order; `progress`
/// hears how many events are written of how many.
pub fn write_dataset(
    dataset: &Dataset,
    path: &Path,
    progress: &mut dyn FnMut(u64, u64),
) -> std::io::Result<u64> {
    let order = events_in_time_order(dataset);
    let total = order.len() as u64;
    let written = write_file(path, &dataset.title, &lanes_of(dataset), |writer| {
        for (i, event) in order.iter().enumerate() {
            let record = EventRecord::of_event(dataset, event, || fallback_id(event.file_index()));
            writer.push(&record)?;
            if i % ROW_GROUP == 0 {
                progress(i as u64, total);
            }
        }
        Ok(())
    })?;
    progress(written, total);
    Ok(written)
}
