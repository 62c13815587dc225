//! Where a backend's events are, as a user names them on the command line, in File › Open or
//! by dropping a file: a ClickHouse table's address or Parquet files. Every other path is a
//! file for the loaders in `io`.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use super::clickhouse::{ClickHouse, TableUrl};
use super::parquet::{ParquetFiles, has_other_columns, is_parquet};
use super::{Backend, QueryError};

/// Events a backend reads a view at a time.
#[derive(Clone, Debug, PartialEq, Eq)]
pub enum DataSource {
    /// `clickhouse://HOST:PORT/DATABASE.TABLE`.
    ClickHouse(TableUrl),
    /// A `.parquet` file, a folder of them, or a glob.
    Parquet(PathBuf),
}

impl DataSource {
    /// What `path` names when a backend reads it; `None` for a file the loaders read (Parquet
    /// files of other columns among them: a table to map, as a CSV file is), and an error
    /// for a ClickHouse address that cannot be read.
    pub fn of_path(path: &Path) -> Option<Result<Self, String>> {
        let text = path.to_str();
        if let Some(text) = text.filter(|t| TableUrl::is_clickhouse(t)) {
            return Some(TableUrl::parse(text).map(Self::ClickHouse));
        }
        (is_parquet(path) && !has_other_columns(path)).then(|| Ok(Self::Parquet(path.to_owned())))
    }

    /// For titles and messages: a path, or an address without its password.
    pub fn display(&self) -> String {
        match self {
            Self::ClickHouse(url) => url.display(),
            Self::Parquet(path) => path.display().to_string(),
        }
    }

    /// The backend over it. A ClickHouse table is only reached with the first query; Parquet
    /// files are found and their footers read here.
    pub fn open(&self) -> Result<Arc<dyn Backend>, QueryError> {
        Ok(match self {
            Self::ClickHouse(url) => Arc::new(ClickHouse::new(url.clone())),
            Self::Parquet(path) => Arc::new(ParquetFiles::open(path)?),
        })
    }
}
