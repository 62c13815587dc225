//! Colours and sizes of the timeline, light and dark. Plain data, so the window and exported
//! pictures look the same.

use super::scene::Rgba;

/// How the timeline looks.
#[derive(Clone, Debug, PartialEq)]
pub struct Style {
    pub dark: bool,
    pub background: Rgba,
    /// Behind the lane names and the axis.
    pub panel: Rgba,
    pub text: Rgba,
    pub weak_text: Rgba,
    /// Lines between lanes and under the axis.
    pub separator: Rgba,
    /// Vertical lines at ticks.
    pub grid: Rgba,
    /// Vertical lines at the coarser boundaries (months above days).
    pub grid_strong: Rgba,
    /// How strongly a lane's colour tints its background (alternate lanes get half).
    pub lane_tint: f32,
    pub selection: Rgba,
    pub hover: Rgba,
    pub connector: Rgba,
    /// The count pills of merged events.
    pub cluster_fill: Rgba,
    pub cluster_text: Rgba,
    pub now_line: Rgba,
    /// Point sizes of texts.
    pub label_size: f32,
    pub axis_size: f32,
    pub lane_name_size: f32,
}

impl Style {
    pub fn light() -> Self {
        Self {
            dark: false,
            background: Rgba::rgb(0xfb, 0xfb, 0xfa),
            panel: Rgba::rgb(0xef, 0xef, 0xec),
            text: Rgba::rgb(0x1f, 0x23, 0x28),
            weak_text: Rgba::rgb(0x5f, 0x63, 0x68),
            separator: Rgba::rgb(0xd0, 0xd0, 0xcc),
            grid: Rgba::new(0, 0, 0, 18),
            grid_strong: Rgba::new(0, 0, 0, 48),
            lane_tint: 0.07,
            selection: Rgba::rgb(0xff, 0x8c, 0x00),
            hover: Rgba::rgb(0x30, 0x30, 0x30),
            connector: Rgba::new(0x40, 0x40, 0x48, 150),
            cluster_fill: Rgba::rgb(0x4a, 0x4e, 0x56),
            cluster_text: Rgba::rgb(0xff, 0xff, 0xff),
            now_line: Rgba::rgb(0xc0, 0x30, 0x30),
            label_size: 13.0,
            axis_size: 12.0,
            lane_name_size: 14.0,
        }
    }

    pub fn dark() -> Self {
        Self {
            dark: true,
            background: Rgba::rgb(0x1b, 0x1d, 0x21),
            panel: Rgba::rgb(0x24, 0x27, 0x2c),
            text: Rgba::rgb(0xe6, 0xe6, 0xe3),
            weak_text: Rgba::rgb(0xa0, 0xa3, 0xa8),
            separator: Rgba::rgb(0x3a, 0x3d, 0x43),
            grid: Rgba::new(255, 255, 255, 16),
            grid_strong: Rgba::new(255, 255, 255, 44),
            lane_tint: 0.10,
            selection: Rgba::rgb(0xff, 0xa5, 0x2e),
            hover: Rgba::rgb(0xf0, 0xf0, 0xf0),
            connector: Rgba::new(0xc8, 0xc8, 0xd0, 140),
            cluster_fill: Rgba::rgb(0xc9, 0xcc, 0xd1),
            cluster_text: Rgba::rgb(0x1b, 0x1d, 0x21),
            now_line: Rgba::rgb(0xff, 0x6b, 0x6b),
            label_size: 13.0,
            axis_size: 12.0,
            lane_name_size: 14.0,
        }
    }
}
