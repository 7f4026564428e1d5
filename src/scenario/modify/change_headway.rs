//! `change_headway`: replaces a route's trips on the chosen day types, per direction, by copies
//! of the first trip (earliest departure) every `headway_min` minutes from `first` to `last`
//! (default: the first and last departures of today's trips that direction). Trips that also run
//! on other day types keep running on those. The new service runs on the chosen day types, over
//! the replaced services' date range, except the dates that all of them skipped (holidays; a
//! school-days-only service's breaks do not carry over).

use std::collections::{BTreeSet, HashMap, HashSet};

use serde::Deserialize;

use super::{Cx, retain_trips, route_index};
use crate::date::{fmt_hm, parse_time};
use crate::feed::{Call, Feed, Service, Trip};
use crate::lines::DayType;
use crate::scenario::ScenarioError;

#[derive(Debug, Clone, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct ChangeHeadway {
    pub route: String,
    pub days: Vec<DayType>,
    pub headway_min: f64,
    pub first: Option<String>,
    pub last: Option<String>,
}

/// The trips to replace, a template per direction, and the new service they run on.
#[derive(Debug, Clone)]
pub struct ChangeHeadwayPlan {
    /// Weekday bits (Monday = bit 0) of the chosen day types.
    bits: u8,
    /// `WD`, `SA`, `SU` and their combinations, for new ids.
    day_key: String,
    /// `scn<N>:<route>`, the prefix of new trip ids.
    trip_prefix: String,
    /// `scn<N>`, the prefix of narrowed service ids.
    tag: String,
    headway: u32,
    /// The route's trips that run on a chosen day type (indices into the feed's trips).
    chosen: Vec<usize>,
    templates: Vec<Template>,
    service: Service,
}

/// A direction's template: the trip, its calls, and the span of departures to fill.
#[derive(Debug, Clone)]
struct Template {
    direction: Option<u8>,
    trip: Trip,
    calls: Vec<Call>,
    first: u32,
    last: u32,
}

impl ChangeHeadway {
    pub(super) fn resolve(&self, cx: &Cx, feed: &Feed) -> Result<ChangeHeadwayPlan, ScenarioError> {
        let r = route_index(cx, feed, "route", &self.route)?;
        if !(self.headway_min.is_finite() && self.headway_min > 0.0) {
            return Err(cx.err("headway_min", format!("must be above 0 (got {})", self.headway_min)));
        }
        if self.days.is_empty() {
            return Err(cx.err("days", "give at least one day type: weekday, saturday, sunday"));
        }
        let (first, last) = self.times(cx)?;
        if let (Some(a), Some(b)) = (first, last)
            && b < a
        {
            return Err(cx.err("last", "`last` is before `first`"));
        }
        let bits = day_bits(&self.days);
        let chosen: Vec<usize> = (0..feed.trips.len())
            .filter(|&t| {
                feed.trips[t].route == r as u32 && feed.services[feed.trips[t].service as usize].weekdays & bits != 0
            })
            .collect();
        if chosen.is_empty() {
            return Err(cx.err(
                "days",
                format!("route '{}' has no trips on {} to take as the pattern", self.route, day_key(&self.days)),
            ));
        }
        let id = format!("scn{}:{}:{}", cx.index, self.route, day_key(&self.days));
        Ok(ChangeHeadwayPlan {
            bits,
            day_key: day_key(&self.days),
            trip_prefix: format!("scn{}:{}", cx.index, self.route),
            tag: format!("scn{}", cx.index),
            headway: (self.headway_min * 60.0).round().max(1.0) as u32,
            templates: templates(feed, &chosen, first, last),
            service: new_service(feed, &chosen, bits, id),
            chosen,
        })
    }

    fn times(&self, cx: &Cx) -> Result<(Option<u32>, Option<u32>), ScenarioError> {
        let p = |field: &str, s: &Option<String>| -> Result<Option<u32>, ScenarioError> {
            s.as_ref()
                .map(|s| parse_time(s).ok_or_else(|| cx.err(field, format!("'{s}' is not a time (HH:MM)"))))
                .transpose()
        };
        Ok((p("first", &self.first)?, p("last", &self.last)?))
    }
}

/// Per direction (in direction order): the template (the run with the earliest departure) and
/// the span to fill, `first`/`last` or else today's first and last departures.
fn templates(feed: &Feed, chosen: &[usize], first: Option<u32>, last: Option<u32>) -> Vec<Template> {
    let mut dirs: Vec<(Option<u8>, usize, i64, u32, u32)> = Vec::new(); // dir, trip, template dep, first, last
    for &t in chosen {
        let base = feed.trip_calls(t).first().map_or(0, |c| c.departure) as i64;
        for sh in feed.run_shifts(t) {
            let dep = (base + sh).max(0) as u32;
            let d = feed.trips[t].direction;
            match dirs.iter_mut().find(|x| x.0 == d) {
                Some(x) => {
                    if (dep as i64) < x.2 {
                        x.1 = t;
                        x.2 = dep as i64;
                    }
                    x.3 = x.3.min(dep);
                    x.4 = x.4.max(dep);
                }
                None => dirs.push((d, t, dep as i64, dep, dep)),
            }
        }
    }
    dirs.sort_by_key(|x| x.0);
    dirs.iter()
        .map(|&(direction, t, _, a, b)| Template {
            direction,
            trip: feed.trips[t].clone(),
            calls: feed.trip_calls(t).to_vec(),
            first: first.unwrap_or(a),
            last: last.unwrap_or(b),
        })
        .collect()
}

