//! Model state: per muscle group and systemic. Plain numbers; `Default` is the rested baseline.

use crate::muscle::MUSCLE_COUNT;

/// The state of one muscle group. All fields are non-negative; see `docs/model.md`.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct MuscleState {
    /// Fast metabolic fatigue, fraction of force (minutes).
    pub fast_fatigue: f64,
    /// Slow low-frequency / excitation–contraction fatigue, fraction of force (a day).
    pub slow_fatigue: f64,
    /// Structural damage index 0..1 (fraction of force lost to damage).
    pub damage: f64,
    /// Secondary damage still to develop.
    pub latent_damage: f64,
    /// Danger signal from damaged tissue that drives inflammation.
    pub signal: f64,
    pub inflammation: f64,
    /// Nociceptor sensitisation behind perceived soreness.
    pub sensitisation: f64,
    /// Relief of perceived soreness by treatments, 0..1.
    pub analgesia: f64,
    /// Inflammatory swelling, % girth.
    pub oedema_pct: f64,
    /// Acute fluid shift after work, % girth.
    pub pump_pct: f64,
    pub metabolites: f64,
    pub glycogen_pct: f64,
    /// Exercise hyperaemia above resting flow.
    pub hyperaemia: f64,
    /// Flow change from treatments (heat, massage +; cold −).
    pub vascular: f64,
    pub tension: f64,
    /// Remodelling activity (repaired damage still being rebuilt).
    pub remodelling: f64,
    /// Eccentric exposure and the repeated-bout protection it builds.
    pub exposure: f64,
    pub protection: f64,
    /// Training stimulus waiting to become adaptation, and the adaptation itself (force gain).
    pub stimulus: f64,
    pub adaptation: f64,
    /// Blunting of adaptation by cold water after strength work.
    pub blunting: f64,
    /// How much the group was used recently (weights central fatigue).
    pub recent_use: f64,
    /// Share of the damage-prone fibre population still intact (1 = all).
    pub vulnerable: f64,
    /// Worst recent damage; keeps repair slow after severe bouts.
    pub severity: f64,
}

impl Default for MuscleState {
    fn default() -> Self {
        MuscleState {
            fast_fatigue: 0.0,
            slow_fatigue: 0.0,
            damage: 0.0,
            latent_damage: 0.0,
            signal: 0.0,
            inflammation: 0.0,
            sensitisation: 0.0,
            analgesia: 0.0,
            oedema_pct: 0.0,
            pump_pct: 0.0,
            metabolites: 0.0,
            glycogen_pct: 100.0,
            hyperaemia: 0.0,
            vascular: 0.0,
            tension: 0.0,
            remodelling: 0.0,
            exposure: 0.0,
            protection: 0.0,
            stimulus: 0.0,
            adaptation: 0.0,
            blunting: 0.0,
            recent_use: 0.0,
            vulnerable: 1.0,
            severity: 0.0,
        }
    }
}

/// Whole-body state.
#[derive(Debug, Clone, Copy, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct SystemicState {
    pub lactate_mmol: f64,
    /// Lactate produced in muscle, not yet released into the blood, mmol/L of blood.
    pub lactate_pool: f64,
    pub neural_fatigue: f64,
    /// The slow part of central fatigue left by heavy loads (multi-joint lifting).
    #[serde(default)]
    pub neural_fatigue_slow: f64,
    /// Slow sympathetic load (plasma volume, baroreflex, inflammation, sleep loss).
    pub sympathetic: f64,
    /// Parasympathetic boost from massage, sleep and easy movement.
    pub parasympathetic: f64,
    /// Sleep debt as assessed at the last wake, h.
    pub sleep_debt_base_h: f64,
    /// When the athlete last woke (hours since start).
    pub last_wake_h: f64,
    /// Start of the current main sleep, and sleep debt shown while asleep.
    pub asleep_since_h: Option<f64>,
    pub debt_at_sleep_h: f64,
    /// Body water balance against euhydration, L (negative = deficit), and water in the gut.
    pub water_balance_l: f64,
    pub gut_water_l: f64,
    /// Carbohydrate in the gut, g.
    pub gut_carbs_g: f64,
    /// Protein in the gut, g (absorbed at the carbohydrate's rate; it aids glycogen synthesis).
    #[serde(default)]
    pub gut_protein_g: f64,
    /// Protein eaten, g/kg, decaying over a day (≈ daily intake when steady).
    pub protein_g_per_kg: f64,
    /// Impulse-response load model, load units.
    pub fitness: f64,
    pub fatigue: f64,
}

impl SystemicState {
    /// Central fatigue, both parts together (0..1).
    #[inline]
    pub fn central_fatigue(&self) -> f64 {
        1.0 - (1.0 - self.neural_fatigue) * (1.0 - self.neural_fatigue_slow)
    }

    pub fn rested(last_wake_h: f64) -> Self {
        SystemicState {
            lactate_mmol: 1.0,
            lactate_pool: 0.0,
            neural_fatigue: 0.0,
            neural_fatigue_slow: 0.0,
            sympathetic: 0.0,
            parasympathetic: 0.0,
            sleep_debt_base_h: 0.0,
            last_wake_h,
            asleep_since_h: None,
            debt_at_sleep_h: 0.0,
            water_balance_l: 0.0,
            gut_water_l: 0.0,
            gut_carbs_g: 0.0,
            gut_protein_g: 0.0,
            protein_g_per_kg: 1.6,
            fitness: 0.0,
            fatigue: 0.0,
        }
    }
}

/// The whole model state.
#[derive(Debug, Clone, PartialEq, serde::Serialize, serde::Deserialize)]
pub struct State {
    pub muscles: [MuscleState; MUSCLE_COUNT],
    pub systemic: SystemicState,
}
