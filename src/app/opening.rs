//! Opening and reloading datasets: starting loads in the background, taking their results,
//! keeping the view across a reload, watching the open file, and re-importing after the
//! user changes aliases or a CSV mapping.

use std::path::PathBuf;

use crate::io::ImportOptions;
use crate::io::aliases::AliasRule;
use crate::model::{quoted, summary};
use crate::time::TimeWindow;

use super::TimelanesApp;
use super::dialogs::{DialogPurpose, PathPrompt};
use super::document::{Document, DocumentSource};
use super::editing::PendingAction;
use super::file_watch::FileWatch;
use super::loading::{LoadJob, LoadRequest};
use super::mapping_ui::MappingRequest;
use super::timeline_ui::TimelineView;

impl TimelanesApp {
    /// Starts loading a file in the background; what is open stays open until it succeeds.
    /// With unsaved edits, asks first.
    pub fn open_path(&mut self, path: PathBuf, ctx: &egui::Context) {
        if self.ask_before_losing_edits(PendingAction::Open(path.clone())) {
            return;
        }
        self.start_load(LoadRequest::Path(path), self.prefs.import_options(), ctx);
    }

    /// Starts a load, replacing one that runs.
    pub(super) fn start_load(
        &mut self,
        request: LoadRequest,
        options: ImportOptions,
        ctx: &egui::Context,
    ) {
        self.windows.load_failure = None;
        self.jobs.loading = Some(LoadJob::spawn(request, options, ctx));
    }

    /// Reloads the open file, keeping the view; what is open stays until the new version is
    /// read, and stays if it cannot be.
    pub fn reload(&mut self, ctx: &egui::Context) {
        let Some(DocumentSource::File(path)) = self.document.as_ref().map(|d| d.source.clone())
        else {
            return;
        };
        if self.ask_before_losing_edits(PendingAction::Reload) {
            return;
        }
        self.changed_on_disk = false;
        self.windows.load_failure = None;
        let mut job = LoadJob::spawn(LoadRequest::Path(path), self.prefs.import_options(), ctx);
        job.reload = true;
        self.jobs.loading = Some(job);
    }

    /// Keeps the user's actor aliases (on disk when there is a settings folder) and
    /// re-imports the open file with them.
    pub(super) fn save_aliases(&mut self, rules: Vec<AliasRule>, ctx: &egui::Context) {
        if let Some(path) = &self.prefs.aliases_path
            && let Err(error) = crate::io::aliases::Aliases::save_user_rules(&rules, path)
        {
            self.set_status(
                format!("Aliases not saved to {}: {error}", path.display()),
                true,
            );
        }
        self.prefs.set_alias_rules(rules);
        self.reload(ctx);
    }

    /// Opens the column mapping window for the open CSV file, starting from its mapping.
    pub(super) fn map_columns_again(&mut self) {
        let Some(DocumentSource::File(path)) = self.document.as_ref().map(|d| d.source.clone())
        else {
            return;
        };
        let request = MappingRequest::for_file(&path, None).map(|mut request| {
            let key = crate::io::csv_table::header_key(&request.preview.header);
            if let Some(mapping) = self.prefs.settings.csv_mappings.get(&key) {
                request.mapping = mapping.clone();
            }
            request
        });
        match request {
            Some(request) => self.windows.mapping_request = Some(request),
            None => self.set_status(
                format!("{} is not a CSV file", crate::io::display_name(&path)),
                true,
            ),
        }
    }

    /// Brings what is shown up to date with the filters, lanes, search and time zone (whose
    /// days dates without a time cover), and remembers the file's view settings.
    pub(super) fn refresh_shown(&mut self) {
        let Some(document) = &mut self.document else {
            return;
        };
        document.set_day_zone(self.prefs.zone);
        document.refresh_shown();
        if self.jobs.cli_screenshot.is_some() {
            return;
        }
        let key = document.settings_key();
        let remembered = self.prefs.settings.views.get(key);
        let default = document.shown.settings == crate::view::ViewSettings::default();
        if remembered != Some(&document.shown.settings) && !(remembered.is_none() && default) {
            self.prefs
                .settings
                .remember_view(key.to_owned(), document.shown.settings.clone());
        }
    }

    /// Looks at the file watcher: reloads, or offers to.
    pub(super) fn poll_file_watch(&mut self, ctx: &egui::Context) {
        let changed = self.jobs.watch.as_ref().is_some_and(|w| w.take_change());
        if !changed || self.jobs.loading.is_some() {
            return;
        }
        let modified = self.document.as_ref().is_some_and(Document::is_modified);
        // Never reload over unsaved edits without asking, even when told to reload always.
        if self.prefs.settings.auto_reload && !modified {
            self.reload(ctx);
        } else {
            self.changed_on_disk = true;
        }
    }

