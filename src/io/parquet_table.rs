//! Parquet files of another shape than the events table (a warehouse's export, a notebook's
//! output), read as a CSV file is: their rows become table text for the same mapping (the
//! mapping window, remembered per header, or `--map`), and the events are loaded into memory.
//! Files of the Timelanes schema are read a view at a time instead (`query::parquet`); they
//! come here only to be converted (`timelanes convert events.parquet -o events.json`), with
//! the schema's own mapping. Which files a Parquet path names (a file, a folder, a glob) is
//! decided here for both.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use datafusion::arrow::array::{Array, ArrayRef, AsArray};
use datafusion::arrow::compute::cast;
use datafusion::arrow::datatypes::{DataType, Field};
use datafusion::arrow::util::display::{ArrayFormatter, FormatOptions};
use datafusion::parquet::arrow::arrow_reader::ParquetRecordBatchReaderBuilder;

use super::csv_table::ColumnMapping;
use super::import::ImportOptions;
use super::progress::{LoadProgress, Stage};
use super::{Format, LoadError, Loaded, display_name, import_table, max_file_size};

/// Whether `path` names Parquet files: a `.parquet` file, a folder that holds some, or a
/// glob (`data/*.parquet`).
pub fn is_parquet(path: &Path) -> bool {
    if has_parquet_extension(path) {
        return true;
    }
    path.is_dir()
        && std::fs::read_dir(path).is_ok_and(|mut entries| {
            entries.any(|e| e.is_ok_and(|e| has_parquet_extension(&e.path())))
        })
}

/// Whether a file's name ends in `.parquet` (in any case).
pub fn has_parquet_extension(path: &Path) -> bool {
    path.extension()
        .is_some_and(|e| e.eq_ignore_ascii_case("parquet"))
}

/// The files `location` names, in name order; an error says why there are none.
pub fn files_of(location: &Path) -> Result<Vec<PathBuf>, String> {
    let text = location.to_string_lossy();
    let shown = location.display();
    let mut files: Vec<PathBuf> = if location.is_dir() {
        std::fs::read_dir(location)
            .map_err(|e| format!("cannot read the folder {shown}: {e}"))?
            .filter_map(Result::ok)
            .map(|e| e.path())
            .filter(|p| p.is_file() && has_parquet_extension(p))
            .collect()
    } else if text.contains(['*', '?', '[']) {
        glob::glob(&text)
            .map_err(|e| format!("{shown} is not a pattern Timelanes can read: {e}"))?
            .filter_map(Result::ok)
            // A file's pyramid (`FILE.parquet.pyramid`, see `query::parquet::pyramid`) is
            // read with it, never as a table of its own.
            .filter(|p| p.is_file() && p.extension().is_none_or(|e| e != "pyramid"))
            .collect()
    } else if location.is_file() {
        vec![location.to_owned()]
    } else {
        return Err(format!(
            "{shown} does not exist. Check the path; to make a Parquet file of events, run \
             `timelanes convert FILE -o {shown}`"
        ));
    };
    files.sort();
    if files.is_empty() {
        return Err(format!(
            "{shown} names no Parquet files (files ending in .parquet)"
        ));
    }
    Ok(files)
}

/// The mapping of a file written in the Timelanes schema (docs/FORMAT.md).
fn schema_mapping(header: &[String]) -> Option<ColumnMapping> {
    let has = |column: &str| header.iter().any(|h| h == column);
    let optional = |column: &str| has(column).then(|| column.to_owned());
    (has("start") && has("title") && has("actors")).then(|| ColumnMapping {
        date: "start".to_owned(),
        end: optional("end"),
        title: "title".to_owned(),
        actors: vec!["actors".to_owned()],
        description: optional("description"),
        source: optional("source_urls"),
        kind: optional("kind"),
    })
}

/// Loads the Parquet files `path` names (a file, a folder, a glob) as one table, through the
/// mapping in `options`, the one remembered for its columns, or the mapping window.
pub fn load(
    path: &Path,
    progress: &LoadProgress,
    options: &ImportOptions,
) -> Result<Loaded, LoadError> {
    let name = display_name(path);
    let (header, text) = table_text(path, progress)?;
    let mut options = options.clone();
    if options.mapping.is_none() {
        options.mapping = schema_mapping(&header);
    }
    import_table(
        &name,
        Format::Csv(b','),
        &text,
        &text[..],
        progress,
        &options,
    )
}

