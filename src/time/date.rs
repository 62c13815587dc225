//! Dates as people write them: an ISO 8601 prefix that keeps its precision (`2014` is the
//! whole year, not 1 January), EDTF qualifiers for approximate (`~`) and uncertain (`?`)
//! dates, BCE years, and UTC offsets.
//!
//! A [`Date`] is not a point: it covers the span from [`Date::earliest`] to [`Date::latest`]
//! (exclusive), and the timeline shows that span so a year never pretends to be a day.

use std::fmt;

use super::civil::{self, CivilTime, MAX_ABS_YEAR, SECONDS_PER_DAY};
use super::scale::{TimeRange, TimeWindow, Timestamp};

/// How much of a date was written.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub enum Precision {
    Year,
    Month,
    Day,
    Hour,
    Minute,
    Second,
}

impl Precision {
    /// The word for the UI: "year", "month", "day", …
    pub fn name(self) -> &'static str {
        match self {
            Self::Year => "year",
            Self::Month => "month",
            Self::Day => "day",
            Self::Hour => "hour",
            Self::Minute => "minute",
            Self::Second => "second",
        }
    }
}

/// EDTF qualifiers: `~` approximate, `?` uncertain, `%` both.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash)]
pub struct Qualifier {
    /// The date is an estimate ("about", "a few days later").
    pub approximate: bool,
    /// The source is not sure of the date ("possibly", "reportedly").
    pub uncertain: bool,
}

impl Qualifier {
    pub const EXACT: Self = Self {
        approximate: false,
        uncertain: false,
    };

    pub fn is_exact(self) -> bool {
        !self.approximate && !self.uncertain
    }

    /// The EDTF suffix: `""`, `"~"`, `"?"` or `"%"`.
    pub fn suffix(self) -> &'static str {
        match (self.approximate, self.uncertain) {
            (false, false) => "",
            (true, false) => "~",
            (false, true) => "?",
            (true, true) => "%",
        }
    }

    /// Words for the UI: `""`, `"approx."`, `"uncertain"`, `"approx., uncertain"`.
    pub fn words(self) -> &'static str {
        match (self.approximate, self.uncertain) {
            (false, false) => "",
            (true, false) => "approx.",
            (false, true) => "uncertain",
            (true, true) => "approx., uncertain",
        }
    }
}

/// A UTC offset in minutes east of Greenwich (`-04:00` is -240).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct UtcOffset(pub i16);

/// A calendar date (and maybe a time) at a given precision, as written in a dataset.
///
/// Fields below the precision are at their minimum (month 1, day 1, 00:00:00) and carry no
/// meaning. Times without an offset are read as UTC.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub struct Date {
    /// Astronomical year: 0 is 1 BCE, -43 is 44 BCE.
    pub year: i64,
    pub month: u8,
    pub day: u8,
    pub hour: u8,
    pub minute: u8,
    pub second: u8,
    pub offset: Option<UtcOffset>,
    pub precision: Precision,
    pub qualifier: Qualifier,
}

impl Date {
    /// A whole year.
    pub fn year(year: i64) -> Self {
        Self {
            year,
            month: 1,
            day: 1,
            hour: 0,
            minute: 0,
            second: 0,
            offset: None,
            precision: Precision::Year,
            qualifier: Qualifier::EXACT,
        }
    }

    /// A whole day.
    pub fn day(year: i64, month: u8, day: u8) -> Self {
        Self {
            month,
            day,
            precision: Precision::Day,
            ..Self::year(year)
        }
    }

    /// The date (UTC) of an instant, written to `precision`.
    pub fn at(t: Timestamp, precision: Precision) -> Self {
        let c = CivilTime::from_seconds(t.0);
        let mut date = Self::year(c.year);
        date.precision = precision;
        if precision >= Precision::Month {
            date.month = c.month as u8;
        }
        if precision >= Precision::Day {
            date.day = c.day as u8;
        }
        if precision >= Precision::Hour {
            date.hour = c.hour as u8;
        }
        if precision >= Precision::Minute {
            date.minute = c.minute as u8;
        }
        if precision >= Precision::Second {
            date.second = c.second as u8;
        }
        date
    }

