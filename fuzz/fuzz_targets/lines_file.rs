//! Fuzzes the line-definition reader (`build-feed`'s TOML): parse, validate, and turn what
//! validates into GTFS tables. Any panic is a bug; errors are fine.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    if let Ok(file) = narhet::lines::parse_str(&text, "lines/fuzz.toml") {
        let files = [file];
        if narhet::lines::validate(&files).is_ok() {
            let _ = narhet::lines::to_gtfs_tables(&files);
        }
    }
});
