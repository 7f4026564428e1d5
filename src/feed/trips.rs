//! Reading `trips.txt` at parse speed: the bytes are split in place (no `csv` records, no serde),
//! in parallel pieces cut at line ends, into exactly the gtfs-structures `RawTrip` records its
//! own reading gives. At 5 M stop_times the file is 25 MB and 400,000 trips, and serde's visit
//! of every field was about 0.4 s of CPU.
//!
//! The fast reading is conservative: it takes only plain files (no quotes, no bare CR, see
//! [`split`]) without blank lines, whose every row has as many fields as the header and whose
//! every value reads without doubt (`direction_id` blank, 0 or 1; `wheelchair_accessible`,
//! `bikes_allowed`, `cars_allowed` blank, 0, 1 or 2; `ticketing_type` 0 or 1). Anything else —
//! a missing or repeated column, a bad value, an unknown code that is only a warning, an empty
//! file — goes to the former reading ([`tables::required_rows`]), which then gives the same
//! records, or the same error (message, file, line, field) as before.
//!
//! Within `feed` only.

use gtfs_structures as gs;
use rayon::prelude::*;

use super::FeedError;
use super::source::Files;
use super::split;
use super::tables::{self, Ctx};

const FILE: &str = "trips.txt";

/// `trips.txt` as gtfs-structures' `RawTrip`s (at least one; otherwise the former error).
pub(super) fn read(ctx: &Ctx, files: &Files) -> Result<Vec<gs::RawTrip>, FeedError> {
    match files.files.get(FILE).and_then(|bytes| fast(bytes)) {
        Some(trips) if !trips.is_empty() => Ok(trips),
        _ => tables::required_rows(ctx, files, FILE, "trips"),
    }
}

/// What gtfs-structures makes of a column (the fields of its `RawTrip`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Col {
    TripId,
    ServiceId,
    RouteId,
    ShapeId,
    Headsign,
    ShortName,
    Direction,
    BlockId,
    Wheelchair,
    Bikes,
    Cars,
    TicketingTripId,
    TicketingType,
    /// A column it does not read.
    Ignored,
}

const FIELDS: [(&str, Col); 13] = [
    ("trip_id", Col::TripId),
    ("service_id", Col::ServiceId),
    ("route_id", Col::RouteId),
    ("shape_id", Col::ShapeId),
    ("trip_headsign", Col::Headsign),
    ("trip_short_name", Col::ShortName),
    ("direction_id", Col::Direction),
    ("block_id", Col::BlockId),
    ("wheelchair_accessible", Col::Wheelchair),
    ("bikes_allowed", Col::Bikes),
    ("cars_allowed", Col::Cars),
    ("ticketing_trip_id", Col::TicketingTripId),
    ("ticketing_type", Col::TicketingType),
];

