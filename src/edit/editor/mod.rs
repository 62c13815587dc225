//! The text of a native file being edited, and the edits a user makes to it. Each edit is
//! turned into splices of the text at the exact place it changes (a field's value, an event's
//! item in the list), recorded for undo, and nothing else of the text is touched: saving after
//! one edit changes only that edit's lines, and saving with no edit writes the same bytes.
//!
//! Edits of events read only their own item: the places of the items are kept in an
//! [`ItemTable`], and every splice reports the [`Change`] it made to the list, so the dataset
//! can follow an edit event by event. That keeps an edit of a million-event file within a
//! frame.

use std::borrow::Cow;
use std::ops::Range;

use super::format::{Json, Layout};
use super::history::History;
use super::items::{Change, ItemTable};
use super::journal::{JournalEntry, RestoreError};
use super::json_text::{self, indent_of, line_style};
use super::splice::Splice;
use super::text::EditText;

mod inner_lists;

/// Why an edit could not be made; the text is unchanged.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("the file is not a Timelanes dataset (a JSON object with \"actors\" and \"events\")")]
    NotADataset,
    #[error("there is no event {0} in the file")]
    NoSuchEvent(usize),
    #[error("there is no actor {0} in the file")]
    NoSuchActor(usize),
    #[error("there is no {0} {1} in the file")]
    NoSuchItem(&'static str, usize),
    #[error(transparent)]
    Restore(#[from] RestoreError),
}

/// A list of the file: where the objects that are edited live.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum List {
    Events,
    Actors,
    Notes,
    Stories,
}

impl List {
    fn key(self) -> &'static str {
        match self {
            Self::Events => "events",
            Self::Actors => "actors",
            Self::Notes => "notes",
            Self::Stories => "stories",
        }
    }

    fn missing(self, index: usize) -> EditError {
        match self {
            Self::Events => EditError::NoSuchEvent(index),
            Self::Actors => EditError::NoSuchActor(index),
            Self::Notes => EditError::NoSuchItem("note", index),
            Self::Stories => EditError::NoSuchItem("story", index),
        }
    }
}

/// A native dataset's text with its undo history.
#[derive(Clone, Debug)]
pub struct Editor {
    text: EditText,
    history: History,
    /// The text as last saved (or loaded): what the recovery journal's edits apply to. A rope
    /// shares its pieces, so this copy costs little.
    saved: EditText,
    /// Its hash, computed once per save rather than at every journal write.
    saved_hash: std::sync::OnceLock<String>,
    /// The file's line ending, looked at once.
    newline: &'static str,
    /// While [`Editor::in_one_step`] runs: the key every edit joins.
    group: Option<String>,
    groups: u64,
    /// Where the events are; `None` until first needed, or after a splice it could not
    /// follow.
    events: Option<ItemTable>,
    /// What the splices since [`Editor::take_changes`] did to the events.
    changes: Vec<Change>,
}

impl Editor {
    pub fn new(text: String) -> Self {
        let newline = if text.contains("\r\n") { "\r\n" } else { "\n" };
        let text = EditText::from(text.as_str());
        Self {
            saved: text.clone(),
            saved_hash: std::sync::OnceLock::new(),
            text,
            newline,
            history: History::new(),
            group: None,
            groups: 0,
            events: None,
            changes: Vec::new(),
        }
    }

    /// Runs several edits as one undo step (a lane deleted with its events). On an error the
    /// edits made so far are undone, so nothing is applied half way.
    pub fn in_one_step<T>(
        &mut self,
        edits: impl FnOnce(&mut Self) -> Result<T, EditError>,
    ) -> Result<T, EditError> {
        self.history.seal();
        self.groups += 1;
        let key = format!("step {}", self.groups);
        self.group = Some(key.clone());
        let depth = self.history.depth();
        let result = edits(self);
        self.group = None;
        self.history.seal();
        if result.is_err() && self.history.depth() > depth {
            self.undo();
        }
        result
    }

