//! A checked [`EventSpec`] becomes the model's event: catalogue facts for exercises, muscle
//! involvement for sports, and the spec's defaults (the groups a massage treats when none are
//! named). Cannot fail: everything that could be wrong was refused by [`crate::contract`].

use myo_catalogue::{catalogue, modality_involvement, sport_involvement, Mechanic};
use myo_model::{
    ActiveRecovery, Athlete, ColdMethod, ColdTreatment, Contraction, EffortMeasure,
    EnduranceSession, Event, EventKind, ExerciseDose, HeatMethod, HeatTreatment, Intensity,
    LiftOutcome, LiftTest, Meal, MuscleGroup, Observation, StrengthSession, SymptomReport,
    Treatment,
};

use crate::contract::{EventSpec, ExerciseSpec};

/// The model's event for `spec` at `at_h`, given the athlete and the events before it (for
/// treatments that default to the groups trained lately).
pub fn to_model(spec: &EventSpec, at_h: f64, athlete: &Athlete, earlier: &[Event]) -> Event {
    let trained = || recently_trained(earlier, at_h);
    let treatment = |minutes: f64, muscles: &Option<Vec<MuscleGroup>>| Treatment {
        minutes,
        muscles: muscles.clone().unwrap_or_else(trained),
    };
    let kind = match spec {
        EventSpec::Strength(s) => EventKind::Strength(StrengthSession {
            rpe: s.rpe,
            exercises: s.exercise.iter().map(|x| exercise(x, athlete)).collect(),
        }),
        EventSpec::Endurance(e) => {
            let effort = match (e.avg_hr, e.rpe, e.pct_vo2max, e.power_w, e.ftp_w) {
                (Some(x), ..) => EffortMeasure::AvgHr(x),
                (_, Some(x), ..) => EffortMeasure::Rpe(x),
                (_, _, Some(x), ..) => EffortMeasure::PctVo2max(x),
                (_, _, _, Some(power_w), Some(ftp_w)) => EffortMeasure::PowerW { power_w, ftp_w },
                _ => unreachable!("the contract requires one effort measure"),
            };
            let downhill_pct = e.downhill_pct.unwrap_or(0.0);
            let gradient_pct = e.gradient_pct.unwrap_or(0.0).abs();
            EventKind::Endurance(EnduranceSession {
                sport: e.sport,
                minutes: e.minutes,
                effort,
                distance_km: e.distance_km,
                downhill_pct,
                gradient_pct,
                involvement: sport_involvement(e.sport, downhill_pct, gradient_pct),
            })
        }
        EventSpec::ActiveRecovery(a) => {
            let effort = match (a.pct_max_hr, a.avg_hr, a.pct_vo2max) {
                (Some(x), ..) => EffortMeasure::PctMaxHr(x),
                (_, Some(x), _) => EffortMeasure::AvgHr(x),
                (_, _, Some(x)) => EffortMeasure::PctVo2max(x),
                _ => unreachable!("the contract requires one effort measure"),
            };
            EventKind::ActiveRecovery(ActiveRecovery {
                modality: a.modality,
                minutes: a.minutes,
                effort,
                involvement: modality_involvement(a.modality),
            })
        }
        EventSpec::Massage(t) => EventKind::Massage(treatment(t.minutes, &t.muscles)),
        EventSpec::FoamRolling(t) => EventKind::FoamRolling(treatment(t.minutes, &t.muscles)),
        EventSpec::DryNeedling(d) => EventKind::DryNeedling {
            muscles: d.muscles.clone(),
            insertions: d.insertions.unwrap_or(5),
        },
        EventSpec::Cold(c) => EventKind::Cold(ColdTreatment {
            method: c.method,
            minutes: c.minutes,
            temp_c: c.temp_c,
            muscles: match &c.muscles {
                Some(m) => m.clone(),
                None if c.method == ColdMethod::Ice => trained(),
                None => MuscleGroup::ALL.to_vec(),
            },
        }),
        EventSpec::Heat(h) => EventKind::Heat(HeatTreatment {
            method: h.method,
            minutes: h.minutes,
            muscles: match &h.muscles {
                Some(m) => m.clone(),
                None if h.method == HeatMethod::Pack => trained(),
                None => MuscleGroup::ALL.to_vec(),
            },
        }),
        EventSpec::Compression(c) => EventKind::Compression {
            hours: c.hours,
            muscles: c.muscles.clone().unwrap_or_else(trained),
        },
        EventSpec::Sleep(s) => EventKind::Sleep {
            hours: s.hours,
            quality: s.quality,
        },
        EventSpec::Meal(m) => EventKind::Meal(Meal {
            protein_g: m.protein_g.unwrap_or(0.0),
            carbs_g: m.carbs_g.unwrap_or(0.0),
            fat_g: m.fat_g.unwrap_or(0.0),
            leucine_g: m.leucine_g,
            fluid_l: m.fluid_l.unwrap_or(0.0),
        }),
        EventSpec::Fluid(f) => EventKind::Fluid {
            litres: f.litres,
            electrolytes: f.electrolytes.unwrap_or(false),
        },
        EventSpec::Observation(o) => EventKind::Observation(Observation {
            soreness: o.soreness.iter().flatten().map(|(g, v)| (*g, *v)).collect(),
            general_soreness: o.general_soreness,
            readiness: o.readiness,
            sleep_quality: o.sleep_quality,
            rmssd_ms: o.rmssd_ms,
            night_rmssd_ms: o.night_rmssd_ms,
            resting_hr: o.resting_hr,
            stress: o.stress,
            mood: o.mood,
            fatigue: o.fatigue,
            ck_u_per_l: o.ck_u_per_l,
            urine: o.urine,
            jump_cm: o.jump_cm,
            grip_kg: o.grip_kg,
            lift: o.lift.as_ref().map(|l| {
                let e = catalogue()
                    .find(&l.exercise)
                    .expect("the contract checked the name");
                LiftTest {
                    // The catalogue's name: "squat" and "Barbell Squat" are one test.
                    exercise: e.name.clone(),
                    loading: e.loading(),
                    load_kg: l.load_kg,
                    outcome: match (l.reps, l.velocity_m_s) {
                        (Some(r), _) => LiftOutcome::Reps(r),
                        (None, v) => LiftOutcome::VelocityMS(v.unwrap_or(0.0)),
                    },
                }
            }),
        }),
        EventSpec::Symptom(s) => EventKind::Symptom(SymptomReport {
            symptoms: s.symptoms.clone(),
            side: s.side.clone(),
            muscles: s.muscles.clone().unwrap_or_default(),
        }),
    };
    Event { at: at_h, kind }
}

