//! Integration tests of myo-import: decoded values against the upstream expectations shipped
//! with the fixtures (`tests/fixtures/PROVENANCE.md`), error kinds of the broken files, the
//! scenario shape of the events, and robustness.
#![allow(clippy::disallowed_methods)] // a test or tool over fixture files, outside the library

mod apple;
mod apple_stream;
mod csv_formats;
mod events;
mod fit_files;
mod fit_writer;
mod json_formats;
mod rest_and_estimates;
mod robustness;
mod wearables;
mod xml_formats;

use std::path::{Path, PathBuf};

use myo_import::{Activity, ImportError, Imported, Item};

pub fn fixture_path(rel: &str) -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .join("tests/fixtures")
        .join(rel)
}

pub fn bytes(rel: &str) -> Vec<u8> {
    std::fs::read(fixture_path(rel)).unwrap_or_else(|e| panic!("{rel}: {e}"))
}

pub fn import(rel: &str) -> Result<Imported, ImportError> {
    myo_import::parse(&fixture_path(rel), &bytes(rel))
}

pub fn imported(rel: &str) -> Imported {
    import(rel).unwrap_or_else(|e| panic!("{e}"))
}

pub fn activities(i: &Imported) -> Vec<&Activity> {
    i.items
        .iter()
        .filter_map(|it| match it {
            Item::Activity(a) => Some(a),
            _ => None,
        })
        .collect()
}

pub fn close(a: f64, b: f64, tol: f64) -> bool {
    (a - b).abs() <= tol
}
