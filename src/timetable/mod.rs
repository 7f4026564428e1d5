//! The compact, index-based timetable of one service date: what the router and the metrics read.
//!
//! Built once from a [`Feed`](crate::feed::Feed) for a date `D` ([`Timetable::build`]), or by
//! hand with a [`TimetableBuilder`]: trips of `D` (frequencies expanded) and the part after
//! midnight of trips of `D-1` (shifted by −24 h), grouped into route patterns (same stops, same
//! pickup/drop-off rules, no overtaking), trips of a pattern sorted by departure, times as `u32`
//! seconds since `D`'s midnight in flat arrays (each pattern's block trip-major for riding along
//! a trip, and its departures once more position-major for finding the first catchable trip),
//! and footpaths between stops as one CSR list. Stop and route indices are the feed's.
//!
//! Besides stop times it holds the few facts of the network that the metrics need — per stop
//! its position, `location_type`, parent station, `wheelchair_boarding` and the rank of its id;
//! per route its mode; per trip its `direction_id` — so that nothing above it reads the feed
//! for computing. No strings and no hash maps here: ids and names stay in the feed.
//!
//! The fields are private; [`Timetable`]'s methods are the read API. Lists are kept in the typed
//! containers of [`containers`]. Depends on `feed` (to build), `date`, `spatial` and `walk`.

mod build;
pub mod containers;
mod fill;
mod index;
mod rules;

use crate::date::Date;
use crate::spatial::Xy;

/// The feed's vocabulary for stops and routes, re-exported so that readers of the timetable need
/// not depend on `feed`.
pub use crate::feed::{LocationType, Mode, TransferKind};
pub use build::{Access, Booking, BuildStats, FootpathOptions, MAX_WALKS};
pub use containers::{Csr, Idx, IdxVec, Offsets};
pub use fill::TimetableBuilder;
pub use rules::{RuleEffect, RuleSide, TransferRule};

macro_rules! index_type {
    ($(#[$doc:meta])* $name:ident) => {
        $(#[$doc])*
        #[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Default)]
        pub struct $name(pub u32);

        impl $name {
            /// The index as a `usize`, for vectors outside the timetable (the feed's).
            #[inline]
            pub fn ix(self) -> usize {
                self.0 as usize
            }
        }

        impl Idx for $name {
            #[inline]
            fn from_usize(i: usize) -> Self {
                $name(i as u32)
            }
            #[inline]
            fn index(self) -> usize {
                self.0 as usize
            }
        }
    };
}

index_type!(
    /// Index of a stop (same as in `Feed::stops`).
    StopIdx
);
index_type!(
    /// Index of a route pattern in the timetable.
    PatternIdx
);
index_type!(
    /// Index of a trip run in the timetable (one per expanded frequency departure).
    TripIdx
);
index_type!(
    /// Index of a route (same as in `Feed::routes`).
    RouteIdx
);

/// A move to another stop between two rides: a walk or a `transfers.txt` transfer.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
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

/// One call of a pattern: the stop and whether boarding and alighting are allowed, packed into
/// one word (the router reads one per call).
#[derive(Clone, Copy, PartialEq, Eq, Hash)]
#[repr(transparent)]
pub struct Call(u32);

impl Call {
    const PICKUP: u32 = 1 << 31;
    const DROP_OFF: u32 = 1 << 30;
    const STOP: u32 = Self::DROP_OFF - 1;
    /// The largest stop index a call can hold.
    pub const MAX_STOP: u32 = Self::STOP;

    /// # Panics
    /// If `stop` is above [`Call::MAX_STOP`] (a billion stops).
    pub fn new(stop: StopIdx, pickup: bool, drop_off: bool) -> Call {
        assert!(stop.0 <= Self::STOP, "more stops than a timetable can index");
        let flag = |on: bool, bit: u32| if on { bit } else { 0 };
        Call(stop.0 | flag(pickup, Self::PICKUP) | flag(drop_off, Self::DROP_OFF))
    }

    #[inline]
    pub fn stop(self) -> StopIdx {
        StopIdx(self.0 & Self::STOP)
    }

    /// Boarding allowed (`pickup_type` != 1, not the last stop).
    #[inline]
    pub fn pickup(self) -> bool {
        self.0 & Self::PICKUP != 0
    }

    /// Alighting allowed (`drop_off_type` != 1, not the first stop).
    #[inline]
    pub fn drop_off(self) -> bool {
        self.0 & Self::DROP_OFF != 0
    }
}

impl std::fmt::Debug for Call {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Call")
            .field("stop", &self.stop().0)
            .field("pickup", &self.pickup())
            .field("drop_off", &self.drop_off())
            .finish()
    }
}

/// A pattern serving a stop: the pattern, the stop's position in it, and the latest departure
/// a traveller can board there (the pattern's last trip; 0 where boarding is not allowed), so
/// that someone ready later need not scan the pattern.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub struct StopPattern {
    pub pattern: PatternIdx,
    pub pos: u32,
    pub last_dep: u32,
}

