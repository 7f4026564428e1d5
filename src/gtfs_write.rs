//! The one GTFS writer: every GTFS text table narhet writes goes through [`TableWriter`] —
//! `narhet build-feed` (line definitions, [`crate::lines`]), `narhet scenario apply` (an edited
//! network, [`crate::scenario::write_gtfs`]) and the benchmark feed generator
//! (`benches/support/synth.rs`).
//!
//! What it fixes for all of them: comma-separated fields, quoted only when a field holds a comma,
//! a quote or a line break (RFC 4180; the quote doubled inside); a header row; one record
//! terminator per table ([`LineEnd`]); times as `HH:MM:SS` with hours past 24 ([`Field::time`]),
//! coordinates with six decimals ([`coord`]). Which columns a table has is the caller's: each
//! writer keeps the columns it has always written, so their outputs stay byte for byte the same.
//!
//! Depends on nothing in the crate (it must not use `gtfs-structures`, which stays in
//! [`crate::feed`]); `feed`, `lines` and `scenario` depend on it, never the other way round.

use std::io::{self, Write};

/// The record terminator of a table.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum LineEnd {
    /// `\n`: `build-feed` and the benchmark feeds.
    Lf,
    /// `\r\n` (RFC 4180): `scenario apply`.
    CrLf,
}

/// Writes one GTFS table (a header, then rows) to `W`: a file, or memory for [`table_text`].
pub struct TableWriter<W: Write> {
    csv: csv::Writer<W>,
    width: usize,
}

impl<W: Write> TableWriter<W> {
    /// Starts a table on `out` and writes its header row.
    pub fn new(out: W, end: LineEnd, header: &[&str]) -> io::Result<TableWriter<W>> {
        let term = match end {
            LineEnd::Lf => csv::Terminator::Any(b'\n'),
            LineEnd::CrLf => csv::Terminator::CRLF,
        };
        // The field count is checked here (debug builds), so the csv writer need not refuse
        // rows: its only errors are then the sink's.
        let csv = csv::WriterBuilder::new().terminator(term).flexible(true).buffer_capacity(1 << 16).from_writer(out);
        let mut w = TableWriter { csv, width: header.len() };
        w.row(header)?;
        Ok(w)
    }

    /// Writes one row. Every row has as many fields as the header (checked in debug builds: a
    /// mismatch is a bug in the caller, never in the data).
    pub fn row<I, T>(&mut self, fields: I) -> io::Result<()>
    where
        I: IntoIterator<Item = T>,
        T: AsRef<[u8]>,
    {
        let mut n = 0;
        self.csv.write_record(fields.into_iter().inspect(|_| n += 1))?;
        debug_assert_eq!(n, self.width, "a GTFS row with {n} fields under a header of {}", self.width);
        Ok(())
    }

    /// Flushes the table and hands back the sink.
    pub fn finish(self) -> io::Result<W> {
        self.csv.into_inner().map_err(|e| e.into_error())
    }
}

/// A whole table in memory: the header, then what `rows` writes.
pub fn table_text(
    end: LineEnd,
    header: &[&str],
    rows: impl FnOnce(&mut TableWriter<Vec<u8>>) -> io::Result<()>,
) -> String {
    // Writing to memory cannot fail, and the writer refuses nothing (see `TableWriter::new`):
    // every `Err` below is unreachable, and the text so far is what would be written.
    let write = || -> io::Result<Vec<u8>> {
        let mut w = TableWriter::new(Vec::new(), end, header)?;
        rows(&mut w)?;
        w.finish()
    };
    let bytes = write().unwrap_or_default();
    // Every field came in as UTF-8 text and the writer adds only ASCII.
    String::from_utf8(bytes).unwrap_or_else(|e| String::from_utf8_lossy(e.as_bytes()).into_owned())
}

/// A table in memory from ready rows of strings.
pub fn rows_text(end: LineEnd, header: &[&str], rows: &[Vec<String>]) -> String {
    table_text(end, header, |w| rows.iter().try_for_each(|r| w.row(r)))
}

