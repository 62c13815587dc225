//! Coverage-guided fuzzing of the date parser: `cargo fuzz run date` (see tests/fuzz.rs).
#![no_main]

use libfuzzer_sys::fuzz_target;
use timelanes::time::Date;

fuzz_target!(|text: &str| {
    if let Ok(date) = Date::parse(text) {
        assert!(date.earliest() < date.latest());
        assert_eq!(Date::parse(&date.to_string()), Ok(date));
        let _ = date.human();
    }
});
