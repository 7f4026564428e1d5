//! Fuzzes the region file and the population grid readers with the same text. Any panic is a
//! bug; errors are fine.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = narhet::region::Region::from_str(&text, std::path::Path::new("regions/fuzz.toml"));
    let _ = narhet::region::PopulationGrid::parse(&text, "grid.csv");
});
