//! The native JSON format, version 1 (reference: `docs/FORMAT.md`).
//!
//! Every field is first read as a borrowed [`RawValue`], a slice of the file, so each problem
//! can name its line and column, and so one malformed event becomes a problem with that event
//! instead of a failure of the whole file. Only the file's shape (an object with `actors` and
//! `events` lists) and JSON syntax are fatal.

use std::borrow::Cow;

use serde::Deserialize;
use serde_json::value::RawValue;
use smallvec::SmallVec;

use crate::model::{
    ActorDraft, ActorRefs, Dataset, DatasetBuilder, EventDraft, EventEnd, FieldPath, LinkDraft,
    Problem, Site, SourceDraft, quoted,
};
use crate::time::Date;

use super::json_scan;
use super::progress::LoadProgress;
use super::source_text::SourceText;

mod notes;

/// Events read in parallel at a time.
const EVENT_BATCH: usize = 32_768;

/// The top-level members and the events' items, found by one fast scan; `None` when the
/// structure is broken or a key repeats (serde_json then explains).
fn scan_top_level(text: &str) -> Option<(RawFile<'_>, Option<Vec<Json<'_>>>)> {
    let mut raw = RawFile {
        version: None,
        title: None,
        description: None,
        actors: None,
        events: None,
        eras: None,
        notes: None,
        stories: None,
    };
    let (members, events) = json_scan::object_members_splitting(text, "events")?;
    for (key, value) in members {
        let key: std::borrow::Cow<'_, str> = serde_json::from_str(key).ok()?;
        let slot = match key.as_ref() {
            "version" => &mut raw.version,
            "title" => &mut raw.title,
            "description" => &mut raw.description,
            "actors" => &mut raw.actors,
            "events" => &mut raw.events,
            "eras" => &mut raw.eras,
            "notes" => &mut raw.notes,
            "stories" => &mut raw.stories,
            _ => continue,
        };
        if slot.replace(Json(value)).is_some() {
            return None;
        }
    }
    Some((
        raw,
        events.map(|items| items.into_iter().map(Json).collect()),
    ))
}

/// The newest format version this build reads.
pub const FORMAT_VERSION: u64 = 1;

#[derive(Deserialize)]
struct RawFile<'a> {
    #[serde(borrow, default, deserialize_with = "raw_even_if_null")]
    version: Option<Json<'a>>,
    #[serde(borrow, default)]
    title: Option<Json<'a>>,
    #[serde(borrow, default)]
    description: Option<Json<'a>>,
    #[serde(borrow, default, deserialize_with = "raw_even_if_null")]
    actors: Option<Json<'a>>,
    #[serde(borrow, default, deserialize_with = "raw_even_if_null")]
    events: Option<Json<'a>>,
    #[serde(borrow, default)]
    eras: Option<Json<'a>>,
    #[serde(borrow, default)]
    notes: Option<Json<'a>>,
    #[serde(borrow, default)]
    stories: Option<Json<'a>>,
}

#[derive(Deserialize)]
struct RawEra<'a> {
    #[serde(borrow, default)]
    title: Option<Json<'a>>,
    #[serde(borrow, default)]
    start: Option<Json<'a>>,
    #[serde(borrow, default)]
    end: Option<Json<'a>>,
}

/// Keeps a `null` as a value (serde would make it `None`), so that `"events": null` is
/// reported as null rather than as missing.
fn raw_even_if_null<'de, D: serde::Deserializer<'de>>(
    deserializer: D,
) -> Result<Option<Json<'de>>, D::Error> {
    Json::deserialize(deserializer).map(Some)
}

#[derive(Deserialize)]
struct RawActor<'a> {
    #[serde(borrow, default)]
    id: Option<Json<'a>>,
    #[serde(borrow, default)]
    name: Option<Json<'a>>,
    #[serde(borrow, default)]
    color: Option<Json<'a>>,
    #[serde(borrow, default)]
    description: Option<Json<'a>>,
    #[serde(borrow, default)]
    group: Option<Json<'a>>,
    #[serde(borrow, default)]
    tz: Option<Json<'a>>,
}

#[derive(Deserialize)]
struct RawEvent<'a> {
    #[serde(borrow, default)]
    id: Option<Json<'a>>,
    #[serde(borrow, default)]
    title: Option<Json<'a>>,
    #[serde(borrow, default)]
    start: Option<Json<'a>>,
    #[serde(borrow, default)]
    end: Option<Json<'a>>,
    #[serde(borrow, default)]
    actors: Option<Json<'a>>,
    #[serde(borrow, default)]
    kind: Option<Json<'a>>,
    #[serde(borrow, default)]
    tags: Option<Json<'a>>,
    #[serde(borrow, default)]
    description: Option<Json<'a>>,
    #[serde(borrow, default)]
    sources: Option<Json<'a>>,
    #[serde(borrow, default)]
    display_date: Option<Json<'a>>,
    #[serde(borrow, default)]
    details: Option<Json<'a>>,
    #[serde(borrow, default)]
    links: Option<Json<'a>>,
}

