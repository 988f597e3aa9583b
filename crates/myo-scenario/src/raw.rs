//! The file as written: every field optional and spanned, so that errors can name a line.
//! Unknown fields are rejected here by serde; which fields a kind accepts is checked later.

use std::collections::BTreeMap;

use serde::Deserialize;
use toml::Spanned;

pub type S<T> = Spanned<T>;

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawScenario {
    pub scenario: Option<RawHeader>,
    pub athlete: Option<S<RawAthlete>>,
    #[serde(default)]
    pub event: Vec<S<RawEvent>>,
    pub query: Option<S<RawQuery>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawHeader {
    pub start: Option<S<toml::Value>>,
    pub defaults: Option<S<String>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawAthlete {
    pub sex: Option<S<String>>,
    pub age: Option<S<f64>>,
    pub body_mass_kg: Option<S<f64>>,
    pub training_status: Option<S<String>>,
    pub max_hr: Option<S<f64>>,
    pub resting_hr: Option<S<f64>>,
    pub conditions: Option<Vec<S<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawQuery {
    pub at: Option<Vec<S<toml::Value>>>,
    pub every: Option<S<String>>,
    pub until: Option<S<toml::Value>>,
    pub muscles: Option<Vec<S<String>>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawExercise {
    pub name: Option<S<String>>,
    pub muscles: Option<Vec<S<String>>>,
    pub sets: Option<S<u32>>,
    pub reps: Option<S<u32>>,
    pub load_kg: Option<S<f64>>,
    pub pct_1rm: Option<S<f64>>,
    pub rir: Option<S<f64>>,
    pub maximal: Option<S<bool>>,
    pub contraction: Option<S<String>>,
    pub to_failure: Option<S<bool>>,
}

#[derive(Debug, Deserialize)]
#[serde(deny_unknown_fields)]
pub struct RawEvent {
    pub at: Option<S<toml::Value>>,
    pub kind: Option<S<String>>,
    pub rpe: Option<S<f64>>,
    pub exercise: Option<Vec<S<RawExercise>>>,
    pub sport: Option<S<String>>,
    pub minutes: Option<S<f64>>,
    pub avg_hr: Option<S<f64>>,
    pub pct_vo2max: Option<S<f64>>,
    pub power_w: Option<S<f64>>,
    pub ftp_w: Option<S<f64>>,
    pub distance_km: Option<S<f64>>,
    pub downhill_pct: Option<S<f64>>,
    pub gradient_pct: Option<S<f64>>,
    pub modality: Option<S<String>>,
    pub pct_max_hr: Option<S<f64>>,
    pub muscles: Option<Vec<S<String>>>,
    pub insertions: Option<S<u32>>,
    pub method: Option<S<String>>,
    pub temp_c: Option<S<f64>>,
    pub hours: Option<S<f64>>,
    pub quality: Option<S<u8>>,
    pub protein_g: Option<S<f64>>,
    pub carbs_g: Option<S<f64>>,
    pub fat_g: Option<S<f64>>,
    pub leucine_g: Option<S<f64>>,
    pub fluid_l: Option<S<f64>>,
    pub litres: Option<S<f64>>,
    pub electrolytes: Option<S<bool>>,
    pub soreness: Option<S<BTreeMap<String, S<f64>>>>,
    pub rmssd_ms: Option<S<f64>>,
    pub resting_hr: Option<S<f64>>,
    pub stress: Option<S<f64>>,
    pub mood: Option<S<f64>>,
    pub fatigue: Option<S<f64>>,
    pub ck_u_per_l: Option<S<f64>>,
    pub urine: Option<S<String>>,
    pub symptoms: Option<Vec<S<String>>>,
    pub side: Option<S<String>>,
}

impl RawEvent {
    /// Every field that is present, by name, with where it starts (for "not used by" errors).
    pub fn present_fields(&self) -> Vec<(&'static str, usize)> {
        let mut out = Vec::new();
        macro_rules! check {
            ($($field:ident),*) => {$(
                if let Some(v) = &self.$field {
                    out.push((stringify!($field), span_start(v)));
                }
            )*};
        }
        check!(
            rpe,
            sport,
            minutes,
            avg_hr,
            pct_vo2max,
            power_w,
            ftp_w,
            distance_km,
            downhill_pct,
            gradient_pct,
            modality,
            pct_max_hr,
            insertions,
            method,
            temp_c,
            hours,
            quality,
            protein_g,
            carbs_g,
            fat_g,
            leucine_g,
            fluid_l,
            litres,
            electrolytes,
            soreness,
            rmssd_ms,
            resting_hr,
            stress,
            mood,
            fatigue,
            ck_u_per_l,
            urine,
            side
        );
        if let Some(list) = &self.exercise {
            out.push(("exercise", list.first().map_or(0, |e| e.span().start)));
        }
        if let Some(list) = &self.muscles {
            out.push(("muscles", list.first().map_or(0, |e| e.span().start)));
        }
        if let Some(list) = &self.symptoms {
            out.push(("symptoms", list.first().map_or(0, |e| e.span().start)));
        }
        out
    }
}

fn span_start<T>(v: &Spanned<T>) -> usize {
    v.span().start
}
