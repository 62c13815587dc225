//! CSV files of any shape: a mapping says which column is the date, the end, the title, the
//! actors, the description, the source and the kind. The window asks for it with a preview
//! (and remembers it per header); the command line takes `--map`.

use std::borrow::Cow;
use std::io::Read;

use serde::{Deserialize, Serialize};
use smallvec::SmallVec;

use crate::model::{Dataset, DatasetBuilder, EventDraft, EventEnd, Problem, Site, SourceDraft};
use crate::time::Date;

use super::import::{
    CELL_DATE_HINT, ImportOptions, LaneMaker, cell, cell_site, not_a_date, owned, row_error,
    unreadable_row,
};
use super::progress::LoadProgress;

/// The first rows of a CSV file, to choose a mapping with.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CsvPreview {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// Which column means what, by column name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ColumnMapping {
    pub date: String,
    pub end: Option<String>,
    pub title: String,
    /// One or more columns; a cell may name several actors separated by `;`.
    pub actors: Vec<String>,
    pub description: Option<String>,
    pub source: Option<String>,
    pub kind: Option<String>,
}

/// The roles a column can have, as written in `--map`.
pub const ROLES: &[&str] = &[
    "date",
    "end",
    "title",
    "actors",
    "description",
    "source",
    "kind",
];

impl ColumnMapping {
    /// Reads `date=When,title=What,actors=Who|With,description=Notes`.
    pub fn parse_flag(text: &str) -> Result<Self, String> {
        let mut mapping = Self::default();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (role, column) = part
                .split_once('=')
                .ok_or_else(|| format!("{part:?} is not role=column"))?;
            let column = column.trim().to_owned();
            match role.trim() {
                "date" => mapping.date = column,
                "end" => mapping.end = Some(column),
                "title" => mapping.title = column,
                "actors" => {
                    mapping.actors = column.split('|').map(|c| c.trim().to_owned()).collect();
                }
                "description" => mapping.description = Some(column),
                "source" => mapping.source = Some(column),
                "kind" => mapping.kind = Some(column),
                other => {
                    return Err(format!(
                        "{other:?} is not a role; the roles are {}",
                        ROLES.join(", ")
                    ));
                }
            }
        }
        Ok(mapping)
    }

    /// A first guess from the column names, for the mapping window to start from.
    pub fn guess(header: &[String]) -> Self {
        // A column named exactly so, else one whose name holds the first word ("Event date").
        let find = |names: &[&str]| {
            let lower: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
            lower
                .iter()
                .position(|h| names.contains(&h.as_str()))
                .or_else(|| {
                    lower.iter().position(|h| {
                        h.split(|c: char| !c.is_alphanumeric())
                            .any(|w| w == names[0])
                    })
                })
                .map(|i| header[i].clone())
        };
        Self {
            date: find(&[
                "date",
                "start",
                "start date",
                "start_date",
                "when",
                "day",
                "event_date",
            ])
            .unwrap_or_default(),
            end: find(&["end", "end date", "end_date", "until"]),
            title: find(&[
                "title",
                "headline",
                "event",
                "name",
                "summary",
                "what",
                "what happened",
            ])
            .unwrap_or_default(),
            actors: find(&[
                "actors", "actor", "actor1", "who", "party", "country", "group",
            ])
            .into_iter()
            .chain(find(&["actor2", "with", "target"]))
            .collect(),
            description: find(&["description", "notes", "text", "details"]),
            source: find(&["source", "url", "link", "sources"]),
            kind: find(&["kind", "type", "category", "event_type"]),
        }
    }

    /// Whether the required roles have columns.
    pub fn is_complete(&self) -> bool {
        !self.date.is_empty() && !self.title.is_empty() && !self.actors.is_empty()
    }

    /// The `--map` text of this mapping.
    pub fn to_flag(&self) -> String {
        let mut parts = vec![
            format!("date={}", self.date),
            format!("title={}", self.title),
        ];
        parts.push(format!("actors={}", self.actors.join("|")));
        for (role, column) in [
            ("end", &self.end),
            ("description", &self.description),
            ("source", &self.source),
            ("kind", &self.kind),
        ] {
            if let Some(column) = column {
                parts.push(format!("{role}={column}"));
            }
        }
        parts.join(",")
    }
}

/// What identifies a kind of CSV file: its column names, in order.
pub fn header_key(header: &[String]) -> String {
    header
        .iter()
        .map(|h| h.trim())
        .collect::<Vec<_>>()
        .join("\u{1f}")
}

/// The separator a header line uses: the most frequent of `,` `;` and tab.
pub fn sniff_delimiter(first_line: &str) -> u8 {
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|&d| first_line.bytes().filter(|&b| b == d).count())
        .unwrap_or(b',')
}

/// A CSV reader for a header-first file.
pub fn reader<R: Read>(input: R, delimiter: u8) -> csv::Reader<R> {
    csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .has_headers(true)
        .from_reader(input)
}

