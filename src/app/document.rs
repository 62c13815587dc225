//! An open dataset: the loaded model, its index, its problems, where it came from, and what
//! of it is shown.

use std::path::PathBuf;
use std::sync::Arc;

use crate::edit::Editor;
use crate::index::TimelineIndex;
use crate::io::Loaded;
use crate::model::{Dataset, Problem};
use crate::time::{TimeWindow, Timestamp};
use crate::view::{CoreExtent, ViewSettings, core_extent};

use super::file_watch::FileStamp;
use crate::view::Shown;

/// Where a document was loaded from.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DocumentSource {
    /// The dataset built into the program.
    Bundled,
    File(PathBuf),
    /// A timeline made with File › New, not saved yet.
    New,
    /// A table in a database, by its address without the password; the events come a view
    /// at a time from [`Document::database`].
    Database(String),
}

/// The text of File › New: a title and one lane, ready for events.
pub const NEW_TIMELINE: &str = "{\n  \"version\": 1,\n  \"title\": \"Untitled timeline\",\n  \"actors\": [\n    {\"id\": \"lane-1\", \"name\": \"New lane\"}\n  ],\n  \"events\": []\n}\n";

/// A dataset ready to show.
pub struct Document {
    pub source: DocumentSource,
    /// Shared with background work (exports) without copying.
    pub dataset: Arc<Dataset>,
    pub index: Arc<TimelineIndex>,
    pub problems: Vec<Problem>,
    /// What of it is shown: filters, lanes, links, search.
    pub shown: Shown,
    /// The file's size and time when it was read, to notice later changes.
    pub stamp: Option<FileStamp>,
    /// Where the events are without a few far outliers, if there are such.
    pub(super) core: Option<CoreExtent>,
    /// The text being edited, once the user edits (or from the start for a new timeline).
    pub editor: Option<Editor>,
    /// Whether the editor's text is the file's own (native JSON), so Save writes it in place;
    /// an imported file is saved as native JSON only through Save as.
    pub native_file: bool,
    /// How many events have each id, for edits followed in place; `None` until needed, and
    /// after the dataset is read again.
    pub(super) ids: Option<IdCounts>,
    /// [`Document::settings_key`], once computed.
    key: std::sync::OnceLock<String>,
    /// For a database table: the backend asked, and its last answer (the dataset and index
    /// then hold only that answer's events).
    pub database: Option<super::database_view::DatabaseView>,
}

/// Which of the two fits a view shows.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum FitKind {
    /// Where the events are, outliers left out.
    Events,
    /// Every event.
    Everything,
}

impl Document {
    /// Indexes a loaded dataset; ongoing events run to `now`.
    pub fn new(source: DocumentSource, loaded: Loaded, now: Timestamp) -> Self {
        let index = Arc::new(TimelineIndex::build(&loaded.dataset, now));
        let shown = Shown::new(&loaded.dataset, &index, ViewSettings::default());
        let core = core_extent(&loaded.dataset, now);
        Self {
            core,
            editor: None,
            ids: None,
            native_file: false,
            source,
            dataset: Arc::new(loaded.dataset),
            index,
            problems: loaded.problems,
            shown,
            stamp: None,
            key: std::sync::OnceLock::new(),
            database: None,
        }
    }

    /// A table in a database, before its first answer: its lanes, no events yet, and the
    /// table's extent for fitting the view.
    pub fn for_database(view: super::database_view::DatabaseView, now: Timestamp) -> Self {
        let (dataset, problems) = crate::query::schema::dataset_of(&view.outline, &[]);
        let source = DocumentSource::Database(view.backend.describe());
        let mut document = Self::new(source, Loaded { dataset, problems }, now);
        document.index =
            Arc::new(TimelineIndex::build(&document.dataset, now).with_extent(view.outline.extent));
        document.shown = Shown::new(&document.dataset, &document.index, ViewSettings::default());
        document.core = None;
        document.database = Some(view);
        document
    }

    /// How many events the document has: a database table's all, not only those of the
    /// view it answered.
    pub fn event_total(&self) -> u64 {
        self.database
            .as_ref()
            .map_or(self.dataset.event_count() as u64, |d| d.outline.event_count)
    }

    /// Applies view settings (a file's remembered ones, or the old ones after a reload).
    pub fn set_view_settings(&mut self, settings: ViewSettings) {
        self.shown.settings = settings;
        self.refresh_shown();
    }

