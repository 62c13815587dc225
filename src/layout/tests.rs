//! Layout tests on the scene alone: what the user would see, asserted without a window.

use std::collections::HashMap;

use crate::index::TimelineIndex;
use crate::io::Loaded;
use crate::model::{ActorIdx, Dataset, EventIdx};
use crate::query::Part;
use crate::time::{Date, TimeRange, TimeWindow, Timestamp};

use super::*;

fn now() -> Timestamp {
    Date::parse("2026-11-28").expect("valid").earliest()
}

fn bundled() -> (Dataset, TimelineIndex) {
    let Loaded { dataset, .. } = crate::io::bundled::load().expect("bundled dataset loads");
    let index = TimelineIndex::build(&dataset, now());
    (dataset, index)
}

fn from_json(json: &str) -> (Dataset, TimelineIndex) {
    let Loaded { dataset, problems } =
        crate::io::load_bytes("test.json", json.as_bytes()).expect("loads");
    assert!(problems.is_empty(), "{problems:?}");
    let index = TimelineIndex::build(&dataset, now());
    (dataset, index)
}

fn window(from: &str, to: &str) -> TimeWindow {
    let from = Date::parse(from).expect("valid");
    let to = Date::parse(to).expect("valid");
    TimeWindow::new(from.earliest().as_f64(), to.latest().as_f64())
}

fn scene_of(
    dataset: &Dataset,
    index: &TimelineIndex,
    window: TimeWindow,
    size: (f32, f32),
) -> Scene {
    scene_selecting(dataset, index, window, size, None, &FixedWidthMeasure)
}

/// [`scene_of`] with `selected` selected, measured by `measure`.
fn scene_selecting(
    dataset: &Dataset,
    index: &TimelineIndex,
    window: TimeWindow,
    size: (f32, f32),
    selected: Option<EventIdx>,
    measure: &dyn TextMeasure,
) -> Scene {
    let lanes: Vec<LaneSpec> = LaneSpec::all(dataset);
    let style = Style::light();
    let input = TimelineInput {
        zone: crate::time::Zone::Utc,
        dataset,
        marked: None,
        link_index: None,
        links: &[],
        link_kinds: &[],
        index,
        columns: None,
        lanes: &lanes,
        window,
        rect: Rect::from_x_y_ranges((0.0, size.0), (0.0, size.1)),
        scroll_y: 0.0,
        style: &style,
        selected,
        hovered: None,
        also_selected: None,
        now: now(),
    };
    layout_timeline(&input, measure)
}

fn event_named(dataset: &Dataset, id: &str) -> EventIdx {
    dataset
        .events()
        .find(|e| e.id() == Some(id))
        .unwrap_or_else(|| panic!("no event {id}"))
        .idx()
}

fn actor_named(dataset: &Dataset, id: &str) -> ActorIdx {
    let i = dataset
        .actors
        .iter()
        .position(|a| a.id == id)
        .unwrap_or_else(|| panic!("no actor {id}"));
    ActorIdx(i as u32)
}

/// Texts of one layer, with their rectangles.
fn layer_texts(layer: &Layer) -> Vec<(&str, Rect)> {
    layer
        .shapes
        .iter()
        .filter_map(|shape| match shape {
            Shape::Text {
                pos,
                halign,
                valign,
                text,
                size,
                width,
                ..
            } => Some((
                text.as_str(),
                Shape::text_rect(*pos, *halign, *valign, *width, *size),
            )),
            _ => None,
        })
        .collect()
}

fn assert_no_overlaps(texts: &[(&str, Rect)], what: &str) {
    for (i, (a, ra)) in texts.iter().enumerate() {
        for (b, rb) in &texts[i + 1..] {
            // Counted marks put their number inside the pill, which is not a label.
            assert!(
                !ra.shrink_for_test().intersects(&rb.shrink_for_test()),
                "{what}: {a:?} at {ra:?} overlaps {b:?} at {rb:?}"
            );
        }
    }
}

impl Rect {
    /// Half a point smaller on each side: touching is not overlapping.
    fn shrink_for_test(&self) -> Rect {
        self.expand(-0.5)
    }
}

/// Plot-layer texts that are event labels (not the numbers inside counted marks).
fn event_labels(scene: &Scene) -> Vec<(&str, Rect)> {
    layer_texts(&scene.layers[0])
        .into_iter()
        .filter(|(text, _)| !text.starts_with('+'))
        .collect()
}

