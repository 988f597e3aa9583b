//! What an import finds, typed, and how each item becomes an event of the contract
//! (`myo_scenario::EventSpec`, built typed and checked; ranges from the registry).

use std::collections::BTreeMap;

use chrono::{DateTime, Duration, FixedOffset, NaiveDate, SecondsFormat, Utc};
use myo_model::{MuscleGroup, Sport};
use myo_scenario::contract::{
    EnduranceSpec, ExerciseSpec, ObservationSpec, SleepSpec, StrengthSpec,
};
use myo_scenario::{EventSpec, Kind, Zone};
use serde_json::{json, Map, Value};

use crate::error::Location;
use crate::Format;

/// Everything one file gave.
#[derive(Debug, Clone, PartialEq)]
pub struct Imported {
    pub format: Format,
    pub items: Vec<Item>,
    /// Data-quality problems that did not stop the import (skipped rows, unknown exercises).
    pub warnings: Vec<Warning>,
    /// Data messages (FIT), trackpoints (TCX, GPX) or data rows (CSV) read.
    pub source_records: usize,
}

impl Imported {
    /// The scenario events of every item that has one, in item order, as JSON.
    pub fn events(&self) -> Vec<Value> {
        self.items.iter().filter_map(Item::to_event).collect()
    }

    /// The same events, typed (checked by the event contract), with their times.
    pub fn typed_events(&self) -> Vec<(DateTime<FixedOffset>, EventSpec)> {
        let ctx = EventContext::default();
        self.items
            .iter()
            .filter_map(|i| i.to_spec_with(&ctx))
            .collect()
    }
}

/// A data-quality note, with where it applies when known.
#[derive(Debug, Clone, PartialEq)]
pub struct Warning {
    pub location: Option<Location>,
    pub message: String,
}

impl Warning {
    pub(crate) fn new(message: impl Into<String>) -> Self {
        Warning {
            location: None,
            message: message.into(),
        }
    }
    pub(crate) fn line(line: usize, message: impl Into<String>) -> Self {
        Warning {
            location: Some(Location::Line { line, column: None }),
            message: message.into(),
        }
    }
}

impl std::fmt::Display for Warning {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match &self.location {
            Some(l) => write!(f, "{l}: {}", self.message),
            None => f.write_str(&self.message),
        }
    }
}

/// One thing found in a file.
#[derive(Debug, Clone, PartialEq)]
pub enum Item {
    Activity(Activity),
    Strength(StrengthSession),
    /// Beat-to-beat intervals for `myo-metrics`; no scenario event.
    RrSeries(RrSeries),
    DailyHrv(DailyHrv),
    Sleep(Sleep),
    SessionRpe(SessionRpe),
    Wellness(Wellness),
    /// A generic-CSV observation row.
    Observation(Observation),
}

/// An endurance session (one FIT session, one TCX activity, one GPX track).
#[derive(Debug, Clone, PartialEq)]
pub struct Activity {
    pub start: DateTime<FixedOffset>,
    pub sport: Sport,
    /// The file's own words for the sport ("cycling/indoor_cycling", "Biking").
    pub source_sport: String,
    /// A multisport transition: kept, but it gives no event (seconds long, no model load).
    pub transition: bool,
    /// Start to end, pauses included.
    pub elapsed_s: f64,
    /// Time moving (FIT timer time, TCX lap time), when the file says.
    pub moving_s: Option<f64>,
    pub distance_m: Option<f64>,
    pub avg_hr_bpm: Option<f64>,
    pub max_hr_bpm: Option<f64>,
    pub avg_power_w: Option<f64>,
    pub max_power_w: Option<f64>,
    pub ascent_m: Option<f64>,
    pub descent_m: Option<f64>,
    /// Estimated from the altitude profile; `None` without altitude.
    pub downhill: Option<Downhill>,
    pub laps: Vec<Lap>,
    pub samples: Vec<Sample>,
}

