//! What the timeline says about what is under the pointer: the accessible label of a mark,
//! the tooltips of an event and of a merged mark (on the clock of the lane's zone), and the
//! events a merged mark stands for.

use egui::Ui;

use crate::layout::HitTarget;
use crate::model::{ActorIdx, EventIdx};
use crate::time::{TimeRange, Timestamp, Zone};

use super::document::Document;
/// What a mark is called in tooltips and for screen readers.
pub(super) fn hit_label(document: &Document, target: &HitTarget) -> String {
    match *target {
        HitTarget::Event { event, .. } => document
            .dataset
            .event(event)
            .map_or_else(String::new, |e| super::shown(e.title(), 300).into_owned()),
        HitTarget::Cluster { count, lane, .. } => {
            let lane = document.dataset.actor(lane).map_or("", |a| a.name.as_str());
            format!("{count} events close together in {lane}")
        }
        HitTarget::Lane { lane } => document
            .dataset
            .actor(lane)
            .map_or_else(String::new, |a| super::shown(&a.name, 300).into_owned()),
        HitTarget::Density { lane, count, .. } => {
            let lane = document.dataset.actor(lane).map_or("", |a| a.name.as_str());
            format!("{count} events in {lane}, too many to show one by one")
        }
    }
}

pub(super) fn event_tooltip_ui(ui: &mut Ui, document: &Document, event: EventIdx, zone: Zone) {
    let Some(e) = document.dataset.event(event) else {
        return;
    };
    ui.strong(super::shown(e.title(), 300));
    ui.label(super::details_ui::dates_text(&e, zone));
    let actors = document.dataset.actor_names(&e);
    ui.label(actors.join(" · "));
    if let Some(kind) = e.kind() {
        ui.weak(kind);
    }
    ui.weak("Click for details · double-click to zoom to it");
}

pub(super) fn cluster_tooltip_ui(
    ui: &mut Ui,
    document: &Document,
    lane: ActorIdx,
    range: TimeRange,
    zone: Zone,
) {
    let events = cluster_events(document, lane, range);
    ui.strong(format!("{} events", events.len()));
    for &event in events.iter().take(8) {
        if let Some(e) = document.dataset.event(event) {
            ui.label(format!(
                "{} · {}",
                zone.human_text(&e.start()),
                super::shown(e.title(), 200)
            ));
        }
    }
    if events.len() > 8 {
        ui.weak(format!("and {} more", events.len() - 8));
    }
    ui.weak(if range.duration_seconds() > 0 {
        "Click to zoom in"
    } else {
        "Click to list them"
    });
}

/// The clock of `lane`'s tooltips: its actor's own zone, if it has one, else the window's.
pub(super) fn lane_zone(document: &Document, lane: ActorIdx, window_zone: Zone) -> Zone {
    document
        .dataset
        .actor(lane)
        .and_then(|actor| actor.time_zone)
        .unwrap_or(window_zone)
}

/// The events a merged mark stands for: markers whose middle, or bars whose whole span, lies in
/// `range`.
pub fn cluster_events(document: &Document, lane: ActorIdx, range: TimeRange) -> Vec<EventIdx> {
    let Some(index) = document.index.lane(lane) else {
        return Vec::new();
    };
    let (start, end) = (range.start.as_f64(), range.end.as_f64());
    let mut events: Vec<EventIdx> = index
        .points
        .overlapping(range)
        .filter(|e| (start..=end).contains(&e.span.midpoint()))
        .map(|e| e.event)
        .collect();
    for row in &index.rows {
        events.extend(
            row.overlapping(range)
                .filter(|e| e.span.start >= range.start && e.span.end <= range.end)
                .map(|e| e.event),
        );
    }
    events.sort_by_key(|&e| {
        document
            .dataset
            .event(e)
            .map_or(Timestamp(0), |e| e.start().earliest())
    });
    events.dedup();
    events
}
