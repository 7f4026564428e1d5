//! The report's tables as one Excel workbook (`tables/rapport.xlsx`): a first sheet saying what
//! the workbook holds, then one sheet per table of the report, named after its heading, with the
//! report's own (Swedish or English) column headers. Numbers are written as numbers — counts,
//! shares with a percent format, minutes, kilometres and clock times — read back from the
//! report's formatted cells; everything else (e.g. "> 120 min", "≥ 85,0 %") stays text.
//!
//! The file is the same for the same report: its creation time is fixed.

use rust_xlsxwriter::{DocProperties, ExcelDateTime, Format, Workbook, XlsxError};

use super::content::Block;
use super::html::Cell;
use super::text::{L, Lang};

/// A report cell as Excel should hold it.
#[derive(Clone, Debug, PartialEq)]
pub enum XCell {
    Text(String),
    /// A number with an Excel number format.
    Number(f64, &'static str),
    Empty,
}

/// Reads a number written by the report in language `l` ("83 163", "59,1 %", "44 min",
/// "1,2 km", "06:08"); `None` for anything else.
pub fn number(l: &L, s: &str) -> Option<XCell> {
    let s = s.trim().replace(['\u{a0}', '\u{202f}'], " ");
    if let Some((h, m)) = s.split_once(':')
        && h.len() <= 2
        && m.len() == 2
        && let (Ok(h), Ok(m)) = (h.parse::<u32>(), m.parse::<u32>())
        && m < 60
    {
        return Some(XCell::Number((h * 60 + m) as f64 / 1440.0, "[hh]:mm"));
    }
    let (body, unit) = match s.rsplit_once(' ') {
        Some((b, u @ ("%" | "min" | "km"))) => (b.to_string(), u),
        _ => (s.clone(), ""),
    };
    let body = body.replace(' ', "").replace('−', "-");
    let body = if l.0 == Lang::Sv { body.replace(',', ".") } else { body };
    if body.is_empty() || !body.chars().all(|c| c.is_ascii_digit() || c == '.' || c == '-') {
        return None;
    }
    let x: f64 = body.parse().ok()?;
    let decimals = body.split_once('.').map_or(0, |(_, f)| f.len());
    Some(match (unit, decimals) {
        ("%", 0) => XCell::Number(x / 100.0, "0%"),
        ("%", _) => XCell::Number(x / 100.0, "0.0%"),
        ("min", _) => XCell::Number(x, "0\" min\""),
        ("km", _) => XCell::Number(x, "0.0\" km\""),
        (_, 0) => XCell::Number(x, "# ##0"),
        (_, 1) => XCell::Number(x, "0.0"),
        _ => XCell::Number(x, "0.00"),
    })
}

fn xcell(l: &L, c: &Cell) -> XCell {
    match c {
        Cell::Num(t) => number(l, t).unwrap_or_else(|| XCell::Text(t.clone())),
        Cell::Text(t) | Cell::Status(_, t) => XCell::Text(t.clone()),
        Cell::Empty => XCell::Empty,
    }
}

/// "77 677 (38,2 %)" as its two numbers.
fn pair(l: &L, c: &Cell) -> Option<(XCell, XCell)> {
    let Cell::Num(t) = c else { return None };
    let (a, b) = t.strip_suffix(')')?.split_once(" (")?;
    Some((number(l, a)?, number(l, b)?))
}

/// A table with its cells as Excel holds them; a column whose every number cell is "a (b)"
/// becomes two columns, the second headed "…, andel" ("…, share").
fn typed(l: &L, headers: &[String], rows: &[Vec<Cell>]) -> (Vec<String>, Vec<Vec<XCell>>) {
    let split: Vec<bool> = (0..headers.len())
        .map(|c| {
            let cells: Vec<&Cell> = rows.iter().filter_map(|r| r.get(c)).filter(|x| **x != Cell::Empty).collect();
            !cells.is_empty() && cells.iter().all(|x| pair(l, x).is_some())
        })
        .collect();
    let mut h = Vec::new();
    for (c, name) in headers.iter().enumerate() {
        h.push(name.clone());
        if split[c] {
            h.push(format!("{name}, {}", l.t("andel", "share")));
        }
    }
    let rows = rows
        .iter()
        .map(|r| {
            let mut out = Vec::new();
            for (c, cell) in r.iter().enumerate() {
                match (split.get(c) == Some(&true), pair(l, cell)) {
                    (true, Some((a, b))) => out.extend([a, b]),
                    (true, None) => out.extend([xcell(l, cell), XCell::Empty]),
                    _ => out.push(xcell(l, cell)),
                }
            }
            out
        })
        .collect();
    (h, rows)
}

/// Up to 31 characters of `s` in whole words, without the characters `[]:*?/\\`.
fn short(s: &str) -> String {
    let clean: String = s.chars().map(|c| if "[]:*?/\\".contains(c) { ' ' } else { c }).collect();
    let mut out = String::new();
    for w in clean.split_whitespace() {
        if out.chars().count() + 1 + w.chars().count() > 31 {
            break;
        }
        if !out.is_empty() {
            out.push(' ');
        }
        out.push_str(w);
    }
    if out.is_empty() {
        out = clean.split_whitespace().collect::<Vec<_>>().join(" ").chars().take(31).collect();
    }
    out
}

/// A sheet name Excel accepts, unique in `taken` (case-insensitively, as Excel compares): the
/// heading's part before a colon, else the part after it, else the heading numbered.
fn sheet_name(heading: &str, taken: &mut Vec<String>) -> String {
    let free = |n: &str, taken: &[String]| !n.is_empty() && !taken.iter().any(|t| t.to_lowercase() == n.to_lowercase());
    let (before, after) = heading.split_once(": ").unwrap_or((heading, ""));
    let base = if short(before).is_empty() { "Tabell".to_string() } else { short(before) };
    let mut name = [short(before), short(after)].into_iter().find(|n| free(n, taken)).unwrap_or_else(|| base.clone());
    let mut k = 2;
    while !free(&name, taken) {
        let suffix = format!(" {k}");
        name = format!("{}{suffix}", base.chars().take(31 - suffix.len()).collect::<String>().trim_end());
        k += 1;
    }
    taken.push(name.clone());
    name
}

/// A table with the heading it stands under: (heading, headers, rows).
pub type Titled<'a> = (String, &'a Vec<String>, &'a Vec<Vec<Cell>>);

/// The report's tables with the heading each stands under.
pub fn tables(blocks: &[Block]) -> Vec<Titled<'_>> {
    let (mut h2, mut h3, mut h4) = (String::new(), String::new(), String::new());
    let mut out = Vec::new();
    for b in blocks {
        match b {
            Block::H2(_, t) => {
                h2 = t.clone();
                h3.clear();
                h4.clear();
            }
            Block::H3(t) => {
                h3 = t.clone();
                h4.clear();
            }
            Block::H4(t) => h4 = t.clone(),
            Block::Table(h, rows) => {
                let heading = [&h4, &h3, &h2].into_iter().find(|x| !x.is_empty()).cloned().unwrap_or_default();
                out.push((heading, h, rows));
            }
            _ => {}
        }
    }
    out
}

