//! What the app holds, grouped by purpose, and how it is set up at start.

use std::path::PathBuf;
use std::sync::Arc;
use std::sync::atomic::AtomicI32;
use std::time::{Duration, Instant};

use crate::io::ImportOptions;
use crate::io::aliases::{AliasRule, Aliases};
use crate::model::EventIdx;

use super::aliases_ui::AliasEditor;
use super::cli_screenshot::CliScreenshot;
use super::dialogs::{DialogJob, PathPrompt};
use super::editing::PendingAction;
use super::export_ui::ExportSettings;
use super::file_watch::FileWatch;
use super::jobs::Job;
use super::loading::{LoadJob, LoadRequest};
use super::mapping_ui::MappingRequest;
use super::overview_ui::OverviewCache;
use super::palette_ui::Palette;
use super::settings::{Settings, SettingsSaver, ThemeChoice};
use super::table_ui::TableState;
use super::theme::Styles;
use super::{AppOptions, TimelanesApp};

/// How long a message of good news stays in the status bar (errors stay until replaced).
const STATUS_FADE: Duration = Duration::from_secs(12);

/// The panels around the timeline: which are shown, and what they remember.
pub struct Panels {
    pub problems: bool,
    /// The side panel with the selected event or the dataset.
    pub side: bool,
    pub search: bool,
    /// The search results listed under the field.
    pub search_list: bool,
    /// Put the keyboard in the search field next frame.
    pub focus_search: bool,
    pub filters: bool,
    pub table: bool,
    pub overview: bool,
    pub overview_cache: OverviewCache,
    pub table_state: TableState,
    /// The side panel edits the selected event instead of showing it.
    pub editing: bool,
    /// Put the keyboard in the title field next frame (a new event).
    pub focus_title: bool,
    /// What the event editor's fields hold while the user types.
    pub fields: super::event_editor_ui::FieldBuffers,
    /// What the timeline editor's fields hold while the user types.
    pub lane_fields: super::lanes_editor_ui::LaneFields,
    /// What the editor of several events holds.
    pub bulk_fields: super::bulk_editor_ui::BulkFields,
    /// The panel of notes and stories.
    pub notes: bool,
    pub notes_state: super::notes_ui::NotesPanel,
}

impl Default for Panels {
    fn default() -> Self {
        Self {
            problems: false,
            side: true,
            search: false,
            search_list: true,
            focus_search: false,
            filters: false,
            table: false,
            overview: true,
            overview_cache: OverviewCache::default(),
            table_state: TableState::default(),
            editing: false,
            focus_title: false,
            fields: Default::default(),
            lane_fields: Default::default(),
            bulk_fields: Default::default(),
            notes: false,
            notes_state: Default::default(),
        }
    }
}

/// Windows over the timeline and banners above it, each open while it holds something.
#[derive(Default)]
pub struct Windows {
    /// The last failed load, shown until dismissed.
    pub load_failure: Option<String>,
    /// A typed path, where no native file dialog can be shown.
    pub path_prompt: Option<PathPrompt>,
    /// The export window's settings.
    pub export_settings: Option<ExportSettings>,
    /// The user's aliases being edited.
    pub alias_editor: Option<AliasEditor>,
    /// A CSV file, or pasted rows, waiting for their columns to be chosen.
    pub mapping_request: Option<MappingRequest>,
    /// The events of a merged mark that share a date.
    pub cluster_list: Option<ClusterList>,
    pub help: bool,
    pub palette: Option<Palette>,
    /// The time zone chooser.
    pub time_zone: Option<super::time_zone_ui::TimeZoneChooser>,
    /// A warning shown until dismissed (settings that could not be read).
    pub notice: Option<String>,
    /// Edits would be lost: asking whether to save them before this.
    pub unsaved: Option<PendingAction>,
    /// Unsaved edits of the open document found in the recovery journal.
    pub recovery: Option<crate::edit::JournalEntry>,
    /// A story being presented: the window shows only the timeline and the step's caption.
    pub story_play: Option<super::story_play::StoryPlay>,
}

/// What the command line asked the first view to be.
#[derive(Default)]
pub struct StartView {
    /// The window (`--from`, `--to`).
    pub range: Option<crate::time::TimeRange>,
    /// A date to centre on (`--at`).
    pub at: Option<crate::time::Date>,
    /// A story to present, by name, from a step (`--story`, `--step`).
    pub story: Option<(String, usize)>,
    /// That story found in the open dataset (position, step), to start on the next frame.
    pub story_ready: Option<(usize, usize)>,
}

/// The list shown when a merged mark of simultaneous events is clicked.
pub struct ClusterList {
    pub events: Vec<EventIdx>,
    pub at: egui::Pos2,
}

/// Work running off the UI thread (see [`super::jobs`]).
#[derive(Default)]
pub struct BackgroundJobs {
    pub loading: Option<LoadJob>,
    /// A native file dialog.
    pub dialog: Option<DialogJob>,
    pub screenshot: ScreenshotExport,
    /// An image being written; its message for the status bar.
    pub image_export: Option<Job<Result<String, String>>>,
    /// Watches the open file for changes on disk.
    pub watch: Option<FileWatch>,
    /// The `--screenshot` run, if this is one.
    pub cli_screenshot: Option<CliScreenshot>,
    /// The recovery journal being written.
    pub journal: Option<Job<Result<(), String>>>,
    /// Edits were made since the journal was last written.
    pub journal_dirty: bool,
}

impl BackgroundJobs {
    /// Whether anything runs that the window should show turning.
    pub fn busy(&self) -> bool {
        self.loading.is_some()
            || self.dialog.is_some()
            || self.image_export.is_some()
            || !matches!(self.screenshot, ScreenshotExport::Idle)
    }
}

