//! The side panel: the selected event (what happened, when with the precision written, to
//! whom, and on whose word, sources opening in the browser), or, with nothing selected, the
//! dataset and its actors. It stays open either way, so selecting never shifts the timeline.

use egui::{RichText, Ui};

use crate::model::{Event, EventEnd, EventIdx, NoteTarget};
use crate::time::{Date, Zone};

use super::document::Document;
use super::shown;

/// What the panel asks for.
pub enum DetailsAction {
    /// Clear the selection.
    Deselect,
    ZoomTo(EventIdx),
    /// Select a linked event and bring it into view.
    GoTo(EventIdx),
    /// Edit the selected event's fields.
    Edit,
}

/// The panel's content: the selected event, or the dataset.
pub fn side_panel_ui(
    ui: &mut Ui,
    document: &Document,
    selected: Option<EventIdx>,
    zone: Zone,
) -> Option<DetailsAction> {
    match selected {
        Some(event) => details_ui(ui, document, event, zone),
        None => dataset_ui(ui, document),
    }
}

/// The author's notes on what `on` picks (an event, a lane), each in a box of its own.
fn notes_on(ui: &mut Ui, dataset: &crate::model::Dataset, on: impl Fn(NoteTarget) -> bool) {
    for note in dataset.notes.iter().filter(|n| on(n.target)) {
        ui.add_space(6.0);
        ui.group(|ui| {
            ui.set_width(ui.available_width());
            ui.label(RichText::new(format!("✎ {}", note.heading())).strong());
            if !note.title.trim().is_empty() && !note.text.is_empty() {
                ui.label(shown(&note.text, 5_000));
            }
        });
    }
}

/// The Edit button; a database's document is shown, not edited, so there it says so instead.
fn edit_button(ui: &mut Ui, document: &Document, what_it_does: &str) -> bool {
    if document.database.is_some() {
        ui.add_enabled(false, egui::Button::new("✏ Edit"))
            .on_disabled_hover_text(
                "Read from a database a view at a time: shown, not edited \
                 (timelanes convert makes a file of it to edit, if it fits in memory)",
            );
        return false;
    }
    ui.button("✏ Edit").on_hover_text(what_it_does).clicked()
}

/// The dataset's title, description and actors.
fn dataset_ui(ui: &mut Ui, document: &Document) -> Option<DetailsAction> {
    let dataset = &document.dataset;
    let mut action = None;
    ui.horizontal(|ui| {
        ui.heading("Dataset");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if edit_button(
                ui,
                document,
                "Edit the title, the description and the lanes",
            ) {
                action = Some(DetailsAction::Edit);
            }
        });
    });
    ui.separator();
    egui::ScrollArea::vertical().show(ui, |ui| {
        let title = if dataset.title.is_empty() {
            document.name()
        } else {
            shown(&dataset.title, 1_000).into_owned()
        };
        ui.label(RichText::new(title).strong().size(17.0));
        if !dataset.description.is_empty() {
            ui.add_space(4.0);
            ui.label(shown(&dataset.description, 20_000));
        }
        ui.add_space(8.0);
        ui.weak(format!(
            "{} events · {} actors · {}",
            document.event_total(),
            dataset.actors.len(),
            document.name()
        ));
        ui.add_space(8.0);
        ui.label(RichText::new("Actors").strong());
        for actor in &dataset.actors {
            ui.horizontal(|ui| {
                color_swatch(ui, actor.color);
                ui.label(RichText::new(shown(&actor.name, 200)).strong());
            });
            if !actor.description.is_empty() {
                ui.indent(("actor", &actor.id), |ui| {
                    ui.weak(shown(&actor.description, 5_000))
                });
            }
            let lane = dataset.actors.iter().position(|a| a.id == actor.id);
            notes_on(
                ui,
                dataset,
                |target| matches!(target, NoteTarget::Lane(a) if Some(a.index()) == lane),
            );
        }
        // Notes on spans of time are drawn like eras, but listed with the notes.
        if dataset.eras.iter().any(|e| e.note.is_none()) {
            ui.add_space(8.0);
            ui.label(RichText::new("Eras").strong());
            for era in dataset.eras.iter().filter(|e| e.note.is_none()) {
                ui.label(format!(
                    "{} · {} – {}",
                    shown(&era.title, 200),
                    era.start.human(),
                    era.end.human()
                ));
            }
        }
        ui.add_space(10.0);
        ui.weak("Click an event to see what happened and its sources.");
    });
    action
}

