//! `myo log KIND …`, `myo edit ID`, `myo delete ID…`, `myo history`: writing and reading the log.

use std::io::Write as _;

use anstyle::Style;
use chrono::{DateTime, Duration, Utc};
use clap::Subcommand;
use myo_scenario::Zone;
use myo_scenario::{EventSpec, Kind};
use myo_store::{EventFilter, NewEvent, StoredEvent};
use serde_json::{json, Map, Value};

use super::store::{self as st, LogOpts, OrBad};
use crate::exit::BadInput;

/// What happened, in the spec's event kinds, with short forms for everyday use.
#[derive(Subcommand, Clone, Debug)]
pub enum LogKind {
    /// A strength session: EXERCISE SETSxREPS@LOAD pairs (load: 100kg, 225lb, 70%, rir2, max, bw).
    #[command(after_help = "Examples:
  myo log strength \"Barbell Squat\" 5x5@100kg --rpe 8
  myo log strength \"Bench Press\" 3x8@70% \"Pull-ups\" 3x10@bw --at \"yesterday 18:30\"
  myo log strength muscles:quadriceps,glutes 4x10@rir2
  myo log strength \"Barbell Curl\" 3x10@60%:ecc:fail   (eccentric, to failure)")]
    Strength {
        /// Exercise name (catalogue) or muscles:GROUP,GROUP, then SETSxREPS@LOAD; repeat.
        #[arg(required = true, num_args = 2..)]
        items: Vec<String>,
        #[arg(long, help = reg_help(Kind::Strength, "rpe"))]
        rpe: Option<f64>,
        #[command(flatten)]
        when: When,
    },
    /// Running, cycling, swimming…: SPORT DURATION and one effort measure.
    #[command(after_help = "Examples:
  myo log endurance run 45m --hr 150 --km 10
  myo log endurance cycle 1h30m --power 210 --ftp 250
  myo log endurance run 1h --rpe 6 --downhill 40 --gradient 8")]
    Endurance {
        #[arg(help = reg_help(Kind::Endurance, "sport"), value_parser = choices(Kind::Endurance, "sport"))]
        sport: String,
        /// How long: 45m, 1h30m (bare numbers are minutes).
        duration: String,
        #[arg(long, help = reg_help(Kind::Endurance, "avg_hr"))]
        hr: Option<f64>,
        #[arg(long, help = reg_help(Kind::Endurance, "rpe"))]
        rpe: Option<f64>,
        #[arg(long, help = reg_help(Kind::Endurance, "pct_vo2max"))]
        vo2: Option<f64>,
        #[arg(long, help = reg_help(Kind::Endurance, "power_w"))]
        power: Option<f64>,
        #[arg(long, help = reg_help(Kind::Endurance, "ftp_w"))]
        ftp: Option<f64>,
        #[arg(long, help = reg_help(Kind::Endurance, "distance_km"))]
        km: Option<f64>,
        #[arg(long, help = reg_help(Kind::Endurance, "downhill_pct"))]
        downhill: Option<f64>,
        #[arg(long, help = reg_help(Kind::Endurance, "gradient_pct"))]
        gradient: Option<f64>,
        #[command(flatten)]
        when: When,
    },
    /// Easy movement for recovery: MODALITY DURATION.
    #[command(after_help = "Example:\n  myo log active-recovery cycle 20m --pct-max-hr 60")]
    ActiveRecovery {
        #[arg(help = reg_help(Kind::ActiveRecovery, "modality"), value_parser = choices(Kind::ActiveRecovery, "modality"))]
        modality: String,
        duration: String,
        #[arg(long, help = reg_help(Kind::ActiveRecovery, "pct_max_hr"))]
        pct_max_hr: Option<f64>,
        #[arg(long, help = reg_help(Kind::ActiveRecovery, "avg_hr"))]
        hr: Option<f64>,
        #[arg(long, help = reg_help(Kind::ActiveRecovery, "pct_vo2max"))]
        vo2: Option<f64>,
        #[command(flatten)]
        when: When,
    },
    /// A massage: DURATION [GROUP…] (default: the groups trained in the last 72 h).
    #[command(after_help = "Example:\n  myo log massage 30m quadriceps hamstrings")]
    Massage {
        duration: String,
        #[arg(help = reg_help(Kind::Massage, "muscles"), value_parser = choices(Kind::Massage, "muscles"))]
        muscles: Vec<String>,
        #[command(flatten)]
        when: When,
    },
    /// Foam rolling: DURATION [GROUP…].
    #[command(after_help = "Example:\n  myo log foam-rolling 10m quadriceps")]
    FoamRolling {
        duration: String,
        #[arg(help = reg_help(Kind::FoamRolling, "muscles"), value_parser = choices(Kind::FoamRolling, "muscles"))]
        muscles: Vec<String>,
        #[command(flatten)]
        when: When,
    },
    /// Dry needling: GROUP….
    #[command(after_help = "Example:\n  myo log dry-needling calves --insertions 6")]
    DryNeedling {
        #[arg(required = true, help = reg_help(Kind::DryNeedling, "muscles"), value_parser = choices(Kind::DryNeedling, "muscles"))]
        muscles: Vec<String>,
        #[arg(long, help = reg_help(Kind::DryNeedling, "insertions"))]
        insertions: Option<u32>,
        #[command(flatten)]
        when: When,
    },
    /// Cold: METHOD DURATION [GROUP…] (ice, cold-water-immersion, cryotherapy).
    #[command(after_help = "Example:\n  myo log cold cold-water-immersion 10m --temp 12")]
    Cold {
        #[arg(help = reg_help(Kind::Cold, "method"), value_parser = choices(Kind::Cold, "method"))]
        method: String,
        duration: String,
        #[arg(help = reg_help(Kind::Cold, "muscles"), value_parser = choices(Kind::Cold, "muscles"))]
        muscles: Vec<String>,
        #[arg(long, help = reg_help(Kind::Cold, "temp_c"))]
        temp: Option<f64>,
        #[command(flatten)]
        when: When,
    },
    /// Heat: METHOD DURATION [GROUP…] (pack, sauna, hot-bath).
    #[command(after_help = "Example:\n  myo log heat sauna 15m")]
    Heat {
        #[arg(help = reg_help(Kind::Heat, "method"), value_parser = choices(Kind::Heat, "method"))]
        method: String,
        duration: String,
        #[arg(help = reg_help(Kind::Heat, "muscles"), value_parser = choices(Kind::Heat, "muscles"))]
        muscles: Vec<String>,
        #[command(flatten)]
        when: When,
    },
    /// Compression garments: DURATION [GROUP…] (bare numbers are hours).
    #[command(after_help = "Example:\n  myo log compression 12h calves")]
    Compression {
        duration: String,
        #[arg(help = reg_help(Kind::Compression, "muscles"), value_parser = choices(Kind::Compression, "muscles"))]
        muscles: Vec<String>,
        #[command(flatten)]
        when: When,
    },
    /// A night's sleep: HOURS asleep (default start: HOURS before now, i.e. you just woke).
    #[command(after_help = "Examples:
  myo log sleep 7.5h --quality 4
  myo log sleep 8h --at \"yesterday 23:00\"")]
    Sleep {
        /// Hours asleep: 7.5h, 7h30m (bare numbers are hours).
        hours: String,
        #[arg(long, help = reg_help(Kind::Sleep, "quality"))]
        quality: Option<u8>,
        #[command(flatten)]
        when: When,
    },
    /// A meal (grams; fluid in litres).
    #[command(after_help = "Example:\n  myo log meal --protein 40 --carbs 90 --fat 20")]
    Meal {
        #[arg(long, help = reg_help(Kind::Meal, "protein_g"))]
        protein: Option<f64>,
        #[arg(long, help = reg_help(Kind::Meal, "carbs_g"))]
        carbs: Option<f64>,
        #[arg(long, help = reg_help(Kind::Meal, "fat_g"))]
        fat: Option<f64>,
        #[arg(long, help = reg_help(Kind::Meal, "leucine_g"))]
        leucine: Option<f64>,
        #[arg(long, help = reg_help(Kind::Meal, "fluid_l"))]
        fluid: Option<f64>,
        #[command(flatten)]
        when: When,
    },
    /// A drink: VOLUME (0.5L, 500ml; bare numbers are litres).
    #[command(after_help = "Example:\n  myo log fluid 500ml --electrolytes")]
    Fluid {
        volume: String,
        #[arg(long)]
        electrolytes: bool,
        #[command(flatten)]
        when: When,
    },
    /// What you measured or felt: soreness 0–10 by group, readiness, HRV, resting HR, mood,
    /// performance tests… Each is evidence the personal model learns from.
    #[command(
        after_help = "Examples:\n  myo log observation --soreness quadriceps=6 --rmssd 62 --resting-hr 52 --mood 7\n  myo log observation --readiness 6 --general-soreness 3 --sleep-quality 4\n  myo log observation --jump 38.5 --lift \"Barbell Squat=100x5\"\n  myo log observation --lift \"Barbell Squat=100@0.62\"   (mean velocity, m/s)"
    )]
    Observation {
        /// GROUP=0..10, repeatable.
        #[arg(long, value_name = "GROUP=N")]
        soreness: Vec<String>,
        #[arg(long, help = reg_help(Kind::Observation, "general_soreness"))]
        general_soreness: Option<f64>,
        #[arg(long, help = reg_help(Kind::Observation, "readiness"))]
        readiness: Option<f64>,
        #[arg(long, help = reg_help(Kind::Observation, "sleep_quality"))]
        sleep_quality: Option<f64>,
        #[arg(long, help = reg_help(Kind::Observation, "jump_cm"))]
        jump: Option<f64>,
        #[arg(long, help = reg_help(Kind::Observation, "grip_kg"))]
        grip: Option<f64>,
        /// A test set: "EXERCISE=LOADxREPS" (reps to failure at LOAD kg) or
        /// "EXERCISE=LOAD@VELOCITY" (mean concentric velocity, m/s).
        #[arg(long, value_name = "EXERCISE=LOADxREPS")]
        lift: Option<String>,
        #[arg(long, help = reg_help(Kind::Observation, "rmssd_ms"))]
        rmssd: Option<f64>,
        #[arg(long, help = reg_help(Kind::Observation, "night_rmssd_ms"))]
        night_rmssd: Option<f64>,
        #[arg(long, help = reg_help(Kind::Observation, "resting_hr"))]
        resting_hr: Option<f64>,
        #[arg(long, help = reg_help(Kind::Observation, "stress"))]
        stress: Option<f64>,
        #[arg(long, help = reg_help(Kind::Observation, "mood"))]
        mood: Option<f64>,
        #[arg(long, help = reg_help(Kind::Observation, "fatigue"))]
        fatigue: Option<f64>,
        #[arg(long, help = reg_help(Kind::Observation, "ck_u_per_l"))]
        ck: Option<f64>,
        #[arg(long, help = reg_help(Kind::Observation, "urine"), value_parser = choices(Kind::Observation, "urine"))]
        urine: Option<String>,
        #[command(flatten)]
        when: When,
    },
    /// Soreness by group (an observation): GROUP=N….
    #[command(after_help = "Example:\n  myo log soreness quadriceps=6 hamstrings=3")]
    Soreness {
        #[arg(required = true, value_name = "GROUP=N")]
        groups: Vec<String>,
        #[command(flatten)]
        when: When,
    },
    /// Symptoms (red flags lead to "seek medical care"): SYMPTOM….
    #[command(after_help = "Example:\n  myo log symptom calf-pain one-sided-swelling --side left")]
    Symptom {
        #[arg(required = true, help = reg_help(Kind::Symptom, "symptoms"), value_parser = choices(Kind::Symptom, "symptoms"))]
        symptoms: Vec<String>,
        #[arg(long, help = reg_help(Kind::Symptom, "side"), value_parser = choices(Kind::Symptom, "side"))]
        side: Option<String>,
        #[arg(long, value_delimiter = ',', help = reg_help(Kind::Symptom, "muscles"), value_parser = choices(Kind::Symptom, "muscles"))]
        muscles: Vec<String>,
        #[command(flatten)]
        when: When,
    },
    /// Any event in the spec's JSON shape: '{"kind": "sleep", "hours": 8}' (`at` optional).
    Json {
        event: String,
        #[command(flatten)]
        when: When,
    },
}

