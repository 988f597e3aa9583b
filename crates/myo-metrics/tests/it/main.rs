//! Integration tests of myo-metrics against peer implementations' outputs (tests/data, each with
//! its PROVENANCE.md) and closed-form cases.

mod artefacts;
mod banister;
mod hrv_peers;
mod load_peers;
mod mitdb;
mod robustness;

/// |a − b| ≤ rel·|b| (or ≤ rel when b is 0).
#[track_caller]
pub fn assert_rel(what: &str, got: f64, want: f64, rel: f64) {
    let tol = rel * want.abs().max(f64::MIN_POSITIVE);
    assert!(
        (got - want).abs() <= tol,
        "{what}: got {got}, want {want} (relative error {:.3e}, allowed {rel:e})",
        ((got - want) / want).abs()
    );
}
