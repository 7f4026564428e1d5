//! The compare page's restidskvot bands: per destination group, per municipality and for the
//! county, each band's share before → after and the change in people. Presentation only: the
//! numbers come from `analysis::restidskvot_compare`.

use super::compare_page::{group_label, signed};
use super::content::Block;
use super::html::Cell as H;
use super::text::L;
use crate::analysis::compare::CompareData;
use crate::analysis::restidskvot_compare::{AreaBandChange, BandChange};

/// "5,8 % → 7,0 % (+40)": the share before and after and the change in people.
fn cell(l: &L, b: &BandChange) -> H {
    let pct = |x: Option<f64>| x.map_or("–".to_string(), |p| format!("{} %", l.dec(p, 1)));
    H::Num(format!("{} → {} ({})", pct(b.share_before_pct), pct(b.share_after_pct), signed(b.difference as f64, 0, l)))
}

fn row(l: &L, c: &AreaBandChange) -> Vec<H> {
    let name = if c.area == "county" { l.t("Länet", "County").to_string() } else { c.area.clone() };
    let mut r = vec![H::Text(name), H::Num(l.int(c.population))];
    r.extend(c.bands.iter().map(|b| cell(l, b)));
    r
}

/// The tables, one per group, when both sides computed restidskvot.
pub fn blocks(l: &L, d: &CompareData) -> Vec<Block> {
    if d.restidskvot_bands.is_empty() {
        return Vec::new();
    }
    let mut b = vec![
        Block::H4(l.t("Restidskvot i band, före → efter", "Travel time ratio in bands, before → after").into()),
        Block::Note(
            l.t(
                "Andel av invånarna i varje band före → efter, inom parentes förändringen i antal personer. Samma befolkningsrutnät på båda sidor, så personerna flyttar mellan banden. Bilens restid räknas för varje sida (en vårdenhet som öppnar eller stänger ändrar den).",
                "Share of inhabitants in each band before → after, in brackets the change in people. The same population grid on both sides, so people move between the bands. The car time is computed for each side (a care unit opening or closing changes it).",
            )
            .into(),
        ),
    ];
    let head: Vec<String> = [
        l.t("kommun", "municipality"),
        l.t("invånare", "inhabitants"),
        l.t("≤ 1,5", "≤ 1.5"),
        l.t("1,5–2", "1.5–2"),
        "> 2",
        l.t("ingen kollektivtrafik inom gränsen", "no public transport within the limit"),
    ]
    .map(String::from)
    .to_vec();
    let mut groups: Vec<&str> = Vec::new();
    for c in &d.restidskvot_bands {
        if !groups.contains(&c.group.as_str()) {
            groups.push(&c.group);
        }
    }
    for g in groups {
        b.push(Block::P(group_label(l, d, g)));
        let rows = d.restidskvot_bands.iter().filter(|c| c.group == g).map(|c| row(l, c)).collect();
        b.push(Block::Table(head.clone(), rows));
    }
    b
}