    /// The whole text, as one string (a copy).
    pub fn text(&self) -> String {
        self.text.to_text()
    }

    /// The text's pieces in order, to write it without copying it first.
    pub fn chunks(&self) -> impl Iterator<Item = &str> {
        self.text.chunks()
    }

    /// Writes the text to `out`, piece by piece (a save: no copy of the whole text first).
    pub fn write_to(&self, out: &mut impl std::io::Write) -> std::io::Result<()> {
        use std::io::Write as _;
        let mut out = std::io::BufWriter::with_capacity(1 << 20, out);
        for chunk in self.chunks() {
            out.write_all(chunk.as_bytes())?;
        }
        out.flush()
    }

    pub fn history(&self) -> &History {
        &self.history
    }

    /// Whether the text differs from what was loaded or last saved.
    pub fn is_modified(&self) -> bool {
        self.history.is_modified()
    }

    /// The text as it is now was written to its file.
    pub fn mark_saved(&mut self) {
        self.history.mark_saved();
        self.saved = self.text.clone();
        self.saved_hash = std::sync::OnceLock::new();
    }

    /// What the splices made since the last call did to the `events` list, in order: what the
    /// dataset read from the text must follow.
    pub fn take_changes(&mut self) -> Vec<Change> {
        std::mem::take(&mut self.changes)
    }

    /// What the recovery journal should hold for `document` now: the unsaved edits, or
    /// `None` when there are none.
    pub fn journal_entry(&self, document: &str, now: i64) -> Option<JournalEntry> {
        self.is_modified().then(|| {
            let hash = self.saved_hash.get_or_init(|| self.saved.hash());
            JournalEntry::new(document, &self.saved, hash, &self.text, now)
        })
    }

    /// Restores edits from the journal as one undoable step.
    pub fn restore(&mut self, entry: &JournalEntry) -> Result<(), RestoreError> {
        let splice = entry.splice_for(&self.saved)?;
        if !self.text.same_as(&self.saved) {
            return Err(RestoreError::BaseChanged);
        }
        self.commit("restore of unsaved edits".to_owned(), vec![splice], None);
        self.history.seal();
        Ok(())
    }

    /// Ends the step being typed or dragged: the next edit is a step of its own.
    pub fn seal(&mut self) {
        self.history.seal();
    }

    pub fn undo(&mut self) -> Option<String> {
        let walked = self.history.undo(&mut self.text)?;
        walked.splices.iter().for_each(|s| self.follow(s));
        Some(walked.label)
    }

    pub fn redo(&mut self) -> Option<String> {
        let walked = self.history.redo(&mut self.text)?;
        walked.splices.iter().for_each(|s| self.follow(s));
        Some(walked.label)
    }

    /// Applies splices made for the current text and records them as one step.
    fn commit(&mut self, label: String, splices: Vec<Splice>, merge_key: Option<String>) {
        let merge_key = self.group.clone().or(merge_key);
        let mut applied = Vec::with_capacity(splices.len());
        for splice in splices {
            if splice.apply(&mut self.text) {
                self.follow(&splice);
                applied.push(splice);
            }
        }
        self.history.record(label, applied, merge_key);
    }

    /// Keeps the table of events up to date after `splice` was applied, and notes what it
    /// changed.
    fn follow(&mut self, splice: &Splice) {
        let followed = self
            .events
            .as_mut()
            .and_then(|table| table.follow(splice.at, splice.removed.len(), &splice.inserted));
        match followed {
            Some(changes) => self.changes.extend(changes),
            None => {
                self.events = None;
                self.changes.push(Change::Whole);
            }
        }
    }

    /// The table of the events' places, read off the text when not known.
    fn events_table(&mut self) -> Result<&ItemTable, EditError> {
        if self.events.is_none() {
            self.events = ItemTable::read(&self.text.to_text());
        }
        self.events.as_ref().ok_or(EditError::NotADataset)
    }

