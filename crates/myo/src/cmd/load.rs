//! `myo load FILE.csv`: daily or per-session loads → fitness/fatigue/form, ratios, monotony.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

use anyhow::Context as _;
use clap::ValueEnum;
use myo_metrics::load::pmc::{pmc, FormTiming, PmcConfig, Smoothing};
use myo_metrics::load::ratio::{
    acwr_ewma, acwr_rolling_coupled, acwr_rolling_uncoupled, monotony_strain, week_over_week_pct,
    EwmaSeed, WindowFill,
};
use myo_metrics::parse::{format_date, parse_loads_csv};
use serde::Serialize;

use crate::exit::BadInput;

/// Printed with every ratio output: the ACWR describes, it does not predict.
pub const ACWR_WARNING: &str = "ACWR describes how load changed; it is not an injury predictor \
(Impellizzeri et al. 2020). See docs/analytics.md.";

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Table,
    Json,
    Csv,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum SmoothingArg {
    /// λ = 1 − e^(−1/τ) (GoldenCheetah)
    Exponential,
    /// λ = 1/τ (Coggan/WKO description)
    Reciprocal,
    /// λ = 2/(τ+1) (Runalyze, Williams EWMA)
    Span,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum FormArg {
    /// Form = yesterday's fitness − fatigue (GoldenCheetah default, TrainingPeaks)
    NextDay,
    /// Form = today's fitness − fatigue
    SameDay,
}

/// Training load from a CSV: `date` and `load_au` (or `rpe` and `minutes`), optional `planned`.
#[derive(clap::Args)]
pub struct Args {
    /// CSV file with a header: date,load_au[,planned] or date,rpe,minutes[,planned].
    pub file: PathBuf,
    /// Output format [default: table; json with the global --json].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Fitness time constant (days).
    #[arg(long, default_value_t = 42.0)]
    pub fitness_days: f64,
    /// Fatigue time constant (days).
    #[arg(long, default_value_t = 7.0)]
    pub fatigue_days: f64,
    /// Smoothing convention of the fitness/fatigue EWMA.
    #[arg(long, value_enum, default_value = "exponential")]
    pub smoothing: SmoothingArg,
    /// Which day's fitness and fatigue form is computed from.
    #[arg(long, value_enum, default_value = "next-day")]
    pub form: FormArg,
    /// Fitness on the day before the first row.
    #[arg(long, default_value_t = 0.0)]
    pub fitness_seed: f64,
    /// Fatigue on the day before the first row.
    #[arg(long, default_value_t = 0.0)]
    pub fatigue_seed: f64,
    /// Acute window of the load ratios (days).
    #[arg(long, default_value_t = 7)]
    pub acute_days: usize,
    /// Chronic window of the load ratios (days).
    #[arg(long, default_value_t = 28)]
    pub chronic_days: usize,
    /// Extend the chart this many rest days past the last row, to show the decay.
    #[arg(long, default_value_t = 0)]
    pub project_days: usize,
    /// Show only the last N days (table and CSV; JSON always has all days).
    #[arg(long)]
    pub last: Option<usize>,
}

#[derive(Serialize)]
struct Row {
    date: String,
    load_au: f64,
    /// planned (a future session) or projected (a rest day added by --project-days).
    kind: &'static str,
    fitness_au: f64,
    fatigue_au: f64,
    form_au: f64,
    ramp_au: f64,
    acwr_ewma: Option<f64>,
    acwr_rolling_coupled: Option<f64>,
    acwr_rolling_uncoupled: Option<f64>,
    monotony: Option<f64>,
    strain_au: Option<f64>,
    week_over_week_pct: Option<f64>,
}

#[derive(Serialize)]
struct Output<'a> {
    conventions: Conventions,
    warning: &'a str,
    days: &'a [Row],
}

#[derive(Serialize)]
struct Conventions {
    pmc: PmcConfig,
    acute_days: usize,
    chronic_days: usize,
    acwr_ewma: &'static str,
    acwr_rolling: &'static str,
    monotony: &'static str,
}

