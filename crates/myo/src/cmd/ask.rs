//! `myo status`, `myo forecast [GROUP]`, `myo whatif …`: how the athlete stands, from the log.

use std::io::Write as _;

use anstyle::{AnsiColor, Style};
use chrono::{DateTime, Duration, FixedOffset, Utc};
use myo_app::log::Status;
use myo_scenario::Zone;
use myo_store::{Athlete, NewEvent, Store};
use serde_json::json;

use super::log::LogKind;
use super::store::{self as st, LogOpts, OrBad};
use crate::exit::BadInput;

/// The state of `athlete` at `times` from their log plus `extra` hypothetical events.
pub async fn ask(
    store: &Store,
    athlete: &Athlete,
    extra: &[NewEvent],
    times: &[DateTime<FixedOffset>],
) -> anyhow::Result<Status> {
    let log = myo_service::log::read(store, athlete, extra, times, times[0])
        .await
        .bad()?;
    let times_h = log.scenario.query.times_h.clone();
    myo_service::checkpoints::status(
        store,
        athlete,
        &log,
        extra,
        &times_h,
        st::checkpoint_policy(),
    )
    .await
    .bad()
}

async fn prepare(opts: &LogOpts) -> anyhow::Result<(Store, Athlete, Zone, DateTime<Utc>)> {
    let now = st::now()?;
    let store = st::open(opts).await?;
    let athlete = st::athlete(&store, opts).await?;
    let zone = athlete.profile.time_zone;
    Ok((store, athlete, zone, now))
}

fn readiness_style(r: f64) -> Style {
    let colour = if r >= myo_app::simulate::HARD {
        AnsiColor::Green
    } else if r >= myo_app::simulate::MODERATE {
        AnsiColor::Yellow
    } else {
        AnsiColor::Red
    };
    Style::new().fg_color(Some(colour.into()))
}

fn ready_text(t: &Option<String>) -> String {
    match t {
        Some(s) => match DateTime::parse_from_rfc3339(s) {
            Ok(t) => t.format("%a %d %b %H:%M").to_string(),
            Err(_) => s.clone(),
        },
        None => "> 28 days".into(),
    }
}

/// How the athlete stands now: every group and the whole body.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  myo status
  myo status --athlete sam --at \"tomorrow 07:00\"
  myo status --json")]
pub struct StatusArgs {
    /// The time to report [default: now].
    #[arg(long, allow_hyphen_values = true)]
    pub at: Option<String>,
}

pub fn status(args: StatusArgs, opts: &LogOpts) -> anyhow::Result<()> {
    let rt = st::runtime()?;
    rt.block_on(async {
        let (store, athlete, zone, now) = prepare(opts).await?;
        let at = match &args.at {
            Some(t) => st::parse_when(t, now, zone).map_err(|m| BadInput(format!("--at: {m}")))?,
            None => zone.local(now.fixed_offset()),
        };
        let status = ask(&store, &athlete, &[], &[at]).await?;
        store.close().await;
        let mut out = anstream::stdout().lock();
        if opts.json {
            writeln!(out, "{}", serde_json::to_string_pretty(&status)?)?;
            return Ok(());
        }
        print_status(&mut out, &athlete, &status)?;
        Ok(())
    })
}

fn print_status(
    out: &mut impl std::io::Write,
    athlete: &Athlete,
    status: &Status,
) -> anyhow::Result<()> {
    let bold = Style::new().bold();
    let dim = Style::new().dimmed();
    let Some(p) = status.points.first() else {
        return Ok(());
    };
    let s = &p.systemic;
    let at = DateTime::parse_from_rfc3339(&p.at)
        .map(|t| st::short_time(&t))
        .unwrap_or(p.at.clone());
    let style = readiness_style(s.readiness);
    writeln!(
        out,
        "{bold}{}{bold:#} at {at}: whole body {style}{:.0}{style:#}/100  {dim}neural fatigue {:.2}, sleep debt {:.1} h, hydration {:.0}%, form {:+.1}{dim:#}",
        athlete.name, s.readiness, s.neural_fatigue, s.sleep_debt_h, s.hydration_pct, s.form
    )?;
    writeln!(
        out,
        "{bold}  {:<12} {:>5} {:>5} {:>6}  {:<12}  {:<16}  {:<16}{bold:#}",
        "group", "ready", "sore", "force%", "phase", "moderate (70)", "hard (90)"
    )?;
    let mut rows: Vec<_> = p.muscles.iter().collect();
    rows.sort_by(|a, b| a.1.readiness.total_cmp(&b.1.readiness).then(a.0.cmp(b.0)));
    for (name, m) in rows {
        let style = readiness_style(m.readiness);
        let r = status.ready_at.get(name);
        writeln!(
            out,
            "  {:<12} {style}{:>5.0}{style:#} {:>5.1} {:>6.1}  {:<12}  {:<16}  {:<16}",
            name.replace('_', " "),
            m.readiness,
            m.soreness,
            m.force_pct,
            m.phase.name(),
            r.map(|r| ready_text(&r.moderate)).unwrap_or_default(),
            r.map(|r| ready_text(&r.hard)).unwrap_or_default(),
        )?;
    }
    print_flags(out, &p.flags)?;
    let learned = myo_personal::in_words(&p.personal);
    if !learned.is_empty() {
        writeln!(out, "{bold}What myo has learned about you{bold:#}")?;
        for line in learned {
            writeln!(out, "  {line}")?;
        }
    }
    Ok(())
}