impl Activity {
    /// A session known only by its start, sport and length; the caller adds what the file
    /// says beyond that.
    pub fn new(
        start: DateTime<FixedOffset>,
        sport: Sport,
        source_sport: String,
        elapsed_s: f64,
    ) -> Activity {
        Activity {
            start,
            sport,
            source_sport,
            transition: false,
            elapsed_s,
            moving_s: None,
            distance_m: None,
            avg_hr_bpm: None,
            max_hr_bpm: None,
            avg_power_w: None,
            max_power_w: None,
            ascent_m: None,
            descent_m: None,
            downhill: None,
            laps: Vec::new(),
            samples: Vec::new(),
        }
    }
}

/// A lap as the file summarises it.
#[derive(Debug, Clone, PartialEq)]
pub struct Lap {
    pub start: DateTime<FixedOffset>,
    pub elapsed_s: f64,
    pub moving_s: Option<f64>,
    pub distance_m: Option<f64>,
    pub avg_hr_bpm: Option<f64>,
    pub max_hr_bpm: Option<f64>,
    pub avg_power_w: Option<f64>,
}

/// One recorded point.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Sample {
    pub time: Option<DateTime<Utc>>,
    pub hr_bpm: Option<f64>,
    pub power_w: Option<f64>,
    pub speed_m_s: Option<f64>,
    /// Cumulative distance from the start.
    pub distance_m: Option<f64>,
    pub altitude_m: Option<f64>,
    pub cadence_rpm: Option<f64>,
    pub lat_deg: Option<f64>,
    pub lon_deg: Option<f64>,
}

/// How much of a session went downhill, and how steeply (the spec's `downhill_pct` and
/// `gradient_pct`): downhill running loads the quadriceps eccentrically.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Downhill {
    /// Share of the moving time spent on downhill stretches, 0–100.
    pub share_pct: f64,
    /// Mean steepness of those stretches, percent (positive).
    pub gradient_pct: f64,
}

/// A strength workout.
#[derive(Debug, Clone, PartialEq)]
pub struct StrengthSession {
    pub start: DateTime<FixedOffset>,
    /// Session RPE (CR-10) when the source has it.
    pub rpe: Option<f64>,
    pub exercises: Vec<ExerciseLog>,
}

/// One exercise and its sets.
#[derive(Debug, Clone, PartialEq)]
pub struct ExerciseLog {
    /// As written in the file (or the FIT category when there is no name).
    pub source_name: String,
    /// The catalogue entry it matched, if any.
    pub catalogue_name: Option<String>,
    /// Muscle groups, used when there is no catalogue entry (from the FIT exercise category).
    pub muscles: Vec<MuscleGroup>,
    pub sets: Vec<SetLog>,
}

/// One working set.
#[derive(Debug, Clone, PartialEq)]
pub struct SetLog {
    pub reps: u32,
    /// External load; `None` for body-weight sets.
    pub load_kg: Option<f64>,
    pub duration_s: Option<f64>,
    pub rpe: Option<f64>,
}

/// Beat-to-beat (RR) intervals, invalid entries dropped.
#[derive(Debug, Clone, PartialEq)]
pub struct RrSeries {
    pub start: Option<DateTime<FixedOffset>>,
    pub rr_ms: Vec<f64>,
    /// Slots marked invalid (0xFFFF in FIT) and dropped.
    pub invalid_dropped: usize,
}

/// A daily (usually morning) HRV reading.
#[derive(Debug, Clone, PartialEq)]
pub struct DailyHrv {
    pub date: NaiveDate,
    pub at: DateTime<FixedOffset>,
    pub rmssd_ms: Option<f64>,
    pub ln_rmssd: Option<f64>,
    pub sdnn_ms: Option<f64>,
    pub resting_hr_bpm: Option<f64>,
    /// "HRV4Training", "Elite HRV", "RR recording". A device's overnight average is not one:
    /// it is an [`Observation`]'s `night_rmssd_ms`.
    pub source: String,
}

/// A night's sleep (or a nap).
#[derive(Debug, Clone, PartialEq)]
pub struct Sleep {
    pub start: DateTime<FixedOffset>,
    pub asleep_h: f64,
    /// 1–5 (the spec's `quality`).
    pub quality: Option<u8>,
    /// The device's 0–100 score, when it gives one.
    pub score: Option<f64>,
    /// Reported by the athlete in a questionnaire (hours only, the night placed before the
    /// report: [`reported_sleep`]) rather than recorded by a device; a device's record of the
    /// same night is better (see [`night_covered`]).
    pub reported: bool,
}

