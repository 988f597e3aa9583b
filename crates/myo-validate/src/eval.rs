//! Running every predictor over every morning of every athlete, and scoring the later half.

use chrono::Datelike;

use crate::data::{AthleteData, Target};
use crate::past::Past;
use crate::predictors::{Prediction, Predictor};
use crate::stats::{self, Blocks, Estimate, Rho};

/// One scored morning of one item.
#[derive(Debug, Clone)]
pub struct Scored {
    pub athlete: usize,
    /// ISO year and week of the local date: the bootstrap's block.
    pub week: (i32, u32),
    pub date: chrono::NaiveDate,
    pub truth: f64,
    /// Per predictor: its answer (the running median where it had none) and whether it was
    /// its own.
    pub predictions: Vec<(Prediction, bool)>,
}

/// Every scored morning, per target.
pub struct Results {
    pub predictors: Vec<String>,
    pub athletes: Vec<String>,
    pub scored: [Vec<Scored>; 3],
}

/// Runs the predictors (the first must be the running median: the fallback) over every
/// athlete's mornings; `progress` hears of each athlete done.
pub fn run(
    athletes: &[AthleteData],
    predictors: &mut [Box<dyn Predictor>],
    mut progress: impl FnMut(&AthleteData, f64),
) -> Results {
    let mut scored: [Vec<Scored>; 3] = Default::default();
    for (a, athlete) in athletes.iter().enumerate() {
        let started = std::time::Instant::now();
        for p in predictors.iter_mut() {
            p.begin(athlete);
        }
        for k in 0..athlete.mornings.len() {
            let past = Past::new(athlete, k);
            let answers: Vec<[Option<Prediction>; 3]> =
                predictors.iter_mut().map(|p| p.predict(&past)).collect();
            if k < athlete.split {
                continue;
            }
            let report = &athlete.reports[athlete.mornings[k]];
            for t in Target::ALL {
                let i = t.index();
                let (Some(truth), Some(fallback)) = (report.values[i], answers[0][i]) else {
                    continue;
                };
                let iso = past.date.iso_week();
                scored[i].push(Scored {
                    athlete: a,
                    week: (iso.year(), iso.week()),
                    date: past.date,
                    truth,
                    predictions: answers
                        .iter()
                        .map(|ans| match ans[i] {
                            Some(p) => (p, true),
                            None => (fallback, false),
                        })
                        .collect(),
                });
            }
        }
        progress(athlete, started.elapsed().as_secs_f64());
    }
    Results {
        predictors: predictors.iter().map(|p| p.name()).collect(),
        athletes: athletes.iter().map(|a| a.id.clone()).collect(),
        scored,
    }
}

/// How the statistics are computed.
#[derive(Debug, Clone, Copy)]
pub struct Settings {
    pub reps: usize,
    pub seed: u64,
}

/// One predictor's scores on one item, for one athlete or pooled.
#[derive(Debug, Clone)]
pub struct Scores {
    pub n: usize,
    pub mae: Option<Estimate>,
    /// MAE minus persistence's MAE (negative: better than persistence).
    pub delta_mae: Option<Estimate>,
    /// Per athlete: Spearman's ρ; pooled: the mean of the athletes' ρ.
    pub rho: Option<Estimate>,
    /// Per athlete only: why ρ is missing.
    pub rho_kind: Option<Rho>,
    /// Share of days closer to the report than persistence, and farther from it.
    pub better: f64,
    pub worse: f64,
    /// Share of days with the predictor's own answer (not the fallback).
    pub own: f64,
    /// Share of reports inside the 10–90% range, and the mean width, when ranges are given.
    pub coverage: Option<(f64, f64)>,
}

/// Index of persistence among the predictors.
pub fn persistence_index(results: &Results) -> usize {
    results
        .predictors
        .iter()
        .position(|p| p == "persistence")
        .expect("persistence is always run")
}

