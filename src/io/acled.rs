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

use super::import::{ImportOptions, LaneMaker, cell, owned};
use super::progress::LoadProgress;
use super::rows::{Column, Rows, TableFormat, find_column};

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

/// How ACLED writes its dates, for rows whose date cannot be read.
const DATE_HINT: &str = "ACLED dates are written 2022-02-24 or 24 February 2022";

/// Imports an ACLED export, streaming it row by row.
pub fn import<R: Read>(
    input: R,
    delimiter: u8,
    options: &ImportOptions,
    progress: &LoadProgress,
) -> Result<(Dataset, Vec<Problem>), Box<Problem>> {
    let rows = Rows::new(input, TableFormat::csv(delimiter), progress)?;
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
    .map(|name| rows.column(name));
    let details: Vec<(Column, &str)> = DETAILS
        .iter()
        .map(|(c, name)| (rows.column(c), *name))
        .filter(|(c, _)| c.index().is_some())
        .collect();
    let location = details.iter().find(|(_, name)| *name == "location");

    let mut builder = DatasetBuilder::new(String::new(), String::new());
    let mut lanes = LaneMaker::default();
    rows.for_each(&mut builder, |row, builder| {
        let day = row.date(&date, DATE_HINT)?;
        // ACLED's time precision: 1 the day, 2 within a week around it, 3 within its month.
        let approximate = Qualifier {
            approximate: true,
            uncertain: false,
        };
        let (start, end) = match row.get(&precision) {
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
        let mut add = |name: &str, column: &Column, builder: &mut DatasetBuilder| {
            let lane = options.aliases.lane_for_name(name);
            let lane = lanes.lane(builder, &lane);
            if !actors.iter().any(|(a, _)| *a == lane) {
                actors.push((Cow::Owned(lane), row.site(Some(column))));
            }
        };
        for column in [&actor1, &actor2] {
            if let Some(actor) = row.get(column) {
                add(actor, column, builder);
            }
        }
        for column in [&assoc1, &assoc2] {
            for actor in row.get(column).unwrap_or("").split(';').filter_map(cell) {
                add(actor, column, builder);
            }
        }
        if actors.is_empty() {
            return row.error(
                &actor1,
                "the row names no actor; it is left out",
                "ACLED rows name at least actor1",
            );
        }

        let kind = row.get(&event_type);
        let sub = row.get(&sub_type);
        let place = location.and_then(|(c, _)| row.get(c));
        let who = [row.get(&actor1), row.get(&actor2)]
            .into_iter()
            .flatten()
            .collect::<Vec<_>>()
            .join(" and ");
        let mut title = format!("{}: {who}", sub.or(kind).unwrap_or("Event"));
        if let Some(place) = place {
            title.push_str(&format!(" ({place})"));
        }
        builder.add_event(EventDraft {
            id: row.get(&id).map(|i| (owned(i), row.site(Some(&id)))),
            title: Cow::Owned(title),
            start: (start, row.site(Some(&date))),
            end: end.map(|e| (e, row.site(Some(&precision)))),
            actors,
            kind: kind.map(owned),
            tags: [sub, row.get(&disorder)]
                .into_iter()
                .flatten()
                .map(owned)
                .collect(),
            description: row.get(&notes).map_or(Cow::Borrowed(""), owned),
            sources: row
                .get(&source)
                .map(|s| SourceDraft {
                    publisher: owned(s),
                    ..SourceDraft::default()
                })
                .into_iter()
                .collect(),
            links: Vec::new(),
            file_index: row.file_index(),
            display_date: None,
            details: details
                .iter()
                .filter_map(|(c, name)| row.get(c).map(|v| (Cow::Borrowed(*name), owned(v))))
                .collect(),
        });
        Ok(())
    })?;
    Ok(builder.finish())
}
