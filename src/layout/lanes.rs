//! The events of one lane: markers with the span a low-precision date may cover, range bars
//! (solid where certain, faint where the precision leaves room, dashed when approximate),
//! counted marks where events are too close to tell apart, and labels placed beside, above or
//! below their marks without ever overlapping.

use crate::index::{LaneIndex, Track, TrackEntry};
use crate::model::{Dataset, Event, EventEnd, EventIdx, EventSet};
use crate::query::{ColumnCounts, CountedLane, Part};
use crate::time::{Qualifier, TimeRange, TimeScale, TimeWindow, Timestamp};

use super::geometry::{BAR_HEIGHT, COLLAPSED_LANE_HEIGHT, LABEL_LINE, LaneBox};
use super::scene::{
    ColumnGrid, Dash, HAlign, Hit, HitTarget, MarkerShape, Pos, Rect, Rgba, Shape, Stroke, VAlign,
};
use super::style::Style;
use super::text::{MAX_MEASURED_CHARS, TextMeasure, elide, truncate_chars};

/// Half the width of an event marker.
pub const MARKER_RADIUS: f32 = 6.0;
/// Markers whose centres are closer than this cannot be told apart: they merge into one
/// counted mark. (Markers a little further apart may overlap a little, and stay separate.)
const MERGE_DISTANCE: f32 = MARKER_RADIUS;
/// Space kept between a counted mark and the next mark.
const MERGE_GAP: f32 = 3.0;
/// Space between a mark and its label, and between labels.
const LABEL_GAP: f32 = 5.0;
/// Labels longer than this are elided.
const MAX_LABEL_WIDTH: f32 = 320.0;
/// An elided label shorter than this says too little to be worth showing.
const MIN_ELIDED_WIDTH: f32 = 40.0;
/// A span narrower than this is not worth a band: the marker says it all.
const MIN_BAND_WIDTH: f32 = 3.0 * MARKER_RADIUS;
/// Bars narrower than this can merge with their neighbours.
const TINY_BAR_WIDTH: f32 = 4.0;
/// A marker row with more events in view than one per this many points is drawn as a density
/// strip: past that, markers would be merged into counted marks anyway.
const POINTS_PER_MARKER_FOR_DENSITY: f32 = 8.0;
/// The same for a row of bars: bars are wider, and in a crowded row they cover each other.
const POINTS_PER_BAR_FOR_DENSITY: f32 = 16.0;
/// Width of a density strip's columns.
pub const DENSITY_COLUMN: f32 = 2.0;
/// Opacity of the part of a bar its dates' precision leaves in doubt.
const FRINGE_ALPHA: f32 = 0.3;
/// Half the height of a counted mark.
const PILL_HALF_HEIGHT: f32 = 8.0;

/// Everything the lanes need to know, shared by all of them.
pub(super) struct LaneLayout<'a> {
    pub dataset: &'a Dataset,
    pub style: &'a Style,
    pub scale: TimeScale,
    pub plot: Rect,
    pub measure: &'a dyn TextMeasure,
    pub selected: Option<EventIdx>,
    /// More selected events: marked like the selected one, labels not in bold.
    pub also_selected: Option<&'a EventSet>,
    pub hovered: Option<EventIdx>,
    /// Search results: ringed.
    pub marked: Option<&'a EventSet>,
    pub now: Timestamp,
}

/// What the lanes produce, by painting order.
#[derive(Default)]
pub(super) struct LaneShapes {
    /// Uncertainty bands, under everything.
    pub under: Vec<Shape>,
    /// Bars, markers and counted marks.
    pub marks: Vec<Shape>,
    pub labels: Vec<Shape>,
    pub hits: Vec<Hit>,
    /// Where each individually drawn event sits, for connectors between lanes.
    pub anchors: Vec<(EventIdx, Pos)>,
    /// Where links may attach: every marker, and every bar (also one that starts off
    /// screen, at its visible start).
    pub link_points: Vec<(EventIdx, Pos)>,
}

/// A marker candidate.
struct PointItem {
    event: EventIdx,
    span: TimeRange,
    /// The marker sits in the middle of the span its date may cover.
    x: f32,
}

/// Marks merged by proximity: `items[first..=last]`.
struct Group {
    first: usize,
    last: usize,
    left: f32,
    right: f32,
}

impl Group {
    fn count(&self) -> usize {
        self.last - self.first + 1
    }
}

/// Where and how strongly a density strip is drawn.
#[derive(Clone, Copy)]
struct DensityStrip {
    y: f32,
    half_height: f32,
    /// The height of a column with a single event, as a share of the full height.
    floor: f32,
    alpha: f32,
    /// The events it counts: a lane's instants (its marker row), its ranges (its bar rows),
    /// or both (a collapsed lane).
    part: Option<Part>,
    /// The one bar row of a loaded lane it counts, if it is one.
    bar_row: Option<usize>,
}

