//! A story as a document to hand out: a title page (the story's name, the dataset's title and
//! description, the period the story covers, how many steps), a page per step (the timeline
//! over the step's view and lanes, as the window presents it, with the step's caption card
//! under it), and a last page of every source the steps' events cite. `timelanes render
//! --story NAME -o story.pdf` writes it as one PDF.

use std::collections::HashSet;

use crate::index::TimelineIndex;
use crate::layout::{
    LaneSpec, PageInput, Paragraph, Scene, Style, TextMeasure, append_paragraphs, source_citation,
    text_page,
};
use crate::model::{ActorIdx, Dataset, Note, NoteTarget, StepTarget, Story, StoryStep};
use crate::time::{TimeRange, TimeWindow, Timestamp, Zone};
use crate::view::story::step_window;

use super::export::page_scene;
use super::pdf::{DocumentInfo, write_pages};
use super::svg::scene_to_svg;

const STORY_TITLE_SIZE: f32 = 26.0;
const HEADING_SIZE: f32 = 17.0;
const CAPTION_SIZE: f32 = 16.0;

/// How the pages of a story are drawn.
#[derive(Clone, Copy)]
pub struct StoryPages<'a> {
    /// Width of every page, in points.
    pub width: f32,
    /// Height of the step pages; `None` fits every lane of the step.
    pub height: Option<f32>,
    pub style: &'a Style,
    /// The clock of the axes and periods.
    pub zone: Zone,
    pub now: Timestamp,
    /// Whether the notes on the events and lanes of a step are listed on its page. (The bands
    /// of span notes are drawn in any case: a story's notes are part of what it tells.)
    pub notes: bool,
}

/// Everything a step's events and notes may cover, from the first to the last.
fn covered(dataset: &Dataset, story: &Story, now: Timestamp) -> Option<TimeRange> {
    let mut covered: Option<TimeRange> = None;
    for step in &story.steps {
        let span = match step.target {
            StepTarget::Event(event) => dataset.event(event).map(|e| e.span(now)),
            StepTarget::Note(note) => dataset.notes.get(note).and_then(|note| match note.target {
                NoteTarget::Event(event) => dataset.event(event).map(|e| e.span(now)),
                _ => note.span(),
            }),
        };
        let Some(span) = span.or_else(|| step.window()) else {
            continue;
        };
        covered = Some(match covered {
            Some(c) => TimeRange::new(c.start.min(span.start), c.end.max(span.end)),
            None => span,
        });
    }
    covered
}

/// The title page's paragraphs.
fn title_paragraphs(dataset: &Dataset, story: &Story, pages: &StoryPages<'_>) -> Vec<Paragraph> {
    let mut paragraphs = vec![Paragraph::heading(&story.name, STORY_TITLE_SIZE)];
    if !dataset.title.trim().is_empty() {
        paragraphs.push(Paragraph::heading(&dataset.title, HEADING_SIZE));
    }
    if !dataset.description.trim().is_empty() {
        paragraphs.push(Paragraph::body(&dataset.description));
    }
    if let Some(range) = covered(dataset, story, pages.now) {
        let window = TimeWindow::new(range.start.as_f64(), range.end.as_f64());
        paragraphs.push(Paragraph::weak(format!(
            "Covers {} · times in {}",
            pages.zone.describe_window(window),
            pages.zone.clock_name()
        )));
    }
    let steps = story.steps.len();
    paragraphs.push(Paragraph::weak(if steps == 1 {
        "1 step".to_owned()
    } else {
        format!("{steps} steps")
    }));
    paragraphs
}

/// What a note is on, in words.
fn note_place(dataset: &Dataset, note: &Note) -> Option<String> {
    match note.target {
        NoteTarget::Event(event) => dataset
            .event(event)
            .map(|e| format!("On {}, {}", e.title(), e.date_text())),
        NoteTarget::Span { start, end } if start == end => Some(start.human()),
        NoteTarget::Span { start, end } => Some(format!("{} – {}", start.human(), end.human())),
        NoteTarget::Lane(actor) => dataset.actor(actor).map(|a| format!("On {}", a.name)),
    }
}

/// A step's caption card: its caption, then the event (title, date as written, description,
/// sources) or the note (title, what it is on, text).
pub fn caption_card(dataset: &Dataset, step: &StoryStep) -> Vec<Paragraph> {
    let mut card = Vec::new();
    if !step.caption.trim().is_empty() {
        card.push(Paragraph::heading(&step.caption, CAPTION_SIZE));
    }
    match step.target {
        StepTarget::Event(event) => {
            let Some(event) = dataset.event(event) else {
                return card;
            };
            card.push(Paragraph::heading(event.title(), BODY_HEADING_SIZE));
            card.push(Paragraph::weak(event.date_text()));
            if !event.description().trim().is_empty() {
                card.push(Paragraph::body(event.description()));
            }
            for source in event.sources() {
                let citation = source_citation(source);
                let text = match (citation.is_empty(), source.url.is_empty()) {
                    (_, true) => citation,
                    (true, false) => source.url.clone(),
                    (false, false) if citation == source.url => citation,
                    (false, false) => format!("{citation} {}", source.url),
                };
                if !text.is_empty() {
                    card.push(Paragraph::weak(format!("Source: {text}")));
                }
            }
        }
        StepTarget::Note(note) => {
            let Some(note) = dataset.notes.get(note) else {
                return card;
            };
            if !note.title.trim().is_empty() {
                card.push(Paragraph::heading(&note.title, BODY_HEADING_SIZE));
            }
            if let Some(place) = note_place(dataset, note) {
                card.push(Paragraph::weak(place));
            }
            if !note.text.trim().is_empty() {
                card.push(Paragraph::body(&note.text));
            }
        }
    }
    card
}

