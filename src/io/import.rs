//! What the importers share: how to import (aliases, a column mapping), lanes made from actor
//! names on first sight, problems located by row and column, and a reader that reports how
//! far a streamed file is read and stops when the load is cancelled.

use std::borrow::Cow;
use std::collections::{HashMap, HashSet};
use std::io::Read;
use std::sync::Arc;

use crate::model::{ActorDraft, DatasetBuilder, FieldPath, Location, Problem, Site};

use super::aliases::{Aliases, lane_id};
use super::csv_table::ColumnMapping;
use super::progress::LoadProgress;

/// How to import files that are not in the native format.
#[derive(Clone, Debug, Default)]
pub struct ImportOptions {
    /// Folds actor names and codes into lanes.
    pub aliases: Arc<Aliases>,
    /// Which columns of a generic CSV file mean what; without it (or a remembered one) such
    /// files are refused with the list of their columns.
    pub mapping: Option<ColumnMapping>,
    /// Mappings chosen before, by the header they were chosen for ([`super::csv_table::header_key`]).
    pub remembered: HashMap<String, ColumnMapping>,
}

/// Lanes made from the actor names an importer meets, in the order it meets them.
#[derive(Default)]
pub struct LaneMaker {
    by_name: HashMap<String, String>,
    ids: HashSet<String>,
}

impl LaneMaker {
    /// The id of the lane named `name`, adding the actor on first sight.
    pub fn lane(&mut self, builder: &mut DatasetBuilder, name: &str) -> String {
        if let Some(id) = self.by_name.get(name) {
            return id.clone();
        }
        let base = lane_id(name);
        let mut id = base.clone();
        let mut n = 2;
        while self.ids.contains(&id) {
            id = format!("{base}-{n}");
            n += 1;
        }
        builder.add_actor(ActorDraft {
            id: id.clone(),
            name: name.to_owned(),
            ..ActorDraft::default()
        });
        self.ids.insert(id.clone());
        self.by_name.insert(name.to_owned(), id.clone());
        id
    }
}

/// Where a cell is: `row 12, column "event_date"`, at its line.
pub fn cell_site(line: u64, row: u64, column: &str) -> Site {
    Site::at(
        FieldPath::Text(format!("row {row}, column {column:?}")),
        Location {
            line: line as u32,
            column: 1,
        },
    )
}

/// How to write a date in a table cell (what [`super::csv_table::parse_cell_date`] reads).
pub const CELL_DATE_HINT: &str = "write dates as 2022-02-24 (or 2022, 2022-02, 2022-02-24T14:30), 24 February 2022, February 24, 2022 or 20220224";

/// "\"someday\" is not a date", with the reason when there is more to say ("month 13 does
/// not exist").
pub fn not_a_date(text: &str, error: &crate::time::DateError) -> String {
    use crate::time::DateError;
    match error {
        DateError::NotADate(_) | DateError::Empty => {
            format!("{} is not a date", crate::model::quoted(text))
        }
        other => format!("{} is not a date: {other}", crate::model::quoted(text)),
    }
}

/// The problem of a row that could not be used.
pub fn row_error(
    line: u64,
    row: u64,
    column: &str,
    message: impl Into<String>,
    hint: &str,
) -> Problem {
    Problem::error(cell_site(line, row, column), message).with_hint(hint)
}

/// The problem of a row the CSV reader could not read (unbalanced quotes, bad UTF-8).
pub fn unreadable_row(line: u64, row: u64, error: &csv::Error, hint: &str) -> Problem {
    row_error(
        line,
        row,
        "",
        format!("the row cannot be read: {error}"),
        hint,
    )
}

/// Reads through, counting bytes into the load's progress, and fails once it is cancelled.
pub struct ProgressReader<'p, R> {
    pub inner: R,
    pub progress: &'p LoadProgress,
    pub read: u64,
}

impl<R: Read> Read for ProgressReader<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.progress.is_cancelled() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::Interrupted,
                "cancelled",
            ));
        }
        let n = self.inner.read(buf)?;
        self.read += n as u64;
        self.progress.set_done(self.read);
        Ok(n)
    }
}

/// A cell's text, trimmed; `None` when empty.
pub fn cell(text: &str) -> Option<&str> {
    let text = text.trim();
    (!text.is_empty()).then_some(text)
}

/// Owned text for a draft.
pub fn owned(text: &str) -> Cow<'static, str> {
    Cow::Owned(text.to_owned())
}
