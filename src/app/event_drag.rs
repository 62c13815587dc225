//! Moving an event with the mouse: drag it along time and it snaps to its date's precision (a
//! year-precision event moves by whole years), with the date it would get shown as it moves;
//! drop it on another lane and that lane's actor replaces the one it was dragged from. Drag a
//! bar's end to change its start or end; Alt-drag from one event to another to link them. Esc
//! during any drag puts things back. Each is one undo step.

use crate::model::{ActorIdx, EventEnd, EventIdx};
use crate::time::{Date, Timestamp};

use super::document::Document;

/// What a drag does.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum DragMode {
    /// The whole event, along time and to another lane.
    Move,
    /// A bar's start.
    Start,
    /// A bar's end.
    End,
    /// A link from this event to the one it is dropped on.
    Link,
}

/// How near a bar's end (in points) a drag takes the end rather than the bar.
pub const END_GRIP: f32 = 6.0;

/// An event being dragged.
#[derive(Clone, Debug, PartialEq)]
pub struct EventDrag {
    pub event: EventIdx,
    pub mode: DragMode,
    /// Where the drag started (the link's tail).
    pub origin: egui::Pos2,
    /// The lane it was picked up in.
    pub from_lane: ActorIdx,
    /// The pointer's x where it was picked up.
    grab_x: f32,
    /// Where it would land now.
    pub start: Date,
    pub end: Option<Date>,
    pub to_lane: ActorIdx,
}

/// What a finished drag changes.
#[derive(Clone, Debug, PartialEq)]
pub struct EventMove {
    pub event: EventIdx,
    pub start: Date,
    /// The new end, when the event has a dated end.
    pub end: Option<Date>,
    /// The lane it left and the lane it joined, if it changed lanes.
    pub lanes: Option<(ActorIdx, ActorIdx)>,
    /// Only one end of the bar changed: the other selected events stay.
    pub resize: bool,
}

/// What a finished drag asks for.
#[derive(Clone, Debug, PartialEq)]
pub enum DragOutcome {
    Move(EventMove),
    /// A link from `from` to `to` (the event it answers).
    Link {
        from: EventIdx,
        to: EventIdx,
    },
}

/// `date` moved by `seconds`, at its own precision and with its qualifiers: the unit
/// (year, month, day…) nearest to where the move puts its middle.
pub fn moved_date(date: Date, seconds: f64) -> Date {
    let span = date.span();
    let middle = (span.start.as_f64() + span.end.as_f64()) / 2.0 + seconds;
    Date::at(Timestamp(middle.round() as i64), date.precision).with_qualifier(date.qualifier)
}

impl EventDrag {
    /// Picks up `event` from `lane` at `at`, to do `mode`.
    pub fn new(
        document: &Document,
        event: EventIdx,
        lane: ActorIdx,
        at: egui::Pos2,
        mode: DragMode,
    ) -> Option<Self> {
        let e = document.dataset.event(event)?;
        Some(Self {
            event,
            mode,
            origin: at,
            from_lane: lane,
            grab_x: at.x,
            start: e.start(),
            end: match e.end() {
                Some(EventEnd::Date(end)) => Some(end),
                _ => None,
            },
            to_lane: lane,
        })
    }

    /// Follows the pointer at `x` over `lane` (if over one), `seconds_per_point` apart.
    pub fn follow(
        &mut self,
        document: &Document,
        x: f32,
        seconds_per_point: f64,
        lane: Option<ActorIdx>,
    ) {
        let Some(e) = document.dataset.event(self.event) else {
            return;
        };
        let seconds = f64::from(x - self.grab_x) * seconds_per_point;
        let end = match e.end() {
            Some(EventEnd::Date(end)) => Some(end),
            _ => None,
        };
        match self.mode {
            DragMode::Move => {
                self.start = moved_date(e.start(), seconds);
                if let Some(end) = end {
                    // The end keeps its distance: the same move, at its own precision.
                    let shift = self.start.span().start.as_f64() - e.start().span().start.as_f64();
                    self.end = Some(moved_date(end, shift));
                }
                if let Some(lane) = lane {
                    self.to_lane = lane;
                }
            }
            // A start never passes its end, nor an end its start.
            DragMode::Start => {
                let start = moved_date(e.start(), seconds);
                if end.is_none_or(|end| start.span().start <= end.span().end) {
                    self.start = start;
                }
            }
            DragMode::End => {
                if let Some(end) = end {
                    let moved = moved_date(end, seconds);
                    if moved.span().end >= e.start().span().start {
                        self.end = Some(moved);
                    }
                }
            }
            DragMode::Link => {}
        }
    }

