//! The date policy: which dates a feed can be analysed on (its service period), which service
//! day a run analyses when the user names none, how a chosen date is checked (no trips, far
//! fewer trips than a typical weekday, a weekend or public holiday where a weekday analysis is
//! meant), and which weekend days go with a weekday.

use serde::Serialize;

use super::AnalysisError;
use super::holidays::{DayType, holiday_eve};
use crate::date::{Date, Weekday, next_weekday};
use crate::feed::Feed;
use crate::numfmt::int;

/// A gap this long without any service splits a feed's dates into separate periods; the
/// default date is taken from the period with the most service, so a stray service years away
/// (an old calendar row, a far-future exception) does not move it.
pub const PERIOD_GAP_DAYS: i32 = 180;

/// A date with fewer trips than this share of the typical weekday's gets a warning.
pub const FEW_TRIPS_SHARE: f64 = 0.5;

/// The dates a feed covers: its `feed_info.txt` period where every feed gives one, else the
/// span of its `calendar.txt` and `calendar_dates.txt` (merged feeds: the union).
#[derive(Clone, Copy, Debug, PartialEq, Eq, Serialize)]
pub struct ServicePeriod {
    pub start: Date,
    pub end: Date,
    /// True when it comes from `feed_info.txt` of every feed.
    pub from_feed_info: bool,
}

impl std::fmt::Display for ServicePeriod {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        let source = if self.from_feed_info { "feed_info.txt" } else { "calendar.txt/calendar_dates.txt" };
        write!(f, "{} – {} (from {source})", self.start, self.end)
    }
}

/// The feed's service period, `None` when it has no dates at all.
pub fn service_period(feed: &Feed) -> Option<ServicePeriod> {
    let infos: Vec<(Date, Date)> = feed.sources.iter().filter_map(|s| s.feed_start.zip(s.feed_end)).collect();
    if !feed.sources.is_empty() && infos.len() == feed.sources.len() {
        let start = infos.iter().map(|x| x.0).min()?;
        let end = infos.iter().map(|x| x.1).max()?;
        return Some(ServicePeriod { start, end, from_feed_info: true });
    }
    let (mut start, mut end) = feed.service_range()?;
    for (a, b) in infos {
        start = start.min(a);
        end = end.max(b);
    }
    Some(ServicePeriod { start, end, from_feed_info: false })
}

/// A date outside the feed's service period: the error names the period.
pub fn check_in_period(feed: &Feed, date: Date) -> Result<(), AnalysisError> {
    let period = service_period(feed).ok_or(AnalysisError::NoServiceDates)?;
    if date < period.start || date > period.end {
        return Err(AnalysisError::DateOutsidePeriod { date, period });
    }
    Ok(())
}

/// The period of the feed with the most service: the dates on which services run, split where
/// [`PERIOD_GAP_DAYS`] or more pass without any, weighted by trip runs; `None` without dates.
pub fn main_period(feed: &Feed) -> Option<(Date, Date)> {
    let mut trips = vec![0u64; feed.services.len()];
    for t in &feed.trips {
        trips[t.service as usize] += 1;
    }
    // Pieces of service: each calendar.txt range, and each added date on its own.
    let mut pieces: Vec<(Date, Date, f64)> = Vec::new();
    for (s, n) in feed.services.iter().zip(&trips) {
        if let (Some(a), Some(b), true) = (s.start, s.end, s.weekdays != 0) {
            let days = (b.0 - a.0 + 1).max(0) as f64 * s.weekdays.count_ones() as f64 / 7.0;
            pieces.push((a, b, days * *n as f64));
        }
        pieces.extend(s.added.iter().map(|&d| (d, d, *n as f64)));
    }
    pieces.sort_by_key(|p| (p.0, p.1));
    let mut best: Option<(Date, Date, f64)> = None;
    let mut cur: Option<(Date, Date, f64)> = None;
    for (a, b, w) in pieces {
        cur = match cur {
            Some((ca, cb, cw)) if a.0 - cb.0 < PERIOD_GAP_DAYS => Some((ca, cb.max(b), cw + w)),
            Some(c) => {
                if best.is_none_or(|x| c.2 > x.2) {
                    best = Some(c);
                }
                Some((a, b, w))
            }
            None => Some((a, b, w)),
        };
    }
    if let Some(c) = cur
        && best.is_none_or(|x| c.2 > x.2)
    {
        best = Some(c);
    }
    best.map(|(a, b, _)| (a, b))
}

/// The date to analyse: the one given, which must lie in the feed's service period, else a
/// typical weekday of the feed ([`typical_weekday`] from the start of its [`main_period`]).
pub fn date_or_default(feed: &Feed, date: Option<Date>) -> Result<Date, AnalysisError> {
    if let Some(d) = date {
        check_in_period(feed, d)?;
        return Ok(d);
    }
    let (start, _) = main_period(feed).or_else(|| feed.service_range()).ok_or(AnalysisError::NoServiceDates)?;
    Ok(typical_weekday(feed, start))
}

