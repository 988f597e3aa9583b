//! One step of every muscle group: the full update of the groups a running event loads or
//! treats, and the shorter, bit-identical update of all the others, over the state held as one
//! array per variable.

use super::drive::Drive;
use super::numerics::{exp_neg_all, exp_neg_with, one_minus_exp_neg, relax_by, settle, ExpTable};
use super::step_factors::StepFactors;
use crate::muscle::MUSCLE_COUNT;
use crate::params::Params;
use crate::state::MuscleState;

/// Generates [`Muscles`], the per-group state as one array per variable, with its conversions
/// from and to [`MuscleState`].
macro_rules! muscle_arrays {
    ($($field:ident),* $(,)?) => {
        /// The state of every group, one array per variable (structure of arrays), so that the
        /// update of the groups no event touches runs over contiguous arrays and vectorises.
        /// [`MuscleState`] stays the public view of one group.
        #[derive(Clone, Copy)]
        pub(super) struct Muscles {
            $(pub(super) $field: [f64; MUSCLE_COUNT],)*
        }

        impl Muscles {
            pub(super) fn from_states(states: &[MuscleState; MUSCLE_COUNT]) -> Muscles {
                Muscles {
                    $($field: std::array::from_fn(|i| states[i].$field),)*
                }
            }

            #[inline(always)]
            pub(super) fn get(&self, i: usize) -> MuscleState {
                MuscleState {
                    $($field: self.$field[i],)*
                }
            }

            #[inline(always)]
            pub(super) fn set(&mut self, i: usize, m: &MuscleState) {
                $(self.$field[i] = m.$field;)*
            }
        }
    };
}

muscle_arrays!(
    fast_fatigue,
    slow_fatigue,
    damage,
    latent_damage,
    signal,
    inflammation,
    sensitisation,
    analgesia,
    oedema_pct,
    pump_pct,
    metabolites,
    glycogen_pct,
    hyperaemia,
    vascular,
    tension,
    remodelling,
    exposure,
    protection,
    stimulus,
    adaptation,
    blunting,
    recent_use,
    vulnerable,
    severity,
);

/// Inputs shared by every group over one step, frozen at the step start.
pub(super) struct GroupStep<'a> {
    pub(super) p: &'a Params,
    pub(super) f: &'a StepFactors,
    pub(super) exp_table: &'a ExpTable,
    pub(super) h: f64,
    /// Exercise intensity under way (0 if none) and whether any exercise runs.
    pub(super) x: f64,
    pub(super) exercising: bool,
    pub(super) anabolic: f64,
    pub(super) age_factor: f64,
    pub(super) carb_synthesis: f64,
    pub(super) use_rate: f64,
    pub(super) metabolic_damage: f64,
    pub(super) eccentric_damage: f64,
    pub(super) endurance_fatigue: f64,
    pub(super) secondary_rate: f64,
    pub(super) status_damage: f64,
}

