//! Finding a record of `stop_times.txt` again, with the line it starts on, for messages about
//! faults found after parsing (the bulk parse keeps no line numbers), and counting the lines
//! of records as `csv` reads them.
//!
//! Within `feed::stop_times` only.

use super::{text, trim};

/// Lines of records read by `csv`: its own line count lags behind after CRLF and blank lines;
/// its byte offset points at or just before the record, with only line ends between.
pub(super) struct LineCounter<'a> {
    bytes: &'a [u8],
    at: usize,
    line: u64,
}

impl<'a> LineCounter<'a> {
    pub(super) fn new(bytes: &'a [u8]) -> Self {
        LineCounter { bytes, at: 0, line: 1 }
    }

    pub(super) fn line_of(&mut self, rec: &csv::ByteRecord) -> u64 {
        let bytes = self.bytes;
        let mut start = rec.position().map_or(self.at, |p| p.byte() as usize).clamp(self.at, bytes.len());
        while start < bytes.len() && matches!(bytes[start], b'\r' | b'\n') {
            start += 1;
        }
        self.line += bytes[self.at..start].iter().filter(|&&b| b == b'\n').count() as u64;
        self.at = start;
        self.line
    }
}

/// The line record `r` (0-based, after the header) starts on, and the record: for messages
/// about a record found wrong after parsing. Reads the file again up to it.
pub(in crate::feed) fn record_at(bytes: &[u8], r: usize) -> (u64, csv::ByteRecord) {
    let mut rdr = csv::ReaderBuilder::new().flexible(true).has_headers(false).from_reader(bytes);
    let mut lines = LineCounter::new(bytes);
    let mut rec = csv::ByteRecord::new();
    let mut k = 0usize;
    while let Ok(true) = rdr.read_byte_record(&mut rec) {
        let line = lines.line_of(&rec);
        if k == r + 1 {
            return (line, rec);
        }
        k += 1;
    }
    (r as u64 + 2, csv::ByteRecord::new())
}

/// The trimmed text of column `name` of record `r`, for messages.
pub(in crate::feed) fn field_at(bytes: &[u8], r: usize, name: &str) -> (u64, String) {
    let (line, rec) = record_at(bytes, r);
    let header = record_at_header(bytes);
    let v = header
        .iter()
        .position(|h| h == name)
        .and_then(|i| rec.get(i))
        .map_or(String::new(), |v| text(trim(v)).into_owned());
    (line, v)
}

fn record_at_header(bytes: &[u8]) -> Vec<String> {
    let mut rdr = csv::ReaderBuilder::new().flexible(true).has_headers(false).from_reader(bytes);
    let mut rec = csv::ByteRecord::new();
    match rdr.read_byte_record(&mut rec) {
        Ok(true) => rec.iter().map(|h| String::from_utf8_lossy(h).trim().to_string()).collect(),
        _ => Vec::new(),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn records_are_found_again_with_their_lines() {
        // Header on line 1; a quoted field spans lines 2–3; a blank line 4; record 1 on line 5.
        let bytes = b"a,b\n\"x\ny\",1\n\n\"z\",2\n";
        let (line, rec) = record_at(bytes, 1);
        assert_eq!((line, rec.get(0)), (5, Some(&b"z"[..])));
        assert_eq!(field_at(bytes, 0, "b"), (2, "1".to_string()));
    }
}