#[test]
fn every_visible_event_is_drawn_once_per_lane() {
    let (dataset, index) = bundled();
    for (from, to) in [
        ("2021-10-20", "2022-03-10"),
        ("2013", "2022"),
        ("2021-11-14", "2021-11-20"),
    ] {
        let view = window(from, to);
        let scene = scene_of(&dataset, &index, view, (1400.0, 900.0));
        let geometry_plot = scene.layers[0].clip;
        let scale = crate::time::TimeScale::new(view, geometry_plot.min.x, geometry_plot.max.x);

        let mut drawn: HashMap<ActorIdx, usize> = HashMap::new();
        let mut seen = std::collections::HashSet::new();
        for hit in &scene.hits {
            match hit.target {
                HitTarget::Event { event, lane } => {
                    assert!(
                        seen.insert((event, lane)),
                        "{event:?} drawn twice in {lane:?}"
                    );
                    *drawn.entry(lane).or_default() += 1;
                }
                HitTarget::Cluster { lane, count, .. } => {
                    *drawn.entry(lane).or_default() += count as usize;
                }
                HitTarget::Density { lane, count, .. } => {
                    *drawn.entry(lane).or_default() += count as usize;
                }
                HitTarget::Lane { .. } => {}
            }
        }
        for (a, _) in dataset.actors.iter().enumerate() {
            let lane = ActorIdx(a as u32);
            let expected = dataset
                .events()
                .filter(|e| e.actors().contains(&lane))
                .filter(|e| {
                    let span = e.span(now());
                    if e.is_range() {
                        span.start.as_f64() <= view.end && span.end.as_f64() >= view.start
                    } else {
                        let x = scale.x(span.midpoint());
                        x >= geometry_plot.min.x - MARKER_RADIUS
                            && x <= geometry_plot.max.x + MARKER_RADIUS
                    }
                })
                .count();
            assert_eq!(
                drawn.get(&lane).copied().unwrap_or(0),
                expected,
                "lane {} in {from}..{to}",
                dataset.actors[a].name
            );
        }
    }
}

/// Bold text a sixth wider than regular, as in real fonts (DejaVu Sans Bold is wider than
/// DejaVu Sans): a label measured in the wrong weight shows as an overlap.
struct BoldIsWider;

impl TextMeasure for BoldIsWider {
    fn text_width(&self, text: &str, size: f32, strong: bool) -> f32 {
        let per_char = if strong { 0.7 } else { 0.6 };
        text.chars().count() as f32 * size * per_char
    }
}

