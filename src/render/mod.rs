//! Backends that draw a layout [`Scene`](crate::layout::Scene): the egui painter the window
//! uses (SVG and PNG writers come next, drawing the same scene).

pub mod egui_painter;