/// A session known by its RPE and duration (session-RPE, Foster).
#[derive(Debug, Clone, PartialEq)]
pub struct SessionRpe {
    pub start: DateTime<FixedOffset>,
    pub minutes: f64,
    /// CR-10.
    pub rpe: f64,
    /// The source's activity words ("individual", "running").
    pub activities: Vec<String>,
    /// When the source logged it, if that is not its end (PMSys: when the form was filled in).
    pub logged_at: Option<DateTime<FixedOffset>>,
}

impl SessionRpe {
    /// Session load in arbitrary units: RPE × minutes.
    pub fn load_au(&self) -> f64 {
        self.rpe * self.minutes
    }

    /// Tagged as strength training ("strength" among the activity words): its event is a
    /// `strength` session of generic whole-body exercises ([`generic_strength_exercises`]).
    pub fn is_strength(&self) -> bool {
        self.activities
            .iter()
            .any(|a| a.eq_ignore_ascii_case("strength"))
    }
}

/// A PMSys wellness report, values as the source scales them (1–5, 3 = normal, higher =
/// better; readiness 0–10). Zero means "not answered" in PMData and is read as missing.
#[derive(Debug, Clone, PartialEq)]
pub struct Wellness {
    pub at: DateTime<FixedOffset>,
    pub fatigue: Option<f64>,
    pub mood: Option<f64>,
    pub readiness: Option<f64>,
    pub sleep_duration_h: Option<f64>,
    pub sleep_quality: Option<f64>,
    pub soreness: Option<f64>,
    /// SNOMED CT body-structure codes.
    pub soreness_areas: Vec<u64>,
    pub stress: Option<f64>,
}

/// A generic observation, already on the spec's scales.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Observation {
    pub at: Option<DateTime<FixedOffset>>,
    pub soreness: Vec<(MuscleGroup, f64)>,
    /// Whole-body soreness, 0–10.
    pub general_soreness: Option<f64>,
    /// How ready the athlete feels to train, 0–10.
    pub readiness: Option<f64>,
    /// Last night's sleep, 1 (poor) to 5 (excellent).
    pub sleep_quality: Option<f64>,
    /// Morning HRV: RMSSD of a short resting reading, ms.
    pub rmssd_ms: Option<f64>,
    /// A device's average RMSSD over the night (Garmin, Oura, WHOOP), ms: not a morning
    /// reading, so never `rmssd_ms`.
    pub night_rmssd_ms: Option<f64>,
    pub resting_hr: Option<f64>,
    pub stress: Option<f64>,
    pub mood: Option<f64>,
    pub fatigue: Option<f64>,
    /// Countermovement jump height, cm.
    pub jump_cm: Option<f64>,
    /// Grip strength, best hand, kg.
    pub grip_kg: Option<f64>,
}

/// What an event needs that a file cannot say.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct EventContext {
    /// The athlete's functional threshold power, so a ride with power but no heart rate can
    /// still give an effort measure.
    pub ftp_w: Option<f64>,
}

impl Item {
    /// The scenario `[[event]]` table for this item, as JSON, or `None` when the item has no
    /// event (RR series, transitions) or lacks what the spec requires (an endurance session
    /// with no heart rate, a session shorter than 30 s).
    pub fn to_event(&self) -> Option<Value> {
        self.to_event_with(&EventContext::default())
    }

    /// [`Item::to_event`] with athlete facts the file lacks.
    pub fn to_event_with(&self, ctx: &EventContext) -> Option<Value> {
        let (at, spec) = self.to_spec_with(ctx)?;
        let mut m = Map::new();
        m.insert(
            "at".into(),
            json!(at.to_rfc3339_opts(SecondsFormat::Secs, true)),
        );
        m.extend(spec.to_json().as_object().cloned().unwrap_or_default());
        Some(Value::Object(m))
    }

