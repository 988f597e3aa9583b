//! Constants of one step length: computed once for the grid hour (and the last other step
//! length) instead of once a step.

use super::numerics::exp_neg;
use crate::params::Params;

/// Decay factors `e^(−rate·h)` and other quantities that depend only on the parameters and the
/// step length. Nearly every step is one grid hour, so the simulation computes them once for
/// `GRID_H` (and keeps the last other step length) instead of once a step. The expressions are
/// the ones the step used to evaluate inline, so the values are identical.
#[derive(Clone, Debug)]
pub(super) struct StepFactors {
    pub(super) h: f64,
    pub(super) fast: f64,
    pub(super) slow: f64,
    pub(super) latent: f64,
    pub(super) remodel: f64,
    pub(super) severity: f64,
    pub(super) vulnerable: f64,
    pub(super) signal: f64,
    pub(super) inflammation: f64,
    pub(super) sensitisation: f64,
    pub(super) analgesia: f64,
    pub(super) oedema: f64,
    pub(super) pump: f64,
    pub(super) hyperaemia: f64,
    pub(super) vascular: f64,
    pub(super) tension: f64,
    pub(super) exposure: f64,
    pub(super) onset: f64,
    pub(super) stimulus: f64,
    pub(super) adaptation: f64,
    pub(super) blunting: f64,
    pub(super) recent: f64,
    /// Share of the gut's carbohydrate and water absorbed over the step.
    pub(super) carbs_absorbed: f64,
    pub(super) water_absorbed: f64,
    /// Kidney shedding of excess water, and the decay of the protein store.
    pub(super) water_shed: f64,
    pub(super) protein: f64,
    /// `exp_neg(b·h)` of the systemic relaxations whose rate `b` is a constant.
    pub(super) lactate_release: f64,
    pub(super) sympathetic: f64,
    pub(super) parasympathetic: f64,
    pub(super) fitness: f64,
    pub(super) fatigue: f64,
}

impl StepFactors {
    pub(super) fn new(p: &Params, h: f64) -> StepFactors {
        let f = |rate: f64| (-rate * h).exp();
        StepFactors {
            h,
            fast: f(1.0 / p.fast_fatigue_tau_h),
            slow: f(1.0 / p.slow_fatigue_tau_h),
            latent: f(1.0 / p.secondary_tau_h),
            remodel: f(1.0 / p.remodelling_tau_h),
            severity: f(1.0 / p.severity_tau_h),
            vulnerable: f(1.0 / p.vulnerable_recovery_tau_h),
            signal: f(1.0 / p.signal_tau_h),
            inflammation: f(1.0 / p.inflammation_tau_h),
            sensitisation: f(1.0 / p.sensitisation_tau_h),
            analgesia: f(1.0 / p.analgesia_tau_h),
            oedema: f(1.0 / p.oedema_tau_h),
            pump: f(1.0 / p.pump_tau_h),
            hyperaemia: f(1.0 / p.hyperaemia_tau_h),
            vascular: f(1.0 / p.vascular_tau_h),
            tension: f(1.0 / p.tension_tau_h),
            exposure: f(1.0 / p.rbe_decay_tau_h),
            onset: f(1.0 / p.rbe_onset_tau_h),
            stimulus: f(1.0 / p.adaptation_convert_tau_h),
            adaptation: f(1.0 / p.adaptation_decay_tau_h),
            blunting: f(1.0 / p.cold_blunting_tau_h),
            recent: f(1.0 / p.recent_use_tau_h),
            carbs_absorbed: 1.0 - (-p.carb_absorption_per_h * h).exp(),
            water_absorbed: 1.0 - (-p.water_absorption_per_h * h).exp(),
            water_shed: (-p.water_excess_shed_per_h * h).exp(),
            // Over a day: the store then reads as the day's intake, g/kg, as its target does.
            protein: (-h / 24.0).exp(),
            lactate_release: exp_neg(1.0 / p.lactate_release_tau_h * h),
            sympathetic: exp_neg(1.0 / p.autonomic_tau_h * h),
            parasympathetic: exp_neg(1.0 / p.parasympathetic_tau_h * h),
            fitness: exp_neg(1.0 / (p.fitness_tau_days * 24.0) * h),
            fatigue: exp_neg(1.0 / (p.fatigue_tau_days * 24.0) * h),
        }
    }
}
