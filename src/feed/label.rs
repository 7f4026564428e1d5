//! [`Label`]: the string type of the feed's many short texts (trip and stop ids, headsigns,
//! stop names). Up to [`INLINE`] bytes are kept inside the value (no allocation: a 5 M
//! stop_times network has about 850,000 of these, and one allocation each was 30 % of a start
//! from the network cache); a longer text is shared (`Arc<str>`), so equal long texts decoded
//! from one table (headsigns) are one allocation, and cloning never copies.
//!
//! A `Label` reads as a `&str` (`Deref`, `as_str`, `Display`, comparisons with `str` and
//! `String`), so code that reads the feed's fields needs no change; code that builds them
//! writes `.into()`.
//!
//! Depends on nothing in narhet.

use std::borrow::Borrow;
use std::fmt;
use std::hash::{Hash, Hasher};
use std::ops::Deref;
use std::sync::Arc;

/// The longest text kept inline (the value stays 24 bytes, as a `String`).
pub const INLINE: usize = 22;

/// A short, immutable, cheaply cloned string: inline up to [`INLINE`] bytes, else shared.
#[derive(Clone)]
pub struct Label(Repr);

#[derive(Clone)]
enum Repr {
    /// Invariant: `bytes[..len]` is UTF-8 (only [`Label::new`] makes this variant, from a
    /// `&str`) and `len <= INLINE`.
    Inline {
        len: u8,
        bytes: [u8; INLINE],
    },
    Shared(Arc<str>),
}

const _: () = assert!(std::mem::size_of::<Label>() == 24);

impl Label {
    /// The text `s`, inline when it fits.
    pub fn new(s: &str) -> Label {
        if s.len() <= INLINE {
            let mut bytes = [0u8; INLINE];
            bytes[..s.len()].copy_from_slice(s.as_bytes());
            Label(Repr::Inline { len: s.len() as u8, bytes })
        } else {
            Label(Repr::Shared(Arc::from(s)))
        }
    }

    pub fn as_str(&self) -> &str {
        match &self.0 {
            Repr::Inline { len, bytes } => {
                let b = &bytes[..(*len as usize).min(INLINE)];
                // SAFETY: the bytes were copied from a `&str` of exactly `len` bytes (the
                // variant's invariant; it is never made or changed anywhere else).
                unsafe { std::str::from_utf8_unchecked(b) }
            }
            Repr::Shared(s) => s,
        }
    }

    /// Is the text held inline (no allocation)?
    pub fn is_inline(&self) -> bool {
        matches!(self.0, Repr::Inline { .. })
    }
}

impl Default for Label {
    fn default() -> Self {
        Label::new("")
    }
}

impl Deref for Label {
    type Target = str;
    fn deref(&self) -> &str {
        self.as_str()
    }
}

impl AsRef<str> for Label {
    fn as_ref(&self) -> &str {
        self.as_str()
    }
}

impl Borrow<str> for Label {
    fn borrow(&self) -> &str {
        self.as_str()
    }
}

impl Hash for Label {
    fn hash<H: Hasher>(&self, h: &mut H) {
        self.as_str().hash(h)
    }
}

impl PartialEq for Label {
    fn eq(&self, o: &Label) -> bool {
        self.as_str() == o.as_str()
    }
}

impl Eq for Label {}

impl PartialOrd for Label {
    fn partial_cmp(&self, o: &Label) -> Option<std::cmp::Ordering> {
        Some(self.cmp(o))
    }
}

impl Ord for Label {
    fn cmp(&self, o: &Label) -> std::cmp::Ordering {
        self.as_str().cmp(o.as_str())
    }
}

impl PartialEq<str> for Label {
    fn eq(&self, o: &str) -> bool {
        self.as_str() == o
    }
}

impl PartialEq<&str> for Label {
    fn eq(&self, o: &&str) -> bool {
        self.as_str() == *o
    }
}

impl PartialEq<String> for Label {
    fn eq(&self, o: &String) -> bool {
        self.as_str() == o
    }
}

impl PartialEq<Label> for str {
    fn eq(&self, o: &Label) -> bool {
        self == o.as_str()
    }
}

impl PartialEq<Label> for &str {
    fn eq(&self, o: &Label) -> bool {
        *self == o.as_str()
    }
}

impl PartialEq<Label> for String {
    fn eq(&self, o: &Label) -> bool {
        self == o.as_str()
    }
}

impl fmt::Display for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Display::fmt(self.as_str(), f)
    }
}

impl fmt::Debug for Label {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        fmt::Debug::fmt(self.as_str(), f)
    }
}

impl From<&str> for Label {
    fn from(s: &str) -> Label {
        Label::new(s)
    }
}

impl From<&String> for Label {
    fn from(s: &String) -> Label {
        Label::new(s)
    }
}

impl From<String> for Label {
    fn from(s: String) -> Label {
        Label::new(&s)
    }
}

impl From<&Label> for String {
    fn from(s: &Label) -> String {
        s.as_str().to_string()
    }
}

impl From<Label> for String {
    fn from(s: Label) -> String {
        s.as_str().to_string()
    }
}

impl serde::Serialize for Label {
    fn serialize<S: serde::Serializer>(&self, s: S) -> Result<S::Ok, S::Error> {
        s.serialize_str(self.as_str())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_texts_are_inline_long_ones_shared() {
        for s in ["", "a", "Växjö resecentrum", "1401000012345678901234"] {
            let l = Label::new(s);
            // 22 bytes at most inline ("Växjö resecentrum" is 19 bytes: ä and ö take two).
            assert!(l.is_inline(), "{s}");
            assert_eq!(l.as_str(), s);
        }
        let long = "Alvesta station via Moheda och Vislanda";
        let l = Label::new(long);
        assert!(!l.is_inline());
        assert_eq!(&*l, long);
        // A clone shares the text, equal and with the same hash as the str.
        let c = l.clone();
        assert_eq!(c, l);
        assert_eq!(c, long);
        let h = |x: &dyn Fn(&mut std::collections::hash_map::DefaultHasher)| {
            let mut hs = std::collections::hash_map::DefaultHasher::new();
            x(&mut hs);
            hs.finish()
        };
        assert_eq!(h(&|hs| c.hash(hs)), h(&|hs| long.hash(hs)));
    }

    #[test]
    fn reads_as_str_in_maps_and_formatting() {
        let mut m: std::collections::HashMap<Label, u32> = std::collections::HashMap::new();
        m.insert("T1".into(), 1);
        assert_eq!(m.get("T1"), Some(&1));
        assert_eq!(format!("[{}] {:?}", Label::new("Ljungby"), Label::new("x\"y")), "[Ljungby] \"x\\\"y\"");
        assert!(Label::new("a") < Label::new("b"));
        assert_eq!(String::from(Label::new("ö")), "ö");
    }

    #[test]
    fn a_multibyte_text_at_the_inline_limit_stays_whole() {
        // 11 × "ö" = 22 bytes: inline; 23 bytes ("a" + 11 × "ö"): shared.
        let at = "ö".repeat(11);
        assert!(Label::new(&at).is_inline());
        let over = format!("a{at}");
        assert!(!Label::new(&over).is_inline());
        assert_eq!(Label::new(&over).as_str(), over);
    }
}
