//! Fuzzes the scenario reader and applies what parses to a small feed and the sample region
//! (resolve, plan, apply: stops and routes looked up, trips added or thinned, care nodes moved).
//! `add_lines` files resolve against the sample's `regions/kronoberg/lines`. Any panic is a bug;
//! errors are fine.
#![no_main]

use std::path::Path;
use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use narhet::feed::{Feed, LoadOptions, load_from_files};
use narhet::region::Region;

const FEED: [(&str, &str); 6] = [
    (
        "stop_times.txt",
        "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,S1,1\nT1,08:10:00,08:10:00,S2,2\nT2,09:00:00,09:00:00,S2,1\nT2,09:10:00,09:10:00,S1,2\n",
    ),
    (
        "stops.txt",
        "stop_id,stop_name,stop_lat,stop_lon\nS1,Växjö resecentrum,56.8777,14.8094\nS2,Alvesta station,56.8990,14.5560\n",
    ),
    ("trips.txt", "route_id,service_id,trip_id,direction_id\nR1,WD,T1,0\nR1,WD,T2,1\n"),
    ("routes.txt", "route_id,agency_id,route_short_name,route_type\nR1,A,1,3\n"),
    ("agency.txt", "agency_id,agency_name,agency_url,agency_timezone\nA,T,http://x,Europe/Stockholm\n"),
    (
        "calendar.txt",
        "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nWD,1,1,1,1,1,0,0,20260101,20261231\n",
    ),
];

fn inputs() -> &'static (Feed, Region) {
    static INPUTS: OnceLock<(Feed, Region)> = OnceLock::new();
    INPUTS.get_or_init(|| {
        let files: Vec<(&str, &[u8])> = FEED.iter().map(|(n, t)| (*n, t.as_bytes())).collect();
        let feed = load_from_files(&files, &LoadOptions::default()).expect("the fuzz feed loads");
        let text = include_str!("../../regions/kronoberg.toml");
        let region = Region::from_str(text, Path::new("regions/kronoberg.toml")).expect("the sample region loads");
        (feed, region)
    })
}

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../regions/kronoberg/scenarios");
    if let Ok(s) = narhet::scenario::Scenario::parse(&text, "scenarios/fuzz.toml", &dir) {
        let (feed, region) = inputs();
        let _ = s.apply(feed, region);
    }
});
