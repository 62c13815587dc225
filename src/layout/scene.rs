//! A `Scene`: plain drawing primitives in points (rects, lines, markers, text, clip layers) and
//! the hit areas of what can be pointed at. Backends (egui, and later SVG/PNG) draw it as is.

use crate::model::{ActorIdx, Color, EventIdx};
use crate::time::TimeRange;

#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Pos {
    pub x: f32,
    pub y: f32,
}

impl Pos {
    pub const fn new(x: f32, y: f32) -> Self {
        Self { x, y }
    }
}

/// An axis-aligned rectangle, `min` top-left.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Rect {
    pub min: Pos,
    pub max: Pos,
}

impl Rect {
    pub const fn from_min_max(min: Pos, max: Pos) -> Self {
        Self { min, max }
    }

    pub fn from_x_y_ranges(x: (f32, f32), y: (f32, f32)) -> Self {
        Self::from_min_max(Pos::new(x.0, y.0), Pos::new(x.1, y.1))
    }

    pub fn width(&self) -> f32 {
        self.max.x - self.min.x
    }

    pub fn height(&self) -> f32 {
        self.max.y - self.min.y
    }

    pub fn center(&self) -> Pos {
        Pos::new(
            (self.min.x + self.max.x) / 2.0,
            (self.min.y + self.max.y) / 2.0,
        )
    }

    pub fn contains(&self, p: Pos) -> bool {
        self.min.x <= p.x && p.x <= self.max.x && self.min.y <= p.y && p.y <= self.max.y
    }

    /// Whether the two overlap with positive area.
    pub fn intersects(&self, other: &Rect) -> bool {
        self.min.x < other.max.x
            && other.min.x < self.max.x
            && self.min.y < other.max.y
            && other.min.y < self.max.y
    }

    /// The part of this rectangle within `other`'s vertical range.
    pub fn intersect_y(&self, other: Rect) -> Self {
        let min_y = self.min.y.max(other.min.y);
        Self::from_x_y_ranges(
            (self.min.x, self.max.x),
            (min_y, self.max.y.min(other.max.y).max(min_y)),
        )
    }

    pub fn expand(&self, by: f32) -> Self {
        Self::from_min_max(
            Pos::new(self.min.x - by, self.min.y - by),
            Pos::new(self.max.x + by, self.max.y + by),
        )
    }

    pub fn union(&self, other: &Rect) -> Self {
        Self::from_min_max(
            Pos::new(self.min.x.min(other.min.x), self.min.y.min(other.min.y)),
            Pos::new(self.max.x.max(other.max.x), self.max.y.max(other.max.y)),
        )
    }
}

/// sRGB colour with straight (not premultiplied) alpha.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Rgba {
    pub r: u8,
    pub g: u8,
    pub b: u8,
    pub a: u8,
}

impl Rgba {
    pub const TRANSPARENT: Self = Self::new(0, 0, 0, 0);

    pub const fn new(r: u8, g: u8, b: u8, a: u8) -> Self {
        Self { r, g, b, a }
    }

    pub const fn rgb(r: u8, g: u8, b: u8) -> Self {
        Self::new(r, g, b, 255)
    }

    /// The same colour with alpha scaled by `factor` (0–1).
    pub fn faded(self, factor: f32) -> Self {
        Self {
            a: (f32::from(self.a) * factor.clamp(0.0, 1.0)).round() as u8,
            ..self
        }
    }

    /// Mixes towards `other` by `t` (0 = self, 1 = other), alpha included.
    pub fn mix(self, other: Self, t: f32) -> Self {
        let t = t.clamp(0.0, 1.0);
        let lerp = |a: u8, b: u8| (f32::from(a) + (f32::from(b) - f32::from(a)) * t).round() as u8;
        Self::new(
            lerp(self.r, other.r),
            lerp(self.g, other.g),
            lerp(self.b, other.b),
            lerp(self.a, other.a),
        )
    }
}

