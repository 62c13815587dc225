//! Instants, spans, and the visible time window with its time↔pixel scale: zoom about an
//! anchor, pan, fit, all bounded to sane spans (a minute to ten thousand years).

use super::civil::SECONDS_PER_DAY;

/// Seconds since 1970-01-01T00:00:00 UTC on the proleptic Gregorian calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Timestamp(pub i64);

impl Timestamp {
    /// The current time from the system clock.
    pub fn now() -> Self {
        let seconds = match std::time::SystemTime::now().duration_since(std::time::UNIX_EPOCH) {
            Ok(since) => since.as_secs() as i64,
            Err(before) => -(before.duration().as_secs() as i64),
        };
        Self(seconds)
    }

    pub fn as_f64(self) -> f64 {
        self.0 as f64
    }
}

/// A half-open span of time `[start, end)`.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct TimeRange {
    pub start: Timestamp,
    pub end: Timestamp,
}

impl TimeRange {
    /// A range from `start` to `end`; the ends are swapped if given backwards.
    pub fn new(start: Timestamp, end: Timestamp) -> Self {
        if end < start {
            Self {
                start: end,
                end: start,
            }
        } else {
            Self { start, end }
        }
    }

    pub fn duration_seconds(&self) -> i64 {
        self.end.0.saturating_sub(self.start.0)
    }

    /// The smallest range covering both.
    pub fn union(self, other: Self) -> Self {
        Self {
            start: self.start.min(other.start),
            end: self.end.max(other.end),
        }
    }

    pub fn midpoint(&self) -> f64 {
        (self.start.as_f64() + self.end.as_f64()) / 2.0
    }
}

/// Seconds in an average Gregorian year.
pub const SECONDS_PER_YEAR: f64 = 365.2425 * SECONDS_PER_DAY as f64;

/// The narrowest view: about a minute across the whole width.
pub const MIN_VIEW_SECONDS: f64 = 60.0;

/// The widest view for ordinary data: ten thousand years. Data that spans more (deep time)
/// may still be fitted whole, see [`TimeWindow::max_span_for`].
pub const MAX_VIEW_SECONDS: f64 = 10_000.0 * SECONDS_PER_YEAR;

/// The visible span of time, in fractional seconds so that zooming and panning are smooth.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimeWindow {
    pub start: f64,
    pub end: f64,
}

impl TimeWindow {
    pub fn new(start: f64, end: f64) -> Self {
        Self { start, end }
    }

    pub fn span(&self) -> f64 {
        self.end - self.start
    }

    pub fn center(&self) -> f64 {
        (self.start + self.end) / 2.0
    }

    /// The widest span allowed when the data covers `extent` seconds.
    pub fn max_span_for(extent: Option<TimeRange>) -> f64 {
        let data = extent.map_or(0.0, |r| r.duration_seconds() as f64 * 1.2);
        MAX_VIEW_SECONDS.max(data)
    }

    /// A window that shows `range` with a margin of `margin` (a fraction of its length) on
    /// each side; instants and very short ranges get at least a day around them.
    pub fn fit(range: TimeRange, margin: f64) -> Self {
        let start = range.start.as_f64();
        let end = range.end.as_f64();
        let length = (end - start).max(SECONDS_PER_DAY as f64);
        let center = (start + end) / 2.0;
        let half = length * (0.5 + margin);
        Self::new(center - half, center + half)
    }

    /// The view of a dataset's whole `extent` with a small margin; a year up to `now` when
    /// there is nothing to show.
    pub fn fit_all(extent: Option<TimeRange>, now: Timestamp) -> Self {
        match extent {
            Some(extent) => Self::fit(extent, 0.04).clamped(Self::max_span_for(Some(extent))),
            None => Self::new(now.as_f64() - SECONDS_PER_YEAR, now.as_f64()),
        }
    }

    /// Zooms by `factor` (> 1 zooms in) keeping `anchor` (a time) at the same screen position,
    /// then clamps the span to `[MIN_VIEW_SECONDS, max_span]`.
    pub fn zoomed(self, factor: f64, anchor: f64, max_span: f64) -> Self {
        if !(factor.is_finite() && factor > 0.0) {
            return self;
        }
        let span = self.span();
        let new_span = (span / factor).clamp(MIN_VIEW_SECONDS, max_span.max(MIN_VIEW_SECONDS));
        // Where the anchor sits, as a fraction of the width; kept fixed.
        let fraction = if span > 0.0 {
            ((anchor - self.start) / span).clamp(0.0, 1.0)
        } else {
            0.5
        };
        let start = anchor - fraction * new_span;
        Self::new(start, start + new_span)
    }

    /// Moves the window by `seconds` (positive = later).
    pub fn panned(self, seconds: f64) -> Self {
        if !seconds.is_finite() {
            return self;
        }
        Self::new(self.start + seconds, self.end + seconds)
    }

    /// Clamps the span to the allowed bounds, keeping the center.
    pub fn clamped(self, max_span: f64) -> Self {
        let span = self.span();
        let bounded = span.clamp(MIN_VIEW_SECONDS, max_span.max(MIN_VIEW_SECONDS));
        if (bounded - span).abs() < f64::EPSILON * span.abs().max(1.0) {
            return self;
        }
        let center = self.center();
        Self::new(center - bounded / 2.0, center + bounded / 2.0)
    }

