//! The window that asks for a typed path where no native file dialog can be shown, with the
//! recent files to pick from when opening.

use std::path::PathBuf;

use egui::Key;

use super::dialogs::{DialogPurpose, PathPrompt};

/// What the prompt asks for.
pub enum PromptAction {
    /// Go on with this path.
    Chosen(PathBuf),
    Cancel,
}

pub fn path_prompt_ui(
    ctx: &egui::Context,
    prompt: &mut PathPrompt,
    recent_files: &[PathBuf],
) -> Option<PromptAction> {
    let mut submitted = None;
    let mut cancelled = false;
    egui::Window::new(prompt.purpose.title())
        .collapsible(false)
        .default_width(520.0)
        .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
        .show(ctx, |ui| {
            ui.weak(&prompt.reason);
            ui.horizontal(|ui| {
                let database = prompt.purpose == DialogPurpose::OpenDatabase;
                let label = ui.label(if database { "Address:" } else { "Path:" });
                let edit = ui
                    .add(
                        egui::TextEdit::singleline(&mut prompt.text)
                            .desired_width(380.0)
                            .hint_text(if database {
                                "clickhouse://127.0.0.1:8123/news.events"
                            } else {
                                "/path/to/dataset.json"
                            }),
                    )
                    .labelled_by(label.id);
                if !prompt.focused && !prompt.password_first {
                    edit.request_focus();
                    prompt.focused = true;
                }
                if edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                    submitted = Some(prompt.text.clone());
                }
            });
            if prompt.purpose == DialogPurpose::OpenDatabase {
                ui.horizontal(|ui| {
                    let label = ui.label("Password:");
                    let edit = ui
                        .add(
                            egui::TextEdit::singleline(&mut prompt.password)
                                .password(true)
                                .desired_width(380.0)
                                .hint_text("if the server asks for one; never saved"),
                        )
                        .labelled_by(label.id);
                    if !prompt.focused {
                        edit.request_focus();
                        prompt.focused = true;
                    }
                    if edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Enter)) {
                        submitted = Some(prompt.text.clone());
                    }
                });
            }
            if prompt.purpose == DialogPurpose::Open && !recent_files.is_empty() {
                ui.label("Recent files:");
                for path in recent_files {
                    if ui.link(path.display().to_string()).clicked() {
                        submitted = Some(path.display().to_string());
                    }
                }
            }
            ui.horizontal(|ui| {
                let action = match prompt.purpose {
                    DialogPurpose::Open | DialogPurpose::OpenDatabase => "Open",
                    DialogPurpose::SaveScreenshot { .. }
                    | DialogPurpose::SaveImage { .. }
                    | DialogPurpose::SaveDataset { .. }
                    | DialogPurpose::ExportTimelineJs { .. } => "Save",
                };
                if ui.button(action).clicked() {
                    submitted = Some(prompt.text.clone());
                }
                if ui.button("Cancel").clicked() {
                    cancelled = true;
                }
            });
        });
    match submitted.filter(|t| !t.trim().is_empty()) {
        Some(text) => Some(PromptAction::Chosen(PathBuf::from(with_password(
            text.trim(),
            &prompt.password,
        )))),
        None if cancelled => Some(PromptAction::Cancel),
        None => None,
    }
}

/// A database address with the password typed beside it, if any (and if the address can be
/// read: else it goes on as typed, and opening it says what is wrong).
fn with_password(address: &str, password: &str) -> String {
    if password.is_empty() {
        return address.to_owned();
    }
    crate::query::clickhouse::TableUrl::parse(address)
        .map_or_else(|_| address.to_owned(), |url| url.with_password(password))
}
