//! Where things go: the axis band on top, the lane-name column on the left, the plot, and each
//! lane's height (taller lanes for actors with overlapping ranges).

use crate::index::TimelineIndex;
use crate::model::{ActorIdx, Dataset};
use crate::time::{TimeScale, TimeWindow};

use super::scene::{Pos, Rect};
use super::style::Style;
use super::text::TextMeasure;

/// Height of the time axis band: a row of context labels over a row of tick labels.
pub const AXIS_HEIGHT: f32 = 44.0;
/// Height of the row under the axis that names the dataset's eras (when it has any).
pub const ERA_ROW_HEIGHT: f32 = 20.0;
/// Space above and below the content of a lane.
pub const LANE_PADDING: f32 = 6.0;
/// One line of event labels.
pub const LABEL_LINE: f32 = 17.0;
/// The marker row: a line for labels above, the markers with inline labels, a line below.
pub const MARKER_ROW_HEIGHT: f32 = 3.0 * LABEL_LINE;
/// One row of range bars.
pub const BAR_ROW_HEIGHT: f32 = 21.0;
/// A range bar's thickness.
pub const BAR_HEIGHT: f32 = 15.0;
/// A collapsed lane: a thin strip of where its events are.
pub const COLLAPSED_LANE_HEIGHT: f32 = 22.0;
/// Indent of a group member's name per level.
pub const GROUP_INDENT: f32 = 14.0;
/// Bounds of the lane-name column.
const NAME_COLUMN_MIN: f32 = 80.0;
const NAME_COLUMN_MAX: f32 = 220.0;

/// A lane to show, and how the user arranged it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct LaneSpec {
    pub actor: ActorIdx,
    /// How deep in groups (0 = top level): the name is indented.
    pub depth: u8,
    /// Stays at the top of the plot while the other lanes scroll.
    pub pinned: bool,
    /// Drawn as a thin strip of where its events are.
    pub collapsed: bool,
    /// For a group whose members can be shown: whether they are folded away.
    pub group: Option<bool>,
}

impl LaneSpec {
    /// A lane as the file has it.
    pub fn plain(actor: ActorIdx) -> Self {
        Self {
            actor,
            depth: 0,
            pinned: false,
            collapsed: false,
            group: None,
        }
    }

    /// Every actor of a dataset, in the file's order.
    pub fn all(dataset: &Dataset) -> Vec<Self> {
        (0..dataset.actors.len() as u32)
            .map(|i| Self::plain(ActorIdx(i)))
            .collect()
    }
}

/// One lane's vertical extent, in content coordinates (0 = top of the first lane).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LaneBox {
    pub actor: ActorIdx,
    pub spec: LaneSpec,
    pub top: f32,
    pub height: f32,
    /// Rows of bars below the marker row.
    pub bar_rows: usize,
}

impl LaneBox {
    /// Center of the marker row, relative to the lane's top.
    pub fn marker_center(&self) -> f32 {
        if self.spec.collapsed {
            COLLAPSED_LANE_HEIGHT / 2.0
        } else {
            LANE_PADDING + MARKER_ROW_HEIGHT / 2.0
        }
    }

    /// Center of bar row `row`, relative to the lane's top.
    pub fn bar_center(&self, row: usize) -> f32 {
        LANE_PADDING + MARKER_ROW_HEIGHT + BAR_ROW_HEIGHT * (row as f32 + 0.5)
    }
}

/// The parts of the timeline area.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineGeometry {
    pub rect: Rect,
    /// The time axis, above the plot.
    pub axis: Rect,
    /// The row naming the eras, between the axis and the plot; `None` without eras.
    pub era_row: Option<Rect>,
    /// The lane names, left of the plot.
    pub names: Rect,
    /// Where the lanes and events are drawn.
    pub plot: Rect,
    pub lanes: Vec<LaneBox>,
    pub content_height: f32,
    /// Height of the pinned lanes at the top of the plot, which do not scroll.
    pub pinned_height: f32,
    /// Vertical scroll of the lanes, clamped to the content.
    pub scroll_y: f32,
}

