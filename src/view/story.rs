//! The views a story shows: the window of each step (the one written for it, else one that
//! fits its event or note with room around it), and a view centred on a date at a zoom that
//! suits the date's precision (`--at 2022-02-24`).

use crate::model::{Dataset, NoteTarget, StepTarget, StoryStep};
use crate::time::{Date, Precision, TimeRange, TimeWindow, Timestamp};

/// How much time around a date of this precision a view shows: a day's date is seen among
/// the weeks around it, a year's among the decade.
fn context_seconds(precision: Precision) -> f64 {
    const DAY: f64 = 86_400.0;
    match precision {
        Precision::Year => 12.0 * 365.25 * DAY,
        Precision::Month => 14.0 * 30.44 * DAY,
        Precision::Day => 30.0 * DAY,
        Precision::Hour => 2.0 * DAY,
        Precision::Minute | Precision::Second => DAY / 4.0,
    }
}

/// A view centred on `date`, as wide as its precision suggests (and at least three times
/// the time the date spans).
pub fn window_at(date: Date) -> TimeWindow {
    let (earliest, latest) = (date.earliest().as_f64(), date.latest().as_f64());
    let center = (earliest + latest) / 2.0;
    let span = context_seconds(date.precision).max(3.0 * (latest - earliest));
    TimeWindow::new(center - span / 2.0, center + span / 2.0)
}

/// The view of `range`, with room around it; an instant is seen as [`window_at`] its date.
fn window_around(range: TimeRange, date: Date) -> TimeWindow {
    let at_date = window_at(date);
    if (range.duration_seconds() as f64) < at_date.span() / 3.0 {
        return at_date;
    }
    TimeWindow::fit(range, 0.15)
}

/// The view a story step shows.
pub fn step_window(dataset: &Dataset, step: &StoryStep, now: Timestamp) -> TimeWindow {
    if let Some(range) = step.window() {
        return TimeWindow::fit(range, 0.04);
    }
    let event_window = |event| {
        dataset
            .event(event)
            .map(|e| window_around(e.span(now), e.start()))
    };
    let window = match step.target {
        StepTarget::Event(event) => event_window(event),
        StepTarget::Note(note) => match dataset.notes.get(note).map(|n| (n, n.target)) {
            Some((note, NoteTarget::Span { start, .. })) => {
                note.span().map(|span| window_around(span, start))
            }
            Some((_, NoteTarget::Event(event))) => event_window(event),
            _ => None,
        },
    };
    window.unwrap_or_else(|| TimeWindow::fit_all(dataset.extent(now), now))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_date_is_seen_at_a_zoom_that_suits_its_precision() {
        let day = Date::parse("2022-02-24").expect("date");
        let window = window_at(day);
        assert!((window.span() - 30.0 * 86_400.0).abs() < 1.0);
        assert!(window.contains(day.earliest().as_f64()) && window.contains(day.latest().as_f64()));
        let year = window_at(Date::parse("2014").expect("date"));
        assert!(
            year.span() > 10.0 * 365.0 * 86_400.0,
            "a decade around a year"
        );
    }
}
