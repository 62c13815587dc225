//! Selecting several events: Ctrl-click adds or removes one, Shift-click takes every shown
//! event between the selected one and the clicked one in time, and Ctrl-drag on the timeline
//! draws a band that selects the events it covers. Delete, moving and the side panel's bulk
//! edits then act on all of them.

use std::collections::BTreeSet;

use egui::{Modifiers, Pos2, Rect};

use crate::layout::{HitTarget, Scene};
use crate::model::{EventIdx, EventSet};

use super::document::Document;
use super::timeline_ui::TimelineView;

impl TimelineView {
    /// Every selected event: the one in focus and the others, in index order.
    pub fn selection(&self) -> Vec<EventIdx> {
        let mut all: BTreeSet<EventIdx> = self.also_selected.clone();
        all.extend(self.selected);
        all.into_iter().collect()
    }

    /// Selects `event` alone.
    pub fn select_only(&mut self, event: Option<EventIdx>) {
        self.selected = event;
        self.also_selected.clear();
    }

    /// A click on `event` with `modifiers`: alone; Ctrl adds or removes it; Shift takes the
    /// shown events from the selected one to it, in time.
    pub fn click_event(&mut self, document: &Document, event: EventIdx, modifiers: Modifiers) {
        if modifiers.command {
            if self.selected == Some(event) {
                self.selected = self.also_selected.pop_first();
            } else if !self.also_selected.remove(&event) {
                self.also_selected.extend(self.selected);
                self.selected = Some(event);
            }
        } else if modifiers.shift
            && let Some(anchor) = self.selected
        {
            self.also_selected
                .extend(events_between(document, anchor, event));
            self.also_selected.remove(&event);
            self.selected = Some(event);
        } else {
            self.select_only(Some(event));
        }
    }

    /// The other selected events as a set for the layout, if there are any.
    pub fn also_selected_set(&self, document: &Document) -> Option<EventSet> {
        if self.also_selected.is_empty() {
            return None;
        }
        let mut set = EventSet::new(document.dataset.event_count());
        for &event in &self.also_selected {
            if event.index() < document.dataset.event_count() {
                set.insert(event);
            }
        }
        Some(set)
    }
}

/// The shown events whose start lies between the starts of `a` and `b` (both included).
pub fn events_between(document: &Document, a: EventIdx, b: EventIdx) -> Vec<EventIdx> {
    let start = |e: EventIdx| {
        document
            .dataset
            .event(e)
            .map(|e| e.span(document.now()).start)
    };
    let (Some(sa), Some(sb)) = (start(a), start(b)) else {
        return Vec::new();
    };
    let (from, to) = if sa <= sb { (sa, sb) } else { (sb, sa) };
    document
        .dataset
        .events()
        .filter(|e| document.shown.is_shown(e.idx()))
        .filter(|e| (from..=to).contains(&e.span(document.now()).start))
        .map(|e| e.idx())
        .collect()
}

/// The Ctrl-drag band: drawn while the button is down; when it is let go, the events it
/// covers are selected.
pub fn band_ui(ui: &egui::Ui, view: &mut TimelineView, scene: &Scene, plot: Rect) {
    let Some(start) = view.band else {
        return;
    };
    match ui.input(|i| i.pointer.latest_pos().filter(|_| i.pointer.primary_down())) {
        Some(end) => {
            let band = Rect::from_two_pos(start, end);
            let color = ui.visuals().selection.stroke.color;
            let painter = ui.painter_at(plot);
            painter.rect_filled(band, 0.0, color.gamma_multiply(0.12));
            painter.rect_stroke(
                band,
                0.0,
                egui::Stroke::new(1.0, color),
                egui::StrokeKind::Inside,
            );
        }
        None => {
            let end = ui.input(|i| i.pointer.latest_pos()).unwrap_or(start);
            let found = events_in_band(scene, start, end);
            view.select_only(found.first().copied());
            view.also_selected.extend(found.into_iter().skip(1));
            view.band = None;
        }
    }
}

/// The events whose marks lie in the band from `from` to `to` (screen points).
pub fn events_in_band(scene: &Scene, from: Pos2, to: Pos2) -> Vec<EventIdx> {
    let band = Rect::from_two_pos(from, to);
    let mut found: Vec<EventIdx> = scene
        .hits
        .iter()
        .filter_map(|hit| match hit.target {
            HitTarget::Event { event, .. }
                if band.intersects(crate::render::egui_painter::to_rect(hit.rect)) =>
            {
                Some(event)
            }
            _ => None,
        })
        .collect();
    found.sort_unstable();
    found.dedup();
    found
}
