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
/// Bounds of the lane-name column.
const NAME_COLUMN_MIN: f32 = 80.0;
const NAME_COLUMN_MAX: f32 = 220.0;

/// One lane's vertical extent, in content coordinates (0 = top of the first lane).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct LaneBox {
    pub actor: ActorIdx,
    pub top: f32,
    pub height: f32,
    /// Rows of bars below the marker row.
    pub bar_rows: usize,
}

impl LaneBox {
    /// Center of the marker row, relative to the lane's top.
    pub fn marker_center(&self) -> f32 {
        LANE_PADDING + MARKER_ROW_HEIGHT / 2.0
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
    /// Vertical scroll of the lanes, clamped to the content.
    pub scroll_y: f32,
}

impl TimelineGeometry {
    pub fn new(
        rect: Rect,
        dataset: &Dataset,
        index: &TimelineIndex,
        lanes: &[ActorIdx],
        scroll_y: f32,
        style: &Style,
        measure: &dyn TextMeasure,
    ) -> Self {
        let widest_name = lanes
            .iter()
            .filter_map(|&a| dataset.actor(a))
            .map(|a| measure.text_width(&a.name, style.lane_name_size, true))
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

        let mut top = 0.0;
        let lanes: Vec<LaneBox> = lanes
            .iter()
            .map(|&actor| {
                let bar_rows = index.lane(actor).map_or(0, |l| l.rows.len());
                let height =
                    2.0 * LANE_PADDING + MARKER_ROW_HEIGHT + BAR_ROW_HEIGHT * bar_rows as f32;
                let lane = LaneBox {
                    actor,
                    top,
                    height,
                    bar_rows,
                };
                top += height;
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

    /// The screen y of a lane's top.
    pub fn lane_top(&self, lane: &LaneBox) -> f32 {
        self.plot.min.y + lane.top - self.scroll_y
    }

    /// A lane's rectangle across the names and the plot, on screen.
    pub fn lane_rect(&self, lane: &LaneBox) -> Rect {
        let top = self.lane_top(lane);
        Rect::from_x_y_ranges((self.rect.min.x, self.rect.max.x), (top, top + lane.height))
    }

    /// The lane under a screen y, if any.
    pub fn lane_at(&self, y: f32) -> Option<&LaneBox> {
        self.lanes.iter().find(|lane| {
            let top = self.lane_top(lane);
            top <= y && y < top + lane.height
        })
    }
}
