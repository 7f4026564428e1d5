//! Maps drawn from the data itself — grid cells coloured by a class, municipal borders, lines,
//! municipal seats and care nodes — in SWEREF 99 TM metres, north up. No tiles, nothing fetched.
//!
//! Made to be put in a slide: the map shows the county (its cells, borders and places; lines are
//! clipped where they leave it, never widening the map), labels have a white halo and are left
//! out rather than drawn over another label or a marker, and the legend, scale bar, north arrow
//! and attribution sit in a panel of their own beside the map, so they never cover data.

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
    /// A planned hospital site in a scenario (Räppe).
    PlannedHospital,
    Vardcentral,
    /// A point of a result, e.g. a candidate site.
    Marker,
}

/// A map: cells by class, then lines, borders and places on top.
#[derive(Clone, Debug, Default)]
pub struct Map {
    pub title: String,
    /// Cells as (lower-left x, y, side in m, class index into `classes`).
    pub cells: Vec<(f64, f64, f64, u8)>,
    /// Legend entries for the cell classes: label and fill colour.
    pub classes: Vec<(String, RGBColor)>,
    pub legend_title: String,
    /// Polylines (route patterns), with a colour and a width in pixels each.
    pub lines: Vec<(Vec<Xy>, RGBColor, u32)>,
    /// Legend entries for the lines: label, colour, width.
    pub line_legend: Vec<(String, RGBColor, u32)>,
    pub stops: Vec<Xy>,
    pub places: Vec<Place>,
    /// Legend labels for the place kinds present, e.g. ("Akutsjukhus", AcuteHospital).
    pub place_legend: Vec<(String, PlaceKind)>,
    /// Municipal borders: closed rings in SWEREF 99 TM.
    pub borders: Vec<Vec<Xy>>,
    /// Legend label for the borders, e.g. "Kommungräns".
    pub border_label: String,
    /// Printed at the foot of the legend panel, e.g. "Kommungränser: Källa: SCB".
    pub attribution: String,
    /// Label for the scale bar unit, e.g. "km".
    pub km: String,
}

const LEGEND_W: u32 = 250;
const LABEL_PX: u32 = 14;
const HALO: RGBColor = RGBColor(255, 255, 255);

fn marker_style(kind: PlaceKind) -> (RGBColor, i32) {
    match kind {
        PlaceKind::Seat => (RGBColor(20, 20, 20), 4),
        PlaceKind::AcuteHospital => (RGBColor(213, 94, 0), 7),
        PlaceKind::PlannedHospital => (RGBColor(204, 121, 167), 7),
        PlaceKind::Vardcentral => (RGBColor(0, 114, 178), 5),
        PlaceKind::Marker => (RGBColor(230, 159, 0), 8),
    }
}

fn draw_marker<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    p: (i32, i32),
    kind: PlaceKind,
) -> Result<(), String> {
    let (c, r) = marker_style(kind);
    let cross = |r: i32, w: i32, c: &RGBColor| -> Result<(), String> {
        area.draw(&Rectangle::new([(p.0 - r, p.1 - w), (p.0 + r, p.1 + w)], c.filled())).map_err(e)?;
        area.draw(&Rectangle::new([(p.0 - w, p.1 - r), (p.0 + w, p.1 + r)], c.filled())).map_err(e)
    };
    match kind {
        PlaceKind::Seat => {
            area.draw(&Circle::new(p, r + 1, HALO.filled())).map_err(e)?;
            area.draw(&Circle::new(p, r, c.filled())).map_err(e)
        }
        PlaceKind::AcuteHospital | PlaceKind::PlannedHospital => {
            cross(r + 1, 3, &HALO)?;
            cross(r, 2, &c)
        }
        PlaceKind::Vardcentral => {
            area.draw(&TriangleMarker::new(p, r + 2, HALO.filled())).map_err(e)?;
            area.draw(&TriangleMarker::new(p, r, c.filled())).map_err(e)
        }
        PlaceKind::Marker => {
            area.draw(&Circle::new(p, r, c.filled())).map_err(e)?;
            area.draw(&Circle::new(p, r, BLACK.stroke_width(1))).map_err(e)
        }
    }
}