impl TimelineGeometry {
    pub fn new(
        rect: Rect,
        dataset: &Dataset,
        index: &TimelineIndex,
        lanes: &[LaneSpec],
        scroll_y: f32,
        style: &Style,
        measure: &dyn TextMeasure,
    ) -> Self {
        let widest_name = lanes
            .iter()
            .filter_map(|lane| Some((lane, dataset.actor(lane.actor)?)))
            .map(|(lane, a)| {
                measure.text_width(&a.name, style.lane_name_size, true) + name_indent(lane)
            })
            .fold(0.0_f32, f32::max);
        let name_width = (widest_name + 30.0)
            .clamp(NAME_COLUMN_MIN, NAME_COLUMN_MAX)
            .min((rect.width() * 0.35).max(40.0));
        let split_x = rect.min.x + name_width;
        let ticks_bottom = rect.min.y + AXIS_HEIGHT;
        let axis_bottom = if dataset.eras.is_empty() {
            ticks_bottom
        } else {
            ticks_bottom + ERA_ROW_HEIGHT
        };

        // Pinned lanes first (the arrangement puts them there), then the others.
        let mut top = 0.0;
        let mut pinned_height = 0.0;
        let lanes: Vec<LaneBox> = lanes
            .iter()
            .map(|&spec| {
                let bar_rows = index.lane(spec.actor).map_or(0, |l| l.rows.len());
                let height = if spec.collapsed {
                    COLLAPSED_LANE_HEIGHT
                } else {
                    2.0 * LANE_PADDING + MARKER_ROW_HEIGHT + BAR_ROW_HEIGHT * bar_rows as f32
                };
                let lane = LaneBox {
                    actor: spec.actor,
                    spec,
                    top,
                    height,
                    bar_rows,
                };
                top += height;
                if spec.pinned {
                    pinned_height = top;
                }
                lane
            })
            .collect();
        let content_height = top;
        let plot = Rect::from_min_max(Pos::new(split_x, axis_bottom), rect.max);
        let max_scroll = (content_height - plot.height()).max(0.0);
        Self {
            rect,
            axis: Rect::from_x_y_ranges((split_x, rect.max.x), (rect.min.y, ticks_bottom)),
            era_row: (axis_bottom > ticks_bottom)
                .then(|| Rect::from_x_y_ranges((split_x, rect.max.x), (ticks_bottom, axis_bottom))),
            names: Rect::from_x_y_ranges((rect.min.x, split_x), (axis_bottom, rect.max.y)),
            plot,
            lanes,
            content_height,
            // Pinned lanes taller than the plot would leave nothing to scroll into view.
            pinned_height: pinned_height.min(plot.height() * 0.6),
            scroll_y: if scroll_y.is_finite() {
                scroll_y.clamp(0.0, max_scroll)
            } else {
                0.0
            },
        }
    }

    /// The height above the lanes: the axis, and the era row if there is one.
    pub fn header_height(&self) -> f32 {
        self.plot.min.y - self.rect.min.y
    }

    /// How far the lanes can scroll.
    pub fn max_scroll(&self) -> f32 {
        (self.content_height - self.plot.height()).max(0.0)
    }

    /// The time↔x mapping of the plot.
    pub fn scale(&self, window: TimeWindow) -> TimeScale {
        TimeScale::new(window, self.plot.min.x, self.plot.max.x)
    }

    /// The screen y of a lane's top: pinned lanes do not scroll.
    pub fn lane_top(&self, lane: &LaneBox) -> f32 {
        if lane.spec.pinned {
            self.plot.min.y + lane.top
        } else {
            self.plot.min.y + lane.top - self.scroll_y
        }
    }

    /// Where the pinned lanes are drawn, at the top of the plot.
    pub fn pinned_area(&self) -> Rect {
        Rect::from_x_y_ranges(
            (self.plot.min.x, self.plot.max.x),
            (self.plot.min.y, self.plot.min.y + self.pinned_height),
        )
    }

    /// Where the other lanes scroll, under the pinned ones.
    pub fn scrolling_area(&self) -> Rect {
        Rect::from_x_y_ranges(
            (self.plot.min.x, self.plot.max.x),
            (self.plot.min.y + self.pinned_height, self.plot.max.y),
        )
    }

    /// The lane drawn for an actor, if shown.
    pub fn lane_of(&self, actor: ActorIdx) -> Option<&LaneBox> {
        self.lanes.iter().find(|lane| lane.actor == actor)
    }

    /// A lane's rectangle across the names and the plot, on screen.
    pub fn lane_rect(&self, lane: &LaneBox) -> Rect {
        let top = self.lane_top(lane);
        Rect::from_x_y_ranges((self.rect.min.x, self.rect.max.x), (top, top + lane.height))
    }

    /// The lane under a screen y, if any (a pinned lane covers the ones scrolled under it).
    pub fn lane_at(&self, y: f32) -> Option<&LaneBox> {
        let in_pinned = y < self.plot.min.y + self.pinned_height;
        self.lanes.iter().find(|lane| {
            let top = self.lane_top(lane);
            lane.spec.pinned == in_pinned && top <= y && y < top + lane.height
        })
    }
}

/// How far a lane's name is indented: by its depth in groups, and for a group's fold arrow.
pub fn name_indent(lane: &LaneSpec) -> f32 {
    f32::from(lane.depth) * GROUP_INDENT
        + if lane.group.is_some() {
            GROUP_INDENT
        } else {
            0.0
        }
}
