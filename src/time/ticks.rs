//! Calendar-aware axis ticks: the finest step whose labels fit (seconds up to billions of
//! years), aligned to calendar boundaries (months, days of the month, round years, with BCE
//! years round as people read them), plus the coarser "context" boundaries (the day above
//! the hours, the month above the days, the year above the months).
//!
//! In a time zone other than UTC, ticks are made on the zone's wall clock and then placed at
//! the instants the wall clock shows them, so days start at local midnight and hours are local
//! hours; an hour the clock skips when daylight saving time begins has no tick.

use super::civil::{self, CivilTime, SECONDS_PER_DAY};
use super::scale::TimeWindow;
use super::zone::Zone;

/// The calendar unit of a tick step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord)]
pub enum TickUnit {
    Second,
    Minute,
    Hour,
    Day,
    Month,
    Year,
}

/// A tick every `count` `unit`s, aligned to the calendar.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TickStep {
    pub unit: TickUnit,
    pub count: i64,
}

/// One tick: where it is and what it says.
#[derive(Clone, Debug, PartialEq)]
pub struct Tick {
    /// Seconds since the epoch.
    pub time: i64,
    pub label: String,
}

/// Steps from finest to coarsest; years continue in a 1-2-5 series.
const SUB_YEAR_STEPS: &[(TickUnit, i64)] = &[
    (TickUnit::Second, 1),
    (TickUnit::Second, 2),
    (TickUnit::Second, 5),
    (TickUnit::Second, 10),
    (TickUnit::Second, 15),
    (TickUnit::Second, 30),
    (TickUnit::Minute, 1),
    (TickUnit::Minute, 2),
    (TickUnit::Minute, 5),
    (TickUnit::Minute, 10),
    (TickUnit::Minute, 15),
    (TickUnit::Minute, 30),
    (TickUnit::Hour, 1),
    (TickUnit::Hour, 2),
    (TickUnit::Hour, 3),
    (TickUnit::Hour, 6),
    (TickUnit::Hour, 12),
    (TickUnit::Day, 1),
    (TickUnit::Day, 2),
    (TickUnit::Day, 5),
    (TickUnit::Day, 10),
    (TickUnit::Month, 1),
    (TickUnit::Month, 3),
    (TickUnit::Month, 6),
];

/// The largest year step: beyond it a window would not fit in an `i64` of seconds anyway.
const MAX_YEAR_STEP: i64 = 50_000_000_000;

/// Every step from finest to coarsest.
pub fn all_steps() -> impl Iterator<Item = TickStep> {
    let sub_year = SUB_YEAR_STEPS
        .iter()
        .map(|&(unit, count)| TickStep { unit, count });
    let years = std::iter::successors(Some(1_i64), |&n| {
        // 1, 2, 5, 10, 20, 50, …
        let next = match n.to_string().as_bytes().first() {
            Some(b'2') => n / 2 * 5,
            _ => n * 2,
        };
        (next <= MAX_YEAR_STEP).then_some(next)
    })
    .map(|count| TickStep {
        unit: TickUnit::Year,
        count,
    });
    sub_year.chain(years)
}

impl TickStep {
    /// The shortest time between two consecutive ticks of this step, in seconds.
    pub fn min_seconds(&self) -> f64 {
        let unit = match self.unit {
            TickUnit::Second => 1.0,
            TickUnit::Minute => 60.0,
            TickUnit::Hour => 3600.0,
            TickUnit::Day => SECONDS_PER_DAY as f64,
            TickUnit::Month => 28.0 * SECONDS_PER_DAY as f64,
            TickUnit::Year => 365.0 * SECONDS_PER_DAY as f64,
        };
        unit * self.count as f64
    }

    /// The ticks of this step inside `window`, on the wall clock of `zone`, with their labels.
    pub fn ticks(&self, window: TimeWindow, zone: Zone) -> Vec<Tick> {
        if zone.is_utc() {
            return self.wall_ticks(window);
        }
        let ticks = self.wall_ticks(zone.wall_window(window));
        place_on_instants(ticks, zone, self.unit)
            .into_iter()
            .filter(|tick| window.contains(tick.time as f64))
            .collect()
    }

