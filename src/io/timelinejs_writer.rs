//! Writing a dataset as a TimelineJS3 JSON file, so a timeline built in Timelanes can be
//! published with TimelineJS: the title slide from the dataset's title and description, a slide
//! per event (its date parts down to its precision, headline, text, its first lane as the
//! group, its first source with a link as the media, its id), and eras. Reading the file back
//! with the TimelineJS importer gives the same headlines, dates, groups and media.
//!
//! A story is written the same way, a slide per step ([`story_to_timelinejs_json`]).
//!
//! TimelineJS has no approximate or uncertain dates and one group per slide: a qualified date
//! is said in the slide's `display_date` ("Nov 2021, approx."), and an event in several lanes
//! is shown in the first.

use std::collections::HashSet;

use serde_json::{Map, Value, json};

use crate::model::{Dataset, Event, EventEnd, Note, NoteTarget, StepTarget, Story, StoryStep};
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

/// An event's slide: its dates, headline, text, first lane as the group, first source with an
/// address as the media, and its id.
fn event_slide(dataset: &Dataset, event: &Event<'_>) -> Map<String, Value> {
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
    slide
}

/// The dataset's eras (span notes among them) as TimelineJS eras.
fn eras(dataset: &Dataset) -> Vec<Value> {
    dataset
        .eras
        .iter()
        .map(|era| {
            json!({
                "start_date": date_parts(&era.start),
                "end_date": date_parts(&era.end),
                "text": {"headline": html(&era.title)},
            })
        })
        .collect()
}

/// The text of a TimelineJS3 file of these slides.
fn file_text(title: Option<Value>, events: Vec<Value>, eras: Vec<Value>) -> String {
    let mut file = Map::new();
    if let Some(title) = title {
        file.insert("title".to_owned(), title);
    }
    file.insert("events".to_owned(), Value::Array(events));
    if !eras.is_empty() {
        file.insert("eras".to_owned(), Value::Array(eras));
    }
    let mut text = serde_json::to_string_pretty(&Value::Object(file)).unwrap_or_default();
    text.push('\n');
    text
}

/// The dataset as the text of a TimelineJS3 JSON file.
pub fn to_timelinejs_json(dataset: &Dataset) -> String {
    let events = dataset
        .events()
        .map(|event| Value::Object(event_slide(dataset, &event)))
        .collect();
    let title = (!dataset.title.is_empty() || !dataset.description.is_empty()).then(|| {
        json!({"text": {
            "headline": html(&dataset.title),
            "text": html(&dataset.description),
        }})
    });
    file_text(title, events, eras(dataset))
}

/// The caption of a step before the text of its slide, set apart in bold.
fn with_caption(caption: &str, text: &str) -> String {
    match (caption.trim(), text.trim()) {
        ("", _) => html(text),
        (caption, "") => format!("<p><strong>{}</strong></p>", html(caption)),
        (caption, text) => format!(
            "<p><strong>{}</strong></p><p>{}</p>",
            html(caption),
            html(text)
        ),
    }
}

/// A note step's slide: the note's heading and text under the step's caption, dated by the
/// note's span, its event's dates, or (a note on a lane) the step's view or the lane's first
/// event; `None` for a lane note with neither, which TimelineJS could not place.
fn note_slide(dataset: &Dataset, step: &StoryStep, note: &Note) -> Option<Map<String, Value>> {
    let mut slide = Map::new();
    let (start, end, group) = match note.target {
        NoteTarget::Span { start, end } => (start, (end != start).then_some(end), None),
        NoteTarget::Event(event) => {
            let event = dataset.event(event)?;
            let end = match event.end() {
                Some(EventEnd::Date(end)) => Some(end),
                _ => None,
            };
            let group = event.actors().first().and_then(|&a| dataset.actor(a));
            (event.start(), end, group)
        }
        NoteTarget::Lane(actor) => {
            let first = || {
                dataset
                    .events()
                    .filter(|e| e.actors().contains(&actor))
                    .map(|e| e.start())
                    .min_by_key(|d| d.earliest())
            };
            let start = step.from.or_else(first)?;
            (
                start,
                step.to.filter(|_| step.from.is_some()),
                dataset.actor(actor),
            )
        }
    };
    slide.insert("start_date".to_owned(), date_parts(&start));
    if let Some(end) = end {
        slide.insert("end_date".to_owned(), date_parts(&end));
    }
    slide.insert(
        "text".to_owned(),
        json!({"headline": html(&note.heading()), "text": with_caption(&step.caption, &note.text)}),
    );
    if let Some(actor) = group {
        slide.insert("group".to_owned(), json!(actor.name));
    }
    Some(slide)
}

