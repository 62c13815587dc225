//! The eframe application: window, menus, panels, dialogs, input → view changes, screenshots.
//!
//! Everything the user sees of a dataset is drawn by [`crate::layout`] through the egui
//! backend; this module owns the state around it and turns user actions into changes of it.
//! The rooms (see `docs/ARCHITECTURE.md`):
//! - every user action is a [`commands::Command`]: the menus, keys, help and palette are made
//!   from that table, and `command_handling` runs them;
//! - one file per panel (`*_ui.rs` beside the timeline) and per modal window;
//! - `opening` and `exporting` hold the flows that start background [`jobs`];
//! - `state` groups what the app holds by purpose.

mod aliases_ui;
mod bulk_editor_ui;
mod cli_screenshot;
mod clipboard;
mod cluster_list_ui;
mod command_handling;
pub mod commands;
mod database_table;
mod database_view;
mod details_ui;
mod dialogs;
mod document;
mod editing;
mod event_drag;
mod event_editor_ui;
mod export_ui;
mod exporting;
mod file_watch;
mod filters_ui;
mod follow_edits;
mod help_ui;
mod icon;
mod jobs;
mod journaling;
mod lane_editing;
mod lanes_editor_ui;
mod load_failure_ui;
mod loading;
mod mapping_ui;
mod menu;
mod note_editing;
mod notes_ui;
mod opening;
mod overview_ui;
mod palette_ui;
mod panels;
mod path_prompt_ui;
mod problems_ui;
mod screenshot;
mod search_ui;
mod selection;
mod settings;
mod state;
mod status_bar;
mod story_export;
mod story_play;
mod table_ui;
mod theme;
mod time_zone_ui;
mod timeline_tooltips;
mod timeline_ui;
mod unsaved_ui;
mod windows;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};
use std::time::Duration;

use crate::time::TimeRange;

pub use crate::view::{Search, Shown};
pub use database_view::DatabaseView;
pub use document::{Document, DocumentSource};
pub use file_watch::DEFAULT_WATCH_INTERVAL;
pub use jobs::{Job, JobFailed};
pub use loading::{LoadRequest, load, load_with};
pub use settings::{Settings, ThemeChoice};
pub use table_ui::{SortBy, TableState};
pub use timeline_ui::{TimelineView, timeline_ui};

use state::{BackgroundJobs, Panels, Preferences, StatusMessage, Windows};

/// How the program was started.
#[derive(Clone, Debug)]
pub struct AppOptions {
    /// The file to open; `None` opens the bundled dataset.
    pub file: Option<PathBuf>,
    /// Save a screenshot here once the dataset is drawn, then exit.
    pub screenshot: Option<PathBuf>,
    /// Window size in points.
    pub size: Option<[f32; 2]>,
    /// Overrides the stored theme.
    pub theme: Option<ThemeChoice>,
    /// The first view of the first dataset, instead of fitting it.
    pub initial_range: Option<TimeRange>,
    /// Centre the first view on this date, at a zoom that suits its precision.
    pub at: Option<crate::time::Date>,
    /// Present this story (by name) from this step (from 0) once the dataset is open.
    pub story: Option<(String, usize)>,
    /// Ask for typed paths instead of showing native file dialogs.
    pub no_native_dialogs: bool,
    /// Where the settings are kept; `None` keeps them in memory only (tests).
    pub settings_path: Option<PathBuf>,
    /// How often the open file is looked at for changes on disk (tests make it short).
    pub watch_interval: Duration,
}

impl Default for AppOptions {
    fn default() -> Self {
        Self {
            file: None,
            screenshot: None,
            size: None,
            theme: None,
            initial_range: None,
            at: None,
            story: None,
            no_native_dialogs: false,
            settings_path: None,
            watch_interval: DEFAULT_WATCH_INTERVAL,
        }
    }
}

/// The application: what is open, how it is shown, and everything around it.
pub struct TimelanesApp {
    /// The open dataset; `None` until the first load ends.
    document: Option<Document>,
    /// How the open dataset is looked at: time window, scroll, selection.
    view: Option<TimelineView>,
    /// The panels around the timeline, and their state.
    panels: Panels,
    /// Modal windows and banners, each open while it holds something.
    windows: Windows,
    /// Work running off the UI thread.
    jobs: BackgroundJobs,
    /// The user's settings, theme and aliases, and where they are kept.
    prefs: Preferences,
    /// The message at the right of the status bar.
    status: Option<StatusMessage>,
    /// The open file changed on disk and the user has not said what to do.
    changed_on_disk: bool,
    /// Shown instead of fitting when the first dataset opens.
    initial: state::StartView,
    /// The user chose to close without saving: let the window go.
    allow_close: bool,
    /// The timeline's width last frame: the default width of an exported image.
    timeline_width: f32,
    /// The title last sent to the window.
    window_title: String,
    /// The context, for threads that wake the window.
    ctx: egui::Context,
}

impl TimelanesApp {
    /// Creates the app and starts loading the requested file (or the bundled dataset).
    pub fn new(cc: &eframe::CreationContext<'_>, options: AppOptions) -> Self {
        Self::with_context(&cc.egui_ctx, options, Arc::new(AtomicI32::new(0)), true)
    }

