//! Problems found while loading: errors (the event, or the file, could not be used) and
//! warnings (shown anyway), each saying where (line, column, field) and how to fix it.

use std::fmt;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Severity {
    /// Shown anyway, perhaps partly: an unknown actor, an end before its start.
    Warning,
    /// Could not be used: the event is left out (or the whole file could not be read).
    Error,
}

impl Severity {
    pub fn name(self) -> &'static str {
        match self {
            Self::Warning => "warning",
            Self::Error => "error",
        }
    }
}

/// A 1-based line and column (in characters) in the file.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct Location {
    pub line: u32,
    pub column: u32,
}

impl fmt::Display for Location {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}:{}", self.line, self.column)
    }
}

/// Which field something is about, written like a JSON path: `events[3].actors[1]`.
///
/// Built without allocating, since loaders make one for every field they might complain about.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub enum FieldPath {
    /// The file as a whole.
    #[default]
    File,
    /// A top-level field: `version`, `actors`.
    Field(&'static str),
    /// An item of a top-level list, maybe one of its fields, maybe an item of that field:
    /// `events[3]`, `events[3].start`, `events[3].actors[1]`.
    Item {
        list: &'static str,
        index: u32,
        field: Option<&'static str>,
        sub: Option<u32>,
    },
    /// Anything else, written out (importers: `row 12, column "event_date"`).
    Text(String),
}

impl FieldPath {
    pub fn item(list: &'static str, index: usize) -> Self {
        Self::Item {
            list,
            index: index as u32,
            field: None,
            sub: None,
        }
    }

    pub fn field(list: &'static str, index: usize, field: &'static str) -> Self {
        Self::Item {
            list,
            index: index as u32,
            field: Some(field),
            sub: None,
        }
    }

    pub fn sub(list: &'static str, index: usize, field: &'static str, sub: usize) -> Self {
        Self::Item {
            list,
            index: index as u32,
            field: Some(field),
            sub: Some(sub as u32),
        }
    }

    pub fn is_file(&self) -> bool {
        matches!(self, Self::File)
    }
}

impl fmt::Display for FieldPath {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            Self::File => Ok(()),
            Self::Field(name) => f.write_str(name),
            Self::Item {
                list,
                index,
                field,
                sub,
            } => {
                write!(f, "{list}[{index}]")?;
                if let Some(field) = field {
                    write!(f, ".{field}")?;
                }
                if let Some(sub) = sub {
                    write!(f, "[{sub}]")?;
                }
                Ok(())
            }
            Self::Text(text) => f.write_str(text),
        }
    }
}

/// Where in the file something is: its field path, and its position as a byte offset (cheap
/// to record) and, once resolved by the loader, as a line and column.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Site {
    pub path: FieldPath,
    pub offset: Option<usize>,
    pub location: Option<Location>,
}

impl Site {
    pub fn new(path: FieldPath, offset: Option<usize>) -> Self {
        Self {
            path,
            offset,
            location: None,
        }
    }

    pub fn at(path: FieldPath, location: Location) -> Self {
        Self {
            path,
            offset: None,
            location: Some(location),
        }
    }
}

/// One problem with a file.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Problem {
    pub severity: Severity,
    pub site: Site,
    /// The event it is about, as its position in the file's `events` array.
    pub event: Option<usize>,
    /// What is wrong.
    pub message: String,
    /// How to fix it.
    pub hint: Option<String>,
}

impl Problem {
    pub fn error(site: Site, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Error,
            site,
            event: None,
            message: message.into(),
            hint: None,
        }
    }

    pub fn warning(site: Site, message: impl Into<String>) -> Self {
        Self {
            severity: Severity::Warning,
            ..Self::error(site, message)
        }
    }

    pub fn with_hint(mut self, hint: impl Into<String>) -> Self {
        self.hint = Some(hint.into());
        self
    }

    pub fn for_event(mut self, file_index: usize) -> Self {
        self.event = Some(file_index);
        self
    }

    pub fn is_error(&self) -> bool {
        self.severity == Severity::Error
    }

    /// The message without severity or location: "events[3].start: … ; hint".
    pub fn text(&self) -> String {
        let mut out = String::new();
        if !self.site.path.is_file() {
            out.push_str(&self.site.path.to_string());
            out.push_str(": ");
        }
        out.push_str(&self.message);
        if let Some(hint) = &self.hint {
            out.push_str("; ");
            out.push_str(hint);
        }
        out
    }

    /// The line `check` prints: `FILE:LINE:COLUMN: error: events[3].start: …`.
    pub fn display_in(&self, file: &str) -> String {
        match self.site.location {
            Some(location) => format!(
                "{file}:{location}: {}: {}",
                self.severity.name(),
                self.text()
            ),
            None => format!("{file}: {}: {}", self.severity.name(), self.text()),
        }
    }
}

impl fmt::Display for Problem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if let Some(location) = self.site.location {
            write!(f, "{location}: ")?;
        }
        write!(f, "{}: {}", self.severity.name(), self.text())
    }
}

/// A value from the file, quoted for a message and cut to a readable length: a 60 MB
/// string in a file must not make a 60 MB message.
pub fn quoted(text: &str) -> String {
    const MAX_CHARS: usize = 60;
    let short = super::truncate_chars(text, MAX_CHARS);
    if short.len() < text.len() {
        format!("{short:?}… ({} characters)", text.chars().count())
    } else {
        format!("{text:?}")
    }
}

/// "1 error, 2 warnings", for summaries.
pub fn summary(problems: &[Problem]) -> String {
    let errors = problems.iter().filter(|p| p.is_error()).count();
    let warnings = problems.len() - errors;
    let plural = |n: usize, word: &str| format!("{n} {word}{}", if n == 1 { "" } else { "s" });
    format!(
        "{}, {}",
        plural(errors, "error"),
        plural(warnings, "warning")
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_values_are_quoted_short() {
        assert_eq!(quoted("2021-02-30"), "\"2021-02-30\"");
        let long = "a".repeat(1000);
        let q = quoted(&long);
        assert!(q.len() < 100, "{q}");
        assert!(q.ends_with("… (1000 characters)"));
    }

    #[test]
    fn displays_like_a_compiler() {
        let problem = Problem::error(
            Site::at(
                FieldPath::field("events", 3, "start"),
                Location {
                    line: 12,
                    column: 17,
                },
            ),
            "\"2021-02-30\" is not a date: February 2021 has 28 days, not 30",
        )
        .with_hint("check the day of the month");
        assert_eq!(
            problem.display_in("data.json"),
            "data.json:12:17: error: events[3].start: \"2021-02-30\" is not a date: February 2021 has 28 days, not 30; check the day of the month"
        );
        let file_level = Problem::warning(Site::default(), "the file has no events");
        assert_eq!(
            file_level.display_in("x.json"),
            "x.json: warning: the file has no events"
        );
        assert_eq!(summary(&[problem, file_level]), "1 error, 1 warning");
        assert_eq!(summary(&[]), "0 errors, 0 warnings");
    }
}
