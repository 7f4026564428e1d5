//! Charts for the report: cumulative population-versus-travel-time curves and grouped bars.

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

impl Drawing for Curves {
    fn draw<DB: DrawingBackend>(&self, root: &DrawingArea<DB, Shift>) -> Result<(), String> {
        root.fill(&WHITE).map_err(e)?;
        let mut chart = ChartBuilder::on(root)
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
            let color = s.color;
            chart
                .draw_series(LineSeries::new(s.points.iter().copied(), color.stroke_width(3)))
                .map_err(e)?
                .label(&s.label)
                .legend(move |(x, y)| PathElement::new(vec![(x, y), (x + 18, y)], color.stroke_width(3)));
        }
        chart
            .configure_series_labels()
            .position(SeriesLabelPosition::LowerRight)
            .background_style(WHITE.mix(0.9))
            .border_style(BLACK)
            .label_font((FAMILY, 14))
            .draw()
            .map_err(e)?;
        Ok(())
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
        let n = self.categories.len().max(1);
        let k = self.series.len().max(1);
        let y_max = self.series.iter().flat_map(|s| s.2.iter().copied()).fold(0f64, f64::max).max(1.0) * 1.1;
        let mut chart = ChartBuilder::on(root)
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
        for (j, (label, color, values)) in self.series.iter().enumerate() {
            let color = *color;
            chart
                .draw_series(values.iter().enumerate().map(|(i, &v)| {
                    let x0 = i as f64 + 0.1 + j as f64 * w;
                    Rectangle::new([(x0, 0.0), (x0 + w * 0.95, v)], color.filled())
                }))
                .map_err(e)?
                .label(label)
                .legend(move |(x, y)| Rectangle::new([(x, y - 5), (x + 12, y + 5)], color.filled()));
        }
        if self.series.len() > 1 {
            chart
                .configure_series_labels()
                .position(SeriesLabelPosition::UpperRight)
                .background_style(WHITE.mix(0.9))
                .border_style(BLACK)
                .label_font((FAMILY, 13))
                .draw()
                .map_err(e)?;
        }
        Ok(())
    }
}
