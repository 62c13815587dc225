//! Time zones: which wall clock to read instants on (UTC, the system's zone, or any IANA zone),
//! the arithmetic between an instant and its local time (offset, abbreviation, daylight saving
//! time), and how dates are written in a zone.
//!
//! The rules come from chrono-tz's compiled tz database; nothing here knows an offset by
//! itself. The hand-written calendar (`civil`, `date`) still does the calendar: precision,
//! qualifiers and years beyond chrono's ±262,143, for which a zone falls back to UTC (no zone
//! had rules then, and a one-day error over a million years is noise).
//!
//! A date written to the day or coarser (`2022-02-24`, `2021-11`, `2014`) names a calendar day,
//! not an instant: it is written as it is in every zone and never moves to another day. Only
//! clock times (`2022-02-24T03:00Z`) are shown on the zone's clock.

use std::str::FromStr as _;
use std::sync::OnceLock;

use chrono::{LocalResult, Offset as _, TimeZone as _};
use chrono_tz::{OffsetName as _, Tz};

use super::civil::{self, CivilTime};
use super::date::{Date, Precision};
use super::scale::{TimeWindow, Timestamp};

/// Where clock times are read.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub enum Zone {
    /// Coordinated Universal Time: what dates without an offset mean in a file.
    #[default]
    Utc,
    /// The system's zone, looked up when first used (see [`system_zone`]).
    Local,
    /// A zone of the IANA database, such as `Europe/Kyiv`.
    Named(Tz),
}

/// An instant on a zone's wall clock.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct LocalTime {
    /// The calendar date and time on the wall clock.
    pub civil: CivilTime,
    /// Seconds east of UTC in force at that instant (daylight saving time included).
    pub offset_seconds: i32,
    /// What the zone calls itself then: `EDT`, `MSK`, or `UTC+04` where the database has no
    /// letters for it.
    pub abbreviation: String,
}

/// Why a zone name was refused.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum ZoneError {
    #[error("no time zone given; write an IANA name such as Europe/Kyiv, or UTC")]
    Empty,
    #[error(
        "unknown time zone {name:?}{}; write an IANA name such as Europe/Kyiv or America/New_York, or UTC",
        did_you_mean(.suggestions)
    )]
    Unknown {
        name: String,
        /// The known zones closest to what was written, if any is close (old and new names
        /// of a zone, such as Europe/Kiev and Europe/Kyiv, may tie).
        suggestions: Vec<&'static str>,
    },
}

