//! Load metrics against the R packages `ACWR` and `athletemonitoring` (tests/data/load).

use myo_metrics::load::ratio::{
    acwr_ewma, acwr_rolling_coupled, acwr_rolling_uncoupled, monotony_strain, EwmaSeed, WindowFill,
};
use myo_metrics::load::session::{normalized_power_w, power_load};
use myo_metrics::load::wbal::{
    skiba_tau_s, w_prime_balance_differential, w_prime_balance_integral, Tau,
};

const ACWR_OUT: &str = include_str!("../data/load/acwr-r-package/ACWR_package_output.csv");
const ACWR_SCENARIO: &str =
    include_str!("../data/load/acwr-r-package/ACWR_package_test_scenario_output.csv");
const AM_OUT: &str = include_str!(
    "../data/load/athletemonitoring-r/athletemonitoring_prepare_acute7_chronic28_output.csv"
);
const AM_IN: &str = include_str!("../data/load/athletemonitoring-r/monitoring_input_long.csv");

/// Rows of a simple CSV (quoted fields without commas), header dropped.
fn rows(text: &str) -> Vec<Vec<String>> {
    text.lines()
        .skip(1)
        .filter(|l| !l.trim().is_empty())
        .map(|l| {
            l.split(',')
                .map(|f| f.trim_matches('"').to_string())
                .collect()
        })
        .collect()
}

fn opt(v: &str) -> Option<f64> {
    (v != "NA").then(|| v.parse().unwrap())
}

#[track_caller]
fn close(what: &str, got: Option<f64>, want: Option<f64>, tol: f64) {
    match (got, want) {
        (Some(g), Some(w)) => assert!((g - w).abs() <= tol, "{what}: got {g}, want {w}"),
        (None, None) => {}
        _ => panic!("{what}: got {got:?}, want {want:?}"),
    }
}

/// Checks every subject of an `ACWR()` output (columns as in the package).
fn check_acwr_package(text: &str) -> usize {
    let rows = rows(text);
    let mut checked = 0;
    let mut ids: Vec<String> = rows.iter().map(|r| r[0].clone()).collect();
    ids.dedup();
    for id in ids {
        let sub: Vec<&Vec<String>> = rows.iter().filter(|r| r[0] == id).collect();
        let tl: Vec<f64> = sub.iter().map(|r| r[1].parse().unwrap()).collect();
        let ewma = acwr_ewma(&tl, 7, 28, EwmaSeed::FirstLoad).unwrap();
        let rac = acwr_rolling_coupled(&tl, 7, 28, WindowFill::Partial).unwrap();
        let rau = acwr_rolling_uncoupled(&tl, 7, 28, WindowFill::Partial).unwrap();
        for (t, r) in sub.iter().enumerate() {
            let w = |i: usize| opt(&r[i]);
            let at = format!("subject {id} day {}", t + 1);
            // EWMA columns are unrounded; RAC/RAU are rounded to 2 dp by the package.
            close(
                &format!("{at} EWMA chronic"),
                ewma[t].chronic_au,
                w(5),
                1e-9,
            );
            close(&format!("{at} EWMA acute"), ewma[t].acute_au, w(6), 1e-9);
            close(&format!("{at} EWMA ACWR"), ewma[t].ratio, w(7), 1e-9);
            // R's round() breaks ties to even (20.625 → 20.62).
            let round = |v: Option<f64>| v.map(|x| (x * 100.0).round_ties_even() / 100.0);
            close(
                &format!("{at} RAC acute"),
                round(rac[t].acute_au),
                w(8),
                1e-9,
            );
            close(
                &format!("{at} RAC chronic"),
                round(rac[t].chronic_au),
                w(9),
                1e-9,
            );
            close(&format!("{at} RAC ACWR"), round(rac[t].ratio), w(10), 1e-9);
            close(
                &format!("{at} RAU acute"),
                round(rau[t].acute_au),
                w(11),
                1e-9,
            );
            close(
                &format!("{at} RAU chronic"),
                round(rau[t].chronic_au),
                w(12),
                1e-9,
            );
            close(&format!("{at} RAU ACWR"), round(rau[t].ratio), w(13), 1e-9);
            checked += 1;
        }
    }
    checked
}

#[test]
fn acwr_package_dataset_ewma_rac_rau() {
    assert_eq!(check_acwr_package(ACWR_OUT), 84);
}

#[test]
fn acwr_package_unit_test_scenario() {
    assert_eq!(check_acwr_package(ACWR_SCENARIO), 28);
}

