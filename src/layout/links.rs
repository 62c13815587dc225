//! Links between events as curved arrows, across lanes: from the event that names the link to
//! the event it names. A type has a colour and a dash of its own (never colour alone); the
//! type is written on the links of the selected or hovered event.

use std::collections::HashMap;

use crate::model::EventIdx;
use crate::time::TimeScale;

use super::geometry::TimelineGeometry;
use super::input::TimelineInput;
use super::lanes::MARKER_RADIUS;
use super::scene::{Dash, HAlign, Pos, Rgba, Shape, Stroke, VAlign};
use super::text::TextMeasure;

/// How far short of a mark a link stops: half the width of a marker, and a little air.
pub(super) const LINK_END_GAP: f32 = MARKER_RADIUS + 3.0;
/// Points a link's curve is flattened into.
const CURVE_STEPS: usize = 24;
/// Length of an arrow head.
const ARROW_LENGTH: f32 = 9.0;
/// How far a curve bows out, at most.
const MAX_BOW: f32 = 70.0;
/// How far a link between two marks of one lane bows out, at most.
const FLAT_BOW: f32 = 22.0;
/// Past this many links in view, links without an end in view are not drawn: a curve to
/// somewhere off screen says little in a crowd.
const CROWDED_LINKS: usize = 300;

/// The dash of a link type, by its place among the types.
pub fn link_dash(kind_index: usize) -> Dash {
    match kind_index % 3 {
        0 => Dash::Solid,
        1 => Dash::Dashed,
        _ => Dash::Dotted,
    }
}

/// Where an event is: its first mark (or bar) drawn, else where it would be in the first lane
/// of its actors that is shown (perhaps off screen; the layer clips it).
fn event_position(
    input: &TimelineInput<'_>,
    geometry: &TimelineGeometry,
    scale: &TimeScale,
    anchors: &HashMap<EventIdx, Vec<Pos>>,
    event: EventIdx,
) -> Option<(Pos, bool)> {
    if let Some(pos) = anchors.get(&event).and_then(|p| p.first()) {
        return Some((*pos, true));
    }
    let e = input.dataset.event(event)?;
    let lane = e.actors().iter().find_map(|&a| geometry.lane_of(a))?;
    let span = e.span(input.now);
    let x = if e.is_range() {
        scale.x(span.start.as_f64())
    } else {
        scale.x(span.midpoint())
    };
    let y = geometry.lane_top(lane) + lane.marker_center();
    Some((Pos::new(x, y), false))
}

/// `at` moved along the event's bar (if it has one) to the x nearest `toward_x`.
fn along_bar(
    input: &TimelineInput<'_>,
    scale: &TimeScale,
    event: EventIdx,
    at: Pos,
    toward_x: f32,
) -> Pos {
    match input.dataset.event(event) {
        Some(e) if e.is_range() => {
            let span = e.span(input.now);
            let (x0, x1) = (scale.x(span.start.as_f64()), scale.x(span.end.as_f64()));
            Pos::new(toward_x.clamp(x0.min(x1), x0.max(x1)), at.y)
        }
        _ => at,
    }
}

/// The arrows of the links to draw, and the type labels of the emphasized ones.
pub(super) fn layout_links(
    input: &TimelineInput<'_>,
    geometry: &TimelineGeometry,
    scale: &TimeScale,
    anchors: &HashMap<EventIdx, Vec<Pos>>,
    measure: &dyn TextMeasure,
) -> (Vec<Shape>, Vec<Shape>) {
    let mut shapes = Vec::new();
    let mut labels = Vec::new();
    if input.links.is_empty() {
        return (shapes, labels);
    }
    let style = input.style;
    let crowded = input.links.len() > CROWDED_LINKS;
    let plot = geometry.plot;
    // In a crowd, only links between marks in view are drawn: find them from the marks.
    let candidates: Vec<u32> = match (crowded, input.link_index) {
        (true, Some(index)) => {
            let mut found: Vec<u32> = anchors.keys().flat_map(|&e| index.of(e)).collect();
            found.sort_unstable();
            found.dedup();
            found
        }
        _ => (0..input.links.len() as u32).collect(),
    };
    for link in candidates
        .iter()
        .filter_map(|&i| input.links.get(i as usize))
    {
        if crowded && !(anchors.contains_key(&link.from) && anchors.contains_key(&link.to)) {
            continue;
        }
        let (Some((mut from, from_seen)), Some((mut to, to_seen))) = (
            event_position(input, geometry, scale, anchors, link.from),
            event_position(input, geometry, scale, anchors, link.to),
        ) else {
            continue;
        };
        // Events drawn in several lanes: link the two marks closest to each other.
        if let (Some(froms), Some(tos)) = (anchors.get(&link.from), anchors.get(&link.to)) {
            let distance = |a: &Pos, b: &Pos| (a.x - b.x).powi(2) + (a.y - b.y).powi(2);
            if let Some((a, b)) = froms
                .iter()
                .flat_map(|a| tos.iter().map(move |b| (*a, *b)))
                .min_by(|x, y| distance(&x.0, &x.1).total_cmp(&distance(&y.0, &y.1)))
            {
                (from, to) = (a, b);
            }
        }
        if !(from_seen || to_seen) || (crowded && !(from_seen && to_seen)) {
            continue;
        }
        // A bar takes its link where it is nearest the other end, not at its start (which
        // may be far off screen).
        let from = along_bar(input, scale, link.from, from, to.x);
        let to = along_bar(input, scale, link.to, to, from.x);
        // Both ends far off to the same side: nothing of it would show.
        if (from.x < plot.min.x && to.x < plot.min.x) || (from.x > plot.max.x && to.x > plot.max.x)
        {
            continue;
        }
        let kind_index = input
            .link_kinds
            .iter()
            .position(|k| *k == link.kind)
            .unwrap_or(0);
        let color = style.link_colors[kind_index % style.link_colors.len().max(1)];
        let emphasized = [link.from, link.to]
            .iter()
            .any(|&e| Some(e) == input.selected || Some(e) == input.hovered);
        let points = curve(from, to);
        if points.len() < 2 {
            continue;
        }
        let width = if emphasized { 2.5 } else { 1.5 };
        shapes.push(Shape::Path {
            points: points.clone(),
            stroke: Stroke {
                width,
                color: if emphasized { color } else { color.faded(0.85) },
                dash: link_dash(kind_index),
            },
        });
        shapes.push(arrow_head(&points, color));
        if emphasized && !link.kind.is_empty() {
            let middle = points[points.len() / 2];
            let size = style.label_size - 2.0;
            let width = measure.text_width(&link.kind, size, false);
            labels.push(Shape::Rect {
                rect: Shape::text_rect(middle, HAlign::Center, VAlign::Center, width, size)
                    .expand(2.0),
                radius: 3.0,
                fill: Some(style.background.faded(0.9)),
                stroke: Some(Stroke::solid(1.0, color)),
            });
            labels.push(Shape::Text {
                pos: middle,
                halign: HAlign::Center,
                valign: VAlign::Center,
                text: link.kind.clone(),
                size,
                strong: false,
                color: style.text,
                width,
            });
        }
    }
    (shapes, labels)
}

