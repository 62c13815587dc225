//! The timeline in the window: pointer input (wheel or pinch zooms at the cursor, drag pans,
//! the wheel over the lane names scrolls them) changes the view; the layout's scene is painted;
//! and every mark gets a widget for clicks, tooltips and the accessibility tree.

use egui::{Pos2, Role, Sense, Ui, WidgetInfo};

use crate::layout::{Hit, HitTarget, Style, TimelineInput, layout_timeline};
use crate::model::{ActorIdx, EventIdx};
use crate::query::Part;
use crate::render::egui_painter::{EguiTextMeasure, from_rect, paint_scene, to_rect};
use crate::time::{TimeRange, TimeWindow, Timestamp, Zone};
use crate::view::LaneMove;

use super::document::Document;
use super::event_drag::{DragOutcome, EventDrag, EventMove, drag_ui, start_drag_ui};
use super::timeline_tooltips::{
    cluster_events, cluster_tooltip_ui, event_tooltip_ui, hit_label, lane_zone,
};

/// Zoom per point of mouse-wheel scrolling (a wheel notch is about 50 points).
const WHEEL_ZOOM_PER_POINT: f64 = 1.0 / 200.0;
/// Margin around an event when zooming to it, as a fraction of its span.
const ZOOM_TO_EVENT_MARGIN: f64 = 0.25;

/// What the user is looking at.
#[derive(Clone, Debug, PartialEq)]
pub struct TimelineView {
    pub window: TimeWindow,
    pub scroll_y: f32,
    pub selected: Option<EventIdx>,
    pub hovered: Option<EventIdx>,
    /// An event to scroll into view vertically next frame (its lane is known only then).
    pub reveal: Option<EventIdx>,
    /// An event being dragged to another date or lane.
    pub drag: Option<EventDrag>,
    /// Where the timeline's menu was opened: the time and the lane under the pointer.
    pub context: Option<(f64, Option<ActorIdx>)>,
    /// Events selected besides `selected` (see [`super::selection`]).
    pub also_selected: std::collections::BTreeSet<EventIdx>,
    /// Only these lanes are shown (a story step's), when set.
    pub only_lanes: Option<Vec<ActorIdx>>,
    /// Where a Ctrl-drag selection band started.
    pub band: Option<Pos2>,
}

impl TimelineView {
    /// A view of the whole document.
    pub fn fitted(document: &Document) -> Self {
        Self {
            window: document.fit_window(),
            scroll_y: 0.0,
            selected: None,
            hovered: None,
            reveal: None,
            drag: None,
            context: None,
            also_selected: std::collections::BTreeSet::new(),
            band: None,
            only_lanes: None,
        }
    }

    /// The id of the selected event in `document` (how a database's answers, which renumber
    /// their events, keep a selection).
    pub fn selected_id(&self, document: &Document) -> Option<String> {
        let event = document.dataset.event(self.selected?)?;
        event.id().map(str::to_owned)
    }

    /// Selects an event and brings it into view: the window pans to it if it is outside
    /// (zooming out only if it is longer than the view), and its lane scrolls into sight.
    pub fn go_to(&mut self, event: EventIdx, document: &Document) {
        self.selected = Some(event);
        self.reveal = Some(event);
        let Some(e) = document.dataset.event(event) else {
            return;
        };
        let span = e.span(document.now());
        let (start, end) = (span.start.as_f64(), span.end.as_f64());
        let window = self.window;
        let margin = window.span() * 0.05;
        if start >= window.start + margin && end <= window.end - margin {
            return;
        }
        if end - start < window.span() * 0.8 {
            let center = (start + end) / 2.0;
            self.window =
                TimeWindow::new(center - window.span() / 2.0, center + window.span() / 2.0);
        } else {
            self.zoom_to(span, document);
        }
    }

