//! The eframe application: window, menus, panels, dialogs, input → view changes, screenshots.
//!
//! Everything the user sees of a dataset is drawn by [`crate::layout`] through the egui
//! backend; this module owns the state around it (what is open, what is loading, the view,
//! the selection) and turns user actions into changes of that state.

mod aliases_ui;
mod details_ui;
mod dialogs;
mod document;
mod export_ui;
mod file_watch;
mod filters_ui;
mod loading;
mod mapping_ui;
mod overview_ui;
mod problems_ui;
mod screenshot;
mod search_ui;
mod settings;
mod table_ui;
mod timeline_ui;

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::{AtomicI32, Ordering};
use std::sync::mpsc::Receiver;
use std::time::{Duration, Instant};

use egui::{Key, KeyboardShortcut, Modifiers, RichText};

use crate::io::ImportOptions;
use crate::layout::Style;
use crate::model::{EventIdx, summary};
use crate::time::{TimeRange, TimeWindow, Timestamp, describe_window};

pub use crate::view::{Search, Shown};
pub use document::{Document, DocumentSource};
pub use loading::{LoadRequest, load};
pub use settings::{Settings, ThemeChoice};
pub use table_ui::{SortBy, TableState};
pub use timeline_ui::{TimelineView, timeline_ui};

use details_ui::{DetailsAction, side_panel_ui};
use dialogs::{DialogJob, DialogOutcome, DialogPurpose, PathPrompt};
use export_ui::{ExportAction, ExportJob, ExportSettings, export_settings_ui};
use loading::LoadJob;
use problems_ui::problems_ui;
use timeline_ui::TimelineAction;

const OPEN_SHORTCUT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::O);
const SCREENSHOT_SHORTCUT: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::S);
const QUIT_SHORTCUT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::Q);
const EXPORT_SHORTCUT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::E);
const PROBLEMS_SHORTCUT: KeyboardShortcut =
    KeyboardShortcut::new(Modifiers::COMMAND.plus(Modifiers::SHIFT), Key::P);
const FIND_SHORTCUT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::F);
const FILTERS_SHORTCUT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::L);
const TABLE_SHORTCUT: KeyboardShortcut = KeyboardShortcut::new(Modifiers::COMMAND, Key::T);

/// Zoom factor of one `+` or `-` key press.
const KEY_ZOOM: f64 = 1.5;
/// Pan of one arrow key press, as a fraction of the visible span.
const KEY_PAN: f64 = 0.15;
/// Vertical scroll of one arrow key press, in points.
const KEY_SCROLL: f32 = 40.0;
/// How long `--screenshot` waits for the dataset before giving up.
const SCREENSHOT_TIMEOUT: Duration = Duration::from_secs(60);
/// Frames drawn after loading before `--screenshot` captures (fonts and layout settle).
const SCREENSHOT_SETTLE_FRAMES: u32 = 3;

/// The keyboard shortcuts, for the help window and the README.
pub const SHORTCUTS: &[(&str, &str)] = &[
    ("Mouse wheel, pinch", "Zoom at the cursor"),
    ("Drag", "Pan (and scroll the lanes)"),
    ("Wheel over lane names", "Scroll the lanes"),
    ("W / S, + / -", "Zoom in / out"),
    ("A / D, ← / →", "Pan earlier / later"),
    ("↑ / ↓", "Scroll the lanes"),
    ("F or Home", "Fit everything"),
    ("Tab / Shift+Tab", "Next / previous event in time"),
    ("Enter", "Show the selected event's details"),
    ("Click", "Select an event (details on the right)"),
    ("Double-click", "Zoom to an event (or zoom in)"),
    ("Esc", "Clear the selection (or close the search)"),
    (
        "Ctrl+F",
        "Find: search titles, descriptions, tags, actors, sources",
    ),
    (
        "Enter / Shift+Enter, . / ,",
        "Next / previous search result",
    ),
    ("Ctrl+L", "Filters and lanes panel"),
    ("Ctrl+T", "Table of the events in view"),
    (
        "Drag a lane name",
        "Move the lane; right-click it to hide, pin, collapse",
    ),
    (
        "Overview strip",
        "Drag the box to pan, its edges to zoom; click to jump",
    ),
    ("Ctrl+O", "Open a dataset"),
    ("Ctrl+E", "Export an image of the view (SVG or PNG)"),
    ("Ctrl+Shift+S", "Export a screenshot of the window (PNG)"),
    ("Ctrl+Shift+P", "Show or hide the problems panel"),
    ("F1 or ?", "This list"),
    ("Ctrl+Q", "Quit"),
];

/// How the program was started.
#[derive(Clone, Debug, Default)]
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
    /// Ask for typed paths instead of showing native file dialogs.
    pub no_native_dialogs: bool,
    /// Where the settings are kept; `None` keeps them in memory only (tests).
    pub settings_path: Option<PathBuf>,
}

/// A message in the status bar.
struct StatusMessage {
    text: String,
    error: bool,
    at: Instant,
}

/// The `--screenshot` run: capture once drawn, then close with an exit code.
struct CliScreenshot {
    path: PathBuf,
    settled_frames: u32,
    pending: Option<Receiver<Arc<egui::ColorImage>>>,
    started: Instant,
    exit_code: Arc<AtomicI32>,
    /// Set once the exit code is final and the window asked to close.
    finished: bool,
}

/// A screenshot being exported from the window.
enum Export {
    Idle,
    /// The image was requested; it arrives in a frame or two.
    Capturing {
        path: PathBuf,
        receiver: Receiver<Arc<egui::ColorImage>>,
    },
    /// The PNG is being written.
    Saving {
        receiver: Receiver<Result<PathBuf, String>>,
    },
}

/// The list shown when a merged mark of simultaneous events is clicked.
struct ClusterList {
    events: Vec<EventIdx>,
    at: egui::Pos2,
}

