//! The one row reader every table importer (ACLED, GDELT, generic CSV, TimelineJS spreadsheet)
//! reads with: it reads the header, finds columns by name, streams the rows, counts the bytes
//! read for the progress bar, stops when the load is cancelled, turns rows that cannot be read
//! and bad or empty dates into problems, and locates every problem at its cell: the line
//! and column (in characters, as editors count) where the cell starts, even after quoted
//! cells that span lines.
//!
//! The CSV reader unquotes cells, so where a cell started is lost by the time a row is read.
//! The input is therefore kept from the start of the current row on (a row and the reader's
//! read-ahead, in bounded memory) and scanned again, only when a problem is reported.

use std::cell::RefCell;
use std::io::Read;

use smallvec::SmallVec;

use crate::model::{DatasetBuilder, EventEnd, FieldPath, Location, Problem, Site};
use crate::time::{Date, DateError};

use super::import::cell;
use super::progress::LoadProgress;

/// How a table is written.
#[derive(Clone, Copy, Debug)]
pub struct TableFormat {
    /// The byte between cells: `,` `;` or tab.
    pub delimiter: u8,
    /// Whether the first line names the columns.
    pub has_header: bool,
    /// Whether `"` quotes cells (GDELT writes quotes as plain characters).
    pub quoting: bool,
}

impl TableFormat {
    /// A CSV file with a header line.
    pub fn csv(delimiter: u8) -> Self {
        Self {
            delimiter,
            has_header: true,
            quoting: true,
        }
    }
}

/// How to write a date in a table cell (what [`parse_cell_date`] reads).
pub const CELL_DATE_HINT: &str = "write dates as 2022-02-24 (or 2022, 2022-02, 2022-02-24T14:30), 24 February 2022, February 24, 2022 or 20220224";

/// A date in a cell: ISO (any precision), `24 February 2022`, `February 24, 2022`, or
/// `20220224`.
pub fn parse_cell_date(text: &str) -> Result<Date, DateError> {
    let text = text.trim();
    if text.len() == 8 && text.bytes().all(|b| b.is_ascii_digit()) {
        let (y, m, d) = (&text[..4], &text[4..6], &text[6..]);
        if let (Ok(y), Ok(m), Ok(d)) = (y.parse(), m.parse(), d.parse()) {
            return Date::from_parts(y, Some(m), Some(d), None, None, None);
        }
    }
    Date::parse(text).or_else(|error| Date::parse_day_in_words(text).map_err(|_| error))
}

/// "\"someday\" is not a date", with the reason when there is more to say ("month 13 does
/// not exist").
pub fn not_a_date(text: &str, error: &DateError) -> String {
    match error {
        DateError::NotADate(_) | DateError::Empty => {
            format!("{} is not a date", crate::model::quoted(text))
        }
        other => format!("{} is not a date: {other}", crate::model::quoted(text)),
    }
}

/// Where the column called `name` is, ignoring case and spaces around either name. The one
/// column finder of every importer (and of the format sniffing that chooses one).
pub fn find_column<'a>(header: impl IntoIterator<Item = &'a str>, name: &str) -> Option<usize> {
    let name = name.trim();
    header
        .into_iter()
        .position(|h| h.trim().eq_ignore_ascii_case(name))
}

/// A column of a table: where it is (if the file has it) and the name messages call it by.
#[derive(Clone, Debug)]
pub struct Column {
    index: Option<usize>,
    name: String,
}

impl Column {
    /// The column at a fixed position (files without a header, such as GDELT's).
    pub fn at(index: usize, name: &str) -> Self {
        Self {
            index: Some(index),
            name: name.to_owned(),
        }
    }

    pub fn index(&self) -> Option<usize> {
        self.index
    }

    pub fn name(&self) -> &str {
        &self.name
    }
}

/// What every row handler returns: `Err` with the problem that leaves the row out.
pub type RowResult = Result<(), Box<Problem>>;

