//! Strict reading shared by the region file, the population grid, the line definitions and the
//! scenario files: their one error type ([`FileError`]: file, line, key, message), and TOML
//! parsed with serde (`deny_unknown_fields` on every table) into a [`Doc`] that keeps toml's
//! spans, so every error — serde's own or a range check after loading — names the line of the
//! value at fault, its key path, and for a misspelt key or word the nearest valid one.
//!
//! Depends on `text` (suggestions) only.

use std::fmt;
use std::ops::Range;

use serde::de::DeserializeOwned;
use toml::Spanned;
use toml::de::{DeTable, DeValue};

/// A problem in a configuration file (region file, population grid, line definitions): the
/// file, the 1-based line and the key (or column) when known, and what is wrong.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub struct FileError {
    pub file: String,
    pub line: Option<u64>,
    /// The key path (TOML) or column (CSV) at fault, when known.
    pub key: Option<String>,
    pub message: String,
}

impl FileError {
    /// A problem at `key` of `file`, line unknown.
    pub(crate) fn at(file: &str, key: impl Into<String>, message: impl Into<String>) -> Self {
        FileError { file: file.to_string(), line: None, key: Some(key.into()), message: message.into() }
    }
}

impl fmt::Display for FileError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}", self.file)?;
        if let Some(l) = self.line {
            write!(f, ", line {l}")?;
        }
        if let Some(k) = &self.key {
            write!(f, ", key '{k}'")?;
        }
        write!(f, ": {}", self.message)
    }
}

/// Where and why a TOML document was refused.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct TomlProblem {
    /// 1-based line of the offending key or value, when toml reports a position.
    pub line: Option<u64>,
    /// The key toml complained about: the unknown key's own name, or the key path of a value of
    /// the wrong type or an unknown word (`coverage.direction_relative_to`), when known.
    pub key: Option<String>,
    /// toml's message, reworded where it speaks Rust (`expected u32`), plus a suggestion when a
    /// key or word looks misspelt.
    pub message: String,
}

/// Parses `text` into `T`, mapping toml's error to a [`TomlProblem`].
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, TomlProblem> {
    Doc::parse(text)?.deserialize()
}

/// A TOML document parsed with the byte span of every value: it deserializes into typed
/// settings, and answers "on which line is `town[3].lat`?" for checks made after loading.
///
/// Key paths are dotted names with `[i]` for the i-th element of an array (or array of
/// tables): `coverage.basic_max_distance_m`, `town[3].lat`, `extent[2]`.
pub struct Doc<'a> {
    text: &'a str,
    /// The whole document, a table.
    root: Spanned<DeValue<'a>>,
}

