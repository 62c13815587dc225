//! Loading files into the model: reading bytes (with clear messages for files that are not
//! UTF-8 text), choosing a loader, and reporting every problem with its file, line, column
//! and field. Also atomic writes for everything we save.

pub mod atomic;
pub mod bundled;
pub mod native;
mod source_text;

use std::path::{Path, PathBuf};

use crate::model::{Dataset, FieldPath, Problem, Site};

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
            Self::Read { .. } => 2,
            Self::Invalid { .. } => 1,
        }
    }
}

/// Loads a dataset from a file.
pub fn load_path(path: &Path) -> Result<Loaded, LoadError> {
    let bytes = std::fs::read(path).map_err(|source| LoadError::Read {
        path: path.to_owned(),
        source,
    })?;
    load_bytes(&display_name(path), &bytes)
}

/// Loads a dataset from the bytes of a file called `file` (used in messages).
pub fn load_bytes(file: &str, bytes: &[u8]) -> Result<Loaded, LoadError> {
    let invalid = |problem: Box<Problem>| LoadError::Invalid {
        file: file.to_owned(),
        problem,
    };
    let text = decode(bytes).map_err(invalid)?;
    let (dataset, problems) = native::parse(text).map_err(invalid)?;
    Ok(Loaded { dataset, problems })
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