/// Counts the bytes read into the load's progress, fails reads once the load is cancelled (so
/// even a row of a gigabyte stops), and keeps the bytes from the start of the current row on.
struct TrackedInput<'p, R> {
    inner: R,
    progress: &'p LoadProgress,
    /// The stream's bytes from offset `kept_from` on.
    kept: Vec<u8>,
    kept_from: u64,
    read: u64,
}

impl<R> TrackedInput<'_, R> {
    /// The bytes from `offset` on, as far as they have been read.
    fn bytes_from(&self, offset: u64) -> &[u8] {
        let start = offset.saturating_sub(self.kept_from);
        usize::try_from(start)
            .ok()
            .and_then(|start| self.kept.get(start..))
            .unwrap_or(&[])
    }

    /// Lets the bytes before `offset` go. Only once they are at least half of what is kept,
    /// so that every byte is moved at most once on average.
    fn forget_before(&mut self, offset: u64) {
        let dead = usize::try_from(offset.saturating_sub(self.kept_from)).unwrap_or(usize::MAX);
        if dead >= 64 * 1024 && dead >= self.kept.len() / 2 {
            let dead = dead.min(self.kept.len());
            self.kept.drain(..dead);
            self.kept_from += dead as u64;
        }
    }
}

impl<R: Read> Read for TrackedInput<'_, R> {
    fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
        if self.progress.is_cancelled() {
            return Err(std::io::Error::new(
                std::io::ErrorKind::Interrupted,
                "cancelled",
            ));
        }
        let n = self.inner.read(buf)?;
        self.kept.extend_from_slice(buf.get(..n).unwrap_or(&[]));
        self.read += n as u64;
        self.progress.set_done(self.read);
        Ok(n)
    }
}

/// The rows of a table, read one at a time.
pub struct Rows<'p, R> {
    reader: csv::Reader<TrackedInput<'p, R>>,
    header: csv::StringRecord,
    format: TableFormat,
    progress: &'p LoadProgress,
}

impl<'p, R: Read> Rows<'p, R> {
    /// Starts reading a table, with its header if it has one.
    pub fn new(
        input: R,
        format: TableFormat,
        progress: &'p LoadProgress,
    ) -> Result<Self, Box<Problem>> {
        let mut reader = csv::ReaderBuilder::new()
            .delimiter(format.delimiter)
            .has_headers(format.has_header)
            .quoting(format.quoting)
            .flexible(true)
            .from_reader(TrackedInput {
                inner: input,
                progress,
                kept: Vec::new(),
                kept_from: 0,
                read: 0,
            });
        // Read now, not with the first row: the reader would blame the header's line for a
        // first row that is not UTF-8.
        let header = if format.has_header {
            match reader.headers() {
                Ok(header) => header.clone(),
                Err(_) if progress.is_cancelled() => return Err(cancelled()),
                Err(error) => {
                    let hint = match error.kind() {
                        csv::ErrorKind::Utf8 { .. } => {
                            "save it as UTF-8 (in most editors: Save As… and choose the UTF-8 encoding)"
                        }
                        _ => "check that the file is complete and readable",
                    };
                    return Err(Box::new(
                        Problem::error(
                            Site::default(),
                            format!("the CSV header cannot be read: {error}"),
                        )
                        .with_hint(hint),
                    ));
                }
            }
        } else {
            csv::StringRecord::new()
        };
        Ok(Self {
            reader,
            header,
            format,
            progress,
        })
    }

    /// The column names (none for a table without a header).
    pub fn header(&self) -> &csv::StringRecord {
        &self.header
    }

    /// The column called `name`, if the table has it; messages call it as the header does.
    pub fn column(&self, name: &str) -> Column {
        let index = find_column(&self.header, name);
        Column {
            index,
            name: index
                .and_then(|i| self.header.get(i))
                .map_or(name, str::trim)
                .to_owned(),
        }
    }

    /// The column called `name`, or a message naming the columns there are.
    pub fn require(&self, name: &str) -> Result<Column, String> {
        let column = self.column(name);
        if column.index.is_some() {
            return Ok(column);
        }
        let columns: Vec<&str> = self.header.iter().map(str::trim).collect();
        Err(format!(
            "the file has no column {:?}; its columns are {}",
            name.trim(),
            columns.join(", ")
        ))
    }

