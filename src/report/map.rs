//! Maps drawn from the data itself — grid cells coloured by a class, lines, stops, municipal
//! seats and care nodes — in SWEREF 99 TM metres, north up, with a legend and a scale bar.
//! No tiles, nothing fetched.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::figure::{Drawing, FAMILY, e};
use crate::spatial::Xy;

/// A labelled point of interest.
#[derive(Clone, Debug)]
pub struct Place {
    pub at: Xy,
    pub label: String,
    pub kind: PlaceKind,
}

#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum PlaceKind {
    /// A municipal seat (centralort).
    Seat,
    AcuteHospital,
    /// A what-if hospital site (Räppe).
    PlannedHospital,
    Vardcentral,
    /// A point of a result, e.g. a gap cluster's centroid.
    Marker,
}

/// A map: cells by class, then lines, stops and places on top.
#[derive(Clone, Debug, Default)]
pub struct Map {
    pub title: String,
    /// Cells as (lower-left x, y, side in m, class index into `classes`).
    pub cells: Vec<(f64, f64, f64, u8)>,
    /// Legend entries for the cell classes: label and fill colour.
    pub classes: Vec<(String, RGBColor)>,
    pub legend_title: String,
    /// Polylines (route patterns), with a colour each.
    pub lines: Vec<(Vec<Xy>, RGBColor)>,
    pub stops: Vec<Xy>,
    pub places: Vec<Place>,
    /// Legend labels for the place kinds present, e.g. ("Akutsjukhus", AcuteHospital).
    pub place_legend: Vec<(String, PlaceKind)>,
    /// Legend labels for the line colours, e.g. ("Järnväg", dark red), so that a line is never
    /// read as a cell class.
    pub line_legend: Vec<(String, RGBColor)>,
    /// Label for the scale bar unit, e.g. "km".
    pub km: String,
}

const LEGEND_W: u32 = 230;

fn marker_style(kind: PlaceKind) -> (RGBColor, i32) {
    match kind {
        PlaceKind::Seat => (RGBColor(40, 40, 40), 4),
        PlaceKind::AcuteHospital => (RGBColor(200, 30, 45), 7),
        PlaceKind::PlannedHospital => (RGBColor(150, 40, 180), 7),
        PlaceKind::Vardcentral => (RGBColor(20, 120, 200), 5),
        PlaceKind::Marker => (RGBColor(230, 120, 0), 6),
    }
}

fn draw_marker<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    p: (i32, i32),
    kind: PlaceKind,
) -> Result<(), String> {
    let (c, r) = marker_style(kind);
    match kind {
        PlaceKind::Seat => area.draw(&Circle::new(p, r, c.filled())).map_err(e),
        PlaceKind::AcuteHospital | PlaceKind::PlannedHospital => {
            area.draw(&Rectangle::new([(p.0 - r, p.1 - 2), (p.0 + r, p.1 + 2)], c.filled())).map_err(e)?;
            area.draw(&Rectangle::new([(p.0 - 2, p.1 - r), (p.0 + 2, p.1 + r)], c.filled())).map_err(e)
        }
        PlaceKind::Vardcentral => area.draw(&TriangleMarker::new(p, r, c.filled())).map_err(e),
        PlaceKind::Marker => {
            area.draw(&Circle::new(p, r, c.filled())).map_err(e)?;
            area.draw(&Circle::new(p, r, BLACK.stroke_width(1))).map_err(e)
        }
    }
}

impl Map {
    /// The extent of everything drawn, padded by 2 km.
    fn extent(&self) -> (Xy, Xy) {
        let mut min = Xy { x: f64::INFINITY, y: f64::INFINITY };
        let mut max = Xy { x: f64::NEG_INFINITY, y: f64::NEG_INFINITY };
        let mut add = |x: f64, y: f64| {
            min.x = min.x.min(x);
            min.y = min.y.min(y);
            max.x = max.x.max(x);
            max.y = max.y.max(y);
        };
        for &(x, y, s, _) in &self.cells {
            add(x, y);
            add(x + s, y + s);
        }
        for p in
            self.stops.iter().chain(self.places.iter().map(|p| &p.at)).chain(self.lines.iter().flat_map(|l| l.0.iter()))
        {
            add(p.x, p.y);
        }
        if !min.x.is_finite() {
            return (Xy { x: 0.0, y: 0.0 }, Xy { x: 1000.0, y: 1000.0 });
        }
        (Xy { x: min.x - 2000.0, y: min.y - 2000.0 }, Xy { x: max.x + 2000.0, y: max.y + 2000.0 })
    }
}

impl Drawing for Map {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        root.fill(&WHITE).map_err(e)?;
        let (w, h) = root.dim_in_pixel();
        let titled = root.titled(&self.title, (FAMILY, 20)).map_err(e)?;
        let (map_area, legend) = titled.split_horizontally(w.saturating_sub(LEGEND_W));
        let (mw, mh) = map_area.dim_in_pixel();
        let _ = h;
        // Keep metres square: widen the shorter side of the extent to the pixel aspect.
        let (mut min, mut max) = self.extent();
        let (dx, dy) = (max.x - min.x, max.y - min.y);
        let scale = (mw as f64 / dx).min(mh as f64 / dy);
        let (ex, ey) = (mw as f64 / scale - dx, mh as f64 / scale - dy);
        min.x -= ex / 2.0;
        max.x += ex / 2.0;
        min.y -= ey / 2.0;
        max.y += ey / 2.0;
        let mut chart = ChartBuilder::on(&map_area).build_cartesian_2d(min.x..max.x, min.y..max.y).map_err(e)?;
        chart.configure_mesh().disable_mesh().disable_axes().draw().map_err(e)?;

