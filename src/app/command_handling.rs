//! What each [`Command`] does, whether it can run now, and the keyboard that runs them.

use super::TimelanesApp;
use super::commands::{Command, Scope, scope, shortcut_table};
use super::dialogs::DialogPurpose;
use super::document::DocumentSource;
use super::loading::LoadRequest;
use super::palette_ui::Palette;
use super::settings::ThemeChoice;
use super::timeline_ui;
use crate::io::ImportOptions;

/// Zoom factor of one zoom key press.
const KEY_ZOOM: f64 = 1.5;
/// Pan of one pan key press, as a fraction of the visible span.
const KEY_PAN: f64 = 0.15;
/// Vertical scroll of one arrow key press, in points.
const KEY_SCROLL: f32 = 40.0;

impl TimelanesApp {
    /// Whether `command` can run now (menus grey it out, keys and the palette skip it).
    pub fn is_enabled(&self, command: Command) -> bool {
        let has_view = self.document.is_some() && self.view.is_some();
        let selected = self.view.as_ref().and_then(|v| v.selected).is_some();
        let searching = self
            .document
            .as_ref()
            .is_some_and(|d| !d.shown.search.results.is_empty());
        let history = |back: bool| self.history_label(back).is_some();
        // A database table is shown, not edited (convert it to a file to edit it).
        let editable = self.document.as_ref().is_some_and(|d| d.database.is_none());
        match command {
            Command::Save | Command::SaveAs => editable,
            Command::Undo => history(true),
            Command::Redo => history(false),
            Command::NewEvent => has_view && editable,
            Command::EditEvent | Command::DeleteSelection => selected && editable,
            Command::Copy | Command::CopyAsTable => selected,
            Command::Paste => editable,
            Command::NewFile => true,
            Command::MapColumns => matches!(
                self.document.as_ref().map(|d| &d.source),
                Some(DocumentSource::File(path)) if crate::io::is_table_name(path)
            ),
            Command::ExportImage | Command::ExportScreenshot | Command::ExportTimelineJs => {
                self.document.is_some()
            }
            Command::ExportStoryTimelineJs => self.current_story().is_some(),
            Command::FitEvents
            | Command::FitEverything
            | Command::ZoomIn
            | Command::ZoomOut
            | Command::PanEarlier
            | Command::PanLater
            | Command::ScrollUp
            | Command::ScrollDown
            | Command::NextEvent
            | Command::PreviousEvent
            | Command::Find
            | Command::ToggleFilters
            | Command::ToggleTable
            | Command::ToggleNotes => has_view,
            Command::PlayStory => self.document.as_ref().is_some_and(|d| {
                d.dataset
                    .stories
                    .get(self.panels.notes_state.story)
                    .is_some_and(|s| !s.steps.is_empty())
            }),
            Command::ToggleLinks => self
                .document
                .as_ref()
                .is_some_and(|d| !d.dataset.links.is_empty()),
            Command::ShowDetails => selected,
            Command::ClearSelection => selected || self.windows.cluster_list.is_some(),
            Command::NextResult | Command::PreviousResult => searching,
            Command::ReconnectDatabase => self
                .document
                .as_ref()
                .and_then(|d| d.database.as_ref())
                .is_some_and(|d| d.failure().is_some()),
            Command::Open
            | Command::OpenDatabase
            | Command::OpenBundled
            | Command::Quit
            | Command::ToggleOverview
            | Command::ToggleSidePanel
            | Command::ToggleProblems
            | Command::ToggleAutoReload
            | Command::EditAliases
            | Command::ChooseTimeZone
            | Command::ThemeSystem
            | Command::ThemeLight
            | Command::ThemeDark
            | Command::ThemeHighContrast
            | Command::CommandPalette
            | Command::KeyboardHelp
            | Command::DateFormatHelp => true,
        }
    }

    /// For a toggle or a choice, whether it is on now.
    pub fn is_checked(&self, command: Command) -> Option<bool> {
        let theme = |choice| Some(self.prefs.theme == choice);
        match command {
            Command::ToggleFilters => Some(self.panels.filters),
            Command::ToggleTable => Some(self.panels.table),
            Command::ToggleNotes => Some(self.panels.notes),
            Command::ToggleOverview => Some(self.panels.overview),
            Command::ToggleLinks => Some(
                self.document
                    .as_ref()
                    .is_some_and(|d| !d.shown.settings.hide_links),
            ),
            Command::ToggleSidePanel => Some(self.panels.side),
            Command::ToggleProblems => Some(self.panels.problems),
            Command::ToggleAutoReload => Some(self.prefs.settings.auto_reload),
            Command::ThemeSystem => theme(ThemeChoice::System),
            Command::ThemeLight => theme(ThemeChoice::Light),
            Command::ThemeDark => theme(ThemeChoice::Dark),
            Command::ThemeHighContrast => theme(ThemeChoice::HighContrast),
            _ => None,
        }
    }

