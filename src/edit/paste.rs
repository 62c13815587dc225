//! Reading events from pasted text: Timelanes JSON (what Copy puts on the clipboard: a list of
//! events, or a whole file), rows copied from a spreadsheet (tab-separated, with or without a
//! header), or plain lines such as `2021-11-15  Biden and Xi hold video summit`. Every row says
//! what each of its columns became, or why it cannot be used, before anything is added.

use crate::io::mapping::ColumnMapping;
use crate::io::rows::parse_cell_date;
use crate::time::Date;

/// The most text a paste may hold; more is a file to open, not a paste.
pub const MAX_PASTE_BYTES: usize = 10 * 1024 * 1024;

/// One event read from the pasted text.
#[derive(Clone, Debug, PartialEq)]
pub struct PastedRow {
    /// The row's line in the pasted text, from 1.
    pub line: usize,
    pub start: Result<Date, String>,
    pub end: Option<Result<Date, String>>,
    pub title: String,
    /// Lane names or ids, as pasted.
    pub lanes: Vec<String>,
    pub kind: String,
    pub description: String,
    pub source: String,
}

impl PastedRow {
    /// Why the row cannot be added, if it cannot.
    pub fn problem(&self) -> Option<String> {
        if self.title.trim().is_empty() {
            return Some("no title".to_owned());
        }
        if let Err(message) = &self.start {
            return Some(message.clone());
        }
        if let Some(Err(message)) = &self.end {
            return Some(format!("end: {message}"));
        }
        None
    }
}

/// What the paste holds.
#[derive(Clone, Debug, PartialEq)]
pub enum Pasted {
    /// Timelanes JSON events: their text, to be added as written.
    Json(Vec<String>),
    /// Rows of a table or lines of text.
    Rows(PastedTable),
}

/// Reads pasted text; an error says why nothing in it can be pasted.
pub fn parse_paste(text: &str) -> Result<Pasted, String> {
    if text.len() > MAX_PASTE_BYTES {
        return Err(format!(
            "the clipboard holds {} MB of text, and at most {} MB can be pasted; save it as a file and open it with File › Open",
            text.len() / 1_000_000,
            MAX_PASTE_BYTES / 1_000_000
        ));
    }
    let controls = text
        .chars()
        .filter(|c| c.is_control() && !matches!(c, '\n' | '\r' | '\t'))
        .count();
    if controls > 0 && controls * 50 > text.chars().count() || text.contains('\0') {
        return Err("the clipboard holds binary data, not events".to_owned());
    }
    let trimmed = text.trim_start_matches('\u{feff}').trim();
    if trimmed.is_empty() {
        return Err("the clipboard is empty".to_owned());
    }
    if trimmed.starts_with('[') || trimmed.starts_with('{') {
        return json_events(trimmed).map(Pasted::Json);
    }
    let table = table(trimmed);
    let rows = table.events(&table.mapping);
    if rows.iter().all(|r| r.problem().is_some()) {
        let first = rows
            .first()
            .and_then(PastedRow::problem)
            .unwrap_or_default();
        return Err(format!(
            "no line of the clipboard is an event (a date, then a title); the first: {first}"
        ));
    }
    Ok(Pasted::Rows(table))
}

/// The events of pasted JSON: a list of event objects, or a file's `events`.
fn json_events(text: &str) -> Result<Vec<String>, String> {
    use crate::io::json_scan;
    let not_events = || {
        "the clipboard holds JSON, but not Timelanes events (a list of objects with a title and a start)".to_owned()
    };
    let list = if text.starts_with('{') {
        let (members, events) =
            json_scan::object_members_splitting(text, "events").ok_or_else(not_events)?;
        let has_start = members
            .iter()
            .any(|(k, _)| *k == "\"start\"" || *k == "\"title\"");
        match events {
            Some(events) => events,
            // One event on its own.
            None if has_start => vec![text],
            None => return Err(not_events()),
        }
    } else {
        json_scan::array_items(text).ok_or_else(not_events)?
    };
    let events: Vec<String> = list
        .into_iter()
        .filter(|item| item.starts_with('{') && item.contains("\"start\""))
        .map(str::to_owned)
        .collect();
    if events.is_empty() {
        return Err(not_events());
    }
    Ok(events)
}