/// "fatalities" → "Fatalities".
fn capitalized(name: &str) -> String {
    let mut chars = name.chars();
    chars
        .next()
        .map(|first| first.to_uppercase().chain(chars).collect())
        .unwrap_or_default()
}

fn color_swatch(ui: &mut Ui, color: crate::model::Color) {
    let (rect, _) = ui.allocate_exact_size(egui::vec2(10.0, 10.0), egui::Sense::hover());
    ui.painter().rect_filled(
        rect,
        2.0,
        egui::Color32::from_rgb(color.r, color.g, color.b),
    );
}

/// An event's dates for people, clock times on `zone`'s clock: "15 Nov 2021",
/// "24 Feb 2022, 06:00 MSK – present".
pub fn dates_text(event: &Event<'_>, zone: Zone) -> String {
    let start = zone.human_text(&event.start());
    match event.end() {
        None => start,
        Some(EventEnd::Date(end)) => format!("{start} – {}", zone.human_text(&end)),
        Some(EventEnd::Present) => format!("{start} – present"),
    }
}

/// The event's clock times on the clocks of its actors that have their own zone (`"tz"` in
/// the file), where they read differently from the window's.
fn lane_clocks_row(ui: &mut Ui, document: &Document, event: &Event<'_>, zone: Zone) {
    let on_window_clock = dates_text(event, zone);
    let mut lines: Vec<String> = Vec::new();
    for actor in event
        .actors()
        .iter()
        .filter_map(|&a| document.dataset.actor(a))
    {
        let Some(own) = actor.time_zone else { continue };
        let text = dates_text(event, own);
        if text != on_window_clock {
            lines.push(format!("{}: {text}", shown(&actor.name, 100)));
        }
    }
    if lines.is_empty() {
        return;
    }
    ui.label(RichText::new("Local time").weak())
        .on_hover_text("On the clocks of the actors' own time zones");
    ui.vertical(|ui| {
        for line in lines {
            ui.label(line);
        }
    });
    ui.end_row();
}

fn date_rows(ui: &mut Ui, label: &str, date: &Date, zone: Zone) {
    ui.label(RichText::new(label).weak());
    ui.vertical(|ui| {
        // On the chosen clock; the line under it keeps the date as the file writes it.
        ui.label(zone.human_text(date));
        let mut precision = format!("{} precision", date.precision.name());
        if !date.qualifier.is_exact() {
            precision.push_str(", ");
            precision.push_str(date.qualifier.words());
        }
        ui.label(
            RichText::new(format!("{date} · {precision}"))
                .weak()
                .small(),
        );
    });
    ui.end_row();
}

