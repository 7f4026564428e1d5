//! `add_lines`: new lines in the line-definition format of [`crate::lines`]. Resolving turns them
//! into GTFS tables with [`crate::lines::to_gtfs_tables`] (the feed's own agencies and stops are
//! handed to it when a line names them by id) and loads those as a small feed — once; applying
//! splices that feed into the network: stops named by id are the feed's existing stops, new
//! services are prefixed `scn<N>:`. Calendar: the feed's service range; holidays only if the
//! scenario gives `[[modification.holiday]]` tables.

use std::collections::{BTreeSet, HashMap, HashSet};

use serde::Deserialize;

use super::{Cx, check_stop_position};
use crate::feed::{Agency, Call, Feed, Frequency, LocationType, Transfer};
use crate::lines::{AgencyDef, FeedDef, HolidayDef, LineDef, LinesError, LinesFile, StopDef};
use crate::scenario::ScenarioError;
use crate::text::suggest;

/// New lines in the line-definition format of [`crate::lines`].
#[derive(Debug, Clone, Default, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct AddLines {
    /// Line-definition files, relative to the scenario file.
    #[serde(default)]
    pub files: Vec<String>,
    #[serde(default)]
    pub agency: Vec<AgencyDef>,
    #[serde(default)]
    pub holiday: Vec<HolidayDef>,
    #[serde(default)]
    pub stop: Vec<StopDef>,
    #[serde(default)]
    pub line: Vec<LineDef>,
}

/// The new lines built into a small feed, ready to splice; `tag` prefixes its service ids.
#[derive(Debug, Clone)]
pub struct AddLinesPlan {
    sub: Feed,
    tag: String,
}

impl AddLines {
    /// Builds the lines — once — into a small feed checked against `feed`; applying splices it
    /// in.
    pub(super) fn resolve(&self, cx: &Cx, feed: &Feed) -> Result<AddLinesPlan, ScenarioError> {
        let mut files = self.read(cx)?;
        let base = network_base(cx, feed, &files)?;
        files.insert(0, base);
        let tables = crate::lines::to_gtfs_tables(&files).map_err(|e| lines_err(cx, e))?;
        let sub = crate::feed::load_tables(&format!("{} (new lines)", cx.file), &tables.files)
            .map_err(|e| cx.err("line", e.to_string()))?;
        // New stops must be near the network.
        let feed_stop: HashSet<&str> = feed.stops.iter().map(|s| s.id.as_str()).collect();
        for s in &sub.stops {
            if feed_stop.contains(s.id.as_str()) || s.location_type != LocationType::Stop {
                continue;
            }
            check_stop_position(cx, feed, s.lat, s.lon).map_err(|mut e| {
                e.field = Some(format!("stop '{}'", s.id));
                e
            })?;
        }
        Ok(AddLinesPlan { sub, tag: format!("scn{}", cx.index) })
    }

    /// The inline definitions, then each of `files`; at least one line among them.
    fn read(&self, cx: &Cx) -> Result<Vec<LinesFile>, ScenarioError> {
        let mut files: Vec<LinesFile> = Vec::new();
        files.push(LinesFile {
            source: cx.file.to_string(),
            agency: self.agency.clone(),
            holiday: self.holiday.clone(),
            stop: self.stop.clone(),
            line: self.line.clone(),
            ..Default::default()
        });
        for (k, f) in self.files.iter().enumerate() {
            let path = cx.dir.join(f);
            let text = std::fs::read_to_string(&path)
                .map_err(|e| cx.err(format!("files[{k}]"), format!("{}: {e}", path.display())))?;
            let lf = crate::lines::parse_str(&text, &path.display().to_string()).map_err(|e| lines_err(cx, e))?;
            if lf.feed.is_some() {
                return Err(cx.err(
                    format!("files[{k}]"),
                    format!("{}: a scenario's lines take [feed] from the network; remove it", path.display()),
                ));
            }
            files.push(lf);
        }
        if files.iter().all(|f| f.line.is_empty()) {
            return Err(cx.err("line", "no [[modification.line]] and no line in `files`"));
        }
        Ok(files)
    }
}

/// A line-definition error as a scenario error of this modification (naming the other file when
/// it is in one of `files`).
fn lines_err(cx: &Cx, e: LinesError) -> ScenarioError {
    let mut s = cx.err(e.key.clone().unwrap_or_else(|| "line".into()), e.message.clone());
    if e.file != cx.file {
        s.message = format!("{}: {}", e.to_string().split(": ").next().unwrap_or(&e.file), e.message);
    }
    s
}

