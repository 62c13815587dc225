//! Writes a [`Scene`] as SVG: plain shapes, one clip path per layer, and real `<text>` elements
//! (selectable and editable in Inkscape or Illustrator). Output is deterministic: the same
//! scene gives the same bytes, so reference files can be compared as text.

use std::fmt::Write as _;

use crate::layout::{Dash, HAlign, MarkerShape, Pos, Rect, Rgba, Scene, Shape, Stroke, VAlign};

use super::fonts::SVG_FONT_FAMILY;

/// DejaVu Sans's ascender and descender, in ems: where the baseline sits for a given anchor.
const ASCENT: f32 = 0.928;
const DESCENT: f32 = 0.236;
/// The line height layout assumes for a text of size 1 (see `Shape::text_rect`).
const LINE_HEIGHT: f32 = 1.25;

/// A number as SVG wants it: at most two decimals, no trailing zeros.
fn num(value: f32) -> String {
    let rounded = (value * 100.0).round() / 100.0;
    let text = format!("{rounded:.2}");
    let text = text.trim_end_matches('0').trim_end_matches('.');
    if text == "-0" {
        "0".to_owned()
    } else {
        text.to_owned()
    }
}

fn escape(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    for c in text.chars() {
        match c {
            '&' => out.push_str("&amp;"),
            '<' => out.push_str("&lt;"),
            '>' => out.push_str("&gt;"),
            '"' => out.push_str("&quot;"),
            '\'' => out.push_str("&apos;"),
            // Control characters are not allowed in XML 1.0.
            c if (c as u32) < 0x20 && c != '\t' && c != '\n' && c != '\r' => {}
            c => out.push(c),
        }
    }
    out
}

fn hex(color: Rgba) -> String {
    format!("#{:02x}{:02x}{:02x}", color.r, color.g, color.b)
}

/// ` fill="#rrggbb"` plus an opacity when not opaque, or ` fill="none"`.
fn fill_attributes(fill: Option<Rgba>) -> String {
    match fill {
        None => " fill=\"none\"".to_owned(),
        Some(c) if c.a == 255 => format!(" fill=\"{}\"", hex(c)),
        Some(c) => format!(
            " fill=\"{}\" fill-opacity=\"{}\"",
            hex(c),
            num(f32::from(c.a) / 255.0)
        ),
    }
}

fn stroke_attributes(stroke: Option<Stroke>) -> String {
    let Some(s) = stroke else {
        return String::new();
    };
    let mut out = format!(
        " stroke=\"{}\" stroke-width=\"{}\"",
        hex(s.color),
        num(s.width)
    );
    if s.color.a != 255 {
        let _ = write!(
            out,
            " stroke-opacity=\"{}\"",
            num(f32::from(s.color.a) / 255.0)
        );
    }
    match s.dash {
        Dash::Solid => {}
        Dash::Dashed => out.push_str(" stroke-dasharray=\"5 3\""),
        Dash::Dotted => out.push_str(" stroke-dasharray=\"1.5 2.5\" stroke-linecap=\"round\""),
    }
    out
}

fn points(points: &[Pos]) -> String {
    points
        .iter()
        .map(|p| format!("{},{}", num(p.x), num(p.y)))
        .collect::<Vec<_>>()
        .join(" ")
}

fn rect_attributes(r: &Rect) -> String {
    format!(
        "x=\"{}\" y=\"{}\" width=\"{}\" height=\"{}\"",
        num(r.min.x),
        num(r.min.y),
        num(r.width().max(0.0)),
        num(r.height().max(0.0))
    )
}