/// A flag's help from the event registry: label, unit and range (clap lists a choice field's
/// names itself, from [`choices`]).
fn reg_help(kind: Kind, field: &str) -> String {
    match kind.field(field) {
        Some(f) if f.choices().is_some() => f.label.to_string(),
        Some(f) => f.describe(),
        None => String::new(),
    }
}

/// The registry's names for a choice field, offered to shell completions; the value itself is
/// checked (and near misses named) by the event contract, with friendly aliases first.
fn choices(kind: Kind, field: &str) -> Choices {
    Choices(kind.field(field).and_then(|f| f.choices()).unwrap_or(&[]))
}

#[derive(Clone)]
struct Choices(&'static [&'static str]);

impl clap::builder::TypedValueParser for Choices {
    type Value = String;

    fn parse_ref(
        &self,
        _cmd: &clap::Command,
        _arg: Option<&clap::Arg>,
        value: &std::ffi::OsStr,
    ) -> Result<String, clap::Error> {
        Ok(value.to_string_lossy().into_owned())
    }

    fn possible_values(
        &self,
    ) -> Option<Box<dyn Iterator<Item = clap::builder::PossibleValue> + '_>> {
        Some(Box::new(
            self.0.iter().map(|n| clap::builder::PossibleValue::new(*n)),
        ))
    }
}

