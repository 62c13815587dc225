//! Keeping unsaved edits safe: after each edit the recovery journal is written in the
//! background (within a second or two), removed when the edits are saved or given up, and
//! offered back when a document with a journal is opened again (after a crash).

use super::TimelanesApp;
use super::jobs::Job;
use crate::edit::journal;

/// Writes the journal at most this often while edits come quickly.
const JOURNAL_INTERVAL: std::time::Duration = std::time::Duration::from_millis(500);

impl TimelanesApp {
    /// Notes that the journal needs writing (after an edit, undo or redo).
    pub(super) fn journal_edits(&mut self) {
        self.jobs.journal_dirty = true;
    }

    /// Writes the journal if edits were made since it was last written and no write runs.
    pub(super) fn write_journal(&mut self) {
        if let Some(job) = &self.jobs.journal {
            match job.poll() {
                None => return,
                Some(Ok(Ok(()))) => {}
                Some(Ok(Err(message))) => self.set_status(message, true),
                Some(Err(failed)) => {
                    self.set_status(format!("Edits not journaled: {failed}"), true)
                }
            }
            self.jobs.journal = None;
        }
        if !self.jobs.journal_dirty {
            return;
        }
        let (Some(folder), Some(document)) = (&self.prefs.recovery_dir, &self.document) else {
            return;
        };
        let Some(editor) = &document.editor else {
            return;
        };
        self.jobs.journal_dirty = false;
        let key = document.settings_key().to_owned();
        let folder = folder.clone();
        let entry = editor.journal_entry(&key, crate::time::Timestamp::now().0);
        self.jobs.journal = Some(Job::spawn("journal", &self.ctx, move || {
            // A short pause gathers a burst of typing into one write.
            std::thread::sleep(JOURNAL_INTERVAL);
            match entry {
                Some(entry) => journal::write(&folder, &entry).map_err(|e| {
                    format!("Unsaved edits not journaled in {}: {e}", folder.display())
                }),
                None => {
                    journal::remove(&folder, &key);
                    Ok(())
                }
            }
        }));
    }

    /// Removes the open document's journal now (saved, or the edits given up).
    pub(super) fn discard_journal(&mut self) {
        self.jobs.journal_dirty = false;
        if let Some(job) = self.jobs.journal.take() {
            let _ = job.wait();
        }
        if let (Some(folder), Some(document)) = (&self.prefs.recovery_dir, &self.document) {
            journal::remove(folder, document.settings_key());
        }
    }

    /// On exit: the last edits are written down (or the journal removed if none are unsaved).
    pub(super) fn finish_journal(&mut self) {
        if let Some(job) = self.jobs.journal.take() {
            let _ = job.wait();
        }
        if self.jobs.journal_dirty {
            self.write_journal();
            if let Some(job) = self.jobs.journal.take() {
                let _ = job.wait();
            }
        }
    }

    /// Offers back the unsaved edits of the document just opened, if the journal has some.
    pub(super) fn offer_recovery(&mut self) {
        let (Some(folder), Some(document)) = (&self.prefs.recovery_dir, &self.document) else {
            return;
        };
        self.windows.recovery = journal::read(folder, document.settings_key());
    }

    /// Restores the offered edits.
    pub(super) fn restore_recovered(&mut self) {
        let Some(entry) = self.windows.recovery.take() else {
            return;
        };
        if self.apply_edit(|editor, _| editor.restore(&entry).map(|()| true).map_err(Into::into)) {
            self.set_status("Restored the unsaved edits; save them with Ctrl+S", false);
        }
    }

    /// Throws the offered edits away.
    pub(super) fn discard_recovered(&mut self) {
        self.windows.recovery = None;
        self.discard_journal();
    }
}