impl GroupStep<'_> {
    #[inline(always)]
    fn exp_neg(&self, y: f64) -> f64 {
        exp_neg_with(self.exp_table, y)
    }

    #[inline(always)]
    fn relax(&self, x: f64, a: f64, b: f64) -> f64 {
        if b <= 1e-12 {
            return x + a * self.h;
        }
        let target = a / b;
        target + (x - target) * self.exp_neg(b * self.h)
    }

    /// One step of a group that a running event loads or treats.
    #[inline(always)]
    pub(super) fn loaded(&self, d: &Drive, i: usize, m: &mut MuscleState) {
        let (p, f, h, x) = (self.p, self.f, self.h, self.x);
        // The factor for a base rate plus an extra rate (a treatment's cut), `e^(−(b+c)h)`.
        let with = |f: f64, extra: f64| {
            if extra == 0.0 {
                f
            } else {
                f * self.exp_neg(extra * h)
            }
        };
        let share = d.share[i];
        let eccentric = d.eccentric[i];
        let susceptibility = p.susceptibility[i];

        // Perfusion from the state at the step start.
        let perfusion = perfusion(p, m);

        // Fatigue.
        let fast_target = if share > 0.0 {
            p.fast_fatigue_max * share * x
        } else {
            0.0
        };
        m.fast_fatigue = settle(m.fast_fatigue, fast_target, f.fast);
        let slow_in = self.endurance_fatigue * share;
        let slow_cap =
            p.slow_fatigue_cap * susceptibility * (1.0 - p.rbe_fatigue_protection * m.protection);
        let slow_rate = slow_in + 1.0 / p.slow_fatigue_tau_h + d.fatigue_cut[i];
        m.slow_fatigue = settle(
            m.slow_fatigue,
            slow_in * slow_cap / slow_rate,
            with(f.slow, slow_in + d.fatigue_cut[i]),
        );

        // Damage: endurance accrual toward a cap, secondary damage arriving, repair.
        let cap = p.damage_cap
            * p.endurance_cap_factor
            * susceptibility
            * self.status_damage
            * (1.0 - m.protection);
        // A match's actions and collisions damage but build no repeated-bout exposure.
        let accrual = if self.exercising {
            p.endurance_damage_rate
                * (self.metabolic_damage * share
                    + self.eccentric_damage * eccentric
                    + d.match_damage[i])
                * m.vulnerable
        } else {
            0.0
        };
        let primary_flow = accrual * (cap - m.damage).max(0.0);
        let arriving = m.latent_damage * self.secondary_rate;
        // Treatment flow (heat, massage up; cold down) nudges repair; tension slows it
        // through the ischaemic loop. Flow from the damage itself does not, so more damage
        // can never repair faster (blood flow shapes transport, not remodelling).
        let local = (1.0 + p.repair_flow_gain * m.vascular)
            .clamp(1.0 - p.repair_flow_limit, 1.0 + p.repair_flow_limit)
            * (1.0 - p.ischaemic_repair_slowing * p.ischaemic_loop_gain * m.tension);
        // Repair (protein synthesis) waits while the group is working.
        let working = if share > 0.0 { 0.0 } else { 1.0 };
        let repair = working
            * p.repair_rate_per_h
            * self.exp_neg(m.severity / p.repair_severity)
            * self.anabolic
            * self.age_factor
            * local;
        let damage0 = m.damage;
        m.damage = self
            .relax(
                m.damage,
                accrual * cap.max(m.damage) + arriving,
                accrual + repair,
            )
            .clamp(0.0, 1.0);
        m.latent_damage = settle(
            m.latent_damage,
            primary_flow * p.secondary_share * x.powi(3)
                / (self.secondary_rate + d.secondary_cut[i]),
            with(f.latent, d.secondary_cut[i]),
        );
        m.remodelling = settle(
            m.remodelling,
            repair * damage0 * p.remodelling_tau_h,
            f.remodel,
        );
        m.severity = (m.severity * f.severity).max(m.damage);
        let depletion = accrual * p.vulnerable_depletion;
        m.vulnerable = settle(
            m.vulnerable,
            1.0 / (1.0 + depletion * p.vulnerable_recovery_tau_h),
            with(f.vulnerable, depletion),
        );

        // Inflammation cascade: signal → inflammation → sensitisation → soreness.
        let influx = primary_flow + arriving;
        let signal_rate = 1.0 / p.signal_tau_h + d.signal_cut[i];
        m.signal = settle(
            m.signal,
            influx / signal_rate,
            with(f.signal, d.signal_cut[i]),
        );
        let inflammation_target = (p.inflammation_gain * m.signal).min(1.0);
        let cut = d.inflammation_cut[i];
        m.inflammation = settle(
            m.inflammation,
            inflammation_target / (1.0 + cut * p.inflammation_tau_h),
            with(f.inflammation, cut),
        );
        m.sensitisation = settle(
            m.sensitisation,
            m.inflammation / (1.0 + cut * p.sensitisation_tau_h),
            with(f.sensitisation, cut),
        );
        let gain = d.analgesia_gain[i];
        m.analgesia = settle(
            m.analgesia,
            gain * p.analgesia_tau_h / (1.0 + gain * p.analgesia_tau_h),
            with(f.analgesia, gain),
        );
        m.oedema_pct = settle(
            m.oedema_pct,
            (p.oedema_per_inflammation * m.inflammation + p.oedema_per_damage * m.damage)
                / (1.0 + d.oedema_cut[i] * p.oedema_tau_h),
            with(f.oedema, d.oedema_cut[i]),
        );
        m.pump_pct = settle(m.pump_pct, share * x, f.pump);

        // Local circulation: metabolites, hyperaemia, treatment flow, tension.
        let production = p.metabolite_production_at_vo2max * share * x * x
            + p.metabolite_per_tension * m.tension * p.metabolite_clearance_per_h;
        let clearance = p.metabolite_clearance_per_h * perfusion.sqrt();
        m.metabolites = self
            .relax(m.metabolites, production, clearance + production)
            .min(1.0);
        m.hyperaemia = settle(
            m.hyperaemia,
            p.hyperaemia_at_vo2max * share * x,
            f.hyperaemia,
        );
        m.vascular = settle(m.vascular, d.vascular_target[i], f.vascular);
        let ischaemia = p.ischaemic_loop_gain * (1.0 - perfusion).max(0.0);
        let tension_target = (p.tension_per_damage * m.damage
            + p.tension_per_sensitisation * m.sensitisation
            + ischaemia)
            .min(1.0);
        m.tension = settle(
            m.tension,
            tension_target / (1.0 + d.tension_cut[i] * p.tension_tau_h),
            with(f.tension, d.tension_cut[i]),
        );

        // Glycogen: use, carbohydrate-fed synthesis (slowed by damage), basal synthesis.
        // Damaged fibres store less: both the rate and the ceiling fall (Doyle 1993).
        let damaged = 1.0 - p.glycogen_damage_slowing * m.damage;
        let synthesis = self.carb_synthesis * damaged;
        let use_g = self.use_rate * share;
        m.glycogen_pct = self.relax(
            m.glycogen_pct,
            (synthesis * p.glycogen_fed_ceiling_pct + p.glycogen_basal_per_h * 100.0) * damaged,
            synthesis + p.glycogen_basal_per_h + use_g,
        );

        // Repeated-bout protection: exposure decays slowly, protection follows it.
        m.exposure += p.rbe_exposure_per_eccentric_h * eccentric * x * h;
        self.protect_and_adapt(m, share);
    }

    /// One step of a group no running event touches is `loaded` with zero share, eccentric
    /// load, treatment cuts and treatment flow, with the terms that are then exactly zero (or
    /// divisions by exactly one) left out. Most group-steps of a typical week are such steps.
    /// `quiet` for every group at once, over the arrays: the same operations in the same order
    /// for each group (so bit-identical to `quiet`, unit-tested), arranged as passes that
    /// vectorise, with the exponentials (table look-ups with branches) in scalar passes between.
    /// Groups that an event touches are overwritten by the caller with the `loaded` update.
    /// Not inlined on purpose: as a function of its own, `s` is known not to alias the
    /// parameters and factors, which lets the compiler keep them in registers and vectorise.
    #[inline(never)]
    // Indexing several parallel arrays by group reads more plainly than zipped iterators.
    #[allow(clippy::needless_range_loop)]
    pub(super) fn quiet_all(&self, s: &mut Muscles) {
        const N: usize = MUSCLE_COUNT;
        let (p, f, h) = (self.p, self.f, self.h);
        let table = self.exp_table;

        // Inputs from the state at the step start.
        let mut perfusion = [0.0; N];
        let mut severity_y = [0.0; N];
        let mut production = [0.0; N];
        let mut metabolite_rate = [0.0; N];
        let mut arriving = [0.0; N];
        let mut local = [0.0; N];
        let (flow_min, flow_max) = (1.0 - p.repair_flow_limit, 1.0 + p.repair_flow_limit);
        for i in 0..N {
            perfusion[i] = perfusion_of(
                p,
                s.hyperaemia[i],
                s.metabolites[i],
                s.inflammation[i],
                s.vascular[i],
                s.tension[i],
            );
            severity_y[i] = s.severity[i] / p.repair_severity;
            production[i] = p.metabolite_per_tension * s.tension[i] * p.metabolite_clearance_per_h;
            metabolite_rate[i] = p.metabolite_clearance_per_h * perfusion[i].sqrt() + production[i];
            arriving[i] = s.latent_damage[i] * self.secondary_rate;
            local[i] = (1.0 + p.repair_flow_gain * s.vascular[i]).clamp(flow_min, flow_max)
                * (1.0 - p.ischaemic_repair_slowing * p.ischaemic_loop_gain * s.tension[i]);
        }
        let severity_e = exp_neg_all(table, &severity_y, 1.0);
        let mut metabolite_e = [0.0; N];
        for i in 0..N {
            metabolite_e[i] = exp_neg_with(table, metabolite_rate[i] * h);
        }
        let mut repair = [0.0; N];
        for i in 0..N {
            repair[i] =
                p.repair_rate_per_h * severity_e[i] * self.anabolic * self.age_factor * local[i];
        }
        let repair_e = exp_neg_all(table, &repair, h);

        // Pure decays.
        for i in 0..N {
            s.fast_fatigue[i] *= f.fast;
            s.slow_fatigue[i] *= f.slow;
            s.latent_damage[i] *= f.latent;
            s.analgesia[i] *= f.analgesia;
            s.pump_pct[i] *= f.pump;
            s.hyperaemia[i] *= f.hyperaemia;
            s.vascular[i] *= f.vascular;
            s.exposure[i] *= f.exposure;
        }
        // Damage and repair.
        for i in 0..N {
            let damage0 = s.damage[i];
            s.damage[i] =
                relax_by(s.damage[i], arriving[i], repair[i], h, repair_e[i]).clamp(0.0, 1.0);
            s.remodelling[i] = settle(
                s.remodelling[i],
                repair[i] * damage0 * p.remodelling_tau_h,
                f.remodel,
            );
            s.severity[i] = (s.severity[i] * f.severity).max(s.damage[i]);
            s.vulnerable[i] = settle(s.vulnerable[i], 1.0, f.vulnerable);
        }
        // Inflammation cascade.
        for i in 0..N {
            s.signal[i] = settle(s.signal[i], arriving[i] / (1.0 / p.signal_tau_h), f.signal);
            s.inflammation[i] = settle(
                s.inflammation[i],
                (p.inflammation_gain * s.signal[i]).min(1.0),
                f.inflammation,
            );
            s.sensitisation[i] = settle(s.sensitisation[i], s.inflammation[i], f.sensitisation);
            s.oedema_pct[i] = settle(
                s.oedema_pct[i],
                p.oedema_per_inflammation * s.inflammation[i] + p.oedema_per_damage * s.damage[i],
                f.oedema,
            );
        }
        // Local circulation.
        for i in 0..N {
            s.metabolites[i] = relax_by(
                s.metabolites[i],
                production[i],
                metabolite_rate[i],
                h,
                metabolite_e[i],
            )
            .min(1.0);
            let ischaemia = p.ischaemic_loop_gain * (1.0 - perfusion[i]).max(0.0);
            let tension_target = (p.tension_per_damage * s.damage[i]
                + p.tension_per_sensitisation * s.sensitisation[i]
                + ischaemia)
                .min(1.0);
            s.tension[i] = settle(s.tension[i], tension_target, f.tension);
        }
        // Glycogen and protection: the rates of the next exponentials.
        let mut glycogen_a = [0.0; N];
        let mut glycogen_b = [0.0; N];
        let mut exposure_y = [0.0; N];
        for i in 0..N {
            let damaged = 1.0 - p.glycogen_damage_slowing * s.damage[i];
            let synthesis = self.carb_synthesis * damaged;
            glycogen_a[i] =
                (synthesis * p.glycogen_fed_ceiling_pct + p.glycogen_basal_per_h * 100.0) * damaged;
            glycogen_b[i] = synthesis + p.glycogen_basal_per_h;
            exposure_y[i] = s.exposure[i] / p.rbe_exposure_scale;
        }
        let glycogen_e = exp_neg_all(table, &glycogen_b, h);
        let mut exposure_e = [0.0; N];
        for i in 0..N {
            exposure_e[i] = one_minus_exp_neg(table, exposure_y[i]);
        }

        let mut convert = [0.0; N];
        let mut adaptation_b = [0.0; N];
        for i in 0..N {
            s.glycogen_pct[i] = relax_by(
                s.glycogen_pct[i],
                glycogen_a[i],
                glycogen_b[i],
                h,
                glycogen_e[i],
            );
            let protection_target = p.rbe_max * exposure_e[i];
            let protection_factor = if protection_target > s.protection[i] {
                f.onset
            } else {
                f.exposure
            };
            s.protection[i] = settle(s.protection[i], protection_target, protection_factor);
            let recovered = (1.0 - (s.damage[i] + s.slow_fatigue[i]) / p.adaptation_recovered_at)
                .clamp(0.0, 1.0);
            convert[i] = s.stimulus[i] / p.adaptation_convert_tau_h
                * recovered
                * self.anabolic.min(1.0)
                * (1.0 - s.blunting[i])
                * p.adaptation_gain;
            adaptation_b[i] = convert[i] / p.adaptation_max + 1.0 / p.adaptation_decay_tau_h;
        }
        // (Unused where `convert` is 0.)
        let adaptation_e = exp_neg_all(table, &adaptation_b, h);
        for i in 0..N {
            // Both branches are computed and one chosen, so that the loop vectorises.
            let decayed = s.adaptation[i] * f.adaptation;
            let relaxed = relax_by(
                s.adaptation[i],
                convert[i],
                adaptation_b[i],
                h,
                adaptation_e[i],
            );
            s.adaptation[i] = if convert[i] == 0.0 { decayed } else { relaxed };
            s.stimulus[i] *= f.stimulus;
            s.blunting[i] *= f.blunting;
            s.recent_use[i] = settle(s.recent_use[i], 0.0, f.recent);
        }
    }

    /// The slow tail shared by both paths: repeated-bout protection (after the exposure
    /// impulse), adaptation, and recent use relaxing toward the running share.
    #[inline(always)]
    fn protect_and_adapt(&self, m: &mut MuscleState, share: f64) {
        let (p, f) = (self.p, self.f);
        m.exposure *= f.exposure;
        let protection_target =
            p.rbe_max * one_minus_exp_neg(self.exp_table, m.exposure / p.rbe_exposure_scale);
        let protection_factor = if protection_target > m.protection {
            f.onset
        } else {
            f.exposure
        };
        m.protection = settle(m.protection, protection_target, protection_factor);

        // Adaptation: stimulus converts into a force gain once the group has recovered.
        let recovered =
            (1.0 - (m.damage + m.slow_fatigue) / p.adaptation_recovered_at).clamp(0.0, 1.0);
        let convert = m.stimulus / p.adaptation_convert_tau_h
            * recovered
            * self.anabolic.min(1.0)
            * (1.0 - m.blunting)
            * p.adaptation_gain;
        m.adaptation = if convert == 0.0 {
            m.adaptation * f.adaptation
        } else {
            self.relax(
                m.adaptation,
                convert,
                convert / p.adaptation_max + 1.0 / p.adaptation_decay_tau_h,
            )
        };
        m.stimulus *= f.stimulus;
        m.blunting *= f.blunting;
        m.recent_use = settle(m.recent_use, share, f.recent);
    }
}

