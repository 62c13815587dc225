//! Loading files into the model: reading bytes (with clear messages for files that are not
//! UTF-8 text), choosing a loader, and reporting every problem with its file, line, column
//! and field. Also atomic writes for everything we save.

pub mod acled;
pub mod aliases;
pub mod atomic;
pub mod bundled;
pub mod csv_table;
pub mod gdelt;
pub mod html;
pub mod import;
pub(crate) mod json_scan;
pub mod mapping;
pub mod native;
mod progress;
pub mod rows;
mod source_text;
pub mod timelinejs;
pub mod writer;

use std::path::{Path, PathBuf};

use crate::model::{Dataset, FieldPath, Problem, Site};

pub use import::ImportOptions;
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
    /// A CSV file whose columns Timelanes cannot place by itself.
    #[error("{file}: error: which column is the date, the title, the actors? Its columns are {}; map them with --map date=COLUMN,title=COLUMN,actors=COLUMN (or open the file in the window)", preview.header.join(", "))]
    NeedsMapping {
        file: String,
        preview: csv_table::CsvPreview,
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
            Self::Invalid { .. } | Self::Cancelled { .. } | Self::NeedsMapping { .. } => 1,
        }
    }
}

/// Loads a dataset from a file, in any format Timelanes reads, with the default aliases.
pub fn load_path(path: &Path) -> Result<Loaded, LoadError> {
    load_path_with(path, &LoadProgress::new(), &ImportOptions::default())
}

/// What a file's first bytes (and name) say it is.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Format {
    /// Timelanes JSON, or TimelineJS JSON (told apart once read), or something to refuse.
    Json,
    /// GDELT events, plain.
    Gdelt,
    /// A zip archive (of a GDELT file).
    Zip,
    /// A table with a header line, separated by this byte.
    Csv(u8),
}

/// The format of a file from its name and first bytes.
pub fn sniff(name: &str, head: &[u8]) -> Format {
    let lower = name.to_ascii_lowercase();
    if head.starts_with(b"PK\x03\x04") || lower.ends_with(".zip") {
        return Format::Zip;
    }
    let text = String::from_utf8_lossy(&head[..head.len().min(64 * 1024)]);
    let trimmed = text.trim_start_matches('\u{feff}').trim_start();
    if trimmed.starts_with('{') || trimmed.starts_with('[') || lower.ends_with(".json") {
        return Format::Json;
    }
    let first_line = trimmed.lines().next().unwrap_or("");
    if gdelt::looks_like(first_line) {
        return Format::Gdelt;
    }
    let delimiter = csv_table::sniff_delimiter(first_line);
    let columns = first_line.split(delimiter as char).count();
    let table_name = [".csv", ".tsv", ".txt"].iter().any(|e| lower.ends_with(e));
    if columns >= 2
        && (table_name || !head.contains(&0))
        && !head.starts_with(&[0xFF, 0xFE])
        && !head.starts_with(&[0xFE, 0xFF])
    {
        return Format::Csv(delimiter);
    }
    Format::Json
}

/// Loads a dataset from a file, reporting to (and stopping when cancelled through) `progress`.
/// Tables (CSV, GDELT) are read as streams, in bounded memory.
pub fn load_path_with(
    path: &Path,
    progress: &LoadProgress,
    options: &ImportOptions,
) -> Result<Loaded, LoadError> {
    use std::io::Read as _;
    let name = display_name(path);
    let read_error = |source| LoadError::Read {
        path: path.to_owned(),
        source,
    };
    let mut head = Vec::with_capacity(64 * 1024);
    let mut file = std::fs::File::open(path).map_err(read_error)?;
    let metadata = file.metadata().map_err(read_error)?;
    if metadata.is_dir() {
        return Err(read_error(std::io::Error::other(
            "it is a folder, not a file",
        )));
    }
    (&mut file)
        .take(64 * 1024)
        .read_to_end(&mut head)
        .map_err(read_error)?;
    let format = sniff(&name, &head);
    let reopen = || std::fs::File::open(path).map_err(read_error);
    progress.set_stage(Stage::Reading, metadata.len());
    match format {
        Format::Json => {
            let bytes = read_with_progress(path, progress)?;
            load_bytes_with(&name, &bytes, progress, options)
        }
        Format::Zip => import_zip(&name, reopen()?, progress, options),
        table => {
            progress.set_stage(Stage::Parsing, metadata.len());
            import_table(&name, table, &head, reopen()?, progress, options)
        }
    }
}

