//! Writing new JSON values the way the file around them is written: an event added to a
//! pretty-printed file with two-space indents and CRLF line endings is pretty-printed with two
//! spaces and CRLF; one added to a compact file is compact. Lists of plain values stay on one
//! line (`"actors": ["us", "cn"]`), as people write them.

/// A JSON value to write, keys in the order given.
#[derive(Clone, Debug, PartialEq)]
pub enum Json {
    /// Text, written as a JSON string.
    Text(String),
    /// A value already in JSON (a number, `true`, `null`).
    Raw(String),
    List(Vec<Json>),
    Object(Vec<(String, Json)>),
}

impl Json {
    pub fn text(text: impl Into<String>) -> Self {
        Self::Text(text.into())
    }

    fn is_plain(&self) -> bool {
        matches!(self, Self::Text(_) | Self::Raw(_))
    }
}

/// How the surrounding file is written.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Layout {
    /// Values spread over lines, one member per line.
    pub multiline: bool,
    /// The indentation of the line the value starts on.
    pub indent: String,
    /// One level of indentation ("  ", "\t").
    pub unit: String,
    pub newline: &'static str,
    /// Between a key's colon and its value: " " or "".
    pub after_colon: &'static str,
    /// After the comma between items or members on one line: " " or "".
    pub after_comma: &'static str,
}

impl Layout {
    /// The layout of `sample`, a value of the file (a sibling of the new one) whose line is
    /// indented by `indent`.
    pub fn like(sample: &str, indent: &str, newline: &'static str) -> Self {
        let multiline = sample.contains('\n');
        // The first member's line tells one level of indentation.
        let unit = sample
            .lines()
            .nth(1)
            .map(|line| {
                let own: String = line
                    .chars()
                    .take_while(|c| *c == ' ' || *c == '\t')
                    .collect();
                own.strip_prefix(indent).unwrap_or("  ").to_owned()
            })
            .filter(|unit| !unit.is_empty())
            .unwrap_or_else(|| "  ".to_owned());
        let after_colon = if sample.contains("\":") && !sample.contains("\": ") {
            ""
        } else {
            " "
        };
        let after_comma = if multiline || sample.contains(", ") {
            " "
        } else {
            ""
        };
        Self {
            multiline,
            indent: indent.to_owned(),
            unit,
            newline,
            after_colon,
            after_comma,
        }
    }

    /// Writes `value` as it would appear at this place.
    pub fn write(&self, value: &Json) -> String {
        let mut out = String::new();
        self.write_at(value, &self.indent, &mut out);
        out
    }

    fn write_at(&self, value: &Json, indent: &str, out: &mut String) {
        match value {
            Json::Text(text) => {
                out.push_str(&serde_json::to_string(text).unwrap_or_else(|_| "\"\"".to_owned()));
            }
            Json::Raw(raw) => out.push_str(raw),
            Json::List(items) if !self.multiline || items.iter().all(Json::is_plain) => {
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                        out.push_str(self.after_comma);
                    }
                    self.write_at(item, indent, out);
                }
                out.push(']');
            }
            Json::List(items) => {
                let inner = format!("{indent}{}", self.unit);
                out.push('[');
                for (i, item) in items.iter().enumerate() {
                    out.push_str(if i > 0 { "," } else { "" });
                    out.push_str(self.newline);
                    out.push_str(&inner);
                    self.write_at(item, &inner, out);
                }
                out.push_str(self.newline);
                out.push_str(indent);
                out.push(']');
            }
            Json::Object(members) => {
                let inner = format!("{indent}{}", self.unit);
                out.push('{');
                for (i, (key, member)) in members.iter().enumerate() {
                    if i > 0 {
                        out.push(',');
                        if !self.multiline {
                            out.push_str(self.after_comma);
                        }
                    }
                    if self.multiline {
                        out.push_str(self.newline);
                        out.push_str(&inner);
                    }
                    out.push_str(&serde_json::to_string(key).unwrap_or_default());
                    out.push(':');
                    out.push_str(self.after_colon);
                    self.write_at(member, &inner, out);
                }
                if self.multiline && !members.is_empty() {
                    out.push_str(self.newline);
                    out.push_str(indent);
                }
                out.push('}');
            }
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn event() -> Json {
        Json::Object(vec![
            ("title".to_owned(), Json::text("Talks \"held\"")),
            ("start".to_owned(), Json::text("2021-11-15")),
            (
                "actors".to_owned(),
                Json::List(vec![Json::text("us"), Json::text("cn")]),
            ),
            (
                "sources".to_owned(),
                Json::List(vec![Json::Object(vec![(
                    "publisher".to_owned(),
                    Json::text("NYT"),
                )])]),
            ),
        ])
    }

    #[test]
    fn written_like_a_pretty_sibling() {
        let sibling = "{\r\n      \"title\": \"A\",\r\n      \"start\": \"2014\"\r\n    }";
        let layout = Layout::like(sibling, "    ", "\r\n");
        assert_eq!(layout.unit, "  ");
        assert_eq!(
            layout.write(&event()),
            "{\r\n      \"title\": \"Talks \\\"held\\\"\",\r\n      \"start\": \"2021-11-15\",\r\n      \"actors\": [\"us\", \"cn\"],\r\n      \"sources\": [\r\n        {\r\n          \"publisher\": \"NYT\"\r\n        }\r\n      ]\r\n    }"
        );
    }

    #[test]
    fn written_like_a_compact_or_tabbed_sibling() {
        let layout = Layout::like("{\"title\":\"A\"}", "", "\n");
        assert_eq!(
            layout.write(&event()),
            "{\"title\":\"Talks \\\"held\\\"\",\"start\":\"2021-11-15\",\"actors\":[\"us\",\"cn\"],\"sources\":[{\"publisher\":\"NYT\"}]}"
        );
        let tabbed = Layout::like("{\n\t\t\"title\": \"A\"\n\t}", "\t", "\n");
        assert_eq!(tabbed.unit, "\t");
        let spaced = Layout::like("{\"title\": \"A\", \"start\": \"2014\"}", "", "\n");
        assert!(
            spaced
                .write(&event())
                .starts_with("{\"title\": \"Talks \\\"held\\\"\", \"start\"")
        );
    }
}
