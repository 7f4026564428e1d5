//! Charts for the report: cumulative population-versus-travel-time curves and grouped bars. The
//! legend stands in a column of its own to the right of the plot, so it never covers data.

use plotters::coord::Shift;
use plotters::prelude::*;

use super::figure::{Drawing, FAMILY, e};

/// One line of a curve chart.
#[derive(Clone, Debug)]
pub struct Series {
    pub label: String,
    pub color: RGBColor,
    /// (x, y) points, x increasing.
    pub points: Vec<(f64, f64)>,
}

/// Curves on shared axes, e.g. share of population reached (y, %) within x minutes.
#[derive(Clone, Debug)]
pub struct Curves {
    pub title: String,
    pub x_label: String,
    pub y_label: String,
    pub x_max: f64,
    pub y_max: f64,
    pub series: Vec<Series>,
    /// Label y ticks as percentages of `y_max` = 100.
    pub y_percent: bool,
}

/// Width of the legend column, pixels.
const LEGEND_W: u32 = 250;

/// The legend column: one swatch (a line or a box) and label per series, wrapped at 28 characters.
fn legend<DB: DrawingBackend>(
    area: &DrawingArea<DB, Shift>,
    entries: &[(&str, RGBColor)],
    lines: bool,
) -> Result<(), String> {
    let mut y = 60;
    for (label, color) in entries {
        if lines {
            area.draw(&PathElement::new(vec![(8, y + 8), (30, y + 8)], color.stroke_width(3))).map_err(e)?;
        } else {
            area.draw(&Rectangle::new([(10, y + 1), (26, y + 15)], color.filled())).map_err(e)?;
        }
        let parts = wrap(label, 28);
        for (k, part) in parts.iter().enumerate() {
            area.draw(&Text::new(part.clone(), (38, y + 1 + 17 * k as i32), (FAMILY, 14))).map_err(e)?;
        }
        y += 17 * parts.len().max(1) as i32 + 10;
    }
    Ok(())
}

/// Words of `s` in lines of at most `width` characters (a longer word stands alone).
fn wrap(s: &str, width: usize) -> Vec<String> {
    let mut out: Vec<String> = Vec::new();
    for w in s.split_whitespace() {
        match out.last_mut() {
            Some(line) if line.chars().count() + 1 + w.chars().count() <= width => {
                line.push(' ');
                line.push_str(w);
            }
            _ => out.push(w.to_string()),
        }
    }
    out
}

impl Drawing for Curves {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        root.fill(&WHITE).map_err(e)?;
        let (w, _) = root.dim_in_pixel();
        let (plot, side) = root.split_horizontally(w.saturating_sub(LEGEND_W));
        let mut chart = ChartBuilder::on(&plot)
            .caption(&self.title, (FAMILY, 20))
            .margin(12)
            .x_label_area_size(40)
            .y_label_area_size(56)
            .build_cartesian_2d(0f64..self.x_max, 0f64..self.y_max)
            .map_err(e)?;
        let pct = self.y_percent;
        chart
            .configure_mesh()
            .x_desc(&self.x_label)
            .y_desc(&self.y_label)
            .label_style((FAMILY, 13))
            .axis_desc_style((FAMILY, 14))
            .light_line_style(RGBColor(235, 235, 235))
            .y_label_formatter(&|v| {
                if pct { format!("{v:.0} %") } else { crate::numfmt::int(v.round().max(0.0) as u64) }
            })
            .x_label_formatter(&|v| format!("{v:.0}"))
            .draw()
            .map_err(e)?;
        for s in &self.series {
            chart.draw_series(LineSeries::new(s.points.iter().copied(), s.color.stroke_width(3))).map_err(e)?;
        }
        let entries: Vec<(&str, RGBColor)> = self.series.iter().map(|s| (s.label.as_str(), s.color)).collect();
        legend(&side, &entries, true)
    }
}

/// Grouped vertical bars: one group per category, one bar per series.
#[derive(Clone, Debug)]
pub struct Bars {
    pub title: String,
    pub y_label: String,
    pub categories: Vec<String>,
    /// (label, colour, one value per category).
    pub series: Vec<(String, RGBColor, Vec<f64>)>,
    pub y_percent: bool,
}

impl Drawing for Bars {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        root.fill(&WHITE).map_err(e)?;
        let (w, _) = root.dim_in_pixel();
        let (plot, side) = root.split_horizontally(w.saturating_sub(LEGEND_W));
        let n = self.categories.len().max(1);
        let k = self.series.len().max(1);
        let y_max = self.series.iter().flat_map(|s| s.2.iter().copied()).fold(0f64, f64::max).max(1.0) * 1.1;
        let mut chart = ChartBuilder::on(&plot)
            .caption(&self.title, (FAMILY, 20))
            .margin(12)
            .x_label_area_size(60)
            .y_label_area_size(56)
            .build_cartesian_2d(0f64..n as f64, 0f64..y_max)
            .map_err(e)?;
        let cats = self.categories.clone();
        let pct = self.y_percent;
        chart
            .configure_mesh()
            .disable_x_mesh()
            .x_labels(n * 2 + 1)
            .x_label_formatter(&|v| {
                let i = v.floor() as usize;
                if (v - i as f64 - 0.5).abs() < 0.01 { cats.get(i).cloned().unwrap_or_default() } else { String::new() }
            })
            .y_desc(&self.y_label)
            .label_style((FAMILY, 12))
            .axis_desc_style((FAMILY, 14))
            .light_line_style(RGBColor(235, 235, 235))
            .y_label_formatter(&|v| {
                if pct { format!("{v:.0} %") } else { crate::numfmt::int(v.round().max(0.0) as u64) }
            })
            .draw()
            .map_err(e)?;
        let w = 0.8 / k as f64;
        for (j, (_, color, values)) in self.series.iter().enumerate() {
            chart
                .draw_series(values.iter().enumerate().map(|(i, &v)| {
                    let x0 = i as f64 + 0.1 + j as f64 * w;
                    Rectangle::new([(x0, 0.0), (x0 + w * 0.95, v)], color.filled())
                }))
                .map_err(e)?;
        }
        let entries: Vec<(&str, RGBColor)> = self.series.iter().map(|s| (s.0.as_str(), s.1)).collect();
        legend(&side, &entries, false)
    }
}