    /// Runs `command` if it can run now; the one place every menu item, key and palette entry
    /// ends up.
    pub fn execute(&mut self, command: Command, ctx: &egui::Context) {
        if !self.is_enabled(command) {
            return;
        }
        match command {
            Command::NewFile => self.new_file(),
            Command::Save => self.save(ctx),
            Command::SaveAs => self.save_as(ctx),
            Command::Undo => self.undo(),
            Command::Redo => self.redo(),
            Command::NewEvent => self.new_event(),
            Command::EditEvent => {
                self.panels.side = true;
                self.panels.editing ^= true;
            }
            Command::DeleteSelection => self.delete_selection(),
            Command::Copy => self.copy_selection(ctx),
            Command::CopyAsTable => self.copy_as_table(ctx),
            // Ctrl+V gives the clipboard's text as a paste event; the menu asks the desktop.
            Command::Paste => ctx.send_viewport_cmd(egui::ViewportCommand::RequestPaste),
            Command::Open => self.start_dialog(DialogPurpose::Open, ctx),
            Command::OpenDatabase => self.show_path_prompt(DialogPurpose::OpenDatabase),
            Command::ReconnectDatabase => {
                if let Some(database) = self.document.as_mut().and_then(|d| d.database.as_mut()) {
                    database.reconnect();
                    self.set_status("Asking the database again…", false);
                }
            }
            Command::OpenBundled => {
                if !self.ask_before_losing_edits(super::editing::PendingAction::OpenBundled) {
                    self.start_load(LoadRequest::Bundled, ImportOptions::default(), ctx);
                }
            }
            Command::MapColumns => self.map_columns_again(),
            Command::ExportImage => self.open_export_settings(ctx),
            Command::ExportScreenshot => self.request_screenshot_export(ctx),
            Command::ExportTimelineJs => self.request_timelinejs_export(ctx),
            Command::ExportStoryTimelineJs => self.request_story_timelinejs_export(ctx),
            Command::Quit => ctx.send_viewport_cmd(egui::ViewportCommand::Close),
            Command::Find => {
                self.panels.search = true;
                self.panels.focus_search = true;
            }
            Command::ToggleFilters => self.panels.filters ^= true,
            Command::ToggleTable => self.panels.table ^= true,
            Command::ToggleNotes => self.panels.notes ^= true,
            Command::PlayStory => self.play_story(ctx),
            Command::ToggleOverview => self.panels.overview ^= true,
            Command::ToggleSidePanel => self.panels.side ^= true,
            Command::ToggleProblems => self.panels.problems ^= true,
            Command::ToggleAutoReload => self.prefs.settings.auto_reload ^= true,
            Command::ToggleLinks => {
                if let Some(document) = &mut self.document {
                    document.shown.settings.hide_links ^= true;
                }
            }
            Command::EditAliases => {
                self.windows.alias_editor =
                    Some(super::aliases_ui::AliasEditor::new(&self.prefs.aliases));
            }
            Command::ChooseTimeZone => {
                self.windows.time_zone = Some(super::time_zone_ui::TimeZoneChooser::default());
            }
            Command::ThemeSystem => self.set_theme(ThemeChoice::System, ctx),
            Command::ThemeLight => self.set_theme(ThemeChoice::Light, ctx),
            Command::ThemeDark => self.set_theme(ThemeChoice::Dark, ctx),
            Command::ThemeHighContrast => self.set_theme(ThemeChoice::HighContrast, ctx),
            Command::CommandPalette => {
                self.windows.palette = match self.windows.palette {
                    Some(_) => None,
                    None => Some(Palette::default()),
                };
            }
            Command::KeyboardHelp => self.windows.help ^= true,
            Command::DateFormatHelp => {
                ctx.open_url(egui::OpenUrl::new_tab(
                    "https://www.loc.gov/standards/datetime/",
                ));
            }
            Command::ClearSelection => {
                if self.windows.cluster_list.is_some() {
                    self.windows.cluster_list = None;
                } else if let Some(view) = &mut self.view {
                    view.select_only(None);
                }
            }
            Command::ShowDetails => self.panels.side = true,
            Command::FitEvents
            | Command::FitEverything
            | Command::ZoomIn
            | Command::ZoomOut
            | Command::PanEarlier
            | Command::PanLater
            | Command::ScrollUp
            | Command::ScrollDown
            | Command::NextEvent
            | Command::PreviousEvent
            | Command::NextResult
            | Command::PreviousResult => self.navigate(command),
        }
    }

