//! Moving an event with the mouse: drag it along time and it snaps to its date's precision (a
//! year-precision event moves by whole years), with the date it would get shown as it moves;
//! drop it on another lane and that lane's actor replaces the one it was dragged from. Esc
//! during the drag puts it back. The move is one undo step.

use crate::model::{ActorIdx, EventEnd, EventIdx};
use crate::time::{Date, Timestamp};

use super::document::Document;

/// An event being dragged.
#[derive(Clone, Debug, PartialEq)]
pub struct EventDrag {
    pub event: EventIdx,
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
}

/// `date` moved by `seconds`, at its own precision and with its qualifiers: the unit
/// (year, month, day…) nearest to where the move puts its middle.
pub fn moved_date(date: Date, seconds: f64) -> Date {
    let span = date.span();
    let middle = (span.start.as_f64() + span.end.as_f64()) / 2.0 + seconds;
    Date::at(Timestamp(middle.round() as i64), date.precision).with_qualifier(date.qualifier)
}

impl EventDrag {
    /// Picks up `event` from `lane` at pointer x `x`.
    pub fn new(document: &Document, event: EventIdx, lane: ActorIdx, x: f32) -> Option<Self> {
        let e = document.dataset.event(event)?;
        Some(Self {
            event,
            from_lane: lane,
            grab_x: x,
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
        self.start = moved_date(e.start(), seconds);
        if let Some(EventEnd::Date(end)) = e.end() {
            // The end keeps its distance: the same move, at its own precision.
            let shift = self.start.span().start.as_f64() - e.start().span().start.as_f64();
            self.end = Some(moved_date(end, shift));
        }
        if let Some(lane) = lane {
            self.to_lane = lane;
        }
    }

    /// What dropping it here changes, if anything.
    pub fn finish(&self, document: &Document) -> Option<EventMove> {
        let e = document.dataset.event(self.event)?;
        let lanes = (self.to_lane != self.from_lane && !e.actors().contains(&self.to_lane))
            .then_some((self.from_lane, self.to_lane));
        let moved = self.start != e.start() || lanes.is_some();
        moved.then_some(EventMove {
            event: self.event,
            start: self.start,
            end: self.end,
            lanes,
        })
    }

    /// "15 Nov 2021 → United States", shown beside the pointer while dragging.
    pub fn describe(&self, document: &Document) -> String {
        let mut text = match self.end {
            Some(end) => format!("{} – {}", self.start.human(), end.human()),
            None => self.start.human(),
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
    seconds_per_point: f64,
) -> Option<EventMove> {
    let drag = view.drag.as_mut()?;
    if ui.input(|i| i.key_pressed(egui::Key::Escape)) {
        view.drag = None;
        return None;
    }
    let (pointer, down) = ui.input(|i| (i.pointer.latest_pos(), i.pointer.primary_down()));
    if !down {
        let moved = drag.finish(document);
        view.drag = None;
        return moved;
    }
    let pointer = pointer?;
    let lane = geometry.lane_at(pointer.y).map(|l| l.actor);
    drag.follow(document, pointer.x, seconds_per_point, lane);
    let scale = geometry.scale(view.window);
    let x = scale.x(drag.start.span().start.as_f64());
    let plot = crate::render::egui_painter::to_rect(geometry.plot);
    let color = ui.visuals().selection.stroke.color;
    let painter = ui.painter_at(plot);
    painter.vline(x, plot.y_range(), egui::Stroke::new(1.5, color));
    let text = drag.describe(document);
    let font = egui::FontId::proportional(13.0);
    let galley = painter.layout_no_wrap(text, font, ui.visuals().strong_text_color());
    let at = pointer + egui::vec2(14.0, -22.0);
    let back = egui::Rect::from_min_size(at, galley.size()).expand(4.0);
    painter.rect_filled(back, 3.0, ui.visuals().extreme_bg_color);
    painter.galley(at, galley, ui.visuals().strong_text_color());
    None
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
