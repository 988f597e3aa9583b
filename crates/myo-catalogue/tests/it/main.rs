//! Integration tests of the public API. They read only the embedded data, never /work/shared.

mod catalogue;
mod sport;
