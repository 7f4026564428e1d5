//! Journeys rebuilt from a query's labels: index-based legs, names resolved only at print time.

use super::rules::NO_VIA;
use super::{FROM_ORIGIN, Raptor, RidePtr, UNREACHED};
use crate::timetable::{PatternIdx, StopIdx, TripIdx};

/// One leg of a journey. Times are seconds since the timetable date's midnight.
#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash)]
pub enum Leg {
    /// A move between two different stops (a walk or a `transfers.txt` transfer).
    Walk { from: StopIdx, to: StopIdx, dep: u32, arr: u32 },
    /// A ride on `trip` from pattern position `board_pos` to `alight_pos`.
    Ride {
        trip: TripIdx,
        pattern: PatternIdx,
        board_pos: u32,
        alight_pos: u32,
        from: StopIdx,
        to: StopIdx,
        dep: u32,
        arr: u32,
    },
}

impl Leg {
    pub fn dep(&self) -> u32 {
        match *self {
            Leg::Walk { dep, .. } | Leg::Ride { dep, .. } => dep,
        }
    }

    pub fn arr(&self) -> u32 {
        match *self {
            Leg::Walk { arr, .. } | Leg::Ride { arr, .. } => arr,
        }
    }
}

/// A journey from an origin entry to a stop.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct Journey {
    /// The origin stop the journey starts from (an entry of the query's origins).
    pub start: StopIdx,
    /// When the traveller is at `start` per the query (origin time, or departure + walk).
    pub start_time: u32,
    pub legs: Vec<Leg>,
    pub arrival: u32,
    pub rides: u8,
}

impl Journey {
    /// The stop the journey ends at.
    pub fn end(&self) -> StopIdx {
        match self.legs.last() {
            Some(Leg::Walk { to, .. }) | Some(Leg::Ride { to, .. }) => *to,
            None => self.start,
        }
    }

    /// Number of changes between vehicles (`rides − 1`, 0 without rides).
    pub fn changes(&self) -> u8 {
        self.rides.saturating_sub(1)
    }

    /// The time the traveller must be at `start`: the first ride's departure minus any walk
    /// before it, or `start_time` for a journey without rides.
    pub fn leave_at(&self) -> u32 {
        self.legs.first().map_or(self.start_time, Leg::dep)
    }
}

enum Step {
    /// A move between stops; its seconds when a transfer rule sets them.
    Walk(StopIdx, StopIdx, Option<u32>),
    Ride(u32, u32, u32),
}

/// Which label the reconstruction stands on.
#[derive(Clone, Copy)]
enum At {
    Ride,
    Foot,
    /// A transfer-rule slot (an arrival class at a rule stop).
    Slot(usize),
}

