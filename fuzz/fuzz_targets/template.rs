#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kallisti_fuzz::template(data));