/// Scores of predictor `p` on `rows` (indices into `all`), grouped into strata (athletes) of
/// blocks (weeks).
fn scores(
    all: &[Scored],
    blocks: &Blocks,
    p: usize,
    persistence: usize,
    settings: Settings,
    seed: u64,
) -> Scores {
    let rows: Vec<usize> = blocks.strata.iter().flatten().flatten().copied().collect();
    let n = rows.len();
    let err = |i: usize, q: usize| (all[i].predictions[q].0.value - all[i].truth).abs();
    let mae_of = |s: &[Vec<usize>], q: usize| {
        let (pred, truth): (Vec<f64>, Vec<f64>) = s
            .iter()
            .flatten()
            .map(|&i| (all[i].predictions[q].0.value, all[i].truth))
            .unzip();
        stats::mae(&pred, &truth)
    };
    let mae = stats::bootstrap(blocks, settings.reps, seed, |s| mae_of(s, p));
    let delta_mae = stats::bootstrap(blocks, settings.reps, seed, |s| {
        Some(mae_of(s, p)? - mae_of(s, persistence)?)
    });
    let rho_of = |rows: &[usize]| {
        let pred: Vec<f64> = rows
            .iter()
            .map(|&i| all[i].predictions[p].0.value)
            .collect();
        let truth: Vec<f64> = rows.iter().map(|&i| all[i].truth).collect();
        stats::spearman(&pred, &truth)
    };
    let rho = stats::bootstrap(blocks, settings.reps, seed, |s| {
        let per: Vec<f64> = s.iter().filter_map(|rows| rho_of(rows).pooled()).collect();
        stats::mean(&per)
    });
    let rho_kind = (blocks.strata.len() == 1).then(|| rho_of(&rows));
    let share = |f: &dyn Fn(usize) -> bool| {
        if n == 0 {
            0.0
        } else {
            rows.iter().filter(|&&i| f(i)).count() as f64 / n as f64
        }
    };
    let better = share(&|i| err(i, p) < err(i, persistence) - 1e-9);
    let worse = share(&|i| err(i, p) > err(i, persistence) + 1e-9);
    let own = share(&|i| all[i].predictions[p].1);
    let ranged: Vec<(f64, f64, f64)> = rows
        .iter()
        .filter_map(|&i| {
            let (pred, own) = all[i].predictions[p];
            let (lo, hi) = pred.range.filter(|_| own)?;
            Some((lo, hi, all[i].truth))
        })
        .collect();
    let coverage = (!ranged.is_empty()).then(|| {
        let inside = ranged
            .iter()
            .filter(|(lo, hi, y)| (*lo - 1e-9..=*hi + 1e-9).contains(y))
            .count();
        let width = ranged.iter().map(|(lo, hi, _)| hi - lo).sum::<f64>() / ranged.len() as f64;
        (inside as f64 / ranged.len() as f64, width)
    });
    Scores {
        n,
        mae,
        delta_mae,
        rho,
        rho_kind,
        better,
        worse,
        own,
        coverage,
    }
}

/// Weeks of one athlete's scored rows, in date order.
fn weeks(all: &[Scored], athlete: usize) -> Vec<Vec<usize>> {
    let mut out: Vec<((i32, u32), Vec<usize>)> = Vec::new();
    for (i, s) in all.iter().enumerate().filter(|(_, s)| s.athlete == athlete) {
        match out.last_mut() {
            Some((w, rows)) if *w == s.week => rows.push(i),
            _ => out.push((s.week, vec![i])),
        }
    }
    out.into_iter().map(|(_, rows)| rows).collect()
}

/// Scores per target: `[target][predictor]` pooled, and `[target][athlete][predictor]`.
pub struct Table {
    pub pooled: Vec<Vec<Scores>>,
    pub per_athlete: Vec<Vec<Vec<Scores>>>,
}

pub fn score(results: &Results, settings: Settings) -> Table {
    let persistence = persistence_index(results);
    let mut pooled = Vec::new();
    let mut per_athlete = Vec::new();
    for t in Target::ALL {
        let all = &results.scored[t.index()];
        let strata: Vec<Vec<Vec<usize>>> = (0..results.athletes.len())
            .map(|a| weeks(all, a))
            .filter(|w| !w.is_empty())
            .collect();
        // One seed per target (and athlete): every predictor sees the same resampled weeks.
        let seed = settings.seed ^ (t.index() as u64 + 1).wrapping_mul(0x9E37_79B9_7F4A_7C15);
        let pooled_blocks = Blocks { strata };
        pooled.push(
            (0..results.predictors.len())
                .map(|p| scores(all, &pooled_blocks, p, persistence, settings, seed))
                .collect(),
        );
        per_athlete.push(
            (0..results.athletes.len())
                .map(|a| {
                    let blocks = Blocks {
                        strata: vec![weeks(all, a)],
                    };
                    let seed = seed ^ (a as u64 + 1).wrapping_mul(0xBF58_476D_1CE4_E5B9);
                    (0..results.predictors.len())
                        .map(|p| scores(all, &blocks, p, persistence, settings, seed))
                        .collect()
                })
                .collect(),
        );
    }
    Table {
        pooled,
        per_athlete,
    }
}
