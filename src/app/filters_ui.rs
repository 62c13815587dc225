//! The "Filters and lanes" panel: filters by actor, kind, tag, date range and sources, with the
//! count of events shown; every lane with its visibility, pin, strip and order; link types.
//! Everything here is also reachable from the keyboard (Tab through the panel).

use egui::{RichText, Ui};

use crate::layout::link_dash;
use crate::layout::{Dash, Rgba};
use crate::model::ActorIdx;
use crate::view::LaneMove;

use super::document::Document;

/// How many tags are offered before the list is cut (the most common first).
const MAX_TAGS_LISTED: usize = 60;

pub fn filters_ui(ui: &mut Ui, document: &mut Document, link_colors: &[Rgba]) {
    let dataset = document.dataset.clone();
    let shown_count = document.shown.shown_count(&dataset);
    let total = dataset.event_count();
    ui.horizontal(|ui| {
        ui.heading("Filters");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .add_enabled(
                    !document.shown.settings.filter.is_empty(),
                    egui::Button::new("Clear"),
                )
                .on_hover_text("Show every event")
                .clicked()
            {
                document.shown.settings.filter = Default::default();
            }
        });
    });
    ui.label(RichText::new(format!("Showing {shown_count} of {total} events")).strong());
    ui.add_space(4.0);

    egui::ScrollArea::vertical()
        .auto_shrink([false, false])
        .show(ui, |ui| {
            let shown = &mut document.shown;
            let filter = &mut shown.settings.filter;
            egui::CollapsingHeader::new("Actors")
                .default_open(true)
                .show(ui, |ui| {
                    ui.weak("Events that involve any of the checked (none checked: all)");
                    for actor in &dataset.actors {
                        let mut on = filter.actors.contains(&actor.id);
                        if ui
                            .checkbox(&mut on, super::shown(&actor.name, 60))
                            .changed()
                        {
                            toggle(&mut filter.actors, &actor.id, on);
                        }
                    }
                });
            if !shown.facets.kinds.is_empty() {
                egui::CollapsingHeader::new("Kinds")
                    .default_open(true)
                    .show(ui, |ui| {
                        for (kind, count) in &shown.facets.kinds {
                            let mut on = filter.kinds.contains(kind);
                            if ui
                                .checkbox(&mut on, format!("{} ({count})", super::shown(kind, 60)))
                                .changed()
                            {
                                toggle(&mut filter.kinds, kind, on);
                            }
                        }
                    });
            }
            if !shown.facets.tags.is_empty() {
                egui::CollapsingHeader::new("Tags")
                    .default_open(false)
                    .show(ui, |ui| {
                        ui.weak("Events with any of the checked tags");
                        for (tag, count) in shown.facets.tags.iter().take(MAX_TAGS_LISTED) {
                            let mut on = filter.tags.contains(tag);
                            if ui
                                .checkbox(&mut on, format!("{} ({count})", super::shown(tag, 60)))
                                .changed()
                            {
                                toggle(&mut filter.tags, tag, on);
                            }
                        }
                        if shown.facets.tags.len() > MAX_TAGS_LISTED {
                            ui.weak(format!(
                                "and {} rarer tags (search finds them)",
                                shown.facets.tags.len() - MAX_TAGS_LISTED
                            ));
                        }
                    });
            }
            egui::CollapsingHeader::new("Dates")
                .default_open(true)
                .show(ui, |ui| {
                    egui::Grid::new("filter-dates")
                        .num_columns(2)
                        .show(ui, |ui| {
                            ui.label("From");
                            ui.add(
                                egui::TextEdit::singleline(&mut filter.from)
                                    .hint_text("2014, 2021-11…")
                                    .desired_width(120.0),
                            );
                            ui.end_row();
                            ui.label("To");
                            ui.add(
                                egui::TextEdit::singleline(&mut filter.to)
                                    .hint_text("2022-02-24…")
                                    .desired_width(120.0),
                            );
                            ui.end_row();
                        });
                    for error in [&shown.filter.from_error, &shown.filter.to_error]
                        .into_iter()
                        .flatten()
                    {
                        ui.label(RichText::new(error).color(ui.visuals().warn_fg_color));
                    }
                });
            ui.checkbox(&mut filter.has_sources, "Only events with a source");
            ui.checkbox(
                &mut shown.settings.hide_empty_lanes,
                "Hide lanes the filters leave empty",
            );
            ui.add_space(8.0);
            ui.separator();
            lanes_ui(ui, document, &dataset);
            if !document.shown.link_kinds.is_empty() {
                ui.separator();
                links_ui(ui, document, link_colors);
            }
        });
}

fn toggle(set: &mut std::collections::BTreeSet<String>, value: &str, on: bool) {
    if on {
        set.insert(value.to_owned());
    } else {
        set.remove(value);
    }
}

