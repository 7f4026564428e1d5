//! Reading `stops.txt` without serde: the bytes are split in place into [`StopRec`]s that
//! borrow the file's text. gtfs-structures' `Stop` holds eleven optional strings, and reading
//! a national stop list through it cost a microsecond a row.
//!
//! The fast reading is conservative, as [`super::trips`]' is: it takes only plain files (no
//! quotes, no bare CR, see [`split`]) without blank lines, whose every row has as many fields as
//! the header, whose header names no field of `Stop` twice and has `stop_id`, and whose every
//! value reads without doubt (`location_type` blank or 0–4, `wheelchair_boarding` blank or
//! 0–2, coordinates blank or a number Rust reads, as gtfs-structures reads them). Anything
//! else — an unknown code that is a warning or an error, a coordinate that does not read, a
//! repeated column, an empty file — goes to the former reading ([`tables::required_rows`] into
//! gtfs-structures' `Stop`s, which the records then borrow), which gives the same records, or the
//! same error (message, file, line, field) as before.
//!
//! Also here: folding a later feed's stops into an earlier feed's stops of the same id
//! ([`fold_aliases`]).
//!
//! Within `feed` only.

use gtfs_structures as gs;

use super::FeedError;
use super::model::Feed;
use super::source::Files;
use super::split::{self, Cuts};
use super::tables::{self, Ctx};

const FILE: &str = "stops.txt";

/// One record of `stops.txt`, the fields narhet reads, borrowed from the file's text (or from
/// gtfs-structures' record of it). Values are trimmed; a blank optional field is `None`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub(super) struct StopRec<'a> {
    pub id: &'a str,
    pub name: Option<&'a str>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub location_type: gs::LocationType,
    pub parent_station: Option<&'a str>,
    pub wheelchair_boarding: gs::Availability,
}

impl<'a> From<&'a gs::Stop> for StopRec<'a> {
    fn from(s: &'a gs::Stop) -> Self {
        StopRec {
            id: &s.id,
            name: s.name.as_deref(),
            latitude: s.latitude,
            longitude: s.longitude,
            location_type: s.location_type,
            parent_station: s.parent_station.as_deref(),
            wheelchair_boarding: s.wheelchair_boarding,
        }
    }
}

/// `stops.txt`'s records (at least one; otherwise the former error). When the fast reading
/// does not take the file, gtfs-structures' records are kept in `held` and the records borrow
/// them.
pub(super) fn read<'a>(
    ctx: &Ctx,
    files: &'a Files,
    held: &'a mut Option<Vec<gs::Stop>>,
) -> Result<Vec<StopRec<'a>>, FeedError> {
    tables::fast_or_former(ctx, files, (FILE, "stops"), held, fast)
}

/// What gtfs-structures makes of a column (the fields of its `Stop`).
#[derive(Clone, Copy, PartialEq, Eq)]
enum Col {
    Id,
    Name,
    Lat,
    Lon,
    LocationType,
    Parent,
    Wheelchair,
    /// A text field of `Stop` narhet does not read (`stop_code`, `zone_id`, …): any value.
    Text,
    /// A column it does not read.
    Ignored,
}

const FIELDS: [(&str, Col); 15] = [
    ("stop_id", Col::Id),
    ("stop_code", Col::Text),
    ("stop_name", Col::Name),
    ("stop_desc", Col::Text),
    ("location_type", Col::LocationType),
    ("parent_station", Col::Parent),
    ("zone_id", Col::Text),
    ("stop_url", Col::Text),
    ("stop_lon", Col::Lon),
    ("stop_lat", Col::Lat),
    ("stop_timezone", Col::Text),
    ("wheelchair_boarding", Col::Wheelchair),
    ("level_id", Col::Text),
    ("platform_code", Col::Text),
    ("tts_stop_name", Col::Text),
];