/// Text with a white halo, so it reads on any fill.
fn halo_text<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    text: &str,
    at: (i32, i32),
    size: u32,
) -> Result<(), String> {
    for (dx, dy) in
        [(-1, -1), (0, -1), (1, -1), (-1, 0), (1, 0), (-1, 1), (0, 1), (1, 1), (2, 0), (-2, 0), (0, 2), (0, -2)]
    {
        let style = (FAMILY, size).into_font().color(&HALO);
        area.draw(&Text::new(text.to_string(), (at.0 + dx, at.1 + dy), style)).map_err(e)?;
    }
    area.draw(&Text::new(text.to_string(), at, (FAMILY, size).into_font().color(&BLACK))).map_err(e)
}

/// A pixel box (x0, y0, x1, y1).
type PxBox = (i32, i32, i32, i32);

fn overlaps(a: PxBox, b: PxBox) -> bool {
    a.0 < b.2 && b.0 < a.2 && a.1 < b.3 && b.1 < a.3
}

impl Map {
    /// The extent of the cells, borders and places (not lines or stops, which may run far
    /// outside), padded by 2 km.
    fn extent(&self) -> (Xy, Xy) {
        let bbox = |pts: &mut dyn Iterator<Item = Xy>| {
            pts.fold(None, |b: Option<(Xy, Xy)>, p| {
                let (lo, hi) = b.unwrap_or((p, p));
                Some((Xy { x: lo.x.min(p.x), y: lo.y.min(p.y) }, Xy { x: hi.x.max(p.x), y: hi.y.max(p.y) }))
            })
        };
        let county = self
            .cells
            .iter()
            .flat_map(|&(x, y, s, _)| [Xy { x, y }, Xy { x: x + s, y: y + s }])
            .chain(self.borders.iter().flatten().copied())
            .chain(self.places.iter().map(|p| p.at));
        let found = bbox(&mut { county }).or_else(|| {
            bbox(&mut self.lines.iter().flat_map(|l| l.0.iter().copied()).chain(self.stops.iter().copied()))
        });
        let Some((min, max)) = found else {
            return (Xy { x: 0.0, y: 0.0 }, Xy { x: 1000.0, y: 1000.0 });
        };
        (Xy { x: min.x - 2000.0, y: min.y - 2000.0 }, Xy { x: max.x + 2000.0, y: max.y + 2000.0 })
    }

    /// Markers, then labels in order (seats first), each at the first free spot around its
    /// marker, or left out when every spot would cover another label or a marker.
    fn draw_places<DB: DrawingBackend>(
        &self,
        root: &DrawingArea<DB, Shift>,
        to_px: &dyn Fn(Xy) -> (i32, i32),
        bounds: PxBox,
    ) -> Result<(), String> {
        let inside = |p: (i32, i32)| p.0 >= bounds.0 && p.0 <= bounds.2 && p.1 >= bounds.1 && p.1 <= bounds.3;
        let shown: Vec<(&Place, (i32, i32))> =
            self.places.iter().map(|p| (p, to_px(p.at))).filter(|(_, px)| inside(*px)).collect();
        let mut taken: Vec<PxBox> = Vec::new();
        for (p, px) in &shown {
            draw_marker(root, *px, p.kind)?;
            let r = marker_style(p.kind).1 + 2;
            taken.push((px.0 - r, px.1 - r, px.0 + r, px.1 + r));
        }
        let mut order: Vec<&(&Place, (i32, i32))> = shown.iter().filter(|(p, _)| !p.label.is_empty()).collect();
        order.sort_by_key(|(p, _)| p.kind != PlaceKind::Seat);
        for (p, px) in order {
            let font: TextStyle = (FAMILY, LABEL_PX).into();
            let (w, h) = root.estimate_text_size(&p.label, &font).map_err(e)?;
            let (w, h) = (w as i32 + 4, h as i32 + 2);
            let r = marker_style(p.kind).1 + 4;
            let spots = [
                (px.0 + r, px.1 - h / 2),
                (px.0 - r - w, px.1 - h / 2),
                (px.0 - w / 2, px.1 - r - h),
                (px.0 - w / 2, px.1 + r),
                (px.0 + r, px.1 - h - 2),
                (px.0 + r, px.1 + 2),
                (px.0 - r - w, px.1 - h - 2),
                (px.0 - r - w, px.1 + 2),
                (px.0 + r + 12, px.1 - h - 12),
                (px.0 - r - w - 12, px.1 + 12),
                (px.0 - w / 2, px.1 - r - h - 14),
                (px.0 - w / 2, px.1 + r + 14),
            ];
            let fits = |b: PxBox| {
                b.0 >= bounds.0
                    && b.2 <= bounds.2
                    && b.1 >= bounds.1
                    && b.3 <= bounds.3
                    && !taken.iter().any(|t| overlaps(*t, b))
            };
            if let Some(&(x, y)) = spots.iter().find(|&&(x, y)| fits((x, y, x + w, y + h))) {
                halo_text(root, &p.label, (x + 2, y + 1), LABEL_PX)?;
                taken.push((x, y, x + w, y + h));
            }
        }
        Ok(())
    }

