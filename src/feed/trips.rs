//! Reading `trips.txt` at parse speed: the bytes are split in place (no `csv` records, no serde,
//! no strings), in parallel pieces cut at line ends, into [`TripRec`]s that borrow the file's
//! text. At 5 M stop_times the file is 25 MB and 400,000 trips; serde's visit of every field was
//! about 0.4 s of CPU, and gtfs-structures' seven strings a trip a third of a HART-sized load.
//!
//! The fast reading is conservative: it takes only plain files (no quotes, no bare CR, see
//! [`split`]) without blank lines, whose every row has as many fields as the header and whose
//! every value reads without doubt (`direction_id` blank, 0 or 1; `wheelchair_accessible`,
//! `bikes_allowed`, `cars_allowed` blank, 0, 1 or 2; `ticketing_type` 0 or 1). Anything else —
//! a missing or repeated column, a bad value, an unknown code that is only a warning, an empty
//! file — goes to the former reading ([`tables::required_rows`] into gtfs-structures'
//! `RawTrip`s, which the records then borrow), which gives the same records, or the same error
//! (message, file, line, field) as before.
//!
//! Within `feed` only.

use gtfs_structures as gs;

use super::FeedError;
use super::source::Files;
use super::split::{self, Cuts};
use super::tables::{self, Ctx};

const FILE: &str = "trips.txt";

/// One record of `trips.txt`, the fields narhet reads, borrowed from the file's text (or from
/// gtfs-structures' record of it). Values are trimmed; a blank optional field is `None`.
#[derive(Clone, Copy, Debug, Default, PartialEq, Eq)]
pub(super) struct TripRec<'a> {
    pub id: &'a str,
    pub service_id: &'a str,
    pub route_id: &'a str,
    pub trip_headsign: Option<&'a str>,
    pub direction_id: Option<gs::DirectionType>,
    pub wheelchair_accessible: gs::Availability,
}

impl<'a> From<&'a gs::RawTrip> for TripRec<'a> {
    fn from(t: &'a gs::RawTrip) -> Self {
        TripRec {
            id: &t.id,
            service_id: &t.service_id,
            route_id: &t.route_id,
            trip_headsign: t.trip_headsign.as_deref(),
            direction_id: t.direction_id,
            wheelchair_accessible: t.wheelchair_accessible,
        }
    }
}

/// `trips.txt`'s records (at least one; otherwise the former error). When the fast reading
/// does not take the file, gtfs-structures' records are kept in `held` and the records borrow
/// them.
pub(super) fn read<'a>(
    ctx: &Ctx,
    files: &'a Files,
    held: &'a mut Option<Vec<gs::RawTrip>>,
) -> Result<Vec<TripRec<'a>>, FeedError> {
    tables::fast_or_former(ctx, files, (FILE, "trips"), held, fast)
}

/// What gtfs-structures makes of a column (the fields of its `RawTrip`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Col {
    TripId,
    ServiceId,
    RouteId,
    Headsign,
    Direction,
    Wheelchair,
    Bikes,
    Cars,
    TicketingType,
    /// A text column of `RawTrip` narhet does not read (`shape_id`, `block_id`, …): any value.
    Text,
    /// A column it does not read.
    Ignored,
}

const FIELDS: [(&str, Col); 13] = [
    ("trip_id", Col::TripId),
    ("service_id", Col::ServiceId),
    ("route_id", Col::RouteId),
    ("shape_id", Col::Text),
    ("trip_headsign", Col::Headsign),
    ("trip_short_name", Col::Text),
    ("direction_id", Col::Direction),
    ("block_id", Col::Text),
    ("wheelchair_accessible", Col::Wheelchair),
    ("bikes_allowed", Col::Bikes),
    ("cars_allowed", Col::Cars),
    ("ticketing_trip_id", Col::Text),
    ("ticketing_type", Col::TicketingType),
];

/// The records, or `None` for anything the fast reading does not take.
fn fast<'a>(bytes: &'a [u8], cuts: Option<&Cuts>) -> Option<Vec<TripRec<'a>>> {
    split::records(bytes, cuts, plan, record)
}

/// The header's columns; `None` when a field repeats or a required one is missing.
fn plan(names: &[&str]) -> Option<Vec<Col>> {
    split::columns(names, &FIELDS, Col::Ignored, &[Col::TripId, Col::ServiceId, Col::RouteId])
}

/// One record; `None` unless its values read without doubt.
fn record<'a>(cols: &Vec<Col>, line: &'a str) -> Option<TripRec<'a>> {
    let mut t = TripRec {
        id: "",
        service_id: "",
        route_id: "",
        trip_headsign: None,
        direction_id: None,
        wheelchair_accessible: gs::Availability::InformationNotAvailable,
    };
    let mut fields = split::Fields::new(line);
    for &col in cols {
        let v = split::trim(fields.next()?);
        match col {
            Col::TripId => t.id = v,
            Col::ServiceId => t.service_id = v,
            Col::RouteId => t.route_id = v,
            Col::Headsign => t.trip_headsign = split::opt(v),
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
            Col::Bikes | Col::Cars if !matches!(v, "" | "0" | "1" | "2") => return None,
            Col::TicketingType if !matches!(v, "0" | "1") => return None,
            Col::Bikes | Col::Cars | Col::TicketingType | Col::Text | Col::Ignored => {}
        }
    }
    // As many fields as the header, no more.
    fields.next().is_none().then_some(t)
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast reading, the file surveyed as the loader does.
    fn read_fast(bytes: &[u8]) -> Option<Vec<TripRec<'_>>> {
        let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
        fast(bytes, split::survey(bytes).cuts.as_ref())
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
            let fast = read_fast(text.as_bytes()).expect("the fast reading takes it");
            let slow = tables::serde_way::<gs::RawTrip>(text.as_bytes()).expect("gtfs-structures reads it");
            assert_eq!(fast, slow.iter().map(TripRec::from).collect::<Vec<_>>(), "{text}");
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
            "trip_id,route_id,service_id,shape_id,shape_id\nT,R,S,a,b\n".to_string(), // repeated text column
            "ab".to_string(),
        ];
        for text in &texts {
            assert!(read_fast(text.as_bytes()).is_none(), "{text}");
        }
        let mut bad = format!("{HEAD}\nR1,S1,T1,H,0,sh,1,2\n").into_bytes();
        bad[HEAD.len() + 8] = 0xFF; // not UTF-8
        assert!(read_fast(&bad).is_none());
        assert_eq!(read_fast(format!("{HEAD}\n").as_bytes()).map(|t| t.len()), Some(0)); // the former reading says why
    }

    #[test]
    fn pieces_give_the_records_of_one_piece() {
        let mut text = format!("{HEAD}\n");
        for i in 0..40_000 {
            text.push_str(&format!("R{},S{},T{i},Head {},{},sh{},1,\n", i % 7, i % 3, i % 11, i % 2, i % 5));
        }
        assert!(text.len() > 1 << 20);
        let fast = read_fast(text.as_bytes()).expect("plain");
        let slow = tables::serde_way::<gs::RawTrip>(text.as_bytes()).expect("reads");
        assert_eq!(fast.len(), 40_000);
        assert_eq!(fast, slow.iter().map(TripRec::from).collect::<Vec<_>>());
    }
}
