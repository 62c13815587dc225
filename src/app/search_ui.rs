//! The search bar (Ctrl+F): a field searched as you type, the count, previous/next, and the
//! results with their dates; choosing one selects it and brings it into view.

use egui::{Key, RichText, Ui};

use super::document::Document;

/// What the search bar asks for.
pub enum SearchAction {
    /// Go to the next (true) or previous match.
    Step(bool),
    /// Go to this result.
    GoTo(usize),
    Close,
}

/// The id of the search field, to focus it from Ctrl+F.
pub fn search_field_id() -> egui::Id {
    egui::Id::unique("timelanes-search-field")
}

pub fn search_ui(
    ui: &mut Ui,
    document: &mut Document,
    show_results: &mut bool,
) -> Option<SearchAction> {
    let mut action = None;
    let search = &mut document.shown.search;
    ui.horizontal(|ui| {
        ui.label("Find");
        let edit = ui.add(
            egui::TextEdit::singleline(&mut search.query)
                .id(search_field_id())
                .hint_text("title, description, tag, actor, source…")
                .desired_width(320.0)
                // Enter steps through the results instead of leaving the field.
                .return_key(None),
        );
        if edit.has_focus() {
            let (enter, shift, escape) = ui.input(|i| {
                (
                    i.key_pressed(Key::Enter),
                    i.modifiers.shift,
                    i.key_pressed(Key::Escape),
                )
            });
            if enter {
                action = Some(SearchAction::Step(!shift));
            }
            if escape {
                action = Some(SearchAction::Close);
            }
        } else if edit.lost_focus() && ui.input(|i| i.key_pressed(Key::Escape)) {
            action = Some(SearchAction::Close);
        }
        let count = search.results.len();
        let status = match (count, search.current) {
            (0, _) if search.query.trim().is_empty() => String::new(),
            (0, _) => "No match".to_owned(),
            (n, Some(i)) => format!("{} of {n}", i + 1),
            (1, None) => "1 match".to_owned(),
            (n, None) => format!("{n} matches"),
        };
        let status_text = RichText::new(status);
        ui.label(if count == 0 && !search.query.trim().is_empty() {
            status_text.color(ui.visuals().warn_fg_color)
        } else {
            status_text
        });
        if ui
            .add_enabled(count > 0, egui::Button::new("▲ Previous"))
            .on_hover_text("Shift+Enter or ,")
            .clicked()
        {
            action = Some(SearchAction::Step(false));
        }
        if ui
            .add_enabled(count > 0, egui::Button::new("▼ Next"))
            .on_hover_text("Enter or .")
            .clicked()
        {
            action = Some(SearchAction::Step(true));
        }
        ui.toggle_value(show_results, "List");
        if ui
            .button("✕")
            .on_hover_text("Close the search (Esc)")
            .clicked()
        {
            action = Some(SearchAction::Close);
        }
    });
    if *show_results && !search.results.is_empty() {
        let row_height = ui.text_style_height(&egui::TextStyle::Body) + 4.0;
        let dataset = &document.dataset;
        egui::ScrollArea::vertical()
            .id_salt("search-results")
            .max_height(row_height * 7.0)
            .auto_shrink([false, true])
            .show_rows(ui, row_height, search.results.len(), |ui, rows| {
                for i in rows {
                    let Some(event) = search.results.get(i).and_then(|&e| dataset.event(e)) else {
                        continue;
                    };
                    let actors = dataset.actor_names(&event);
                    let text = format!(
                        "{}  ·  {}  ·  {}",
                        event.start().human(),
                        super::shown(event.title(), 160),
                        actors.join(", ")
                    );
                    let current = search.current == Some(i);
                    let response = ui.selectable_label(current, text);
                    if current && ui.input(|i| i.key_pressed(Key::Enter)) {
                        response.scroll_to_me(None);
                    }
                    if response.clicked() {
                        action = Some(SearchAction::GoTo(i));
                    }
                }
            });
    }
    action
}
