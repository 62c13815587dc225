//! The windows that keep edits from being lost: "Save the changes to X?" before closing,
//! opening another file or reloading, and the offer to restore unsaved edits found in the
//! recovery journal.

use egui::RichText;

use crate::edit::JournalEntry;

/// The answer to "save the changes?".
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum UnsavedAnswer {
    Save,
    DontSave,
    Cancel,
}

pub fn unsaved_ui(ctx: &egui::Context, name: &str) -> Option<UnsavedAnswer> {
    let mut answer = None;
    egui::Window::new("Unsaved changes")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            ui.label(RichText::new(format!("Save the changes to {name}?")).strong());
            ui.weak("If you don't save, your changes will be lost.");
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                if ui.button(RichText::new("Save").strong()).clicked() {
                    answer = Some(UnsavedAnswer::Save);
                }
                if ui.button("Don't save").clicked() {
                    answer = Some(UnsavedAnswer::DontSave);
                }
                if ui.button("Cancel").clicked() {
                    answer = Some(UnsavedAnswer::Cancel);
                }
            });
        });
    answer
}

/// What to do with edits found in the journal.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RecoveryAnswer {
    Restore,
    Discard,
}

pub fn recovery_ui(
    ctx: &egui::Context,
    name: &str,
    entry: &JournalEntry,
) -> Option<RecoveryAnswer> {
    let mut answer = None;
    let when = chrono::DateTime::from_timestamp(entry.written_at, 0)
        .map(|t| {
            t.with_timezone(&chrono::Local)
                .format("%-d %b %Y, %H:%M")
                .to_string()
        })
        .unwrap_or_default();
    egui::Window::new("Unsaved edits found")
        .collapsible(false)
        .resizable(false)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            ui.label(
                RichText::new(format!("{name} has edits that were not saved ({when}).")).strong(),
            );
            ui.weak("Timelanes stopped before they were saved. The file itself is unchanged.");
            ui.add_space(6.0);
            ui.horizontal(|ui| {
                if ui.button(RichText::new("Restore them").strong()).clicked() {
                    answer = Some(RecoveryAnswer::Restore);
                }
                if ui.button("Discard them").clicked() {
                    answer = Some(RecoveryAnswer::Discard);
                }
            });
        });
    answer
}