pub struct TimelanesApp {
    settings: Settings,
    /// Where the settings are written, and what was last written there.
    settings_path: Option<PathBuf>,
    saved_settings: Settings,
    document: Option<Document>,
    view: Option<TimelineView>,
    loading: Option<LoadJob>,
    /// The last failed load, shown until dismissed.
    load_failure: Option<String>,
    dialog: Option<DialogJob>,
    path_prompt: Option<PathPrompt>,
    export: Export,
    cli_screenshot: Option<CliScreenshot>,
    status: Option<StatusMessage>,
    show_problems: bool,
    /// The side panel with the selected event or the dataset.
    show_side_panel: bool,
    show_help: bool,
    cluster_list: Option<ClusterList>,
    light_style: Style,
    dark_style: Style,
    /// The title last sent to the window.
    window_title: String,
    /// Shown instead of fitting when the first dataset opens.
    initial_range: Option<TimeRange>,
    /// Whether to try native file dialogs before asking for a typed path.
    native_dialogs: bool,
    /// The export window's settings, while it is open.
    export_settings: Option<ExportSettings>,
    /// An image being written in the background.
    image_export: Option<Receiver<Result<String, String>>>,
    /// The timeline's width last frame: the default width of an exported image.
    timeline_width: f32,
    /// Watches the open file for changes on disk.
    watch: Option<file_watch::FileWatch>,
    /// The context, for threads that wake the window.
    ctx: egui::Context,
    /// The open file changed on disk and the user has not said what to do.
    changed_on_disk: bool,
    /// A warning shown until dismissed (settings that could not be read).
    notice: Option<String>,
    /// The actor aliases imports use: built in, and the user's.
    aliases: Arc<crate::io::aliases::Aliases>,
    /// Where the user's aliases are kept.
    aliases_path: Option<PathBuf>,
    /// The user's aliases being edited, while the editor is open.
    alias_editor: Option<aliases_ui::AliasEditor>,
    /// A CSV file waiting for its columns to be mapped.
    mapping_request: Option<mapping_ui::MappingRequest>,
    high_contrast_style: Style,
    /// The theme in use (the command line's, or the settings').
    theme: ThemeChoice,
    show_search: bool,
    /// The search results listed under the field.
    show_search_list: bool,
    /// Put the keyboard in the search field next frame.
    focus_search: bool,
    show_filters: bool,
    show_table: bool,
    show_overview: bool,
    overview_cache: overview_ui::OverviewCache,
    table: TableState,
}

impl TimelanesApp {
    /// Creates the app and starts loading the requested file (or the bundled dataset).
    pub fn new(cc: &eframe::CreationContext<'_>, options: AppOptions) -> Self {
        Self::with_context(&cc.egui_ctx, options, Arc::new(AtomicI32::new(0)), true)
    }

    /// The app; `load` starts loading the file of `options` (or the bundled dataset).
    fn with_context(
        ctx: &egui::Context,
        options: AppOptions,
        exit_code: Arc<AtomicI32>,
        load: bool,
    ) -> Self {
        let (settings, settings_warning) = match &options.settings_path {
            Some(path) => Settings::load(path),
            None => (Settings::default(), None),
        };
        crate::render::fonts::install(ctx);
        let theme = options.theme.unwrap_or(settings.theme);
        apply_theme(ctx, theme);
        let request = match options.file {
            Some(path) => LoadRequest::Path(path),
            None => LoadRequest::Bundled,
        };
        let saved_settings = settings.clone();
        let aliases_path = options
            .settings_path
            .as_ref()
            .map(|p| p.with_file_name("aliases.json"));
        let (alias_rules, aliases_warning) = match &aliases_path {
            Some(path) => crate::io::aliases::Aliases::load_user_rules(path),
            None => (Vec::new(), None),
        };
        let settings_warning = match (settings_warning, aliases_warning) {
            (Some(a), Some(b)) => Some(format!("{a} {b}")),
            (a, b) => a.or(b),
        };
        // A screenshot run reads the settings but leaves them alone.
        let settings_path = options
            .settings_path
            .filter(|_| options.screenshot.is_none());
        let cli_screenshot = options.screenshot.map(|path| CliScreenshot {
            path,
            settled_frames: 0,
            pending: None,
            started: Instant::now(),
            exit_code,
            finished: false,
        });
        let aliases = Arc::new(crate::io::aliases::Aliases::with_user_rules(alias_rules));
        let import_options = ImportOptions {
            aliases: aliases.clone(),
            mapping: None,
            remembered: settings.csv_mappings.clone(),
        };
        Self {
            settings,
            document: None,
            view: None,
            // A load nobody waits for would still wake the window when it ends.
            loading: load.then(|| LoadJob::spawn(request, import_options, ctx)),
            load_failure: None,
            dialog: None,
            path_prompt: None,
            export: Export::Idle,
            cli_screenshot,
            status: None,
            notice: settings_warning,
            aliases,
            aliases_path,
            alias_editor: None,
            mapping_request: None,
            show_problems: false,
            show_side_panel: true,
            show_help: false,
            cluster_list: None,
            light_style: Style::light(),
            dark_style: Style::dark(),
            high_contrast_style: Style::high_contrast(),
            theme,
            show_search: false,
            show_search_list: true,
            focus_search: false,
            show_filters: false,
            show_table: false,
            show_overview: true,
            overview_cache: overview_ui::OverviewCache::default(),
            table: TableState::default(),
            window_title: String::new(),
            saved_settings,
            settings_path,
            initial_range: options.initial_range,
            native_dialogs: !options.no_native_dialogs,
            export_settings: None,
            image_export: None,
            timeline_width: 1200.0,
            watch: None,
            ctx: ctx.clone(),
            changed_on_disk: false,
        }
    }

    /// An app with a document already open (for tests and embedding).
    pub fn with_document(ctx: &egui::Context, document: Document) -> Self {
        let mut app = Self::with_context(
            ctx,
            AppOptions::default(),
            Arc::new(AtomicI32::new(0)),
            false,
        );
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
        self.native_dialogs = native;
    }

    pub fn is_loading(&self) -> bool {
        self.loading.is_some()
    }

    /// The last load failure, as shown to the user.
    pub fn load_failure(&self) -> Option<&str> {
        self.load_failure.as_deref()
    }

    /// Closes the load failure message, as its OK button does.
    pub fn dismiss_load_failure(&mut self) {
        self.load_failure = None;
    }

    /// Starts loading a file in the background; what is open stays open until it succeeds.
    pub fn open_path(&mut self, path: PathBuf, ctx: &egui::Context) {
        self.load_failure = None;
        self.loading = Some(LoadJob::spawn(
            LoadRequest::Path(path),
            self.import_options(),
            ctx,
        ));
    }

    /// Writes the settings if they changed; a failure is reported, never fatal.
    fn save_settings(&mut self) {
        let Some(path) = &self.settings_path else {
            return;
        };
        if self.settings == self.saved_settings {
            return;
        }
        match self.settings.save(path) {
            Ok(()) => self.saved_settings = self.settings.clone(),
            Err(error) => {
                let message = format!("Settings not saved to {}: {error}", path.display());
                // Do not retry every frame.
                self.saved_settings = self.settings.clone();
                self.set_status(message, true);
            }
        }
    }

    /// How to import files: the aliases and the remembered CSV mappings.
    fn import_options(&self) -> ImportOptions {
        ImportOptions {
            aliases: self.aliases.clone(),
            mapping: None,
            remembered: self.settings.csv_mappings.clone(),
        }
    }

    fn set_status(&mut self, text: impl Into<String>, error: bool) {
        self.status = Some(StatusMessage {
            text: text.into(),
            error,
            at: Instant::now(),
        });
    }

    /// Reloads the open file, keeping the view; what is open stays until the new version is
    /// read, and stays if it cannot be.
    pub fn reload(&mut self, ctx: &egui::Context) {
        let Some(DocumentSource::File(path)) = self.document.as_ref().map(|d| d.source.clone())
        else {
            return;
        };
        self.changed_on_disk = false;
        self.load_failure = None;
        let mut job = LoadJob::spawn(LoadRequest::Path(path), self.import_options(), ctx);
        job.reload = true;
        self.loading = Some(job);
    }