    /// The legend panel: classes, places, lines, then scale bar, north arrow and attribution.
    fn draw_legend<DB: DrawingBackend>(
        &self,
        legend: &DrawingArea<DB, Shift>,
        metres_per_px: f64,
    ) -> Result<(), String> {
        let (_, lh) = legend.dim_in_pixel();
        let mut y = 20;
        if !self.legend_title.is_empty() {
            legend.draw(&Text::new(self.legend_title.clone(), (10, y), (FAMILY, 15))).map_err(e)?;
            y += 26;
        }
        for (label, color) in &self.classes {
            legend.draw(&Rectangle::new([(10, y), (30, y + 15)], color.filled())).map_err(e)?;
            legend
                .draw(&Rectangle::new([(10, y), (30, y + 15)], RGBColor(120, 120, 120).stroke_width(1)))
                .map_err(e)?;
            legend.draw(&Text::new(label.clone(), (38, y + 1), (FAMILY, 14))).map_err(e)?;
            y += 23;
        }
        y += 8;
        for (label, kind) in &self.place_legend {
            draw_marker(legend, (20, y + 7), *kind)?;
            legend.draw(&Text::new(label.clone(), (38, y + 1), (FAMILY, 14))).map_err(e)?;
            y += 23;
        }
        for (label, color, w) in &self.line_legend {
            legend.draw(&PathElement::new(vec![(10, y + 8), (30, y + 8)], color.stroke_width(*w))).map_err(e)?;
            legend.draw(&Text::new(label.clone(), (38, y + 1), (FAMILY, 14))).map_err(e)?;
            y += 23;
        }
        if !self.borders.is_empty() {
            legend.draw(&PathElement::new(vec![(10, y + 8), (30, y + 8)], HALO.stroke_width(4))).map_err(e)?;
            legend.draw(&PathElement::new(vec![(10, y + 8), (30, y + 8)], BORDER.stroke_width(2))).map_err(e)?;
            legend.draw(&Text::new(self.border_label.clone(), (38, y + 1), (FAMILY, 14))).map_err(e)?;
        }
        // Scale bar: a round length of at most 150 px, and a north arrow, at the foot.
        let base = lh as i32 - 60;
        let len_m =
            [1e3, 2e3, 5e3, 10e3, 20e3, 50e3, 100e3, 200e3].into_iter().rev().find(|&l| l / metres_per_px <= 150.0);
        if let Some(len_m) = len_m {
            let px = (len_m / metres_per_px).round() as i32;
            legend.draw(&Rectangle::new([(10, base - 3), (10 + px, base + 3)], BLACK.filled())).map_err(e)?;
            legend.draw(&Rectangle::new([(10 + px / 2, base - 2), (9 + px, base + 2)], WHITE.filled())).map_err(e)?;
            let label = format!("{} {}", (len_m / 1000.0) as u32, self.km);
            legend.draw(&Text::new(label, (10, base - 22), (FAMILY, 13))).map_err(e)?;
            let n = (10 + px + 30, base + 3);
            legend.draw(&PathElement::new(vec![n, (n.0, n.1 - 26)], BLACK.stroke_width(2))).map_err(e)?;
            legend
                .draw(&Polygon::new(vec![(n.0 - 5, n.1 - 20), (n.0, n.1 - 30), (n.0 + 5, n.1 - 20)], BLACK.filled()))
                .map_err(e)?;
            legend.draw(&Text::new("N", (n.0 + 7, n.1 - 30), (FAMILY, 13))).map_err(e)?;
        }
        if !self.attribution.is_empty() {
            let style = (FAMILY, 11).into_font().color(&RGBColor(90, 90, 90));
            legend.draw(&Text::new(self.attribution.clone(), (10, base + 18), style)).map_err(e)?;
        }
        Ok(())
    }
}

