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

/// Cuts `text` at LFs into pieces of about `piece_bytes`, as many as a multiple of the threads
/// when the text is longer than 256 kB (so that the threads get equal shares: five pieces on
/// two threads kept one waiting for a fifth of the time); each piece but the last ends with an LF.
pub(super) fn pieces(text: &[u8], piece_bytes: usize) -> Vec<Range<usize>> {
    let threads = if text.len() >= MIN_CUT { rayon::current_num_threads().max(1) } else { 1 };
    let n = (text.len() / piece_bytes.max(1)).max(1).div_ceil(threads) * threads;
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

/// The records of a plain file without BOM (`cuts`: its pieces as [`survey`] found them, `None`
/// when it is not plain) without blank lines, read in parallel pieces by narhet's own small
/// readers (`trips.txt`, `stops.txt`): `plan` compiles the header (its names trimmed), `record`
/// reads one line (without its line end). Each piece writes its records straight into its part
/// of the result (a record per line). `None` when the text is not plain, not UTF-8, starts with
/// a blank line or holds one, or when `plan` or `record` refuses anything: the caller then reads
/// the file the general way, which gives the records or the error.
pub(super) fn records<'a, P: Sync, T: Send + Sync + Clone + Default>(
    bytes: &'a [u8],
    cuts: Option<&Cuts>,
    plan: impl FnOnce(&[&str]) -> Option<P>,
    record: impl Fn(&P, &'a str) -> Option<T> + Sync,
) -> Option<Vec<T>> {
    use rayon::prelude::*;
    let cuts = cuts?;
    // The header on the first line (a blank line before it is left to the general reading).
    let Some((1, header, at)) = header(bytes) else { return None };
    let header = std::str::from_utf8(header).ok()?;
    let plan = plan(&header.split(',').map(str::trim).collect::<Vec<_>>())?;
    let body = &bytes[at..];
    let (ranges, bounds): (Vec<Range<usize>>, Vec<usize>) = cuts.after(bytes, at).into_iter().unzip();
    let mut out: Vec<T> = Vec::new();
    extend_filled(&mut out, bounds.iter().sum(), T::default());
    let parts = parts(&mut out, &bounds);
    let read = |(r, part): (Range<usize>, &mut [T])| -> Option<()> {
        let text = std::str::from_utf8(&body[r]).ok()?;
        let text = text.strip_suffix('\n').unwrap_or(text);
        if text.is_empty() {
            return Some(());
        }
        // As many lines as `lines` counted, so as many as the part has places.
        for (line, slot) in text.split('\n').zip(part) {
            let line = line.strip_suffix('\r').unwrap_or(line);
            if line.is_empty() {
                return None;
            }
            *slot = record(&plan, line)?;
        }
        Some(())
    };
    ranges.into_par_iter().zip(parts).map(read).collect::<Option<()>>()?;
    Some(out)
}

/// A header's columns by `fields` (name, meaning; other names are `ignored`); `None` when a
/// named field repeats (gtfs-structures refuses the file) or one of `required` is missing.
pub(super) fn columns<C: Copy + PartialEq>(
    names: &[&str],
    fields: &[(&str, C)],
    ignored: C,
    required: &[C],
) -> Option<Vec<C>> {
    let cols: Vec<C> = names.iter().map(|h| fields.iter().find(|(f, _)| f == h).map_or(ignored, |c| c.1)).collect();
    for (i, c) in cols.iter().enumerate() {
        if *c != ignored && names[..i].contains(&names[i]) {
            return None;
        }
    }
    required.iter().all(|r| cols.contains(r)).then_some(cols)
}

/// A blank optional field is none.
pub(super) fn opt(v: &str) -> Option<&str> {
    (!v.is_empty()).then_some(v)
}

/// The comma-separated fields of a line, as `str::split(',')` gives them (a byte loop: fields
/// are short).
pub(super) struct Fields<'a> {
    line: &'a str,
    at: usize,
}

impl<'a> Fields<'a> {
    pub fn new(line: &'a str) -> Self {
        Fields { line, at: 0 }
    }
}

impl<'a> Iterator for Fields<'a> {
    type Item = &'a str;

    #[inline]
    fn next(&mut self) -> Option<&'a str> {
        let b = self.line.as_bytes();
        if self.at > b.len() {
            return None;
        }
        let end = first_of(b, self.at, [b',']);
        // A comma is ASCII: both ends are character boundaries.
        let field = self.line.get(self.at..end);
        self.at = end + 1;
        field
    }
}

