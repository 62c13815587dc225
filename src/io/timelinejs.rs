//! TimelineJS3 files, JSON and spreadsheet CSV: `start_date`/`end_date` objects (or Year,
//! Month, Day… columns) whose most specific part gives the precision, HTML headlines and
//! texts turned to plain text, `group` as the lane (events without one share a lane),
//! `media` as a source, the title slide as the dataset's title, eras as bands.
//!
//! Years beyond the calendar (TimelineJS's "cosmological" scale, 13.8 billion years ago)
//! load at year precision: Timelanes handles years up to ±100 billion.

use std::borrow::Cow;
use std::io::Read;

use serde_json::{Map, Value};
use smallvec::SmallVec;

use crate::model::{
    Dataset, DatasetBuilder, Era, EventDraft, EventEnd, FieldPath, Problem, Site, SourceDraft,
};
use crate::time::{Date, DateError};

use super::html::to_plain_text;
use super::import::{ImportOptions, LaneMaker, cell, owned};
use super::json_scan;
use super::progress::LoadProgress;
use super::rows::{Column, Rows, TableFormat, find_column};
use super::source_text::SourceText;

/// The lane of events without a group.
const UNGROUPED_LANE: &str = "Events";

/// Whether a JSON file is TimelineJS rather than native: events with `start_date` objects,
/// or a `title` slide, and no `actors` list.
pub fn looks_like_json(text: &str) -> bool {
    let Some((members, _)) = json_scan::object_members_splitting(text, "") else {
        return false;
    };
    let has = |name: &str| members.iter().any(|(k, _)| k.trim_matches('"') == name);
    !has("actors")
        && (has("events") || has("title"))
        && (text.contains("\"start_date\"") || has("title"))
}

/// Whether a CSV header is TimelineJS's spreadsheet template.
pub fn looks_like_csv(header: &[String]) -> bool {
    let has = |name: &str| find_column(header.iter().map(String::as_str), name).is_some();
    has("Year") && has("Headline")
}

/// The parts of a date as TimelineJS gives them: numbers or text, maybe empty.
#[derive(Default)]
struct DateParts<'a> {
    year: Option<&'a str>,
    month: Option<&'a str>,
    day: Option<&'a str>,
    hour: Option<&'a str>,
    minute: Option<&'a str>,
    second: Option<&'a str>,
}

/// Why a TimelineJS date could not be used.
enum PartsError {
    Missing,
    /// The message, the hint, and the part at fault ("month"), if it is one part.
    Bad(String, &'static str, Option<&'static str>),
}

impl DateParts<'_> {
    fn to_date(&self) -> Result<Date, PartsError> {
        let number = |text: Option<&str>, what: &'static str| -> Result<Option<i64>, PartsError> {
            match text.and_then(cell) {
                None => Ok(None),
                Some(t) => t
                    .trim_end_matches(".0")
                    .parse::<i64>()
                    .map(Some)
                    .map_err(|_| {
                        PartsError::Bad(
                            format!("the {what} {} is not a number", crate::model::quoted(t)),
                            "write the parts of dates as whole numbers",
                            Some(what),
                        )
                    }),
            }
        };
        let Some(year) = number(self.year, "year")? else {
            return Err(PartsError::Missing);
        };
        let parts = [
            number(self.month, "month")?,
            number(self.day, "day")?,
            number(self.hour, "hour")?,
            number(self.minute, "minute")?,
            number(self.second, "second")?,
        ];
        // The precision is that of the most specific part given; a gap before it is an error.
        let last = parts.iter().rposition(Option::is_some);
        if let Some(last) = last
            && parts[..last].iter().any(Option::is_none)
        {
            return Err(PartsError::Bad(
                "the date has a gap (a day without a month, minutes without an hour)".to_owned(),
                "fill in the parts between the year and the most precise one",
                None,
            ));
        }
        let part = |i: usize| parts[i].and_then(|v| u32::try_from(v).ok());
        Date::from_parts(year, part(0), part(1), part(2), part(3), part(4)).map_err(
            |e: DateError| {
                let part = match e {
                    DateError::YearOutOfRange(_) => Some("year"),
                    DateError::MonthOutOfRange { .. } => Some("month"),
                    DateError::DayOutOfRange { .. } => Some("day"),
                    DateError::HourOutOfRange(_) => Some("hour"),
                    DateError::MinuteOutOfRange(_) => Some("minute"),
                    DateError::SecondOutOfRange(_) => Some("second"),
                    _ => None,
                };
                PartsError::Bad(e.to_string(), e.hint(), part)
            },
        )
    }
}

