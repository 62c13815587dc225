//! The text of a native file being edited, and the edits a user makes to it. Each edit is
//! turned into splices of the text at the exact place it changes (a field's value, an event's
//! item in the list), recorded for undo, and nothing else of the text is touched: saving after
//! one edit changes only that edit's lines, and saving with no edit writes the same bytes.

use std::ops::Range;

use super::format::{Json, Layout};
use super::history::History;
use super::journal::{JournalEntry, RestoreError};
use super::json_text::{self, line_style};
use super::splice::Splice;

/// Why an edit could not be made; the text is unchanged.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum EditError {
    #[error("the file is not a Timelanes dataset (a JSON object with \"actors\" and \"events\")")]
    NotADataset,
    #[error("there is no event {0} in the file")]
    NoSuchEvent(usize),
    #[error("there is no actor {0} in the file")]
    NoSuchActor(usize),
    #[error(transparent)]
    Restore(#[from] RestoreError),
}

/// A list of the file: where the objects that are edited live.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum List {
    Events,
    Actors,
}

impl List {
    fn key(self) -> &'static str {
        match self {
            Self::Events => "events",
            Self::Actors => "actors",
        }
    }

    fn missing(self, index: usize) -> EditError {
        match self {
            Self::Events => EditError::NoSuchEvent(index),
            Self::Actors => EditError::NoSuchActor(index),
        }
    }
}

/// A native dataset's text with its undo history.
#[derive(Clone, Debug)]
pub struct Editor {
    text: String,
    history: History,
    /// The text as last saved (or loaded): what the recovery journal's edits apply to.
    saved: String,
    /// Its hash, computed once per save rather than at every journal write.
    saved_hash: std::sync::OnceLock<String>,
    /// While [`Editor::in_one_step`] runs: the key every edit joins.
    group: Option<String>,
    groups: u64,
}