/// A story as the text of a TimelineJS3 JSON file: the title slide names the story (with the
/// dataset's title under it), each step is a slide (an event's slide as
/// [`to_timelinejs_json`] writes it, with the step's caption before its text; a note's
/// heading and text, dated by its span or its event), and the dataset's eras, span notes
/// among them, are eras. TimelineJS shows slides in time order, not in the story's: a story
/// that goes back in time is shown in time order there.
pub fn story_to_timelinejs_json(dataset: &Dataset, story: &Story) -> String {
    let mut ids = HashSet::new();
    let mut events = Vec::new();
    for (number, step) in (1..).zip(&story.steps) {
        let slide = match step.target {
            StepTarget::Event(event) => dataset.event(event).map(|event| {
                let mut slide = event_slide(dataset, &event);
                slide.insert(
                    "text".to_owned(),
                    json!({
                        "headline": html(event.title()),
                        "text": with_caption(&step.caption, event.description()),
                    }),
                );
                slide
            }),
            StepTarget::Note(note) => dataset
                .notes
                .get(note)
                .and_then(|note| note_slide(dataset, step, note)),
        };
        let Some(mut slide) = slide else {
            continue;
        };
        // TimelineJS needs ids unique: a step that shows an event again gets one of its own.
        let id = slide
            .get("unique_id")
            .and_then(Value::as_str)
            .filter(|id| !ids.contains(*id))
            .map_or_else(|| format!("step-{number}"), str::to_owned);
        ids.insert(id.clone());
        slide.insert("unique_id".to_owned(), json!(id));
        events.push(Value::Object(slide));
    }
    let title = json!({"text": {
        "headline": html(&story.name),
        "text": html(&dataset.title),
    }});
    file_text(Some(title), events, eras(dataset))
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

    #[test]
    fn a_story_is_read_back_with_every_headline_date_and_era() {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/story.json"
        ))
        .expect("fixture");
        let (dataset, _) = crate::io::native::parse(&text).expect("parses");
        let story = &dataset.stories[0];
        let written = story_to_timelinejs_json(&dataset, story);
        let (back, problems) =
            super::super::timelinejs::import_json(&written, &crate::io::ImportOptions::default())
                .expect("imports");
        assert!(problems.iter().all(|p| !p.is_error()), "{problems:?}");
        assert_eq!(back.title, story.name);
        assert_eq!(back.event_count(), story.steps.len());
        let json: Value = serde_json::from_str(&written).expect("json");
        let caption = json["events"][0]["text"]["text"].as_str().expect("text");
        assert!(caption.starts_with("<p><strong>Where it began</strong></p>"));
        for step in &story.steps {
            let (headline, start) = match step.target {
                StepTarget::Event(e) => {
                    let e = dataset.event(e).expect("event");
                    (e.title().to_owned(), e.start())
                }
                StepTarget::Note(n) => {
                    let note = &dataset.notes[n];
                    let NoteTarget::Span { start, .. } = note.target else {
                        panic!("a span note")
                    };
                    (note.heading(), start)
                }
            };
            let found = back
                .events()
                .find(|e| e.title() == headline)
                .unwrap_or_else(|| panic!("{headline:?} is read back"));
            assert_eq!(found.start().span(), start.span(), "{headline}");
        }
        assert_eq!(back.eras.len(), dataset.eras.len());
        for (a, b) in dataset.eras.iter().zip(&back.eras) {
            assert_eq!(a.title, b.title);
            assert_eq!(a.span(), b.span());
        }
    }
}
