//! Proleptic Gregorian calendar arithmetic on `i64` years, valid far beyond chrono's ±262,143
//! years, so that BCE dates and deep time use the same code as 2021.
//!
//! Years are astronomical: year 0 is 1 BCE, year -43 is 44 BCE. The day algorithms are Howard
//! Hinnant's `days_from_civil` / `civil_from_days` (<https://howardhinnant.github.io/date_algorithms.html>),
//! exact for every year whose day count fits in an `i64`.

/// Seconds in a day (we ignore leap seconds, like every civil-time library).
pub const SECONDS_PER_DAY: i64 = 86_400;

/// Largest absolute year we accept: ±100 billion years keeps every second in an `i64`
/// (9.2e18 s ≈ 292 billion years) with room to add spans to it.
pub const MAX_ABS_YEAR: i64 = 100_000_000_000;

/// Whether `year` (astronomical) is a leap year.
pub fn is_leap_year(year: i64) -> bool {
    year.rem_euclid(4) == 0 && (year.rem_euclid(100) != 0 || year.rem_euclid(400) == 0)
}

/// Number of days in `month` (1–12) of `year`; 0 for a month outside 1–12.
pub fn days_in_month(year: i64, month: u32) -> u32 {
    match month {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        2 if is_leap_year(year) => 29,
        2 => 28,
        _ => 0,
    }
}

/// Days since 1970-01-01 of the given date. `month` is 1–12, `day` 1–31 (not checked here).
pub fn days_from_civil(year: i64, month: u32, day: u32) -> i64 {
    let year = if month <= 2 { year - 1 } else { year };
    let era = year.div_euclid(400);
    let year_of_era = year - era * 400; // [0, 399]
    let month_from_march = i64::from((month + 9) % 12); // March = 0
    let day_of_year = (153 * month_from_march + 2) / 5 + i64::from(day) - 1; // [0, 365]
    let day_of_era = year_of_era * 365 + year_of_era / 4 - year_of_era / 100 + day_of_year;
    era * 146_097 + day_of_era - 719_468
}

/// The date `(year, month, day)` of a day count since 1970-01-01.
pub fn civil_from_days(days: i64) -> (i64, u32, u32) {
    let days = days + 719_468;
    let era = days.div_euclid(146_097);
    let day_of_era = days - era * 146_097; // [0, 146096]
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let month_from_march = (5 * day_of_year + 2) / 153; // [0, 11]
    let day = (day_of_year - (153 * month_from_march + 2) / 5 + 1) as u32;
    let month = if month_from_march < 10 {
        month_from_march + 3
    } else {
        month_from_march - 9
    } as u32;
    let year = year_of_era + era * 400;
    (if month <= 2 { year + 1 } else { year }, month, day)
}

/// Broken-down UTC time of a timestamp in seconds since the Unix epoch.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct CivilTime {
    pub year: i64,
    pub month: u32,
    pub day: u32,
    pub hour: u32,
    pub minute: u32,
    pub second: u32,
}

impl CivilTime {
    pub fn from_seconds(seconds: i64) -> Self {
        let days = seconds.div_euclid(SECONDS_PER_DAY);
        let in_day = seconds.rem_euclid(SECONDS_PER_DAY) as u32;
        let (year, month, day) = civil_from_days(days);
        Self {
            year,
            month,
            day,
            hour: in_day / 3600,
            minute: in_day / 60 % 60,
            second: in_day % 60,
        }
    }

    pub fn to_seconds(self) -> i64 {
        days_from_civil(self.year, self.month, self.day) * SECONDS_PER_DAY
            + i64::from(self.hour) * 3600
            + i64::from(self.minute) * 60
            + i64::from(self.second)
    }
}

/// Seconds since the epoch at the start of January 1 of `year`.
pub fn year_start(year: i64) -> i64 {
    days_from_civil(year, 1, 1) * SECONDS_PER_DAY
}

/// Seconds since the epoch at the start of the first day of `month` in `year`.
pub fn month_start(year: i64, month: u32) -> i64 {
    days_from_civil(year, month, 1) * SECONDS_PER_DAY
}

/// English month abbreviations, index 0 = January.
pub const MONTH_ABBREVIATIONS: [&str; 12] = [
    "Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec",
];