/// The header and the first rows.
/// The header of a CSV file, or the error that says why it cannot be read.
pub fn read_header<R: Read>(
    reader: &mut csv::Reader<R>,
) -> Result<csv::StringRecord, Box<Problem>> {
    reader.headers().cloned().map_err(|e| {
        Box::new(Problem::error(
            Site::default(),
            format!("the CSV header cannot be read: {e}"),
        ))
    })
}

/// Where the column called `name` is, ignoring case and spaces around it.
pub fn find_column<'a>(header: impl IntoIterator<Item = &'a str>, name: &str) -> Option<usize> {
    header
        .into_iter()
        .position(|h| h.trim().eq_ignore_ascii_case(name))
}

pub fn preview<R: Read>(input: R, delimiter: u8, rows: usize) -> Result<CsvPreview, csv::Error> {
    let mut reader = reader(input, delimiter);
    let header = reader.headers()?.iter().map(str::to_owned).collect();
    let rows = reader
        .records()
        .take(rows)
        .filter_map(Result::ok)
        .map(|r| r.iter().map(str::to_owned).collect())
        .collect();
    Ok(CsvPreview { header, rows })
}

/// A date in a cell: ISO (any precision), `24 February 2022`, `February 24, 2022`, or
/// `20220224`.
pub fn parse_cell_date(text: &str) -> Result<Date, crate::time::DateError> {
    let text = text.trim();
    if text.len() == 8 && text.bytes().all(|b| b.is_ascii_digit()) {
        let (y, m, d) = (&text[..4], &text[4..6], &text[6..]);
        if let (Ok(y), Ok(m), Ok(d)) = (y.parse(), m.parse(), d.parse()) {
            return Date::from_parts(y, Some(m), Some(d), None, None, None);
        }
    }
    Date::parse(text).or_else(|error| Date::parse_day_in_words(text).map_err(|_| error))
}

/// The position of each named column, or the problem naming the missing one.
fn column_index(header: &csv::StringRecord, name: &str) -> Result<usize, String> {
    header
        .iter()
        .position(|h| h.trim().eq_ignore_ascii_case(name.trim()))
        .ok_or_else(|| {
            let columns: Vec<&str> = header.iter().collect();
            format!(
                "the file has no column {name:?}; its columns are {}",
                columns.join(", ")
            )
        })
}

