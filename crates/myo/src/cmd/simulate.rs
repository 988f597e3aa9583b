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
  myo simulate scenario.toml --format json --at +0h,+24h,+48h
  myo simulate --compare plan-a.toml plan-b.toml")]
pub struct Args {
    /// The scenario file (TOML, see spec/scenario.md).
    #[arg(required_unless_present = "compare")]
    pub file: Option<PathBuf>,
    /// Two scenarios side by side: when each group is ready under each (B − A in hours).
    #[arg(long, num_args = 2, value_names = ["A", "B"], conflicts_with = "file")]
    pub compare: Option<Vec<PathBuf>>,
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
    #[command(flatten)]
    pub ensemble: EnsembleArgs,
}

/// The uncertainty range's ensemble.
#[derive(clap::Args, Clone, Copy)]
pub struct EnsembleArgs {
    /// Members of the ensemble behind the 10-90% ready range (1-1000).
    #[arg(long, default_value_t = 24, value_parser = clap::value_parser!(u16).range(1..=1000))]
    pub members: u16,
    /// Seed of the ensemble: the same seed gives the same range.
    #[arg(long, default_value_t = 1)]
    pub seed: u64,
}

impl EnsembleArgs {
    pub fn ensemble(self) -> myo_advisor::Ensemble {
        myo_advisor::Ensemble {
            members: self.members as usize,
            seed: self.seed,
            ..Default::default()
        }
    }
}

/// `--format`, else the global `--json`, else a table on a terminal and JSON otherwise.
pub fn output_format(format: Option<Format>, json: bool) -> Format {
    match format {
        Some(f) => f,
        None if json || !std::io::stdout().is_terminal() => Format::Json,
        None => Format::Table,
    }
}

/// Files larger than this are refused before parsing.
const MAX_SCENARIO_BYTES: u64 = 16 * 1024 * 1024;

pub fn run(args: Args, json: bool) -> anyhow::Result<()> {
    let format = output_format(args.format, json);
    if let Some(files) = &args.compare {
        return compare(&args, &files[0], &files[1], format);
    }
    let file = args
        .file
        .as_ref()
        .expect("clap requires a file without --compare");
    let name = file.display().to_string();
    let scenario = load(file, &name)?;
    let report = report(&args, &scenario)?;
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

/// Simulates one scenario at the times the arguments or the file ask for.
fn report(args: &Args, scenario: &myo_scenario::Scenario) -> anyhow::Result<SimulationReport> {
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
    Ok(myo_app::simulate::simulate_with(
        scenario,
        &times,
        &myo_model::Params::default(),
        &args.ensemble.ensemble(),
    ))
}

fn compare(
    args: &Args,
    a: &std::path::Path,
    b: &std::path::Path,
    format: Format,
) -> anyhow::Result<()> {
    let (a_name, b_name) = (a.display().to_string(), b.display().to_string());
    let sa = load(a, &a_name)?;
    let sb = load(b, &b_name)?;
    let ra = report(args, &sa)?;
    let rb = report(args, &sb)?;
    let cmp = myo_app::compare::compare(&a_name, &ra, &b_name, &rb);
    let mut out = anstream::stdout().lock();
    match format {
        Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(&cmp)?)?,
        Format::Table => print_comparison(&mut out, &cmp)?,
    }
    out.flush()?;
    Ok(())
}

use myo_app::simulate::short_time;

fn signed_hours(h: Option<f64>) -> String {
    match h {
        Some(h) if h.abs() < 0.5 => "same".into(),
        Some(h) => format!("{h:+.0} h"),
        None => "-".into(),
    }
}

fn print_comparison(out: &mut impl Write, c: &myo_app::compare::Comparison) -> anyhow::Result<()> {
    let bold = Style::new().bold();
    writeln!(out, "{bold}A{bold:#} {}", c.a)?;
    writeln!(out, "{bold}B{bold:#} {}", c.b)?;
    writeln!(
        out,
        "whole-body readiness at the last report: A {:.0}, B {:.0}",
        c.readiness[0], c.readiness[1]
    )?;
    writeln!(out)?;
    writeln!(
        out,
        "  {:<12} {:<18} {:<18} {:>8}   {:<18} {:<18} {:>8}",
        "muscle", "A moderate", "B moderate", "B - A", "A hard", "B hard", "B - A"
    )?;
    for (name, g) in &c.muscles {
        let style = match g.hard_difference_h {
            Some(h) if h <= -0.5 => Style::new().fg_color(Some(AnsiColor::Green.into())),
            Some(h) if h >= 0.5 => Style::new().fg_color(Some(AnsiColor::Red.into())),
            _ => Style::new(),
        };
        writeln!(
            out,
            "  {:<12} {:<18} {:<18} {:>8}   {:<18} {:<18} {style}{:>8}{style:#}",
            name,
            short_time(&g.a.moderate),
            short_time(&g.b.moderate),
            signed_hours(g.moderate_difference_h),
            short_time(&g.a.hard),
            short_time(&g.b.hard),
            signed_hours(g.hard_difference_h),
        )?;
    }
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
    writeln!(
        out,
        "  {:<12} {:<18} {:<18} hard, 10-90% of people",
        "muscle", "moderate", "hard"
    )?;
    for (name, r) in &report.ready_at {
        let range = report
            .ready_range
            .get(name)
            .map(|q| format!("{} .. {}", short_time(&q.hard.p10), short_time(&q.hard.p90)))
            .unwrap_or_default();
        writeln!(
            out,
            "  {:<12} {:<18} {:<18} {}",
            name,
            short_time(&r.moderate),
            short_time(&r.hard),
            range
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
