//! Every integration test in one binary (one link instead of nine): the loader and importers
//! on real files, the broken-file corpus, the command line run for real, pictures to publish,
//! the window's UI through egui_kittest, time zones (and `list`), and the real window under
//! Xvfb.

mod analyst;
mod cli;
mod clickhouse;
mod clickhouse_servers;
mod commands;
mod common;
mod contract;
mod corpus;
mod database_ui;
mod edit;
mod editing;
mod follow;
mod fuzz;
mod import;
mod loader;
mod parquet;
mod pdf;
mod render;
mod screenshot;
mod story;
mod story_export;
mod timelinejs_browser;
mod ui;
mod zones;
