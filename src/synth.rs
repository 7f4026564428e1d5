//! Synthetic national-scale GTFS feeds for benchmarks: a deterministic generator of a network
//! shaped like Sweden's, sized to a requested number of stops and `stop_times.txt` rows.
//!
//! The network: towns of Zipf-like size scattered over a Sweden-like outline (lat 55.3–69,
//! lon 11–24, denser in the south); trunk rail between the bigger towns (parent stations with
//! two platforms, one per direction, and `transfers.txt` rows there); regional buses between
//! neighbouring towns with rural stops on the way; town bus lines through each town's centre
//! whose headways shrink as the town grows; weekday, Saturday and Sunday calendars with
//! `calendar_dates.txt` holiday exceptions; some `frequencies.txt` trips in the largest towns;
//! late trips that run past midnight. Ids look like Samtrafiken's (16-digit numbers), so the
//! loader's memory use is representative.
//!
//! For benchmarks, never for tests of meaning: the feed is plausible, not real. The same options
//! (size and seed) always give the same bytes. Distances while generating are metres on
//! SWEREF 99 TM. Depends only on [`crate::spatial`]; writes plain text files.

use std::fs::File;
use std::io::{BufWriter, Write};
use std::path::Path;

use rstar::{RTree, primitives::GeomWithData};

use crate::spatial::{Xy, to_sweref, to_wgs84};

/// What to generate.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct SynthOptions {
    /// Rows of `stops.txt` (stops, platforms and stations), hit exactly.
    pub stops: usize,
    /// Rows of `stop_times.txt`, hit within a few rows.
    pub stop_times: usize,
    pub seed: u64,
}

/// Why a feed could not be generated.
#[derive(Debug, thiserror::Error)]
pub enum SynthError {
    #[error("{0}")]
    Size(String),
    #[error("{file}: cannot write: {source}")]
    Io {
        file: String,
        #[source]
        source: std::io::Error,
    },
}

/// Counts of what was written.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct SynthSummary {
    pub towns: usize,
    pub rail_stations: usize,
    pub stops: usize,
    pub routes: usize,
    /// Lines by kind: rail, regional bus, town bus.
    pub lines: [usize; 3],
    pub trips: usize,
    pub stop_times: usize,
    pub frequencies: usize,
    pub transfers: usize,
    pub trips_past_midnight: usize,
}

/// The first and last service date of every generated feed, `YYYYMMDD`.
pub const FEED_START: &str = "20260101";
pub const FEED_END: &str = "20261231";

/// The `feed_version` written to `feed_info.txt` for these options: a cheap way to tell whether
/// a feed on disk was made with them.
pub fn version(opts: &SynthOptions) -> String {
    format!("synth seed {} stops {} stop_times {}", opts.seed, opts.stops, opts.stop_times)
}

/// Fewest stops a feed can have (a few towns with a railway between two of them).
pub const MIN_STOPS: usize = 20;

/// SplitMix64: small, fast, and good enough to scatter towns.
struct Rng(u64);

impl Rng {
    fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    /// Uniform in `[0, 1)`.
    fn f64(&mut self) -> f64 {
        (self.next_u64() >> 11) as f64 / (1u64 << 53) as f64
    }

    /// Uniform in `0..n` (`n` > 0).
    fn below(&mut self, n: usize) -> usize {
        (((self.next_u64() >> 32) * n as u64) >> 32) as usize
    }
}

#[derive(Clone, Copy, PartialEq, Eq)]
enum Kind {
    Rail,
    Regional,
    Town,
}

struct StopRec {
    name: String,
    xy: Xy,
    /// 0 stop, 1 station.
    location_type: u8,
    parent: Option<u32>,
    /// 0 leaves it empty (inherit or unknown).
    wheelchair: u8,
    platform: u8,
}

struct Town {
    name: String,
    xy: Xy,
    /// Relative size (1 for the biggest).
    weight: f64,
    /// Its stops; the first is the centre (hub).
    stops: Vec<u32>,
    /// Rail station (parent) index, if it has one; platforms follow it.
    station: Option<u32>,
}

/// A route with its stop sequence each way and its service level.
struct Line {
    kind: Kind,
    agency: usize,
    short_name: String,
    long_name: String,
    /// Stops each way (direction 0, direction 1).
    stops: [Vec<u32>; 2],
    /// Seconds from the first departure to each stop's arrival (same both ways).
    offset: Vec<u32>,
    /// Seconds standing at each intermediate stop.
    dwell: u32,
    headsign: [String; 2],
    /// Weekday departures per direction at scale 1.
    demand: f64,
    /// First and last departure, seconds after midnight.
    span: (u32, u32),
    /// Weekday daytime (07–19) runs as one frequency-based trip.
    freq: bool,
    /// Departures per direction: weekday, Saturday, Sunday.
    n: [u32; 3],
}

const FREQ_START: u32 = 7 * 3600;
const FREQ_END: u32 = 19 * 3600;

impl Line {
    fn len(&self) -> usize {
        self.stops[0].len()
    }

    fn counts(&self, wd: u32) -> [u32; 3] {
        let (sa, su) = match self.kind {
            Kind::Rail => (0.75, 0.7),
            Kind::Regional => (0.45, 0.3),
            Kind::Town => (0.6, 0.45),
        };
        [wd, (wd as f64 * sa).round() as u32, (wd as f64 * su).round() as u32]
    }

