//! Civil dates and GTFS service-day times, with no time-zone machinery.
//!
//! A [`Date`] is a day number (days since 1970-01-01, proleptic Gregorian). Times of day are
//! seconds since the service day's midnight (GTFS "noon minus 12 h"; DST shifts are ignored,
//! as every GTFS consumer in practice does), so `25:10:00` is `90_600`.

use std::fmt;

/// A calendar date as a day number; cheap to copy, compare and step.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct Date(pub i32);

/// Day of the week, Monday first, as GTFS `calendar.txt` orders its columns.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Weekday {
    Mon,
    Tue,
    Wed,
    Thu,
    Fri,
    Sat,
    Sun,
}

impl Weekday {
    /// 0 for Monday … 6 for Sunday.
    pub fn index(self) -> u8 {
        self as u8
    }
}

impl Date {
    /// The date of year-month-day, or `None` if the day does not exist.
    pub fn from_ymd(y: i32, m: u32, d: u32) -> Option<Date> {
        if !(1..=12).contains(&m) || d == 0 || d > days_in_month(y, m) {
            return None;
        }
        // Howard Hinnant's days_from_civil.
        let y = if m <= 2 { y - 1 } else { y };
        let era = if y >= 0 { y } else { y - 399 } / 400;
        let yoe = y - era * 400;
        let mp = (m as i32 + 9) % 12;
        let doy = (153 * mp + 2) / 5 + d as i32 - 1;
        let doe = yoe * 365 + yoe / 4 - yoe / 100 + doy;
        Some(Date(era * 146_097 + doe - 719_468))
    }

    /// (year, month, day).
    pub fn ymd(self) -> (i32, u32, u32) {
        let z = self.0 + 719_468;
        let era = if z >= 0 { z } else { z - 146_096 } / 146_097;
        let doe = z - era * 146_097;
        let yoe = (doe - doe / 1460 + doe / 36_524 - doe / 146_096) / 365;
        let y = yoe + era * 400;
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
        let mp = (5 * doy + 2) / 153;
        let d = (doy - (153 * mp + 2) / 5 + 1) as u32;
        let m = if mp < 10 { mp + 3 } else { mp - 9 } as u32;
        (if m <= 2 { y + 1 } else { y }, m, d)
    }

    pub fn weekday(self) -> Weekday {
        // 1970-01-01 was a Thursday.
        match (self.0 + 3).rem_euclid(7) {
            0 => Weekday::Mon,
            1 => Weekday::Tue,
            2 => Weekday::Wed,
            3 => Weekday::Thu,
            4 => Weekday::Fri,
            5 => Weekday::Sat,
            _ => Weekday::Sun,
        }
    }

    pub fn add_days(self, n: i32) -> Date {
        Date(self.0 + n)
    }

    /// Parses `YYYY-MM-DD` (the CLI's form) or `YYYYMMDD` (GTFS's form).
    pub fn parse(s: &str) -> Option<Date> {
        let s = s.trim();
        let (y, m, d) = match s.len() {
            10 if s.as_bytes()[4] == b'-' && s.as_bytes()[7] == b'-' => (s.get(0..4)?, s.get(5..7)?, s.get(8..10)?),
            8 => (s.get(0..4)?, s.get(4..6)?, s.get(6..8)?),
            _ => return None,
        };
        if ![y, m, d].iter().all(|p| p.bytes().all(|b| b.is_ascii_digit())) {
            return None;
        }
        Date::from_ymd(y.parse().ok()?, m.parse().ok()?, d.parse().ok()?)
    }

    /// `YYYYMMDD`, as GTFS writes dates.
    pub fn gtfs(self) -> String {
        let (y, m, d) = self.ymd();
        format!("{y:04}{m:02}{d:02}")
    }
}

/// A date serialises as its ISO text, `2026-11-24`.
impl serde::Serialize for Date {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.collect_str(self)
    }
}

