//! Counting a day's runs at a set of stops: per-pattern facts of one timetable ([`DayData`]),
//! the links from each call to the municipal seat ([`SeatLinks`]) and the counts of distinct
//! runs towards / from the seat, out / back and per `direction_id` ([`day_service`]).

use crate::timetable::{Csr, IdxVec, PatternIdx, ServiceDay, StopIdx, Timetable, TripIdx};

use super::CountRule;

/// "No position".
const NONE: u32 = u32::MAX;

/// Per-pattern facts of one timetable, computed once.
pub(super) struct DayData<'a> {
    pub tt: &'a Timetable,
    /// Runs of the day itself per pattern.
    pub n_today: IdxVec<PatternIdx, u32>,
    /// Runs of the day per `direction_id` (0, 1) per pattern.
    n_dir: IdxVec<PatternIdx, [u32; 2]>,
    /// First / last run of the day in each pattern (FIFO, so earliest / latest at every stop).
    first_today: IdxVec<PatternIdx, Option<TripIdx>>,
    last_today: IdxVec<PatternIdx, Option<TripIdx>>,
}

impl<'a> DayData<'a> {
    pub fn new(tt: &'a Timetable) -> Self {
        let np = tt.n_patterns();
        let mut d = DayData {
            tt,
            n_today: IdxVec::filled(np, 0),
            n_dir: IdxVec::filled(np, [0, 0]),
            first_today: IdxVec::filled(np, None),
            last_today: IdxVec::filled(np, None),
        };
        for p in tt.patterns() {
            let calls = tt.calls(p);
            let (first, last) = (calls.first().map(|c| c.stop()), calls.last().map(|c| c.stop()));
            for t in tt.trips_of(p).filter(|&t| tt.trip_day(t) == ServiceDay::Today) {
                d.n_today[p] += 1;
                d.first_today[p].get_or_insert(t);
                d.last_today[p] = Some(t);
                let n_dir = &mut d.n_dir[p];
                match tt.trip_direction(t) {
                    Some(0) => n_dir[0] += 1,
                    Some(_) => n_dir[1] += 1,
                    None if first == last => {
                        n_dir[0] += 1;
                        n_dir[1] += 1;
                    }
                    None if first < last => n_dir[0] += 1,
                    None => n_dir[1] += 1,
                }
            }
        }
        d
    }

    /// The patterns that run a trip of the day.
    pub fn runs_today(&self, p: PatternIdx) -> bool {
        self.n_today[p] > 0
    }
}

/// For one timetable and one municipality, per pattern and call: the position of the next seat
/// stop with drop-off after the call, and of the previous seat stop with pickup before it
/// (`NONE` when there is none).
pub(super) struct SeatLinks {
    /// `(next, prev)` per call.
    links: Csr<PatternIdx, (u32, u32)>,
}

impl SeatLinks {
    pub fn new(tt: &Timetable, is_seat: &[bool]) -> Self {
        let mut links = Csr::new();
        let seat = |s: StopIdx| is_seat.get(s.ix()).copied().unwrap_or(false);
        for p in tt.patterns() {
            let calls = tt.calls(p);
            let mut out = vec![(NONE, NONE); calls.len()];
            let mut nx = NONE;
            for (i, c) in calls.iter().enumerate().rev() {
                out[i].0 = nx;
                if c.drop_off() && seat(c.stop()) {
                    nx = i as u32;
                }
            }
            let mut pv = NONE;
            for (i, c) in calls.iter().enumerate() {
                out[i].1 = pv;
                if c.pickup() && seat(c.stop()) {
                    pv = i as u32;
                }
            }
            links.push_list(out);
        }
        SeatLinks { links }
    }
}

/// Reused buffers for one cell's pattern sets.
#[derive(Default)]
pub(super) struct Scratch {
    towards: Vec<u32>,
    from: Vec<u32>,
    out: Vec<u32>,
    back: Vec<u32>,
}

/// Distinct runs of the day at a set of stops.
pub(super) struct Counts {
    pub towards: u32,
    pub from: u32,
    pub out: u32,
    pub back: u32,
    pub dir0: u32,
    pub dir1: u32,
    /// Earliest arrival at a seat stop of a run towards the seat.
    pub first_arr: Option<u32>,
    /// Latest departure from a seat stop of a run from the seat.
    pub last_dep: Option<u32>,
}

impl Counts {
    pub fn pair(&self, rule: CountRule) -> [u32; 2] {
        match rule {
            CountRule::Seat => [self.towards, self.from],
            CountRule::OutBack => [self.out, self.back],
            CountRule::DirectionId => [self.dir0, self.dir1],
        }
    }
}

/// Counts the distinct runs of the day at a set of stops.
pub(super) fn day_service(
    day: &DayData,
    links: &SeatLinks,
    stops: impl Iterator<Item = u32>,
    sc: &mut Scratch,
) -> Counts {
    let tt = day.tt;
    sc.towards.clear();
    sc.from.clear();
    sc.out.clear();
    sc.back.clear();
    let (mut first_arr, mut last_dep) = (u32::MAX, None::<u32>);
    for s in stops {
        for sp in tt.stop_patterns(StopIdx(s)) {
            let p = sp.pattern;
            if !day.runs_today(p) {
                continue;
            }
            let pos = sp.pos as usize;
            let call = tt.calls(p)[pos];
            let (next, prev) = links.links.get(p)[pos];
            if call.pickup() {
                sc.out.push(p.0);
                if let Some(t) = day.first_today[p].filter(|_| next != NONE) {
                    sc.towards.push(p.0);
                    first_arr = first_arr.min(tt.trip_arr(t)[next as usize]);
                }
            }
            if call.drop_off() {
                sc.back.push(p.0);
                if let Some(t) = day.last_today[p].filter(|_| prev != NONE) {
                    sc.from.push(p.0);
                    let d = tt.trip_dep(t)[prev as usize];
                    last_dep = Some(last_dep.map_or(d, |l| l.max(d)));
                }
            }
        }
    }
    let sum = |v: &mut Vec<u32>, f: &dyn Fn(PatternIdx) -> u32| -> u32 {
        v.sort_unstable();
        v.dedup();
        v.iter().map(|&p| f(PatternIdx(p))).sum()
    };
    let towards = sum(&mut sc.towards, &|p| day.n_today[p]);
    let from = sum(&mut sc.from, &|p| day.n_today[p]);
    let back = sum(&mut sc.back, &|p| day.n_today[p]);
    let out = sum(&mut sc.out, &|p| day.n_today[p]);
    Counts {
        towards,
        from,
        out,
        back,
        dir0: sc.out.iter().map(|&p| day.n_dir[PatternIdx(p)][0]).sum(),
        dir1: sc.out.iter().map(|&p| day.n_dir[PatternIdx(p)][1]).sum(),
        first_arr: (first_arr != u32::MAX).then_some(first_arr),
        last_dep,
    }
}