/// The records, or `None` for anything the fast reading does not take.
fn fast<'a>(bytes: &'a [u8], cuts: Option<&Cuts>) -> Option<Vec<StopRec<'a>>> {
    split::records(bytes, cuts, plan, record)
}

/// The header's columns; `None` when a field repeats or `stop_id` is missing.
fn plan(names: &[&str]) -> Option<Vec<Col>> {
    split::columns(names, &FIELDS, Col::Ignored, &[Col::Id])
}

/// A coordinate as gtfs-structures reads it (blank: none); `None` when it does not read.
fn coordinate(v: &str) -> Option<Option<f64>> {
    if v.is_empty() { Some(None) } else { v.parse::<f64>().ok().map(Some) }
}

/// One record; `None` unless its values read without doubt.
fn record<'a>(cols: &Vec<Col>, line: &'a str) -> Option<StopRec<'a>> {
    let mut s = StopRec::default();
    let mut fields = split::Fields::new(line);
    for &col in cols {
        let v = split::trim(fields.next()?);
        match col {
            Col::Id => s.id = v,
            Col::Name => s.name = split::opt(v),
            Col::Parent => s.parent_station = split::opt(v),
            Col::Lat => s.latitude = coordinate(v)?,
            Col::Lon => s.longitude = coordinate(v)?,
            Col::LocationType => {
                s.location_type = match v {
                    "" | "0" => gs::LocationType::StopPoint,
                    "1" => gs::LocationType::StopArea,
                    "2" => gs::LocationType::StationEntrance,
                    "3" => gs::LocationType::GenericNode,
                    "4" => gs::LocationType::BoardingArea,
                    _ => return None,
                }
            }
            Col::Wheelchair => {
                s.wheelchair_boarding = match v {
                    "" | "0" => gs::Availability::InformationNotAvailable,
                    "1" => gs::Availability::Available,
                    "2" => gs::Availability::NotAvailable,
                    _ => return None,
                }
            }
            Col::Text | Col::Ignored => {}
        }
    }
    // As many fields as the header, no more.
    fields.next().is_none().then_some(s)
}