/// The first of `these` bytes at or after `p`, or the end: eight bytes at a time (a zero byte of
/// `x ^ c` is a `c`; the lowest flag is exact).
#[inline]
pub(super) fn first_of<const N: usize>(b: &[u8], mut p: usize, these: [u8; N]) -> usize {
    const ONES: u64 = 0x0101_0101_0101_0101;
    while let Some(w) = b.get(p..p + 8).and_then(|w| <[u8; 8]>::try_from(w).ok()) {
        let x = u64::from_le_bytes(w);
        let m = these.iter().fold(0, |m, &c| {
            let y = x ^ (ONES * u64::from(c));
            m | (y.wrapping_sub(ONES) & !y)
        }) & (ONES << 7);
        if m != 0 {
            return p + (m.trailing_zeros() / 8) as usize;
        }
        p += 8;
    }
    b.iter().skip(p).position(|c| these.contains(c)).map_or(b.len(), |i| p + i)
}

/// Do the value's ends need no trimming (a visible ASCII character at each, or no value)?
#[inline]
pub(super) fn visible_ends(v: &[u8]) -> bool {
    match (v.first(), v.last()) {
        (Some(&f), Some(&l)) => (0x21..0x7F).contains(&f) && (0x21..0x7F).contains(&l),
        _ => true,
    }
}

/// `str::trim` (Unicode white space), without decoding the common case.
#[inline]
pub(super) fn trim(v: &str) -> &str {
    if visible_ends(v.as_bytes()) { v } else { v.trim() }
}

/// What one pass over a text finds: is it UTF-8, and, when it is [`plain`], its pieces.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Survey {
    pub utf8: bool,
    pub cuts: Option<Cuts>,
}

/// Plain text cut into [`pieces`], with the [`lines`] of each: found by [`survey`] in its one
/// pass over the text, so that the readers that cut it need not read it again to count.
#[derive(Clone, Debug, PartialEq, Eq)]
pub(super) struct Cuts(Vec<Piece>);

/// A piece of text and its lines.
pub(super) type Piece = (Range<usize>, usize);

impl Cuts {
    /// The lines of the whole text.
    pub fn lines(&self) -> usize {
        self.0.iter().map(|(_, n)| n).sum()
    }

    /// The pieces of the text from `at` (a line start), relative to `at`, with their lines:
    /// a piece that starts before `at` loses the lines in front of it.
    pub fn after(&self, text: &[u8], at: usize) -> Vec<Piece> {
        let cut = |(r, n): &Piece| match r.start >= at {
            true => (r.start - at..r.end - at, *n),
            false => (0..r.end - at, n - lf(&text[r.start..at]) as usize),
        };
        self.0.iter().filter(|(r, _)| r.end > at).map(cut).collect()
    }
}

/// Surveys the text, in parallel [`pieces`] (a cut after an LF is never inside a UTF-8
/// sequence, nor between a CR and its LF): the bulk of a feed is read once here, not again to
/// find out whether it can be cut, nor to count its lines.
pub(super) fn survey(bytes: &[u8]) -> Survey {
    survey_in(bytes, PIECE_BYTES)
}

/// [`survey`] with pieces of about `piece_bytes`.
pub(super) fn survey_in(bytes: &[u8], piece_bytes: usize) -> Survey {
    use rayon::prelude::*;
    let one = |r: Range<usize>| {
        let b = &bytes[r.clone()];
        let t = tally(b);
        let utf8 = t.ascii || std::str::from_utf8(b).is_ok();
        (utf8, (!t.marks || plain(b)).then_some((r, lines_of(b, t.lf))))
    };
    let ranges = pieces(bytes, piece_bytes);
    let found: Vec<(bool, Option<Piece>)> = if ranges.len() > 1 {
        ranges.into_par_iter().map(one).collect()
    } else {
        ranges.into_iter().map(one).collect()
    };
    let utf8 = found.iter().all(|f| f.0);
    let cuts: Option<Vec<_>> = found.into_iter().map(|f| f.1).collect();
    Survey { utf8, cuts: cuts.map(Cuts) }
}

/// What [`tally`] finds in a text.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Tally {
    /// ASCII (and so UTF-8).
    ascii: bool,
    /// A quote or a CR.
    marks: bool,
    lf: u64,
}

/// Is the text ASCII, does it hold a quote or a CR, how many LFs: one pass, 16 bytes at a time
/// by vector compares on x86-64 (several times faster than the UTF-8 check on the bulk of a
/// feed, which is mostly ASCII), the same sums byte by byte elsewhere.
fn tally(bytes: &[u8]) -> Tally {
    #[cfg(target_arch = "x86_64")]
    // SAFETY: SSE2 is part of every x86-64 processor (the target's baseline), which is all
    // that `tally_sse2` asks of the one running it.
    return unsafe { tally_sse2(bytes) };
    #[cfg(not(target_arch = "x86_64"))]
    tally_bytes(bytes, Tally { ascii: true, marks: false, lf: 0 })
}