/// The service of the new trips: the chosen day types over the replaced services' date range.
fn new_service(feed: &Feed, chosen: &[usize], bits: u8, id: String) -> Service {
    let used: BTreeSet<u32> = chosen.iter().map(|&t| feed.trips[t].service).collect();
    let mut svc = Service { id, weekdays: bits, ..Default::default() };
    for &s in &used {
        let o = &feed.services[s as usize];
        svc.start = match (svc.start, o.start) {
            (Some(a), Some(b)) => Some(a.min(b)),
            (a, b) => a.or(b),
        };
        svc.end = match (svc.end, o.end) {
            (Some(a), Some(b)) => Some(a.max(b)),
            (a, b) => a.or(b),
        };
        // Removed: the dates none of the replaced services ran (holidays), not the dates
        // one of them skipped (a school-days-only service's breaks).
        if s == *used.iter().next().unwrap_or(&s) {
            svc.removed = o.removed.clone();
        } else {
            svc.removed.retain(|d| o.removed.binary_search(d).is_ok());
        }
        if o.weekdays & !bits == 0 {
            svc.added.extend(o.added.iter().copied());
        }
    }
    svc.removed.sort();
    svc.removed.dedup();
    svc.added.sort();
    svc.added.dedup();
    svc
}

impl ChangeHeadwayPlan {
    pub(super) fn apply(self, feed: &mut Feed) {
        self.narrow_or_drop(feed);
        feed.services.push(self.service);
        let sid = feed.services.len() as u32 - 1;
        let mut ids: HashSet<String> = feed.trips.iter().map(|t| t.id.to_string()).collect();
        for tpl in self.templates {
            let base = tpl.calls.first().map_or(0, |c| c.departure) as i64;
            let mut dep = tpl.first;
            while dep <= tpl.last {
                let shift = dep as i64 - base;
                let mut id = format!(
                    "{}-{}-{}",
                    self.trip_prefix,
                    tpl.direction.map_or("x".into(), |d| d.to_string()),
                    fmt_hm(dep).replace(':', "")
                );
                while ids.contains(&id) {
                    id.push('+');
                }
                ids.insert(id.clone());
                let first_call = feed.calls.len() as u32;
                feed.calls.extend(tpl.calls.iter().map(|c| Call {
                    arrival: (c.arrival as i64 + shift).max(0) as u32,
                    departure: (c.departure as i64 + shift).max(0) as u32,
                    ..*c
                }));
                feed.trips.push(Trip {
                    id: id.into(),
                    service: sid,
                    first_call,
                    n_calls: tpl.calls.len() as u32,
                    first_freq: feed.frequencies.len() as u32,
                    n_freq: 0,
                    direction: tpl.direction,
                    ..tpl.trip.clone()
                });
                dep += self.headway;
            }
        }
    }

    /// Chosen trips that also run on other day types keep running there, on a narrowed copy of
    /// their service (`scn<N>:<service>-ex-<days>`); the others are removed.
    fn narrow_or_drop(&self, feed: &mut Feed) {
        let bits = self.bits;
        let mut narrowed: HashMap<u32, u32> = HashMap::new();
        for &t in &self.chosen {
            let s = feed.trips[t].service;
            let o = feed.services[s as usize].clone();
            if o.weekdays & !bits == 0 {
                continue;
            }
            let ns = *narrowed.entry(s).or_insert_with(|| {
                let mut n = o.clone();
                n.id = format!("{}:{}-ex-{}", self.tag, o.id, self.day_key);
                n.weekdays &= !bits;
                n.added.retain(|d| bits & (1 << d.weekday().index()) == 0);
                feed.services.push(n);
                feed.services.len() as u32 - 1
            });
            feed.trips[t].service = ns;
        }
        let narrowed_now: HashSet<usize> =
            self.chosen.iter().copied().filter(|&t| narrowed.values().any(|&s| feed.trips[t].service == s)).collect();
        let drop: HashSet<String> =
            self.chosen.iter().filter(|t| !narrowed_now.contains(t)).map(|&t| feed.trips[t].id.to_string()).collect();
        retain_trips(feed, |t| !drop.contains(t.id.as_str()));
    }
}

fn day_bits(days: &[DayType]) -> u8 {
    days.iter().fold(0, |b, d| {
        b | match d {
            DayType::Weekday => 0b001_1111,
            DayType::Saturday => 1 << 5,
            DayType::Sunday => 1 << 6,
        }
    })
}

fn day_key(days: &[DayType]) -> String {
    let mut v: Vec<&str> = days
        .iter()
        .map(|d| match d {
            DayType::Weekday => "WD",
            DayType::Saturday => "SA",
            DayType::Sunday => "SU",
        })
        .collect();
    v.sort();
    v.dedup();
    v.join("")
}