/// A screenshot being exported from the window.
#[derive(Default)]
pub enum ScreenshotExport {
    #[default]
    Idle,
    /// The image was requested; it arrives in a frame or two.
    Capturing {
        path: PathBuf,
        receiver: std::sync::mpsc::Receiver<Arc<egui::ColorImage>>,
    },
    /// The PNG is being written.
    Saving(Job<Result<PathBuf, String>>),
}

/// What the user chose, and where it is kept.
pub struct Preferences {
    pub settings: Settings,
    /// What was last handed to the saver.
    pub saved_settings: Settings,
    /// Writes the settings off the UI thread; `None` keeps them in memory (tests).
    pub saver: Option<SettingsSaver>,
    /// The theme in use (the command line's, or the settings').
    pub theme: ThemeChoice,
    /// The clock of the axis, hover and details (kept in the settings by name).
    pub zone: crate::time::Zone,
    pub styles: Styles,
    /// The actor aliases imports use: built in, and the user's.
    pub aliases: Arc<Aliases>,
    /// Where the user's aliases are kept.
    pub aliases_path: Option<PathBuf>,
    /// Whether to try native file dialogs before asking for a typed path.
    pub native_dialogs: bool,
    /// How often the open file is looked at for changes.
    pub watch_interval: Duration,
    /// Where unsaved edits are journaled (`recovery/` beside the settings); `None`: nowhere.
    pub recovery_dir: Option<PathBuf>,
}

impl Preferences {
    /// How to import files: the aliases and the remembered CSV mappings.
    pub fn import_options(&self) -> ImportOptions {
        ImportOptions {
            aliases: self.aliases.clone(),
            mapping: None,
            remembered: self.settings.csv_mappings.clone(),
        }
    }

    /// Writes what is pending and waits for it (the window is closing).
    pub fn flush_settings(&mut self) {
        if let Some(saver) = &mut self.saver {
            saver.flush();
        }
    }

    /// Uses `zone` from now on, and remembers it.
    pub fn set_zone(&mut self, zone: crate::time::Zone) {
        self.zone = zone;
        self.settings.time_zone = zone.setting_name();
    }

    /// Replaces the user's alias rules.
    pub fn set_alias_rules(&mut self, rules: Vec<AliasRule>) {
        self.aliases = Arc::new(Aliases::with_user_rules(rules));
    }
}

/// A message in the status bar.
pub struct StatusMessage {
    pub text: String,
    pub error: bool,
    at: Instant,
}

impl StatusMessage {
    pub fn new(text: impl Into<String>, error: bool) -> Self {
        Self {
            text: text.into(),
            error,
            at: Instant::now(),
        }
    }

    /// Whether it is still worth showing: old good news fades, errors stay.
    pub fn is_current(&self) -> bool {
        self.error || self.at.elapsed() < STATUS_FADE
    }
}

impl TimelanesApp {
    /// The app; `load` starts loading the file of `options` (or the bundled dataset).
    pub(super) fn with_context(
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
        super::theme::apply(ctx, theme);
        let request = match &options.file {
            Some(path) => LoadRequest::Path(path.clone()),
            None => LoadRequest::Bundled,
        };
        let aliases_path = options
            .settings_path
            .as_ref()
            .map(|p| p.with_file_name("aliases.json"));
        let (alias_rules, aliases_warning) = match &aliases_path {
            Some(path) => Aliases::load_user_rules(path),
            None => (Vec::new(), None),
        };
        let notice = match (settings_warning, aliases_warning) {
            (Some(a), Some(b)) => Some(format!("{a} {b}")),
            (a, b) => a.or(b),
        };
        // A screenshot run reads the settings but leaves them alone, and edits nothing.
        let recovery_dir = options
            .settings_path
            .as_ref()
            .filter(|_| options.screenshot.is_none())
            .map(|p| p.with_file_name("recovery"));
        let saver = options
            .settings_path
            .filter(|_| options.screenshot.is_none())
            .map(|path| SettingsSaver::spawn(path, ctx));
        let zone = crate::time::Zone::from_setting(&settings.time_zone);
        let prefs = Preferences {
            zone,
            saved_settings: settings.clone(),
            settings,
            saver,
            theme,
            styles: Styles::default(),
            aliases: Arc::new(Aliases::with_user_rules(alias_rules)),
            aliases_path,
            native_dialogs: !options.no_native_dialogs,
            watch_interval: options.watch_interval,
            recovery_dir,
        };
        let jobs = BackgroundJobs {
            // A load nobody waits for would still wake the window when it ends.
            loading: load.then(|| LoadJob::spawn(request, prefs.import_options(), ctx)),
            cli_screenshot: options
                .screenshot
                .map(|path| CliScreenshot::new(path, exit_code)),
            ..BackgroundJobs::default()
        };
        Self {
            document: None,
            view: None,
            panels: Panels::default(),
            windows: Windows {
                notice,
                ..Windows::default()
            },
            jobs,
            prefs,
            status: None,
            changed_on_disk: false,
            initial: StartView {
                range: options.initial_range,
                at: options.at,
                story: options.story.clone(),
                story_ready: None,
            },
            allow_close: false,
            timeline_width: 1200.0,
            window_title: String::new(),
            ctx: ctx.clone(),
        }
    }

    /// Hands the settings to the saver if they changed, and reports a failed write.
    pub(super) fn save_settings(&mut self) {
        let Some(saver) = &self.prefs.saver else {
            return;
        };
        if let Some(failure) = saver.take_failure() {
            self.set_status(failure, true);
            return;
        }
        if self.prefs.settings != self.prefs.saved_settings {
            saver.save(self.prefs.settings.clone());
            self.prefs.saved_settings = self.prefs.settings.clone();
        }
    }
}
