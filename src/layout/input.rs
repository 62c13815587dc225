//! What the timeline layout is given: the dataset and its index, the lanes, the time window,
//! the area, the style, the selection and the links. A file of its own because the timeline
//! and the links (which the timeline draws) both read it.

use crate::index::TimelineIndex;
use crate::model::{Dataset, EventIdx, EventSet, Link};
use crate::query::LaneColumns;
use crate::time::{TimeWindow, Timestamp, Zone};

use super::geometry::{LaneSpec, TimelineGeometry};
use super::link_index::LinkIndex;
use super::scene::Rect;
use super::style::Style;
use super::text::TextMeasure;

/// What to lay out.
#[derive(Clone, Copy)]
pub struct TimelineInput<'a> {
    pub dataset: &'a Dataset,
    pub index: &'a TimelineIndex,
    /// Lanes a backend answered with per-column counts instead of events (a database's
    /// crowded lanes): drawn as density strips from these, not from the index.
    pub columns: Option<&'a LaneColumns>,
    /// The lanes to show, top to bottom, pinned ones first.
    pub lanes: &'a [LaneSpec],
    pub window: TimeWindow,
    /// The whole area: axis, names and plot.
    pub rect: Rect,
    pub scroll_y: f32,
    pub style: &'a Style,
    pub selected: Option<EventIdx>,
    /// More selected events (a selection of several): marked like the selected one.
    pub also_selected: Option<&'a EventSet>,
    pub hovered: Option<EventIdx>,
    /// Where the "now" line goes and ongoing events end.
    pub now: Timestamp,
    /// Events to mark as found (search results): a ring around them.
    pub marked: Option<&'a EventSet>,
    /// Links to draw (those of shown events, of the types turned on).
    pub links: &'a [Link],
    /// The same links by event, for views with many of them; without it every link is
    /// looked at each frame.
    pub link_index: Option<&'a LinkIndex>,
    /// Every link type of the dataset, sorted: a type's place gives its colour and dash, so
    /// turning one off does not restyle the others.
    pub link_kinds: &'a [String],
    /// The wall clock of the axis: its days start at this zone's midnight.
    pub zone: Zone,
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
