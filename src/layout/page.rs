//! A page ready to publish: the title and the date range on top, a legend of the marks, the
//! timeline (axis, lane names, labelled events, drawn by the same layout as the window), and a
//! footer citing the sources of the events in view.

use std::collections::HashSet;

use crate::index::TimelineIndex;
use crate::model::{Dataset, EventIdx, Link, NoteTarget, Source};
use crate::time::{TimeWindow, Timestamp, Zone};

use super::geometry::{AXIS_HEIGHT, LaneSpec, TimelineGeometry};
use super::input::TimelineInput;
use super::lanes::MARKER_RADIUS;
use super::scene::{HAlign, Layer, MarkerShape, Pos, Rect, Rgba, Scene, Shape, Stroke, VAlign};
use super::style::Style;
use super::text::{TextMeasure, truncate_chars, wrap};
use super::timeline::layout_timeline;

/// Space around the page's content.
const MARGIN: f32 = 24.0;
const TITLE_SIZE: f32 = 20.0;
const SUBTITLE_SIZE: f32 = 13.0;
const LEGEND_SIZE: f32 = 11.5;
const FOOTER_SIZE: f32 = 11.0;
/// Narrower pages cannot hold a timeline.
pub const MIN_PAGE_WIDTH: f32 = 320.0;

/// What to put on the page.
#[derive(Clone, Copy)]
pub struct PageInput<'a> {
    pub dataset: &'a Dataset,
    pub index: &'a TimelineIndex,
    /// Lanes a backend answered with counts (see [`TimelineInput::columns`]).
    pub columns: Option<&'a crate::query::LaneColumns>,
    /// The lanes to show, top to bottom.
    pub lanes: &'a [LaneSpec],
    /// Links to draw, and every link type (for their styles).
    pub links: &'a [Link],
    pub link_kinds: &'a [String],
    pub window: TimeWindow,
    /// Width in points.
    pub width: f32,
    /// Height in points; `None` makes the page tall enough for every lane.
    pub height: Option<f32>,
    pub style: &'a Style,
    /// The title; `None` uses the dataset's.
    pub title: Option<&'a str>,
    pub now: Timestamp,
    /// The clock of the axis and of the period, named under the title so a reader knows it.
    pub zone: Zone,
}

fn text(pos: Pos, text: String, width: f32, size: f32, strong: bool, color: Rgba) -> Shape {
    Shape::Text {
        pos,
        halign: HAlign::Left,
        valign: VAlign::Top,
        text,
        size,
        strong,
        color,
        width,
    }
}

/// The events in view: in a shown lane, overlapping the window. In start order, each once.
pub fn events_in_view(input: &PageInput<'_>) -> Vec<EventIdx> {
    let range = input.window.to_range();
    let mut seen = HashSet::new();
    let mut events = Vec::new();
    for lane in input.lanes {
        let Some(index) = input.index.lane(lane.actor) else {
            continue;
        };
        let tracks = std::iter::once(&index.points).chain(&index.rows);
        for track in tracks {
            for entry in track.overlapping(range) {
                if seen.insert(entry.event) {
                    events.push(entry.event);
                }
            }
        }
    }
    events.sort_by_key(|&e| {
        input
            .dataset
            .event(e)
            .map(|event| (event.start().earliest(), e))
    });
    events
}

/// "The New York Times, 25 Feb 2022: “U.S. Officials …”": a source as a page cites it (its
/// address when that is all it has), cut to 300 characters.
pub fn source_citation(source: &Source) -> String {
    let attribution = source.attribution();
    let text = match (attribution.is_empty(), source.title.is_empty()) {
        (false, false) => format!("{attribution}: “{}”", source.title),
        (false, true) => attribution,
        (true, false) => format!("“{}”", source.title),
        (true, true) => source.url.clone(),
    };
    truncate_chars(&text, 300).to_owned()
}

