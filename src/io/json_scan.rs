//! A fast structural scan of JSON text: the top-level object's members and an array's items as
//! slices of the text, at memory speed, without building values. The loader parses each slice
//! with serde_json afterwards (in parallel for events), which validates it and locates errors;
//! when the structure itself is broken the scan gives up and serde_json reports where.
//!
//! Strings are skipped with `memchr` (looking only for `"` and `\`); nesting is counted, not
//! recursed into, so no input can overflow the stack.

use memchr::memchr2;

struct Scanner<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Scanner<'a> {
    fn bytes(&self) -> &'a [u8] {
        self.text.as_bytes()
    }

    fn peek(&self) -> Option<u8> {
        self.bytes().get(self.pos).copied()
    }

    fn skip_whitespace(&mut self) {
        while matches!(self.peek(), Some(b' ' | b'\t' | b'\n' | b'\r')) {
            self.pos += 1;
        }
    }

    fn expect(&mut self, byte: u8) -> Option<()> {
        self.skip_whitespace();
        (self.peek()? == byte).then(|| self.pos += 1)
    }

    /// Skips a string starting at the current `"`.
    fn skip_string(&mut self) -> Option<()> {
        self.pos += 1;
        loop {
            let found = memchr2(b'"', b'\\', self.bytes().get(self.pos..)?)?;
            self.pos += found;
            if self.peek()? == b'\\' {
                self.pos += 2;
            } else {
                self.pos += 1;
                return Some(());
            }
        }
    }

    /// Scans an array at the current position, collecting its items.
    fn array(&mut self, items: &mut impl Extend<&'a str>) -> Option<()> {
        self.expect(b'[')?;
        self.skip_whitespace();
        if self.peek()? == b']' {
            self.pos += 1;
            return Some(());
        }
        loop {
            items.extend(std::iter::once(self.value()?));
            self.skip_whitespace();
            match self.peek()? {
                b',' => self.pos += 1,
                b']' => {
                    self.pos += 1;
                    return Some(());
                }
                _ => return None,
            }
        }
    }

    /// Skips one value and returns its text.
    fn value(&mut self) -> Option<&'a str> {
        self.skip_whitespace();
        let start = self.pos;
        match self.peek()? {
            b'"' => self.skip_string()?,
            b'{' | b'[' => {
                let mut depth = 0usize;
                loop {
                    match self.peek()? {
                        b'"' => {
                            self.skip_string()?;
                            continue;
                        }
                        b'{' | b'[' => depth += 1,
                        b'}' | b']' => {
                            depth -= 1;
                            if depth == 0 {
                                self.pos += 1;
                                break;
                            }
                        }
                        _ => {}
                    }
                    self.pos += 1;
                }
            }
            _ => {
                // A number or a literal: up to the next delimiter, checked for its shape.
                while let Some(b) = self.peek() {
                    if matches!(b, b',' | b'}' | b']' | b' ' | b'\t' | b'\n' | b'\r') {
                        break;
                    }
                    self.pos += 1;
                }
                let literal = self.text.get(start..self.pos)?;
                let valid = matches!(literal, "true" | "false" | "null")
                    || (!literal.is_empty()
                        && literal.bytes().all(|b| {
                            b.is_ascii_digit() || matches!(b, b'-' | b'+' | b'.' | b'e' | b'E')
                        }));
                if !valid {
                    return None;
                }
            }
        }
        self.text.get(start..self.pos)
    }
}

/// An object's members (key text with its quotes, value text), and the items of the array
/// that was split, if it was there.
pub type Members<'a> = (Vec<(&'a str, &'a str)>, Option<Vec<&'a str>>);

/// The members of the top-level object, as (key text with its quotes, value text), or `None`
/// if the text is not a well-formed object at the top level.
#[cfg(test)]
fn object_members(text: &str) -> Option<Vec<(&str, &str)>> {
    object_members_splitting(text, "").map(|(members, _)| members)
}