    /// Keeps the user's actor aliases (on disk when there is a settings folder) and
    /// re-imports the open file with them.
    fn save_aliases(&mut self, rules: Vec<crate::io::aliases::AliasRule>, ctx: &egui::Context) {
        if let Some(path) = &self.aliases_path
            && let Err(error) = crate::io::aliases::Aliases::save_user_rules(&rules, path)
        {
            self.set_status(
                format!("Aliases not saved to {}: {error}", path.display()),
                true,
            );
        }
        self.aliases = Arc::new(crate::io::aliases::Aliases::with_user_rules(rules));
        self.reload(ctx);
    }

    /// Opens the column mapping window for the open CSV file, starting from its mapping.
    fn map_columns_again(&mut self) {
        let Some(DocumentSource::File(path)) = self.document.as_ref().map(|d| d.source.clone())
        else {
            return;
        };
        let request = mapping_ui::MappingRequest::for_file(&path, None).map(|mut request| {
            let key = crate::io::csv_table::header_key(&request.preview.header);
            if let Some(mapping) = self.settings.csv_mappings.get(&key) {
                request.mapping = mapping.clone();
            }
            request
        });
        match request {
            Some(request) => self.mapping_request = Some(request),
            None => self.set_status(
                format!("{} is not a CSV file", crate::io::display_name(&path)),
                true,
            ),
        }
    }

    /// Brings what is shown up to date with the filters, lanes and search, and remembers the
    /// file's view settings.
    fn refresh_shown(&mut self) {
        let Some(document) = &mut self.document else {
            return;
        };
        document.refresh_shown();
        if self.cli_screenshot.is_some() {
            return;
        }
        let key = document.settings_key();
        let remembered = self.settings.views.get(key);
        let default = document.shown.settings == crate::view::ViewSettings::default();
        if remembered != Some(&document.shown.settings) && !(remembered.is_none() && default) {
            self.settings
                .remember_view(key.to_owned(), document.shown.settings.clone());
        }
    }

    /// Whether the open file changed on disk (and was not reloaded yet).
    pub fn changed_on_disk(&self) -> bool {
        self.changed_on_disk
    }

    /// Looks at the file watcher: reloads, or offers to.
    fn poll_file_watch(&mut self, ctx: &egui::Context) {
        let changed = self.watch.as_ref().is_some_and(|w| w.take_change());
        if !changed || self.loading.is_some() {
            return;
        }
        if self.settings.auto_reload {
            self.reload(ctx);
        } else {
            self.changed_on_disk = true;
        }
    }

    fn open_document(&mut self, document: Document) {
        self.open_document_keeping(document, false);
    }

    /// Shows a new document; after a reload, with the same view and selection.
    fn open_document_keeping(&mut self, mut document: Document, keep_view: bool) {
        if let DocumentSource::File(path) = &document.source {
            self.settings.remember_file(path);
        }
        // Filters and lanes: as they were before a reload, else as this file was left.
        match (&self.document, keep_view) {
            (Some(old), true) => {
                document.shown.search.query = old.shown.search.query.clone();
                document.set_view_settings(old.shown.settings.clone());
            }
            _ => {
                if let Some(settings) = self.settings.views.get(document.settings_key()) {
                    document.set_view_settings(settings.clone());
                }
                document.refresh_shown();
            }
        }
        self.watch = match (&document.source, document.stamp) {
            (DocumentSource::File(path), Some(stamp)) => {
                file_watch::FileWatch::spawn(path.clone(), stamp, &self.ctx)
            }
            _ => None,
        };
        self.changed_on_disk = false;
        if keep_view && let (Some(old), Some(view)) = (&self.document, &mut self.view) {
            // The same event by its id, if it has one and still exists.
            view.selected = view
                .selected
                .and_then(|e| old.dataset.event(e))
                .and_then(|e| e.id())
                .and_then(|id| document.dataset.events().find(|e| e.id() == Some(id)))
                .map(|e| e.idx());
            view.hovered = None;
            let name = document.name();
            self.set_status(
                if document.problems.is_empty() {
                    format!("Reloaded {name}")
                } else {
                    format!("Reloaded {name}; {}", summary(&document.problems))
                },
                false,
            );
            self.show_problems = !document.problems.is_empty();
            self.cluster_list = None;
            self.document = Some(document);
            return;
        }
        let counts = format!(
            "Opened {}: {} events, {} actors",
            document.name(),
            document.dataset.event_count(),
            document.dataset.actors.len()
        );
        if document.problems.is_empty() {
            self.set_status(counts, false);
        } else {
            self.set_status(format!("{counts}; {}", summary(&document.problems)), false);
        }
        self.show_problems = !document.problems.is_empty();
        let mut view = TimelineView::fitted(&document);
        if let Some(range) = self.initial_range.take() {
            view.window = TimeWindow::new(range.start.as_f64(), range.end.as_f64())
                .clamped(document.max_view_span());
        }
        self.view = Some(view);
        self.cluster_list = None;
        self.document = Some(document);
    }

    /// Takes the result of a finished load.
    fn poll_loading(&mut self) {
        let Some(result) = self.loading.as_ref().and_then(LoadJob::poll) else {
            return;
        };
        let (request, reload) = match self.loading.take() {
            Some(job) => (Some(job.request), job.reload),
            None => (None, false),
        };
        match result {
            Ok(document) => self.open_document_keeping(document, reload),
            Err(crate::io::LoadError::NeedsMapping { preview, .. })
                if self.cli_screenshot.is_none()
                    && let Some(LoadRequest::Path(path)) = &request =>
            {
                let name = crate::io::display_name(path);
                self.mapping_request =
                    Some(mapping_ui::MappingRequest::new(path.clone(), preview, None));
                self.set_status(format!("Choose the columns of {name}"), false);
            }
            Err(error) => {
                let message = format!("{error}");
                self.set_status(
                    format!(
                        "Could not open {}",
                        request.map_or_else(String::new, |r| r.name())
                    ),
                    true,
                );
                if let Some(shot) = &self.cli_screenshot {
                    eprintln!("timelanes: {message}");
                    shot.exit_code.store(error.exit_code(), Ordering::SeqCst);
                }
                self.load_failure = Some(message);
            }
        }
    }

    fn start_dialog(&mut self, purpose: DialogPurpose, ctx: &egui::Context) {
        if self.dialog.is_some() {
            return;
        }
        let directory = match (&purpose, self.document.as_ref().map(|d| &d.source)) {
            (_, Some(DocumentSource::File(path))) => path.parent().map(PathBuf::from),
            _ => std::env::current_dir().ok(),
        };
        let job = if self.native_dialogs {
            DialogJob::spawn(purpose.clone(), directory, ctx)
        } else {
            None
        };
        match job {
            Some(job) => self.dialog = Some(job),
            None => self.show_path_prompt(purpose),
        }
    }