    /// The range of the top-level list `list`, in `whole` (the text as one string).
    fn list_range_in(whole: &str, list: List) -> Result<Range<usize>, EditError> {
        let root = json_text::root(whole);
        json_text::member(whole, root, list.key())
            .map(|m| m.value_range)
            .ok_or(EditError::NotADataset)
    }

    /// The range of item `index` of `list`.
    fn item_range(&mut self, list: List, index: usize) -> Result<Range<usize>, EditError> {
        match list {
            List::Events => {
                let table = self.events_table()?;
                table.items.get(index).cloned().ok_or(list.missing(index))
            }
            _ => {
                let whole = self.text.to_text();
                let items = json_text::items(&whole, Self::list_range_in(&whole, list)?)
                    .ok_or(EditError::NotADataset)?;
                items.get(index).cloned().ok_or(list.missing(index))
            }
        }
    }

    /// How a value inside `object` (whose text is `sample`, on a line that starts with
    /// `line`) is written.
    fn member_layout(&self, sample: &str, line: &str) -> Layout {
        let indent = indent_of(line);
        let mut layout = Layout::like(sample, &indent, self.newline);
        if layout.multiline {
            layout.indent = format!("{indent}{}", layout.unit);
        }
        layout
    }

    /// Sets (or, with `None`, removes) `key` of item `index` of `list`. Edits with the same
    /// `merge_key` join one undo step until [`Editor::seal`]. `Ok(false)`: nothing changed.
    pub fn set_field(
        &mut self,
        list: List,
        index: usize,
        key: &str,
        value: Option<&Json>,
        label: String,
        merge_key: Option<String>,
    ) -> Result<bool, EditError> {
        let object = self.item_range(list, index)?;
        // Only the item is read: its text, and the line it starts on for the indentation.
        let item = self
            .text
            .get(object.clone())
            .ok_or(EditError::NotADataset)?
            .into_owned();
        let line = self.text.line_before(object.start);
        let local = 0..item.len();
        let splice = match value {
            Some(value) => {
                let written = self.member_layout(&item, &line).write(value);
                json_text::set_member(&item, local, key, &written)
            }
            None => json_text::remove_member(&item, local, key),
        };
        let Some(splice) = splice else {
            return Ok(false);
        };
        self.commit(label, vec![splice.shifted(object.start)], merge_key);
        Ok(true)
    }

    /// Sets (or removes) a member of the top-level object (`title`, `description`).
    pub fn set_top_field(
        &mut self,
        key: &str,
        value: Option<&Json>,
        label: String,
        merge_key: Option<String>,
    ) -> Result<bool, EditError> {
        let whole = self.text.to_text();
        let root = json_text::root(&whole);
        let splice = match value {
            Some(value) => {
                let (line, _) = line_style(&whole, root.start);
                let sample = whole.get(root.clone()).unwrap_or_default();
                let written = self.member_layout(sample, &line).write(value);
                json_text::set_member(&whole, root, key, &written)
            }
            None => json_text::remove_member(&whole, root, key),
        };
        let Some(splice) = splice else {
            return Ok(false);
        };
        self.commit(label, vec![splice], merge_key);
        Ok(true)
    }

    /// Adds `item` at the end of `list` (creating the list if the file has none), written like
    /// its neighbours; returns its index. With a `merge_key`, later edits with the same key
    /// join the same undo step (a new lane and the event put in it).
    pub fn add_item(
        &mut self,
        list: List,
        item: &Json,
        label: String,
        merge_key: Option<String>,
    ) -> Result<usize, EditError> {
        if list == List::Events
            && let Ok(table) = self.events_table()
            && let Some(last) = table.items.last().cloned()
        {
            // Written like the last event, after it.
            let (index, array) = (table.items.len(), table.array.clone());
            let sample = self.text.get(last.clone()).unwrap_or_default().into_owned();
            let line = self.text.line_before(last.start);
            let written = Layout::like(&sample, &indent_of(&line), self.newline).write(item);
            let splice = self.insert_event_splice(array, index, &written)?;
            self.commit(label, vec![splice], merge_key);
            return Ok(index);
        }
        let whole = self.text.to_text();
        let (splices, index) = self.add_item_splices(&whole, list, item)?;
        self.commit(label, splices, merge_key);
        Ok(index)
    }