/// When it happened.
#[derive(clap::Args, Clone, Debug, Default)]
pub struct When {
    /// When it started: now, "yesterday 18:30", 18:30, -2h, "2h ago", RFC 3339 [default: now,
    /// or the duration before now for sessions and sleep, as if logged on finishing].
    #[arg(long, allow_hyphen_values = true)]
    pub at: Option<String>,
}

fn muscles_value(list: &[String]) -> Option<Value> {
    let names: Vec<Value> = list
        .iter()
        .flat_map(|m| m.split(','))
        .filter(|m| !m.is_empty())
        .map(|m| Value::String(m.replace('-', "_")))
        .collect();
    (!names.is_empty()).then_some(Value::Array(names))
}

fn snake(s: &str) -> String {
    s.trim().to_lowercase().replace(['-', ' '], "_")
}

fn put(map: &mut Map<String, Value>, key: &str, v: Option<f64>) {
    if let Some(x) = v {
        map.insert(key.into(), number_value(x));
    }
}

/// A number as people typed it: whole numbers without a fraction.
fn number_value(x: f64) -> Value {
    if x.fract() == 0.0 && x.abs() < 1e15 {
        json!(x as i64)
    } else {
        json!(x)
    }
}

/// Parses `GROUP=N` pairs into a soreness table.
fn soreness_map(pairs: &[String], arg: &str) -> anyhow::Result<Map<String, Value>> {
    let mut m = Map::new();
    for p in pairs {
        let (g, v) = p.split_once('=').ok_or_else(|| {
            BadInput(format!("{arg}: \"{p}\" is not GROUP=N (e.g. quadriceps=6)"))
        })?;
        let v: f64 = v.trim().parse().map_err(|_| {
            BadInput(format!(
                "{arg}: \"{p}\": \"{v}\" is not a number from 0 to 10"
            ))
        })?;
        m.insert(snake(g), number_value(v));
    }
    Ok(m)
}