    fn show_path_prompt(&mut self, purpose: DialogPurpose) {
        let initial = match &purpose {
            DialogPurpose::Open => String::new(),
            DialogPurpose::SaveScreenshot { default_name }
            | DialogPurpose::SaveImage { default_name, .. } => std::env::current_dir()
                .map(|d| d.join(default_name).display().to_string())
                .unwrap_or_else(|_| default_name.clone()),
        };
        let reason = dialogs::unavailable_reason(self.native_dialogs).to_owned();
        self.path_prompt = Some(PathPrompt::new(purpose, initial, reason));
    }

    fn poll_dialog(&mut self, ctx: &egui::Context) {
        let Some(outcome) = self.dialog.as_ref().and_then(DialogJob::poll) else {
            return;
        };
        let Some(job) = self.dialog.take() else {
            return;
        };
        match outcome {
            DialogOutcome::Chosen(path) => self.path_chosen(job.purpose, path, ctx),
            DialogOutcome::Cancelled => {}
            DialogOutcome::Unavailable => self.show_path_prompt(job.purpose),
        }
    }

    fn path_chosen(&mut self, purpose: DialogPurpose, path: PathBuf, ctx: &egui::Context) {
        match purpose {
            DialogPurpose::Open => self.open_path(path, ctx),
            DialogPurpose::SaveScreenshot { .. } => {
                let path = if path.extension().is_none() {
                    path.with_extension("png")
                } else {
                    path
                };
                self.export = Export::Capturing {
                    path,
                    receiver: screenshot::request(ctx),
                };
            }
            DialogPurpose::SaveImage { settings, .. } => {
                let path = if path.extension().is_none() {
                    path.with_extension(settings.format.extension())
                } else {
                    path
                };
                let (Some(document), Some(view)) = (&self.document, &self.view) else {
                    return;
                };
                let job = ExportJob {
                    dataset: document.dataset.clone(),
                    index: document.shown.index.clone(),
                    lanes: document.shown.lanes.clone(),
                    links: document.shown.links.clone(),
                    link_kinds: document.shown.link_kinds.clone(),
                    window: view.window,
                    settings,
                    path,
                };
                self.set_status("Exporting…", false);
                self.image_export = Some(export_ui::spawn(job, ctx));
            }
        }
    }

    /// Opens the export window with settings for the current view.
    fn open_export_settings(&mut self, ctx: &egui::Context) {
        let Some(document) = &self.document else {
            return;
        };
        let title = if document.dataset.title.is_empty() {
            document.name()
        } else {
            document.dataset.title.clone()
        };
        let dark = ctx.global_style().visuals.dark_mode;
        self.export_settings = Some(ExportSettings::new(self.timeline_width, &title, dark));
    }

    fn poll_image_export(&mut self) {
        let Some(result) = self.image_export.as_ref().and_then(export_ui::poll) else {
            return;
        };
        self.image_export = None;
        match result {
            Ok(message) => self.set_status(message, false),
            Err(message) => self.set_status(format!("Image not exported: {message}"), true),
        }
    }

    fn request_screenshot_export(&mut self, ctx: &egui::Context) {
        let name = self
            .document
            .as_ref()
            .map_or_else(|| "timelanes".to_owned(), Document::name);
        let default_name = screenshot::default_file_name(&name, Timestamp::now());
        self.start_dialog(DialogPurpose::SaveScreenshot { default_name }, ctx);
    }

    fn poll_export(&mut self, ctx: &egui::Context) {
        match &self.export {
            Export::Idle => {}
            Export::Capturing { path, receiver } => match screenshot::poll(receiver) {
                None => {}
                Some(Ok(image)) => {
                    let receiver = screenshot::save_in_background(path.clone(), image, ctx);
                    self.export = Export::Saving { receiver };
                }
                Some(Err(())) => {
                    self.export = Export::Idle;
                    self.set_status("The screenshot could not be taken", true);
                }
            },
            Export::Saving { receiver } => match receiver.try_recv() {
                Ok(Ok(path)) => {
                    self.export = Export::Idle;
                    self.set_status(format!("Saved screenshot to {}", path.display()), false);
                }
                Ok(Err(message)) => {
                    self.export = Export::Idle;
                    self.set_status(format!("Screenshot not saved: {message}"), true);
                }
                Err(std::sync::mpsc::TryRecvError::Empty) => {}
                Err(std::sync::mpsc::TryRecvError::Disconnected) => {
                    self.export = Export::Idle;
                    self.set_status("Screenshot not saved: the writer stopped", true);
                }
            },
        }
    }

    /// The `--screenshot` run: wait for the dataset, let it settle, capture, save, close.
    fn drive_cli_screenshot(&mut self, ctx: &egui::Context) {
        let Some(shot) = &mut self.cli_screenshot else {
            return;
        };
        if shot.finished {
            return;
        }
        let close = |code: i32, shot: &mut CliScreenshot| {
            shot.exit_code.store(code, Ordering::SeqCst);
            shot.finished = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        };
        if self.load_failure.is_some() {
            // The failure was printed and its code stored when the load ended.
            shot.finished = true;
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
            return;
        }
        if shot.started.elapsed() > SCREENSHOT_TIMEOUT {
            eprintln!("timelanes: gave up waiting for the window to draw the dataset");
            close(1, shot);
            return;
        }
        ctx.request_repaint();
        if self.document.is_none() || self.loading.is_some() {
            return;
        }
        if shot.settled_frames < SCREENSHOT_SETTLE_FRAMES {
            shot.settled_frames += 1;
            return;
        }
        match &shot.pending {
            None => shot.pending = Some(screenshot::request(ctx)),
            Some(receiver) => match screenshot::poll(receiver) {
                None => {}
                Some(Ok(image)) => match screenshot::save_png(&shot.path, &image) {
                    Ok(()) => {
                        println!(
                            "Saved screenshot ({}×{} pixels) to {}",
                            image.size[0],
                            image.size[1],
                            shot.path.display()
                        );
                        close(0, shot);
                    }
                    Err(error) => {
                        eprintln!("timelanes: {error:#}");
                        close(1, shot);
                    }
                },
                Some(Err(())) => {
                    eprintln!("timelanes: the window did not deliver a screenshot");
                    close(1, shot);
                }
            },
        }
    }

