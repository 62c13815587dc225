//! Layout, pure: (dataset, index, view window, lane geometry, text measurer) → a [`Scene`] of
//! plain primitives, with level of detail (merged marks) and label collision avoidance. Never
//! touches egui, so every decision here is testable without a window, and the window and
//! exported pictures are drawn from the same scene.

mod axis;
mod geometry;
mod input;
mod lanes;
mod link_index;
mod links;
mod page;
mod scene;
mod style;
mod text;
mod timeline;

#[cfg(test)]
mod tests;

pub use geometry::{AXIS_HEIGHT, LaneBox, LaneSpec, TimelineGeometry};
pub use input::TimelineInput;
pub use lanes::{DENSITY_COLUMN, MARKER_RADIUS};
pub use link_index::LinkIndex;
pub use links::link_dash;
pub use page::{
    MIN_PAGE_WIDTH, PageInput, Paragraph, append_paragraphs, events_in_view, layout_page,
    page_notes, source_citation, text_page,
};
pub use scene::{
    ColumnGrid, Dash, HAlign, Hit, HitTarget, Layer, MarkerShape, Pos, Rect, Rgba, Scene, Shape,
    Stroke, VAlign,
};
pub use style::{Style, ThemeChoice};
pub use text::{FixedWidthMeasure, MAX_MEASURED_CHARS, TextMeasure, elide, truncate_chars, wrap};
pub use timeline::layout_timeline;
