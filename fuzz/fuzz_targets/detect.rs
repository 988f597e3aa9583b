#![no_main]
//! Format detection and the whole entry point on raw bytes.
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    let _ = myo_import::detect("fuzz".as_ref(), data);
    common::run(b"", data);
});