impl<'a> Doc<'a> {
    /// Parses TOML text (syntax only; nothing is typed yet).
    pub fn parse(text: &'a str) -> Result<Doc<'a>, TomlProblem> {
        let root = DeTable::parse(text).map_err(|e| TomlProblem {
            line: e.span().map(|s| line_at(text, s.start)),
            key: None,
            message: e.message().trim().to_string(),
        })?;
        let root = Spanned::new(root.span(), DeValue::Table(root.into_inner()));
        Ok(Doc { text, root })
    }

    /// The document as `T`; serde's errors get the line, the key path and readable words.
    pub fn deserialize<T: DeserializeOwned>(&self) -> Result<T, TomlProblem> {
        let table = match self.root.get_ref() {
            DeValue::Table(t) => t.clone(),
            _ => DeTable::new(),
        };
        T::deserialize(toml::de::Deserializer::from(Spanned::new(self.root.span(), table)))
            .map_err(|e| self.problem(&e))
    }

    /// 1-based line of the value at `path`; for a path that is absent, the line of its nearest
    /// present parent (the table a missing key belongs in). `None` for an empty path.
    pub fn line(&self, path: &str) -> Option<u64> {
        let mut span = None;
        let mut at = Some(&self.root);
        for seg in segments(path) {
            let Some(v) = at else { break };
            let next = match seg {
                Seg::Key(k) => v.get_ref().get(k),
                Seg::Index(i) => v.get_ref().get(i),
                Seg::Any => None,
            };
            if let Some(n) = next {
                span = Some(n.span());
            }
            at = next;
        }
        span.map(|s| line_at(self.text, s.start))
    }

    /// The concrete key paths matching `pattern`, where `[]` stands for every element of an
    /// array: `goals.municipality[].max_minutes_seat_to_core` → `goals.municipality[2].…`.
    pub fn find(&self, pattern: &str) -> Vec<String> {
        let mut out = Vec::new();
        let segs: Vec<Seg> = segments(pattern).collect();
        find_in(&self.root, &segs, String::new(), &mut out);
        out
    }

    /// The key path of the smallest value whose span holds byte `at`.
    fn key_at(&self, at: usize) -> Option<String> {
        let mut best: Option<(usize, String)> = None;
        smallest_holding(&self.root, at, String::new(), &mut best);
        best.map(|(_, k)| k).filter(|k| !k.is_empty())
    }

    fn problem(&self, e: &toml::de::Error) -> TomlProblem {
        let span = e.span();
        let line = span.as_ref().map(|s| line_at(self.text, s.start));
        let at = span.as_ref().and_then(|s: &Range<usize>| self.key_at(s.start));
        let msg = e.message().trim().to_string();
        let join = |parent: Option<String>, key: &str| match parent {
            Some(p) => format!("{p}.{key}"),
            None => key.to_string(),
        };
        if let Some(rest) = msg.strip_prefix("unknown field `")
            && let Some((bad, tail)) = rest.split_once('`')
        {
            let expected: Vec<&str> = tail.split('`').skip(1).step_by(2).collect();
            let message = match crate::text::nearest(bad, &expected) {
                Some(best) => format!("{msg} — did you mean `{best}`?"),
                None => msg.clone(),
            };
            return TomlProblem { line, key: Some(bad.to_string()), message };
        }
        if let Some(rest) = msg.strip_prefix("missing field `") {
            let field = rest.split('`').next().unwrap_or_default();
            return TomlProblem { line, key: Some(join(at, field)), message: msg };
        }
        if let Some(rest) = msg.strip_prefix("unknown variant `")
            && let Some((bad, tail)) = rest.split_once('`')
        {
            let accepted: Vec<&str> = tail.split('`').skip(1).step_by(2).collect();
            let list = accepted.iter().map(|w| format!("\"{w}\"")).collect::<Vec<_>>().join(", ");
            let mut message = format!("\"{bad}\" is not an accepted value; accepted: {list}");
            if let Some(best) = crate::text::nearest(bad, &accepted) {
                message.push_str(&format!(" — did you mean \"{best}\"?"));
            }
            return TomlProblem { line, key: at, message };
        }
        TomlProblem { line, key: at, message: reword(&msg) }
    }
}

/// serde's Rust type names in words a planner reads.
fn reword(msg: &str) -> String {
    const WORDS: [(&str, &str); 7] = [
        ("expected u16", "expected a whole number from 0 to 65535"),
        ("expected u32", "expected a whole number from 0 to 4294967295"),
        ("expected u64", "expected a whole number ≥ 0"),
        ("expected i32", "expected a whole number"),
        ("expected i64", "expected a whole number"),
        ("expected f64", "expected a number"),
        ("expected f32", "expected a number"),
    ];
    let mut out = msg.to_string();
    for (rust, words) in WORDS {
        if let Some(head) = out.strip_suffix(rust) {
            out = format!("{head}{words}");
        }
    }
    out
}

/// 1-based line of byte `at` (counting bytes, so any offset is safe).
fn line_at(text: &str, at: usize) -> u64 {
    let end = at.min(text.len());
    text.as_bytes()[..end].iter().filter(|&&b| b == b'\n').count() as u64 + 1
}

enum Seg<'p> {
    Key(&'p str),
    Index(usize),
    /// `[]`: every element.
    Any,
}

/// `a.b[3][]` → `a`, `b`, 3, any.
fn segments(path: &str) -> impl Iterator<Item = Seg<'_>> {
    path.split('.').filter(|p| !p.is_empty()).flat_map(|part| {
        let (name, rest) = part.split_once('[').map_or((part, ""), |(n, r)| (n, r));
        let name = (!name.is_empty()).then_some(Seg::Key(name));
        let idx = rest.split('[').filter(|s| !s.is_empty()).map(|s| {
            let s = s.trim_end_matches(']');
            if s.is_empty() { Seg::Any } else { s.parse().map_or(Seg::Any, Seg::Index) }
        });
        name.into_iter().chain(idx.collect::<Vec<_>>())
    })
}

