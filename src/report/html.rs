//! A small builder for the self-contained, printable HTML report: headings, paragraphs, key
//! figures, tables and inline SVG figures, with the styles inlined. No scripts, no external assets.

use std::fmt::Write;

/// Escapes text for HTML element content and attribute values.
pub fn esc(s: &str) -> String {
    let mut o = String::with_capacity(s.len());
    for c in s.chars() {
        match c {
            '&' => o.push_str("&amp;"),
            '<' => o.push_str("&lt;"),
            '>' => o.push_str("&gt;"),
            '"' => o.push_str("&quot;"),
            '\'' => o.push_str("&#39;"),
            c => o.push(c),
        }
    }
    o
}

/// Escapes `s` like [`esc`] and keeps numbers with their groups and units on one line: the
/// space inside "83 163", and before "%", "min" and "km" after a digit, becomes a no-break space.
pub fn text(s: &str) -> String {
    let chars: Vec<char> = s.chars().collect();
    let mut o = String::with_capacity(s.len());
    for (i, &c) in chars.iter().enumerate() {
        let after_digit = i > 0 && chars[i - 1].is_ascii_digit();
        let rest: String = chars[i + 1..].iter().take(3).collect();
        let unit = rest.starts_with('%') || rest.starts_with("min") || rest.starts_with("km");
        let next_digit = chars.get(i + 1).is_some_and(|d| d.is_ascii_digit());
        if c == ' ' && after_digit && (next_digit || unit) {
            o.push_str("&nbsp;");
        } else {
            o.push_str(&esc(c.encode_utf8(&mut [0; 4])));
        }
    }
    o
}

/// How a table cell is aligned and styled.
#[derive(Clone, Debug, PartialEq)]
pub enum Cell {
    Text(String),
    /// Right-aligned, already formatted for people.
    Num(String),
    /// A goal status: met (true) or not met (false), with its label.
    Status(bool, String),
    Empty,
}