/// Plot-layer event labels with the rectangles they are drawn in: each measured again in its
/// own weight, as the painter draws it, whatever width the layout wrote beside it. Also says
/// whether any of them is bold.
fn drawn_event_labels<'s>(
    scene: &'s Scene,
    measure: &dyn TextMeasure,
) -> (Vec<(&'s str, Rect)>, bool) {
    let mut any_strong = false;
    let labels = scene.layers[0]
        .shapes
        .iter()
        .filter_map(|shape| match shape {
            Shape::Text {
                pos,
                halign,
                valign,
                text,
                size,
                strong,
                ..
            } if !text.starts_with('+') => {
                any_strong |= *strong;
                let width = measure.text_width(text, *size, *strong);
                Some((
                    text.as_str(),
                    Shape::text_rect(*pos, *halign, *valign, width, *size),
                ))
            }
            _ => None,
        })
        .collect();
    (labels, any_strong)
}

#[test]
fn labels_never_overlap_at_any_zoom() {
    let (dataset, index) = bundled();
    let full = window("2013", "2022");
    let center = Date::parse("2021-11-18")
        .expect("valid")
        .earliest()
        .as_f64();
    // Nothing selected; a marker among crowded neighbours (beside it, above and below); a
    // marker merged into a counted mark when zoomed out; a long bar; a marker far from the
    // centre (in view only when zoomed out); a bar with a short label near other bars.
    let selections = [
        None,
        Some("video-summit"),
        Some("embassy-meeting"),
        Some("china-cost-warning"),
        Some("us-china-campaign"),
        Some("burns-moscow"),
        Some("russian-troop-buildup"),
    ];
    let measure = BoldIsWider;
    for selected in selections {
        let selected_idx = selected.map(|id| event_named(&dataset, id));
        let mut bold_seen = false;
        let mut span = full.span();
        while span > 3600.0 {
            for width in [700.0, 1400.0] {
                let view = TimeWindow::new(center - span / 2.0, center + span / 2.0);
                let scene = scene_selecting(
                    &dataset,
                    &index,
                    view,
                    (width, 700.0),
                    selected_idx,
                    &measure,
                );
                let what = format!("{selected:?} selected, span {span:.0} s, width {width}");
                let (labels, strong) = drawn_event_labels(&scene, &measure);
                bold_seen |= strong;
                assert_no_overlaps(&labels, &format!("events, {what}"));
                assert_no_overlaps(&layer_texts(&scene.layers[1]), &format!("axis, {what}"));
                // Labels stay inside the plot.
                let plot = scene.layers[0].clip;
                for (text, rect) in &labels {
                    assert!(
                        rect.max.x <= plot.max.x + 0.5,
                        "{text:?} runs off the right edge, {what}"
                    );
                }
            }
            span /= 1.6;
        }
        // The selected event's bold label was drawn at some zoom, so the sweep tested it.
        assert_eq!(bold_seen, selected.is_some(), "{selected:?}");
    }
}

#[test]
fn labels_are_shown_when_there_is_room() {
    let (dataset, index) = bundled();
    let scene = scene_of(
        &dataset,
        &index,
        window("2021-10-20", "2022-03-10"),
        (1400.0, 900.0),
    );
    let labels: Vec<&str> = event_labels(&scene).into_iter().map(|(t, _)| t).collect();
    // Whole, or elided to the longest label we show.
    let shown = |title: &str| {
        labels.iter().any(|l| {
            *l == title
                || (l.ends_with('…')
                    && l.chars().count() > 30
                    && title.starts_with(l.trim_end_matches('…')))
        })
    };
    for title in [
        "CIA director Burns flies to Moscow",
        "Biden and Xi hold video summit",
        "US intelligence briefs NATO on build-up",
        "US presses China to help prevent war",
    ] {
        assert!(shown(title), "{title:?} not among {labels:?}");
    }
}

#[test]
fn connectors_join_the_lanes_of_an_event() {
    let (dataset, index) = bundled();
    let scene = scene_of(
        &dataset,
        &index,
        window("2021-10-20", "2022-03-10"),
        (1400.0, 900.0),
    );
    let burns = event_named(&dataset, "burns-moscow");
    let us = scene
        .event_hit(burns, actor_named(&dataset, "us"))
        .expect("Burns drawn in the US lane")
        .rect
        .center();
    let ru = scene
        .event_hit(burns, actor_named(&dataset, "ru"))
        .expect("Burns drawn in the Russia lane")
        .rect
        .center();
    assert!((us.x - ru.x).abs() < 0.01, "same time, same x");
    let connector = scene.layers[0].shapes.iter().any(|shape| match shape {
        Shape::Line { from, to, .. } => {
            (from.x - us.x).abs() < 0.01
                && (to.x - us.x).abs() < 0.01
                && (from.y - us.y).abs() < 0.01
                && (to.y - ru.y).abs() < 0.01
        }
        _ => false,
    });
    assert!(
        connector,
        "a vertical line from the US mark down to the Russia mark"
    );
    // An event with one actor has no connector.
    let decision = event_named(&dataset, "buildup-top-priority");
    if let Some(hit) = scene.event_hit(decision, actor_named(&dataset, "us")) {
        let x = hit.rect.center().x;
        let lines_at_x = scene.layers[0].shapes.iter().filter(|shape| {
            matches!(shape, Shape::Line { from, to, .. } if (from.x - x).abs() < 0.01 && (to.x - x).abs() < 0.01 && (to.y - from.y) > 30.0)
        });
        assert_eq!(lines_at_x.count(), 0);
    }
}

#[test]
fn simultaneous_events_merge_into_a_counted_mark() {
    let (dataset, index) = bundled();
    // The embassy meeting and what was said there all date from about 18 November 2021.
    let scene = scene_of(
        &dataset,
        &index,
        window("2021-10-20", "2022-03-10"),
        (1400.0, 900.0),
    );
    let china = actor_named(&dataset, "cn");
    let cluster = scene
        .hits
        .iter()
        .find_map(|hit| match hit.target {
            HitTarget::Cluster { lane, count, range } if lane == china => Some((count, range)),
            _ => None,
        })
        .expect("a merged mark in China's lane");
    assert_eq!(cluster.0, 5, "meeting, three warnings and Qin's reaction");
    assert_eq!(
        cluster.1.duration_seconds(),
        0,
        "all at the same time: zooming cannot split them"
    );
    assert!(
        layer_texts(&scene.layers[0])
            .iter()
            .any(|(t, _)| *t == "+5")
    );

    // Zoomed out, whole lanes of events merge; zoomed in on two distinct days they split.
    let (dataset, index) = from_json(
        r#"{"actors": [{"id": "a", "name": "A"}], "events": [
            {"title": "One", "start": "2021-11-15", "actors": ["a"]},
            {"title": "Two", "start": "2021-11-16", "actors": ["a"]}]}"#,
    );
    let wide = scene_of(&dataset, &index, window("2010", "2030"), (1000.0, 400.0));
    let count = |scene: &Scene| {
        scene
            .hits
            .iter()
            .filter(|h| !matches!(h.target, HitTarget::Lane { .. }))
            .count()
    };
    assert_eq!(count(&wide), 1);
    assert!(matches!(
        wide.hits.last().map(|h| h.target),
        Some(HitTarget::Cluster { count: 2, .. })
    ));
    let close = scene_of(
        &dataset,
        &index,
        window("2021-11-14", "2021-11-17"),
        (1000.0, 400.0),
    );
    assert_eq!(count(&close), 2);
    let labels: Vec<&str> = event_labels(&close).into_iter().map(|(t, _)| t).collect();
    assert_eq!(labels, ["One", "Two"]);
}