/// Local blood flow relative to rest.
fn perfusion(p: &Params, m: &MuscleState) -> f64 {
    perfusion_of(
        p,
        m.hyperaemia,
        m.metabolites,
        m.inflammation,
        m.vascular,
        m.tension,
    )
}

#[inline(always)]
pub(super) fn perfusion_of(
    p: &Params,
    hyperaemia: f64,
    metabolites: f64,
    inflammation: f64,
    vascular: f64,
    tension: f64,
) -> f64 {
    (1.0 + hyperaemia
        + p.perfusion_per_metabolites * metabolites
        + p.perfusion_per_inflammation * inflammation
        + vascular
        - p.ischaemic_loop_gain * tension)
        .max(p.perfusion_min)
}

#[cfg(test)]
mod tests {
    use super::super::numerics::exp_table;
    use super::*;
    use proptest::prelude::*;

    fn any_muscle() -> impl Strategy<Value = MuscleState> {
        (
            prop::array::uniform12(0.0..1.0f64),
            prop::array::uniform12(0.0..1.0f64),
            0.0..110.0f64,
            0.0..500.0f64,
            -0.4..1.0f64,
        )
            .prop_map(|(a, b, glycogen, exposure, vascular)| MuscleState {
                fast_fatigue: a[0],
                slow_fatigue: a[1],
                damage: a[2],
                latent_damage: a[3] * 0.1,
                signal: a[4],
                inflammation: a[5],
                sensitisation: a[6],
                analgesia: a[7],
                oedema_pct: a[8] * 5.0,
                pump_pct: a[9] * 5.0,
                metabolites: a[10],
                glycogen_pct: glycogen,
                hyperaemia: a[11] * 3.0,
                vascular,
                tension: b[0],
                remodelling: b[1] * 0.01,
                exposure,
                protection: b[2] * 0.8,
                stimulus: b[3] * 0.1,
                adaptation: b[4] * 0.3,
                blunting: b[5],
                recent_use: b[6],
                vulnerable: b[7],
                severity: b[8],
            })
    }

