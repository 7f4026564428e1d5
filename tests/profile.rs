//! The days of a time-of-day / weekday profile: the weekday, then the first Saturday and Sunday
//! after it that lie in the feed's service period.

use crate::common::*;
use narhet::analysis::profile::profile_days;
use narhet::date::Date;
use narhet::feed::{LoadOptions, load};

fn feed_until(end: &str) -> narhet::feed::Feed {
    let cal = format!(
        "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nWD,1,1,1,1,1,1,1,20260101,{end}\n"
    );
    let dir = write(&with(minimal(), "calendar.txt", &cal));
    load(&[dir.path().to_path_buf()], &LoadOptions::default()).unwrap()
}

#[test]
fn the_weekend_after_the_date_within_the_period() {
    let d = |s: &str| Date::parse(s).unwrap();
    // Tuesday 24 November 2026: Saturday 28th and Sunday 29th, both in a period to the year's end.
    let (days, out) = profile_days(&feed_until("20261231"), d("2026-11-24"));
    assert_eq!(days, [("weekday", d("2026-11-24")), ("saturday", d("2026-11-28")), ("sunday", d("2026-11-29"))]);
    assert!(out.is_empty());
    // A period ending on the Saturday: the Sunday is left out and named.
    let (days, out) = profile_days(&feed_until("20261128"), d("2026-11-24"));
    assert_eq!(days.len(), 2);
    assert_eq!(out, ["sunday 2026-11-29"]);
}