#[test]
fn low_precision_dates_show_their_span() {
    let (dataset, index) = from_json(
        r##"{"actors": [{"id": "a", "name": "A", "color": "#102030"}], "events": [
            {"title": "Sometime in 2014", "start": "2014", "actors": ["a"]},
            {"title": "About March", "start": "2015-03~", "actors": ["a"]},
            {"title": "Maybe", "start": "2015-09-01?", "actors": ["a"]}]}"##,
    );
    let scene = scene_of(&dataset, &index, window("2013", "2016"), (1200.0, 400.0));
    let plot = scene.layers[0].clip;
    let scale = crate::time::TimeScale::new(window("2013", "2016"), plot.min.x, plot.max.x);
    let year = Date::parse("2014").expect("valid").span();
    let (x0, x1) = (scale.x(year.start.as_f64()), scale.x(year.end.as_f64()));
    let band = scene.layers[0].shapes.iter().any(|shape| {
        matches!(shape, Shape::Rect { rect, fill: Some(fill), .. }
            if (rect.min.x - x0).abs() < 0.01 && (rect.max.x - x1).abs() < 0.01 && fill.a < 128 && (fill.r, fill.g, fill.b) == (0x10, 0x20, 0x30))
    });
    assert!(band, "a faint band covers the whole of 2014");
    // Marker shapes carry the qualifiers: exact filled diamond, approximate hollow, uncertain circle.
    let markers: Vec<(MarkerShape, bool)> = scene.layers[0]
        .shapes
        .iter()
        .filter_map(|shape| match shape {
            Shape::Marker {
                shape,
                fill: Some(fill),
                radius,
                ..
            } if *radius == MARKER_RADIUS => {
                Some((*shape, (fill.r, fill.g, fill.b) == (0x10, 0x20, 0x30)))
            }
            _ => None,
        })
        .collect();
    assert_eq!(
        markers,
        [
            (MarkerShape::Diamond, true),
            (MarkerShape::Diamond, false),
            (MarkerShape::Circle, false)
        ]
    );
}

#[test]
fn ranges_are_bars_and_ongoing_ones_have_an_open_end() {
    let (dataset, index) = from_json(
        r#"{"actors": [{"id": "a", "name": "A"}], "events": [
            {"title": "Ongoing", "start": "2020", "end": "present", "actors": ["a"]},
            {"title": "Done", "start": "2021-01-01", "end": "2021-06-30", "actors": ["a"]}]}"#,
    );
    let scene = scene_of(&dataset, &index, window("2019", "2030"), (1200.0, 400.0));
    let arrows = scene.layers[0]
        .shapes
        .iter()
        .filter(|s| matches!(s, Shape::Polygon { .. }))
        .count();
    assert_eq!(arrows, 1, "one open end, for the ongoing event");
    let plot = scene.layers[0].clip;
    let scale = crate::time::TimeScale::new(window("2019", "2030"), plot.min.x, plot.max.x);
    let ongoing = scene.event_hit(EventIdx(0), ActorIdx(0)).expect("drawn");
    assert!(
        (ongoing.rect.max.x - scale.x(now().as_f64())).abs() < 1.0,
        "runs to now"
    );
    assert!(scene.event_hit(EventIdx(1), ActorIdx(0)).is_some());
    // The two overlap in time, so they take two rows.
    let rows: Vec<f32> = [0, 1]
        .iter()
        .filter_map(|&i| scene.event_hit(EventIdx(i), ActorIdx(0)))
        .map(|h| h.rect.center().y)
        .collect();
    assert_ne!(rows[0], rows[1]);
}

#[test]
fn lanes_scroll_and_lanes_out_of_view_are_skipped() {
    let (dataset, index) = bundled();
    let view = window("2021-10-20", "2022-03-10");
    let lanes: Vec<LaneSpec> = LaneSpec::all(&dataset);
    let style = Style::light();
    let mut input = TimelineInput {
        zone: crate::time::Zone::Utc,
        dataset: &dataset,
        marked: None,
        link_index: None,
        links: &[],
        link_kinds: &[],
        index: &index,
        columns: None,
        lanes: &lanes,
        window: view,
        rect: Rect::from_x_y_ranges((0.0, 1000.0), (0.0, 200.0)),
        scroll_y: 0.0,
        style: &style,
        selected: None,
        hovered: None,
        also_selected: None,
        now: now(),
    };
    let top = layout_timeline(&input, &FixedWidthMeasure);
    let has_lane = |scene: &Scene, lane: ActorIdx| {
        scene
            .hits
            .iter()
            .any(|h| h.target == HitTarget::Lane { lane })
    };
    assert!(has_lane(&top, ActorIdx(0)));
    assert!(!has_lane(&top, ActorIdx(4)), "NATO is below the fold");
    input.scroll_y = 10_000.0; // clamped to the content
    let bottom = layout_timeline(&input, &FixedWidthMeasure);
    assert!(has_lane(&bottom, ActorIdx(4)));
    assert!(!has_lane(&bottom, ActorIdx(0)));
    let geometry = input.geometry(&FixedWidthMeasure);
    assert_eq!(geometry.scroll_y, geometry.max_scroll());
}