/// What the timetable keeps of a feed stop.
#[derive(Clone, Copy, Debug, PartialEq)]
pub struct StopInfo {
    /// Position, SWEREF 99 TM.
    pub xy: Xy,
    pub location_type: LocationType,
    /// The parent station.
    pub parent: Option<StopIdx>,
    /// 0 unknown, 1 possible, 2 not possible — after inheritance from the parent station.
    pub wheelchair_boarding: u8,
}

impl StopInfo {
    /// A plain stop (`location_type` 0, no parent, wheelchair access unknown) at `xy`.
    pub fn at(xy: Xy) -> StopInfo {
        StopInfo { xy, location_type: LocationType::Stop, parent: None, wheelchair_boarding: 0 }
    }
}

/// Which service day a timetable trip belongs to.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ServiceDay {
    /// A trip of the date itself.
    Today,
    /// The after-midnight part of a trip of the day before, times shifted by −24 h.
    Yesterday,
}

/// What the timetable keeps of a trip run besides its times.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TripInfo {
    /// Index of the feed trip it runs (in `Feed::trips`).
    pub source: u32,
    pub day: ServiceDay,
    /// GTFS `direction_id`, if the feed gives one.
    pub direction: Option<u8>,
}

/// Same-stop change time: use the query's minimum change time.
pub const CHANGE_DEFAULT: u32 = u32::MAX - 1;
/// Same-stop change forbidden (`transfers.txt` type 3 from a stop to itself).
pub const CHANGE_FORBIDDEN: u32 = u32::MAX;

/// One pattern's trips and times as the router scans them.
#[derive(Clone, Copy, Debug)]
pub struct PatternTimes<'a> {
    /// The pattern's first trip; its trips are `first_trip .. first_trip + n_trips`.
    pub first_trip: TripIdx,
    pub n_trips: usize,
    /// Arrivals, trip-major: trip `j` (counted from the first) at position `i` is
    /// `arr[j * len + i]` (`len` = calls of the pattern).
    pub arr: &'a [u32],
    /// Departures, position-major: trip `j` at position `i` is `dep_by_pos[i * n_trips + j]`,
    /// so the departures of all trips at one stop lie side by side for a binary search.
    pub dep_by_pos: &'a [u32],
}

/// The timetable of one service date. See the module docs.
#[derive(Debug, Default)]
pub struct Timetable {
    date: Date,
    stops: IdxVec<StopIdx, StopInfo>,
    /// Rank of each stop's id in byte order among all stops (for deterministic output order).
    stop_order: IdxVec<StopIdx, u32>,
    route_mode: IdxVec<RouteIdx, Mode>,

    pattern_route: IdxVec<PatternIdx, RouteIdx>,
    calls: Csr<PatternIdx, Call>,
    /// Pattern `p` runs trips `pattern_trips.range(p)`, sorted by departure at every stop (no
    /// trip overtakes another within a pattern).
    pattern_trips: Offsets<PatternIdx>,
    /// Pattern `p`'s times are the block `pattern_times.range(p)` of `arr`/`dep`/`dep_by_pos`.
    pattern_times: Offsets<PatternIdx>,

    trip_pattern: IdxVec<TripIdx, PatternIdx>,
    trips: IdxVec<TripIdx, TripInfo>,
    /// Trip `t`'s times are `arr[trip_times.range(t)]` (and `dep`), trips back to back.
    trip_times: Offsets<TripIdx>,
    arr: Vec<u32>,
    dep: Vec<u32>,
    /// Each pattern's block of departures once more, position-major (see [`PatternTimes`]).
    dep_by_pos: Vec<u32>,

    stop_patterns: Csr<StopIdx, StopPattern>,
    /// Moves from each stop to other stops, sorted by target stop.
    footpaths: Csr<StopIdx, Footpath>,
    /// Per stop: seconds needed to change trips at that same stop, or [`CHANGE_DEFAULT`] /
    /// [`CHANGE_FORBIDDEN`].
    change_time: IdxVec<StopIdx, u32>,
    /// Route- and trip-bound `transfers.txt` rules (see [`rules`]).
    rules: rules::Rules,

    stats: BuildStats,
}

/// Stops.
impl Timetable {
    pub fn date(&self) -> Date {
        self.date
    }

    /// Counts from the build.
    pub fn stats(&self) -> &BuildStats {
        &self.stats
    }

    pub fn n_stops(&self) -> usize {
        self.stops.len()
    }

    /// Every stop index, ascending.
    pub fn stop_indices(&self) -> impl DoubleEndedIterator<Item = StopIdx> + ExactSizeIterator + Clone + use<> {
        self.stops.keys()
    }

    pub fn stop(&self, s: StopIdx) -> &StopInfo {
        &self.stops[s]
    }

    /// Position of stop `s`, SWEREF 99 TM.
    pub fn stop_xy(&self, s: StopIdx) -> Xy {
        self.stops[s].xy
    }

    /// Rank of stop `s`'s id in byte order: sorting stops by it sorts them by `stop_id`.
    pub fn stop_order(&self, s: StopIdx) -> u32 {
        self.stop_order[s]
    }

    /// The patterns calling at stop `s`, by pattern.
    #[inline]
    pub fn stop_patterns(&self, s: StopIdx) -> &[StopPattern] {
        self.stop_patterns.get(s)
    }

