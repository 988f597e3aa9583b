//! Banister impulse-response: the Fitness-Fatigue-Models R output, closed forms, and fits that
//! must succeed or refuse.

use myo_metrics::load::banister::{fit, predict, BanisterParams, PerformanceTest, TimeConstants};
use myo_metrics::MetricsError;

use crate::assert_rel;

const FFM: &str =
    include_str!("../data/load/banister-ffm-r/banister_standardPredict_impulse100.csv");

#[test]
fn impulse_matches_fitness_fatigue_models_standard_predict() {
    let mut loads = vec![0.0; 61];
    loads[0] = 100.0;
    let days = predict(&loads, &BanisterParams::default()).unwrap();
    let mut n = 0;
    for line in FFM.lines().skip(1) {
        let v: Vec<f64> = line.split(',').map(|f| f.parse().unwrap()).collect();
        let d = &days[v[0] as usize];
        assert_rel("performance", d.performance, v[1], 1e-12);
        assert_rel("fitness", d.fitness, v[2], 1e-12);
        assert_rel("fatigue", d.fatigue, v[3], 1e-12);
        n += 1;
    }
    assert_eq!(n, 60);
    // Closed form: the impulse decays as e^(−t/τ).
    for (t, d) in days.iter().enumerate().skip(1) {
        assert_rel(
            "e^(-t/42)",
            d.fitness,
            100.0 * (-(t as f64) / 42.0).exp(),
            1e-12,
        );
    }
}

/// Varied loads (a 3-week build and recovery block, repeated) so fitness and fatigue separate.
fn varied_loads(days: usize) -> Vec<f64> {
    (0..days)
        .map(|d| {
            let week = (d / 7) % 4;
            let base = [60.0, 80.0, 100.0, 20.0][week];
            if d % 7 == 6 {
                0.0
            } else {
                base + 15.0 * ((d * 37 % 11) as f64 - 5.0)
            }
        })
        .collect()
}

fn tests_from(loads: &[f64], truth: &BanisterParams, days: &[usize]) -> Vec<PerformanceTest> {
    let p = predict(loads, truth).unwrap();
    days.iter()
        .map(|&d| PerformanceTest {
            day: d,
            value: p[d].performance,
        })
        .collect()
}

#[test]
fn recovers_gains_with_fixed_time_constants() {
    let truth = BanisterParams {
        p0: 300.0,
        k_fitness: 0.8,
        tau_fitness_days: 42.0,
        k_fatigue: 1.6,
        tau_fatigue_days: 7.0,
    };
    let loads = varied_loads(200);
    let tests = tests_from(&loads, &truth, &[20, 45, 60, 83, 100, 127, 150, 171, 199]);
    let f = fit(
        &loads,
        &tests,
        TimeConstants::Fixed {
            fitness_days: 42.0,
            fatigue_days: 7.0,
        },
    )
    .unwrap();
    assert_rel("p0", f.params.p0, 300.0, 1e-8);
    assert_rel("k fitness", f.params.k_fitness, 0.8, 1e-8);
    assert_rel("k fatigue", f.params.k_fatigue, 1.6, 1e-8);
    assert!(f.r_squared > 0.999_999, "{f:?}");
    assert!(f.warnings.is_empty(), "{f:?}");
}

#[test]
fn recovers_time_constants_when_tests_are_dense() {
    let truth = BanisterParams {
        p0: 300.0,
        k_fitness: 0.8,
        tau_fitness_days: 35.0,
        k_fatigue: 1.6,
        tau_fatigue_days: 9.0,
    };
    let loads = varied_loads(240);
    let days: Vec<usize> = (10..240).step_by(5).collect();
    let tests = tests_from(&loads, &truth, &days);
    let f = fit(
        &loads,
        &tests,
        TimeConstants::Fit {
            fitness_days: 42.0,
            fatigue_days: 7.0,
        },
    )
    .unwrap();
    assert_rel("τ fitness", f.params.tau_fitness_days, 35.0, 1e-3);
    assert_rel("τ fatigue", f.params.tau_fatigue_days, 9.0, 1e-3);
    assert_rel("k fitness", f.params.k_fitness, 0.8, 1e-3);
}

#[test]
fn refuses_with_too_few_tests() {
    let loads = varied_loads(100);
    let tests = tests_from(&loads, &BanisterParams::default(), &[30, 60, 90]);
    let e = fit(
        &loads,
        &tests,
        TimeConstants::Fixed {
            fitness_days: 42.0,
            fatigue_days: 7.0,
        },
    )
    .unwrap_err();
    assert!(matches!(e, MetricsError::NotIdentifiable(_)), "{e}");
    // Fitting the time constants needs more tests than fitting gains.
    let tests = tests_from(
        &loads,
        &BanisterParams::default(),
        &[20, 35, 50, 65, 80, 95],
    );
    let e = fit(
        &loads,
        &tests,
        TimeConstants::Fit {
            fitness_days: 42.0,
            fatigue_days: 7.0,
        },
    )
    .unwrap_err();
    assert!(matches!(e, MetricsError::NotIdentifiable(_)), "{e}");
}

#[test]
fn refuses_with_flat_loads() {
    // Months of the same load: by the test days fitness and fatigue have both settled, so the
    // tests cannot tell their gains apart.
    let loads = vec![80.0; 400];
    let days: Vec<usize> = (200..400).step_by(20).collect();
    let tests: Vec<PerformanceTest> = days
        .iter()
        .enumerate()
        .map(|(i, &d)| PerformanceTest {
            day: d,
            value: 400.0 + (i % 3) as f64,
        })
        .collect();
    let e = fit(
        &loads,
        &tests,
        TimeConstants::Fixed {
            fitness_days: 42.0,
            fatigue_days: 7.0,
        },
    )
    .unwrap_err();
    match e {
        MetricsError::NotIdentifiable(msg) => {
            assert!(msg.contains("same on every test day"), "{msg}")
        }
        other => panic!("{other}"),
    }
}

#[test]
fn warns_when_a_time_constant_is_poorly_identified() {
    // Sparse tests after the loads stop: the fatigue time constant barely changes the residual.
    let truth = BanisterParams::default();
    let mut loads = varied_loads(120);
    loads.extend(vec![0.0; 200]);
    let days: Vec<usize> = (130..320).step_by(20).collect();
    let mut tests = tests_from(&loads, &truth, &days);
    // Measurement noise of a few units, as real tests have.
    for (i, t) in tests.iter_mut().enumerate() {
        t.value += [3.0, -2.0, 4.0, -5.0, 1.0][i % 5];
    }
    match fit(
        &loads,
        &tests,
        TimeConstants::Fit {
            fitness_days: 42.0,
            fatigue_days: 7.0,
        },
    ) {
        Ok(f) => assert!(
            f.warnings.iter().any(|w| w.contains("poorly identified")),
            "{f:?}"
        ),
        Err(e) => assert!(matches!(e, MetricsError::NotIdentifiable(_)), "{e}"),
    }
}
