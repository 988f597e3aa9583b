//! `myo athlete add|list|show|edit|remove`: profiles (the scenario spec's `[athlete]` fields).

use std::io::Write as _;

use anstyle::Style;
use clap::Subcommand;
use myo_model::{Condition, Sex, TrainingStatus};
use myo_scenario::Zone;
use myo_store::{Athlete, Profile};
use serde_json::json;

use super::store::{self as st, LogOpts, OrBad};
use crate::exit::BadInput;

#[derive(clap::Args)]
#[command(after_help = "Examples:
  myo athlete add ann --sex female --age 29 --mass 61 --status trained
  myo athlete add sam --sex male --age 41 --mass 82 --status recreational --resting-hr 55 --time-zone Europe/London
  myo athlete list
  myo athlete edit ann --mass 62 --default
  myo athlete remove sam --yes")]
pub struct Args {
    #[command(subcommand)]
    pub action: Action,
}

#[derive(Subcommand)]
pub enum Action {
    /// Add an athlete (the first becomes the default).
    Add {
        name: String,
        #[command(flatten)]
        fields: Fields,
        /// Make this the default athlete.
        #[arg(long)]
        default: bool,
    },
    /// Every athlete.
    List,
    /// One athlete's profile and log size [default: the default athlete].
    Show { name: Option<String> },
    /// Change a profile; only the fields given change.
    Edit {
        name: String,
        #[command(flatten)]
        fields: Fields,
        /// New name.
        #[arg(long)]
        rename: Option<String>,
        /// Make this the default athlete.
        #[arg(long)]
        default: bool,
    },
    /// Forget what myo learned about an athlete from their reports: from now on the personal
    /// model starts again from the population's values (the log is kept).
    Forget {
        /// The athlete [default: the default athlete].
        name: Option<String>,
        /// Learn from every report again (undo a forget).
        #[arg(long)]
        undo: bool,
    },
    /// Remove an athlete and their whole log.
    Remove {
        name: String,
        /// Confirm removing an athlete who has events.
        #[arg(long)]
        yes: bool,
    },
}

/// Profile fields (spec: sex, age, body_mass_kg, training_status, max_hr, resting_hr, conditions).
#[derive(clap::Args, Default)]
pub struct Fields {
    /// female or male.
    #[arg(long, value_parser = |s: &str| Sex::parse(s).map_err(|e| e.to_string()))]
    pub sex: Option<Sex>,
    /// Age, years.
    #[arg(long)]
    pub age: Option<f64>,
    /// Body mass, kg.
    #[arg(long, alias = "body-mass-kg")]
    pub mass: Option<f64>,
    /// untrained, recreational, trained or elite.
    #[arg(long, alias = "training-status", value_parser = |s: &str| TrainingStatus::parse(s).map_err(|e| e.to_string()))]
    pub status: Option<TrainingStatus>,
    /// Maximal heart rate, bpm [default: 208 - 0.7 × age].
    #[arg(long)]
    pub max_hr: Option<f64>,
    /// Resting heart rate, bpm.
    #[arg(long)]
    pub resting_hr: Option<f64>,
    /// A condition (pregnancy, cardiovascular, diabetes, …); repeatable.
    #[arg(long = "condition", value_parser = |s: &str| Condition::parse(s).map_err(|e| e.to_string()))]
    pub conditions: Vec<Condition>,
    /// Remove every condition.
    #[arg(long)]
    pub no_conditions: bool,
    /// Where the athlete's days start and end: an IANA time zone such as Europe/Oslo
    /// (summer time follows), or a fixed offset such as +01:00 [default: this machine's zone].
    #[arg(
        long,
        alias = "utc-offset",
        allow_hyphen_values = true,
        value_name = "ZONE",
        value_parser = |s: &str| s.parse::<Zone>()
    )]
    pub time_zone: Option<Zone>,
}

impl Fields {
    fn apply(&self, p: &mut Profile) {
        if let Some(x) = self.sex {
            p.sex = x;
        }
        if let Some(x) = self.age {
            p.age = x;
        }
        if let Some(x) = self.mass {
            p.body_mass_kg = x;
        }
        if let Some(x) = self.status {
            p.training_status = x;
        }
        if self.max_hr.is_some() {
            p.max_hr = self.max_hr;
        }
        if self.resting_hr.is_some() {
            p.resting_hr = self.resting_hr;
        }
        if self.no_conditions {
            p.conditions.clear();
        }
        for &c in &self.conditions {
            if !p.conditions.contains(&c) {
                p.conditions.push(c);
            }
        }
        if let Some(x) = self.time_zone {
            p.time_zone = x;
        }
    }
}

/// This machine's time zone: its IANA name when the system says it and myo knows it, else
/// its offset now.
fn local_zone() -> Zone {
    iana_time_zone::get_timezone()
        .ok()
        .and_then(|name| name.parse().ok())
        .unwrap_or_else(|| Zone::Fixed(*chrono::Local::now().offset()))
}

