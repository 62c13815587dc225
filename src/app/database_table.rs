//! The table of a database document: the events of the view (its window, shown lanes, search
//! and filters), a page at a time in order of start, each page asked of the backend in the
//! background (`Backend::page`). A view of a hundred million events lists its first page as
//! fast as one of a hundred; the page shown stays, marked as updating, until the next comes.

use std::sync::Arc;

use egui::Ui;

use crate::model::{Dataset, EventIdx};
use crate::query::{
    Backend, EventRecord, Outline, Page, PageCursor, QueryError, Ticket, ViewQuery, schema,
};
use crate::time::Zone;

use super::database_view::DatabaseView;
use super::document::Document;
use super::jobs::Job;
use super::table_ui::{date_ordered_headings, event_rows, title_width};
use super::timeline_ui::TimelineView;

/// Events on a page of the table.
pub const PAGE_ROWS: usize = 200;

/// A page as the table draws it: its events as a small dataset, so its rows are drawn as a
/// file's table draws its own.
struct ShownPage {
    /// From 0.
    number: usize,
    dataset: Dataset,
    rows: Vec<EventIdx>,
    records: Vec<EventRecord>,
    next: Option<PageCursor>,
}

/// A page being read.
struct Asking {
    number: usize,
    ticket: Ticket,
    job: Job<Result<Page, QueryError>>,
}

/// The pages of the view a database document shows.
#[derive(Default)]
pub struct TablePages {
    /// The view the pages list (its window, lanes, search and filters).
    view: Option<ViewQuery>,
    /// Where each page up to the last read begins (the first from the start).
    cursors: Vec<Option<PageCursor>>,
    /// Whether only the events that start in the view are listed, not those that began
    /// before it and are still going on in it (a narrow view of a big table is crossed by
    /// many of them, and they come first).
    only_starting_in_view: bool,
    shown: Option<ShownPage>,
    /// Whether the page shown is of an earlier view.
    stale: bool,
    asking: Option<Asking>,
    failed: Option<String>,
    /// The row chosen this frame: the app selects its event (and may draw it in the view
    /// first, see `TimelanesApp::choose_record`).
    pub chosen: Option<EventRecord>,
}

/// The parts of a view its pages depend on: not its columns nor its listing limit.
fn same_events(a: &ViewQuery, b: &ViewQuery) -> bool {
    a.window == b.window && a.lanes == b.lanes && a.predicates == b.predicates
}

impl TablePages {
    /// Follows the view: a new one is listed from its first page (the question in flight
    /// for the old one is stopped); and takes in a page read.
    fn follow(
        &mut self,
        view: &ViewQuery,
        database: &DatabaseView,
        zone: Zone,
        ctx: &egui::Context,
    ) {
        let backend = &database.backend;
        let followed = self.view.as_ref().is_some_and(|v| same_events(v, view));
        if !followed {
            self.view = Some(view.clone());
            self.start_over(backend, ctx);
        }
        self.poll(&database.outline, zone);
    }

    /// Lists the view from its first page again.
    fn start_over(&mut self, backend: &Arc<dyn Backend>, ctx: &egui::Context) {
        let first = self
            .view
            .as_ref()
            .filter(|_| self.only_starting_in_view)
            .map(|view| PageCursor::before_starts_at(view.window.to_range().start.0));
        self.cursors = vec![first];
        self.failed = None;
        self.stale = self.shown.is_some();
        self.ask(0, backend, ctx);
    }

    /// Reads page `number` (its cursor known) in the background.
    fn ask(&mut self, number: usize, backend: &Arc<dyn Backend>, ctx: &egui::Context) {
        let (Some(view), Some(after)) = (self.view.clone(), self.cursors.get(number).cloned())
        else {
            return;
        };
        if let Some(asking) = self.asking.take() {
            super::database_view::stop_in_background(backend.clone(), asking.ticket);
        }
        let ticket = Ticket::fresh();
        let (backend, job_ticket) = (backend.clone(), ticket.clone());
        let now = crate::time::Timestamp::now();
        let job = Job::spawn("table page", ctx, move || {
            backend.page(&view, after.as_ref(), None, PAGE_ROWS, now, &job_ticket)
        });
        self.asking = Some(Asking {
            number,
            ticket,
            job,
        });
    }