/// A date reads from `"2026-11-24"` (a string) or a TOML date literal `2026-11-24`.
impl<'de> serde::Deserialize<'de> for Date {
    fn deserialize<D: serde::Deserializer<'de>>(d: D) -> Result<Date, D::Error> {
        struct V;
        impl<'de> serde::de::Visitor<'de> for V {
            type Value = Date;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("a date of the form YYYY-MM-DD")
            }
            fn visit_str<E: serde::de::Error>(self, s: &str) -> Result<Date, E> {
                Date::parse(s).ok_or_else(|| E::custom(format!("'{s}' is not a date of the form YYYY-MM-DD")))
            }
            // A TOML date literal arrives as a one-entry map holding its text.
            fn visit_map<M: serde::de::MapAccess<'de>>(self, mut m: M) -> Result<Date, M::Error> {
                let (_, text): (String, String) =
                    m.next_entry()?.ok_or_else(|| serde::de::Error::custom("expected a date"))?;
                self.visit_str(&text)
            }
        }
        d.deserialize_any(V)
    }
}

impl fmt::Display for Date {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let (y, m, d) = self.ymd();
        write!(f, "{y:04}-{m:02}-{d:02}")
    }
}

fn days_in_month(y: i32, m: u32) -> u32 {
    match m {
        1 | 3 | 5 | 7 | 8 | 10 | 12 => 31,
        4 | 6 | 9 | 11 => 30,
        _ if (y % 4 == 0 && y % 100 != 0) || y % 400 == 0 => 29,
        _ => 28,
    }
}

/// The first date strictly after `d` that falls on `day` (one to seven days later).
pub fn next_weekday(d: Date, day: Weekday) -> Date {
    let ahead = (day.index() + 7 - d.weekday().index()) % 7;
    d.add_days(if ahead == 0 { 7 } else { ahead as i32 })
}

/// Why a time window `HH:MM-HH:MM` did not parse.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum WindowError {
    /// No `-` between two times.
    NoDash,
    /// One end is not a time.
    BadTime,
    /// The end lies before the start.
    Reversed,
}

/// Parses a time window `HH:MM-HH:MM` (or with seconds; hours may pass 24) into seconds since
/// midnight, both ends included; the start may equal the end but not come after it.
pub fn parse_window(s: &str) -> Result<(u32, u32), WindowError> {
    let (a, b) = s.split_once('-').ok_or(WindowError::NoDash)?;
    match (parse_time(a), parse_time(b)) {
        (Some(a), Some(b)) if a <= b => Ok((a, b)),
        (Some(_), Some(_)) => Err(WindowError::Reversed),
        _ => Err(WindowError::BadTime),
    }
}

/// Seconds in a day; a trip of the previous service day is shifted by this much.
pub const DAY: u32 = 86_400;

/// Formats seconds since service-day midnight as `HH:MM:SS` (hours may pass 24).
pub fn fmt_time(secs: u32) -> String {
    format!("{:02}:{:02}:{:02}", secs / 3600, secs / 60 % 60, secs % 60)
}

/// Formats seconds as `HH:MM` (hours may pass 24), for people.
pub fn fmt_hm(secs: u32) -> String {
    format!("{:02}:{:02}", secs / 3600, secs / 60 % 60)
}

/// Parses a GTFS time `H:MM:SS`/`HH:MM:SS` (hours may pass 24), or `HH:MM` for CLI input.
/// Minutes and seconds must be two digits below 60.
pub fn parse_time(s: &str) -> Option<u32> {
    let mut parts = s.trim().split(':');
    let h = parts.next()?;
    let m = parts.next()?;
    let sec = parts.next().unwrap_or("00");
    if parts.next().is_some() || h.is_empty() || h.len() > 3 || m.len() != 2 || sec.len() != 2 {
        return None;
    }
    let all_digits = |p: &str| p.bytes().all(|b| b.is_ascii_digit());
    if !(all_digits(h) && all_digits(m) && all_digits(sec)) {
        return None;
    }
    let (h, m, sec): (u32, u32, u32) = (h.parse().ok()?, m.parse().ok()?, sec.parse().ok()?);
    (m < 60 && sec < 60).then_some(h * 3600 + m * 60 + sec)
}