    /// Departure times of the `n` runs of one day type (before frequency thinning).
    fn departures(&self, n: u32, dir: usize) -> impl Iterator<Item = u32> + '_ {
        // The first run leaves at the start of the span and the last at its end, so lines whose
        // span ends after 24:00 always have a run past midnight; a lone run leaves mid-span.
        let (a, b) = self.span;
        let (first, step) =
            if n <= 1 { ((a + b) as f64 / 2.0, 0.0) } else { (a as f64, (b - a) as f64 / (n - 1) as f64) };
        let coarse = step >= 300.0;
        // Direction 1 is offset by a third of a headway so the two ways do not mirror.
        let lag = if dir == 1 { step / 3.0 } else { 0.0 };
        (0..n).map(move |i| {
            let t = first + step * i as f64 + lag;
            if coarse { (t / 60.0).round() as u32 * 60 } else { t.round() as u32 }
        })
    }

    /// Trips actually written for one day type and direction (weekday daytime of a frequency
    /// line becomes one template trip).
    fn explicit(&self, day: usize, dir: usize) -> (u32, bool) {
        let n = self.n[day];
        if day == 0 && self.freq {
            let outside = self.departures(n, dir).filter(|&t| !(FREQ_START..FREQ_END).contains(&t)).count() as u32;
            (outside, true)
        } else {
            (n, false)
        }
    }

    /// `stop_times.txt` rows this line writes.
    fn rows(&self) -> u64 {
        let mut trips = 0u64;
        for day in 0..3 {
            for dir in 0..2 {
                let (n, template) = self.explicit(day, dir);
                trips += n as u64 + template as u64;
            }
        }
        trips * self.len() as u64
    }
}

/// Generates a feed into `out` (created if missing; existing GTFS files are overwritten).
pub fn generate(opts: &SynthOptions, out: &Path) -> Result<SynthSummary, SynthError> {
    let net = Network::build(opts)?;
    std::fs::create_dir_all(out).map_err(|e| SynthError::Io { file: out.display().to_string(), source: e })?;
    // feed_info.txt is written last; until then the directory does not claim to be complete.
    let info = out.join("feed_info.txt");
    if info.exists() {
        std::fs::remove_file(&info).map_err(|e| SynthError::Io { file: info.display().to_string(), source: e })?;
    }
    net.write(out)
}

struct Network {
    towns: Vec<Town>,
    stops: Vec<StopRec>,
    lines: Vec<Line>,
    agencies: Vec<String>,
    transfers: Vec<(u32, u32, u32)>,
    /// `feed_info.txt`'s feed_version: the options that made it.
    version: String,
}

impl Network {
    fn build(opts: &SynthOptions) -> Result<Network, SynthError> {
        if opts.stops < MIN_STOPS {
            return Err(SynthError::Size(format!(
                "--stops {} is too few: a feed needs at least {MIN_STOPS}",
                opts.stops
            )));
        }
        if opts.stops > 10_000_000 || opts.stop_times > 1_000_000_000 {
            return Err(SynthError::Size("at most 10 million stops and 1 000 million stop_times".into()));
        }
        let mut rng = Rng(opts.seed ^ 0x6E61_7268_6574_0001);
        let n = opts.stops;
        // Budget: stations (3 rows each: parent + 2 platforms), rural stops, town stops.
        let n_towns = (n / 28).max(4);
        let n_rail = (n_towns / 12).clamp(2, 400);
        let rural = n * 3 / 20;
        let town_budget = n - 3 * n_rail - rural;
        let mut net = Network {
            towns: Vec::with_capacity(n_towns),
            stops: Vec::with_capacity(n),
            lines: Vec::new(),
            agencies: Vec::new(),
            transfers: Vec::new(),
            version: version(opts),
        };
        net.place_towns(&mut rng, n_towns, town_budget);
        net.agencies.push("Syntetiska Järnvägar".into());
        for k in 1..=21 {
            net.agencies.push(format!("Länstrafik {k}"));
        }
        net.rail(n_rail);
        net.regional(&mut rng, rural);
        net.town_lines(&mut rng);
        debug_assert_eq!(net.stops.len(), n);
        net.fit(opts.stop_times as u64)?;
        Ok(net)
    }

    fn add_stop(&mut self, name: String, xy: Xy, rng: &mut Rng) -> u32 {
        let wheelchair = [0, 1, 1, 1, 2][rng.below(5)];
        self.stops.push(StopRec { name, xy, location_type: 0, parent: None, wheelchair, platform: 0 });
        self.stops.len() as u32 - 1
    }

    fn place_towns(&mut self, rng: &mut Rng, n_towns: usize, budget: usize) {
        // Zipf weights 1/k; every town has its centre stop, the rest shared by weight
        // (largest remainder).
        let w: Vec<f64> = (0..n_towns).map(|k| 1.0 / (k + 1) as f64).collect();
        let total: f64 = w.iter().sum();
        let spare = budget - n_towns;
        let exact: Vec<f64> = w.iter().map(|x| x / total * spare as f64).collect();
        let mut alloc: Vec<usize> = exact.iter().map(|x| 1 + *x as usize).collect();
        let mut left = budget - alloc.iter().sum::<usize>();
        let mut by_frac: Vec<usize> = (0..n_towns).collect();
        by_frac
            .sort_by(|&a, &b| (exact[b] - exact[b].floor()).total_cmp(&(exact[a] - exact[a].floor())).then(a.cmp(&b)));
        for &t in by_frac.iter().cycle() {
            if left == 0 {
                break;
            }
            alloc[t] += 1;
            left -= 1;
        }
        let mut placed: RTree<GeomWithData<[f64; 2], u32>> = RTree::new();
        for (k, &count) in alloc.iter().enumerate() {
            // Keep towns at least 4 km apart where the dice allow it.
            let mut xy = random_place(rng);
            for _ in 0..20 {
                match placed.nearest_neighbor(&[xy.x, xy.y]) {
                    Some(p) if Xy { x: p.geom()[0], y: p.geom()[1] }.dist(xy) < 4_000.0 => {
                        xy = random_place(rng);
                    }
                    _ => break,
                }
            }
            placed.insert(GeomWithData::new([xy.x, xy.y], k as u32));
            let name = town_name(rng, k);
            let mut town =
                Town { name: name.clone(), xy, weight: w[k], stops: Vec::with_capacity(count), station: None };
            let hub = self.add_stop(format!("{name} Centrum"), xy, rng);
            town.stops.push(hub);
            let radius = 350.0 * (count as f64).sqrt();
            for j in 1..count {
                let r = radius * rng.f64().powf(0.7).max(0.02);
                let a = rng.f64() * std::f64::consts::TAU;
                let p = Xy { x: xy.x + r * a.cos(), y: xy.y + r * a.sin() };
                let street = STREETS[rng.below(STREETS.len())];
                let s = self.add_stop(format!("{name} {street} {j}"), p, rng);
                town.stops.push(s);
            }
            self.towns.push(town);
        }
    }

