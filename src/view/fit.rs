//! Where a dataset's events are, without a few far outliers: GDELT's daily files carry a
//! handful of events dated years before the day they cover, and fitting them all would squeeze
//! the day into a pixel. Outliers are found with Tukey's fences on the events' middles
//! (farther than [`FENCE`] interquartile ranges outside the middle half), and are left out
//! only when they are few and leaving them out narrows the view a lot; otherwise the fit is
//! the whole extent, as before.

use crate::model::Dataset;
use crate::time::{TimeRange, Timestamp};

/// How many interquartile ranges outside the middle half an event must lie to be an outlier.
/// Tukey's "far out" is 3: timelines have long quiet stretches, so nothing closer counts.
pub const FENCE: f64 = 3.0;
/// Outliers are left out only when they are at most this share of the events: a background
/// section (the 2014 events of a 2022 timeline) is content, not noise.
pub const MAX_OUTLIER_SHARE: f64 = 0.05;
/// ...and only when leaving them out narrows the span at least this much.
pub const MIN_NARROWING: f64 = 3.0;
/// Fewer events than this say nothing about outliers.
pub const MIN_EVENTS: usize = 20;

/// The extent of the events that are not outliers.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct CoreExtent {
    /// From the earliest start to the latest end of the events kept.
    pub range: TimeRange,
    /// How many events lie outside it.
    pub outliers: usize,
}

/// Where the events are without their outliers, or `None` when no event is worth leaving out.
pub fn core_extent(dataset: &Dataset, now: Timestamp) -> Option<CoreExtent> {
    let n = dataset.event_count();
    if n < MIN_EVENTS {
        return None;
    }
    let middle = |range: TimeRange| (range.start.as_f64() + range.end.as_f64()) / 2.0;
    let mut middles: Vec<f64> = dataset.events().map(|e| middle(e.span(now))).collect();
    let q1 = nth(&mut middles, n / 4);
    let q3 = nth(&mut middles, (3 * n) / 4);
    let reach = (q3 - q1) * FENCE;
    let (low, high) = (q1 - reach, q3 + reach);
    let mut core: Option<TimeRange> = None;
    let mut all: Option<TimeRange> = None;
    let mut outliers = 0;
    for event in dataset.events() {
        let span = event.span(now);
        all = Some(all.map_or(span, |a| a.union(span)));
        if (low..=high).contains(&middle(span)) {
            core = Some(core.map_or(span, |c| c.union(span)));
        } else {
            outliers += 1;
        }
    }
    let (core, all) = (core?, all?);
    let share = outliers as f64 / n as f64;
    let narrowing = (all.end.as_f64() - all.start.as_f64())
        / (core.end.as_f64() - core.start.as_f64()).max(1.0);
    (outliers > 0 && share <= MAX_OUTLIER_SHARE && narrowing >= MIN_NARROWING).then_some(
        CoreExtent {
            range: core,
            outliers,
        },
    )
}

/// The `k`-th smallest value (reorders `values`).
fn nth(values: &mut [f64], k: usize) -> f64 {
    let k = k.min(values.len().saturating_sub(1));
    *values.select_nth_unstable_by(k, f64::total_cmp).1
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::io::load_bytes;

    fn dataset(dates: &[&str]) -> Dataset {
        let events: Vec<String> = dates
            .iter()
            .enumerate()
            .map(|(i, d)| format!(r#"{{"title": "e{i}", "start": "{d}", "actors": ["a"]}}"#))
            .collect();
        let json = format!(
            r#"{{"actors": [{{"id": "a", "name": "A"}}], "events": [{}]}}"#,
            events.join(",")
        );
        load_bytes("test.json", json.as_bytes())
            .expect("loads")
            .dataset
    }

    fn now() -> Timestamp {
        crate::time::Date::parse("2026-01-01")
            .expect("date")
            .earliest()
    }

    #[test]
    fn a_few_stray_years_are_left_out() {
        // Like a GDELT day: many events in July 2016, a few dated years before.
        let mut dates: Vec<String> = (1..=28)
            .cycle()
            .take(200)
            .map(|d| format!("2016-07-{d:02}"))
            .collect();
        dates.extend(["2006-07-01", "2015-07-10", "2015-07-11"].map(String::from));
        let dates: Vec<&str> = dates.iter().map(String::as_str).collect();
        let core = core_extent(&dataset(&dates), now()).expect("outliers found");
        assert_eq!(core.outliers, 3);
        let day = |d: &str| crate::time::Date::parse(d).expect("date").span();
        assert_eq!(core.range, day("2016-07-01").union(day("2016-07-28")));
    }

    #[test]
    fn a_background_section_is_content_not_outliers() {
        // A 2022 timeline with a fifth of its events in 2014: all of it is fitted.
        let mut dates: Vec<&str> = vec!["2022-02-01"; 16];
        dates.extend(["2014-03-01", "2014-04-01", "2014-05-01", "2015-02-12"]);
        assert_eq!(core_extent(&dataset(&dates), now()), None);
    }

    #[test]
    fn small_or_even_datasets_have_no_outliers() {
        assert_eq!(core_extent(&dataset(&["2020", "1900"]), now()), None);
        let even: Vec<String> = (1900..2000).map(|y| y.to_string()).collect();
        let even: Vec<&str> = even.iter().map(String::as_str).collect();
        assert_eq!(core_extent(&dataset(&even), now()), None);
    }
}