    /// A date from separate parts, as spreadsheets and other formats give them: the
    /// precision is that of the last part given. Every part is checked as [`Date::parse`]
    /// checks it.
    pub fn from_parts(
        year: i64,
        month: Option<u32>,
        day: Option<u32>,
        hour: Option<u32>,
        minute: Option<u32>,
        second: Option<u32>,
    ) -> Result<Self, DateError> {
        if year.abs() > MAX_ABS_YEAR {
            return Err(DateError::YearOutOfRange(year.to_string()));
        }
        let mut date = Self::year(year);
        let Some(month) = month else { return Ok(date) };
        if !(1..=12).contains(&month) {
            return Err(DateError::MonthOutOfRange { month });
        }
        date.month = month as u8;
        date.precision = Precision::Month;
        let Some(day) = day else { return Ok(date) };
        let max = civil::days_in_month(year, month);
        if day == 0 || day > max {
            return Err(DateError::DayOutOfRange {
                day,
                month_name: civil::MONTH_NAMES[(month - 1) as usize],
                year: civil::format_year(year, false),
                max,
            });
        }
        date.day = day as u8;
        date.precision = Precision::Day;
        let Some(hour) = hour else { return Ok(date) };
        if hour > 23 {
            return Err(DateError::HourOutOfRange(hour));
        }
        date.hour = hour as u8;
        date.precision = Precision::Hour;
        let Some(minute) = minute else {
            return Ok(date);
        };
        if minute > 59 {
            return Err(DateError::MinuteOutOfRange(minute));
        }
        date.minute = minute as u8;
        date.precision = Precision::Minute;
        let Some(second) = second else {
            return Ok(date);
        };
        if second > 59 {
            return Err(DateError::SecondOutOfRange(second));
        }
        date.second = second as u8;
        date.precision = Precision::Second;
        Ok(date)
    }

    /// A day written the way people write it: `24 February 2022`, `24 Feb 2022`,
    /// `February 24, 2022`, or ISO `2022-02-24`.
    pub fn parse_day_in_words(text: &str) -> Result<Self, DateError> {
        let text = text.trim();
        if let Ok(date) = Self::parse(text) {
            return Ok(date);
        }
        let words: Vec<&str> = text
            .split(|c: char| c.is_whitespace() || c == ',' || c == '-')
            .filter(|w| !w.is_empty())
            .collect();
        let month_of = |word: &str| {
            let word = word.to_lowercase();
            civil::MONTH_NAMES
                .iter()
                .position(|m| {
                    let m = m.to_lowercase();
                    m == word || (word.len() >= 3 && m.starts_with(&word))
                })
                .map(|i| i as u32 + 1)
        };
        let (day, month, year) = match words.as_slice() {
            [d, m, y] if month_of(m).is_some() => (d, month_of(m), y),
            [m, d, y] if month_of(m).is_some() => (d, month_of(m), y),
            _ => return Err(DateError::NotADate(excerpt(text))),
        };
        let (Ok(day), Some(month), Ok(year)) = (day.parse::<u32>(), month, year.parse::<i64>())
        else {
            return Err(DateError::NotADate(excerpt(text)));
        };
        Self::from_parts(year, Some(month), Some(day), None, None, None)
    }

    /// The same date with another qualifier.
    pub fn with_qualifier(self, qualifier: Qualifier) -> Self {
        Self { qualifier, ..self }
    }

    /// Parses an ISO 8601 prefix with an optional EDTF qualifier, see [`DateError`] for what is
    /// refused and why.
    pub fn parse(text: &str) -> Result<Self, DateError> {
        parse_date(text)
    }

    /// The first instant this date may mean.
    pub fn earliest(&self) -> Timestamp {
        let local = CivilTime {
            year: self.year,
            month: u32::from(self.month),
            day: u32::from(self.day),
            hour: u32::from(self.hour),
            minute: u32::from(self.minute),
            second: u32::from(self.second),
        }
        .to_seconds();
        let offset_seconds = self.offset.map_or(0, |o| i64::from(o.0) * 60);
        Timestamp(local - offset_seconds)
    }