/// A curve from `from` to `to` that bows upwards (so links between neighbours in one lane
/// arch over the marks between them), stopping short of both marks.
fn curve(from: Pos, to: Pos) -> Vec<Pos> {
    let (dx, dy) = (to.x - from.x, to.y - from.y);
    let length = (dx * dx + dy * dy).sqrt();
    if length < 2.0 * LINK_END_GAP {
        return Vec::new();
    }
    // The normal that points up the screen.
    let (mut nx, mut ny) = (-dy / length, dx / length);
    if ny > 0.0 {
        (nx, ny) = (-nx, -ny);
    }
    // Within one lane, a low arch that stays in the lane's label lines.
    let max_bow = if dy.abs() < 10.0 { FLAT_BOW } else { MAX_BOW };
    let bow = (length * 0.25).min(max_bow);
    let c1 = Pos::new(from.x + dx / 3.0 + nx * bow, from.y + dy / 3.0 + ny * bow);
    let c2 = Pos::new(
        from.x + 2.0 * dx / 3.0 + nx * bow,
        from.y + 2.0 * dy / 3.0 + ny * bow,
    );
    let point = |t: f32| {
        let u = 1.0 - t;
        let (a, b, c, d) = (u * u * u, 3.0 * u * u * t, 3.0 * u * t * t, t * t * t);
        Pos::new(
            a * from.x + b * c1.x + c * c2.x + d * to.x,
            a * from.y + b * c1.y + c * c2.y + d * to.y,
        )
    };
    let points: Vec<Pos> = (0..=CURVE_STEPS)
        .map(|i| point(i as f32 / CURVE_STEPS as f32))
        .collect();
    // Stop exactly LINK_END_GAP short of both marks, so arrow heads touch them.
    let mut trimmed = trim_end(&points, to);
    trimmed.reverse();
    let mut trimmed = trim_end(&trimmed, from);
    trimmed.reverse();
    trimmed
}

/// The points up to where the line first comes within [`LINK_END_GAP`] of `end`, the last
/// one placed on that circle.
fn trim_end(points: &[Pos], end: Pos) -> Vec<Pos> {
    let distance = |p: Pos| (p.x - end.x).hypot(p.y - end.y);
    let Some(inside) = points.iter().position(|&p| distance(p) < LINK_END_GAP) else {
        return points.to_vec();
    };
    if inside == 0 {
        return Vec::new();
    }
    let (a, b) = (points[inside - 1], points[inside]);
    // Bisect the segment for the point at the gap's distance.
    let (mut lo, mut hi) = (0.0_f32, 1.0_f32);
    for _ in 0..20 {
        let mid = (lo + hi) / 2.0;
        let p = Pos::new(a.x + (b.x - a.x) * mid, a.y + (b.y - a.y) * mid);
        if distance(p) >= LINK_END_GAP {
            lo = mid;
        } else {
            hi = mid;
        }
    }
    let mut kept = points[..inside].to_vec();
    kept.push(Pos::new(a.x + (b.x - a.x) * lo, a.y + (b.y - a.y) * lo));
    kept
}

/// A filled arrow head at the end of a curve, along its last segment.
fn arrow_head(points: &[Pos], color: Rgba) -> Shape {
    let tip = points[points.len() - 1];
    let before = points[points.len() - 2];
    let (dx, dy) = (tip.x - before.x, tip.y - before.y);
    let length = (dx * dx + dy * dy).sqrt().max(0.001);
    let (ux, uy) = (dx / length, dy / length);
    let back = Pos::new(tip.x - ux * ARROW_LENGTH, tip.y - uy * ARROW_LENGTH);
    let half = ARROW_LENGTH * 0.45;
    Shape::Polygon {
        points: vec![
            tip,
            Pos::new(back.x - uy * half, back.y + ux * half),
            Pos::new(back.x + uy * half, back.y - ux * half),
        ],
        fill: color,
    }
}
