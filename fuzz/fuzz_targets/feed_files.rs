//! Fuzzes the feed loader: the input's first byte says which files of a small valid feed are
//! present; the rest, split at NUL bytes, replaces the files in order (see `SLOTS`). A loaded
//! feed is also built into a timetable. Any panic is a bug; errors are fine.
#![no_main]

use libfuzzer_sys::fuzz_target;
use narhet::feed::{LoadOptions, load_from_files};

const SLOTS: [(&str, &str); 10] = [
    (
        "stop_times.txt",
        "trip_id,arrival_time,departure_time,stop_id,stop_sequence\nT1,08:00:00,08:00:00,S1,1\nT1,08:10:00,08:10:00,S2,2\n",
    ),
    (
        "stops.txt",
        "stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station\nS1,Ett,56.87,14.80,,\nS2,Två,56.88,14.82,,\n",
    ),
    ("trips.txt", "route_id,service_id,trip_id\nR1,WD,T1\n"),
    ("routes.txt", "route_id,agency_id,route_short_name,route_type\nR1,A,1,3\n"),
    (
        "calendar.txt",
        "service_id,monday,tuesday,wednesday,thursday,friday,saturday,sunday,start_date,end_date\nWD,1,1,1,1,1,0,0,20260101,20261231\n",
    ),
    ("agency.txt", "agency_id,agency_name,agency_url,agency_timezone\nA,T,http://x,Europe/Stockholm\n"),
    ("calendar_dates.txt", "service_id,date,exception_type\nWD,20261124,2\n"),
    ("frequencies.txt", "trip_id,start_time,end_time,headway_secs\nT1,06:00:00,07:00:00,900\n"),
    ("transfers.txt", "from_stop_id,to_stop_id,transfer_type,min_transfer_time\nS1,S2,2,120\n"),
    ("locations.geojson", "{\"type\":\"FeatureCollection\",\"features\":[]}"),
];

fuzz_target!(|data: &[u8]| {
    let Some((&mask, rest)) = data.split_first() else { return };
    let mut chunks = rest.split(|&b| b == 0);
    let mut files: Vec<(&str, &[u8])> = Vec::new();
    for (k, (name, default)) in SLOTS.iter().enumerate() {
        match chunks.next() {
            Some(c) => files.push((name, c)),
            // Files 0–5 are present by default unless their mask bit is set; 6–9 the other way.
            None if (k < 6) != (mask >> (k % 8) & 1 == 1) => files.push((name, default.as_bytes())),
            None => {}
        }
    }
    let opts = LoadOptions { max_uncompressed_bytes: 1 << 20, max_stop_times: 10_000 };
    if let Ok(feed) = load_from_files(&files, &opts) {
        let date = narhet::date::Date::from_ymd(2026, 11, 24).expect("date");
        let _ = narhet::timetable::Timetable::build(&feed, date, &Default::default());
    }
});