    fn agency_of(&self, xy: Xy) -> usize {
        // 21 regional agencies in bands of northing, like counties.
        let band = ((xy.y - 6_130_000.0) / 1_530_000.0 * 21.0).clamp(0.0, 20.0) as usize;
        1 + band
    }

    /// Stations in the `n_rail` biggest towns; a line from each to the nearest bigger one, and
    /// intercity lines between the three biggest, calling at stations near the way.
    fn rail(&mut self, n_rail: usize) {
        for t in 0..n_rail {
            let town = &self.towns[t];
            let base = Xy { x: town.xy.x + 250.0, y: town.xy.y + 60.0 };
            let name = format!("{} station", town.name);
            let st = self.stops.len() as u32;
            self.stops.push(StopRec {
                name: name.clone(),
                xy: base,
                location_type: 1,
                parent: None,
                wheelchair: 1,
                platform: 0,
            });
            for k in 1..=2u8 {
                self.stops.push(StopRec {
                    name: name.clone(),
                    xy: Xy { x: base.x, y: base.y + if k == 1 { -15.0 } else { 15.0 } },
                    location_type: 0,
                    parent: Some(st),
                    wheelchair: 0,
                    platform: k,
                });
            }
            let hub = self.towns[t].stops[0];
            self.towns[t].station = Some(st);
            // Changing trains takes 3 minutes; rail to town bus 5.
            self.transfers.push((st, st, 180));
            for k in 1..=2 {
                self.transfers.push((st + k, hub, 300));
                self.transfers.push((hub, st + k, 300));
            }
        }
        let mut pairs: Vec<(usize, usize, bool)> = Vec::new();
        for j in 1..n_rail {
            let i = (0..j)
                .min_by(|&a, &b| {
                    let da = self.towns[a].xy.dist(self.towns[j].xy);
                    let db = self.towns[b].xy.dist(self.towns[j].xy);
                    da.total_cmp(&db).then(a.cmp(&b))
                })
                .unwrap_or(0);
            pairs.push((j, i, false));
        }
        if n_rail >= 3 {
            pairs.extend([(0, 1, true), (0, 2, true), (1, 2, true)]);
        }
        for (num, (a, b, ic)) in pairs.into_iter().enumerate() {
            let (pa, pb) = (self.towns[a].xy, self.towns[b].xy);
            let len = pa.dist(pb).max(1.0);
            let corridor = if ic { 20_000.0 } else { 30_000.0 };
            let mut via: Vec<(f64, usize)> = (0..n_rail)
                .filter(|&k| k != a && k != b)
                .filter_map(|k| {
                    let p = self.towns[k].xy;
                    let t = ((p.x - pa.x) * (pb.x - pa.x) + (p.y - pa.y) * (pb.y - pa.y)) / (len * len);
                    let q = Xy { x: pa.x + t * (pb.x - pa.x), y: pa.y + t * (pb.y - pa.y) };
                    ((0.03..0.97).contains(&t) && q.dist(p) < corridor).then_some((t, k))
                })
                .collect();
            via.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
            if ic {
                // Intercity trains stop only at the bigger towns on the way.
                via.retain(|&(_, k)| k < n_rail / 3 + 1);
            }
            let towns: Vec<usize> =
                std::iter::once(a).chain(via.iter().map(|v| v.1)).chain(std::iter::once(b)).collect();
            let speed = if ic { 150.0 / 3.6 } else { 100.0 / 3.6 };
            let dwell = if ic { 120 } else { 60 };
            let offset = offsets(towns.iter().map(|&t| self.towns[t].xy), 1.15, speed);
            let station = |t: usize, platform: u32| self.towns[t].station.map_or(0, |s| s + platform);
            let fwd: Vec<u32> = towns.iter().map(|&t| station(t, 1)).collect();
            let back: Vec<u32> = towns.iter().rev().map(|&t| station(t, 2)).collect();
            let (wa, wb) = (self.towns[a].weight, self.towns[b].weight);
            let demand = if ic { 16.0 } else { 6.0 + 14.0 * (wa * wb).sqrt() };
            self.lines.push(Line {
                kind: Kind::Rail,
                agency: 0,
                short_name: format!("{}{}", if ic { "IC " } else { "" }, 100 + num),
                long_name: format!("{} – {}", self.towns[a].name, self.towns[b].name),
                stops: [fwd, back],
                offset,
                dwell,
                headsign: [self.towns[b].name.clone(), self.towns[a].name.clone()],
                demand,
                span: (5 * 3600, 22 * 3600),
                freq: false,
                n: [0; 3],
            });
        }
    }

