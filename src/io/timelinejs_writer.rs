//! Writing a dataset as a TimelineJS3 JSON file, so a timeline built in Timelanes can be
//! published with TimelineJS: the title slide from the dataset's title and description, a slide
//! per event (its date parts down to its precision, headline, text, its first lane as the
//! group, its first source with a link as the media, its id), and eras. Reading the file back
//! with the TimelineJS importer gives the same headlines, dates, groups and media.
//!
//! TimelineJS has no approximate or uncertain dates and one group per slide: a qualified date
//! is said in the slide's `display_date` ("Nov 2021, approx."), and an event in several lanes
//! is shown in the first.

use serde_json::{Map, Value, json};

use crate::model::{Dataset, EventEnd};
use crate::time::{Date, Precision};

/// Plain text as the HTML TimelineJS shows: `&`, `<` and `>` escaped, line breaks as `<br>`.
fn html(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('\n', "<br>")
}

/// A date as TimelineJS's parts, down to its precision, in UTC.
fn date_parts(date: &Date) -> Value {
    // TimelineJS has no offsets: a time with one is written as the same instant in UTC.
    let date = if date.offset.is_some() {
        Date::at(date.earliest(), date.precision)
    } else {
        *date
    };
    let mut parts = Map::new();
    parts.insert("year".to_owned(), json!(date.year));
    let levels = [
        (Precision::Month, "month", date.month),
        (Precision::Day, "day", date.day),
        (Precision::Hour, "hour", date.hour),
        (Precision::Minute, "minute", date.minute),
        (Precision::Second, "second", date.second),
    ];
    for (level, name, value) in levels {
        if date.precision >= level {
            parts.insert(name.to_owned(), json!(value));
        }
    }
    Value::Object(parts)
}

/// The dataset as the text of a TimelineJS3 JSON file.
pub fn to_timelinejs_json(dataset: &Dataset) -> String {
    let mut events = Vec::new();
    for event in dataset.events() {
        let mut slide = Map::new();
        let start = event.start();
        slide.insert("start_date".to_owned(), date_parts(&start));
        let end = match event.end() {
            Some(EventEnd::Date(end)) => Some(end),
            _ => None,
        };
        if let Some(end) = &end {
            slide.insert("end_date".to_owned(), date_parts(end));
        }
        slide.insert(
            "text".to_owned(),
            json!({"headline": html(event.title()), "text": html(event.description())}),
        );
        if let Some(actor) = event.actors().first().and_then(|&a| dataset.actor(a)) {
            slide.insert("group".to_owned(), json!(actor.name));
        }
        if let Some(source) = event.sources().find(|s| !s.url.is_empty()) {
            slide.insert(
                "media".to_owned(),
                json!({
                    "url": source.url,
                    "caption": html(&source.title),
                    "credit": html(&source.publisher),
                }),
            );
        }
        let display = event.display_date().map(str::to_owned).or_else(|| {
            let qualified = !start.qualifier.is_exact()
                || end.is_some_and(|e| !e.qualifier.is_exact())
                || matches!(event.end(), Some(EventEnd::Present));
            qualified.then(|| event.date_text())
        });
        if let Some(display) = display {
            slide.insert("display_date".to_owned(), json!(display));
        }
        if let Some(id) = event.id() {
            slide.insert("unique_id".to_owned(), json!(id));
        }
        events.push(Value::Object(slide));
    }
    let eras: Vec<Value> = dataset
        .eras
        .iter()
        .map(|era| {
            json!({
                "start_date": date_parts(&era.start),
                "end_date": date_parts(&era.end),
                "text": {"headline": html(&era.title)},
            })
        })
        .collect();
    let mut file = Map::new();
    if !dataset.title.is_empty() || !dataset.description.is_empty() {
        file.insert(
            "title".to_owned(),
            json!({"text": {
                "headline": html(&dataset.title),
                "text": html(&dataset.description),
            }}),
        );
    }
    file.insert("events".to_owned(), Value::Array(events));
    if !eras.is_empty() {
        file.insert("eras".to_owned(), Value::Array(eras));
    }
    let mut text = serde_json::to_string_pretty(&Value::Object(file)).unwrap_or_default();
    text.push('\n');
    text
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn dates_keep_their_precision_as_parts() {
        let parts = |text: &str| date_parts(&Date::parse(text).expect("date"));
        assert_eq!(parts("2014"), json!({"year": 2014}));
        assert_eq!(parts("2021-11"), json!({"year": 2021, "month": 11}));
        assert_eq!(
            parts("2022-02-24T04:30Z"),
            json!({"year": 2022, "month": 2, "day": 24, "hour": 4, "minute": 30})
        );
        assert_eq!(
            parts("2022-02-24T04:30-05:00"),
            json!({"year": 2022, "month": 2, "day": 24, "hour": 9, "minute": 30}),
            "the same instant in UTC"
        );
    }

    #[test]
    fn the_bundled_dataset_is_read_back_with_nothing_lost() {
        let original = crate::io::bundled::load().expect("loads").dataset;
        let text = to_timelinejs_json(&original);
        let (back, problems) =
            super::super::timelinejs::import_json(&text, &crate::io::ImportOptions::default())
                .expect("imports");
        assert!(problems.iter().all(|p| !p.is_error()), "{problems:?}");
        assert_eq!(back.title, original.title);
        assert_eq!(back.event_count(), original.event_count());
        for (a, b) in original.events().zip(back.events()) {
            assert_eq!(a.title(), b.title());
            assert_eq!(a.start().span(), b.start().span(), "{}", a.title());
            assert_eq!(a.description(), b.description());
            let first_lane = a.actors().first().and_then(|&l| original.actor(l));
            let lane = b.actors().first().and_then(|&l| back.actor(l));
            assert_eq!(first_lane.map(|l| &l.name), lane.map(|l| &l.name));
        }
    }
}
