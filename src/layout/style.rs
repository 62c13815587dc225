//! Colours and sizes of the timeline, light and dark. Plain data, so the window and exported
//! pictures look the same.

use serde::{Deserialize, Serialize};

use super::scene::Rgba;

/// Which look the user chose: the window follows it, and `render --theme` picks one too.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
pub enum ThemeChoice {
    /// Follow the operating system.
    #[default]
    System,
    Light,
    Dark,
    /// Black and white with pure accents, for low vision.
    HighContrast,
}

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
    /// The ring around search results.
    pub search_match: Rgba,
    /// Colours of link types, by the type's place among the dataset's types.
    pub link_colors: Vec<Rgba>,
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
            search_match: Rgba::rgb(0xc0, 0x10, 0x90),
            link_colors: vec![
                Rgba::rgb(0x55, 0x3c, 0x9a),
                Rgba::rgb(0x1b, 0x7f, 0x5a),
                Rgba::rgb(0x9a, 0x4a, 0x0c),
                Rgba::rgb(0x2b, 0x5c, 0x9e),
            ],
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
            search_match: Rgba::rgb(0xff, 0x5c, 0xd6),
            link_colors: vec![
                Rgba::rgb(0xb9, 0xa6, 0xf2),
                Rgba::rgb(0x6f, 0xd6, 0xa8),
                Rgba::rgb(0xf2, 0xb2, 0x73),
                Rgba::rgb(0x8c, 0xbc, 0xf2),
            ],
            label_size: 13.0,
            axis_size: 12.0,
            lane_name_size: 14.0,
        }
    }

    /// Black and white with pure, saturated accents and thicker connectors: for low vision
    /// and bright rooms. Lane colours stay the dataset's own (they name the actors).
    pub fn high_contrast() -> Self {
        Self {
            dark: true,
            background: Rgba::rgb(0, 0, 0),
            panel: Rgba::rgb(0x10, 0x10, 0x10),
            text: Rgba::rgb(0xff, 0xff, 0xff),
            weak_text: Rgba::rgb(0xe0, 0xe0, 0xe0),
            separator: Rgba::rgb(0x90, 0x90, 0x90),
            grid: Rgba::new(255, 255, 255, 60),
            grid_strong: Rgba::new(255, 255, 255, 130),
            lane_tint: 0.0,
            selection: Rgba::rgb(0xff, 0xff, 0x00),
            hover: Rgba::rgb(0xff, 0xff, 0xff),
            connector: Rgba::rgb(0xff, 0xff, 0xff),
            cluster_fill: Rgba::rgb(0xff, 0xff, 0xff),
            cluster_text: Rgba::rgb(0, 0, 0),
            now_line: Rgba::rgb(0xff, 0x40, 0x40),
            search_match: Rgba::rgb(0x00, 0xff, 0xff),
            link_colors: vec![
                Rgba::rgb(0xff, 0xff, 0xff),
                Rgba::rgb(0x00, 0xff, 0x00),
                Rgba::rgb(0xff, 0xa0, 0x00),
                Rgba::rgb(0x80, 0xc0, 0xff),
            ],
            label_size: 14.0,
            axis_size: 13.0,
            lane_name_size: 15.0,
        }
    }
}