impl Editor {
    pub fn new(text: String) -> Self {
        Self {
            saved: text.clone(),
            saved_hash: std::sync::OnceLock::new(),
            text,
            history: History::new(),
            group: None,
            groups: 0,
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

    pub fn text(&self) -> &str {
        &self.text
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

    /// What the recovery journal should hold for `document` now: the unsaved edits, or
    /// `None` when there are none.
    pub fn journal_entry(&self, document: &str, now: i64) -> Option<JournalEntry> {
        self.is_modified().then(|| {
            let hash = self
                .saved_hash
                .get_or_init(|| super::journal::hash(&self.saved));
            JournalEntry::new(document, &self.saved, hash, &self.text, now)
        })
    }

    /// Restores edits from the journal as one undoable step.
    pub fn restore(&mut self, entry: &JournalEntry) -> Result<(), RestoreError> {
        let splice = entry.splice_for(&self.saved)?;
        if self.text != self.saved {
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
        self.history.undo(&mut self.text)
    }

    pub fn redo(&mut self) -> Option<String> {
        self.history.redo(&mut self.text)
    }

    /// Applies splices made for the current text and records them as one step.
    fn commit(&mut self, label: String, splices: Vec<Splice>, merge_key: Option<String>) {
        let merge_key = self.group.clone().or(merge_key);
        let mut applied = Vec::with_capacity(splices.len());
        for splice in splices {
            if splice.apply(&mut self.text) {
                applied.push(splice);
            }
        }
        self.history.record(label, applied, merge_key);
    }

    /// The range of the top-level list `list`.
    fn list_range(&self, list: List) -> Result<Range<usize>, EditError> {
        let root = json_text::root(&self.text);
        json_text::member(&self.text, root, list.key())
            .map(|m| m.value_range)
            .ok_or(EditError::NotADataset)
    }

    /// The range of item `index` of `list`.
    fn item_range(&self, list: List, index: usize) -> Result<Range<usize>, EditError> {
        let items =
            json_text::items(&self.text, self.list_range(list)?).ok_or(EditError::NotADataset)?;
        items.get(index).cloned().ok_or(list.missing(index))
    }

    /// How a value at `object`'s members' depth is written.
    fn member_layout(&self, object: Range<usize>) -> Layout {
        let (indent, newline) = line_style(&self.text, object.start);
        let sample = self.text.get(object).unwrap_or_default();
        let mut layout = Layout::like(sample, &indent, newline);
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
        Ok(self.set_member_of(object, key, value, label, merge_key))
    }

    /// Sets (or removes) a member of the top-level object (`title`, `description`).
    pub fn set_top_field(
        &mut self,
        key: &str,
        value: Option<&Json>,
        label: String,
        merge_key: Option<String>,
    ) -> Result<bool, EditError> {
        let root = json_text::root(&self.text);
        Ok(self.set_member_of(root, key, value, label, merge_key))
    }

    /// Sets or removes `key` of the object at `object`; whether anything changed.
    fn set_member_of(
        &mut self,
        object: Range<usize>,
        key: &str,
        value: Option<&Json>,
        label: String,
        merge_key: Option<String>,
    ) -> bool {
        let splice = match value {
            Some(value) => {
                let written = self.member_layout(object.clone()).write(value);
                json_text::set_member(&self.text, object, key, &written)
            }
            None => json_text::remove_member(&self.text, object, key),
        };
        let Some(splice) = splice else {
            return false;
        };
        self.commit(label, vec![splice], merge_key);
        true
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
        let splices = self.add_item_splices(list, item)?;
        let index = self
            .list_range(list)
            .ok()
            .and_then(|range| json_text::items(&self.text, range))
            .map_or(0, |i| i.len());
        self.commit(label, splices, merge_key);
        Ok(index)
    }

    /// Adds `raw` (JSON text, kept as written: pasted events) at the end of `list`.
    pub fn add_raw_item(&mut self, list: List, raw: &str, label: String) -> Result<(), EditError> {
        let array = self.list_range(list)?;
        let count = json_text::items(&self.text, array.clone())
            .ok_or(EditError::NotADataset)?
            .len();
        let splice = json_text::insert_item(&self.text, array, count, raw.trim())
            .ok_or(EditError::NotADataset)?;
        self.commit(label, vec![splice], None);
        Ok(())
    }

    fn add_item_splices(&self, list: List, item: &Json) -> Result<Vec<Splice>, EditError> {
        let root = json_text::root(&self.text);
        let Some(array) = json_text::member(&self.text, root.clone(), list.key()) else {
            // No list yet: `"events": [item]` at the end of the file's object.
            let layout = self.member_layout(root.clone());
            let value = layout.write(&Json::List(vec![item.clone()]));
            return json_text::set_member(&self.text, root, list.key(), &value)
                .map(|s| vec![s])
                .ok_or(EditError::NotADataset);
        };
        let array = array.value_range;
        let items = json_text::items(&self.text, array.clone()).ok_or(EditError::NotADataset)?;
        let written = match items.last() {
            Some(last) => {
                let (indent, newline) = line_style(&self.text, last.start);
                let sample = self.text.get(last.clone()).unwrap_or_default();
                Layout::like(sample, &indent, newline).write(item)
            }
            None => {
                let layout = self.member_layout(root);
                layout.write(item)
            }
        };
        json_text::insert_item(&self.text, array, items.len(), &written)
            .map(|s| vec![s])
            .ok_or(EditError::NotADataset)
    }

    /// Removes items of `list`; `Ok(false)` when none of them was there.
    pub fn remove_items(
        &mut self,
        list: List,
        indices: &[usize],
        label: String,
    ) -> Result<bool, EditError> {
        let array = self.list_range(list)?;
        let splices =
            json_text::remove_items(&self.text, array, indices).ok_or(EditError::NotADataset)?;
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
        let array = self.list_range(list)?;
        let items = json_text::items(&self.text, array.clone()).ok_or(EditError::NotADataset)?;
        if from >= items.len() || to >= items.len() {
            return Err(list.missing(from.max(to)));
        }
        if from == to {
            return Ok(false);
        }
        let item = self
            .text
            .get(items[from].clone())
            .unwrap_or_default()
            .to_owned();
        let mut text = self.text.clone();
        let mut splices = Vec::new();
        for splice in
            json_text::remove_items(&text, array, &[from]).ok_or(EditError::NotADataset)?
        {
            splice.apply(&mut text);
            splices.push(splice);
        }
        let array = {
            let root = json_text::root(&text);
            json_text::member(&text, root, list.key())
                .ok_or(EditError::NotADataset)?
                .value_range
        };
        let splice =
            json_text::insert_item(&text, array, to, &item).ok_or(EditError::NotADataset)?;
        splices.push(splice);
        self.commit(label, splices, None);
        Ok(true)
    }

    /// The JSON text of item `index` of `list` (to copy it, or to read a field's raw value).
    pub fn item_text(&self, list: List, index: usize) -> Result<&str, EditError> {
        let range = self.item_range(list, index)?;
        Ok(self.text.get(range).unwrap_or_default())
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
            crate::io::native::parse(editor.text()).is_ok(),
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
        let (dataset, _) = crate::io::native::parse(editor.text()).expect("parses");
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
