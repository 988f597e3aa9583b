//! Times myo's HRV on an RR file (one value in ms a line) and prints values and timings as JSON,
//! for `scripts/bench-hrv-peers.sh`. Usage: `hrv_timing FILE [REPEATS]`.
#![allow(clippy::disallowed_methods)] // a test or tool over fixture files, outside the library

use std::time::Instant;

use myo_metrics::hrv::freq::{frequency_domain, FrequencyConfig};
use myo_metrics::hrv::nonlinear::{dfa_alpha, poincare};
use myo_metrics::hrv::time::{time_domain, TimeDomainConfig};
use myo_metrics::parse::{parse_rr, RrUnit};

/// Best of `repeats` runs, in seconds (the peers are timed the same way).
fn best<T>(repeats: usize, mut f: impl FnMut() -> T) -> (T, f64) {
    let mut best = f64::INFINITY;
    let mut out = None;
    for _ in 0..repeats {
        let t = Instant::now();
        let v = f();
        best = best.min(t.elapsed().as_secs_f64());
        out = Some(v);
    }
    (out.expect("at least one repeat"), best)
}

fn main() {
    let mut args = std::env::args().skip(1);
    let path = args.next().expect("usage: hrv_timing FILE [REPEATS]");
    let repeats: usize = args.next().map_or(20, |r| r.parse().expect("REPEATS"));
    let text = std::fs::read_to_string(&path).expect("read RR file");
    let rr = parse_rr(&text, RrUnit::Milliseconds).expect("parse RR file");
    let (t, t_s) = best(repeats, || {
        time_domain(&rr, &TimeDomainConfig::default()).unwrap()
    });
    let (f, f_s) = best(repeats, || {
        frequency_domain(&rr, &FrequencyConfig::default()).unwrap()
    });
    let (p, p_s) = best(repeats, || poincare(&rr).unwrap());
    let (a, a_s) = best(repeats, || dfa_alpha(&rr, 4, 16).unwrap());
    println!(
        "{{\"n\": {}, \"time_s\": {t_s:e}, \"freq_s\": {f_s:e}, \"poincare_s\": {p_s:e}, \
         \"dfa_s\": {a_s:e}, \"mean_nn\": {}, \"sdnn\": {}, \"rmssd\": {}, \"sdsd\": {}, \
         \"nn50\": {}, \"pnn50\": {}, \"pnn20\": {}, \"mean_hr\": {}, \"vlf\": {}, \"lf\": {}, \
         \"hf\": {}, \"lf_hf\": {}, \"sd1\": {}, \"sd2\": {}, \"dfa_alpha1\": {}}}",
        t.n_intervals,
        t.mean_nn_ms,
        t.sdnn_ms,
        t.rmssd_ms,
        t.sdsd_ms,
        t.nn50,
        t.pnn50_pct,
        t.pnn20_pct,
        t.mean_hr_bpm,
        f.vlf.power_ms2,
        f.lf.power_ms2,
        f.hf.power_ms2,
        f.lf_hf_ratio,
        p.sd1_ms,
        p.sd2_ms,
        a
    );
}
