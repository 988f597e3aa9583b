#![no_main]
//! Garmin Connect export JSON: whole files (the seeds), then arbitrary bytes after the opening
//! of a sleep, HRV status or daily summary entry (the first byte picks which).
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

const PREFIXES: &[&[u8]] = &[
    b"[{\"calendarDate\":\"2026-03-10\",\"sleepStartTimestampGMT\":\"2026-03-09T22:10:00.0\",\"deepSleepSeconds\":",
    b"[{\"calendarDate\":\"2026-03-10\",\"metrics\":[{\"type\":\"HRV\",\"value\":",
    b"[{\"calendarDate\":\"2026-03-10\",\"wellnessStartTimeGmt\":\"2026-03-09T23:00:00.0\",\"restingHeartRate\":",
];

fuzz_target!(|data: &[u8]| {
    common::run(b"", data);
    if let Some((&pick, rest)) = data.split_first() {
        common::run(PREFIXES[pick as usize % PREFIXES.len()], rest);
    }
});
