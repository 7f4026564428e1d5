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

/// The records of a plain file (`plain`: as [`survey`] found) without blank lines, read in
/// parallel pieces by narhet's own small readers (`trips.txt`, `stops.txt`): `plan` compiles
/// the header (its names trimmed),
/// `record` reads one line (without its line end). Each piece writes its records straight into
/// its part of the result (a record per line). `None` when the text is not plain, not UTF-8,
/// starts with a blank line or holds one, or when `plan` or `record` refuses anything: the
/// caller then reads the file the general way, which gives the records or the error.
pub(super) fn records<'a, P: Sync, T: Send + Sync + Clone + Default>(
    bytes: &'a [u8],
    plain: bool,
    plan: impl FnOnce(&[&str]) -> Option<P>,
    record: impl Fn(&P, &'a str) -> Option<T> + Sync,
) -> Option<Vec<T>> {
    use rayon::prelude::*;
    if bytes.len() < 3 {
        return None;
    }
    let bytes = bytes.strip_prefix(&[0xEF, 0xBB, 0xBF]).unwrap_or(bytes);
    if !plain {
        return None;
    }
    let end = memchr::memchr(b'\n', bytes).unwrap_or(bytes.len());
    let header = std::str::from_utf8(bytes[..end].strip_suffix(b"\r").unwrap_or(&bytes[..end])).ok()?;
    if header.is_empty() {
        return None;
    }
    let plan = plan(&header.split(',').map(str::trim).collect::<Vec<_>>())?;
    let body = &bytes[(end + 1).min(bytes.len())..];
    let ranges = pieces(body, PIECE_BYTES);
    let bounds: Vec<usize> = ranges.par_iter().map(|r| lines(&body[r.clone()])).collect();
    let mut out: Vec<T> = Vec::new();
    extend_filled(&mut out, bounds.iter().sum(), T::default());
    let mut parts = Vec::with_capacity(ranges.len());
    let mut rest = &mut out[..];
    for &n in &bounds {
        let (part, tail) = std::mem::take(&mut rest).split_at_mut(n);
        parts.push(part);
        rest = tail;
    }
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
        let mut end = self.at;
        while end < b.len() && b[end] != b',' {
            end += 1;
        }
        // A comma is ASCII: both ends are character boundaries.
        let field = self.line.get(self.at..end);
        self.at = end + 1;
        field
    }
}

/// What one pass over a text finds: is it UTF-8, and is it [`plain`]?
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Survey {
    pub utf8: bool,
    pub plain: bool,
}

/// Surveys the text, in parallel pieces for long text (a cut after an LF is never inside a
/// UTF-8 sequence, nor between a CR and its LF): the bulk of a feed is read once here, not
/// again to find out whether it can be cut.
pub(super) fn survey(bytes: &[u8]) -> Survey {
    use rayon::prelude::*;
    let one = |b: &[u8]| {
        let (ascii, marks) = ascii_and_marks(b);
        Survey { utf8: ascii || std::str::from_utf8(b).is_ok(), plain: !marks || plain(b) }
    };
    if bytes.len() < MIN_CUT {
        return one(bytes);
    }
    pieces(bytes, PIECE_BYTES).into_par_iter().map(|r| one(&bytes[r])).reduce(
        || Survey { utf8: true, plain: true },
        |a, b| Survey { utf8: a.utf8 && b.utf8, plain: a.plain && b.plain },
    )
}

/// Is the text ASCII (and so UTF-8), and does it hold a quote or a CR? Blocks of 64 bytes
/// or-ed together, which the compiler turns into vector instructions: several times faster
/// than the UTF-8 check on the bulk of a feed, which is mostly ASCII.
fn ascii_and_marks(bytes: &[u8]) -> (bool, bool) {
    let fold = |(all, marks): (u8, u8), &b: &u8| (all | b, marks | u8::from(b == b'"') | u8::from(b == b'\r'));
    let mut blocks = bytes.chunks_exact(64);
    let mut acc = (0u8, 0u8);
    for block in blocks.by_ref() {
        let (all, marks) = block.iter().fold((0u8, 0u8), fold);
        acc = (acc.0 | all, acc.1 | marks);
    }
    let (all, marks) = blocks.remainder().iter().fold(acc, fold);
    (all < 0x80, marks != 0)
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
pub(super) fn lines(text: &[u8]) -> usize {
    lf(text) as usize + usize::from(text.last().is_some_and(|&b| b != b'\n'))
}

/// The LFs in the text, 64 kB at a time (a sum the compiler turns into vector instructions).
fn lf(text: &[u8]) -> u64 {
    text.chunks(1 << 16).map(|c| c.iter().map(|&x| u32::from(x == b'\n')).sum::<u32>() as u64).sum()
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
        let survey = |b: &[u8]| (ascii_and_marks(b).0, survey(b));
        let yes = Survey { utf8: true, plain: true };
        for n in [100, 100_000] {
            // Short text in one piece, long text (over 256 kB) in pieces.
            let text = "a,b\r\n".repeat(n);
            assert_eq!(survey(text.as_bytes()), (true, yes));
            let text = format!("{text}ö\n{text}");
            assert_eq!(survey(text.as_bytes()), (false, yes));
            let mut bytes = text.clone().into_bytes();
            bytes.push(0xFF);
            assert_eq!(survey(&bytes), (false, Survey { utf8: false, plain: true }));
            for odd in ["\"q\"", "a\rb", "\r"] {
                let text = format!("{text}{odd}");
                assert_eq!(survey(text.as_bytes()).1, Survey { utf8: true, plain: false }, "{odd:?}");
                assert!(!plain(text.as_bytes()));
            }
        }
    }

    #[test]
    fn fields_split_as_str_split_does() {
        for line in ["", ",", "a", "a,", ",b", "a,b,c", "Växjö C,,x", ",,"] {
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
