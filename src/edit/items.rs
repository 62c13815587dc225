//! Where each item of the file's `events` list is, kept up to date splice by splice, so an
//! edit finds its event without reading the list again (at a million events, reading it takes
//! about 300 ms), and says which events it changed, so the dataset can follow it event by
//! event instead of being read again.

use std::ops::Range;

use super::json_text;

/// What a splice did to the `events` list, as the dataset must follow it.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Change {
    /// Item `0` was changed in its place.
    Edited(usize),
    /// `count` items were inserted before item `at` (counted before the insertion).
    Inserted { at: usize, count: usize },
    /// Items `at..at + count` were removed.
    Removed { at: usize, count: usize },
    /// Something else changed (the actors, the title, the list as a whole): read it all again.
    Whole,
}

/// The places of the `events` list and of its items in the text.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ItemTable {
    /// From its `[` to its `]`, both included.
    pub array: Range<usize>,
    pub items: Vec<Range<usize>>,
}

/// `value` moved by `delta` bytes.
fn moved(value: usize, delta: isize) -> usize {
    value.saturating_add_signed(delta)
}

impl ItemTable {
    /// Reads the table off the whole text: `None` when there is no `events` list.
    pub fn read(text: &str) -> Option<Self> {
        let root = json_text::root(text);
        let array = json_text::member(text, root, "events")?.value_range;
        let items = json_text::items(text, array.clone())?;
        Some(Self { array, items })
    }

    /// Follows a splice made at `at` that removed `removed` bytes and inserted `inserted`.
    /// The changes it made to the list, in order; `None` when the table cannot follow it (a
    /// splice across an item's edge): read it again.
    pub fn follow(&mut self, at: usize, removed: usize, inserted: &str) -> Option<Vec<Change>> {
        let end = at + removed;
        let delta = inserted.len() as isize - removed as isize;
        if end <= self.array.start {
            // Before the list (an actor, the title): everything moves.
            self.shift_from(0, delta);
            self.array = moved(self.array.start, delta)..moved(self.array.end, delta);
            return Some(vec![Change::Whole]);
        }
        if at >= self.array.end {
            return Some(vec![Change::Whole]);
        }
        if at <= self.array.start || end >= self.array.end {
            // The brackets themselves.
            return None;
        }
        self.array.end = moved(self.array.end, delta);
        // Inside one item (its braces stay): the item grows or shrinks in place.
        let containing = self.items.partition_point(|item| item.end <= at);
        if let Some(item) = self.items.get_mut(containing)
            && item.start < at
            && end < item.end
        {
            item.end = moved(item.end, delta);
            self.shift_from(containing + 1, delta);
            return Some(vec![Change::Edited(containing)]);
        }
        // Between items: whole items taken out, whole items put in.
        let first = self.items.partition_point(|item| item.start < at);
        let last = self
            .items
            .partition_point(|item| item.end <= end)
            .max(first);
        if first > 0 && self.items[first - 1].end > at {
            return None;
        }
        if self.items.get(last).is_some_and(|next| next.start < end) {
            return None;
        }
        let added: Vec<Range<usize>> = json_text::values_in(inserted)?
            .into_iter()
            .map(|range| range.start + at..range.end + at)
            .collect();
        let count = added.len();
        self.items.splice(first..last, added);
        self.shift_from(first + count, delta);
        let mut changes = Vec::new();
        if last > first {
            changes.push(Change::Removed {
                at: first,
                count: last - first,
            });
        }
        if count > 0 {
            changes.push(Change::Inserted { at: first, count });
        }
        Some(changes)
    }

    /// Moves items `from..` by `delta` bytes.
    fn shift_from(&mut self, from: usize, delta: isize) {
        if delta == 0 {
            return;
        }
        for item in self.items.iter_mut().skip(from) {
            *item = moved(item.start, delta)..moved(item.end, delta);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::edit::Splice;

    const TEXT: &str =
        "{\"actors\": [], \"events\": [\n  {\"t\": 0},\n  {\"t\": 1},\n  {\"t\": 2}\n]}";

    /// Applies `splice` and checks the followed table against one read afresh.
    fn follow(text: &mut String, table: &mut ItemTable, splice: &Splice) -> Option<Vec<Change>> {
        assert!(splice.apply(text));
        let changes = table.follow(splice.at, splice.removed.len(), &splice.inserted);
        if changes.is_some() {
            assert_eq!(
                Some(table.clone()),
                ItemTable::read(text),
                "after {splice:?}"
            );
        }
        changes
    }

    #[test]
    fn edits_insertions_and_removals_are_followed() {
        let mut text = TEXT.to_owned();
        let mut table = ItemTable::read(&text).expect("a list");
        assert_eq!(table.items.len(), 3);
        let inside = text.find("1}").expect("there");
        let edit = Splice::replace(&text, inside..inside + 1, "100");
        assert_eq!(
            follow(&mut text, &mut table, &edit),
            Some(vec![Change::Edited(1)])
        );
        let array = table.array.clone();
        let end = json_text::insert_item(&text, array.clone(), 3, "{\"t\": 3}").expect("ok");
        assert_eq!(
            follow(&mut text, &mut table, &end),
            Some(vec![Change::Inserted { at: 3, count: 1 }])
        );
        let front = json_text::insert_item(&text, table.array.clone(), 0, "{\"t\": -1}").expect("");
        assert_eq!(
            follow(&mut text, &mut table, &front),
            Some(vec![Change::Inserted { at: 0, count: 1 }])
        );
        for splice in json_text::remove_items(&text, table.array.clone(), &[1, 2, 4]).expect("") {
            let changes = follow(&mut text, &mut table, &splice).expect("followed");
            assert!(
                matches!(changes[..], [Change::Removed { .. }]),
                "{changes:?}"
            );
        }
        assert_eq!(table.items.len(), 2);
        let all = json_text::remove_items(&text, table.array.clone(), &[0, 1]).expect("");
        assert_eq!(
            follow(&mut text, &mut table, &all[0]),
            Some(vec![Change::Removed { at: 0, count: 2 }])
        );
        let into_empty = json_text::insert_item(&text, table.array.clone(), 0, "{}").expect("");
        assert_eq!(
            follow(&mut text, &mut table, &into_empty),
            Some(vec![Change::Inserted { at: 0, count: 1 }])
        );
    }

    #[test]
    fn splices_outside_the_list_move_it_or_leave_it() {
        let mut text = TEXT.to_owned();
        let mut table = ItemTable::read(&text).expect("a list");
        let actors = Splice::replace(&text, 11..13, "[{\"id\": \"a\"}]");
        assert_eq!(
            follow(&mut text, &mut table, &actors),
            Some(vec![Change::Whole])
        );
        let after = Splice::insert(text.len() - 1, ", \"x\": 1");
        assert_eq!(
            follow(&mut text, &mut table, &after),
            Some(vec![Change::Whole])
        );
        let bracket = table.array.start;
        let across = Splice::replace(&text, bracket..bracket + 1, "[ ");
        assert_eq!(follow(&mut text, &mut table, &across), None);
    }
}
