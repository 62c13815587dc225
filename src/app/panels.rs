//! The window's layout, frame by frame: the menu bar and status bar, the banners, the panels
//! that are open (problems, search, filters and lanes, table, notes and stories, side panel),
//! then the timeline with its overview strip in what is left, and the veil shown while a file
//! is dragged over. A story being presented shows only the timeline and its caption.

use super::TimelanesApp;
use super::bulk_editor_ui::bulk_editor_ui;
use super::database_table::database_table_ui;
use super::details_ui::{DetailsAction, side_panel_ui};
use super::event_editor_ui::event_editor_ui;
use super::lanes_editor_ui::lanes_editor_ui;
use super::notes_ui::notes_ui;
use super::problems_ui::problems_ui;
use super::search_ui::{self, SearchAction};
use super::state::ClusterList;
use super::timeline_ui::{self, TimelineAction, TimelineView, timeline_ui};
use super::{filters_ui, overview_ui, table_ui};

impl TimelanesApp {
    pub(super) fn panels_ui(&mut self, ui: &mut egui::Ui) {
        if self.windows.story_play.is_some() {
            self.story_ui(ui);
            return;
        }
        egui::Panel::top("menu").show(ui, |ui| self.menu_ui(ui));
        egui::Panel::bottom("status").show(ui, |ui| self.status_ui(ui));
        if self.changed_on_disk {
            egui::Panel::top("changed-on-disk").show(ui, |ui| self.changed_on_disk_ui(ui));
        }
        if self.windows.notice.is_some() {
            egui::Panel::top("notice").show(ui, |ui| self.notice_ui(ui));
        }
        self.problems_panel(ui);
        self.search_panel(ui);
        if self.panels.filters
            && let Some(document) = &mut self.document
        {
            let colors = self.prefs.styles.light().link_colors.clone();
            egui::Panel::left("filters")
                .resizable(true)
                .default_size(290.0)
                .show(ui, |ui| filters_ui::filters_ui(ui, document, &colors));
            document.refresh_shown();
        }
        let is_database = self.document.as_ref().is_some_and(|d| d.database.is_some());
        if self.panels.table && is_database {
            self.database_table_panel(ui);
        } else if self.panels.table
            && let (Some(document), Some(view)) = (&self.document, &mut self.view)
        {
            let state = &mut self.panels.table_state;
            let new_event = egui::Panel::bottom("table")
                .resizable(true)
                .default_size(220.0)
                .show(ui, |ui| table_ui::table_ui(ui, document, view, state))
                .inner;
            if new_event {
                self.new_event();
            }
        }
        self.notes_panel(ui);
        self.side_panel(ui);
        self.central_panel(ui);
        paint_drop_veil(ui.ctx());
    }

    /// The table of a database document: its pages, and the event chosen in one selected.
    fn database_table_panel(&mut self, ui: &mut egui::Ui) {
        let zone = self.prefs.zone;
        let (Some(document), Some(view)) = (&self.document, &self.view) else {
            return;
        };
        // The question `drive_database` asked this frame.
        let query = document
            .database
            .as_ref()
            .and_then(|d| d.current_query())
            .cloned();
        let pages = &mut self.panels.table_state.database;
        egui::Panel::bottom("table")
            .resizable(true)
            .default_size(220.0)
            .show(ui, |ui| {
                database_table_ui(ui, document, view, query.as_ref(), pages, zone);
            });
        if let Some(record) = self.panels.table_state.database.chosen.take() {
            self.choose_record(record);
        }
    }

    /// The notes and stories, on the left.
    fn notes_panel(&mut self, ui: &mut egui::Ui) {
        let (true, Some(document), Some(view)) = (self.panels.notes, &self.document, &self.view)
        else {
            return;
        };
        let selected = view.selected;
        let window = (view.window.start, view.window.end);
        let panel = &mut self.panels.notes_state;
        let action = egui::Panel::left("notes")
            .resizable(true)
            .default_size(320.0)
            .show(ui, |ui| notes_ui(ui, document, selected, window, panel))
            .inner;
        if let Some(action) = action {
            let ctx = ui.ctx().clone();
            self.apply_notes_action(action, &ctx);
        }
    }

    fn problems_panel(&mut self, ui: &mut egui::Ui) {
        let (true, Some(document)) = (self.panels.problems, &self.document) else {
            return;
        };
        let select = egui::Panel::bottom("problems")
            .resizable(true)
            .default_size(140.0)
            .show(ui, |ui| problems_ui(ui, document))
            .inner;
        if let (Some(event), Some(view)) = (select, &mut self.view) {
            view.selected = Some(event);
            view.zoom_to_event(event, document);
        }
    }

    fn search_panel(&mut self, ui: &mut egui::Ui) {
        let (true, Some(document), Some(view)) =
            (self.panels.search, &mut self.document, &mut self.view)
        else {
            return;
        };
        let list = &mut self.panels.search_list;
        let focus = std::mem::take(&mut self.panels.focus_search);
        let action = egui::Panel::top("search")
            .show(ui, |ui| {
                let action = search_ui::search_ui(ui, document, list);
                if focus {
                    ui.memory_mut(|m| m.request_focus(search_ui::search_field_id()));
                }
                action
            })
            .inner;
        document.refresh_shown();
        match action {
            Some(SearchAction::Step(forward)) => {
                if let Some(event) =
                    document
                        .shown
                        .step_search(&document.dataset, forward, view.selected)
                {
                    view.go_to_and_separate(event, document);
                }
            }
            Some(SearchAction::GoTo(i)) => {
                if let Some(&event) = document.shown.search.results.get(i) {
                    document.shown.search.current = Some(i);
                    view.go_to_and_separate(event, document);
                }
            }
            Some(SearchAction::Close) => {
                self.panels.search = false;
                document.shown.search.query.clear();
                document.refresh_shown();
                ui.memory_mut(|m| m.request_focus(timeline_ui::timeline_id()));
            }
            None => {}
        }
    }

