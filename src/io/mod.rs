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
pub mod parquet_table;
mod progress;
pub mod rows;
mod source_text;
pub mod timelinejs;
pub mod timelinejs_writer;
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
    /// A database or Parquet files could not be read (unreachable, refused, not of the
    /// Timelanes schema).
    #[error("{address}: {message}")]
    Database { address: String, message: String },
    /// A database wants a password, or another one: the window asks for it.
    #[error("{address}: {message}")]
    Denied { address: String, message: String },
    /// The user cancelled the load.
    #[error("loading {file} was cancelled")]
    Cancelled { file: String },
    /// The input is larger than this machine's memory allows: a file by its size, or a pipe,
    /// a device or standard input that gave more than the limit before it ended.
    #[error("{}", too_large_message(input, *size, *limit))]
    TooLarge {
        /// The input as messages name it: `big.json`, `/dev/zero (a character device)`,
        /// `standard input`.
        input: String,
        /// Its size, when known before reading (files); `None` for inputs read until the
        /// limit was passed.
        size: Option<u64>,
        /// The limit, in bytes ([`max_file_size`]).
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
            Self::Read { .. }
            | Self::TooLarge { .. }
            | Self::Database { .. }
            | Self::Denied { .. } => 2,
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

/// The path that stands for standard input, as in most command-line tools.
pub const STDIN_PATH: &str = "-";

/// How messages name standard input, in place of a file's name (as compilers do).
pub const STDIN_NAME: &str = "<stdin>";

/// Loads a dataset from a file, reporting to (and stopping when cancelled through) `progress`.
/// Tables (CSV, GDELT) in files are read as streams, in bounded memory. `-` is standard
/// input; it, pipes and devices are read once, at most [`max_file_size`] bytes, and then
/// loaded from memory.
pub fn load_path_with(
    path: &Path,
    progress: &LoadProgress,
    options: &ImportOptions,
) -> Result<Loaded, LoadError> {
    use std::io::Read as _;
    let name = display_name(path);
    if parquet_table::is_parquet(path) {
        return parquet_table::load(path, progress, options);
    }
    if path == Path::new(STDIN_PATH) {
        let bytes = read_bounded(
            std::io::stdin().lock(),
            &Input::stdin(),
            0,
            max_file_size(),
            progress,
        )?;
        return load_bytes_with(&name, &bytes, progress, options);
    }
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
    if !metadata.is_file() {
        // A pipe, a device or a socket can be read only once and may never end (/dev/zero):
        // its metadata has no size to check, so it is read up to the limit, then loaded from
        // memory (which also gives the streaming importers bytes already bounded).
        let input = Input::special(path, &metadata);
        let bytes = read_bounded(file, &input, 0, max_file_size(), progress)?;
        return load_bytes_with(&name, &bytes, progress, options);
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

/// Reads a whole file in chunks, reporting progress; refuses files larger than memory allows,
/// by their size before reading, and while reading those that turn out larger than they said
/// (files in /proc say 0; a file may grow).
fn read_with_progress(path: &Path, progress: &LoadProgress) -> Result<Vec<u8>, LoadError> {
    let read_error = |source| LoadError::Read {
        path: path.to_owned(),
        source,
    };
    let file = std::fs::File::open(path).map_err(read_error)?;
    let metadata = file.metadata().map_err(read_error)?;
    if metadata.is_dir() {
        return Err(read_error(std::io::Error::other(
            "it is a folder, not a file",
        )));
    }
    let size = metadata.len();
    let limit = max_file_size();
    let input = Input::file(path);
    if size > limit {
        return Err(LoadError::TooLarge {
            input: input.name,
            size: Some(size),
            limit,
        });
    }
    read_bounded(file, &input, size, limit, progress)
}

/// An input as loading reads it: the name messages give it, and the path its read errors
/// name.
struct Input {
    /// `big.json`, `/dev/zero (a character device)`, `standard input`.
    name: String,
    path: PathBuf,
    /// The name of its problems' lines (`FILE:LINE:COLUMN`) and of a cancelled load.
    file: String,
}

impl Input {
    fn file(path: &Path) -> Self {
        Self {
            name: display_name(path),
            path: path.to_owned(),
            file: display_name(path),
        }
    }

    fn stdin() -> Self {
        Self {
            name: "standard input".to_owned(),
            path: PathBuf::from("standard input"),
            file: STDIN_NAME.to_owned(),
        }
    }

    /// A path that is neither a file nor a folder, named with what it is.
    fn special(path: &Path, metadata: &std::fs::Metadata) -> Self {
        #[cfg(unix)]
        let kind = {
            use std::os::unix::fs::FileTypeExt as _;
            let kind = metadata.file_type();
            if kind.is_fifo() {
                "a pipe"
            } else if kind.is_char_device() {
                "a character device"
            } else if kind.is_block_device() {
                "a block device"
            } else if kind.is_socket() {
                "a socket"
            } else {
                "not a regular file"
            }
        };
        #[cfg(not(unix))]
        let kind = {
            let _ = metadata;
            "not a regular file"
        };
        Self {
            name: format!("{} ({kind})", path.display()),
            ..Self::file(path)
        }
    }
}

/// Reads `reader` to its end in chunks, reporting progress (against `expected` bytes, 0 when
/// unknown) and stopping when cancelled. Refuses it as soon as it gives more than `limit`
/// bytes, so an input that never ends (/dev/zero, `yes |`) costs at most the limit.
fn read_bounded(
    mut reader: impl std::io::Read,
    input: &Input,
    expected: u64,
    limit: u64,
    progress: &LoadProgress,
) -> Result<Vec<u8>, LoadError> {
    let read_error = |source| LoadError::Read {
        path: input.path.clone(),
        source,
    };
    let too_large = || LoadError::TooLarge {
        input: input.name.clone(),
        size: None,
        limit,
    };
    progress.set_stage(Stage::Reading, expected);
    let mut bytes = Vec::new();
    bytes
        .try_reserve_exact(usize::try_from(expected).unwrap_or(usize::MAX))
        .map_err(|_| LoadError::TooLarge {
            input: input.name.clone(),
            size: Some(expected),
            limit: expected.saturating_sub(1),
        })?;
    let mut chunk = vec![0u8; 1 << 20];
    loop {
        if progress.is_cancelled() {
            return Err(LoadError::Cancelled {
                file: input.file.clone(),
            });
        }
        // Ask for no more than one byte past the limit: that byte is enough to refuse.
        let room = limit.saturating_sub(bytes.len() as u64).saturating_add(1);
        let want = usize::try_from(room).map_or(chunk.len(), |room| room.min(chunk.len()));
        let n = match reader.read(&mut chunk[..want]) {
            Ok(0) => break,
            Ok(n) => n,
            Err(error) if error.kind() == std::io::ErrorKind::Interrupted => continue,
            Err(error) => return Err(read_error(error)),
        };
        if bytes.len() as u64 + n as u64 > limit {
            return Err(too_large());
        }
        bytes.try_reserve(n).map_err(|_| too_large())?;
        bytes.extend_from_slice(&chunk[..n]);
        progress.set_done(bytes.len() as u64);
    }
    Ok(bytes)
}

/// The message for an input over the limit: what, which input, the limit, how to raise it.
fn too_large_message(input: &str, size: Option<u64>, limit: u64) -> String {
    let limit_text = megabytes(limit, false);
    match size {
        Some(size) => format!(
            "{input} is too large to open: {}, and at most {limit_text} can be loaded on this machine; to try anyway, raise the limit with TIMELANES_MAX_FILE_MB={} (in megabytes)",
            megabytes(size, true),
            size.div_ceil(1_000_000)
        ),
        None => format!(
            "{input} is too large to open: it gave more than {limit_text}, and at most {limit_text} can be loaded on this machine; to try anyway, raise the limit with TIMELANES_MAX_FILE_MB (in megabytes)"
        ),
    }
}

/// Bytes as megabytes for a message: whole, or with one decimal under a gigabyte. A size is
/// rounded to the nearest, a limit down, so that a limit is never shown above what it is.
fn megabytes(bytes: u64, is_size: bool) -> String {
    let round = |unit: u64| {
        if is_size {
            bytes.saturating_add(unit / 2) / unit
        } else {
            bytes / unit
        }
    };
    if bytes.is_multiple_of(1_000_000) || bytes >= 1_000_000_000 {
        return format!("{} MB", round(1_000_000));
    }
    let tenths = round(100_000);
    format!("{}.{} MB", tenths / 10, tenths % 10)
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
    "json", "csv", "tsv", "txt", "zip", "parquet", "JSON", "CSV", "TSV", "TXT", "ZIP", "PARQUET",
];

/// Whether a file's name says it is a table (CSV or TSV), whose columns may be mapped.
pub fn is_table_name(path: &Path) -> bool {
    path.extension()
        .and_then(|e| e.to_str())
        .is_some_and(|e| ["csv", "tsv", "txt"].contains(&e.to_ascii_lowercase().as_str()))
}

/// The name of a file as messages show it: the path as given ([`STDIN_NAME`] for `-`).
pub fn display_name(path: &Path) -> String {
    if path == Path::new(STDIN_PATH) {
        return STDIN_NAME.to_owned();
    }
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn sizes_in_messages_never_read_as_equal_to_a_smaller_limit() {
        assert_eq!(megabytes(100_000_000, false), "100 MB");
        assert_eq!(megabytes(314_572_807, true), "314.6 MB");
        assert_eq!(megabytes(1_500_007, true), "1.5 MB");
        assert_eq!(megabytes(1_999_999, false), "1.9 MB");
        assert_eq!(megabytes(4_321_987_654, true), "4322 MB");
        // No overflow, whatever a file claims.
        assert_eq!(megabytes(u64::MAX, true), "18446744073709 MB");
        assert_eq!(
            too_large_message("big.json", Some(2_500_000), 2_000_000),
            "big.json is too large to open: 2.5 MB, and at most 2 MB can be loaded on this machine; to try anyway, raise the limit with TIMELANES_MAX_FILE_MB=3 (in megabytes)"
        );
    }

    #[test]
    fn reading_stops_one_byte_past_the_limit_of_an_endless_input() {
        /// Counts what it gives, so the test sees how far reading went.
        struct Counted<R>(R, u64);
        impl<R: std::io::Read> std::io::Read for Counted<R> {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                let n = self.0.read(buf)?;
                self.1 += n as u64;
                Ok(n)
            }
        }
        let input = Input::stdin();
        let progress = LoadProgress::new();
        let mut endless = Counted(std::io::repeat(b'x'), 0);
        let error =
            read_bounded(&mut endless, &input, 0, 3_000_000, &progress).expect_err("never ends");
        assert!(
            matches!(
                error,
                LoadError::TooLarge {
                    size: None,
                    limit: 3_000_000,
                    ..
                }
            ),
            "{error}"
        );
        assert_eq!(
            endless.1, 3_000_001,
            "read no further than needed to refuse"
        );

        // At the limit exactly, and under it: read whole.
        let bytes = read_bounded(&b"abc"[..], &input, 0, 3, &progress).expect("fits");
        assert_eq!(bytes, b"abc");
        assert!(read_bounded(&b"abcd"[..], &input, 0, 3, &progress).is_err());
    }

    #[test]
    fn reading_an_input_reports_its_failure_and_stops_when_cancelled() {
        /// Gives a few bytes, then fails.
        struct Failing(bool);
        impl std::io::Read for Failing {
            fn read(&mut self, buf: &mut [u8]) -> std::io::Result<usize> {
                if std::mem::replace(&mut self.0, true) {
                    Err(std::io::Error::other("the device went away"))
                } else {
                    buf[0] = b'{';
                    Ok(1)
                }
            }
        }
        let progress = LoadProgress::new();
        let error =
            read_bounded(Failing(false), &Input::stdin(), 0, 100, &progress).expect_err("fails");
        assert_eq!(
            error.to_string(),
            "cannot read standard input: the device went away"
        );
        assert_eq!(error.exit_code(), 2);

        progress.cancel();
        let error = read_bounded(std::io::repeat(0), &Input::stdin(), 0, 100, &progress)
            .expect_err("cancelled");
        assert_eq!(error.to_string(), "loading <stdin> was cancelled");
    }
}