/// Every actor's lane: shown or hidden, pinned, collapsed to a strip, moved up or down.
fn lanes_ui(ui: &mut Ui, document: &mut Document, dataset: &crate::model::Dataset) {
    ui.horizontal(|ui| {
        ui.heading("Lanes");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .add_enabled(
                    !document.shown.settings.lanes.is_default(),
                    egui::Button::new("Reset"),
                )
                .on_hover_text("The file's order, every lane shown")
                .clicked()
            {
                document.shown.settings.lanes = Default::default();
            }
        });
    });
    ui.weak("Drag a lane's name on the timeline to move it; right-click it for more.");
    let arrangement = &document.shown.settings.lanes;
    let order = arrangement.ordered(dataset);
    let mut change: Option<(ActorIdx, LaneMove)> = None;
    egui::Grid::new("lanes-grid")
        .num_columns(5)
        .striped(true)
        .show(ui, |ui| {
            for &actor_idx in &order {
                let Some(actor) = dataset.actor(actor_idx) else {
                    continue;
                };
                let hidden = arrangement.hidden.contains(&actor.id);
                let mut visible = !hidden;
                let depth = depth_of(dataset, actor_idx);
                let name = format!("{}{}", "   ".repeat(depth), super::shown(&actor.name, 48));
                let checkbox = ui.checkbox(&mut visible, name);
                // Not only the actor's name: the filter above has a checkbox of that name.
                checkbox.widget_info(|| {
                    egui::WidgetInfo::selected(
                        egui::Role::CheckBox,
                        true,
                        visible,
                        format!("Show the lane of {}", actor.name),
                    )
                });
                if checkbox.on_hover_text("Show or hide this lane").changed() {
                    change = Some((
                        actor_idx,
                        if visible {
                            LaneMove::Show
                        } else {
                            LaneMove::Hide
                        },
                    ));
                }
                if ui
                    .selectable_label(arrangement.pinned.contains(&actor.id), "Pin")
                    .on_hover_text("Keep this lane at the top while the others scroll")
                    .clicked()
                {
                    change = Some((actor_idx, LaneMove::TogglePin));
                }
                if ui
                    .selectable_label(arrangement.collapsed.contains(&actor.id), "Strip")
                    .on_hover_text("Collapse the lane to a thin strip of where its events are")
                    .clicked()
                {
                    change = Some((actor_idx, LaneMove::ToggleCollapse));
                }
                if ui.small_button("▲").on_hover_text("Move up").clicked() {
                    change = Some((actor_idx, LaneMove::Up));
                }
                if ui.small_button("▼").on_hover_text("Move down").clicked() {
                    change = Some((actor_idx, LaneMove::Down));
                }
                ui.end_row();
            }
        });
    if let Some((actor, change)) = change {
        document.shown.settings.lanes.apply(dataset, actor, change);
    }
}

fn depth_of(dataset: &crate::model::Dataset, actor: ActorIdx) -> usize {
    let mut depth = 0;
    let mut at = dataset.actor(actor).and_then(|a| a.group);
    while let Some(group) = at {
        depth += 1;
        if depth > 8 {
            break;
        }
        at = dataset.actor(group).and_then(|a| a.group);
    }
    depth
}

/// Links on or off, and each type with the colour and dash it is drawn in.
fn links_ui(ui: &mut Ui, document: &mut Document, link_colors: &[Rgba]) {
    ui.heading("Links");
    let settings = &mut document.shown.settings;
    let mut draw = !settings.hide_links;
    if ui
        .checkbox(&mut draw, "Draw links between events")
        .changed()
    {
        settings.hide_links = !draw;
    }
    ui.add_enabled_ui(draw, |ui| {
        for (i, kind) in document.shown.link_kinds.iter().enumerate() {
            let count = document
                .dataset
                .links
                .iter()
                .filter(|l| l.kind == *kind)
                .count();
            let color = link_colors[i % link_colors.len().max(1)];
            let sample = match link_dash(i) {
                Dash::Solid => "━━━",
                Dash::Dashed => "━ ━",
                Dash::Dotted => "┅┅┅",
            };
            ui.horizontal(|ui| {
                let mut on = !settings.hidden_link_kinds.contains(kind);
                let name = if kind.is_empty() {
                    "(no type)"
                } else {
                    kind.as_str()
                };
                if ui.checkbox(&mut on, format!("{name} ({count})")).changed() {
                    toggle_off(&mut settings.hidden_link_kinds, kind, on);
                }
                ui.label(
                    RichText::new(sample)
                        .color(egui::Color32::from_rgb(color.r, color.g, color.b))
                        .strong(),
                );
            });
        }
    });
}

fn toggle_off(set: &mut std::collections::BTreeSet<String>, value: &str, on: bool) {
    toggle(set, value, !on);
}