/// English month names, index 0 = January.
pub const MONTH_NAMES: [&str; 12] = [
    "January",
    "February",
    "March",
    "April",
    "May",
    "June",
    "July",
    "August",
    "September",
    "October",
    "November",
    "December",
];

/// The abbreviation of `month` (1–12), or `"?"` outside that range.
pub fn month_abbreviation(month: u32) -> &'static str {
    month
        .checked_sub(1)
        .and_then(|i| MONTH_ABBREVIATIONS.get(i as usize))
        .copied()
        .unwrap_or("?")
}

/// A year as people write it: `2021`, `44 BCE` (astronomical -43), thousands grouped beyond
/// four digits (`12,000 BCE`). `era_suffix` adds ` CE` to positive years, for axes that
/// cross year zero.
pub fn format_year(year: i64, era_suffix: bool) -> String {
    if year <= 0 {
        format!("{} BCE", group_thousands(1 - year))
    } else if era_suffix {
        format!("{} CE", group_thousands(year))
    } else {
        group_thousands(year)
    }
}

fn group_thousands(value: i64) -> String {
    let digits = value.unsigned_abs().to_string();
    if digits.len() <= 4 {
        return if value < 0 {
            format!("-{digits}")
        } else {
            digits
        };
    }
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if value < 0 {
        out.push('-');
    }
    for (i, c) in digits.chars().enumerate() {
        if i > 0 && (digits.len() - i).is_multiple_of(3) {
            out.push(',');
        }
        out.push(c);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::{Datelike as _, NaiveDate};
    use proptest::prelude::*;

    #[test]
    fn epoch_and_known_days() {
        assert_eq!(days_from_civil(1970, 1, 1), 0);
        assert_eq!(civil_from_days(0), (1970, 1, 1));
        assert_eq!(days_from_civil(2000, 3, 1), 11_017);
        assert_eq!(civil_from_days(-1), (1969, 12, 31));
    }

    #[test]
    fn leap_years() {
        assert!(is_leap_year(2000));
        assert!(is_leap_year(2024));
        assert!(!is_leap_year(1900));
        assert!(!is_leap_year(2021));
        assert!(
            is_leap_year(0),
            "1 BCE is a leap year in the proleptic calendar"
        );
        assert!(is_leap_year(-4));
        assert_eq!(days_in_month(2021, 2), 28);
        assert_eq!(days_in_month(2024, 2), 29);
        assert_eq!(days_in_month(2021, 13), 0);
    }

    #[test]
    fn years_are_written_with_eras() {
        assert_eq!(format_year(2021, false), "2021");
        assert_eq!(format_year(-43, false), "44 BCE");
        assert_eq!(format_year(0, false), "1 BCE");
        assert_eq!(format_year(1, true), "1 CE");
        assert_eq!(format_year(-11_999, false), "12,000 BCE");
        assert_eq!(format_year(13_800_000_000, false), "13,800,000,000");
    }

    #[test]
    fn deep_time_round_trips() {
        for year in [
            -13_800_000_000_i64,
            -1_000_000,
            99_999,
            MAX_ABS_YEAR,
            -MAX_ABS_YEAR,
        ] {
            let days = days_from_civil(year, 7, 4);
            assert_eq!(civil_from_days(days), (year, 7, 4));
            // Seconds must still fit.
            let _ = days.checked_mul(SECONDS_PER_DAY).expect("fits in i64");
        }
    }

    proptest! {
        #[test]
        fn agrees_with_chrono(days in -90_000_000_i64..90_000_000) {
            let (y, m, d) = civil_from_days(days);
            let reference = NaiveDate::from_ymd_opt(1970, 1, 1).expect("valid")
                + chrono::Duration::days(days);
            prop_assert_eq!((y, m, d), (i64::from(reference.year()), reference.month(), reference.day()));
            prop_assert_eq!(days_from_civil(y, m, d), days);
        }

        #[test]
        fn seconds_round_trip(seconds in -3_000_000_000_000_i64..3_000_000_000_000) {
            prop_assert_eq!(CivilTime::from_seconds(seconds).to_seconds(), seconds);
        }
    }
}