    /// The item's event, typed and checked by the event contract: only fields the kind has,
    /// values outside the registry's ranges left out (or the event dropped when a required
    /// one is), so a file's odd values never refuse the whole file.
    pub fn to_spec_with(&self, ctx: &EventContext) -> Option<(DateTime<FixedOffset>, EventSpec)> {
        let (at, spec) = match self {
            Item::Activity(a) => (a.start, activity_event(a, ctx)?),
            Item::Strength(s) => (s.start, strength_event(s)?),
            Item::RrSeries(_) => return None,
            Item::DailyHrv(h) => {
                let mut o = Observation {
                    at: Some(h.at),
                    rmssd_ms: h.rmssd_ms,
                    resting_hr: h.resting_hr_bpm,
                    ..Observation::default()
                };
                if o.rmssd_ms.is_none() {
                    o.rmssd_ms = h.ln_rmssd.map(f64::exp);
                }
                (h.at, observation_event(&o)?)
            }
            Item::Sleep(s) => (
                s.start,
                EventSpec::Sleep(SleepSpec {
                    hours: within(Kind::Sleep, "hours", r2(s.asleep_h))?,
                    quality: s.quality.filter(|q| (1..=5).contains(q)),
                }),
            ),
            Item::SessionRpe(s) if s.is_strength() => (s.start, generic_strength_event(s)?),
            Item::SessionRpe(s) => (
                s.start,
                EventSpec::Endurance(EnduranceSpec {
                    minutes: within(Kind::Endurance, "minutes", r1(s.minutes))?,
                    rpe: Some(within(Kind::Endurance, "rpe", s.rpe)?),
                    ..endurance(srpe_sport(&s.activities))
                }),
            ),
            Item::Wellness(w) => (w.at, observation_event(&wellness_observation(w))?),
            Item::Observation(o) => (o.at?, observation_event(o)?),
        };
        // Typed values can be built wrong; the contract has the last word.
        spec.check().ok()?;
        Some((at, spec))
    }

    /// When the item happened (its start), for ordering and de-duplication.
    pub fn at(&self) -> Option<DateTime<FixedOffset>> {
        match self {
            Item::Activity(a) => Some(a.start),
            Item::Strength(s) => Some(s.start),
            Item::RrSeries(r) => r.start,
            Item::DailyHrv(h) => Some(h.at),
            Item::Sleep(s) => Some(s.start),
            Item::SessionRpe(s) => Some(s.start),
            Item::Wellness(w) => Some(w.at),
            Item::Observation(o) => o.at,
        }
    }
}

/// `x` when the registry's range for `kind.field` holds it.
fn within(kind: Kind, field: &str, x: f64) -> Option<f64> {
    let (min, max) = kind.field(field)?.range()?;
    (x.is_finite() && (min..=max).contains(&x)).then_some(x)
}

fn r1(x: f64) -> f64 {
    (x * 10.0).round() / 10.0
}

fn r2(x: f64) -> f64 {
    (x * 100.0).round() / 100.0
}

/// An endurance session of `sport` with nothing else filled in.
fn endurance(sport: Sport) -> EnduranceSpec {
    EnduranceSpec {
        sport,
        minutes: 0.0,
        avg_hr: None,
        rpe: None,
        pct_vo2max: None,
        power_w: None,
        ftp_w: None,
        distance_km: None,
        downhill_pct: None,
        gradient_pct: None,
    }
}

fn activity_event(a: &Activity, ctx: &EventContext) -> Option<EventSpec> {
    if a.transition {
        return None;
    }
    let seconds = a.moving_s.filter(|s| *s > 0.0).unwrap_or(a.elapsed_s);
    let mut e = EnduranceSpec {
        minutes: within(Kind::Endurance, "minutes", r1(seconds / 60.0))?,
        ..endurance(a.sport)
    };
    let hr = a
        .avg_hr_bpm
        .and_then(|hr| within(Kind::Endurance, "avg_hr", hr.round()));
    let power = a
        .avg_power_w
        .and_then(|p| within(Kind::Endurance, "power_w", p.round()));
    let ftp = ctx
        .ftp_w
        .and_then(|f| within(Kind::Endurance, "ftp_w", r1(f)));
    match (hr, power, ftp) {
        (Some(hr), ..) => e.avg_hr = Some(hr),
        (None, Some(p), Some(f)) => {
            e.power_w = Some(p);
            e.ftp_w = Some(f);
        }
        // No measured effort: intensity from sport and speed, said in the import's warnings.
        _ => {
            let pct = estimated_intensity(a).ok()?.pct_vo2max;
            e.pct_vo2max = Some(within(Kind::Endurance, "pct_vo2max", r1(pct))?);
        }
    }
    // Zero is what indoor sessions record: no distance, not a distance of zero.
    e.distance_km = a
        .distance_m
        .filter(|d| *d > 0.0)
        .and_then(|d| within(Kind::Endurance, "distance_km", r2(d / 1000.0)));
    if let Some(d) = a.downhill.filter(|d| d.share_pct > 0.0) {
        e.downhill_pct = Some(r1(d.share_pct.clamp(0.0, 100.0)));
        e.gradient_pct = Some(r1(d.gradient_pct.clamp(0.0, 60.0)));
    }
    Some(EventSpec::Endurance(e))
}