pub fn run(args: Args, opts: &LogOpts) -> anyhow::Result<()> {
    let rt = st::runtime()?;
    rt.block_on(async {
        let store = st::open(opts).await?;
        let now_ms = st::now_ms()?;
        let mut out = anstream::stdout().lock();
        match args.action {
            Action::Add {
                name,
                fields,
                default,
            } => {
                let (Some(sex), Some(age), Some(body_mass_kg), Some(training_status)) =
                    (fields.sex, fields.age, fields.mass, fields.status)
                else {
                    let missing: Vec<&str> = [
                        ("--sex", fields.sex.is_none()),
                        ("--age", fields.age.is_none()),
                        ("--mass", fields.mass.is_none()),
                        ("--status", fields.status.is_none()),
                    ]
                    .iter()
                    .filter(|(_, m)| *m)
                    .map(|(n, _)| *n)
                    .collect();
                    return Err(BadInput(format!(
                        "athlete add: missing {} (e.g. myo athlete add {name} --sex female --age 29 --mass 61 --status trained)",
                        missing.join(", ")
                    ))
                    .into());
                };
                let mut p = Profile {
                    sex,
                    age,
                    body_mass_kg,
                    training_status,
                    max_hr: None,
                    resting_hr: None,
                    conditions: Vec::new(),
                    time_zone: local_zone(),
                };
                fields.apply(&mut p);
                let a = store
                    .add_athlete(&name, &p, default, now_ms)
                    .await
                    .bad_arg("athlete add")?;
                print_one(&mut out, &a, None, opts.json)?;
            }
            Action::List => {
                let all = store.athletes().await.bad()?;
                if opts.json {
                    writeln!(out, "{}", serde_json::to_string_pretty(&all)?)?;
                } else if all.is_empty() {
                    writeln!(out, "no athletes yet: myo athlete add NAME --sex … --age … --mass … --status …")?;
                } else {
                    let bold = Style::new().bold();
                    writeln!(
                        out,
                        "{bold}  {:<16} {:<7} {:>4} {:>6}  {:<13} {:<7}{bold:#}",
                        "name", "sex", "age", "kg", "status", "time zone"
                    )?;
                    for a in &all {
                        let p = &a.profile;
                        writeln!(
                            out,
                            "{} {:<16} {:<7} {:>4} {:>6}  {:<13} {:<7}",
                            if a.default { "*" } else { " " },
                            a.name,
                            p.sex,
                            p.age,
                            p.body_mass_kg,
                            p.training_status,
                            p.time_zone
                        )?;
                    }
                }
            }
            Action::Show { name } => {
                let a = store
                    .athlete(name.as_deref().or(opts.athlete.as_deref()))
                    .await
                    .bad_arg("athlete show")?;
                let n = store.count_events(Some(a.id)).await.bad()?;
                print_one(&mut out, &a, Some(n), opts.json)?;
            }
            Action::Edit {
                name,
                fields,
                rename,
                default,
            } => {
                let a = store.athlete(Some(&name)).await.bad_arg("athlete edit")?;
                let mut p = a.profile.clone();
                fields.apply(&mut p);
                let new_name = rename.unwrap_or(a.name.clone());
                let a = store
                    .update_athlete(a.id, &new_name, &p, default, now_ms)
                    .await
                    .bad_arg("athlete edit")?;
                print_one(&mut out, &a, None, opts.json)?;
            }
            Action::Forget { name, undo } => {
                let a = store
                    .athlete(name.as_deref())
                    .await
                    .bad_arg("athlete forget")?;
                let from = (!undo).then_some(now_ms);
                let a = store
                    .set_personal_from(a.id, from, now_ms)
                    .await
                    .bad()?;
                if opts.json {
                    writeln!(out, "{}", json!({"athlete": a.name, "personal_from_ms": from}))?;
                } else if undo {
                    writeln!(out, "{}: myo learns from every report again", a.name)?;
                } else {
                    writeln!(
                        out,
                        "{}: myo forgot what it learned; it learns again from reports logged from now on",
                        a.name
                    )?;
                }
            }
            Action::Remove { name, yes } => {
                let a = store.athlete(Some(&name)).await.bad_arg("athlete remove")?;
                let n = store.count_events(Some(a.id)).await.bad()?;
                if n > 0 && !yes {
                    return Err(BadInput(format!(
                        "athlete remove: {name} has {n} logged event(s); add --yes to remove them too (myo export first keeps a copy)"
                    ))
                    .into());
                }
                let removed = store.remove_athlete(a.id).await.bad()?;
                if opts.json {
                    writeln!(out, "{}", json!({"removed": name, "events": removed}))?;
                } else {
                    writeln!(out, "removed {name} and {removed} event(s)")?;
                }
            }
        }
        store.close().await;
        Ok(())
    })
}

fn print_one(
    out: &mut impl std::io::Write,
    a: &Athlete,
    events: Option<i64>,
    json: bool,
) -> anyhow::Result<()> {
    if json {
        let mut v = serde_json::to_value(a)?;
        if let Some(n) = events {
            v["events"] = json!(n);
        }
        writeln!(out, "{}", serde_json::to_string_pretty(&v)?)?;
        return Ok(());
    }
    let p = &a.profile;
    writeln!(
        out,
        "{}{}: athlete {}, {} y, {} kg, {}{}{}{}, time zone {}",
        a.name,
        if a.default { " (default)" } else { "" },
        p.sex,
        p.age,
        p.body_mass_kg,
        p.training_status,
        p.max_hr
            .map(|x| format!(", max HR {x}"))
            .unwrap_or_default(),
        p.resting_hr
            .map(|x| format!(", resting HR {x}"))
            .unwrap_or_default(),
        if p.conditions.is_empty() {
            String::new()
        } else {
            let names: Vec<&str> = p.conditions.iter().map(|c| c.name()).collect();
            format!(", conditions: {}", names.join(", "))
        },
        p.time_zone
    )?;
    if let Some(n) = events {
        writeln!(out, "{n} logged event(s)")?;
    }
    Ok(())
}