    /// The first instant after this date: `2014` ends at the start of 2015.
    pub fn latest(&self) -> Timestamp {
        let start = self.earliest().0;
        let end = match self.precision {
            Precision::Year => {
                start + (civil::year_start(self.year + 1) - civil::year_start(self.year))
            }
            Precision::Month => {
                start
                    + i64::from(civil::days_in_month(self.year, u32::from(self.month)))
                        * SECONDS_PER_DAY
            }
            Precision::Day => start + SECONDS_PER_DAY,
            Precision::Hour => start + 3600,
            Precision::Minute => start + 60,
            Precision::Second => start + 1,
        };
        Timestamp(end)
    }

    /// The span of time this date may mean.
    pub fn span(&self) -> TimeRange {
        TimeRange::new(self.earliest(), self.latest())
    }

    /// The date for people, precision kept: "2014", "Nov 2021", "15 Nov 2021",
    /// "15 Nov 2021, 14:30 UTC-04:00", "44 BCE", with ", approx." or ", uncertain" after it.
    pub fn human(&self) -> String {
        let year = civil::format_year(self.year, false);
        let month = civil::month_abbreviation(u32::from(self.month));
        let mut out = match self.precision {
            Precision::Year => year,
            Precision::Month => format!("{month} {year}"),
            Precision::Day => format!("{} {month} {year}", self.day),
            Precision::Hour | Precision::Minute => {
                format!(
                    "{} {month} {year}, {:02}:{:02}",
                    self.day, self.hour, self.minute
                )
            }
            Precision::Second => format!(
                "{} {month} {year}, {:02}:{:02}:{:02}",
                self.day, self.hour, self.minute, self.second
            ),
        };
        if self.precision >= Precision::Hour {
            match self.offset {
                Some(UtcOffset(0)) => out.push_str(" UTC"),
                Some(offset) => {
                    out.push_str(" UTC");
                    push_offset(&mut out, offset);
                }
                None => {}
            }
        }
        if !self.qualifier.is_exact() {
            out.push_str(", ");
            out.push_str(self.qualifier.words());
        }
        out
    }
}

/// A visible span in words, at a precision that suits its length: "1990 – 2025",
/// "Oct 2013 – Mar 2022", "25 Oct 2021 – 5 Mar 2022", "15 Nov 2021, 14:00 – 15 Nov 2021, 16:30".
pub fn describe_window(window: TimeWindow) -> String {
    let span_days = window.span() / SECONDS_PER_DAY as f64;
    let precision = if span_days > 20.0 * 365.0 {
        Precision::Year
    } else if span_days > 2.0 * 365.0 {
        Precision::Month
    } else if span_days > 2.0 {
        Precision::Day
    } else {
        Precision::Minute
    };
    let start = Date::at(Timestamp(window.start.floor() as i64), precision);
    let end = Date::at(Timestamp(window.end.floor() as i64), precision);
    format!("{} – {}", start.human(), end.human())
}

fn push_offset(out: &mut String, offset: UtcOffset) {
    let sign = if offset.0 < 0 { '-' } else { '+' };
    let minutes = offset.0.unsigned_abs();
    out.push_str(&format!("{sign}{:02}:{:02}", minutes / 60, minutes % 60));
}

/// The canonical ISO 8601 / EDTF text, which [`Date::parse`] reads back to the same date.
impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        if (0..=9999).contains(&self.year) {
            write!(f, "{:04}", self.year)?;
        } else if self.year < 0 {
            write!(f, "-{:04}", self.year.unsigned_abs())?;
        } else {
            write!(f, "+{}", self.year)?;
        }
        if self.precision >= Precision::Month {
            write!(f, "-{:02}", self.month)?;
        }
        if self.precision >= Precision::Day {
            write!(f, "-{:02}", self.day)?;
        }
        if self.precision >= Precision::Hour {
            write!(f, "T{:02}", self.hour)?;
        }
        if self.precision >= Precision::Minute {
            write!(f, ":{:02}", self.minute)?;
        }
        if self.precision >= Precision::Second {
            write!(f, ":{:02}", self.second)?;
        }
        if self.precision >= Precision::Hour {
            match self.offset {
                Some(UtcOffset(0)) => f.write_str("Z")?,
                Some(offset) => {
                    let mut text = String::new();
                    push_offset(&mut text, offset);
                    f.write_str(&text)?;
                }
                None => {}
            }
        }
        f.write_str(self.qualifier.suffix())
    }
}

