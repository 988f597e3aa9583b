#![no_main]
//! Apple Health export.xml: arbitrary text after the DOCTYPE and the root.
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

fuzz_target!(|data: &[u8]| {
    common::run(
        b"<?xml version=\"1.0\"?><!DOCTYPE HealthData [<!ELEMENT HealthData (Record)*>]><HealthData locale=\"en\">",
        data,
    );
});
