//! An open dataset: the loaded model, its index, its problems, and where it came from.

use std::path::PathBuf;
use std::sync::Arc;

use crate::index::TimelineIndex;
use crate::io::Loaded;
use crate::model::{ActorIdx, Dataset, Problem};
use crate::time::{TimeWindow, Timestamp};

use super::file_watch::FileStamp;

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
    /// The lanes shown, top to bottom.
    pub lanes: Vec<ActorIdx>,
    /// The file's size and time when it was read, to notice later changes.
    pub stamp: Option<FileStamp>,
}

impl Document {
    /// Indexes a loaded dataset; ongoing events run to `now`.
    pub fn new(source: DocumentSource, loaded: Loaded, now: Timestamp) -> Self {
        let index = TimelineIndex::build(&loaded.dataset, now);
        let lanes = (0..loaded.dataset.actors.len())
            .map(|i| ActorIdx(i as u32))
            .collect();
        Self {
            source,
            dataset: Arc::new(loaded.dataset),
            index: Arc::new(index),
            problems: loaded.problems,
            lanes,
            stamp: None,
        }
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

    /// The view that shows every event with a small margin.
    pub fn fit_window(&self) -> TimeWindow {
        TimeWindow::fit_all(self.index.extent(), self.index.now())
    }

    /// The widest zoom allowed for this dataset.
    pub fn max_view_span(&self) -> f64 {
        TimeWindow::max_span_for(self.index.extent())
    }

    pub fn now(&self) -> Timestamp {
        self.index.now()
    }
}