    /// Like [`TimelineView::go_to`], and zooms in (never out) until the event stands apart
    /// from its neighbours in its lanes, instead of being counted in a merged mark.
    pub fn go_to_and_separate(&mut self, event: EventIdx, document: &Document) {
        self.go_to(event, document);
        let Some(e) = document.dataset.event(event) else {
            return;
        };
        let span = e.span(document.now());
        let middle = span.midpoint();
        // Marks closer than about 2% of the view (some 20 points) merge.
        let reach = self.window.span() * 0.02;
        let near = TimeRange::new(
            Timestamp((middle - reach).floor() as i64),
            Timestamp((middle + reach).ceil() as i64),
        );
        let mut nearest = f64::INFINITY;
        for &actor in e.actors() {
            let Some(lane) = document.shown.index.lane(actor) else {
                continue;
            };
            for track in std::iter::once(&lane.points).chain(&lane.rows) {
                for entry in track.overlapping(near) {
                    let distance = (entry.span.midpoint() - middle).abs();
                    if entry.event != event && distance > 0.0 {
                        nearest = nearest.min(distance);
                    }
                }
            }
        }
        if !nearest.is_finite() {
            return;
        }
        // Put the nearest neighbour some 20 points away on a 1,000-point wide timeline.
        let wanted = (nearest * 50.0).max(span.duration_seconds() as f64 * 3.0);
        if wanted < self.window.span() {
            self.window = TimeWindow::new(middle - wanted / 2.0, middle + wanted / 2.0)
                .clamped(document.max_view_span());
        }
    }

    /// Zooms by `factor` (> 1 zooms in) keeping time `anchor` where it is on screen.
    pub fn zoom(&mut self, factor: f64, anchor: f64, document: &Document) {
        self.window = self.window.zoomed(factor, anchor, document.max_view_span());
    }

    /// Zooms about the middle of the view.
    pub fn zoom_center(&mut self, factor: f64, document: &Document) {
        let center = self.window.center();
        self.zoom(factor, center, document);
    }

    /// Pans by a fraction of the visible span (positive = later).
    pub fn pan_fraction(&mut self, fraction: f64) {
        self.window = self.window.panned(self.window.span() * fraction);
    }

    /// Shows `range` with a margin.
    pub fn zoom_to(&mut self, range: TimeRange, document: &Document) {
        self.window =
            TimeWindow::fit(range, ZOOM_TO_EVENT_MARGIN).clamped(document.max_view_span());
    }

    /// Shows one event, as closely as its dates allow.
    pub fn zoom_to_event(&mut self, event: EventIdx, document: &Document) {
        if let Some(e) = document.dataset.event(event) {
            self.zoom_to(e.span(document.now()), document);
        }
    }
}

/// What the timeline asks the app to do.
pub enum TimelineAction {
    /// A merged mark whose events cannot be told apart by zooming was clicked: list them.
    ListCluster { events: Vec<EventIdx>, at: Pos2 },
    /// A lane was hidden, pinned, collapsed, folded or moved (its label's menu, or a drag).
    Lane { actor: ActorIdx, change: LaneMove },
    /// An event was dragged to another date or lane.
    MoveEvent(EventMove),
    /// "New event here", at a time and in a lane.
    NewEventHere { at: f64, lane: Option<ActorIdx> },
    /// An Alt-drag from one event to the one it answers.
    LinkEvents { from: EventIdx, to: EventIdx },
    /// "Show the first event here" on a density strip: the first event of `lane` (of `part`,
    /// when the strip counts one, and of its one bar row `bar_row`, when it is one) in
    /// `window` (the strip's column under the pointer), to select.
    ShowFirstEvent {
        lane: ActorIdx,
        part: Option<Part>,
        bar_row: Option<usize>,
        window: TimeWindow,
    },
}

/// The id of the timeline widget, which holds the keyboard focus for navigation.
pub fn timeline_id() -> egui::Id {
    egui::Id::unique("timelanes-timeline")
}

/// A salt that tells a mark's widget apart from the others of the timeline.
fn hit_salt(hit: &Hit) -> (&'static str, u32, i64, i64) {
    match hit.target {
        HitTarget::Event { event, lane } => ("event", lane.0, i64::from(event.0), 0),
        HitTarget::Cluster { lane, range, .. } => ("cluster", lane.0, range.start.0, range.end.0),
        HitTarget::Lane { lane } => ("lane", lane.0, 0, 0),
        // A lane has a strip per row: tell them apart by where they are.
        HitTarget::Density { lane, .. } => ("density", lane.0, hit.rect.min.y.round() as i64, 0),
    }
}