    /// Reads every row into `builder` through `each`: the problem a row handler returns is
    /// recorded and the row left out; rows that cannot be read become problems too, and so
    /// does input that cannot be read past some row (the rows before it are kept). Stops with
    /// an error when the load is cancelled. Returns how many rows there were.
    pub fn for_each(
        mut self,
        builder: &mut DatasetBuilder,
        mut each: impl FnMut(&Row<'_>, &mut DatasetBuilder) -> RowResult,
    ) -> Result<u64, Box<Problem>> {
        let mut record = csv::StringRecord::new();
        let mut number = 0u64;
        loop {
            if self.progress.is_cancelled() {
                return Err(cancelled());
            }
            let start = self.reader.position().clone();
            match self.reader.read_record(&mut record) {
                Ok(false) => break,
                Ok(true) => {
                    number += 1;
                    let at = record.position().unwrap_or(&start);
                    let row = self.row(number, &record, at.byte(), at.line());
                    if let Err(problem) = each(&row, builder) {
                        builder.problem(*problem);
                    }
                }
                Err(_) if self.progress.is_cancelled() => return Err(cancelled()),
                Err(error) => {
                    let csv::ErrorKind::Utf8 { err, .. } = error.kind() else {
                        // Only the input itself fails otherwise (a broken zip, a lost
                        // disk), and reading on would fail again: keep what was read.
                        let row = self.row(number + 1, &record, start.byte(), start.line());
                        builder.problem(
                            Problem::error(
                                row.site(None),
                                format!("the rest of the file cannot be read: {error}"),
                            )
                            .with_hint("check that the file is complete and readable"),
                        );
                        break;
                    };
                    number += 1;
                    let field = err.field();
                    let row = self.row(number, &record, start.byte(), start.line());
                    let column = Column {
                        index: Some(field),
                        name: self
                            .header
                            .get(field)
                            .map_or_else(|| format!("{}", field + 1), |n| n.trim().to_owned()),
                    };
                    builder.problem(*row.problem(
                        Some(&column),
                        "the cell is not UTF-8 text; the row is left out",
                        "save the file as UTF-8 (in most editors: Save As… and choose the UTF-8 encoding)",
                    ));
                }
            }
            let next = self.reader.position().byte();
            self.reader.get_mut().forget_before(next);
        }
        Ok(number)
    }

    fn row<'r>(
        &'r self,
        number: u64,
        record: &'r csv::StringRecord,
        byte: u64,
        line: u64,
    ) -> Row<'r> {
        Row {
            number,
            record,
            raw: self.reader.get_ref().bytes_from(byte),
            at_file_start: byte == 0,
            line,
            format: self.format,
            cells: RefCell::default(),
        }
    }
}

/// The problem a cancelled load stops with (the loader reports it as a cancel).
fn cancelled() -> Box<Problem> {
    Box::new(Problem::error(Site::default(), "cancelled"))
}

/// One row of a table, with what it takes to locate its cells.
pub struct Row<'r> {
    /// 1 for the first row under the header.
    number: u64,
    record: &'r csv::StringRecord,
    /// The input from where the reader started this row (perhaps the end of the line before).
    raw: &'r [u8],
    at_file_start: bool,
    /// The line of `raw[0]`.
    line: u64,
    format: TableFormat,
    cells: RefCell<CellScan>,
}

impl<'r> Row<'r> {
    /// 1 for the first row under the header.
    pub fn number(&self) -> u64 {
        self.number
    }

    /// The row's place among the rows, from 0: what importers give as the event's place in
    /// the file.
    pub fn file_index(&self) -> usize {
        usize::try_from(self.number.saturating_sub(1)).unwrap_or(usize::MAX)
    }

    /// How many cells the row has.
    pub fn len(&self) -> usize {
        self.record.len()
    }

