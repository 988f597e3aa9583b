//! The day's nutrition and sleep targets for this athlete, in grams, litres and hours, and the
//! shortfalls in what was logged.

use myo_model::{Athlete, Event, EventKind, Hours, Params, SystemicReport};
use serde::Serialize;

use crate::advice::{item, Advice, AdviceCode};
use crate::effort::session_load;

/// Protein per meal, g/kg, and meals a day (Schoenfeld & Aragon 2018: 0.4 g/kg × ≥4).
const PROTEIN_PER_MEAL_G_PER_KG: f64 = 0.4;
const MEALS: u32 = 4;
/// Daily protein range, g/kg (Morton 2018 plateau 1.62; Jäger 2017 1.4–2.0).
const PROTEIN_DAY_G_PER_KG: [f64; 2] = [1.6, 2.2];
/// Water besides sweat replacement, L/kg/day. Thin evidence: a common rule of thumb.
const BASE_FLUID_L_PER_KG: f64 = 0.035;
/// Replace 150% of the fluid lost (ACSM 2016, as quoted; Sawka 2007).
const REPLACE_SHARE: f64 = 1.5;
/// A logged day with less protein than this, g/kg, is a shortfall.
const PROTEIN_SHORT_G_PER_KG: f64 = 1.2;

/// Today's intake targets.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Nutrition {
    pub protein_g_per_meal: f64,
    pub meals: u32,
    #[cfg_attr(feature = "openapi", schema(min_items = 2, max_items = 2))]
    pub protein_g_day: [f64; 2],
    #[cfg_attr(feature = "openapi", schema(min_items = 2, max_items = 2))]
    pub carbohydrate_g_day: [f64; 2],
    /// Early refuelling after glycogen-heavy work, g/h for the first 4 h (when glycogen is low).
    #[cfg_attr(feature = "openapi", schema(required, min_items = 2, max_items = 2))]
    pub carbohydrate_g_per_h_early: Option<[f64; 2]>,
    pub fluid_l: f64,
    pub electrolytes: bool,
    pub training_minutes: f64,
    pub estimated_sweat_l: f64,
    pub advice: Vec<Advice>,
}

/// Tonight's sleep target.
#[derive(Debug, Clone, PartialEq, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct Sleep {
    pub hours: f64,
    /// Usual bedtime, local clock "HH:MM".
    pub bedtime: String,
    pub advice: Advice,
}

/// Carbohydrate band by the day's training minutes, g/kg/day (AIS guidance; Burke 2011).
fn carbohydrate_band(minutes: f64) -> [f64; 2] {
    if minutes > 240.0 {
        [10.0, 12.0]
    } else if minutes > 90.0 {
        [7.0, 10.0]
    } else if minutes > 0.0 {
        [5.0, 7.0]
    } else {
        [5.0, 5.0]
    }
}

/// Targets for the day `[day_start, day_start + 24 h)`, given the logged sessions that day and
/// the state now (`mean_glycogen_pct` over the groups that worked recently).
pub fn targets(
    athlete: &Athlete,
    params: &Params,
    logged: &[Event],
    day_start: Hours,
    sys: &SystemicReport,
    low_glycogen: bool,
) -> Nutrition {
    let mass = athlete.body_mass_kg;
    let today = logged
        .iter()
        .filter(|e| e.at >= day_start && e.at < day_start + 24.0);
    let mut minutes = 0.0;
    let mut sweat = 0.0;
    for e in today {
        if let Some((_, m)) = session_load(athlete, e) {
            minutes += m;
            let x = match &e.kind {
                EventKind::Endurance(s) => athlete.fraction_vo2max(s.effort),
                EventKind::ActiveRecovery(a) => athlete.fraction_vo2max(a.effort),
                _ => 0.5,
            };
            sweat += m / 60.0 * params.sweat_l_per_h_at_vo2max * x.min(1.0);
        }
    }
    let deficit_l = ((100.0 - sys.hydration_pct) / 100.0 * athlete.body_water_l()).max(0.0);
    let fluid = BASE_FLUID_L_PER_KG * mass + REPLACE_SHARE * (sweat + deficit_l);
    let electrolytes = sweat + deficit_l >= 1.0;
    let carbs = carbohydrate_band(minutes);
    let protein_meal = (PROTEIN_PER_MEAL_G_PER_KG * mass).round();
    let early = low_glycogen.then(|| [(1.0 * mass).round(), (1.2 * mass).round()]);
    let mut advice = vec![
        item(
            AdviceCode::ProteinTarget,
            format!(
                "Protein: about {protein_meal:.0} g in each of {MEALS} meals, every 3-4 h \
                 ({:.0}-{:.0} g today); a serving before sleep counts.",
                PROTEIN_DAY_G_PER_KG[0] * mass,
                PROTEIN_DAY_G_PER_KG[1] * mass
            ),
            &["Schoenfeld 2018", "Areta 2013", "Morton 2018", "Jäger 2017"],
        ),
        item(
            AdviceCode::CarbohydrateTarget,
            if minutes > 0.0 {
                format!(
                    "Carbohydrate: {:.0}-{:.0} g today for {:.0} min of training.",
                    carbs[0] * mass,
                    carbs[1] * mass,
                    minutes
                )
            } else {
                format!(
                    "Carbohydrate: about {:.0} g on a rest or light day; {:.0}-{:.0} g if you \
                     train up to 90 min, {:.0}-{:.0} g for 2 h or more.",
                    5.0 * mass,
                    5.0 * mass,
                    7.0 * mass,
                    7.0 * mass,
                    10.0 * mass
                )
            },
            &["AIS guidance", "Burke 2011"],
        ),
        item(
            AdviceCode::FluidTarget,
            format!(
                "Fluids: about {fluid:.1} L today{}{}.",
                if sweat + deficit_l > 0.05 {
                    format!(
                        ", replacing 150% of an estimated {:.1} L lost",
                        sweat + deficit_l
                    )
                } else {
                    String::new()
                },
                if electrolytes {
                    ", with sodium (salty food or an electrolyte drink)"
                } else {
                    ""
                }
            ),
            &[
                "Sawka 2007",
                "ACSM 2016",
                "thin evidence: base fluid 35 mL/kg",
            ],
        ),
    ];
    if let Some([lo, hi]) = early {
        advice.push(item(
            AdviceCode::RefuelCarbohydrate,
            format!(
                "Glycogen is low: {lo:.0}-{hi:.0} g of carbohydrate an hour for the next 4 h, \
                 starting now; a delay slows next-day performance."
            ),
            &["Ivy 2004", "Wallis & Podlogar 2022"],
        ));
    }
    if sys.hydration_pct < 98.0 {
        advice.push(item(
            AdviceCode::Rehydrate,
            format!(
                "About {:.1} L behind: drink {:.1} L with sodium over the next hours.",
                deficit_l,
                REPLACE_SHARE * deficit_l
            ),
            &["Sawka 2007", "ACSM 2016"],
        ));
    }
    Nutrition {
        protein_g_per_meal: protein_meal,
        meals: MEALS,
        protein_g_day: [
            (PROTEIN_DAY_G_PER_KG[0] * mass).round(),
            (PROTEIN_DAY_G_PER_KG[1] * mass).round(),
        ],
        carbohydrate_g_day: [(carbs[0] * mass).round(), (carbs[1] * mass).round()],
        carbohydrate_g_per_h_early: early,
        fluid_l: (fluid * 10.0).round() / 10.0,
        electrolytes,
        training_minutes: minutes.round(),
        estimated_sweat_l: (sweat * 10.0).round() / 10.0,
        advice,
    }
}

