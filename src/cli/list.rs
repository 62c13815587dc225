//! `timelanes list FILE`: the events in time order, one a line (start, end, title, actors), as
//! an aligned table for reading or as TSV/CSV for scripts and for checking a file.
//!
//! The period, lanes and zone are chosen with the same arguments as `render`
//! ([`super::SelectionArgs`]), and problems are reported as `check` reports them, so a script
//! can rely on the same exit codes: 0 loaded, 1 with errors, 2 unreadable or bad arguments.

use std::io::Write;
use std::path::PathBuf;

use clap::ValueEnum;

use super::{ImportArgs, Selected, SelectionArgs};
use crate::model::{Dataset, EventEnd, EventIdx, Problem, summary};
use crate::time::{Timestamp, Zone};

/// How `list` writes its rows.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, ValueEnum)]
pub enum ListFormat {
    /// Columns aligned with spaces, for a terminal.
    #[default]
    Table,
    /// Tab-separated values, a header first (tabs and line breaks in titles become spaces).
    Tsv,
    /// Comma-separated values (RFC 4180 quoting), a header first.
    Csv,
}

#[derive(Debug, clap::Args)]
pub struct ListArgs {
    /// The dataset to list (- reads standard input).
    pub file: PathBuf,

    /// table, tsv or csv. Actors are joined with ", " in a table and "; " in TSV and CSV.
    #[arg(long, value_enum, default_value_t = ListFormat::Table)]
    pub format: ListFormat,

    #[command(flatten)]
    pub selection: SelectionArgs,

    #[command(flatten)]
    pub import: ImportArgs,
}

/// The column names, in TSV and CSV headers (and, in capitals, the table's).
const COLUMNS: [&str; 4] = ["start", "end", "title", "actors"];

/// One event as the cells of its line.
struct Row {
    cells: [String; 4],
}

/// `timelanes list`: writes the rows to `out`, problems and failures to `err`; returns the
/// exit code. `user_aliases` is where the window keeps the user's actor aliases.
pub fn list(
    args: &ListArgs,
    user_aliases: Option<PathBuf>,
    out: &mut dyn Write,
    err: &mut dyn Write,
) -> i32 {
    let selected =
        super::load_selected(&args.file, &args.import, &args.selection, user_aliases, err);
    let Selected {
        name,
        dataset,
        problems,
        window,
    } = match selected {
        Ok(selected) => selected,
        Err(failed) => {
            if failed.load_failed {
                let name = crate::io::display_name(&args.file);
                let _ = writeln!(err, "{name}: could not be loaded; 1 error");
            }
            return failed.code;
        }
    };
    if !problems.is_empty() {
        let _ = writeln!(err, "{name}: {}", summary(&problems));
    }
    let lanes = match args.selection.lanes(&dataset, &name) {
        Ok(lanes) => lanes,
        Err(message) => {
            let _ = writeln!(err, "timelanes: {message}");
            return 2;
        }
    };
    let now = Timestamp::now();
    let mut events: Vec<EventIdx> = dataset
        .events()
        .filter(|event| {
            args.selection.actors.is_none() || event.actors().iter().any(|a| lanes.contains(a))
        })
        .filter(|event| {
            window.is_none_or(|window| {
                let span = event.span(now);
                span.start.as_f64() < window.end && span.end.as_f64() > window.start
            })
        })
        .map(|event| event.idx())
        .collect();
    // The order the picture's legend and sources use: by the start's earliest instant, then
    // as in the file.
    events.sort_by_key(|&e| dataset.event(e).map(|event| (event.start().earliest(), e)));

    let separator = match args.format {
        ListFormat::Table => ", ",
        ListFormat::Tsv | ListFormat::Csv => "; ",
    };
    let rows: Vec<Row> = events
        .iter()
        .filter_map(|&e| row(&dataset, e, args.selection.tz, separator))
        .collect();
    let mut out = std::io::BufWriter::new(out);
    let written = match args.format {
        ListFormat::Table => write_table(&rows, &mut out),
        ListFormat::Tsv => write_tsv(&rows, &mut out),
        ListFormat::Csv => write_csv(&rows, &mut out),
    }
    .and_then(|()| out.flush());
    // A closed pipe (`| head`) is the reader's choice, not a failure.
    if let Err(error) = written
        && error.kind() != std::io::ErrorKind::BrokenPipe
    {
        let _ = writeln!(err, "timelanes: could not write the list: {error}");
        return 1;
    }
    if problems.iter().any(Problem::is_error) {
        1
    } else {
        0
    }
}

