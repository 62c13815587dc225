//! The whole timeline as a [`Scene`]: axis, lane names, lanes with their events, the
//! connectors that join an event's marks across the lanes of its actors, and typed links
//! drawn as curved arrows between events. Pinned lanes have a region of their own at the top
//! of the plot; the other lanes scroll under it.

use std::collections::HashMap;

use crate::model::EventIdx;

use super::axis::{corner, layout_axis, layout_eras};
use super::geometry::name_indent;
use super::input::TimelineInput;
use super::lanes::{LaneLayout, LaneShapes};
use super::links::layout_links;
use super::scene::{HAlign, Hit, HitTarget, Layer, Pos, Rect, Rgba, Scene, Shape, Stroke, VAlign};
use super::text::{TextMeasure, elide};

/// Lays out the timeline. Pure: the same input gives the same scene; the cost depends on the
/// visible events and lanes, not on the size of the dataset.
pub fn layout_timeline(input: &TimelineInput<'_>, measure: &dyn TextMeasure) -> Scene {
    let style = input.style;
    let geometry = input.geometry(measure);
    let scale = geometry.scale(input.window);
    let plot = geometry.plot;

    let mut grid = Vec::new();
    let mut axis = Vec::new();
    let names_background = Shape::Rect {
        rect: geometry.names,
        radius: 0.0,
        fill: Some(style.panel),
        stroke: None,
    };
    let mut hits = Vec::new();

    layout_axis(
        &geometry, &scale, input.zone, style, measure, &mut axis, &mut grid,
    );
    let mut era_row = Vec::new();
    let mut era_bands = Vec::new();
    layout_eras(
        &geometry,
        &scale,
        &input.dataset.eras,
        input.zone,
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
        also_selected: input.also_selected,
        hovered: input.hovered,
        marked: input.marked,
        now: input.now,
    };
    // Two regions: pinned lanes on top, and the lanes that scroll under them.
    let mut regions = [
        Region::new(geometry.pinned_area()),
        Region::new(geometry.scrolling_area()),
    ];
    // Where each individually drawn event sits, by lane order, for connectors and links.
    let mut anchors: HashMap<EventIdx, Vec<Pos>> = HashMap::new();
    // Where links may attach to each event drawn on its own.
    let mut link_points: HashMap<EventIdx, Vec<Pos>> = HashMap::new();
    let mut anchor_order: Vec<EventIdx> = Vec::new();

    for (order, lane) in geometry.lanes.iter().enumerate() {
        let region = &mut regions[usize::from(!lane.spec.pinned)];
        let lane_rect = geometry.lane_rect(lane);
        if lane_rect.max.y < region.clip.min.y || lane_rect.min.y > region.clip.max.y {
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
        region.backgrounds.push(Shape::Rect {
            rect: Rect::from_x_y_ranges(
                (plot.min.x, plot.max.x),
                (lane_rect.min.y, lane_rect.max.y),
            ),
            radius: 0.0,
            fill: Some(style.background.mix(color, tint)),
            stroke: None,
        });
        region.backgrounds.push(Shape::Line {
            from: Pos::new(plot.min.x, lane_rect.max.y - 0.5),
            to: Pos::new(plot.max.x, lane_rect.max.y - 0.5),
            stroke: Stroke::solid(1.0, style.separator),
        });

        // The name column: a colour swatch and the actor's name, indented in its group.
        let name_rect = Rect::from_x_y_ranges(
            (geometry.names.min.x, geometry.names.max.x),
            (lane_rect.min.y, lane_rect.max.y),
        );
        region.names.push(Shape::Rect {
            rect: name_rect,
            radius: 0.0,
            fill: Some(style.panel.mix(color, tint)),
            stroke: None,
        });
        let swatch_x =
            name_rect.min.x + 4.0 + f32::from(lane.spec.depth) * super::geometry::GROUP_INDENT;
        region.names.push(Shape::Rect {
            rect: Rect::from_x_y_ranges(
                (swatch_x, swatch_x + 5.0),
                (name_rect.min.y + 4.0, name_rect.max.y - 4.0),
            ),
            radius: 2.0,
            fill: Some(color),
            stroke: None,
        });
        region.names.push(Shape::Line {
            from: Pos::new(name_rect.min.x, name_rect.max.y - 0.5),
            to: Pos::new(name_rect.max.x, name_rect.max.y - 0.5),
            stroke: Stroke::solid(1.0, style.separator),
        });
        let name_y = lane_rect.min.y + lane.marker_center();
        let name_size = if lane.spec.collapsed {
            style.label_size - 1.0
        } else {
            style.lane_name_size
        };
        if let Some(folded) = lane.spec.group {
            // The fold arrow of a group: ▸ folded, ▾ open.
            let arrow = if folded { "▸" } else { "▾" };
            region.names.push(Shape::Text {
                pos: Pos::new(swatch_x + 10.0, name_y),
                halign: HAlign::Left,
                valign: VAlign::Center,
                text: arrow.to_owned(),
                size: name_size,
                strong: true,
                color: style.weak_text,
                width: measure.text_width(arrow, name_size, true),
            });
        }
        let name_x = name_rect.min.x + 16.0 + name_indent(&lane.spec);
        if let Some((text, width)) = elide(
            &actor.name,
            name_rect.max.x - name_x - 6.0,
            name_size,
            true,
            measure,
        ) {
            region.names.push(Shape::Text {
                pos: Pos::new(name_x, name_y),
                halign: HAlign::Left,
                valign: VAlign::Center,
                text,
                size: name_size,
                strong: true,
                color: style.text,
                width,
            });
        }
        hits.push(Hit {
            rect: name_rect.intersect_y(region.clip),
            label: None,
            target: HitTarget::Lane { lane: lane.actor },
        });

        if let Some(index) = input.index.lane(lane.actor) {
            let first_anchor = region.shapes.anchors.len();
            let first_link_point = region.shapes.link_points.len();
            // What a backend counted instead of listing (a database's crowded lanes).
            let counted = input.columns.and_then(|columns| columns.get(lane.actor));
            if lane.spec.collapsed {
                lanes.layout_collapsed(lane, lane_rect.min.y, index, counted, &mut region.shapes);
            } else {
                lanes.layout_lane(lane, lane_rect.min.y, index, counted, &mut region.shapes);
            }
            for &(event, pos) in &region.shapes.anchors[first_anchor..] {
                let positions = anchors.entry(event).or_default();
                if positions.is_empty() {
                    anchor_order.push(event);
                }
                positions.push(pos);
            }
            for &(event, pos) in &region.shapes.link_points[first_link_point..] {
                link_points.entry(event).or_default().push(pos);
            }
        }
    }
    let names_edge = Shape::Line {
        from: Pos::new(geometry.names.max.x - 0.5, geometry.rect.min.y),
        to: Pos::new(geometry.names.max.x - 0.5, geometry.rect.max.y),
        stroke: Stroke::solid(1.0, style.separator),
    };
    if geometry.pinned_height > 0.0 {
        // A firm line under the pinned lanes: what is above it stays put.
        let y = geometry.plot.min.y + geometry.pinned_height;
        regions[0].names.push(Shape::Line {
            from: Pos::new(geometry.rect.min.x, y - 1.0),
            to: Pos::new(geometry.names.max.x, y - 1.0),
            stroke: Stroke::solid(2.0, style.weak_text),
        });
        regions[0].backgrounds.push(Shape::Line {
            from: Pos::new(plot.min.x, y - 1.0),
            to: Pos::new(plot.max.x, y - 1.0),
            stroke: Stroke::solid(2.0, style.weak_text),
        });
    }

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
    for event in &anchor_order {
        let Some(points) = anchors.get(event).filter(|p| p.len() >= 2) else {
            continue;
        };
        let top = points.iter().map(|p| p.y).fold(f32::INFINITY, f32::min);
        let bottom = points.iter().map(|p| p.y).fold(f32::NEG_INFINITY, f32::max);
        let x = points[0].x;
        let emphasized = Some(*event) == input.selected || Some(*event) == input.hovered;
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
    let (link_shapes, link_labels) = layout_links(input, &geometry, &scale, &link_points, measure);

    // The scrolling lanes first, the pinned ones over them; each region's names beside it.
    let mut layers = Vec::new();
    let mut name_layers = Vec::new();
    for region in regions.into_iter().rev() {
        if region.clip.height() <= 0.0 {
            continue;
        }
        let mut shapes = region.backgrounds;
        shapes.extend(era_bands.iter().cloned());
        shapes.extend(grid.iter().cloned());
        shapes.extend(region.shapes.under);
        shapes.extend(connectors.iter().cloned());
        shapes.extend(link_shapes.iter().cloned());
        shapes.extend(region.shapes.marks);
        shapes.extend(region.shapes.labels);
        shapes.extend(link_labels.iter().cloned());
        hits.extend(region.shapes.hits);
        layers.push(Layer {
            clip: region.clip,
            shapes,
        });
        let mut names = vec![names_background.clone()];
        names.extend(region.names);
        names.push(names_edge.clone());
        name_layers.push(Layer {
            clip: Rect::from_x_y_ranges(
                (geometry.names.min.x, geometry.names.max.x),
                (region.clip.min.y, region.clip.max.y),
            ),
            shapes: names,
        });
    }
    layers.push(Layer {
        clip: geometry.axis,
        shapes: axis,
    });
    layers.extend(name_layers);
    layers.push(Layer {
        clip: corner(&geometry),
        shapes: vec![Shape::Rect {
            rect: corner(&geometry),
            radius: 0.0,
            fill: Some(style.panel),
            stroke: None,
        }],
    });
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

/// The shapes of one region of lanes (pinned, or scrolling), drawn in a layer of its own.
struct Region {
    clip: Rect,
    backgrounds: Vec<Shape>,
    names: Vec<Shape>,
    shapes: LaneShapes,
}

impl Region {
    fn new(clip: Rect) -> Self {
        Self {
            clip,
            backgrounds: Vec::new(),
            names: Vec::new(),
            shapes: LaneShapes::default(),
        }
    }
}
