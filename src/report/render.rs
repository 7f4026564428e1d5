//! Rendering the report's blocks: one self-contained HTML file (figures as inline SVG) and a
//! Markdown file (figures as links to their PNG copies).

use super::content::{Block, sections};
use super::figures::Named;
use super::html::{Cell, Doc};
use super::text::L;

/// The HTML report.
pub fn html(l: &L, title: &str, cover: &[String], blocks: &[Block], figures: &[Named]) -> String {
    html_toc(l, (title, cover), &sections(l), blocks, figures)
}

/// An HTML document of blocks with its own table of contents (the report's, or compare's).
pub fn html_toc(
    l: &L,
    (title, cover): (&str, &[String]),
    toc: &[(String, String)],
    blocks: &[Block],
    figures: &[Named],
) -> String {
    let mut doc = Doc::new(title, l.code());
    doc.cover(cover);
    doc.toc(l.t("Innehåll", "Contents"), toc);
    for b in blocks {
        match b {
            Block::H2(id, t) => doc.h2(id, t),
            Block::H3(t) => doc.h3(t),
            Block::H4(t) => doc.h4(t),
            Block::P(t) => doc.p(t),
            Block::Note(t) => doc.note(t),
            Block::List(items) => doc.list(items),
            Block::Kpis(k) => doc.kpis(k),
            Block::Table(h, rows) => doc.table(h, rows),
            Block::Figure(name) => {
                if let Some(f) = figures.iter().find(|f| &f.name == name) {
                    doc.figure(
                        &f.figure.svg,
                        &format!("{} ({}figures/{}.png)", f.caption, l.t("även som ", "also as "), f.name),
                    );
                }
            }
        }
    }
    doc.finish()
}

fn md_cell(c: &Cell) -> String {
    let t = match c {
        Cell::Text(t) | Cell::Num(t) => t.clone(),
        Cell::Status(ok, t) => format!("{}{t}", if *ok { "✔ " } else { "✘ " }),
        Cell::Empty => String::new(),
    };
    t.replace('|', "\\|").replace('\n', " ")
}

/// The Markdown report.
pub fn markdown(title: &str, cover: &[String], blocks: &[Block], figures: &[Named]) -> String {
    let mut o = format!("# {title}\n\n");
    for c in cover {
        o += &format!("{c}  \n");
    }
    o += "\n";
    for b in blocks {
        match b {
            Block::H2(_, t) => o += &format!("## {t}\n\n"),
            Block::H3(t) => o += &format!("### {t}\n\n"),
            Block::H4(t) => o += &format!("#### {t}\n\n"),
            Block::P(t) => o += &format!("{t}\n\n"),
            Block::Note(t) => o += &format!("*{t}*\n\n"),
            Block::List(items) => {
                for i in items {
                    o += &format!("- {i}\n");
                }
                o += "\n";
            }
            Block::Kpis(k) => {
                for (v, label) in k {
                    o += &format!("- **{v}** {label}\n");
                }
                o += "\n";
            }
            Block::Table(h, rows) => {
                let numeric: Vec<bool> =
                    (0..h.len()).map(|i| rows.iter().any(|r| matches!(r.get(i), Some(Cell::Num(_))))).collect();
                o += &format!("| {} |\n", h.iter().map(|x| x.replace('|', "\\|")).collect::<Vec<_>>().join(" | "));
                o += &format!(
                    "|{}|\n",
                    numeric.iter().map(|n| if *n { "---:" } else { "---" }).collect::<Vec<_>>().join("|")
                );
                for r in rows {
                    o += &format!("| {} |\n", r.iter().map(md_cell).collect::<Vec<_>>().join(" | "));
                }
                o += "\n";
            }
            Block::Figure(name) => {
                if let Some(f) = figures.iter().find(|f| &f.name == name) {
                    o += &format!("![{}](figures/{}.png)\n\n", f.caption, f.name);
                }
            }
        }
    }
    o
}