impl LogKind {
    fn when(&self) -> &When {
        match self {
            LogKind::Strength { when, .. }
            | LogKind::Endurance { when, .. }
            | LogKind::ActiveRecovery { when, .. }
            | LogKind::Massage { when, .. }
            | LogKind::FoamRolling { when, .. }
            | LogKind::DryNeedling { when, .. }
            | LogKind::Cold { when, .. }
            | LogKind::Heat { when, .. }
            | LogKind::Compression { when, .. }
            | LogKind::Sleep { when, .. }
            | LogKind::Meal { when, .. }
            | LogKind::Fluid { when, .. }
            | LogKind::Observation { when, .. }
            | LogKind::Soreness { when, .. }
            | LogKind::Symptom { when, .. }
            | LogKind::Json { when, .. } => when,
        }
    }

    /// The event in the spec's shape, timed in `zone` relative to `now`.
    pub fn to_event(&self, now: DateTime<Utc>, zone: Zone) -> anyhow::Result<NewEvent> {
        let mut f = Map::new();
        // How long it lasted, h: the default start is that long before now.
        let mut lasted_h = 0.0;
        let kind = match self {
            LogKind::Strength { items, rpe, .. } => {
                if items.len() % 2 != 0 {
                    return Err(BadInput(format!(
                        "log strength: \"{}\" has no SETSxREPS@LOAD after it (give EXERCISE SPEC pairs, e.g. \"Barbell Squat\" 5x5@100kg)",
                        items.last().map(String::as_str).unwrap_or_default()
                    ))
                    .into());
                }
                let mut list = Vec::new();
                for pair in items.chunks(2) {
                    let x = match pair[0].strip_prefix("muscles:") {
                        Some(groups) => {
                            let mut x = myo_scenario::notation::set_spec(&pair[1])
                                .map_err(|m| BadInput(format!("log strength: {m}")))?;
                            let v = muscles_value(&[groups.to_string()]).unwrap_or(json!([]));
                            x.insert("muscles".into(), v);
                            x
                        }
                        None => myo_scenario::notation::exercise(&pair[0], &pair[1])
                            .map_err(|m| BadInput(format!("log strength: {m}")))?,
                    };
                    lasted_h += x["sets"].as_f64().unwrap_or(0.0) * 2.5 / 60.0;
                    list.push(Value::Object(x));
                }
                put(&mut f, "rpe", *rpe);
                f.insert("exercise".into(), Value::Array(list));
                "strength"
            }
            LogKind::Endurance {
                sport,
                duration,
                hr,
                rpe,
                vo2,
                power,
                ftp,
                km,
                downhill,
                gradient,
                ..
            } => {
                let h = st::duration_arg("DURATION", duration, "m")?;
                lasted_h = h;
                f.insert("sport".into(), json!(snake(sport)));
                f.insert("minutes".into(), number_value(round3(h * 60.0)));
                put(&mut f, "avg_hr", *hr);
                put(&mut f, "rpe", *rpe);
                put(&mut f, "pct_vo2max", *vo2);
                put(&mut f, "power_w", *power);
                put(&mut f, "ftp_w", *ftp);
                put(&mut f, "distance_km", *km);
                put(&mut f, "downhill_pct", *downhill);
                put(&mut f, "gradient_pct", *gradient);
                "endurance"
            }
            LogKind::ActiveRecovery {
                modality,
                duration,
                pct_max_hr,
                hr,
                vo2,
                ..
            } => {
                let h = st::duration_arg("DURATION", duration, "m")?;
                lasted_h = h;
                f.insert("modality".into(), json!(snake(modality)));
                f.insert("minutes".into(), number_value(round3(h * 60.0)));
                put(&mut f, "pct_max_hr", *pct_max_hr);
                put(&mut f, "avg_hr", *hr);
                put(&mut f, "pct_vo2max", *vo2);
                "active_recovery"
            }
            LogKind::Massage {
                duration, muscles, ..
            }
            | LogKind::FoamRolling {
                duration, muscles, ..
            } => {
                let h = st::duration_arg("DURATION", duration, "m")?;
                lasted_h = h;
                f.insert("minutes".into(), number_value(round3(h * 60.0)));
                if let Some(m) = muscles_value(muscles) {
                    f.insert("muscles".into(), m);
                }
                if matches!(self, LogKind::Massage { .. }) {
                    "massage"
                } else {
                    "foam_rolling"
                }
            }
            LogKind::DryNeedling {
                muscles,
                insertions,
                ..
            } => {
                if let Some(m) = muscles_value(muscles) {
                    f.insert("muscles".into(), m);
                }
                if let Some(i) = insertions {
                    f.insert("insertions".into(), json!(i));
                }
                "dry_needling"
            }
            LogKind::Cold {
                method,
                duration,
                muscles,
                temp,
                ..
            } => {
                let h = st::duration_arg("DURATION", duration, "m")?;
                lasted_h = h;
                let method = match snake(method).as_str() {
                    "cwi" | "ice_bath" | "immersion" => "cold_water_immersion".to_string(),
                    "cryo" => "cryotherapy".to_string(),
                    other => other.to_string(),
                };
                f.insert("method".into(), json!(method));
                f.insert("minutes".into(), number_value(round3(h * 60.0)));
                put(&mut f, "temp_c", *temp);
                if let Some(m) = muscles_value(muscles) {
                    f.insert("muscles".into(), m);
                }
                "cold"
            }
            LogKind::Heat {
                method,
                duration,
                muscles,
                ..
            } => {
                let h = st::duration_arg("DURATION", duration, "m")?;
                lasted_h = h;
                f.insert("method".into(), json!(snake(method)));
                f.insert("minutes".into(), number_value(round3(h * 60.0)));
                if let Some(m) = muscles_value(muscles) {
                    f.insert("muscles".into(), m);
                }
                "heat"
            }
            LogKind::Compression {
                duration, muscles, ..
            } => {
                let h = st::duration_arg("DURATION", duration, "h")?;
                lasted_h = h;
                f.insert("hours".into(), number_value(round3(h)));
                if let Some(m) = muscles_value(muscles) {
                    f.insert("muscles".into(), m);
                }
                "compression"
            }
            LogKind::Sleep { hours, quality, .. } => {
                let h = st::duration_arg("HOURS", hours, "h")?;
                lasted_h = h;
                f.insert("hours".into(), number_value(round3(h)));
                if let Some(q) = quality {
                    f.insert("quality".into(), json!(q));
                }
                "sleep"
            }
            LogKind::Meal {
                protein,
                carbs,
                fat,
                leucine,
                fluid,
                ..
            } => {
                put(&mut f, "protein_g", *protein);
                put(&mut f, "carbs_g", *carbs);
                put(&mut f, "fat_g", *fat);
                put(&mut f, "leucine_g", *leucine);
                put(&mut f, "fluid_l", *fluid);
                "meal"
            }
            LogKind::Fluid {
                volume,
                electrolytes,
                ..
            } => {
                let v = volume.trim().to_lowercase();
                if v.starts_with('-') {
                    return Err(BadInput(format!("VOLUME: \"{volume}\" is negative")).into());
                }
                let litres = if let Some(ml) = v.strip_suffix("ml") {
                    ml.trim().parse::<f64>().ok().map(|x| x / 1000.0)
                } else {
                    v.strip_suffix('l').unwrap_or(&v).trim().parse::<f64>().ok()
                }
                .filter(|x| x.is_finite())
                .ok_or_else(|| {
                    BadInput(format!(
                        "VOLUME: \"{volume}\" is not a volume (use 0.5L or 500ml)"
                    ))
                })?;
                f.insert("litres".into(), json!(litres));
                if *electrolytes {
                    f.insert("electrolytes".into(), json!(true));
                }
                "fluid"
            }
            LogKind::Observation {
                soreness,
                general_soreness,
                readiness,
                sleep_quality,
                jump,
                grip,
                lift,
                rmssd,
                night_rmssd,
                resting_hr,
                stress,
                mood,
                fatigue,
                ck,
                urine,
                ..
            } => {
                if !soreness.is_empty() {
                    f.insert(
                        "soreness".into(),
                        Value::Object(soreness_map(soreness, "--soreness")?),
                    );
                }
                put(&mut f, "general_soreness", *general_soreness);
                put(&mut f, "readiness", *readiness);
                put(&mut f, "sleep_quality", *sleep_quality);
                put(&mut f, "rmssd_ms", *rmssd);
                put(&mut f, "night_rmssd_ms", *night_rmssd);
                put(&mut f, "resting_hr", *resting_hr);
                put(&mut f, "stress", *stress);
                put(&mut f, "mood", *mood);
                put(&mut f, "fatigue", *fatigue);
                put(&mut f, "ck_u_per_l", *ck);
                if let Some(u) = urine {
                    f.insert("urine".into(), json!(snake(u)));
                }
                put(&mut f, "jump_cm", *jump);
                put(&mut f, "grip_kg", *grip);
                if let Some(l) = lift {
                    f.insert("lift".into(), lift_test(l)?);
                }
                if f.is_empty() {
                    return Err(BadInput(
                        "log observation: give at least one of --soreness, --general-soreness, --readiness, --sleep-quality, --rmssd, --night-rmssd, --resting-hr, --stress, --mood, --fatigue, --ck, --urine, --jump, --grip, --lift".into(),
                    )
                    .into());
                }
                "observation"
            }
            LogKind::Soreness { groups, .. } => {
                f.insert(
                    "soreness".into(),
                    Value::Object(soreness_map(groups, "GROUP=N")?),
                );
                "observation"
            }
            LogKind::Symptom {
                symptoms,
                side,
                muscles,
                ..
            } => {
                f.insert(
                    "symptoms".into(),
                    Value::Array(symptoms.iter().map(|s| json!(snake(s))).collect()),
                );
                if let Some(s) = side {
                    f.insert("side".into(), json!(s.to_lowercase()));
                }
                if let Some(m) = muscles_value(muscles) {
                    f.insert("muscles".into(), m);
                }
                "symptom"
            }
            LogKind::Json { event, when } => {
                let mut v: Value = serde_json::from_str(event)
                    .map_err(|e| BadInput(format!("log json: not JSON: {e}")))?;
                let Some(map) = v.as_object_mut() else {
                    return Err(BadInput("log json: the event must be a JSON object".into()).into());
                };
                if !map.contains_key("at") {
                    let at = match &when.at {
                        Some(t) => st::event_time("--at", t, now, zone)?,
                        None => zone.local(now.fixed_offset()),
                    };
                    map.insert("at".into(), json!(at.to_rfc3339()));
                }
                if let Some(Value::String(k)) = map.get("kind") {
                    let k = snake(k);
                    map.insert("kind".into(), json!(k));
                }
                let event = NewEvent::from_json(&v).bad_arg("log json")?;
                st::check_event_time("at", event.at, now)?;
                return Ok(event);
            }
        };
        let at = match &self.when().at {
            Some(t) => st::event_time("--at", t, now, zone)?,
            None => {
                let start = now - Duration::milliseconds((lasted_h * 3.6e6).round() as i64);
                // Whole seconds: what people would type.
                let secs = start.timestamp();
                zone.local(
                    DateTime::from_timestamp(secs, 0)
                        .expect("in range")
                        .fixed_offset(),
                )
            }
        };
        f.insert("kind".into(), json!(kind));
        let event = EventSpec::from_json(&Value::Object(f))
            .map_err(|e| BadInput(format!("log {}: {e}", kind.replace('_', "-"))))?;
        Ok(NewEvent { at, event })
    }
}