    /// What dropping it here changes, if anything; `target` is the event under the pointer.
    pub fn finish(&self, document: &Document, target: Option<EventIdx>) -> Option<DragOutcome> {
        let e = document.dataset.event(self.event)?;
        if self.mode == DragMode::Link {
            return target
                .filter(|&to| to != self.event)
                .map(|to| DragOutcome::Link {
                    from: self.event,
                    to,
                });
        }
        let lanes = (self.mode == DragMode::Move
            && self.to_lane != self.from_lane
            && !e.actors().contains(&self.to_lane))
        .then_some((self.from_lane, self.to_lane));
        let old_end = match e.end() {
            Some(EventEnd::Date(end)) => Some(end),
            _ => None,
        };
        let moved = self.start != e.start() || self.end != old_end || lanes.is_some();
        moved.then_some(DragOutcome::Move(EventMove {
            event: self.event,
            start: self.start,
            end: self.end,
            lanes,
            resize: matches!(self.mode, DragMode::Start | DragMode::End),
        }))
    }

    /// "15 Nov 2021 → United States", shown beside the pointer while dragging; a time is
    /// read on `zone`'s clock.
    pub fn describe(&self, document: &Document, zone: crate::time::Zone) -> String {
        let human = |date: &crate::time::Date| zone.human_text(date);
        match self.mode {
            DragMode::Link => return "Link to… (drop on the event this one answers)".to_owned(),
            DragMode::Start => return format!("From {}", human(&self.start)),
            DragMode::End => {
                return format!("To {}", self.end.map(|e| human(&e)).unwrap_or_default());
            }
            DragMode::Move => {}
        }
        let mut text = match self.end {
            Some(end) => format!("{} – {}", human(&self.start), human(&end)),
            None => human(&self.start),
        };
        if self.to_lane != self.from_lane
            && let Some(actor) = document.dataset.actor(self.to_lane)
        {
            text.push_str(&format!(" → {}", super::shown(&actor.name, 60)));
        }
        text
    }
}

/// Follows a dragged event: the date and lane it would get beside the pointer and a line at
/// the new date; the move when it is dropped; nothing if Esc is pressed.
pub fn drag_ui(
    ui: &egui::Ui,
    document: &Document,
    view: &mut super::timeline_ui::TimelineView,
    geometry: &crate::layout::TimelineGeometry,
    scene: &crate::layout::Scene,
    seconds_per_point: f64,
    zone: crate::time::Zone,
) -> Option<DragOutcome> {
    let drag = view.drag.as_mut()?;
    if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
        view.drag = None;
        return None;
    }
    let (pointer, down) = ui.input(|i| (i.pointer.latest_pos(), i.pointer.primary_down()));
    let target = pointer.and_then(|p| event_at(scene, p));
    if !down {
        let outcome = drag.finish(document, target);
        view.drag = None;
        return outcome;
    }
    let pointer = pointer?;
    if drag.mode == DragMode::Link {
        let color = ui.visuals().selection.stroke.color;
        ui.painter().arrow(
            drag.origin,
            pointer - drag.origin,
            egui::Stroke::new(2.0, color),
        );
    }
    let lane = geometry.lane_at(pointer.y).map(|l| l.actor);
    drag.follow(document, pointer.x, seconds_per_point, lane);
    let scale = geometry.scale(view.window);
    // Where the date falls as drawn: a day over the zone's own day.
    let at = match drag.mode {
        DragMode::End => {
            let end = drag.end.unwrap_or(drag.start);
            zone.on_local_days(&end, end.span().end)
        }
        _ => zone.on_local_days(&drag.start, drag.start.span().start),
    };
    let x = scale.x(at.as_f64());
    let plot = crate::render::egui_painter::to_rect(geometry.plot);
    let color = ui.visuals().selection.stroke.color;
    let painter = ui.painter_at(plot);
    if drag.mode != DragMode::Link {
        painter.vline(x, plot.y_range(), egui::Stroke::new(1.5, color));
    }
    let text = drag.describe(document, zone);
    let font = egui::FontId::proportional(13.0);
    let galley = painter.layout_no_wrap(text, font, ui.visuals().strong_text_color());
    let at = pointer + egui::vec2(14.0, -22.0);
    let back = egui::Rect::from_min_size(at, galley.size()).expand(4.0);
    painter.rect_filled(back, 3.0, ui.visuals().extreme_bg_color);
    painter.galley(at, galley, ui.visuals().strong_text_color());
    None
}