    /// The commands that move the view or the selection.
    fn navigate(&mut self, command: Command) {
        let (Some(document), Some(view)) = (&mut self.document, &mut self.view) else {
            return;
        };
        match command {
            Command::FitEvents => view.window = document.fit_window(),
            Command::FitEverything => view.window = document.fit_everything_window(),
            Command::ZoomIn => view.zoom_center(KEY_ZOOM, document),
            Command::ZoomOut => view.zoom_center(1.0 / KEY_ZOOM, document),
            Command::PanEarlier => view.pan_fraction(-KEY_PAN),
            Command::PanLater => view.pan_fraction(KEY_PAN),
            Command::ScrollUp => view.scroll_y -= KEY_SCROLL,
            Command::ScrollDown => view.scroll_y += KEY_SCROLL,
            Command::NextEvent | Command::PreviousEvent => {
                let forward = command == Command::NextEvent;
                if let Some(event) = document.shown.step_event(
                    &document.dataset,
                    view.selected,
                    forward,
                    view.window,
                ) {
                    view.go_to_and_separate(event, document);
                }
            }
            Command::NextResult | Command::PreviousResult => {
                let forward = command == Command::NextResult;
                if let Some(event) =
                    document
                        .shown
                        .step_search(&document.dataset, forward, view.selected)
                {
                    view.go_to_and_separate(event, document);
                }
            }
            _ => {}
        }
    }

    fn set_theme(&mut self, theme: ThemeChoice, ctx: &egui::Context) {
        self.prefs.settings.theme = theme;
        self.prefs.theme = theme;
        super::theme::apply(ctx, theme);
    }

    /// Runs the commands whose shortcuts were pressed this frame. Shortcuts with Ctrl work
    /// anywhere and are taken from egui; plain keys act on the timeline only, unless a text
    /// field has the keyboard or a button or link has the focus (Enter and Space are theirs
    /// then), and are left in the input for the panels (Esc also closes the search).
    pub(super) fn handle_shortcuts(&mut self, ctx: &egui::Context) {
        let focused = ctx.memory(|m| m.focused());
        let in_text = ctx.text_edit_focused();
        let timeline_has_keys = !in_text
            && (focused.is_none() || focused == Some(timeline_ui::timeline_id()))
            // While the palette is open, its field takes the keys.
            && self.windows.palette.is_none();
        let table = shortcut_table();
        let mut pressed = Vec::new();
        for (shortcut, command) in table {
            let heard = match scope(shortcut) {
                Scope::Anywhere => true,
                Scope::OutsideText => !in_text,
                Scope::Timeline => false,
            };
            if heard && ctx.input_mut(|i| i.consume_shortcut(shortcut)) {
                pressed.push(*command);
            }
        }
        if timeline_has_keys {
            // Each key press runs the most specific command it matches (Shift+Tab, not Tab).
            let keys: Vec<(egui::Key, egui::Modifiers)> = ctx.input(|i| {
                i.events
                    .iter()
                    .filter_map(|event| match event {
                        egui::Event::Key {
                            key,
                            pressed: true,
                            modifiers,
                            ..
                        } => Some((*key, *modifiers)),
                        _ => None,
                    })
                    .collect()
            });
            for (key, modifiers) in keys {
                let command = table.iter().find(|(s, _)| {
                    scope(s) == Scope::Timeline
                        && s.logical_key == key
                        && modifiers.matches_logically(s.modifiers)
                });
                if let Some((_, command)) = command {
                    pressed.push(*command);
                }
            }
        }
        // The desktop turns Ctrl+C and Ctrl+V into copy and paste events rather than keys.
        if !in_text && self.windows.palette.is_none() {
            let (copy, pasted) = ctx.input(|i| {
                let copy = i.events.iter().any(|e| matches!(e, egui::Event::Copy));
                let pasted = i.events.iter().find_map(|e| match e {
                    egui::Event::Paste(text) => Some(text.clone()),
                    _ => None,
                });
                (copy, pasted)
            });
            if copy {
                pressed.push(Command::Copy);
            }
            if let Some(text) = pasted {
                self.paste(&text);
            }
        }
        for command in pressed {
            self.execute(command, ctx);
        }
    }
}
