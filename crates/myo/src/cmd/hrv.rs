//! `myo hrv FILE`: HRV metrics of an RR series, or baselines and daily verdicts of a daily HRV CSV.

use std::fmt::Write as _;
use std::io::Write as _;
use std::path::PathBuf;

use anyhow::Context as _;
use clap::ValueEnum;
use myo_metrics::hrv::baseline::{daily_verdicts, Advice, BaselineConfig, DecisionRule, Status};
use myo_metrics::hrv::{
    analyse, ArtefactConfig, ArtefactMethod, HrvConfig, PnnDenominator, SdsdConvention,
};
use myo_metrics::parse::{format_date, is_daily_hrv_csv, parse_daily_hrv, parse_rr, RrUnit};
use serde::Serialize;

use crate::exit::BadInput;

#[derive(Clone, Copy, ValueEnum)]
pub enum Format {
    Table,
    Json,
}

#[derive(Clone, Copy, PartialEq, Eq, ValueEnum)]
pub enum CorrectionArg {
    /// Lipponen & Tarvainen (2019), as Kubios: ectopic and long/short beats interpolated
    Lipponen,
    /// Deviation from the median of 10 neighbours; ectopic pairs averaged (myo's earlier default)
    LocalMedian,
    /// None: the series is already a clean NN series
    None,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum UnitArg {
    /// Seconds if the median value is below 10, else milliseconds
    Auto,
    Ms,
    S,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum SdsdArg {
    /// Sample SD of successive differences (Task Force, numpy, neurokit2)
    Sample,
    /// Population SD (hrv-analysis)
    Population,
    /// Sample SD of absolute differences (pyHRV)
    AbsDiff,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum PnnArg {
    /// Divide by the number of successive differences (pyHRV, hrv-analysis)
    Differences,
    /// Divide by the number of intervals (neurokit2)
    Intervals,
}

#[derive(Clone, Copy, ValueEnum)]
pub enum RuleArg {
    /// Outside the normal range on either side → low intensity (Javaloyes 2019)
    EitherSide,
    /// Only a suppressed baseline → low intensity (Kiviniemi 2007)
    SuppressedOnly,
}

/// HRV from RR intervals (one per line, or CSV with an rr_ms / rr_s column), or baselines and
/// verdicts from a daily CSV (date, rmssd_ms or ln_rmssd, optional resting_hr_bpm).
#[derive(clap::Args)]
pub struct Args {
    /// RR series or daily HRV CSV (a file whose header has a `date` column).
    pub file: PathBuf,
    /// Output format [default: table; json with the global --json].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Unit of the RR values.
    #[arg(long, value_enum, default_value = "auto")]
    pub unit: UnitArg,
    /// Artefact and ectopic-beat correction before the metrics.
    #[arg(long, value_enum, default_value = "lipponen")]
    pub correction: CorrectionArg,
    /// Analyse the series as given (it is already a clean NN series): `--correction none`.
    #[arg(long, conflicts_with = "correction")]
    pub no_correction: bool,
    #[arg(long, value_enum, default_value = "sample")]
    pub sdsd: SdsdArg,
    #[arg(long, value_enum, default_value = "differences")]
    pub pnn: PnnArg,
    /// Daily mode: days in the rolling baseline.
    #[arg(long, default_value_t = 7)]
    pub rolling_days: u32,
    /// Daily mode: days in the normal range.
    #[arg(long, default_value_t = 60)]
    pub normal_days: u32,
    /// Daily mode: half-width of the normal range in SDs.
    #[arg(long, default_value_t = 0.5)]
    pub width_sd: f64,
    /// Daily mode: measurements needed in the normal window before any verdict.
    #[arg(long, default_value_t = 21)]
    pub min_days: usize,
    #[arg(long, value_enum, default_value = "either-side")]
    pub rule: RuleArg,
}

pub fn run(args: Args, json: bool) -> anyhow::Result<()> {
    let json = match args.format {
        Some(f) => matches!(f, Format::Json),
        None => json,
    };
    let name = args.file.display().to_string();
    let text = std::fs::read_to_string(&args.file).with_context(|| format!("reading {name}"))?;
    if is_daily_hrv_csv(&text) {
        daily(&args, json, &name, &text)
    } else {
        recording(&args, json, &name, &text)
    }
}

fn recording(args: &Args, json: bool, name: &str, text: &str) -> anyhow::Result<()> {
    let unit = match args.unit {
        UnitArg::Auto => RrUnit::Auto,
        UnitArg::Ms => RrUnit::Milliseconds,
        UnitArg::S => RrUnit::Seconds,
    };
    let rr_ms =
        parse_rr(text, unit).map_err(|e| BadInput(format!("{name}:{}: {}", e.line, e.message)))?;
    let method = match args.correction {
        _ if args.no_correction => None,
        CorrectionArg::None => None,
        CorrectionArg::Lipponen => Some(ArtefactMethod::Lipponen2019),
        CorrectionArg::LocalMedian => Some(ArtefactMethod::LocalMedian),
    };
    let mut config = HrvConfig {
        artefacts: method.map(|method| ArtefactConfig {
            method,
            ..ArtefactConfig::default()
        }),
        ..HrvConfig::default()
    };
    config.time.sdsd = match args.sdsd {
        SdsdArg::Sample => SdsdConvention::SampleStd,
        SdsdArg::Population => SdsdConvention::PopulationStd,
        SdsdArg::AbsDiff => SdsdConvention::AbsDiffSampleStd,
    };
    config.time.pnn_denominator = match args.pnn {
        PnnArg::Differences => PnnDenominator::Differences,
        PnnArg::Intervals => PnnDenominator::Intervals,
    };
    let report = analyse(&rr_ms, &config).map_err(|e| BadInput(format!("{name}: {e}")))?;
    let mut out = anstream::stdout().lock();
    if json {
        #[derive(Serialize)]
        struct Doc<'a> {
            config: &'a HrvConfig,
            report: &'a myo_metrics::hrv::HrvReport,
        }
        serde_json::to_writer_pretty(
            &mut out,
            &Doc {
                config: &config,
                report: &report,
            },
        )?;
        writeln!(out)?;
        return Ok(());
    }
    let t = &report.time;
    let mut s = String::new();
    let _ = writeln!(s, "{name}: {} intervals", report.n_input);
    match (report.artefacts, config.artefacts) {
        (Some(a), Some(c)) => {
            let method = match c.method {
                ArtefactMethod::Lipponen2019 => "Lipponen & Tarvainen 2019",
                ArtefactMethod::LocalMedian => "local median",
            };
            let _ = writeln!(
                s,
                "artefacts corrected ({method}): {} ({:.1} % of intervals): {} ectopic, {} long/short, {} missed, {} extra, {} other{}",
                a.total(),
                100.0 * report.corrected_fraction,
                a.ectopic,
                a.long_short,
                a.missed,
                a.extra,
                a.other,
                if a.total() > 0 { " (positions: --json)" } else { "" }
            );
        }
        _ => {
            let _ = writeln!(s, "artefact correction: off");
        }
    }
    let _ = writeln!(s, "\ntime domain");
    let rows: [(&str, String); 11] = [
        ("NN intervals", t.n_intervals.to_string()),
        ("mean NN (ms)", format!("{:.1}", t.mean_nn_ms)),
        ("SDNN (ms)", format!("{:.1}", t.sdnn_ms)),
        ("RMSSD (ms)", format!("{:.1}", t.rmssd_ms)),
        (
            "lnRMSSD",
            t.ln_rmssd.map_or("-".into(), |v| format!("{v:.3}")),
        ),
        ("SDSD (ms)", format!("{:.1}", t.sdsd_ms)),
        ("NN50", t.nn50.to_string()),
        ("pNN50 (%)", format!("{:.1}", t.pnn50_pct)),
        ("pNN20 (%)", format!("{:.1}", t.pnn20_pct)),
        ("mean HR (bpm)", format!("{:.1}", t.mean_hr_bpm)),
        (
            "HR range (bpm)",
            format!("{:.1}–{:.1}", t.min_hr_bpm, t.max_hr_bpm),
        ),
    ];
    for (k, v) in rows {
        let _ = writeln!(s, "  {k:<16} {v:>12}");
    }
    if let Some(f) = &report.frequency {
        let _ = writeln!(
            s,
            "\nfrequency domain (Welch, 4 Hz cubic, Hamming, nfft 4096; {} segments of {})",
            f.n_segments, f.segment_len
        );
        for (k, b) in [("VLF", f.vlf), ("LF", f.lf), ("HF", f.hf)] {
            let _ = writeln!(
                s,
                "  {k:<4} {:>12.1} ms²  {:>5.1} %  peak {:.4} Hz",
                b.power_ms2, b.relative_pct, b.peak_hz
            );
        }
        let _ = writeln!(
            s,
            "  LF/HF {:.3}   LF {:.1} nu   HF {:.1} nu   total {:.1} ms²",
            f.lf_hf_ratio, f.lf_nu, f.hf_nu, f.total_power_ms2
        );
    }
    if let Some(p) = &report.poincare {
        let _ = writeln!(
            s,
            "\nPoincaré  SD1 {:.1} ms  SD2 {:.1} ms  SD2/SD1 {:.3}",
            p.sd1_ms, p.sd2_ms, p.sd2_sd1_ratio
        );
    }
    if let Some(a) = report.dfa_alpha1 {
        let _ = writeln!(s, "DFA α1    {a:.3}");
    }
    for n in &report.notes {
        let _ = writeln!(s, "note: {n}");
    }
    out.write_all(s.as_bytes())?;
    Ok(())
}

fn daily(args: &Args, json: bool, name: &str, text: &str) -> anyhow::Result<()> {
    let days =
        parse_daily_hrv(text).map_err(|e| BadInput(format!("{name}:{}: {}", e.line, e.message)))?;
    let config = BaselineConfig {
        rolling_days: args.rolling_days,
        normal_days: args.normal_days,
        width_sd: args.width_sd,
        min_normal_values: args.min_days,
        rule: match args.rule {
            RuleArg::EitherSide => DecisionRule::EitherSide,
            RuleArg::SuppressedOnly => DecisionRule::SuppressedOnly,
        },
        ..BaselineConfig::default()
    };
    let verdicts = daily_verdicts(&days, &config).map_err(|e| BadInput(format!("{name}: {e}")))?;
    let mut out = anstream::stdout().lock();
    if json {
        #[derive(Serialize)]
        struct Row<'a> {
            date: String,
            #[serde(flatten)]
            verdict: &'a myo_metrics::hrv::Verdict,
        }
        #[derive(Serialize)]
        struct Doc<'a> {
            config: &'a BaselineConfig,
            days: Vec<Row<'a>>,
        }
        let rows = verdicts
            .iter()
            .map(|v| Row {
                date: format_date(v.day),
                verdict: v,
            })
            .collect();
        serde_json::to_writer_pretty(
            &mut out,
            &Doc {
                config: &config,
                days: rows,
            },
        )?;
        writeln!(out)?;
        return Ok(());
    }
    let mut s = String::new();
    let _ = writeln!(
        s,
        "{:<10} {:>8} {:>8} {:>15} {:<18} {:<18} advice",
        "date", "lnRMSSD", "7d base", "normal range", "verdict", "today"
    );
    for v in &verdicts {
        let range = match (v.normal_low, v.normal_high) {
            (Some(lo), Some(hi)) => format!("{lo:.2}–{hi:.2}"),
            _ => "-".into(),
        };
        let _ = writeln!(
            s,
            "{:<10} {:>8.3} {:>8} {:>15} {:<18} {:<18} {}{}",
            format_date(v.day),
            v.ln_rmssd,
            v.baseline_ln_rmssd
                .map_or("-".into(), |b| format!("{b:.3}")),
            range,
            status(v.status),
            status(v.today),
            match v.advice {
                Advice::NoVerdict => "no verdict yet",
                Advice::TrainAsPlanned => "train as planned",
                Advice::LowIntensity => "low intensity",
            },
            if v.resting_hr_elevated == Some(true) {
                " (resting HR up)"
            } else {
                ""
            }
        );
    }
    let _ = writeln!(
        s,
        "\nbaseline: {}-day mean lnRMSSD; normal range: {}-day mean ± {} SD; verdicts after {} measurements.",
        config.rolling_days, config.normal_days, config.width_sd, config.min_normal_values
    );
    out.write_all(s.as_bytes())?;
    Ok(())
}

fn status(s: Status) -> &'static str {
    match s {
        Status::InsufficientData => "insufficient data",
        Status::WithinRange => "within range",
        Status::Suppressed => "suppressed",
        Status::Elevated => "elevated",
    }
}
