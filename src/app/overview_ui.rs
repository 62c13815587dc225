//! The overview strip under the timeline: the whole dataset's span with where its shown events
//! are, search results as ticks, and a box for the current view. Drag the box to pan, drag
//! its edges to zoom, click anywhere else to jump there.

use egui::{Rect, Role, Sense, Stroke, Ui, WidgetInfo, pos2};

use crate::time::TimeWindow;

use super::document::Document;
use super::timeline_ui::TimelineView;

/// Height of the strip.
pub const OVERVIEW_HEIGHT: f32 = 44.0;
/// Width of the grips at the box's edges.
const EDGE_GRIP: f32 = 6.0;
/// A box narrower than this is drawn (and grabbed) at this width.
const MIN_BOX_WIDTH: f32 = 8.0;
/// Search results drawn as ticks, at most.
const MAX_TICKS: usize = 5_000;

/// Counts per column, kept between frames: recounted when the shown events or the width
/// change.
#[derive(Default)]
pub struct OverviewCache {
    key: Option<(u64, u32)>,
    counts: Vec<u32>,
}

pub fn overview_ui(
    ui: &mut Ui,
    document: &Document,
    view: &mut TimelineView,
    cache: &mut OverviewCache,
    zone: crate::time::Zone,
) {
    let (rect, response) = ui.allocate_exact_size(
        egui::vec2(ui.available_width(), OVERVIEW_HEIGHT),
        Sense::click_and_drag(),
    );
    let whole = document.fit_window();
    let strip = rect.shrink2(egui::vec2(8.0, 5.0));
    let x_of = |t: f64| strip.left() + ((t - whole.start) / whole.span()) as f32 * strip.width();
    let t_of = |x: f32| whole.start + f64::from((x - strip.left()) / strip.width()) * whole.span();
    let visuals = ui.visuals().clone();
    let painter = ui.painter_at(rect);
    painter.rect_filled(rect, 0.0, visuals.extreme_bg_color);
    painter.line_segment(
        [rect.left_top(), rect.right_top()],
        Stroke::new(1.0, visuals.widgets.noninteractive.bg_stroke.color),
    );

    // Where the shown events are, one column per two points.
    let columns = ((strip.width() / 2.0).max(1.0)) as usize;
    let key = (document.shown.generation(), columns as u32);
    if let Some(counted) = document.database.as_ref().and_then(|d| d.overview.as_ref()) {
        // A database's table, counted once when it opened, resampled to this width.
        if cache.key != Some(key) {
            cache.counts = vec![0; columns];
            for (i, &count) in counted.counts.iter().enumerate() {
                let t = counted.window.start
                    + (i as f64 + 0.5) * counted.window.span() / counted.counts.len() as f64;
                let column = ((t - whole.start) / whole.span() * columns as f64).floor();
                if (0.0..columns as f64).contains(&column) {
                    let slot = &mut cache.counts[column as usize];
                    *slot = (*slot).max(count);
                }
            }
            cache.key = Some(key);
        }
    } else if cache.key != Some(key) {
        cache.counts = vec![0; columns];
        let mut row = Vec::new();
        for lane in &document.shown.lanes {
            let Some(index) = document.shown.index.lane(lane.actor) else {
                continue;
            };
            for track in std::iter::once(&index.points).chain(&index.rows) {
                track.density(whole.start, whole.end, columns, &mut row);
                for (sum, c) in cache.counts.iter_mut().zip(&row) {
                    *sum += c;
                }
            }
        }
        cache.key = Some(key);
    }
    let max = cache.counts.iter().copied().max().unwrap_or(0).max(1) as f32;
    let bar_color = visuals.text_color().gamma_multiply(0.45);
    for (i, &count) in cache.counts.iter().enumerate() {
        if count == 0 {
            continue;
        }
        let h = (0.15 + 0.85 * (1.0 + count as f32).ln() / (1.0 + max).ln()) * strip.height();
        let x = strip.left() + i as f32 * 2.0;
        painter.rect_filled(
            Rect::from_min_max(pos2(x, strip.bottom() - h), pos2(x + 1.5, strip.bottom())),
            0.0,
            bar_color,
        );
    }
    // Search results: ticks above the bars.
    let search_color = super::theme::SEARCH_TICK;
    for &event in document.shown.search.results.iter().take(MAX_TICKS) {
        if let Some(e) = document.dataset.event(event) {
            let x = x_of(e.span(document.now()).midpoint());
            painter.line_segment(
                [pos2(x, strip.top()), pos2(x, strip.top() + 8.0)],
                Stroke::new(2.0, search_color),
            );
        }
    }

    // The view box.
    let mut x0 = x_of(view.window.start).clamp(strip.left(), strip.right());
    let mut x1 = x_of(view.window.end).clamp(strip.left(), strip.right());
    if x1 - x0 < MIN_BOX_WIDTH {
        let mid = (x0 + x1) / 2.0;
        x0 = mid - MIN_BOX_WIDTH / 2.0;
        x1 = mid + MIN_BOX_WIDTH / 2.0;
    }
    let view_box = Rect::from_x_y_ranges(x0..=x1, rect.top() + 2.0..=rect.bottom() - 2.0);
    let selection = visuals.selection.bg_fill;
    painter.rect_filled(view_box, 2.0, selection.gamma_multiply(0.25));
    painter.rect_stroke(
        view_box,
        2.0,
        Stroke::new(2.0, selection),
        egui::StrokeKind::Inside,
    );

    let id = ui.scope_id().with("overview");
    let left_grip = ui.interact(
        Rect::from_x_y_ranges(x0 - EDGE_GRIP..=x0 + EDGE_GRIP, view_box.y_range()),
        id.with("left"),
        Sense::drag(),
    );
    let right_grip = ui.interact(
        Rect::from_x_y_ranges(x1 - EDGE_GRIP..=x1 + EDGE_GRIP, view_box.y_range()),
        id.with("right"),
        Sense::drag(),
    );
    // A narrow box is all body: its edges are grabbed by dragging outside it.
    let body_rect = if view_box.width() > 4.0 * EDGE_GRIP {
        view_box.shrink2(egui::vec2(EDGE_GRIP, 0.0))
    } else {
        view_box
    };
    let body = ui.interact(body_rect, id.with("box"), Sense::drag());
    let max_span = document.max_view_span();
    let seconds_per_point = whole.span() / f64::from(strip.width());
    if body.dragged() {
        view.window = view
            .window
            .panned(f64::from(body.drag_delta().x) * seconds_per_point);
    }
    let min_span = 60.0;
    if left_grip.dragged()
        && let Some(p) = left_grip.interact_pointer_pos()
    {
        let start = t_of(p.x).min(view.window.end - min_span);
        view.window = TimeWindow::new(start, view.window.end).clamped(max_span);
    }
    if right_grip.dragged()
        && let Some(p) = right_grip.interact_pointer_pos()
    {
        let end = t_of(p.x).max(view.window.start + min_span);
        view.window = TimeWindow::new(view.window.start, end).clamped(max_span);
    }
    for grip in [&left_grip, &right_grip] {
        if grip.hovered() || grip.dragged() {
            ui.ctx().set_cursor_icon(egui::CursorIcon::ResizeHorizontal);
        }
    }
    if body.hovered() {
        ui.ctx().set_cursor_icon(egui::CursorIcon::Grab);
    }
    // A click (or a drag started) outside the box centres the view there.
    if (response.clicked() || response.drag_started())
        && let Some(p) = response.interact_pointer_pos()
    {
        let span = view.window.span();
        let center = t_of(p.x);
        view.window = TimeWindow::new(center - span / 2.0, center + span / 2.0);
    } else if response.dragged()
        && let Some(p) = response.interact_pointer_pos()
    {
        let span = view.window.span();
        let center = t_of(p.x);
        view.window = TimeWindow::new(center - span / 2.0, center + span / 2.0);
    }
    let label = format!(
        "Overview of the whole dataset; the view shows {}",
        zone.describe_window(view.window)
    );
    response.widget_info(|| WidgetInfo::labeled(Role::ScrollBar, true, &label));
    body.widget_info(|| WidgetInfo::labeled(Role::Button, true, "View box: drag to pan"));
    left_grip
        .widget_info(|| WidgetInfo::labeled(Role::Button, true, "Start of the view: drag to zoom"));
    right_grip
        .widget_info(|| WidgetInfo::labeled(Role::Button, true, "End of the view: drag to zoom"));
    response
        .on_hover_text("The whole dataset. Drag the box to pan, its edges to zoom; click to jump.");
}