/// The VO2max the speed-based estimates are a percentage of, ml/kg/min: a recreationally
/// trained adult (a 10 km in about 45 min).
pub const REFERENCE_VO2MAX: f64 = 50.0;
/// Cycling: rider and bike (kg), drag area (m², on the hoods), rolling resistance, air density.
const RIDE_MASS_KG: f64 = 85.0;
const RIDER_MASS_KG: f64 = 75.0;
const CDA_M2: f64 = 0.4;
const CRR: f64 = 0.005;
const AIR_KG_M3: f64 = 1.2;
/// Swimming: the speed taken as VO2max pace (1:23 /100 m), cost rising with its square.
const SWIM_VO2MAX_M_S: f64 = 1.2;

/// An intensity estimated from a session's sport and speed, for a session with no heart rate
/// (or power with no FTP).
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Intensity {
    pub pct_vo2max: f64,
    /// Mean speed over the moving time.
    pub speed_m_s: f64,
}

/// % VO2max from sport and speed, clamped to 20–100 %: the ACSM metabolic equations for
/// running and walking (with the climb as vertical speed), cycling power from speed and climb
/// with ACSM's leg-cycling equation, swimming as (speed / 1.2 m/s)², each over
/// [`REFERENCE_VO2MAX`]. `Err` says why there is none (no distance, a sport with no speed
/// model). An estimate for a population, not for the athlete: the import says so.
pub fn estimated_intensity(a: &Activity) -> Result<Intensity, String> {
    let seconds = a.moving_s.filter(|s| *s > 0.0).unwrap_or(a.elapsed_s);
    let Some(distance) = a.distance_m.filter(|d| *d > 0.0) else {
        return Err("no heart rate, power or distance to estimate its intensity from".into());
    };
    if seconds < 60.0 {
        return Err("too short to estimate its intensity".into());
    }
    let v = distance / seconds;
    let climb_m_min = a.ascent_m.unwrap_or(0.0).max(0.0) / (seconds / 60.0);
    let v_m_min = v * 60.0;
    let vo2 = match a.sport {
        // ACSM: running 0.2·v + 0.9·v·grade + 3.5; walking 0.1·v + 1.8·v·grade + 3.5.
        Sport::Run => 0.2 * v_m_min + 0.9 * climb_m_min + 3.5,
        Sport::Walk | Sport::Hike => 0.1 * v_m_min + 1.8 * climb_m_min + 3.5,
        Sport::Cycle => {
            let g = 9.81;
            let watts = 0.5 * AIR_KG_M3 * CDA_M2 * v.powi(3)
                + CRR * RIDE_MASS_KG * g * v
                + RIDE_MASS_KG * g * climb_m_min / 60.0;
            // ACSM leg cycling: 1.8 ml O2 per kg·m of work (6.12 kg·m/min per W), + 7.
            1.8 * 6.12 * watts / RIDER_MASS_KG + 7.0
        }
        Sport::Swim => REFERENCE_VO2MAX * (v / SWIM_VO2MAX_M_S).powi(2),
        other => {
            return Err(format!(
                "no heart rate or power, and no speed model for {}",
                other.name()
            ))
        }
    };
    // Past these a GPS track is a car, a train or a glitch.
    let max_m_s = match a.sport {
        Sport::Cycle => 25.0,
        Sport::Swim => 3.0,
        _ => 8.0,
    };
    if v > max_m_s {
        return Err(format!(
            "a mean speed of {:.1} km/h is not {}",
            v * 3.6,
            a.sport.name()
        ));
    }
    Ok(Intensity {
        pct_vo2max: (100.0 * vo2 / REFERENCE_VO2MAX).clamp(20.0, 100.0),
        speed_m_s: v,
    })
}

