//! The reports: every group's force, soreness, readiness, perfusion and phase, and the
//! whole body's autonomic balance, hydration, form and readiness, from the state.

use super::muscle_step::perfusion_of;
use super::numerics::{exp_table, one_minus_exp_neg_all};
use super::{Simulation, MASS_SHARE};
use crate::muscle::MUSCLE_COUNT;
use crate::report::{MuscleReport, Phase, SystemicReport};

impl Simulation {
    pub(super) fn systemic_report(&self) -> SystemicReport {
        let p = &self.params;
        let sys = &self.systemic;
        let autonomic = (-p.autonomic_per_lactate * (sys.lactate_mmol - 1.0) - sys.sympathetic
            + sys.parasympathetic)
            .clamp(-1.0, 1.0);
        let debt = self.sleep_debt(self.t);
        let hydration = 100.0 * (1.0 + sys.water_balance_l / self.athlete.body_water_l());
        let form = sys.fitness - sys.fatigue;
        let glycogen: f64 = self
            .muscles
            .glycogen_pct
            .iter()
            .zip(MASS_SHARE)
            .map(|(g, w)| w * g)
            .sum();
        let inflammation: f64 = self
            .muscles
            .inflammation
            .iter()
            .zip(MASS_SHARE)
            .map(|(i, w)| w * i)
            .sum();
        let readiness = 100.0
            * (1.0 - 1.2 * sys.neural_fatigue).clamp(0.0, 1.0)
            * (1.0 + 0.5 * autonomic.min(0.0))
            * (1.0 - 0.025 * debt.min(16.0))
            * (1.0 - 0.05 * (99.0 - hydration).max(0.0)).clamp(0.0, 1.0)
            * (1.0 - 0.5 * ((50.0 - glycogen) / 50.0).clamp(0.0, 1.0))
            * (1.0 - 0.5 * inflammation)
            // Accumulated fatigue beyond fitness (negative form) weighs on whole-body readiness,
            // less for an athlete whose fitness carries the load.
            * (1.0 - 0.25 * (-form / (sys.fitness + 60.0)).clamp(0.0, 1.0));
        SystemicReport {
            lactate_mmol: sys.lactate_mmol,
            neural_fatigue: sys.neural_fatigue,
            sleep_debt_h: debt,
            hydration_pct: hydration,
            autonomic,
            fitness: sys.fitness,
            fatigue: sys.fatigue,
            form,
            readiness: readiness.clamp(0.0, 100.0),
        }
    }

    /// The report of every group. The same arithmetic as one group at a time, in passes
    /// over the arrays that vectorise (the exponential in a pass of its own).
    #[allow(clippy::needless_range_loop)]
    #[inline(always)]
    pub(super) fn muscle_reports(&self, sys: &SystemicReport) -> [MuscleReport; MUSCLE_COUNT] {
        const N: usize = MUSCLE_COUNT;
        let p = &self.params;
        let m = &self.muscles;
        let mut force = [0.0; N];
        let mut sensitivity = [0.0; N];
        for i in 0..N {
            let central = sys.neural_fatigue * (0.3 + 0.7 * m.recent_use[i]);
            force[i] = 100.0
                * (1.0 - m.fast_fatigue[i])
                * (1.0 - m.slow_fatigue[i])
                * (1.0 - m.damage[i])
                * (1.0 - 0.08 * m.tension[i])
                * (1.0 - central)
                * (1.0 + m.adaptation[i]);
            sensitivity[i] = self.soreness_gain[i] * m.sensitisation[i];
        }
        let unfelt = one_minus_exp_neg_all(exp_table(), &sensitivity);
        let mut soreness = [0.0; N];
        let mut readiness = [0.0; N];
        let mut perfusion = [0.0; N];
        for i in 0..N {
            let chronic = 10.0 * unfelt[i];
            let acute = p.acute_pain_per_metabolite * m.metabolites[i];
            soreness[i] = ((chronic + acute) * (1.0 - m.analgesia[i])).clamp(0.0, 10.0);
            let force_factor = (1.0 - (100.0 - force[i]).max(0.0) / 40.0).clamp(0.0, 1.0);
            let soreness_factor = (1.0 - 0.04 * soreness[i]).clamp(0.0, 1.0);
            let glycogen_factor = 1.0 - 0.5 * ((60.0 - m.glycogen_pct[i]) / 60.0).clamp(0.0, 1.0);
            readiness[i] = 100.0 * force_factor * soreness_factor * glycogen_factor;
            perfusion[i] = perfusion_of(
                p,
                m.hyperaemia[i],
                m.metabolites[i],
                m.inflammation[i],
                m.vascular[i],
                m.tension[i],
            );
        }
        std::array::from_fn(|i| {
            let phase = if m.damage[i] + m.latent_damage[i] < 0.01
                && m.inflammation[i] < 0.02
                && m.remodelling[i] < 0.0005
            {
                Phase::None
            } else if m.inflammation[i] >= 0.1 || m.latent_damage[i] > 0.01 {
                Phase::Inflammation
            } else if m.damage[i] >= 0.02 {
                Phase::Repair
            } else if m.remodelling[i] >= 0.0005 {
                Phase::Remodelling
            } else {
                Phase::None
            };
            MuscleReport {
                force_pct: force[i],
                soreness: soreness[i],
                damage: m.damage[i],
                inflammation: m.inflammation[i].min(1.0),
                swelling_pct: m.oedema_pct[i] + m.pump_pct[i],
                metabolites: m.metabolites[i],
                glycogen_pct: m.glycogen_pct[i],
                perfusion: perfusion[i],
                tension: m.tension[i],
                phase,
                readiness: readiness[i],
            }
        })
    }
}
