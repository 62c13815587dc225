//! An open dataset: the loaded model, its index, its problems, where it came from, and what
//! of it is shown.

use std::path::PathBuf;
use std::sync::Arc;

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
}

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
    core: Option<CoreExtent>,
    /// [`Document::settings_key`], once computed.
    key: std::sync::OnceLock<String>,
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
            source,
            dataset: Arc::new(loaded.dataset),
            index,
            problems: loaded.problems,
            shown,
            stamp: None,
            key: std::sync::OnceLock::new(),
        }
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
}