    /// The ticks of this step inside `window`, read as a wall clock (UTC's, or a zone's
    /// [`Zone::wall_window`]).
    fn wall_ticks(&self, window: TimeWindow) -> Vec<Tick> {
        let crosses_zero = window.start < civil::year_start(1) as f64;
        let mut ticks = Vec::new();
        let end = window.end;
        let first = CivilTime::from_seconds(window.start.floor() as i64);
        match self.unit {
            TickUnit::Second | TickUnit::Minute | TickUnit::Hour => {
                let step = match self.unit {
                    TickUnit::Second => self.count,
                    TickUnit::Minute => self.count * 60,
                    _ => self.count * 3600,
                };
                // Every count divides its parent unit (60 or 24), so aligning to the epoch
                // aligns to the minute, hour and day.
                let mut t = (window.start.floor() as i64).div_euclid(step) * step;
                while (t as f64) <= end {
                    if t as f64 >= window.start {
                        ticks.push(Tick {
                            time: t,
                            label: self.label(CivilTime::from_seconds(t)),
                        });
                    }
                    t += step;
                }
            }
            TickUnit::Day => {
                let mut day = civil::days_from_civil(first.year, first.month, first.day);
                loop {
                    let t = day * SECONDS_PER_DAY;
                    if t as f64 > end {
                        break;
                    }
                    let (year, month, dom) = civil::civil_from_days(day);
                    let days_left = civil::days_in_month(year, month) - dom + 1;
                    let on_step = (i64::from(dom) - 1) % self.count == 0;
                    // Skip a tick too close to the next month's first, which always has one.
                    if on_step && i64::from(days_left) >= self.count && t as f64 >= window.start {
                        ticks.push(Tick {
                            time: t,
                            label: dom.to_string(),
                        });
                    }
                    day += 1;
                }
            }
            TickUnit::Month => {
                let (mut year, mut month) = (first.year, first.month);
                loop {
                    let t = civil::month_start(year, month);
                    if t as f64 > end {
                        break;
                    }
                    if (i64::from(month) - 1) % self.count == 0 && t as f64 >= window.start {
                        ticks.push(Tick {
                            time: t,
                            label: civil::month_abbreviation(month).to_owned(),
                        });
                    }
                    (year, month) = if month == 12 {
                        (year + 1, 1)
                    } else {
                        (year, month + 1)
                    };
                }
            }
            TickUnit::Year => {
                let n = self.count;
                // CE ticks at multiples of n; BCE ticks where the BCE number is a multiple of
                // n (10 BCE, 20 BCE), since that is what people read.
                let is_tick = |y: i64| {
                    if y > 0 { y % n == 0 } else { (1 - y) % n == 0 }
                };
                let mut year = if first.year > 0 {
                    first.year.div_euclid(n) * n
                } else {
                    first.year
                };
                // Walk year by year only near zero; elsewhere jump from tick to tick.
                loop {
                    let t = civil::year_start(year);
                    if t as f64 > end {
                        break;
                    }
                    if is_tick(year) && t as f64 >= window.start {
                        ticks.push(Tick {
                            time: t,
                            label: civil::format_year(year, crosses_zero),
                        });
                    }
                    year = next_year_tick(year, n);
                }
            }
        }
        ticks
    }

    fn label(&self, time: CivilTime) -> String {
        match self.unit {
            TickUnit::Second => format!("{:02}:{:02}:{:02}", time.hour, time.minute, time.second),
            _ => format!("{:02}:{:02}", time.hour, time.minute),
        }
    }

    /// The coarser unit whose boundaries give context above these ticks, if any.
    pub fn context_unit(&self) -> Option<TickUnit> {
        match self.unit {
            TickUnit::Second | TickUnit::Minute | TickUnit::Hour => Some(TickUnit::Day),
            TickUnit::Day => Some(TickUnit::Month),
            TickUnit::Month => Some(TickUnit::Year),
            TickUnit::Year => None,
        }
    }
}

/// The year of the next tick after `year` for a step of `n` years.
fn next_year_tick(year: i64, n: i64) -> i64 {
    if year > 0 {
        // Next multiple of n.
        (year.div_euclid(n) + 1) * n
    } else {
        // BCE: the next year whose BCE number (1 - y) is a multiple of n, or year 1 CE's
        // neighbourhood: step to the next CE multiple once past zero.
        let bce = 1 - year; // ≥ 1
        let next_bce = (bce - 1).div_euclid(n) * n; // largest multiple of n below bce
        if next_bce >= 1 {
            1 - next_bce
        } else {
            n // first CE multiple
        }
    }
}