/// "The New York Times, 25 Feb 2022: “U.S. Officials …”" for each distinct source of the
/// events in view.
fn cited_sources(input: &PageInput<'_>) -> Vec<String> {
    let mut seen = HashSet::new();
    let mut cited = Vec::new();
    for event in events_in_view(input) {
        let Some(event) = input.dataset.event(event) else {
            continue;
        };
        for source in event.sources() {
            let text = source_citation(source);
            if !text.is_empty() && seen.insert(text.clone()) {
                cited.push(text);
            }
        }
    }
    cited
}

/// The legend of the marks, from `(x, y)` across `max_x`; returns the y below it.
#[allow(clippy::too_many_arguments)]
fn legend(
    shapes: &mut Vec<Shape>,
    x0: f32,
    y: f32,
    max_x: f32,
    style: &Style,
    measure: &dyn TextMeasure,
    // The link types drawn, with their place among the dataset's types (their style).
    link_types: &[(usize, &str)],
) -> f32 {
    let color = style.weak_text;
    let line = LEGEND_SIZE * 1.7;
    let r = MARKER_RADIUS * 0.85;
    let mut items: Vec<(String, u8, usize)> = [
        ("exact date", 0),
        ("approximate (~)", 1),
        ("uncertain (?)", 2),
        ("span a year or month may cover", 3),
        ("duration", 4),
        ("events merged", 5),
    ]
    .into_iter()
    .map(|(label, kind)| (label.to_owned(), kind, 0))
    .collect();
    for &(index, kind) in link_types {
        let label = if kind.is_empty() { "link" } else { kind };
        items.push((label.to_owned(), 6, index));
    }
    let mut x = x0;
    let mut y = y;
    for (label, kind, link_index) in items {
        let label = label.as_str();
        let label_width = measure.text_width(label, LEGEND_SIZE, false);
        let symbol_width = match kind {
            3 | 4 | 6 => 26.0,
            5 => 22.0,
            _ => 2.0 * r,
        };
        let item_width = symbol_width + 6.0 + label_width;
        if x > x0 && x + item_width > max_x {
            x = x0;
            y += line;
        }
        let cy = y + line / 2.0;
        match kind {
            0..=2 => shapes.push(Shape::Marker {
                center: Pos::new(x + r, cy),
                radius: r,
                shape: if kind == 2 {
                    MarkerShape::Circle
                } else {
                    MarkerShape::Diamond
                },
                fill: Some(if kind == 0 { color } else { style.background }),
                stroke: Some(Stroke::solid(
                    if kind == 0 { 1.0 } else { 1.5 },
                    if kind == 0 { style.background } else { color },
                )),
            }),
            3 => {
                shapes.push(Shape::Rect {
                    rect: Rect::from_x_y_ranges((x, x + symbol_width), (cy - 6.0, cy + 6.0)),
                    radius: 2.0,
                    fill: Some(color.faded(0.22)),
                    stroke: None,
                });
                for bx in [x, x + symbol_width] {
                    shapes.push(Shape::Line {
                        from: Pos::new(bx, cy - 6.0),
                        to: Pos::new(bx, cy + 6.0),
                        stroke: Stroke::solid(1.0, color.faded(0.7)),
                    });
                }
            }
            4 => shapes.push(Shape::Rect {
                rect: Rect::from_x_y_ranges((x, x + symbol_width), (cy - 5.0, cy + 5.0)),
                radius: 2.5,
                fill: Some(color.faded(0.8)),
                stroke: None,
            }),
            6 => {
                // A link: its type's colour and dash, and an arrow head.
                let link_color = style.link_colors[link_index % style.link_colors.len().max(1)];
                let end = x + symbol_width;
                shapes.push(Shape::Path {
                    points: vec![Pos::new(x, cy), Pos::new(end - 6.0, cy)],
                    stroke: Stroke {
                        width: 1.5,
                        color: link_color,
                        dash: super::links::link_dash(link_index),
                    },
                });
                shapes.push(Shape::Polygon {
                    points: vec![
                        Pos::new(end, cy),
                        Pos::new(end - 8.0, cy - 4.0),
                        Pos::new(end - 8.0, cy + 4.0),
                    ],
                    fill: link_color,
                });
            }
            _ => {
                let pill = Rect::from_x_y_ranges((x, x + symbol_width), (cy - 7.0, cy + 7.0));
                shapes.push(Shape::Rect {
                    rect: pill,
                    radius: 7.0,
                    fill: Some(style.cluster_fill),
                    stroke: None,
                });
                let label = "+3".to_owned();
                let width = measure.text_width(&label, LEGEND_SIZE - 1.5, true);
                shapes.push(Shape::Text {
                    pos: pill.center(),
                    halign: HAlign::Center,
                    valign: VAlign::Center,
                    text: label,
                    size: LEGEND_SIZE - 1.5,
                    strong: true,
                    color: style.cluster_text,
                    width,
                });
            }
        }
        shapes.push(Shape::Text {
            pos: Pos::new(x + symbol_width + 6.0, cy),
            halign: HAlign::Left,
            valign: VAlign::Center,
            text: label.to_owned(),
            size: LEGEND_SIZE,
            strong: false,
            color,
            width: label_width,
        });
        x += item_width + 18.0;
    }
    y + line
}