/// The definitions the network lends the lines: `[feed]` (the feed's service range) and the
/// feed's agencies and stops that the lines name by id.
fn network_base(cx: &Cx, feed: &Feed, files: &[LinesFile]) -> Result<LinesFile, ScenarioError> {
    // What the definitions define themselves.
    let mut def_agencies: HashSet<&str> = HashSet::new();
    let mut def_stops: HashSet<&str> = HashSet::new();
    for f in files {
        def_agencies.extend(f.agency.iter().map(|a| a.id.as_str()));
        def_stops.extend(f.stop.iter().map(|s| s.id.as_str()));
        for l in &f.line {
            def_stops.extend(l.stops.iter().filter(|s| s.name.is_some() || s.lat.is_some()).map(|s| s.id.as_str()));
        }
    }
    let feed_stop: HashMap<&str, usize> = feed.stops.iter().enumerate().map(|(i, s)| (s.id.as_str(), i)).collect();
    for &s in &def_stops {
        if feed_stop.contains_key(s) {
            return Err(cx.err(
                format!("stop[{s}]"),
                format!("stop '{s}' already exists in the feed; name it by id only to use it"),
            ));
        }
    }
    let mut base = LinesFile { source: format!("{} (network)", cx.file), ..Default::default() };
    let (start, end) =
        feed.service_range().ok_or_else(|| cx.err("line", "the feed has no service dates to run new lines on"))?;
    base.feed = Some(FeedDef {
        publisher_name: "narhet scenario".into(),
        publisher_url: "https://example.invalid/narhet".into(),
        lang: "sv".into(),
        version: String::new(),
        start_date: start.to_string(),
        end_date: end.to_string(),
    });
    let defined = Defined { agencies: &def_agencies, stops: &def_stops, feed_stop: &feed_stop };
    let (used_agency, used_stop) = used_by_lines(cx, feed, files, &defined)?;
    for a in used_agency {
        let fa = feed.agencies.iter().find(|x| x.id == a).map_or(String::new(), |x| x.name.clone());
        base.agency.push(AgencyDef {
            id: a.to_string(),
            name: fa,
            url: "https://example.invalid/narhet".into(),
            timezone: "Europe/Stockholm".into(),
            phone: None,
        });
    }
    for i in used_stop {
        let s = &feed.stops[i];
        base.stop.push(StopDef {
            id: s.id.to_string(),
            name: s.name.to_string(),
            lat: s.lat,
            lon: s.lon,
            wheelchair: match s.wheelchair_boarding {
                1 => Some(true),
                2 => Some(false),
                _ => None,
            },
            parent: None,
            station: false,
            platform: None,
        });
    }
    Ok(base)
}

/// What the definitions define themselves, and the feed's stops by id.
struct Defined<'a> {
    agencies: &'a HashSet<&'a str>,
    stops: &'a HashSet<&'a str>,
    feed_stop: &'a HashMap<&'a str, usize>,
}

/// The feed's agencies (ids) and stops (indices) that the lines use by id; every id must exist,
/// and a line calls at platforms, not stations.
fn used_by_lines<'f>(
    cx: &Cx,
    feed: &Feed,
    files: &'f [LinesFile],
    defined: &Defined,
) -> Result<(BTreeSet<&'f str>, BTreeSet<usize>), ScenarioError> {
    let stop_ids: Vec<&str> = feed.stops.iter().map(|s| s.id.as_str()).collect();
    let mut used_agency: BTreeSet<&str> = BTreeSet::new();
    let mut used_stop: BTreeSet<usize> = BTreeSet::new();
    for f in files {
        for l in &f.line {
            if feed.routes.iter().any(|r| r.id == l.id) {
                return Err(
                    cx.err(format!("line[{}].id", l.id), format!("route id '{}' already exists in the feed", l.id))
                );
            }
            if !defined.agencies.contains(l.agency.as_str()) {
                if feed.agencies.iter().any(|a| a.id == l.agency) {
                    used_agency.insert(&l.agency);
                } else {
                    let ids: Vec<&str> = feed.agencies.iter().map(|a| a.id.as_str()).collect();
                    return Err(cx.err(
                        format!("line[{}].agency", l.id),
                        format!("unknown agency '{}'{}", l.agency, suggest(&l.agency, &ids)),
                    ));
                }
            }
            for (k, s) in l.stops.iter().enumerate() {
                if defined.stops.contains(s.id.as_str()) {
                    continue;
                }
                let Some(&i) = defined.feed_stop.get(s.id.as_str()) else {
                    return Err(cx.err(
                        format!("line[{}].stops[{k}].id", l.id),
                        format!(
                            "unknown stop id '{}'{} (a new stop needs name, lat and lon)",
                            s.id,
                            suggest(&s.id, &stop_ids)
                        ),
                    ));
                };
                if feed.stops[i].location_type != LocationType::Stop {
                    let platforms: Vec<&str> =
                        feed.stops.iter().filter(|p| p.parent == Some(i as u32)).map(|p| p.id.as_str()).collect();
                    return Err(cx.err(
                        format!("line[{}].stops[{k}].id", l.id),
                        format!("'{}' is a station; call at one of its platforms: {}", s.id, platforms.join(", ")),
                    ));
                }
                used_stop.insert(i);
            }
        }
    }
    Ok((used_agency, used_stop))
}

