//! The menu bar, made from the command table: each menu lists its commands in table order,
//! with a line between sections, submenus where the table says, the first shortcut beside
//! each item, and check boxes and radio buttons for toggles and choices. The only item not in
//! the table is the list of recent files (one per file).

use egui::{Button, RichText};

use super::TimelanesApp;
use super::commands::{Command, CommandKind, Menu};

impl TimelanesApp {
    pub(super) fn menu_ui(&mut self, ui: &mut egui::Ui) {
        let ctx = ui.ctx().clone();
        let mut chosen = None;
        let mut recent = None;
        egui::MenuBar::new().ui(ui, |ui| {
            for menu in Menu::ALL {
                ui.menu_button(menu.title(), |ui| {
                    let commands: Vec<Command> = Command::ALL
                        .iter()
                        .copied()
                        .filter(|c| c.menu_place().menu == menu)
                        .collect();
                    let mut section = None;
                    let mut submenus_done: Vec<&str> = Vec::new();
                    for &command in &commands {
                        let place = command.menu_place();
                        if section.is_some_and(|s| s != place.section) {
                            ui.separator();
                        }
                        section = Some(place.section);
                        match place.submenu {
                            None => {
                                if self.command_item_ui(ui, command) {
                                    chosen = Some(command);
                                }
                            }
                            Some(name) if !submenus_done.contains(&name) => {
                                submenus_done.push(name);
                                let members: Vec<Command> = commands
                                    .iter()
                                    .copied()
                                    .filter(|c| c.menu_place().submenu == Some(name))
                                    .collect();
                                ui.menu_button(name, |ui| {
                                    if name == "Open recent" {
                                        recent = self.recent_files_ui(ui);
                                        ui.separator();
                                    }
                                    for member in members {
                                        if self.command_item_ui(ui, member) {
                                            chosen = Some(member);
                                        }
                                    }
                                });
                            }
                            Some(_) => {}
                        }
                    }
                });
            }
        });
        if let Some(path) = recent {
            self.open_path(path, &ctx);
        }
        if let Some(command) = chosen {
            self.execute(command, &ctx);
        }
    }

    /// One command as a menu item; whether it was clicked.
    fn command_item_ui(&self, ui: &mut egui::Ui, command: Command) -> bool {
        let enabled = self.is_enabled(command);
        let shortcut = shortcut_text(ui.ctx(), command);
        let response = match (command.kind(), self.is_checked(command)) {
            (CommandKind::Toggle, Some(checked)) => {
                // A check box cannot show its shortcut beside it: the tooltip has it.
                let mut on = checked;
                ui.add_enabled(enabled, egui::Checkbox::new(&mut on, command.text()))
            }
            (CommandKind::Choice, Some(checked)) => {
                ui.add_enabled(enabled, egui::RadioButton::new(checked, command.text()))
            }
            _ if shortcut.is_empty() => {
                ui.add_enabled(enabled, Button::new(self.command_label(command)))
            }
            _ => ui.add_enabled(
                enabled,
                Button::new(self.command_label(command)).shortcut_text(shortcut.as_str()),
            ),
        };
        let hover = if shortcut.is_empty() {
            command.description().to_owned()
        } else {
            format!("{} ({shortcut})", command.description())
        };
        response.on_hover_text(hover).clicked()
    }

    /// A command's name in the menu: Undo and Redo say what they would do ("Undo retitling
    /// of 'Summit'").
    pub(super) fn command_label(&self, command: Command) -> String {
        match command {
            Command::Undo | Command::Redo => match self.history_label(command == Command::Undo) {
                Some(label) => format!("{} {label}", command.text()),
                None => command.text().to_owned(),
            },
            _ => command.text().to_owned(),
        }
    }

    /// The recent files; the one clicked.
    fn recent_files_ui(&self, ui: &mut egui::Ui) -> Option<std::path::PathBuf> {
        if self.prefs.settings.recent_files.is_empty() {
            ui.label(RichText::new("No recent files").weak());
        }
        let mut chosen = None;
        for path in &self.prefs.settings.recent_files {
            if ui.button(path.display().to_string()).clicked() {
                chosen = Some(path.clone());
            }
        }
        chosen
    }
}

/// The first shortcut of a command as the desktop writes it ("Ctrl+O"), or "".
pub fn shortcut_text(ctx: &egui::Context, command: Command) -> String {
    command
        .shortcuts()
        .first()
        .map(|s| shortcut_label(ctx, s))
        .unwrap_or_default()
}

/// A shortcut as people write it: "Ctrl+Shift+E", "Shift+Tab", "?", "←" (egui would write
/// "Questionmark" and "Left").
pub fn shortcut_label(ctx: &egui::Context, shortcut: &egui::KeyboardShortcut) -> String {
    use egui::Key;
    let names = &egui::ModifierNames::NAMES;
    let mut text = names.format(&shortcut.modifiers, ctx.os().is_mac());
    if !text.is_empty() {
        text += names.concat;
    }
    text += match shortcut.logical_key {
        Key::ArrowLeft => "←",
        Key::ArrowRight => "→",
        Key::ArrowUp => "↑",
        Key::ArrowDown => "↓",
        key @ (Key::Plus
        | Key::Equals
        | Key::Minus
        | Key::Questionmark
        | Key::Period
        | Key::Comma) => key.symbol_or_name(),
        key => key.name(),
    };
    text
}
