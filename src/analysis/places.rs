//! Finding stops the way people type them: by id, or by a name prefix ignoring case and
//! diacritics ("vaxjo resecentrum" finds "Växjö Resecentrum"). Reads the [`Feed`]'s names, so it
//! lives here and not in the router (which knows only the timetable).

use crate::feed::{Feed, LocationType};
use crate::text::fold;
use crate::timetable::StopIdx;

/// A place a query resolved to: a stop, or a station standing for its stops.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Place {
    /// The stop or station the user meant.
    pub stop: StopIdx,
    /// The stops to route from or to (a station's child stops; else the stop itself).
    pub stops: Vec<StopIdx>,
}

/// Why a query matched no single place.
#[derive(Clone, Debug, PartialEq, Eq, thiserror::Error)]
pub enum LookupError {
    #[error("no stop has the id or a name starting with '{0}'")]
    NotFound(String),
    #[error("'{query}' matches {} places; be more specific or use an id:\n{}", .candidates.len(), list(.candidates))]
    Ambiguous {
        query: String,
        /// `(name, id)` of each candidate place.
        candidates: Vec<(String, String)>,
    },
}

fn list(c: &[(String, String)]) -> String {
    let mut out: Vec<String> = c.iter().take(30).map(|(n, id)| format!("  {n}  (id {id})")).collect();
    if c.len() > 30 {
        out.push(format!("  … and {} more", c.len() - 30));
    }
    out.join("\n")
}

/// The routable stops of stop or station `s`: a station's child stops, else `s`.
pub fn stops_of(feed: &Feed, s: StopIdx) -> Vec<StopIdx> {
    if feed.stops[s.ix()].location_type == LocationType::Station {
        feed.stops
            .iter()
            .enumerate()
            .filter(|(_, c)| {
                c.parent == Some(s.0) && matches!(c.location_type, LocationType::Stop | LocationType::BoardingArea)
            })
            .map(|(i, _)| StopIdx(i as u32))
            .collect()
    } else {
        vec![s]
    }
}

/// Resolves a stop id (exact, first) or a name prefix. Stops matched by name are grouped under
/// their parent station; stops that share one name count as one place; a name that matches in
/// full beats names it is only a prefix of.
pub fn find_place(feed: &Feed, query: &str) -> Result<Place, LookupError> {
    if let Some(i) = feed.stops.iter().position(|s| s.id == query) {
        let s = StopIdx(i as u32);
        return Ok(Place { stop: s, stops: stops_of(feed, s) });
    }
    let q = fold(query);
    if q.is_empty() {
        return Err(LookupError::NotFound(query.to_string()));
    }
    let usable = |i: usize| matches!(feed.stops[i].location_type, LocationType::Stop | LocationType::Station);
    let folded: Vec<(usize, String)> = (0..feed.stops.len())
        .filter(|&i| usable(i))
        .map(|i| (i, fold(&feed.stops[i].name)))
        .filter(|(_, n)| n.starts_with(&q))
        .collect();
    if folded.is_empty() {
        return Err(LookupError::NotFound(query.to_string()));
    }
    let exact: Vec<&(usize, String)> = folded.iter().filter(|(_, n)| *n == q).collect();
    let chosen: Vec<&(usize, String)> = if exact.is_empty() { folded.iter().collect() } else { exact };
    // Places: a stop's parent station stands for it.
    let mut places: Vec<(usize, String)> = chosen
        .iter()
        .map(|(i, n)| match feed.stops[*i].parent {
            Some(p) if feed.stops[p as usize].location_type == LocationType::Station => {
                (p as usize, fold(&feed.stops[p as usize].name))
            }
            _ => (*i, n.clone()),
        })
        .collect();
    places.sort();
    places.dedup();
    let mut names: Vec<&String> = places.iter().map(|p| &p.1).collect();
    names.sort();
    names.dedup();
    if names.len() == 1 {
        // One name (one station, or several stops of that name): route from all of them.
        let mut stops: Vec<StopIdx> = places.iter().flat_map(|p| stops_of(feed, StopIdx(p.0 as u32))).collect();
        stops.sort();
        stops.dedup();
        return Ok(Place { stop: StopIdx(places[0].0 as u32), stops });
    }
    Err(LookupError::Ambiguous {
        query: query.to_string(),
        candidates: places
            .iter()
            .map(|(i, _)| (feed.stops[*i].name.to_string(), feed.stops[*i].id.to_string()))
            .collect(),
    })
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::feed::Stop;

    fn stop(id: &str, name: &str, lt: LocationType, parent: Option<u32>) -> Stop {
        Stop {
            id: id.into(),
            name: name.into(),
            lat: 56.88,
            lon: 14.8,
            location_type: lt,
            parent,
            wheelchair_boarding: 0,
            feed: 0,
        }
    }

    fn feed() -> Feed {
        Feed {
            stops: vec![
                stop("740000190", "Växjö Resecentrum", LocationType::Station, None), // 0
                stop("1", "Växjö Resecentrum", LocationType::Stop, Some(0)),         // 1
                stop("2", "Växjö Resecentrum", LocationType::Stop, Some(0)),         // 2
                stop("3", "Växjö Centralplan", LocationType::Stop, None),            // 3
                stop("4", "Alvesta station", LocationType::Stop, None),              // 4
                stop("5", "Alvesta", LocationType::Stop, None),                      // 5
                stop("6", "Ljungby Lagavägen", LocationType::Stop, None),            // 6
                stop("7", "Ljungby Lagavägen", LocationType::Stop, None),            // 7
            ],
            ..Default::default()
        }
    }

    #[test]
    fn folds_case_and_diacritics() {
        assert_eq!(fold("Växjö  Resecentrum!"), "vaxjo resecentrum");
        assert_eq!(fold("Åseda-Ébé"), "aseda ebe");
        assert_eq!(fold("  Strömstad "), "stromstad");
    }

    #[test]
    fn finds_stations_prefixes_and_ids() {
        let f = feed();
        // Folded prefix → the station → its two platforms.
        let p = find_place(&f, "vaxjo rese").expect("found");
        assert_eq!(p.stop, StopIdx(0));
        assert_eq!(p.stops, vec![StopIdx(1), StopIdx(2)]);
        // An id beats names; a platform id gives that platform only.
        assert_eq!(find_place(&f, "2").expect("id").stops, vec![StopIdx(2)]);
        // "alvesta" is a full name of stop 5 and a prefix of stop 4: the full match wins.
        assert_eq!(find_place(&f, "ALVESTA").expect("found").stops, vec![StopIdx(5)]);
        // Two stops with the same name are one place.
        assert_eq!(find_place(&f, "ljungby").expect("found").stops, vec![StopIdx(6), StopIdx(7)]);
        // "växjö" matches the station and Centralplan: ambiguous, both listed.
        match find_place(&f, "växjö") {
            Err(LookupError::Ambiguous { candidates, .. }) => assert_eq!(
                candidates,
                vec![
                    ("Växjö Resecentrum".to_string(), "740000190".to_string()),
                    ("Växjö Centralplan".to_string(), "3".to_string())
                ]
            ),
            other => panic!("expected ambiguity, got {other:?}"),
        }
        assert!(matches!(find_place(&f, "lund"), Err(LookupError::NotFound(_))));
    }
}