fn find_in(v: &Spanned<DeValue<'_>>, segs: &[Seg], path: String, out: &mut Vec<String>) {
    let Some((seg, rest)) = segs.split_first() else {
        out.push(path);
        return;
    };
    match (seg, v.get_ref()) {
        (Seg::Key(k), DeValue::Table(_)) => {
            if let Some(n) = v.get_ref().get(*k) {
                let p = if path.is_empty() { k.to_string() } else { format!("{path}.{k}") };
                find_in(n, rest, p, out);
            }
        }
        (Seg::Index(i), DeValue::Array(a)) => {
            if let Some(n) = a.get(*i) {
                find_in(n, rest, format!("{path}[{i}]"), out);
            }
        }
        (Seg::Any, DeValue::Array(a)) => {
            for (i, n) in a.iter().enumerate() {
                find_in(n, rest, format!("{path}[{i}]"), out);
            }
        }
        _ => {}
    }
}

fn smallest_holding(v: &Spanned<DeValue<'_>>, at: usize, path: String, best: &mut Option<(usize, String)>) {
    let s = v.span();
    // A table's span may cover only its header, so look inside every table and array.
    if s.start <= at && at < s.end.max(s.start + 1) && best.as_ref().is_none_or(|(len, _)| s.len() <= *len) {
        *best = Some((s.len(), path.clone()));
    }
    match v.get_ref() {
        DeValue::Table(t) => {
            for (k, n) in t.iter() {
                let p = if path.is_empty() { k.get_ref().to_string() } else { format!("{path}.{}", k.get_ref()) };
                smallest_holding(n, at, p, best);
            }
        }
        DeValue::Array(a) => {
            for (i, n) in a.iter().enumerate() {
                smallest_holding(n, at, format!("{path}[{i}]"), best);
            }
        }
        _ => {}
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct T {
        speed_kmh: f64,
        name: String,
    }

    #[test]
    fn typo_gets_line_and_suggestion() {
        let text = "name = \"x\"\nspeed_kph = 5.0\n";
        let p = from_str::<T>(text).unwrap_err();
        // The bad key sits on line 2; `speed_kph` is 2 edits from `speed_kmh`.
        assert_eq!(p.line, Some(2));
        assert_eq!(p.key.as_deref(), Some("speed_kph"));
        assert!(p.message.contains("did you mean `speed_kmh`"), "{}", p.message);
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(rename_all = "snake_case")]
    enum Side {
        Left,
        Right,
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Row {
        side: Option<Side>,
        count: Option<u32>,
    }

    #[derive(serde::Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Rows {
        row: Vec<Row>,
    }

    #[test]
    fn unknown_word_names_key_path_line_and_the_accepted_words() {
        let text = "[[row]]\nside = \"left\"\n\n[[row]]\nside = \"rigth\"\n";
        let p = from_str::<Rows>(text).unwrap_err();
        // The second row's `side` is on line 5.
        assert_eq!((p.line, p.key.as_deref()), (Some(5), Some("row[1].side")));
        assert_eq!(
            p.message,
            "\"rigth\" is not an accepted value; accepted: \"left\", \"right\" — did you mean \"right\"?"
        );
    }

    #[test]
    fn wrong_type_speaks_words_not_rust() {
        let text = "[[row]]\ncount = -2\n";
        let p = from_str::<Rows>(text).unwrap_err();
        assert_eq!((p.line, p.key.as_deref()), (Some(2), Some("row[0].count")));
        assert_eq!(p.message, "invalid value: integer `-2`, expected a whole number from 0 to 4294967295");
    }

    #[test]
    fn line_of_a_key_path_is_the_line_of_its_own_value() {
        // `lat` appears first in a comment and in the first table: the second town's `lat` is
        // on line 7, not where the word first occurs.
        let text = "# lat and lon\n[[town]]\nlat = 1\n\n[[town]]\nname = \"b\"\nlat = 2\n[walk]\nx = [1,\n 2]\n";
        let d = Doc::parse(text).unwrap();
        assert_eq!(d.line("town[1].lat"), Some(7));
        assert_eq!(d.line("town[0].lat"), Some(3));
        // Absent key: the line of the table it would belong in.
        assert_eq!(d.line("town[1].lon"), Some(5));
        assert_eq!(d.line("walk.x[1]"), Some(10));
        assert_eq!(d.find("town[].lat"), vec!["town[0].lat".to_string(), "town[1].lat".to_string()]);
        assert!(d.find("walk.y").is_empty());
    }
}