#[derive(Deserialize)]
struct RawLink<'a> {
    #[serde(borrow, default)]
    to: Option<Json<'a>>,
    #[serde(borrow, default, rename = "type")]
    kind: Option<Json<'a>>,
}

#[derive(Deserialize)]
struct RawSource<'a> {
    #[serde(borrow, default)]
    title: Option<Json<'a>>,
    #[serde(borrow, default)]
    publisher: Option<Json<'a>>,
    #[serde(borrow, default)]
    url: Option<Json<'a>>,
    #[serde(borrow, default)]
    date: Option<Json<'a>>,
}

/// A JSON value as a slice of the file: where it is, for messages, and its text, parsed when
/// needed.
#[derive(Clone, Copy, Debug)]
struct Json<'a>(&'a str);

impl<'a> Json<'a> {
    fn get(self) -> &'a str {
        self.0
    }
}

impl<'de: 'a, 'a> Deserialize<'de> for Json<'a> {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        <&'de RawValue>::deserialize(deserializer).map(|raw| Json(raw.get()))
    }
}

/// Reads a native file. `Err` is the one problem that made the whole file unusable; `Ok`
/// may still carry problems with single actors or events.
pub fn parse(text: &str) -> Result<(Dataset, Vec<Problem>), Box<Problem>> {
    parse_with(text, &LoadProgress::new())
}

/// [`parse`], reporting progress (bytes of the file read so far) and stopping with an error
/// when `progress` is cancelled.
pub fn parse_with(
    text: &str,
    progress: &LoadProgress,
) -> Result<(Dataset, Vec<Problem>), Box<Problem>> {
    let source = SourceText::new(text);
    let reader = Reader {
        source: &source,
        progress,
    };
    let result = reader.read_file();
    let resolve = |problem: &mut Problem| {
        if let (None, Some(offset)) = (problem.site.location, problem.site.offset) {
            problem.site.location = Some(source.location_at(offset));
        }
    };
    match result {
        Ok((dataset, mut problems)) => {
            problems.iter_mut().for_each(resolve);
            Ok((dataset, problems))
        }
        Err(mut problem) => {
            resolve(&mut problem);
            Err(problem)
        }
    }
}

/// Reads events again from their items' texts after an edit (`items`: each item's JSON text
/// and its place in the file's list), for a dataset whose lanes are `actors`. Links are left
/// as written and problems are located within the item, for the caller to resolve.
pub fn read_edited_events<'t>(
    items: impl IntoIterator<Item = (&'t str, usize)>,
    actors: &[crate::model::Actor],
) -> crate::model::EditedEvents {
    let mut builder = DatasetBuilder::for_edited_events(actors);
    let progress = LoadProgress::new();
    for (item, file_index) in items {
        let source = SourceText::new(item);
        let reader = Reader {
            source: &source,
            progress: &progress,
        };
        match reader.read_event(file_index, Json(item)) {
            Ok((draft, problems)) => {
                problems.into_iter().for_each(|p| builder.problem(p));
                builder.add_event(draft);
            }
            Err(problem) => builder.problem(*problem),
        }
    }
    builder.into_edited_events()
}

/// The error result of a problem (boxed: problems are large and errors are rare).
fn fail<T>(problem: Problem) -> Result<T, Box<Problem>> {
    Err(Box::new(problem))
}

/// What a JSON value is, for "expected text, found …" messages.
fn describe(raw: Json<'_>) -> String {
    let text = raw.get();
    match text.as_bytes().first() {
        Some(b'"') => "text".to_owned(),
        Some(b'[') => "a list".to_owned(),
        Some(b'{') => "an object".to_owned(),
        Some(b't' | b'f') => text.to_owned(),
        Some(b'n') => "null".to_owned(),
        _ => {
            let shown: String = text.chars().take(20).collect();
            format!("a number ({shown})")
        }
    }
}

