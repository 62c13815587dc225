//! The pyramid beside a Parquet file of events (`FILE.parquet.pyramid`, see `query::pyramid`
//! for what it holds): its cells as Parquet rows, each row group one level's run of buckets,
//! written with its events file (`write::write_file`) and linked to it by an id in both files'
//! metadata, so that a pyramid left from another version of the file is never used.

use std::collections::HashMap;
use std::hash::{BuildHasher, Hasher};
use std::io::Write;
use std::path::{Path, PathBuf};
use std::sync::Arc;

use datafusion::arrow::array::{
    ArrayRef, BooleanBuilder, Int32Builder, Int64Builder, RecordBatch, StringBuilder,
};
use datafusion::arrow::datatypes::{DataType, Field, Schema, SchemaRef};
use datafusion::parquet::arrow::ArrowWriter;
use datafusion::parquet::basic::{Compression, ZstdLevel};
use datafusion::parquet::file::metadata::KeyValue;
use datafusion::parquet::file::properties::WriterProperties;

use crate::query::pyramid::{CellRef, CellSink, LEVELS, PyramidBuilder};
use crate::query::schema::StoredEvent;

use super::write::ROW_GROUP;

/// The metadata key, in both files, of the id that links a pyramid to its events.
pub const PYRAMID_KEY: &str = "timelanes.pyramid";
/// Where the pyramid of the events file `events` is kept.
pub fn sidecar_of(events: &Path) -> PathBuf {
    let mut name = events.as_os_str().to_owned();
    name.push(".pyramid");
    PathBuf::from(name)
}

/// A new id to link a pyramid to its events file.
pub fn new_id() -> String {
    let mut hasher = std::collections::hash_map::RandomState::new().build_hasher();
    hasher.write_u128(
        std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map_or(0, |d| d.as_nanos()),
    );
    hasher.write_u32(std::process::id());
    format!("{:016x}", hasher.finish())
}

/// The pyramid of the events file `events` whose footer holds `values`, when it has one
/// written with it (not one left from an earlier version of the file).
pub fn matching_sidecar(events: &Path, values: &HashMap<String, String>) -> Option<PathBuf> {
    let id = values.get(PYRAMID_KEY)?;
    let sidecar = sidecar_of(events);
    (super::footer_values(&sidecar).get(PYRAMID_KEY) == Some(id)).then_some(sidecar)
}

/// The Arrow schema of the pyramid.
fn pyramid_schema() -> SchemaRef {
    Arc::new(Schema::new(vec![
        Field::new("level", DataType::Int32, false),
        Field::new("bucket", DataType::Int64, false),
        Field::new("lane", DataType::Utf8, false),
        Field::new("ranged", DataType::Boolean, false),
        Field::new("starts", DataType::Int64, false),
        Field::new("ends", DataType::Int64, false),
        Field::new("ongoing", DataType::Int64, false),
    ]))
}

/// The rows of one level not yet written.
#[derive(Default)]
struct Rows {
    level: Int32Builder,
    bucket: Int64Builder,
    lane: StringBuilder,
    ranged: BooleanBuilder,
    starts: Int64Builder,
    ends: Int64Builder,
    ongoing: Int64Builder,
    count: usize,
}

impl Rows {
    fn push(&mut self, cell: CellRef<'_>) {
        self.level.append_value(cell.level as i32);
        self.bucket.append_value(cell.bucket);
        self.lane.append_value(cell.lane);
        self.ranged.append_value(cell.ranged);
        self.starts.append_value(cell.starts);
        self.ends.append_value(cell.ends);
        self.ongoing.append_value(cell.ongoing);
        self.count += 1;
    }

    fn take(&mut self, schema: &SchemaRef) -> std::io::Result<RecordBatch> {
        self.count = 0;
        let columns: Vec<ArrayRef> = vec![
            Arc::new(self.level.finish()),
            Arc::new(self.bucket.finish()),
            Arc::new(self.lane.finish()),
            Arc::new(self.ranged.finish()),
            Arc::new(self.starts.finish()),
            Arc::new(self.ends.finish()),
            Arc::new(self.ongoing.finish()),
        ];
        RecordBatch::try_new(schema.clone(), columns).map_err(std::io::Error::other)
    }
}
/// A pyramid's cells as a Parquet file, each row group one level's run of buckets (so its
/// statistics name one level and a few buckets).
pub struct ParquetCells<W: Write + Send> {
    writer: ArrowWriter<W>,
    schema: SchemaRef,
    /// Per level, finished rows not yet written.
    pending: Vec<Rows>,
}

impl<W: Write + Send> CellSink for ParquetCells<W> {
    fn cell(&mut self, cell: CellRef<'_>) -> std::io::Result<()> {
        let pending = &mut self.pending[cell.level];
        pending.push(cell);
        if pending.count >= ROW_GROUP {
            self.flush(cell.level)?;
        }
        Ok(())
    }
}

impl<W: Write + Send> ParquetCells<W> {
    fn flush(&mut self, level: usize) -> std::io::Result<()> {
        if self.pending[level].count == 0 {
            return Ok(());
        }
        let batch = self.pending[level].take(&self.schema)?;
        self.writer.write(&batch).map_err(std::io::Error::other)?;
        self.writer.flush().map_err(std::io::Error::other)
    }
}

/// Builds a pyramid and writes it as a Parquet file as it goes.
pub struct PyramidWriter<W: Write + Send>(PyramidBuilder<ParquetCells<W>>);

impl<W: Write + Send> PyramidWriter<W> {
    pub fn new(out: W, id: &str) -> std::io::Result<Self> {
        let properties = WriterProperties::builder()
            .set_compression(Compression::ZSTD(
                ZstdLevel::try_new(1).map_err(std::io::Error::other)?,
            ))
            .set_max_row_group_row_count(Some(ROW_GROUP))
            .set_key_value_metadata(Some(vec![KeyValue::new(
                PYRAMID_KEY.to_owned(),
                id.to_owned(),
            )]))
            .build();
        let schema = pyramid_schema();
        let writer = ArrowWriter::try_new(out, schema.clone(), Some(properties))
            .map_err(std::io::Error::other)?;
        Ok(Self(PyramidBuilder::new(ParquetCells {
            writer,
            schema,
            pending: (0..LEVELS).map(|_| Rows::default()).collect(),
        })))
    }

    /// Counts one event (after the ones before it in time).
    pub fn push(&mut self, row: &StoredEvent<'_>) -> std::io::Result<()> {
        self.0.push(row)
    }

    /// Writes the rest and the footer; returns the output.
    pub fn finish(self) -> std::io::Result<W> {
        let mut cells = self.0.finish()?;
        for level in 0..LEVELS {
            cells.flush(level)?;
        }
        cells.writer.into_inner().map_err(std::io::Error::other)
    }
}