fn strength_event(s: &StrengthSession) -> Option<EventSpec> {
    let mut exercises = Vec::new();
    for e in &s.exercises {
        // Consecutive sets with the same reps and load become one entry with `sets = n`.
        let mut groups: Vec<(u32, f64, u32)> = Vec::new();
        for set in &e.sets {
            if set.reps == 0 || set.reps > 10_000 {
                continue;
            }
            let load = r1(set.load_kg.unwrap_or(0.0).clamp(0.0, 1000.0));
            match groups.last_mut() {
                Some((reps, kg, n)) if *reps == set.reps && *kg == load && *n < 100 => *n += 1,
                _ => groups.push((set.reps, load, 1)),
            }
        }
        for (reps, kg, n) in groups {
            let (name, muscles) = match (&e.catalogue_name, e.muscles.is_empty()) {
                (Some(name), _) => (Some(name.clone()), None),
                (None, false) => (None, Some(e.muscles.clone())),
                (None, true) => continue,
            };
            exercises.push(ExerciseSpec {
                name,
                muscles,
                sets: n,
                reps,
                load_kg: Some(kg),
                pct_1rm: None,
                rir: None,
                maximal: None,
                contraction: None,
                to_failure: None,
            });
        }
    }
    if exercises.is_empty() {
        return None;
    }
    Some(EventSpec::Strength(StrengthSpec {
        rpe: s.rpe.and_then(|r| within(Kind::Strength, "rpe", r)),
        exercise: exercises,
    }))
}

fn observation_event(o: &Observation) -> Option<EventSpec> {
    let put = |name: &str, v: Option<f64>| v.and_then(|v| within(Kind::Observation, name, r1(v)));
    let soreness: BTreeMap<MuscleGroup, f64> = o
        .soreness
        .iter()
        .filter(|(_, v)| (0.0..=10.0).contains(v))
        .map(|(g, v)| (*g, r1(*v)))
        .collect();
    let spec = ObservationSpec {
        soreness: (!soreness.is_empty()).then_some(soreness),
        general_soreness: put("general_soreness", o.general_soreness),
        readiness: put("readiness", o.readiness),
        sleep_quality: put("sleep_quality", o.sleep_quality),
        jump_cm: put("jump_cm", o.jump_cm),
        grip_kg: put("grip_kg", o.grip_kg),
        rmssd_ms: put("rmssd_ms", o.rmssd_ms),
        night_rmssd_ms: put("night_rmssd_ms", o.night_rmssd_ms),
        resting_hr: put("resting_hr", o.resting_hr),
        stress: put("stress", o.stress),
        mood: put("mood", o.mood),
        fatigue: put("fatigue", o.fatigue),
        ..ObservationSpec::default()
    };
    (spec != ObservationSpec::default()).then_some(EventSpec::Observation(spec))
}