/// Wall-clock ticks moved to the instants at which the zone's clock shows them, in order.
/// A wall time the clock skips has no tick below a day; a day (or month, year) that starts in
/// the skipped hour starts when the clock jumps.
fn place_on_instants(ticks: Vec<Tick>, zone: Zone, unit: TickUnit) -> Vec<Tick> {
    let mut placed: Vec<Tick> = Vec::with_capacity(ticks.len());
    for tick in ticks {
        let time = if unit >= TickUnit::Day {
            Some(zone.instant_of_wall_or_after(tick.time))
        } else {
            zone.instant_of_wall(tick.time)
        };
        let Some(time) = time else { continue };
        // The clock going back can bring a wall time before the previous one's instant.
        if placed.last().is_some_and(|last| last.time >= time) {
            continue;
        }
        placed.push(Tick {
            time,
            label: tick.label,
        });
    }
    placed
}

/// Boundaries of `unit` (day, month or year) in the window on the wall clock of `zone`,
/// starting with the one at or before `window.start` so that its label can stay visible at
/// the left edge.
pub fn context_ticks(unit: TickUnit, window: TimeWindow, zone: Zone) -> Vec<Tick> {
    if zone.is_utc() {
        return wall_context_ticks(unit, window);
    }
    place_on_instants(
        wall_context_ticks(unit, zone.wall_window(window)),
        zone,
        unit,
    )
}

fn wall_context_ticks(unit: TickUnit, window: TimeWindow) -> Vec<Tick> {
    let first = CivilTime::from_seconds(window.start.floor() as i64);
    let mut ticks = Vec::new();
    let (mut year, mut month, mut day) = (first.year, first.month, first.day);
    // A generous bound: context units are always much coarser than the chosen step.
    for _ in 0..10_000 {
        let (time, label) = match unit {
            TickUnit::Day => (
                civil::days_from_civil(year, month, day) * SECONDS_PER_DAY,
                format!(
                    "{} {} {}",
                    day,
                    civil::month_abbreviation(month),
                    civil::format_year(year, false)
                ),
            ),
            TickUnit::Month => (
                civil::month_start(year, month),
                format!(
                    "{} {}",
                    civil::MONTH_NAMES[(month as usize).saturating_sub(1) % 12],
                    civil::format_year(year, false)
                ),
            ),
            TickUnit::Year => (civil::year_start(year), civil::format_year(year, false)),
            TickUnit::Second | TickUnit::Minute | TickUnit::Hour => return ticks,
        };
        if time as f64 > window.end {
            break;
        }
        ticks.push(Tick { time, label });
        match unit {
            TickUnit::Day => {
                let next = civil::days_from_civil(year, month, day) + 1;
                let (y, m, d) = civil::civil_from_days(next);
                (year, month, day) = (y, m, d);
            }
            TickUnit::Month => {
                (year, month) = if month == 12 {
                    (year + 1, 1)
                } else {
                    (year, month + 1)
                };
            }
            _ => year += 1,
        }
    }
    ticks
}