#[test]
fn layout_is_deterministic_and_follows_selection() {
    let (dataset, index) = bundled();
    let view = window("2021-10-20", "2022-03-10");
    let a = scene_of(&dataset, &index, view, (1200.0, 800.0));
    let b = scene_of(&dataset, &index, view, (1200.0, 800.0));
    assert_eq!(a, b);

    let lanes: Vec<LaneSpec> = LaneSpec::all(&dataset);
    let style = Style::light();
    let summit = event_named(&dataset, "video-summit");
    let input = TimelineInput {
        zone: crate::time::Zone::Utc,
        dataset: &dataset,
        marked: None,
        link_index: None,
        links: &[],
        link_kinds: &[],
        index: &index,
        columns: None,
        lanes: &lanes,
        window: view,
        rect: Rect::from_x_y_ranges((0.0, 1200.0), (0.0, 800.0)),
        scroll_y: 0.0,
        style: &style,
        selected: Some(summit),
        hovered: None,
        also_selected: None,
        now: now(),
    };
    let selected = layout_timeline(&input, &FixedWidthMeasure);
    let rings = selected.layers[0]
        .shapes
        .iter()
        .filter(|s| matches!(s, Shape::Marker { stroke: Some(stroke), .. } if stroke.color == style.selection))
        .count();
    assert_eq!(rings, 2, "the summit is ringed in both its lanes");
}

#[test]
fn bce_dates_are_placed_and_labelled() {
    let (dataset, index) = from_json(
        r#"{"actors": [{"id": "rome", "name": "Rome"}], "events": [
            {"title": "Ides of March", "start": "-0043-03-15", "actors": ["rome"]},
            {"title": "Augustus dies", "start": "0014-08-19", "actors": ["rome"]}]}"#,
    );
    let scene = scene_of(&dataset, &index, window("-0060", "0030"), (1200.0, 400.0));
    let axis: Vec<&str> = layer_texts(&scene.layers[1])
        .into_iter()
        .map(|(t, _)| t)
        .collect();
    assert!(axis.iter().any(|t| t.ends_with("BCE")), "{axis:?}");
    assert!(axis.iter().any(|t| t.ends_with(" CE")), "{axis:?}");
    let ides = scene
        .event_hit(EventIdx(0), ActorIdx(0))
        .expect("drawn")
        .rect
        .center()
        .x;
    let augustus = scene
        .event_hit(EventIdx(1), ActorIdx(0))
        .expect("drawn")
        .rect
        .center()
        .x;
    assert!(ides < augustus);
    let _ = TimeRange::new(Timestamp(0), Timestamp(1));
}

fn page_of(
    dataset: &Dataset,
    index: &TimelineIndex,
    view: TimeWindow,
    width: f32,
    height: Option<f32>,
) -> Scene {
    let lanes: Vec<LaneSpec> = LaneSpec::all(dataset);
    let style = Style::light();
    layout_page(
        &PageInput {
            zone: crate::time::Zone::Utc,
            dataset,
            links: &[],
            link_kinds: &[],
            index,
            columns: None,
            lanes: &lanes,
            window: view,
            width,
            height,
            style: &style,
            title: None,
            now: now(),
        },
        &FixedWidthMeasure,
    )
}

#[test]
fn a_page_has_title_range_legend_timeline_and_sources() {
    let (dataset, index) = bundled();
    let view = window("2021-10-20", "2022-03-10");
    let page = page_of(&dataset, &index, view, 1400.0, None);
    let header = layer_texts(&page.layers[0]);
    assert_eq!(
        header[0].0,
        "US officials press China to help avert Russia's war on Ukraine"
    );
    assert_eq!(header[1].0, "20 Oct 2021 – 11 Mar 2022 · times in UTC");
    assert!(header.iter().any(|(t, _)| *t == "approximate (~)"));
    assert_no_overlaps(&header, "header");
    let footer = layer_texts(page.layers.last().expect("footer"));
    assert_eq!(footer.len(), 1);
    assert!(
        footer[0]
            .0
            .starts_with("Source: The New York Times, 25 Feb 2022: “U.S. Officials")
    );
    // Everything fits on the page, and every lane is there.
    for layer in &page.layers {
        for (text, rect) in layer_texts(layer) {
            assert!(rect.max.y <= page.rect.max.y, "{text:?} below the page");
        }
    }
    let lanes = page
        .hits
        .iter()
        .filter(|h| matches!(h.target, HitTarget::Lane { .. }))
        .count();
    assert_eq!(lanes, 5);
    // The timeline on the page is the window's: the same events are drawn.
    let events = |scene: &Scene| {
        let mut hits: Vec<_> = scene
            .hits
            .iter()
            .filter_map(|h| match h.target {
                HitTarget::Event { event, lane } => Some((event, lane)),
                _ => None,
            })
            .collect();
        hits.sort();
        hits
    };
    let window_scene = scene_of(&dataset, &index, view, (1400.0 - 48.0, 600.0));
    assert_eq!(events(&page), events(&window_scene));
}

