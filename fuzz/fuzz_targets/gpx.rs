#![no_main]
//! GPX: arbitrary text inside a track segment.
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::run(
        b"<gpx version=\"1.1\"><trk><type>running</type><trkseg>",
        data,
    );
});
