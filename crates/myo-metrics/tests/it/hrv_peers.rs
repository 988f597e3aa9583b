//! pyHRV's shipped values for its short sample series (337 NN intervals).

use myo_metrics::hrv::freq::{frequency_domain, FrequencyConfig};
use myo_metrics::hrv::nonlinear::{dfa_alpha, poincare};
use myo_metrics::hrv::time::{time_domain, PnnDenominator, SdsdConvention, TimeDomainConfig};
use myo_metrics::parse::{parse_rr, RrUnit};
use serde_json::Value;

use crate::assert_rel;

const NN: &str = include_str!("../data/hrv/pyhrv-short/SampleNNISeriesShort.txt");
const EXPORT: &str = include_str!("../data/hrv/pyhrv-short/SampleExport.json");
const PEERS: &str = include_str!("../data/hrv/pyhrv-short/computed_reference_Short.json");

fn nn() -> Vec<f64> {
    parse_rr(NN, RrUnit::Milliseconds).unwrap()
}

fn export() -> Value {
    serde_json::from_str(EXPORT).unwrap()
}

fn f(v: &Value) -> f64 {
    v.as_f64().unwrap()
}

#[test]
fn time_domain_matches_pyhrv_export_to_1e6() {
    let x = export();
    let nn = nn();
    assert_eq!(nn.len(), 337);
    let t = time_domain(&nn, &TimeDomainConfig::default()).unwrap();
    assert_rel("mean NN", t.mean_nn_ms, f(&x["nni_mean"]), 1e-6);
    assert_rel("SDNN", t.sdnn_ms, f(&x["sdnn"]), 1e-6);
    assert_rel("RMSSD", t.rmssd_ms, f(&x["rmssd"]), 1e-6);
    assert_eq!(t.nn50 as f64, f(&x["nn50"]));
    assert_eq!(t.nn20 as f64, f(&x["nn20"]));
    assert_rel("pNN50", t.pnn50_pct, f(&x["pnn50"]), 1e-6);
    assert_rel("pNN20", t.pnn20_pct, f(&x["pnn20"]), 1e-6);
    assert_rel("mean HR", t.mean_hr_bpm, f(&x["hr_mean"]), 1e-6);
    assert_rel("max HR", t.max_hr_bpm, f(&x["hr_max"]), 1e-6);
    assert_rel("min HR", t.min_hr_bpm, f(&x["hr_min"]), 1e-6);
    assert_rel("lnRMSSD", t.ln_rmssd.unwrap(), f(&x["rmssd"]).ln(), 1e-12);
}

#[test]
fn sdsd_and_pnn_conventions_match_each_peer() {
    let peers: Value = serde_json::from_str(PEERS).unwrap();
    let nn = nn();
    let with = |sdsd, pnn| {
        time_domain(
            &nn,
            &TimeDomainConfig {
                sdsd,
                pnn_denominator: pnn,
            },
        )
        .unwrap()
    };
    let d = PnnDenominator::Differences;
    assert_rel(
        "SDSD numpy/neurokit2",
        with(SdsdConvention::SampleStd, d).sdsd_ms,
        f(&peers["neurokit2_0_2_10"]["time"]["HRV_SDSD"]),
        1e-9,
    );
    assert_rel(
        "SDSD hrv-analysis",
        with(SdsdConvention::PopulationStd, d).sdsd_ms,
        f(&peers["hrvanalysis_1_0_4"]["time"]["sdsd"]),
        1e-6,
    );
    assert_rel(
        "SDSD pyHRV",
        with(SdsdConvention::AbsDiffSampleStd, d).sdsd_ms,
        f(&export()["sdsd"]),
        1e-9,
    );
    let nk = with(SdsdConvention::SampleStd, PnnDenominator::Intervals);
    assert_rel(
        "pNN50 neurokit2",
        nk.pnn50_pct,
        f(&peers["neurokit2_0_2_10"]["time"]["HRV_pNN50"]),
        1e-9,
    );
    assert_rel(
        "pNN20 neurokit2",
        nk.pnn20_pct,
        f(&peers["neurokit2_0_2_10"]["time"]["HRV_pNN20"]),
        1e-9,
    );
}

/// The goal was 1 %; the same interpolation, window and segmenting give agreement to rounding.
#[test]
fn welch_band_powers_match_pyhrv_to_1e9() {
    let x = export();
    let fd = frequency_domain(&nn(), &FrequencyConfig::default()).unwrap();
    let abs = x["fft_abs"].as_array().unwrap();
    assert_rel("VLF", fd.vlf.power_ms2, f(&abs[0]), 1e-9);
    assert_rel("LF", fd.lf.power_ms2, f(&abs[1]), 1e-9);
    assert_rel("HF", fd.hf.power_ms2, f(&abs[2]), 1e-9);
    assert_rel("total", fd.total_power_ms2, f(&x["fft_total"]), 1e-9);
    assert_rel("LF/HF", fd.lf_hf_ratio, f(&x["fft_ratio"]), 1e-9);
    let norm = x["fft_norm"].as_array().unwrap();
    assert_rel("LF nu", fd.lf_nu, f(&norm[0]), 1e-9);
    assert_rel("HF nu", fd.hf_nu, f(&norm[1]), 1e-9);
    let peak = x["fft_peak"].as_array().unwrap();
    assert_eq!(
        [fd.vlf.peak_hz, fd.lf.peak_hz, fd.hf.peak_hz],
        [f(&peak[0]), f(&peak[1]), f(&peak[2])]
    );
}

#[test]
fn poincare_matches_pyhrv() {
    let x = export();
    let p = poincare(&nn()).unwrap();
    assert_rel("SD1", p.sd1_ms, f(&x["sd1"]), 1e-6);
    assert_rel("SD2", p.sd2_ms, f(&x["sd2"]), 1e-6);
    assert_rel(
        "ellipse area",
        p.ellipse_area_ms2,
        f(&x["ellipse_area"]),
        1e-6,
    );
}

#[test]
fn dfa_alpha1_matches_pyhrv() {
    let a1 = dfa_alpha(&nn(), 4, 16).unwrap();
    assert_rel("DFA α1", a1, f(&export()["dfa_alpha1"]), 1e-9);
}
