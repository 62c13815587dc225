//! Backends that draw a layout [`Scene`](crate::layout::Scene): the egui painter the window
//! uses, and an SVG writer with PNG rasterisation and PDF conversion for exported pictures. All
//! of them use the bundled [`fonts`], so the window and the pictures place text the same way.

pub mod egui_painter;
pub mod export;
pub mod fonts;
pub mod headless;
pub mod pdf;
pub mod png;
pub mod story;
pub mod svg;
