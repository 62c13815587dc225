//! Which column of a CSV file means what: chosen in the mapping window (which remembers it
//! per header), given with `--map` on the command line, or guessed from the column names.
//! A file of its own because the import options hold a mapping and the generic CSV importer
//! reads with one.

use serde::{Deserialize, Serialize};

/// Which column means what, by column name.
#[derive(Clone, Debug, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct ColumnMapping {
    pub date: String,
    pub end: Option<String>,
    pub title: String,
    /// One or more columns; a cell may name several actors separated by `;`.
    pub actors: Vec<String>,
    pub description: Option<String>,
    pub source: Option<String>,
    pub kind: Option<String>,
}

/// The roles a column can have, as written in `--map`.
pub const ROLES: &[&str] = &[
    "date",
    "end",
    "title",
    "actors",
    "description",
    "source",
    "kind",
];

impl ColumnMapping {
    /// Reads `date=When,title=What,actors=Who|With,description=Notes`.
    pub fn parse_flag(text: &str) -> Result<Self, String> {
        let mut mapping = Self::default();
        for part in text.split(',').map(str::trim).filter(|p| !p.is_empty()) {
            let (role, column) = part
                .split_once('=')
                .ok_or_else(|| format!("{part:?} is not role=column"))?;
            let column = column.trim().to_owned();
            match role.trim() {
                "date" => mapping.date = column,
                "end" => mapping.end = Some(column),
                "title" => mapping.title = column,
                "actors" => {
                    mapping.actors = column.split('|').map(|c| c.trim().to_owned()).collect();
                }
                "description" => mapping.description = Some(column),
                "source" => mapping.source = Some(column),
                "kind" => mapping.kind = Some(column),
                other => {
                    return Err(format!(
                        "{other:?} is not a role; the roles are {}",
                        ROLES.join(", ")
                    ));
                }
            }
        }
        Ok(mapping)
    }

    /// A first guess from the column names, for the mapping window to start from.
    pub fn guess(header: &[String]) -> Self {
        // A column named exactly so, else one whose name holds the first word ("Event date").
        let find = |names: &[&str]| {
            let lower: Vec<String> = header.iter().map(|h| h.trim().to_lowercase()).collect();
            lower
                .iter()
                .position(|h| names.contains(&h.as_str()))
                .or_else(|| {
                    lower.iter().position(|h| {
                        h.split(|c: char| !c.is_alphanumeric())
                            .any(|w| w == names[0])
                    })
                })
                .map(|i| header[i].clone())
        };
        Self {
            date: find(&[
                "date",
                "start",
                "start date",
                "start_date",
                "when",
                "day",
                "event_date",
            ])
            .unwrap_or_default(),
            end: find(&["end", "end date", "end_date", "until"]),
            title: find(&[
                "title",
                "headline",
                "event",
                "name",
                "summary",
                "what",
                "what happened",
            ])
            .unwrap_or_default(),
            actors: find(&[
                "actors", "actor", "actor1", "who", "party", "country", "group",
            ])
            .into_iter()
            .chain(find(&["actor2", "with", "target"]))
            .collect(),
            description: find(&["description", "notes", "text", "details"]),
            source: find(&["source", "url", "link", "sources"]),
            kind: find(&["kind", "type", "category", "event_type"]),
        }
    }

    /// Whether the required roles have columns.
    pub fn is_complete(&self) -> bool {
        !self.date.is_empty() && !self.title.is_empty() && !self.actors.is_empty()
    }

    /// The `--map` text of this mapping.
    pub fn to_flag(&self) -> String {
        let mut parts = vec![
            format!("date={}", self.date),
            format!("title={}", self.title),
        ];
        parts.push(format!("actors={}", self.actors.join("|")));
        for (role, column) in [
            ("end", &self.end),
            ("description", &self.description),
            ("source", &self.source),
            ("kind", &self.kind),
        ] {
            if let Some(column) = column {
                parts.push(format!("{role}={column}"));
            }
        }
        parts.join(",")
    }
}

/// What identifies a kind of CSV file: its column names, in order.
pub fn header_key(header: &[String]) -> String {
    header
        .iter()
        .map(|h| h.trim())
        .collect::<Vec<_>>()
        .join("\u{1f}")
}