/// Picks the finest step whose ticks are at least `min_gap` points apart and whose widest
/// label, measured by `label_width`, fits between two ticks with `min_gap`-worth of padding.
///
/// Only steps that are already wide enough are generated, so the cost is bounded by the width
/// in points, not by the window's span.
pub fn choose_step(
    window: TimeWindow,
    zone: Zone,
    width_points: f32,
    min_gap: f32,
    label_width: &dyn Fn(&str) -> f32,
) -> (TickStep, Vec<Tick>) {
    let seconds_per_point = window.span() / f64::from(width_points.max(1.0));
    let mut last = None;
    for step in all_steps() {
        let step_points = (step.min_seconds() / seconds_per_point) as f32;
        if step_points < min_gap {
            continue;
        }
        let ticks = step.ticks(window, zone);
        let widest = ticks
            .iter()
            .map(|t| label_width(&t.label))
            .fold(0.0_f32, f32::max);
        if widest + min_gap * 0.5 <= step_points {
            return (step, ticks);
        }
        last = Some((step, ticks));
    }
    last.unwrap_or_else(|| {
        let step = TickStep {
            unit: TickUnit::Year,
            count: MAX_YEAR_STEP,
        };
        (step, step.ticks(window, zone))
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::time::scale::SECONDS_PER_YEAR;

    /// Labels measured as 7 points per character, as a 12-point font roughly is.
    fn width(text: &str) -> f32 {
        text.chars().count() as f32 * 7.0
    }

    fn window_of(start: (i64, u32, u32), seconds: f64) -> TimeWindow {
        let t = civil::days_from_civil(start.0, start.1, start.2) * SECONDS_PER_DAY;
        TimeWindow::new(t as f64, t as f64 + seconds)
    }

    fn assert_no_overlap(ticks: &[Tick], window: TimeWindow, px: f32) {
        let scale = px as f64 / window.span();
        for pair in ticks.windows(2) {
            let x0 = (pair[0].time as f64 - window.start) * scale;
            let x1 = (pair[1].time as f64 - window.start) * scale;
            assert!(
                x0 + f64::from(width(&pair[0].label)) < x1,
                "labels {:?} at {x0:.1} and {:?} at {x1:.1} overlap",
                pair[0].label,
                pair[1].label
            );
        }
    }

    #[test]
    fn step_follows_zoom_from_minutes_to_millennia() {
        let px = 1200.0;
        let cases: &[(f64, TickUnit)] = &[
            (120.0, TickUnit::Second),
            (3.0 * 3600.0, TickUnit::Minute),
            (2.0 * 86_400.0, TickUnit::Hour),
            (40.0 * 86_400.0, TickUnit::Day),
            (2.0 * SECONDS_PER_YEAR, TickUnit::Month),
            (30.0 * SECONDS_PER_YEAR, TickUnit::Year),
            (10_000.0 * SECONDS_PER_YEAR, TickUnit::Year),
        ];
        for &(span, unit) in cases {
            let window = window_of((2021, 11, 15), span);
            let (step, ticks) = choose_step(window, Zone::Utc, px, 12.0, &width);
            assert_eq!(step.unit, unit, "span {span}");
            assert!(ticks.len() >= 3, "span {span}: only {} ticks", ticks.len());
            assert!(ticks.len() <= 100, "span {span}: {} ticks", ticks.len());
            assert_no_overlap(&ticks, window, px);
        }
    }

    #[test]
    fn ticks_never_overlap_at_any_zoom() {
        // Sweep the span over eleven orders of magnitude and three widths.
        for px in [300.0_f32, 800.0, 1900.0] {
            let mut span = 60.0;
            while span < 20_000.0 * SECONDS_PER_YEAR {
                for start in [(2021, 2, 27), (-500, 1, 1), (1999, 12, 31)] {
                    let window = window_of(start, span);
                    let (_, ticks) = choose_step(window, Zone::Utc, px, 12.0, &width);
                    assert_no_overlap(&ticks, window, px);
                    assert!(ticks.iter().all(|t| window.contains(t.time as f64)));
                }
                span *= 1.37;
            }
        }
    }

    #[test]
    fn month_ticks_are_calendar_aligned() {
        let window = window_of((2021, 1, 1), 360.0 * 86_400.0);
        let ticks = TickStep {
            unit: TickUnit::Month,
            count: 3,
        }
        .ticks(window, Zone::Utc);
        let labels: Vec<_> = ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["Jan", "Apr", "Jul", "Oct"]);
    }

    #[test]
    fn day_ticks_skip_crowded_month_ends() {
        let window = window_of((2021, 1, 25), 10.0 * 86_400.0);
        let ticks = TickStep {
            unit: TickUnit::Day,
            count: 2,
        }
        .ticks(window, Zone::Utc);
        let labels: Vec<_> = ticks.iter().map(|t| t.label.as_str()).collect();
        // 31 January would sit one day before 1 February: skipped.
        assert_eq!(labels, ["25", "27", "29", "1", "3"]);
    }

    #[test]
    fn bce_years_are_labelled_and_round() {
        let window = window_of((-60, 1, 1), 80.0 * SECONDS_PER_YEAR);
        let ticks = TickStep {
            unit: TickUnit::Year,
            count: 10,
        }
        .ticks(window, Zone::Utc);
        let labels: Vec<_> = ticks.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(
            labels,
            [
                "60 BCE", "50 BCE", "40 BCE", "30 BCE", "20 BCE", "10 BCE", "10 CE"
            ]
        );
    }

    #[test]
    fn context_ticks_name_the_enclosing_unit() {
        let window = window_of((2021, 11, 20), 20.0 * 86_400.0);
        let months = context_ticks(TickUnit::Month, window, Zone::Utc);
        let labels: Vec<_> = months.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["November 2021", "December 2021"]);
        assert!(
            months[0].time as f64 <= window.start,
            "first one is at or before the start"
        );
        let days = context_ticks(
            TickUnit::Day,
            window_of((2021, 11, 15), 86_400.0 * 1.5),
            Zone::Utc,
        );
        assert_eq!(days[0].label, "15 Nov 2021");
    }

    #[test]
    fn deep_time_gets_big_year_steps() {
        let window = TimeWindow::new(-13.8e9 * SECONDS_PER_YEAR, 0.0);
        let (step, ticks) = choose_step(window, Zone::Utc, 1000.0, 12.0, &width);
        assert_eq!(step.unit, TickUnit::Year);
        assert!(step.count >= 1_000_000_000);
        assert!(!ticks.is_empty());
    }
}