        chart
            .draw_series(self.cells.iter().map(|&(x, y, s, c)| {
                let color = self.classes.get(c as usize).map_or(RGBColor(200, 200, 200), |k| k.1);
                Rectangle::new([(x, y), (x + s, y + s)], color.filled())
            }))
            .map_err(e)?;
        for (pts, color) in &self.lines {
            let segs = pts.windows(2).filter_map(|w| clip(w[0], w[1], min, max));
            chart
                .draw_series(segs.map(|(a, b)| PathElement::new(vec![(a.x, a.y), (b.x, b.y)], color.stroke_width(1))))
                .map_err(e)?;
        }
        let inside = |p: &&Xy| p.x >= min.x && p.x <= max.x && p.y >= min.y && p.y <= max.y;
        chart
            .draw_series(
                self.stops.iter().filter(inside).map(|p| Circle::new((p.x, p.y), 1, RGBColor(60, 60, 60).filled())),
            )
            .map_err(e)?;
        let plot = chart.plotting_area();
        for p in self.places.iter().filter(|p| inside(&&p.at)) {
            let px = plot.map_coordinate(&(p.at.x, p.at.y));
            draw_marker(root, px, p.kind)?;
            if !p.label.is_empty() {
                root.draw(&Text::new(p.label.clone(), (px.0 + 7, px.1 - 7), (FAMILY, 12).into_font().color(&BLACK)))
                    .map_err(e)?;
            }
        }

        // Scale bar: a round length near a fifth of the map width.
        let width_m = max.x - min.x;
        let target = width_m / 5.0;
        let len_m = [1e3, 2e3, 5e3, 10e3, 20e3, 50e3, 100e3, 200e3, 500e3]
            .into_iter()
            .rev()
            .find(|&l| l <= target)
            .unwrap_or(1e3);
        let x0 = min.x + width_m * 0.04;
        let y0 = min.y + (max.y - min.y) * 0.04;
        let a = plot.map_coordinate(&(x0, y0));
        let b = plot.map_coordinate(&(x0 + len_m, y0));
        // map_coordinate gives backend pixels, so draw these on the root area.
        let raw = root;
        raw.draw(&Rectangle::new([(a.0, a.1 - 3), (b.0, a.1 + 3)], BLACK.filled())).map_err(e)?;
        raw.draw(&Rectangle::new([((a.0 + b.0) / 2, a.1 - 2), (b.0 - 1, a.1 + 2)], WHITE.filled())).map_err(e)?;
        raw.draw(&Text::new(format!("{} {}", (len_m / 1000.0) as u32, self.km), (a.0, a.1 - 20), (FAMILY, 13)))
            .map_err(e)?;
        // North arrow.
        let n = (b.0 + 30, a.1);
        raw.draw(&PathElement::new(vec![(n.0, n.1), (n.0, n.1 - 26)], BLACK.stroke_width(2))).map_err(e)?;
        raw.draw(&Polygon::new(vec![(n.0 - 5, n.1 - 20), (n.0, n.1 - 30), (n.0 + 5, n.1 - 20)], BLACK.filled()))
            .map_err(e)?;
        raw.draw(&Text::new("N", (n.0 + 7, n.1 - 30), (FAMILY, 13))).map_err(e)?;

        // Legend.
        let mut y = 20;
        if !self.legend_title.is_empty() {
            legend.draw(&Text::new(self.legend_title.clone(), (10, y), (FAMILY, 14))).map_err(e)?;
            y += 24;
        }
        for (label, color) in &self.classes {
            legend.draw(&Rectangle::new([(10, y), (28, y + 14)], color.filled())).map_err(e)?;
            legend.draw(&Text::new(label.clone(), (36, y + 1), (FAMILY, 13))).map_err(e)?;
            y += 22;
        }
        if !self.place_legend.is_empty() {
            y += 8;
            for (label, kind) in &self.place_legend {
                draw_marker(&legend, (19, y + 7), *kind)?;
                legend.draw(&Text::new(label.clone(), (36, y + 1), (FAMILY, 13))).map_err(e)?;
                y += 22;
            }
        }
        if !self.line_legend.is_empty() {
            y += 8;
            for (label, color) in &self.line_legend {
                legend.draw(&PathElement::new(vec![(10, y + 7), (28, y + 7)], color.stroke_width(2))).map_err(e)?;
                legend.draw(&Text::new(label.clone(), (36, y + 1), (FAMILY, 13))).map_err(e)?;
                y += 22;
            }
        }
        Ok(())
    }
}

/// The part of segment `a`–`b` inside the box (Liang–Barsky), if any.
fn clip(a: Xy, b: Xy, min: Xy, max: Xy) -> Option<(Xy, Xy)> {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let (mut t0, mut t1) = (0.0f64, 1.0f64);
    for (p, q) in [(-dx, a.x - min.x), (dx, max.x - a.x), (-dy, a.y - min.y), (dy, max.y - a.y)] {
        if p == 0.0 {
            if q < 0.0 {
                return None;
            }
        } else {
            let r = q / p;
            if p < 0.0 {
                t0 = t0.max(r);
            } else {
                t1 = t1.min(r);
            }
        }
    }
    (t0 <= t1).then_some((Xy { x: a.x + t0 * dx, y: a.y + t0 * dy }, Xy { x: a.x + t1 * dx, y: a.y + t1 * dy }))
}