    pub fn is_empty(&self) -> bool {
        self.record.is_empty()
    }

    /// The cell at `index` as written ("" when the row is shorter).
    pub fn raw(&self, index: usize) -> &'r str {
        self.record.get(index).unwrap_or("")
    }

    /// The cell at `index`, trimmed; `None` when empty or missing.
    pub fn cell(&self, index: usize) -> Option<&'r str> {
        cell(self.raw(index))
    }

    /// The cell of `column`, trimmed; `None` when empty, or when the table has no such column.
    pub fn get(&self, column: &Column) -> Option<&'r str> {
        column.index.and_then(|i| self.cell(i))
    }

    /// Where the cell at `index` starts (the row's start for `None`, or a cell the row does
    /// not have): the line, and the column in characters, both from 1.
    pub fn location(&self, index: Option<usize>) -> Location {
        let (lines, column) =
            self.cells
                .borrow_mut()
                .locate(self.raw, self.at_file_start, self.format, index);
        Location {
            line: u32::try_from(self.line + lines).unwrap_or(u32::MAX),
            column: u32::try_from(column).unwrap_or(u32::MAX),
        }
    }

    /// Where a cell is: `row 12, column "event_date"` at its line and column. `None`: the
    /// row as a whole.
    pub fn site(&self, column: Option<&Column>) -> Site {
        let path = match column {
            Some(column) => format!("row {}, column {:?}", self.number, column.name),
            None => format!("row {}", self.number),
        };
        Site::at(
            FieldPath::Text(path),
            self.location(column.and_then(|c| c.index)),
        )
    }

    /// A warning about the cell of `column`; the row is still used.
    pub fn warning(&self, column: &Column, message: impl Into<String>, hint: &str) -> Problem {
        Problem::warning(self.site(Some(column)), message)
            .with_hint(hint)
            .for_event(self.file_index())
    }

    /// The problem that leaves the row out, at the cell of `column`, as a row handler
    /// returns it: `return row.error(…)`, or `?` on the result of a check.
    pub fn error(&self, column: &Column, message: impl Into<String>, hint: &str) -> RowResult {
        Err(self.problem(Some(column), message, hint))
    }

    /// The problem that leaves the row out, at a cell or (`None`) at the row.
    pub fn problem(
        &self,
        column: Option<&Column>,
        message: impl Into<String>,
        hint: &str,
    ) -> Box<Problem> {
        Box::new(
            Problem::error(self.site(column), message)
                .with_hint(hint)
                .for_event(self.file_index()),
        )
    }

    /// The required date in `column`; an empty cell or one that is not a date leaves the
    /// row out.
    pub fn date(&self, column: &Column, hint: &str) -> Result<Date, Box<Problem>> {
        let Some(text) = self.get(column) else {
            return Err(self.problem(Some(column), "the date is empty; the row is left out", hint));
        };
        parse_cell_date(text).map_err(|error| {
            self.problem(
                Some(column),
                format!("{}; the row is left out", not_a_date(text, &error)),
                hint,
            )
        })
    }

    /// An optional end in `column`: none when empty, `present` for ongoing events; one that
    /// is not a date is a warning, and the event is shown as an instant.
    pub fn end(
        &self,
        column: &Column,
        hint: &str,
        builder: &mut DatasetBuilder,
    ) -> Option<EventEnd> {
        let text = self.get(column)?;
        if text.eq_ignore_ascii_case("present") {
            return Some(EventEnd::Present);
        }
        match parse_cell_date(text) {
            Ok(date) => Some(EventEnd::Date(date)),
            Err(error) => {
                builder.problem(self.warning(
                    column,
                    format!(
                        "{}; the event is shown as an instant",
                        not_a_date(text, &error)
                    ),
                    hint,
                ));
                None
            }
        }
    }
}

