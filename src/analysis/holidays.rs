//! Swedish public holidays, computed for any year, and the day type of a date: vardag, lördag,
//! söndag or helgdag (a public holiday, whatever weekday it falls on).
//!
//! The holidays are the allmänna helgdagar of lagen (1989:253) om allmänna helgdagar: fixed
//! dates (nyårsdagen 1/1, trettondedag jul 6/1, första maj 1/5, Sveriges nationaldag 6/6,
//! juldagen 25/12, annandag jul 26/12), the days that move with Easter (långfredagen, påskdagen,
//! annandag påsk, Kristi himmelsfärdsdag, pingstdagen), midsommardagen (the Saturday from 20 to
//! 26 June) and alla helgons dag (the Saturday from 31 October to 6 November). Midsommarafton,
//! julafton and nyårsafton are not holidays by law but are kept like them (helgdagsafton): they
//! are named so that a report can say so. Depends only on [`crate::date`].

use serde::Serialize;

use crate::date::{Date, Weekday};

/// What kind of day a date is, for timetables: weekday, Saturday, Sunday or public holiday.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum DayType {
    /// Monday to Friday, not a public holiday.
    Vardag,
    Lordag,
    Sondag,
    /// A public holiday (its Swedish name), on any weekday.
    Helgdag(&'static str),
}

impl DayType {
    /// The day type of `d`.
    pub fn of(d: Date) -> DayType {
        if let Some(name) = holiday(d) {
            return DayType::Helgdag(name);
        }
        match d.weekday() {
            Weekday::Sat => DayType::Lordag,
            Weekday::Sun => DayType::Sondag,
            _ => DayType::Vardag,
        }
    }

    /// The Swedish word: "vardag", "lördag", "söndag", "helgdag (juldagen)".
    pub fn sv(self) -> String {
        match self {
            DayType::Vardag => "vardag".into(),
            DayType::Lordag => "lördag".into(),
            DayType::Sondag => "söndag".into(),
            DayType::Helgdag(name) => format!("helgdag ({name})"),
        }
    }

    /// The English words: "weekday", "Saturday", "Sunday", "public holiday (juldagen)".
    pub fn en(self) -> String {
        match self {
            DayType::Vardag => "weekday".into(),
            DayType::Lordag => "Saturday".into(),
            DayType::Sondag => "Sunday".into(),
            DayType::Helgdag(name) => format!("public holiday ({name})"),
        }
    }
}

/// Easter Sunday of `year` in the Gregorian calendar (the anonymous algorithm of Meeus, Jones
/// and Butcher), for years 1583 and later.
pub fn easter_sunday(year: i32) -> Option<Date> {
    let a = year % 19;
    let (b, c) = (year / 100, year % 100);
    let (d, e) = (b / 4, b % 4);
    let f = (b + 8) / 25;
    let g = (b - f + 1) / 3;
    let h = (19 * a + b - d - g + 15) % 30;
    let (i, k) = (c / 4, c % 4);
    let l = (32 + 2 * e + 2 * i - h - k) % 7;
    let m = (a + 11 * h + 22 * l) / 451;
    let month = (h + l - 7 * m + 114) / 31;
    let day = (h + l - 7 * m + 114) % 31 + 1;
    Date::from_ymd(year, month as u32, day as u32)
}

/// The first date from `first` on (at most six days later) that is a `day`.
fn first_from(first: Option<Date>, day: Weekday) -> Option<Date> {
    let first = first?;
    (0..7).map(|k| first.add_days(k)).find(|d| d.weekday() == day)
}

/// The Swedish public holiday on `d`, by its name, or `None`.
pub fn holiday(d: Date) -> Option<&'static str> {
    let (y, m, day) = d.ymd();
    let fixed = match (m, day) {
        (1, 1) => Some("nyårsdagen"),
        (1, 6) => Some("trettondedag jul"),
        (5, 1) => Some("första maj"),
        (6, 6) => Some("Sveriges nationaldag"),
        (12, 25) => Some("juldagen"),
        (12, 26) => Some("annandag jul"),
        _ => None,
    };
    if fixed.is_some() {
        return fixed;
    }
    if let Some(easter) = easter_sunday(y) {
        let moving = [
            (-2, "långfredagen"),
            (0, "påskdagen"),
            (1, "annandag påsk"),
            (39, "Kristi himmelsfärdsdag"),
            (49, "pingstdagen"),
        ];
        if let Some((_, name)) = moving.iter().find(|(k, _)| easter.add_days(*k) == d) {
            return Some(name);
        }
    }
    if first_from(Date::from_ymd(y, 6, 20), Weekday::Sat) == Some(d) {
        return Some("midsommardagen");
    }
    if first_from(Date::from_ymd(y, 10, 31), Weekday::Sat) == Some(d) {
        return Some("alla helgons dag");
    }
    None
}