    /// Opens the first file dropped on the window.
    pub(super) fn handle_dropped_files(&mut self, ctx: &egui::Context) {
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

    pub(super) fn open_document(&mut self, document: Document) {
        self.open_document_keeping(document, false);
    }

    /// Shows a new document; after a reload, with the same view and selection.
    fn open_document_keeping(&mut self, mut document: Document, keep_view: bool) {
        match &document.source {
            DocumentSource::File(path) => self.prefs.settings.remember_file(path),
            // A table by its address, which never holds the password (the server asks for it
            // again when the table is reopened); Parquet files by their full path.
            DocumentSource::Database(address) => {
                let address = PathBuf::from(address);
                let address = if crate::query::clickhouse::TableUrl::is_clickhouse(
                    &address.to_string_lossy(),
                ) {
                    address
                } else {
                    std::path::absolute(&address).unwrap_or(address)
                };
                self.prefs.settings.remember_file(&address);
            }
            DocumentSource::Bundled | DocumentSource::New => {}
        }
        // Filters and lanes: as they were before a reload, else as this file was left.
        match (&self.document, keep_view) {
            (Some(old), true) => {
                document.shown.search.query = old.shown.search.query.clone();
                document.set_view_settings(old.shown.settings.clone());
            }
            _ => {
                if let Some(settings) = self.prefs.settings.views.get(document.settings_key()) {
                    document.set_view_settings(settings.clone());
                }
                document.refresh_shown();
            }
        }
        self.jobs.watch = match (&document.source, document.stamp) {
            (DocumentSource::File(path), Some(stamp)) => {
                FileWatch::spawn(path.clone(), stamp, self.prefs.watch_interval, &self.ctx)
            }
            _ => None,
        };
        self.changed_on_disk = false;
        self.windows.cluster_list = None;
        self.panels.problems = !document.problems.is_empty();
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
            self.document = Some(document);
            return;
        }
        let counts = format!(
            "Opened {}: {} events, {} actors",
            document.name(),
            document.event_total(),
            document.dataset.actors.len()
        );
        if document.problems.is_empty() {
            self.set_status(counts, false);
        } else {
            self.set_status(format!("{counts}; {}", summary(&document.problems)), false);
        }
        let mut view = TimelineView::fitted(&document);
        if let Some(range) = self.initial.range.take() {
            view.window = TimeWindow::new(range.start.as_f64(), range.end.as_f64())
                .clamped(document.max_view_span());
        }
        if let Some(date) = self.initial.at.take() {
            view.window = crate::view::story::window_at(date).clamped(document.max_view_span());
        }
        if let Some((name, step)) = self.initial.story.take() {
            let stories = &document.dataset.stories;
            match stories
                .iter()
                .position(|s| s.name.eq_ignore_ascii_case(name.trim()))
            {
                Some(story) => self.initial.story_ready = Some((story, step)),
                None => {
                    let names: Vec<String> = stories.iter().map(|s| quoted(&s.name)).collect();
                    let known = if names.is_empty() {
                        "the file has no stories".to_owned()
                    } else {
                        format!("the file has {}", names.join(", "))
                    };
                    let message = format!("No story named {}: {known}", quoted(&name));
                    eprintln!("timelanes: {message}");
                    self.set_status(message, true);
                }
            }
        }
        self.view = Some(view);
        self.document = Some(document);
        self.panels.editing = false;
        self.offer_recovery();
    }

    /// Takes the result of a finished load.
    pub(super) fn poll_loading(&mut self) {
        let Some(result) = self.jobs.loading.as_ref().and_then(LoadJob::poll) else {
            return;
        };
        let (request, reload) = match self.jobs.loading.take() {
            Some(job) => (Some(job.request), job.reload),
            None => (None, false),
        };
        match result {
            Ok(document) => self.open_document_keeping(document, reload),
            Err(crate::io::LoadError::NeedsMapping { preview, .. })
                if self.jobs.cli_screenshot.is_none()
                    && let Some(LoadRequest::Path(path)) = &request =>
            {
                let name = crate::io::display_name(path);
                self.windows.mapping_request =
                    Some(MappingRequest::new(path.clone(), preview, None));
                self.set_status(format!("Choose the columns of {name}"), false);
            }
            Err(crate::io::LoadError::Denied { address, message })
                if self.jobs.cli_screenshot.is_none() =>
            {
                let mut prompt = PathPrompt::new(
                    DialogPurpose::OpenDatabase,
                    address.clone(),
                    format!(
                        "{message}. Type the password (it is kept only while the table is open, never saved), or the address of another user (clickhouse://USER@HOST:PORT/DATABASE.TABLE)."
                    ),
                );
                // The address is right: the keyboard goes to the password.
                prompt.password_first = true;
                self.windows.path_prompt = Some(prompt);
                self.set_status(format!("{address} asks for a password"), true);
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
                if let Some(shot) = &self.jobs.cli_screenshot {
                    shot.fail(&message, error.exit_code());
                }
                self.windows.load_failure = Some(message);
            }
        }
    }
}
