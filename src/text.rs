//! Text as people type it: folding names for matching (case and diacritics ignored), slugs for
//! column keys, the short form of a long place name, and "did you mean" suggestions.
//! Depends on nothing else in the crate.

/// Lower case with diacritics folded to ASCII (å ä → a, ö ø → o, é → e, ß → ss, æ → ae, …),
/// punctuation dropped and runs of spaces collapsed.
pub fn fold(s: &str) -> String {
    let mut out = String::with_capacity(s.len());
    let mut space = false;
    for c in s.chars().flat_map(char::to_lowercase) {
        let mapped: &str = match c {
            'à' | 'á' | 'â' | 'ã' | 'ä' | 'å' | 'ā' | 'ą' => "a",
            'æ' => "ae",
            'ç' | 'č' | 'ć' => "c",
            'è' | 'é' | 'ê' | 'ë' | 'ē' | 'ę' | 'ě' => "e",
            'ì' | 'í' | 'î' | 'ï' => "i",
            'ñ' | 'ń' | 'ň' => "n",
            'ò' | 'ó' | 'ô' | 'õ' | 'ö' | 'ø' | 'ő' => "o",
            'ù' | 'ú' | 'û' | 'ü' | 'ű' | 'ů' => "u",
            'ý' | 'ÿ' => "y",
            'ß' => "ss",
            'š' | 'ś' => "s",
            'ž' | 'ź' | 'ż' => "z",
            'ł' => "l",
            'ř' => "r",
            _ => "",
        };
        if !mapped.is_empty() {
            out.push_str(mapped);
            space = false;
        } else if c.is_alphanumeric() {
            out.push(c);
            space = false;
        } else if !space && !out.is_empty() {
            out.push(' ');
            space = true;
        }
    }
    if out.ends_with(' ') {
        out.pop();
    }
    out
}

/// A key for columns and files: folded, runs of anything but ASCII letters and digits as one `_`
/// ("Centrallasarettet Växjö" → `centrallasarettet_vaxjo`).
pub fn slug(s: &str) -> String {
    let f = fold(s);
    let mut out = String::new();
    for c in f.chars() {
        if c.is_ascii_alphanumeric() {
            out.push(c);
        } else if !out.ends_with('_') && !out.is_empty() {
            out.push('_');
        }
    }
    out.trim_end_matches('_').to_string()
}

/// The part of a name before a comma or parenthesis: "Räppe, planerat …" → "Räppe".
pub fn short_name(name: &str) -> &str {
    name.split([',', '(']).next().unwrap_or(name).trim()
}

/// The candidate closest to `bad` by edit distance, if it is close enough to be a typo
/// (at most a third of the longer word, and at least one edit allowed).
pub fn nearest<'a>(bad: &str, candidates: &[&'a str]) -> Option<&'a str> {
    candidates
        .iter()
        .map(|c| (edit_distance(bad, c), *c))
        .filter(|(d, c)| *d <= (bad.chars().count().max(c.chars().count()) / 3).max(1))
        .min()
        .map(|(_, c)| c)
}

/// Edit distance over chars, counting a swap of two neighbours as one edit (optimal string
/// alignment), so `nmae` is one edit from `name`.
pub fn edit_distance(a: &str, b: &str) -> usize {
    let a: Vec<char> = a.chars().collect();
    let b: Vec<char> = b.chars().collect();
    let w = b.len() + 1;
    let mut d = vec![0usize; (a.len() + 1) * w];
    for i in 0..=a.len() {
        d[i * w] = i;
    }
    for (j, v) in d.iter_mut().enumerate().take(w) {
        *v = j;
    }
    for i in 1..=a.len() {
        for j in 1..=b.len() {
            let cost = usize::from(a[i - 1] != b[j - 1]);
            let mut v = (d[(i - 1) * w + j - 1] + cost).min(d[(i - 1) * w + j] + 1).min(d[i * w + j - 1] + 1);
            if i > 1 && j > 1 && a[i - 1] == b[j - 2] && a[i - 2] == b[j - 1] {
                v = v.min(d[(i - 2) * w + j - 2] + 1);
            }
            d[i * w + j] = v;
        }
    }
    d[a.len() * w + b.len()]
}

/// " — did you mean `x`?" when a candidate is close to `bad`, else "".
pub fn suggest(bad: &str, candidates: &[&str]) -> String {
    nearest(bad, candidates).map_or(String::new(), |b| format!(" — did you mean `{b}`?"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn folding_ignores_case_diacritics_and_punctuation() {
        assert_eq!(fold("Växjö  Resecentrum"), "vaxjo resecentrum");
        assert_eq!(fold("Ålshult, Æbleø!"), "alshult aebleo");
        assert_eq!(fold("  "), "");
    }

    #[test]
    fn slugs_and_short_names() {
        assert_eq!(slug("Centrallasarettet Växjö (CLV)"), "centrallasarettet_vaxjo_clv");
        assert_eq!(short_name("Räppe, planerat akutsjukhus (stoppat 2023)"), "Räppe");
        assert_eq!(short_name("Ljungby"), "Ljungby");
    }

    #[test]
    fn distances() {
        assert_eq!(edit_distance("kitten", "sitting"), 3); // k→s, e→i, +g
        assert_eq!(edit_distance("nmae", "name"), 1); // one swap
        assert_eq!(nearest("nmae", &["name", "lat"]), Some("name"));
        assert_eq!(nearest("zzzzzz", &["name", "lat"]), None);
        assert_eq!(suggest("vxo-44", &["vxo-4", "ljb-1"]), " — did you mean `vxo-4`?");
    }
}
