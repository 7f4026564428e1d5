//! Times of `stop_times.txt` in their common forms, read without allocating: `H:MM:SS` and
//! `HH:MM:SS` (the eight bytes of the latter as one integer), minutes and seconds below 60.
//! Anything else is left to the strict check ([`crate::date::parse_time`]).
//!
//! Within `feed::stop_times` only.

/// `H:MM:SS` or `HH:MM:SS` with minutes and seconds below 60, the common case, without allocating.
#[inline]
pub(super) fn fast_time(b: &[u8]) -> Option<u32> {
    if let Ok(w) = <[u8; 8]>::try_from(b) {
        return time8(u64::from_le_bytes(w));
    }
    let (h, r) = match *b {
        [h1, h2, b':', ref r @ ..] if r.len() == 5 => (digit(h1)? * 10 + digit(h2)?, r),
        [h1, b':', ref r @ ..] if r.len() == 5 => (digit(h1)?, r),
        _ => return None,
    };
    let [m1, m2, b':', s1, s2] = *r else { return None };
    let (m1, m2, s1, s2) = (digit(m1)?, digit(m2)?, digit(s1)?, digit(s2)?);
    (m1 < 6 && s1 < 6).then_some(h * 3600 + (m1 * 10 + m2) * 60 + s1 * 10 + s2)
}

/// `HH:MM:SS` (its eight bytes as one little-endian integer), read all at once: digits where
/// digits belong (high nibble 3, and adding 6 keeps it 3), colons at bytes 2 and 5, minutes and
/// seconds below 60.
#[inline(always)]
fn time8(x: u64) -> Option<u32> {
    const DIGITS: u64 = 0xF0F0_00F0_F000_F0F0;
    const THREES: u64 = 0x3030_0030_3000_3030;
    const SIXES: u64 = 0x0606_0006_0600_0606;
    const COLONS: u64 = 0x0000_FF00_00FF_0000;
    const COLON: u64 = 0x0000_3A00_003A_0000;
    if x & DIGITS != THREES || x.wrapping_add(SIXES) & DIGITS != THREES || x & COLONS != COLON {
        return None;
    }
    // Each pair of digits to its number, in the first byte of the pair (no carries: 9 * 10 + 9).
    let v = x & 0x0F0F_000F_0F00_0F0F;
    let pairs = v * 10 + (v >> 8);
    let (h, m, s) = (pairs & 0xFF, (pairs >> 24) & 0xFF, (pairs >> 48) & 0xFF);
    (m < 60 && s < 60).then_some((h * 3600 + m * 60 + s) as u32)
}

#[inline]
fn digit(c: u8) -> Option<u32> {
    let d = c.wrapping_sub(b'0');
    (d < 10).then_some(d as u32)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn fast_time_takes_only_what_the_strict_check_takes() {
        assert_eq!(fast_time(b"08:10:05"), Some(8 * 3600 + 10 * 60 + 5));
        assert_eq!(fast_time(b"8:10:05"), Some(8 * 3600 + 10 * 60 + 5));
        assert_eq!(fast_time(b"24:00:00"), Some(86_400));
        for bad in [&b"08:60:00"[..], b"08:00:60", b"8:0:00", b"08-00-00", b"0a:00:00", b"080:00:0"] {
            assert_eq!(fast_time(bad), None, "{}", String::from_utf8_lossy(bad));
        }
    }

    /// Every eight bytes of a tricky alphabet (digits, colon, their neighbours in ASCII and
    /// bytes that carry): the whole-word reading agrees with the byte-by-byte one.
    #[test]
    fn eight_byte_times_read_as_byte_by_byte() {
        let slow = |b: &[u8; 8]| -> Option<u32> {
            let [h1, h2, b':', m1, m2, b':', s1, s2] = *b else { return None };
            let (h1, h2, m1, m2, s1, s2) = (digit(h1)?, digit(h2)?, digit(m1)?, digit(m2)?, digit(s1)?, digit(s2)?);
            (m1 < 6 && s1 < 6).then_some((h1 * 10 + h2) * 3600 + (m1 * 10 + m2) * 60 + s1 * 10 + s2)
        };
        let alphabet = [b'0', b'5', b'6', b'9', b':', b'/', b';', b'?', b'*', 0xFA, 0xFF, 0x3F, 0x40, 0x00];
        let mut seed = 7u64;
        let mut taken = 0;
        for k in 0..400_000u64 {
            seed = seed.wrapping_mul(6364136223846793005).wrapping_add(1442695040888963407);
            let mut b = [0u8; 8];
            for (i, c) in b.iter_mut().enumerate() {
                // Mostly the right kind of byte for the place, sometimes any.
                let r = (seed >> (8 * i)) as usize;
                *c = match (i, r % 4, k % 3) {
                    (2 | 5, 0..=2, _) => b':',
                    (_, 0..=2, 0) => b'0' + (r / 4 % 10) as u8,
                    _ => alphabet[r / 4 % alphabet.len()],
                };
            }
            let fast = time8(u64::from_le_bytes(b));
            assert_eq!(fast, slow(&b), "{b:?}");
            taken += usize::from(fast.is_some());
        }
        assert!(taken > 1_000, "{taken}");
    }
}
