//! The report's time-of-day and weekday profile of care reach: a table and a bar chart per care
//! kind (share of the population reaching a vårdcentral within 30 min and an acute hospital within
//! 60 min, per departure window, on the weekday, the Saturday and the Sunday). Presentation only:
//! the numbers come from `analysis::profile`.

use plotters::style::RGBColor;

use super::ReportError;
use super::chart::Bars;
use super::content::Block;
use super::figure::render;
use super::figures::Named;
use super::html::Cell;
use super::text::L;
use crate::analysis::profile::Profile;

/// The day's name in the report.
fn day(l: &L, key: &str) -> String {
    match key {
        "weekday" => l.t("vardag", "weekday"),
        "saturday" => l.t("lördag", "Saturday"),
        "sunday" => l.t("söndag", "Sunday"),
        other => other,
    }
    .to_string()
}

/// The (distinct) days and windows of the profile, in order.
fn axes(p: &Profile) -> (Vec<(String, String)>, Vec<String>) {
    let mut days: Vec<(String, String)> = Vec::new();
    let mut windows: Vec<String> = Vec::new();
    for r in &p.rows {
        if !days.iter().any(|d| d.0 == r.day) {
            days.push((r.day.clone(), r.date.clone()));
        }
        let w = format!("{}–{}", r.window[0], r.window[1]);
        if !windows.contains(&w) {
            windows.push(w);
        }
    }
    (days, windows)
}

/// The two charts: vårdcentral and acute hospital, one bar per day in each window.
pub fn figures(l: &L, p: Option<&Profile>) -> Result<Vec<Named>, ReportError> {
    let Some(p) = p else { return Ok(Vec::new()) };
    let (days, windows) = axes(p);
    let colors = [RGBColor(0, 114, 178), RGBColor(230, 159, 0), RGBColor(204, 121, 167)];
    let mut out = Vec::new();
    for (name, title, pick) in [
        (
            "profil_vardcentral",
            l.t(
                "Vårdcentral inom 30 minuter, per avresefönster och dag",
                "Vårdcentral within 30 minutes, by window and day",
            ),
            0,
        ),
        (
            "profil_akutsjukhus",
            l.t(
                "Akutsjukhus inom 60 minuter, per avresefönster och dag",
                "Acute hospital within 60 minutes, by window and day",
            ),
            1,
        ),
    ] {
        let series = (days.iter().zip(colors.iter().cycle()))
            .map(|((d, date), &c)| {
                let values = (p.rows.iter().filter(|r| &r.day == d))
                    .map(|r| if pick == 0 { r.vardcentral_30 } else { r.acute_hospital_60 }.unwrap_or(0.0) * 100.0)
                    .collect();
                (format!("{} {date}", day(l, d)), c, values)
            })
            .collect();
        let bars = Bars {
            title: title.into(),
            y_label: l.t("andel av befolkningen", "share of population").into(),
            categories: windows.clone(),
            series,
            y_percent: true,
        };
        out.push(Named { name: name.into(), caption: bars.title.clone(), figure: render(900, 420, &bars)? });
    }
    Ok(out)
}

/// The blocks of the subsection (none without a profile).
pub fn blocks(l: &L, p: Option<&Profile>) -> Vec<Block> {
    let Some(p) = p else { return Vec::new() };
    let mut b = vec![Block::H3(l.t("Över dagen och veckan", "Over the day and the week").into())];
    b.push(Block::P(
        l.t(
            "Andel av befolkningen som når vårdcentral inom 30 minuter och akutsjukhus inom 60 minuter (median över varje avresefönster) på analysdagen och på första lördagen och söndagen efter den.",
            "Share of the population reaching a vårdcentral within 30 minutes and an acute hospital within 60 minutes (median over each departure window) on the analysed day and on the first Saturday and Sunday after it.",
        )
        .into(),
    ));
    b.push(Block::Figure("profil_vardcentral".into()));
    b.push(Block::Figure("profil_akutsjukhus".into()));
    let head = vec![
        l.t("dag", "day").to_string(),
        l.t("avresefönster", "departure window").into(),
        l.t("vårdcentral ≤ 30 min", "vårdcentral ≤ 30 min").into(),
        l.t("akutsjukhus ≤ 60 min", "acute hospital ≤ 60 min").into(),
    ];
    let share = |x: Option<f64>| x.map_or(Cell::Empty, |v| Cell::Num(l.pct(v)));
    let rows = (p.rows.iter())
        .map(|r| {
            vec![
                Cell::Text(format!("{} {}", day(l, &r.day), r.date)),
                Cell::Text(format!("{}–{}", r.window[0], r.window[1])),
                share(r.vardcentral_30),
                share(r.acute_hospital_60),
            ]
        })
        .collect();
    b.push(Block::Table(head, rows));
    if !p.days_left_out.is_empty() {
        b.push(Block::Note(format!(
            "{} {}",
            l.t("Utanför tidtabellens giltighetsperiod, utelämnade:", "Outside the feed's service period, left out:"),
            p.days_left_out.join(", ")
        )));
    }
    b
}