/// Where a row's cells start, found by reading the row as the CSV reader reads it: a cell
/// that starts with a quote runs to the closing quote (a doubled quote is a quote in the cell,
/// and line ends are part of it); outside quotes the delimiter ends a cell and a line end the
/// row. Read only as far as the cells asked for, once per row however many sites are made.
#[derive(Default)]
struct CellScan {
    started: bool,
    /// The next byte to read.
    at: usize,
    /// Line ends passed since the row's first byte, and characters since the last one.
    lines: u64,
    column: u64,
    quoted: bool,
    at_cell_start: bool,
    /// The row (or the input read so far) ended.
    ended: bool,
    /// (lines, column from 1) where each cell found so far starts.
    starts: SmallVec<[(u64, u64); 32]>,
}

impl CellScan {
    /// (line ends before it, column from 1) of cell `index`'s start; of the row's start for
    /// `None` or a cell the row does not have.
    fn locate(
        &mut self,
        raw: &[u8],
        at_file_start: bool,
        format: TableFormat,
        index: Option<usize>,
    ) -> (u64, u64) {
        if !self.started {
            self.started = true;
            // The reader starts a row where the last one ended: skip the rest of that line's
            // end, blank lines, and a byte-order mark (which editors do not show).
            while let Some(&byte @ (b'\r' | b'\n')) = raw.get(self.at) {
                self.lines += u64::from(byte == b'\n');
                self.at += 1;
            }
            if at_file_start && raw.starts_with(b"\xEF\xBB\xBF") {
                self.at = self.at.max(3);
            }
            self.at_cell_start = true;
            self.starts.push((self.lines, 1));
        }
        let wanted = index.unwrap_or(0);
        while self.starts.len() <= wanted && !self.ended {
            self.step(raw, format);
        }
        self.starts
            .get(wanted)
            .or(self.starts.first())
            .copied()
            .unwrap_or((0, 1))
    }