/// Tonight's sleep: the need plus part of any debt, at a consistent bedtime.
/// `usual_bedtime_h` is the local clock hour the athlete usually falls asleep.
pub fn sleep(params: &Params, sys: &SystemicReport, usual_bedtime_h: f64) -> Sleep {
    let need = params.sleep_need_h;
    let hours = (need + sys.sleep_debt_h.min(2.0)).min(10.0);
    let extend = sys.sleep_debt_h >= 1.0;
    let bed = if extend {
        (usual_bedtime_h - (hours - need)).rem_euclid(24.0)
    } else {
        usual_bedtime_h
    };
    let bedtime = format!(
        "{:02}:{:02}",
        bed.floor() as u32 % 24,
        ((bed.fract() * 60.0).round() as u32).min(59)
    );
    let advice = if extend {
        item(
            AdviceCode::ExtendSleep,
            format!(
                "About {:.1} h of sleep owed: aim for {hours:.1} h tonight, in bed by {bedtime}, \
                 and keep the same times on the following nights.",
                sys.sleep_debt_h
            ),
            &["Mah 2011", "Craven 2022", "Lamon 2021"],
        )
    } else {
        item(
            AdviceCode::SleepTarget,
            format!(
                "Sleep {hours:.1} h tonight (adults need 7-9 h), at your usual {bedtime}; keep \
                 bed and wake times consistent."
            ),
            &["Watson 2017", "domain.md §3.23"],
        )
    };
    Sleep {
        hours,
        bedtime,
        advice,
    }
}

/// What fell short in the log over `window`: nights with less sleep than the need less an hour,
/// and logged days with too little protein.
#[derive(Debug, Clone, PartialEq, Default)]
pub struct Shortfalls {
    /// (index into the logged events, hours slept)
    pub short_nights: Vec<(usize, f64)>,
    /// (day start, protein logged that day, g)
    pub protein_days: Vec<(Hours, f64)>,
}

impl Shortfalls {
    pub fn is_empty(&self) -> bool {
        self.short_nights.is_empty() && self.protein_days.is_empty()
    }
}

/// Short nights and low-protein days in the logged events between `from` and `to`; days are cut
/// at `day_start + k × 24 h`.
pub fn shortfalls(
    athlete: &Athlete,
    params: &Params,
    logged: &[Event],
    from: Hours,
    to: Hours,
    day_start: Hours,
) -> Shortfalls {
    let mut out = Shortfalls::default();
    for (i, e) in logged.iter().enumerate() {
        if let EventKind::Sleep { hours, .. } = e.kind {
            if e.at >= from && e.at < to && hours < params.sleep_need_h - 1.0 {
                out.short_nights.push((i, hours));
            }
        }
    }
    let mut day = day_start - ((day_start - from) / 24.0).ceil() * 24.0;
    while day + 24.0 <= to + 1e-9 {
        let meals: Vec<f64> = logged
            .iter()
            .filter(|e| e.at >= day && e.at < day + 24.0)
            .filter_map(|e| match &e.kind {
                EventKind::Meal(m) => Some(m.protein_g),
                _ => None,
            })
            .collect();
        let protein: f64 = meals.iter().sum();
        if !meals.is_empty() && protein < PROTEIN_SHORT_G_PER_KG * athlete.body_mass_kg {
            out.protein_days.push((day, protein));
        }
        day += 24.0;
    }
    out
}
