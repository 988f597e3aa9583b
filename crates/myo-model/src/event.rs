//! Events as the model sees them: resolved, validated and timed in hours since the start.
//!
//! The scenario layer turns names into muscle groups and loadings; the model only does physiology.

use crate::athlete::Sex;
use crate::muscle::MuscleGroup;
use crate::sport::{named_enum, Involvement, Modality, Sport};

/// Hours since the scenario start (negative before it).
pub type Hours = f64;

/// One timed event.
#[derive(Debug, Clone, PartialEq)]
pub struct Event {
    pub at: Hours,
    pub kind: EventKind,
}

impl Event {
    /// How long the event lasts, in hours (0 for instantaneous events).
    pub fn duration_h(&self) -> Hours {
        match &self.kind {
            EventKind::Endurance(e) => e.minutes / 60.0,
            EventKind::ActiveRecovery(a) => a.minutes / 60.0,
            EventKind::Massage(t) | EventKind::FoamRolling(t) => t.minutes / 60.0,
            EventKind::Cold(c) => c.minutes / 60.0,
            EventKind::Heat(h) => h.minutes / 60.0,
            EventKind::Compression { hours, .. } => *hours,
            EventKind::Sleep { hours, .. } => *hours,
            _ => 0.0,
        }
    }

    /// When the event ends.
    pub fn end(&self) -> Hours {
        self.at + self.duration_h()
    }
}

/// What happened.
#[derive(Debug, Clone, PartialEq)]
pub enum EventKind {
    Strength(StrengthSession),
    Endurance(EnduranceSession),
    ActiveRecovery(ActiveRecovery),
    Massage(Treatment),
    FoamRolling(Treatment),
    DryNeedling {
        muscles: Vec<MuscleGroup>,
        insertions: u32,
    },
    Cold(ColdTreatment),
    Heat(HeatTreatment),
    Compression {
        hours: f64,
        muscles: Vec<MuscleGroup>,
    },
    Sleep {
        hours: f64,
        /// 1–5 when reported.
        quality: Option<u8>,
    },
    Meal(Meal),
    Fluid {
        litres: f64,
        electrolytes: bool,
    },
    Observation(Observation),
    Symptom(SymptomReport),
}

/// A strength session: complete at its time.
#[derive(Debug, Clone, PartialEq)]
pub struct StrengthSession {
    /// Session RPE on the CR-10 scale, when reported.
    pub rpe: Option<f64>,
    pub exercises: Vec<ExerciseDose>,
}

named_enum!(
    /// Contraction type of an exercise.
    Contraction {
        Normal => "normal",
        Eccentric => "eccentric",
        Concentric => "concentric",
        Isometric => "isometric",
    }
);

/// How heavy each repetition was.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Intensity {
    /// Absolute load; `one_rm_per_body_mass` is the catalogue's typical 1RM for the exercise.
    LoadKg { kg: f64, one_rm_per_body_mass: f64 },
    /// Percent of one-repetition maximum.
    Pct1rm(f64),
    /// Repetitions in reserve at the end of each set.
    Rir(f64),
    /// Maximal voluntary effort on every repetition (lab protocols).
    Maximal,
}

/// One exercise of a session, with its muscles already resolved.
#[derive(Debug, Clone, PartialEq)]
pub struct ExerciseDose {
    /// Share of the exercise's load carried by each group (primary 1.0).
    pub loading: Vec<(MuscleGroup, f64)>,
    pub sets: u32,
    pub reps: u32,
    pub intensity: Intensity,
    pub contraction: Contraction,
    pub to_failure: bool,
    /// Eccentric emphasis of a normal execution of this exercise (0..=1).
    pub eccentric_bias: f64,
    /// Whether the exercise is a multi-joint lift (more central fatigue).
    pub compound: bool,
    /// Driven with maximal intent and speed on every repetition (jumps, bounds, throws, Olympic
    /// lifts): adds a central-fatigue dose that does not depend on the load (docs/model.md §4.1).
    pub ballistic: bool,
}

/// How hard an endurance session was, as given.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum EffortMeasure {
    AvgHr(f64),
    Rpe(f64),
    PctVo2max(f64),
    PowerW { power_w: f64, ftp_w: f64 },
    PctMaxHr(f64),
}

/// An endurance session (or a hard active-recovery bout treated as one).
#[derive(Debug, Clone, PartialEq)]
pub struct EnduranceSession {
    pub sport: Sport,
    pub minutes: f64,
    pub effort: EffortMeasure,
    pub distance_km: Option<f64>,
    pub downhill_pct: f64,
    pub gradient_pct: f64,
    pub involvement: Involvement,
}