/// Lays out the page. Pure, like the timeline it contains.
pub fn layout_page(input: &PageInput<'_>, measure: &dyn TextMeasure) -> Scene {
    let style = input.style;
    let width = input.width.max(MIN_PAGE_WIDTH);
    let inner_width = width - 2.0 * MARGIN;
    let left = MARGIN;
    let right = width - MARGIN;

    // Header: title, date range, legend.
    let mut header = Vec::new();
    let mut y = MARGIN;
    let title = truncate_chars(input.title.unwrap_or(&input.dataset.title), 300);
    for (line, line_width) in wrap(title, inner_width, TITLE_SIZE, true, measure)
        .into_iter()
        .take(2)
    {
        header.push(text(
            Pos::new(left, y),
            line,
            line_width,
            TITLE_SIZE,
            true,
            style.text,
        ));
        y += TITLE_SIZE * 1.3;
    }
    let range = format!(
        "{} · times in {}",
        input.zone.describe_window(input.window),
        input.zone.clock_name()
    );
    let range_width = measure.text_width(&range, SUBTITLE_SIZE, false);
    header.push(text(
        Pos::new(left, y),
        range,
        range_width,
        SUBTITLE_SIZE,
        false,
        style.weak_text,
    ));
    y += SUBTITLE_SIZE * 1.7;
    // The types of the links that touch an event in view: those the picture may show.
    let in_view: HashSet<EventIdx> = events_in_view(input).into_iter().collect();
    let mut link_types: Vec<(usize, &str)> = input
        .links
        .iter()
        .filter(|l| in_view.contains(&l.from) || in_view.contains(&l.to))
        .filter_map(|l| {
            let index = input.link_kinds.iter().position(|k| *k == l.kind)?;
            Some((index, l.kind.as_str()))
        })
        .collect();
    link_types.sort_unstable();
    link_types.dedup();
    y = legend(&mut header, left, y, right, style, measure, &link_types) + 8.0;
    let timeline_top = y;

    // Footer: the sources of the events in view.
    let sources = cited_sources(input);
    let footer_lines = if sources.is_empty() {
        Vec::new()
    } else {
        let label = if sources.len() == 1 {
            "Source"
        } else {
            "Sources"
        };
        // At most this many sources: more would bury the picture.
        const MAX_CITED: usize = 40;
        let mut text = format!(
            "{label}: {}",
            sources[..sources.len().min(MAX_CITED)].join("; ")
        );
        if sources.len() > MAX_CITED {
            text.push_str(&format!("; and {} more", sources.len() - MAX_CITED));
        }
        wrap(&text, inner_width, FOOTER_SIZE, false, measure)
    };
    let footer_line_height = FOOTER_SIZE * 1.45;
    let footer_height = if footer_lines.is_empty() {
        0.0
    } else {
        10.0 + footer_lines.len() as f32 * footer_line_height
    };

    // The timeline: tall enough for every lane, or what the requested height leaves.
    let probe = TimelineGeometry::new(
        Rect::from_x_y_ranges(
            (left, right),
            (timeline_top, timeline_top + AXIS_HEIGHT + 1.0),
        ),
        input.dataset,
        input.index,
        input.lanes,
        0.0,
        style,
        measure,
    );
    let header_height = probe.header_height();
    let natural = header_height + probe.content_height;
    let timeline_height = match input.height {
        None => natural,
        Some(height) => (height - timeline_top - footer_height - MARGIN).max(header_height + 20.0),
    };
    let timeline_rect = Rect::from_x_y_ranges(
        (left, right),
        (timeline_top, timeline_top + timeline_height),
    );
    let page_height = input
        .height
        .unwrap_or(timeline_rect.max.y + footer_height + MARGIN)
        .max(timeline_rect.max.y + footer_height + MARGIN);
    let page = Rect::from_x_y_ranges((0.0, width), (0.0, page_height));

    let timeline = layout_timeline(
        &TimelineInput {
            dataset: input.dataset,
            index: input.index,
            columns: input.columns,
            lanes: input.lanes,
            window: input.window,
            rect: timeline_rect,
            scroll_y: 0.0,
            style,
            selected: None,
            hovered: None,
            also_selected: None,
            now: input.now,
            marked: None,
            links: input.links,
            link_index: None,
            link_kinds: input.link_kinds,
            zone: input.zone,
        },
        measure,
    );

    let mut footer = Vec::new();
    let mut footer_y = timeline_rect.max.y + 10.0;
    for (line, line_width) in footer_lines {
        footer.push(text(
            Pos::new(left, footer_y),
            line,
            line_width,
            FOOTER_SIZE,
            false,
            style.weak_text,
        ));
        footer_y += footer_line_height;
    }
    // A hairline around the timeline sets it off from the page.
    footer.push(Shape::Rect {
        rect: timeline_rect.expand(0.5),
        radius: 0.0,
        fill: None,
        stroke: Some(Stroke::solid(1.0, style.separator)),
    });

    let mut layers = vec![Layer {
        clip: page,
        shapes: header,
    }];
    layers.extend(timeline.layers);
    layers.push(Layer {
        clip: page,
        shapes: footer,
    });
    Scene {
        rect: page,
        background: Some(style.background),
        layers,
        hits: timeline.hits,
    }
}