impl Raptor<'_> {
    /// The journey reaching the best of `targets` with at most `rides` rides after the last
    /// query (for a range query: the minute last processed, i.e. the window's start).
    /// `None` when no target is reached within `rides` rides.
    pub fn journey(&self, targets: &[StopIdx], rides: u8) -> Option<Journey> {
        let k = (rides as usize).min(self.rounds());
        let n = self.n;
        let &target = targets.iter().filter(|t| t.ix() < n).min_by_key(|t| self.round_arrival(k as u8, **t))?;
        if self.round_arrival(k as u8, target) == UNREACHED {
            return None;
        }
        let tt = self.tt;
        let m = self.rules.n_slots();
        let mut steps: Vec<Step> = Vec::new();
        let (mut k, mut s) = (k, target.ix());
        let label = self.ride[k * n + s].min(self.foot[k * n + s]);
        let mut at = if self.ride[k * n + s] <= self.foot[k * n + s] { At::Ride } else { At::Foot };
        if let Some((walk, from)) = self.rule_walk(k, s)
            && walk < label
        {
            // A walk from a rule stop to one of its rule targets (an ordinary footpath).
            steps.push(Step::Walk(StopIdx(from as u32), StopIdx(s as u32), None));
            (s, at) = (from, At::Ride);
        }
        let start;
        // Each iteration either lowers k or ends; walks alternate with rides, so 2(k+1)+1 steps.
        let mut guard = 2 * (k + 2);
        loop {
            guard = guard.checked_sub(1)?;
            let p: RidePtr = match at {
                At::Ride => {
                    while k > 0 && self.ride[(k - 1) * n + s] == self.ride[k * n + s] {
                        k -= 1;
                    }
                    self.ride_ptr[k * n + s]
                }
                At::Slot(x) => {
                    let slot = &self.rules.slot_arr;
                    while k > 0 && slot[(k - 1) * m + x] == slot[k * m + x] {
                        k -= 1;
                    }
                    self.rules.slot_ptr[k * m + x]
                }
                At::Foot => {
                    while k > 0 && self.foot[(k - 1) * n + s] == self.foot[k * n + s] {
                        k -= 1;
                    }
                    let from = self.foot_ptr[k * n + s];
                    if from == FROM_ORIGIN {
                        start = s;
                        break;
                    }
                    steps.push(Step::Walk(StopIdx(from), StopIdx(s as u32), None));
                    s = from as usize;
                    if k == 0 {
                        // A walk from an origin stop: the journey starts there.
                        start = s;
                        break;
                    }
                    at = At::Ride;
                    continue;
                }
            };
            if k == 0 {
                return None;
            }
            steps.push(Step::Ride(p.trip, p.board, p.alight));
            let pat = tt.trip_pattern(TripIdx(p.trip));
            let b = tt.calls(pat)[p.board as usize].stop().ix();
            let dep = tt.trip_dep(TripIdx(p.trip))[p.board as usize];
            k -= 1;
            s = b;
            if p.via == NO_VIA {
                at = if self.ride[k * n + s].saturating_add(self.change[s]) <= dep { At::Ride } else { At::Foot };
            } else {
                // Boarded from an arrival at a rule stop, perhaps another one (a walk under the rule).
                let x = p.via as usize;
                let from = self.rules.slot_stop(x);
                if from != s {
                    let a = TripIdx(self.rules.slot_ptr[k * m + x].trip);
                    let secs = self.rule_secs(a, StopIdx(from as u32), TripIdx(p.trip), StopIdx(s as u32))?;
                    steps.push(Step::Walk(StopIdx(from as u32), StopIdx(s as u32), Some(secs)));
                }
                (s, at) = (from, At::Slot(x));
            }
        }
        steps.reverse();
        let start = StopIdx(start as u32);
        let start_time = self.origins.iter().filter(|o| o.0 == start).map(|o| self.offset.saturating_add(o.1)).min()?;
        let mut legs = Vec::with_capacity(steps.len());
        let mut time = start_time;
        let mut n_rides = 0u8;
        for st in &steps {
            match *st {
                Step::Walk(from, to, given) => {
                    let secs = match given {
                        Some(secs) => secs,
                        None => {
                            let fps = tt.footpaths(from);
                            let i = fps.binary_search_by_key(&to, |f| f.to).ok()?;
                            // After a ride the move lasts at least the change time; from the origin as is.
                            if n_rides > 0 { fps[i].after_ride(self.cfg.min_change_secs) } else { fps[i].secs }
                        }
                    };
                    let arr = time.saturating_add(secs);
                    legs.push(Leg::Walk { from, to, dep: time, arr });
                    time = arr;
                }
                Step::Ride(trip, board, alight) => {
                    let t = TripIdx(trip);
                    let pattern = tt.trip_pattern(t);
                    let calls = tt.calls(pattern);
                    let dep = tt.trip_dep(t)[board as usize];
                    let arr = tt.trip_arr(t)[alight as usize];
                    legs.push(Leg::Ride {
                        trip: t,
                        pattern,
                        board_pos: board,
                        alight_pos: alight,
                        from: calls[board as usize].stop(),
                        to: calls[alight as usize].stop(),
                        dep,
                        arr,
                    });
                    time = arr;
                    n_rides += 1;
                }
            }
        }
        // A walk before the first ride is shown ending when that ride leaves.
        if let [Leg::Walk { dep, arr, .. }, Leg::Ride { dep: ride_dep, .. }, ..] = legs.as_mut_slice() {
            let secs = *arr - *dep;
            *arr = *ride_dep;
            *dep = ride_dep.saturating_sub(secs);
        }
        Some(Journey { start, start_time, legs, arrival: time, rides: n_rides })
    }

    /// The fastest journey to `targets` (fewest rides among the earliest) and the Pareto set
    /// over (arrival, rides), fewest rides first.
    pub fn pareto_journeys(&self, targets: &[StopIdx]) -> Vec<Journey> {
        self.pareto(targets).into_iter().filter_map(|(_, k, t)| self.journey(&[t], k)).collect()
    }
}
