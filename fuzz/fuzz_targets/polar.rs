#![no_main]
//! Polar Flow training sessions: whole files (the seeds), then arbitrary bytes inside a
//! session's exercise.
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::run(b"", data);
    common::run(
        b"{\"exportVersion\":\"1.6\",\"startTime\":\"2026-03-10T07:30:00.000\",\"timeZoneOffset\":60,\"exercises\":[{\"sport\":\"RUNNING\",\"duration\":\"PT",
        data,
    );
});