/// Shows the timeline in the remaining space of `ui`.
pub fn timeline_ui(
    ui: &mut Ui,
    document: &Document,
    view: &mut TimelineView,
    style: &Style,
    zone: Zone,
) -> Option<TimelineAction> {
    let rect = ui.available_rect_before_wrap();
    let response = ui.interact(rect, timeline_id(), Sense::click_and_drag());
    // The timeline is where the keyboard goes when nothing else asked for it: Tab steps
    // through events, arrows pan and scroll, Escape clears the selection.
    if ui.memory(|m| m.focused().is_none())
        || response.clicked_by(egui::PointerButton::Primary)
        || response.drag_started()
    {
        response.request_focus();
    }
    ui.memory_mut(|m| {
        m.set_focus_lock_filter(
            timeline_id(),
            egui::EventFilter {
                tab: true,
                horizontal_arrows: true,
                vertical_arrows: true,
                escape: true,
            },
        );
    });
    let shown = &document.shown;
    response.widget_info(|| {
        let selected = view
            .selected
            .and_then(|e| document.dataset.event(e))
            .map(|e| {
                format!(
                    "; selected: {}, {}",
                    super::shown(e.title(), 200),
                    e.date_text()
                )
            })
            .unwrap_or_default();
        WidgetInfo::labeled(
            Role::Group,
            true,
            format!(
                "Timeline, {} of {} events shown{selected}",
                shown.shown_count(&document.dataset),
                document.dataset.event_count()
            ),
        )
    });
    let measure = EguiTextMeasure { ctx: ui.ctx() };
    let mut action = None;

    let also_selected = view.also_selected_set(document);
    let lanes: std::borrow::Cow<'_, [crate::layout::LaneSpec]> = match &view.only_lanes {
        Some(only) => shown
            .lanes
            .iter()
            .filter(|lane| only.contains(&lane.actor))
            .cloned()
            .collect(),
        None => std::borrow::Cow::Borrowed(&shown.lanes),
    };
    let input = |view: &TimelineView| TimelineInput {
        dataset: &document.dataset,
        index: &shown.index,
        columns: document.database.as_ref().map(|d| &d.columns),
        lanes: &lanes,
        marked: shown.search.marked.as_ref(),
        links: &shown.links,
        link_index: Some(&shown.link_index),
        link_kinds: &shown.link_kinds,
        window: view.window,
        rect: from_rect(rect),
        scroll_y: view.scroll_y,
        style,
        selected: view.selected,
        also_selected: also_selected.as_ref(),
        hovered: view.hovered,
        now: document.now(),
        zone,
    };

    // Input first, so this frame already shows its effect.
    let geometry = input(view).geometry(&measure);
    let plot = to_rect(geometry.plot);
    let names = to_rect(geometry.names);
    let pointer = ui.input(|i| i.pointer.hover_pos());
    let scale = geometry.scale(view.window);
    if let Some(pointer) = pointer.filter(|p| rect.contains(*p)) {
        let (scroll, zoom) = ui.input(|i| (i.smooth_scroll_delta, i.zoom_delta()));
        if names.contains(pointer) {
            view.scroll_y -= scroll.y;
        } else if plot.contains(pointer)
            || geometry
                .axis
                .contains(crate::layout::Pos::new(pointer.x, pointer.y))
        {
            let anchor = scale.time_at(pointer.x);
            let factor = f64::from(zoom) * (f64::from(scroll.y) * WHEEL_ZOOM_PER_POINT).exp();
            if factor != 1.0 {
                view.zoom(factor, anchor, document);
            }
            if scroll.x != 0.0 {
                view.window = view
                    .window
                    .panned(-f64::from(scroll.x) * scale.seconds_per_point());
            }
        }
    }
    // Ctrl-drag draws a selection band; a plain drag pans.
    if response.drag_started() && ui.input(|i| i.modifiers.command) {
        view.band = ui.input(|i| i.pointer.press_origin());
    }
    if response.dragged() && view.band.is_none() {
        let delta = response.drag_delta();
        view.window = view
            .window
            .panned(-f64::from(delta.x) * scale.seconds_per_point());
        view.scroll_y -= delta.y;
    }
    if let Some(event) = view.reveal.take() {
        reveal_lane(&geometry, document, event, &mut view.scroll_y);
    }
    view.scroll_y = view.scroll_y.clamp(0.0, geometry.max_scroll());

    let scene = layout_timeline(&input(view), &measure);
    paint_scene(&ui.painter_at(rect), &scene);
    paint_scrollbar(ui, &geometry, view.scroll_y);
    if document.database.as_ref().is_some_and(|d| d.is_updating()) {
        paint_updating(ui, plot);
    }

    // A widget per mark: clicks, tooltips, and the accessibility tree.
    let mut hovered = None;
    for hit in &scene.hits {
        let clip = match hit.target {
            HitTarget::Lane { .. } => names,
            _ => plot,
        };
        let hit_rect = to_rect(hit.rect).intersect(clip);
        if !hit_rect.is_positive() {
            continue;
        }
        let label = hit_label(document, &hit.target);
        // Marks take clicks but not the keyboard focus: Tab steps through events in time
        // order (the timeline handles it), not through marks in layout order.
        let sense = match hit.target {
            HitTarget::Lane { .. } | HitTarget::Event { .. } => Sense::CLICK | Sense::DRAG,
            _ => Sense::CLICK,
        };
        let hit_response = ui.interact(hit_rect, ui.scope_id().with(hit_salt(hit)), sense);
        let role = match hit.target {
            HitTarget::Lane { .. } => Role::Row,
            _ => Role::Button,
        };
        hit_response.widget_info(|| WidgetInfo::labeled(role, true, &label));
        if hit_response.hovered()
            && let HitTarget::Event { event, .. } = hit.target
        {
            hovered = Some(event);
        }
        match hit.target {
            HitTarget::Event { event, lane } => {
                start_drag_ui(ui, document, view, event, lane, hit_rect, &hit_response);
                if hit_response.double_clicked() {
                    view.zoom_to_event(event, document);
                } else if hit_response.clicked() {
                    let modifiers = ui.input(|i| i.modifiers);
                    view.click_event(document, event, modifiers);
                }
                let zone = lane_zone(document, lane, zone);
                hit_response
                    .on_hover_ui_at_pointer(|ui| event_tooltip_ui(ui, document, event, zone));
            }
            HitTarget::Cluster { lane, range, .. } => {
                if hit_response.clicked() {
                    if range.duration_seconds() > 0 {
                        view.zoom_to(range, document);
                    } else {
                        action = Some(TimelineAction::ListCluster {
                            events: cluster_events(document, lane, range),
                            at: hit_rect.left_bottom(),
                        });
                    }
                }
                let zone = lane_zone(document, lane, zone);
                hit_response.on_hover_ui_at_pointer(|ui| {
                    cluster_tooltip_ui(ui, document, lane, range, zone)
                });
            }
            HitTarget::Density {
                lane,
                part,
                bar_row,
                count,
                columns,
                ..
            } => {
                if hit_response.clicked()
                    && let Some(p) = hit_response.interact_pointer_pos()
                {
                    view.zoom(4.0, scale.time_at(p.x), document);
                }
                if hit_response.secondary_clicked()
                    && let Some(p) = hit_response.interact_pointer_pos()
                {
                    view.context = Some((scale.time_at(p.x), Some(lane)));
                }
                hit_response.context_menu(|ui| {
                    let Some((at, Some(lane))) = view.context else {
                        return;
                    };
                    if ui
                        .button("Show the first event here")
                        .on_hover_text(
                            "The first event of this row at this date, in the side panel",
                        )
                        .clicked()
                    {
                        action = Some(TimelineAction::ShowFirstEvent {
                            lane,
                            part,
                            bar_row,
                            window: columns.column_at(at),
                        });
                        ui.close();
                    }
                    // A database is shown, not edited.
                    if document.database.is_none()
                        && ui
                            .button("New event here")
                            .on_hover_text("An event at this date, in this lane, to edit")
                            .clicked()
                    {
                        action = Some(TimelineAction::NewEventHere {
                            at,
                            lane: Some(lane),
                        });
                        ui.close();
                    }
                });
                hit_response.on_hover_ui_at_pointer(|ui| {
                    ui.strong(format!("{count} events in view in this row"));
                    ui.weak("Too many to show one by one: the strip shows where they are.");
                    ui.weak("Click or zoom in to see them; right-click for the first one there.");
                });
            }
            HitTarget::Lane { lane } => {
                if let Some(change) = lane_label_ui(ui, document, &geometry, lane, &hit_response) {
                    action = Some(TimelineAction::Lane {
                        actor: lane,
                        change,
                    });
                }
            }
        }
    }

    // Labels are clickable too; they have no widget of their own.
    let label_event = |p: Pos2| {
        scene.hits.iter().rev().find_map(|hit| match hit.target {
            HitTarget::Event { event, .. }
                if hit.label.is_some_and(|l| to_rect(l).contains(p)) && plot.contains(p) =>
            {
                Some(event)
            }
            _ => None,
        })
    };
    if let Some(p) = pointer
        && hovered.is_none()
        && response.hovered()
    {
        hovered = label_event(p);
        if let Some(event) = hovered {
            response
                .clone()
                .on_hover_ui_at_pointer(|ui| event_tooltip_ui(ui, document, event, zone));
        }
    }
    if response.double_clicked() {
        match response.interact_pointer_pos().and_then(label_event) {
            Some(event) => view.zoom_to_event(event, document),
            None => {
                if let Some(p) = response
                    .interact_pointer_pos()
                    .filter(|p| plot.contains(*p))
                {
                    let anchor = scale.time_at(p.x);
                    view.zoom(2.0, anchor, document);
                }
            }
        }
    } else if response.clicked_by(egui::PointerButton::Primary) {
        view.select_only(response.interact_pointer_pos().and_then(label_event));
    }

    super::selection::band_ui(ui, view, &scene, plot);
    match drag_ui(
        ui,
        document,
        view,
        &geometry,
        &scene,
        scale.seconds_per_point(),
        zone,
    ) {
        Some(DragOutcome::Move(moved)) => action = Some(TimelineAction::MoveEvent(moved)),
        Some(DragOutcome::Link { from, to }) => {
            action = Some(TimelineAction::LinkEvents { from, to });
        }
        None => {}
    }
    if response.secondary_clicked()
        && let Some(p) = response
            .interact_pointer_pos()
            .filter(|p| plot.contains(*p))
    {
        view.context = Some((scale.time_at(p.x), geometry.lane_at(p.y).map(|l| l.actor)));
    }
    response.context_menu(|ui| {
        if let Some((at, lane)) = view.context
            && ui
                .button("New event here")
                .on_hover_text("An event at this date, in this lane, to edit")
                .clicked()
        {
            action = Some(TimelineAction::NewEventHere { at, lane });
            ui.close();
        }
    });

    if hovered != view.hovered {
        view.hovered = hovered;
        ui.ctx().request_repaint();
    }
    action
}

