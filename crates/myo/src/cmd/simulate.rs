//! `myo simulate SCENARIO.toml`: the recovery model over a scenario file.

use std::io::{IsTerminal, Write};
use std::path::PathBuf;

use anstyle::{AnsiColor, Style};
use myo_app::SimulationReport;

use crate::exit::BadInput;

/// Output format.
#[derive(Clone, Copy, PartialEq, Eq, clap::ValueEnum)]
pub enum Format {
    /// For people: one table per query time.
    Table,
    /// The spec's JSON contract, for machines.
    Json,
}

/// Run the recovery model over a scenario file.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  myo simulate examples/lifters-week.toml
  myo simulate examples/downhill-long-run.toml --every 12h --until +5d
  myo simulate scenario.toml --format json --at +0h,+24h,+48h")]
pub struct Args {
    /// The scenario file (TOML, see spec/scenario.md).
    pub file: PathBuf,
    /// Output format [default: table on a terminal, json otherwise].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    /// Report times, comma-separated (+0h,+24h or RFC 3339); overrides [query].
    #[arg(long, value_delimiter = ',', allow_hyphen_values = true, conflicts_with_all = ["every", "until"])]
    pub at: Option<Vec<String>>,
    /// Report every interval (e.g. 6h) from the start; overrides [query].
    #[arg(long)]
    pub every: Option<String>,
    /// Last report time with --every (e.g. +7d).
    #[arg(long)]
    pub until: Option<String>,
}

/// Files larger than this are refused before parsing.
const MAX_SCENARIO_BYTES: u64 = 16 * 1024 * 1024;

pub fn run(args: Args) -> anyhow::Result<()> {
    let name = args.file.display().to_string();
    let scenario = load(&args.file, &name)?;
    let times = if args.at.is_some() || args.every.is_some() || args.until.is_some() {
        myo_scenario::query_times(
            args.at.as_deref(),
            args.every.as_deref(),
            args.until.as_deref(),
            scenario.start,
        )
        .map_err(|m| {
            let flag = if args.at.is_some() {
                "--at"
            } else {
                "--every/--until"
            };
            BadInput(format!("{flag}: {m}"))
        })?
    } else {
        scenario.query.times_h.clone()
    };
    let report = myo_app::simulate(&scenario, &times);
    let format = args.format.unwrap_or(if std::io::stdout().is_terminal() {
        Format::Table
    } else {
        Format::Json
    });
    let mut out = anstream::stdout().lock();
    match format {
        Format::Json => {
            let text = serde_json::to_string_pretty(&report)?;
            writeln!(out, "{text}")?;
        }
        Format::Table => print_table(&mut out, &report, &scenario)?,
    }
    out.flush()?;
    Ok(())
}

/// Reads and parses a scenario; every failure is bad input naming the file (and line).
pub fn load(path: &std::path::Path, name: &str) -> anyhow::Result<myo_scenario::Scenario> {
    let meta = std::fs::metadata(path).map_err(|e| BadInput(format!("{name}: {e}")))?;
    if meta.len() > MAX_SCENARIO_BYTES {
        return Err(BadInput(format!(
            "{name}: {} bytes is too large for a scenario (at most {MAX_SCENARIO_BYTES})",
            meta.len()
        ))
        .into());
    }
    let bytes = std::fs::read(path).map_err(|e| BadInput(format!("{name}: {e}")))?;
    let text = String::from_utf8(bytes).map_err(|e| {
        BadInput(format!(
            "{name}: not UTF-8 text (byte {})",
            e.utf8_error().valid_up_to()
        ))
    })?;
    myo_scenario::parse(&text).map_err(|e| {
        let message: String = e.message.chars().take(300).collect();
        match e.line {
            Some(line) => BadInput(format!("{name}:{line}: {message}")).into(),
            None => BadInput(format!("{name}: {message}")).into(),
        }
    })
}

fn readiness_style(readiness: f64) -> Style {
    let colour = if readiness >= myo_app::simulate::HARD {
        AnsiColor::Green
    } else if readiness >= myo_app::simulate::MODERATE {
        AnsiColor::Yellow
    } else {
        AnsiColor::Red
    };
    Style::new().fg_color(Some(colour.into()))
}