    fn poll(&mut self, outline: &Outline, zone: Zone) {
        let Some(result) = self.asking.as_ref().and_then(|a| a.job.poll()) else {
            return;
        };
        let Some(asking) = self.asking.take() else {
            return;
        };
        let page = match result {
            Ok(Ok(page)) => page,
            Ok(Err(QueryError::Cancelled)) => return,
            Ok(Err(error)) => {
                self.failed = Some(error.to_string());
                return;
            }
            Err(failed) => {
                self.failed = Some(failed.to_string());
                return;
            }
        };
        let number = asking.number;
        if self.cursors.len() == number + 1
            && let Some(next) = &page.next
        {
            self.cursors.push(Some(next.clone()));
        }
        self.stale = false;
        self.failed = None;
        self.shown = Some(shown_page(number, page, outline, zone));
    }

    /// Whether a page is being read.
    pub fn is_reading(&self) -> bool {
        self.asking.is_some()
    }
}

/// A page made drawable: its events as a dataset over the table's lanes.
fn shown_page(number: usize, page: Page, outline: &Outline, zone: Zone) -> ShownPage {
    let records: Vec<&EventRecord> = page.events.iter().collect();
    let (mut dataset, _) = schema::dataset_of(outline, &records);
    dataset.set_day_zone(zone);
    let rows = page
        .events
        .iter()
        .filter_map(|record| dataset.event_with_id(&record.id))
        .collect();
    ShownPage {
        number,
        dataset,
        rows,
        records: page.events,
        next: page.next,
    }
}

/// The table of a database document asked `view`.
pub fn database_table_ui(
    ui: &mut Ui,
    document: &Document,
    timeline: &TimelineView,
    view: Option<&ViewQuery>,
    pages: &mut TablePages,
    zone: Zone,
) {
    let Some(database) = &document.database else {
        return;
    };
    if let Some(view) = view {
        pages.follow(view, database, zone, ui.ctx());
    }
    let mut go_to = None;
    let mut start_over = false;
    ui.horizontal(|ui| {
        ui.strong("Events in view");
        start_over = ui
            .checkbox(
                &mut pages.only_starting_in_view,
                "only those starting in it",
            )
            .on_hover_text(
                "Leave out the events that began before the view and are still going on in \
                 it (they come first, in order of date)",
            )
            .changed();
        match &pages.shown {
            Some(page) if page.records.is_empty() => {
                ui.label("none");
            }
            Some(page) => {
                let first = page.number * PAGE_ROWS + 1;
                ui.label(format!(
                    "page {} · events {first}–{}{}",
                    page.number + 1,
                    first + page.records.len() - 1,
                    if page.next.is_some() {
                        " · more follow"
                    } else {
                        ""
                    }
                ));
                let previous = ui
                    .add_enabled(
                        page.number > 0 && !pages.stale,
                        egui::Button::new("◀ Previous"),
                    )
                    .on_hover_text("The page before");
                if previous.clicked() {
                    go_to = Some(page.number - 1);
                }
                let next = ui
                    .add_enabled(
                        page.next.is_some() && !pages.stale,
                        egui::Button::new("Next ▶"),
                    )
                    .on_hover_text(format!("The next {PAGE_ROWS} events"));
                if next.clicked() {
                    go_to = Some(page.number + 1);
                }
            }
            None => {}
        }
        if pages.is_reading() {
            ui.spinner();
            ui.weak("reading…");
        } else if let Some(why) = pages.failed.clone() {
            ui.colored_label(
                ui.visuals().error_fg_color,
                format!("The database did not answer: {why}"),
            );
            if ui.button("Try again").clicked() {
                pages.view = None;
            }
        }
        ui.weak("· in order of date · a row selects its event");
    });
    if start_over {
        pages.start_over(&database.backend, ui.ctx());
    } else if let Some(number) = go_to {
        pages.ask(number, &database.backend, ui.ctx());
    }
    let title_width = title_width(ui);
    date_ordered_headings(ui, title_width);
    ui.separator();
    let Some(page) = &pages.shown else {
        return;
    };
    let selected_id = timeline.selected_id(document);
    let is_selected = |e: EventIdx| {
        selected_id.is_some()
            && page.dataset.event(e).and_then(|e| e.id()) == selected_id.as_deref()
    };
    // Each page its own scroll, so a new page shows from its top.
    let scroll = egui::ScrollArea::vertical().id_salt(("database-table", page.number));
    let clicked = event_rows(
        ui,
        scroll,
        &page.dataset,
        &page.rows,
        is_selected,
        None,
        title_width,
    );
    if let Some(row) = clicked.and_then(|e| page.rows.iter().position(|&r| r == e)) {
        pages.chosen = page.records.get(row).cloned();
    }
}