/// [`object_members`], also splitting the array under the key `split` (written without
/// escapes) into its items in the same pass: the events of a large file are scanned once.
pub fn object_members_splitting<'a>(text: &'a str, split: &str) -> Option<Members<'a>> {
    let mut scanner = Scanner { text, pos: 0 };
    let mut split_items = None;
    scanner.expect(b'{')?;
    let mut members = Vec::new();
    scanner.skip_whitespace();
    if scanner.peek()? == b'}' {
        scanner.pos += 1;
    } else {
        loop {
            scanner.skip_whitespace();
            if scanner.peek()? != b'"' {
                return None;
            }
            let key = scanner.value()?;
            scanner.expect(b':')?;
            scanner.skip_whitespace();
            let wanted = !split.is_empty()
                && key.len() == split.len() + 2
                && key.get(1..key.len() - 1) == Some(split)
                && scanner.peek() == Some(b'[');
            let value = if wanted {
                let start = scanner.pos;
                let mut items = Vec::new();
                scanner.array(&mut items)?;
                split_items = Some(items);
                text.get(start..scanner.pos)?
            } else {
                scanner.value()?
            };
            members.push((key, value));
            scanner.skip_whitespace();
            match scanner.peek()? {
                b',' => scanner.pos += 1,
                b'}' => {
                    scanner.pos += 1;
                    break;
                }
                _ => return None,
            }
        }
    }
    scanner.skip_whitespace();
    (scanner.pos == text.len()).then_some((members, split_items))
}

/// The items of an array, or `None` if the text is not a well-formed array.
pub fn array_items(text: &str) -> Option<Vec<&str>> {
    let mut items = Vec::new();
    array_items_into(text, &mut items)?;
    Some(items)
}

/// [`array_items`] into any collection (a `SmallVec` for the short lists inside an event).
pub fn array_items_into<'a>(text: &'a str, items: &mut impl Extend<&'a str>) -> Option<()> {
    let mut scanner = Scanner { text, pos: 0 };
    scanner.array(items)?;
    scanner.skip_whitespace();
    (scanner.pos == text.len()).then_some(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn members_and_items() {
        let text = r#" {"a": [1, {"b": "}]\"{"}, "x"], "c" : null, "d": -1.5e3} "#;
        let members = object_members(text).expect("well-formed");
        assert_eq!(
            members,
            [
                ("\"a\"", r#"[1, {"b": "}]\"{"}, "x"]"#),
                ("\"c\"", "null"),
                ("\"d\"", "-1.5e3")
            ]
        );
        let items = array_items(members[0].1).expect("well-formed");
        assert_eq!(items, ["1", r#"{"b": "}]\"{"}"#, "\"x\""]);
        assert_eq!(array_items("[]"), Some(vec![]));
        assert_eq!(object_members("{}"), Some(vec![]));
    }

    #[test]
    fn broken_structure_gives_up() {
        for text in [
            "",
            "{",
            "{\"a\" 1}",
            "{\"a\": 1,}",
            "{\"a\": 1} x",
            "{\"a\": tru}",
            "{\"a\": \"unterminated}",
            "{a: 1}",
            "{\"a\": [1, 2}",
        ] {
            assert_eq!(object_members(text), None, "{text:?}");
        }
        for text in ["[1 2]", "[1,]", "[", "[1]]", "{}"] {
            assert_eq!(array_items(text), None, "{text:?}");
        }
    }

    proptest! {
        /// Whatever serde_json accepts as an array, the scan splits the same way.
        #[test]
        fn agrees_with_serde_json(values in proptest::collection::vec(any::<(i32, String, bool)>(), 0..20)) {
            let json = serde_json::to_string(&values).expect("serializes");
            let items = array_items(&json).expect("well-formed");
            prop_assert_eq!(items.len(), values.len());
            for (item, value) in items.iter().zip(&values) {
                let parsed: (i32, String, bool) = serde_json::from_str(item).expect("an item");
                prop_assert_eq!(&parsed, value);
            }
        }

        #[test]
        fn never_panics(text in "\\PC{0,60}") {
            let _ = object_members(&text);
            let _ = array_items(&text);
        }
    }
}