fn row(dataset: &Dataset, idx: EventIdx, zone: Zone, separator: &str) -> Option<Row> {
    let event = dataset.event(idx)?;
    let end = match event.end() {
        None => String::new(),
        Some(EventEnd::Date(end)) => zone.iso_text(&end),
        Some(EventEnd::Present) => "present".to_owned(),
    };
    Some(Row {
        cells: [
            zone.iso_text(&event.start()),
            end,
            event.title().to_owned(),
            dataset.actor_names(&event).join(separator),
        ],
    })
}

/// A cell on one line: tabs and line breaks would break the columns.
fn one_line(text: &str) -> String {
    text.chars()
        .map(|c| if c.is_control() { ' ' } else { c })
        .collect()
}

fn write_table(rows: &[Row], out: &mut dyn Write) -> std::io::Result<()> {
    let header = COLUMNS.map(str::to_uppercase);
    let lines: Vec<[String; 4]> = std::iter::once(header)
        .chain(
            rows.iter()
                .map(|row| row.cells.clone().map(|c| one_line(&c))),
        )
        .collect();
    let mut widths = [0_usize; 4];
    for line in &lines {
        for (width, cell) in widths.iter_mut().zip(line) {
            *width = (*width).max(cell.chars().count());
        }
    }
    for line in &lines {
        let mut text = String::new();
        for (i, cell) in line.iter().enumerate() {
            text.push_str(cell);
            if i + 1 < line.len() {
                let pad = widths[i] - cell.chars().count() + 2;
                text.extend(std::iter::repeat_n(' ', pad));
            }
        }
        writeln!(out, "{}", text.trim_end())?;
    }
    Ok(())
}

fn write_tsv(rows: &[Row], out: &mut dyn Write) -> std::io::Result<()> {
    writeln!(out, "{}", COLUMNS.join("\t"))?;
    for row in rows {
        let cells: Vec<String> = row.cells.iter().map(|c| one_line(c)).collect();
        writeln!(out, "{}", cells.join("\t"))?;
    }
    Ok(())
}

fn write_csv(rows: &[Row], out: &mut dyn Write) -> std::io::Result<()> {
    let mut writer = csv::Writer::from_writer(out);
    writer.write_record(COLUMNS)?;
    for row in rows {
        writer.write_record(&row.cells)?;
    }
    writer.flush()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rows() -> Vec<Row> {
        vec![
            Row {
                cells: [
                    "2022-02-24 06:00 MSK".into(),
                    String::new(),
                    "Russia invades\tUkraine".into(),
                    "Russia, Ukraine".into(),
                ],
            },
            Row {
                cells: [
                    "2014".into(),
                    "2015~".into(),
                    "War in the east".into(),
                    "Ukraine".into(),
                ],
            },
        ]
    }

    fn written(write: fn(&[Row], &mut dyn Write) -> std::io::Result<()>) -> String {
        let mut out = Vec::new();
        write(&rows(), &mut out).expect("written");
        String::from_utf8(out).expect("UTF-8")
    }

    #[test]
    fn the_table_is_aligned_and_one_line_per_event() {
        let text = written(write_table);
        let lines: Vec<&str> = text.lines().collect();
        assert_eq!(lines.len(), 3, "{text}");
        assert!(lines[0].starts_with("START "), "{text}");
        let title_column = lines[0].find("TITLE").expect("a title column");
        for line in &lines[1..] {
            let before: String = line.chars().take(title_column).collect();
            assert!(before.ends_with("  "), "{line:?} is aligned");
        }
        assert!(lines[1].contains("Russia invades Ukraine"));
    }

    #[test]
    fn tsv_and_csv_have_a_header_and_read_back() {
        let tsv = written(write_tsv);
        assert!(tsv.starts_with("start\tend\ttitle\tactors\n"));
        assert!(tsv.lines().all(|l| l.split('\t').count() == 4));
        let csv = written(write_csv);
        let mut reader = csv::Reader::from_reader(csv.as_bytes());
        let records: Vec<csv::StringRecord> = reader.records().map(|r| r.expect("ok")).collect();
        assert_eq!(records.len(), 2);
        assert_eq!(&records[0][2], "Russia invades\tUkraine");
        assert_eq!(&records[1][1], "2015~");
    }
}