/// Why a date was refused. Each message says what is wrong; [`DateError::hint`] says how to
/// write it instead.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum DateError {
    #[error("the date is empty")]
    Empty,
    #[error("{0:?} is not a date")]
    NotADate(String),
    #[error("the year in {0:?} must have four digits")]
    YearDigits(String),
    #[error("year {0} is outside the supported range (±100 billion years)")]
    YearOutOfRange(String),
    #[error("month {month} does not exist")]
    MonthOutOfRange { month: u32 },
    #[error("{month_name} {year} has {max} days, not {day}")]
    DayOutOfRange {
        day: u32,
        month_name: &'static str,
        year: String,
        max: u32,
    },
    #[error("hour {0} does not exist (hours run from 00 to 23)")]
    HourOutOfRange(u32),
    #[error("minute {0} does not exist (minutes run from 00 to 59)")]
    MinuteOutOfRange(u32),
    #[error("second {0} does not exist (seconds run from 00 to 59)")]
    SecondOutOfRange(u32),
    #[error("the UTC offset {0:?} is not valid")]
    BadOffset(String),
    #[error("unexpected {found:?} after {valid:?}")]
    TrailingText { valid: String, found: String },
}

impl DateError {
    /// How to fix it, for messages.
    pub fn hint(&self) -> &'static str {
        match self {
            Self::Empty | Self::NotADate(_) | Self::TrailingText { .. } => {
                "write an ISO 8601 date such as 2014, 2021-11, 2021-11-15 or 2021-11-15T14:30, optionally followed by ~ (approximate), ? (uncertain) or % (both)"
            }
            Self::YearDigits(_) => {
                "write years with four digits (0800, 2021); longer or negative years need a sign (+12345, -0043 for 44 BCE)"
            }
            Self::YearOutOfRange(_) => "use a year between -100000000000 and +100000000000",
            Self::MonthOutOfRange { .. } => "months run from 01 to 12",
            Self::DayOutOfRange { .. } => "check the day of the month",
            Self::HourOutOfRange(_) | Self::MinuteOutOfRange(_) | Self::SecondOutOfRange(_) => {
                "write times as hh:mm or hh:mm:ss on a 24-hour clock"
            }
            Self::BadOffset(_) => "write offsets as Z, +hh:mm or -hh:mm (for example -04:00)",
        }
    }
}

/// A tiny cursor over the date text.
struct Cursor<'a> {
    text: &'a str,
    pos: usize,
}

impl<'a> Cursor<'a> {
    fn peek(&self) -> Option<u8> {
        self.text.as_bytes().get(self.pos).copied()
    }

    fn eat(&mut self, byte: u8) -> bool {
        if self.peek() == Some(byte) {
            self.pos += 1;
            true
        } else {
            false
        }
    }

    /// Consumes a run of ASCII digits and returns it.
    fn digits(&mut self) -> &'a str {
        let start = self.pos;
        while self.peek().is_some_and(|b| b.is_ascii_digit()) {
            self.pos += 1;
        }
        &self.text[start..self.pos]
    }

    /// Exactly two digits as a number (a third digit is left for the caller to refuse).
    fn two_digits(&mut self) -> Option<u32> {
        let bytes = self.text.as_bytes().get(self.pos..self.pos + 2)?;
        if !bytes.iter().all(u8::is_ascii_digit) {
            return None;
        }
        self.pos += 2;
        Some(u32::from(bytes[0] - b'0') * 10 + u32::from(bytes[1] - b'0'))
    }

    fn parsed(&self) -> &'a str {
        &self.text[..self.pos]
    }

    fn rest(&self) -> &'a str {
        &self.text[self.pos..]
    }
}

/// The text for an error message, cut to a readable length.
fn excerpt(text: &str) -> String {
    match text.char_indices().nth(60) {
        Some((end, _)) => format!("{}…", &text[..end]),
        None => text.to_owned(),
    }
}

