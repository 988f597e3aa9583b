//! The advisor through the app's use cases: decisions a sports physiotherapist would sign, the
//! calibration of the forecast range, and that every cited source is in docs/evidence.md.

mod calibration;
mod decisions;

use myo_scenario::Scenario;

/// A scenario from TOML text; panics on a malformed test fixture.
pub fn scenario(text: &str) -> Scenario {
    myo_scenario::parse(text).unwrap_or_else(|e| panic!("fixture: {e:?}"))
}

pub const ATHLETE: &str = r#"
[scenario]
start = "2026-01-05T08:00:00Z"

[athlete]
sex = "male"
age = 25
body_mass_kg = 80
training_status = "recreational"
resting_hr = 60
max_hr = 190
"#;
