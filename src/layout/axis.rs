//! The time axis: tick labels in the lower row, the enclosing day / month / year in the upper
//! row (the leftmost one sticks to the edge so the context is always readable), and the
//! matching grid lines through the plot, all on the wall clock of the chosen time zone. Labels
//! never overlap and never run off the edge.

use crate::model::Era;
use crate::time::ticks::{choose_step, context_ticks};
use crate::time::{TimeScale, Zone};

use super::geometry::TimelineGeometry;
use super::scene::{HAlign, Pos, Rect, Rgba, Shape, Stroke, VAlign};
use super::style::Style;
use super::text::{TextMeasure, elide};

/// The least space between two tick labels.
const MIN_TICK_GAP: f32 = 10.0;
/// Space between a tick and its label.
const LABEL_OFFSET: f32 = 4.0;

pub(super) fn layout_axis(
    geometry: &TimelineGeometry,
    scale: &TimeScale,
    zone: Zone,
    style: &Style,
    measure: &dyn TextMeasure,
    axis: &mut Vec<Shape>,
    grid: &mut Vec<Shape>,
) {
    let area = geometry.axis;
    let plot = geometry.plot;
    axis.push(Shape::Rect {
        rect: area,
        radius: 0.0,
        fill: Some(style.panel),
        stroke: None,
    });
    axis.push(Shape::Line {
        from: Pos::new(area.min.x, area.max.y - 0.5),
        to: Pos::new(area.max.x, area.max.y - 0.5),
        stroke: Stroke::solid(1.0, style.separator),
    });

    let size = style.axis_size;
    let width_of = |text: &str| measure.text_width(text, size, false);
    let (step, ticks) = choose_step(scale.window, zone, scale.width(), MIN_TICK_GAP, &width_of);
    let context_unit = step.context_unit();
    let upper_row = area.min.y + area.height() * 0.3;
    let lower_row = if context_unit.is_some() {
        area.min.y + area.height() * 0.73
    } else {
        area.center().y
    };

    for tick in &ticks {
        let x = scale.x(tick.time as f64);
        grid.push(Shape::Line {
            from: Pos::new(x, plot.min.y),
            to: Pos::new(x, plot.max.y),
            stroke: Stroke::solid(1.0, style.grid),
        });
        axis.push(Shape::Line {
            from: Pos::new(x, area.max.y - 6.0),
            to: Pos::new(x, area.max.y),
            stroke: Stroke::solid(1.0, style.separator),
        });
        let width = width_of(&tick.label);
        let label_x = x + LABEL_OFFSET;
        if label_x >= area.min.x && label_x + width <= area.max.x - 2.0 {
            axis.push(Shape::Text {
                pos: Pos::new(label_x, lower_row),
                halign: HAlign::Left,
                valign: VAlign::Center,
                text: tick.label.clone(),
                size,
                strong: false,
                color: style.weak_text,
                width,
            });
        }
    }

    let Some(unit) = context_unit else { return };
    let boundaries = context_ticks(unit, scale.window, zone);
    let mut placed_right = f32::NEG_INFINITY;
    for (i, boundary) in boundaries.iter().enumerate() {
        let x = scale.x(boundary.time as f64);
        if x >= area.min.x {
            grid.push(Shape::Line {
                from: Pos::new(x, plot.min.y),
                to: Pos::new(x, plot.max.y),
                stroke: Stroke::solid(1.0, style.grid_strong),
            });
            axis.push(Shape::Line {
                from: Pos::new(x, area.min.y),
                to: Pos::new(x, area.max.y),
                stroke: Stroke::solid(1.0, style.separator),
            });
        }
        let width = measure.text_width(&boundary.label, size, true);
        // The label sticks to the left edge while its unit is still on screen.
        let label_x = (x + LABEL_OFFSET).max(area.min.x + LABEL_OFFSET);
        let next_x = boundaries
            .get(i + 1)
            .map_or(area.max.x, |next| scale.x(next.time as f64));
        let fits_before_next = label_x + width <= next_x - LABEL_OFFSET;
        let fits_in_area = label_x + width <= area.max.x - 2.0;
        if label_x >= placed_right + MIN_TICK_GAP && fits_before_next && fits_in_area {
            axis.push(Shape::Text {
                pos: Pos::new(label_x, upper_row),
                halign: HAlign::Left,
                valign: VAlign::Center,
                text: boundary.label.clone(),
                size,
                strong: true,
                color: style.text,
                width,
            });
            placed_right = label_x + width;
        }
    }
}

