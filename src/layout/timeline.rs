//! The whole timeline as a [`Scene`]: axis, lane names, lanes with their events, and the
//! connectors that join an event's marks across the lanes of its actors.

use std::collections::HashMap;

use crate::index::TimelineIndex;
use crate::model::{ActorIdx, Dataset, EventIdx};
use crate::time::{TimeWindow, Timestamp};

use super::axis::{corner, layout_axis, layout_eras};
use super::geometry::TimelineGeometry;
use super::lanes::{LaneLayout, LaneShapes};
use super::scene::{HAlign, Hit, HitTarget, Layer, Pos, Rect, Rgba, Scene, Shape, Stroke, VAlign};
use super::style::Style;
use super::text::{TextMeasure, elide};

/// What to lay out.
#[derive(Clone, Copy)]
pub struct TimelineInput<'a> {
    pub dataset: &'a Dataset,
    pub index: &'a TimelineIndex,
    /// The lanes to show, top to bottom.
    pub lanes: &'a [ActorIdx],
    pub window: TimeWindow,
    /// The whole area: axis, names and plot.
    pub rect: Rect,
    pub scroll_y: f32,
    pub style: &'a Style,
    pub selected: Option<EventIdx>,
    pub hovered: Option<EventIdx>,
    /// Where the "now" line goes and ongoing events end.
    pub now: Timestamp,
}

impl TimelineInput<'_> {
    pub fn geometry(&self, measure: &dyn TextMeasure) -> TimelineGeometry {
        TimelineGeometry::new(
            self.rect,
            self.dataset,
            self.index,
            self.lanes,
            self.scroll_y,
            self.style,
            measure,
        )
    }
}