/// Loads a dataset from the bytes of a file called `file` (used in messages).
pub fn load_bytes(file: &str, bytes: &[u8]) -> Result<Loaded, LoadError> {
    load_bytes_with(file, bytes, &LoadProgress::new(), &ImportOptions::default())
}

/// [`load_bytes`], reporting to `progress`.
pub fn load_bytes_with(
    file: &str,
    bytes: &[u8],
    progress: &LoadProgress,
    options: &ImportOptions,
) -> Result<Loaded, LoadError> {
    let invalid = |problem: Box<Problem>| LoadError::Invalid {
        file: file.to_owned(),
        problem,
    };
    match sniff(file, bytes) {
        Format::Zip => return import_zip(file, std::io::Cursor::new(bytes), progress, options),
        Format::Json => {}
        table => return import_table(file, table, bytes, bytes, progress, options),
    }
    let text = decode(bytes).map_err(invalid)?;
    progress.set_stage(Stage::Parsing, text.len() as u64);
    if timelinejs::looks_like_json(text) {
        finish(file, timelinejs::import_json(text, options), progress)
    } else {
        // The native loader decides itself which problems stop a load: an empty list of
        // events is a valid (if empty) dataset.
        match native::parse_with(text, progress) {
            _ if progress.is_cancelled() => Err(LoadError::Cancelled {
                file: file.to_owned(),
            }),
            Ok((dataset, problems)) => Ok(Loaded { dataset, problems }),
            Err(problem) => Err(invalid(problem)),
        }
    }
}

/// The result of an importer as a load: cancelled, refused, or loaded. An imported file of
/// which no event could be used is refused, so that what is open stays open.
fn finish(
    file: &str,
    parsed: Result<(Dataset, Vec<Problem>), Box<Problem>>,
    progress: &LoadProgress,
) -> Result<Loaded, LoadError> {
    match parsed {
        _ if progress.is_cancelled() => Err(LoadError::Cancelled {
            file: file.to_owned(),
        }),
        Ok((dataset, problems)) => {
            if dataset.event_count() == 0 {
                let first = problems.iter().find(|p| p.is_error()).or(problems.first());
                let problem = match first {
                    Some(first) => Problem {
                        severity: crate::model::Severity::Error,
                        message: format!(
                            "no event could be read; the first problem: {}",
                            first.message
                        ),
                        ..first.clone()
                    },
                    None => Problem::error(Site::default(), "the file has no events").with_hint(
                        "a table needs rows under its header; a TimelineJS file needs events",
                    ),
                };
                return Err(LoadError::Invalid {
                    file: file.to_owned(),
                    problem: Box::new(problem),
                });
            }
            Ok(Loaded { dataset, problems })
        }
        Err(problem) => Err(LoadError::Invalid {
            file: file.to_owned(),
            problem,
        }),
    }
}

