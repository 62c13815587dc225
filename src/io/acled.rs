//! ACLED exports (CSV, 31 columns, one event per row): `actor1`, `actor2` and the associated
//! actors become lanes (through the aliases: "Military Forces of Russia (2000-)" is Russia),
//! `event_type` the kind, `notes` the description, `source` the source; `time_precision`
//! widens the date (2: within a week, 3: within the month), marked approximate. Read as a
//! stream: files of hundreds of megabytes import in bounded memory.

use std::borrow::Cow;
use std::io::Read;

use smallvec::SmallVec;

use crate::model::{Dataset, DatasetBuilder, EventDraft, EventEnd, Problem, Site, SourceDraft};
use crate::time::{Date, Precision, Qualifier, Timestamp};

use super::csv_table::{find_column, parse_cell_date, read_header};
use super::import::{
    ImportOptions, LaneMaker, cell, cell_site, not_a_date, owned, row_error, unreadable_row,
};
use super::progress::LoadProgress;

/// Whether a CSV header is ACLED's.
pub fn looks_like(header: &[String]) -> bool {
    let has = |name: &str| find_column(header.iter().map(String::as_str), name).is_some();
    has("event_id_cnty") && has("event_date") && has("actor1")
}

/// Details kept from each row, as (column, detail name).
const DETAILS: &[(&str, &str)] = &[
    ("fatalities", "fatalities"),
    ("location", "location"),
    ("admin1", "admin1"),
    ("admin2", "admin2"),
    ("country", "country"),
    ("latitude", "latitude"),
    ("longitude", "longitude"),
    ("civilian_targeting", "civilian targeting"),
    ("source_scale", "source scale"),
    ("interaction", "interaction"),
];

pub fn import<R: Read>(
    input: R,
    delimiter: u8,
    options: &ImportOptions,
    progress: &LoadProgress,
) -> Result<(Dataset, Vec<Problem>), Box<Problem>> {
    let mut reader = super::csv_table::reader(input, delimiter);
    let header = read_header(&mut reader)?;
    let column = |name: &str| find_column(&header, name);
    let [
        id,
        date,
        precision,
        disorder,
        event_type,
        sub_type,
        actor1,
        assoc1,
        actor2,
        assoc2,
        notes,
        source,
    ] = [
        "event_id_cnty",
        "event_date",
        "time_precision",
        "disorder_type",
        "event_type",
        "sub_event_type",
        "actor1",
        "assoc_actor_1",
        "actor2",
        "assoc_actor_2",
        "notes",
        "source",
    ]
    .map(column);
    let details: Vec<(usize, &str)> = DETAILS
        .iter()
        .filter_map(|(c, name)| column(c).map(|i| (i, *name)))
        .collect();

    let mut builder = DatasetBuilder::new(String::new(), String::new());
    let mut lanes = LaneMaker::default();
    for (row, record) in reader.records().enumerate() {
        if progress.is_cancelled() {
            return Err(Box::new(Problem::error(Site::default(), "cancelled")));
        }
        let row = row as u64 + 1;
        let record = match record {
            Ok(record) => record,
            Err(error) => {
                if progress.is_cancelled() {
                    return Err(Box::new(Problem::error(Site::default(), "cancelled")));
                }
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
        let get = |i: Option<usize>| i.and_then(|i| record.get(i)).and_then(cell);
        let site = |name: &str| cell_site(line, row, name);

        let Some(date_text) = get(date) else {
            builder.problem(row_error(
                line,
                row,
                "event_date",
                "the date is empty; the row is left out",
                "every ACLED row has an event_date",
            ));
            continue;
        };
        let day = match parse_cell_date(date_text) {
            Ok(day) => day,
            Err(error) => {
                builder.problem(row_error(
                    line,
                    row,
                    "event_date",
                    not_a_date(date_text, &error),
                    "ACLED dates are written 2022-02-24 or 24 February 2022",
                ));
                continue;
            }
        };
        // ACLED's time precision: 1 the day, 2 within a week around it, 3 within its month.
        let approximate = Qualifier {
            approximate: true,
            uncertain: false,
        };
        let (start, end) = match get(precision) {
            Some("2") => {
                let around = |days: i64| {
                    let t = Timestamp(day.earliest().0 + days * 86_400);
                    Date::at(t, Precision::Day).with_qualifier(approximate)
                };
                (around(-3), Some(EventEnd::Date(around(3))))
            }
            Some("3") => (
                Date::at(day.earliest(), Precision::Month).with_qualifier(approximate),
                None,
            ),
            _ => (day, None),
        };

        let mut actors: SmallVec<[(Cow<'_, str>, Site); 2]> = SmallVec::new();
        let mut add = |name: &str, column: &str, builder: &mut DatasetBuilder| {
            let lane = options.aliases.lane_for_name(name);
            let lane = lanes.lane(builder, &lane);
            if !actors.iter().any(|(a, _)| *a == lane) {
                actors.push((Cow::Owned(lane), site(column)));
            }
        };
        for (i, name) in [(actor1, "actor1"), (actor2, "actor2")] {
            if let Some(actor) = get(i) {
                add(actor, name, &mut builder);
            }
        }
        for (i, name) in [(assoc1, "assoc_actor_1"), (assoc2, "assoc_actor_2")] {
            for actor in get(i).unwrap_or("").split(';').filter_map(cell) {
                add(actor, name, &mut builder);
            }
        }
        if actors.is_empty() {
            builder.problem(row_error(
                line,
                row,
                "actor1",
                "the row names no actor; it is left out",
                "ACLED rows name at least actor1",
            ));
            continue;
        }

        let kind = get(event_type);
        let sub = get(sub_type);
        let place = details
            .iter()
            .find(|(_, name)| *name == "location")
            .and_then(|&(i, _)| get(Some(i)));
        let who = [get(actor1), get(actor2)]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" and ");
        let mut title = format!("{}: {who}", sub.or(kind).unwrap_or("Event"));
        if let Some(place) = place {
            title.push_str(&format!(" ({place})"));
        }
        builder.add_event(EventDraft {
            id: get(id).map(|i| (owned(i), site("event_id_cnty"))),
            title: Cow::Owned(title),
            start: (start, site("event_date")),
            end: end.map(|e| (e, site("time_precision"))),
            actors,
            kind: kind.map(owned),
            tags: [sub, get(disorder)]
                .into_iter()
                .flatten()
                .map(owned)
                .collect(),
            description: get(notes).map_or(Cow::Borrowed(""), owned),
            sources: get(source)
                .map(|s| SourceDraft {
                    publisher: owned(s),
                    ..SourceDraft::default()
                })
                .into_iter()
                .collect(),
            links: Vec::new(),
            file_index: row as usize - 1,
            display_date: None,
            details: details
                .iter()
                .filter_map(|&(i, name)| get(Some(i)).map(|v| (Cow::Borrowed(name), owned(v))))
                .collect(),
        });
    }
    Ok(builder.finish())
}
