//! The compact, index-based timetable of one service date: what the router and the metrics read.
//!
//! Built once from a [`Feed`](crate::feed::Feed) for a date `D`: trips of `D` (frequencies
//! expanded) and the part after midnight of trips of `D-1` (shifted by −24 h), grouped into
//! route patterns (same stops, same pickup/drop-off rules, no overtaking), trips of a pattern
//! sorted by departure, times as `u32` seconds since `D`'s midnight in flat arrays (each
//! pattern's block trip-major for riding along a trip, and its departures once more
//! position-major for finding the first catchable trip), and footpaths between stops as one CSR
//! list. Stop indices are the feed's stop indices.
//! No strings and no hash maps here: ids are looked up in the feed for output only.

mod build;
mod index;

use crate::date::Date;
use crate::spatial::Xy;

pub use build::{BuildStats, FootpathOptions};

/// Index of a stop (same as in `Feed::stops`).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct StopIdx(pub u32);
/// Index of a route pattern in the timetable.
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct PatternIdx(pub u32);
/// Index of a trip run in the timetable (one per expanded frequency departure).
#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
pub struct TripIdx(pub u32);

impl StopIdx {
    pub fn ix(self) -> usize {
        self.0 as usize
    }
}
impl PatternIdx {
    pub fn ix(self) -> usize {
        self.0 as usize
    }
}
impl TripIdx {
    pub fn ix(self) -> usize {
        self.0 as usize
    }
}

/// A move to another stop between two rides: a walk or a `transfers.txt` transfer.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Footpath {
    pub to: StopIdx,
    pub secs: u32,
    /// The time is a `transfers.txt` `min_transfer_time` (or a timed transfer, 0 s) and holds as
    /// given; otherwise (a walk, a move between stops of one station, a row without a time) a
    /// move after a ride takes at least the query's minimum change time.
    pub given: bool,
}

impl Footpath {
    /// A walk (or other move whose time narhet worked out): floored at the change time after a ride.
    pub fn walk(to: StopIdx, secs: u32) -> Footpath {
        Footpath { to, secs, given: false }
    }

    /// Seconds the move takes right after a ride, with `min_change` the query's minimum change
    /// time: a given time as given, any other never shorter than `min_change`.
    #[inline]
    pub fn after_ride(&self, min_change: u32) -> u32 {
        if self.given { self.secs } else { self.secs.max(min_change) }
    }
}

/// In `pattern_calls`: boarding allowed.
pub const CALL_PICKUP: u32 = 1 << 31;
/// In `pattern_calls`: alighting allowed.
pub const CALL_DROP_OFF: u32 = 1 << 30;
/// In `pattern_calls`: the bits holding the stop index.
pub const CALL_STOP: u32 = CALL_DROP_OFF - 1;

/// Same-stop change time: use the query's minimum change time.
pub const CHANGE_DEFAULT: u32 = u32::MAX - 1;
/// Same-stop change forbidden (`transfers.txt` type 3 from a stop to itself).
pub const CHANGE_FORBIDDEN: u32 = u32::MAX;

/// Which service day a timetable trip belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServiceDay {
    /// A trip of the date itself.
    Today,
    /// The after-midnight part of a trip of the day before, times shifted by −24 h.
    Yesterday,
}

#[derive(Debug, Default)]
pub struct Timetable {
    pub date: Date,
    pub n_stops: usize,
    /// Projected position of each stop (SWEREF 99 TM).
    pub stop_xy: Vec<Xy>,

    /// Pattern `p` visits `pattern_stops[pattern_stop_start[p]..pattern_stop_start[p + 1]]`.
    pub pattern_stop_start: Vec<u32>,
    pub pattern_stops: Vec<StopIdx>,
    /// Aligned with `pattern_stops`: boarding allowed (`pickup_type` != 1, not the last stop).
    pub pattern_pickup: Vec<bool>,
    /// Aligned with `pattern_stops`: alighting allowed (`drop_off_type` != 1, not the first stop).
    pub pattern_drop_off: Vec<bool>,
    /// Pattern `p` runs trips `pattern_trip_start[p]..pattern_trip_start[p + 1]`, sorted by
    /// departure at every stop (no trip overtakes another within a pattern).
    pub pattern_trip_start: Vec<u32>,
    /// Feed route index of each pattern.
    pub pattern_route: Vec<u32>,

