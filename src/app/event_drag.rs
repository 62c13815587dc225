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