    /// Some pattern calls at `s` (with a trip of either service day).
    pub fn is_served(&self, s: StopIdx) -> bool {
        !self.stop_patterns.get(s).is_empty()
    }

    /// Moves from `s` to other stops, sorted by target stop.
    #[inline]
    pub fn footpaths(&self, s: StopIdx) -> &[Footpath] {
        self.footpaths.get(s)
    }

    /// Number of footpaths of all stops.
    pub fn n_footpaths(&self) -> usize {
        self.footpaths.flat().len()
    }

    /// Same-stop change time at `s` given the query's default; `None` when forbidden.
    pub fn change_at(&self, s: StopIdx, default: u32) -> Option<u32> {
        match self.change_time[s] {
            CHANGE_FORBIDDEN => None,
            CHANGE_DEFAULT => Some(default),
            t => Some(t),
        }
    }
}

/// Routes and patterns.
impl Timetable {
    /// Number of routes (the feed's, with or without trips on the date).
    pub fn n_routes(&self) -> usize {
        self.route_mode.len()
    }

    /// The broad mode of route `r`.
    pub fn route_mode(&self, r: RouteIdx) -> Mode {
        self.route_mode.get(r).copied().unwrap_or(Mode::Other)
    }

    pub fn n_patterns(&self) -> usize {
        self.pattern_route.len()
    }

    /// Every pattern index, ascending.
    pub fn patterns(&self) -> impl DoubleEndedIterator<Item = PatternIdx> + ExactSizeIterator + Clone + use<> {
        self.pattern_route.keys()
    }

    pub fn pattern_route(&self, p: PatternIdx) -> RouteIdx {
        self.pattern_route[p]
    }

    /// The calls of pattern `p`, in order.
    #[inline]
    pub fn calls(&self, p: PatternIdx) -> &[Call] {
        self.calls.get(p)
    }

    /// The stops of pattern `p`, in order.
    pub fn stops(&self, p: PatternIdx) -> impl DoubleEndedIterator<Item = StopIdx> + ExactSizeIterator + '_ {
        self.calls.get(p).iter().map(|c| c.stop())
    }

    /// Number of calls of pattern `p`.
    pub fn pattern_len(&self, p: PatternIdx) -> usize {
        self.calls.range(p).len()
    }

    /// The trips of pattern `p`, in departure order.
    pub fn trips_of(
        &self,
        p: PatternIdx,
    ) -> impl DoubleEndedIterator<Item = TripIdx> + ExactSizeIterator + Clone + use<> {
        self.pattern_trips.range(p).map(TripIdx::from_usize)
    }

    /// Pattern `p`'s trips and times as the router scans them.
    #[inline]
    pub fn pattern_times(&self, p: PatternIdx) -> PatternTimes<'_> {
        let trips = self.pattern_trips.range(p);
        let block = self.pattern_times.range(p);
        PatternTimes {
            first_trip: TripIdx(trips.start as u32),
            n_trips: trips.len(),
            arr: &self.arr[block.clone()],
            dep_by_pos: &self.dep_by_pos[block],
        }
    }

    /// Departures of pattern `p`'s trips at position `i`, in trip order (ascending: trips of a
    /// pattern never overtake).
    #[inline]
    pub fn deps_at(&self, p: PatternIdx, i: usize) -> &[u32] {
        let n = self.pattern_trips.len_of(p);
        let s = self.pattern_times.range(p).start + i * n;
        &self.dep_by_pos[s..s + n]
    }
}

/// Trips.
impl Timetable {
    pub fn n_trips(&self) -> usize {
        self.trips.len()
    }

    /// Every trip index, ascending (trips of a pattern are consecutive).
    pub fn trip_indices(&self) -> impl DoubleEndedIterator<Item = TripIdx> + ExactSizeIterator + Clone + use<> {
        self.trips.keys()
    }

    pub fn trip_pattern(&self, t: TripIdx) -> PatternIdx {
        self.trip_pattern[t]
    }

    pub fn trip(&self, t: TripIdx) -> &TripInfo {
        &self.trips[t]
    }

    /// Index of the feed trip that trip `t` runs.
    pub fn trip_source(&self, t: TripIdx) -> u32 {
        self.trips[t].source
    }

    pub fn trip_day(&self, t: TripIdx) -> ServiceDay {
        self.trips[t].day
    }

    /// The trip's GTFS `direction_id`, if the feed gives one.
    pub fn trip_direction(&self, t: TripIdx) -> Option<u8> {
        self.trips[t].direction
    }

    /// Arrival times of trip `t` along its pattern.
    #[inline]
    pub fn trip_arr(&self, t: TripIdx) -> &[u32] {
        &self.arr[self.trip_times.range(t)]
    }

    /// Departure times of trip `t` along its pattern.
    #[inline]
    pub fn trip_dep(&self, t: TripIdx) -> &[u32] {
        &self.dep[self.trip_times.range(t)]
    }

    /// Number of stop times of all trips.
    pub fn n_times(&self) -> usize {
        self.arr.len()
    }
}