/// Scrolls the lanes so that the event's first shown lane is in sight (pinned lanes always are).
fn reveal_lane(
    geometry: &crate::layout::TimelineGeometry,
    document: &Document,
    event: EventIdx,
    scroll_y: &mut f32,
) {
    let Some(e) = document.dataset.event(event) else {
        return;
    };
    let Some(lane) = e.actors().iter().find_map(|&a| geometry.lane_of(a)) else {
        return;
    };
    if lane.spec.pinned {
        return;
    }
    // On screen, the lane's top is at plot top + lane.top - scroll: it must be below the
    // pinned lanes and its bottom above the plot's bottom.
    let highest = lane.top - geometry.pinned_height;
    let lowest = lane.top + lane.height - geometry.plot.height();
    if *scroll_y > highest {
        *scroll_y = highest;
    } else if *scroll_y < lowest {
        *scroll_y = lowest.min(highest);
    }
}

/// A lane label: a click on a group's arrow folds it, right-click opens the lane menu, and
/// dragging it moves the lane (a line shows where it will go).
fn lane_label_ui(
    ui: &Ui,
    document: &Document,
    geometry: &crate::layout::TimelineGeometry,
    lane: ActorIdx,
    response: &egui::Response,
) -> Option<LaneMove> {
    let spec = geometry.lane_of(lane).map(|l| l.spec)?;
    let actor = document.dataset.actor(lane)?;
    let mut change = None;
    if spec.group.is_some() && response.clicked() {
        change = Some(LaneMove::ToggleFold);
    }
    if response.dragged()
        && let Some(pointer) = ui.input(|i| i.pointer.interact_pos())
        && let Some(target) = geometry.lane_at(pointer.y)
    {
        let top = geometry.lane_top(target);
        let below = pointer.y > top + target.height / 2.0;
        let y = if below { top + target.height } else { top };
        let names = to_rect(geometry.names);
        ui.painter().line_segment(
            [
                egui::pos2(names.left(), y),
                egui::pos2(to_rect(geometry.plot).right(), y),
            ],
            egui::Stroke::new(3.0, ui.visuals().selection.bg_fill),
        );
        ui.ctx().set_cursor_icon(egui::CursorIcon::Grabbing);
    }
    if response.drag_stopped()
        && let Some(pointer) = ui.input(|i| i.pointer.interact_pos())
        && let Some(target) = geometry.lane_at(pointer.y)
        && target.actor != lane
    {
        let top = geometry.lane_top(target);
        change = Some(if pointer.y > top + target.height / 2.0 {
            LaneMove::After(target.actor)
        } else {
            LaneMove::Before(target.actor)
        });
    }
    response.context_menu(|ui| {
        ui.strong(super::shown(&actor.name, 60));
        if ui.button("Hide this lane").clicked() {
            change = Some(LaneMove::Hide);
        }
        let pin = if spec.pinned {
            "Unpin"
        } else {
            "Pin to the top"
        };
        if ui.button(pin).clicked() {
            change = Some(LaneMove::TogglePin);
        }
        let collapse = if spec.collapsed {
            "Expand"
        } else {
            "Collapse to a strip"
        };
        if ui.button(collapse).clicked() {
            change = Some(LaneMove::ToggleCollapse);
        }
        if let Some(folded) = spec.group {
            let fold = if folded {
                "Show its members"
            } else {
                "Fold its members"
            };
            if ui.button(fold).clicked() {
                change = Some(LaneMove::ToggleFold);
            }
        }
        ui.separator();
        if ui.button("Move up").clicked() {
            change = Some(LaneMove::Up);
        }
        if ui.button("Move down").clicked() {
            change = Some(LaneMove::Down);
        }
    });
    let mut hover = String::new();
    if !actor.description.is_empty() {
        hover.push_str(&super::shown(&actor.description, 2_000));
        hover.push_str("\n\n");
    }
    hover.push_str("Drag to move the lane · right-click for more");
    if spec.group.is_some() {
        hover.push_str(" · click to fold or show its members");
    }
    response.clone().on_hover_text(hover);
    change
}