    /// Brings what is shown up to date with its settings and search.
    pub fn refresh_shown(&mut self) {
        self.shown.refresh(&self.dataset, &self.index);
    }

    /// The key its view settings are remembered by: the file's full path (asked of the
    /// file system once).
    pub fn settings_key(&self) -> &str {
        self.key.get_or_init(|| match &self.source {
            DocumentSource::Bundled => format!("bundled:{}", crate::io::bundled::FILE_NAME),
            DocumentSource::New => "new:".to_owned(),
            DocumentSource::Database(address) => address.clone(),
            DocumentSource::File(path) => std::fs::canonicalize(path)
                .unwrap_or_else(|_| path.clone())
                .display()
                .to_string(),
        })
    }

    /// The file name for titles and messages.
    pub fn name(&self) -> String {
        match &self.source {
            DocumentSource::Bundled => crate::io::bundled::FILE_NAME.to_owned(),
            DocumentSource::New => "Untitled timeline".to_owned(),
            DocumentSource::Database(address) => address.clone(),
            DocumentSource::File(path) => path.file_name().map_or_else(
                || path.display().to_string(),
                |n| n.to_string_lossy().into_owned(),
            ),
        }
    }

    /// The view of where the events are, with a small margin: every event, unless a few far
    /// outliers would squeeze the rest (see [`crate::view::core_extent`]).
    pub fn fit_window(&self) -> TimeWindow {
        match self.core {
            Some(core) => TimeWindow::fit_all(Some(core.range), self.index.now()),
            None => self.fit_everything_window(),
        }
    }

    /// The view that shows every event with a small margin, outliers included.
    pub fn fit_everything_window(&self) -> TimeWindow {
        TimeWindow::fit_all(self.index.extent(), self.index.now())
    }

    /// How many events the fit leaves out as outliers.
    pub fn outlier_count(&self) -> usize {
        self.core.map_or(0, |c| c.outliers)
    }

    /// Which fit `window` is, if it is one.
    pub fn fit_kind(&self, window: TimeWindow) -> Option<FitKind> {
        if window == self.fit_window() {
            Some(FitKind::Events)
        } else if window == self.fit_everything_window() {
            Some(FitKind::Everything)
        } else {
            None
        }
    }

    /// The widest zoom allowed for this dataset.
    pub fn max_view_span(&self) -> f64 {
        TimeWindow::max_span_for(self.index.extent())
    }

    pub fn now(&self) -> Timestamp {
        self.index.now()
    }

    /// A new, empty timeline with one lane, ready for events.
    pub fn new_timeline(now: Timestamp) -> Self {
        let editor = Editor::new(NEW_TIMELINE.to_owned());
        let (dataset, problems) = crate::io::native::parse(NEW_TIMELINE).unwrap_or_else(|_| {
            (
                crate::model::DatasetBuilder::new(String::new(), String::new())
                    .finish()
                    .0,
                Vec::new(),
            )
        });
        let mut document = Self::new(DocumentSource::New, Loaded { dataset, problems }, now);
        document.editor = Some(editor);
        document
    }

    /// Whether there are edits not saved yet.
    pub fn is_modified(&self) -> bool {
        self.editor.as_ref().is_some_and(Editor::is_modified)
            || (self.source == DocumentSource::New && self.dataset.event_count() > 0)
    }

    /// Where Save writes without asking: the file itself, when it is native JSON.
    pub fn save_path(&self) -> Option<&std::path::Path> {
        match &self.source {
            DocumentSource::File(path) if self.native_file => Some(path),
            _ => None,
        }
    }

    /// Makes the document editable: the file's own text (a native file not changed on disk
    /// since it was read), the bundled text, or the native writing of an imported file (whose
    /// events are then read back from it, so edits and events line up).
    pub fn start_editing(&mut self) -> Result<(), String> {
        if self.editor.is_some() {
            return Ok(());
        }
        let (text, native) = match &self.source {
            DocumentSource::Bundled => (crate::io::bundled::JSON.to_owned(), false),
            DocumentSource::New => (NEW_TIMELINE.to_owned(), false),
            DocumentSource::Database(address)
                if crate::query::clickhouse::TableUrl::is_clickhouse(address) =>
            {
                return Err(format!(
                    "{address} is a database table, which Timelanes shows but does not edit"
                ));
            }
            DocumentSource::Database(files) => {
                return Err(format!(
                    "{files} is read a view at a time, which Timelanes shows but does not edit; \
                     convert it to a file to edit it, if it fits in memory \
                     (timelanes convert {files} -o FILE.json)"
                ));
            }
            DocumentSource::File(path) => {
                if FileStamp::of(path) != self.stamp {
                    return Err(format!(
                        "{} changed on disk since it was opened; reload it before editing",
                        self.name()
                    ));
                }
                match std::fs::read_to_string(path) {
                    Ok(text) if is_native_text(&text, self.dataset.event_count()) => (text, true),
                    _ => (crate::io::writer::to_native_json(&self.dataset), false),
                }
            }
        };
        self.editor = Some(Editor::new(text));
        self.native_file = native;
        if !native {
            self.rebuild_from_editor()?;
        }
        Ok(())
    }

