//! A change of a text: bytes replaced at a place. Every edit of a file is a list of splices,
//! and undoing it applies their inverses in reverse order, so the text comes back byte for
//! byte.

use std::ops::Range;

use super::text::SpliceTarget;

/// `removed` at `at` becomes `inserted`.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Splice {
    pub at: usize,
    pub removed: String,
    pub inserted: String,
}

impl Splice {
    /// Replaces `range` of `text` with `inserted`.
    pub fn replace(text: &str, range: Range<usize>, inserted: impl Into<String>) -> Self {
        Self {
            at: range.start,
            removed: text.get(range).unwrap_or_default().to_owned(),
            inserted: inserted.into(),
        }
    }

    /// Inserts `inserted` at `at`.
    pub fn insert(at: usize, inserted: impl Into<String>) -> Self {
        Self {
            at,
            removed: String::new(),
            inserted: inserted.into(),
        }
    }

    /// Applies the splice; `false` (and no change) if the text there is not what it removes,
    /// which would mean the splice belongs to another version of the text.
    pub fn apply(&self, text: &mut impl SpliceTarget) -> bool {
        text.splice(self.at, &self.removed, &self.inserted)
    }

    /// The splice moved `by` bytes later (made in a part of the text that starts there).
    pub fn shifted(mut self, by: usize) -> Self {
        self.at += by;
        self
    }

    /// The splice that undoes this one.
    pub fn inverse(&self) -> Self {
        Self {
            at: self.at,
            removed: self.inserted.clone(),
            inserted: self.removed.clone(),
        }
    }
}

/// Applies `splices` in order; on a mismatch, undoes what was applied and returns `false`.
pub fn apply_all(splices: &[Splice], text: &mut impl SpliceTarget) -> bool {
    for (done, splice) in splices.iter().enumerate() {
        if !splice.apply(text) {
            for applied in splices[..done].iter().rev() {
                applied.inverse().apply(text);
            }
            return false;
        }
    }
    true
}

/// The inverses of `splices`, in the order that undoes them.
pub fn inverse_all(splices: &[Splice]) -> Vec<Splice> {
    splices.iter().rev().map(Splice::inverse).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_splice_and_its_inverse_give_back_the_text() {
        let original = "{\"title\": \"A\"}".to_owned();
        let mut text = original.clone();
        let splice = Splice::replace(&text, 11..12, "Bé");
        assert!(splice.apply(&mut text));
        assert_eq!(text, "{\"title\": \"Bé\"}");
        assert!(splice.inverse().apply(&mut text));
        assert_eq!(text, original);
    }

    #[test]
    fn a_splice_for_another_text_changes_nothing() {
        let mut text = "abc".to_owned();
        let splice = Splice {
            at: 1,
            removed: "x".to_owned(),
            inserted: "y".to_owned(),
        };
        assert!(!splice.apply(&mut text));
        assert_eq!(text, "abc");
        let splices = [Splice::insert(0, "1"), splice];
        assert!(!apply_all(&splices, &mut text));
        assert_eq!(text, "abc", "all or nothing");
    }
}