/// PMSys scales (1–5, higher = better; McLean et al. 2010's questionnaire) onto the spec's:
/// fatigue and stress inverted onto 1–10 (higher = more of the thing named), mood not;
/// soreness onto 0–10, for the whole body and for the groups of the areas reported; sleep
/// quality (5 "very restful" … 1 "insomnia") kept, the spec's 1 (poor) to 5 (excellent);
/// readiness kept (1–10): a 0 is read as not answered (the slider left where it starts: p05
/// of PMData sends 0 on 58 mornings running whose other answers are all "normal").
pub fn wellness_observation(w: &Wellness) -> Observation {
    let valid = |v: Option<f64>| v.filter(|v| (1.0..=5.0).contains(v));
    let up = |v: f64| 1.0 + (v - 1.0) * 9.0 / 4.0;
    let down = |v: f64| 1.0 + (5.0 - v) * 9.0 / 4.0;
    // 5 "feeling great" → 0, 3 "normal" → 2, 1 "very sore" → 8 on the 0–10 scale.
    let level = valid(w.soreness).map(|s| match s.round() as i64 {
        5 => 0.0,
        4 => 1.0,
        3 => 2.0,
        2 => 5.0,
        _ => 8.0,
    });
    let mut soreness = Vec::new();
    if let Some(level) = level {
        for code in &w.soreness_areas {
            for g in soreness_area_groups(*code) {
                if !soreness.iter().any(|(h, _)| h == g) {
                    soreness.push((*g, level));
                }
            }
        }
    }
    let readiness = w.readiness.filter(|r| *r > 0.0 && *r <= 10.0);
    Observation {
        at: Some(w.at),
        soreness,
        general_soreness: level,
        readiness,
        sleep_quality: valid(w.sleep_quality),
        stress: valid(w.stress).map(down),
        mood: valid(w.mood).map(up),
        fatigue: valid(w.fatigue).map(down),
        ..Observation::default()
    }
}

/// Local hour before which a questionnaire's night ends: people report after waking, often
/// hours later, and the night they describe ended in the morning. PMData's Fitbit nights end
/// at a median 07:08 local; capping the reported end there halves the error of "ends at the
/// report" (median 0.7 h against 1.75 h over p01–p08).
pub const REPORTED_WAKE_HOUR: u32 = 7;

/// Local hour before which a report or a logged session belongs to the day before (a form
/// filled in at 01:30 is the previous evening's).
pub const DAY_STARTS_HOUR: u32 = 5;

/// Local hour at which a session logged after midnight is placed to end, the evening before:
/// PMData's evening sessions are logged at a median 20:05 local (p01–p08).
pub const LATE_LOG_END_HOUR: u32 = 20;

/// The night a questionnaire's sleep duration describes, in `zone` (the athlete's): `hours`
/// asleep, ending at the report or at [`REPORTED_WAKE_HOUR`] local on the report's day if the
/// report came later (a report before [`DAY_STARTS_HOUR`] belongs to the day before). `None`
/// for durations of 0 (not answered) or beyond 24 h.
pub fn reported_sleep(
    report: DateTime<FixedOffset>,
    hours: f64,
    quality: Option<f64>,
    zone: Zone,
) -> Option<Sleep> {
    if !(hours > 0.0 && hours <= 24.0) {
        return None;
    }
    let local = zone.local(report);
    let day = (local - Duration::hours(i64::from(DAY_STARTS_HOUR))).date_naive();
    let wake = zone.at_local(day.and_hms_opt(REPORTED_WAKE_HOUR, 0, 0)?);
    let end = local.min(wake);
    Some(Sleep {
        start: start_from_end(end, hours * 60.0),
        asleep_h: hours,
        quality: quality
            .filter(|q| (1.0..=5.0).contains(q))
            .map(|q| q.round() as u8),
        score: None,
        reported: true,
    })
}

/// Whether sleep already known covers a reported night: the `known` sleeps (start, hours
/// asleep) overlap `[start, start + hours]` for at least half of `hours`. A device's night and
/// the athlete's report of it are one night; a nap or a watch that stopped early are not.
pub fn night_covered(
    start: DateTime<FixedOffset>,
    hours: f64,
    known: impl IntoIterator<Item = (DateTime<FixedOffset>, f64)>,
) -> bool {
    let ms = |h: f64| (h * 3.6e6).round() as i64;
    let (a0, a1) = (
        start.timestamp_millis(),
        start.timestamp_millis() + ms(hours),
    );
    let overlap: i64 = known
        .into_iter()
        .map(|(b, h)| {
            let (b0, b1) = (b.timestamp_millis(), b.timestamp_millis() + ms(h));
            (a1.min(b1) - a0.max(b0)).max(0)
        })
        .sum();
    hours > 0.0 && overlap * 2 >= ms(hours)
}

/// Minutes per working set of a strength session known only by its RPE and minutes, rest and
/// changeovers included (about 20 sets in an hour).
pub const GENERIC_MINUTES_PER_SET: f64 = 3.0;

/// Repetitions per set of that generic session.
pub const GENERIC_REPS: u32 = 10;

