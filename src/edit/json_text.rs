//! Where things are in a JSON text, and the splices that change one value, member or item
//! while leaving every other byte as it was: the author's indentation, tabs, line endings,
//! escapes and key order. A new member or item copies the spacing of its neighbours, so it
//! looks as if the author had typed it.

use std::ops::Range;

use super::splice::Splice;
use crate::io::json_scan;

/// A member of an object: its key, decoded, and where the key and value are in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Member {
    pub key: String,
    pub key_range: Range<usize>,
    pub value_range: Range<usize>,
}

/// Where `inner` (a slice of `outer`) starts in `outer`.
fn offset_in(outer: &str, inner: &str) -> usize {
    inner.as_ptr() as usize - outer.as_ptr() as usize
}

/// The range of the top-level value (after a byte-order mark and whitespace).
pub fn root(text: &str) -> Range<usize> {
    let start = text.len()
        - text
            .trim_start_matches(['\u{feff}', ' ', '\t', '\r', '\n'])
            .len();
    let end = text.trim_end_matches([' ', '\t', '\r', '\n']).len();
    start..end.max(start)
}

/// The members of the object at `object` (a range of `text`), or `None` if it is not one.
pub fn members(text: &str, object: Range<usize>) -> Option<Vec<Member>> {
    let slice = text.get(object.clone())?;
    let (found, _) = json_scan::object_members_splitting(slice, "")?;
    found
        .into_iter()
        .map(|(key, value)| {
            let key_start = object.start + offset_in(slice, key);
            let value_start = object.start + offset_in(slice, value);
            Some(Member {
                key: serde_json::from_str(key).ok()?,
                key_range: key_start..key_start + key.len(),
                value_range: value_start..value_start + value.len(),
            })
        })
        .collect()
}

/// The value of `key` in the object at `object`.
pub fn member(text: &str, object: Range<usize>, key: &str) -> Option<Member> {
    members(text, object)?.into_iter().find(|m| m.key == key)
}

/// The items of the array at `array`, or `None` if it is not one.
pub fn items(text: &str, array: Range<usize>) -> Option<Vec<Range<usize>>> {
    let slice = text.get(array.clone())?;
    let found = json_scan::array_items(slice)?;
    Some(
        found
            .into_iter()
            .map(|item| {
                let start = array.start + offset_in(slice, item);
                start..start + item.len()
            })
            .collect(),
    )
}

/// The whitespace in front of the value at `start`: from the previous `,`, `[`, `{` or
/// newline-separated token up to it ("\n    " in a pretty file, " " in a compact one).
fn gap_before(text: &str, start: usize) -> &str {
    let before = text.get(..start).unwrap_or_default();
    let trimmed = before.trim_end_matches([' ', '\t', '\r', '\n']);
    before.get(trimmed.len()..).unwrap_or_default()
}

/// Sets `key` of the object at `object` to `value` (JSON text): the old value's bytes are
/// replaced, or a member is added after the last one, spaced like it.
pub fn set_member(text: &str, object: Range<usize>, key: &str, value: &str) -> Option<Splice> {
    let found = members(text, object.clone())?;
    if let Some(member) = found.iter().find(|m| m.key == key) {
        if text.get(member.value_range.clone()) == Some(value) {
            return None;
        }
        return Some(Splice::replace(text, member.value_range.clone(), value));
    }
    let key_json = serde_json::to_string(key).ok()?;
    match found.last() {
        Some(last) => {
            let gap = gap_before(text, last.key_range.start);
            let colon = text.get(last.key_range.end..last.value_range.start)?;
            Some(Splice::insert(
                last.value_range.end,
                format!(",{gap}{key_json}{colon}{value}"),
            ))
        }
        None => {
            // `{}` (or `{ }`): the member goes inside the braces.
            Some(Splice::insert(
                object.start + 1,
                format!("{key_json}: {value}"),
            ))
        }
    }
}

/// Removes `key` from the object at `object`, with its comma; `None` if it is not there.
pub fn remove_member(text: &str, object: Range<usize>, key: &str) -> Option<Splice> {
    let found = members(text, object.clone())?;
    let i = found.iter().position(|m| m.key == key)?;
    let range = if i > 0 {
        // From the end of the previous value: ",\n  \"key\": value".
        found[i - 1].value_range.end..found[i].value_range.end
    } else if let Some(next) = found.get(1) {
        found[0].key_range.start..next.key_range.start
    } else {
        found[0].key_range.start..found[0].value_range.end
    };
    Some(Splice::replace(text, range, ""))
}

