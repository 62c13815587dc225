//! Edits of a list inside an item of the file: a story's `steps`. A step's caption set, a
//! step added, removed or moved, each one undoable step that touches only its own text. These
//! are rare and small, so they read the whole text rather than keep a table of places.

use std::ops::Range;

use super::super::format::{Json, Layout};
use super::super::json_text::{self, line_style};
use super::{EditError, Editor, List};

/// A list inside an item (a story's steps): its range and its items' ranges.
type InnerList = (Range<usize>, Vec<Range<usize>>);

impl Editor {
    /// The list `key` inside item `index` of `list` (a story's `steps`), in `whole`: its
    /// range and its items' ranges; `None` when the item has no such list.
    fn inner_list(
        whole: &str,
        list: List,
        index: usize,
        key: &str,
    ) -> Result<(Range<usize>, Option<InnerList>), EditError> {
        let items = json_text::items(whole, Self::list_range_in(whole, list)?)
            .ok_or(EditError::NotADataset)?;
        let object = items.get(index).cloned().ok_or(list.missing(index))?;
        let inner = json_text::member(whole, object.clone(), key).and_then(|member| {
            let found = json_text::items(whole, member.value_range.clone())?;
            Some((member.value_range, found))
        });
        Ok((object, inner))
    }

    /// Sets (or removes) `field` of item `sub` of the list `key` inside item `index` of
    /// `list`: a story step's caption.
    #[allow(clippy::too_many_arguments)]
    pub fn set_inner_field(
        &mut self,
        list: List,
        index: usize,
        key: &str,
        sub: usize,
        field: &str,
        value: Option<&Json>,
        label: String,
        merge_key: Option<String>,
    ) -> Result<bool, EditError> {
        let whole = self.text.to_text();
        let (_, inner) = Self::inner_list(&whole, list, index, key)?;
        let object = inner
            .and_then(|(_, items)| items.get(sub).cloned())
            .ok_or(EditError::NoSuchItem("step", sub))?;
        let splice = match value {
            Some(value) => {
                let (line, _) = line_style(&whole, object.start);
                let sample = whole.get(object.clone()).unwrap_or_default();
                let written = self.member_layout(sample, &line).write(value);
                json_text::set_member(&whole, object, field, &written)
            }
            None => json_text::remove_member(&whole, object, field),
        };
        let Some(splice) = splice else {
            return Ok(false);
        };
        self.commit(label, vec![splice], merge_key);
        Ok(true)
    }

    /// Adds `item` at the end of the list `key` inside item `index` of `list` (making the
    /// list if the item has none): a step added to a story.
    pub fn add_inner_item(
        &mut self,
        list: List,
        index: usize,
        key: &str,
        item: &Json,
        label: String,
    ) -> Result<(), EditError> {
        let whole = self.text.to_text();
        let (object, inner) = Self::inner_list(&whole, list, index, key)?;
        let splice = match inner {
            Some((array, found)) => {
                let written = match found.last() {
                    Some(last) => {
                        let (indent, _) = line_style(&whole, last.start);
                        let sample = whole.get(last.clone()).unwrap_or_default();
                        Layout::like(sample, &indent, self.newline).write(item)
                    }
                    None => Layout::like("", "", self.newline).write(item),
                };
                json_text::insert_item(&whole, array, found.len(), &written)
            }
            None => {
                let (line, _) = line_style(&whole, object.start);
                let sample = whole.get(object.clone()).unwrap_or_default();
                let written = self
                    .member_layout(sample, &line)
                    .write(&Json::List(vec![item.clone()]));
                json_text::set_member(&whole, object, key, &written)
            }
        }
        .ok_or(EditError::NotADataset)?;
        self.commit(label, vec![splice], None);
        Ok(())
    }

    /// Removes items `subs` of the list `key` inside item `index` of `list`.
    pub fn remove_inner_items(
        &mut self,
        list: List,
        index: usize,
        key: &str,
        subs: &[usize],
        label: String,
    ) -> Result<bool, EditError> {
        let whole = self.text.to_text();
        let (_, inner) = Self::inner_list(&whole, list, index, key)?;
        let Some((array, _)) = inner else {
            return Ok(false);
        };
        let splices = json_text::remove_items(&whole, array, subs).ok_or(EditError::NotADataset)?;
        if splices.is_empty() {
            return Ok(false);
        }
        self.commit(label, splices, None);
        Ok(true)
    }

    /// Moves item `from` of the list `key` inside item `index` of `list` to place `to`: a step
    /// moved up or down. One undo step.
    pub fn move_inner_item(
        &mut self,
        list: List,
        index: usize,
        key: &str,
        from: usize,
        to: usize,
        label: String,
    ) -> Result<bool, EditError> {
        let mut whole = self.text.to_text();
        let (_, inner) = Self::inner_list(&whole, list, index, key)?;
        let Some((array, found)) = inner else {
            return Ok(false);
        };
        if from >= found.len() || to >= found.len() || from == to {
            return Ok(false);
        }
        let item = whole
            .get(found[from].clone())
            .unwrap_or_default()
            .to_owned();
        let mut splices = Vec::new();
        for splice in
            json_text::remove_items(&whole, array, &[from]).ok_or(EditError::NotADataset)?
        {
            splice.apply(&mut whole);
            splices.push(splice);
        }
        let (_, inner) = Self::inner_list(&whole, list, index, key)?;
        let (array, _) = inner.ok_or(EditError::NotADataset)?;
        splices
            .push(json_text::insert_item(&whole, array, to, &item).ok_or(EditError::NotADataset)?);
        self.commit(label, splices, None);
        Ok(true)
    }
}