/// Imports a table (CSV, ACLED, TimelineJS spreadsheet, GDELT) from a stream.
fn import_table<R: std::io::Read>(
    file: &str,
    format: Format,
    head: &[u8],
    input: R,
    progress: &LoadProgress,
    options: &ImportOptions,
) -> Result<Loaded, LoadError> {
    let invalid = |problem: Box<Problem>| LoadError::Invalid {
        file: file.to_owned(),
        problem,
    };
    if let Err(problem) = decode(head.get(..head.len().min(4096)).unwrap_or(head)) {
        // Empty, binary or UTF-16: the same messages as for JSON. (A cut in the middle of a
        // character at the end of the sample is not a problem.)
        if !problem.message.contains("not valid UTF-8") {
            return Err(invalid(problem));
        }
    }
    let parsed = match format {
        Format::Gdelt => gdelt::import(input, false, options, progress),
        Format::Csv(delimiter) => {
            let preview = csv_table::preview(head, delimiter, 0).unwrap_or_default();
            if delimiter == b'\t' && gdelt::is_header(&preview.header) {
                gdelt::import(input, true, options, progress)
            } else if acled::looks_like(&preview.header) {
                acled::import(input, delimiter, options, progress)
            } else if timelinejs::looks_like_csv(&preview.header) {
                timelinejs::import_csv(input, delimiter, options, progress)
            } else {
                let remembered = options
                    .remembered
                    .get(&csv_table::header_key(&preview.header));
                match options.mapping.as_ref().or(remembered) {
                    Some(mapping) => {
                        csv_table::import_generic(input, delimiter, mapping, options, progress)
                    }
                    None => {
                        return Err(LoadError::NeedsMapping {
                            file: file.to_owned(),
                            preview: csv_table::preview(head, delimiter, 8).unwrap_or_default(),
                        });
                    }
                }
            }
        }
        Format::Json | Format::Zip => unreachable_format(),
    };
    finish(file, parsed, progress)
}

/// Formats `import_table` is never given.
fn unreachable_format() -> Result<(Dataset, Vec<Problem>), Box<Problem>> {
    Err(Box::new(Problem::error(
        Site::default(),
        "this file is not a table",
    )))
}

/// Imports the first file of a zip archive (GDELT publishes its files zipped).
fn import_zip<R: std::io::Read + std::io::Seek>(
    file: &str,
    input: R,
    progress: &LoadProgress,
    options: &ImportOptions,
) -> Result<Loaded, LoadError> {
    let invalid = |message: String| LoadError::Invalid {
        file: file.to_owned(),
        problem: Box::new(
            Problem::error(Site::default(), message)
                .with_hint("open the zip file GDELT publishes, or the file inside it"),
        ),
    };
    let mut archive = zip::ZipArchive::new(input)
        .map_err(|e| invalid(format!("the zip archive cannot be read: {e}")))?;
    let mut entry = archive
        .by_index(0)
        .map_err(|e| invalid(format!("the zip archive is empty or broken: {e}")))?;
    let inner_name = entry
        .name()
        .map_or_else(|_| "the file".to_owned(), |n| n.to_string());
    progress.set_stage(Stage::Parsing, entry.size());
    let mut head = Vec::new();
    std::io::Read::read_to_end(&mut (&mut entry).take_head(), &mut head)
        .map_err(|e| invalid(format!("{inner_name} cannot be read: {e}")))?;
    let format = sniff(&inner_name, &head);
    let rest = std::io::Read::chain(std::io::Cursor::new(head.clone()), entry);
    match format {
        Format::Gdelt | Format::Csv(_) => import_table(
            &format!("{file}/{inner_name}"),
            format,
            &head,
            rest,
            progress,
            options,
        ),
        _ => Err(invalid(format!(
            "{inner_name} in the archive is not a table Timelanes reads"
        ))),
    }
}

/// The first 64 KB of a reader, to sniff it.
trait TakeHead: std::io::Read + Sized {
    fn take_head(self) -> std::io::Take<Self> {
        std::io::Read::take(self, 64 * 1024)
    }
}

impl<R: std::io::Read> TakeHead for R {}

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

/// The extensions of the files Timelanes opens, for file dialogs.
pub const OPENABLE_EXTENSIONS: &[&str] = &[
    "json", "csv", "tsv", "txt", "zip", "JSON", "CSV", "TSV", "TXT", "ZIP",
];

/// Whether a file's name says it is a table (CSV or TSV), whose columns may be mapped.
pub fn is_table_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["csv", "tsv", "txt"].contains(&e.to_ascii_lowercase().as_str()))
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