/// The label slots of a row: occupied up to these x (labels are placed left to right).
struct LabelLines {
    above: f32,
    below: f32,
}

impl LaneLayout<'_> {
    fn event(&self, idx: EventIdx) -> Option<Event<'_>> {
        self.dataset.event(idx)
    }

    fn lane_color(&self, lane: &LaneBox) -> Rgba {
        self.dataset
            .actor(lane.actor)
            .map_or(self.style.text, |a| a.color.into())
    }

    /// The query range: the window widened by `margin` points on each side.
    fn query_range(&self, margin: f32) -> TimeRange {
        let pad = f64::from(margin) * self.scale.seconds_per_point();
        TimeWindow::new(self.scale.window.start - pad, self.scale.window.end + pad).to_range()
    }

    /// A label's width in the font it is drawn in: `strong` (the selected event's label) is
    /// bold, which is wider, so it must be measured bold or it runs into its neighbour.
    fn text_width(&self, text: &str, strong: bool) -> f32 {
        self.measure.text_width(text, self.style.label_size, strong)
    }

    /// The label text, elided to `max` points in the font it is drawn in, with its width.
    fn fitted(&self, text: &str, max: f32, strong: bool) -> Option<(String, f32)> {
        elide(text, max, self.style.label_size, strong, self.measure)
    }

    fn label_shape(
        &self,
        text: String,
        width: f32,
        x: f32,
        y: f32,
        color: Rgba,
        strong: bool,
    ) -> Shape {
        Shape::Text {
            pos: Pos::new(x, y),
            halign: HAlign::Left,
            valign: VAlign::Center,
            text,
            size: self.style.label_size,
            strong,
            color,
            width,
        }
    }

    /// A lane's marker row and bar rows; a part a backend `counted` is one density strip
    /// in its place.
    pub fn layout_lane(
        &self,
        lane: &LaneBox,
        lane_top: f32,
        index: &LaneIndex,
        counted: Option<&CountedLane>,
        out: &mut LaneShapes,
    ) {
        match counted.and_then(|c| c.points.as_ref()) {
            Some(counts) => {
                let strip = DensityStrip {
                    y: lane_top + lane.marker_center(),
                    half_height: MARKER_RADIUS + 3.0,
                    floor: 0.15,
                    alpha: 0.85,
                    part: Some(Part::Points),
                    bar_row: None,
                };
                self.push_counted(lane, counts, strip, out);
            }
            None => self.layout_points(lane, lane_top, &index.points, out),
        }
        match counted.and_then(|c| c.ranges.as_ref()) {
            Some(counts) => {
                let strip = DensityStrip {
                    y: lane_top + lane.bar_center(0),
                    half_height: BAR_HEIGHT / 2.0 + 2.0,
                    floor: 0.15,
                    alpha: 0.85,
                    part: Some(Part::Ranges),
                    bar_row: None,
                };
                self.push_counted(lane, counts, strip, out);
            }
            None => {
                for (row, track) in index.rows.iter().enumerate() {
                    self.layout_bars(lane, lane_top + lane.bar_center(row), row, track, out);
                }
            }
        }
    }

    /// Whether `event` is selected, alone or with others.
    fn is_selected(&self, event: EventIdx) -> bool {
        Some(event) == self.selected || self.also_selected.is_some_and(|set| set.contains(event))
    }

    fn is_marked(&self, event: EventIdx) -> bool {
        self.marked.is_some_and(|set| set.contains(event))
    }

    /// A collapsed lane: one thin strip of where all its events are (markers and bars alike),
    /// drawn a little stronger than a full lane's strips, as it is thinner.
    pub fn layout_collapsed(
        &self,
        lane: &LaneBox,
        lane_top: f32,
        index: &LaneIndex,
        counted: Option<&CountedLane>,
        out: &mut LaneShapes,
    ) {
        if let Some(counted) = counted {
            self.layout_collapsed_counted(lane, lane_top, index, counted, out);
            return;
        }
        let columns = self.density_columns();
        let window = self.scale.window;
        let mut counts = vec![0_u32; columns];
        let mut row = Vec::with_capacity(columns);
        let mut total = 0;
        let range = self.query_range(0.0);
        for track in std::iter::once(&index.points).chain(&index.rows) {
            track.density(window.start, window.end, columns, &mut row);
            for (sum, c) in counts.iter_mut().zip(&row) {
                *sum += c;
            }
            total += track.count_overlapping(range);
        }
        let strip = DensityStrip {
            y: lane_top + COLLAPSED_LANE_HEIGHT / 2.0,
            half_height: 6.0,
            floor: 0.3,
            alpha: 0.9,
            part: None,
            bar_row: None,
        };
        self.push_density_strip(lane, &counts, strip, total, out);
    }

    /// A collapsed lane of which a backend counted a part: the counts, plus the listed
    /// part's events counted over the same columns, in one strip.
    fn layout_collapsed_counted(
        &self,
        lane: &LaneBox,
        lane_top: f32,
        index: &LaneIndex,
        counted: &CountedLane,
        out: &mut LaneShapes,
    ) {
        let Some(reference) = counted.points.as_ref().or(counted.ranges.as_ref()) else {
            return;
        };
        let window = reference.window;
        let columns = reference.counts.len();
        let mut sum = ColumnCounts {
            window,
            counts: vec![0; columns],
            total: 0,
        };
        let mut listed = Vec::with_capacity(columns);
        let parts: [(Option<&ColumnCounts>, Vec<&Track>); 2] = [
            (counted.points.as_ref(), vec![&index.points]),
            (counted.ranges.as_ref(), index.rows.iter().collect()),
        ];
        for (counts, tracks) in parts {
            match counts {
                Some(counts) => {
                    for (s, c) in sum.counts.iter_mut().zip(&counts.counts) {
                        *s += c;
                    }
                    sum.total += counts.total;
                }
                None => {
                    for track in tracks {
                        track.density(window.start, window.end, columns, &mut listed);
                        for (s, c) in sum.counts.iter_mut().zip(&listed) {
                            *s += c;
                        }
                        sum.total += track.count_overlapping(window.to_range()) as u64;
                    }
                }
            }
        }
        let strip = DensityStrip {
            y: lane_top + COLLAPSED_LANE_HEIGHT / 2.0,
            half_height: 6.0,
            floor: 0.3,
            alpha: 0.9,
            part: None,
            bar_row: None,
        };
        self.push_counted(lane, &sum, strip, out);
    }

    /// A strip of a backend's counts, over the window they were made for: while a newer
    /// answer is on its way the view may have moved, and the strip moves and stretches with
    /// it, as the picture it was.
    fn push_counted(
        &self,
        lane: &LaneBox,
        counts: &ColumnCounts,
        strip: DensityStrip,
        out: &mut LaneShapes,
    ) {
        let x0 = self.scale.x(counts.window.start);
        let x1 = self.scale.x(counts.window.end);
        let width = (x1 - x0) / counts.counts.len().max(1) as f32;
        self.push_density_strip_at(
            lane,
            &counts.counts,
            x0,
            width,
            strip,
            counts.total as usize,
            out,
        );
    }

    /// Whether a row with `count` events in view is too dense to draw them one by one.
    fn too_dense(&self, count: usize, points_per_event: f32) -> bool {
        count as f32 > self.plot.width() / points_per_event
    }

    /// Draws a row as a density strip: per column of points, how many events it covers,
    /// on a log scale so that one event still shows next to thousands. `bar_row`: which of
    /// the lane's bar rows `track` is, for ranges.
    #[allow(clippy::too_many_arguments)]
    fn push_density(
        &self,
        lane: &LaneBox,
        track: &Track,
        part: Part,
        bar_row: Option<usize>,
        y: f32,
        half_height: f32,
        count: usize,
        out: &mut LaneShapes,
    ) {
        let mut counts = Vec::with_capacity(self.density_columns());
        let window = self.scale.window;
        track.density(
            window.start,
            window.end,
            self.density_columns(),
            &mut counts,
        );
        let strip = DensityStrip {
            y,
            half_height,
            floor: 0.15,
            alpha: 0.85,
            part: Some(part),
            bar_row,
        };
        self.push_density_strip(lane, &counts, strip, count, out);
    }

    fn density_columns(&self) -> usize {
        ((self.plot.width() / DENSITY_COLUMN).ceil() as usize).max(1)
    }

    /// A density strip of `counts` (events per column), and its hit standing for `count`
    /// events.
    fn push_density_strip(
        &self,
        lane: &LaneBox,
        counts: &[u32],
        strip: DensityStrip,
        count: usize,
        out: &mut LaneShapes,
    ) {
        self.push_density_strip_at(
            lane,
            counts,
            self.plot.min.x,
            DENSITY_COLUMN,
            strip,
            count,
            out,
        );
    }

    /// A density strip of `counts` whose columns start at `x0` and are `column_width` wide.
    #[allow(clippy::too_many_arguments)]
    fn push_density_strip_at(
        &self,
        lane: &LaneBox,
        counts: &[u32],
        x0: f32,
        column_width: f32,
        strip: DensityStrip,
        count: usize,
        out: &mut LaneShapes,
    ) {
        let max = counts.iter().copied().max().unwrap_or(0).max(1) as f32;
        let values = counts
            .iter()
            .map(|&c| {
                if c == 0 {
                    0.0
                } else {
                    let share = (1.0 + c as f32).ln() / (1.0 + max).ln();
                    (strip.floor + (1.0 - strip.floor) * share).min(1.0)
                }
            })
            .collect();
        let rect = Rect::from_x_y_ranges(
            (x0, x0 + counts.len() as f32 * column_width),
            (strip.y - strip.half_height, strip.y + strip.half_height),
        );
        out.marks.push(Shape::Density {
            rect,
            values,
            color: self.lane_color(lane).faded(strip.alpha),
        });
        out.hits.push(Hit {
            rect: Rect::from_x_y_ranges(
                (self.plot.min.x, self.plot.max.x),
                (rect.min.y, rect.max.y),
            ),
            label: None,
            target: HitTarget::Density {
                lane: lane.actor,
                part: strip.part,
                bar_row: strip.bar_row,
                count: count as u32,
                columns: ColumnGrid {
                    start: self.scale.time_at(x0),
                    width: f64::from(column_width) * self.scale.seconds_per_point(),
                },
            },
        });
    }

    fn layout_points(&self, lane: &LaneBox, lane_top: f32, track: &Track, out: &mut LaneShapes) {
        let y = lane_top + lane.marker_center();
        let color = self.lane_color(lane);
        let range = self.query_range(MARKER_RADIUS);
        let count = track.count_overlapping(range);
        if self.too_dense(count, POINTS_PER_MARKER_FOR_DENSITY) {
            self.push_density(
                lane,
                track,
                Part::Points,
                None,
                y,
                MARKER_RADIUS + 3.0,
                count,
                out,
            );
            return;
        }
        let mut items: Vec<PointItem> = track
            .overlapping(range)
            .map(|TrackEntry { event, span }| PointItem {
                event,
                span,
                x: self.scale.x(span.midpoint()),
            })
            .collect();
        items.sort_by(|a, b| a.x.total_cmp(&b.x).then(a.event.cmp(&b.event)));

        // Bands: the span a year or a month may cover, so it does not pretend to be a day. Only
        // for markers in view: zoomed into a day, a hundred "sometime in 2008" would hide it.
        let in_view =
            |x: f32| x >= self.plot.min.x - MARKER_RADIUS && x <= self.plot.max.x + MARKER_RADIUS;
        for item in items.iter().filter(|item| in_view(item.x)) {
            let x0 = self.scale.x(item.span.start.as_f64());
            let x1 = self.scale.x(item.span.end.as_f64());
            if x1 - x0 >= MIN_BAND_WIDTH {
                self.push_band(x0, x1, y, color, item.event, out);
            }
        }

        items.retain(|item| in_view(item.x));
        let groups = self.group_points(&items);
        let mut lines = LabelLines {
            above: f32::NEG_INFINITY,
            below: f32::NEG_INFINITY,
        };
        for (gi, group) in groups.iter().enumerate() {
            let next_left = groups.get(gi + 1).map_or(self.plot.max.x, |g| g.left);
            let members = &items[group.first..=group.last];
            let first = &members[0];
            let mark_rect;
            let target;
            let label_text;
            if let [item] = members {
                let Some(event) = self.event(item.event) else {
                    continue;
                };
                mark_rect = self.push_marker(item.x, y, color, &event, item.event, out);
                out.anchors.push((item.event, Pos::new(item.x, y)));
                out.link_points.push((item.event, Pos::new(item.x, y)));
                target = HitTarget::Event {
                    event: item.event,
                    lane: lane.actor,
                };
                label_text = truncate_chars(event.title(), MAX_MEASURED_CHARS).to_owned();
            } else {
                mark_rect = self.push_pill(group, y, out);
                if members.iter().any(|m| self.is_marked(m.event)) {
                    self.push_pill_ring(mark_rect, out);
                }
                let start = members
                    .iter()
                    .map(|m| m.span.midpoint())
                    .fold(f64::INFINITY, f64::min);
                let end = members
                    .iter()
                    .map(|m| m.span.midpoint())
                    .fold(f64::NEG_INFINITY, f64::max);
                target = HitTarget::Cluster {
                    lane: lane.actor,
                    range: TimeRange::new(
                        Timestamp(start.floor() as i64),
                        Timestamp(end.ceil() as i64),
                    ),
                    count: members.len() as u32,
                };
                let title = self
                    .event(first.event)
                    .map_or("", |e| truncate_chars(e.title(), MAX_MEASURED_CHARS));
                label_text = format!("{title} and {} more", members.len() - 1);
            }
            let selected = members.iter().any(|m| Some(m.event) == self.selected);
            let label =
                self.place_point_label(&label_text, group, y, next_left, &mut lines, selected, out);
            out.hits.push(Hit {
                rect: mark_rect,
                label,
                target,
            });
        }
    }

    /// Merges markers that cannot be told apart. A merged mark is a pill that starts where its
    /// first marker would and is wide enough for its count; the next mark must clear it.
    fn group_points(&self, items: &[PointItem]) -> Vec<Group> {
        let mut groups: Vec<Group> = Vec::new();
        for (i, item) in items.iter().enumerate() {
            let left = item.x - MARKER_RADIUS;
            let merges = |group: &Group| {
                if group.count() == 1 {
                    item.x - items[group.last].x < MERGE_DISTANCE
                } else {
                    left < group.right + MERGE_GAP
                }
            };
            match groups.last_mut() {
                Some(group) if merges(group) => {
                    group.last = i;
                    let pill = self.pill_width(group.count());
                    group.right = (item.x + MARKER_RADIUS).max(group.left + pill);
                }
                _ => groups.push(Group {
                    first: i,
                    last: i,
                    left,
                    right: item.x + MARKER_RADIUS,
                }),
            }
        }
        groups
    }

    fn pill_text(count: usize) -> String {
        format!("+{count}")
    }

    fn pill_text_size(&self) -> f32 {
        self.style.label_size - 2.0
    }

    fn pill_width(&self, count: usize) -> f32 {
        (self
            .measure
            .text_width(&Self::pill_text(count), self.pill_text_size(), true)
            + 8.0)
            .max(2.0 * MARKER_RADIUS + 4.0)
    }

    fn push_band(
        &self,
        x0: f32,
        x1: f32,
        y: f32,
        color: Rgba,
        event: EventIdx,
        out: &mut LaneShapes,
    ) {
        let emphasis = Some(event) == self.selected || Some(event) == self.hovered;
        let rect = Rect::from_x_y_ranges((x0, x1), (y - 9.0, y + 9.0));
        out.under.push(Shape::Rect {
            rect,
            radius: 2.0,
            fill: Some(color.faded(if emphasis { 0.30 } else { 0.14 })),
            stroke: None,
        });
        // Brackets at the ends show where the possible span starts and stops.
        for x in [x0, x1] {
            out.under.push(Shape::Line {
                from: Pos::new(x, y - 9.0),
                to: Pos::new(x, y + 9.0),
                stroke: Stroke::solid(1.0, color.faded(0.55)),
            });
        }
    }

    /// Draws one event's marker; returns its hit rectangle.
    fn push_marker(
        &self,
        x: f32,
        y: f32,
        color: Rgba,
        event: &Event<'_>,
        idx: EventIdx,
        out: &mut LaneShapes,
    ) -> Rect {
        let qualifier = event.start().qualifier;
        let (shape, fill, dash) = marker_style(qualifier);
        let center = Pos::new(x, y);
        if self.is_selected(idx) {
            out.marks.push(Shape::Marker {
                center,
                radius: MARKER_RADIUS + 4.0,
                shape: MarkerShape::Circle,
                fill: Some(self.style.selection.faded(0.35)),
                stroke: Some(Stroke::solid(2.0, self.style.selection)),
            });
        }
        if self.is_marked(idx) {
            // A ring, not only a colour: found events read as found in any theme.
            out.marks.push(Shape::Marker {
                center,
                radius: MARKER_RADIUS + 5.0,
                shape: MarkerShape::Circle,
                fill: None,
                stroke: Some(Stroke::solid(2.5, self.style.search_match)),
            });
        }
        let outline = if Some(idx) == self.hovered {
            Stroke::solid(2.0, self.style.hover)
        } else if fill {
            Stroke::solid(1.0, self.style.background)
        } else {
            Stroke {
                width: 2.0,
                color,
                dash,
            }
        };
        out.marks.push(Shape::Marker {
            center,
            radius: MARKER_RADIUS,
            shape,
            fill: Some(if fill { color } else { self.style.background }),
            stroke: Some(outline),
        });
        Rect::from_x_y_ranges(
            (x - MARKER_RADIUS - 3.0, x + MARKER_RADIUS + 3.0),
            (y - MARKER_RADIUS - 3.0, y + MARKER_RADIUS + 3.0),
        )
    }

    fn push_pill(&self, group: &Group, y: f32, out: &mut LaneShapes) -> Rect {
        let rect = Rect::from_x_y_ranges(
            (group.left, group.right),
            (y - PILL_HALF_HEIGHT, y + PILL_HALF_HEIGHT),
        );
        out.marks.push(Shape::Rect {
            rect,
            radius: PILL_HALF_HEIGHT,
            fill: Some(self.style.cluster_fill),
            stroke: Some(Stroke::solid(1.0, self.style.background)),
        });
        let text = Self::pill_text(group.count());
        let size = self.pill_text_size();
        let width = self.measure.text_width(&text, size, true);
        out.marks.push(Shape::Text {
            pos: rect.center(),
            halign: HAlign::Center,
            valign: VAlign::Center,
            text,
            size,
            strong: true,
            color: self.style.cluster_text,
            width,
        });
        rect
    }

    /// Rings a counted mark that holds a search result.
    fn push_pill_ring(&self, rect: Rect, out: &mut LaneShapes) {
        out.marks.push(Shape::Rect {
            rect: rect.expand(3.0),
            radius: PILL_HALF_HEIGHT + 3.0,
            fill: None,
            stroke: Some(Stroke::solid(2.5, self.style.search_match)),
        });
    }

    /// Places a marker's label: beside it if there is room before the next mark, else on the
    /// line above or below if free, else elided beside it, else nowhere. Returns its rectangle.
    #[allow(clippy::too_many_arguments)]
    fn place_point_label(
        &self,
        text: &str,
        group: &Group,
        y: f32,
        next_left: f32,
        lines: &mut LabelLines,
        strong: bool,
        out: &mut LaneShapes,
    ) -> Option<Rect> {
        let (text, width) = self.fitted(text, MAX_LABEL_WIDTH, strong)?;
        let right_limit = self.plot.max.x - 2.0;
        let inline_x = group.right + LABEL_GAP;
        let inline_limit = (next_left - LABEL_GAP).min(right_limit);
        let color = self.style.text;
        let size = self.style.label_size;

        let place = |out: &mut LaneShapes, text: String, width: f32, x: f32, y: f32| {
            let rect = Shape::text_rect(Pos::new(x, y), HAlign::Left, VAlign::Center, width, size);
            out.labels
                .push(self.label_shape(text, width, x, y, color, strong));
            Some(rect)
        };

        if inline_x + width <= inline_limit {
            return place(out, text, width, inline_x, y);
        }
        let line_x = group.left.max(self.plot.min.x + 2.0);
        if line_x >= lines.above + LABEL_GAP && line_x + width <= right_limit {
            lines.above = line_x + width;
            return place(out, text, width, line_x, y - LABEL_LINE);
        }
        if line_x >= lines.below + LABEL_GAP && line_x + width <= right_limit {
            lines.below = line_x + width;
            return place(out, text, width, line_x, y + LABEL_LINE);
        }
        let room = inline_limit - inline_x;
        if room >= MIN_ELIDED_WIDTH {
            let (short, short_width) = self.fitted(&text, room, strong)?;
            return place(out, short, short_width, inline_x, y);
        }
        None
    }

    /// Bar row `row` of a lane, at `y`.
    fn layout_bars(&self, lane: &LaneBox, y: f32, row: usize, track: &Track, out: &mut LaneShapes) {
        let color = self.lane_color(lane);
        let range = self.query_range(2.0);
        let count = track.count_overlapping(range);
        if self.too_dense(count, POINTS_PER_BAR_FOR_DENSITY) {
            self.push_density(
                lane,
                track,
                Part::Ranges,
                Some(row),
                y,
                BAR_HEIGHT / 2.0,
                count,
                out,
            );
            return;
        }
        let mut entries: Vec<TrackEntry> = track.overlapping(range).collect();
        entries.sort_unstable_by_key(|e| (e.span.start, e.span.end, e.event));
        let visible_left = self.plot.min.x - 2.0;
        let visible_right = self.plot.max.x + 2.0;
        // (entry, x0, x1) with x clamped to just outside the plot, and at least a few points wide.
        let bars: Vec<(TrackEntry, f32, f32)> = entries
            .iter()
            .map(|&entry| {
                let x0 = self.scale.x(entry.span.start.as_f64()).max(visible_left);
                let x1 = self.scale.x(entry.span.end.as_f64()).min(visible_right);
                (entry, x0, x1.max(x0 + 3.0))
            })
            .collect();

        // Group consecutive tiny bars that touch; wide bars always stand alone.
        let mut groups: Vec<Group> = Vec::new();
        let mut last_was_tiny = false;
        for (i, &(_, x0, x1)) in bars.iter().enumerate() {
            let tiny = x1 - x0 < TINY_BAR_WIDTH;
            match groups.last_mut() {
                Some(group) if tiny && last_was_tiny && x0 < group.right + MERGE_GAP => {
                    group.last = i;
                    let pill = self.pill_width(group.count());
                    group.right = x1.max(group.left + pill);
                }
                _ => groups.push(Group {
                    first: i,
                    last: i,
                    left: x0,
                    right: x1,
                }),
            }
            last_was_tiny = tiny;
        }

        let mut label_right = f32::NEG_INFINITY;
        for (gi, group) in groups.iter().enumerate() {
            let next_left = groups.get(gi + 1).map_or(self.plot.max.x, |g| g.left);
            let members = &bars[group.first..=group.last];
            if let [(entry, x0, x1)] = members {
                let Some(event) = self.event(entry.event) else {
                    continue;
                };
                let (rect, core) = self.push_bar(*x0, *x1, y, color, &event, entry.event, out);
                // A connector belongs at the bar's start; a bar that starts off screen has none.
                if *x0 > self.plot.min.x {
                    out.anchors.push((entry.event, Pos::new(*x0, y)));
                }
                out.link_points.push((entry.event, Pos::new(*x0, y)));
                let label = self.place_bar_label(
                    &event,
                    rect,
                    core,
                    next_left,
                    &mut label_right,
                    color,
                    entry.event,
                    out,
                );
                out.hits.push(Hit {
                    rect,
                    label,
                    target: HitTarget::Event {
                        event: entry.event,
                        lane: lane.actor,
                    },
                });
            } else {
                let rect = self.push_pill(group, y, out);
                if members.iter().any(|m| self.is_marked(m.0.event)) {
                    self.push_pill_ring(rect, out);
                }
                let start = members
                    .iter()
                    .map(|m| m.0.span.start)
                    .min()
                    .unwrap_or_default();
                let end = members
                    .iter()
                    .map(|m| m.0.span.end)
                    .max()
                    .unwrap_or_default();
                out.hits.push(Hit {
                    rect,
                    label: None,
                    target: HitTarget::Cluster {
                        lane: lane.actor,
                        range: TimeRange::new(start, end),
                        count: members.len() as u32,
                    },
                });
            }
        }
    }

    /// Draws a range bar: solid where the event surely ran, faint where its dates' precision
    /// leaves room, dashed or dotted when approximate or uncertain, an arrow when ongoing.
    /// Returns the bar's rectangle and its solid core (x0, x1, opacity), if any.
    #[allow(clippy::too_many_arguments)]
    fn push_bar(
        &self,
        x0: f32,
        x1: f32,
        y: f32,
        color: Rgba,
        event: &Event<'_>,
        idx: EventIdx,
        out: &mut LaneShapes,
    ) -> (Rect, Option<(f32, f32, f32)>) {
        let half = BAR_HEIGHT / 2.0;
        let outer = Rect::from_x_y_ranges((x0, x1), (y - half, y + half));
        let start = event.start();
        let start_qualifier = start.qualifier;
        // Dates without a time cover the days of the zone the events are drawn in.
        let zone = self.dataset.day_zone();
        let start_latest = zone.on_local_days(&start, start.latest());
        let (core_start, core_end, end_qualifier, ongoing) = match event.end() {
            Some(EventEnd::Date(end)) => (
                start_latest,
                zone.on_local_days(&end, end.earliest()),
                end.qualifier,
                false,
            ),
            Some(EventEnd::Present) | None => (
                start_latest,
                self.now,
                Qualifier::EXACT,
                event.end().is_some(),
            ),
        };
        let exact = start_qualifier.is_exact() && end_qualifier.is_exact();

        // The faint full extent, then the solid core where the event surely ran.
        out.marks.push(Shape::Rect {
            rect: outer,
            radius: 3.0,
            fill: Some(color.faded(FRINGE_ALPHA)),
            stroke: None,
        });
        let c0 = self.scale.x(core_start.as_f64()).max(x0);
        let c1 = self.scale.x(core_end.as_f64()).min(x1);
        let core_alpha = if exact { 0.9 } else { 0.7 };
        let core = (c1 > c0).then_some((c0, c1, core_alpha));
        if core.is_some() {
            out.marks.push(Shape::Rect {
                rect: Rect::from_x_y_ranges((c0, c1), (y - half, y + half)),
                radius: 3.0,
                fill: Some(color.faded(core_alpha)),
                stroke: None,
            });
        }
        if !exact {
            let uncertain = start_qualifier.uncertain || end_qualifier.uncertain;
            out.marks.push(Shape::Rect {
                rect: outer,
                radius: 3.0,
                fill: None,
                stroke: Some(Stroke {
                    width: 1.5,
                    color,
                    dash: if uncertain {
                        Dash::Dotted
                    } else {
                        Dash::Dashed
                    },
                }),
            });
        }
        if ongoing && x1 < self.plot.max.x {
            // An open end: an arrow head past the bar's end.
            out.marks.push(Shape::Polygon {
                points: vec![
                    Pos::new(x1, y - half),
                    Pos::new(x1 + half, y),
                    Pos::new(x1, y + half),
                ],
                fill: color.faded(0.9),
            });
        }
        if self.is_marked(idx) {
            out.marks.push(Shape::Rect {
                rect: outer.expand(4.0),
                radius: 5.0,
                fill: None,
                stroke: Some(Stroke::solid(2.5, self.style.search_match)),
            });
        }
        if self.is_selected(idx) {
            out.marks.push(Shape::Rect {
                rect: outer.expand(2.0),
                radius: 4.0,
                fill: None,
                stroke: Some(Stroke::solid(2.5, self.style.selection)),
            });
        } else if Some(idx) == self.hovered {
            out.marks.push(Shape::Rect {
                rect: outer.expand(1.0),
                radius: 3.5,
                fill: None,
                stroke: Some(Stroke::solid(1.5, self.style.hover)),
            });
        }
        (outer, core)
    }

    /// A bar's label: inside it if it fits, else after it before the next bar, else elided.
    #[allow(clippy::too_many_arguments)]
    fn place_bar_label(
        &self,
        event: &Event<'_>,
        bar: Rect,
        core: Option<(f32, f32, f32)>,
        next_left: f32,
        label_right: &mut f32,
        color: Rgba,
        idx: EventIdx,
        out: &mut LaneShapes,
    ) -> Option<Rect> {
        let strong = Some(idx) == self.selected;
        let y = bar.center().y;
        let size = self.style.label_size;
        let title = truncate_chars(event.title(), MAX_MEASURED_CHARS);
        let width = self.text_width(title, strong).min(MAX_LABEL_WIDTH);
        // Never over the previous label of this row (bars overlap in a full row), nor past
        // the next bar.
        let visible_left = self.plot.min.x.max(*label_right + LABEL_GAP - 5.0);
        let visible_right = self.plot.max.x.min(next_left);
        // Inside: preferably on the solid core, where the text reads best.
        let (inside_x, inside_right, fill_alpha) = match core {
            Some((c0, c1, alpha))
                if c1.min(visible_right) - c0.max(visible_left) - 10.0 >= width.min(120.0) =>
            {
                (
                    c0.max(visible_left) + 5.0,
                    c1.min(visible_right) - 5.0,
                    alpha,
                )
            }
            _ => (
                bar.min.x.max(visible_left) + 5.0,
                bar.max.x.min(visible_right) - 5.0,
                FRINGE_ALPHA,
            ),
        };
        let inside_room = inside_right - inside_x;
        let after_x = bar.max.x
            + LABEL_GAP
            + if event.end() == Some(EventEnd::Present) {
                8.0
            } else {
                0.0
            };
        let after_room = if after_x < *label_right + LABEL_GAP {
            0.0
        } else {
            (next_left - LABEL_GAP).min(self.plot.max.x - 2.0) - after_x
        };

        // Text on the bar must read against the bar as it appears on the background.
        let on_bar = self.style.background.mix(color, fill_alpha);
        let inside_color = if luminance(on_bar) > 0.4 {
            Rgba::rgb(0x15, 0x15, 0x15)
        } else {
            Rgba::rgb(0xff, 0xff, 0xff)
        };

        let (x, room, text_color) = if width <= inside_room {
            (inside_x, inside_room, inside_color)
        } else if width <= after_room {
            (after_x, after_room, self.style.text)
        } else if inside_room >= after_room.max(MIN_ELIDED_WIDTH) {
            (inside_x, inside_room, inside_color)
        } else if after_room >= MIN_ELIDED_WIDTH {
            (after_x, after_room, self.style.text)
        } else {
            return None;
        };
        let (text, width) = self.fitted(title, room.min(MAX_LABEL_WIDTH), strong)?;
        *label_right = x + width;
        out.labels
            .push(self.label_shape(text, width, x, y, text_color, strong));
        Some(Shape::text_rect(
            Pos::new(x, y),
            HAlign::Left,
            VAlign::Center,
            width,
            size,
        ))
    }
}

/// How a marker shows its date's qualifier: (shape, filled, outline dash). Exact dates are
/// filled diamonds, approximate ones hollow diamonds, uncertain ones hollow circles.
fn marker_style(qualifier: Qualifier) -> (MarkerShape, bool, Dash) {
    match (qualifier.approximate, qualifier.uncertain) {
        (false, false) => (MarkerShape::Diamond, true, Dash::Solid),
        (true, false) => (MarkerShape::Diamond, false, Dash::Solid),
        (false, true) => (MarkerShape::Circle, false, Dash::Solid),
        (true, true) => (MarkerShape::Circle, false, Dash::Dotted),
    }
}

/// Relative luminance of a colour (alpha ignored).
fn luminance(color: Rgba) -> f32 {
    crate::model::Color::rgb(color.r, color.g, color.b).luminance()
}