/// Starts a drag on the mark of `event` in `lane` (its rectangle `mark`): near a bar's ends
/// it takes that end (and the pointer says so), with Alt it draws a link, else it moves.
pub fn start_drag_ui(
    ui: &egui::Ui,
    document: &Document,
    view: &mut super::timeline_ui::TimelineView,
    event: EventIdx,
    lane: ActorIdx,
    mark: egui::Rect,
    response: &egui::Response,
) {
    let is_bar = document
        .dataset
        .event(event)
        .is_some_and(|e| matches!(e.end(), Some(EventEnd::Date(_))));
    let end_under = |p: egui::Pos2| match () {
        () if !is_bar => None,
        () if (p.x - mark.left()).abs() <= END_GRIP => Some(DragMode::Start),
        () if (p.x - mark.right()).abs() <= END_GRIP => Some(DragMode::End),
        () => None,
    };
    if let Some(p) = response.hover_pos()
        && end_under(p).is_some()
    {
        ui.ctx().set_cursor_icon(egui::CursorIcon::ResizeHorizontal);
    }
    if response.drag_started()
        && let Some(p) = ui.input(|i| i.pointer.press_origin())
    {
        let mode = if ui.input(|i| i.modifiers.alt) {
            DragMode::Link
        } else {
            end_under(p).unwrap_or(DragMode::Move)
        };
        if mode != DragMode::Link {
            view.selected = Some(event);
        }
        view.drag = EventDrag::new(document, event, lane, p, mode);
    }
}

/// The event whose mark is under `pos`, if any.
pub fn event_at(scene: &crate::layout::Scene, pos: egui::Pos2) -> Option<EventIdx> {
    scene.hits.iter().rev().find_map(|hit| match hit.target {
        crate::layout::HitTarget::Event { event, .. }
            if crate::render::egui_painter::to_rect(hit.rect).contains(pos) =>
        {
            Some(event)
        }
        _ => None,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(text: &str) -> Date {
        Date::parse(text).expect("a date")
    }

    #[test]
    fn a_move_snaps_to_the_dates_precision_and_keeps_its_qualifiers() {
        let year = 365.25 * 86_400.0;
        assert_eq!(moved_date(date("2014"), 0.4 * year), date("2014"));
        assert_eq!(moved_date(date("2014"), 0.6 * year), date("2015"));
        assert_eq!(moved_date(date("2014~"), -2.0 * year), date("2012~"));
        assert_eq!(
            moved_date(date("2021-11-15"), 86_400.0 * 2.2),
            date("2021-11-17")
        );
        assert_eq!(
            moved_date(date("2021-11?"), 86_400.0 * 40.0),
            date("2021-12?")
        );
        assert_eq!(
            moved_date(date("2022-02-24T04:00Z"), 90.0 * 60.0).precision,
            date("2022-02-24T05:30Z").precision
        );
    }
}