    /// Buses between each town and its two nearest, with `rural` stops shared out by length.
    fn regional(&mut self, rng: &mut Rng, rural: usize) {
        let tree: RTree<GeomWithData<[f64; 2], u32>> = RTree::bulk_load(
            self.towns.iter().enumerate().map(|(k, t)| GeomWithData::new([t.xy.x, t.xy.y], k as u32)).collect(),
        );
        let mut edges: Vec<(usize, usize)> = Vec::new();
        for (a, t) in self.towns.iter().enumerate() {
            let mut near: Vec<(f64, usize)> = tree
                .nearest_neighbor_iter(&[t.xy.x, t.xy.y])
                .take(4)
                .map(|g| (t.xy.dist(self.towns[g.data as usize].xy), g.data as usize))
                .filter(|&(_, b)| b != a)
                .collect();
            near.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
            for &(_, b) in near.iter().take(2) {
                edges.push((a.min(b), a.max(b)));
            }
        }
        edges.sort_unstable();
        edges.dedup();
        // Rural stops by length (largest remainder).
        let lens: Vec<f64> = edges.iter().map(|&(a, b)| self.towns[a].xy.dist(self.towns[b].xy)).collect();
        let total: f64 = lens.iter().sum::<f64>().max(1.0);
        let exact: Vec<f64> = lens.iter().map(|l| l / total * rural as f64).collect();
        let mut alloc: Vec<usize> = exact.iter().map(|x| *x as usize).collect();
        let mut left = rural - alloc.iter().sum::<usize>();
        let mut by_frac: Vec<usize> = (0..edges.len()).collect();
        by_frac
            .sort_by(|&a, &b| (exact[b] - exact[b].floor()).total_cmp(&(exact[a] - exact[a].floor())).then(a.cmp(&b)));
        for &e in by_frac.iter().cycle() {
            if left == 0 {
                break;
            }
            alloc[e] += 1;
            left -= 1;
        }
        for (num, (&(a, b), &k)) in edges.iter().zip(&alloc).enumerate() {
            let (pa, pb) = (self.towns[a].xy, self.towns[b].xy);
            let (nx, ny) = {
                let l = pa.dist(pb).max(1.0);
                (-(pb.y - pa.y) / l, (pb.x - pa.x) / l)
            };
            let mut seq = vec![self.towns[a].stops[0]];
            for j in 0..k {
                let t = (j as f64 + 0.5 + (rng.f64() - 0.5) * 0.6) / k as f64;
                let side = (rng.f64() - 0.5) * 2_000.0;
                let p = Xy { x: pa.x + t * (pb.x - pa.x) + side * nx, y: pa.y + t * (pb.y - pa.y) + side * ny };
                let near = if t < 0.5 { a } else { b };
                let name = format!("{} {} {}", self.towns[near].name, RURAL[rng.below(RURAL.len())], j + 1);
                seq.push(self.add_stop(name, p, rng));
            }
            seq.push(self.towns[b].stops[0]);
            let offset = offsets(seq.iter().map(|&s| self.stops[s as usize].xy), 1.25, 65.0 / 3.6);
            let (wa, wb) = (self.towns[a].weight, self.towns[b].weight);
            let back: Vec<u32> = seq.iter().rev().copied().collect();
            self.lines.push(Line {
                kind: Kind::Regional,
                agency: self.agency_of(pa),
                short_name: format!("{}", 200 + num),
                long_name: format!("{} – {}", self.towns[a].name, self.towns[b].name),
                stops: [seq, back],
                offset,
                dwell: 0,
                headsign: [self.towns[b].name.clone(), self.towns[a].name.clone()],
                demand: 5.0 + 20.0 * (wa * wb).sqrt().sqrt(),
                span: (5 * 3600 + 45 * 60, 22 * 3600 + 30 * 60),
                freq: false,
                n: [0; 3],
            });
        }
    }

    /// Lines through each town's centre, one per sector of direction, covering every stop.
    fn town_lines(&mut self, rng: &mut Rng) {
        let n_towns = self.towns.len();
        let big = (n_towns / 50).max(1);
        for t in 0..n_towns {
            let town = &self.towns[t];
            let others = &town.stops[1..];
            if others.is_empty() {
                continue;
            }
            let n_lines = ((others.len() as f64 / 14.0).round() as usize).max(1);
            let rot = rng.f64() * std::f64::consts::PI;
            let mut sectors: Vec<Vec<(f64, u32)>> = vec![Vec::new(); n_lines];
            for &s in others {
                let p = self.stops[s as usize].xy;
                let (dx, dy) = (p.x - town.xy.x, p.y - town.xy.y);
                let ang = (dy.atan2(dx) - rot).rem_euclid(std::f64::consts::PI);
                let k = ((ang / std::f64::consts::PI * n_lines as f64) as usize).min(n_lines - 1);
                let mid = rot + (k as f64 + 0.5) / n_lines as f64 * std::f64::consts::PI;
                sectors[k].push((dx * mid.cos() + dy * mid.sin(), s));
            }
            let hub = town.stops[0];
            // Headways shrink as the town grows: demand rises with the square root of size.
            let demand = 8.0 + 70.0 * town.weight.sqrt();
            let late = t < big * 2;
            let agency = self.agency_of(town.xy);
            let name = town.name.clone();
            for (k, mut sec) in sectors.into_iter().enumerate() {
                if sec.is_empty() {
                    continue;
                }
                sec.sort_by(|x, y| x.0.total_cmp(&y.0).then(x.1.cmp(&y.1)));
                let mut seq: Vec<u32> = sec.iter().filter(|x| x.0 < 0.0).map(|x| x.1).collect();
                seq.push(hub);
                seq.extend(sec.iter().filter(|x| x.0 >= 0.0).map(|x| x.1));
                let offset = offsets(seq.iter().map(|&s| self.stops[s as usize].xy), 1.3, 20.0 / 3.6);
                let back: Vec<u32> = seq.iter().rev().copied().collect();
                let first = self.stops[seq[0] as usize].name.clone();
                let last = self.stops[*seq.last().unwrap_or(&hub) as usize].name.clone();
                self.lines.push(Line {
                    kind: Kind::Town,
                    agency,
                    short_name: format!("{}", k + 1),
                    long_name: format!("{name} stadsbuss {}", k + 1),
                    stops: [seq, back],
                    offset,
                    dwell: 0,
                    headsign: [last, first],
                    demand,
                    span: if late { (5 * 3600, 24 * 3600 + 15 * 60) } else { (5 * 3600 + 30 * 60, 23 * 3600) },
                    freq: t < big && k % 2 == 0,
                    n: [0; 3],
                });
            }
        }
    }

