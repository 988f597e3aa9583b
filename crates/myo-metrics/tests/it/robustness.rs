//! Property tests: text parsers never panic, and metrics on valid input are never NaN.

use myo_metrics::hrv::{analyse, ArtefactConfig, HrvConfig};
use myo_metrics::load::pmc::{pmc, PmcConfig};
use myo_metrics::load::ratio::{acwr_ewma, monotony_strain, EwmaSeed};
use myo_metrics::parse::{parse_daily_hrv, parse_date, parse_loads_csv, parse_rr, RrUnit};
use proptest::prelude::*;

proptest! {
    #![proptest_config(ProptestConfig::with_cases(256))]

    #[test]
    fn parsers_never_panic(text in "\\PC{0,200}") {
        let _ = parse_loads_csv(&text);
        let _ = parse_rr(&text, RrUnit::Auto);
        let _ = parse_daily_hrv(&text);
        let _ = parse_date(&text);
    }

    #[test]
    fn csv_like_garbage_never_panics(
        rows in prop::collection::vec("[0-9a-z,.\\- ]{0,30}", 0..20)
    ) {
        let text = format!("date,load_au,planned\n{}", rows.join("\n"));
        let _ = parse_loads_csv(&text);
        let text = format!("date,rmssd_ms\n{}", rows.join("\n"));
        let _ = parse_daily_hrv(&text);
    }

    #[test]
    fn load_metrics_are_finite(loads in prop::collection::vec(0.0f64..2000.0, 1..200)) {
        for d in pmc(&loads, &PmcConfig::default()).unwrap() {
            prop_assert!(d.fitness_au.is_finite() && d.fatigue_au.is_finite());
            prop_assert!(d.form_au.is_finite() && d.ramp_au.is_finite());
        }
        if loads.len() > 1 {
            for d in acwr_ewma(&loads, 7, 28, EwmaSeed::FirstLoad).unwrap() {
                prop_assert!(d.ratio.is_none_or(f64::is_finite));
            }
        }
        for m in monotony_strain(&loads, 7).unwrap().into_iter().flatten() {
            prop_assert!(m.monotony.is_none_or(f64::is_finite));
        }
    }

    #[test]
    fn hrv_is_an_error_or_finite(rr in prop::collection::vec(200.0f64..2600.0, 0..400)) {
        let cfg = HrvConfig { artefacts: Some(ArtefactConfig::default()), ..HrvConfig::default() };
        if let Ok(r) = analyse(&rr, &cfg) {
            prop_assert!(r.time.rmssd_ms.is_finite() && r.time.sdnn_ms.is_finite());
            prop_assert!(r.time.mean_hr_bpm.is_finite() && r.time.pnn50_pct.is_finite());
            if let Some(f) = r.frequency {
                prop_assert!(f.lf_hf_ratio.is_finite() && f.total_power_ms2.is_finite());
            }
            if let Some(a) = r.dfa_alpha1 {
                prop_assert!(a.is_finite());
            }
        }
    }
}