/// The records, or `None` for anything the fast reading does not take.
fn fast(bytes: &[u8]) -> Option<Vec<gs::RawTrip>> {
    if bytes.len() < 3 {
        return None;
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if !split::plain(bytes) {
        return None;
    }
    let end = memchr::memchr(b'\n', bytes).unwrap_or(bytes.len());
    let header = bytes[..end].strip_suffix(b"\r").unwrap_or(&bytes[..end]);
    let cols = plan(std::str::from_utf8(header).ok()?)?;
    let body = &bytes[(end + 1).min(bytes.len())..];
    let pieces: Vec<Vec<gs::RawTrip>> = split::pieces(body, split::PIECE_BYTES)
        .into_par_iter()
        .map(|r| piece(&cols, &body[r]))
        .collect::<Option<_>>()?;
    let mut trips = Vec::with_capacity(pieces.iter().map(Vec::len).sum());
    for p in pieces {
        trips.extend(p);
    }
    Some(trips)
}

/// The header's columns; `None` when one is empty, a field repeats or a required one is missing.
fn plan(header: &str) -> Option<Vec<Col>> {
    if header.is_empty() {
        return None;
    }
    let cols: Vec<Col> =
        header.split(',').map(|h| FIELDS.iter().find(|(f, _)| *f == h.trim()).map_or(Col::Ignored, |c| c.1)).collect();
    for (i, c) in cols.iter().enumerate() {
        if *c != Col::Ignored && cols[..i].contains(c) {
            return None;
        }
    }
    let has = |c: Col| cols.contains(&c);
    (has(Col::TripId) && has(Col::ServiceId) && has(Col::RouteId)).then_some(cols)
}

/// The records of a piece of whole lines.
fn piece(cols: &[Col], bytes: &[u8]) -> Option<Vec<gs::RawTrip>> {
    let text = std::str::from_utf8(bytes).ok()?;
    let text = text.strip_suffix('\n').unwrap_or(text);
    if text.is_empty() {
        return Some(Vec::new());
    }
    let mut out = Vec::with_capacity(text.len() / 48);
    for line in text.split('\n') {
        out.push(record(cols, line.strip_suffix('\r').unwrap_or(line))?);
    }
    Some(out)
}

fn opt(v: &str) -> Option<String> {
    (!v.is_empty()).then(|| v.to_string())
}

/// One record; `None` unless its values read without doubt.
fn record(cols: &[Col], line: &str) -> Option<gs::RawTrip> {
    if line.is_empty() {
        return None;
    }
    let mut t = gs::RawTrip {
        id: String::new(),
        service_id: String::new(),
        route_id: String::new(),
        shape_id: None,
        trip_headsign: None,
        trip_short_name: None,
        direction_id: None,
        block_id: None,
        wheelchair_accessible: gs::Availability::InformationNotAvailable,
        bikes_allowed: gs::BikesAllowedType::NoBikeInfo,
        cars_allowed: gs::CarsAllowedType::NoCarInfo,
        ticketing_trip_id: None,
        ticketing_type: gs::TicketingType::Available,
    };
    let mut fields = line.split(',');
    for &col in cols {
        let v = fields.next()?.trim();
        match col {
            Col::TripId => t.id = v.to_string(),
            Col::ServiceId => t.service_id = v.to_string(),
            Col::RouteId => t.route_id = v.to_string(),
            Col::ShapeId => t.shape_id = opt(v),
            Col::Headsign => t.trip_headsign = opt(v),
            Col::ShortName => t.trip_short_name = opt(v),
            Col::BlockId => t.block_id = opt(v),
            Col::TicketingTripId => t.ticketing_trip_id = opt(v),
            Col::Direction => {
                t.direction_id = match v {
                    "" => None,
                    "0" => Some(gs::DirectionType::Outbound),
                    "1" => Some(gs::DirectionType::Inbound),
                    _ => return None,
                }
            }
            Col::Wheelchair => {
                t.wheelchair_accessible = match v {
                    "" | "0" => gs::Availability::InformationNotAvailable,
                    "1" => gs::Availability::Available,
                    "2" => gs::Availability::NotAvailable,
                    _ => return None,
                }
            }
            Col::Bikes => {
                t.bikes_allowed = match v {
                    "" | "0" => gs::BikesAllowedType::NoBikeInfo,
                    "1" => gs::BikesAllowedType::AtLeastOneBike,
                    "2" => gs::BikesAllowedType::NoBikesAllowed,
                    _ => return None,
                }
            }
            Col::Cars => {
                t.cars_allowed = match v {
                    "" | "0" => gs::CarsAllowedType::NoCarInfo,
                    "1" => gs::CarsAllowedType::AtLeastOneCar,
                    "2" => gs::CarsAllowedType::NoCarsAllowed,
                    _ => return None,
                }
            }
            Col::TicketingType => {
                t.ticketing_type = match v {
                    "0" => gs::TicketingType::Available,
                    "1" => gs::TicketingType::Unavailable,
                    _ => return None,
                }
            }
            Col::Ignored => {}
        }
    }
    // As many fields as the header, no more.
    fields.next().is_none().then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// gtfs-structures' own reading, as `tables::read_objs` does it (one piece).
    fn serde_way(bytes: &[u8]) -> Result<Vec<gs::RawTrip>, String> {
        let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
        let mut r = csv::ReaderBuilder::new().flexible(true).trim(csv::Trim::Fields).from_reader(bytes);
        let headers: csv::StringRecord = r.headers().map_err(|e| e.to_string())?.iter().map(str::trim).collect();
        let mut out = Vec::new();
        for rec in r.records() {
            let rec = rec.map_err(|e| e.to_string())?;
            out.push(rec.deserialize(Some(&headers)).map_err(|e| e.to_string())?);
        }
        Ok(out)
    }

    const HEAD: &str =
        "route_id,service_id,trip_id,trip_headsign,direction_id,shape_id,wheelchair_accessible,bikes_allowed";

    #[test]
    fn what_the_fast_reading_takes_reads_as_gtfs_structures_reads_it() {
        let texts = [
            format!("{HEAD}\nR1,S1,T1,Växjö C,0,sh,1,2\nR1,S1,T2,,1,,,\n"),
            format!("\u{feff}{HEAD}\r\nR1,S1, T1 ,\u{a0}Alvesta\u{3000},,sh,0,0\r\nR1,S1,T2,Ljungby,1,,2,1"),
            "trip_id,route_id,service_id,extra,block_id,cars_allowed,ticketing_type,ticketing_trip_id,trip_short_name\n\
             T1,R,S,x,B1,1,1,tt,12\nT2,R,S,,,,0,,\n"
                .to_string(),
            format!("{HEAD},extra,extra\nR1,S1,T1,H,0,sh,1,2,a,b\n"),
        ];
        for text in &texts {
            let fast = fast(text.as_bytes()).expect("the fast reading takes it");
            let slow = serde_way(text.as_bytes()).expect("gtfs-structures reads it");
            assert_eq!(format!("{fast:?}"), format!("{slow:?}"), "{text}");
        }
    }

    #[test]
    fn anything_unusual_goes_to_the_former_reading() {
        let texts = [
            format!("{HEAD}\nR1,S1,T1,H,2,sh,1,2\n"),        // direction_id 2
            format!("{HEAD}\nR1,S1,T1,H,0,sh,7,2\n"),        // wheelchair 7 (a warning)
            format!("{HEAD}\nR1,S1,T1,H,0,sh,1,x\n"),        // bikes_allowed x
            format!("{HEAD}\nR1,S1,T1,H,0,sh,1\n"),          // a field short
            format!("{HEAD}\nR1,S1,T1,H,0,sh,1,2,9\n"),      // a field more
            format!("{HEAD}\nR1,S1,T1,\"H, q\",0,sh,1,2\n"), // quotes
            format!("{HEAD}\rR1,S1,T1,H,0,sh,1,2\r"),        // bare CR
            format!("{HEAD}\nR1,S1,T1,H,0,sh,1,2\n\nR1,S1,T2,H,0,sh,1,2\n"), // a blank line
            format!("\n{HEAD}\nR1,S1,T1,H,0,sh,1,2\n"),      // a blank line first
            "route_id,service_id,headsign\nR,S,H\n".to_string(), // trip_id missing
            "route_id,service_id,trip_id,trip_id\nR,S,T,T\n".to_string(), // repeated column
            "trip_id,route_id,service_id,ticketing_type\nT,R,S,\n".to_string(), // ticketing_type blank
            "ab".to_string(),
        ];
        for text in &texts {
            assert!(fast(text.as_bytes()).is_none(), "{text}");
        }
        let mut bad = format!("{HEAD}\nR1,S1,T1,H,0,sh,1,2\n").into_bytes();
        bad[HEAD.len() + 8] = 0xFF; // not UTF-8
        assert!(fast(&bad).is_none());
        assert_eq!(fast(format!("{HEAD}\n").as_bytes()).map(|t| t.len()), Some(0)); // the former reading says why
    }

    #[test]
    fn pieces_give_the_records_of_one_piece() {
        let mut text = format!("{HEAD}\n");
        for i in 0..40_000 {
            text.push_str(&format!("R{},S{},T{i},Head {},{},sh{},1,\n", i % 7, i % 3, i % 11, i % 2, i % 5));
        }
        assert!(text.len() > 1 << 20);
        let fast = fast(text.as_bytes()).expect("plain");
        let slow = serde_way(text.as_bytes()).expect("reads");
        assert_eq!(fast.len(), 40_000);
        assert_eq!(format!("{fast:?}"), format!("{slow:?}"));
    }
}