/// Inserts `item` (JSON text) into the array at `array` before item `index` (at the end
/// when `index` is the length), spaced like its neighbours.
pub fn insert_item(text: &str, array: Range<usize>, index: usize, item: &str) -> Option<Splice> {
    let found = items(text, array.clone())?;
    Some(insert_among(&found, array, index, item, |at| {
        gap_before(text, at).to_owned()
    }))
}

/// [`insert_item`] knowing the array's items already (`found`), and reading only the
/// whitespace before a place (`gap_before`), so a text that is not one string can use it.
pub fn insert_among(
    found: &[Range<usize>],
    array: Range<usize>,
    index: usize,
    item: &str,
    gap_before: impl Fn(usize) -> String,
) -> Splice {
    match (found.get(index), found.last()) {
        (_, None) => Splice::insert(array.start + 1, item),
        (Some(next), _) => {
            let gap = gap_before(next.start);
            Splice::insert(next.start, format!("{item},{gap}"))
        }
        (None, Some(last)) => {
            let gap = gap_before(last.start);
            Splice::insert(last.end, format!(",{gap}{item}"))
        }
    }
}

/// Removes the items at `indices` (any order, duplicates ignored) from the array at `array`,
/// with their commas. The splices are in the order to apply them (last first, so each one's
/// place is still right when it is applied).
pub fn remove_items(text: &str, array: Range<usize>, indices: &[usize]) -> Option<Vec<Splice>> {
    let found = items(text, array.clone())?;
    Some(
        removed_ranges(&found, array, indices)
            .into_iter()
            .map(|range| Splice::replace(text, range, ""))
            .collect(),
    )
}

/// The ranges of text that [`remove_items`] takes out, knowing the array's items (`found`):
/// last first.
pub fn removed_ranges(
    found: &[Range<usize>],
    array: Range<usize>,
    indices: &[usize],
) -> Vec<Range<usize>> {
    let mut wanted: Vec<usize> = indices
        .iter()
        .copied()
        .filter(|&i| i < found.len())
        .collect();
    wanted.sort_unstable();
    wanted.dedup();
    if wanted.is_empty() {
        return Vec::new();
    }
    if wanted.len() == found.len() {
        // Everything: the array becomes `[]`.
        return std::iter::once(array.start + 1..array.end - 1).collect();
    }
    // Runs of neighbouring items go in one splice each, from the last run to the first.
    let mut runs: Vec<(usize, usize)> = Vec::new();
    for i in wanted {
        match runs.last_mut() {
            Some((_, end)) if *end + 1 == i => *end = i,
            _ => runs.push((i, i)),
        }
    }
    runs.iter()
        .rev()
        .map(|&(first, last)| {
            if first > 0 {
                found[first - 1].end..found[last].end
            } else {
                found[first].start..found[last + 1].start
            }
        })
        .collect()
}

/// The JSON values in `fragment`, a piece of a list's text such as `,\n    {…}` or
/// `{…}, {…},\n  ` (items inserted into a list), as ranges of `fragment`.
pub fn values_in(fragment: &str) -> Option<Vec<Range<usize>>> {
    let separators = |c: char| matches!(c, ' ' | '\t' | '\r' | '\n' | ',');
    let start = fragment.len() - fragment.trim_start_matches(separators).len();
    let inner = fragment.trim_matches(separators);
    if inner.is_empty() {
        return Some(Vec::new());
    }
    let wrapped = format!("[{inner}]");
    let found = items(&wrapped, 0..wrapped.len())?;
    Some(
        found
            .into_iter()
            .map(|r| r.start - 1 + start..r.end - 1 + start)
            .collect(),
    )
}

/// A line's indentation, from the text before a place on it.
pub fn indent_of(line: &str) -> String {
    line.chars()
        .take_while(|c| *c == ' ' || *c == '\t')
        .collect()
}

