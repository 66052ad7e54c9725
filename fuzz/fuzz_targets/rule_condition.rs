//! The rule-condition parser on any text: it must never panic, and a condition it accepts,
//! printed (its canonical text) and parsed again, must be the same condition and print the
//! same text.
#![no_main]

use libfuzzer_sys::fuzz_target;
use polylead_core::condition::{Attributes, Condition};

fuzz_target!(|input: &[u8]| {
    let Ok(text) = std::str::from_utf8(input) else { return };
    let Ok(condition) = Condition::parse(text) else { return };
    let canonical = condition.to_string();
    let again = match Condition::parse(&canonical) {
        Ok(again) => again,
        Err(error) => panic!("{text:?} parses, but its canonical text {canonical:?} does not: {error}"),
    };
    assert_eq!(again, condition, "{text:?} → {canonical:?} parses to another condition");
    assert_eq!(again.to_string(), canonical, "{text:?}: the canonical text is not stable");
    // Evaluating it must not panic either.
    let _ = condition.why_not(&Attributes::default(), |inner, outer| inner == outer);
});
