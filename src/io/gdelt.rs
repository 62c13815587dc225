//! GDELT event files (1.0 and 2.0: tab-separated, no header, 57, 58 or 61 columns, or a
//! `.zip` holding one): `SQLDATE` the day, `Actor1Code` → `Actor2Code` the lanes (through
//! the aliases: `RUSGOV` is Russia, `NAT` NATO, `COP` Police), the CAMEO root event the kind,
//! the quad class a tag, `SOURCEURL` the source. Read as a stream.

use std::borrow::Cow;
use std::io::Read;

use smallvec::SmallVec;

use crate::model::{Dataset, DatasetBuilder, EventDraft, Problem, Site, SourceDraft};

use super::import::{ImportOptions, LaneMaker, owned};
use super::progress::LoadProgress;
use super::rows::{Column, Rows, TableFormat};

/// Whether the first line of a file is a GDELT event row.
pub fn looks_like(first_line: &str) -> bool {
    let fields: Vec<&str> = first_line
        .trim_end_matches(['\r', '\n'])
        .split('\t')
        .collect();
    matches!(fields.len(), 57 | 58 | 61)
        && fields[0].bytes().all(|b| b.is_ascii_digit())
        && fields[1].len() == 8
        && fields[1].bytes().all(|b| b.is_ascii_digit())
}

/// Whether a header names GDELT's columns (as BigQuery exports and GDELT's own column list
/// do: `GLOBALEVENTID`, `SQLDATE` or `day`, …): read by position like a file without one.
pub fn is_header(header: &[String]) -> bool {
    let name = |i: usize| header.get(i).map(|h| h.trim().to_ascii_lowercase());
    Columns::of(header.len()).is_some()
        && name(0).as_deref() == Some("globaleventid")
        && matches!(name(1).as_deref(), Some("sqldate" | "day"))
}

/// Column positions, which depend on the version.
struct Columns {
    place: usize,
    url: Option<usize>,
}

impl Columns {
    fn of(count: usize) -> Option<Self> {
        match count {
            57 => Some(Self {
                place: 50,
                url: None,
            }),
            58 => Some(Self {
                place: 50,
                url: Some(57),
            }),
            61 => Some(Self {
                place: 52,
                url: Some(60),
            }),
            _ => None,
        }
    }
}

/// Imports GDELT events; `has_header` when the first line names the columns.
pub fn import<R: Read>(
    input: R,
    has_header: bool,
    options: &ImportOptions,
    progress: &LoadProgress,
) -> Result<(Dataset, Vec<Problem>), Box<Problem>> {
    let rows = Rows::new(
        input,
        TableFormat {
            delimiter: b'\t',
            has_header,
            quoting: false,
        },
        progress,
    )?;
    // Columns by position (a header, if any, is not trusted to name them).
    let [id, date, actor1, actor2] = [
        (0, "GLOBALEVENTID"),
        (1, "SQLDATE"),
        (5, "Actor1Code"),
        (15, "Actor2Code"),
    ]
    .map(|(i, name)| Column::at(i, name));
    let mut builder = DatasetBuilder::new(String::new(), String::new());
    let mut lanes = LaneMaker::default();
    let aliases = &options.aliases;
    let count = rows.for_each(&mut builder, |row, builder| {
        let Some(columns) = Columns::of(row.len()) else {
            return Err(row.problem(
                None,
                format!(
                    "the row has {} columns; GDELT rows have 57, 58 or 61",
                    row.len()
                ),
                "is this a GDELT event file?",
            ));
        };
        let get = |i: usize| row.cell(i);
        let date_value = row.date(&date, "SQLDATE is YYYYMMDD")?;
        let actor = |code: usize, name: usize, country: usize| {
            aliases.lane_for_cameo(
                get(code).unwrap_or(""),
                get(name).unwrap_or(""),
                get(country).unwrap_or(""),
            )
        };
        let source_actor = actor(5, 6, 7);
        let target_actor = actor(15, 16, 17);
        let mut actors: SmallVec<[(Cow<'_, str>, Site); 2]> = SmallVec::new();
        for (lane, column) in [(&source_actor, &actor1), (&target_actor, &actor2)] {
            if let Some(lane) = lane {
                let id = lanes.lane(builder, lane);
                if !actors.iter().any(|(a, _)| *a == id) {
                    actors.push((Cow::Owned(id), row.site(Some(column))));
                }
            }
        }
        if actors.is_empty() {
            // A warning, not an error: GDELT has many such rows, and they are not mistakes.
            builder.problem(row.warning(
                &actor1,
                "the event names no actor; it is left out",
                "GDELT rows without actors cannot be placed in a lane",
            ));
            return Ok(());
        }
        let root = get(28).and_then(|code| aliases.event_root(code));
        let action = root.unwrap_or("Event");
        let title = match (&source_actor, &target_actor) {
            (Some(a), Some(b)) if a != b => format!("{a} → {b}: {action}"),
            (Some(a), _) | (None, Some(a)) => format!("{a}: {action}"),
            (None, None) => action.to_owned(),
        };
        let url = columns.url.and_then(get);
        let publisher = url
            .and_then(|u| u.split("://").nth(1))
            .and_then(|rest| rest.split('/').next())
            .map(|host| host.trim_start_matches("www.").to_owned());
        let mut details: Vec<(Cow<'_, str>, Cow<'_, str>)> = Vec::new();
        for (i, name) in [
            (26, "CAMEO event code"),
            (30, "Goldstein scale"),
            (31, "mentions"),
            (34, "average tone"),
            (columns.place, "place"),
        ] {
            if let Some(value) = get(i) {
                details.push((Cow::Borrowed(name), owned(value)));
            }
        }
        if let (Some(a), Some(b)) = (&source_actor, &target_actor) {
            details.push((Cow::Borrowed("from"), Cow::Owned(a.clone())));
            details.push((Cow::Borrowed("to"), Cow::Owned(b.clone())));
        }
        builder.add_event(EventDraft {
            id: get(0).map(|i| (Cow::Owned(format!("gdelt-{i}")), row.site(Some(&id)))),
            title: Cow::Owned(title),
            start: (date_value, row.site(Some(&date))),
            end: None,
            actors,
            kind: root.map(owned),
            tags: get(29)
                .and_then(|q| aliases.quad_class(q))
                .map(owned)
                .into_iter()
                .collect(),
            description: Cow::Borrowed(""),
            sources: url
                .map(|url| SourceDraft {
                    url: owned(url),
                    publisher: publisher.map_or(Cow::Borrowed(""), Cow::Owned),
                    ..SourceDraft::default()
                })
                .into_iter()
                .collect(),
            links: Vec::new(),
            file_index: row.file_index(),
            display_date: None,
            details,
        });
        Ok(())
    })?;
    if count == 0 {
        return Err(Box::new(
            Problem::error(
                Site::default(),
                "the file names GDELT's columns but has no events under them",
            )
            .with_hint("open a GDELT events file (such as 20160801.export.CSV, or its .zip)"),
        ));
    }
    Ok(builder.finish())
}
