//! The date policy: which service day a run analyses when the user names none, and which weekend
//! days go with a weekday.

use super::AnalysisError;
use crate::date::{Date, Weekday, next_weekday};
use crate::feed::Feed;

/// The date to analyse: the one given, else a typical weekday of the feed ([`typical_weekday`]
/// from the first service date).
pub fn date_or_default(feed: &Feed, date: Option<Date>) -> Result<Date, AnalysisError> {
    if let Some(d) = date {
        return Ok(d);
    }
    let (start, _) = feed.service_range().ok_or(AnalysisError::NoServiceDates)?;
    Ok(typical_weekday(feed, start))
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
        let active = feed.active_services(d);
        let n = feed.trips.iter().filter(|t| active[t.service as usize]).count();
        if n > best.0 {
            best = (n, d);
        }
    }
    best.1
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

    fn d(s: &str) -> Date {
        Date::parse(s).expect("date")
    }

    /// Service M runs Mondays (3 trips), W Wednesdays (2 trips), T Tuesdays (1 trip), from
    /// Monday 2026-11-02; W stops after 2026-11-11 and an exception adds Tuesday 2026-11-17 to W.
    fn feed() -> Feed {
        let dir = tempfile::tempdir().expect("tmp");
        let files = [
            ("agency.txt", "agency_id,agency_name,agency_url,agency_timezone\nA,T,http://x.org,Europe/Stockholm\n"),
            ("stops.txt", "stop_id,stop_name,stop_lat,stop_lon\nS1,One,56.80,14.80\nS2,Two,56.81,14.80\n"),
            ("routes.txt", "route_id,agency_id,route_short_name,route_long_name,route_type\nR,A,1,,3\n"),
            ("trips.txt", "route_id,service_id,trip_id\nR,M,m1\nR,M,m2\nR,M,m3\nR,W,w1\nR,W,w2\nR,T,t1\n"),
            (
                "stop_times.txt",
                "trip_id,arrival_time,departure_time,stop_id,stop_sequence\n\
                 m1,08:00:00,08:00:00,S1,1\nm1,08:10:00,08:10:00,S2,2\nm2,09:00:00,09:00:00,S1,1\nm2,09:10:00,09:10:00,S2,2\n\
                 m3,10:00:00,10:00:00,S1,1\nm3,10:10:00,10:10:00,S2,2\nw1,08:00:00,08:00:00,S1,1\nw1,08:10:00,08:10:00,S2,2\n\
                 w2,09:00:00,09:00:00,S1,1\nw2,09:10:00,09:10:00,S2,2\nt1,08:00:00,08:00:00,S1,1\nt1,08:10:00,08:10:00,S2,2\n",
            ),
            (
                "calendar.txt",
                "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n\
                 M,1,0,0,0,0,0,0,20261102,20261231\nW,0,0,1,0,0,0,0,20261102,20261111\nT,0,1,0,0,0,0,0,20261102,20261231\n",
            ),
            ("calendar_dates.txt", "service_id,date,exception_type\nW,20261117,1\n"),
        ];
        for (n, t) in files {
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
    fn weekend_after_the_weekday() {
        // Tuesday 2026-11-24 → Saturday 28th, Sunday 29th, unless given.
        assert_eq!(weekend_after(d("2026-11-24"), None, None), (d("2026-11-28"), d("2026-11-29")));
        assert_eq!(weekend_after(d("2026-11-24"), Some(d("2026-12-05")), None), (d("2026-12-05"), d("2026-11-29")));
    }
}
