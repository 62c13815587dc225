//! Byte offsets in a loaded file turned into the lines and columns people see in an editor.

use std::sync::OnceLock;

use crate::model::Location;

/// The text of a file, with a line index built the first time a location is asked for (so a
/// file without problems never pays for it).
pub struct SourceText<'a> {
    text: &'a str,
    line_starts: OnceLock<Vec<usize>>,
}

impl<'a> SourceText<'a> {
    pub fn new(text: &'a str) -> Self {
        Self {
            text,
            line_starts: OnceLock::new(),
        }
    }

    pub fn text(&self) -> &'a str {
        self.text
    }

    /// The byte offset of `part`, which must be a slice of this text (as every borrowed
    /// `serde_json::value::RawValue` of it is); 0 if it is not.
    pub fn offset_of(&self, part: &str) -> usize {
        let start = self.text.as_ptr() as usize;
        let at = part.as_ptr() as usize;
        if at >= start && at + part.len() <= start + self.text.len() {
            at - start
        } else {
            0
        }
    }

    /// The line and column (1-based, column in characters) of a byte offset.
    pub fn location_at(&self, offset: usize) -> Location {
        let offset = offset.min(self.text.len());
        let starts = self.line_starts.get_or_init(|| {
            std::iter::once(0)
                .chain(self.text.match_indices('\n').map(|(i, _)| i + 1))
                .collect()
        });
        let line = starts.partition_point(|&s| s <= offset).max(1);
        let line_start = starts.get(line - 1).copied().unwrap_or(0);
        // Count characters, not bytes; step back to a char boundary if the offset is inside one.
        let mut end = offset;
        while !self.text.is_char_boundary(end) {
            end -= 1;
        }
        let column = self
            .text
            .get(line_start..end)
            .map_or(0, |s| s.chars().count())
            + 1;
        Location {
            line: line as u32,
            column: column as u32,
        }
    }

    /// The byte offset of a serde_json error position (`line`, `column`, both 1-based, column
    /// in bytes) reported while parsing `part`, a slice of this text.
    pub fn offset_in(&self, part: &str, line: usize, column: usize) -> usize {
        let mut line_start = 0;
        for _ in 1..line {
            match part[line_start..].find('\n') {
                Some(i) => line_start += i + 1,
                None => break,
            }
        }
        let within = (line_start + column.saturating_sub(1)).min(part.len());
        self.offset_of(part) + within
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn offsets_become_lines_and_columns() {
        let text = "{\n  \"a\": \"é\",\n  \"b\": 1\n}";
        let source = SourceText::new(text);
        assert_eq!(source.location_at(0), Location { line: 1, column: 1 });
        let b = text.find("\"b\"").expect("present");
        assert_eq!(source.location_at(b), Location { line: 3, column: 3 });
        // Columns count characters: the é is two bytes but one column.
        let comma = text.find("\",").expect("present") + 1;
        assert_eq!(
            source.location_at(comma),
            Location {
                line: 2,
                column: 11
            }
        );
        assert_eq!(source.offset_of(&text[b..]), b);
        assert_eq!(source.offset_of("elsewhere"), 0);
    }

    #[test]
    fn serde_positions_in_a_slice() {
        let text = "[1,\n {\"x\": tru}]";
        let source = SourceText::new(text);
        let part = &text[3..];
        let error = serde_json::from_str::<serde_json::Value>(part).expect_err("bad json");
        let offset = source.offset_in(part, error.line(), error.column());
        assert_eq!(source.location_at(offset).line, 2);
        assert!(
            text[..=offset].ends_with("tru}") || text[..=offset].ends_with("tru"),
            "{:?}",
            &text[..=offset]
        );
    }
}
