//! Strict reading shared by the region file, the population grid and the line definitions:
//! their one error type ([`FileError`]: file, line, key, message), and TOML parsed with serde
//! (`deny_unknown_fields` on every table) with toml's error turned into file + line + key and a
//! "did you mean" suggestion for a misspelt key.

use std::fmt;

use serde::de::DeserializeOwned;

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
    /// The key toml complained about (unknown or missing), when it names one.
    pub key: Option<String>,
    /// toml's message, plus a suggestion when a key looks misspelt.
    pub message: String,
}

/// Parses `text` into `T`, mapping toml's error to a [`TomlProblem`].
pub fn from_str<T: DeserializeOwned>(text: &str) -> Result<T, TomlProblem> {
    toml::from_str(text).map_err(|e| problem(text, &e))
}

fn problem(text: &str, e: &toml::de::Error) -> TomlProblem {
    let line = e.span().map(|s| text[..s.start.min(text.len())].matches('\n').count() as u64 + 1);
    let msg = e.message().trim().to_string();
    let mut key = None;
    let mut message = msg.clone();
    if let Some(rest) = msg.strip_prefix("unknown field `") {
        if let Some((bad, tail)) = rest.split_once('`') {
            key = Some(bad.to_string());
            let expected: Vec<&str> = tail.split('`').skip(1).step_by(2).collect();
            if let Some(best) = crate::text::nearest(bad, &expected) {
                message = format!("{msg} — did you mean `{best}`?");
            }
        }
    } else if let Some(rest) = msg.strip_prefix("missing field `") {
        key = rest.split('`').next().map(str::to_string);
    }
    TomlProblem { line, key, message }
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
}
