//! Food and drink: what a meal or a drink puts in the gut and the protein store, and how
//! protein and sleep set the pace of repair.

use super::Simulation;
use crate::event::Meal;
use crate::params::Params;

impl Simulation {
    pub(super) fn eat(&mut self, meal: &Meal) {
        let sys = &mut self.systemic;
        sys.gut_carbs_g += meal.carbs_g;
        sys.gut_protein_g += meal.protein_g;
        sys.protein_g_per_kg += meal.protein_g / self.athlete.body_mass_kg;
        // Food itself carries some water beside what is drunk.
        sys.gut_water_l +=
            meal.fluid_l + self.params.food_water_l_per_g * (meal.carbs_g + meal.protein_g);
    }

    pub(super) fn drink(&mut self, litres: f64) {
        self.systemic.gut_water_l += litres;
    }
}

/// How fast repair and adaptation run for what the athlete slept and ate: lowered by sleep owed
/// and by protein short of the target, raised while asleep.
pub(super) fn anabolic_factor(p: &Params, debt: f64, protein_g_per_kg: f64, asleep: bool) -> f64 {
    let nights_owed = (debt / p.sleep_need_h).min(p.anabolic_nights_owed_max);
    let protein_adequacy = (protein_g_per_kg / p.protein_target_g_per_kg).min(1.0);
    let mut anabolic = (1.0 - p.anabolic_loss_per_night_owed * nights_owed)
        * (1.0 - p.protein_shortfall_slowing * (1.0 - protein_adequacy));
    if asleep {
        anabolic *= 1.0 + p.sleep_repair_boost;
    }
    anabolic
}

/// The fed glycogen synthesis rate constant, 1/h, for the carbohydrate and protein being
/// absorbed (g/kg/h) and the sleep owed (h). It rises steeply up to about 1.2 g/kg/h of
/// carbohydrate and then levels off (a Hill curve); protein counts as some carbohydrate
/// (insulin), which matters only below that plateau; sleep owed lowers it (insulin resistance).
pub(super) fn carb_synthesis(p: &Params, carbs: f64, protein: f64, debt: f64) -> f64 {
    let effective = carbs + p.glycogen_protein_carb_equivalent * protein;
    if effective <= 0.0 {
        return 0.0;
    }
    let ratio = (effective / p.glycogen_carb_half_g_per_kg_h).powf(p.glycogen_carb_hill);
    let nights_owed = (debt / p.sleep_need_h).min(p.anabolic_nights_owed_max);
    p.glycogen_synthesis_per_h * ratio / (1.0 + ratio)
        * (1.0 - p.glycogen_sleep_loss_slowing * nights_owed).max(0.0)
}