fn details_ui(
    ui: &mut Ui,
    document: &Document,
    event_idx: EventIdx,
    zone: Zone,
) -> Option<DetailsAction> {
    let mut action = None;
    let Some(event) = document.dataset.event(event_idx) else {
        return Some(DetailsAction::Deselect);
    };
    ui.horizontal(|ui| {
        ui.heading("Event");
        ui.with_layout(egui::Layout::right_to_left(egui::Align::Center), |ui| {
            if ui
                .button("✕")
                .on_hover_text("Clear the selection (Esc)")
                .clicked()
            {
                action = Some(DetailsAction::Deselect);
            }
            if ui
                .button("Zoom to")
                .on_hover_text("Double-click a mark does the same")
                .clicked()
            {
                action = Some(DetailsAction::ZoomTo(event_idx));
            }
            if edit_button(ui, document, "Edit this event's fields (F2)") {
                action = Some(DetailsAction::Edit);
            }
        });
    });
    ui.separator();
    egui::ScrollArea::vertical().show(ui, |ui| {
        ui.label(
            RichText::new(shown(event.title(), 1_000))
                .strong()
                .size(17.0),
        );
        ui.add_space(6.0);
        egui::Grid::new("event-details")
            .num_columns(2)
            .spacing([10.0, 6.0])
            .show(ui, |ui| {
                if let Some(display) = event.display_date() {
                    // The file's own words for the date ("Spring 1945"), above the dates read.
                    ui.label(RichText::new("As written").weak());
                    ui.label(shown(display, 200));
                    ui.end_row();
                }
                match event.end() {
                    None => date_rows(ui, "Date", &event.start(), zone),
                    Some(end) => {
                        date_rows(ui, "From", &event.start(), zone);
                        match end {
                            EventEnd::Date(end) => date_rows(ui, "To", &end, zone),
                            EventEnd::Present => {
                                ui.label(RichText::new("To").weak());
                                ui.label("present (still going on)");
                                ui.end_row();
                            }
                        }
                    }
                }
                ui.label(RichText::new("Actors").weak());
                ui.vertical(|ui| {
                    for actor in event
                        .actors()
                        .iter()
                        .filter_map(|&a| document.dataset.actor(a))
                    {
                        ui.horizontal(|ui| {
                            color_swatch(ui, actor.color);
                            ui.label(shown(&actor.name, 200));
                        });
                    }
                });
                ui.end_row();
                lane_clocks_row(ui, document, &event, zone);
                if let Some(kind) = event.kind() {
                    ui.label(RichText::new("Kind").weak());
                    ui.label(kind);
                    ui.end_row();
                }
                let tags: Vec<&str> = event.tags().collect();
                if !tags.is_empty() {
                    ui.label(RichText::new("Tags").weak());
                    ui.label(tags.join(", "));
                    ui.end_row();
                }
                if let Some(id) = event.id() {
                    ui.label(RichText::new("Id").weak());
                    ui.label(RichText::new(id).monospace());
                    ui.end_row();
                }
                // What importers keep besides (fatalities, location, event codes).
                for (name, value) in event.details() {
                    ui.label(RichText::new(capitalized(name)).weak());
                    ui.label(shown(value, 500));
                    ui.end_row();
                }
            });
        // A database's events come without their long texts: those are fetched when shown.
        let fetched = document
            .database
            .as_ref()
            .map(|database| event.id().and_then(|id| database.record(id)));
        let description = match fetched {
            Some(Some(record)) => record.description.as_str(),
            _ => event.description(),
        };
        let sources: Vec<&crate::model::Source> = match fetched {
            Some(Some(record)) => record.sources.iter().collect(),
            _ => event.sources().collect(),
        };
        if matches!(fetched, Some(None)) {
            ui.add_space(8.0);
            ui.horizontal(|ui| {
                ui.spinner();
                ui.weak("Fetching the description and sources…");
            });
        }
        if !description.is_empty() {
            ui.add_space(8.0);
            ui.label(shown(description, 20_000));
        }
        notes_on(ui, &document.dataset, |target| {
            target == NoteTarget::Event(event.idx())
        });
        ui.add_space(8.0);
        ui.label(RichText::new("Sources").strong());
        if sources.is_empty() && !matches!(fetched, Some(None)) {
            ui.weak("No source given.");
        }
        for source in sources {
            ui.group(|ui| {
                ui.set_width(ui.available_width());
                let title = if source.title.is_empty() {
                    source.url.as_str()
                } else {
                    source.title.as_str()
                };
                let title = shown(title, 500);
                if source.url.is_empty() {
                    ui.label(title);
                } else {
                    ui.hyperlink_to(title, &source.url)
                        .on_hover_text(shown(&source.url, 500));
                }
                let attribution = source.attribution();
                if !attribution.is_empty() {
                    ui.weak(shown(&attribution, 500));
                }
            });
        }
        if let Some(go) = links_ui(ui, document, event.idx()) {
            action = Some(DetailsAction::GoTo(go));
        }
    });
    action
}

/// The event's links, both ways: what it answers, and what answers it. Each one selects the
/// other event when clicked.
fn links_ui(ui: &mut Ui, document: &Document, event: EventIdx) -> Option<EventIdx> {
    let dataset = &document.dataset;
    let outgoing: Vec<_> = dataset.links.iter().filter(|l| l.from == event).collect();
    let incoming: Vec<_> = dataset.links.iter().filter(|l| l.to == event).collect();
    if outgoing.is_empty() && incoming.is_empty() {
        return None;
    }
    let mut chosen = None;
    ui.add_space(8.0);
    ui.label(RichText::new("Links").strong());
    let mut line = |ui: &mut Ui, arrow: &str, kind: &str, other: EventIdx| {
        let Some(e) = dataset.event(other) else {
            return;
        };
        let kind = if kind.is_empty() { "link" } else { kind };
        let text = format!(
            "{arrow} {kind}: {} ({})",
            shown(e.title(), 200),
            e.start().human()
        );
        let hidden = !document.shown.is_shown(other);
        let response = ui.link(text);
        let response = if hidden {
            response.on_hover_text("Hidden by the filters")
        } else {
            response.on_hover_text("Select it and bring it into view")
        };
        if response.clicked() {
            chosen = Some(other);
        }
    };
    for link in &outgoing {
        line(ui, "→", &link.kind, link.to);
    }
    for link in &incoming {
        line(ui, "←", &link.kind, link.from);
    }
    chosen
}