    /// The splice that puts `written` before event `index` (after the last when it is the
    /// count), spaced like its neighbours.
    fn insert_event_splice(
        &mut self,
        array: Range<usize>,
        index: usize,
        written: &str,
    ) -> Result<Splice, EditError> {
        let text = &self.text;
        let table = self.events.as_ref().ok_or(EditError::NotADataset)?;
        Ok(json_text::insert_among(
            &table.items,
            array,
            index,
            written,
            |at| text.gap_before(at),
        ))
    }

    /// Adds `raw` (JSON text, kept as written: pasted events) at the end of `list`.
    pub fn add_raw_item(&mut self, list: List, raw: &str, label: String) -> Result<(), EditError> {
        let splice = match list {
            List::Events => {
                let table = self.events_table()?;
                let (array, count) = (table.array.clone(), table.items.len());
                self.insert_event_splice(array, count, raw.trim())?
            }
            _ => {
                let whole = self.text.to_text();
                let array = Self::list_range_in(&whole, list)?;
                let count = json_text::items(&whole, array.clone())
                    .ok_or(EditError::NotADataset)?
                    .len();
                json_text::insert_item(&whole, array, count, raw.trim())
                    .ok_or(EditError::NotADataset)?
            }
        };
        self.commit(label, vec![splice], None);
        Ok(())
    }

    /// The splices that add `item` at the end of `list` in `whole`, and the index it gets.
    fn add_item_splices(
        &self,
        whole: &str,
        list: List,
        item: &Json,
    ) -> Result<(Vec<Splice>, usize), EditError> {
        let root = json_text::root(whole);
        let Some(array) = json_text::member(whole, root.clone(), list.key()) else {
            // No list yet: `"events": [item]` at the end of the file's object.
            let (line, _) = line_style(whole, root.start);
            let layout = self.member_layout(whole.get(root.clone()).unwrap_or_default(), &line);
            let value = layout.write(&Json::List(vec![item.clone()]));
            return json_text::set_member(whole, root, list.key(), &value)
                .map(|s| (vec![s], 0))
                .ok_or(EditError::NotADataset);
        };
        let array = array.value_range;
        let items = json_text::items(whole, array.clone()).ok_or(EditError::NotADataset)?;
        let written = match items.last() {
            Some(last) => {
                let (indent, _) = line_style(whole, last.start);
                let sample = whole.get(last.clone()).unwrap_or_default();
                Layout::like(sample, &indent, self.newline).write(item)
            }
            None => {
                let (line, _) = line_style(whole, root.start);
                let sample = whole.get(root).unwrap_or_default();
                self.member_layout(sample, &line).write(item)
            }
        };
        json_text::insert_item(whole, array, items.len(), &written)
            .map(|s| (vec![s], items.len()))
            .ok_or(EditError::NotADataset)
    }

    /// Removes items of `list`; `Ok(false)` when none of them was there.
    pub fn remove_items(
        &mut self,
        list: List,
        indices: &[usize],
        label: String,
    ) -> Result<bool, EditError> {
        let splices: Vec<Splice> = match list {
            List::Events => {
                let table = self.events_table()?;
                let ranges = json_text::removed_ranges(&table.items, table.array.clone(), indices);
                ranges
                    .into_iter()
                    .map(|range| {
                        let removed = self.text.get(range.clone()).unwrap_or(Cow::Borrowed(""));
                        Splice {
                            at: range.start,
                            removed: removed.into_owned(),
                            inserted: String::new(),
                        }
                    })
                    .collect()
            }
            _ => {
                let whole = self.text.to_text();
                let array = Self::list_range_in(&whole, list)?;
                json_text::remove_items(&whole, array, indices).ok_or(EditError::NotADataset)?
            }
        };
        if splices.is_empty() {
            return Ok(false);
        }
        self.commit(label, splices, None);
        Ok(true)
    }