fn round3(x: f64) -> f64 {
    (x * 1000.0).round() / 1000.0
}

/// Log what you did.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  myo log sleep 7.5h --quality 4
  myo log strength \"Barbell Squat\" 5x5@100kg --rpe 8
  myo log soreness quadriceps=6 hamstrings=3
  myo log massage 30m --at \"yesterday 18:30\"
  myo --athlete sam log endurance run 45m --hr 150")]
pub struct LogArgs {
    #[command(subcommand)]
    pub kind: LogKind,
}

pub fn log(args: LogArgs, opts: &LogOpts) -> anyhow::Result<()> {
    let rt = st::runtime()?;
    rt.block_on(async {
        let now = st::now()?;
        let store = st::open(opts).await?;
        let athlete = st::athlete(&store, opts).await?;
        let zone = athlete.profile.time_zone;
        let event = args.kind.to_event(now, zone)?;
        let kind_arg = format!("log {}", event.kind().name().replace('_', "-"));
        let stored = store
            .add_event(athlete.id, &event, now.timestamp_millis())
            .await
            .bad_arg(&kind_arg)?;
        store.close().await;
        let mut out = anstream::stdout().lock();
        if opts.json {
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&event_json(&stored, &athlete.name))?
            )?;
        } else {
            writeln!(
                out,
                "logged event {} for {}: {} at {}",
                stored.id,
                athlete.name,
                summary(&stored),
                st::short_time(&zone.local(stored.at))
            )?;
        }
        Ok(())
    })
}

