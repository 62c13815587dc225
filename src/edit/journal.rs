//! The recovery journal: unsaved edits written beside the settings, so that a crash loses
//! nothing. An entry holds what the text was when last saved (its length and a hash, not the
//! text) and the one splice that turns it into the edited text; restoring checks that the file
//! is still the one the edits were made to before applying them. The user's file is never
//! touched: only Save writes it.

use std::path::{Path, PathBuf};

use serde::{Deserialize, Serialize};

use super::splice::Splice;
use super::text::EditText;

/// What the journal remembers of one document's unsaved edits.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct JournalEntry {
    /// The document: its file's full path, or `bundled:…` / `new:`.
    pub document: String,
    /// The saved text the edits apply to.
    pub base_len: usize,
    pub base_hash: String,
    /// Where the edited text differs from the saved one.
    pub at: usize,
    pub removed_len: usize,
    pub inserted: String,
    /// When the edits were written down, seconds since 1970 (for "edits from 14:03").
    pub written_at: i64,
}

/// Why a journal entry cannot be restored.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum RestoreError {
    #[error("the file has changed since these edits were made")]
    BaseChanged,
}

impl JournalEntry {
    /// The entry that turns `saved` (whose [`EditText::hash`] is `saved_hash`) into `edited`.
    pub fn new(
        document: &str,
        saved: &EditText,
        saved_hash: &str,
        edited: &EditText,
        written_at: i64,
    ) -> Self {
        let prefix = saved.common_prefix(edited);
        let suffix = saved.common_suffix(edited, prefix);
        Self {
            document: document.to_owned(),
            base_len: saved.len(),
            base_hash: saved_hash.to_owned(),
            at: prefix,
            removed_len: saved.len() - prefix - suffix,
            inserted: edited
                .get(prefix..edited.len() - suffix)
                .unwrap_or_default()
                .into_owned(),
            written_at,
        }
    }

    /// The splice that restores the edits on `saved`, if `saved` is the text they were made
    /// to.
    pub fn splice_for(&self, saved: &EditText) -> Result<Splice, RestoreError> {
        if saved.len() != self.base_len || saved.hash() != self.base_hash {
            return Err(RestoreError::BaseChanged);
        }
        let end = self.at + self.removed_len;
        let removed = saved.get(self.at..end).ok_or(RestoreError::BaseChanged)?;
        Ok(Splice {
            at: self.at,
            removed: removed.into_owned(),
            inserted: self.inserted.clone(),
        })
    }
}

/// A stable hash of a text (FNV-1a, 64 bits): the same in every run and on every machine.
pub fn hash(text: &str) -> String {
    super::text::hash_chunks(std::iter::once(text))
}

/// Where the journal of `document` is kept in `folder`.
pub fn journal_path(folder: &Path, document: &str) -> PathBuf {
    folder.join(format!("{}.json", hash(document)))
}

/// Writes `entry` (atomically: a crash while writing leaves the previous entry).
pub fn write(folder: &Path, entry: &JournalEntry) -> std::io::Result<()> {
    std::fs::create_dir_all(folder)?;
    let text = serde_json::to_string(entry).map_err(std::io::Error::other)?;
    crate::io::atomic::write_atomic(&journal_path(folder, &entry.document), text.as_bytes())
}

/// The journal of `document`, if there is a readable one.
pub fn read(folder: &Path, document: &str) -> Option<JournalEntry> {
    let text = std::fs::read_to_string(journal_path(folder, document)).ok()?;
    serde_json::from_str::<JournalEntry>(&text)
        .ok()
        .filter(|entry| entry.document == document)
}

/// Forgets the journal of `document` (saved, or given up on purpose).
pub fn remove(folder: &Path, document: &str) {
    let _ = std::fs::remove_file(journal_path(folder, document));
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_entry_restores_the_edited_text_on_the_saved_one() {
        let saved = "{\"title\": \"Summit in Genève\", \"start\": \"2021\"}";
        let edited = "{\"title\": \"Summit in Genèva\", \"start\": \"2021-11\"}";
        let entry = JournalEntry::new(
            "/data/a.json",
            &saved.into(),
            &hash(saved),
            &edited.into(),
            0,
        );
        assert!(entry.inserted.len() < edited.len(), "only the difference");
        let mut text = saved.to_owned();
        assert!(
            entry
                .splice_for(&saved.into())
                .expect("same base")
                .apply(&mut text)
        );
        assert_eq!(text, edited);
        assert_eq!(
            entry.splice_for(&"{\"title\": \"Other\"}".into()),
            Err(RestoreError::BaseChanged)
        );
    }

    #[test]
    fn entries_are_kept_per_document_and_removed() {
        let dir = tempfile::tempdir().expect("temp dir");
        let entry = JournalEntry::new("/data/a.json", &"ab".into(), &hash("ab"), &"axb".into(), 17);
        write(dir.path(), &entry).expect("written");
        assert_eq!(read(dir.path(), "/data/a.json"), Some(entry));
        assert_eq!(read(dir.path(), "/data/b.json"), None);
        remove(dir.path(), "/data/a.json");
        assert_eq!(read(dir.path(), "/data/a.json"), None);
    }

    #[test]
    fn differences_at_multibyte_characters_stay_on_boundaries() {
        for (saved, edited) in [
            ("éé", "éè"),
            ("aé", "aè"),
            ("é", ""),
            ("", "é"),
            ("xéy", "xy"),
        ] {
            let entry = JournalEntry::new("d", &saved.into(), &hash(saved), &edited.into(), 0);
            let mut text = saved.to_owned();
            assert!(
                entry
                    .splice_for(&saved.into())
                    .expect("base")
                    .apply(&mut text)
            );
            assert_eq!(text, edited);
        }
    }
}
