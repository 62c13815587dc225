//! The table of the events in view (Ctrl+T): the same events as the timeline (shown lanes,
//! filters, the visible time span), sortable by date, actor or title, and in sync with it —
//! choosing a row selects the event, selecting on the timeline scrolls the table to it.

use egui::{RichText, Sense, Ui};

use crate::model::{Dataset, EventIdx};

use super::document::Document;
use super::timeline_ui::TimelineView;

/// Past this many events in view the table asks to zoom in rather than list them.
pub const MAX_TABLE_ROWS: usize = 100_000;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub enum SortBy {
    #[default]
    Date,
    Actor,
    Title,
}

/// What the rows depend on: the window (as bits), what is shown, the order.
type RowsKey = (u64, u64, u64, SortBy, bool);

#[derive(Default)]
pub struct TableState {
    pub sort: SortBy,
    pub descending: bool,
    rows: Vec<EventIdx>,
    /// Too many events in view to list: how many.
    too_many: Option<usize>,
    /// What the rows were built for: window, shown index, lanes, sort.
    key: Option<RowsKey>,
    /// The selection the table last scrolled to.
    scrolled_to: Option<EventIdx>,
    /// A database document's table: its pages.
    pub database: super::database_table::TablePages,
}

/// The events in the view, each once, unsorted; `Err(count)` when there are too many.
fn events_in_view(document: &Document, view: &TimelineView) -> Result<Vec<EventIdx>, usize> {
    let shown = &document.shown;
    let range = view.window.to_range();
    let tracks = || {
        shown
            .lanes
            .iter()
            .filter_map(|l| shown.index.lane(l.actor))
            .flat_map(|lane| std::iter::once(&lane.points).chain(&lane.rows))
    };
    let count: usize = tracks().map(|t| t.count_overlapping(range)).sum();
    if count > MAX_TABLE_ROWS {
        return Err(count);
    }
    let mut events: Vec<EventIdx> = tracks()
        .flat_map(|t| t.overlapping(range).map(|e| e.event))
        .collect();
    events.sort_unstable();
    events.dedup();
    Ok(events)
}

fn first_actor(dataset: &Dataset, event: EventIdx) -> &str {
    dataset
        .event(event)
        .and_then(|e| e.actors().first().copied())
        .and_then(|a| dataset.actor(a))
        .map_or("", |a| a.name.as_str())
}

impl TableState {
    fn refresh(&mut self, document: &Document, view: &TimelineView) {
        let key = (
            view.window.start.to_bits(),
            view.window.end.to_bits(),
            document.shown.generation(),
            self.sort,
            self.descending,
        );
        if self.key == Some(key) {
            return;
        }
        self.key = Some(key);
        match events_in_view(document, view) {
            Err(count) => {
                self.rows.clear();
                self.too_many = Some(count);
            }
            Ok(mut rows) => {
                self.too_many = None;
                let dataset = &document.dataset;
                let start = |e: &EventIdx| dataset.event(*e).map(|e| e.start().earliest());
                match self.sort {
                    SortBy::Date => rows.sort_by_key(|e| (start(e), *e)),
                    SortBy::Actor => rows.sort_by(|a, b| {
                        first_actor(dataset, *a)
                            .cmp(first_actor(dataset, *b))
                            .then_with(|| start(a).cmp(&start(b)))
                    }),
                    SortBy::Title => rows.sort_by_cached_key(|e| {
                        dataset.event(*e).map(|e| e.title().to_lowercase())
                    }),
                }
                if self.descending {
                    rows.reverse();
                }
                self.rows = rows;
            }
        }
    }

    /// The rows, as the table shows them (for tests).
    pub fn rows(&self) -> &[EventIdx] {
        &self.rows
    }
}

/// One left-aligned cell of a fixed width, cut with "…" when its text is longer.
fn cell(ui: &mut Ui, width: f32, height: f32, text: RichText) {
    ui.allocate_ui_with_layout(
        egui::vec2(width, height),
        egui::Layout::left_to_right(egui::Align::Center),
        |ui| {
            ui.set_min_width(width);
            ui.add(egui::Label::new(text).truncate());
        },
    );
}

/// Widths of the columns after the title (date, actors, kind).
const DATE_WIDTH: f32 = 150.0;
const ACTORS_WIDTH: f32 = 220.0;
const KIND_WIDTH: f32 = 110.0;