fn write_shape(out: &mut String, shape: &Shape) {
    match shape {
        Shape::Rect {
            rect,
            radius,
            fill,
            stroke,
        } => {
            // Strokes are drawn inside the rectangle, as the window does.
            let inset = stroke.map_or(0.0, |s| s.width / 2.0);
            let r = rect.expand(-inset);
            let _ = write!(out, "<rect {}", rect_attributes(&r));
            if *radius > 0.0 {
                let _ = write!(
                    out,
                    " rx=\"{}\"",
                    num(radius.min(r.height() / 2.0).max(0.0))
                );
            }
            let _ = writeln!(
                out,
                "{}{}/>",
                fill_attributes(*fill),
                stroke_attributes(*stroke)
            );
        }
        Shape::Line { from, to, stroke } => {
            let _ = writeln!(
                out,
                "<line x1=\"{}\" y1=\"{}\" x2=\"{}\" y2=\"{}\"{}/>",
                num(from.x),
                num(from.y),
                num(to.x),
                num(to.y),
                stroke_attributes(Some(*stroke))
            );
        }
        Shape::Path { points: p, stroke } => {
            let _ = writeln!(
                out,
                "<polyline points=\"{}\" fill=\"none\"{}/>",
                points(p),
                stroke_attributes(Some(*stroke))
            );
        }
        Shape::Polygon { points: p, fill } => {
            let _ = writeln!(
                out,
                "<polygon points=\"{}\"{}/>",
                points(p),
                fill_attributes(Some(*fill))
            );
        }
        Shape::Marker {
            center,
            radius,
            shape,
            fill,
            stroke,
        } => match shape {
            MarkerShape::Circle => {
                let inset = stroke.map_or(0.0, |s| s.width / 2.0);
                let _ = writeln!(
                    out,
                    "<circle cx=\"{}\" cy=\"{}\" r=\"{}\"{}{}/>",
                    num(center.x),
                    num(center.y),
                    num(radius - inset),
                    fill_attributes(*fill),
                    stroke_attributes(*stroke)
                );
            }
            MarkerShape::Diamond => {
                let r = *radius;
                let corners = [
                    Pos::new(center.x, center.y - r),
                    Pos::new(center.x + r, center.y),
                    Pos::new(center.x, center.y + r),
                    Pos::new(center.x - r, center.y),
                ];
                let _ = writeln!(
                    out,
                    "<polygon points=\"{}\"{}{}/>",
                    points(&corners),
                    fill_attributes(*fill),
                    stroke_attributes(*stroke)
                );
            }
        },
        Shape::Density {
            rect,
            values,
            color,
        } => {
            let column = rect.width() / values.len().max(1) as f32;
            let middle = rect.center().y;
            let mut path = String::new();
            for (i, &value) in values.iter().enumerate() {
                if value <= 0.0 {
                    continue;
                }
                let half = (value * rect.height() / 2.0).max(0.5);
                let x = rect.min.x + i as f32 * column;
                let _ = write!(
                    path,
                    "M{} {}h{}v{}h-{}z",
                    num(x),
                    num(middle - half),
                    num(column),
                    num(2.0 * half),
                    num(column)
                );
            }
            if !path.is_empty() {
                let _ = writeln!(out, "<path d=\"{path}\"{}/>", fill_attributes(Some(*color)));
            }
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
            let anchor = match halign {
                HAlign::Left => "start",
                HAlign::Center => "middle",
                HAlign::Right => "end",
            };
            // The baseline, so that the glyphs sit where the layout put the line box.
            let line = size * LINE_HEIGHT;
            let top = match valign {
                VAlign::Top => pos.y,
                VAlign::Center => pos.y - line / 2.0,
                VAlign::Bottom => pos.y - line,
            };
            let baseline = top + (line - (ASCENT + DESCENT) * size) / 2.0 + ASCENT * size;
            let _ = write!(
                out,
                "<text x=\"{}\" y=\"{}\" font-size=\"{}\"",
                num(pos.x),
                num(baseline),
                num(*size)
            );
            if anchor != "start" {
                let _ = write!(out, " text-anchor=\"{anchor}\"");
            }
            if *strong {
                out.push_str(" font-weight=\"bold\"");
            }
            let _ = writeln!(
                out,
                "{} xml:space=\"preserve\">{}</text>",
                fill_attributes(Some(*color)),
                escape(text)
            );
        }
    }
}