#[test]
fn athletemonitoring_rolling_acr_monotony_strain() {
    let out = rows(AM_OUT);
    let input = rows(AM_IN);
    let mut athletes: Vec<String> = out.iter().map(|r| r[0].clone()).collect();
    athletes.dedup();
    assert_eq!(athletes.len(), 10);
    let mut checked = 0;
    for a in &athletes {
        let sub: Vec<&Vec<String>> = out.iter().filter(|r| &r[0] == a).collect();
        // Daily sums of the long input (day_aggregate = sum, missing days 0) give variable.value.
        let loads: Vec<f64> = sub
            .iter()
            .map(|r| {
                input
                    .iter()
                    .filter(|i| &i[0] == a && i[1] == r[1] && i[3] == "Training Load")
                    .map(|i| i[4].parse::<f64>().unwrap())
                    .sum()
            })
            .collect();
        for (r, l) in sub.iter().zip(&loads) {
            assert_eq!(*l, r[7].parse::<f64>().unwrap(), "{a} {} daily sum", r[1]);
        }
        let coupled = acwr_rolling_coupled(&loads, 7, 28, WindowFill::FullOnly).unwrap();
        let mono = monotony_strain(&loads, 7).unwrap();
        for (t, r) in sub.iter().enumerate() {
            let at = format!("{a} {}", r[1]);
            let tol = 1e-9;
            close(
                &format!("{at} acute.mean"),
                coupled[t].acute_au,
                opt(&r[8]),
                tol,
            );
            close(
                &format!("{at} chronic.mean"),
                coupled[t].chronic_au,
                opt(&r[10]),
                tol,
            );
            close(&format!("{at} ACR"), coupled[t].ratio, opt(&r[12]), tol);
            close(
                &format!("{at} acute.sd"),
                mono[t].map(|m| m.sd_au),
                opt(&r[9]),
                tol,
            );
            let m = mono[t].and_then(|m| m.monotony);
            close(&format!("{at} monotony"), m, opt(&r[13]), tol);
            let s = mono[t].and_then(|m| m.strain_au);
            close(&format!("{at} strain"), s, opt(&r[14]), 1e-7);
            checked += 1;
        }
    }
    assert_eq!(checked, 3630);
}

#[test]
fn sweatpy_power_vectors() {
    let p = power_load(300.0, 3600.0, 300.0).unwrap();
    assert_eq!(p.stress_score_au, 100.0);
    assert_eq!(normalized_power_w(&[1.0; 30]).unwrap(), 1.0);
}

const WBAL: &str = include_str!("../data/load/sweatpy-wbal/wbal_test_vectors.json");

#[test]
fn w_prime_balance_matches_sweatpy_vectors() {
    let v: serde_json::Value = serde_json::from_str(WBAL).unwrap();
    let e = &v["expected"];
    let want = |k: &str| e[k].as_f64().unwrap();
    let power: Vec<f64> = (0..100).map(f64::from).collect();
    let (cp, wp) = (25.0, 2000.0);
    let rel = 1e-9;
    crate::assert_rel(
        "tau static",
        skiba_tau_s(&power, cp),
        want("tau_static (mean of sub-CP power over whole series)"),
        rel,
    );
    let skiba = w_prime_balance_integral(&power, cp, wp, Tau::Skiba2012).unwrap();
    crate::assert_rel(
        "skiba [75]",
        skiba[75],
        want("skiba_wbal[75] tau static"),
        rel,
    );
    crate::assert_rel(
        "waterworth [75]",
        skiba[75],
        want("waterworth_wbal[75] tau static"),
        rel,
    );
    crate::assert_rel(
        "default [50]",
        skiba[50],
        want("wbal[50] default(waterworth)"),
        rel,
    );
    let t100 = w_prime_balance_integral(&power, cp, wp, Tau::Seconds(100.0)).unwrap();
    crate::assert_rel(
        "tau=100 [75]",
        t100[75],
        want("skiba_wbal[75] tau=100"),
        rel,
    );
    let t500 = w_prime_balance_integral(&power, cp, wp, Tau::Seconds(500.0)).unwrap();
    crate::assert_rel(
        "tau=500 [50]",
        t500[50],
        want("wbal[50] skiba tau=500"),
        rel,
    );
    let fsc = w_prime_balance_differential(&power, cp, wp).unwrap();
    crate::assert_rel(
        "FSC [75]",
        fsc[75],
        want("froncioni_skiba_clarke_wbal[75]"),
        rel,
    );
    crate::assert_rel(
        "FSC [50]",
        fsc[50],
        want("wbal[50] froncioni-skiba-clarke"),
        rel,
    );
}
