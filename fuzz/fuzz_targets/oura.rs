#![no_main]
//! Oura sleep periods: whole files (the seeds), then arbitrary rows after the CSV header or
//! bytes after the opening of a JSON period (the first byte picks which).
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

const PREFIXES: &[&[u8]] = &[
    b"id;day;bedtime_start;bedtime_end;total_sleep_duration;latency;lowest_heart_rate;average_hrv;type\n",
    b"date,Bedtime Start,Bedtime End,Total Sleep Duration,Average HRV,Lowest Resting Heart Rate\n",
    b"{\"sleep\":[{\"is_longest\":1,\"bedtime_start\":\"2020-01-01T23:10:00+02:00\",\"total\":",
];

fuzz_target!(|data: &[u8]| {
    common::run(b"", data);
    if let Some((&pick, rest)) = data.split_first() {
        common::run(PREFIXES[pick as usize % PREFIXES.len()], rest);
    }
});