    /// Keyboard shortcuts that work anywhere (unless a text field has the keyboard).
    fn handle_shortcuts(&mut self, ctx: &egui::Context) {
        if ctx.input_mut(|i| i.consume_shortcut(&OPEN_SHORTCUT)) {
            self.start_dialog(DialogPurpose::Open, ctx);
        }
        if ctx.input_mut(|i| i.consume_shortcut(&SCREENSHOT_SHORTCUT)) {
            self.request_screenshot_export(ctx);
        }
        if ctx.input_mut(|i| i.consume_shortcut(&EXPORT_SHORTCUT)) {
            self.open_export_settings(ctx);
        }
        if ctx.input_mut(|i| i.consume_shortcut(&PROBLEMS_SHORTCUT)) {
            self.show_problems = !self.show_problems;
        }
        if ctx.input_mut(|i| i.consume_shortcut(&QUIT_SHORTCUT)) {
            ctx.send_viewport_cmd(egui::ViewportCommand::Close);
        }
        if ctx.input_mut(|i| i.consume_shortcut(&FIND_SHORTCUT)) {
            self.show_search = true;
            self.focus_search = true;
        }
        if ctx.input_mut(|i| i.consume_shortcut(&FILTERS_SHORTCUT)) {
            self.show_filters = !self.show_filters;
        }
        if ctx.input_mut(|i| i.consume_shortcut(&TABLE_SHORTCUT)) {
            self.show_table = !self.show_table;
        }
        // Keys act on the timeline unless a text field has them, or a button or link has
        // the focus (Enter and Space are theirs then).
        let focused = ctx.memory(|m| m.focused());
        let timeline_has_keys = focused.is_none() || focused == Some(timeline_ui::timeline_id());
        if ctx.text_edit_focused() || !timeline_has_keys {
            return;
        }
        let pressed = |key: Key| ctx.input(|i| i.key_pressed(key) && !i.modifiers.command);
        let shift = ctx.input(|i| i.modifiers.shift);
        if pressed(Key::F1) || pressed(Key::Questionmark) {
            self.show_help = !self.show_help;
        }
        if pressed(Key::Escape) {
            if self.cluster_list.is_some() {
                self.cluster_list = None;
            } else if let Some(view) = &mut self.view {
                view.selected = None;
            }
        }
        let (Some(document), Some(view)) = (&mut self.document, &mut self.view) else {
            return;
        };
        if pressed(Key::Tab)
            && let Some(event) =
                document
                    .shown
                    .step_event(&document.dataset, view.selected, !shift, view.window)
        {
            view.go_to_and_separate(event, document);
        }
        if pressed(Key::Enter) && view.selected.is_some() {
            self.show_side_panel = true;
        }
        if pressed(Key::Period) || pressed(Key::Comma) {
            let forward = pressed(Key::Period);
            if let Some(event) =
                document
                    .shown
                    .step_search(&document.dataset, forward, view.selected)
            {
                view.go_to_and_separate(event, document);
            }
        }
        if pressed(Key::Plus) || pressed(Key::Equals) || pressed(Key::W) {
            view.zoom_center(KEY_ZOOM, document);
        }
        if pressed(Key::Minus) || pressed(Key::S) {
            view.zoom_center(1.0 / KEY_ZOOM, document);
        }
        if pressed(Key::ArrowLeft) || pressed(Key::A) {
            view.pan_fraction(-KEY_PAN);
        }
        if pressed(Key::ArrowRight) || pressed(Key::D) {
            view.pan_fraction(KEY_PAN);
        }
        if pressed(Key::ArrowUp) {
            view.scroll_y -= KEY_SCROLL;
        }
        if pressed(Key::ArrowDown) {
            view.scroll_y += KEY_SCROLL;
        }
        if pressed(Key::F) || pressed(Key::Home) {
            view.window = document.fit_window();
        }
    }

    fn handle_dropped_files(&mut self, ctx: &egui::Context) {
        let dropped = ctx.input(|i| {
            i.raw
                .dropped_files
                .iter()
                .map(|f| f.path().to_owned())
                .find(|p| !p.as_os_str().is_empty())
        });
        if let Some(path) = dropped {
            self.open_path(path, ctx);
        }
    }