/// A `start_date` object's parts.
fn parts_of(object: &Map<String, Value>) -> DateParts<'_> {
    let text = |name: &str| {
        object.get(name).and_then(|v| match v {
            Value::String(s) => Some(s.as_str()),
            _ => None,
        })
    };
    DateParts {
        year: text("year"),
        month: text("month"),
        day: text("day"),
        hour: text("hour"),
        minute: text("minute"),
        second: text("second"),
    }
}

/// Numbers in date objects become text, like the strings TimelineJS also accepts.
fn normalize_numbers(value: &mut Value) {
    if let Value::Object(object) = value {
        for (_, v) in object.iter_mut() {
            if let Value::Number(n) = v {
                *v = Value::String(n.to_string());
            }
        }
    }
}

/// One slide, from whichever format.
struct Slide<'a> {
    start: Result<Date, PartsError>,
    end: Option<Result<Date, PartsError>>,
    headline: String,
    text: String,
    group: Option<&'a str>,
    /// The media's url (any: TimelineJS also shows embeds and relative paths), caption and
    /// credit, as plain text.
    media: Option<(String, String, String)>,
    display_date: Option<&'a str>,
    id: Option<&'a str>,
}

/// A field of a slide, as problems and sites name it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
enum SlideField {
    /// The start date, or one part of it ("month").
    Start(Option<&'static str>),
    End(Option<&'static str>),
    Headline,
    Group,
    Id,
}

/// Adds a slide as an event; `site` locates each of its fields.
fn add_slide(
    builder: &mut DatasetBuilder,
    lanes: &mut LaneMaker,
    options: &ImportOptions,
    slide: Slide<'_>,
    site: &dyn Fn(SlideField) -> Site,
    index: usize,
) {
    let start = match slide.start {
        Ok(date) => date,
        Err(PartsError::Missing) => {
            builder.problem(
                Problem::error(
                    site(SlideField::Start(None)),
                    "the event has no start date (its year is missing or empty); it is left out",
                )
                .with_hint("give the event a start year")
                .for_event(index),
            );
            return;
        }
        Err(PartsError::Bad(message, hint, part)) => {
            builder.problem(
                Problem::error(
                    site(SlideField::Start(part)),
                    format!("{message}; the event is left out"),
                )
                .with_hint(hint)
                .for_event(index),
            );
            return;
        }
    };
    let end = match slide.end {
        None | Some(Err(PartsError::Missing)) => None,
        Some(Ok(date)) => Some((EventEnd::Date(date), site(SlideField::End(None)))),
        Some(Err(PartsError::Bad(message, hint, part))) => {
            builder.problem(
                Problem::warning(
                    site(SlideField::End(part)),
                    format!("{message}; the event is shown as an instant"),
                )
                .with_hint(hint)
                .for_event(index),
            );
            None
        }
    };
    let first_line = |text: &str| {
        let line = text.lines().map(str::trim).find(|l| !l.is_empty())?;
        Some(crate::model::truncate_chars(line, 120).to_owned())
    };
    let title = if !slide.headline.is_empty() {
        slide.headline
    } else if let Some(line) = slide.text.lines().next().filter(|l| !l.is_empty()) {
        crate::model::truncate_chars(line, 120).to_owned()
    } else if let Some((_, caption, credit)) = &slide.media {
        // A slide of media alone is valid in TimelineJS, which shows it: keep it, named by
        // what the media says of itself.
        let (title, from) = match (first_line(caption), first_line(credit)) {
            (Some(caption), _) => (caption, "from its media's caption"),
            (None, Some(credit)) => (credit, "from its media's credit"),
            (None, None) => (
                "Untitled".to_owned(),
                "as its media has no caption or credit",
            ),
        };
        builder.problem(
            Problem::warning(
                site(SlideField::Headline),
                format!(
                    "the event has media but no headline or text; it is titled {} {from}",
                    crate::model::quoted(&title)
                ),
            )
            .with_hint("give the event a headline")
            .for_event(index),
        );
        title
    } else {
        builder.problem(
            Problem::error(
                site(SlideField::Headline),
                "the event has neither a headline nor a text; it is left out",
            )
            .with_hint("give the event a headline")
            .for_event(index),
        );
        return;
    };
    let lane_name = slide.group.and_then(cell).map_or_else(
        || UNGROUPED_LANE.to_owned(),
        |g| options.aliases.lane_for_name(g),
    );
    let lane = lanes.lane(builder, &lane_name);
    let sources: SmallVec<[SourceDraft<'_>; 1]> = slide
        .media
        .filter(|(url, _, _)| url.starts_with("http"))
        .map(|(url, caption, credit)| SourceDraft {
            title: Cow::Owned(caption),
            publisher: Cow::Owned(credit),
            url: Cow::Owned(url),
            date: None,
        })
        .into_iter()
        .collect();
    builder.add_event(EventDraft {
        id: slide
            .id
            .and_then(cell)
            .map(|id| (owned(id), site(SlideField::Id))),
        title: Cow::Owned(title),
        start: (start, site(SlideField::Start(None))),
        end,
        actors: smallvec::smallvec![(Cow::Owned(lane), site(SlideField::Group))],
        kind: None,
        tags: SmallVec::new(),
        description: Cow::Owned(slide.text),
        sources,
        links: Vec::new(),
        file_index: index,
        display_date: slide.display_date.and_then(cell).map(owned),
        details: Vec::new(),
    });
}

fn text_field<'v>(object: &'v Map<String, Value>, name: &str) -> Option<&'v str> {
    object.get(name).and_then(Value::as_str)
}

/// Imports TimelineJS3 JSON.
pub fn import_json(
    text: &str,
    options: &ImportOptions,
) -> Result<(Dataset, Vec<Problem>), Box<Problem>> {
    let source = SourceText::new(text);
    let syntax = |error: serde_json::Error| {
        let offset = source.offset_in(text, error.line(), error.column());
        Box::new(
            Problem::error(Site::new(FieldPath::File, Some(offset)), format!("{error}"))
                .with_hint("fix the JSON syntax here"),
        )
    };
    let root: Value = serde_json::from_str(text).map_err(syntax)?;
    let Some(root) = root.as_object() else {
        return Err(Box::new(Problem::error(
            Site::default(),
            "a TimelineJS file is a JSON object",
        )));
    };
    let slide_text = |slide: &Map<String, Value>| {
        let t = slide.get("text").and_then(Value::as_object);
        (
            t.and_then(|t| text_field(t, "headline"))
                .map(to_plain_text)
                .unwrap_or_default(),
            t.and_then(|t| text_field(t, "text"))
                .map(to_plain_text)
                .unwrap_or_default(),
        )
    };
    let (title, description) = root
        .get("title")
        .and_then(Value::as_object)
        .map(slide_text)
        .unwrap_or_default();
    let mut builder = DatasetBuilder::new(title, description);
    let mut lanes = LaneMaker::default();

    // Events one by one, each located by its slice of the file.
    let items = json_scan::object_members_splitting(text, "events")
        .and_then(|(_, events)| events)
        .unwrap_or_default();
    for (index, item) in items.iter().enumerate() {
        let at = source.location_at(source.offset_of(item));
        let site = Site::at(FieldPath::Text(format!("events[{index}]")), at);
        let mut value: Value = match serde_json::from_str(item) {
            Ok(v) => v,
            Err(error) => {
                builder.problem(
                    Problem::error(site, format!("{error}"))
                        .with_hint("fix the JSON syntax here")
                        .for_event(index),
                );
                continue;
            }
        };
        let Some(slide) = value.as_object_mut() else {
            builder.problem(Problem::error(site, "expected an object {…}").for_event(index));
            continue;
        };
        for date in ["start_date", "end_date"] {
            if let Some(d) = slide.get_mut(date) {
                normalize_numbers(d);
            }
        }
        let slide = &*slide;
        let (headline, body) = slide_text(slide);
        let media = slide.get("media").and_then(Value::as_object).map(|m| {
            let field = |n| text_field(m, n).map(to_plain_text).unwrap_or_default();
            (
                text_field(m, "url").unwrap_or("").trim().to_owned(),
                field("caption"),
                field("credit"),
            )
        });
        let date = |name: &str| {
            slide
                .get(name)
                .and_then(Value::as_object)
                .map(|d| parts_of(d).to_date())
        };
        add_slide(
            &mut builder,
            &mut lanes,
            options,
            Slide {
                start: date("start_date").unwrap_or(Err(PartsError::Missing)),
                end: date("end_date"),
                headline,
                text: body,
                group: text_field(slide, "group"),
                media: media.filter(|(url, _, _)| !url.is_empty()),
                display_date: text_field(slide, "display_date"),
                id: text_field(slide, "unique_id"),
            },
            &|field| {
                let name = match field {
                    SlideField::Start(_) => "start_date",
                    SlideField::End(_) => "end_date",
                    SlideField::Headline => "headline",
                    SlideField::Group => "group",
                    SlideField::Id => "unique_id",
                };
                Site {
                    path: FieldPath::Text(format!("{} {name}", site.path)),
                    ..site.clone()
                }
            },
            index,
        );
    }

    for (index, era) in root
        .get("eras")
        .and_then(Value::as_array)
        .into_iter()
        .flatten()
        .enumerate()
    {
        let mut era = era.clone();
        if let Some(object) = era.as_object_mut() {
            for date in ["start_date", "end_date"] {
                if let Some(d) = object.get_mut(date) {
                    normalize_numbers(d);
                }
            }
        }
        let Some(era) = era.as_object() else { continue };
        let date = |name: &str| {
            era.get(name)
                .and_then(Value::as_object)
                .map(|d| parts_of(d).to_date())
        };
        let (headline, _) = slide_text(era);
        match (date("start_date"), date("end_date")) {
            (Some(Ok(start)), end) => builder.add_era(Era {
                title: headline,
                start,
                end: end.and_then(Result::ok).unwrap_or(start),
                note: None,
            }),
            _ => builder.problem(
                Problem::warning(
                    Site::new(FieldPath::Text(format!("eras[{index}]")), None),
                    "the era has no usable start date; it is left out",
                )
                .with_hint("give the era a start year"),
            ),
        }
    }
    Ok(builder.finish())
}

/// The columns of TimelineJS's spreadsheet template, in the order [`import_csv`] reads them.
const CSV_COLUMNS: [&str; 16] = [
    "Year",
    "Month",
    "Day",
    "Time",
    "End Year",
    "End Month",
    "End Day",
    "End Time",
    "Display Date",
    "Headline",
    "Text",
    "Media",
    "Media Credit",
    "Media Caption",
    "Type",
    "Group",
];

/// Imports a TimelineJS spreadsheet (CSV), streaming it row by row.
pub fn import_csv<R: Read>(
    input: R,
    delimiter: u8,
    options: &ImportOptions,
    progress: &LoadProgress,
) -> Result<(Dataset, Vec<Problem>), Box<Problem>> {
    let rows = Rows::new(input, TableFormat::csv(delimiter), progress)?;
    let columns: [Column; 16] = CSV_COLUMNS.map(|name| rows.column(name));
    // The cell a slide's field is read from: a date's part has a column of its own.
    let column_of = |field: SlideField| -> &Column {
        let (first, part) = match field {
            SlideField::Start(part) => (0, part),
            SlideField::End(part) => (4, part),
            SlideField::Headline => return &columns[9],
            SlideField::Group => return &columns[15],
            SlideField::Id => return &columns[0],
        };
        let offset = match part {
            Some("month") => 1,
            Some("day") => 2,
            Some("hour" | "minute" | "second") => 3,
            _ => 0,
        };
        &columns[first + offset]
    };
    let mut builder = DatasetBuilder::new(String::new(), String::new());
    let mut lanes = LaneMaker::default();
    let mut title_slide = None;
    rows.for_each(&mut builder, |row, builder| {
        let get = |i: usize| columns[i].index().map_or("", |c| row.raw(c));
        // "14:30" or "14:30:05" in the Time columns.
        let time = |text: &str| {
            let mut parts = text.trim().split(':').map(|p| p.trim().to_owned());
            (parts.next(), parts.next(), parts.next())
        };
        let (hour, minute, second) = time(get(3));
        let (end_hour, end_minute, end_second) = time(get(7));
        let cells = |y: usize,
                     m: usize,
                     d: usize,
                     hour: &Option<String>,
                     minute: &Option<String>,
                     second: &Option<String>| {
            DateParts {
                year: Some(get(y)),
                month: Some(get(m)),
                day: Some(get(d)),
                hour: hour.as_deref(),
                minute: minute.as_deref(),
                second: second.as_deref(),
            }
            .to_date()
        };
        let kind = get(14).trim().to_ascii_lowercase();
        let headline = to_plain_text(get(9));
        let text = to_plain_text(get(10));
        if kind == "title" {
            title_slide = Some((headline, text));
            return Ok(());
        }
        if kind == "era" {
            if let Ok(start) = cells(0, 1, 2, &None, &None, &None) {
                let end = cells(4, 5, 6, &None, &None, &None).unwrap_or(start);
                builder.add_era(Era {
                    title: headline,
                    start,
                    end,
                    note: None,
                });
            }
            return Ok(());
        }
        if get(0).trim().is_empty() && headline.is_empty() && text.is_empty() {
            return Ok(()); // a blank row
        }
        let media = (
            get(11).trim().to_owned(),
            to_plain_text(get(13)),
            to_plain_text(get(12)),
        );
        add_slide(
            builder,
            &mut lanes,
            options,
            Slide {
                start: cells(0, 1, 2, &hour, &minute, &second),
                end: Some(cells(4, 5, 6, &end_hour, &end_minute, &end_second)),
                headline,
                text,
                group: Some(get(15)),
                media: Some(media).filter(|(url, _, _)| url.starts_with("http")),
                display_date: Some(get(8)),
                id: None,
            },
            &|field| row.site(Some(column_of(field))),
            row.file_index(),
        );
        Ok(())
    })?;
    let (mut dataset, problems) = builder.finish();
    if let Some((title, description)) = title_slide {
        dataset.title = title;
        dataset.description = description;
    }
    Ok((dataset, problems))
}