/// The eve of a holiday kept like a holiday (helgdagsafton) on `d`: midsommarafton (the Friday
/// before midsommardagen), julafton (24/12) or nyårsafton (31/12).
pub fn holiday_eve(d: Date) -> Option<&'static str> {
    let (y, m, day) = d.ymd();
    match (m, day) {
        (12, 24) => Some("julafton"),
        (12, 31) => Some("nyårsafton"),
        _ => (first_from(Date::from_ymd(y, 6, 19), Weekday::Fri) == Some(d)).then_some("midsommarafton"),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> Date {
        Date::parse(s).expect("date")
    }

    #[test]
    fn easter_over_several_years() {
        // Published Easter Sundays (Gregorian): the earliest possible (22 March, 2285), the
        // latest (25 April, 2038), and years around the sample.
        for (y, e) in [
            (2000, "2000-04-23"),
            (2008, "2008-03-23"),
            (2019, "2019-04-21"),
            (2024, "2024-03-31"),
            (2025, "2025-04-20"),
            (2026, "2026-04-05"),
            (2027, "2027-03-28"),
            (2028, "2028-04-16"),
            (2038, "2038-04-25"),
            (2285, "2285-03-22"),
        ] {
            assert_eq!(easter_sunday(y), Some(d(e)), "{y}");
        }
    }

    #[test]
    fn holidays_of_2026_and_2027() {
        // 2026: Easter 5 April → långfredagen 3 April, annandag påsk 6 April, Kristi
        // himmelsfärdsdag 5 April + 39 = 14 May, pingstdagen + 49 = 24 May; midsommardagen the
        // Saturday 20–26 June = 20 June; alla helgons dag the Saturday 31 Oct – 6 Nov = 31 Oct.
        let y2026 = [
            ("2026-01-01", "nyårsdagen"),
            ("2026-01-06", "trettondedag jul"),
            ("2026-04-03", "långfredagen"),
            ("2026-04-05", "påskdagen"),
            ("2026-04-06", "annandag påsk"),
            ("2026-05-01", "första maj"),
            ("2026-05-14", "Kristi himmelsfärdsdag"),
            ("2026-05-24", "pingstdagen"),
            ("2026-06-06", "Sveriges nationaldag"),
            ("2026-06-20", "midsommardagen"),
            ("2026-10-31", "alla helgons dag"),
            ("2026-12-25", "juldagen"),
            ("2026-12-26", "annandag jul"),
        ];
        // 2027: Easter 28 March → 26 March, 29 March, 6 May, 16 May; midsommardagen 26 June;
        // alla helgons dag 6 November.
        let y2027 = [
            ("2027-03-26", "långfredagen"),
            ("2027-03-29", "annandag påsk"),
            ("2027-05-06", "Kristi himmelsfärdsdag"),
            ("2027-05-16", "pingstdagen"),
            ("2027-06-26", "midsommardagen"),
            ("2027-11-06", "alla helgons dag"),
        ];
        for (date, name) in y2026.iter().chain(&y2027) {
            assert_eq!(holiday(d(date)), Some(*name), "{date}");
            assert_eq!(DayType::of(d(date)), DayType::Helgdag(name));
        }
        // Exactly 13 holidays a year, every year from 2020 to 2040.
        for y in 2020..=2040 {
            let first = Date::from_ymd(y, 1, 1).expect("1 Jan");
            let n = (0..366).map(|k| first.add_days(k)).filter(|x| x.ymd().0 == y && holiday(*x).is_some()).count();
            assert_eq!(n, 13, "{y}");
        }
        // Ordinary days nearby are not holidays.
        for date in ["2026-04-04", "2026-04-07", "2026-06-19", "2026-06-27", "2026-11-07", "2027-10-30"] {
            assert_eq!(holiday(d(date)), None, "{date}");
        }
    }

    #[test]
    fn midsommar_and_alla_helgon_at_the_edges_of_their_weeks() {
        // Midsommardagen on the 20th (2026), 21st (2025), 22nd (2024), 24th (2023), 25th (2022),
        // 26th (2027); alla helgons dag on 31 Oct (2026), 1 Nov (2025), 2 Nov (2024), 4 Nov
        // (2023), 5 Nov (2022), 6 Nov (2027).
        for date in ["2026-06-20", "2025-06-21", "2024-06-22", "2023-06-24", "2022-06-25", "2027-06-26"] {
            assert_eq!(holiday(d(date)), Some("midsommardagen"), "{date}");
            assert_eq!(holiday_eve(d(date).add_days(-1)), Some("midsommarafton"), "{date}");
        }
        for date in ["2026-10-31", "2025-11-01", "2024-11-02", "2023-11-04", "2022-11-05", "2027-11-06"] {
            assert_eq!(holiday(d(date)), Some("alla helgons dag"), "{date}");
        }
        assert_eq!(holiday_eve(d("2026-12-24")), Some("julafton"));
        assert_eq!(holiday_eve(d("2026-12-31")), Some("nyårsafton"));
        assert_eq!(holiday_eve(d("2026-06-18")), None);
    }

    #[test]
    fn day_types() {
        // Tuesday 24 Nov 2026 vardag, Saturday 28th lördag, Sunday 29th söndag; första maj 2026
        // is a Friday but a helgdag; påskdagen is a Sunday and a helgdag.
        assert_eq!(DayType::of(d("2026-11-24")), DayType::Vardag);
        assert_eq!(DayType::of(d("2026-11-28")).sv(), "lördag");
        assert_eq!(DayType::of(d("2026-11-29")).sv(), "söndag");
        assert_eq!(DayType::of(d("2026-05-01")).sv(), "helgdag (första maj)");
        assert_eq!(DayType::of(d("2026-04-05")).en(), "public holiday (påskdagen)");
        // Julafton 2026 is a Thursday: not a holiday by law, a vardag with an eve.
        assert_eq!((DayType::of(d("2026-12-24")), holiday_eve(d("2026-12-24"))), (DayType::Vardag, Some("julafton")));
    }
}