/// Lays out the timeline. Pure: the same input gives the same scene; the cost depends on the
/// visible events and lanes, not on the size of the dataset.
pub fn layout_timeline(input: &TimelineInput<'_>, measure: &dyn TextMeasure) -> Scene {
    let style = input.style;
    let geometry = input.geometry(measure);
    let scale = geometry.scale(input.window);
    let plot = geometry.plot;

    let mut lane_backgrounds = Vec::new();
    let mut grid = Vec::new();
    let mut axis = Vec::new();
    let mut names = vec![Shape::Rect {
        rect: geometry.names,
        radius: 0.0,
        fill: Some(style.panel),
        stroke: None,
    }];
    let mut hits = Vec::new();

    layout_axis(&geometry, &scale, style, measure, &mut axis, &mut grid);
    let mut era_row = Vec::new();
    let mut era_bands = Vec::new();
    layout_eras(
        &geometry,
        &scale,
        &input.dataset.eras,
        style,
        measure,
        &mut era_row,
        &mut era_bands,
    );

    let lanes = LaneLayout {
        dataset: input.dataset,
        style,
        scale,
        plot,
        measure,
        selected: input.selected,
        hovered: input.hovered,
        now: input.now,
    };
    let mut shapes = LaneShapes::default();
    // Lane order of each anchor, to draw connectors from the top lane to the bottom one.
    let mut anchors: HashMap<EventIdx, Vec<Pos>> = HashMap::new();

    for (order, lane) in geometry.lanes.iter().enumerate() {
        let lane_rect = geometry.lane_rect(lane);
        if lane_rect.max.y < plot.min.y || lane_rect.min.y > plot.max.y {
            continue;
        }
        let Some(actor) = input.dataset.actor(lane.actor) else {
            continue;
        };
        let color: Rgba = actor.color.into();
        let tint = if order % 2 == 0 {
            style.lane_tint
        } else {
            style.lane_tint * 0.5
        };
        lane_backgrounds.push(Shape::Rect {
            rect: Rect::from_x_y_ranges(
                (plot.min.x, plot.max.x),
                (lane_rect.min.y, lane_rect.max.y),
            ),
            radius: 0.0,
            fill: Some(style.background.mix(color, tint)),
            stroke: None,
        });
        lane_backgrounds.push(Shape::Line {
            from: Pos::new(plot.min.x, lane_rect.max.y - 0.5),
            to: Pos::new(plot.max.x, lane_rect.max.y - 0.5),
            stroke: Stroke::solid(1.0, style.separator),
        });

        // The name column: a colour swatch and the actor's name.
        let name_rect = Rect::from_x_y_ranges(
            (geometry.names.min.x, geometry.names.max.x),
            (lane_rect.min.y, lane_rect.max.y),
        );
        names.push(Shape::Rect {
            rect: name_rect,
            radius: 0.0,
            fill: Some(style.panel.mix(color, tint)),
            stroke: None,
        });
        names.push(Shape::Rect {
            rect: Rect::from_x_y_ranges(
                (name_rect.min.x + 4.0, name_rect.min.x + 9.0),
                (name_rect.min.y + 4.0, name_rect.max.y - 4.0),
            ),
            radius: 2.0,
            fill: Some(color),
            stroke: None,
        });
        names.push(Shape::Line {
            from: Pos::new(name_rect.min.x, name_rect.max.y - 0.5),
            to: Pos::new(name_rect.max.x, name_rect.max.y - 0.5),
            stroke: Stroke::solid(1.0, style.separator),
        });
        let name_x = name_rect.min.x + 16.0;
        let name_y = lane_rect.min.y + lane.marker_center();
        if let Some((text, width)) = elide(
            &actor.name,
            name_rect.max.x - name_x - 6.0,
            style.lane_name_size,
            true,
            measure,
        ) {
            names.push(Shape::Text {
                pos: Pos::new(name_x, name_y),
                halign: HAlign::Left,
                valign: VAlign::Center,
                text,
                size: style.lane_name_size,
                strong: true,
                color: style.text,
                width,
            });
        }
        hits.push(Hit {
            rect: name_rect,
            label: None,
            target: HitTarget::Lane { lane: lane.actor },
        });

        if let Some(index) = input.index.lane(lane.actor) {
            let first_anchor = shapes.anchors.len();
            lanes.layout_lane(lane, lane_rect.min.y, index, &mut shapes);
            for &(event, pos) in &shapes.anchors[first_anchor..] {
                anchors.entry(event).or_default().push(pos);
            }
        }
    }
    names.push(Shape::Line {
        from: Pos::new(geometry.names.max.x - 0.5, geometry.rect.min.y),
        to: Pos::new(geometry.names.max.x - 0.5, geometry.rect.max.y),
        stroke: Stroke::solid(1.0, style.separator),
    });

    // "Now", when in view: where ongoing events end.
    let now_x = scale.x(input.now.as_f64());
    if now_x >= plot.min.x && now_x <= plot.max.x {
        grid.push(Shape::Line {
            from: Pos::new(now_x, plot.min.y),
            to: Pos::new(now_x, plot.max.y),
            stroke: Stroke {
                width: 1.5,
                color: style.now_line.faded(0.7),
                dash: super::scene::Dash::Dashed,
            },
        });
    }

    // Connectors: one vertical line per event drawn on its own in two or more lanes, in the
    // order the events were laid out so the scene is deterministic.
    let mut connectors = Vec::new();
    let mut seen = std::collections::HashSet::new();
    for &(event, _) in &shapes.anchors {
        if !seen.insert(event) {
            continue;
        }
        let Some(points) = anchors.get(&event).filter(|p| p.len() >= 2) else {
            continue;
        };
        let top = points.iter().map(|p| p.y).fold(f32::INFINITY, f32::min);
        let bottom = points.iter().map(|p| p.y).fold(f32::NEG_INFINITY, f32::max);
        let x = points[0].x;
        let emphasized = Some(event) == input.selected || Some(event) == input.hovered;
        connectors.push(Shape::Line {
            from: Pos::new(x, top),
            to: Pos::new(x, bottom),
            stroke: if emphasized {
                Stroke::solid(2.5, style.selection)
            } else {
                Stroke::solid(1.5, style.connector)
            },
        });
    }

    let mut plot_shapes = lane_backgrounds;
    plot_shapes.append(&mut era_bands);
    plot_shapes.append(&mut grid);
    plot_shapes.append(&mut shapes.under);
    plot_shapes.append(&mut connectors);
    plot_shapes.append(&mut shapes.marks);
    plot_shapes.append(&mut shapes.labels);
    hits.append(&mut shapes.hits);

    let mut layers = vec![
        Layer {
            clip: plot,
            shapes: plot_shapes,
        },
        Layer {
            clip: geometry.axis,
            shapes: axis,
        },
        Layer {
            clip: geometry.names,
            shapes: names,
        },
        Layer {
            clip: corner(&geometry),
            shapes: vec![Shape::Rect {
                rect: corner(&geometry),
                radius: 0.0,
                fill: Some(style.panel),
                stroke: None,
            }],
        },
    ];
    if let Some(row) = geometry.era_row {
        layers.push(Layer {
            clip: row,
            shapes: era_row,
        });
    }
    Scene {
        rect: geometry.rect,
        background: Some(style.background),
        layers,
        hits,
    }
}