/// [`tally`] byte by byte, on from `t`.
fn tally_bytes(bytes: &[u8], t: Tally) -> Tally {
    bytes.iter().fold(t, |t, &b| Tally {
        ascii: t.ascii && b < 0x80,
        marks: t.marks || b == b'"' || b == b'\r',
        lf: t.lf + u64::from(b == b'\n'),
    })
}

/// [`tally`] by SSE2 compares: the bytes or-ed together (high bit: not ASCII), quotes and CRs
/// or-ed, LFs counted per byte lane for up to 255 steps, then summed.
#[cfg(target_arch = "x86_64")]
#[target_feature(enable = "sse2")]
fn tally_sse2(bytes: &[u8]) -> Tally {
    use std::arch::x86_64::{
        _mm_cmpeq_epi8, _mm_cvtsi128_si64, _mm_loadu_si128, _mm_movemask_epi8, _mm_or_si128, _mm_sad_epu8,
        _mm_set1_epi8, _mm_setzero_si128, _mm_srli_si128, _mm_sub_epi8,
    };
    let (quote, cr, lf) = (_mm_set1_epi8(b'"' as i8), _mm_set1_epi8(b'\r' as i8), _mm_set1_epi8(b'\n' as i8));
    let zero = _mm_setzero_si128();
    let (mut all, mut marks, mut lfs) = (zero, zero, 0u64);
    let mut blocks = bytes.chunks_exact(16 * 255);
    let mut step = |block: &[u8]| {
        let mut counts = zero;
        for chunk in block.chunks_exact(16) {
            // SAFETY: an unaligned load of the 16 bytes of `chunk`.
            let v = unsafe { _mm_loadu_si128(chunk.as_ptr().cast()) };
            all = _mm_or_si128(all, v);
            marks = _mm_or_si128(marks, _mm_or_si128(_mm_cmpeq_epi8(v, quote), _mm_cmpeq_epi8(v, cr)));
            // A matching lane is all ones (-1): subtracting it counts one.
            counts = _mm_sub_epi8(counts, _mm_cmpeq_epi8(v, lf));
        }
        let sums = _mm_sad_epu8(counts, zero);
        lfs += (_mm_cvtsi128_si64(sums) + _mm_cvtsi128_si64(_mm_srli_si128::<8>(sums))) as u64;
    };
    for block in blocks.by_ref() {
        step(block);
    }
    let rest = blocks.remainder();
    let whole = rest.len() / 16 * 16;
    step(&rest[..whole]);
    let t = Tally { ascii: _mm_movemask_epi8(all) == 0, marks: _mm_movemask_epi8(marks) != 0, lf: lfs };
    tally_bytes(&rest[whole..], t)
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

/// Appends `n` copies of `value`, written in parallel (the new pages are first touched on every
/// core) into room backed by huge pages where it allows ([`reserve_huge`]).
pub(super) fn extend_filled<T: Clone + Send + Sync>(v: &mut Vec<T>, n: usize, value: T) {
    use rayon::prelude::*;
    reserve_huge(v, n);
    v.par_extend(rayon::iter::repeat_n(value, n));
}

/// `v` cut into consecutive parts of `lens` values (which add up to at most its length).
pub(super) fn parts<'v, T>(mut v: &'v mut [T], lens: &[usize]) -> Vec<&'v mut [T]> {
    let mut out = Vec::with_capacity(lens.len());
    for &n in lens {
        let (part, rest) = std::mem::take(&mut v).split_at_mut(n);
        out.push(part);
        v = rest;
    }
    out
}

/// Reserves room for exactly `n` more values. On Linux the kernel is asked to back the whole
/// huge pages (2 MB) inside the room with huge pages: a new page costs a fault (about 2 µs on the
/// machine of record) per 4 kB, and at 435 k stop_times the rows and calls alone were some
/// 4,000 of them.
pub(super) fn reserve_huge<T>(v: &mut Vec<T>, n: usize) {
    v.reserve_exact(n);
    #[cfg(target_os = "linux")]
    {
        const HUGE: usize = 2 << 20;
        let size = std::mem::size_of::<T>();
        let start = v.as_ptr() as usize + v.len() * size;
        let bytes = n.saturating_mul(size);
        let (lo, hi) = (start.next_multiple_of(HUGE), (start + bytes) / HUGE * HUGE);
        if bytes >= HUGE && hi > lo {
            // SAFETY: advice only, on whole pages inside the vector's own allocation (lo and
            // hi lie within its reserved, not yet used room): MADV_HUGEPAGE changes how the
            // kernel backs the range, not what it holds or who may use it. A refusal is harmless.
            unsafe { libc::madvise(lo as *mut libc::c_void, hi - lo, libc::MADV_HUGEPAGE) };
        }
    }
}

