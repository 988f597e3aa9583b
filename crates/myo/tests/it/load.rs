//! `myo load` (tests being written).