    /// Sets every line's departures so the feed has about `target` stop_times rows: one scale
    /// on all demands (bisection), then single trips added or removed.
    fn fit(&mut self, target: u64) -> Result<(), SynthError> {
        let set = |lines: &mut [Line], s: f64| -> u64 {
            let mut rows = 0;
            for l in lines.iter_mut() {
                let wd = ((l.demand * s).round() as u32).clamp(1, 100_000);
                l.n = l.counts(wd);
                rows += l.rows();
            }
            rows
        };
        let least = set(&mut self.lines, 0.0);
        if least > target {
            return Err(SynthError::Size(format!(
                "--stop-times {target} is too few for {} stops: this network needs at least {least} \
                 (one trip each way on weekdays on each of its {} lines)",
                self.stops.len(),
                self.lines.len()
            )));
        }
        let (mut lo, mut hi) = (0.0f64, 1.0f64);
        while set(&mut self.lines, hi) < target && hi < 1e6 {
            hi *= 2.0;
        }
        for _ in 0..60 {
            let mid = (lo + hi) / 2.0;
            if set(&mut self.lines, mid) < target {
                lo = mid;
            } else {
                hi = mid;
            }
        }
        let mut rows = set(&mut self.lines, lo);
        // Fine-tune with single weekday trips on plain lines, longest first.
        let mut order: Vec<usize> = (0..self.lines.len()).filter(|&i| !self.lines[i].freq).collect();
        order.sort_by_key(|&i| (std::cmp::Reverse(self.lines[i].len()), i));
        let mut added = true;
        while added {
            added = false;
            for &i in &order {
                let l = &mut self.lines[i];
                let per = 2 * l.len() as u64;
                if rows + per <= target {
                    l.n[0] += 1;
                    rows += per;
                    added = true;
                }
            }
        }
        Ok(())
    }