/// An event as `--json` prints it: id, athlete, times and the spec's shape.
pub fn event_json(e: &StoredEvent, athlete: &str) -> Value {
    json!({
        "id": e.id,
        "athlete": athlete,
        "created_ms": e.created_ms,
        "updated_ms": e.updated_ms,
        "source": e.source,
        "event": e.to_json(),
    })
}

/// One line for people: the kind and its main fields.
pub fn summary(e: &StoredEvent) -> String {
    let f = &e.event.fields();
    let num = |k: &str| f.get(k).and_then(Value::as_f64);
    let muscles = || {
        f.get("muscles")
            .and_then(Value::as_array)
            .map(|a| {
                let names: Vec<&str> = a.iter().filter_map(Value::as_str).collect();
                format!(" ({})", names.join(", "))
            })
            .unwrap_or_default()
    };
    let mins = || {
        num("minutes")
            .map(|m| format!(" {m} min"))
            .unwrap_or_default()
    };
    let kind = e.kind().name().replace('_', "-");
    match e.kind().name() {
        "strength" => {
            let mut parts = Vec::new();
            for x in f
                .get("exercise")
                .and_then(Value::as_array)
                .into_iter()
                .flatten()
            {
                let name = x
                    .get("name")
                    .and_then(Value::as_str)
                    .map(str::to_string)
                    .or_else(|| x.get("muscles").map(|m| format!("muscles {m}")))
                    .unwrap_or_default();
                let load = if let Some(kg) = x.get("load_kg").and_then(Value::as_f64) {
                    format!("{kg}kg")
                } else if let Some(p) = x.get("pct_1rm").and_then(Value::as_f64) {
                    format!("{p}%")
                } else if let Some(r) = x.get("rir").and_then(Value::as_f64) {
                    format!("rir{r}")
                } else {
                    "max".into()
                };
                parts.push(format!(
                    "{name} {}x{}@{load}",
                    x.get("sets").unwrap_or(&Value::Null),
                    x.get("reps").unwrap_or(&Value::Null)
                ));
            }
            let rpe = num("rpe").map(|r| format!(", RPE {r}")).unwrap_or_default();
            format!("strength {}{rpe}", parts.join(", "))
        }
        "endurance" => format!(
            "{} {}{}",
            f.get("sport").and_then(Value::as_str).unwrap_or("?"),
            mins().trim(),
            num("distance_km")
                .map(|d| format!(", {d} km"))
                .unwrap_or_default()
        ),
        "sleep" => format!(
            "sleep {} h{}",
            num("hours").unwrap_or(0.0),
            num("quality")
                .map(|q| format!(", quality {q}"))
                .unwrap_or_default()
        ),
        "active_recovery" | "cold" | "heat" => format!(
            "{kind} {}{}{}",
            f.get("modality")
                .or(f.get("method"))
                .and_then(Value::as_str)
                .unwrap_or(""),
            mins(),
            muscles()
        ),
        "massage" | "foam_rolling" => format!("{kind}{}{}", mins(), muscles()),
        "compression" => format!("compression {} h{}", num("hours").unwrap_or(0.0), muscles()),
        _ => {
            let mut rest = f.clone();
            rest.remove("muscles");
            let compact: Vec<String> = rest
                .iter()
                .map(|(k, v)| match v {
                    Value::String(s) => format!("{k}={s}"),
                    other => format!("{k}={other}"),
                })
                .collect();
            format!("{kind} {}{}", compact.join(" "), muscles())
        }
    }
}

