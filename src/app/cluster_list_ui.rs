//! The list shown when a merged mark of events that share a date is clicked (zooming in could
//! never split them): click one to select it.

use super::document::Document;
use super::shown;
use super::state::ClusterList;
use crate::model::EventIdx;

/// What the list asks for.
pub enum ClusterAction {
    Select(EventIdx),
    Close,
}

pub fn cluster_list_ui(
    ctx: &egui::Context,
    list: &ClusterList,
    document: &Document,
) -> Option<ClusterAction> {
    let mut action = None;
    let mut open = true;
    egui::Window::new(format!("{} events at the same time", list.events.len()))
        .collapsible(false)
        .open(&mut open)
        .default_pos(list.at)
        .show(ctx, |ui| {
            egui::ScrollArea::vertical()
                .max_height(320.0)
                .show(ui, |ui| {
                    for &event in &list.events {
                        let Some(e) = document.dataset.event(event) else {
                            continue;
                        };
                        let text = format!("{} · {}", e.start().human(), shown(e.title(), 200));
                        if ui.selectable_label(false, text).clicked() {
                            action = Some(ClusterAction::Select(event));
                        }
                    }
                });
        });
    if !open {
        action = Some(ClusterAction::Close);
    }
    action
}