/// Trip runs of the service day `d` (frequency-based trips count once, as in `typical_weekday`).
pub fn trips_on(feed: &Feed, d: Date) -> usize {
    let active = feed.active_services(d);
    feed.trips.iter().filter(|t| active[t.service as usize]).count()
}

/// The Tuesday, Wednesday or Thursday with the most active trips in the eight weeks from
/// `start`; the earliest such day on a tie, and `start` itself if no such day runs a trip.
pub fn typical_weekday(feed: &Feed, start: Date) -> Date {
    let mut best = (0usize, start);
    for k in 0..56 {
        let d = start.add_days(k);
        if !matches!(d.weekday(), Weekday::Tue | Weekday::Wed | Weekday::Thu) {
            continue;
        }
        let n = trips_on(feed, d);
        if n > best.0 {
            best = (n, d);
        }
    }
    best.1
}

/// What a run should know about its date: its day type, a holiday eve, its trips against a
/// typical weekday of the feed, and the warnings that follow.
#[derive(Clone, Debug, PartialEq, Serialize)]
pub struct DateCheck {
    pub date: Date,
    pub day_type: DayType,
    /// Midsommarafton, julafton or nyårsafton (kept like a holiday, not one by law).
    pub eve: Option<&'static str>,
    pub trips: usize,
    /// The feed's typical weekday and its trips (the default date).
    pub typical: Option<(Date, usize)>,
    pub warnings: Vec<DateWarning>,
}

/// Why a date may not be what the user meant.
#[derive(Clone, Debug, PartialEq, Serialize)]
#[serde(tag = "kind", rename_all = "snake_case")]
pub enum DateWarning {
    /// Nothing runs that day.
    NoTrips,
    /// Fewer than half the trips of the typical weekday.
    FewTrips { trips: usize, typical_date: Date, typical_trips: usize },
    /// A weekday analysis (goals and figures for a vardag) on a Saturday, Sunday or holiday.
    NotWeekday { day_type: DayType },
    /// A holiday eve, which often runs a Saturday or reduced timetable.
    HolidayEve { name: &'static str },
}

impl DateWarning {
    /// The warning in English, for the terminal.
    pub fn en(&self, date: Date) -> String {
        match self {
            DateWarning::NoTrips => format!("{date}: no trips run on this day in the feed"),
            DateWarning::FewTrips { trips, typical_date, typical_trips } => format!(
                "{date}: only {trips} trips run, {:.0} % of the feed's typical weekday ({typical_date}: {typical_trips} trips)",
                100.0 * *trips as f64 / (*typical_trips).max(1) as f64
            ),
            DateWarning::NotWeekday { day_type } => {
                format!(
                    "{date} is a {}, not a weekday (vardag), but the analysis is meant for a weekday",
                    day_type.en()
                )
            }
            DateWarning::HolidayEve { name } => {
                format!("{date} is {name}, a holiday eve: many operators run a Saturday or reduced timetable")
            }
        }
    }