fn print_flags(out: &mut impl std::io::Write, flags: &[myo_advisor::Flag]) -> anyhow::Result<()> {
    for flag in flags {
        let style = match flag.severity {
            myo_advisor::Severity::Urgent => {
                Style::new().bold().fg_color(Some(AnsiColor::Red.into()))
            }
            myo_advisor::Severity::Warning => Style::new().fg_color(Some(AnsiColor::Yellow.into())),
            myo_advisor::Severity::Info => Style::new(),
        };
        writeln!(
            out,
            "{style}! {:?} {}: {}{style:#}",
            flag.severity, flag.code, flag.message
        )?;
    }
    Ok(())
}

/// Readiness ahead, from the log (assuming typical sleep and meals and no more training).
#[derive(clap::Args)]
#[command(after_help = "Examples:
  myo forecast
  myo forecast quadriceps --every 6h --days 3
  myo forecast --json")]
pub struct ForecastArgs {
    /// One muscle group (every group when left out).
    pub group: Option<String>,
    /// How many days ahead.
    #[arg(long, default_value_t = 7)]
    pub days: u32,
    /// Interval between reports (e.g. 12h, 1d) [default: 24h; 6h with a GROUP].
    #[arg(long)]
    pub every: Option<String>,
}

pub fn forecast(args: ForecastArgs, opts: &LogOpts) -> anyhow::Result<()> {
    let group = match &args.group {
        Some(g) => Some(
            myo_model::MuscleGroup::parse(g)
                .map_err(|e| BadInput(format!("GROUP: unknown muscle group {e}")))?,
        ),
        None => None,
    };
    if args.days == 0 || args.days > 28 {
        return Err(BadInput("--days: give 1 to 28".into()).into());
    }
    let every_h = match &args.every {
        Some(e) => st::duration_arg("--every", e, "h")?,
        None if group.is_some() => 6.0,
        None => 24.0,
    };
    if every_h < 0.25 {
        return Err(BadInput("--every: at least 15m".into()).into());
    }
    let rt = st::runtime()?;
    rt.block_on(async {
        let (store, athlete, zone, now) = prepare(opts).await?;
        let start = zone.local(now.fixed_offset());
        let count = ((f64::from(args.days) * 24.0) / every_h).floor() as i64 + 1;
        let times: Vec<_> = (0..count)
            .map(|i| start + Duration::milliseconds((i as f64 * every_h * 3.6e6).round() as i64))
            .collect();
        let status = ask(&store, &athlete, &[], &times).await?;
        store.close().await;
        let mut out = anstream::stdout().lock();
        if opts.json {
            writeln!(out, "{}", serde_json::to_string_pretty(&status)?)?;
            return Ok(());
        }
        let bold = Style::new().bold();
        match group {
            Some(g) => {
                writeln!(out, "{bold}{} {}{bold:#}", athlete.name, g.name())?;
                writeln!(
                    out,
                    "{bold}  {:<16} {:>5} {:>5} {:>6}  {:<12}{bold:#}",
                    "at", "ready", "sore", "force%", "phase"
                )?;
                for p in &status.points {
                    let m = &p.muscles[g.name()];
                    let style = readiness_style(m.readiness);
                    let at = DateTime::parse_from_rfc3339(&p.at)
                        .map(|t| st::short_time(&t))
                        .unwrap_or(p.at.clone());
                    writeln!(
                        out,
                        "  {:<16} {style}{:>5.0}{style:#} {:>5.1} {:>6.1}  {:<12}",
                        at,
                        m.readiness,
                        m.soreness,
                        m.force_pct,
                        m.phase.name()
                    )?;
                }
                if let Some(r) = status.ready_at.get(g.name()) {
                    writeln!(
                        out,
                        "  ready for moderate training {}, hard {}",
                        ready_text(&r.moderate),
                        ready_text(&r.hard)
                    )?;
                }
            }
            None => {
                write!(out, "{bold}  {:<12}", "readiness")?;
                for p in &status.points {
                    let t = DateTime::parse_from_rfc3339(&p.at)
                        .map(|t| t.format("%d %Hh").to_string())
                        .unwrap_or_default();
                    write!(out, " {t:>6}")?;
                }
                writeln!(out, "{bold:#}")?;
                let mut names: Vec<&&str> = status.points[0].muscles.keys().collect();
                names.sort_by(|a, b| {
                    let ra = status.points[0].muscles[**a].readiness;
                    let rb = status.points[0].muscles[**b].readiness;
                    ra.total_cmp(&rb).then(a.cmp(b))
                });
                write!(out, "  {:<12}", "whole body")?;
                for p in &status.points {
                    let style = readiness_style(p.systemic.readiness);
                    write!(out, " {style}{:>6.0}{style:#}", p.systemic.readiness)?;
                }
                writeln!(out)?;
                for name in names {
                    write!(out, "  {:<12}", name.replace('_', " "))?;
                    for p in &status.points {
                        let r = p.muscles[*name].readiness;
                        let style = readiness_style(r);
                        write!(out, " {style}{r:>6.0}{style:#}")?;
                    }
                    writeln!(out)?;
                }
            }
        }
        Ok(())
    })
}