/// The files' rows as CSV text (a header, then a line per row; lists joined by `;`, as the
/// actors of a CSV cell are), and the header.
fn table_text(path: &Path, progress: &LoadProgress) -> Result<(Vec<String>, Vec<u8>), LoadError> {
    let name = display_name(path);
    let unreadable = |message: String| LoadError::Read {
        path: path.to_owned(),
        source: std::io::Error::other(message),
    };
    let files = files_of(path).map_err(unreadable)?;
    let limit = max_file_size();
    let mut header: Option<Vec<String>> = None;
    let mut out = csv::Writer::from_writer(Vec::new());
    for file in &files {
        let shown = file.display();
        let cannot_read = |e: &dyn std::fmt::Display| {
            unreadable(format!("{shown} cannot be read as Parquet: {e}"))
        };
        let opened = std::fs::File::open(file).map_err(|e| cannot_read(&e))?;
        let builder =
            ParquetRecordBatchReaderBuilder::try_new(opened).map_err(|e| cannot_read(&e))?;
        let rows = builder.metadata().file_metadata().num_rows().max(0) as u64;
        progress.set_stage(Stage::Reading, rows);
        let columns: Vec<String> = builder
            .schema()
            .fields()
            .iter()
            .map(|f| f.name().clone())
            .collect();
        match &header {
            None => {
                out.write_record(&columns).map_err(|e| cannot_read(&e))?;
                header = Some(columns);
            }
            Some(first) if *first != columns => {
                return Err(unreadable(format!(
                    "{shown} has other columns than the files before it ({} rather than {}); \
                     open the files one at a time",
                    columns.join(", "),
                    first.join(", ")
                )));
            }
            Some(_) => {}
        }
        let mut done = 0;
        for batch in builder.build().map_err(|e| cannot_read(&e))? {
            if progress.is_cancelled() {
                return Err(LoadError::Cancelled { file: name });
            }
            let batch = batch.map_err(|e| cannot_read(&e))?;
            let cells: Vec<Cells> = batch
                .columns()
                .iter()
                .map(Cells::of)
                .collect::<Result<_, _>>()
                .map_err(|e| cannot_read(&e))?;
            let mut record = Vec::with_capacity(cells.len());
            for row in 0..batch.num_rows() {
                record.clear();
                record.extend(cells.iter().map(|c| c.text(row)));
                out.write_record(&record).map_err(|e| cannot_read(&e))?;
            }
            done += batch.num_rows() as u64;
            progress.set_done(done);
            if out.get_ref().len() as u64 > limit {
                return Err(LoadError::TooLarge {
                    input: format!(
                        "{name} (a table of other columns than the Timelanes schema's, read into memory)"
                    ),
                    size: None,
                    limit,
                });
            }
        }
    }
    let text = out
        .into_inner()
        .map_err(|e| unreadable(format!("{name}: {e}")))?;
    Ok((header.unwrap_or_default(), text))
}

/// A column's cells as text.
enum Cells<'a> {
    /// Lists, their items joined by `;`.
    Lists(ArrayRef),
    /// Anything else, as Arrow writes it (dates and times in ISO 8601).
    Values(&'a dyn Array, ArrayFormatter<'a>),
}

impl<'a> Cells<'a> {
    fn of(column: &'a ArrayRef) -> Result<Self, datafusion::arrow::error::ArrowError> {
        Ok(match column.data_type() {
            DataType::List(_) | DataType::LargeList(_) | DataType::ListView(_) => {
                let strings = DataType::List(Arc::new(Field::new("item", DataType::Utf8, true)));
                Self::Lists(cast(column, &strings)?)
            }
            _ => Self::Values(
                column.as_ref(),
                ArrayFormatter::try_new(column.as_ref(), &FormatOptions::default())?,
            ),
        })
    }

    fn text(&self, row: usize) -> String {
        match self {
            Self::Lists(lists) => {
                let lists = lists.as_list::<i32>();
                if lists.is_null(row) {
                    return String::new();
                }
                let items = lists.value(row);
                let items = items.as_string::<i32>();
                (0..items.len())
                    .filter(|&i| !items.is_null(i))
                    .map(|i| items.value(i))
                    .collect::<Vec<_>>()
                    .join(";")
            }
            Self::Values(values, _) if values.is_null(row) => String::new(),
            Self::Values(_, formatter) => formatter.value(row).to_string(),
        }
    }
}