impl AddLinesPlan {
    /// Splices the new lines into `feed`.
    pub(super) fn apply(self, feed: &mut Feed) {
        splice(feed, self.sub, &self.tag);
    }
}

/// Adds `sub` to `feed`: stops with an id the feed has are the feed's; agencies likewise by id;
/// services are renamed `tag:id`, trips too when their id is taken.
fn splice(feed: &mut Feed, sub: Feed, tag: &str) {
    let agency_of: HashMap<String, u32> =
        feed.agencies.iter().enumerate().map(|(i, a)| (a.id.clone(), i as u32)).collect();
    let amap: Vec<u32> = sub
        .agencies
        .iter()
        .map(|a| {
            agency_of.get(&a.id).copied().unwrap_or_else(|| {
                feed.agencies.push(Agency { id: a.id.clone(), name: a.name.clone(), feed: 0 });
                feed.agencies.len() as u32 - 1
            })
        })
        .collect();
    let stop_of: HashMap<String, u32> =
        feed.stops.iter().enumerate().map(|(i, s)| (s.id.to_string(), i as u32)).collect();
    let n0 = feed.stops.len() as u32;
    let mut smap = Vec::with_capacity(sub.stops.len());
    let mut fresh = Vec::new();
    for s in &sub.stops {
        match stop_of.get(s.id.as_str()) {
            Some(&i) => smap.push(i),
            None => {
                smap.push(n0 + fresh.len() as u32);
                fresh.push(s.clone());
            }
        }
    }
    for mut s in fresh {
        s.parent = s.parent.map(|p| smap[p as usize]);
        s.feed = 0;
        feed.stops.push(s);
    }
    let r0 = feed.routes.len() as u32;
    for mut r in sub.routes {
        r.agency = r.agency.map(|a| amap[a as usize]);
        r.feed = 0;
        feed.routes.push(r);
    }
    let sv0 = feed.services.len() as u32;
    for mut s in sub.services {
        s.id = format!("{tag}:{}", s.id);
        feed.services.push(s);
    }
    let trip_ids: HashSet<String> = feed.trips.iter().map(|t| t.id.to_string()).collect();
    let t0 = feed.trips.len() as u32;
    let c0 = feed.calls.len() as u32;
    let f0 = feed.frequencies.len() as u32;
    for mut t in sub.trips {
        if trip_ids.contains(t.id.as_str()) {
            t.id = format!("{tag}:{}", t.id).into();
        }
        t.route += r0;
        t.service += sv0;
        t.first_call += c0;
        t.first_freq += f0;
        t.feed = 0;
        feed.trips.push(t);
    }
    feed.calls.extend(sub.calls.into_iter().map(|c| Call { stop: smap[c.stop as usize], ..c }));
    feed.frequencies.extend(sub.frequencies.into_iter().map(|f| Frequency { trip: f.trip + t0, ..f }));
    feed.transfers.extend(sub.transfers.into_iter().map(|x| Transfer {
        from: smap[x.from as usize],
        to: smap[x.to as usize],
        from_route: x.from_route.map(|r| r + r0),
        to_route: x.to_route.map(|r| r + r0),
        from_trip: x.from_trip.map(|t| t + t0),
        to_trip: x.to_trip.map(|t| t + t0),
        ..x
    }));
    feed.demand_areas.extend(sub.demand_areas.into_iter().map(|mut a| {
        a.feed = 0;
        a
    }));
}
