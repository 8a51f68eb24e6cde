//! Any text: parse_edtf never panics, and a date it accepts has ordered
//! bounds that are real days.
#![no_main]

use libfuzzer_sys::fuzz_target;
use rjkb::dates::{parse_edtf, parse_filter_date};

fuzz_target!(|text: &str| {
    if let Ok(date) = parse_edtf(text) {
        if let Some((from, to)) = &date.bounds {
            assert!(from <= to);
            assert!(parse_edtf(from).is_ok() && parse_edtf(to).is_ok());
        }
    }
    let _ = parse_filter_date(text);
});