/// The scene as a standalone SVG document, sized in points (1 point = 1 CSS pixel).
pub fn scene_to_svg(scene: &Scene) -> String {
    let area = scene.rect;
    let mut out = String::with_capacity(64 * 1024);
    let _ = writeln!(out, "<?xml version=\"1.0\" encoding=\"UTF-8\"?>");
    let _ = writeln!(
        out,
        "<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{w}\" height=\"{h}\" viewBox=\"{x} {y} {w} {h}\" font-family=\"{SVG_FONT_FAMILY}\">",
        x = num(area.min.x),
        y = num(area.min.y),
        w = num(area.width()),
        h = num(area.height()),
    );
    let _ = writeln!(out, "<defs>");
    for (i, layer) in scene.layers.iter().enumerate() {
        let _ = writeln!(
            out,
            "<clipPath id=\"clip{i}\"><rect {}/></clipPath>",
            rect_attributes(&layer.clip)
        );
    }
    let _ = writeln!(out, "</defs>");
    if let Some(background) = scene.background {
        let _ = writeln!(
            out,
            "<rect {}{}/>",
            rect_attributes(&area),
            fill_attributes(Some(background))
        );
    }
    for (i, layer) in scene.layers.iter().enumerate() {
        let _ = writeln!(out, "<g clip-path=\"url(#clip{i})\">");
        for shape in &layer.shapes {
            write_shape(&mut out, shape);
        }
        let _ = writeln!(out, "</g>");
    }
    let _ = writeln!(out, "</svg>");
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::layout::Layer;

    #[test]
    fn numbers_and_escapes() {
        assert_eq!(num(1.0), "1");
        assert_eq!(num(1.255), "1.26");
        assert_eq!(num(-0.001), "0");
        assert_eq!(num(12.5), "12.5");
        assert_eq!(
            escape("Qin & \"Xi\" <b>"),
            "Qin &amp; &quot;Xi&quot; &lt;b&gt;"
        );
        assert_eq!(escape("bell\u{7}"), "bell");
    }

    #[test]
    fn shapes_become_svg_elements() {
        let clip = Rect::from_x_y_ranges((0.0, 100.0), (0.0, 50.0));
        let scene = Scene {
            rect: clip,
            background: Some(Rgba::rgb(255, 255, 255)),
            layers: vec![Layer {
                clip,
                shapes: vec![
                    Shape::Rect {
                        rect: Rect::from_x_y_ranges((10.0, 20.0), (10.0, 20.0)),
                        radius: 2.0,
                        fill: Some(Rgba::new(31, 95, 191, 128)),
                        stroke: Some(Stroke {
                            width: 2.0,
                            color: Rgba::rgb(0, 0, 0),
                            dash: Dash::Dashed,
                        }),
                    },
                    Shape::Text {
                        pos: Pos::new(5.0, 25.0),
                        halign: HAlign::Center,
                        valign: VAlign::Center,
                        text: "A & B".into(),
                        size: 12.0,
                        strong: true,
                        color: Rgba::rgb(10, 20, 30),
                        width: 30.0,
                    },
                ],
            }],
            hits: vec![],
        };
        let svg = scene_to_svg(&scene);
        assert!(svg.contains("<rect x=\"11\" y=\"11\" width=\"8\" height=\"8\" rx=\"2\" fill=\"#1f5fbf\" fill-opacity=\"0.5\" stroke=\"#000000\" stroke-width=\"2\" stroke-dasharray=\"5 3\"/>"), "{svg}");
        assert!(svg.contains(">A &amp; B</text>"));
        assert!(svg.contains("text-anchor=\"middle\" font-weight=\"bold\" fill=\"#0a141e\""));
        assert!(svg.contains("<clipPath id=\"clip0\">"));
        assert_eq!(svg, scene_to_svg(&scene), "deterministic");
    }
}
