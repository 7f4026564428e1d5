//! Cutting CSV text into pieces at line ends, so that pieces can be parsed in parallel.
//!
//! Only "plain" text can be cut blindly: without quotes (a quoted field may hold a line end)
//! and with every CR followed by LF (csv also ends records at a bare CR). In plain text every
//! LF ends a record or a blank line, and a piece that starts after an LF starts a record.
//!
//! Depends on nothing in narhet.

use std::ops::Range;

/// Pieces of about this many bytes; at least one per thread when the text is worth it.
pub(super) const PIECE_BYTES: usize = 4 << 20;

/// Text shorter than this is never cut.
const MIN_CUT: usize = 256 << 10;

/// Can the text be cut at any LF (no quotes, no bare CR)?
pub(super) fn plain(bytes: &[u8]) -> bool {
    memchr::memchr(b'"', bytes).is_none() && memchr::memchr_iter(b'\r', bytes).all(|i| bytes.get(i + 1) == Some(&b'\n'))
}

/// The header of plain text, its first non-blank line: the line number, its text without the
/// line end, and where the records after it start. `None` when the text has no such line.
pub(super) fn header(bytes: &[u8]) -> Option<(u64, &[u8], usize)> {
    let (mut at, mut line_no) = (0usize, 1u64);
    while at < bytes.len() {
        let end = memchr::memchr(b'\n', &bytes[at..]).map_or(bytes.len(), |i| at + i);
        let line = &bytes[at..end];
        let line = line.strip_suffix(b"\r").unwrap_or(line);
        let next = (end + 1).min(bytes.len());
        if !line.is_empty() {
            return Some((line_no, line, next));
        }
        at = next;
        line_no += 1;
    }
    None
}

/// Cuts `text` at LFs into pieces of about `piece_bytes` (at least one per thread when the
/// text is longer than 256 kB); each piece but the last ends with an LF.
pub(super) fn pieces(text: &[u8], piece_bytes: usize) -> Vec<Range<usize>> {
    let threads = if text.len() >= MIN_CUT { rayon::current_num_threads() } else { 1 };
    let n = (text.len() / piece_bytes.max(1)).max(threads).max(1);
    let mut cuts = vec![0usize];
    for k in 1..n {
        let last = cuts.last().copied().unwrap_or(0);
        let target = (text.len() * k / n).max(last);
        let cut = memchr::memchr(b'\n', &text[target..]).map_or(text.len(), |i| target + i + 1);
        if cut > last && cut < text.len() {
            cuts.push(cut);
        }
    }
    cuts.push(text.len());
    cuts.windows(2).map(|w| w[0]..w[1]).collect()
}

/// Is the text UTF-8? Checked in parallel pieces for long text (a cut after an LF is never
/// inside a UTF-8 sequence).
pub(super) fn is_utf8(bytes: &[u8]) -> bool {
    use rayon::prelude::*;
    let utf8 = |b: &[u8]| ascii(b) || std::str::from_utf8(b).is_ok();
    if bytes.len() < MIN_CUT {
        return utf8(bytes);
    }
    pieces(bytes, PIECE_BYTES).into_par_iter().all(|r| utf8(&bytes[r]))
}

/// Is the text ASCII (and so UTF-8)? Blocks of 64 bytes or-ed together, which the compiler
/// turns into vector instructions: several times faster than the UTF-8 check on the bulk of a
/// feed, which is mostly ASCII.
fn ascii(bytes: &[u8]) -> bool {
    let mut blocks = bytes.chunks_exact(64);
    let mut all = 0u8;
    for (k, block) in blocks.by_ref().enumerate() {
        all |= block.iter().fold(0u8, |a, &b| a | b);
        if k % 1024 == 1023 && all >= 0x80 {
            return false;
        }
    }
    all |= blocks.remainder().iter().fold(0u8, |a, &b| a | b);
    all < 0x80
}

/// A 128-bit content hash (xxh3) of the bytes: of blocks of 16 MB in parallel, then of their
/// hashes, so that a long file hashes at the speed of all cores.
pub(super) fn hash(bytes: &[u8]) -> u128 {
    use rayon::prelude::*;
    const BLOCK: usize = 16 << 20;
    if bytes.len() <= BLOCK {
        return xxhash_rust::xxh3::xxh3_128(bytes);
    }
    let blocks: Vec<u128> = bytes.par_chunks(BLOCK).map(xxhash_rust::xxh3::xxh3_128).collect();
    let all: Vec<u8> = blocks.iter().flat_map(|h| h.to_le_bytes()).collect();
    xxhash_rust::xxh3::xxh3_128(&all)
}

/// The number of LFs in the text, counted in parallel pieces.
pub(super) fn count_lf(bytes: &[u8]) -> u64 {
    use rayon::prelude::*;
    let count = |b: &[u8]| b.chunks(1 << 16).map(|c| c.iter().map(|&x| (x == b'\n') as u32).sum::<u32>() as u64).sum();
    if bytes.len() < MIN_CUT {
        return count(bytes);
    }
    let n = bytes.len().div_ceil(PIECE_BYTES);
    (0..n).into_par_iter().map(|k| count(&bytes[k * PIECE_BYTES..((k + 1) * PIECE_BYTES).min(bytes.len())])).sum()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn pieces_cover_the_text_and_end_at_line_ends() {
        let text = b"a,1\nb,2\n\nc,3\r\nd,4";
        for size in 1..text.len() + 2 {
            let p = pieces(text, size);
            assert_eq!(p.first().map(|r| r.start), Some(0));
            assert_eq!(p.last().map(|r| r.end), Some(text.len()));
            for w in p.windows(2) {
                assert_eq!(w[0].end, w[1].start);
                assert_eq!(text[w[0].end - 1], b'\n');
            }
        }
    }

    #[test]
    fn ascii_is_utf8_and_the_rest_is_checked() {
        let mut text = "a,b\n".repeat(100);
        assert!(ascii(text.as_bytes()) && is_utf8(text.as_bytes()));
        text.push('ö');
        assert!(!ascii(text.as_bytes()) && is_utf8(text.as_bytes()));
        let mut bytes = text.into_bytes();
        bytes.push(0xFF);
        assert!(!is_utf8(&bytes));
    }

    #[test]
    fn plain_text_and_header() {
        assert!(plain(b"a,b\r\n1,2\n"));
        assert!(!plain(b"a,b\r1,2\n"));
        assert!(!plain(b"a,\"b\"\n"));
        assert_eq!(header(b"\r\n\na,b\r\n1,2\n"), Some((3, &b"a,b"[..], 8)));
        assert_eq!(header(b"\n\r\n"), None);
    }
}