/// What if: the log plus hypothetical events, against the log alone.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  myo whatif strength \"Barbell Squat\" 5x5@120kg --at \"today 18:00\"
  myo whatif massage 30m quadriceps --at +2h --on \"tomorrow 07:00\"
  myo whatif --event '{\"kind\": \"cold\", \"method\": \"cold_water_immersion\", \"minutes\": 10}' --json")]
pub struct WhatifArgs {
    /// The hypothetical event, as for `myo log`.
    #[command(subcommand)]
    pub event: Option<LogKind>,
    /// More hypothetical events in the spec's JSON shape (`at` defaults to now); repeatable.
    #[arg(long = "event", value_name = "JSON")]
    pub json_events: Vec<String>,
    /// When to compare [default: 24 h after the last hypothetical event].
    #[arg(long, allow_hyphen_values = true)]
    pub on: Option<String>,
}

pub fn whatif(args: WhatifArgs, opts: &LogOpts) -> anyhow::Result<()> {
    let rt = st::runtime()?;
    rt.block_on(async {
        let (store, athlete, zone, now) = prepare(opts).await?;
        let mut extra = Vec::new();
        if let Some(kind) = &args.event {
            extra.push(kind.to_event(now, zone)?);
        }
        for text in &args.json_events {
            let kind = LogKind::Json {
                event: text.clone(),
                when: super::log::When::default(),
            };
            extra.push(kind.to_event(now, zone)?);
        }
        if extra.is_empty() {
            return Err(BadInput("whatif: give a hypothetical event (e.g. myo whatif strength \"Barbell Squat\" 5x5@120kg) or --event JSON".into()).into());
        }
        let on = match &args.on {
            Some(t) => st::parse_when(t, now, zone).map_err(|m| BadInput(format!("--on: {m}")))?,
            None => extra.iter().map(|e| e.at).max().expect("non-empty") + Duration::hours(24),
        };
        let base = ask(&store, &athlete, &[], &[on]).await?;
        let what = ask(&store, &athlete, &extra, &[on]).await?;
        store.close().await;
        let mut out = anstream::stdout().lock();
        if opts.json {
            let events: Vec<_> = extra.iter().map(NewEvent::to_json).collect();
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&json!({"on": on.to_rfc3339(), "events": events, "base": base, "whatif": what}))?
            )?;
            return Ok(());
        }
        let bold = Style::new().bold();
        let (b, w) = (&base.points[0], &what.points[0]);
        writeln!(
            out,
            "{bold}{}{bold:#} at {}: whole body {:.0} → {:.0}",
            athlete.name,
            st::short_time(&on),
            b.systemic.readiness,
            w.systemic.readiness
        )?;
        writeln!(out, "{bold}  {:<12} {:>5} {:>5} {:>6}  {:<16}  {:<16}{bold:#}", "group", "now", "whatif", "Δ", "hard (90) now", "hard (90) whatif")?;
        let mut rows: Vec<_> = w.muscles.iter().collect();
        rows.sort_by(|a, c| {
            let da = a.1.readiness - b.muscles[a.0].readiness;
            let dc = c.1.readiness - b.muscles[c.0].readiness;
            da.total_cmp(&dc).then(a.0.cmp(c.0))
        });
        for (name, m) in rows {
            let before = b.muscles[name].readiness;
            let style = readiness_style(m.readiness);
            writeln!(
                out,
                "  {:<12} {:>5.0} {style}{:>5.0}{style:#} {:>+6.0}  {:<16}  {:<16}",
                name.replace('_', " "),
                before,
                m.readiness,
                m.readiness - before,
                ready_text(&base.ready_at[name].hard),
                ready_text(&what.ready_at[name].hard)
            )?;
        }
        print_flags(&mut out, &w.flags)?;
        Ok(())
    })
}