#[test]
fn a_page_of_a_given_height_keeps_it() {
    let (dataset, index) = bundled();
    let page = page_of(&dataset, &index, window("2013", "2022"), 900.0, Some(500.0));
    assert_eq!(page.rect.height(), 500.0);
    assert_eq!(page.rect.width(), 900.0);
    let events = events_in_view(&PageInput {
        zone: crate::time::Zone::Utc,
        dataset: &dataset,
        index: &index,
        columns: None,
        lanes: &[LaneSpec::plain(ActorIdx(3))],
        links: &[],
        link_kinds: &[],
        window: window("2022-02-23", "2022-02-24"),
        width: 900.0,
        height: None,
        style: &Style::light(),
        title: None,
        now: now(),
    });
    let titles: Vec<&str> = events
        .iter()
        .filter_map(|&e| dataset.event(e))
        .map(|e| e.title())
        .collect();
    assert!(
        titles.contains(&"Ukraine declares 30-day state of emergency"),
        "{titles:?}"
    );
    assert!(
        titles.contains(&"Zelensky declares martial law"),
        "{titles:?}"
    );
    assert!(
        !titles.iter().any(|t| t.contains("Burns")),
        "Burns is not in Ukraine's lane"
    );
}

#[test]
fn eras_get_a_named_row_under_the_axis_and_a_band_behind_the_lanes() {
    let (dataset, index) = from_json(
        r#"{"actors": [{"id": "a", "name": "Alpha"}],
            "eras": [{"title": "The Cold War", "start": "1947", "end": "1991"},
                     {"title": "After", "start": "1992", "end": "2000"}],
            "events": [{"title": "Wall falls", "start": "1989-11-09", "actors": ["a"]}]}"#,
    );
    let scene = scene_of(&dataset, &index, window("1940", "2010"), (1000.0, 400.0));
    let row = scene
        .layers
        .iter()
        .find(|l| layer_texts(l).iter().any(|(t, _)| *t == "The Cold War"))
        .expect("a layer names the era");
    let texts = layer_texts(row);
    let (_, cold_war) = texts
        .iter()
        .find(|(t, _)| *t == "The Cold War")
        .expect("named");
    let (_, after) = texts.iter().find(|(t, _)| *t == "After").expect("named");
    assert!(
        cold_war.max.x <= after.min.x,
        "names in time order, not overlapping"
    );
    // The row sits under the axis, above the lanes.
    let plot = &scene.layers[0].clip;
    assert!(
        row.clip.max.y <= plot.min.y && row.clip.min.y >= 40.0,
        "{:?}",
        row.clip
    );
    // A band behind the lanes spans the era's years.
    let band = scene.layers[0]
        .shapes
        .iter()
        .filter_map(|s| match s {
            Shape::Rect { rect, .. } if rect.height() >= plot.height() - 1.0 => Some(*rect),
            _ => None,
        })
        .find(|r| r.width() < plot.width() * 0.8)
        .expect("an era band");
    let scale = crate::time::TimeScale::new(window("1940", "2010"), plot.min.x, plot.max.x);
    let x1947 = scale.x(Date::parse("1947").expect("valid").earliest().as_f64());
    assert!(
        (band.min.x - x1947).abs() < 1.0,
        "{band:?} starts at 1947 ({x1947})"
    );

    // Without eras, no row: the lanes start right under the axis.
    let (plain, plain_index) = from_json(
        r#"{"actors": [{"id": "a", "name": "Alpha"}],
            "events": [{"title": "Wall falls", "start": "1989-11-09", "actors": ["a"]}]}"#,
    );
    let scene = scene_of(
        &plain,
        &plain_index,
        window("1940", "2010"),
        (1000.0, 400.0),
    );
    assert_eq!(scene.layers[0].clip.min.y, AXIS_HEIGHT);
}

/// The bundled dataset laid out with the given lanes, links and marked events.
fn scene_with(
    dataset: &Dataset,
    index: &TimelineIndex,
    lanes: &[LaneSpec],
    links: &[crate::model::Link],
    marked: Option<&crate::model::EventSet>,
    view: TimeWindow,
    scroll_y: f32,
) -> Scene {
    let kinds = crate::view::link_kinds(dataset);
    let style = Style::light();
    layout_timeline(
        &TimelineInput {
            zone: crate::time::Zone::Utc,
            dataset,
            index,
            columns: None,
            lanes,
            window: view,
            rect: Rect::from_x_y_ranges((0.0, 1200.0), (0.0, 300.0)),
            scroll_y,
            style: &style,
            selected: None,
            hovered: None,
            also_selected: None,
            now: now(),
            marked,
            links,
            link_index: None,
            link_kinds: &kinds,
        },
        &FixedWidthMeasure,
    )
}