/// A paragraph of text set under a page (a story step's caption, the notes of a picture) or on
/// a page of text (a story's title and sources).
#[derive(Clone, Debug, PartialEq)]
pub struct Paragraph {
    pub text: String,
    /// Font size in points.
    pub size: f32,
    pub strong: bool,
    /// In the weaker text colour (dates, sources, what a note is on).
    pub weak: bool,
}

impl Paragraph {
    /// A heading of `size` points.
    pub fn heading(text: impl Into<String>, size: f32) -> Self {
        Self {
            text: text.into(),
            size,
            strong: true,
            weak: false,
        }
    }

    /// Running text.
    pub fn body(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            size: BODY_SIZE,
            strong: false,
            weak: false,
        }
    }

    /// Smaller, weaker text: dates, sources.
    pub fn weak(text: impl Into<String>) -> Self {
        Self {
            text: text.into(),
            size: FOOTER_SIZE,
            strong: false,
            weak: true,
        }
    }
}

const BODY_SIZE: f32 = 12.5;
/// At most this many lines of one paragraph: a note pasted from a whole article must not make
/// a page of metres.
const MAX_PARAGRAPH_LINES: usize = 60;

/// Sets `paragraphs` under what `scene` holds (from the top of an empty scene), wrapped to its
/// width; the page grows to hold them.
pub fn append_paragraphs(
    scene: &mut Scene,
    paragraphs: &[Paragraph],
    style: &Style,
    measure: &dyn TextMeasure,
) {
    if paragraphs.is_empty() {
        return;
    }
    let width = scene.rect.width().max(MIN_PAGE_WIDTH);
    let inner_width = width - 2.0 * MARGIN;
    // Under a page, the text starts where its bottom margin was, with some room.
    let mut y = if scene.layers.is_empty() {
        MARGIN
    } else {
        scene.rect.max.y - MARGIN + 14.0
    };
    let mut shapes = Vec::new();
    for (i, paragraph) in paragraphs.iter().enumerate() {
        if i > 0 {
            y += paragraph.size * 0.55;
        }
        let color = if paragraph.weak {
            style.weak_text
        } else {
            style.text
        };
        let text = truncate_chars(&paragraph.text, 20_000);
        let lines = text
            .lines()
            .filter(|l| !l.trim().is_empty())
            .flat_map(|l| wrap(l, inner_width, paragraph.size, paragraph.strong, measure))
            .take(MAX_PARAGRAPH_LINES);
        for (line, line_width) in lines {
            shapes.push(self::text(
                Pos::new(MARGIN, y),
                line,
                line_width,
                paragraph.size,
                paragraph.strong,
                color,
            ));
            y += paragraph.size * 1.45;
        }
    }
    scene.rect = Rect::from_x_y_ranges(
        (scene.rect.min.x, scene.rect.min.x + width),
        (scene.rect.min.y, y + MARGIN),
    );
    scene.layers.push(Layer {
        clip: scene.rect,
        shapes,
    });
}

