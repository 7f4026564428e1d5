//! The report's restidskvot maps: every populated grid cell coloured by its band of public
//! transport ÷ car (≤ 1.5, 1.5–2, > 2, no public transport within the limit, no inhabitants or
//! no car time) to the nearest vårdcentral, the nearest acute hospital and the regional core,
//! with the network's lines, the seats and the care nodes on top. Estimated car times are marked
//! "uppskattad" in the title and the legend. Presentation only: the bands come from
//! `analysis::restidskvot` (the same `metrics::restidskvot::band` as the tables), drawn with
//! `map::Map`.

use plotters::style::RGBColor;

use super::figure::{DrawError, render};
use super::figures::{NOT_REACHED, Named, base_map};
use super::text::L;
use crate::analysis::reach::ReachRun;
use crate::analysis::restidskvot::RestidskvotRun;
use crate::analysis::{Network, Study};
use crate::metrics::restidskvot::Band;

/// The groups with a map, and the map's file name (without extension).
pub const MAPS: [(&str, &str); 3] = [
    ("vardcentral", "karta_restidskvot_vardcentral"),
    ("acute_hospital", "karta_restidskvot_akutsjukhus"),
    ("core", "karta_restidskvot_regionkarna"),
];

/// The figure name of group `key`'s map, if it has one.
pub fn map_name(key: &str) -> Option<&'static str> {
    MAPS.iter().find(|(k, _)| *k == key).map(|(_, n)| *n)
}

/// The legend, in class order (see [`class`]). Colours chosen to stay apart for readers with
/// deuteranopia and from the map's rail and bus lines (see the test): ColorBrewer Blues
/// (8, 81, 156) and (107, 174, 214) for the competitive and middle bands, ColorBrewer PuOr's
/// dark orange (230, 97, 1) for > 2; no public transport within the limit in the grey every
/// other map of the report gives "not within the limit" ([`NOT_REACHED`]); cells without
/// inhabitants or without a car time white, as the county's empty land around them.
/// Dark blue = public transport competes; orange = the car is more than twice as fast.
pub fn classes(l: &L, limit_min: u32) -> Vec<(String, RGBColor)> {
    vec![
        (l.t("≤ 1,5 (konkurrenskraftig)", "≤ 1.5 (competitive)").into(), RGBColor(8, 81, 156)),
        (l.t("1,5–2", "1.5–2").into(), RGBColor(107, 174, 214)),
        ("> 2".into(), RGBColor(230, 97, 1)),
        (format!("{} {limit_min} min", l.t("ingen kollektivtrafik inom", "no public transport within")), NOT_REACHED),
        (l.t("inga invånare / ej beräknad", "no inhabitants / not computed").into(), RGBColor(255, 255, 255)),
    ]
}

/// The class index of a cell: its band, or "no inhabitants / not computed" for an empty cell
/// or one without a car time.
pub fn class(band: Band, population: u32) -> u8 {
    if population == 0 {
        return 4;
    }
    match band {
        Band::Competitive => 0,
        Band::Between => 1,
        Band::Weak => 2,
        Band::NoTransit => 3,
        Band::NoCarTime => 4,
    }
}