#[cfg(test)]
mod zone_tests {
    use super::*;

    fn zone(name: &str) -> Zone {
        Zone::parse(name).expect("a known zone")
    }

    fn at(text: &str) -> f64 {
        crate::time::Date::parse(text)
            .expect("valid")
            .earliest()
            .as_f64()
    }

    #[test]
    fn days_start_at_local_midnight() {
        let kyiv = zone("Europe/Kyiv");
        let window = TimeWindow::new(at("2022-02-22T12:00Z"), at("2022-02-26T12:00Z"));
        let days = TickStep {
            unit: TickUnit::Day,
            count: 1,
        }
        .ticks(window, kyiv);
        let labels: Vec<_> = days.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["23", "24", "25", "26"]);
        // Kyiv is two hours ahead in February: its midnight is 22:00 UTC the day before.
        assert_eq!(days[1].time as f64, at("2022-02-23T22:00Z"));
        let context = context_ticks(TickUnit::Day, window, kyiv);
        assert_eq!(context[0].label, "22 Feb 2022");
        assert_eq!(context[0].time as f64, at("2022-02-21T22:00Z"));
    }

    #[test]
    fn the_hour_skipped_by_daylight_saving_time_has_no_tick() {
        let new_york = zone("America/New_York");
        let window = TimeWindow::new(at("2022-03-13T04:30Z"), at("2022-03-13T09:30Z"));
        let hours = TickStep {
            unit: TickUnit::Hour,
            count: 1,
        }
        .ticks(window, new_york);
        let labels: Vec<_> = hours.iter().map(|t| t.label.as_str()).collect();
        assert_eq!(labels, ["00:00", "01:00", "03:00", "04:00", "05:00"]);
        assert_eq!(hours[2].time as f64, at("2022-03-13T07:00Z"));
    }

    #[test]
    fn zoned_ticks_never_overlap_and_stay_in_the_window() {
        for name in ["America/New_York", "Asia/Kathmandu", "Australia/Lord_Howe"] {
            let zone = zone(name);
            let mut span = 60.0;
            while span < 2_000.0 * SECONDS_PER_YEAR_F64 {
                for start in ["2021-03-27T20:00Z", "2021-10-30T22:00Z", "-0500-01-01"] {
                    let window = TimeWindow::new(at(start), at(start) + span);
                    let (_, ticks) = choose_step(window, zone, 900.0, 12.0, &|t: &str| {
                        t.chars().count() as f32 * 7.0
                    });
                    assert!(ticks.iter().all(|t| window.contains(t.time as f64)));
                    assert!(
                        ticks.windows(2).all(|p| p[0].time < p[1].time),
                        "{name}, {start}, {span}"
                    );
                }
                span *= 1.9;
            }
        }
    }

    const SECONDS_PER_YEAR_F64: f64 = crate::time::SECONDS_PER_YEAR;
}