/// Change a logged event.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  myo edit 42 --at \"yesterday 18:30\"
  myo edit 42 --set rpe=7 --set hours=7.5
  myo edit 42 --unset quality
  myo edit 42 --event '{\"at\": \"2026-01-05T18:30:00+01:00\", \"kind\": \"sleep\", \"hours\": 8}'")]
pub struct EditArgs {
    /// The event's id (see `myo history`).
    pub id: i64,
    /// New start time.
    #[arg(long, allow_hyphen_values = true)]
    pub at: Option<String>,
    /// FIELD=VALUE (VALUE as JSON when it parses, else text); repeatable.
    #[arg(long, value_name = "FIELD=VALUE")]
    pub set: Vec<String>,
    /// Remove a field; repeatable.
    #[arg(long, value_name = "FIELD")]
    pub unset: Vec<String>,
    /// Replace the whole event (the spec's JSON shape).
    #[arg(long, conflicts_with_all = ["at", "set", "unset"])]
    pub event: Option<String>,
}

pub fn edit(args: EditArgs, opts: &LogOpts) -> anyhow::Result<()> {
    let rt = st::runtime()?;
    rt.block_on(async {
        let now = st::now()?;
        let store = st::open(opts).await?;
        let old = store.event(args.id).await.bad_arg("ID")?;
        let athlete = store.athlete_by_id(old.athlete_id).await.bad()?;
        let zone = athlete.profile.time_zone;
        let new = if let Some(text) = &args.event {
            let v: Value = serde_json::from_str(text)
                .map_err(|e| BadInput(format!("--event: not JSON: {e}")))?;
            NewEvent::from_json(&v).bad_arg("--event")?
        } else {
            let mut at = old.at;
            if let Some(t) = &args.at {
                at = st::event_time("--at", t, now, zone)?;
            }
            let mut fields = old.event.fields();
            for s in &args.set {
                let (k, v) = s
                    .split_once('=')
                    .ok_or_else(|| BadInput(format!("--set: \"{s}\" is not FIELD=VALUE")))?;
                let value =
                    serde_json::from_str(v).unwrap_or_else(|_| Value::String(v.to_string()));
                match k.trim() {
                    "at" | "kind" => {
                        return Err(BadInput(format!(
                            "--set: use --at or --event to change `{}`",
                            k.trim()
                        ))
                        .into())
                    }
                    k => {
                        fields.insert(k.to_string(), value);
                    }
                }
            }
            for k in &args.unset {
                if fields.remove(k).is_none() {
                    let names: Vec<&str> = fields.keys().map(String::as_str).collect();
                    let hint = myo_model::muscle::nearest(k, names.iter().copied())
                        .map(|s| format!(" (did you mean \"{s}\"?)"))
                        .unwrap_or_default();
                    return Err(BadInput(format!(
                        "--unset: event {} has no field `{k}`{hint}",
                        args.id
                    ))
                    .into());
                }
            }
            fields.insert("kind".into(), json!(old.kind().name()));
            let event = EventSpec::from_json(&Value::Object(fields))
                .map_err(|e| BadInput(format!("edit {}: {e}", args.id)))?;
            NewEvent { at, event }
        };
        st::check_event_time("--at", new.at, now)?;
        let stored = store
            .update_event(args.id, &new, now.timestamp_millis())
            .await
            .bad_arg(&format!("edit {}", args.id))?;
        store.close().await;
        let mut out = anstream::stdout().lock();
        if opts.json {
            writeln!(
                out,
                "{}",
                serde_json::to_string_pretty(&event_json(&stored, &athlete.name))?
            )?;
        } else {
            writeln!(
                out,
                "edited event {}: {} at {}",
                stored.id,
                summary(&stored),
                st::short_time(&zone.local(stored.at))
            )?;
        }
        Ok(())
    })
}

/// Delete logged events.
#[derive(clap::Args)]
#[command(after_help = "Example:\n  myo delete 42 43")]
pub struct DeleteArgs {
    /// Event ids; all are deleted or, if one is unknown, none.
    #[arg(required = true)]
    pub ids: Vec<i64>,
}