fn parse_date(original: &str) -> Result<Date, DateError> {
    let text = original.trim();
    if text.is_empty() {
        return Err(DateError::Empty);
    }
    let (text, qualifier) = match text.as_bytes().last() {
        Some(b'~') => (
            &text[..text.len() - 1],
            Qualifier {
                approximate: true,
                uncertain: false,
            },
        ),
        Some(b'?') => (
            &text[..text.len() - 1],
            Qualifier {
                approximate: false,
                uncertain: true,
            },
        ),
        Some(b'%') => (
            &text[..text.len() - 1],
            Qualifier {
                approximate: true,
                uncertain: true,
            },
        ),
        _ => (text, Qualifier::EXACT),
    };
    let not_a_date = || DateError::NotADate(excerpt(original.trim()));
    let mut cursor = Cursor { text, pos: 0 };

    // Year: four digits, or a sign and at least four digits (ISO 8601 expanded years).
    let sign = match cursor.peek() {
        Some(b'-') => {
            cursor.pos += 1;
            Some(-1)
        }
        Some(b'+') => {
            cursor.pos += 1;
            Some(1)
        }
        _ => None,
    };
    let year_digits = cursor.digits();
    if year_digits.is_empty() {
        return Err(not_a_date());
    }
    let year_ok = match sign {
        None => year_digits.len() == 4,
        Some(_) => year_digits.len() >= 4,
    };
    if !year_ok {
        return Err(DateError::YearDigits(excerpt(original.trim())));
    }
    let year_text = cursor.parsed().to_owned();
    let year = year_digits
        .parse::<i64>()
        .ok()
        .map(|y| y * sign.unwrap_or(1))
        .filter(|y| y.abs() <= MAX_ABS_YEAR)
        .ok_or_else(|| DateError::YearOutOfRange(year_text.clone()))?;

    let mut date = Date::year(year);
    date.qualifier = qualifier;

    if cursor.eat(b'-') {
        let month = cursor.two_digits().ok_or_else(not_a_date)?;
        if !(1..=12).contains(&month) {
            return Err(DateError::MonthOutOfRange { month });
        }
        date.month = month as u8;
        date.precision = Precision::Month;

        if cursor.eat(b'-') {
            let day = cursor.two_digits().ok_or_else(not_a_date)?;
            let max = civil::days_in_month(year, month);
            if day == 0 || day > max {
                return Err(DateError::DayOutOfRange {
                    day,
                    month_name: civil::MONTH_NAMES[(month - 1) as usize],
                    year: civil::format_year(year, false),
                    max,
                });
            }
            date.day = day as u8;
            date.precision = Precision::Day;

            let space_then_time = cursor.peek() == Some(b' ')
                && cursor
                    .text
                    .as_bytes()
                    .get(cursor.pos + 1)
                    .is_some_and(u8::is_ascii_digit);
            if cursor.eat(b'T') || cursor.eat(b't') || (space_then_time && cursor.eat(b' ')) {
                parse_time(&mut cursor, &mut date).map_err(|e| e.unwrap_or_else(not_a_date))?;
            }
        }
    }

    if !cursor.rest().is_empty() {
        let valid = cursor.parsed();
        if valid.is_empty() {
            return Err(not_a_date());
        }
        return Err(DateError::TrailingText {
            valid: valid.to_owned(),
            found: excerpt(cursor.rest()),
        });
    }
    Ok(date)
}