/// The lines of a text: its LFs, and one more for a last line without one.
#[cfg(test)]
pub(super) fn lines(text: &[u8]) -> usize {
    lines_of(text, lf(text))
}

/// [`lines`] of a text whose LFs are counted (`lf`).
pub(super) fn lines_of(text: &[u8], lf: u64) -> usize {
    lf as usize + usize::from(text.last().is_some_and(|&b| b != b'\n'))
}

/// The LFs in the text.
fn lf(text: &[u8]) -> u64 {
    tally(text).lf
}

/// The number of LFs in the text, counted in parallel pieces.
pub(super) fn count_lf(bytes: &[u8]) -> u64 {
    use rayon::prelude::*;
    if bytes.len() < MIN_CUT {
        return lf(bytes);
    }
    bytes.par_chunks(PIECE_BYTES).map(lf).sum()
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
    fn the_survey_finds_utf8_and_plain_text() {
        let ascii = |b: &[u8]| tally(b).ascii;
        let plain_utf8 = |b: &[u8]| {
            let s = survey(b);
            (s.utf8, s.cuts.is_some())
        };
        for n in [100, 100_000] {
            // Short text in one piece, long text (over 256 kB) in pieces.
            let text = "a,b\r\n".repeat(n);
            assert!(ascii(text.as_bytes()));
            assert_eq!(plain_utf8(text.as_bytes()), (true, true));
            let text = format!("{text}ö\n{text}");
            assert!(!ascii(text.as_bytes()));
            assert_eq!(plain_utf8(text.as_bytes()), (true, true));
            let mut bytes = text.clone().into_bytes();
            bytes.push(0xFF);
            assert_eq!(plain_utf8(&bytes), (false, true));
            for odd in ["\"q\"", "a\rb", "\r"] {
                let text = format!("{text}{odd}");
                assert_eq!(plain_utf8(text.as_bytes()), (true, false), "{odd:?}");
                assert!(!plain(text.as_bytes()));
            }
        }
    }

    #[test]
    fn the_tally_counts_as_byte_by_byte() {
        // Every length up to 3 blocks of 255 steps, from several starts, with the marks and
        // non-ASCII bytes at either end and inside.
        let mut x = 7u32;
        let text: Vec<u8> = (0..3 * 16 * 255 + 40)
            .map(|_| {
                x = x.wrapping_mul(1_103_515_245).wrapping_add(12_345);
                match (x >> 16) % 40 {
                    0..=3 => b'\n',
                    4 => b',',
                    _ => b'a' + ((x >> 8) % 26) as u8,
                }
            })
            .collect();
        let none = Tally { ascii: true, marks: false, lf: 0 };
        for start in [0, 1, 15, 17] {
            for end in (start..text.len()).step_by(13).chain([text.len()]) {
                let b = &text[start..end];
                assert_eq!(tally(b), tally_bytes(b, none), "{start}..{end}");
                for odd in [b'"', b'\r', 0xC3] {
                    for at in [0, b.len() / 2, b.len().saturating_sub(1)] {
                        let mut c = b.to_vec();
                        if let Some(v) = c.get_mut(at) {
                            *v = odd;
                        }
                        assert_eq!(tally(&c), tally_bytes(&c, none), "{start}..{end} {odd} at {at}");
                    }
                }
            }
        }
    }

    #[test]
    fn cuts_count_the_lines_of_each_piece_and_after_a_start() {
        let text = b"h,x\n\na,1\nb,2\r\n\nc,3\nd,4";
        for size in 1..text.len() + 2 {
            let cuts = survey_in(text, size).cuts.expect("plain");
            assert_eq!(cuts.0.iter().map(|(r, _)| r.clone()).collect::<Vec<_>>(), pieces(text, size));
            for at in (0..=text.len()).filter(|&i| i == 0 || text[i - 1] == b'\n') {
                let after = cuts.after(text, at);
                let body = &text[at..];
                assert_eq!(after.iter().map(|(_, n)| n).sum::<usize>(), lines(body), "{size} {at}");
                for (r, n) in &after {
                    assert_eq!(*n, lines(&body[r.clone()]), "{size} {at} {r:?}");
                }
                assert_eq!(after.last().map(|(r, _)| r.end), (!body.is_empty()).then_some(body.len()));
            }
        }
    }

    #[test]
    fn fields_split_as_str_split_does() {
        let long = "0123456789abcdef,ghijklmnopqrstuvw,,x,yzåäö0123456789012345678,";
        for line in ["", ",", "a", "a,", ",b", "a,b,c", "Växjö C,,x", ",,", long] {
            assert_eq!(Fields::new(line).collect::<Vec<_>>(), line.split(',').collect::<Vec<_>>(), "{line:?}");
        }
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