    fn side_panel(&mut self, ui: &mut egui::Ui) {
        let (true, Some(document)) = (self.panels.side, &self.document) else {
            return;
        };
        let selected = self.view.as_ref().and_then(|v| v.selected);
        let selection = self
            .view
            .as_ref()
            .map(TimelineView::selection)
            .unwrap_or_default();
        if selection.len() > 1 {
            let fields = &mut self.panels.bulk_fields;
            let edit = egui::Panel::right("details")
                .resizable(true)
                .default_size(330.0)
                .show(ui, |ui| bulk_editor_ui(ui, document, &selection, fields))
                .inner;
            if let Some(edit) = edit {
                self.apply_bulk_edit(edit);
            }
            return;
        }
        if self.panels.editing && selected.is_none() {
            let fields = &mut self.panels.lane_fields;
            let edits = egui::Panel::right("details")
                .resizable(true)
                .default_size(330.0)
                .show(ui, |ui| lanes_editor_ui(ui, document, fields))
                .inner;
            self.apply_lane_edits(edits);
            return;
        }
        if let (true, Some(event)) = (self.panels.editing, selected) {
            let fields = &mut self.panels.fields;
            let focus_title = &mut self.panels.focus_title;
            let edits = egui::Panel::right("details")
                .resizable(true)
                .default_size(330.0)
                .show(ui, |ui| {
                    event_editor_ui(ui, document, event, fields, focus_title)
                })
                .inner;
            self.apply_field_edits(event, edits);
            return;
        }
        let zone = self.prefs.zone;
        let action = egui::Panel::right("details")
            .resizable(true)
            .default_size(330.0)
            .show(ui, |ui| side_panel_ui(ui, document, selected, zone))
            .inner;
        if let Some(view) = &mut self.view {
            match action {
                Some(DetailsAction::Deselect) => view.select_only(None),
                Some(DetailsAction::ZoomTo(event)) => view.zoom_to_event(event, document),
                Some(DetailsAction::GoTo(event)) => view.go_to_and_separate(event, document),
                Some(DetailsAction::Edit) => self.panels.editing = true,
                None => {}
            }
        }
    }

    /// The timeline, with the overview strip under it, in what the panels leave.
    fn central_panel(&mut self, ui: &mut egui::Ui) {
        let style = self
            .prefs
            .styles
            .for_theme(self.prefs.theme, ui.visuals().dark_mode);
        let zone = self.prefs.zone;
        let mut action = None;
        egui::CentralPanel::default()
            .frame(egui::Frame::NONE)
            .show(ui, |ui| match (&self.document, &mut self.view) {
                (Some(document), Some(view)) => {
                    self.timeline_width = ui.available_width();
                    if self.panels.overview {
                        let cache = &mut self.panels.overview_cache;
                        egui::Panel::bottom("overview")
                            .exact_size(overview_ui::OVERVIEW_HEIGHT)
                            .frame(egui::Frame::NONE)
                            .show(ui, |ui| {
                                overview_ui::overview_ui(ui, document, view, cache, zone)
                            });
                    }
                    action = timeline_ui(ui, document, view, style, zone);
                }
                _ => {
                    ui.centered_and_justified(|ui| {
                        if self.jobs.loading.is_some() {
                            ui.spinner();
                        } else {
                            ui.label(
                                "No dataset open. File > Open… (Ctrl+O), or drop a file here.",
                            );
                        }
                    });
                }
            });
        match action {
            Some(TimelineAction::ListCluster { events, at }) => {
                self.windows.cluster_list = Some(ClusterList { events, at });
            }
            Some(TimelineAction::MoveEvent(moved)) => self.move_event(moved),
            Some(TimelineAction::LinkEvents { from, to }) => self.link_events(from, to),
            Some(TimelineAction::NewEventHere { at, lane }) => self.new_event_here(at, lane),
            Some(TimelineAction::ShowFirstEvent {
                lane,
                part,
                bar_row,
                window,
            }) => {
                let ctx = ui.ctx().clone();
                self.show_first_event(lane, part, bar_row, window, &ctx);
            }
            Some(TimelineAction::Lane { actor, change }) => {
                if let Some(document) = &mut self.document {
                    let dataset = document.dataset.clone();
                    document.shown.settings.lanes.apply(&dataset, actor, change);
                    document.refresh_shown();
                }
            }
            None => {}
        }
    }
}

/// The veil over the window while a file is dragged over it.
fn paint_drop_veil(ctx: &egui::Context) {
    if ctx.input(|i| i.raw.hovered_files.is_empty()) {
        return;
    }
    let screen = ctx.content_rect();
    let painter = ctx.layer_painter(egui::LayerId::new(
        egui::Order::Foreground,
        egui::Id::unique("timelanes-drop-overlay"),
    ));
    let (veil, text) = super::theme::drop_overlay_colors();
    painter.rect_filled(screen, 0.0, veil);
    painter.text(
        screen.center(),
        egui::Align2::CENTER_CENTER,
        "Drop the file to open it",
        egui::FontId::proportional(24.0),
        text,
    );
}