/// The workbook as bytes: a contents sheet, then one sheet per table.
pub fn workbook(l: &L, title: &str, cover: &[String], blocks: &[Block]) -> Result<Vec<u8>, XlsxError> {
    let mut wb = Workbook::new();
    wb.set_properties(
        &DocProperties::new().set_title(title).set_creation_datetime(&ExcelDateTime::from_ymd(2000, 1, 1)?),
    );
    let bold = Format::new().set_bold();
    let head = Format::new().set_bold().set_text_wrap().set_background_color("EEF2F6");
    let tables = tables(blocks);
    let mut taken = vec![l.t("Innehåll", "Contents").to_string()];
    let names: Vec<String> = tables.iter().map(|(h, _, _)| sheet_name(h, &mut taken)).collect();
    let first = wb.add_worksheet();
    first.set_name(l.t("Innehåll", "Contents"))?;
    first.write_string_with_format(0, 0, title, &bold)?;
    for (i, c) in cover.iter().enumerate() {
        first.write_string(1 + i as u32, 0, c)?;
    }
    let top = cover.len() as u32 + 2;
    first.write_string_with_format(top, 0, l.t("Blad", "Sheet"), &head)?;
    first.write_string_with_format(top, 1, l.t("Tabell i rapporten", "Table in the report"), &head)?;
    for (i, ((heading, _, _), name)) in tables.iter().zip(&names).enumerate() {
        first.write_string(top + 1 + i as u32, 0, name)?;
        first.write_string(top + 1 + i as u32, 1, heading)?;
    }
    first.set_column_width(0, 34)?;
    first.set_column_width(1, 70)?;
    for ((_, headers, rows), name) in tables.iter().zip(&names) {
        let ws = wb.add_worksheet();
        ws.set_name(name)?;
        let (headers, rows) = typed(l, headers, rows);
        for (c, h) in headers.iter().enumerate() {
            ws.write_string_with_format(0, c as u16, h, &head)?;
        }
        for (r, row) in rows.into_iter().enumerate() {
            for (c, cell) in row.into_iter().enumerate() {
                let (r, c) = (r as u32 + 1, c as u16);
                match cell {
                    XCell::Text(t) => {
                        ws.write_string(r, c, t)?;
                    }
                    XCell::Number(x, f) => {
                        ws.write_number_with_format(r, c, x, &Format::new().set_num_format(f))?;
                    }
                    XCell::Empty => {}
                }
            }
        }
        ws.set_freeze_panes(1, 0)?;
        ws.set_autofit_max_width(320);
        ws.autofit();
    }
    wb.save_to_buffer()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn numbers_are_read_back_as_numbers() {
        let sv = L(Lang::Sv);
        assert_eq!(number(&sv, "83 163"), Some(XCell::Number(83163.0, "# ##0")));
        assert_eq!(number(&sv, "59,1 %"), Some(XCell::Number(0.591, "0.0%")));
        assert_eq!(number(&sv, "62 %"), Some(XCell::Number(0.62, "0%")));
        assert_eq!(number(&sv, "44 min"), Some(XCell::Number(44.0, "0\" min\"")));
        assert_eq!(number(&sv, "1,2 km"), Some(XCell::Number(1.2, "0.0\" km\"")));
        assert_eq!(number(&sv, "06:30"), Some(XCell::Number(390.0 / 1440.0, "[hh]:mm")));
        assert_eq!(number(&sv, "−1,5"), Some(XCell::Number(-1.5, "0.0")));
        // English: decimal point; a comma is not a decimal there.
        assert_eq!(number(&L(Lang::En), "59.1 %"), Some(XCell::Number(0.591, "0.0%")));
        // Text stays text.
        for t in ["> 120 min", "≥ 85,0 %", "17,4 % / 8,2 % / 74,4 %", "1b", "–", "Växjö", ""] {
            assert_eq!(number(&sv, t), None, "{t}");
        }
    }

    #[test]
    fn count_and_share_become_two_columns() {
        let l = L(Lang::Sv);
        let rows = vec![
            vec![Cell::Text("Vårdcentral".into()), Cell::Num("77 677 (38,2 %)".into())],
            vec![Cell::Text("Akutsjukhus".into()), Cell::Num("42 612 (21,0 %)".into())],
        ];
        let (h, r) = typed(&l, &["Mål".into(), "30 min".into()], &rows);
        assert_eq!(h, ["Mål", "30 min", "30 min, andel"]);
        assert_eq!(r[1][1..], [XCell::Number(42612.0, "# ##0"), XCell::Number(0.21, "0.0%")]);
    }

    #[test]
    fn sheet_names_are_valid_and_unique() {
        let mut taken = vec!["Innehåll".to_string()];
        assert_eq!(sheet_name("Mål för strategiska noder: 7 av 21 uppfyllda", &mut taken), "Mål för strategiska noder");
        assert_eq!(
            sheet_name("Stärkt tillgänglighet i länet till service", &mut taken),
            "Stärkt tillgänglighet i länet"
        );
        assert_eq!(sheet_name("Uppdrag: glesa miljöer", &mut taken), "Uppdrag");
        assert_eq!(sheet_name("Uppdrag: hållplatser", &mut taken), "hållplatser");
        assert_eq!(sheet_name("Uppdrag: hållplatser", &mut taken), "Uppdrag 2");
        assert_eq!(sheet_name("Per kommun", &mut taken), "Per kommun");
        assert_eq!(sheet_name("Per kommun", &mut taken), "Per kommun 2");
        assert_eq!(sheet_name("innehåll", &mut taken), "innehåll 2");
        assert_eq!(sheet_name("[]", &mut taken), "Tabell");
    }

    #[test]
    fn the_workbook_is_the_same_every_time() {
        let blocks = vec![
            Block::H2("a".into(), "1. Del".into()),
            Block::Table(
                vec!["Kommun".into(), "Andel".into()],
                vec![vec![Cell::Text("Alfa".into()), Cell::Num("59,1 %".into())]],
            ),
        ];
        let l = L(Lang::Sv);
        let a = workbook(&l, "Rapport", &["Rad".into()], &blocks).unwrap();
        let b = workbook(&l, "Rapport", &["Rad".into()], &blocks).unwrap();
        assert!(a.starts_with(b"PK"));
        assert_eq!(a, b);
    }
}