/// The generic whole-body session's exercises: lower body, push and pull, sharing one set per
/// [`GENERIC_MINUTES_PER_SET`] minutes, [`GENERIC_REPS`] reps, reps in reserve 10 − RPE (the
/// RIR-based RPE scale; session RPE taken as the sets' RPE).
pub fn generic_strength_exercises(minutes: f64, rpe: f64) -> Vec<ExerciseSpec> {
    use MuscleGroup::*;
    const BLOCKS: [&[MuscleGroup]; 3] = [
        &[Quadriceps, Glutes, Hamstrings],
        &[Chest, Shoulders, Triceps],
        &[Lats, MiddleBack, Biceps],
    ];
    if !(minutes.is_finite() && rpe.is_finite()) {
        return Vec::new();
    }
    let total = (minutes / GENERIC_MINUTES_PER_SET)
        .round()
        .clamp(1.0, 300.0) as u32;
    let rir = ((10.0 - rpe) * 2.0).round() / 2.0;
    BLOCKS
        .iter()
        .enumerate()
        .filter_map(|(i, groups)| {
            // Sets shared out in order: 7 sets are 3, 2, 2.
            let sets = total / 3 + u32::from((i as u32) < total % 3);
            (sets > 0).then(|| ExerciseSpec {
                name: None,
                muscles: Some(groups.to_vec()),
                sets: sets.min(100),
                reps: GENERIC_REPS,
                load_kg: None,
                pct_1rm: None,
                rir: Some(rir.clamp(0.0, 10.0)),
                maximal: None,
                contraction: None,
                to_failure: None,
            })
        })
        .collect()
}

fn generic_strength_event(s: &SessionRpe) -> Option<EventSpec> {
    let rpe = within(Kind::Strength, "rpe", s.rpe)?;
    let exercise = generic_strength_exercises(s.minutes, rpe);
    (!exercise.is_empty()).then_some(EventSpec::Strength(StrengthSpec {
        rpe: Some(rpe),
        exercise,
    }))
}

/// The PMSys soreness areas (SNOMED CT body structures) that PMData uses, as muscle groups.
/// Unknown codes and the head give none.
pub fn soreness_area_groups(code: u64) -> &'static [MuscleGroup] {
    use MuscleGroup::*;
    match code {
        22943007 => &[Abdominals, LowerBack],             // trunk
        12921003 => &[Glutes, Adductors],                 // pelvis
        32696007 | 48979004 => &[Calves],                 // right / left lower leg
        11207009 | 61396006 => &[Quadriceps, Hamstrings], // right / left thigh
        368208006 | 368209003 => &[Biceps, Triceps],      // left / right upper arm
        16982005 => &[Shoulders],                         // shoulder region
        45048000 => &[Neck],                              // neck
        77568009 => &[LowerBack, MiddleBack],             // back
        _ => &[],
    }
}

/// The sport of a session-RPE entry from its activity words.
fn srpe_sport(activities: &[String]) -> Sport {
    // A sport by its own name (the generic CSV's `run`), else the apps' words (PMSys).
    if let Some(sport) = activities.iter().find_map(|a| Sport::parse(a).ok()) {
        return sport;
    }
    let has = |w: &str| activities.iter().any(|a| a.eq_ignore_ascii_case(w));
    if has("running") {
        Sport::Run
    } else if has("cycling") || has("biking") {
        Sport::Cycle
    } else if has("swimming") {
        Sport::Swim
    } else if has("walking") {
        Sport::Walk
    } else {
        Sport::Other
    }
}

/// `end − minutes`, for sources that stamp a session when it ends.
pub(crate) fn start_from_end(end: DateTime<FixedOffset>, minutes: f64) -> DateTime<FixedOffset> {
    end - Duration::milliseconds((minutes * 60_000.0).round() as i64)
}

/// A zone for warnings: "UTC", "UTC+01:00" or "Europe/Oslo".
pub(crate) fn zone_words(zone: Zone) -> String {
    match zone {
        Zone::Fixed(o) if o.local_minus_utc() == 0 => "UTC".into(),
        Zone::Fixed(_) => format!("UTC{zone}"),
        Zone::Named(_) => zone.to_string(),
    }
}
