//! CSV files of any shape: a mapping says which column is the date, the end, the title, the
//! actors, the description, the source and the kind. The window asks for it with a preview
//! (and remembers it per header); the command line takes `--map`.

use std::borrow::Cow;
use std::io::Read;

use smallvec::SmallVec;

use crate::model::{Dataset, DatasetBuilder, EventDraft, Problem, Site, SourceDraft};

use super::import::{ImportOptions, LaneMaker, cell, owned};
use super::progress::LoadProgress;
use super::rows::{CELL_DATE_HINT, Rows, TableFormat};

// The mapping has a file of its own (the import options hold one), and cell dates are read by
// the row reader; both are still named from here.
pub use super::mapping::{ColumnMapping, ROLES, header_key};
pub use super::rows::parse_cell_date;

/// The first rows of a CSV file, to choose a mapping with.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct CsvPreview {
    pub header: Vec<String>,
    pub rows: Vec<Vec<String>>,
}

/// The separator a header line uses: the most frequent of `,` `;` and tab.
pub fn sniff_delimiter(first_line: &str) -> u8 {
    [b',', b';', b'\t']
        .into_iter()
        .max_by_key(|&d| first_line.bytes().filter(|&b| b == d).count())
        .unwrap_or(b',')
}

/// The header and the first rows, for choosing a mapping.
pub fn preview<R: Read>(input: R, delimiter: u8, rows: usize) -> Result<CsvPreview, csv::Error> {
    let mut reader = csv::ReaderBuilder::new()
        .delimiter(delimiter)
        .flexible(true)
        .from_reader(input);
    let header = reader.headers()?.iter().map(str::to_owned).collect();
    let rows = reader
        .records()
        .take(rows)
        .filter_map(Result::ok)
        .map(|r| r.iter().map(str::to_owned).collect())
        .collect();
    Ok(CsvPreview { header, rows })
}

/// Imports a CSV file with a mapping, streaming it row by row.
pub fn import_generic<R: Read>(
    input: R,
    delimiter: u8,
    mapping: &ColumnMapping,
    options: &ImportOptions,
    progress: &LoadProgress,
) -> Result<(Dataset, Vec<Problem>), Box<Problem>> {
    let rows = Rows::new(input, TableFormat::csv(delimiter), progress)?;
    let missing = |message: String| {
        Box::new(
            Problem::error(Site::default(), message)
                .with_hint("map the columns again (in the window, or with --map role=column,…)"),
        )
    };
    let optional = |column: &Option<String>| {
        column
            .as_deref()
            .map(|c| rows.require(c))
            .transpose()
            .map_err(missing)
    };
    let date = rows.require(&mapping.date).map_err(missing)?;
    let title = rows.require(&mapping.title).map_err(missing)?;
    let end = optional(&mapping.end)?;
    let actors = mapping
        .actors
        .iter()
        .map(|c| rows.require(c))
        .collect::<Result<Vec<_>, _>>()
        .map_err(missing)?;
    let Some(first_actors) = actors.first() else {
        return Err(missing("no column is mapped to the actors".to_owned()));
    };
    let description = optional(&mapping.description)?;
    let source = optional(&mapping.source)?;
    let kind = optional(&mapping.kind)?;

    let mut builder = DatasetBuilder::new(String::new(), String::new());
    let mut lanes = LaneMaker::default();
    rows.for_each(&mut builder, |row, builder| {
        let Some(title_text) = row.get(&title) else {
            return row.error(
                &title,
                "the title is empty; the row is left out",
                "give every row a title",
            );
        };
        let start = row.date(&date, CELL_DATE_HINT)?;
        let end_date = end
            .as_ref()
            .and_then(|end| Some((row.end(end, CELL_DATE_HINT, builder)?, row.site(Some(end)))));
        let mut actor_ids: SmallVec<[(Cow<'_, str>, Site); 2]> = SmallVec::new();
        for column in &actors {
            for name in row.get(column).unwrap_or("").split(';').filter_map(cell) {
                let lane = options.aliases.lane_for_name(name);
                let id = lanes.lane(builder, &lane);
                if !actor_ids.iter().any(|(a, _)| *a == id) {
                    actor_ids.push((Cow::Owned(id), row.site(Some(column))));
                }
            }
        }
        if actor_ids.is_empty() {
            return row.error(
                first_actors,
                "no actor is named; the row is left out",
                "name at least one actor in the actor columns",
            );
        }
        let sources: SmallVec<[SourceDraft<'_>; 1]> = source
            .as_ref()
            .and_then(|c| row.get(c))
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
            start: (start, row.site(Some(&date))),
            end: end_date,
            actors: actor_ids,
            kind: kind.as_ref().and_then(|c| row.get(c)).map(owned),
            tags: SmallVec::new(),
            description: description
                .as_ref()
                .and_then(|c| row.get(c))
                .map_or(Cow::Borrowed(""), owned),
            sources,
            links: Vec::new(),
            file_index: row.file_index(),
            display_date: None,
            details: Vec::new(),
        });
        Ok(())
    })?;
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
    fn delimiters() {
        assert_eq!(sniff_delimiter("a;b;c,d"), b';');
        assert_eq!(sniff_delimiter("a\tb\tc"), b'\t');
        assert_eq!(sniff_delimiter("a,b"), b',');
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
            lines[1].starts_with("f.csv:5:21: error: row 4, column \"Who\": no actor is named"),
            "{}",
            lines[1]
        );
    }

    #[test]
    fn a_mapped_csv_import_stops_when_cancelled() {
        let mut csv = String::from("When,What,Who\n");
        for day in 0..5_000 {
            csv.push_str(&format!("2022-01-01,Event {day},Russia\n"));
        }
        let mapping = ColumnMapping::parse_flag("date=When,title=What,actors=Who").expect("valid");
        let progress = LoadProgress::new();
        // Cancelled while reading: by the reader's first refill, long before the end.
        let input = CancelAfter {
            inner: csv.as_bytes(),
            left: 1_000,
            progress: &progress,
        };
        let error = import_generic(input, b',', &mapping, &ImportOptions::default(), &progress)
            .expect_err("cancelled");
        assert_eq!(error.message, "cancelled");
    }

    /// Cancels the load once `left` bytes have been read.
    struct CancelAfter<'p, R> {
        inner: R,
        left: usize,
        progress: &'p LoadProgress,
    }

    impl<R: Read> Read for CancelAfter<'_, R> {
        fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
            if self.left == 0 {
                self.progress.cancel();
            }
            let most = buf.len().min(self.left.max(1));
            let n = self.inner.read(&mut buf[..most])?;
            self.left = self.left.saturating_sub(n);
            Ok(n)
        }
    }
}
