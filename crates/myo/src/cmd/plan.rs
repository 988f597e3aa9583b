//! `myo plan SCENARIO.toml [--date D]`: the advisor's plan for one day.

use std::io::Write;
use std::path::PathBuf;

use anstyle::{AnsiColor, Style};
use myo_advisor::{Advice, DayPlan, Level, Severity};
use myo_app::simulate::short_time;

use super::simulate::{EnsembleArgs, Format};
use crate::exit::BadInput;

/// The plan for one day.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  myo plan examples/lifters-week.toml
  myo plan examples/match-and-recovery.toml --date 2026-01-06
  myo plan scenario.toml --date +2d --format json

For a scenario file the plan is for 07:00 local time on the day (default: the day after the
last event). From the log it is for now, counting what was done today; --date plans 07:00 of
that day.")]
pub struct Args {
    /// The scenario file (TOML, see spec/scenario.md) [default: the athlete's log, today].
    pub file: Option<PathBuf>,
    /// The day to plan: YYYY-MM-DD, or an offset from the start such as +2d.
    #[arg(long, allow_hyphen_values = true)]
    pub date: Option<String>,
    /// Output format [default: table on a terminal, json otherwise].
    #[arg(long, value_enum)]
    pub format: Option<Format>,
    #[command(flatten)]
    pub ensemble: EnsembleArgs,
}

pub fn run(args: Args, opts: &super::store::LogOpts) -> anyhow::Result<()> {
    let ensemble = Some(args.ensemble.ensemble());
    let plan = match (&args.file, &args.date) {
        // The log without a date: the plan at this moment, as the web's dashboard gives it.
        (None, None) => super::store::plan_now(opts, ensemble)?,
        (file, date) => {
            let scenario = match file {
                Some(file) => super::simulate::load(file, &file.display().to_string())?,
                None => super::store::log_now(opts)?.0.scenario,
            };
            let date = match date {
                Some(text) => myo_app::plan::parse_date(&scenario, text)
                    .map_err(|m| BadInput(format!("--date: {m}")))?,
                None => myo_app::plan::default_date(&scenario),
            };
            myo_app::plan::plan(&scenario, date, ensemble)
        }
    };
    let format = super::simulate::output_format(args.format, opts.json);
    let mut out = anstream::stdout().lock();
    match format {
        Format::Json => writeln!(out, "{}", serde_json::to_string_pretty(&plan)?)?,
        Format::Table => print_plan(&mut out, &plan)?,
    }
    out.flush()?;
    Ok(())
}

fn level_style(level: Level) -> Style {
    let colour = match level {
        Level::Hard => AnsiColor::Green,
        Level::Moderate => AnsiColor::Yellow,
        Level::Light => AnsiColor::Magenta,
        Level::Rest => AnsiColor::Red,
    };
    Style::new().fg_color(Some(colour.into()))
}

fn advice_lines(out: &mut impl Write, title: &str, items: &[Advice]) -> anyhow::Result<()> {
    if items.is_empty() {
        return Ok(());
    }
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    writeln!(out)?;
    writeln!(out, "{bold}{title}{bold:#}")?;
    for a in items {
        writeln!(
            out,
            "  - {} {dim}[{}]{dim:#}",
            a.text,
            a.evidence.join("; ")
        )?;
    }
    Ok(())
}

/// The plan for people: decision first, then groups, then what to do about it.
pub fn print_plan(out: &mut impl Write, plan: &DayPlan) -> anyhow::Result<()> {
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    writeln!(
        out,
        "{bold}Plan for {}{bold:#}  {dim}(information, not medical advice){dim:#}",
        short_time(&Some(plan.at.clone()))
    )?;
    for flag in &plan.flags {
        let style = match flag.severity {
            Severity::Urgent => Style::new().bold().fg_color(Some(AnsiColor::Red.into())),
            Severity::Warning => Style::new().fg_color(Some(AnsiColor::Yellow.into())),
            Severity::Info => Style::new(),
        };
        writeln!(out, "{style}! {}: {}{style:#}", flag.code, flag.message)?;
    }
    writeln!(out)?;
    writeln!(
        out,
        "{bold}{}{bold:#}",
        plan.decision.as_str().replace('_', " ").to_uppercase()
    )?;
    for r in &plan.reasons {
        writeln!(out, "  {} {dim}[{}]{dim:#}", r.text, r.evidence.join("; "))?;
    }
    if plan.muscles.is_empty() {
        return Ok(());
    }
    writeln!(out)?;
    writeln!(
        out,
        "{bold}Muscle groups{bold:#} (least ready first; ready times: median, 10-90% of people)"
    )?;
    for g in &plan.muscles {
        let style = level_style(g.level);
        writeln!(
            out,
            "  {style}{:<9}{style:#} {}",
            g.level.name(),
            g.explanation.summary
        )?;
        // The volume and ready times matter for groups that are not hard-ready themselves.
        if g.readiness < myo_app::simulate::HARD {
            let range = g
                .ready
                .range
                .as_ref()
                .map(|r| {
                    format!(
                        " ({} .. {})",
                        short_time(&r.hard.p10),
                        short_time(&r.hard.p90)
                    )
                })
                .unwrap_or_default();
            writeln!(
                out,
                "            {}; moderate from {}, hard from {}{range}",
                g.volume,
                short_time(&g.ready.moderate),
                short_time(&g.ready.hard)
            )?;
        }
    }
    if !plan.hard_today.is_empty() {
        writeln!(out)?;
        writeln!(
            out,
            "{bold}Cleared for hard work today:{bold:#} {}",
            plan.hard_today
                .iter()
                .map(|g| g.replace('_', " "))
                .collect::<Vec<_>>()
                .join(", ")
        )?;
    }
    writeln!(out)?;
    writeln!(out, "{bold}Suggested split{bold:#}")?;
    for block in &plan.split {
        let style = level_style(block.level);
        writeln!(out, "  {style}{}{style:#}", block.text)?;
    }
    if let Some(a) = &plan.active_recovery {
        writeln!(out)?;
        writeln!(
            out,
            "{bold}Active recovery{bold:#}: {} {}-{} min at {:.0}-{:.0} bpm",
            a.modality, a.minutes[0], a.minutes[1], a.hr_bpm[0], a.hr_bpm[1]
        )?;
        writeln!(out, "  {} {dim}[{}]{dim:#}", a.text, a.evidence.join("; "))?;
    }
    advice_lines(out, "Interventions", &plan.interventions)?;
    advice_lines(out, "Avoid", &plan.avoid)?;
    if let Some(n) = &plan.nutrition {
        advice_lines(out, "Nutrition", &n.advice)?;
    }
    if let Some(s) = &plan.sleep {
        advice_lines(out, "Sleep", std::slice::from_ref(&s.advice))?;
    }
    advice_lines(out, "Monitoring", &plan.monitoring)?;
    advice_lines(out, "What fell short", &plan.shortfalls)?;
    Ok(())
}
