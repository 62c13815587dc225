//! Loading files into the model: reading bytes (with clear messages for files that are not
//! UTF-8 text), choosing a loader, and reporting every problem with its file, line, column
//! and field. Also atomic writes for everything we save.

pub mod atomic;
pub mod bundled;
mod json_scan;
pub mod native;
mod progress;
mod source_text;

use std::path::{Path, PathBuf};

use crate::model::{Dataset, FieldPath, Problem, Site};

pub use progress::{LoadProgress, Stage};
pub use source_text::SourceText;

/// A file that loaded, with the problems that did not stop it.
#[derive(Clone, Debug)]
pub struct Loaded {
    pub dataset: Dataset,
    pub problems: Vec<Problem>,
}

/// Why a file could not be loaded at all.
#[derive(Debug, thiserror::Error)]
pub enum LoadError {
    /// The file could not be read (missing, unreadable, a folder).
    #[error("cannot read {}: {source}", path.display())]
    Read {
        path: PathBuf,
        #[source]
        source: std::io::Error,
    },
    /// The user cancelled the load.
    #[error("loading {file} was cancelled")]
    Cancelled { file: String },
    /// The file is larger than this machine's memory allows.
    #[error("{} is too large to open: {size} MB, and at most {limit} MB can be loaded on this machine", path.display(), size = size / 1_000_000, limit = limit / 1_000_000)]
    TooLarge {
        path: PathBuf,
        size: u64,
        limit: u64,
    },
    /// The file was read, but it is not a usable dataset.
    #[error("{}", problem.display_in(file))]
    Invalid {
        /// The file's name as shown to the user.
        file: String,
        problem: Box<Problem>,
    },
}

impl LoadError {
    /// The exit code `timelanes check` uses: 2 for unreadable files, 1 for invalid ones.
    pub fn exit_code(&self) -> i32 {
        match self {
            Self::Read { .. } | Self::TooLarge { .. } => 2,
            Self::Invalid { .. } | Self::Cancelled { .. } => 1,
        }
    }
}

/// Loads a dataset from a file.
pub fn load_path(path: &Path) -> Result<Loaded, LoadError> {
    load_path_with(path, &LoadProgress::new())
}

/// Loads a dataset from a file, reporting to (and stopping when cancelled through) `progress`.
pub fn load_path_with(path: &Path, progress: &LoadProgress) -> Result<Loaded, LoadError> {
    let bytes = read_with_progress(path, progress)?;
    load_bytes_with(&display_name(path), &bytes, progress)
}

/// Loads a dataset from the bytes of a file called `file` (used in messages).
pub fn load_bytes(file: &str, bytes: &[u8]) -> Result<Loaded, LoadError> {
    load_bytes_with(file, bytes, &LoadProgress::new())
}

/// [`load_bytes`], reporting to `progress`.
pub fn load_bytes_with(
    file: &str,
    bytes: &[u8],
    progress: &LoadProgress,
) -> Result<Loaded, LoadError> {
    let invalid = |problem: Box<Problem>| LoadError::Invalid {
        file: file.to_owned(),
        problem,
    };
    let text = decode(bytes).map_err(invalid)?;
    progress.set_stage(Stage::Parsing, text.len() as u64);
    let (dataset, problems) = match native::parse_with(text, progress) {
        Ok(parsed) => parsed,
        Err(_) if progress.is_cancelled() => {
            return Err(LoadError::Cancelled {
                file: file.to_owned(),
            });
        }
        Err(problem) => return Err(invalid(problem)),
    };
    Ok(Loaded { dataset, problems })
}