    /// An app with a document already open (for tests and embedding).
    pub fn with_document(ctx: &egui::Context, document: Document) -> Self {
        let options = AppOptions::default();
        let mut app = Self::with_context(ctx, options, Arc::new(AtomicI32::new(0)), false);
        app.open_document(document);
        app
    }

    pub fn document(&self) -> Option<&Document> {
        self.document.as_ref()
    }

    pub fn view(&self) -> Option<&TimelineView> {
        self.view.as_ref()
    }

    pub fn view_mut(&mut self) -> Option<&mut TimelineView> {
        self.view.as_mut()
    }

    /// Use typed paths instead of native file dialogs (where none can be shown, or in tests).
    pub fn set_native_dialogs(&mut self, native: bool) {
        self.prefs.native_dialogs = native;
    }

    /// How often the open file is looked at for changes (from the next file opened on).
    pub fn set_watch_interval(&mut self, interval: Duration) {
        self.prefs.watch_interval = interval;
    }

    pub fn is_loading(&self) -> bool {
        self.jobs.loading.is_some()
    }

    /// The last load failure, as shown to the user.
    pub fn load_failure(&self) -> Option<&str> {
        self.windows.load_failure.as_deref()
    }

    /// Closes the load failure message, as its OK button does.
    pub fn dismiss_load_failure(&mut self) {
        self.windows.load_failure = None;
    }

    /// Whether the open file changed on disk (and was not reloaded yet).
    pub fn changed_on_disk(&self) -> bool {
        self.changed_on_disk
    }

    fn set_status(&mut self, text: impl Into<String>, error: bool) {
        self.status = Some(StatusMessage::new(text, error));
    }
}

/// A text from a dataset, cut for display: a tooltip, a window title or a label never lays out
/// megabytes.
pub(crate) fn shown(text: &str, max_chars: usize) -> std::borrow::Cow<'_, str> {
    let cut = crate::layout::truncate_chars(text, max_chars);
    if cut.len() == text.len() {
        std::borrow::Cow::Borrowed(text)
    } else {
        std::borrow::Cow::Owned(format!(
            "{cut}… ({} characters in all)",
            text.chars().count()
        ))
    }
}

impl eframe::App for TimelanesApp {
    fn logic(&mut self, ctx: &egui::Context, _frame: &mut eframe::Frame) {
        self.poll_loading();
        self.poll_file_watch(ctx);
        self.poll_dialog(ctx);
        self.poll_screenshot_export(ctx);
        self.poll_image_export();
        self.handle_dropped_files(ctx);
        self.start_story_asked(ctx);
        if self.windows.story_play.is_some() {
            // A story being presented takes the keys: ← → step, Space plays, Esc leaves.
            self.story_keys(ctx);
        } else {
            self.handle_shortcuts(ctx);
        }
        self.guard_close(ctx);
        self.refresh_shown();
        self.drive_database(ctx);
        if self.panels.side {
            self.fetch_selected_record(ctx);
        }
        self.write_journal();
        self.drive_cli_screenshot(ctx);
        self.update_title(ctx);
        self.save_settings();
        if self.jobs.busy() {
            // Keep the spinner turning; results also wake us up on their own.
            ctx.request_repaint_after(Duration::from_millis(100));
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        self.panels_ui(ui);
        let ctx = ui.ctx().clone();
        self.windows_ui(&ctx);
    }

    fn save(&mut self, _storage: &mut dyn eframe::Storage) {
        self.save_settings();
    }

    fn on_exit(&mut self, _gl: Option<&eframe::glow::Context>) {
        self.save_settings();
        self.finish_journal();
        self.prefs.flush_settings();
    }
}

/// Where the user's actor aliases are kept: beside the settings.
pub fn aliases_path() -> Option<PathBuf> {
    Settings::default_path().map(|p| p.with_file_name("aliases.json"))
}

/// Opens the window; returns the process exit code (0, or the `--screenshot` failure code).
pub fn run(options: AppOptions) -> anyhow::Result<i32> {
    let size = options.size.unwrap_or([1400.0, 900.0]);
    let screenshot_mode = options.screenshot.is_some();
    let viewport = egui::ViewportBuilder::default()
        .with_title("Timelanes")
        .with_app_id("timelanes")
        .with_icon(Arc::new(icon::window_icon()))
        .with_inner_size(size)
        .with_min_inner_size([480.0, 320.0])
        .with_drag_and_drop(true);
    let native = eframe::NativeOptions {
        viewport,
        // A screenshot run must get exactly the size asked for, not the last window's.
        persist_window: !screenshot_mode,
        ..Default::default()
    };
    let exit_code = Arc::new(AtomicI32::new(0));
    let app_exit_code = exit_code.clone();
    eframe::run_native(
        "Timelanes",
        native,
        Box::new(move |cc| {
            Ok(Box::new(TimelanesApp::with_context(
                &cc.egui_ctx,
                options,
                app_exit_code,
                true,
            )))
        }),
    )
    .map_err(|e| anyhow::anyhow!("could not open the window: {e}"))?;
    Ok(exit_code.load(Ordering::SeqCst))
}