/// The cells of a line: split at tabs, else at a run of two or more spaces (a date, then a
/// title), else at the first space after a date.
fn cells(line: &str) -> Vec<String> {
    if line.contains('\t') {
        return line.split('\t').map(|c| c.trim().to_owned()).collect();
    }
    if let Some(at) = line.find("  ") {
        let (a, b) = line.split_at(at);
        return vec![a.trim().to_owned(), b.trim().to_owned()];
    }
    match line.split_once(' ') {
        Some((a, b)) if parse_cell_date(a).is_ok() => vec![a.to_owned(), b.trim().to_owned()],
        _ => vec![line.trim().to_owned()],
    }
}

/// Pasted rows of a table or lines of text, with the columns they were cut into: they go
/// through the same column mapping window as a CSV file, starting from a guess.
#[derive(Clone, Debug, PartialEq)]
pub struct PastedTable {
    /// The column names: the pasted header, or `Column 1`, `Column 2`… without one.
    pub header: Vec<String>,
    pub has_header: bool,
    /// Each row's line in the pasted text (from 1) and its cells.
    pub rows: Vec<(usize, Vec<String>)>,
    /// Which column is which, as guessed.
    pub mapping: ColumnMapping,
}

impl PastedTable {
    /// The rows as events, with `mapping`'s columns.
    pub fn events(&self, mapping: &ColumnMapping) -> Vec<PastedRow> {
        let column = |name: &str| self.header.iter().position(|h| h == name);
        let date = |text: String| parse_cell_date(&text).map_err(|e| format!("{e}; {}", e.hint()));
        self.rows
            .iter()
            .map(|(line, cells)| {
                let cell = |name: Option<&str>| {
                    name.and_then(column)
                        .and_then(|i| cells.get(i))
                        .map_or_else(String::new, |c| c.trim().to_owned())
                };
                let end = cell(mapping.end.as_deref());
                PastedRow {
                    line: *line,
                    start: date(cell(Some(&mapping.date))),
                    end: (!end.is_empty()).then(|| date(end)),
                    title: cell(Some(&mapping.title)),
                    lanes: mapping
                        .actors
                        .iter()
                        .flat_map(|actors| {
                            cell(Some(actors))
                                .split(';')
                                .map(|l| l.trim().to_owned())
                                .collect::<Vec<_>>()
                        })
                        .filter(|l| !l.is_empty())
                        .collect(),
                    kind: cell(mapping.kind.as_deref()),
                    description: cell(mapping.description.as_deref()),
                    source: cell(mapping.source.as_deref()),
                }
            })
            .collect()
    }

    /// The rows as the mapping window previews a file: the header and every row's cells.
    pub fn preview(&self) -> crate::io::csv_table::CsvPreview {
        crate::io::csv_table::CsvPreview {
            header: self.header.clone(),
            rows: self.rows.iter().map(|(_, cells)| cells.clone()).collect(),
        }
    }
}

/// Which columns of a pasted header are which, if it is a header (it names a date and a title).
fn header_mapping(header: &[String]) -> Option<ColumnMapping> {
    let find = |names: &[&str]| {
        header
            .iter()
            .find(|h| names.iter().any(|n| h.trim().eq_ignore_ascii_case(n)))
            .cloned()
    };
    let mapping = ColumnMapping {
        date: find(&["start", "date", "start date", "when", "year"])?,
        end: find(&["end", "end date", "until"]),
        title: find(&["title", "headline", "event", "what"])?,
        actors: find(&["actors", "actor", "lane", "lanes", "group", "who"])
            .into_iter()
            .collect(),
        kind: find(&["kind", "type", "category"]),
        description: find(&["description", "text", "notes", "details"]),
        source: find(&["source", "url", "link", "sources"]),
    };
    Some(mapping)
}