/// Reads a whole file in chunks, reporting progress; refuses files larger than memory allows.
fn read_with_progress(path: &Path, progress: &LoadProgress) -> Result<Vec<u8>, LoadError> {
    use std::io::Read as _;
    let read_error = |source| LoadError::Read {
        path: path.to_owned(),
        source,
    };
    let mut file = std::fs::File::open(path).map_err(read_error)?;
    let metadata = file.metadata().map_err(read_error)?;
    if metadata.is_dir() {
        return Err(read_error(std::io::Error::other(
            "it is a folder, not a file",
        )));
    }
    let size = metadata.len();
    let limit = max_file_size();
    if size > limit {
        return Err(LoadError::TooLarge {
            path: path.to_owned(),
            size,
            limit,
        });
    }
    progress.set_stage(Stage::Reading, size);
    let mut bytes = Vec::new();
    bytes
        .try_reserve_exact(size as usize)
        .map_err(|_| LoadError::TooLarge {
            path: path.to_owned(),
            size,
            limit: size.saturating_sub(1),
        })?;
    let mut chunk = vec![0u8; 8 << 20];
    loop {
        if progress.is_cancelled() {
            return Err(LoadError::Cancelled {
                file: display_name(path),
            });
        }
        let n = file.read(&mut chunk).map_err(read_error)?;
        if n == 0 {
            break;
        }
        bytes.extend_from_slice(&chunk[..n]);
        progress.set_done(bytes.len() as u64);
    }
    Ok(bytes)
}

/// The largest file we try to load: loading takes about four times the file's size in memory
/// at its peak, so a quarter of the memory available (or 4 GB where that is unknown).
/// `TIMELANES_MAX_FILE_MB` sets another limit (for tests, or machines that know better).
pub fn max_file_size() -> u64 {
    if let Some(megabytes) = std::env::var("TIMELANES_MAX_FILE_MB")
        .ok()
        .and_then(|v| v.trim().parse::<u64>().ok())
    {
        return megabytes * 1_000_000;
    }
    let available = std::fs::read_to_string("/proc/meminfo")
        .ok()
        .and_then(|info| {
            info.lines()
                .find(|l| l.starts_with("MemAvailable:"))
                .and_then(|l| l.split_whitespace().nth(1))
                .and_then(|kb| kb.parse::<u64>().ok())
                .map(|kb| kb * 1024)
        });
    available.map_or(4_000_000_000, |bytes| bytes / 4)
}

/// The name of a file as messages show it: the path as given.
pub fn display_name(path: &Path) -> String {
    path.display().to_string()
}

/// The file's bytes as UTF-8 text without a byte-order mark, or a problem saying what the
/// file is instead.
fn decode(bytes: &[u8]) -> Result<&str, Box<Problem>> {
    let file_problem = |message: &str, hint: &str| {
        Box::new(Problem::error(Site::new(FieldPath::File, None), message).with_hint(hint))
    };
    if bytes.iter().all(u8::is_ascii_whitespace) {
        return Err(file_problem(
            "the file is empty",
            "a Timelanes file is a JSON object with \"actors\" and \"events\" (see docs/FORMAT.md)",
        ));
    }
    if bytes.starts_with(&[0xFF, 0xFE]) || bytes.starts_with(&[0xFE, 0xFF]) {
        return Err(file_problem(
            "the file is UTF-16 text",
            "save it as UTF-8 (in most editors: Save As… and choose the UTF-8 encoding)",
        ));
    }
    // NUL bytes are valid UTF-8 but never in a text file: the first kilobyte tells.
    if bytes.iter().take(1024).any(|&b| b == 0) {
        return Err(file_problem(
            "the file is binary, not text",
            "open a Timelanes JSON file (see docs/FORMAT.md)",
        ));
    }
    let bytes = bytes
        .strip_prefix(b"\xEF\xBB\xBF".as_slice())
        .unwrap_or(bytes);
    std::str::from_utf8(bytes).map_err(|error| {
        let valid = &bytes[..error.valid_up_to()];
        // The valid prefix is UTF-8 by definition; locate the first bad byte in it.
        let prefix = std::str::from_utf8(valid).unwrap_or_default();
        let location = SourceText::new(prefix).location_at(prefix.len());
        let binary = bytes.iter().take(512).any(|&b| b == 0);
        let (message, hint) = if binary {
            (
                "the file is binary, not text",
                "open a Timelanes JSON file (see docs/FORMAT.md)",
            )
        } else {
            (
                "the file is not valid UTF-8 text",
                "save it as UTF-8 (in most editors: Save As… and choose the UTF-8 encoding)",
            )
        };
        Box::new(Problem::error(Site::at(FieldPath::File, location), message).with_hint(hint))
    })
}