/// The rectangle at the top-left corner, above the lane names.
pub(super) fn corner(geometry: &TimelineGeometry) -> Rect {
    Rect::from_x_y_ranges(
        (geometry.rect.min.x, geometry.axis.min.x),
        (geometry.axis.min.y, geometry.plot.min.y),
    )
}

/// Tints of the era bands, told apart by alternating hues.
const ERA_HUES: [Rgba; 4] = [
    Rgba::rgb(0x6b, 0x8e, 0xc9),
    Rgba::rgb(0xd9, 0x8a, 0x4e),
    Rgba::rgb(0x5a, 0xa8, 0x8a),
    Rgba::rgb(0xb0, 0x78, 0xb8),
];

/// The eras: a faint band behind the lanes for each, and its name in the row under the axis
/// (sticking to the left edge while the era is in view, cut to fit).
// The layout's parts, each passed as it is used elsewhere; a struct for one call would only
// rename them.
#[allow(clippy::too_many_arguments)]
pub(super) fn layout_eras(
    geometry: &TimelineGeometry,
    scale: &TimeScale,
    eras: &[Era],
    zone: Zone,
    style: &Style,
    measure: &dyn TextMeasure,
    row: &mut Vec<Shape>,
    bands: &mut Vec<Shape>,
) {
    let Some(area) = geometry.era_row else { return };
    let plot = geometry.plot;
    row.push(Shape::Rect {
        rect: area,
        radius: 0.0,
        fill: Some(style.panel),
        stroke: None,
    });
    row.push(Shape::Line {
        from: Pos::new(area.min.x, area.max.y - 0.5),
        to: Pos::new(area.max.x, area.max.y - 0.5),
        stroke: Stroke::solid(1.0, style.separator),
    });
    let size = style.axis_size;
    let (band_alpha, row_alpha) = if style.dark {
        (0.10, 0.35)
    } else {
        (0.08, 0.28)
    };
    // Names go over all the cells, so that a neighbour's cell never hides one.
    let mut names = Vec::new();
    for (i, era) in eras.iter().enumerate() {
        let (start, end) = (
            zone.on_local_days(&era.start, era.start.earliest())
                .as_f64(),
            zone.on_local_days(&era.end, era.end.latest()).as_f64(),
        );
        let (x0, x1) = (scale.x(start), scale.x(end));
        if x1 < area.min.x || x0 > area.max.x || !(x0.is_finite() && x1.is_finite()) {
            continue;
        }
        let (x0, x1) = (x0.max(area.min.x - 1.0), x1.min(area.max.x + 1.0));
        let hue = ERA_HUES[i % ERA_HUES.len()];
        bands.push(Shape::Rect {
            rect: Rect::from_x_y_ranges((x0, x1), (plot.min.y, plot.max.y)),
            radius: 0.0,
            fill: Some(hue.faded(band_alpha)),
            stroke: None,
        });
        let cell = Rect::from_x_y_ranges((x0, x1), (area.min.y + 2.0, area.max.y - 2.0));
        row.push(Shape::Rect {
            rect: cell,
            radius: 3.0,
            fill: Some(style.background.mix(hue, row_alpha)),
            stroke: None,
        });
        let text_x = cell.min.x.max(area.min.x) + LABEL_OFFSET;
        let room = cell.max.x.min(area.max.x) - text_x - LABEL_OFFSET;
        if let Some((text, width)) = elide(&era.title, room, size, false, measure) {
            names.push(Shape::Text {
                pos: Pos::new(text_x, area.center().y),
                halign: HAlign::Left,
                valign: VAlign::Center,
                text,
                size,
                strong: false,
                color: style.text,
                width,
            });
        }
    }
    row.append(&mut names);
}