fn did_you_mean(suggestions: &[&'static str]) -> String {
    if suggestions.is_empty() {
        String::new()
    } else {
        format!(" (did you mean {}?)", suggestions.join(" or "))
    }
}

/// The name [`Zone::parse`] reads as the system's zone.
pub const LOCAL_NAME: &str = "local";

/// The rules to apply, with the system's zone looked up.
enum Rules {
    Utc,
    Tz(Tz),
    /// The system's zone when its IANA name is not known: chrono asks the C library.
    SystemOffsets,
}

/// The system's zone as an IANA zone, if the system names one we know (`TZ`, or the link
/// `/etc/localtime`). Looked up once: the answer is the same for the whole run.
pub fn system_zone() -> Option<Tz> {
    static SYSTEM: OnceLock<Option<Tz>> = OnceLock::new();
    *SYSTEM.get_or_init(|| {
        let name = iana_time_zone::get_timezone().ok()?;
        Tz::from_str(&name).ok()
    })
}

impl Zone {
    /// A zone from its name: `UTC`, `local` (the system's), or an IANA name (`Europe/Kyiv`),
    /// in any case.
    pub fn parse(text: &str) -> Result<Self, ZoneError> {
        let name = text.trim();
        if name.is_empty() {
            return Err(ZoneError::Empty);
        }
        if name.eq_ignore_ascii_case("UTC") || name == "Z" {
            return Ok(Self::Utc);
        }
        if name.eq_ignore_ascii_case(LOCAL_NAME) || name.eq_ignore_ascii_case("system") {
            return Ok(Self::Local);
        }
        if let Ok(tz) = Tz::from_str(name) {
            return Ok(Self::Named(tz));
        }
        if let Some(tz) = chrono_tz::TZ_VARIANTS
            .iter()
            .find(|tz| tz.name().eq_ignore_ascii_case(name))
        {
            return Ok(Self::Named(*tz));
        }
        Err(ZoneError::Unknown {
            name: name.to_owned(),
            suggestions: closest_zone_names(name),
        })
    }

    /// The zone kept in the settings under `name`; UTC when it is empty or no longer known
    /// (a settings file from another version must not stop the window).
    pub fn from_setting(name: &str) -> Self {
        Self::parse(name).unwrap_or_default()
    }

    /// The name [`Zone::parse`] reads back: `UTC`, `local` or the IANA name.
    pub fn setting_name(self) -> String {
        match self {
            Self::Utc => "UTC".to_owned(),
            Self::Local => LOCAL_NAME.to_owned(),
            Self::Named(tz) => tz.name().to_owned(),
        }
    }

    /// The name for people: `UTC`, `Europe/Kyiv`, `System (Europe/Berlin)`.
    pub fn label(self) -> String {
        match self {
            Self::Utc => "UTC".to_owned(),
            Self::Named(tz) => tz.name().to_owned(),
            Self::Local => match system_zone() {
                Some(tz) => format!("System ({})", tz.name()),
                None => "System time zone".to_owned(),
            },
        }
    }

    /// The clock's name for a reader who does not know this computer: `UTC`, `Europe/Kyiv`;
    /// the system's zone by its IANA name when it has one.
    pub fn clock_name(self) -> String {
        match (self, system_zone()) {
            (Self::Local, Some(tz)) => tz.name().to_owned(),
            (Self::Local, None) => "local time".to_owned(),
            (zone, _) => zone.label(),
        }
    }

    fn rules(self) -> Rules {
        match self {
            Self::Utc => Rules::Utc,
            Self::Named(tz) => Rules::Tz(tz),
            Self::Local => match system_zone() {
                Some(tz) => Rules::Tz(tz),
                None => Rules::SystemOffsets,
            },
        }
    }

    /// Whether this zone reads every instant as UTC does (no arithmetic needed).
    pub fn is_utc(self) -> bool {
        matches!(self.rules(), Rules::Utc)
    }

    /// The offset east of UTC and the abbreviation at `t`; `None` outside chrono's range.
    fn offset_at(self, t: Timestamp) -> Option<(i32, String)> {
        let utc = chrono::DateTime::from_timestamp(t.0, 0)?.naive_utc();
        match self.rules() {
            Rules::Utc => Some((0, "UTC".to_owned())),
            Rules::Tz(tz) => {
                let offset = tz.offset_from_utc_datetime(&utc);
                let seconds = offset.fix().local_minus_utc();
                let abbreviation = offset
                    .abbreviation()
                    .map_or_else(|| offset_text(seconds), str::to_owned);
                Some((seconds, abbreviation))
            }
            Rules::SystemOffsets => {
                let seconds = chrono::Local
                    .offset_from_utc_datetime(&utc)
                    .local_minus_utc();
                Some((seconds, offset_text(seconds)))
            }
        }
    }

    /// The wall clock of this zone at `t`; UTC's where chrono has no answer (beyond ±262,143
    /// years).
    pub fn local_time(self, t: Timestamp) -> LocalTime {
        let (offset_seconds, abbreviation) =
            self.offset_at(t).unwrap_or_else(|| (0, "UTC".to_owned()));
        LocalTime {
            civil: CivilTime::from_seconds(t.0.saturating_add(i64::from(offset_seconds))),
            offset_seconds,
            abbreviation,
        }
    }

    /// `t` as seconds on the wall clock (as if the wall clock were UTC): the space where local
    /// midnights and hours fall on round numbers.
    pub fn wall_seconds(self, t: i64) -> i64 {
        if self.is_utc() {
            return t;
        }
        let offset = self
            .offset_at(Timestamp(t))
            .map_or(0, |(seconds, _)| seconds);
        t.saturating_add(i64::from(offset))
    }

    /// The instant at which the wall clock reads `wall` (seconds, as from
    /// [`Zone::wall_seconds`]): the earlier of two when the clock goes back and reads it twice,
    /// `None` when the clock skips it (02:30 on the night daylight saving time starts).
    pub fn instant_of_wall(self, wall: i64) -> Option<i64> {
        let Some(naive) = chrono::DateTime::from_timestamp(wall, 0).map(|d| d.naive_utc()) else {
            // Beyond chrono's range: read as UTC, as `local_time` does.
            return Some(wall);
        };
        let offset = match self.rules() {
            Rules::Utc => return Some(wall),
            Rules::Tz(tz) => match tz.offset_from_local_datetime(&naive) {
                LocalResult::Single(o) | LocalResult::Ambiguous(o, _) => o.fix().local_minus_utc(),
                LocalResult::None => return None,
            },
            Rules::SystemOffsets => match chrono::Local.offset_from_local_datetime(&naive) {
                LocalResult::Single(o) | LocalResult::Ambiguous(o, _) => o.local_minus_utc(),
                LocalResult::None => return None,
            },
        };
        Some(wall.saturating_sub(i64::from(offset)))
    }

    /// Like [`Zone::instant_of_wall`], but a wall time the clock skips gives the instant of
    /// the jump (or just after it): where a day that starts in the skipped hour starts.
    pub fn instant_of_wall_or_after(self, wall: i64) -> i64 {
        self.instant_of_wall(wall).unwrap_or_else(|| {
            // Read it with the offset in force a day earlier, before the jump: the wall time
            // then falls on the jump itself, or as far after it as it is into the gap.
            let day_before = wall.saturating_sub(civil::SECONDS_PER_DAY);
            let offset_before = self.wall_seconds(day_before) - day_before;
            wall.saturating_sub(offset_before)
        })
    }

    /// `t`, a bound of `date` (its earliest or latest instant in UTC), moved onto this zone's
    /// days when the date has no time (a day, a month, a year): 24 February in Washington
    /// starts at 05:00 UTC, so a date is drawn on its own day whatever the zone. A clock time
    /// is an instant and is kept.
    pub fn on_local_days(self, date: &Date, t: Timestamp) -> Timestamp {
        if self.is_utc() || date.precision > Precision::Day {
            return t;
        }
        Timestamp(self.instant_of_wall_or_after(t.0))
    }

    /// A window of instants as the same stretch of wall-clock seconds.
    pub fn wall_window(self, window: TimeWindow) -> TimeWindow {
        if self.is_utc() {
            return window;
        }
        let shift = |t: f64| {
            let whole = t.floor() as i64;
            (self.wall_seconds(whole) - whole) as f64 + t
        };
        TimeWindow::new(shift(window.start), shift(window.end))
    }

    /// A date written for scripts: day-or-coarser dates as written (`2014`, `2021-11`,
    /// `2022-02-24~`), clock times on this zone's clock with its abbreviation
    /// (`2022-02-24 06:00 MSK`, `2022-02-24 06:00:30~ MSK`).
    pub fn iso_text(self, date: &Date) -> String {
        if date.precision <= Precision::Day {
            return date.to_string();
        }
        let local = self.local_time(date.earliest());
        let c = local.civil;
        let mut out = format!(
            "{}-{:02}-{:02} {:02}:{:02}",
            iso_year(c.year),
            c.month,
            c.day,
            c.hour,
            c.minute
        );
        if date.precision >= Precision::Second {
            out.push_str(&format!(":{:02}", c.second));
        }
        out.push_str(date.qualifier.suffix());
        out.push(' ');
        out.push_str(&local.abbreviation);
        out
    }

    /// A date for people: day-or-coarser dates as [`Date::human`] writes them, clock times on
    /// this zone's clock with its abbreviation ("24 Feb 2022, 06:00 MSK, approx.").
    pub fn human_text(self, date: &Date) -> String {
        if date.precision <= Precision::Day {
            return date.human();
        }
        let local = self.local_time(date.earliest());
        let c = local.civil;
        let mut out = format!(
            "{} {} {}, {:02}:{:02}",
            c.day,
            civil::month_abbreviation(c.month),
            civil::format_year(c.year, false),
            c.hour,
            c.minute
        );
        if date.precision >= Precision::Second {
            out.push_str(&format!(":{:02}", c.second));
        }
        out.push(' ');
        out.push_str(&local.abbreviation);
        if !date.qualifier.is_exact() {
            out.push_str(", ");
            out.push_str(date.qualifier.words());
        }
        out
    }

    /// A visible span in words on this zone's clock, at a precision that suits its length:
    /// "25 Oct 2021 – 5 Mar 2022", "24 Feb 2022, 05:00 – 24 Feb 2022, 09:00 MSK".
    pub fn describe_window(self, window: TimeWindow) -> String {
        let span_days = window.span() / civil::SECONDS_PER_DAY as f64;
        let precision = if span_days > 20.0 * 365.0 {
            Precision::Year
        } else if span_days > 2.0 * 365.0 {
            Precision::Month
        } else if span_days > 2.0 {
            Precision::Day
        } else {
            Precision::Minute
        };
        let at = |t: f64| {
            let local = self.local_time(Timestamp(t.floor() as i64));
            (
                Date::at(Timestamp(local.civil.to_seconds()), precision),
                local,
            )
        };
        let (start, _) = at(window.start);
        let (end, end_local) = at(window.end);
        let mut text = format!("{} – {}", start.human(), end.human());
        if precision > Precision::Day {
            text.push(' ');
            text.push_str(&end_local.abbreviation);
        }
        text
    }
}

/// An offset as `UTC+04`, `UTC-03:30`: for zones the database names only by number.
fn offset_text(seconds: i32) -> String {
    let sign = if seconds < 0 { '-' } else { '+' };
    let minutes = seconds.unsigned_abs() / 60;
    if minutes.is_multiple_of(60) {
        format!("UTC{sign}{:02}", minutes / 60)
    } else {
        format!("UTC{sign}{:02}:{:02}", minutes / 60, minutes % 60)
    }
}

/// A year as ISO 8601 writes it, the way [`Date`]'s `Display` does: `2022`, `-0043`, `+12345`.
fn iso_year(year: i64) -> String {
    if (0..=9999).contains(&year) {
        format!("{year:04}")
    } else if year < 0 {
        format!("-{:04}", year.unsigned_abs())
    } else {
        format!("+{year}")
    }
}

/// The known zone names closest to `name` (typos, or just the city: `Kyiv`), if any is close
/// enough to be worth suggesting; at most three.
fn closest_zone_names(name: &str) -> Vec<&'static str> {
    let wanted = name.to_lowercase().replace(' ', "_");
    let wanted_city = wanted.rsplit('/').next().unwrap_or(&wanted).to_owned();
    let close_enough = (wanted_city.chars().count() / 3).max(1);
    let mut scored: Vec<(usize, &'static str)> = chrono_tz::TZ_VARIANTS
        .iter()
        .map(|tz| {
            let known = tz.name().to_lowercase();
            let city = known.rsplit('/').next().unwrap_or(&known);
            let distance = edit_distance(&wanted, &known).min(edit_distance(&wanted_city, city));
            (distance, tz.name())
        })
        .filter(|&(distance, _)| distance <= close_enough)
        .collect();
    scored.sort_unstable();
    let best = scored.first().map(|&(distance, _)| distance);
    scored
        .into_iter()
        .take_while(|&(distance, _)| Some(distance) == best)
        .take(3)
        .map(|(_, name)| name)
        .collect()
}

/// Edit distance in characters, a swap of two neighbours counting as one edit (the commonest
/// typo: "Kiyv").
fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    // rows[i][j]: the distance between a[..i] and b[..j].
    let mut rows = vec![vec![0_usize; b.len() + 1]; a.len() + 1];
    for (i, row) in rows.iter_mut().enumerate() {
        row[0] = i;
    }
    for (j, cell) in rows[0].iter_mut().enumerate() {
        *cell = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let substitute = rows[i - 1][j - 1] + usize::from(a[i - 1] != b[j - 1]);
            let mut best = substitute.min(rows[i - 1][j] + 1).min(rows[i][j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                best = best.min(rows[i - 2][j - 2] + 1);
            }
            rows[i][j] = best;
        }
    }
    rows[a.len()][b.len()]
}