fn table(text: &str) -> PastedTable {
    let lines: Vec<(usize, Vec<String>)> = text
        .lines()
        .enumerate()
        .filter(|(_, l)| !l.trim().is_empty())
        .map(|(i, l)| (i + 1, cells(l)))
        .collect();
    let first = lines
        .first()
        .map(|(_, cells)| cells.clone())
        .unwrap_or_default();
    if let Some(mapping) = header_mapping(&first) {
        return PastedTable {
            header: first.iter().map(|h| h.trim().to_owned()).collect(),
            has_header: true,
            rows: lines[1..].to_vec(),
            mapping,
        };
    }
    // No header: the first column that holds a date is the start, the next the title, a
    // third the lane.
    let width = lines.iter().map(|(_, c)| c.len()).max().unwrap_or(1);
    let header: Vec<String> = (1..=width).map(|i| format!("Column {i}")).collect();
    let start = first
        .iter()
        .position(|c| parse_cell_date(c).is_ok())
        .unwrap_or(0);
    let title = if start + 1 < first.len() {
        start + 1
    } else {
        0
    };
    let lanes = (first.len() > 2)
        .then(|| (0..first.len()).find(|&i| i != start && i != title))
        .flatten();
    let name = |i: usize| header.get(i).cloned().unwrap_or_default();
    let mapping = ColumnMapping {
        date: name(start),
        title: name(title),
        actors: lanes.map(name).into_iter().collect(),
        ..ColumnMapping::default()
    };
    PastedTable {
        header,
        has_header: false,
        rows: lines,
        mapping,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows(text: &str) -> Vec<PastedRow> {
        match parse_paste(text) {
            Ok(Pasted::Rows(table)) => table.events(&table.mapping),
            other => panic!("rows expected: {other:?}"),
        }
    }

    #[test]
    fn lines_of_a_date_then_a_title() {
        let found =
            rows("2021-11-15  Biden and Xi hold video summit\n2021-11-18~\tEmbassy meeting\n");
        assert_eq!(found.len(), 2);
        assert_eq!(found[0].title, "Biden and Xi hold video summit");
        assert_eq!(found[0].start, Ok(Date::parse("2021-11-15").expect("date")));
        assert_eq!(
            found[1].start,
            Ok(Date::parse("2021-11-18~").expect("date"))
        );
    }

    #[test]
    fn spreadsheet_rows_with_a_header_say_which_column_is_which() {
        let found = rows(
            "Date\tTitle\tActors\tSource\n2022-02-24\tInvasion\tRussia; Ukraine\thttps://example.org\n2021-02-30\tNo such day\tRussia\t\n",
        );
        assert_eq!(found[0].lanes, ["Russia", "Ukraine"]);
        assert_eq!(found[0].source, "https://example.org");
        assert!(
            found[1]
                .problem()
                .is_some_and(|p| p.contains("February 2021 has 28 days"))
        );
        assert_eq!(found[1].line, 3);
    }

    #[test]
    fn rows_without_a_header_get_column_names_and_follow_the_columns_chosen() {
        let Ok(Pasted::Rows(table)) =
            parse_paste("Russia\t2022-02-24\tInvasion\nUkraine\t2022-02-24\tMartial law\n")
        else {
            panic!("rows expected");
        };
        assert!(!table.has_header);
        assert_eq!(table.header, ["Column 1", "Column 2", "Column 3"]);
        assert_eq!(table.mapping.date, "Column 2");
        assert_eq!(table.mapping.title, "Column 3");
        assert_eq!(table.mapping.actors, ["Column 1"]);
        let guessed = table.events(&table.mapping);
        assert_eq!(guessed[1].title, "Martial law");
        assert_eq!(guessed[1].lanes, ["Ukraine"]);
        // The user says the first column is the title instead.
        let chosen = ColumnMapping {
            title: "Column 1".to_owned(),
            actors: Vec::new(),
            ..table.mapping.clone()
        };
        let events = table.events(&chosen);
        assert_eq!(events[0].title, "Russia");
        assert!(events[0].lanes.is_empty());
        assert_eq!(table.preview().rows.len(), 2);
    }

    #[test]
    fn json_events_are_taken_as_written() {
        let pasted = parse_paste(r#"[{"title": "A", "start": "2014", "x-mine": 1}]"#);
        assert_eq!(
            pasted,
            Ok(Pasted::Json(vec![
                r#"{"title": "A", "start": "2014", "x-mine": 1}"#.to_owned()
            ]))
        );
        let file = parse_paste(r#"{"actors": [], "events": [{"title": "B", "start": "2015"}]}"#);
        assert!(matches!(file, Ok(Pasted::Json(events)) if events.len() == 1));
    }

    #[test]
    fn what_cannot_be_pasted_says_why() {
        let binary = "\u{1}\u{2}\u{3}PNG\u{0}\u{0}data";
        assert_eq!(
            parse_paste(binary),
            Err("the clipboard holds binary data, not events".to_owned())
        );
        let huge = "a".repeat(MAX_PASTE_BYTES + 1);
        assert!(parse_paste(&huge).is_err_and(|e| e.contains("at most 10 MB can be pasted")));
        assert!(
            parse_paste("hello there")
                .is_err_and(|e| e.contains("no line of the clipboard is an event"))
        );
        assert!(parse_paste(r#"{"name": "x"}"#).is_err_and(|e| e.contains("not Timelanes events")));
        assert_eq!(
            parse_paste("  \n "),
            Err("the clipboard is empty".to_owned())
        );
    }
}