const CSS: &str = r#"
:root { --ink:#1d2733; --muted:#5b6775; --line:#d8dee6; --ok:#1a6b34; --bad:#a3241c; --accent:#00558c; }
* { box-sizing: border-box; }
body { font-family: "DejaVu Sans", "Segoe UI", Arial, sans-serif; color: var(--ink); margin: 0; background: #f4f6f8; }
main { max-width: 1080px; margin: 0 auto; background: #fff; padding: 32px 44px 60px; }
header.cover { border-bottom: 4px solid var(--accent); margin-bottom: 24px; padding-bottom: 12px; }
header.cover h1 { font-size: 28px; margin: 0 0 6px; }
header.cover p { margin: 2px 0; color: var(--muted); }
header.cover p.warn { color: #b00020; font-weight: 600; border-left: 4px solid #b00020; padding-left: 8px; }
h2 { font-size: 21px; border-bottom: 1px solid var(--line); padding-bottom: 4px; margin-top: 40px; color: var(--accent); }
h3 { font-size: 16px; margin-top: 24px; page-break-after: avoid; break-after: avoid; }
h4 { font-size: 14px; margin: 16px 0 4px; page-break-after: avoid; break-after: avoid; }
p, li { line-height: 1.45; font-size: 14px; }
.note { color: var(--muted); font-size: 12.5px; }
.kpis { display: grid; grid-template-columns: repeat(auto-fill, minmax(200px, 1fr)); gap: 12px; margin: 16px 0; }
.kpi { border: 1px solid var(--line); border-left: 5px solid var(--accent); padding: 10px 12px; border-radius: 4px; break-inside: avoid; }
.kpi .v { font-size: 24px; font-weight: bold; }
.kpi .l { font-size: 12.5px; color: var(--muted); }
table { border-collapse: collapse; width: 100%; margin: 10px 0 18px; font-size: 12.5px; }
th, td { border-bottom: 1px solid var(--line); padding: 4px 6px; text-align: left; vertical-align: top; overflow-wrap: break-word; }
th { background: #eef2f6; font-weight: bold; vertical-align: bottom; hyphens: auto; overflow-wrap: normal; }
td.n, th.n { text-align: right; font-variant-numeric: tabular-nums; }
td.n { white-space: nowrap; overflow-wrap: normal; }
td.ok { color: var(--ok); font-weight: bold; white-space: nowrap; } td.bad { color: var(--bad); font-weight: bold; white-space: nowrap; }
td.ok::before { content: "✔ "; } td.bad::before { content: "✘ "; }
figure { margin: 14px 0 22px; page-break-inside: avoid; break-inside: avoid; }
figure svg { display: block; max-width: 100%; height: auto; border: 1px solid var(--line); }
figcaption { font-size: 12.5px; color: var(--muted); margin-top: 4px; }
nav.toc ul { columns: 2; font-size: 14px; list-style: none; padding-left: 0; }
nav.toc li { margin: 2px 0; }
.tw { overflow-x: auto; }
@media (max-width: 820px) {
  main { padding: 16px 10px 40px; }
  p, li { font-size: 13px; }
  table { font-size: 11px; }
  th, td { padding: 2px 3px; }
  th { overflow-wrap: anywhere; }
  .kpis { grid-template-columns: repeat(auto-fill, minmax(150px, 1fr)); }
}
@page { size: A4; margin: 14mm 12mm 16mm; }
@media print {
  body { background: #fff; }
  main { padding: 0; max-width: none; }
  h2 { page-break-before: always; break-before: page; }
  h2.first { page-break-before: avoid; break-before: avoid; }
  a { color: inherit; text-decoration: none; }
  p, li { font-size: 10.5pt; }
  table { font-size: 8.5pt; }
  th, td { padding: 2px 4px; }
  thead { display: table-header-group; }
  tr { page-break-inside: avoid; break-inside: avoid; }
  .kpis { grid-template-columns: repeat(4, 1fr); gap: 6px; }
  .kpi .v { font-size: 16pt; }
  .kpi .l, .note, figcaption { font-size: 8.5pt; }
  figure svg { max-height: 235mm; width: auto; margin: 0 auto; }
}
"#;

/// The HTML document being built.
pub struct Doc {
    body: String,
    lang: &'static str,
    title: String,
}

impl Doc {
    pub fn new(title: &str, lang: &'static str) -> Doc {
        Doc { body: String::new(), lang, title: title.to_string() }
    }

    /// The cover block: title and lines of context.
    pub fn cover(&mut self, lines: &[String]) {
        let _ = write!(self.body, "<header class=\"cover\"><h1>{}</h1>", esc(&self.title));
        for l in lines {
            // Warnings about the analysed date are loud.
            let class = if l.starts_with('⚠') { " class=\"warn\"" } else { "" };
            let _ = write!(self.body, "<p{class}>{}</p>", text(l));
        }
        self.body.push_str("</header>\n");
    }

    /// The table of contents; the entries carry their own numbers.
    pub fn toc(&mut self, heading: &str, entries: &[(String, String)]) {
        let _ = write!(self.body, "<nav class=\"toc\"><strong>{}</strong><ul>", esc(heading));
        for (id, text) in entries {
            let _ = write!(self.body, "<li><a href=\"#{}\">{}</a></li>", esc(id), esc(text));
        }
        self.body.push_str("</ul></nav>\n");
    }

    pub fn h2(&mut self, id: &str, text: &str) {
        let class = if self.body.contains("<h2") { "" } else { " class=\"first\"" };
        let _ = writeln!(self.body, "<h2 id=\"{}\"{class}>{}</h2>", esc(id), esc(text));
    }

    pub fn h3(&mut self, text: &str) {
        let _ = writeln!(self.body, "<h3>{}</h3>", esc(text));
    }

    pub fn h4(&mut self, text: &str) {
        let _ = writeln!(self.body, "<h4>{}</h4>", esc(text));
    }

    pub fn p(&mut self, text: &str) {
        let _ = writeln!(self.body, "<p>{}</p>", self::text(text));
    }

    pub fn note(&mut self, text: &str) {
        let _ = writeln!(self.body, "<p class=\"note\">{}</p>", self::text(text));
    }

    pub fn list(&mut self, items: &[String]) {
        self.body.push_str("<ul>");
        for i in items {
            let _ = write!(self.body, "<li>{}</li>", text(i));
        }
        self.body.push_str("</ul>\n");
    }

    /// Key figures: (value, label).
    pub fn kpis(&mut self, items: &[(String, String)]) {
        self.body.push_str("<div class=\"kpis\">");
        for (v, l) in items {
            let _ = write!(
                self.body,
                "<div class=\"kpi\"><div class=\"v\">{}</div><div class=\"l\">{}</div></div>",
                text(v),
                text(l)
            );
        }
        self.body.push_str("</div>\n");
    }

    /// A table; numeric columns are right-aligned.
    pub fn table(&mut self, headers: &[String], rows: &[Vec<Cell>]) {
        // In a scrolling box: on a phone a wide table scrolls instead of widening the page.
        self.body.push_str("<div class=\"tw\"><table><thead><tr>");
        let numeric: Vec<bool> =
            (0..headers.len()).map(|i| rows.iter().any(|r| matches!(r.get(i), Some(Cell::Num(_))))).collect();
        for (h, n) in headers.iter().zip(&numeric) {
            let _ = write!(self.body, "<th{}>{}</th>", if *n { " class=\"n\"" } else { "" }, esc(h));
        }
        self.body.push_str("</tr></thead><tbody>");
        for r in rows {
            self.body.push_str("<tr>");
            for c in r {
                let _ = match c {
                    Cell::Text(t) => write!(self.body, "<td>{}</td>", text(t)),
                    Cell::Num(t) => write!(self.body, "<td class=\"n\">{}</td>", esc(t)),
                    Cell::Status(ok, t) => {
                        write!(self.body, "<td class=\"{}\">{}</td>", if *ok { "ok" } else { "bad" }, text(t))
                    }
                    Cell::Empty => write!(self.body, "<td></td>"),
                };
            }
            self.body.push_str("</tr>");
        }
        self.body.push_str("</tbody></table></div>\n");
    }

    /// An inline SVG figure with a caption.
    pub fn figure(&mut self, svg: &str, caption: &str) {
        let _ = writeln!(self.body, "<figure>{svg}<figcaption>{}</figcaption></figure>", esc(caption));
    }

    pub fn finish(self) -> String {
        format!(
            "<!DOCTYPE html>\n<html lang=\"{}\">\n<head>\n<meta charset=\"utf-8\">\n<meta name=\"viewport\" content=\"width=device-width, initial-scale=1\">\n<title>{}</title>\n<style>{CSS}</style>\n</head>\n<body>\n<main>\n{}</main>\n</body>\n</html>\n",
            self.lang,
            esc(&self.title),
            self.body
        )
    }
}