/// A GeoJSON document as written next to the tables (`locations.geojson`): pretty-printed, with a
/// final newline.
pub fn geojson_text(doc: &serde_json::Value) -> String {
    let mut s = serde_json::to_string_pretty(doc).unwrap_or_default();
    s.push('\n');
    s
}

/// A latitude or longitude as written in `stops.txt`: six decimals (about 0.1 m).
pub fn coord(x: f64) -> String {
    format!("{x:.6}")
}

/// A number or time formatted on the stack, for tables of millions of rows (the benchmark feeds)
/// where a `String` per field would dominate. The text is right-aligned in the buffer.
#[derive(Clone, Copy)]
pub struct Field {
    buf: [u8; 24],
    start: usize,
}

impl Field {
    /// An unsigned integer in decimal.
    pub fn int(v: u64) -> Field {
        let mut f = Field { buf: [0; 24], start: 24 };
        f.prepend_int(v);
        f
    }

    /// A GTFS time, `HH:MM:SS`; hours may pass 24 (`25:10:00`), as `date::fmt_time` writes it.
    pub fn time(secs: u32) -> Field {
        let (h, m, s) = (secs / 3600, secs / 60 % 60, secs % 60);
        let digit = |x: u32| b'0' + x as u8;
        let mut buf = [0; 24];
        buf[18..].copy_from_slice(&[b':', digit(m / 10), digit(m % 10), b':', digit(s / 10), digit(s % 10)]);
        let mut f = Field { buf, start: 18 };
        f.prepend_int(h as u64);
        if h < 10 {
            f.start -= 1;
            f.buf[f.start] = b'0';
        }
        f
    }

    fn prepend_int(&mut self, mut v: u64) {
        // u64::MAX has 20 digits and a time's hours at most 7: the buffer always has room.
        loop {
            self.start -= 1;
            self.buf[self.start] = b'0' + (v % 10) as u8;
            v /= 10;
            if v == 0 {
                break;
            }
        }
    }
}

impl AsRef<[u8]> for Field {
    fn as_ref(&self) -> &[u8] {
        &self.buf[self.start..]
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::date::fmt_time;

    #[test]
    fn fields_are_quoted_only_when_needed() {
        let t = rows_text(
            LineEnd::Lf,
            &["a", "b", "c"],
            &[
                vec!["plain".into(), "with, comma".into(), "say \"hi\"".into()],
                vec![String::new(), "å".into(), "x".into()],
            ],
        );
        // Comma and quote force quotes (the quote doubled); empty fields stay empty.
        assert_eq!(t, "a,b,c\nplain,\"with, comma\",\"say \"\"hi\"\"\"\n,å,x\n");
    }

    #[test]
    fn line_ends() {
        let t = table_text(LineEnd::CrLf, &["x"], |w| w.row(["1"]));
        assert_eq!(t, "x\r\n1\r\n");
    }

    #[test]
    fn stack_fields_match_the_string_formats() {
        for secs in [0, 59, 3600, 7 * 3600 + 5 * 60 + 9, 25 * 3600 + 600, 100 * 3600 + 1] {
            assert_eq!(Field::time(secs).as_ref(), fmt_time(secs).as_bytes(), "{secs}");
        }
        for v in [0, 7, 10, 9_022_000_000_000_123, u64::MAX] {
            assert_eq!(Field::int(v).as_ref(), v.to_string().as_bytes());
        }
        assert_eq!(coord(56.8768449), "56.876845");
    }

    #[test]
    fn a_file_sink_gets_the_same_bytes() {
        let dir = tempfile::tempdir().expect("temp dir");
        let p = dir.path().join("t.txt");
        let f = std::fs::File::create(&p).expect("create");
        let mut w = TableWriter::new(f, LineEnd::Lf, &["trip_id", "arrival_time"]).expect("header");
        w.row([Field::int(14), Field::time(90_000)]).expect("row");
        w.finish().expect("flush");
        assert_eq!(std::fs::read_to_string(&p).expect("read"), "trip_id,arrival_time\n14,25:00:00\n");
    }
}
