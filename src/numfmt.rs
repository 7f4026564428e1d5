//! Numbers for people: thousands grouped with a space (Swedish and SI style), fixed decimals.

/// `12345` → `"12 345"`.
pub fn int(n: u64) -> String {
    let s = n.to_string();
    let mut out = String::with_capacity(s.len() + s.len() / 3);
    for (i, c) in s.chars().enumerate() {
        if i > 0 && (s.len() - i).is_multiple_of(3) {
            out.push(' ');
        }
        out.push(c);
    }
    out
}

/// A signed integer, grouped: `-1234` → `"−1 234"` (true minus sign).
pub fn signed(n: i64) -> String {
    if n < 0 { format!("−{}", int(n.unsigned_abs())) } else { int(n as u64) }
}

/// A decimal with `d` places and a decimal comma (`sv`) or point (`en`), grouped.
pub fn dec(x: f64, d: usize, comma: bool) -> String {
    if !x.is_finite() {
        return String::new();
    }
    let s = format!("{:.*}", d, x.abs());
    let (whole, frac) = s.split_once('.').unwrap_or((&s, ""));
    let mut out = String::new();
    if x < 0.0 && s.bytes().any(|b| (b'1'..=b'9').contains(&b)) {
        out.push('−');
    }
    out.push_str(&int(whole.parse().unwrap_or(0)));
    if !frac.is_empty() {
        out.push(if comma { ',' } else { '.' });
        out.push_str(frac);
    }
    out
}

/// A share as a percentage with one decimal: `0.1234` → `"12,3 %"` (sv) or `"12.3 %"` (en).
pub fn pct(share: f64, comma: bool) -> String {
    format!("{} %", dec(share * 100.0, 1, comma))
}

#[cfg(test)]
mod tests {
    #[test]
    fn grouping() {
        assert_eq!(super::int(0), "0");
        assert_eq!(super::int(999), "999");
        assert_eq!(super::int(1000), "1 000");
        assert_eq!(super::int(203351), "203 351");
        assert_eq!(super::int(1234567), "1 234 567");
        assert_eq!(super::signed(-1234), "−1 234");
        assert_eq!(super::dec(1234.5, 1, true), "1 234,5");
        assert_eq!(super::dec(-0.04, 1, false), "0.0");
        assert_eq!(super::pct(0.1234, true), "12,3 %");
    }
}
