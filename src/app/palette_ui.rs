//! The command palette (Ctrl+K): every command that can run now, with its menu and shortcut,
//! filtered as you type (fuzzy, so "exim" finds "Export image…"), run with Enter or a click.
//! ↑ / ↓ move the choice, Esc closes. Each entry is a labelled node for screen readers.

use egui::{Key, Modifiers, RichText};
use nucleo_matcher::pattern::{CaseMatching, Normalization, Pattern};
use nucleo_matcher::{Config, Matcher, Utf32Str};

use super::commands::Command;
use super::menu::shortcut_text;

/// What the palette remembers while it is open.
#[derive(Default)]
pub struct Palette {
    query: String,
    /// The highlighted entry, among the matches.
    chosen: usize,
    /// Whether the field has been given the keyboard once.
    focused: bool,
}

/// What the palette asks for.
pub enum PaletteAction {
    Run(Command),
    Close,
}

/// The commands among `candidates` that match `query`, best first (all of them, in table
/// order, for an empty query).
pub fn matching_commands(query: &str, candidates: &[Command]) -> Vec<Command> {
    let query = query.trim();
    if query.is_empty() {
        return candidates.to_vec();
    }
    let pattern = Pattern::parse(query, CaseMatching::Ignore, Normalization::Smart);
    let mut matcher = Matcher::new(Config::DEFAULT);
    let mut buffer = Vec::new();
    let mut scored: Vec<(u32, usize, Command)> = candidates
        .iter()
        .enumerate()
        .filter_map(|(i, &command)| {
            let haystack = command.path();
            let score = pattern.score(Utf32Str::new(&haystack, &mut buffer), &mut matcher)?;
            Some((score, i, command))
        })
        .collect();
    // Best score first; ties in table order.
    scored.sort_by_key(|&(score, i, _)| (std::cmp::Reverse(score), i));
    scored.into_iter().map(|(_, _, command)| command).collect()
}

/// The field's id, to give it the keyboard.
pub fn palette_field_id() -> egui::Id {
    egui::Id::unique("timelanes-command-palette-field")
}

/// Shows the palette; `enabled` are the commands that can run now.
pub fn palette_ui(
    ctx: &egui::Context,
    palette: &mut Palette,
    enabled: &[Command],
) -> Option<PaletteAction> {
    let mut action = None;
    let matches = matching_commands(&palette.query, enabled);
    // The keys that steer the list are taken before the field sees them.
    let (down, up, enter, escape) = ctx.input_mut(|i| {
        (
            i.consume_key(Modifiers::NONE, Key::ArrowDown),
            i.consume_key(Modifiers::NONE, Key::ArrowUp),
            i.consume_key(Modifiers::NONE, Key::Enter),
            i.consume_key(Modifiers::NONE, Key::Escape),
        )
    });
    if down && palette.chosen + 1 < matches.len() {
        palette.chosen += 1;
    }
    if up {
        palette.chosen = palette.chosen.saturating_sub(1);
    }
    palette.chosen = palette.chosen.min(matches.len().saturating_sub(1));
    if escape {
        return Some(PaletteAction::Close);
    }
    if enter && let Some(&command) = matches.get(palette.chosen) {
        return Some(PaletteAction::Run(command));
    }
    let mut open = true;
    egui::Window::new("Command palette")
        .collapsible(false)
        .resizable(false)
        .title_bar(false)
        .open(&mut open)
        .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 60.0))
        .fixed_size(egui::vec2(520.0, 0.0))
        .show(ctx, |ui| {
            let label = ui.label(RichText::new("Run a command").strong());
            let field = ui.add(
                egui::TextEdit::singleline(&mut palette.query)
                    .id(palette_field_id())
                    .desired_width(f32::INFINITY)
                    .hint_text("Type part of a command's name, e.g. \"export\""),
            );
            let field = field.labelled_by(label.id);
            if !palette.focused {
                field.request_focus();
                palette.focused = true;
            }
            if field.changed() {
                palette.chosen = 0;
            }
            ui.separator();
            if matches.is_empty() {
                ui.label(RichText::new("No command matches").weak());
            }
            egui::ScrollArea::vertical()
                .max_height(360.0)
                .show(ui, |ui| {
                    for (i, &command) in matches.iter().enumerate() {
                        let shortcut = shortcut_text(ui.ctx(), command);
                        let mut button =
                            egui::Button::selectable(i == palette.chosen, command.path())
                                .min_size(egui::vec2(ui.available_width(), 0.0));
                        if !shortcut.is_empty() {
                            button = button.shortcut_text(shortcut);
                        }
                        let response = ui.add(button).on_hover_text(command.description());
                        if i == palette.chosen {
                            response.scroll_to_me(None);
                        }
                        if response.clicked() {
                            action = Some(PaletteAction::Run(command));
                        }
                    }
                });
        });
    if !open {
        action = Some(PaletteAction::Close);
    }
    action
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fuzzy_matches_find_commands_by_parts_of_their_names() {
        let all = Command::ALL;
        assert_eq!(matching_commands("", all).len(), all.len());
        assert_eq!(
            matching_commands("export image", all).first(),
            Some(&Command::ExportImage)
        );
        assert_eq!(
            matching_commands("exim", all).first(),
            Some(&Command::ExportImage)
        );
        assert_eq!(
            matching_commands("high contr", all).first(),
            Some(&Command::ThemeHighContrast)
        );
        // The menu is part of the name: "theme" finds the four themes.
        let themes = matching_commands("theme", all);
        assert!(themes.len() >= 4, "{themes:?}");
        assert!(themes[..4].contains(&Command::ThemeDark));
        assert!(matching_commands("zzzqqq", all).is_empty());
    }

    #[test]
    fn only_the_candidates_are_offered() {
        let some = [Command::Open, Command::Quit];
        assert_eq!(matching_commands("", &some), some);
        assert!(matching_commands("zoom", &some).is_empty());
    }
}