    fn write(&self, out: &Path) -> Result<SynthSummary, SynthError> {
        let mut sum = SynthSummary {
            towns: self.towns.len(),
            rail_stations: self.towns.iter().filter(|t| t.station.is_some()).count(),
            stops: self.stops.len(),
            routes: self.lines.len(),
            transfers: self.transfers.len(),
            ..Default::default()
        };
        for l in &self.lines {
            sum.lines[l.kind as usize] += 1;
        }
        let stop_id = |s: u32| -> u64 {
            if self.stops[s as usize].location_type == 1 {
                9_021_000_000_000_000 + s as u64
            } else {
                9_022_000_000_000_000 + s as u64
            }
        };

        write_file(out, "agency.txt", |w| {
            w.write_all(b"agency_id,agency_name,agency_url,agency_timezone,agency_lang\n")?;
            for (i, a) in self.agencies.iter().enumerate() {
                writeln!(w, "{},{a},https://example.org/{},Europe/Stockholm,sv", i + 1, i + 1)?;
            }
            Ok(())
        })?;
        write_file(out, "stops.txt", |w| {
            w.write_all(
                b"stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station,wheelchair_boarding,platform_code\n",
            )?;
            for (i, s) in self.stops.iter().enumerate() {
                let (lat, lon) = to_wgs84(s.xy);
                write!(w, "{},{},{lat:.6},{lon:.6},{},", stop_id(i as u32), s.name, s.location_type)?;
                if let Some(p) = s.parent {
                    write!(w, "{}", stop_id(p))?;
                }
                w.write_all(b",")?;
                if s.wheelchair > 0 {
                    write!(w, "{}", s.wheelchair)?;
                }
                w.write_all(b",")?;
                if s.platform > 0 {
                    write!(w, "{}", s.platform)?;
                }
                w.write_all(b"\n")?;
            }
            Ok(())
        })?;
        write_file(out, "routes.txt", |w| {
            w.write_all(b"route_id,agency_id,route_short_name,route_long_name,route_type\n")?;
            for (i, l) in self.lines.iter().enumerate() {
                let rt = match l.kind {
                    Kind::Rail => 2,
                    Kind::Regional => 700,
                    Kind::Town => 3,
                };
                writeln!(
                    w,
                    "{},{},{},{},{rt}",
                    9_011_000_000_000_000u64 + i as u64,
                    l.agency + 1,
                    l.short_name,
                    l.long_name
                )?;
            }
            Ok(())
        })?;
        write_file(out, "calendar.txt", |w| {
            w.write_all(b"service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\n")?;
            for (id, days) in SERVICES.iter().zip(["1,1,1,1,1,0,0", "0,0,0,0,0,1,0", "0,0,0,0,0,0,1"]) {
                writeln!(w, "{id},{days},{FEED_START},{FEED_END}")?;
            }
            Ok(())
        })?;
        write_file(out, "calendar_dates.txt", |w| {
            w.write_all(b"service_id,date,exception_type\n")?;
            // Swedish public holidays of 2026 run the Sunday timetable.
            for (date, usual) in HOLIDAYS {
                writeln!(w, "{},{date},2", SERVICES[usual])?;
                writeln!(w, "{},{date},1", SERVICES[2])?;
            }
            Ok(())
        })?;
        write_file(out, "transfers.txt", |w| {
            w.write_all(b"from_stop_id,to_stop_id,transfer_type,min_transfer_time\n")?;
            for &(a, b, secs) in &self.transfers {
                writeln!(w, "{},{},2,{secs}", stop_id(a), stop_id(b))?;
            }
            Ok(())
        })?;

        // Trips, stop_times and frequencies in one pass.
        let mk = |name: &str| -> Result<(BufWriter<File>, String), SynthError> {
            let p = out.join(name);
            let f = File::create(&p).map_err(|e| SynthError::Io { file: p.display().to_string(), source: e })?;
            Ok((BufWriter::with_capacity(1 << 20, f), p.display().to_string()))
        };
        let (mut trips, trips_name) = mk("trips.txt")?;
        let (mut times, times_name) = mk("stop_times.txt")?;
        let (mut freqs, freqs_name) = mk("frequencies.txt")?;
        let io = |file: &str| {
            let file = file.to_string();
            move |e: std::io::Error| SynthError::Io { file, source: e }
        };
        trips.write_all(b"route_id,service_id,trip_id,trip_headsign,direction_id\n").map_err(io(&trips_name))?;
        times.write_all(b"trip_id,arrival_time,departure_time,stop_id,stop_sequence\n").map_err(io(&times_name))?;
        freqs.write_all(b"trip_id,start_time,end_time,headway_secs,exact_times\n").map_err(io(&freqs_name))?;
        let mut trip_no: u64 = 0;
        let mut buf: Vec<u8> = Vec::with_capacity(1 << 16);
        for (li, l) in self.lines.iter().enumerate() {
            let route = 9_011_000_000_000_000u64 + li as u64;
            for (day, service) in SERVICES.iter().enumerate() {
                for dir in 0..2 {
                    let n = l.n[day];
                    let step = (l.span.1 - l.span.0) / n.max(1);
                    let thin = day == 0 && l.freq;
                    let mut starts: Vec<(u32, bool)> = l
                        .departures(n, dir)
                        .filter(|t| !thin || !(FREQ_START..FREQ_END).contains(t))
                        .map(|t| (t, false))
                        .collect();
                    if thin {
                        starts.push((FREQ_START + if dir == 1 { step / 3 } else { 0 }, true));
                        starts.sort_unstable();
                    }
                    for (start, template) in starts {
                        let trip = 1_410_000_000_000_000u64 + trip_no;
                        trip_no += 1;
                        writeln!(trips, "{route},{service},{trip},{},{dir}", l.headsign[dir])
                            .map_err(io(&trips_name))?;
                        buf.clear();
                        let last = l.len() - 1;
                        for (k, &s) in l.stops[dir].iter().enumerate() {
                            let arr = start + l.offset[k] + l.dwell * k.saturating_sub(1) as u32;
                            let dep = if k == 0 || k == last { arr } else { arr + l.dwell };
                            push_u64(&mut buf, trip);
                            buf.push(b',');
                            push_time(&mut buf, arr);
                            buf.push(b',');
                            push_time(&mut buf, dep);
                            buf.push(b',');
                            push_u64(&mut buf, stop_id(s));
                            buf.push(b',');
                            push_u64(&mut buf, k as u64 + 1);
                            buf.push(b'\n');
                        }
                        let end = start + l.offset[last] + l.dwell * last.saturating_sub(1) as u32;
                        if end >= 86_400 {
                            sum.trips_past_midnight += 1;
                        }
                        times.write_all(&buf).map_err(io(&times_name))?;
                        sum.trips += 1;
                        sum.stop_times += l.len();
                        if template {
                            // Peaks every 3/4 headway, midday every headway; exact_times alternates.
                            let h = step.max(120);
                            let peak = (h * 3 / 4).max(120);
                            let exact = ((li + dir) % 2) as u8;
                            let rows =
                                [(FREQ_START, 9 * 3600, peak), (9 * 3600, 15 * 3600, h), (15 * 3600, FREQ_END, peak)];
                            for (a, b, hw) in rows {
                                buf.clear();
                                push_u64(&mut buf, trip);
                                buf.push(b',');
                                push_time(&mut buf, a);
                                buf.push(b',');
                                push_time(&mut buf, b);
                                buf.push(b',');
                                push_u64(&mut buf, hw as u64);
                                buf.push(b',');
                                push_u64(&mut buf, exact as u64);
                                buf.push(b'\n');
                                freqs.write_all(&buf).map_err(io(&freqs_name))?;
                                sum.frequencies += 1;
                            }
                        }
                    }
                }
            }
        }
        trips.flush().map_err(io(&trips_name))?;
        times.flush().map_err(io(&times_name))?;
        freqs.flush().map_err(io(&freqs_name))?;
        // Written last: its presence says the feed is complete.
        write_file(out, "feed_info.txt", |w| {
            w.write_all(
                b"feed_publisher_name,feed_publisher_url,feed_lang,feed_start_date,feed_end_date,feed_version\n",
            )?;
            writeln!(w, "narhet synth,https://example.org/narhet,sv,{FEED_START},{FEED_END},{}", self.version)?;
            Ok(())
        })?;
        Ok(sum)
    }
}

/// Service ids: weekdays, Saturdays, Sundays and holidays.
const SERVICES: [&str; 3] = ["WD", "SA", "SU"];

