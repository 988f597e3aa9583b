//! Benchmarks: `cargo bench -p myo-metrics`. Figures are recorded in docs/benchmarks.md.

use divan::{black_box, Bencher};
use myo_metrics::hrv::freq::{frequency_domain, FrequencyConfig};
use myo_metrics::hrv::nonlinear::dfa_alpha;
use myo_metrics::hrv::time::{time_domain, TimeDomainConfig};
use myo_metrics::load::pmc::{pmc_into, PmcConfig};

fn main() {
    divan::main();
}

/// Deterministic pseudo-random numbers in [0, 1) (xorshift), so runs are comparable.
fn uniform(seed: u64) -> impl FnMut() -> f64 {
    let mut s = seed.max(1);
    move || {
        s ^= s << 13;
        s ^= s >> 7;
        s ^= s << 17;
        (s >> 11) as f64 / (1u64 << 53) as f64
    }
}

/// 10 years of daily loads for 1,000 athletes: ~5 sessions a week of 30–150 AU.
fn athletes() -> Vec<Vec<f64>> {
    (0..1000)
        .map(|a| {
            let mut u = uniform(a + 1);
            (0..3650)
                .map(|_| if u() < 0.7 { 30.0 + 120.0 * u() } else { 0.0 })
                .collect()
        })
        .collect()
}

/// Fitness/fatigue/form for 1,000 athletes × 3,650 days (one buffer reused).
#[divan::bench(sample_count = 20)]
fn pmc_1000_athletes_10_years(b: Bencher) {
    let data = athletes();
    let config = PmcConfig::default();
    b.bench_local(|| {
        let mut buf = Vec::with_capacity(3650);
        let mut sum = 0.0;
        for loads in &data {
            pmc_into(black_box(loads), &config, &mut buf).unwrap();
            sum += buf[buf.len() - 1].form_au;
        }
        sum
    });
}

/// A 24-hour RR series: ~100,000 beats, circadian, respiratory and Mayer-wave modulation.
fn day_rr_ms() -> Vec<f64> {
    let mut u = uniform(7);
    let mut t_s = 0.0f64;
    let mut out = Vec::with_capacity(110_000);
    while t_s < 86_400.0 {
        let tau = std::f64::consts::TAU;
        let rr = 860.0
            + 120.0 * (tau * t_s / 86_400.0).cos()
            + 35.0 * (tau * 0.25 * t_s).sin()
            + 25.0 * (tau * 0.1 * t_s).sin()
            + 20.0 * (u() - 0.5);
        out.push(rr);
        t_s += rr / 1000.0;
    }
    out
}

#[divan::bench(sample_count = 50)]
fn hrv_time_domain_24h(b: Bencher) {
    let rr = day_rr_ms();
    let config = TimeDomainConfig::default();
    b.bench_local(|| time_domain(black_box(&rr), &config).unwrap());
}

#[divan::bench(sample_count = 20)]
fn hrv_welch_24h(b: Bencher) {
    let rr = day_rr_ms();
    let config = FrequencyConfig::default();
    b.bench_local(|| frequency_domain(black_box(&rr), &config).unwrap());
}

#[divan::bench(sample_count = 20)]
fn hrv_dfa_alpha1_24h(b: Bencher) {
    let rr = day_rr_ms();
    b.bench_local(|| dfa_alpha(black_box(&rr), 4, 16).unwrap());
}

#[divan::bench(sample_count = 20)]
fn hrv_resample_4hz_24h(b: Bencher) {
    let rr = day_rr_ms();
    b.bench_local(|| myo_metrics::hrv::freq::resample(black_box(&rr), 4.0).unwrap());
}