fn paths(scene: &Scene) -> Vec<(&Vec<Pos>, Stroke)> {
    scene
        .layers
        .iter()
        .flat_map(|l| &l.shapes)
        .filter_map(|s| match s {
            Shape::Path { points, stroke } => Some((points, *stroke)),
            _ => None,
        })
        .collect()
}

#[test]
fn links_are_arrows_from_mark_to_mark_styled_by_type() {
    let (dataset, index) = bundled();
    let lanes = LaneSpec::all(&dataset);
    let view = window("2013-06-01", "2015-06-01");
    let scene = scene_with(&dataset, &index, &lanes, &dataset.links, None, view, 0.0);
    let arrows = paths(&scene);
    assert!(!arrows.is_empty(), "2014 has linked events");
    // China's help (in the China lane) points at Obama's sanctions (in the US lane).
    let obama = scene
        .event_hit(event_named(&dataset, "obama-sanctions-2014"), ActorIdx(0))
        .expect("drawn")
        .rect
        .center();
    let ends_at_obama = arrows.iter().find(|(points, _)| {
        let end = points[points.len() - 1];
        ((end.x - obama.x).hypot(end.y - obama.y) - super::links::LINK_END_GAP).abs() < 0.5
    });
    let (points, stroke) = ends_at_obama.expect("an arrow ends at Obama's sanctions");
    assert!(points[0].y > obama.y, "it comes from the China lane below");
    // Its head is a polygon at its end.
    let heads = scene
        .layers
        .iter()
        .flat_map(|l| &l.shapes)
        .filter(
            |s| matches!(s, Shape::Polygon { points: p, .. } if p[0] == points[points.len() - 1]),
        )
        .count();
    assert!(heads >= 1);
    // Types differ by dash as well as colour: "evasion" and "response" are not alike.
    let kinds = crate::view::link_kinds(&dataset);
    let evasion = kinds.iter().position(|k| k == "evasion").expect("a type");
    let response = kinds.iter().position(|k| k == "response").expect("a type");
    assert_ne!(link_dash(evasion), link_dash(response));
    assert_eq!(stroke.dash, link_dash(evasion));

    // No links asked for, none drawn.
    let none = scene_with(&dataset, &index, &lanes, &[], None, view, 0.0);
    assert!(paths(&none).is_empty());
}

#[test]
fn pinned_lanes_stay_put_and_collapsed_lanes_are_strips() {
    let (dataset, index) = bundled();
    let view = window("2021-10-20", "2022-03-10");
    let mut lanes = LaneSpec::all(&dataset);
    // NATO pinned (first), China collapsed.
    let nato = lanes.remove(4);
    lanes.insert(
        0,
        LaneSpec {
            pinned: true,
            ..nato
        },
    );
    lanes[2].collapsed = true;
    let style = Style::light();
    let geometry = |scroll_y: f32| {
        TimelineGeometry::new(
            Rect::from_x_y_ranges((0.0, 1200.0), (0.0, 300.0)),
            &dataset,
            &index,
            &lanes,
            scroll_y,
            &style,
            &FixedWidthMeasure,
        )
    };
    let still = geometry(0.0);
    let scrolled = geometry(10_000.0);
    assert!(scrolled.scroll_y > 0.0, "there is something to scroll");
    let top = |g: &TimelineGeometry, i: usize| g.lane_top(&g.lanes[i]);
    assert_eq!(
        top(&still, 0),
        top(&scrolled, 0),
        "the pinned lane does not move"
    );
    assert!(top(&scrolled, 1) < top(&still, 1), "the others do");
    assert_eq!(still.pinned_height, still.lanes[0].height);
    assert!(
        still.lanes[2].height < still.lanes[1].height / 2.0,
        "a strip"
    );

    // Scrolled lanes are clipped under the pinned one; the strip is a density mark.
    let scene = scene_with(&dataset, &index, &lanes, &[], None, view, 10_000.0);
    assert!(
        scene
            .layers
            .iter()
            .any(|l| l.clip == scrolled.pinned_area())
    );
    assert!(
        scene
            .layers
            .iter()
            .any(|l| l.clip == scrolled.scrolling_area())
    );
    let china = scene_with(&dataset, &index, &lanes, &[], None, view, 0.0);
    assert!(
        china
            .hits
            .iter()
            .any(|h| matches!(h.target, HitTarget::Density { lane, .. } if lane == ActorIdx(1))),
        "the collapsed lane is one strip"
    );
}