const BODY_HEADING_SIZE: f32 = 14.0;

/// Every distinct source the steps' events cite (an event note's event too), in step order, as
/// "citation, address".
pub fn story_sources(dataset: &Dataset, story: &Story) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut sources = Vec::new();
    for step in &story.steps {
        let event = match step.target {
            StepTarget::Event(event) => Some(event),
            StepTarget::Note(note) => dataset.notes.get(note).and_then(|n| match n.target {
                NoteTarget::Event(event) => Some(event),
                _ => None,
            }),
        };
        let Some(event) = event.and_then(|e| dataset.event(e)) else {
            continue;
        };
        for source in event.sources() {
            if !seen.insert(source) {
                continue;
            }
            let citation = source_citation(source);
            let text = if source.url.is_empty() || citation == source.url {
                citation
            } else {
                format!("{citation}, {}", source.url)
            };
            if !text.is_empty() {
                sources.push(text);
            }
        }
    }
    sources
}

/// The lanes a step shows, top to bottom: its own, else every lane.
fn step_lanes(dataset: &Dataset, step: &StoryStep) -> Vec<LaneSpec> {
    let lanes: Vec<ActorIdx> = if step.lanes.is_empty() {
        (0..dataset.actors.len() as u32).map(ActorIdx).collect()
    } else {
        step.lanes.clone()
    };
    lanes.into_iter().map(LaneSpec::plain).collect()
}

/// The story's pages: the title page, a page per step, the sources page.
pub fn story_pages(
    dataset: &Dataset,
    story: &Story,
    pages: &StoryPages<'_>,
    measure: &dyn TextMeasure,
) -> Vec<Scene> {
    let mut scenes = Vec::with_capacity(story.steps.len() + 2);
    scenes.push(text_page(
        pages.width,
        &title_paragraphs(dataset, story, pages),
        pages.style,
        measure,
    ));
    let index = TimelineIndex::build(dataset, pages.now);
    let link_kinds = crate::view::link_kinds(dataset);
    let count = story.steps.len();
    for (number, step) in (1..).zip(&story.steps) {
        let lanes = step_lanes(dataset, step);
        let title = format!("{} · step {number} of {count}", story.name);
        let input = PageInput {
            dataset,
            index: &index,
            columns: None,
            lanes: &lanes,
            links: &dataset.links,
            link_kinds: &link_kinds,
            window: step_window(dataset, step, pages.now),
            width: pages.width,
            height: pages.height,
            style: pages.style,
            title: Some(&title),
            now: pages.now,
            zone: pages.zone,
        };
        let mut scene = page_scene(&input, pages.notes, measure);
        append_paragraphs(
            &mut scene,
            &caption_card(dataset, step),
            pages.style,
            measure,
        );
        scenes.push(scene);
    }
    let sources = story_sources(dataset, story);
    let mut paragraphs = vec![Paragraph::heading("Sources", HEADING_SIZE)];
    if sources.is_empty() {
        paragraphs.push(Paragraph::body("The story's events cite no sources."));
    }
    paragraphs.extend(sources.into_iter().map(Paragraph::body));
    scenes.push(text_page(pages.width, &paragraphs, pages.style, measure));
    scenes
}

/// The story as a PDF document, named after the story.
pub fn story_pdf(
    dataset: &Dataset,
    story: &Story,
    pages: &StoryPages<'_>,
    measure: &dyn TextMeasure,
) -> anyhow::Result<Vec<u8>> {
    let svgs: Vec<String> = story_pages(dataset, story, pages, measure)
        .iter()
        .map(scene_to_svg)
        .collect();
    let svgs: Vec<&str> = svgs.iter().map(String::as_str).collect();
    write_pages(
        &svgs,
        DocumentInfo {
            title: Some(&story.name),
        },
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::FixedWidthMeasure;

    fn story_dataset() -> Dataset {
        let text = std::fs::read_to_string(concat!(
            env!("CARGO_MANIFEST_DIR"),
            "/tests/data/story.json"
        ))
        .expect("fixture");
        crate::io::native::parse(&text).expect("parses").0
    }

    #[test]
    fn a_story_has_a_title_page_a_page_per_step_and_a_sources_page() {
        let dataset = story_dataset();
        let story = &dataset.stories[0];
        let style = Style::light();
        let pages = StoryPages {
            width: 1000.0,
            height: None,
            style: &style,
            zone: Zone::Utc,
            now: Timestamp::now(),
            notes: false,
        };
        let scenes = story_pages(&dataset, story, &pages, &FixedWidthMeasure);
        assert_eq!(scenes.len(), story.steps.len() + 2);
        let texts = |scene: &Scene| scene.texts().map(|(t, _)| t.to_owned()).collect::<Vec<_>>();
        let title = texts(&scenes[0]);
        assert_eq!(title[0], "Briefing");
        assert!(title.contains(&"4 steps".to_owned()), "{title:?}");
        let second = texts(&scenes[2]).join(" ");
        assert!(second.contains("Briefing · step 2 of 4"));
        assert!(second.contains("The warnings to Beijing"));
        assert!(second.contains("White House officials meet Ambassador Qin Gang"));
        assert!(!second.contains("NATO"), "only the step's lanes");
        let night = texts(&scenes[3]).join(" ");
        assert!(night.contains("The night of the invasion"), "{night}");
        let sources = texts(scenes.last().expect("sources page")).join(" ");
        assert!(sources.starts_with("Sources"));
        assert!(sources.contains("The New York Times"));
        assert_eq!(story_sources(&dataset, story).len(), 1, "cited once");
    }
}
