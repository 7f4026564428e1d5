//! Sanity checks of inputs that load but may be nonsense, as warnings a planner reads before
//! trusting the numbers: stops outside the region (swapped latitude and longitude put every stop
//! in the sea), population cells outside the region or with a kommunkod the region does not
//! have, and a grid whose total is far from the municipalities' own totals (a grid listed twice
//! doubles the county). Prints nothing; the caller shows the warnings.
//!
//! Application layer: reads the Feed, the Region and the population grid.

use crate::feed::{Feed, LocationType};
use crate::region::{PopulationGrid, Region};

/// How far the grid's total may be from the municipalities' totals before it is worth a word.
const TOTAL_TOLERANCE: f64 = 0.10;
/// The share of a feed's stops outside the region above which the feed is suspect. Lines into
/// the neighbouring counties are normal (the sample: 7 of 482 stops outside); a feed for
/// another region, or with latitude and longitude swapped, has most of its stops outside.
const STOPS_OUTSIDE_SHARE: f64 = 0.25;
/// Cells this far (degrees latitude, longitude; about 20 km) beyond the extent's bounding box
/// are not the region's; the rough outline itself may leave out a border cell or two.
const CELL_MARGIN_DEG: (f64, f64) = (0.2, 0.35);

/// Stops (and stations) of `feed` outside `region`'s extent, as one warning with the count and
/// an example, when more than [`STOPS_OUTSIDE_SHARE`] of them are; `None` otherwise.
pub fn stops_outside(feed: &Feed, region: &Region) -> Option<String> {
    let placed = feed.stops.iter().filter(|s| matches!(s.location_type, LocationType::Stop | LocationType::Station));
    let (mut n, mut total, mut first) = (0usize, 0usize, None);
    for s in placed {
        total += 1;
        if !region.extent.contains(s.lat, s.lon) {
            n += 1;
            first.get_or_insert(s);
        }
    }
    let s = first?;
    if (n as f64) <= STOPS_OUTSIDE_SHARE * total as f64 {
        return None;
    }
    let swapped = if region.extent.contains(s.lon, s.lat) { "; latitude and longitude swapped?" } else { "" };
    Some(format!(
        "{n} of {total} stops lie outside the region {} (first: {} '{}' at lat {}, lon {}){swapped}",
        region.name, s.id, s.name, s.lat, s.lon
    ))
}

/// Warnings about the population grid against the region (see the module doc).
pub fn grid_warnings(region: &Region, grid: &PopulationGrid) -> Vec<String> {
    let mut out = Vec::new();
    let populated: Vec<_> = grid.cells.iter().filter(|c| c.population > 0).collect();
    let unknown: Vec<_> =
        populated.iter().filter(|c| c.kommunkod.is_some_and(|k| region.municipality_index(k).is_none())).collect();
    if let Some(c) = unknown.first() {
        out.push(format!(
            "{} population cells have a kommunkod the region does not have (first: {:04} at {},{}); they are counted in the municipality of the nearest town",
            unknown.len(),
            c.kommunkod.unwrap_or_default(),
            c.x,
            c.y
        ));
    }
    let (dlat, dlon) = CELL_MARGIN_DEG;
    let bounds = region.extent.bounds();
    let far = |(y, x): (f64, f64)| {
        bounds.is_some_and(|b| {
            y < b.min().y - dlat || y > b.max().y + dlat || x < b.min().x - dlon || x > b.max().x + dlon
        })
    };
    let outside: Vec<_> = populated.iter().filter(|c| far(c.centroid_wgs84())).collect();
    if let Some(c) = outside.first() {
        out.push(format!(
            "{} populated cells lie far outside the region (over 20 km beyond its extent; first: {},{}, {} people)",
            outside.len(),
            c.x,
            c.y,
            c.population
        ));
    }
    let municipal: u64 = region.municipalities.iter().map(|m| m.population_2024 as u64).sum();
    let total = grid.total();
    if municipal > 0 && (total as f64 - municipal as f64).abs() > TOTAL_TOLERANCE * municipal as f64 {
        out.push(format!(
            "the population grid totals {} people, the region's municipalities {}: is the grid complete, or listed twice?",
            crate::numfmt::int(total),
            crate::numfmt::int(municipal)
        ));
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    fn region() -> Region {
        let path = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("regions/kronoberg.toml");
        Region::load(&path).unwrap()
    }

    #[test]
    fn a_grid_listed_twice_and_strange_cells_are_named() {
        let r = region();
        // A cell in Växjö, kommunkod 0780, in the region: no word. 10 people against the region's
        // ~203,000: the total is far off.
        let ok = PopulationGrid::parse("ruta,pop,kommunkod\n4790006330000,10,0780\n", "g.csv").unwrap();
        let w = grid_warnings(&r, &ok);
        assert_eq!(w.len(), 1, "{w:?}");
        assert!(w[0].contains("the population grid totals 10 people"), "{w:?}");
        // Stockholm's kommunkod (0180) and a cell 400 km north (7 000 000 N is far beyond the
        // county, which ends near 6 350 000).
        let odd = PopulationGrid::parse("ruta,pop,kommunkod\n4790006330000,10,0180\n4790007000000,5,0780\n", "g.csv")
            .unwrap();
        let w = grid_warnings(&r, &odd);
        assert!(w[0].starts_with("1 population cells have a kommunkod the region does not have (first: 0180"), "{w:?}");
        assert!(
            w[1].starts_with("1 populated cells lie far outside the region (over 20 km beyond its extent; first: 4790"),
            "{w:?}"
        );
    }

    #[test]
    fn stops_in_the_sea_are_counted_and_a_swap_is_suspected() {
        let r = region();
        // Växjö (56.88 N, 14.81 E) is inside Kronoberg.
        let ok = crate::analysis::test_feed(
            "stop_id,stop_name,stop_lat,stop_lon\nA,Växjö,56.88,14.81\nB,Alvesta,56.90,14.56\n",
        );
        assert_eq!(stops_outside(&ok, &r), None);
        // One of two in Emmaboda (outside, as lines into the neighbours are): half, a warning;
        // the sample's 7 of 482 is not.
        let one = crate::analysis::test_feed(
            "stop_id,stop_name,stop_lat,stop_lon\nA,Emmaboda,56.63,15.537\nB,Alvesta,56.90,14.56\n",
        );
        assert!(stops_outside(&one, &r).unwrap().starts_with("1 of 2 stops"));
        // Latitude and longitude swapped: 14.81 N, 56.88 E is in the Arabian Sea.
        let swapped = crate::analysis::test_feed(
            "stop_id,stop_name,stop_lat,stop_lon\nA,Växjö,14.81,56.88\nB,Alvesta,14.56,56.90\n",
        );
        let w = stops_outside(&swapped, &r).unwrap();
        assert!(
            w.starts_with(
                "2 of 2 stops lie outside the region Kronobergs län (first: A 'Växjö' at lat 14.81, lon 56.88)"
            ),
            "{w}"
        );
        assert!(w.ends_with("latitude and longitude swapped?"), "{w}");
    }
}