/// Parses `hh[:mm[:ss[.fff]]][Z|±hh[:mm]]` after the `T`. `Err(None)` means "not a date".
fn parse_time(cursor: &mut Cursor<'_>, date: &mut Date) -> Result<(), Option<DateError>> {
    let hour = cursor.two_digits().ok_or(None)?;
    if hour > 23 {
        return Err(Some(DateError::HourOutOfRange(hour)));
    }
    date.hour = hour as u8;
    date.precision = Precision::Hour;
    if cursor.eat(b':') {
        let minute = cursor.two_digits().ok_or(None)?;
        if minute > 59 {
            return Err(Some(DateError::MinuteOutOfRange(minute)));
        }
        date.minute = minute as u8;
        date.precision = Precision::Minute;
        if cursor.eat(b':') {
            let second = cursor.two_digits().ok_or(None)?;
            if second > 59 {
                return Err(Some(DateError::SecondOutOfRange(second)));
            }
            date.second = second as u8;
            date.precision = Precision::Second;
            // Fractions of a second are accepted and dropped: we keep whole seconds.
            if (cursor.eat(b'.') || cursor.eat(b',')) && cursor.digits().is_empty() {
                return Err(None);
            }
        }
    }
    let offset_start = cursor.pos;
    if cursor.eat(b'Z') || cursor.eat(b'z') {
        date.offset = Some(UtcOffset(0));
    } else if matches!(cursor.peek(), Some(b'+' | b'-')) {
        let negative = cursor.peek() == Some(b'-');
        cursor.pos += 1;
        let bad_offset = |cursor: &Cursor<'_>| {
            Some(DateError::BadOffset(
                cursor.text[offset_start..].trim_end().to_owned(),
            ))
        };
        let hours = cursor.two_digits().ok_or_else(|| bad_offset(cursor))?;
        let minutes = if cursor.eat(b':') || cursor.peek().is_some_and(|b| b.is_ascii_digit()) {
            cursor.two_digits().ok_or_else(|| bad_offset(cursor))?
        } else {
            0
        };
        if hours > 18 || minutes > 59 {
            return Err(bad_offset(cursor));
        }
        let total = (hours * 60 + minutes) as i16;
        date.offset = Some(UtcOffset(if negative { -total } else { total }));
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    fn parse(text: &str) -> Date {
        Date::parse(text).unwrap_or_else(|e| panic!("{text:?} should parse: {e}"))
    }

    fn seconds(y: i64, m: u32, d: u32, h: u32, min: u32, s: u32) -> i64 {
        CivilTime {
            year: y,
            month: m,
            day: d,
            hour: h,
            minute: min,
            second: s,
        }
        .to_seconds()
    }

    #[test]
    fn every_precision_keeps_its_span() {
        let year = parse("2014");
        assert_eq!(year.precision, Precision::Year);
        assert_eq!(year.earliest().0, seconds(2014, 1, 1, 0, 0, 0));
        assert_eq!(year.latest().0, seconds(2015, 1, 1, 0, 0, 0));

        let month = parse("2021-11");
        assert_eq!(month.precision, Precision::Month);
        assert_eq!(month.latest().0 - month.earliest().0, 30 * SECONDS_PER_DAY);

        let leap_february = parse("2024-02");
        assert_eq!(
            leap_february.latest().0 - leap_february.earliest().0,
            29 * SECONDS_PER_DAY
        );

        let day = parse("2021-11-15");
        assert_eq!(day.precision, Precision::Day);
        assert_eq!(day.earliest().0, seconds(2021, 11, 15, 0, 0, 0));
        assert_eq!(day.latest().0, seconds(2021, 11, 16, 0, 0, 0));

        let hour = parse("2021-11-15T14");
        assert_eq!(hour.precision, Precision::Hour);
        assert_eq!(hour.latest().0 - hour.earliest().0, 3600);

        let minute = parse("2021-11-15T14:30");
        assert_eq!(minute.precision, Precision::Minute);
        assert_eq!(minute.earliest().0, seconds(2021, 11, 15, 14, 30, 0));
        assert_eq!(minute.latest().0 - minute.earliest().0, 60);

        let second = parse("2021-11-15T14:30:05Z");
        assert_eq!(second.precision, Precision::Second);
        assert_eq!(second.earliest().0, seconds(2021, 11, 15, 14, 30, 5));
        assert_eq!(second.offset, Some(UtcOffset(0)));
    }

    #[test]
    fn offsets_move_the_instant_to_utc() {
        let date = parse("2021-11-15T14:30:05-04:00");
        assert_eq!(date.offset, Some(UtcOffset(-240)));
        assert_eq!(date.earliest().0, seconds(2021, 11, 15, 18, 30, 5));
        assert_eq!(parse("2021-11-15T14:30+0530").offset, Some(UtcOffset(330)));
        assert_eq!(parse("2021-11-15T14:30+05").offset, Some(UtcOffset(300)));
        assert_eq!(parse("2021-11-15 14:30").precision, Precision::Minute);
        assert_eq!(
            parse("2021-11-15T14:30:05.123Z").precision,
            Precision::Second
        );
    }

    #[test]
    fn qualifiers() {
        assert_eq!(
            parse("2021-11~").qualifier,
            Qualifier {
                approximate: true,
                uncertain: false
            }
        );
        assert_eq!(
            parse("2014?").qualifier,
            Qualifier {
                approximate: false,
                uncertain: true
            }
        );
        assert_eq!(
            parse("2014%").qualifier,
            Qualifier {
                approximate: true,
                uncertain: true
            }
        );
        assert!(parse("2014").qualifier.is_exact());
        assert_eq!(
            parse(" 2014 ").year,
            2014,
            "surrounding spaces are forgiven"
        );
    }

    #[test]
    fn bce_years_are_astronomical() {
        let ides = parse("-0043-03-15");
        assert_eq!(ides.year, -43);
        assert_eq!(ides.human(), "15 Mar 44 BCE");
        assert_eq!(parse("0000").human(), "1 BCE");
        assert!(ides.earliest() < parse("0001").earliest());
        assert_eq!(parse("-13800000000").year, -13_800_000_000);
        assert_eq!(parse("+12345").year, 12_345);
    }

    #[test]
    fn human_text_keeps_precision() {
        assert_eq!(parse("2014").human(), "2014");
        assert_eq!(parse("2021-11~").human(), "Nov 2021, approx.");
        assert_eq!(parse("2021-11-15").human(), "15 Nov 2021");
        assert_eq!(parse("2021-11-15T14:30").human(), "15 Nov 2021, 14:30");
        assert_eq!(
            parse("2021-11-15T14:30:05Z").human(),
            "15 Nov 2021, 14:30:05 UTC"
        );
        assert_eq!(
            parse("2021-11-15T14:30-04:00").human(),
            "15 Nov 2021, 14:30 UTC-04:00"
        );
        assert_eq!(parse("2014?").human(), "2014, uncertain");
        assert_eq!(parse("2014%").human(), "2014, approx., uncertain");
    }

    #[test]
    fn canonical_text() {
        for text in [
            "2014",
            "2021-11~",
            "2021-11-15",
            "2021-11-15T14",
            "2021-11-15T14:30",
            "2021-11-15T14:30:05Z",
            "2021-11-15T14:30:05-04:00",
            "-0043-03-15?",
            "+12345%",
            "-13800000000",
        ] {
            assert_eq!(parse(text).to_string(), text);
        }
    }

    #[test]
    fn rejected_forms_say_why() {
        let cases: &[(&str, DateError)] = &[
            ("", DateError::Empty),
            ("  ", DateError::Empty),
            ("yesterday", DateError::NotADate("yesterday".into())),
            ("15/11/2021", DateError::YearDigits("15/11/2021".into())),
            ("21-11-15", DateError::YearDigits("21-11-15".into())),
            ("99999999", DateError::YearDigits("99999999".into())),
            ("2021-13", DateError::MonthOutOfRange { month: 13 }),
            ("2021-00-01", DateError::MonthOutOfRange { month: 0 }),
            (
                "2021-02-30",
                DateError::DayOutOfRange {
                    day: 30,
                    month_name: "February",
                    year: "2021".into(),
                    max: 28,
                },
            ),
            ("2021-11-15T25:00", DateError::HourOutOfRange(25)),
            ("2021-11-15T12:60", DateError::MinuteOutOfRange(60)),
            ("2021-11-15T12:30:61", DateError::SecondOutOfRange(61)),
            (
                "2021-11-15T12:30+25:00",
                DateError::BadOffset("+25:00".into()),
            ),
            (
                "+999999999999",
                DateError::YearOutOfRange("+999999999999".into()),
            ),
            (
                "2021-11-15 and later",
                DateError::TrailingText {
                    valid: "2021-11-15".into(),
                    found: " and later".into(),
                },
            ),
            ("2021-1-5", DateError::NotADate("2021-1-5".into())),
            ("~", DateError::NotADate("~".into())),
            (
                "2021~~",
                DateError::TrailingText {
                    valid: "2021".into(),
                    found: "~".into(),
                },
            ),
        ];
        for (text, expected) in cases {
            assert_eq!(
                &Date::parse(text).expect_err(text),
                expected,
                "for {text:?}"
            );
        }
        assert_eq!(
            Date::parse("2021-02-30").expect_err("invalid").to_string(),
            "February 2021 has 28 days, not 30"
        );
    }

    #[test]
    fn dates_of_instants() {
        let t = parse("2021-11-15T14:30:05Z").earliest();
        assert_eq!(Date::at(t, Precision::Month).to_string(), "2021-11");
        assert_eq!(Date::at(t, Precision::Minute).human(), "15 Nov 2021, 14:30");
        assert_eq!(Date::at(t, Precision::Second), parse("2021-11-15T14:30:05"));
    }

    #[test]
    fn dates_from_parts_and_words() {
        assert_eq!(
            Date::from_parts(1815, Some(12), Some(10), None, None, None),
            Ok(parse("1815-12-10"))
        );
        assert_eq!(
            Date::from_parts(-13_800_000_000, None, None, None, None, None),
            Ok(parse("-13800000000"))
        );
        assert_eq!(
            Date::from_parts(2021, Some(11), Some(15), Some(14), Some(30), None),
            Ok(parse("2021-11-15T14:30"))
        );
        assert_eq!(
            Date::from_parts(2021, Some(2), Some(30), None, None, None),
            Err(DateError::DayOutOfRange {
                day: 30,
                month_name: "February",
                year: "2021".into(),
                max: 28
            })
        );
        assert_eq!(
            Date::from_parts(2021, Some(13), None, None, None, None),
            Err(DateError::MonthOutOfRange { month: 13 })
        );
        for text in [
            "24 February 2022",
            "24 Feb 2022",
            "February 24, 2022",
            "2022-02-24",
            "24-February-2022",
        ] {
            assert_eq!(
                Date::parse_day_in_words(text),
                Ok(parse("2022-02-24")),
                "{text}"
            );
        }
        assert!(Date::parse_day_in_words("24 Brumaire 2022").is_err());
        assert!(Date::parse_day_in_words("31 June 2022").is_err());
    }

    #[test]
    fn leap_day_accepted_only_in_leap_years() {
        assert_eq!(parse("2024-02-29").day, 29);
        assert!(Date::parse("2023-02-29").is_err());
        assert!(Date::parse("1900-02-29").is_err());
        assert_eq!(parse("2000-02-29").day, 29);
    }

    fn any_date() -> impl Strategy<Value = Date> {
        (
            -200_000_i64..200_000,
            1u8..=12,
            1u8..=28,
            0u8..24,
            0u8..60,
            0u8..60,
            0usize..6,
            0usize..4,
            proptest::option::of(-18i16 * 60..=18 * 60),
        )
            .prop_map(|(year, month, day, hour, minute, second, p, q, offset)| {
                let precision = [
                    Precision::Year,
                    Precision::Month,
                    Precision::Day,
                    Precision::Hour,
                    Precision::Minute,
                    Precision::Second,
                ][p];
                let mut date = Date::year(year);
                if precision >= Precision::Month {
                    date.month = month;
                }
                if precision >= Precision::Day {
                    date.day = day;
                }
                if precision >= Precision::Hour {
                    date.hour = hour;
                    date.offset = offset.map(UtcOffset);
                }
                if precision >= Precision::Minute {
                    date.minute = minute;
                }
                if precision >= Precision::Second {
                    date.second = second;
                }
                date.precision = precision;
                date.qualifier = Qualifier {
                    approximate: q & 1 == 1,
                    uncertain: q & 2 == 2,
                };
                date
            })
    }

    proptest! {
        #[test]
        fn display_parse_round_trip(date in any_date()) {
            let text = date.to_string();
            prop_assert_eq!(Date::parse(&text), Ok(date), "text {}", text);
        }

        #[test]
        fn earliest_before_latest(date in any_date()) {
            prop_assert!(date.earliest() < date.latest());
        }

        #[test]
        fn parser_never_panics(text in "\\PC{0,40}") {
            let _ = Date::parse(&text);
        }

        #[test]
        fn parser_never_panics_on_date_like_text(text in "[-+]?[0-9]{1,12}(-[0-9]{1,3}(-[0-9]{1,3}([T ][0-9]{1,3}(:[0-9]{1,3}(:[0-9]{1,3})?)?([Zz]|[-+][0-9]{1,4})?)?)?)?[~?%]?") {
            if let Ok(date) = Date::parse(&text) {
                prop_assert!(date.earliest() < date.latest());
            }
        }
    }
}
