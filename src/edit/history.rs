//! Undo and redo: each step is the splices one user action made, with a name for the menu
//! ("move of 'Biden and Xi hold video summit'"). Typing in one field, or one drag, is one
//! step: edits with the same merge key join the step on top until it is sealed. Unlimited
//! within a session. The step the file was saved at is remembered, so undoing back to it
//! clears the "unsaved" mark.

use super::splice::{Splice, apply_all, inverse_all};
use super::text::SpliceTarget;

/// One undoable action.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Step {
    /// What it did, for "Undo {label}".
    pub label: String,
    pub splices: Vec<Splice>,
    /// Later edits with this key join this step while it is open (one field's typing).
    merge_key: Option<String>,
    sealed: bool,
    /// A number no other step of this history has.
    id: u64,
}

/// A step undone or redone: its name, and the splices that were applied to the text, in
/// order (so what is built from the text can follow them).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Walked {
    pub label: String,
    pub splices: Vec<Splice>,
}

/// The undo and redo stacks.
#[derive(Clone, Debug, Default)]
pub struct History {
    done: Vec<Step>,
    undone: Vec<Step>,
    next_id: u64,
    /// The id of the step on top when the text was last saved (0: none, the text as loaded);
    /// `None` when no sequence of undos and redos leads back to it.
    saved_at: Option<u64>,
}

impl History {
    pub fn new() -> Self {
        Self {
            done: Vec::new(),
            undone: Vec::new(),
            next_id: 1,
            saved_at: Some(0),
        }
    }

    /// The id of the state the text is in now.
    fn current(&self) -> u64 {
        self.done.last().map_or(0, |s| s.id)
    }

    /// Records splices already applied to the text. With a `merge_key` equal to the open step
    /// on top, they join it.
    pub fn record(&mut self, label: String, splices: Vec<Splice>, merge_key: Option<String>) {
        if splices.is_empty() {
            return;
        }
        // A new action forgets what was undone: it cannot be redone on top of this one.
        if self.undone.drain(..).any(|s| Some(s.id) == self.saved_at) {
            self.saved_at = None;
        }
        if let (Some(top), Some(key)) = (self.done.last_mut(), &merge_key)
            && !top.sealed
            && top.merge_key.as_ref() == Some(key)
        {
            top.splices.extend(splices);
            top.label = label;
            if self.saved_at == Some(top.id) {
                // The saved state was in the middle of this step: no longer reachable.
                self.saved_at = None;
            }
            return;
        }
        self.seal();
        let id = self.next_id;
        self.next_id += 1;
        self.done.push(Step {
            label,
            splices,
            merge_key,
            sealed: false,
            id,
        });
    }

    /// Closes the step on top: the next edit starts a new one (a field lost the keyboard, a
    /// drag ended).
    pub fn seal(&mut self) {
        if let Some(top) = self.done.last_mut() {
            top.sealed = true;
        }
    }

    /// Undoes the last step on `text`; its label, or `None` with nothing to undo (or a text
    /// that is not the one the history belongs to).
    pub fn undo(&mut self, text: &mut impl SpliceTarget) -> Option<Walked> {
        let mut step = self.done.pop()?;
        let splices = inverse_all(&step.splices);
        if !apply_all(&splices, text) {
            self.done.push(step);
            return None;
        }
        step.sealed = true;
        let label = step.label.clone();
        self.undone.push(step);
        Some(Walked { label, splices })
    }

    /// Redoes the last undone step.
    pub fn redo(&mut self, text: &mut impl SpliceTarget) -> Option<Walked> {
        let step = self.undone.pop()?;
        if !apply_all(&step.splices, text) {
            self.undone.push(step);
            return None;
        }
        let walked = Walked {
            label: step.label.clone(),
            splices: step.splices.clone(),
        };
        self.done.push(step);
        Some(walked)
    }

    pub fn undo_label(&self) -> Option<&str> {
        self.done.last().map(|s| s.label.as_str())
    }

    pub fn redo_label(&self) -> Option<&str> {
        self.undone.last().map(|s| s.label.as_str())
    }

    /// Whether the text differs from what was last saved (or loaded).
    pub fn is_modified(&self) -> bool {
        self.saved_at != Some(self.current())
    }

    /// The text as it is now has been saved.
    pub fn mark_saved(&mut self) {
        self.seal();
        self.saved_at = Some(self.current());
    }

    /// How many steps can be undone.
    pub fn depth(&self) -> usize {
        self.done.len()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn typed(text: &mut String, history: &mut History, at: usize, what: &str, key: &str) {
        let splice = Splice::insert(at, what);
        assert!(splice.apply(text));
        history.record(format!("typing {what}"), vec![splice], Some(key.to_owned()));
    }

    #[test]
    fn typing_in_one_field_is_one_step_and_undo_redo_walk_the_steps() {
        let mut text = "ab".to_owned();
        let mut history = History::new();
        assert!(!history.is_modified());
        typed(&mut text, &mut history, 1, "x", "title");
        typed(&mut text, &mut history, 2, "y", "title");
        history.seal();
        typed(&mut text, &mut history, 4, "z", "title");
        assert_eq!(text, "axybz");
        assert_eq!(history.depth(), 2);
        assert!(history.is_modified());
        assert_eq!(
            history.undo(&mut text).map(|w| w.label).as_deref(),
            Some("typing z")
        );
        assert_eq!(text, "axyb");
        assert_eq!(
            history.undo(&mut text).map(|w| w.label).as_deref(),
            Some("typing y")
        );
        assert_eq!(text, "ab");
        assert!(!history.is_modified(), "back at the loaded text");
        assert_eq!(history.undo(&mut text), None);
        assert_eq!(
            history.redo(&mut text).map(|w| w.label).as_deref(),
            Some("typing y")
        );
        assert_eq!(text, "axyb");
        assert_eq!(history.redo_label(), Some("typing z"));
    }

    #[test]
    fn the_saved_state_is_found_again_by_undo_and_redo() {
        let mut text = "ab".to_owned();
        let mut history = History::new();
        typed(&mut text, &mut history, 0, "1", "a");
        history.mark_saved();
        assert!(!history.is_modified());
        typed(&mut text, &mut history, 0, "2", "a");
        assert!(history.is_modified(), "a sealed step is not merged into");
        history.undo(&mut text);
        assert!(!history.is_modified());
        history.undo(&mut text);
        assert!(history.is_modified());
        // A new edit after undoing past the save makes the saved state unreachable.
        typed(&mut text, &mut history, 0, "3", "b");
        history.undo(&mut text);
        assert!(history.is_modified());
    }
}