/// A thin scrollbar at the right when the lanes are taller than the plot.
fn paint_scrollbar(ui: &Ui, geometry: &crate::layout::TimelineGeometry, scroll_y: f32) {
    let max = geometry.max_scroll();
    if max <= 0.0 {
        return;
    }
    let plot = to_rect(geometry.plot);
    let visible = plot.height() / geometry.content_height;
    let height = (plot.height() * visible).max(24.0);
    let top = plot.top() + (plot.height() - height) * (scroll_y / max);
    let bar = egui::Rect::from_min_max(
        egui::pos2(plot.right() - 6.0, top),
        egui::pos2(plot.right() - 2.0, top + height),
    );
    ui.painter()
        .rect_filled(bar, 2.0, ui.visuals().weak_text_color().gamma_multiply(0.6));
}

/// The mark of a picture that a database is still answering for: the last answer stays
/// drawn (moved and stretched with the view) until the new one comes.
fn paint_updating(ui: &egui::Ui, plot: egui::Rect) {
    let visuals = ui.visuals();
    let text = "⟳ Updating…";
    let font = egui::FontId::proportional(13.0);
    let galley = ui
        .painter()
        .layout_no_wrap(text.to_owned(), font, visuals.strong_text_color());
    let pos = egui::pos2(plot.max.x - galley.size().x - 14.0, plot.min.y + 8.0);
    let background = egui::Rect::from_min_size(pos, galley.size()).expand(5.0);
    let painter = ui.painter_at(plot);
    painter.rect_filled(
        background,
        4.0,
        visuals.extreme_bg_color.gamma_multiply(0.9),
    );
    painter.galley(pos, galley, visuals.strong_text_color());
}