/// Folds the stops of the feed just merged (from index `base`) that `aliases` names into the
/// earlier feed's stop of the same id: calls, transfers and parents from `first_call` and
/// `first_transfer` on point at the earlier stop, and the later copies are removed.
pub(super) fn fold_aliases(
    feed: &mut Feed,
    base: u32,
    first_call: usize,
    first_transfer: usize,
    aliases: &[(u32, u32)],
) {
    if aliases.is_empty() {
        return;
    }
    let n = feed.stops.len();
    let mut target: Vec<Option<u32>> = vec![None; n - base as usize];
    for &(i, e) in aliases {
        target[(i - base) as usize] = Some(e);
    }
    let mut remap = Vec::with_capacity(target.len());
    let mut next = base;
    for t in &target {
        remap.push(match t {
            Some(e) => *e,
            None => {
                next += 1;
                next - 1
            }
        });
    }
    let map = |s: u32| if s >= base { remap[(s - base) as usize] } else { s };
    let mut k = 0usize;
    feed.stops.retain(|_| {
        k += 1;
        k <= base as usize || target[k - 1 - base as usize].is_none()
    });
    for s in &mut feed.stops[base as usize..] {
        s.parent = s.parent.map(map);
    }
    for c in &mut feed.calls[first_call..] {
        c.stop = map(c.stop);
    }
    for t in &mut feed.transfers[first_transfer..] {
        t.from = map(t.from);
        t.to = map(t.to);
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    /// The fast reading, the file surveyed as the loader does.
    fn read_fast(bytes: &[u8]) -> Option<Vec<StopRec<'_>>> {
        let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
        fast(bytes, split::survey(bytes).cuts.as_ref())
    }

    const HEAD: &str = "stop_id,stop_name,stop_lat,stop_lon,location_type,parent_station,wheelchair_boarding";

    #[test]
    fn what_the_fast_reading_takes_reads_as_gtfs_structures_reads_it() {
        let texts = [
            format!("{HEAD}\n1,Växjö C,56.87,14.80,1,,1\n2,Läge A,56.8771,14.8031,0,1,\n3,,,,3,1,2\n"),
            format!("\u{feff}{HEAD}\r\n 1 ,\u{a0}Alvesta\u{3000}, -56.9 ,+14.5,,,0\r\n2,X,1e1,1E-1,4,1,"),
            "stop_code,stop_id,zone_id,stop_lon,stop_lat,extra,stop_desc,platform_code,tts_stop_name\n\
             c,S1,z,14.8,56.9,x,d,A,t\n,S2,,15,57,,,,\n"
                .to_string(),
            format!("{HEAD},extra,extra\n1,N,56,14,0,,1,a,b\n"),
            "stop_id\nA\nB\n".to_string(),
        ];
        for text in &texts {
            let fast = read_fast(text.as_bytes()).expect("the fast reading takes it");
            let slow = tables::serde_way::<gs::Stop>(text.as_bytes()).expect("gtfs-structures reads it");
            assert_eq!(fast, slow.iter().map(StopRec::from).collect::<Vec<_>>(), "{text}");
        }
    }

    #[test]
    fn anything_unusual_goes_to_the_former_reading() {
        let texts = [
            format!("{HEAD}\n1,N,56,14,5,,1\n"),        // location_type 5 (an error later)
            format!("{HEAD}\n1,N,56,14,x,,1\n"),        // location_type x
            format!("{HEAD}\n1,N,56,14,0,,7\n"),        // wheelchair 7 (a warning)
            format!("{HEAD}\n1,N,56,14,0,,x\n"),        // wheelchair x
            format!("{HEAD}\n1,N,56;5,14,0,,1\n"),      // a latitude that does not read
            format!("{HEAD}\n1,N,56,1 4,0,,1\n"),       // nor a longitude
            format!("{HEAD}\n1,N,56,14,0,\n"),          // a field short
            format!("{HEAD}\n1,N,56,14,0,,1,9\n"),      // a field more
            format!("{HEAD}\n1,\"N, q\",56,14,0,,1\n"), // quotes
            format!("{HEAD}\r1,N,56,14,0,,1\r"),        // bare CR
            format!("{HEAD}\n1,N,56,14,0,,1\n\n2,N,56,14,0,,1\n"), // a blank line
            format!("\n{HEAD}\n1,N,56,14,0,,1\n"),      // a blank line first
            "stop_name,stop_lat\nN,56\n".to_string(),   // stop_id missing
            "stop_id,stop_name,stop_name\n1,N,M\n".to_string(), // repeated column
            "stop_id,zone_id,zone_id\n1,a,b\n".to_string(), // repeated text column
            "ab".to_string(),
        ];
        for text in &texts {
            assert!(read_fast(text.as_bytes()).is_none(), "{text}");
        }
        let mut bad = format!("{HEAD}\n1,N,56,14,0,,1\n").into_bytes();
        bad[HEAD.len() + 3] = 0xFF; // not UTF-8
        assert!(read_fast(&bad).is_none());
        assert_eq!(read_fast(format!("{HEAD}\n").as_bytes()).map(|s| s.len()), Some(0)); // the former reading says why
    }

    #[test]
    fn pieces_give_the_records_of_one_piece() {
        let mut text = format!("{HEAD}\n");
        for i in 0..30_000 {
            text.push_str(&format!("S{i},Hållplats {},{}.5,14.{i},{},,{}\n", i % 11, 56 + i % 2, i % 2, i % 3));
        }
        assert!(text.len() > 1 << 20);
        let fast = read_fast(text.as_bytes()).expect("plain");
        let slow = tables::serde_way::<gs::Stop>(text.as_bytes()).expect("reads");
        assert_eq!(fast.len(), 30_000);
        assert_eq!(fast, slow.iter().map(StopRec::from).collect::<Vec<_>>());
    }
}