/// Light movement after training.
#[derive(Debug, Clone, PartialEq)]
pub struct ActiveRecovery {
    pub modality: Modality,
    pub minutes: f64,
    pub effort: EffortMeasure,
    pub involvement: Involvement,
}

/// Massage or foam rolling of some groups.
#[derive(Debug, Clone, PartialEq)]
pub struct Treatment {
    pub minutes: f64,
    pub muscles: Vec<MuscleGroup>,
}

named_enum!(
    /// Cold application method.
    ColdMethod {
        Ice => "ice",
        ColdWaterImmersion => "cold_water_immersion",
        Cryotherapy => "cryotherapy",
    }
);

/// A cold treatment.
#[derive(Debug, Clone, PartialEq)]
pub struct ColdTreatment {
    pub method: ColdMethod,
    pub minutes: f64,
    pub temp_c: Option<f64>,
    pub muscles: Vec<MuscleGroup>,
}

named_enum!(
    /// Heat application method.
    HeatMethod {
        Pack => "pack",
        Sauna => "sauna",
        HotBath => "hot_bath",
    }
);

/// A heat treatment.
#[derive(Debug, Clone, PartialEq)]
pub struct HeatTreatment {
    pub method: HeatMethod,
    pub minutes: f64,
    pub muscles: Vec<MuscleGroup>,
}

/// A meal; amounts in grams and litres.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct Meal {
    pub protein_g: f64,
    pub carbs_g: f64,
    pub fat_g: f64,
    pub leucine_g: Option<f64>,
    pub fluid_l: f64,
}

named_enum!(
    /// Urine colour as observed.
    Urine {
        Normal => "normal",
        Dark => "dark",
    }
);

/// Something measured or felt. The engine does not step on it; it is evidence for the
/// personal model (`myo-personal`) and for flags.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Observation {
    pub soreness: Vec<(MuscleGroup, f64)>,
    /// Whole-body soreness, 0–10.
    pub general_soreness: Option<f64>,
    /// How ready the athlete feels to train, 0–10.
    pub readiness: Option<f64>,
    /// Last night's sleep, 1–5.
    pub sleep_quality: Option<f64>,
    /// Morning HRV (RMSSD of a short resting reading), ms.
    pub rmssd_ms: Option<f64>,
    /// A device's average RMSSD over the night, ms: another measurement than `rmssd_ms`.
    pub night_rmssd_ms: Option<f64>,
    pub resting_hr: Option<f64>,
    pub stress: Option<f64>,
    pub mood: Option<f64>,
    pub fatigue: Option<f64>,
    pub ck_u_per_l: Option<f64>,
    pub urine: Option<Urine>,
    /// Countermovement jump height, cm.
    pub jump_cm: Option<f64>,
    /// Grip strength, best hand, kg.
    pub grip_kg: Option<f64>,
    pub lift: Option<LiftTest>,
}

/// A test set of a named exercise.
#[derive(Debug, Clone, PartialEq)]
pub struct LiftTest {
    pub exercise: String,
    /// The groups the exercise loads, with their shares (primary 1.0).
    pub loading: Vec<(MuscleGroup, f64)>,
    pub load_kg: f64,
    pub outcome: LiftOutcome,
}

/// What a test set measured.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum LiftOutcome {
    /// Repetitions to failure.
    Reps(u32),
    /// Mean concentric velocity, m/s.
    VelocityMS(f64),
}

named_enum!(
    /// A reported symptom.
    Symptom {
        ChestPain => "chest_pain",
        Fainting => "fainting",
        ShortnessOfBreath => "shortness_of_breath",
        OneSidedSwelling => "one_sided_swelling",
        CalfPain => "calf_pain",
        DarkUrine => "dark_urine",
        SevereSwelling => "severe_swelling",
        PainOutOfProportion => "pain_out_of_proportion",
        Numbness => "numbness",
        Fever => "fever",
    }
);

/// Symptoms reported at one time.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct SymptomReport {
    pub symptoms: Vec<Symptom>,
    pub side: Option<String>,
    pub muscles: Vec<MuscleGroup>,
}

/// Sex is needed by TRIMP; kept here so event maths has one import.
pub(crate) fn trimp_weight(sex: Sex, hrr: f64) -> f64 {
    // Banister 1991: y = 0.64 e^(1.92 x) for men, 0.86 e^(1.67 x) for women.
    match sex {
        Sex::Male => 0.64 * (1.92 * hrr).exp(),
        Sex::Female => 0.86 * (1.67 * hrr).exp(),
    }
}