    /// Reads one byte (two for a doubled quote).
    fn step(&mut self, raw: &[u8], format: TableFormat) {
        let Some(&byte) = raw.get(self.at) else {
            self.ended = true;
            return;
        };
        self.at += 1;
        if self.quoted {
            if byte == b'"' {
                if raw.get(self.at) == Some(&b'"') {
                    self.at += 1;
                    self.column += 1;
                } else {
                    self.quoted = false;
                }
            }
        } else if byte == format.delimiter {
            self.column += 1;
            self.at_cell_start = true;
            self.starts.push((self.lines, self.column + 1));
            return;
        } else if byte == b'\n' || byte == b'\r' {
            self.ended = true;
            return;
        } else if self.at_cell_start && format.quoting && byte == b'"' {
            self.quoted = true;
        }
        self.at_cell_start = false;
        if byte == b'\n' {
            self.lines += 1;
            self.column = 0;
        } else if byte & 0xC0 != 0x80 {
            // Characters, not bytes: a byte that continues a UTF-8 sequence is no new one.
            self.column += 1;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// (line:column of every problem, rows read) for a table whose handler complains about
    /// the cell `column` of every row.
    fn locate(text: &[u8], format: TableFormat, column: &str) -> (Vec<String>, u64) {
        let progress = LoadProgress::new();
        let rows = Rows::new(text, format, &progress).expect("header");
        let column = if format.has_header {
            rows.column(column)
        } else {
            Column::at(column.parse().expect("a number"), "c")
        };
        let mut builder = DatasetBuilder::new(String::new(), String::new());
        let count = rows
            .for_each(&mut builder, |row, _| row.error(&column, "here", "fix it"))
            .expect("reads");
        let (_, problems) = builder.finish();
        let mut at: Vec<(u32, u32)> = problems
            .iter()
            .filter_map(|p| p.site.location)
            .map(|l| (l.line, l.column))
            .collect();
        at.sort_unstable();
        (at.iter().map(|(l, c)| format!("{l}:{c}")).collect(), count)
    }

    #[test]
    fn cells_are_located_where_they_start() {
        let csv = "id,when,what\n\
                   1,2022,plain\n\
                   2,\"2022\",\"quoted, with a comma\"\n\
                   \"3\",2022,\"two\nlines\"\n\
                   4,2022,\"a \"\"quote\"\"\"\n";
        // Row 3's third cell starts on line 4 and ends on line 5; row 4 is on line 6.
        assert_eq!(
            locate(csv.as_bytes(), TableFormat::csv(b','), "what"),
            (
                vec!["2:8".into(), "3:10".into(), "4:10".into(), "6:8".into()],
                4
            )
        );
        assert_eq!(
            locate(csv.as_bytes(), TableFormat::csv(b','), "id").0,
            ["2:1", "3:1", "4:1", "6:1"]
        );
        // After a cell of several lines, the next cell's column counts from its own line.
        let after = "a,b,c\n\"x\ny\",late,z\n";
        assert_eq!(
            locate(after.as_bytes(), TableFormat::csv(b','), "b").0,
            ["3:4"]
        );
    }

    #[test]
    fn columns_count_characters_and_skip_what_is_not_a_cell() {
        // A byte-order mark, CRLF line ends, a blank line, non-ASCII text before the cell.
        let csv = "\u{feff}name;date\r\nÉlysée ✓;x\r\n\r\nGuðrún;y\r\n";
        assert_eq!(
            locate(csv.as_bytes(), TableFormat::csv(b';'), "date").0,
            ["2:10", "4:8"]
        );
        // GDELT: tabs, no header, quotes are plain characters.
        let tsv = "\u{feff}1\t\"a\t2\n3\t\"b\t4\n";
        let format = TableFormat {
            delimiter: b'\t',
            has_header: false,
            quoting: false,
        };
        assert_eq!(locate(tsv.as_bytes(), format, "2").0, ["1:6", "2:6"]);
        // A cell the row does not have: the row's start.
        assert_eq!(
            locate(b"a,b,c\n1\n", TableFormat::csv(b','), "c").0,
            ["2:1"]
        );
    }

    #[test]
    fn locations_hold_deep_into_a_long_stream() {
        // Far more than the reader's buffer, so the kept input is let go many times.
        let mut csv = String::from("n,date\n");
        for i in 0..20_000 {
            csv.push_str(&format!("\"{i}\n{}\",x\n", "é".repeat(i % 7)));
        }
        let (at, count) = locate(csv.as_bytes(), TableFormat::csv(b','), "date");
        assert_eq!(count, 20_000);
        assert_eq!(at.len(), 20_000);
        // Row i starts on line 2 + 2i; its date is on the next line, after i % 7 + 2 characters.
        for i in [0usize, 1, 6, 9_999, 19_999] {
            let expected = format!("{}:{}", 3 + 2 * i, i % 7 + 3);
            assert!(
                at.contains(&expected),
                "row {i}: {expected} not in the list"
            );
        }
    }

    #[test]
    fn bad_dates_and_unreadable_rows_are_problems_at_their_cells() {
        let csv = b"title,date,end\n\
                    ok,2022-02-24,present\n\
                    bad,someday,\n\
                    empty,,\n\
                    bad end,2022-02-24,later\n\
                    latin1 \xe9,2022-02-24,\n\
                    last,2022-03-01,\n";
        let progress = LoadProgress::new();
        let rows = Rows::new(&csv[..], TableFormat::csv(b','), &progress).expect("header");
        let (date, end) = (rows.column("DATE "), rows.column("end"));
        let mut builder = DatasetBuilder::new(String::new(), String::new());
        let mut used = Vec::new();
        rows.for_each(&mut builder, |row, builder| {
            let start = row.date(&date, CELL_DATE_HINT)?;
            let end = row.end(&end, CELL_DATE_HINT, builder);
            used.push((row.number(), start.to_string(), end));
            Ok(())
        })
        .expect("reads");
        assert_eq!(used.len(), 3, "{used:?}");
        assert_eq!(used[0].2, Some(EventEnd::Present));
        let (_, problems) = builder.finish();
        let lines: Vec<String> = problems.iter().map(|p| p.display_in("f.csv")).collect();
        assert_eq!(
            lines,
            [
                format!(
                    "f.csv:3:5: error: row 2, column \"date\": \"someday\" is not a date; the row is left out; {CELL_DATE_HINT}"
                ),
                format!(
                    "f.csv:4:7: error: row 3, column \"date\": the date is empty; the row is left out; {CELL_DATE_HINT}"
                ),
                "f.csv:6:1: error: row 5, column \"title\": the cell is not UTF-8 text; the row is left out; save the file as UTF-8 (in most editors: Save As… and choose the UTF-8 encoding)".to_owned(),
                format!(
                    "f.csv:5:20: warning: row 4, column \"end\": \"later\" is not a date; the event is shown as an instant; {CELL_DATE_HINT}"
                ),
            ]
        );
    }

    #[test]
    fn a_cancelled_load_stops_reading() {
        let csv = "a,b\n1,2\n3,4\n";
        let progress = LoadProgress::new();
        let rows = Rows::new(csv.as_bytes(), TableFormat::csv(b','), &progress).expect("header");
        let mut builder = DatasetBuilder::new(String::new(), String::new());
        let mut seen = 0;
        let result = rows.for_each(&mut builder, |_, _| {
            seen += 1;
            progress.cancel();
            Ok(())
        });
        assert_eq!(result.expect_err("cancelled").message, "cancelled");
        assert_eq!(seen, 1, "no row is read after the cancel");
    }

    #[test]
    fn input_that_breaks_off_keeps_the_rows_before_with_an_error() {
        /// Fails every read after the first `left` bytes, as a damaged zip entry does.
        struct BreaksOff<'a>(&'a [u8], usize);
        impl Read for BreaksOff<'_> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                if self.1 == 0 {
                    return Err(std::io::Error::other("corrupt deflate stream"));
                }
                let most = buf.len().min(self.1);
                let n = self.0.read(&mut buf[..most])?;
                self.1 -= n;
                Ok(n)
            }
        }
        let csv = b"a,b\n1,2\n3,4\n5,6\n";
        let progress = LoadProgress::new();
        let rows =
            Rows::new(BreaksOff(csv, 10), TableFormat::csv(b','), &progress).expect("header");
        let mut builder = DatasetBuilder::new(String::new(), String::new());
        let mut seen = Vec::new();
        let count = rows
            .for_each(&mut builder, |row, _| {
                seen.push(row.raw(0).to_owned());
                Ok(())
            })
            .expect("what was read is kept");
        assert_eq!((count, seen), (1, vec!["1".to_owned()]));
        let (_, problems) = builder.finish();
        assert_eq!(
            problems
                .iter()
                .map(|p| p.display_in("f.csv"))
                .collect::<Vec<_>>(),
            [
                "f.csv:3:1: error: row 2: the rest of the file cannot be read: corrupt deflate stream; check that the file is complete and readable"
            ]
        );
    }

    #[test]
    fn one_column_finder() {
        let header = [" Event Date ", "actor1"];
        assert_eq!(find_column(header, "event date"), Some(0));
        assert_eq!(find_column(header, " ACTOR1 "), Some(1));
        assert_eq!(find_column(header, "actor2"), None);
        let progress = LoadProgress::new();
        let rows = Rows::new(
            &b" Event Date ,actor1\n"[..],
            TableFormat::csv(b','),
            &progress,
        )
        .expect("header");
        assert_eq!(rows.column("event date").name(), "Event Date");
        assert_eq!(rows.column("notes").name(), "notes");
        assert_eq!(
            rows.require("notes").expect_err("missing"),
            "the file has no column \"notes\"; its columns are Event Date, actor1"
        );
    }

    #[test]
    fn cell_dates() {
        for text in ["2022-02-24", "24 February 2022", "20220224"] {
            assert_eq!(
                parse_cell_date(text).map(|d| d.to_string()),
                Ok("2022-02-24".to_owned()),
                "{text}"
            );
        }
        assert_eq!(
            parse_cell_date("2022-02").map(|d| d.to_string()),
            Ok("2022-02".to_owned())
        );
        assert!(parse_cell_date("soon").is_err());
    }
}