/// The table; `true` when the user asked for a new event from it.
pub fn table_ui(
    ui: &mut Ui,
    document: &Document,
    view: &mut TimelineView,
    state: &mut TableState,
) -> bool {
    state.refresh(document, view);
    let dataset = &document.dataset;
    let mut new_event = false;
    ui.horizontal(|ui| {
        if ui
            .button("+ New event")
            .on_hover_text("Add an event in the middle of the view, and edit it (N)")
            .clicked()
        {
            new_event = true;
        }
        ui.strong("Events in view");
        match state.too_many {
            Some(count) => ui.label(format!(
                "{count} in view: zoom in to list them (at most {MAX_TABLE_ROWS})"
            )),
            None => ui.label(format!("{} in view", state.rows.len())),
        };
        ui.weak("· click a heading to sort · a row selects its event");
    });
    let title_width = title_width(ui);
    let mut sort_clicked = None;
    ui.horizontal(|ui| {
        for (by, label, width) in [
            (SortBy::Date, "Date", DATE_WIDTH),
            (SortBy::Title, "Title", title_width),
            (SortBy::Actor, "Actors", ACTORS_WIDTH),
        ] {
            let arrow = match by {
                b if b == state.sort => {
                    if state.descending {
                        " ▼"
                    } else {
                        " ▲"
                    }
                }
                _ => "",
            };
            let text = RichText::new(format!("{label}{arrow}")).strong();
            let response = ui
                .allocate_ui_with_layout(
                    egui::vec2(width, 20.0),
                    egui::Layout::left_to_right(egui::Align::Center),
                    |ui| {
                        ui.set_min_width(width);
                        ui.add(egui::Button::new(text).frame(false))
                    },
                )
                .inner;
            if response
                .on_hover_text(format!("Sort by {}", label.to_lowercase()))
                .clicked()
            {
                sort_clicked = Some(by);
            }
        }
        plain_heading(ui, "Kind", KIND_WIDTH);
    });
    if let Some(by) = sort_clicked {
        if state.sort == by {
            state.descending = !state.descending;
        } else {
            state.sort = by;
            state.descending = false;
        }
        state.refresh(document, view);
    }
    ui.separator();
    let selected = view.selected;
    let scroll_to = selected
        .filter(|&s| state.scrolled_to != Some(s))
        .and_then(|s| state.rows.iter().position(|&e| e == s));
    state.scrolled_to = selected;
    let is_selected = |e: EventIdx| selected == Some(e);
    let scroll = egui::ScrollArea::vertical().id_salt("events-table");
    if let Some(idx) = event_rows(
        ui,
        scroll,
        dataset,
        &state.rows,
        is_selected,
        scroll_to,
        title_width,
    ) {
        view.selected = Some(idx);
        view.reveal = Some(idx);
        state.scrolled_to = Some(idx);
    }
    new_event
}

/// The rows of `events` in `dataset` (date, title, actors, kind) in `scroll`, with the
/// selected ones marked and the row `scroll_to` brought into sight; returns the event of the
/// row clicked.
pub(super) fn event_rows(
    ui: &mut Ui,
    scroll: egui::ScrollArea,
    dataset: &Dataset,
    events: &[EventIdx],
    is_selected: impl Fn(EventIdx) -> bool,
    scroll_to: Option<usize>,
    title_width: f32,
) -> Option<EventIdx> {
    let row_height = ui.text_style_height(&egui::TextStyle::Body) + 6.0;
    let mut scroll = scroll.auto_shrink([false, false]);
    if let Some(row) = scroll_to {
        scroll = scroll.vertical_scroll_offset(
            (row as f32 * (row_height + ui.spacing().item_spacing.y) - 60.0).max(0.0),
        );
    }
    let mut clicked = None;
    scroll.show_rows(ui, row_height, events.len(), |ui, range| {
        for i in range {
            let Some(&idx) = events.get(i) else {
                continue;
            };
            let Some(event) = dataset.event(idx) else {
                continue;
            };
            let actors = dataset.actor_names(&event);
            let is_selected = is_selected(idx);
            let row = ui.horizontal(|ui| {
                cell(ui, DATE_WIDTH, row_height, RichText::new(event.date_text()));
                cell(
                    ui,
                    title_width,
                    row_height,
                    RichText::new(super::shown(event.title(), 200)).strong(),
                );
                cell(
                    ui,
                    ACTORS_WIDTH,
                    row_height,
                    RichText::new(actors.join(", ")),
                );
                cell(
                    ui,
                    KIND_WIDTH,
                    row_height,
                    RichText::new(event.kind().unwrap_or("")),
                );
            });
            let rect = row.response.rect;
            if is_selected {
                ui.painter().rect_filled(
                    rect,
                    2.0,
                    ui.visuals().selection.bg_fill.gamma_multiply(0.35),
                );
            }
            let response = ui.interact(
                rect,
                ui.scope_id().with(("table-row", idx.0)),
                Sense::click(),
            );
            response.widget_info(|| {
                egui::WidgetInfo::selected(
                    egui::Role::Row,
                    true,
                    is_selected,
                    format!(
                        "{} · {}",
                        event.date_text(),
                        super::shown(event.title(), 200)
                    ),
                )
            });
            if response.clicked() {
                clicked = Some(idx);
            }
        }
    });
    clicked
}

/// The width the title column takes of what the table has.
pub(super) fn title_width(ui: &Ui) -> f32 {
    (ui.available_width() - DATE_WIDTH - ACTORS_WIDTH - KIND_WIDTH - 40.0).max(120.0)
}

/// A heading of a column the table cannot sort by (or a database table, always by date).
pub(super) fn plain_heading(ui: &mut Ui, label: &str, width: f32) {
    ui.allocate_ui_with_layout(
        egui::vec2(width, 20.0),
        egui::Layout::left_to_right(egui::Align::Center),
        |ui| {
            ui.set_min_width(width);
            ui.add(egui::Label::new(RichText::new(label).strong()));
        },
    );
}

/// The headings of a table that lists by date only.
pub(super) fn date_ordered_headings(ui: &mut Ui, title_width: f32) {
    ui.horizontal(|ui| {
        for (label, width) in [
            ("Date ▲", DATE_WIDTH),
            ("Title", title_width),
            ("Actors", ACTORS_WIDTH),
            ("Kind", KIND_WIDTH),
        ] {
            plain_heading(ui, label, width);
        }
    });
}