pub fn run(args: Args, json: bool) -> anyhow::Result<()> {
    let name = args.file.display().to_string();
    let text = std::fs::read_to_string(&args.file).with_context(|| format!("reading {name}"))?;
    let loads = parse_loads_csv(&text)
        .map_err(|e| BadInput(format!("{name}:{}: {}", e.line, e.message)))?;
    let config = PmcConfig {
        fitness_days: args.fitness_days,
        fatigue_days: args.fatigue_days,
        smoothing: match args.smoothing {
            SmoothingArg::Exponential => Smoothing::Exponential,
            SmoothingArg::Reciprocal => Smoothing::Reciprocal,
            SmoothingArg::Span => Smoothing::Span,
        },
        form: match args.form {
            FormArg::NextDay => FormTiming::NextDay,
            FormArg::SameDay => FormTiming::SameDay,
        },
        fitness_seed_au: args.fitness_seed,
        fatigue_seed_au: args.fatigue_seed,
        ..PmcConfig::default()
    };
    let bad = |e: myo_metrics::MetricsError| BadInput(format!("{name}: {e}"));
    let mut series = loads.done_au.clone();
    series.extend(&loads.planned_au);
    series.extend(std::iter::repeat_n(0.0, args.project_days));
    let chart = pmc(&series, &config).map_err(bad)?;
    let (a, c) = (args.acute_days, args.chronic_days);
    let ewma = acwr_ewma(&series, a, c, EwmaSeed::FirstLoad).map_err(bad)?;
    let coupled = acwr_rolling_coupled(&series, a, c, WindowFill::FullOnly).map_err(bad)?;
    let uncoupled = acwr_rolling_uncoupled(&series, a, c, WindowFill::FullOnly).map_err(bad)?;
    let mono = monotony_strain(&series, 7).map_err(bad)?;
    let wow = week_over_week_pct(&series).map_err(bad)?;
    let n_done = loads.done_au.len();
    let n_planned = loads.planned_au.len();
    let rows: Vec<Row> = (0..series.len())
        .map(|t| Row {
            date: format_date(loads.first_day + t as i64),
            load_au: series[t],
            kind: if t < n_done {
                "done"
            } else if t < n_done + n_planned {
                "planned"
            } else {
                "projected"
            },
            fitness_au: chart[t].fitness_au,
            fatigue_au: chart[t].fatigue_au,
            form_au: chart[t].form_au,
            ramp_au: chart[t].ramp_au,
            acwr_ewma: ewma[t].ratio,
            acwr_rolling_coupled: coupled[t].ratio,
            acwr_rolling_uncoupled: uncoupled[t].ratio,
            monotony: mono[t].and_then(|m| m.monotony),
            strain_au: mono[t].and_then(|m| m.strain_au),
            week_over_week_pct: wow[t],
        })
        .collect();
    let shown = match args.last {
        Some(n) => &rows[rows.len().saturating_sub(n)..],
        None => &rows[..],
    };
    let mut out = anstream::stdout().lock();
    let format = args
        .format
        .unwrap_or(if json { Format::Json } else { Format::Table });
    match format {
        Format::Json => {
            let doc = Output {
                conventions: Conventions {
                    pmc: config,
                    acute_days: a,
                    chronic_days: c,
                    acwr_ewma: "lambda = 2/(N+1), seeded with the first day's load (CRAN ACWR)",
                    acwr_rolling: "trailing means including today; none until the window is full",
                    monotony: "7-day mean / sample SD (n-1); strain = 7-day sum x monotony",
                },
                warning: ACWR_WARNING,
                days: &rows,
            };
            serde_json::to_writer_pretty(&mut out, &doc)?;
            writeln!(out)?;
        }
        Format::Csv => {
            writeln!(
                out,
                "date,load_au,kind,fitness_au,fatigue_au,form_au,ramp_au,acwr_ewma,\
                 acwr_rolling_coupled,acwr_rolling_uncoupled,monotony,strain_au,week_over_week_pct"
            )?;
            for r in shown {
                writeln!(
                    out,
                    "{},{},{},{:.4},{:.4},{:.4},{:.4},{},{},{},{},{},{}",
                    r.date,
                    r.load_au,
                    r.kind,
                    r.fitness_au,
                    r.fatigue_au,
                    r.form_au,
                    r.ramp_au,
                    opt(r.acwr_ewma, 4),
                    opt(r.acwr_rolling_coupled, 4),
                    opt(r.acwr_rolling_uncoupled, 4),
                    opt(r.monotony, 4),
                    opt(r.strain_au, 2),
                    opt(r.week_over_week_pct, 2),
                )?;
            }
            eprintln!("note: {ACWR_WARNING}");
        }
        Format::Table => {
            let mut s = String::new();
            let _ = writeln!(
                s,
                "{:<10} {:>7} {:>8} {:>8} {:>8} {:>6} {:>6} {:>6} {:>6} {:>5} {:>8} {:>6}",
                "date",
                "load",
                "fitness",
                "fatigue",
                "form",
                "ramp",
                "ewma",
                "acwr",
                "uncpl",
                "mono",
                "strain",
                "wow%"
            );
            for r in shown {
                let mark = match r.kind {
                    "planned" => " (planned)",
                    "projected" => " (projected)",
                    _ => "",
                };
                let _ = writeln!(
                    s,
                    "{:<10} {:>7.1} {:>8.1} {:>8.1} {:>8.1} {:>6.1} {:>6} {:>6} {:>6} {:>5} {:>8} {:>6}{mark}",
                    r.date,
                    r.load_au,
                    r.fitness_au,
                    r.fatigue_au,
                    r.form_au,
                    r.ramp_au,
                    opt(r.acwr_ewma, 2),
                    opt(r.acwr_rolling_coupled, 2),
                    opt(r.acwr_rolling_uncoupled, 2),
                    opt(r.monotony, 2),
                    opt(r.strain_au, 0),
                    opt(r.week_over_week_pct, 0),
                );
            }
            let _ = writeln!(
                s,
                "\nfitness/fatigue: tau {}/{} d, {} smoothing, form {}. acwr = rolling coupled {a}/{c} d.",
                args.fitness_days,
                args.fatigue_days,
                match args.smoothing {
                    SmoothingArg::Exponential => "1-e^(-1/tau)",
                    SmoothingArg::Reciprocal => "1/tau",
                    SmoothingArg::Span => "2/(tau+1)",
                },
                match args.form {
                    FormArg::NextDay => "from the previous day",
                    FormArg::SameDay => "same day",
                },
            );
            let _ = writeln!(s, "note: {ACWR_WARNING}");
            out.write_all(s.as_bytes())?;
        }
    }
    Ok(())
}

fn opt(v: Option<f64>, decimals: usize) -> String {
    v.map_or_else(|| "-".to_string(), |x| format!("{x:.decimals$}"))
}
