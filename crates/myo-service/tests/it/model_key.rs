//! Stored checkpoints are keyed by the model's revision: results must not change while the
//! revision stays, or a store would resume states an older model computed.

use sha2::{Digest, Sha256};

/// The model revision and the hash of the reference results it gives.
const EXPECTED: (u32, &str) = (
    4,
    "900f856521fc50ec20b8a8ec5d32e36d7ccbc013b81a0f4b8b9825af3ee6facf",
);

/// The reference results: every example's report (all groups, hourly for a week).
fn results_hash() -> String {
    let mut hasher = Sha256::new();
    for text in [
        include_str!("../../../../examples/lifters-week.toml"),
        include_str!("../../../../examples/downhill-long-run.toml"),
        include_str!("../../../../examples/match-and-recovery.toml"),
    ] {
        let scenario = myo_scenario::parse(text).expect("example parses");
        let times: Vec<f64> = (0..=7 * 24).map(f64::from).collect();
        let report = myo_app::simulate::simulate(&scenario, &times);
        hasher.update(
            serde_json::to_string(&report)
                .expect("serialises")
                .as_bytes(),
        );
    }
    hasher
        .finalize()
        .iter()
        .map(|b| format!("{b:02x}"))
        .collect()
}

#[test]
fn model_revision_is_current() {
    let hash = results_hash();
    assert_eq!(
        (myo_model::MODEL_REVISION, hash.as_str()),
        EXPECTED,
        "the model's results changed: raise myo_model::MODEL_REVISION (stored checkpoints of \
         the old model must not be resumed) and set EXPECTED to the new revision and hash"
    );
}

#[test]
fn the_key_names_the_revision_and_parameters() {
    let key = myo_service::checkpoints::model_key();
    assert!(
        key.contains(&format!("r{}", myo_model::MODEL_REVISION)),
        "{key}"
    );
    assert!(key.contains("params "), "{key}");
}
