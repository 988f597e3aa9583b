#![no_main]
//! WHOOP export CSVs: whole files (the seeds), then arbitrary rows after the header of the
//! cycles, sleeps or workouts file (the first byte picks which).
use libfuzzer_sys::fuzz_target;

#[path = "common.rs"]
mod common;

const PREFIXES: &[&[u8]] = &[
    b"Cycle start time,Cycle end time,Cycle timezone,Recovery score %,Resting heart rate (bpm),Heart rate variability (ms),Day Strain,Sleep onset,Wake onset,Asleep duration (min)\n",
    b"Cycle start time,Cycle timezone,Sleep onset,Wake onset,Sleep performance %,Asleep duration (min),Nap\n",
    b"Cycle start time,Cycle timezone,Workout start time,Workout end time,Duration (min),Activity name,Activity Strain,Max HR (bpm),Average HR (bpm),Distance (meters)\n",
];

fuzz_target!(|data: &[u8]| {
    common::run(b"", data);
    if let Some((&pick, rest)) = data.split_first() {
        common::run(PREFIXES[pick as usize % PREFIXES.len()], rest);
    }
});
