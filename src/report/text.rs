//! The report's language: Swedish by default, English on request. Each text is written in both
//! languages where it is used (`l.t("Sammanfattning", "Summary")`), so they cannot drift apart.

/// The report language.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Lang {
    Sv,
    En,
}

/// Picks texts and formats numbers for a language.
#[derive(Clone, Copy, Debug)]
pub struct L(pub Lang);

impl L {
    pub fn t<'a>(&self, sv: &'a str, en: &'a str) -> &'a str {
        match self.0 {
            Lang::Sv => sv,
            Lang::En => en,
        }
    }

    pub fn code(&self) -> &'static str {
        match self.0 {
            Lang::Sv => "sv",
            Lang::En => "en",
        }
    }

    fn comma(&self) -> bool {
        self.0 == Lang::Sv
    }

    /// A whole number, grouped.
    pub fn int(&self, n: u64) -> String {
        crate::numfmt::int(n)
    }

    /// A decimal with `d` places.
    pub fn dec(&self, x: f64, d: usize) -> String {
        crate::numfmt::dec(x, d, self.comma())
    }

    /// A share as a percentage with one decimal.
    pub fn pct(&self, share: f64) -> String {
        crate::numfmt::pct(share, self.comma())
    }

    /// Minutes with no decimals, or a dash.
    pub fn min(&self, m: Option<f64>) -> String {
        m.map_or("–".into(), |m| format!("{} min", self.dec(m, 0)))
    }

    /// A weekday by its English key in metrics.json ("wednesday").
    pub fn weekday<'a>(&self, key: &'a str) -> &'a str {
        const DAYS: [(&str, &str); 7] = [
            ("monday", "måndag"),
            ("tuesday", "tisdag"),
            ("wednesday", "onsdag"),
            ("thursday", "torsdag"),
            ("friday", "fredag"),
            ("saturday", "lördag"),
            ("sunday", "söndag"),
        ];
        match (self.0, DAYS.iter().find(|d| d.0 == key)) {
            (Lang::Sv, Some(d)) => d.1,
            _ => key,
        }
    }

    /// A count with the singular or plural noun: "1 ändring", "3 ändringar".
    pub fn count(&self, n: u64, one: &str, many: &str) -> String {
        format!("{} {}", self.int(n), if n == 1 { one } else { many })
    }

    /// A travel time in minutes, or "ej nådd inom 120 min" when it is not one (beyond the limit
    /// or no journey): never a number above the limit.
    pub fn travel(&self, m: Option<f64>, limit_min: u32) -> String {
        match m {
            Some(m) if m <= limit_min as f64 => format!("{} min", self.dec(m, 0)),
            _ => format!("{} {limit_min} min", self.t("ej nådd inom", "not reached within")),
        }
    }

    /// A change in minutes with its sign and one decimal ("+6,0 min"), or a dash.
    pub fn signed_min(&self, m: Option<f64>) -> String {
        match m {
            Some(m) => {
                let m = (m * 10.0).round() / 10.0 + 0.0;
                format!("{}{} min", if m > 0.0 { "+" } else { "" }, self.dec(m, 1))
            }
            None => "–".into(),
        }
    }

    pub fn yes_no(&self, b: bool) -> &'static str {
        match (self.0, b) {
            (Lang::Sv, true) => "uppfyllt",
            (Lang::Sv, false) => "ej uppfyllt",
            (Lang::En, true) => "met",
            (Lang::En, false) => "not met",
        }
    }
}