    /// Draws dates without a time on the days of `zone`: the events' spans change, so the
    /// index and what is shown are made again (nothing is read again).
    pub fn set_day_zone(&mut self, zone: crate::time::Zone) {
        if self.dataset.day_zone() == zone {
            return;
        }
        Arc::make_mut(&mut self.dataset).set_day_zone(zone);
        self.reindex();
    }

    /// Builds the index, the fit and what is shown again from the dataset, keeping the view
    /// settings and the search.
    fn reindex(&mut self) {
        let now = self.now();
        if let Some(database) = &self.database {
            self.index = Arc::new(crate::query::window::window_index(
                &self.dataset,
                &database.columns,
                &database.outline,
                now,
            ));
        } else {
            self.index = Arc::new(TimelineIndex::build(&self.dataset, now));
            self.core = core_extent(&self.dataset, now);
        }
        let settings = self.shown.settings.clone();
        let query = self.shown.search.query.clone();
        self.shown = Shown::new(&self.dataset, &self.index, settings);
        self.shown.search.query = query;
        self.refresh_shown();
    }

    /// Brings the dataset up to date with the editor's text after an edit: event by event
    /// where it can (see `follow_edits.rs`), else by reading it all again.
    pub fn follow_editor(&mut self) -> Result<(), String> {
        let Some(editor) = &mut self.editor else {
            return Ok(());
        };
        let changes = editor.take_changes();
        if self.follow_changes(&changes) {
            return Ok(());
        }
        self.rebuild_from_editor()
    }

    /// Reads the dataset again from the editor's text, keeping what is shown (filters,
    /// lanes, search).
    pub fn rebuild_from_editor(&mut self) -> Result<(), String> {
        let Some(editor) = &mut self.editor else {
            return Ok(());
        };
        // Everything is read: what the edits changed is known.
        editor.take_changes();
        self.ids = None;
        let (mut dataset, problems) = crate::io::native::parse(&editor.text())
            .map_err(|problem| problem.display_in(&self.name()))?;
        dataset.set_day_zone(self.dataset.day_zone());
        self.dataset = Arc::new(dataset);
        self.problems = problems;
        self.reindex();
        Ok(())
    }
}

/// Whether `text` is a Timelanes file whose events are the `events` loaded (not TimelineJS, not
/// a file changed in between).
fn is_native_text(text: &str, events: usize) -> bool {
    !crate::io::timelinejs::looks_like_json(text)
        && crate::io::native::parse(text).is_ok_and(|(dataset, _)| dataset.event_count() == events)
}

/// How many events have each id, by the id's hash: whether a new id is taken is then one
/// look-up instead of a scan of a million ids. Made on the first edit that needs it. Two ids
/// with the same hash only make an edit be read in full, never a wrong answer.
#[derive(Clone, Debug, Default)]
pub struct IdCounts {
    counts: std::collections::HashMap<u64, u32, ahash::RandomState>,
    hasher: ahash::RandomState,
}

impl IdCounts {
    pub(super) fn of(dataset: &crate::model::Dataset) -> Self {
        let mut counts = Self::default();
        for id in dataset.events().filter_map(|e| e.id()) {
            counts.add(id, 1);
        }
        counts
    }

    pub(super) fn add(&mut self, id: &str, by: i64) {
        let count = self.counts.entry(self.hasher.hash_one(id)).or_default();
        *count = (i64::from(*count) + by).max(0) as u32;
    }

    pub(super) fn taken(&self, id: &str) -> bool {
        self.counts
            .get(&self.hasher.hash_one(id))
            .is_some_and(|&n| n > 0)
    }
}