/// Swedish public holidays in 2026 that fall on a weekday or Saturday, with the service they
/// replace (0 weekday, 1 Saturday): they run the Sunday timetable instead.
const HOLIDAYS: [(&str, usize); 10] = [
    ("20260101", 0), // New Year's Day (Thursday)
    ("20260106", 0), // Epiphany (Tuesday)
    ("20260403", 0), // Good Friday
    ("20260406", 0), // Easter Monday
    ("20260501", 0), // May Day (Friday)
    ("20260514", 0), // Ascension Day (Thursday)
    ("20260606", 1), // National Day (Saturday)
    ("20260619", 0), // Midsummer Eve (Friday)
    ("20261224", 0), // Christmas Eve (Thursday)
    ("20261225", 0), // Christmas Day (Friday)
];

const STREETS: [&str; 16] = [
    "Storgatan",
    "Kyrkogatan",
    "Skolgatan",
    "Järnvägsgatan",
    "Torget",
    "Vårdcentralen",
    "Östra vägen",
    "Västra vägen",
    "Industrigatan",
    "Parkvägen",
    "Sjövägen",
    "Norra infarten",
    "Södra infarten",
    "Lasarettet",
    "Idrottsplatsen",
    "Ängsvägen",
];

const RURAL: [&str; 8] = ["vägskäl", "by", "skola", "kyrka", "gård", "korsväg", "bro", "sågverk"];

const NAME_HEAD: [&str; 24] = [
    "Bjär", "Ås", "Lind", "Ek", "Sund", "Holm", "Berg", "Vik", "Tor", "Ny", "Öster", "Väster", "Norr", "Söder",
    "Kungs", "Sko", "Mal", "Hög", "Fal", "Kal", "Gran", "Björk", "Al", "Häl",
];
const NAME_TAIL: [&str; 16] = [
    "by", "köping", "sund", "holm", "berg", "vik", "torp", "hult", "ryd", "å", "stad", "näs", "fors", "mark", "bo",
    "ås",
];

fn town_name(rng: &mut Rng, k: usize) -> String {
    let head = NAME_HEAD[rng.below(NAME_HEAD.len())];
    let tail = NAME_TAIL[rng.below(NAME_TAIL.len())];
    // The number keeps names unique; real feeds have duplicates too, but ids are what count.
    if k < 50 { format!("{head}{tail}") } else { format!("{head}{tail} {}", k / 50) }
}

/// A random point in a Sweden-like outline, denser in the south.
fn random_place(rng: &mut Rng) -> Xy {
    // (latitude, western and eastern longitude limits), a rough outline of Sweden.
    const OUTLINE: [(f64, f64, f64); 9] = [
        (55.3, 12.8, 14.3),
        (56.5, 12.5, 16.5),
        (58.5, 11.3, 18.6),
        (59.5, 11.6, 19.0),
        (61.5, 12.3, 17.4),
        (63.5, 12.0, 20.5),
        (65.5, 14.0, 23.5),
        (67.5, 16.5, 23.5),
        (69.0, 19.5, 21.0),
    ];
    let lat = 55.3 + 13.7 * rng.f64().powf(1.8);
    let i = OUTLINE.iter().position(|o| o.0 >= lat).unwrap_or(OUTLINE.len() - 1).max(1);
    let (a, b) = (OUTLINE[i - 1], OUTLINE[i]);
    let f = ((lat - a.0) / (b.0 - a.0)).clamp(0.0, 1.0);
    let west = a.1 + f * (b.1 - a.1);
    let east = a.2 + f * (b.2 - a.2);
    let lon = west + (east - west) * (0.05 + 0.9 * rng.f64());
    to_sweref(lat, lon)
}

/// Cumulative running time along points (distance × `detour` at `speed` m/s, at least 30 s a
/// hop), rounded to whole minutes, never decreasing. Dwell times are added when writing.
fn offsets(points: impl Iterator<Item = Xy>, detour: f64, speed: f64) -> Vec<u32> {
    let mut out = Vec::new();
    let mut prev: Option<Xy> = None;
    let mut run = 0.0f64;
    for p in points {
        if let Some(q) = prev {
            // At least 30 s between stops.
            run += (q.dist(p) * detour / speed).max(30.0);
        }
        prev = Some(p);
        out.push((run / 60.0).round() as u32 * 60);
    }
    out
}

fn push_u64(buf: &mut Vec<u8>, mut v: u64) {
    let mut tmp = [0u8; 20];
    let mut i = tmp.len();
    loop {
        i -= 1;
        tmp[i] = b'0' + (v % 10) as u8;
        v /= 10;
        if v == 0 {
            break;
        }
    }
    buf.extend_from_slice(&tmp[i..]);
}

/// `HH:MM:SS`, hours may pass 24.
fn push_time(buf: &mut Vec<u8>, secs: u32) {
    let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
    if h < 10 {
        buf.push(b'0');
    }
    push_u64(buf, h as u64);
    buf.extend_from_slice(&[
        b':',
        b'0' + (m / 10) as u8,
        b'0' + (m % 10) as u8,
        b':',
        b'0' + (s / 10) as u8,
        b'0' + (s % 10) as u8,
    ]);
}