    /// The warning in Swedish, for the report.
    pub fn sv(&self, date: Date) -> String {
        match self {
            DateWarning::NoTrips => format!("{date}: inga turer går den dagen enligt tidtabellen."),
            DateWarning::FewTrips { trips, typical_date, typical_trips } => format!(
                "{date}: bara {} turer går, {:.0} % av en typisk vardag i tidtabellen ({typical_date}: {} turer).",
                int(*trips as u64),
                100.0 * *trips as f64 / (*typical_trips).max(1) as f64,
                int(*typical_trips as u64)
            ),
            DateWarning::NotWeekday { day_type } => {
                format!("{date} är en {}, inte en vardag, men analysen gäller en vardag.", day_type.sv())
            }
            DateWarning::HolidayEve { name } => {
                format!(
                    "{date} är {name} (helgdagsafton): många trafikföretag kör lördagstidtabell eller glesare trafik."
                )
            }
        }
    }
}

/// Checks `date` on `feed`: no trips or far fewer than the typical weekday, and — for an
/// analysis meant for a weekday (`weekday_analysis`) — a day that is not a vardag or is a
/// holiday eve.
pub fn check_date(feed: &Feed, date: Date, weekday_analysis: bool) -> DateCheck {
    let day_type = DayType::of(date);
    let eve = holiday_eve(date);
    let trips = trips_on(feed, date);
    let typical = main_period(feed).map(|(start, _)| {
        let t = typical_weekday(feed, start);
        (t, trips_on(feed, t))
    });
    let mut warnings = Vec::new();
    match typical {
        _ if trips == 0 => warnings.push(DateWarning::NoTrips),
        Some((typical_date, typical_trips)) if (trips as f64) < FEW_TRIPS_SHARE * typical_trips as f64 => {
            warnings.push(DateWarning::FewTrips { trips, typical_date, typical_trips })
        }
        _ => {}
    }
    if weekday_analysis && day_type != DayType::Vardag {
        warnings.push(DateWarning::NotWeekday { day_type });
    }
    if let (true, Some(name)) = (weekday_analysis, eve) {
        warnings.push(DateWarning::HolidayEve { name });
    }
    DateCheck { date, day_type, eve, trips, typical, warnings }
}

/// The Saturday and Sunday that go with `weekday`: the ones given, else the first of each after it.
pub fn weekend_after(weekday: Date, saturday: Option<Date>, sunday: Option<Date>) -> (Date, Date) {
    (
        saturday.unwrap_or_else(|| next_weekday(weekday, Weekday::Sat)),
        sunday.unwrap_or_else(|| next_weekday(weekday, Weekday::Sun)),
    )
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::analysis::holidays::DayType;

    fn d(s: &str) -> Date {
        Date::parse(s).expect("date")
    }

    /// Service M runs Mondays (3 trips), W Wednesdays (2 trips), T Tuesdays (1 trip), from
    /// Monday 2026-11-02; W stops after 2026-11-11 and an exception adds Tuesday 2026-11-17 to W.
    /// A stray service O runs one trip on Tuesday 2019-03-05 only, years before the rest.
    fn feed() -> Feed {
        feed_with(&[])
    }

    fn feed_with(extra: &[(&str, &str)]) -> Feed {
        let dir = tempfile::tempdir().expect("tmp");
        let files = [
            ("agency.txt", "agency_id,agency_name,agency_url,agency_timezone\nA,T,http://x.org,Europe/Stockholm\n"),
            ("stops.txt", "stop_id,stop_name,stop_lat,stop_lon\nS1,One,56.80,14.80\nS2,Two,56.81,14.80\n"),
            ("routes.txt", "route_id,agency_id,route_short_name,route_long_name,route_type\nR,A,1,,3\n"),
            ("trips.txt", "route_id,service_id,trip_id\nR,M,m1\nR,M,m2\nR,M,m3\nR,W,w1\nR,W,w2\nR,T,t1\nR,O,o1\n"),
            (
                "stop_times.txt",
                "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n\
                 m1,08:00:00,08:00:00,S1,1\nm1,08:10:00,08:10:00,S2,2\nm2,09:00:00,09:00:00,S1,1\nm2,09:10:00,09:10:00,S2,2\n\
                 m3,10:00:00,10:00:00,S1,1\nm3,10:10:00,10:10:00,S2,2\nw1,08:00:00,08:00:00,S1,1\nw1,08:10:00,08:10:00,S2,2\n\
                 w2,09:00:00,09:00:00,S1,1\nw2,09:10:00,09:10:00,S2,2\nt1,08:00:00,08:00:00,S1,1\nt1,08:10:00,08:10:00,S2,2\n\
                 o1,08:00:00,08:00:00,S1,1\no1,08:10:00,08:10:00,S2,2\n",
            ),
            (
                "calendar.txt",
                "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n\
                 M,1,0,0,0,0,0,0,20261102,20261231\nW,0,0,1,0,0,0,0,20261102,20261111\nT,0,1,0,0,0,0,0,20261102,20261231\n",
            ),
            ("calendar_dates.txt", "service_id,date,exception_type\nW,20261117,1\nO,20190305,1\n"),
        ];
        for (n, t) in files.iter().chain(extra) {
            std::fs::write(dir.path().join(n), t).expect("write");
        }
        crate::feed::load(&[dir.path().to_path_buf()], &Default::default()).expect("feed")
    }

    #[test]
    fn typical_weekday_is_the_busiest_tuesday_to_thursday() {
        let f = feed();
        // Mondays run 3 trips but are not candidates. Tue 3 Nov: 1 trip (T); Wed 4 Nov: 2 (W);
        // Tue 17 Nov: 1 + 2 (T and W's added date) = 3, the most. So Tuesday 2026-11-17.
        assert_eq!(typical_weekday(&f, d("2026-11-02")), d("2026-11-17"));
        // From 18 Nov on W is over and the added date behind: every Tuesday runs 1 trip, every
        // Wednesday and Thursday none; the first Tuesday, 24 Nov, wins the tie.
        assert_eq!(typical_weekday(&f, d("2026-11-18")), d("2026-11-24"));
        // A given date is kept; without one the search starts at the feed's first service day.
        assert_eq!(date_or_default(&f, Some(d("2026-12-01"))).unwrap(), d("2026-12-01"));
        assert_eq!(date_or_default(&f, None).unwrap(), d("2026-11-17"));
    }

    #[test]
    fn the_period_without_feed_info_is_the_calendar_span_and_the_default_skips_the_stray_service() {
        let f = feed();
        // No feed_info.txt: the calendar span, stray service included.
        let p = service_period(&f).unwrap();
        assert_eq!((p.start, p.end, p.from_feed_info), (d("2019-03-05"), d("2026-12-31"), false));
        // The stray 2019 date is more than 180 days from the rest: the main period is Nov–Dec
        // 2026, and the default date is taken from it (2026-11-17 as above), not 2019-03-05.
        assert_eq!(main_period(&f), Some((d("2026-11-02"), d("2026-12-31"))));
        assert_eq!(date_or_default(&f, None).unwrap(), d("2026-11-17"));
        // Outside the period: an error naming it; inside it (even with no trips): accepted.
        let e = date_or_default(&f, Some(d("2027-01-01"))).unwrap_err().to_string();
        assert_eq!(
            e,
            "--date 2027-01-01 is outside the feed's service period 2019-03-05 – 2026-12-31 \
             (from calendar.txt/calendar_dates.txt); give a date in it"
        );
        assert_eq!(date_or_default(&f, Some(d("2020-06-01"))).unwrap(), d("2020-06-01"));
    }

    #[test]
    fn feed_info_sets_the_period() {
        let f = feed_with(&[(
            "feed_info.txt",
            "feed_publisher_name,feed_publisher_url,feed_lang,feed_start_date,feed_end_date\nT,http://x.org,sv,20261101,20261130\n",
        )]);
        let p = service_period(&f).unwrap();
        assert_eq!((p.start, p.end, p.from_feed_info), (d("2026-11-01"), d("2026-11-30"), true));
        // 2026-12-07 has trips (a Monday of M) but lies after feed_info's end: refused.
        assert!(matches!(
            check_in_period(&f, d("2026-12-07")),
            Err(AnalysisError::DateOutsidePeriod { period, .. }) if period.end == d("2026-11-30")
        ));
        assert!(check_in_period(&f, d("2026-11-30")).is_ok());
    }

    #[test]
    fn date_checks_warn_about_empty_thin_and_non_weekdays() {
        let f = feed();
        // Typical weekday: Tuesday 2026-11-17 with 3 trips.
        // Monday 23 Nov: 3 trips (M), a vardag: no warning.
        let c = check_date(&f, d("2026-11-23"), true);
        assert_eq!(
            (c.trips, c.typical, c.day_type, c.warnings.clone()),
            (3, Some((d("2026-11-17"), 3)), DayType::Vardag, vec![])
        );
        // Tuesday 24 Nov: 1 trip (T), fewer than half of 3.
        let c = check_date(&f, d("2026-11-24"), true);
        assert_eq!(c.warnings, [DateWarning::FewTrips { trips: 1, typical_date: d("2026-11-17"), typical_trips: 3 }]);
        assert_eq!(
            c.warnings[0].en(c.date),
            "2026-11-24: only 1 trips run, 33 % of the feed's typical weekday (2026-11-17: 3 trips)"
        );
        // Saturday 28 Nov: nothing runs, and it is a lördag where a weekday is meant; a run
        // that is not a weekday analysis only hears of the missing trips.
        let c = check_date(&f, d("2026-11-28"), true);
        assert_eq!(c.warnings, [DateWarning::NoTrips, DateWarning::NotWeekday { day_type: DayType::Lordag }]);
        assert_eq!(c.warnings[1].sv(c.date), "2026-11-28 är en lördag, inte en vardag, men analysen gäller en vardag.");
        assert_eq!(check_date(&f, d("2026-11-28"), false).warnings, [DateWarning::NoTrips]);
        // Julafton 2026 (a Thursday): a vardag by law, but a holiday eve; juldagen a helgdag.
        let c = check_date(&f, d("2026-12-24"), true);
        assert_eq!((c.day_type, c.eve), (DayType::Vardag, Some("julafton")));
        assert_eq!(c.warnings, [DateWarning::NoTrips, DateWarning::HolidayEve { name: "julafton" }]);
        let c = check_date(&f, d("2026-12-25"), true);
        assert_eq!(c.warnings[1], DateWarning::NotWeekday { day_type: DayType::Helgdag("juldagen") });
    }

    #[test]
    fn weekend_after_the_weekday() {
        // Tuesday 2026-11-24 → Saturday 28th, Sunday 29th, unless given.
        assert_eq!(weekend_after(d("2026-11-24"), None, None), (d("2026-11-28"), d("2026-11-29")));
        assert_eq!(weekend_after(d("2026-11-24"), Some(d("2026-12-05")), None), (d("2026-12-05"), d("2026-11-29")));
    }
}
