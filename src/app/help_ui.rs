//! The help sheet (F1 or `?`): every command with a shortcut, by menu, from the command table,
//! then what the mouse does and what the marks mean.

use egui::RichText;

use super::commands::{Command, Menu};

/// What the pointer does; not commands, so listed here.
pub const POINTER_GESTURES: &[(&str, &str)] = &[
    ("Mouse wheel, pinch", "Zoom at the cursor"),
    ("Drag empty space", "Pan (and scroll the lanes)"),
    (
        "Drag an event",
        "Move it in time (by its precision) or to another lane; Esc puts it back",
    ),
    ("Drag a bar's end", "Change its start or end"),
    (
        "Alt-drag to another event",
        "Link them: the first answers the second",
    ),
    (
        "Ctrl-click, Shift-click, Ctrl-drag",
        "Select several events (add one, a range in time, a band)",
    ),
    ("Right-click the timeline", "New event here"),
    (
        "Click a density strip; right-click it",
        "Zoom in; show the first event there",
    ),
    ("Wheel over lane names", "Scroll the lanes"),
    ("Click", "Select an event (details on the right)"),
    ("Double-click", "Zoom to an event (or zoom in)"),
    (
        "Drag a lane name",
        "Move the lane; right-click it to hide, pin, collapse",
    ),
    (
        "Overview strip",
        "Drag the box to pan, its edges to zoom; click to jump",
    ),
    (
        "Enter / Shift+Enter in the search field",
        "Next / previous search result",
    ),
];

/// Every command that has a shortcut, as (keys, what) rows by menu: the keys as the desktop
/// writes them ("Ctrl+O", "W / + / ="), the command's name.
pub fn shortcut_rows(ctx: &egui::Context) -> Vec<(Menu, String, &'static str)> {
    Command::ALL
        .iter()
        .filter(|c| !c.shortcuts().is_empty())
        .map(|&command| {
            let keys: Vec<String> = command
                .shortcuts()
                .iter()
                .map(|s| super::menu::shortcut_label(ctx, s))
                .collect();
            (command.menu_place().menu, keys.join(" / "), command.text())
        })
        .collect()
}

pub fn help_window_ui(ctx: &egui::Context, open: &mut bool) {
    egui::Window::new("Keyboard and mouse")
        .open(open)
        .collapsible(false)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical().max_height(560.0).show(ui, |ui| {
                egui::Grid::new("shortcuts").striped(true).show(ui, |ui| {
                    let mut last_menu = None;
                    for (menu, keys, what) in shortcut_rows(ctx) {
                        if last_menu != Some(menu) {
                            ui.label(RichText::new(menu.title()).strong());
                            ui.end_row();
                            last_menu = Some(menu);
                        }
                        ui.label(RichText::new(keys).monospace());
                        ui.label(what);
                        ui.end_row();
                    }
                    ui.label(RichText::new("Mouse").strong());
                    ui.end_row();
                    for (gesture, what) in POINTER_GESTURES {
                        ui.label(RichText::new(*gesture).monospace());
                        ui.label(*what);
                        ui.end_row();
                    }
                });
                ui.separator();
                ui.label(format!(
                    "Every command is also in the palette: {}, then type part of its name.",
                    super::menu::shortcut_text(ctx, Command::CommandPalette)
                ));
                ui.label("Markers: ◆ exact date · ◇ approximate (~) · ○ uncertain (?)");
                ui.label("A faint band shows the span a year or month may cover.");
                ui.label("Bars: solid where certain, faint where the precision leaves room, dashed when approximate, ▶ when still going on.");
                ui.label("+N: N events too close to tell apart; click to zoom in.");
                ui.label("A ring: a search result. A curved arrow: a link to the event it answers (colour and dash by type).");
            });
        });
}