    pub fn contains(&self, t: f64) -> bool {
        self.start <= t && t <= self.end
    }

    /// The integer range of timestamps this window touches (for index queries).
    pub fn to_range(self) -> TimeRange {
        TimeRange::new(
            Timestamp(self.start.floor() as i64),
            Timestamp(self.end.ceil() as i64),
        )
    }
}

/// Maps times to x coordinates for a window drawn between `x_min` and `x_max` (points).
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct TimeScale {
    pub window: TimeWindow,
    pub x_min: f32,
    pub x_max: f32,
}

impl TimeScale {
    pub fn new(window: TimeWindow, x_min: f32, x_max: f32) -> Self {
        Self {
            window,
            x_min,
            x_max,
        }
    }

    pub fn width(&self) -> f32 {
        self.x_max - self.x_min
    }

    /// Seconds per point.
    pub fn seconds_per_point(&self) -> f64 {
        self.window.span() / f64::from(self.width().max(1.0))
    }

    /// The x of time `t`; times far outside the window map far outside `[x_min, x_max]`,
    /// clamped to ±1e7 points so that drawing code never sees infinities.
    pub fn x(&self, t: f64) -> f32 {
        let fraction = (t - self.window.start) / self.window.span();
        let x = f64::from(self.x_min) + fraction * f64::from(self.width());
        x.clamp(-1e7, 1e7) as f32
    }

    /// The time at x.
    pub fn time_at(&self, x: f32) -> f64 {
        let fraction = f64::from(x - self.x_min) / f64::from(self.width().max(1.0));
        self.window.start + fraction * self.window.span()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    #[test]
    fn scale_maps_both_ways() {
        let scale = TimeScale::new(TimeWindow::new(1000.0, 2000.0), 100.0, 600.0);
        assert_eq!(scale.x(1000.0), 100.0);
        assert_eq!(scale.x(2000.0), 600.0);
        assert_eq!(scale.x(1500.0), 350.0);
        assert_eq!(scale.time_at(350.0), 1500.0);
        assert_eq!(scale.seconds_per_point(), 2.0);
        assert_eq!(scale.x(1e30), 1e7, "far times are clamped, not infinite");
    }

    #[test]
    fn zoom_is_bounded() {
        let day = SECONDS_PER_DAY as f64;
        let window = TimeWindow::new(0.0, day);
        let tight = window.zoomed(1e9, day / 2.0, MAX_VIEW_SECONDS);
        assert_eq!(tight.span(), MIN_VIEW_SECONDS);
        let wide = window.zoomed(1e-12, day / 2.0, MAX_VIEW_SECONDS);
        assert_eq!(wide.span(), MAX_VIEW_SECONDS);
        assert_eq!(window.zoomed(f64::NAN, 0.0, MAX_VIEW_SECONDS), window);
    }

    #[test]
    fn fit_contains_range_with_margin() {
        let range = TimeRange::new(Timestamp(0), Timestamp(100 * SECONDS_PER_DAY));
        let window = TimeWindow::fit(range, 0.05);
        assert!(window.start < 0.0 && window.end > 100.0 * SECONDS_PER_DAY as f64);
        let instant = TimeWindow::fit(TimeRange::new(Timestamp(500), Timestamp(500)), 0.05);
        assert!(instant.span() >= SECONDS_PER_DAY as f64);
        assert!(instant.contains(500.0));
    }

    proptest! {
        #[test]
        fn zoom_keeps_anchor_under_cursor(
            start in -1e11f64..1e11,
            span in 100.0f64..1e10,
            fraction in 0.0f64..1.0,
            factor in 0.2f64..5.0,
        ) {
            let window = TimeWindow::new(start, start + span);
            let scale = TimeScale::new(window, 0.0, 1000.0);
            let x = (fraction * 1000.0) as f32;
            let anchor = scale.time_at(x);
            let zoomed = window.zoomed(factor, anchor, MAX_VIEW_SECONDS);
            let after = TimeScale::new(zoomed, 0.0, 1000.0);
            prop_assert!((after.x(anchor) - x).abs() < 0.01, "anchor moved from {} to {}", x, after.x(anchor));
        }

        #[test]
        fn fit_all_contains_every_event(
            spans in proptest::collection::vec((-1_000_000_000_000i64..1_000_000_000_000, 0i64..10_000_000_000), 1..50),
        ) {
            let ranges: Vec<TimeRange> = spans
                .iter()
                .map(|&(start, length)| TimeRange::new(Timestamp(start), Timestamp(start + length)))
                .collect();
            let extent = ranges.iter().copied().reduce(TimeRange::union);
            let window = TimeWindow::fit_all(extent, Timestamp(0));
            for range in &ranges {
                prop_assert!(window.start <= range.start.as_f64() && range.end.as_f64() <= window.end,
                    "{:?} is outside {:?}", range, window);
            }
        }

        #[test]
        fn pan_keeps_span(start in -1e11f64..1e11, span in 60.0f64..1e10, by in -1e10f64..1e10) {
            let window = TimeWindow::new(start, start + span);
            let panned = window.panned(by);
            prop_assert!((panned.span() - span).abs() <= span * 1e-6);
        }
    }
}