/// The indentation of the line `at` is on, and the line ending the text uses.
pub fn line_style(text: &str, at: usize) -> (String, &'static str) {
    let before = text.get(..at).unwrap_or_default();
    let line_start = before.rfind('\n').map_or(0, |i| i + 1);
    let indent = indent_of(before.get(line_start..).unwrap_or_default());
    let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
    (indent, newline)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::splice::apply_all;

    fn apply(text: &str, splices: &[Splice]) -> String {
        let mut text = text.to_owned();
        assert!(apply_all(splices, &mut text));
        text
    }

    #[test]
    fn members_and_items_are_found_in_place() {
        let text = "{\"a\": 1,\n \"b\\u0041\": [10, {\"c\": 2}]}";
        let found = members(text, root(text)).expect("an object");
        assert_eq!(found[0].key, "a");
        assert_eq!(&text[found[0].value_range.clone()], "1");
        assert_eq!(found[1].key, "bA", "escapes decoded");
        let array = found[1].value_range.clone();
        let found = items(text, array).expect("an array");
        assert_eq!(&text[found[1].clone()], "{\"c\": 2}");
    }

    #[test]
    fn setting_a_member_replaces_only_its_value() {
        let text = "{\r\n\t\"title\": \"Old\",\r\n\t\"start\": \"2014\"\r\n}";
        let splice = set_member(text, root(text), "title", "\"New\"").expect("changed");
        assert_eq!(
            apply(text, &[splice]),
            "{\r\n\t\"title\": \"New\",\r\n\t\"start\": \"2014\"\r\n}"
        );
        assert_eq!(
            set_member(text, root(text), "title", "\"Old\""),
            None,
            "the same value changes nothing"
        );
    }

    #[test]
    fn a_new_member_is_spaced_like_the_last_one() {
        let text = "{\r\n\t\"title\": \"A\",\r\n\t\"start\": \"2014\"\r\n}";
        let splice = set_member(text, root(text), "kind", "\"meeting\"").expect("added");
        assert_eq!(
            apply(text, &[splice]),
            "{\r\n\t\"title\": \"A\",\r\n\t\"start\": \"2014\",\r\n\t\"kind\": \"meeting\"\r\n}"
        );
        let compact = "{\"a\":1}";
        let splice = set_member(compact, root(compact), "b", "2").expect("added");
        assert_eq!(apply(compact, &[splice]), "{\"a\":1,\"b\":2}");
        let empty = "{}";
        let splice = set_member(empty, root(empty), "b", "2").expect("added");
        assert_eq!(apply(empty, &[splice]), "{\"b\": 2}");
    }

    #[test]
    fn removing_a_member_takes_its_comma() {
        let text = "{\n  \"a\": 1,\n  \"b\": 2,\n  \"c\": 3\n}";
        for (key, expected) in [
            ("a", "{\n  \"b\": 2,\n  \"c\": 3\n}"),
            ("b", "{\n  \"a\": 1,\n  \"c\": 3\n}"),
            ("c", "{\n  \"a\": 1,\n  \"b\": 2\n}"),
        ] {
            let splice = remove_member(text, root(text), key).expect("there");
            assert_eq!(apply(text, &[splice]), expected, "removing {key}");
        }
        assert_eq!(remove_member(text, root(text), "zz"), None);
    }

    #[test]
    fn items_are_inserted_and_removed_with_their_neighbours_spacing() {
        let text = "[\n    {\"n\": 0},\n    {\"n\": 1},\n    {\"n\": 2}\n  ]";
        let at_end = insert_item(text, root(text), 3, "{\"n\": 3}").expect("inserted");
        assert_eq!(
            apply(text, &[at_end]),
            "[\n    {\"n\": 0},\n    {\"n\": 1},\n    {\"n\": 2},\n    {\"n\": 3}\n  ]"
        );
        let first = insert_item(text, root(text), 0, "{\"n\": -1}").expect("inserted");
        assert!(apply(text, &[first]).starts_with("[\n    {\"n\": -1},\n    {\"n\": 0},"));
        for (indices, expected) in [
            (&[0][..], "[\n    {\"n\": 1},\n    {\"n\": 2}\n  ]"),
            (&[1], "[\n    {\"n\": 0},\n    {\"n\": 2}\n  ]"),
            (&[2], "[\n    {\"n\": 0},\n    {\"n\": 1}\n  ]"),
            (&[0, 2], "[\n    {\"n\": 1}\n  ]"),
            (&[1, 0], "[\n    {\"n\": 2}\n  ]"),
            (&[0, 1, 2], "[]"),
        ] {
            let splices = remove_items(text, root(text), indices).expect("removed");
            assert_eq!(apply(text, &splices), expected, "removing {indices:?}");
        }
        let empty = "[]";
        let splice = insert_item(empty, root(empty), 0, "1").expect("inserted");
        assert_eq!(apply(empty, &[splice]), "[1]");
    }
}
