//! Car times on a real extract: RPHAST on the contraction hierarchy of Källby's driving network
//! (`osm-kallby` in `../shared/data`, ODbL, read in place) equals the plain reverse Dijkstra for
//! every origin of a 25 m grid over the village and every destination among them, and
//! `car_times` (what `reach` and `report` use) gives the Dijkstra's times door to door. Skipped
//! with a notice when the folder is absent.

use std::path::PathBuf;

use crate::common;
use narhet::analysis::streets::{Streets, car_times};
use narhet::network::{CLOSED, PhastSearch, Search, Snap, ToOne};
use narhet::spatial::{Xy, to_sweref};

/// The real Källby extract in `../shared/data` (skipped with a notice when absent).
fn kallby() -> Option<PathBuf> {
    common::shared("osm-kallby/kallby.osm.pbf")
}

#[test]
fn rphast_equals_the_reverse_dijkstra_on_kallby() {
    let Some(path) = kallby() else { return };
    let s = Streets::load(&path).expect("kallby.osm.pbf reads");
    // A 40 × 40 grid of points 25 m apart over the village (about 1 km square), some off the roads.
    let sw = to_sweref(58.5060, 13.2950);
    let origins: Vec<Xy> =
        (0..1600).map(|i| Xy { x: sw.x + (i % 40) as f64 * 25.0, y: sw.y + (i / 40) as f64 * 25.0 }).collect();
    let g = &s.car;
    let snaps: Vec<Option<Snap>> = origins.iter().map(|&o| g.snap(o)).collect();
    let ch = s.car_hierarchy();
    let one = ToOne::new(g, ch, &snaps);
    let (mut ps, mut ds) = (PhastSearch::new(ch), Search::new(g));
    let mut compared = 0;
    for (k, dest) in snaps.iter().step_by(37).flatten().enumerate() {
        // The full limit and a tight one (2 min) that cuts the village in two.
        let limit = if k % 2 == 0 { CLOSED - 1 } else { 120_000 };
        let plain = g.costs_to(&mut ds, dest, &snaps, limit);
        assert_eq!(one.costs_to(&mut ps, dest, limit), plain, "destination {dest:?}");
        compared += plain.iter().flatten().count();
    }
    assert!(compared > 40 * 1600 / 2, "only {compared} costs compared");
    // car_times: the Dijkstra's milliseconds rounded up to seconds, plus the terminal time.
    let dests = [origins[0], origins[820], origins[1599]];
    let times = car_times(Some(&s), &dests, &origins, 300);
    for (d, t) in dests.iter().zip(&times) {
        let plain = g.costs_to(&mut ds, &g.snap(*d).expect("snaps"), &snaps, 4 * 3600 * 1000);
        let want: Vec<Option<u32>> = plain.iter().map(|c| c.map(|ms| ms.div_ceil(1000) + 300)).collect();
        assert_eq!(t, &want);
    }
    // With fewer than CH_MIN_DESTINATIONS destinations and no hierarchy built yet, car_times
    // takes the reverse Dijkstra: the same times.
    let fresh = Streets::load(&path).expect("kallby.osm.pbf reads");
    assert!(dests.len() < narhet::analysis::streets::CH_MIN_DESTINATIONS);
    assert_eq!(car_times(Some(&fresh), &dests, &origins, 300), times);
    eprintln!("kallby: {} driving nodes, {} upward edges, {compared} costs compared", g.nodes(), ch.edges());
}
