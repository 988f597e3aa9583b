//! `myo simulate` (tests being written).