#[cfg(test)]
mod tests {
    use super::*;

    fn zone(name: &str) -> Zone {
        Zone::parse(name).unwrap_or_else(|e| panic!("{name}: {e}"))
    }

    fn instant(text: &str) -> Timestamp {
        Date::parse(text).expect("valid").earliest()
    }

    #[test]
    fn names_are_read_in_any_case_and_round_trip() {
        assert_eq!(zone("UTC"), Zone::Utc);
        assert_eq!(zone("utc"), Zone::Utc);
        assert_eq!(zone("local"), Zone::Local);
        assert_eq!(zone("europe/kyiv"), Zone::Named(Tz::Europe__Kyiv));
        for name in ["UTC", "local", "Europe/Kyiv", "America/New_York"] {
            assert_eq!(zone(name).setting_name(), name);
        }
        assert_eq!(Zone::from_setting(""), Zone::Utc);
        assert_eq!(Zone::from_setting("Mars/Olympus_Mons"), Zone::Utc);
    }

    #[test]
    fn an_unknown_zone_is_named_and_a_close_one_suggested() {
        let error = Zone::parse("Europe/Kiyv").expect_err("unknown");
        let message = error.to_string();
        assert!(message.contains("\"Europe/Kiyv\""), "{message}");
        assert!(
            message.contains("did you mean Europe/Kiev or Europe/Kyiv?"),
            "{message}"
        );
        assert!(message.contains("such as Europe/Kyiv"), "{message}");
        let message = Zone::parse("Kyiv").expect_err("unknown").to_string();
        assert!(message.contains("Europe/Kyiv"), "{message}");
        assert_eq!(
            Zone::parse("Nowhere at all"),
            Err(ZoneError::Unknown {
                name: "Nowhere at all".into(),
                suggestions: Vec::new()
            })
        );
        assert_eq!(Zone::parse("  "), Err(ZoneError::Empty));
    }

