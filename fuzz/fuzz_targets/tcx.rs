#![no_main]
//! TCX: arbitrary text inside an activity's lap.
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::run(
        b"<TrainingCenterDatabase><Activities><Activity Sport=\"Running\"><Id>2024-01-01T00:00:00Z</Id><Lap StartTime=\"2024-01-01T00:00:00Z\">",
        data,
    );
});