pub fn delete(args: DeleteArgs, opts: &LogOpts) -> anyhow::Result<()> {
    let rt = st::runtime()?;
    rt.block_on(async {
        let store = st::open(opts).await?;
        let gone = store.delete_events(&args.ids).await.bad_arg("ID")?;
        store.close().await;
        let mut out = anstream::stdout().lock();
        if opts.json {
            let ids: Vec<i64> = gone.iter().map(|e| e.id).collect();
            writeln!(out, "{}", json!({ "deleted": ids }))?;
        } else {
            for e in &gone {
                writeln!(out, "deleted event {}: {}", e.id, summary(e))?;
            }
        }
        Ok(())
    })
}

/// The log, newest last.
#[derive(clap::Args)]
#[command(after_help = "Examples:
  myo history
  myo history --kind strength --kind endurance --since \"2026-01-01\"
  myo history --since -7d --json")]
pub struct HistoryArgs {
    /// Only these kinds (repeatable; e.g. strength, active-recovery).
    #[arg(long)]
    pub kind: Vec<String>,
    /// From this time on (e.g. 2026-01-01, -7d, yesterday).
    #[arg(long, allow_hyphen_values = true)]
    pub since: Option<String>,
    /// Before this time.
    #[arg(long, allow_hyphen_values = true)]
    pub until: Option<String>,
    /// At most this many (the most recent).
    #[arg(long, default_value_t = 50)]
    pub limit: i64,
    /// Every event (no limit).
    #[arg(long)]
    pub all: bool,
}

pub fn history(args: HistoryArgs, opts: &LogOpts) -> anyhow::Result<()> {
    let rt = st::runtime()?;
    rt.block_on(async {
        let now = st::now()?;
        let store = st::open(opts).await?;
        let athlete = st::athlete(&store, opts).await?;
        let zone = athlete.profile.time_zone;
        let mut kinds = Vec::new();
        for k in &args.kind {
            let k = snake(k);
            let kind = myo_scenario::Kind::parse(&k).map_err(|_| {
                let hint = myo_model::muscle::nearest(&k, myo_scenario::KINDS)
                    .map(|s| format!(" (did you mean \"{}\"?)", s.replace('_', "-")))
                    .unwrap_or_default();
                BadInput(format!("--kind: unknown kind \"{k}\"{hint}"))
            })?;
            kinds.push(kind);
        }
        let bound = |arg: &str, t: &Option<String>| -> anyhow::Result<Option<i64>> {
            t.as_ref()
                .map(|t| {
                    st::parse_when(t, now, zone)
                        .map(|at| at.timestamp_millis())
                        .map_err(|m| BadInput(format!("{arg}: {m}")).into())
                })
                .transpose()
        };
        if args.limit < 1 {
            return Err(BadInput("--limit: must be at least 1".into()).into());
        }
        let events = store
            .events(&EventFilter {
                athlete_id: Some(athlete.id),
                kinds,
                from_ms: bound("--since", &args.since)?,
                until_ms: bound("--until", &args.until)?,
                limit: (!args.all).then_some(args.limit),
            })
            .await
            .bad()?;
        store.close().await;
        let mut out = anstream::stdout().lock();
        if opts.json {
            let list: Vec<Value> = events
                .iter()
                .map(|e| event_json(e, &athlete.name))
                .collect();
            writeln!(out, "{}", serde_json::to_string_pretty(&list)?)?;
            return Ok(());
        }
        let bold = Style::new().bold();
        let dim = Style::new().dimmed();
        writeln!(
            out,
            "{bold}{:>6}  {:<16}  {:<16}  what{bold:#}",
            "id", "at", "kind"
        )?;
        for e in &events {
            writeln!(
                out,
                "{:>6}  {:<16}  {dim}{:<16}{dim:#}  {}",
                e.id,
                st::short_time(&zone.local(e.at)),
                e.kind().name().replace('_', "-"),
                summary(e)
            )?;
        }
        if events.is_empty() {
            writeln!(out, "{dim}(no events){dim:#}")?;
        }
        Ok(())
    })
}

/// `--lift "Barbell Squat=100x5"` (reps to failure) or `"Barbell Squat=100@0.62"` (mean
/// velocity, m/s) as the contract's `lift` table; the contract checks the name and ranges.
fn lift_test(text: &str) -> anyhow::Result<Value> {
    let bad = || {
        BadInput(format!(
            "--lift: \"{text}\" is not EXERCISE=LOADxREPS or EXERCISE=LOAD@VELOCITY (e.g. \"Barbell Squat=100x5\")"
        ))
    };
    let (name, test) = text.rsplit_once('=').ok_or_else(bad)?;
    let number = |s: &str| {
        s.trim()
            .trim_end_matches("kg")
            .trim_end_matches("m/s")
            .trim()
            .parse::<f64>()
            .ok()
            .filter(|x| x.is_finite())
    };
    let mut out = serde_json::Map::new();
    out.insert("exercise".into(), json!(name.trim()));
    if let Some((load, reps)) = test.split_once(['x', 'X', '×']) {
        let reps: u32 = reps.trim().parse().map_err(|_| bad())?;
        out.insert("load_kg".into(), json!(number(load).ok_or_else(bad)?));
        out.insert("reps".into(), json!(reps));
    } else if let Some((load, v)) = test.split_once('@') {
        out.insert("load_kg".into(), json!(number(load).ok_or_else(bad)?));
        out.insert("velocity_m_s".into(), json!(number(v).ok_or_else(bad)?));
    } else {
        return Err(bad().into());
    }
    Ok(Value::Object(out))
}