    #[test]
    fn daylight_saving_time_begins_in_new_york() {
        let new_york = zone("America/New_York");
        let before = new_york.local_time(instant("2022-03-13T06:30Z"));
        assert_eq!((before.civil.hour, before.civil.minute), (1, 30));
        assert_eq!(before.abbreviation, "EST");
        let after = new_york.local_time(instant("2022-03-13T07:30Z"));
        assert_eq!(
            (after.civil.day, after.civil.hour, after.civil.minute),
            (13, 3, 30)
        );
        assert_eq!(after.abbreviation, "EDT");
        assert_eq!(after.offset_seconds, -4 * 3600);
        // 02:30 does not exist that night; 01:30 happens once.
        let wall = |h: u32, m: u32| {
            CivilTime {
                year: 2022,
                month: 3,
                day: 13,
                hour: h,
                minute: m,
                second: 0,
            }
            .to_seconds()
        };
        assert_eq!(new_york.instant_of_wall(wall(2, 30)), None);
        assert_eq!(
            new_york.instant_of_wall(wall(3, 30)),
            Some(instant("2022-03-13T07:30Z").0)
        );
    }

    #[test]
    fn clock_times_are_written_in_the_zone_and_days_as_written() {
        let start = Date::parse("2022-02-24T03:00Z").expect("valid");
        assert_eq!(
            zone("Europe/Moscow").iso_text(&start),
            "2022-02-24 06:00 MSK"
        );
        assert_eq!(
            zone("America/New_York").iso_text(&start),
            "2022-02-23 22:00 EST"
        );
        assert_eq!(Zone::Utc.iso_text(&start), "2022-02-24 03:00 UTC");
        assert_eq!(
            zone("Europe/Moscow").human_text(&start.with_qualifier(crate::time::Qualifier {
                approximate: true,
                uncertain: false
            })),
            "24 Feb 2022, 06:00 MSK, approx."
        );
        assert_eq!(
            zone("Asia/Dubai").iso_text(&start),
            "2022-02-24 07:00 UTC+04"
        );
        assert_eq!(
            zone("Asia/Kathmandu").iso_text(&start),
            "2022-02-24 08:45 UTC+05:45"
        );
        for text in ["2014", "2021-11", "2022-02-24~", "-0043-03-15"] {
            let date = Date::parse(text).expect("valid");
            for name in ["Pacific/Kiritimati", "Pacific/Pago_Pago", "Asia/Tokyo"] {
                assert_eq!(zone(name).iso_text(&date), text);
                assert_eq!(zone(name).human_text(&date), date.human());
            }
        }
    }

    #[test]
    fn years_beyond_chrono_fall_back_to_utc() {
        let kyiv = zone("Europe/Kyiv");
        let deep = Date::parse("-1000000-06-01T12:00").expect("valid");
        assert_eq!(kyiv.iso_text(&deep), "-1000000-06-01 12:00 UTC");
        let t = deep.earliest().0;
        assert_eq!(kyiv.wall_seconds(t), t);
        assert_eq!(kyiv.instant_of_wall(t), Some(t));
        assert_eq!(kyiv.wall_seconds(i64::MAX), i64::MAX, "no overflow");
    }

    #[test]
    fn windows_are_described_on_the_zones_clock() {
        let window = TimeWindow::new(
            instant("2022-02-24T02:00Z").as_f64(),
            instant("2022-02-24T06:00Z").as_f64(),
        );
        assert_eq!(
            zone("Europe/Moscow").describe_window(window),
            "24 Feb 2022, 05:00 – 24 Feb 2022, 09:00 MSK"
        );
    }
}