const BORDER: RGBColor = RGBColor(60, 60, 60);

impl Drawing for Map {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        root.fill(&WHITE).map_err(e)?;
        let (w, _) = root.dim_in_pixel();
        let titled = root.titled(&self.title, (FAMILY, 20)).map_err(e)?;
        let (map_area, legend) = titled.split_horizontally(w.saturating_sub(LEGEND_W));
        let (mw, mh) = map_area.dim_in_pixel();
        // Keep metres square: widen the shorter side of the extent to the pixel aspect. Lines are
        // clipped to the extent itself, so that none runs off towards places outside the county.
        let (mut min, mut max) = self.extent();
        let (cmin, cmax) = (min, max);
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
        for (pts, color, width) in &self.lines {
            let segs = pts.windows(2).filter_map(|w| clip(w[0], w[1], cmin, cmax));
            chart
                .draw_series(
                    segs.map(|(a, b)| PathElement::new(vec![(a.x, a.y), (b.x, b.y)], color.stroke_width(*width))),
                )
                .map_err(e)?;
        }
        for ring in &self.borders {
            let pts: Vec<(f64, f64)> = ring.iter().map(|p| (p.x, p.y)).collect();
            chart.draw_series(std::iter::once(PathElement::new(pts.clone(), HALO.stroke_width(3)))).map_err(e)?;
            chart.draw_series(std::iter::once(PathElement::new(pts, BORDER.stroke_width(1)))).map_err(e)?;
        }
        let inside = |p: &&Xy| p.x >= cmin.x && p.x <= cmax.x && p.y >= cmin.y && p.y <= cmax.y;
        chart
            .draw_series(
                self.stops.iter().filter(inside).map(|p| Circle::new((p.x, p.y), 1, RGBColor(60, 60, 60).filled())),
            )
            .map_err(e)?;
        let plot = chart.plotting_area();
        let to_px = |p: Xy| plot.map_coordinate(&(p.x, p.y));
        let (a, b) = (to_px(min), to_px(max));
        let bounds = (a.0.min(b.0), a.1.min(b.1), a.0.max(b.0), a.1.max(b.1));
        self.draw_places(root, &to_px, bounds)?;
        self.draw_legend(&legend, 1.0 / scale)
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

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn lines_are_clipped_and_never_widen_the_map() {
        // A county of one cell at (0, 0)–(1 km, 1 km) and a line running 100 km east.
        let m = Map {
            cells: vec![(0.0, 0.0, 1000.0, 0)],
            lines: vec![(vec![Xy { x: 500.0, y: 500.0 }, Xy { x: 100_000.0, y: 500.0 }], BLACK, 1)],
            ..Default::default()
        };
        let (min, max) = m.extent();
        assert_eq!((min.x, max.x), (-2000.0, 3000.0));
        let (a, b) = clip(Xy { x: 500.0, y: 500.0 }, Xy { x: 100_000.0, y: 500.0 }, min, max).unwrap();
        assert_eq!((a.x, b.x), (500.0, 3000.0));
        // A segment wholly outside is dropped.
        assert!(clip(Xy { x: 5000.0, y: 0.0 }, Xy { x: 9000.0, y: 0.0 }, min, max).is_none());
    }

    #[test]
    fn boxes_overlap_only_when_they_share_area() {
        assert!(overlaps((0, 0, 10, 10), (5, 5, 15, 15)));
        assert!(!overlaps((0, 0, 10, 10), (10, 0, 20, 10)));
    }
}
