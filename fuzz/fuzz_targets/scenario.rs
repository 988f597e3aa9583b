#![no_main]
//! Scenario files and the event contract: any text is a scenario or an error naming a line,
//! never a panic; any JSON is an event or an error naming a field; a checked event serialises
//! to JSON that checks again to the same event.
use libfuzzer_sys::fuzz_target;

fuzz_target!(|data: &[u8]| {
    let Ok(text) = std::str::from_utf8(data) else {
        return;
    };
    if let Ok(scenario) = myo_scenario::parse(text) {
        // A valid scenario also builds its model input.
        let last = scenario.query.times_h.last().copied().unwrap_or(0.0);
        let _ = scenario.model_input(last);
    }
    if let Ok(value) = serde_json::from_str::<serde_json::Value>(text) {
        if let Ok(event) = myo_scenario::EventSpec::from_json(&value) {
            let again = myo_scenario::EventSpec::from_json(&event.to_json());
            assert_eq!(again.as_ref(), Ok(&event));
        }
    }
});