/// Imports a CSV file with a mapping, streaming it row by row.
pub fn import_generic<R: Read>(
    input: R,
    delimiter: u8,
    mapping: &ColumnMapping,
    options: &ImportOptions,
    _progress: &LoadProgress,
) -> Result<(Dataset, Vec<Problem>), Box<Problem>> {
    let mut reader = reader(input, delimiter);
    let header = read_header(&mut reader)?;
    let missing = |message: String| {
        Box::new(
            Problem::error(Site::default(), message)
                .with_hint("map the columns again (in the window, or with --map role=column,…)"),
        )
    };
    let date = column_index(&header, &mapping.date).map_err(missing)?;
    let title = column_index(&header, &mapping.title).map_err(missing)?;
    let end = mapping
        .end
        .as_deref()
        .map(|c| column_index(&header, c))
        .transpose()
        .map_err(missing)?;
    let actors: Vec<usize> = mapping
        .actors
        .iter()
        .map(|c| column_index(&header, c))
        .collect::<Result<_, _>>()
        .map_err(missing)?;
    if actors.is_empty() {
        return Err(missing("no column is mapped to the actors".to_owned()));
    }
    let optional = |column: &Option<String>| {
        column
            .as_deref()
            .map(|c| column_index(&header, c))
            .transpose()
    };
    let description = optional(&mapping.description).map_err(missing)?;
    let source = optional(&mapping.source).map_err(missing)?;
    let kind = optional(&mapping.kind).map_err(missing)?;

    let mut builder = DatasetBuilder::new(String::new(), String::new());
    let mut lanes = LaneMaker::default();
    let name_of = |i: usize| header.get(i).unwrap_or("").to_owned();
    for (row, record) in reader.records().enumerate() {
        let row = row as u64 + 1;
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                let line = error.position().map_or(0, |p| p.line());
                builder.problem(unreadable_row(
                    line,
                    row,
                    &error,
                    "check the quotes on this line",
                ));
                continue;
            }
        };
        let line = record.position().map_or(0, |p| p.line());
        let get = |i: usize| cell(record.get(i).unwrap_or(""));
        let Some(title_text) = get(title) else {
            builder.problem(row_error(
                line,
                row,
                &name_of(title),
                "the title is empty; the row is left out",
                "give every row a title",
            ));
            continue;
        };
        let start = match get(date).map(parse_cell_date) {
            Some(Ok(d)) => d,
            Some(Err(error)) => {
                builder.problem(row_error(
                    line,
                    row,
                    &name_of(date),
                    not_a_date(get(date).unwrap_or(""), &error),
                    CELL_DATE_HINT,
                ));
                continue;
            }
            None => {
                builder.problem(row_error(
                    line,
                    row,
                    &name_of(date),
                    "the date is empty; the row is left out",
                    "give every row a date",
                ));
                continue;
            }
        };
        let end_date = match end.and_then(get) {
            None => None,
            Some(text) if text.eq_ignore_ascii_case("present") => Some(EventEnd::Present),
            Some(text) => match parse_cell_date(text) {
                Ok(d) => Some(EventEnd::Date(d)),
                Err(error) => {
                    builder.problem(
                        Problem::warning(
                            cell_site(line, row, &name_of(end.unwrap_or(0))),
                            format!(
                                "{}; the event is shown as an instant",
                                not_a_date(text, &error)
                            ),
                        )
                        .with_hint(CELL_DATE_HINT),
                    );
                    None
                }
            },
        };
        let mut actor_ids: SmallVec<[(Cow<'_, str>, Site); 2]> = SmallVec::new();
        for &column in &actors {
            for name in get(column).unwrap_or("").split(';').filter_map(cell) {
                let lane = options.aliases.lane_for_name(name);
                let id = lanes.lane(&mut builder, &lane);
                if !actor_ids.iter().any(|(a, _)| *a == id) {
                    actor_ids.push((Cow::Owned(id), cell_site(line, row, &name_of(column))));
                }
            }
        }
        if actor_ids.is_empty() {
            builder.problem(row_error(
                line,
                row,
                &name_of(actors[0]),
                "no actor is named; the row is left out",
                "name at least one actor in the actor columns",
            ));
            continue;
        }
        let sources: SmallVec<[SourceDraft<'_>; 1]> = source
            .and_then(get)
            .map(|text| {
                if text.starts_with("http://") || text.starts_with("https://") {
                    SourceDraft {
                        url: owned(text),
                        ..SourceDraft::default()
                    }
                } else {
                    SourceDraft {
                        publisher: owned(text),
                        ..SourceDraft::default()
                    }
                }
            })
            .into_iter()
            .collect();
        builder.add_event(EventDraft {
            id: None,
            title: owned(title_text),
            start: (start, cell_site(line, row, &name_of(date))),
            end: end_date.map(|e| (e, cell_site(line, row, &name_of(end.unwrap_or(0))))),
            actors: actor_ids,
            kind: kind.and_then(get).map(owned),
            tags: SmallVec::new(),
            description: description.and_then(get).map_or(Cow::Borrowed(""), owned),
            sources,
            links: Vec::new(),
            file_index: row as usize - 1,
            display_date: None,
            details: Vec::new(),
        });
    }
    Ok(builder.finish())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn mappings_from_flags_and_guesses() {
        let mapping =
            ColumnMapping::parse_flag("date=When, title=What, actors=Who|With, source=Link")
                .expect("valid");
        assert_eq!(mapping.actors, ["Who", "With"]);
        assert_eq!(mapping.source.as_deref(), Some("Link"));
        assert!(mapping.is_complete());
        assert_eq!(ColumnMapping::parse_flag(&mapping.to_flag()), Ok(mapping));
        assert!(ColumnMapping::parse_flag("when=Date").is_err());
        let header: Vec<String> = ["Date", "Headline", "Country", "Notes", "URL"]
            .map(String::from)
            .into();
        let guess = ColumnMapping::guess(&header);
        assert_eq!(
            (guess.date.as_str(), guess.title.as_str()),
            ("Date", "Headline")
        );
        assert_eq!(guess.actors, ["Country"]);
        assert_eq!(guess.description.as_deref(), Some("Notes"));
        assert_eq!(guess.source.as_deref(), Some("URL"));
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
        assert_eq!(sniff_delimiter("a;b;c,d"), b';');
        assert_eq!(sniff_delimiter("a\tb\tc"), b'\t');
    }

    #[test]
    fn a_mapped_csv_imports_with_located_problems() {
        let csv = "When,What,Who,With,Notes,Link\n\
                   2022-02-24,Invasion,Russia,Ukraine,Full scale,https://example.org/a\n\
                   24 February 2022,Martial law,Ukraine,,Declared,Reuters\n\
                   someday,Broken,Russia,,,\n\
                   2022-03-01,No actor,,,,\n";
        let mapping = ColumnMapping::parse_flag(
            "date=When,title=What,actors=Who|With,description=Notes,source=Link",
        )
        .expect("valid");
        let (dataset, problems) = import_generic(
            csv.as_bytes(),
            b',',
            &mapping,
            &ImportOptions::default(),
            &LoadProgress::new(),
        )
        .expect("imports");
        let names: Vec<&str> = dataset.actors.iter().map(|a| a.name.as_str()).collect();
        assert_eq!(names, ["Russia", "Ukraine"]);
        assert_eq!(dataset.event_count(), 2);
        let first = dataset.events().next().expect("one");
        assert_eq!(first.actors().len(), 2);
        assert_eq!(
            first.sources().next().map(|s| s.url.as_str()),
            Some("https://example.org/a")
        );
        let lines: Vec<String> = problems.iter().map(|p| p.display_in("f.csv")).collect();
        assert_eq!(lines.len(), 2, "{lines:?}");
        assert!(
            lines[0]
                .starts_with("f.csv:4:1: error: row 3, column \"When\": \"someday\" is not a date"),
            "{}",
            lines[0]
        );
        assert!(
            lines[1].starts_with("f.csv:5:1: error: row 4, column \"Who\": no actor is named"),
            "{}",
            lines[1]
        );
    }
}
