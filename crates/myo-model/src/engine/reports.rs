//! The reports: every group's force, soreness, readiness, perfusion and phase, and the
//! whole body's autonomic balance, hydration, form and readiness, from the state.

use super::muscle_step::perfusion_of;
use super::numerics::{exp_table, one_minus_exp_neg_all};
use super::Simulation;
use crate::muscle::MUSCLE_COUNT;
use crate::report::{MuscleReport, Phase, SystemicReport};

impl Simulation {
    pub(super) fn systemic_report(&self) -> SystemicReport {
        let p = &self.params;
        let sys = &self.systemic;
        let autonomic = (-p.autonomic_per_lactate * (sys.lactate_mmol - p.lactate_rest_mmol)
            - sys.sympathetic
            + sys.parasympathetic)
            .clamp(-1.0, 1.0);
        let debt = self.sleep_debt(self.t);
        let hydration = 100.0 * (1.0 + sys.water_balance_l / self.athlete.body_water_l());
        let form = sys.fitness - sys.fatigue;
        let glycogen: f64 = self
            .muscles
            .glycogen_pct
            .iter()
            .zip(p.mass_share)
            .map(|(g, w)| w * g)
            .sum();
        let inflammation: f64 = self
            .muscles
            .inflammation
            .iter()
            .zip(p.mass_share)
            .map(|(i, w)| w * i)
            .sum();
        let glycogen_from = p.readiness_body_glycogen_from_pct;
        let readiness = 100.0
            * (1.0 - p.readiness_per_neural_fatigue * sys.central_fatigue()).clamp(0.0, 1.0)
            * (1.0 + p.readiness_per_autonomic * autonomic.min(0.0))
            * (1.0 - p.readiness_per_sleep_debt_h * debt.min(p.readiness_sleep_debt_max_h))
            * (1.0
                - p.readiness_per_dehydration_pct
                    * (p.readiness_hydration_from_pct - hydration).max(0.0))
            .clamp(0.0, 1.0)
            * (1.0
                - p.readiness_body_glycogen_weight
                    * ((glycogen_from - glycogen) / glycogen_from).clamp(0.0, 1.0))
            * (1.0 - p.readiness_per_inflammation * inflammation)
            // Accumulated fatigue beyond fitness (negative form) weighs on whole-body readiness,
            // less for an athlete whose fitness carries the load.
            * (1.0
                - p.readiness_form_weight
                    * (-form / (sys.fitness + p.readiness_form_fitness_offset)).clamp(0.0, 1.0));
        SystemicReport {
            lactate_mmol: sys.lactate_mmol,
            neural_fatigue: sys.central_fatigue(),
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
            let central = sys.neural_fatigue
                * (p.central_fatigue_base + p.central_fatigue_per_use * m.recent_use[i]);
            force[i] = 100.0
                * (1.0 - m.fast_fatigue[i])
                * (1.0 - m.slow_fatigue[i])
                * (1.0 - m.damage[i])
                * (1.0 - p.force_loss_per_tension * m.tension[i])
                * (1.0 - central)
                * (1.0 + m.adaptation[i]);
            sensitivity[i] = self.soreness_gain[i] * m.sensitisation[i];
        }
        let unfelt = one_minus_exp_neg_all(exp_table(), &sensitivity);
        let mut soreness = [0.0; N];
        let mut readiness = [0.0; N];
        let mut perfusion = [0.0; N];
        let glycogen_from = p.readiness_muscle_glycogen_from_pct;
        for i in 0..N {
            let chronic = 10.0 * unfelt[i];
            let acute = p.acute_pain_per_metabolite * m.metabolites[i];
            soreness[i] = ((chronic + acute) * (1.0 - m.analgesia[i])).clamp(0.0, 10.0);
            let force_factor = (1.0
                - (100.0 - force[i]).max(0.0) / p.readiness_force_loss_span_pct)
                .clamp(0.0, 1.0);
            let soreness_factor = (1.0 - p.readiness_per_soreness * soreness[i]).clamp(0.0, 1.0);
            let glycogen_factor = 1.0
                - p.readiness_muscle_glycogen_weight
                    * ((glycogen_from - m.glycogen_pct[i]) / glycogen_from).clamp(0.0, 1.0);
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
            let phase = if m.damage[i] + m.latent_damage[i] < p.phase_quiet_damage
                && m.inflammation[i] < p.phase_quiet_inflammation
                && m.remodelling[i] < p.phase_remodelling_from
            {
                Phase::None
            } else if m.inflammation[i] >= p.phase_inflammation_from
                || m.latent_damage[i] > p.phase_latent_from
            {
                Phase::Inflammation
            } else if m.damage[i] >= p.phase_repair_damage_from {
                Phase::Repair
            } else if m.remodelling[i] >= p.phase_remodelling_from {
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
