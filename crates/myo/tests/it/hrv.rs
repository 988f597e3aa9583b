//! `myo hrv` (tests being written).