    /// Moves item `from` of `list` to place `to` (counted before the move), its text as it
    /// was: one undo step.
    pub fn move_item(
        &mut self,
        list: List,
        from: usize,
        to: usize,
        label: String,
    ) -> Result<bool, EditError> {
        let mut text = self.text.to_text();
        let array = Self::list_range_in(&text, list)?;
        let items = json_text::items(&text, array.clone()).ok_or(EditError::NotADataset)?;
        if from >= items.len() || to >= items.len() {
            return Err(list.missing(from.max(to)));
        }
        if from == to {
            return Ok(false);
        }
        let item = text.get(items[from].clone()).unwrap_or_default().to_owned();
        let mut splices = Vec::new();
        for splice in
            json_text::remove_items(&text, array, &[from]).ok_or(EditError::NotADataset)?
        {
            splice.apply(&mut text);
            splices.push(splice);
        }
        let array = Self::list_range_in(&text, list)?;
        let splice =
            json_text::insert_item(&text, array, to, &item).ok_or(EditError::NotADataset)?;
        splices.push(splice);
        self.commit(label, splices, None);
        Ok(true)
    }

    /// The JSON text of item `index` of `list` (to copy it, or to read it again after an
    /// edit).
    pub fn item_text(&mut self, list: List, index: usize) -> Result<String, EditError> {
        let range = self.item_range(list, index)?;
        Ok(self.text.get(range).unwrap_or_default().into_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    const FILE: &str = "{\r\n  \"version\": 1,\r\n  \"x-custom\": {\"kept\": true},\r\n  \"actors\": [\r\n    {\"id\": \"us\", \"name\": \"United States\"}\r\n  ],\r\n  \"events\": [\r\n    {\r\n      \"title\": \"Summit \\u00e9\",\r\n      \"start\": \"2021-11-15\",\r\n      \"actors\": [\"us\"],\r\n      \"x-note\": 42\r\n    },\r\n    {\r\n      \"title\": \"Embassy meeting\",\r\n      \"start\": \"2021-11-18~\",\r\n      \"actors\": [\"us\"]\r\n    }\r\n  ]\r\n}\r\n";

    fn label() -> String {
        "edit".to_owned()
    }

    #[test]
    fn a_field_edit_changes_only_its_value_and_undo_gives_back_the_bytes() {
        let mut editor = Editor::new(FILE.to_owned());
        let changed = editor
            .set_field(
                List::Events,
                1,
                "start",
                Some(&Json::text("2021-11")),
                label(),
                None,
            )
            .expect("edited");
        assert!(changed);
        assert_eq!(
            editor.text(),
            FILE.replace("\"2021-11-18~\"", "\"2021-11\""),
            "only the value changed; escapes, CRLF and unknown fields kept"
        );
        assert!(editor.is_modified());
        editor.undo();
        assert_eq!(editor.text(), FILE);
        assert!(!editor.is_modified());
    }

    #[test]
    fn a_new_field_a_new_event_and_a_deletion_look_like_the_author_wrote_them() {
        let mut editor = Editor::new(FILE.to_owned());
        editor
            .set_field(
                List::Events,
                1,
                "kind",
                Some(&Json::text("meeting")),
                label(),
                None,
            )
            .expect("edited");
        assert!(
            editor
                .text()
                .contains("\"actors\": [\"us\"],\r\n      \"kind\": \"meeting\"\r\n    }\r\n  ]")
        );
        let event = Json::Object(vec![
            ("title".to_owned(), Json::text("New")),
            ("start".to_owned(), Json::text("2022")),
            ("actors".to_owned(), Json::List(vec![Json::text("us")])),
        ]);
        let index = editor
            .add_item(List::Events, &event, label(), None)
            .expect("added");
        assert_eq!(index, 2);
        assert!(editor.text().contains(
            "    },\r\n    {\r\n      \"title\": \"New\",\r\n      \"start\": \"2022\",\r\n      \"actors\": [\"us\"]\r\n    }\r\n  ]\r\n}\r\n"
        ), "{}", editor.text());
        assert!(
            crate::io::native::parse(&editor.text()).is_ok(),
            "still a valid file"
        );
        editor
            .remove_items(List::Events, &[0], label())
            .expect("removed");
        assert!(!editor.text().contains("Summit"));
        assert_eq!(editor.history().depth(), 3);
        while editor.undo().is_some() {}
        assert_eq!(editor.text(), FILE);
    }

    #[test]
    fn moving_an_item_keeps_its_text_and_undoes_in_one_step() {
        let mut editor = Editor::new(FILE.to_owned());
        assert!(
            editor
                .move_item(List::Events, 1, 0, label())
                .expect("moved")
        );
        let (dataset, _) = crate::io::native::parse(&editor.text()).expect("parses");
        let titles: Vec<&str> = dataset.events().map(|e| e.title()).collect();
        assert_eq!(titles, ["Embassy meeting", "Summit é"]);
        assert!(
            editor.text().contains("\"x-note\": 42"),
            "unknown fields move along"
        );
        editor.undo();
        assert_eq!(editor.text(), FILE);
    }

    #[test]
    fn edits_in_one_step_undo_together_and_none_stays_half_done() {
        let mut editor = Editor::new(FILE.to_owned());
        editor
            .in_one_step(|editor| {
                editor.set_field(
                    List::Events,
                    0,
                    "kind",
                    Some(&Json::text("a")),
                    label(),
                    None,
                )?;
                editor.remove_items(List::Events, &[1], label())
            })
            .expect("done");
        assert_eq!(editor.history().depth(), 1);
        editor.undo();
        assert_eq!(editor.text(), FILE);
        let failed = editor.in_one_step(|editor| {
            editor.set_field(
                List::Events,
                0,
                "kind",
                Some(&Json::text("a")),
                label(),
                None,
            )?;
            editor.set_field(List::Events, 7, "kind", None, label(), None)
        });
        assert_eq!(failed, Err(EditError::NoSuchEvent(7)));
        assert_eq!(editor.text(), FILE, "the first edit is taken back");
    }

    #[test]
    fn a_missing_event_is_an_error_and_changes_nothing() {
        let mut editor = Editor::new(FILE.to_owned());
        assert_eq!(
            editor.set_field(List::Events, 9, "title", None, label(), None),
            Err(EditError::NoSuchEvent(9))
        );
        assert_eq!(editor.text(), FILE);
        assert!(!editor.is_modified());
    }

    #[test]
    fn unsaved_edits_go_to_the_journal_and_come_back() {
        let mut editor = Editor::new(FILE.to_owned());
        assert_eq!(editor.journal_entry("f", 0), None, "nothing unsaved");
        editor
            .set_field(
                List::Events,
                0,
                "title",
                Some(&Json::text("Changed")),
                label(),
                None,
            )
            .expect("edited");
        let entry = editor.journal_entry("f", 0).expect("unsaved edits");
        // After a crash: the file as it was, and the journal.
        let mut recovered = Editor::new(FILE.to_owned());
        recovered.restore(&entry).expect("restored");
        assert_eq!(recovered.text(), editor.text());
        assert!(recovered.is_modified(), "restored edits are not saved yet");
        recovered.undo();
        assert_eq!(recovered.text(), FILE);
    }
}
