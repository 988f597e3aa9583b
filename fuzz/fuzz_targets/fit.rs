#![no_main]
//! FIT: the bytes after a valid 14-byte header (data size taken from the input length), so
//! the decoder sees definitions and messages, not just bad headers.
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::quiet_caught_panics();
    let len = (data.len().saturating_sub(2) as u32).to_le_bytes();
    let mut header = vec![14u8, 0x20, 0x34, 0x08, len[0], len[1], len[2], len[3]];
    header.extend_from_slice(b".FIT\x00\x00");
    let _ = myo_import::fit::decode(&[&header[..], data].concat(), |_| {});
    common::run(&header, data);
    common::run(b"", data);
});
