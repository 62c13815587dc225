//! Writes a dataset in the native format (`timelanes convert`): whatever it was imported from,
//! it can then be edited, versioned and opened again unchanged.

use serde::Serialize;
use serde::ser::{SerializeMap, Serializer};

use std::collections::HashMap;

use crate::model::{Dataset, Event, EventEnd, EventIdx, Link, Source};

use super::native::FORMAT_VERSION;

#[derive(Serialize)]
struct File<'a> {
    version: u64,
    #[serde(skip_serializing_if = "str::is_empty")]
    title: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    eras: Vec<EraOut<'a>>,
    actors: Vec<ActorOut<'a>>,
    events: Vec<EventOut<'a>>,
}

#[derive(Serialize)]
struct EraOut<'a> {
    title: &'a str,
    start: String,
    end: String,
}

#[derive(Serialize)]
struct ActorOut<'a> {
    id: &'a str,
    name: &'a str,
    color: String,
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    group: Option<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    tz: Option<String>,
}

#[derive(Serialize)]
struct LinkOut<'a> {
    to: &'a str,
    #[serde(rename = "type", skip_serializing_if = "str::is_empty")]
    kind: &'a str,
}

#[derive(Serialize)]
struct EventOut<'a> {
    #[serde(skip_serializing_if = "Option::is_none")]
    id: Option<&'a str>,
    title: &'a str,
    start: String,
    #[serde(skip_serializing_if = "Option::is_none")]
    end: Option<String>,
    #[serde(skip_serializing_if = "Option::is_none")]
    display_date: Option<&'a str>,
    actors: Vec<&'a str>,
    #[serde(skip_serializing_if = "Option::is_none")]
    kind: Option<&'a str>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    tags: Vec<&'a str>,
    #[serde(skip_serializing_if = "str::is_empty")]
    description: &'a str,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    sources: Vec<SourceOut<'a>>,
    #[serde(skip_serializing_if = "Details::is_empty")]
    details: Details<'a>,
    #[serde(skip_serializing_if = "Vec::is_empty")]
    links: Vec<LinkOut<'a>>,
}

#[derive(Serialize)]
struct SourceOut<'a> {
    #[serde(skip_serializing_if = "str::is_empty")]
    title: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    publisher: &'a str,
    #[serde(skip_serializing_if = "str::is_empty")]
    url: &'a str,
    #[serde(skip_serializing_if = "Option::is_none")]
    date: Option<String>,
}

/// Details as a JSON object, in their order.
struct Details<'a>(Vec<(&'a str, &'a str)>);

impl Details<'_> {
    fn is_empty(&self) -> bool {
        self.0.is_empty()
    }
}

impl Serialize for Details<'_> {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        let mut map = serializer.serialize_map(Some(self.0.len()))?;
        for (key, value) in &self.0 {
            map.serialize_entry(key, value)?;
        }
        map.end()
    }
}

fn source_out(source: &Source) -> SourceOut<'_> {
    SourceOut {
        title: &source.title,
        publisher: &source.publisher,
        url: &source.url,
        date: source.date.map(|d| d.to_string()),
    }
}

fn event_out<'a>(dataset: &'a Dataset, event: Event<'a>, links: &[&'a Link]) -> EventOut<'a> {
    EventOut {
        id: event.id(),
        title: event.title(),
        start: event.start().to_string(),
        end: event.end().map(|end| match end {
            EventEnd::Date(date) => date.to_string(),
            EventEnd::Present => "present".to_owned(),
        }),
        display_date: event.display_date(),
        actors: event
            .actors()
            .iter()
            .filter_map(|&a| dataset.actor(a))
            .map(|a| a.id.as_str())
            .collect(),
        kind: event.kind(),
        tags: event.tags().collect(),
        description: event.description(),
        sources: event.sources().map(source_out).collect(),
        details: Details(event.details().collect()),
        links: links
            .iter()
            .filter_map(|link| {
                let to = dataset.event(link.to)?.id()?;
                Some(LinkOut {
                    to,
                    kind: &link.kind,
                })
            })
            .collect(),
    }
}

/// The dataset as native JSON, pretty-printed, ending in a newline.
pub fn to_native_json(dataset: &Dataset) -> String {
    let mut links_from: HashMap<EventIdx, Vec<&Link>> = HashMap::new();
    for link in &dataset.links {
        links_from.entry(link.from).or_default().push(link);
    }
    let file = File {
        version: FORMAT_VERSION,
        title: &dataset.title,
        description: &dataset.description,
        eras: dataset
            .eras
            .iter()
            .map(|era| EraOut {
                title: &era.title,
                start: era.start.to_string(),
                end: era.end.to_string(),
            })
            .collect(),
        actors: dataset
            .actors
            .iter()
            .map(|a| ActorOut {
                id: &a.id,
                name: &a.name,
                color: a.color.to_string(),
                description: &a.description,
                group: a
                    .group
                    .and_then(|g| dataset.actor(g))
                    .map(|g| g.id.as_str()),
                tz: a.time_zone.map(crate::time::Zone::setting_name),
            })
            .collect(),
        events: dataset
            .events()
            .map(|e| {
                let links = links_from.get(&e.idx()).map_or(&[][..], Vec::as_slice);
                event_out(dataset, e, links)
            })
            .collect(),
    };
    // Serializing plain strings and numbers cannot fail.
    let mut text = serde_json::to_string_pretty(&file).unwrap_or_default();
    text.push('\n');
    text
}

// Round trips (every importable file → native JSON → the same events) are tested in
// `tests/import.rs`.