fn print_table(
    out: &mut impl Write,
    report: &SimulationReport,
    scenario: &myo_scenario::Scenario,
) -> anyhow::Result<()> {
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    let a = &report.athlete;
    writeln!(
        out,
        "{bold}myo {}{bold:#}  {} {}, {:.0} y, {:.0} kg, {}; max HR {:.0}",
        report.model.version,
        scenario.start.format("from %Y-%m-%d %H:%M %:z"),
        a.sex,
        a.age,
        a.body_mass_kg,
        a.training_status,
        a.max_hr
    )?;
    for line in &report.defaults_filled {
        writeln!(out, "{dim}defaults: {line}{dim:#}")?;
    }
    if scenario.query.default_times {
        writeln!(
            out,
            "{dim}defaults: report every 24 h to +7d (no [query] times){dim:#}"
        )?;
    }
    if scenario.query.default_muscles {
        writeln!(
            out,
            "{dim}defaults: groups with load in the scenario (no [query] muscles){dim:#}"
        )?;
    }
    for point in &report.points {
        writeln!(out)?;
        let s = &point.systemic;
        writeln!(
            out,
            "{bold}{} ({:+}h){bold:#}  whole body {}{:.0}{:#}  neural {:.2}  autonomic {:+.2}  lactate {:.1} mmol/L  sleep debt {:.1} h  hydration {:.1}%  form {:+.1}",
            point.at, point.offset_h, readiness_style(s.readiness), s.readiness, readiness_style(s.readiness),
            s.neural_fatigue, s.autonomic, s.lactate_mmol, s.sleep_debt_h, s.hydration_pct, s.form
        )?;
        writeln!(
            out,
            "  {:<12} {:>5} {:>7} {:>5} {:>6} {:>6} {:>6} {:>7} {:>5} {:<13}",
            "muscle",
            "ready",
            "force%",
            "sore",
            "damage",
            "infl",
            "swell%",
            "glyco%",
            "perf",
            "phase"
        )?;
        let mut rows: Vec<_> = point.muscles.iter().collect();
        rows.sort_by(|a, b| a.1.readiness.total_cmp(&b.1.readiness).then(a.0.cmp(b.0)));
        for (name, m) in rows {
            let style = readiness_style(m.readiness);
            writeln!(
                out,
                "  {:<12} {style}{:>5.0}{style:#} {:>7.1} {:>5.1} {:>6.2} {:>6.2} {:>6.1} {:>7.0} {:>5.2} {:<13}",
                name, m.readiness, m.force_pct, m.soreness, m.damage, m.inflammation,
                m.swelling_pct, m.glycogen_pct, m.perfusion, phase_name(m.phase)
            )?;
        }
        for flag in &point.flags {
            let style = match flag.severity {
                myo_advisor::Severity::Urgent => {
                    Style::new().bold().fg_color(Some(AnsiColor::Red.into()))
                }
                myo_advisor::Severity::Warning => {
                    Style::new().fg_color(Some(AnsiColor::Yellow.into()))
                }
                myo_advisor::Severity::Info => Style::new(),
            };
            writeln!(
                out,
                "  {style}! {:?} {}: {}{style:#}",
                flag.severity, flag.code, flag.message
            )?;
        }
    }
    writeln!(out)?;
    writeln!(
        out,
        "{bold}ready at{bold:#} (readiness ≥ 70 moderate, ≥ 90 hard)"
    )?;
    for (name, r) in &report.ready_at {
        writeln!(
            out,
            "  {:<12} moderate {:<26} hard {}",
            name,
            r.moderate.as_deref().unwrap_or("not within 28 days"),
            r.hard.as_deref().unwrap_or("not within 28 days")
        )?;
    }
    if !report.advice.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{bold}advice{bold:#} (at the last report time; information, not medical advice)"
        )?;
        for a in &report.advice {
            writeln!(
                out,
                "  - {} [{}]: {}",
                a.code,
                a.evidence.join("; "),
                a.text
            )?;
        }
    }
    Ok(())
}

fn phase_name(p: myo_model::Phase) -> &'static str {
    p.name()
}
