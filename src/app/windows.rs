//! Shows the modal windows that are open (each drawn by its own file) and carries out what
//! they ask for.

use super::TimelanesApp;
use super::aliases_ui::{AliasAction, alias_editor_ui};
use super::cluster_list_ui::{ClusterAction, cluster_list_ui};
use super::export_ui::{ExportAction, export_settings_ui};
use super::load_failure_ui::load_failure_ui;
use super::loading::LoadRequest;
use super::mapping_ui::{MappingAction, MappingPurpose, mapping_ui};
use super::palette_ui::{PaletteAction, palette_ui};
use super::path_prompt_ui::{PromptAction, path_prompt_ui};
use super::unsaved_ui::{RecoveryAnswer, UnsavedAnswer, recovery_ui, unsaved_ui};
use crate::io::ImportOptions;

impl TimelanesApp {
    pub(super) fn windows_ui(&mut self, ctx: &egui::Context) {
        self.unsaved_windows(ctx);
        if let Some(message) = &self.windows.load_failure
            && load_failure_ui(ctx, message, self.document.is_some())
        {
            self.windows.load_failure = None;
        }

        if let Some(prompt) = &mut self.windows.path_prompt {
            match path_prompt_ui(ctx, prompt, &self.prefs.settings.recent_files) {
                Some(PromptAction::Chosen(path)) => {
                    let purpose = prompt.purpose.clone();
                    self.windows.path_prompt = None;
                    self.path_chosen(purpose, path, ctx);
                }
                Some(PromptAction::Cancel) => self.windows.path_prompt = None,
                None => {}
            }
        }

        self.export_window(ctx);

        if let Some(request) = &mut self.windows.mapping_request {
            match mapping_ui(ctx, request, &self.prefs.aliases) {
                MappingAction::None => {}
                MappingAction::Cancel => {
                    let pasted = matches!(request.purpose, MappingPurpose::Paste(_));
                    self.windows.mapping_request = None;
                    if pasted {
                        self.set_status("Nothing pasted", false);
                    } else {
                        self.set_status("Not opened: no columns were chosen", false);
                    }
                }
                MappingAction::Paste(rows) => {
                    self.windows.mapping_request = None;
                    self.add_pasted_rows(&rows);
                }
                MappingAction::Open(path, mapping) => {
                    let key = crate::io::csv_table::header_key(&request.preview.header);
                    self.prefs
                        .settings
                        .csv_mappings
                        .insert(key, mapping.clone());
                    self.windows.mapping_request = None;
                    let options = ImportOptions {
                        mapping: Some(mapping),
                        ..self.prefs.import_options()
                    };
                    self.start_load(LoadRequest::Path(path), options, ctx);
                }
            }
        }

        if let Some(editor) = &mut self.windows.alias_editor {
            match alias_editor_ui(ctx, editor, self.prefs.aliases_path.as_deref()) {
                AliasAction::None => {}
                AliasAction::Cancel => self.windows.alias_editor = None,
                AliasAction::Save(rules) => {
                    self.windows.alias_editor = None;
                    self.save_aliases(rules, ctx);
                }
            }
        }

        if self.windows.help {
            super::help_ui::help_window_ui(ctx, &mut self.windows.help);
        }

        if let Some(chooser) = &mut self.windows.time_zone {
            use super::time_zone_ui::{TimeZoneAction, time_zone_ui};
            match time_zone_ui(ctx, chooser, self.prefs.zone) {
                Some(TimeZoneAction::Choose(zone)) => {
                    self.prefs.set_zone(zone);
                    self.windows.time_zone = None;
                }
                Some(TimeZoneAction::Close) => self.windows.time_zone = None,
                None => {}
            }
        }

        if let (Some(list), Some(document)) = (&self.windows.cluster_list, &self.document) {
            match cluster_list_ui(ctx, list, document) {
                Some(ClusterAction::Select(event)) => {
                    if let Some(view) = &mut self.view {
                        view.selected = Some(event);
                    }
                    self.windows.cluster_list = None;
                }
                Some(ClusterAction::Close) => self.windows.cluster_list = None,
                None => {}
            }
        }

        if self.windows.palette.is_some() {
            let enabled: Vec<_> = super::commands::Command::ALL
                .iter()
                .copied()
                .filter(|&c| self.is_enabled(c))
                .collect();
            if let Some(palette) = &mut self.windows.palette {
                match palette_ui(ctx, palette, &enabled) {
                    Some(PaletteAction::Run(command)) => {
                        self.windows.palette = None;
                        self.execute(command, ctx);
                    }
                    Some(PaletteAction::Close) => self.windows.palette = None,
                    None => {}
                }
            }
        }
    }

    /// "Save the changes?" and the offer to restore unsaved edits.
    fn unsaved_windows(&mut self, ctx: &egui::Context) {
        let name = self
            .document
            .as_ref()
            .map_or_else(String::new, super::document::Document::name);
        if let Some(action) = self.windows.unsaved.clone() {
            match unsaved_ui(ctx, &name) {
                Some(UnsavedAnswer::Save) => {
                    self.windows.unsaved = None;
                    let path = self
                        .document
                        .as_ref()
                        .and_then(|d| d.save_path().map(std::path::PathBuf::from));
                    match path {
                        Some(path) => {
                            if self.save_to(path) {
                                self.continue_with(action, ctx);
                            }
                        }
                        // No file of its own yet: Save as first; the user goes on after.
                        None => self.save_as(ctx),
                    }
                }
                Some(UnsavedAnswer::DontSave) => {
                    self.windows.unsaved = None;
                    self.continue_with(action, ctx);
                }
                Some(UnsavedAnswer::Cancel) => self.windows.unsaved = None,
                None => {}
            }
        }
        if let Some(entry) = &self.windows.recovery {
            match recovery_ui(ctx, &name, entry) {
                Some(RecoveryAnswer::Restore) => self.restore_recovered(),
                Some(RecoveryAnswer::Discard) => self.discard_recovered(),
                None => {}
            }
        }
    }

    /// The export window: what will be exported, and how.
    fn export_window(&mut self, ctx: &egui::Context) {
        let (Some(settings), Some(view), Some(document)) = (
            &mut self.windows.export_settings,
            &self.view,
            &self.document,
        ) else {
            return;
        };
        let mut action = None;
        let mut open = true;
        egui::Window::new("Export image")
            .collapsible(false)
            .open(&mut open)
            .anchor(egui::Align2::CENTER_CENTER, egui::Vec2::ZERO)
            .show(ctx, |ui| {
                action = export_settings_ui(
                    ui,
                    settings,
                    view.window,
                    self.prefs.zone,
                    document.shown.lanes.len(),
                );
            });
        match action {
            Some(ExportAction::Export) => {
                let settings = settings.clone();
                self.windows.export_settings = None;
                self.export_image_to_file(settings, ctx);
            }
            Some(ExportAction::Cancel) => self.windows.export_settings = None,
            None if !open => self.windows.export_settings = None,
            None => {}
        }
    }
}
