//! Fuzzes the population grid reader (SCB's ruta/Beftotalt CSV, with optional columns). Any
//! panic is a bug; errors are fine.
#![no_main]

use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let text = String::from_utf8_lossy(data);
    let _ = narhet::region::PopulationGrid::parse(&text, "grid.csv");
});