fn write_file(
    dir: &Path,
    name: &str,
    body: impl FnOnce(&mut BufWriter<File>) -> std::io::Result<()>,
) -> Result<(), SynthError> {
    let p = dir.join(name);
    let err = |e| SynthError::Io { file: p.display().to_string(), source: e };
    let f = File::create(&p).map_err(err)?;
    let mut w = BufWriter::with_capacity(1 << 20, f);
    body(&mut w).map_err(err)?;
    w.flush().map_err(err)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::Date;
    use crate::feed::{self, LoadOptions, LocationType};
    use crate::timetable::{FootpathOptions, Timetable};

    const FILES: [&str; 10] = [
        "agency.txt",
        "stops.txt",
        "routes.txt",
        "trips.txt",
        "stop_times.txt",
        "calendar.txt",
        "calendar_dates.txt",
        "frequencies.txt",
        "transfers.txt",
        "feed_info.txt",
    ];

    fn gen_into(stops: usize, stop_times: usize, seed: u64) -> (tempfile::TempDir, SynthSummary) {
        let dir = tempfile::tempdir().expect("temp dir");
        let opts = SynthOptions { stops, stop_times, seed };
        let sum = generate(&opts, dir.path()).expect("generates");
        (dir, sum)
    }

    fn data_rows(dir: &Path, name: &str) -> usize {
        let text = std::fs::read_to_string(dir.join(name)).expect("file written");
        text.lines().count() - 1
    }

    #[test]
    fn same_seed_gives_same_bytes_and_another_seed_another_feed() {
        let (a, _) = gen_into(120, 6_000, 7);
        let (b, _) = gen_into(120, 6_000, 7);
        let (c, _) = gen_into(120, 6_000, 8);
        for name in FILES {
            let fa = std::fs::read(a.path().join(name)).expect("a");
            let fb = std::fs::read(b.path().join(name)).expect("b");
            assert!(fa == fb, "{name} differs between two runs with seed 7");
        }
        let sa = std::fs::read(a.path().join("stops.txt")).expect("a");
        let sc = std::fs::read(c.path().join("stops.txt")).expect("c");
        assert_ne!(sa, sc, "seeds 7 and 8 should place stops differently");
    }

    #[test]
    fn hits_requested_counts() {
        for (stops, stop_times) in [(20, 400), (120, 6_000), (700, 40_000), (2_000, 90_000)] {
            let (dir, sum) = gen_into(stops, stop_times, 1);
            // stops.txt is hit exactly; stop_times.txt within 2 % (in practice within a row or
            // two: the last trips added are single ones).
            assert_eq!(data_rows(dir.path(), "stops.txt"), stops);
            assert_eq!(sum.stops, stops);
            let rows = data_rows(dir.path(), "stop_times.txt");
            assert_eq!(rows, sum.stop_times);
            let off = (rows as f64 - stop_times as f64).abs() / stop_times as f64;
            assert!(off <= 0.02, "{stops}/{stop_times}: wrote {rows} stop_times");
            assert_eq!(data_rows(dir.path(), "trips.txt"), sum.trips);
            assert_eq!(data_rows(dir.path(), "frequencies.txt"), sum.frequencies);
            assert_eq!(data_rows(dir.path(), "transfers.txt"), sum.transfers);
            // Each rail station has a station-level change time and platform↔centre rows.
            assert_eq!(sum.transfers, 5 * sum.rail_stations);
        }
    }

    #[test]
    fn loads_cleanly_with_every_feature_present() {
        let (dir, sum) = gen_into(700, 40_000, 3);
        let feed = feed::load(&[dir.path().to_path_buf()], &LoadOptions::default()).expect("the generated feed loads");
        assert!(feed.warnings.is_empty(), "warnings: {:?}", feed.warnings.iter().collect::<Vec<_>>());
        assert_eq!(feed.stops.len(), 700);
        assert_eq!(feed.calls.len(), sum.stop_times);
        assert_eq!(feed.trips.len(), sum.trips);
        assert_eq!(feed.routes.len(), sum.routes);
        assert!(sum.lines.iter().all(|&n| n > 0), "lines {:?}", sum.lines);
        assert!(!feed.frequencies.is_empty());
        assert!(feed.frequencies.iter().any(|f| f.exact_times));
        assert!(feed.frequencies.iter().any(|f| !f.exact_times));
        assert!(!feed.transfers.is_empty());
        // Rail stations are parents of exactly two platforms each.
        let stations: Vec<usize> =
            (0..feed.stops.len()).filter(|&i| feed.stops[i].location_type == LocationType::Station).collect();
        assert_eq!(stations.len(), sum.rail_stations);
        for &s in &stations {
            let kids = feed.stops.iter().filter(|c| c.parent == Some(s as u32)).count();
            assert_eq!(kids, 2);
        }
        // Weekday, Saturday and Sunday services; Christmas Eve 2026 (a Thursday) runs Sunday's.
        let service = |id: &str| feed.services.iter().find(|s| s.id == id).expect("service exists");
        let tue = Date::from_ymd(2026, 3, 10).expect("date");
        let xmas_eve = Date::from_ymd(2026, 12, 24).expect("date");
        assert!(service("WD").runs_on(tue) && !service("SU").runs_on(tue));
        assert!(!service("WD").runs_on(xmas_eve) && service("SU").runs_on(xmas_eve));
        // Late trips of Monday 9 March run on into Tuesday.
        assert!(sum.trips_past_midnight > 0);
        let tt = Timetable::build(&feed, tue, &FootpathOptions::default());
        assert!(tt.stats().trips_yesterday > 0);
        assert!(tt.stats().frequency_runs > 0);
        assert!(tt.stats().trips_today > 0);
    }

    #[test]
    fn refuses_sizes_it_cannot_build() {
        let dir = tempfile::tempdir().expect("temp dir");
        let few_stops = SynthOptions { stops: 5, stop_times: 1_000, seed: 1 };
        assert!(matches!(generate(&few_stops, dir.path()), Err(SynthError::Size(_))));
        // 1 000 stops cannot each get a call from 100 stop_times.
        let few_times = SynthOptions { stops: 1_000, stop_times: 100, seed: 1 };
        match generate(&few_times, dir.path()) {
            Err(SynthError::Size(m)) => assert!(m.contains("too few"), "{m}"),
            other => panic!("expected a size error, got {other:?}"),
        }
    }
}