    fn menu_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        egui::MenuBar::new().ui(ui, |ui| {
            ui.menu_button("File", |ui| {
                if ui
                    .add(
                        egui::Button::new("Open…")
                            .shortcut_text(ctx.format_shortcut(&OPEN_SHORTCUT)),
                    )
                    .clicked()
                {
                    self.start_dialog(DialogPurpose::Open, &ctx);
                }
                ui.menu_button("Open recent", |ui| {
                    if self.settings.recent_files.is_empty() {
                        ui.weak("No recent files");
                    }
                    let mut chosen = None;
                    for path in &self.settings.recent_files {
                        if ui.button(path.display().to_string()).clicked() {
                            chosen = Some(path.clone());
                        }
                    }
                    ui.separator();
                    if ui.button("Bundled example dataset").clicked() {
                        self.loading = Some(LoadJob::spawn(
                            LoadRequest::Bundled,
                            ImportOptions::default(),
                            &ctx,
                        ));
                    }
                    if let Some(path) = chosen {
                        self.open_path(path, &ctx);
                    }
                });
                let is_table = matches!(
                    self.document.as_ref().map(|d| &d.source),
                    Some(DocumentSource::File(path)) if crate::io::is_table_name(path)
                );
                if ui
                    .add_enabled(is_table, egui::Button::new("Choose the columns again…"))
                    .on_hover_text(
                        "Which column of this CSV file is the date, the title, the actors…",
                    )
                    .clicked()
                {
                    self.map_columns_again();
                }
                ui.separator();
                let can_export = self.document.is_some();
                if ui
                    .add_enabled(
                        can_export,
                        egui::Button::new("Export image…")
                            .shortcut_text(ctx.format_shortcut(&EXPORT_SHORTCUT)),
                    )
                    .clicked()
                {
                    self.open_export_settings(&ctx);
                }
                if ui
                    .add_enabled(
                        can_export,
                        egui::Button::new("Export screenshot…")
                            .shortcut_text(ctx.format_shortcut(&SCREENSHOT_SHORTCUT)),
                    )
                    .clicked()
                {
                    self.request_screenshot_export(&ctx);
                }
                ui.separator();
                if ui
                    .add(
                        egui::Button::new("Quit")
                            .shortcut_text(ctx.format_shortcut(&QUIT_SHORTCUT)),
                    )
                    .clicked()
                {
                    ctx.send_viewport_cmd(egui::ViewportCommand::Close);
                }
            });
            ui.menu_button("View", |ui| {
                let has_view = self.view.is_some();
                if ui
                    .add_enabled(
                        has_view,
                        egui::Button::new("Fit everything").shortcut_text("F"),
                    )
                    .clicked()
                    && let (Some(document), Some(view)) = (&self.document, &mut self.view)
                {
                    view.window = document.fit_window();
                }
                if ui
                    .add_enabled(has_view, egui::Button::new("Zoom in").shortcut_text("+"))
                    .clicked()
                    && let (Some(document), Some(view)) = (&self.document, &mut self.view)
                {
                    view.zoom_center(KEY_ZOOM, document);
                }
                if ui
                    .add_enabled(has_view, egui::Button::new("Zoom out").shortcut_text("-"))
                    .clicked()
                    && let (Some(document), Some(view)) = (&self.document, &mut self.view)
                {
                    view.zoom_center(1.0 / KEY_ZOOM, document);
                }
                ui.separator();
                if ui
                    .add(
                        egui::Button::new("Find…")
                            .shortcut_text(ctx.format_shortcut(&FIND_SHORTCUT)),
                    )
                    .clicked()
                {
                    self.show_search = true;
                    self.focus_search = true;
                }
                ui.add(egui::Checkbox::new(
                    &mut self.show_filters,
                    "Filters and lanes",
                ))
                .on_hover_text(ctx.format_shortcut(&FILTERS_SHORTCUT));
                ui.add(egui::Checkbox::new(
                    &mut self.show_table,
                    "Table of events in view",
                ))
                .on_hover_text(ctx.format_shortcut(&TABLE_SHORTCUT));
                ui.checkbox(&mut self.show_overview, "Overview strip");
                if let Some(document) = &mut self.document
                    && !document.dataset.links.is_empty()
                {
                    let mut draw = !document.shown.settings.hide_links;
                    if ui.checkbox(&mut draw, "Links between events").changed() {
                        document.shown.settings.hide_links = !draw;
                    }
                }
                ui.separator();
                ui.checkbox(&mut self.show_side_panel, "Side panel (details)");
                ui.checkbox(
                    &mut self.settings.auto_reload,
                    "Reload the file when it changes on disk",
                );
                ui.checkbox(&mut self.show_problems, "Problems panel");
                ui.separator();
                if ui
                    .button("Actor aliases…")
                    .on_hover_text("Which names and codes in imported files share a lane")
                    .clicked()
                {
                    self.alias_editor = Some(aliases_ui::AliasEditor::new(&self.aliases));
                }
                ui.separator();
                ui.label("Theme");
                let mut theme = self.settings.theme;
                ui.radio_value(&mut theme, ThemeChoice::System, "Follow the system");
                ui.radio_value(&mut theme, ThemeChoice::Light, "Light");
                ui.radio_value(&mut theme, ThemeChoice::Dark, "Dark");
                ui.radio_value(&mut theme, ThemeChoice::HighContrast, "High contrast");
                if theme != self.settings.theme {
                    self.settings.theme = theme;
                    self.theme = theme;
                    apply_theme(&ctx, theme);
                }
            });
            ui.menu_button("Help", |ui| {
                if ui
                    .add(egui::Button::new("Keyboard and mouse").shortcut_text("F1"))
                    .clicked()
                {
                    self.show_help = true;
                }
                ui.hyperlink_to(
                    "Date format and symbols",
                    "https://www.loc.gov/standards/datetime/",
                );
            });
        });
    }

    /// The banner offering to reload a file that changed on disk.
    fn changed_on_disk_ui(&mut self, ui: &mut egui::Ui) {
        let name = self
            .document
            .as_ref()
            .map_or_else(String::new, Document::name);
        ui.horizontal(|ui| {
            ui.label(RichText::new(format!("{name} has changed on disk.")).strong());
            if ui.button("Reload").clicked() {
                let ctx = ui.ctx().clone();
                self.reload(&ctx);
            }
            if ui
                .button("Always reload")
                .on_hover_text("Reload without asking from now on (View menu to change)")
                .clicked()
            {
                self.settings.auto_reload = true;
                let ctx = ui.ctx().clone();
                self.reload(&ctx);
            }
            if ui.button("Keep this version").clicked() {
                self.changed_on_disk = false;
            }
        });
    }

    fn status_ui(&mut self, ui: &mut egui::Ui) {
        ui.horizontal(|ui| {
            if let Some(job) = &self.loading {
                let (stage, _) = job.progress.get();
                let doing = match stage {
                    crate::io::Stage::Reading => "Reading",
                    crate::io::Stage::Parsing => "Reading events of",
                    crate::io::Stage::Indexing => "Indexing",
                };
                ui.add(
                    egui::ProgressBar::new(job.progress.overall())
                        .desired_width(160.0)
                        .show_percentage(),
                );
                ui.label(format!("{doing} {}…", job.request.name()));
                if ui.button("Cancel").clicked() {
                    job.cancel();
                    self.loading = None;
                    self.set_status("Loading cancelled; the open dataset stays open", false);
                    return;
                }
                ui.separator();
            }
            if let (Some(document), Some(view)) = (&self.document, &self.view) {
                ui.label(RichText::new(document.name()).strong());
                let total = document.dataset.event_count();
                let shown = document.shown.shown_count(&document.dataset);
                let hidden_lanes = document.dataset.actors.len() - document.shown.lanes.len();
                let mut counts = if shown == total {
                    format!("{total} events")
                } else {
                    format!("{shown} of {total} events shown")
                };
                counts.push_str(&format!(" · {} actors", document.dataset.actors.len()));
                if hidden_lanes > 0 {
                    counts.push_str(&format!(" ({hidden_lanes} lanes hidden)"));
                }
                let filtered = shown != total || hidden_lanes > 0;
                let text = if filtered {
                    RichText::new(counts).color(ui.visuals().warn_fg_color)
                } else {
                    RichText::new(counts)
                };
                if ui
                    .add(egui::Label::new(text).sense(egui::Sense::click()))
                    .on_hover_text("Filters and lanes (Ctrl+L)")
                    .clicked()
                {
                    self.show_filters = !self.show_filters;
                }
                ui.separator();
                ui.label(describe_window(view.window));
                if !document.problems.is_empty() {
                    ui.separator();
                    let errors = document.problems.iter().any(|p| p.is_error());
                    let text = RichText::new(summary(&document.problems)).color(if errors {
                        egui::Color32::from_rgb(0xd0, 0x40, 0x40)
                    } else {
                        egui::Color32::from_rgb(0xd0, 0x90, 0x20)
                    });
                    if ui
                        .link(text)
                        .on_hover_text("Show the problems panel")
                        .clicked()
                    {
                        self.show_problems = !self.show_problems;
                    }
                }
            }
            if let Some(status) = &self.status {
                // Old good news fades; errors stay until replaced.
                if status.error || status.at.elapsed() < Duration::from_secs(12) {
                    ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
                        let text = RichText::new(&status.text);
                        ui.label(if status.error {
                            text.color(ui.visuals().error_fg_color)
                        } else {
                            text
                        });
                    });
                }
            }
        });
    }

    fn windows_ui(&mut self, ctx: &egui::Context) {
        if let Some(message) = self.load_failure.clone() {
            let mut open = true;
            let keep = if self.document.is_some() {
                "The dataset that was open stays open."
            } else {
                "Open another file with File > Open…"
            };
            egui::Window::new("Could not open the file")
                .collapsible(false)
                .resizable(true)
                .default_width(520.0)
                .open(&mut open)
                .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
                .show(ctx, |ui| {
                    ui.label(RichText::new(&message).monospace());
                    ui.add_space(6.0);
                    ui.weak(keep);
                    if ui.button("OK").clicked() {
                        self.load_failure = None;
                    }
                });
            if !open {
                self.load_failure = None;
            }
        }

        if let Some(prompt) = &mut self.path_prompt {
            let mut submitted = None;
            let mut cancelled = false;
            egui::Window::new(prompt.purpose.title())
                .collapsible(false)
                .default_width(520.0)
                .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
                .show(ctx, |ui| {
                    ui.weak(&prompt.reason);
                    ui.horizontal(|ui| {
                        ui.label("Path:");
                        let edit = ui.add(
                            egui::TextEdit::singleline(&mut prompt.text)
                                .desired_width(380.0)
                                .hint_text("/path/to/dataset.json"),
                        );
                        if !prompt.focused {
                            edit.request_focus();
                            prompt.focused = true;
                        }
                        if edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                            submitted = Some(prompt.text.clone());
                        }
                    });
                    if prompt.purpose == DialogPurpose::Open
                        && !self.settings.recent_files.is_empty()
                    {
                        ui.label("Recent files:");
                        for path in &self.settings.recent_files {
                            if ui.link(path.display().to_string()).clicked() {
                                submitted = Some(path.display().to_string());
                            }
                        }
                    }
                    ui.horizontal(|ui| {
                        let action = match prompt.purpose {
                            DialogPurpose::Open => "Open",
                            DialogPurpose::SaveScreenshot { .. }
                            | DialogPurpose::SaveImage { .. } => "Save",
                        };
                        if ui.button(action).clicked() {
                            submitted = Some(prompt.text.clone());
                        }
                        if ui.button("Cancel").clicked() {
                            cancelled = true;
                        }
                    });
                });
            if let Some(text) = submitted.filter(|t| !t.trim().is_empty()) {
                let purpose = prompt.purpose.clone();
                self.path_prompt = None;
                self.path_chosen(purpose, PathBuf::from(text.trim()), ctx);
            } else if cancelled {
                self.path_prompt = None;
            }
        }

        if let (Some(settings), Some(view), Some(document)) =
            (&mut self.export_settings, &self.view, &self.document)
        {
            let mut action = None;
            let mut open = true;
            egui::Window::new("Export image")
                .collapsible(false)
                .open(&mut open)
                .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
                .show(ctx, |ui| {
                    action =
                        export_settings_ui(ui, settings, view.window, document.shown.lanes.len());
                });
            match action {
                Some(ExportAction::Export) => {
                    let settings = settings.clone();
                    let default_name = export_ui::default_file_name(
                        &document.name(),
                        settings.format,
                        Timestamp::now(),
                    );
                    self.export_settings = None;
                    self.start_dialog(
                        DialogPurpose::SaveImage {
                            default_name,
                            settings,
                        },
                        ctx,
                    );
                }
                Some(ExportAction::Cancel) => self.export_settings = None,
                None if !open => self.export_settings = None,
                None => {}
            }
        }

        if let Some(request) = &mut self.mapping_request {
            match mapping_ui::mapping_ui(ctx, request, &self.aliases) {
                mapping_ui::MappingAction::None => {}
                mapping_ui::MappingAction::Cancel => {
                    self.mapping_request = None;
                    self.set_status("Not opened: no columns were chosen", false);
                }
                mapping_ui::MappingAction::Open(path, mapping) => {
                    let key = crate::io::csv_table::header_key(&request.preview.header);
                    self.settings.csv_mappings.insert(key, mapping.clone());
                    self.mapping_request = None;
                    self.load_failure = None;
                    let options = ImportOptions {
                        mapping: Some(mapping),
                        ..self.import_options()
                    };
                    self.loading = Some(LoadJob::spawn(LoadRequest::Path(path), options, ctx));
                }
            }
        }

        if let Some(editor) = &mut self.alias_editor {
            match aliases_ui::alias_editor_ui(ctx, editor, self.aliases_path.as_deref()) {
                aliases_ui::AliasAction::None => {}
                aliases_ui::AliasAction::Cancel => self.alias_editor = None,
                aliases_ui::AliasAction::Save(rules) => {
                    self.alias_editor = None;
                    self.save_aliases(rules, ctx);
                }
            }
        }

        if self.show_help {
            egui::Window::new("Keyboard and mouse")
                .open(&mut self.show_help)
                .collapsible(false)
                .show(ctx, |ui| {
                    egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                        for (keys, what) in SHORTCUTS {
                            ui.label(RichText::new(*keys).monospace());
                            ui.label(*what);
                            ui.end_row();
                        }
                    });
                    ui.separator();
                    ui.label("Markers: ◆ exact date · ◇ approximate (~) · ○ uncertain (?)");
                    ui.label("A faint band shows the span a year or month may cover.");
                    ui.label("Bars: solid where certain, faint where the precision leaves room, dashed when approximate, ▶ when still going on.");
                    ui.label("+N: N events too close to tell apart; click to zoom in.");
                    ui.label("A ring: a search result. A curved arrow: a link to the event it answers (colour and dash by type).");
                });
        }

        let mut select = None;
        if let (Some(list), Some(document)) = (&self.cluster_list, &self.document) {
            let mut open = true;
            egui::Window::new(format!("{} events at the same time", list.events.len()))
                .collapsible(false)
                .open(&mut open)
                .default_pos(list.at)
                .show(ctx, |ui| {
                    egui::ScrollArea::vertical()
                        .max_height(320.0)
                        .show(ui, |ui| {
                            for &event in &list.events {
                                if let Some(e) = document.dataset.event(event)
                                    && ui
                                        .selectable_label(
                                            false,
                                            format!(
                                                "{} · {}",
                                                e.start().human(),
                                                shown(e.title(), 200)
                                            ),
                                        )
                                        .clicked()
                                {
                                    select = Some(event);
                                }
                            }
                        });
                });
            if !open {
                self.cluster_list = None;
            }
        }
        if let (Some(event), Some(view)) = (select, &mut self.view) {
            view.selected = Some(event);
            self.cluster_list = None;
        }
    }

    fn update_title(&mut self, ctx: &egui::Context) {
        let title = match &self.document {
            Some(document) if !document.dataset.title.is_empty() => {
                format!(
                    "{} — {} — Timelanes",
                    document.dataset.title,
                    document.name()
                )
            }
            Some(document) => format!("{} — Timelanes", document.name()),
            None => "Timelanes".to_owned(),
        };
        if title != self.window_title {
            ctx.send_viewport_cmd(egui::ViewportCommand::Title(title.clone()));
            self.window_title = title;
        }
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
        self.poll_export(ctx);
        self.poll_image_export();
        self.handle_dropped_files(ctx);
        self.handle_shortcuts(ctx);
        self.refresh_shown();
        self.drive_cli_screenshot(ctx);
        self.update_title(ctx);
        self.save_settings();
        let busy = self.loading.is_some()
            || self.dialog.is_some()
            || self.image_export.is_some()
            || !matches!(self.export, Export::Idle);
        if busy {
            // Keep the spinner turning; results also wake us up on their own.
            ctx.request_repaint_after(Duration::from_millis(100));
        }
    }

    fn ui(&mut self, ui: &mut egui::Ui, _frame: &mut eframe::Frame) {
        let ctx = ui.ctx().clone();
        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui));
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        if self.changed_on_disk {
            egui::Panel::top("changed-on-disk").show(ui, |ui| self.changed_on_disk_ui(ui));
        }
        if let Some(notice) = self.notice.clone() {
            egui::Panel::top("notice").show(ui, |ui| {
                ui.horizontal(|ui| {
                    ui.label(
                        RichText::new(format!("⚠ {notice}")).color(ui.visuals().warn_fg_color),
                    );
                    if ui.button("OK").clicked() {
                        self.notice = None;
                    }
                });
            });
        }
        if self.show_problems
            && let Some(document) = &self.document
        {
            let select = egui::Panel::bottom("problems")
                .resizable(true)
                .default_size(140.0)
                .show(ui, |ui| problems_ui(ui, document))
                .inner;
            if let (Some(event), Some(view)) = (select, &mut self.view) {
                view.selected = Some(event);
                view.zoom_to_event(event, document);
            }
        }
        if self.show_search
            && let (Some(document), Some(view)) = (&mut self.document, &mut self.view)
        {
            let action = egui::Panel::top("search")
                .show(ui, |ui| {
                    let action = search_ui::search_ui(ui, document, &mut self.show_search_list);
                    if self.focus_search {
                        ui.memory_mut(|m| m.request_focus(search_ui::search_field_id()));
                        self.focus_search = false;
                    }
                    action
                })
                .inner;
            document.refresh_shown();
            match action {
                Some(search_ui::SearchAction::Step(forward)) => {
                    if let Some(event) =
                        document
                            .shown
                            .step_search(&document.dataset, forward, view.selected)
                    {
                        view.go_to_and_separate(event, document);
                    }
                }
                Some(search_ui::SearchAction::GoTo(i)) => {
                    if let Some(&event) = document.shown.search.results.get(i) {
                        document.shown.search.current = Some(i);
                        view.go_to_and_separate(event, document);
                    }
                }
                Some(search_ui::SearchAction::Close) => {
                    self.show_search = false;
                    document.shown.search.query.clear();
                    document.refresh_shown();
                    ui.memory_mut(|m| m.request_focus(timeline_ui::timeline_id()));
                }
                None => {}
            }
        }
        if self.show_filters
            && let Some(document) = &mut self.document
        {
            let colors = self.light_style.link_colors.clone();
            egui::Panel::left("filters")
                .resizable(true)
                .default_size(290.0)
                .show(ui, |ui| filters_ui::filters_ui(ui, document, &colors));
            document.refresh_shown();
        }
        if self.show_table
            && let (Some(document), Some(view)) = (&self.document, &mut self.view)
        {
            egui::Panel::bottom("table")
                .resizable(true)
                .default_size(220.0)
                .show(ui, |ui| {
                    table_ui::table_ui(ui, document, view, &mut self.table)
                });
        }
        let selected = self.view.as_ref().and_then(|v| v.selected);
        if let (true, Some(document)) = (self.show_side_panel, &self.document) {
            let action = egui::Panel::right("details")
                .resizable(true)
                .default_size(330.0)
                .show(ui, |ui| side_panel_ui(ui, document, selected))
                .inner;
            if let Some(view) = &mut self.view {
                match action {
                    Some(DetailsAction::Deselect) => view.selected = None,
                    Some(DetailsAction::ZoomTo(event)) => view.zoom_to_event(event, document),
                    Some(DetailsAction::GoTo(event)) => view.go_to_and_separate(event, document),
                    None => {}
                }
            }
        }
        let style = if self.theme == ThemeChoice::HighContrast {
            &self.high_contrast_style
        } else if ui.visuals().dark_mode {
            &self.dark_style
        } else {
            &self.light_style
        };
        let mut action = None;
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| match (&self.document, &mut self.view) {
                (Some(document), Some(view)) => {
                    self.timeline_width = ui.available_width();
                    if self.show_overview {
                        egui::Panel::bottom("overview")
                            .exact_size(overview_ui::OVERVIEW_HEIGHT)
                            .frame(egui::Frame::NONE)
                            .show(ui, |ui| {
                                overview_ui::overview_ui(
                                    ui,
                                    document,
                                    view,
                                    &mut self.overview_cache,
                                );
                            });
                    }
                    action = timeline_ui(ui, document, view, style);
                }
                _ => {
                    ui.centered_and_justified(|ui| {
                        if self.loading.is_some() {
                            ui.spinner();
                        } else {
                            ui.label(
                                "No dataset open. File > Open… (Ctrl+O), or drop a file here.",
                            );
                        }
                    });
                }
            });
        match action {
            Some(TimelineAction::ListCluster { events, at }) => {
                self.cluster_list = Some(ClusterList { events, at });
            }
            Some(TimelineAction::Lane { actor, change }) => {
                if let Some(document) = &mut self.document {
                    let dataset = document.dataset.clone();
                    document.shown.settings.lanes.apply(&dataset, actor, change);
                    document.refresh_shown();
                }
            }
            None => {}
        }

        if ctx.input(|i| !i.raw.hovered_files.is_empty()) {
            let screen = ctx.content_rect();
            let painter = ctx.layer_painter(egui::LayerId::new(
                egui::Order::Foreground,
                egui::Id::unique("timelanes-drop-overlay"),
            ));
            painter.rect_filled(screen, 0.0, egui::Color32::from_black_alpha(160));
            painter.text(
                screen.center(),
                egui::Align2::CENTER_CENTER,
                "Drop the file to open it",
                egui::FontId::proportional(24.0),
                egui::Color32::WHITE,
            );
        }
        self.windows_ui(&ctx);
    }

    fn save(&mut self, _storage: &mut dyn eframe::Storage) {
        self.save_settings();
    }
}

