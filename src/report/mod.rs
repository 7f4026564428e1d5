//! The TFP report for Trafiknämnden: one self-contained HTML file with charts and maps, and
//! beside it Markdown, metrics.json, GeoJSON layers and CSV tables.

pub mod chart;
pub mod content;
pub mod data;
pub mod figure;
pub mod figures;
pub mod html;
pub mod map;
pub mod render;
pub mod text;

#[cfg(test)]
mod tests {
    use super::chart::{Curves, Series};
    use super::figure::render;
    use super::map::{Map, Place, PlaceKind};
    use crate::spatial::{Xy, to_sweref};
    use plotters::style::RGBColor;

    #[test]
    fn charts_and_maps_render_deterministically_with_text() {
        let curves = Curves {
            title: "Befolkning inom restid".into(),
            x_label: "minuter".into(),
            y_label: "andel".into(),
            x_max: 120.0,
            y_max: 100.0,
            series: vec![Series {
                label: "Räppe".into(),
                color: RGBColor(150, 40, 180),
                points: vec![(0.0, 0.0), (60.0, 50.0), (120.0, 80.0)],
            }],
            y_percent: true,
        };
        let a = render(640, 400, &curves).unwrap();
        let b = render(640, 400, &curves).unwrap();
        assert_eq!(a.svg, b.svg);
        assert_eq!(a.png, b.png);
        assert!(a.svg.contains("Räppe") && a.svg.contains("viewBox"));
        assert!(a.png.starts_with(b"\x89PNG"));

        let vx = to_sweref(56.8777, 14.8091);
        let map = Map {
            title: "Karta".into(),
            cells: vec![(vx.x - 5000.0, vx.y - 5000.0, 1000.0, 0), (vx.x, vx.y, 1000.0, 1)],
            classes: vec![("< 30 min".into(), RGBColor(30, 150, 80)), ("30–60 min".into(), RGBColor(250, 200, 60))],
            legend_title: "Restid".into(),
            lines: vec![(vec![vx, Xy { x: vx.x + 3000.0, y: vx.y + 2000.0 }], RGBColor(90, 90, 90))],
            stops: vec![vx],
            places: vec![Place { at: vx, label: "Växjö".into(), kind: PlaceKind::Seat }],
            place_legend: vec![("Centralort".into(), PlaceKind::Seat)],
            km: "km".into(),
        };
        let m = render(800, 600, &map).unwrap();
        assert!(m.svg.contains("Växjö") && m.svg.contains("30–60 min"));
        if let Ok(dir) = std::env::var("NARHET_FIGURE_DIR") {
            std::fs::write(format!("{dir}/map.png"), &m.png).unwrap();
            std::fs::write(format!("{dir}/curves.png"), &a.png).unwrap();
        }
    }
}