/// A page of text only, `width` points wide, as tall as its paragraphs.
pub fn text_page(
    width: f32,
    paragraphs: &[Paragraph],
    style: &Style,
    measure: &dyn TextMeasure,
) -> Scene {
    let width = width.max(MIN_PAGE_WIDTH);
    let mut scene = Scene {
        rect: Rect::from_x_y_ranges((0.0, width), (0.0, 2.0 * MARGIN)),
        background: Some(style.background),
        layers: Vec::new(),
        hits: Vec::new(),
    };
    append_paragraphs(&mut scene, paragraphs, style, measure);
    scene
}

/// The notes on the events in view and on the lanes shown, under a "Notes" heading, for a
/// picture that includes notes (span notes are drawn as bands, not listed). Empty without any.
pub fn page_notes(input: &PageInput<'_>) -> Vec<Paragraph> {
    // More would bury the picture, as with the sources.
    const MAX_NOTES: usize = 40;
    let dataset = input.dataset;
    if dataset.notes.is_empty() {
        return Vec::new();
    }
    let in_view: HashSet<EventIdx> = events_in_view(input).into_iter().collect();
    let mut listed = Vec::new();
    for note in &dataset.notes {
        let on = match note.target {
            NoteTarget::Event(event) if in_view.contains(&event) => dataset
                .event(event)
                .map(|e| format!("{} ({})", e.title(), e.date_text())),
            NoteTarget::Lane(actor) if input.lanes.iter().any(|l| l.actor == actor) => {
                dataset.actor(actor).map(|a| format!("{} (lane)", a.name))
            }
            _ => None,
        };
        let Some(on) = on else {
            continue;
        };
        let said = match (note.title.trim(), note.text.trim()) {
            ("", text) => text.to_owned(),
            (title, "") => title.to_owned(),
            (title, text) => format!("{title}. {text}"),
        };
        listed.push(Paragraph::body(format!("{on}: {said}")));
    }
    if listed.is_empty() {
        return listed;
    }
    let more = listed.len().saturating_sub(MAX_NOTES);
    listed.truncate(MAX_NOTES);
    if more > 0 {
        listed.push(Paragraph::weak(format!("and {more} more")));
    }
    listed.insert(0, Paragraph::heading("Notes", SUBTITLE_SIZE + 1.0));
    listed
}