/// Sets egui's look for a theme; high contrast is a dark theme with pure black and white.
fn apply_theme(ctx: &egui::Context, theme: ThemeChoice) {
    let dark = if theme == ThemeChoice::HighContrast {
        high_contrast_visuals()
    } else {
        egui::Visuals::dark()
    };
    ctx.set_visuals_of(egui::Theme::Dark, dark);
    ctx.set_theme(theme.to_egui());
}

fn high_contrast_visuals() -> egui::Visuals {
    let mut visuals = egui::Visuals::dark();
    let white = egui::Color32::WHITE;
    visuals.override_text_color = Some(white);
    visuals.panel_fill = egui::Color32::BLACK;
    visuals.window_fill = egui::Color32::BLACK;
    visuals.extreme_bg_color = egui::Color32::BLACK;
    visuals.faint_bg_color = egui::Color32::from_gray(24);
    visuals.selection.bg_fill = egui::Color32::from_rgb(0x00, 0x5f, 0xff);
    visuals.selection.stroke = egui::Stroke::new(2.0, white);
    visuals.hyperlink_color = egui::Color32::from_rgb(0x80, 0xc8, 0xff);
    visuals.warn_fg_color = egui::Color32::from_rgb(0xff, 0xd0, 0x00);
    visuals.error_fg_color = egui::Color32::from_rgb(0xff, 0x60, 0x60);
    for widget in [
        &mut visuals.widgets.noninteractive,
        &mut visuals.widgets.inactive,
        &mut visuals.widgets.hovered,
        &mut visuals.widgets.active,
        &mut visuals.widgets.open,
    ] {
        widget.fg_stroke = egui::Stroke::new(1.5, white);
        widget.bg_stroke = egui::Stroke::new(1.0, egui::Color32::from_gray(200));
    }
    visuals.widgets.inactive.weak_bg_fill = egui::Color32::from_gray(20);
    visuals.widgets.inactive.bg_fill = egui::Color32::from_gray(30);
    visuals.widgets.hovered.weak_bg_fill = egui::Color32::from_gray(60);
    visuals
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
