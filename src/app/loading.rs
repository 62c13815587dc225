//! Loading a dataset off the UI thread: the window keeps drawing what is open until the new
//! document is parsed, validated and indexed, then swaps it in.

use std::path::PathBuf;
use std::sync::Arc;

use crate::io::{self, ImportOptions, LoadError, LoadProgress, Stage};
use crate::query::clickhouse::TableUrl;
use crate::query::{DataSource, QueryError};
use crate::time::Timestamp;

use super::database_view::DatabaseView;
use super::document::{Document, DocumentSource};
use super::file_watch::FileStamp;
use super::jobs::Job;

/// What to load.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum LoadRequest {
    Bundled,
    /// A file; or events a backend reads a view at a time, when the path names Parquet files
    /// or a database table's address (`timelanes clickhouse://HOST:PORT/DB.TABLE`).
    Path(PathBuf),
}

impl LoadRequest {
    pub fn name(&self) -> String {
        match self {
            Self::Bundled => io::bundled::FILE_NAME.to_owned(),
            // Never the password. (Asked each frame while loading: no file is read here.)
            Self::Path(path) => match path.to_str().filter(|p| TableUrl::is_clickhouse(p)) {
                Some(address) => TableUrl::parse(address)
                    .map_or_else(|_| "a database".to_owned(), |url| url.display()),
                None => io::display_name(path),
            },
        }
    }
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

/// Opens events a backend reads (a table in a database, Parquet files): only their outline
/// is asked for here; the events come a view at a time.
fn open_source(source: Result<DataSource, String>, now: Timestamp) -> Result<Document, LoadError> {
    let failed = |address: String, message: String| LoadError::Database { address, message };
    let source = source.map_err(|message| failed("the database address".to_owned(), message))?;
    let refused = |error: QueryError| match error {
        // The window asks for the password then.
        QueryError::Denied { .. } => LoadError::Denied {
            address: source.display(),
            message: error.to_string(),
        },
        error => failed(source.display(), error.to_string()),
    };
    let view = DatabaseView::open(source.open().map_err(refused)?).map_err(refused)?;
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
        && let Some(source) = DataSource::of_path(path)
    {
        return open_source(source, now);
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
