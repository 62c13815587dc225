//! Loading a dataset off the UI thread: the window keeps drawing what is open until the new
//! document is parsed, validated and indexed, then swaps it in.

use std::path::PathBuf;
use std::sync::Arc;

use crate::io::{self, ImportOptions, LoadError, LoadProgress, Stage};
use crate::query::Backend;
use crate::query::clickhouse::{ClickHouse, TableUrl};
use crate::time::Timestamp;

use super::database_view::DatabaseView;
use super::document::{Document, DocumentSource};
use super::file_watch::FileStamp;
use super::jobs::Job;

/// What to load.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadRequest {
    Bundled,
    /// A file, or a database table when it reads as one's address
    /// (`timelanes clickhouse://HOST:PORT/DB.TABLE`).
    Path(PathBuf),
}

impl LoadRequest {
    pub fn name(&self) -> String {
        match self {
            Self::Bundled => io::bundled::FILE_NAME.to_owned(),
            Self::Path(path) => match database_address(path) {
                // Never the password.
                Some(text) => TableUrl::parse(text)
                    .map_or_else(|_| "a database".to_owned(), |url| url.display()),
                None => io::display_name(path),
            },
        }
    }
}

/// The path as a database address, when it is one.
fn database_address(path: &std::path::Path) -> Option<&str> {
    path.to_str().filter(|text| TableUrl::is_clickhouse(text))
}

/// A load in progress on a background thread.
pub struct LoadJob {
    pub request: LoadRequest,
    /// A reload of the open file: keep the view.
    pub reload: bool,
    /// What the loader is doing; also how to cancel it.
    pub progress: Arc<LoadProgress>,
    job: Job<Result<Document, LoadError>>,
}

impl LoadJob {
    /// Starts loading; `ctx` is asked to repaint when the result is ready.
    pub fn spawn(request: LoadRequest, options: ImportOptions, ctx: &egui::Context) -> Self {
        let progress = Arc::new(LoadProgress::new());
        let (job_request, job_progress) = (request.clone(), progress.clone());
        let job = Job::spawn("loader", ctx, move || {
            load_with(&job_request, &job_progress, &options)
        });
        Self {
            request,
            reload: false,
            progress,
            job,
        }
    }

    /// Stops the load: the loader thread gives up at its next check.
    pub fn cancel(&self) {
        self.progress.cancel();
    }

    /// The result, once the load has finished.
    pub fn poll(&self) -> Option<Result<Document, LoadError>> {
        let result = self.job.poll()?;
        Some(result.unwrap_or_else(|failed| {
            Err(LoadError::Read {
                path: PathBuf::from(self.request.name()),
                source: std::io::Error::other(failed.what),
            })
        }))
    }
}

/// Loads and indexes a dataset.
pub fn load(request: &LoadRequest) -> Result<Document, LoadError> {
    load_with(request, &LoadProgress::new(), &ImportOptions::default())
}

/// Opens a table in a database: only its outline is asked for here; the events come a view
/// at a time.
fn open_database(address: &str, now: Timestamp) -> Result<Document, LoadError> {
    let url = TableUrl::parse(address).map_err(|message| LoadError::Database {
        address: "the database address".to_owned(),
        message,
    })?;
    let backend: Arc<dyn Backend> = Arc::new(ClickHouse::new(url.clone()));
    let view = DatabaseView::open(backend).map_err(|error| LoadError::Database {
        address: url.display(),
        message: error.to_string(),
    })?;
    Ok(Document::for_database(view, now))
}

/// Loads and indexes a dataset, reporting to `progress` (runs on the loader thread).
pub fn load_with(
    request: &LoadRequest,
    progress: &LoadProgress,
    options: &ImportOptions,
) -> Result<Document, LoadError> {
    let now = Timestamp::now();
    if let LoadRequest::Path(path) = request
        && let Some(address) = database_address(path)
    {
        return open_database(address, now);
    }
    let (source, loaded, stamp) = match request {
        LoadRequest::Bundled => (DocumentSource::Bundled, io::bundled::load()?, None),
        LoadRequest::Path(path) => {
            // Taken before reading: a change while reading is then noticed afterwards.
            let stamp = FileStamp::of(path);
            (
                DocumentSource::File(path.clone()),
                io::load_path_with(path, progress, options)?,
                stamp,
            )
        }
    };
    progress.set_stage(Stage::Indexing, 1);
    let mut document = Document::new(source, loaded, now);
    document.stamp = stamp;
    progress.set_done(1);
    Ok(document)
}
