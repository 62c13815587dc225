//! Editing a timeline without ever losing the author's file: the text of a native dataset,
//! changed only where the user changes it ([`json_text`] finds the place, [`format`] writes new
//! values the way the file around them is written), every change a [`Splice`] that can be
//! inverted, grouped into undo steps ([`History`]), and a recovery journal so unsaved edits
//! survive a crash. No egui here: all of it is tested without a window.

mod editor;
mod format;
mod history;
mod items;
pub mod journal;
pub mod json_text;
pub mod paste;
mod splice;
mod text;

pub use editor::{EditError, Editor, List};
pub use format::{Json, Layout};
pub use history::{History, Walked};
pub use items::{Change, ItemTable};
pub use journal::{JournalEntry, RestoreError};
pub use splice::Splice;
pub use text::{EditText, SpliceTarget};