impl From<Color> for Rgba {
    fn from(c: Color) -> Self {
        Self::rgb(c.r, c.g, c.b)
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Dash {
    Solid,
    /// Long dashes: approximate dates.
    Dashed,
    /// Short dots: uncertain dates.
    Dotted,
}

#[derive(Clone, Copy, Debug, PartialEq)]
pub struct Stroke {
    pub width: f32,
    pub color: Rgba,
    pub dash: Dash,
}

impl Stroke {
    pub const fn solid(width: f32, color: Rgba) -> Self {
        Self {
            width,
            color,
            dash: Dash::Solid,
        }
    }
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum MarkerShape {
    /// Exact and approximate dates.
    Diamond,
    /// Uncertain dates.
    Circle,
}

/// Horizontal anchor of a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum HAlign {
    Left,
    Center,
    Right,
}

/// Vertical anchor of a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum VAlign {
    Top,
    Center,
    Bottom,
}

#[derive(Clone, Debug, PartialEq)]
pub enum Shape {
    Rect {
        rect: Rect,
        radius: f32,
        fill: Option<Rgba>,
        stroke: Option<Stroke>,
    },
    Line {
        from: Pos,
        to: Pos,
        stroke: Stroke,
    },
    /// An open line through points (links between events, flattened curves).
    Path {
        points: Vec<Pos>,
        stroke: Stroke,
    },
    /// A closed convex polygon (arrow heads).
    Polygon {
        points: Vec<Pos>,
        fill: Rgba,
    },
    Marker {
        center: Pos,
        /// Half the marker's width.
        radius: f32,
        shape: MarkerShape,
        fill: Option<Rgba>,
        stroke: Option<Stroke>,
    },
    /// A density strip: `values.len()` equal columns across `rect`, column `i` a bar of
    /// `values[i]` (0–1) of the rect's height, centred on its middle line. One shape for what
    /// would be thousands of marks.
    Density {
        rect: Rect,
        values: Vec<f32>,
        color: Rgba,
    },
    /// One line of text, placed by its anchor; `width` is what the layout measured.
    Text {
        pos: Pos,
        halign: HAlign,
        valign: VAlign,
        text: String,
        size: f32,
        strong: bool,
        color: Rgba,
        width: f32,
    },
}

impl Shape {
    /// The rectangle a text shape covers (by its measured width and size).
    pub fn text_rect(pos: Pos, halign: HAlign, valign: VAlign, width: f32, size: f32) -> Rect {
        let height = size * 1.25;
        let x = match halign {
            HAlign::Left => pos.x,
            HAlign::Center => pos.x - width / 2.0,
            HAlign::Right => pos.x - width,
        };
        let y = match valign {
            VAlign::Top => pos.y,
            VAlign::Center => pos.y - height / 2.0,
            VAlign::Bottom => pos.y - height,
        };
        Rect::from_x_y_ranges((x, x + width), (y, y + height))
    }
}

/// Shapes drawn in order, clipped to a rectangle.
#[derive(Clone, Debug, PartialEq)]
pub struct Layer {
    pub clip: Rect,
    pub shapes: Vec<Shape>,
}

/// What a hit area points at.
#[derive(Clone, Copy, Debug, PartialEq)]
pub enum HitTarget {
    /// One event, drawn in one lane (an event with several actors has one per lane).
    Event { event: EventIdx, lane: ActorIdx },
    /// Events too close to tell apart, merged into one counted mark.
    Cluster {
        lane: ActorIdx,
        range: TimeRange,
        count: u32,
    },
    /// A lane's label.
    Lane { lane: ActorIdx },
    /// A density strip standing for `count` events in the window: too many to draw one by
    /// one. `part`: of the lane's instants, its ranges, or both (a collapsed lane).
    /// `bar_row`: of a loaded lane's ranges, the one bar row it counts (a database's counted
    /// ranges are one strip for them all: `None`). `columns`: where its columns are.
    Density {
        lane: ActorIdx,
        part: Option<crate::query::Part>,
        bar_row: Option<usize>,
        count: u32,
        columns: ColumnGrid,
    },
}

/// A density strip's columns in time: the first starts at `start`, and each is `width`
/// seconds wide. What a column under the pointer stands for is asked of exactly its stretch.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct ColumnGrid {
    pub start: f64,
    pub width: f64,
}

impl ColumnGrid {
    /// The column `t` falls in.
    pub fn column_at(&self, t: f64) -> crate::time::TimeWindow {
        let width = self.width.max(f64::MIN_POSITIVE);
        let from = self.start + ((t - self.start) / width).floor() * width;
        crate::time::TimeWindow::new(from, from + width)
    }
}

/// An area that reacts to the pointer and appears in the accessibility tree.
#[derive(Clone, Debug, PartialEq)]
pub struct Hit {
    /// The mark: marker, bar, counted pill or lane label.
    pub rect: Rect,
    /// The mark's text label, if one was placed (also clickable).
    pub label: Option<Rect>,
    pub target: HitTarget,
}

/// Everything to draw, in painting order.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Scene {
    pub rect: Rect,
    pub background: Option<Rgba>,
    pub layers: Vec<Layer>,
    pub hits: Vec<Hit>,
}

impl Scene {
    /// Every text in the scene, for tests and search.
    pub fn texts(&self) -> impl Iterator<Item = (&str, Rect)> {
        self.layers.iter().flat_map(|layer| {
            layer.shapes.iter().filter_map(|shape| match shape {
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
        })
    }

    /// The hit for an event in a lane, if it is drawn on its own.
    pub fn event_hit(&self, event: EventIdx, lane: ActorIdx) -> Option<&Hit> {
        self.hits
            .iter()
            .find(|hit| hit.target == HitTarget::Event { event, lane })
    }

    /// The topmost hit at a point (labels included).
    pub fn hit_at(&self, p: Pos) -> Option<&Hit> {
        self.hits
            .iter()
            .rev()
            .find(|hit| hit.rect.contains(p) || hit.label.is_some_and(|l| l.contains(p)))
    }
}