/// One exercise's dose: catalogue facts for a named exercise, or a generic one for muscles.
fn exercise(x: &ExerciseSpec, athlete: &Athlete) -> ExerciseDose {
    let (loading, one_rm_ratio, bodyweight, eccentric_bias, compound, explosive) =
        match (&x.name, &x.muscles) {
            (Some(name), _) => {
                let e = catalogue()
                    .find(name)
                    .expect("the contract checked the name");
                (
                    e.loading(),
                    e.one_rm_per_body_mass,
                    e.is_bodyweight(),
                    e.eccentric_bias,
                    e.mechanic == Some(Mechanic::Compound),
                    e.is_explosive(),
                )
            }
            (None, groups) => {
                let groups = groups.clone().unwrap_or_default();
                let lower = groups.iter().any(|g| {
                    matches!(
                        g,
                        MuscleGroup::Quadriceps | MuscleGroup::Glutes | MuscleGroup::Hamstrings
                    )
                });
                let compound = groups.len() > 1;
                (
                    groups.into_iter().map(|g| (g, 1.0)).collect(),
                    if lower { 1.2 } else { 0.5 },
                    false,
                    0.5,
                    compound,
                    false,
                )
            }
        };
    let intensity = match (x.load_kg, x.pct_1rm, x.rir) {
        (Some(kg), ..) if bodyweight => {
            // Body-weight exercises: the catalogue ratio is the share of body mass moved; the
            // external load adds to it, and 1RM is taken as 1.5× that.
            Intensity::LoadKg {
                kg: one_rm_ratio * athlete.body_mass_kg + kg,
                one_rm_per_body_mass: one_rm_ratio * 1.5,
            }
        }
        (Some(kg), ..) => Intensity::LoadKg {
            kg,
            one_rm_per_body_mass: one_rm_ratio,
        },
        (_, Some(p), _) => Intensity::Pct1rm(p),
        (_, _, Some(r)) => Intensity::Rir(r),
        _ => Intensity::Maximal,
    };
    ExerciseDose {
        loading,
        sets: x.sets,
        reps: x.reps,
        intensity,
        contraction: x.contraction.unwrap_or(Contraction::Normal),
        to_failure: x.to_failure == Some(true)
            || matches!(intensity, Intensity::Rir(r) if r == 0.0),
        eccentric_bias,
        compound,
        // Jumps, throws and Olympic lifts of the catalogue (docs/model.md §4.1).
        ballistic: explosive,
    }
}

/// How much an event loads each group (0 for events that do not train).
pub fn event_loading(event: &Event) -> [f64; myo_model::MUSCLE_COUNT] {
    let mut load = [0.0_f64; myo_model::MUSCLE_COUNT];
    match &event.kind {
        EventKind::Strength(s) => {
            for e in &s.exercises {
                for (g, share) in &e.loading {
                    load[g.index()] = load[g.index()].max(*share);
                }
            }
        }
        EventKind::Endurance(e) => {
            for (i, share) in e.involvement.share.iter().enumerate() {
                load[i] = share.max(e.involvement.eccentric[i].min(1.0));
            }
        }
        _ => {}
    }
    load
}

/// Groups trained (share ≥ 0.3) in the 72 h before `at`; every group when none were.
fn recently_trained(events: &[Event], at: f64) -> Vec<MuscleGroup> {
    let mut groups = Vec::new();
    for e in events.iter().filter(|e| e.at <= at && at - e.at <= 72.0) {
        for (i, share) in event_loading(e).iter().enumerate() {
            let g = MuscleGroup::ALL[i];
            if *share >= 0.3 && !groups.contains(&g) {
                groups.push(g);
            }
        }
    }
    if groups.is_empty() {
        return MuscleGroup::ALL.to_vec();
    }
    groups.sort();
    groups
}

/// Groups with any load (share ≥ 0.2), or every group when none has.
pub fn loaded_groups(events: &[Event]) -> Vec<MuscleGroup> {
    let mut any = [false; myo_model::MUSCLE_COUNT];
    for e in events {
        for (i, share) in event_loading(e).iter().enumerate() {
            any[i] |= *share >= 0.2;
        }
    }
    let groups: Vec<_> = MuscleGroup::ALL
        .into_iter()
        .filter(|g| any[g.index()])
        .collect();
    if groups.is_empty() {
        MuscleGroup::ALL.to_vec()
    } else {
        groups
    }
}