#[test]
fn search_results_are_ringed_in_every_lane() {
    let (dataset, index) = bundled();
    let lanes = LaneSpec::all(&dataset);
    let view = window("2021-10-20", "2022-03-10");
    let summit = event_named(&dataset, "video-summit");
    let marked: crate::model::EventSet = [summit].into_iter().collect();
    let scene = scene_with(&dataset, &index, &lanes, &[], Some(&marked), view, 0.0);
    let style = Style::light();
    let rings = scene
        .layers
        .iter()
        .flat_map(|l| &l.shapes)
        .filter(|s| matches!(s, Shape::Marker { stroke: Some(stroke), fill: None, .. } if stroke.color == style.search_match))
        .count();
    assert_eq!(rings, 2, "the summit is in two lanes");
    let plain = scene_with(&dataset, &index, &lanes, &[], None, view, 0.0);
    assert_eq!(
        plain
            .layers
            .iter()
            .flat_map(|l| &l.shapes)
            .filter(|s| matches!(s, Shape::Marker { stroke: Some(stroke), .. } if stroke.color == style.search_match))
            .count(),
        0
    );
}

#[test]
fn a_crowd_of_links_is_found_from_the_marks_in_view_with_the_same_result() {
    let bytes = crate::synth::generate(20_000, 12, 3);
    let Loaded { dataset, .. } = crate::io::load_bytes("synthetic.json", &bytes).expect("loads");
    assert!(
        dataset.links.len() > 300,
        "a crowd: {}",
        dataset.links.len()
    );
    let index = TimelineIndex::build(&dataset, now());
    let lanes = LaneSpec::all(&dataset);
    let kinds = crate::view::link_kinds(&dataset);
    let links_index = super::LinkIndex::new(&dataset.links);
    let style = Style::light();
    let fit = TimeWindow::fit_all(index.extent(), now());
    let mut drawn = 0;
    for view in [fit, fit.zoomed(2_000.0, fit.center(), f64::MAX)] {
        let scene = |link_index| {
            layout_timeline(
                &TimelineInput {
                    zone: crate::time::Zone::Utc,
                    dataset: &dataset,
                    index: &index,
                    columns: None,
                    lanes: &lanes,
                    window: view,
                    rect: Rect::from_x_y_ranges((0.0, 1600.0), (0.0, 2000.0)),
                    scroll_y: 0.0,
                    style: &style,
                    selected: None,
                    hovered: None,
                    also_selected: None,
                    now: now(),
                    marked: None,
                    links: &dataset.links,
                    link_index,
                    link_kinds: &kinds,
                },
                &FixedWidthMeasure,
            )
        };
        let slow = scene(None);
        assert_eq!(scene(Some(&links_index)), slow);
        drawn += paths(&slow).len();
    }
    assert!(drawn > 0, "some links are drawn");
}

#[test]
fn each_bar_rows_strip_says_its_row_and_where_its_columns_are() {
    // Three thousand overlapping ranges in one lane: every bar row too dense to draw.
    let events: Vec<String> = (1..=12)
        .flat_map(|month| (1..=23).map(move |day| (month, day)))
        .flat_map(|(month, day)| {
            (0..11).map(move |k| {
                format!(
                    r#"{{"id": "e{month}-{day}-{k}", "title": "Range", "start": "2020-{month:02}-{day:02}", "end": "2020-{month:02}-{:02}", "actors": ["a"]}}"#,
                    day + 5
                )
            })
        })
        .collect();
    let (dataset, index) = from_json(&format!(
        r#"{{"actors": [{{"id": "a", "name": "Alpha"}}], "events": [{}]}}"#,
        events.join(",")
    ));
    let view = window("2020-01-01", "2020-12-31");
    let scene = scene_of(&dataset, &index, view, (1400.0, 900.0));
    let plot = scene.layers[0].clip;
    let seconds_per_point = view.span() / f64::from(plot.width());
    let strips: Vec<_> = scene
        .hits
        .iter()
        .filter_map(|hit| match hit.target {
            HitTarget::Density {
                part: Some(Part::Ranges),
                bar_row,
                columns,
                ..
            } => Some((bar_row, columns)),
            _ => None,
        })
        .collect();
    let rows: Vec<Option<usize>> = strips.iter().map(|(row, _)| *row).collect();
    assert_eq!(rows, [Some(0), Some(1), Some(2)], "one strip per bar row");
    let lane = index.lane(ActorIdx(0)).expect("the lane");
    for (row, columns) in strips {
        // Columns of DENSITY_COLUMN points from the plot's left edge.
        let first = columns.column_at(view.start + 1.0);
        assert!((first.start - view.start).abs() < 1e-3, "{first:?}");
        let width = f64::from(DENSITY_COLUMN) * seconds_per_point;
        assert!(
            (first.span() - width).abs() < 1e-3,
            "{first:?} is {width} s"
        );
        let middle = columns.column_at(view.center());
        assert!(middle.start <= view.center() && view.center() < middle.end);
        // What the strip stands for there is a range of that row.
        let row = row.expect("a bar row");
        let picked = lane
            .first_event_in(middle.to_range(), false, row..row + 1)
            .expect("a range there");
        assert!(
            lane.rows[row]
                .overlapping(middle.to_range())
                .any(|e| e.event == picked),
            "picked from row {row}"
        );
    }
}