    proptest! {
        /// The quiet update is the full update with a zero drive, bit for bit, whether or not
        /// exercise runs elsewhere in the body and for any step length.
        #[test]
        fn quiet_update_equals_loaded_update_with_zero_drive(
            states in prop::array::uniform17(any_muscle()),
            h in prop_oneof![Just(1.0), 0.01..1.0f64],
            x in prop_oneof![Just(None), (0.05..1.5f64).prop_map(Some)],
            anabolic in 0.3..1.3f64,
            carbs in 0.0..2.0f64,
        ) {
            let p = Params::default();
            let factors = StepFactors::new(&p, h);
            let x_value = x.unwrap_or(0.0);
            let step = GroupStep {
                p: &p,
                f: &factors,
                exp_table: exp_table(),
                h,
                x: x_value,
                exercising: x.is_some(),
                anabolic,
                age_factor: 0.95,
                carb_synthesis: carbs,
                use_rate: 0.1 * x_value * x_value,
                metabolic_damage: p.endurance_metabolic_damage * x_value * x_value,
                eccentric_damage: p.endurance_eccentric_damage_base
                    + p.endurance_eccentric_damage_per_x * x_value,
                endurance_fatigue: p.endurance_fatigue_rate * x_value * x_value,
                secondary_rate: 1.0 / p.secondary_tau_h,
                status_damage: 0.6,
            };
            let mut drive = Drive::rest();
            drive.intensity = x;
            let mut quiet = Muscles::from_states(&states);
            step.quiet_all(&mut quiet);
            for (i, state) in states.iter().enumerate() {
                let mut loaded = *state;
                step.loaded(&drive, i, &mut loaded);
                let quiet = quiet.get(i);
                prop_assert_eq!(format!("{loaded:?}"), format!("{quiet:?}"));
                prop_assert_eq!(loaded, quiet);
            }
        }
    }
}