/// Parses a duration such as `90`, `90m`, `2h`, `1h30m` into seconds (a bare number is minutes).
pub fn parse_duration(s: &str) -> Option<u32> {
    let s = s.trim();
    if s.is_empty() {
        return None;
    }
    if let Ok(min) = s.parse::<u32>() {
        return Some(min * 60);
    }
    let mut total = 0u32;
    let mut num = String::new();
    for c in s.chars() {
        match c {
            '0'..='9' => num.push(c),
            'h' | 'm' | 's' if !num.is_empty() => {
                let n: u32 = num.parse().ok()?;
                total += n * match c {
                    'h' => 3600,
                    'm' => 60,
                    _ => 1,
                };
                num.clear();
            }
            _ => return None,
        }
    }
    num.is_empty().then_some(total)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn civil_round_trip_and_weekday() {
        let d = Date::from_ymd(2026, 11, 23).unwrap();
        assert_eq!(d.ymd(), (2026, 11, 23));
        assert_eq!(d.weekday(), Weekday::Mon); // 23 Nov 2026 is a Monday
        assert_eq!(Date::from_ymd(1970, 1, 1), Some(Date(0)));
        assert_eq!(Date::from_ymd(2024, 2, 29).unwrap().add_days(1).ymd(), (2024, 3, 1));
        assert_eq!(Date::from_ymd(2025, 2, 29), None);
        assert_eq!(Date::parse("20261224"), Date::from_ymd(2026, 12, 24));
        assert_eq!(Date::parse("2026-12-24").unwrap().to_string(), "2026-12-24");
        assert_eq!(Date::parse("2026-13-01"), None);
    }

    #[test]
    fn times() {
        assert_eq!(parse_time("25:10:00"), Some(90_600));
        assert_eq!(parse_time("7:05:00"), Some(25_500));
        assert_eq!(parse_time("25:61:00"), None);
        assert_eq!(parse_time("-01:00:00"), None);
        assert_eq!(parse_time("7:5:0"), None);
        assert_eq!(parse_time("08:15"), Some(29_700));
        assert_eq!(fmt_time(90_600), "25:10:00");
        assert_eq!(parse_duration("2h"), Some(7200));
        assert_eq!(parse_duration("1h30m"), Some(5400));
        assert_eq!(parse_duration("45"), Some(2700));
        assert_eq!(parse_duration("x"), None);
    }

    #[test]
    fn next_weekday_is_strictly_after() {
        let d = |s: &str| Date::parse(s).unwrap();
        // Tuesday 2026-11-24 → Saturday the 28th (4 days), Sunday the 29th (5 days).
        assert_eq!(next_weekday(d("2026-11-24"), Weekday::Sat), d("2026-11-28"));
        assert_eq!(next_weekday(d("2026-11-24"), Weekday::Sun), d("2026-11-29"));
        // From a Saturday the next Saturday is a week on (5 December), the next Monday two days on.
        assert_eq!(next_weekday(d("2026-11-28"), Weekday::Sat), d("2026-12-05"));
        assert_eq!(next_weekday(d("2026-11-28"), Weekday::Mon), d("2026-11-30"));
        // Across a year end: Thursday 2026-12-31 → Friday 2027-01-01.
        assert_eq!(next_weekday(d("2026-12-31"), Weekday::Fri), d("2027-01-01"));
    }

    #[test]
    fn windows() {
        // 07:00 = 7 × 3600 = 25 200 s, 19:00 = 68 400 s; 06:30:30 = 23 430 s, 25:00 = 90 000 s.
        assert_eq!(parse_window("07:00-19:00"), Ok((25_200, 68_400)));
        assert_eq!(parse_window("06:30:30-25:00"), Ok((23_430, 90_000)));
        assert_eq!(parse_window("08:00-08:00"), Ok((28_800, 28_800)));
        assert_eq!(parse_window("19:00-07:00"), Err(WindowError::Reversed));
        assert_eq!(parse_window("7-19"), Err(WindowError::BadTime));
        assert_eq!(parse_window("07:00"), Err(WindowError::NoDash));
    }
}
