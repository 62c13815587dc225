//! Timelanes: a native swimlane timeline of who did what and when.
//!
//! Data flows one way: file → [`model`] → [`index`] → [`layout`] → scene → [`render`]. Every
//! part except [`app`] and the egui backend builds and tests without a window.

pub mod app;
pub mod cli;
pub mod edit;
pub mod index;
pub mod io;
pub mod layout;
pub mod model;
pub mod parallel;
pub mod query;
pub mod render;
pub mod synth;
pub mod time;
pub mod view;
