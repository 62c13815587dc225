//! The time zone chooser (View › Time zone…): UTC, the system's zone, or any zone of the IANA
//! database found by typing part of its name ("kyiv", "new york"). A click chooses and closes;
//! Esc closes without changing anything.

use egui::{Key, Modifiers, RichText};

use crate::time::Zone;

/// What the chooser remembers while it is open.
#[derive(Default)]
pub struct TimeZoneChooser {
    filter: String,
    /// Whether the field has been given the keyboard once.
    focused: bool,
}

/// What the chooser asks for.
pub enum TimeZoneAction {
    Choose(Zone),
    Close,
}

/// Height of one zone's row in the list: rows are laid out only where they are seen.
const ROW_HEIGHT: f32 = 20.0;

/// The zones whose names contain `filter` (in any case; a space matches the `_` of
/// `New_York`), in the database's order.
pub fn matching_zones(filter: &str) -> Vec<chrono_tz::Tz> {
    let wanted = filter.trim().to_lowercase().replace(' ', "_");
    chrono_tz::TZ_VARIANTS
        .iter()
        .copied()
        .filter(|tz| tz.name().to_lowercase().contains(&wanted))
        .collect()
}

/// Shows the chooser; `current` is the zone in use.
pub fn time_zone_ui(
    ctx: &egui::Context,
    chooser: &mut TimeZoneChooser,
    current: Zone,
) -> Option<TimeZoneAction> {
    if ctx.input_mut(|i| i.consume_key(Modifiers::NONE, Key::Escape)) {
        return Some(TimeZoneAction::Close);
    }
    let mut action = None;
    let mut open = true;
    egui::Window::new("Time zone")
        .collapsible(false)
        .resizable(false)
        .open(&mut open)
        .anchor(egui::Align2::CENTER_TOP, egui::vec2(0.0, 60.0))
        .fixed_size(egui::vec2(380.0, 0.0))
        .show(ctx, |ui| {
            ui.label(
                RichText::new(
                    "Clock times and the axis are shown on this zone's clock. \
                     Dates without a time (2014, 24 Feb 2022) stay on their day.",
                )
                .weak(),
            );
            ui.horizontal(|ui| {
                if ui.selectable_label(current == Zone::Utc, "UTC").clicked() {
                    action = Some(TimeZoneAction::Choose(Zone::Utc));
                }
                if ui
                    .selectable_label(current == Zone::Local, Zone::Local.label())
                    .on_hover_text("The zone this computer is set to")
                    .clicked()
                {
                    action = Some(TimeZoneAction::Choose(Zone::Local));
                }
            });
            ui.separator();
            let label = ui.label("Find a zone");
            let field = ui
                .add(
                    egui::TextEdit::singleline(&mut chooser.filter)
                        .desired_width(f32::INFINITY)
                        .hint_text("Part of its name, e.g. Kyiv or New York"),
                )
                .labelled_by(label.id);
            if !chooser.focused {
                field.request_focus();
                chooser.focused = true;
            }
            let zones = matching_zones(&chooser.filter);
            if zones.is_empty() {
                ui.label(RichText::new("No zone matches").weak());
            }
            egui::ScrollArea::vertical().max_height(320.0).show_rows(
                ui,
                ROW_HEIGHT,
                zones.len(),
                |ui, rows| {
                    for tz in zones.get(rows).unwrap_or_default() {
                        let chosen = current == Zone::Named(*tz);
                        let button = egui::Button::selectable(chosen, tz.name())
                            .min_size(egui::vec2(ui.available_width(), ROW_HEIGHT - 4.0));
                        if ui.add(button).clicked() {
                            action = Some(TimeZoneAction::Choose(Zone::Named(*tz)));
                        }
                    }
                },
            );
        });
    if !open {
        action = Some(TimeZoneAction::Close);
    }
    action
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn zones_are_found_by_part_of_their_name() {
        assert_eq!(matching_zones("kyiv"), [chrono_tz::Tz::Europe__Kyiv]);
        assert!(matching_zones("new york").contains(&chrono_tz::Tz::America__New_York));
        assert_eq!(matching_zones("").len(), chrono_tz::TZ_VARIANTS.len());
        assert!(matching_zones("Atlantis").is_empty());
    }
}