    /// Per trip: its pattern, the feed trip it comes from, and its service day.
    pub trip_pattern: Vec<PatternIdx>,
    pub trip_source: Vec<u32>,
    pub trip_day: Vec<ServiceDay>,
    /// Per trip: offset of its first time in `arr`/`dep`; its time at pattern position `i` is
    /// `arr[trip_time_start[t] + i]`.
    pub trip_time_start: Vec<u32>,
    pub arr: Vec<u32>,
    pub dep: Vec<u32>,
    /// Pattern `p`'s times are the block `pattern_time_start[p]..pattern_time_start[p + 1]` of
    /// `arr`/`dep`, its trips back to back in order (set by [`Timetable::index`]).
    pub pattern_time_start: Vec<u32>,
    /// The same blocks, departures only, position-major: trip `j` (counted from the pattern's
    /// first trip) at position `i` is `dep_by_pos[pattern_time_start[p] + i * n_trips + j]`, so
    /// the departures of all trips at one stop lie side by side for a binary search.
    pub dep_by_pos: Vec<u32>,
    /// Aligned with `pattern_stops`: the stop index with [`CALL_PICKUP`] and [`CALL_DROP_OFF`]
    /// set as in `pattern_pickup`/`pattern_drop_off`, one word per call for the router's scan.
    pub pattern_calls: Vec<u32>,

    /// Stop `s` is served at `stop_patterns[stop_pattern_start[s]..stop_pattern_start[s + 1]]`:
    /// `(pattern, position in pattern)`, by pattern.
    pub stop_pattern_start: Vec<u32>,
    pub stop_patterns: Vec<(PatternIdx, u32)>,
    /// Aligned with `stop_patterns`: the latest departure a traveller can board there (the
    /// pattern's last trip; 0 where boarding is not allowed). Someone ready later need not scan.
    pub stop_pattern_last_dep: Vec<u32>,

    /// Moves from stop `s` to other stops: `footpaths[footpath_start[s]..footpath_start[s + 1]]`,
    /// sorted by target stop.
    pub footpath_start: Vec<u32>,
    pub footpaths: Vec<Footpath>,
    /// Per stop: seconds needed to change trips at that same stop, or [`CHANGE_DEFAULT`] /
    /// [`CHANGE_FORBIDDEN`].
    pub change_time: Vec<u32>,

    pub stats: BuildStats,
}

impl Timetable {
    pub fn n_patterns(&self) -> usize {
        self.pattern_route.len()
    }

    pub fn n_trips(&self) -> usize {
        self.trip_pattern.len()
    }

    pub fn pattern_stops(&self, p: PatternIdx) -> &[StopIdx] {
        &self.pattern_stops[self.pattern_stop_start[p.ix()] as usize..self.pattern_stop_start[p.ix() + 1] as usize]
    }

    /// Range into `pattern_stops`/`pattern_pickup`/`pattern_drop_off` of pattern `p`.
    pub fn pattern_range(&self, p: PatternIdx) -> std::ops::Range<usize> {
        self.pattern_stop_start[p.ix()] as usize..self.pattern_stop_start[p.ix() + 1] as usize
    }

    pub fn pattern_trips(&self, p: PatternIdx) -> std::ops::Range<u32> {
        self.pattern_trip_start[p.ix()]..self.pattern_trip_start[p.ix() + 1]
    }

    /// Arrival times of trip `t` along its pattern.
    pub fn trip_arr(&self, t: TripIdx) -> &[u32] {
        let s = self.trip_time_start[t.ix()] as usize;
        &self.arr[s..s + self.pattern_len(self.trip_pattern[t.ix()])]
    }

    /// Departure times of trip `t` along its pattern.
    pub fn trip_dep(&self, t: TripIdx) -> &[u32] {
        let s = self.trip_time_start[t.ix()] as usize;
        &self.dep[s..s + self.pattern_len(self.trip_pattern[t.ix()])]
    }

    pub fn pattern_len(&self, p: PatternIdx) -> usize {
        (self.pattern_stop_start[p.ix() + 1] - self.pattern_stop_start[p.ix()]) as usize
    }

    pub fn stop_patterns(&self, s: StopIdx) -> &[(PatternIdx, u32)] {
        &self.stop_patterns[self.stop_pattern_start[s.ix()] as usize..self.stop_pattern_start[s.ix() + 1] as usize]
    }

    pub fn footpaths(&self, s: StopIdx) -> &[Footpath] {
        &self.footpaths[self.footpath_start[s.ix()] as usize..self.footpath_start[s.ix() + 1] as usize]
    }

    /// Departures of pattern `p`'s trips at position `i`, in trip order (ascending: trips of a
    /// pattern never overtake).
    #[inline]
    pub fn deps_at(&self, p: PatternIdx, i: usize) -> &[u32] {
        let n = (self.pattern_trip_start[p.ix() + 1] - self.pattern_trip_start[p.ix()]) as usize;
        let s = self.pattern_time_start[p.ix()] as usize + i * n;
        &self.dep_by_pos[s..s + n]
    }

    /// Same-stop change time at `s` given the query's default.
    pub fn change_at(&self, s: StopIdx, default: u32) -> Option<u32> {
        match self.change_time[s.ix()] {
            CHANGE_FORBIDDEN => None,
            CHANGE_DEFAULT => Some(default),
            t => Some(t),
        }
    }
}