/// The restidskvot maps of the groups in [`MAPS`] the run has.
pub fn figures(
    l: &L,
    study: &Study,
    net: &Network,
    run: &ReachRun,
    r: &RestidskvotRun,
) -> Result<Vec<Named>, DrawError> {
    let mut out = Vec::new();
    let est = if r.estimated() { l.t(" (bilrestid uppskattad)", " (car time estimated)") } else { "" };
    for (key, name) in MAPS {
        let Some(g) = r.groups.iter().position(|g| g.key == key) else { continue };
        let dest = match (key, &run.core) {
            ("vardcentral", _) => l.t("närmaste vårdcentral", "the nearest vårdcentral").to_string(),
            ("core", Some(c)) => format!("{} ({})", l.t("regionkärnan", "the regional core"), c.node.name),
            _ => l.t("närmaste akutsjukhus", "the nearest acute hospital").to_string(),
        };
        let title = format!(
            "{} {dest}{est}",
            l.t("Restidskvot kollektivtrafik ÷ bil till", "Travel time ratio public transport ÷ car to")
        );
        let mut m = base_map(l, &title, study, net, key == "vardcentral");
        m.classes = classes(l, r.limit_secs / 60);
        m.legend_title = if r.estimated() {
            l.t("Restidskvot (uppskattad)", "Ratio (estimated)").into()
        } else {
            l.t("Restidskvot (vägnät)", "Ratio (road network)").into()
        };
        m.cells = study
            .cells
            .iter()
            .enumerate()
            .map(|(i, c)| (c.x, c.y, c.size_m, class(r.cell_band(run, g, i), c.population)))
            .collect();
        out.push(Named { name: name.into(), caption: title, figure: render(1000, 620, &m)? });
    }
    Ok(out)
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::report::text::Lang;

    /// Machado, Oliveira & Fernandes (2009), deuteranopia at severity 1, on linear RGB.
    fn deuteranopia(c: RGBColor) -> [f64; 3] {
        const M: [[f64; 3]; 3] =
            [[0.367322, 0.860646, -0.227968], [0.280085, 0.672501, 0.047413], [-0.011820, 0.042940, 0.968881]];
        let lin = |v: u8| {
            let v = v as f64 / 255.0;
            if v <= 0.04045 { v / 12.92 } else { ((v + 0.055) / 1.055).powf(2.4) }
        };
        let srgb = |v: f64| {
            let v = v.clamp(0.0, 1.0);
            255.0 * if v <= 0.0031308 { v * 12.92 } else { 1.055 * v.powf(1.0 / 2.4) - 0.055 }
        };
        let l = [lin(c.0), lin(c.1), lin(c.2)];
        M.map(|row| srgb(row[0] * l[0] + row[1] * l[1] + row[2] * l[2]))
    }

    fn dist(a: [f64; 3], b: [f64; 3]) -> f64 {
        (0..3).map(|i| (a[i] - b[i]).abs()).sum()
    }

    fn rgb(c: RGBColor) -> [f64; 3] {
        [c.0 as f64, c.1 as f64, c.2 as f64]
    }

    #[test]
    fn classes_stay_apart_for_deuteranopia_and_from_the_lines() {
        // Worked with the same formulas: the closest pair is 1.5–2 (107, 174, 214), under
        // deuteranopia (141, 161, 213), against the grey (204, 204, 204): 63 + 43 + 9 = 115; next
        // 1.5–2 against the bus lines (120, 120, 120): 21 + 41 + 93 = 155. Viridis' teal
        // (33, 145, 140), tried first, turns to (120, 126, 141) — the bus grey.
        let cs = classes(&L(Lang::Sv), 120);
        let lines = [RGBColor(25, 25, 25), RGBColor(120, 120, 120)];
        for (i, (la, a)) in cs.iter().enumerate() {
            for (lb, b) in &cs[i + 1..] {
                let d = dist(deuteranopia(*a), deuteranopia(*b)).min(dist(rgb(*a), rgb(*b)));
                assert!(d >= 110.0, "{la} and {lb} are {d:.0} apart");
            }
            for line in lines {
                let d = dist(deuteranopia(*a), rgb(line)).min(dist(rgb(*a), rgb(line)));
                assert!(d >= 150.0, "{la} is {d:.0} from the line colour {line:?}");
            }
        }
        let bus = dist(deuteranopia(RGBColor(107, 174, 214)), rgb(lines[1]));
        assert!((bus - 155.0).abs() <= 2.0, "{bus}");
        let grey = dist(deuteranopia(RGBColor(107, 174, 214)), rgb(NOT_REACHED));
        assert!((grey - 115.0).abs() <= 2.0, "{grey}");
        assert!(dist(deuteranopia(RGBColor(33, 145, 140)), rgb(lines[1])) < 30.0);
    }

    #[test]
    fn cells_take_their_band_or_the_empty_class() {
        assert_eq!(class(Band::Competitive, 10), 0);
        assert_eq!(class(Band::Between, 10), 1);
        assert_eq!(class(Band::Weak, 10), 2);
        assert_eq!(class(Band::NoTransit, 10), 3);
        assert_eq!(class(Band::NoCarTime, 10), 4);
        // No one lives there: grey whatever the band.
        assert_eq!(class(Band::Competitive, 0), 4);
        assert_eq!(classes(&L(Lang::En), 120)[3].0, "no public transport within 120 min");
        assert_eq!(map_name("acute_hospital"), Some("karta_restidskvot_akutsjukhus"));
        assert_eq!(map_name("planned_hospital"), None);
        assert_eq!(map_name("core"), Some("karta_restidskvot_regionkarna"));
    }
}
