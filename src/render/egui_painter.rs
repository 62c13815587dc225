//! Draws a [`Scene`] with an egui [`Painter`], and measures text with egui's fonts so that the
//! layout places labels exactly where the window draws them.

use egui::{Align2, Color32, Painter, Pos2, Shape as EguiShape, StrokeKind};

use crate::layout::{
    Dash, HAlign, MarkerShape, Pos, Rect, Rgba, Scene, Shape, Stroke, TextMeasure, VAlign,
};

use super::fonts::timeline_font;

/// Text measurement through egui's font system (galleys are cached by egui).
pub struct EguiTextMeasure<'a> {
    pub ctx: &'a egui::Context,
}

impl TextMeasure for EguiTextMeasure<'_> {
    fn text_width(&self, text: &str, size: f32, strong: bool) -> f32 {
        self.ctx.fonts_mut(|fonts| {
            fonts
                .layout_no_wrap(text.to_owned(), timeline_font(size, strong), Color32::WHITE)
                .size()
                .x
        })
    }
}

pub fn to_pos2(p: Pos) -> Pos2 {
    Pos2::new(p.x, p.y)
}

pub fn to_rect(r: Rect) -> egui::Rect {
    egui::Rect::from_min_max(to_pos2(r.min), to_pos2(r.max))
}

pub fn from_rect(r: egui::Rect) -> Rect {
    Rect::from_x_y_ranges((r.min.x, r.max.x), (r.min.y, r.max.y))
}

pub fn to_color(c: Rgba) -> Color32 {
    Color32::from_rgba_unmultiplied(c.r, c.g, c.b, c.a)
}

fn to_stroke(s: Stroke) -> egui::Stroke {
    egui::Stroke::new(s.width, to_color(s.color))
}

/// Paints every layer of the scene, each clipped to its rectangle (within the painter's clip).
pub fn paint_scene(painter: &Painter, scene: &Scene) {
    if let Some(background) = scene.background {
        painter.rect_filled(to_rect(scene.rect), 0.0, to_color(background));
    }
    for layer in &scene.layers {
        let clip = to_rect(layer.clip).intersect(painter.clip_rect());
        let layer_painter = painter.with_clip_rect(clip);
        for shape in &layer.shapes {
            paint_shape(&layer_painter, shape);
        }
    }
}

fn paint_shape(painter: &Painter, shape: &Shape) {
    match shape {
        Shape::Rect {
            rect,
            radius,
            fill,
            stroke,
        } => {
            let egui_rect = to_rect(*rect);
            if let Some(fill) = fill {
                painter.rect_filled(egui_rect, *radius, to_color(*fill));
            }
            if let Some(stroke) = stroke {
                match stroke.dash {
                    Dash::Solid => {
                        painter.rect_stroke(
                            egui_rect,
                            *radius,
                            to_stroke(*stroke),
                            StrokeKind::Inside,
                        );
                    }
                    dash => {
                        let inset = egui_rect.shrink(stroke.width / 2.0);
                        let corners = [
                            inset.left_top(),
                            inset.right_top(),
                            inset.right_bottom(),
                            inset.left_bottom(),
                            inset.left_top(),
                        ];
                        paint_dashed(painter, &corners, *stroke, dash);
                    }
                }
            }
        }
        Shape::Line { from, to, stroke } => match stroke.dash {
            Dash::Solid => {
                painter.line_segment([to_pos2(*from), to_pos2(*to)], to_stroke(*stroke));
            }
            dash => paint_dashed(painter, &[to_pos2(*from), to_pos2(*to)], *stroke, dash),
        },
        Shape::Path { points, stroke } => {
            let points: Vec<Pos2> = points.iter().copied().map(to_pos2).collect();
            match stroke.dash {
                Dash::Solid => {
                    painter.add(EguiShape::line(points, to_stroke(*stroke)));
                }
                dash => paint_dashed(painter, &points, *stroke, dash),
            }
        }
        Shape::Polygon { points, fill } => {
            painter.add(EguiShape::convex_polygon(
                points.iter().copied().map(to_pos2).collect(),
                to_color(*fill),
                egui::Stroke::NONE,
            ));
        }
        Shape::Marker {
            center,
            radius,
            shape,
            fill,
            stroke,
        } => {
            let c = to_pos2(*center);
            let r = *radius;
            match shape {
                MarkerShape::Circle => {
                    if let Some(fill) = fill {
                        painter.circle_filled(c, r, to_color(*fill));
                    }
                    if let Some(stroke) = stroke {
                        if stroke.dash == Dash::Solid {
                            painter.circle_stroke(c, r - stroke.width / 2.0, to_stroke(*stroke));
                        } else {
                            let ring: Vec<Pos2> = (0..=24)
                                .map(|i| {
                                    let a = i as f32 / 24.0 * std::f32::consts::TAU;
                                    c + (r - stroke.width / 2.0) * egui::vec2(a.cos(), a.sin())
                                })
                                .collect();
                            paint_dashed(painter, &ring, *stroke, stroke.dash);
                        }
                    }
                }
                MarkerShape::Diamond => {
                    let points = vec![
                        c + egui::vec2(0.0, -r),
                        c + egui::vec2(r, 0.0),
                        c + egui::vec2(0.0, r),
                        c + egui::vec2(-r, 0.0),
                    ];
                    painter.add(EguiShape::convex_polygon(
                        points,
                        fill.map_or(Color32::TRANSPARENT, to_color),
                        stroke.map_or(egui::Stroke::NONE, to_stroke),
                    ));
                }
            }
        }
        Shape::Density {
            rect,
            values,
            color,
        } => {
            // One mesh for the whole strip: a quad per non-empty column.
            let mut mesh = egui::Mesh::default();
            let column = rect.width() / values.len().max(1) as f32;
            let middle = rect.center().y;
            let color = to_color(*color);
            for (i, &value) in values.iter().enumerate() {
                if value <= 0.0 {
                    continue;
                }
                let half = (value * rect.height() / 2.0).max(0.5);
                let x = rect.min.x + i as f32 * column;
                mesh.add_colored_rect(
                    egui::Rect::from_min_max(
                        Pos2::new(x, middle - half),
                        Pos2::new(x + column, middle + half),
                    ),
                    color,
                );
            }
            painter.add(EguiShape::mesh(mesh));
        }
        Shape::Text {
            pos,
            halign,
            valign,
            text,
            size,
            strong,
            color,
            width: _,
        } => {
            let align = Align2([to_align(*halign), to_valign(*valign)]);
            painter.text(
                to_pos2(*pos),
                align,
                text,
                timeline_font(*size, *strong),
                to_color(*color),
            );
        }
    }
}

fn paint_dashed(painter: &Painter, path: &[Pos2], stroke: Stroke, dash: Dash) {
    let shapes = match dash {
        Dash::Dotted => {
            EguiShape::dotted_line(path, to_color(stroke.color), 4.0, stroke.width * 0.7)
        }
        _ => EguiShape::dashed_line(path, to_stroke(stroke), 5.0, 3.0),
    };
    painter.extend(shapes);
}

fn to_align(h: HAlign) -> egui::Align {
    match h {
        HAlign::Left => egui::Align::Min,
        HAlign::Center => egui::Align::Center,
        HAlign::Right => egui::Align::Max,
    }
}

fn to_valign(v: VAlign) -> egui::Align {
    match v {
        VAlign::Top => egui::Align::Min,
        VAlign::Center => egui::Align::Center,
        VAlign::Bottom => egui::Align::Max,
    }
}
