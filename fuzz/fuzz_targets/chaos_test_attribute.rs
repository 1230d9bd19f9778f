#![no_main]

libfuzzer_sys::fuzz_target!(|data: &[u8]| kallisti_fuzz::chaos_test_attribute(data));