/// The text of a JSON string, borrowed from the file when it has no escapes (almost always),
/// or `None` if the value is not a string.
fn text_of(raw: Json<'_>) -> Option<Cow<'_, str>> {
    let json = raw.get();
    let inner = json.strip_prefix('"')?.strip_suffix('"')?;
    // Values come from serde_json, which has checked the string: without a backslash its
    // content is the text itself.
    if !inner.contains('\\') {
        return Some(Cow::Borrowed(inner));
    }
    serde_json::from_str::<String>(json).ok().map(Cow::Owned)
}

fn is_null(raw: Json<'_>) -> bool {
    raw.get() == "null"
}

struct Reader<'s, 'a> {
    source: &'s SourceText<'a>,
    progress: &'s LoadProgress,
}

impl<'a> Reader<'_, 'a> {
    fn site(&self, path: FieldPath, raw: Json<'_>) -> Site {
        Site::new(path, Some(self.source.offset_of(raw.get())))
    }

    /// A serde_json error met while parsing `part` (a slice of the file), as a problem.
    fn json_problem(&self, path: FieldPath, part: &str, error: &serde_json::Error) -> Box<Problem> {
        let offset = self.source.offset_in(part, error.line(), error.column());
        let message = error.to_string();
        // serde_json appends " at line L column C"; we give the position ourselves.
        let message = match message.rfind(" at line ") {
            Some(i) => message[..i].to_owned(),
            None => message,
        };
        // serde_json's words for an unclosed string are about control characters.
        let (message, hint) = if message.starts_with("control character") {
            (
                "a text in double quotes is not closed on its line".to_owned(),
                "add the closing \" (or, if the file ends here, it was cut short)",
            )
        } else {
            let hint = match error.classify() {
                serde_json::error::Category::Eof => {
                    "the file ends too early: is it complete? Check for a missing ] or }"
                }
                serde_json::error::Category::Syntax => {
                    "fix the JSON syntax here (a missing comma, quote or bracket is the usual cause)"
                }
                _ => "check the value against the format reference (docs/FORMAT.md)",
            };
            (message, hint)
        };
        Box::new(Problem::error(Site::new(path, Some(offset)), message).with_hint(hint))
    }

    fn read_file(&self) -> Result<(Dataset, Vec<Problem>), Box<Problem>> {
        let text = self.source.text();
        let first = text.trim_start().as_bytes().first().copied();
        if first != Some(b'{') {
            let offset = text.len() - text.trim_start().len();
            let found = match first {
                None => "nothing".to_owned(),
                Some(b'[') => "a list".to_owned(),
                Some(_) => match serde_json::from_str::<Json>(text) {
                    Ok(raw) => describe(raw),
                    Err(_) => {
                        // Not JSON at all: say what it looks like.
                        let first_line = text.trim_start().lines().next().unwrap_or("");
                        let looks_like = if first_line.contains('\t') {
                            "tab-separated values"
                        } else if first_line.contains(',') {
                            "comma-separated values (CSV)"
                        } else {
                            "text"
                        };
                        return fail(
                            Problem::error(
                                Site::new(FieldPath::File, Some(offset)),
                                format!(
                                    "the file is not JSON: it looks like {looks_like}, starting {}",
                                    quoted(first_line)
                                ),
                            )
                            .with_hint("open a Timelanes JSON file (see docs/FORMAT.md)"),
                        );
                    }
                },
            };
            return fail(Problem::error(
                Site::new(FieldPath::File, Some(offset)),
                format!("a Timelanes file is a JSON object, but this file holds {found}"),
            )
            .with_hint(
                "start the file with { \"actors\": [...], \"events\": [...] } (see docs/FORMAT.md)",
            ));
        }
        let (raw, scanned_events) = match scan_top_level(text) {
            Some(scanned) => scanned,
            // Broken or unusual (duplicate keys): serde_json says exactly where and what.
            None => (
                serde_json::from_str::<RawFile<'a>>(text)
                    .map_err(|error| self.json_problem(FieldPath::File, text, &error))?,
                None,
            ),
        };

        if let Some(version) = raw.version {
            let site = self.site(FieldPath::Field("version"), version);
            match serde_json::from_str::<u64>(version.get()) {
                Ok(v) if v <= FORMAT_VERSION => {}
                Ok(v) => {
                    return fail(Problem::error(
                        site,
                        format!("the file is format version {v}, written by a newer Timelanes; this one reads version {FORMAT_VERSION}"),
                    )
                    .with_hint("update Timelanes to open it"));
                }
                Err(_) => {
                    return fail(
                        Problem::error(
                            site,
                            format!("expected a whole number, found {}", describe(version)),
                        )
                        .with_hint("write \"version\": 1, or leave it out"),
                    );
                }
            }
        }

        let mut problems = Vec::new();
        let title = self
            .optional_text(raw.title, FieldPath::Field("title"), &mut problems)
            .unwrap_or_default();
        let description = self
            .optional_text(
                raw.description,
                FieldPath::Field("description"),
                &mut problems,
            )
            .unwrap_or_default();
        let mut builder = DatasetBuilder::new(title.into_owned(), description.into_owned());
        for problem in problems {
            builder.problem(problem);
        }

        self.read_eras(raw.eras, &mut builder);
        let actors = self.required_list(raw.actors, "actors")?;
        for (index, actor) in actors.into_iter().enumerate() {
            match self.read_actor(index, actor) {
                Ok((draft, warnings)) => {
                    warnings.into_iter().for_each(|p| builder.problem(p));
                    builder.add_actor(draft);
                }
                Err(problem) => builder.problem(*problem),
            }
        }

        let events = match scanned_events {
            Some(events) => events,
            None => self.required_list(raw.events, "events")?,
        };
        let event_count = events.len();
        // Texts are usually about a third of an event's JSON.
        builder.reserve(event_count, raw.events.map_or(0, |e| e.get().len() / 3));
        // Events are read, validated and stored in parallel, a batch at a time (so that
        // progress shows and cancelling is quick), and kept in file order.
        for (batch_number, batch) in events.chunks(EVENT_BATCH).enumerate() {
            if self.progress.is_cancelled() {
                return fail(Problem::error(Site::default(), "cancelled"));
            }
            if let Some(first) = batch.first() {
                self.progress
                    .set_done(self.source.offset_of(first.get()) as u64);
            }
            builder.add_events_parallel(batch, batch_number * EVENT_BATCH, |index, &event| {
                self.read_event(index, event)
            });
        }
        let (mut dataset, mut problems) = builder.finish();
        let before = problems.len();
        self.read_notes_and_stories(raw.notes, raw.stories, &mut dataset, &mut problems);
        if problems.len() > before {
            // Errors first, then in file order, as the builder sorts them.
            problems.sort_by(|a, b| {
                b.severity
                    .cmp(&a.severity)
                    .then(a.site.offset.cmp(&b.site.offset))
            });
        }
        if event_count > 0 && dataset.event_count() == 0 {
            // Nothing to show: refuse the file (keeping whatever is open) and say why.
            let first = problems
                .iter()
                .find(|p| p.is_error())
                .cloned()
                .unwrap_or_else(|| Problem::error(Site::default(), "no event could be read"));
            let mut fatal = first.clone();
            fatal.message = format!(
                "none of the {event_count} events could be read; the first problem: {}",
                first.message
            );
            return fail(fatal);
        }
        if dataset.actors.is_empty() {
            let mut problems = problems;
            problems.push(
                Problem::warning(
                    Site::new(FieldPath::Field("actors"), None),
                    "the file has no actors, so there are no lanes",
                )
                .with_hint("add actors: [{\"id\": \"us\", \"name\": \"United States\"}]"),
            );
            return Ok((dataset, problems));
        }
        Ok((dataset, problems))
    }

    /// A top-level list that must be there: its items, or the fatal problem.
    fn required_list(
        &self,
        raw: Option<Json<'a>>,
        name: &'static str,
    ) -> Result<Vec<Json<'a>>, Box<Problem>> {
        let example = match name {
            "actors" => "\"actors\": [{\"id\": \"us\", \"name\": \"United States\"}]",
            _ => {
                "\"events\": [{\"title\": \"…\", \"start\": \"2021-11-15\", \"actors\": [\"us\"]}]"
            }
        };
        let Some(raw) = raw else {
            return fail(
                Problem::error(
                    Site::new(FieldPath::File, Some(0)),
                    format!("the file has no \"{name}\" list"),
                )
                .with_hint(format!("add {example}")),
            );
        };
        let site = self.site(FieldPath::Field(name), raw);
        if !raw.get().starts_with('[') {
            return fail(
                Problem::error(
                    site,
                    format!("\"{name}\" must be a list, but it is {}", describe(raw)),
                )
                .with_hint(format!("write {example}")),
            );
        }
        match json_scan::array_items(raw.get()) {
            Some(items) => Ok(items.into_iter().map(Json).collect()),
            None => serde_json::from_str(raw.get())
                .map_err(|error| self.json_problem(FieldPath::Field(name), raw.get(), &error)),
        }
    }

    /// An optional text field: `None` when absent or null; wrong types are warnings.
    fn optional_text(
        &self,
        raw: Option<Json<'a>>,
        path: FieldPath,
        problems: &mut Vec<Problem>,
    ) -> Option<Cow<'a, str>> {
        let raw = raw.filter(|r| !is_null(*r))?;
        match text_of(raw) {
            Some(text) => Some(text),
            None => {
                let found = describe(raw);
                problems.push(
                    Problem::warning(
                        self.site(path, raw),
                        format!("expected text, found {found}; it is ignored"),
                    )
                    .with_hint("write it in double quotes"),
                );
                None
            }
        }
    }

    /// A required text field: the text, or the error that makes its item unusable.
    fn required_text(
        &self,
        raw: Option<Json<'a>>,
        item_site: &Site,
        path: FieldPath,
        field: &str,
        example: &str,
    ) -> Result<Cow<'a, str>, Box<Problem>> {
        let Some(raw) = raw.filter(|r| !is_null(*r)) else {
            return fail(
                Problem::error(
                    item_site.clone(),
                    format!("missing \"{field}\", which is required"),
                )
                .with_hint(format!("add \"{field}\": {example}")),
            );
        };
        match text_of(raw) {
            Some(text) if text.trim().is_empty() => fail(
                Problem::error(self.site(path, raw), format!("\"{field}\" is empty")).with_hint(
                    format!("write something, for example \"{field}\": {example}"),
                ),
            ),
            Some(text) => Ok(text),
            None => fail(
                Problem::error(
                    self.site(path, raw),
                    format!("expected text, found {}", describe(raw)),
                )
                .with_hint(format!(
                    "write it in double quotes, for example \"{field}\": {example}"
                )),
            ),
        }
    }

    /// The items of a list (already known to start with `[`), without allocating for short
    /// ones.
    fn list_items<const N: usize>(
        &self,
        raw: Json<'a>,
        path: FieldPath,
    ) -> Result<SmallVec<[Json<'a>; N]>, Box<Problem>> {
        let mut items: SmallVec<[&'a str; N]> = SmallVec::new();
        match json_scan::array_items_into(raw.get(), &mut items) {
            Some(()) => Ok(items.into_iter().map(Json).collect()),
            None => match serde_json::from_str::<Vec<Json<'a>>>(raw.get()) {
                Ok(items) => Ok(items.into_iter().collect()),
                Err(error) => Err(self.json_problem(path, raw.get(), &error)),
            },
        }
    }

    /// Parses one item of a list into its raw struct, or says why it is not an object.
    fn item<T: Deserialize<'a>>(
        &self,
        raw: Json<'a>,
        list: &'static str,
        index: usize,
    ) -> Result<T, Box<Problem>> {
        let site = self.site(FieldPath::item(list, index), raw);
        if !raw.get().starts_with('{') {
            return fail(
                Problem::error(
                    site,
                    format!("expected an object {{…}}, found {}", describe(raw)),
                )
                .with_hint(format!(
                    "each item of \"{list}\" is an object, see docs/FORMAT.md"
                )),
            );
        }
        serde_json::from_str(raw.get())
            .map_err(|error| self.json_problem(FieldPath::item(list, index), raw.get(), &error))
    }

    fn read_actor(
        &self,
        index: usize,
        raw: Json<'a>,
    ) -> Result<(ActorDraft, Vec<Problem>), Box<Problem>> {
        let actor: RawActor<'a> = self.item(raw, "actors", index)?;
        let site = self.site(FieldPath::item("actors", index), raw);
        let id = self.required_text(
            actor.id,
            &site,
            FieldPath::field("actors", index, "id"),
            "id",
            "\"us\"",
        )?;
        let name = self.required_text(
            actor.name,
            &site,
            FieldPath::field("actors", index, "name"),
            "name",
            "\"United States\"",
        )?;
        let mut problems = Vec::new();
        let color = actor.color.and_then(|raw| {
            let path = FieldPath::field("actors", index, "color");
            let text = self.optional_text(Some(raw), path.clone(), &mut problems)?;
            Some((text, self.site(path, raw)))
        });
        let description = self
            .optional_text(
                actor.description,
                FieldPath::field("actors", index, "description"),
                &mut problems,
            )
            .unwrap_or_default();
        let group = actor.group.and_then(|raw| {
            let path = FieldPath::field("actors", index, "group");
            let text = self.optional_text(Some(raw), path.clone(), &mut problems)?;
            Some((text.into_owned(), self.site(path, raw)))
        });
        let time_zone = actor.tz.and_then(|raw| {
            let path = FieldPath::field("actors", index, "tz");
            let text = self.optional_text(Some(raw), path.clone(), &mut problems)?;
            Some((text.into_owned(), self.site(path, raw)))
        });
        let id_site = actor.id.map_or(site, |raw| {
            self.site(FieldPath::field("actors", index, "id"), raw)
        });
        Ok((
            ActorDraft {
                id: id.into_owned(),
                name: name.into_owned(),
                color: color.map(|(text, site)| (text.into_owned(), site)),
                description: description.into_owned(),
                group,
                time_zone,
                site: id_site,
            },
            problems,
        ))
    }

    /// A date field: parsed, or the error naming the field.
    fn date(&self, raw: Json<'_>, path: FieldPath) -> Result<Date, Box<Problem>> {
        let site = self.site(path, raw);
        let text = text_of(raw).ok_or_else(|| {
            Problem::error(
                site.clone(),
                format!("expected a date in double quotes, found {}", describe(raw)),
            )
            .with_hint("write dates as text, for example \"2021-11-15\" or \"2014\"")
        })?;
        Date::parse(&text).map_err(|error| -> Box<Problem> {
            let message = match &error {
                crate::time::DateError::Empty => "the date is empty".to_owned(),
                crate::time::DateError::NotADate(_) => format!("{} is not a date", quoted(&text)),
                other => format!("{} is not a valid date: {other}", quoted(&text)),
            };
            Box::new(Problem::error(site, message).with_hint(error.hint()))
        })
    }

    fn read_event(
        &self,
        index: usize,
        raw: Json<'a>,
    ) -> Result<(EventDraft<'a>, Vec<Problem>), Box<Problem>> {
        let event: RawEvent<'a> = self.item(raw, "events", index)?;
        let site = self.site(FieldPath::item("events", index), raw);
        let field = |name: &'static str| FieldPath::field("events", index, name);
        let mut problems = Vec::new();

        let title = self.required_text(
            event.title,
            &site,
            field("title"),
            "title",
            "\"Biden and Xi hold a video summit\"",
        )?;

        let Some(start_raw) = event.start.filter(|r| !is_null(*r)) else {
            return fail(Problem::error(site, "missing \"start\", which is required")
                .with_hint("add \"start\": \"2021-11-15\" (any precision: 2014, 2021-11, 2021-11-15T14:30)"));
        };
        let start = self.date(start_raw, field("start"))?;
        let start_site = self.site(field("start"), start_raw);

        let end = match event.end.filter(|r| !is_null(*r)) {
            None => None,
            Some(end_raw) => {
                let end_site = self.site(field("end"), end_raw);
                let is_present = text_of(end_raw)
                    .is_some_and(|text| text.trim().eq_ignore_ascii_case("present"));
                if is_present {
                    Some((EventEnd::Present, end_site))
                } else {
                    Some((EventEnd::Date(self.date(end_raw, field("end"))?), end_site))
                }
            }
        };

        let actors = self.event_actors(event.actors, &site, index)?;

        let id = event.id.and_then(|raw| {
            let text = self.optional_text(Some(raw), field("id"), &mut problems)?;
            Some((text, self.site(field("id"), raw)))
        });
        let kind = self.optional_text(event.kind, field("kind"), &mut problems);
        let description = self
            .optional_text(event.description, field("description"), &mut problems)
            .unwrap_or_default();
        let tags = self.text_list(event.tags, index, "tags", &mut problems);
        let sources = self.sources(event.sources, index, &mut problems);
        let display_date =
            self.optional_text(event.display_date, field("display_date"), &mut problems);
        let details = self.details(event.details, index, &mut problems);
        let links = self.links(event.links, index, &mut problems);

        Ok((
            EventDraft {
                id,
                title,
                start: (start, start_site),
                end,
                actors,
                kind,
                tags,
                description,
                sources,
                file_index: index,
                display_date,
                details,
                links,
            },
            problems,
        ))
    }

    /// The event's actor ids, each with its site; at least one.
    fn event_actors(
        &self,
        raw: Option<Json<'a>>,
        event_site: &Site,
        index: usize,
    ) -> Result<ActorRefs<'a>, Box<Problem>> {
        let path = FieldPath::field("events", index, "actors");
        let hint = "list the actors' ids, for example \"actors\": [\"us\", \"cn\"]";
        let Some(raw) = raw.filter(|r| !is_null(*r)) else {
            return fail(
                Problem::error(event_site.clone(), "missing \"actors\", which is required")
                    .with_hint(hint),
            );
        };
        // A single id as text is a common slip; accept it as a list of one.
        if let Some(id) = text_of(raw) {
            return Ok(smallvec::smallvec![(id, self.site(path, raw))]);
        }
        let items: SmallVec<[Json<'a>; 4]> = if raw.get().starts_with('[') {
            self.list_items(raw, path.clone())?
        } else {
            return fail(
                Problem::error(
                    self.site(path, raw),
                    format!("expected a list of actor ids, found {}", describe(raw)),
                )
                .with_hint(hint),
            );
        };
        if items.is_empty() {
            return fail(
                Problem::error(
                    self.site(path, raw),
                    "the event has no actors; it needs at least one",
                )
                .with_hint(hint),
            );
        }
        items
            .into_iter()
            .enumerate()
            .map(|(i, item)| {
                let site = self.site(FieldPath::sub("events", index, "actors", i), item);
                match text_of(item) {
                    Some(id) => Ok((id, site)),
                    None => fail(
                        Problem::error(
                            site,
                            format!(
                                "expected an actor id in double quotes, found {}",
                                describe(item)
                            ),
                        )
                        .with_hint(hint),
                    ),
                }
            })
            .collect()
    }

    /// An event's `details`: an object of texts or numbers, kept in file order.
    fn details(
        &self,
        raw: Option<Json<'a>>,
        index: usize,
        problems: &mut Vec<Problem>,
    ) -> Vec<(Cow<'a, str>, Cow<'a, str>)> {
        let Some(raw) = raw.filter(|r| !is_null(*r)) else {
            return Vec::new();
        };
        let path = FieldPath::field("events", index, "details");
        let members = raw
            .get()
            .starts_with('{')
            .then(|| json_scan::object_members_splitting(raw.get(), ""))
            .flatten();
        let Some((members, _)) = members else {
            problems.push(
                Problem::warning(
                    self.site(path, raw),
                    format!(
                        "expected an object of details, found {}; it is ignored",
                        describe(raw)
                    ),
                )
                .with_hint("write \"details\": {\"fatalities\": \"3\", \"location\": \"Kyiv\"}"),
            );
            return Vec::new();
        };
        let mut details = Vec::with_capacity(members.len());
        for (key, value) in members {
            let (Some(key), value) = (text_of(Json(key)), Json(value)) else {
                continue;
            };
            let text = match value.get().as_bytes().first() {
                Some(b'"') => text_of(value),
                Some(b'n') => continue,
                Some(b'{' | b'[') | None => None,
                Some(_) => Some(Cow::Borrowed(value.get())),
            };
            match text {
                Some(text) => details.push((key, text)),
                None => problems.push(
                    Problem::warning(
                        self.site(path.clone(), value),
                        format!(
                            "detail {} should be text or a number, not {}; it is ignored",
                            quoted(&key),
                            describe(value)
                        ),
                    )
                    .with_hint("write details as \"name\": \"value\""),
                ),
            }
        }
        details
    }

    /// The top-level `eras`: named periods drawn behind the lanes.
    fn read_eras(&self, raw: Option<Json<'a>>, builder: &mut DatasetBuilder) {
        let Some(raw) = raw.filter(|r| !is_null(*r)) else {
            return;
        };
        let hint = "write \"eras\": [{\"title\": \"The Cold War\", \"start\": \"1947\", \"end\": \"1991\"}]";
        let items = if raw.get().starts_with('[') {
            self.list_items::<4>(raw, FieldPath::Field("eras")).ok()
        } else {
            None
        };
        let Some(items) = items else {
            builder.problem(
                Problem::warning(
                    self.site(FieldPath::Field("eras"), raw),
                    format!(
                        "expected a list of eras, found {}; it is ignored",
                        describe(raw)
                    ),
                )
                .with_hint(hint),
            );
            return;
        };
        for (index, item) in items.into_iter().enumerate() {
            let era = self
                .item::<RawEra<'a>>(item, "eras", index)
                .and_then(|era| {
                    let site = self.site(FieldPath::item("eras", index), item);
                    let title = self.required_text(
                        era.title,
                        &site,
                        FieldPath::field("eras", index, "title"),
                        "title",
                        "\"The Cold War\"",
                    )?;
                    let Some(start) = era.start.filter(|r| !is_null(*r)) else {
                        return fail(
                            Problem::error(site, "missing \"start\", which is required")
                                .with_hint(hint),
                        );
                    };
                    let start = self.date(start, FieldPath::field("eras", index, "start"))?;
                    let end = match era.end.filter(|r| !is_null(*r)) {
                        Some(end) => self.date(end, FieldPath::field("eras", index, "end"))?,
                        None => start,
                    };
                    Ok(crate::model::Era {
                        title: title.into_owned(),
                        start,
                        end,
                        note: None,
                    })
                });
            match era {
                Ok(era) => builder.add_era(era),
                Err(mut problem) => {
                    // An era is decoration: a broken one is a warning, never an error.
                    problem.severity = crate::model::Severity::Warning;
                    problem.message.push_str("; the era is left out");
                    builder.problem(*problem);
                }
            }
        }
    }

    /// A list of texts (tags); items that are not text are warned about and skipped.
    fn text_list(
        &self,
        raw: Option<Json<'a>>,
        index: usize,
        field: &'static str,
        problems: &mut Vec<Problem>,
    ) -> SmallVec<[Cow<'a, str>; 2]> {
        let Some(raw) = raw.filter(|r| !is_null(*r)) else {
            return SmallVec::new();
        };
        let items = if raw.get().starts_with('[') {
            self.list_items::<2>(raw, FieldPath::field("events", index, field))
                .ok()
        } else {
            None
        };
        let Some(items) = items else {
            problems.push(
                Problem::warning(
                    self.site(FieldPath::field("events", index, field), raw),
                    format!(
                        "expected a list of texts, found {}; it is ignored",
                        describe(raw)
                    ),
                )
                .with_hint(format!("write \"{field}\": [\"diplomacy\", \"sanctions\"]")),
            );
            return SmallVec::new();
        };
        items
            .into_iter()
            .enumerate()
            .filter_map(|(i, item)| {
                let path = FieldPath::sub("events", index, field, i);
                self.optional_text(Some(item), path, problems)
            })
            .collect()
    }

    /// The items of an event's list of objects (`sources`, `links`): each with its path, its
    /// text, and itself read as `T` (`None` when it is not such an object). A value that is
    /// not a list is a warning, and gives no items.
    fn object_items<T: Deserialize<'a>>(
        &self,
        raw: Option<Json<'a>>,
        index: usize,
        field: &'static str,
        hint: &str,
        problems: &mut Vec<Problem>,
    ) -> Vec<(FieldPath, Json<'a>, Option<T>)> {
        let Some(raw) = raw.filter(|r| !is_null(*r)) else {
            return Vec::new();
        };
        let path = FieldPath::field("events", index, field);
        let items = if raw.get().starts_with('[') {
            self.list_items::<2>(raw, path.clone()).ok()
        } else {
            None
        };
        let Some(items) = items else {
            problems.push(
                Problem::warning(
                    self.site(path, raw),
                    format!(
                        "expected a list of {field}, found {}; it is ignored",
                        describe(raw)
                    ),
                )
                .with_hint(hint),
            );
            return Vec::new();
        };
        items
            .into_iter()
            .enumerate()
            .map(|(i, item)| {
                let parsed = if item.get().starts_with('{') {
                    serde_json::from_str::<T>(item.get()).ok()
                } else {
                    None
                };
                (FieldPath::sub("events", index, field, i), item, parsed)
            })
            .collect()
    }

    /// The warning for an item of a list that is not what the list holds; it is left out.
    fn ignored_item(&self, path: FieldPath, item: Json<'_>, expected: &str, hint: &str) -> Problem {
        Problem::warning(
            self.site(path, item),
            format!(
                "expected {expected}, found {}; it is ignored",
                describe(item)
            ),
        )
        .with_hint(hint)
    }

    fn sources(
        &self,
        raw: Option<Json<'a>>,
        index: usize,
        problems: &mut Vec<Problem>,
    ) -> SmallVec<[SourceDraft<'a>; 1]> {
        let hint = "write \"sources\": [{\"title\": \"…\", \"publisher\": \"…\", \"url\": \"https://…\", \"date\": \"2022-02-25\"}]";
        let mut sources = SmallVec::new();
        for (path, item, parsed) in
            self.object_items::<RawSource<'a>>(raw, index, "sources", hint, problems)
        {
            let Some(source) = parsed else {
                problems.push(self.ignored_item(path, item, "a source object", hint));
                continue;
            };
            let mut text = |raw: Option<Json<'a>>| {
                self.optional_text(raw, path.clone(), problems)
                    .unwrap_or_default()
            };
            let title = text(source.title);
            let publisher = text(source.publisher);
            let url = text(source.url);
            let date = source.date.filter(|r| !is_null(*r)).and_then(|raw| {
                match self.date(raw, path.clone()) {
                    Ok(date) => Some(date),
                    Err(mut problem) => {
                        problem.severity = crate::model::Severity::Warning;
                        problem
                            .message
                            .push_str("; the source is kept without a date");
                        problems.push(problem.for_event(index));
                        None
                    }
                }
            });
            sources.push(SourceDraft {
                title,
                publisher,
                url,
                date,
            });
        }
        sources
    }

    /// `"links": [{"to": "event-id", "type": "response"}]`; a link that cannot be read is a
    /// warning and is left out.
    fn links(
        &self,
        raw: Option<Json<'a>>,
        index: usize,
        problems: &mut Vec<Problem>,
    ) -> Vec<LinkDraft<'a>> {
        let hint = "write \"links\": [{\"to\": \"id-of-another-event\", \"type\": \"response\"}]";
        let mut links = Vec::new();
        for (path, item, parsed) in
            self.object_items::<RawLink<'a>>(raw, index, "links", hint, problems)
        {
            let to = parsed.as_ref().and_then(|link| {
                self.optional_text(link.to, path.clone(), problems)
                    .filter(|to| !to.trim().is_empty())
            });
            let (Some(link), Some(to)) = (parsed, to) else {
                let expected = "a link with the \"to\" event's id";
                problems.push(self.ignored_item(path, item, expected, hint));
                continue;
            };
            let kind = self
                .optional_text(link.kind, path.clone(), problems)
                .unwrap_or_default();
            links.push(LinkDraft {
                to,
                kind,
                site: self.site(path, item),
            });
        }
        links
    }
}
