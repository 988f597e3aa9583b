//! The simulation: events applied in time order, state integrated between them.
//!
//! Between breakpoints (event starts and ends, and a fixed hourly grid anchored at the
//! simulation start) every state variable follows a linear first-order equation
//! `x' = a − b·x` whose coefficients are frozen at the start of the step (exponential Euler).
//! Each step is solved exactly, so the scheme is stable for any step, never overshoots a target
//! and never makes a store negative. Queries never add breakpoints: a query between two grid
//! points steps a copy of the state, so what is asked for cannot change what is computed.

use crate::athlete::{Athlete, TrainingStatus};
use crate::checkpoint::Checkpoint;
use crate::event::{
    trimp_weight, Contraction, EffortMeasure, Event, EventKind, ExerciseDose, Hours, Intensity,
    StrengthSession,
};
use crate::muscle::MUSCLE_COUNT;
use crate::params::Params;
use crate::report::{MuscleReport, Phase, Snapshot, SystemicReport};
use crate::state::{MuscleState, State, SystemicState};

/// Longest integration step, h.
const GRID_H: f64 = 1.0;

/// Share of body muscle mass per group, for whole-body sums (rough anatomical proportions).
const MASS_SHARE: [f64; MUSCLE_COUNT] = [
    0.05, // abdominals
    0.03, // abductors
    0.05, // adductors
    0.03, // biceps
    0.06, // calves
    0.06, // chest
    0.03, // forearms
    0.12, // glutes
    0.10, // hamstrings
    0.07, // lats
    0.04, // lower_back
    0.04, // middle_back
    0.01, // neck
    0.18, // quadriceps
    0.05, // shoulders
    0.04, // traps
    0.04, // triceps
];

/// `e^(−y)` for `y ≥ 0`, cheaply: a Taylor polynomial for small arguments (error < 2e-9
/// relative), a linearly interpolated table up to 16 (error < 2e-6 relative), `exp` beyond.
/// Deterministic, so results stay reproducible; the integrator spends most of its time here.
#[inline]
fn exp_neg(y: f64) -> f64 {
    exp_neg_with(exp_table(), y)
}

/// `exp_neg` with the table already fetched, for loops that call it many times.
#[inline(always)]
fn exp_neg_with(table: &ExpTable, y: f64) -> f64 {
    if y < 0.1 {
        return exp_neg_taylor(y);
    }
    if y < 16.0 {
        let u = y * EXP_TABLE_STEPS;
        // `u` is in 25.6..4096 here; the 32-bit conversion and the bound (a no-op) keep the
        // index arithmetic short and free of bounds checks.
        let k = (u as i32 as usize).min(EXP_TABLE_LEN - 2);
        let frac = u - k as f64;
        return table[k] + (table[k + 1] - table[k]) * frac;
    }
    (-y).exp()
}

/// `e^(−y)` by its Taylor polynomial: `exp_neg` below 0.1.
#[inline(always)]
fn exp_neg_taylor(y: f64) -> f64 {
    let y2 = y * y;
    1.0 - y + y2 * (0.5 - y / 6.0 + y2 * (1.0 / 24.0 - y / 120.0))
}

/// `exp_neg` of every element of `y` (each times `scale`), into `out`: the polynomial for all
/// elements in a loop that vectorises, then the other branches where they apply. Identical
/// to calling `exp_neg` on each; cheaper when most arguments are small, as rates times an
/// hour mostly are.
#[inline(always)]
fn exp_neg_all(table: &ExpTable, y: &[f64; MUSCLE_COUNT], scale: f64) -> [f64; MUSCLE_COUNT] {
    let mut out = [0.0; MUSCLE_COUNT];
    for (out, y) in out.iter_mut().zip(y) {
        *out = exp_neg_taylor(y * scale);
    }
    for (out, y) in out.iter_mut().zip(y) {
        let y = y * scale;
        if y >= 0.1 {
            *out = exp_neg_with(table, y);
        }
    }
    out
}

/// `one_minus_exp_neg` of every element, as `exp_neg_all` does it.
#[inline(always)]
fn one_minus_exp_neg_all(table: &ExpTable, y: &[f64; MUSCLE_COUNT]) -> [f64; MUSCLE_COUNT] {
    let mut out = [0.0; MUSCLE_COUNT];
    for (out, &y) in out.iter_mut().zip(y) {
        *out = 1.0 - exp_neg_taylor(y);
    }
    for (out, &y) in out.iter_mut().zip(y) {
        if y >= 0.1 {
            *out = one_minus_exp_neg(table, y);
        }
    }
    out
}

/// `1 − e^(−y)`, exactly as `1.0 - exp_neg(y)` rounds: beyond y = 38, `e^(−y)` < 2^−54 and
/// the difference rounds to 1, so the exponential (a libm call past the table) is skipped.
#[inline(always)]
fn one_minus_exp_neg(table: &ExpTable, y: f64) -> f64 {
    if y >= 38.0 {
        return 1.0;
    }
    1.0 - exp_neg_with(table, y)
}

const EXP_TABLE_STEPS: f64 = 256.0;
const EXP_TABLE_LEN: usize = 16 * 256 + 2;
type ExpTable = [f64; EXP_TABLE_LEN];

fn exp_table() -> &'static ExpTable {
    static TABLE: std::sync::OnceLock<ExpTable> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| std::array::from_fn(|k| (-(k as f64) / EXP_TABLE_STEPS).exp()))
}

/// Solves `x' = a − b·x` over `h` exactly.
#[inline]
fn relax(x: f64, a: f64, b: f64, h: f64) -> f64 {
    if b <= 1e-12 {
        return x + a * h;
    }
    let target = a / b;
    target + (x - target) * exp_neg(b * h)
}

/// Decay factors `e^(−rate·h)` and other quantities that depend only on the parameters and the
/// step length. Nearly every step is one grid hour, so the simulation computes them once for
/// `GRID_H` (and keeps the last other step length) instead of once a step. The expressions are
/// the ones the step used to evaluate inline, so the values are identical.
#[derive(Clone, Debug)]
struct StepFactors {
    h: f64,
    fast: f64,
    slow: f64,
    latent: f64,
    remodel: f64,
    severity: f64,
    vulnerable: f64,
    signal: f64,
    inflammation: f64,
    sensitisation: f64,
    analgesia: f64,
    oedema: f64,
    pump: f64,
    hyperaemia: f64,
    vascular: f64,
    tension: f64,
    exposure: f64,
    onset: f64,
    stimulus: f64,
    adaptation: f64,
    blunting: f64,
    recent: f64,
    /// Share of the gut's carbohydrate and water absorbed over the step.
    carbs_absorbed: f64,
    water_absorbed: f64,
    /// Kidney shedding of excess water, and the decay of the protein store.
    water_shed: f64,
    protein: f64,
    /// `exp_neg(b·h)` of the systemic relaxations whose rate `b` is a constant.
    lactate_release: f64,
    sympathetic: f64,
    parasympathetic: f64,
    fitness: f64,
    fatigue: f64,
}

impl StepFactors {
    fn new(p: &Params, h: f64) -> StepFactors {
        let f = |rate: f64| (-rate * h).exp();
        StepFactors {
            h,
            fast: f(1.0 / p.fast_fatigue_tau_h),
            slow: f(1.0 / p.slow_fatigue_tau_h),
            latent: f(1.0 / p.secondary_tau_h),
            remodel: f(1.0 / 240.0),
            severity: f(1.0 / p.severity_tau_h),
            vulnerable: f(1.0 / p.vulnerable_recovery_tau_h),
            signal: f(1.0 / p.signal_tau_h),
            inflammation: f(1.0 / p.inflammation_tau_h),
            sensitisation: f(1.0 / p.sensitisation_tau_h),
            analgesia: f(1.0 / p.analgesia_tau_h),
            oedema: f(1.0 / p.oedema_tau_h),
            pump: f(1.0 / p.pump_tau_h),
            hyperaemia: f(1.0 / p.hyperaemia_tau_h),
            vascular: f(1.0 / 0.75),
            tension: f(1.0 / p.tension_tau_h),
            exposure: f(1.0 / p.rbe_decay_tau_h),
            onset: f(1.0 / p.rbe_onset_tau_h),
            stimulus: f(1.0 / p.adaptation_convert_tau_h),
            adaptation: f(1.0 / p.adaptation_decay_tau_h),
            blunting: f(1.0 / 48.0),
            recent: f(1.0 / 24.0),
            carbs_absorbed: 1.0 - (-p.carb_absorption_per_h * h).exp(),
            water_absorbed: 1.0 - (-3.0 * h).exp(),
            water_shed: (-0.7 * h).exp(),
            protein: (-h / 24.0).exp(),
            lactate_release: exp_neg(1.0 / p.lactate_release_tau_h * h),
            sympathetic: exp_neg(1.0 / p.autonomic_tau_h * h),
            parasympathetic: exp_neg(1.0 / 2.0 * h),
            fitness: exp_neg(1.0 / (p.fitness_tau_days * 24.0) * h),
            fatigue: exp_neg(1.0 / (p.fatigue_tau_days * 24.0) * h),
        }
    }
}

/// Moves `x` toward `target` by the decay factor `f = e^(−b·h)` (exact for `x' = b(target − x)`).
#[inline]
fn settle(x: f64, target: f64, f: f64) -> f64 {
    target + (x - target) * f
}

/// `relax` with the decay factor `e = e^(−b·h)` already computed (it is unused if `b` is 0).
#[inline(always)]
fn relax_by(x: f64, a: f64, b: f64, h: f64, e: f64) -> f64 {
    // Both forms are computed and one chosen (no branch), so that loops over groups vectorise.
    let target = a / b;
    let relaxed = target + (x - target) * e;
    let linear = x + a * h;
    if b <= 1e-12 {
        linear
    } else {
        relaxed
    }
}

/// The rate that removes `cut` (a fraction) in `reference_h` hours.
#[inline]
fn cut_rate(cut: f64, reference_h: f64) -> f64 {
    -(1.0 - cut.clamp(0.0, 0.99)).ln() / reference_h
}

/// Damage weight of relative intensity: low loads barely damage (Nosaka 2002's 9% protocol).
fn damage_weight(intensity: f64) -> f64 {
    ((intensity - 0.05).max(0.0) / 0.95).powf(1.6)
}

/// What running events do to the state during one step, per group and systemic.
#[derive(Clone)]
struct Drive {
    /// Highest exercise intensity (fraction of VO2max) under way, if any.
    intensity: Option<f64>,
    share: [f64; MUSCLE_COUNT],
    eccentric: [f64; MUSCLE_COUNT],
    glycogen_sparing: f64,
    sweat_l_per_h: f64,
    load_per_h: f64,
    signal_cut: [f64; MUSCLE_COUNT],
    secondary_cut: [f64; MUSCLE_COUNT],
    tension_cut: [f64; MUSCLE_COUNT],
    inflammation_cut: [f64; MUSCLE_COUNT],
    oedema_cut: [f64; MUSCLE_COUNT],
    fatigue_cut: [f64; MUSCLE_COUNT],
    analgesia_gain: [f64; MUSCLE_COUNT],
    vascular_target: [f64; MUSCLE_COUNT],
    parasympathetic_target: f64,
    asleep: bool,
    /// Whether any of the per-group drives above is non-zero for the group (it then takes the
    /// full update; the others take the shorter, equivalent quiet update).
    touched: [bool; MUSCLE_COUNT],
}

impl Drive {
    fn rest() -> Drive {
        Drive {
            intensity: None,
            share: [0.0; MUSCLE_COUNT],
            eccentric: [0.0; MUSCLE_COUNT],
            glycogen_sparing: 1.0,
            sweat_l_per_h: 0.0,
            load_per_h: 0.0,
            signal_cut: [0.0; MUSCLE_COUNT],
            secondary_cut: [0.0; MUSCLE_COUNT],
            tension_cut: [0.0; MUSCLE_COUNT],
            inflammation_cut: [0.0; MUSCLE_COUNT],
            oedema_cut: [0.0; MUSCLE_COUNT],
            fatigue_cut: [0.0; MUSCLE_COUNT],
            analgesia_gain: [0.0; MUSCLE_COUNT],
            vascular_target: [0.0; MUSCLE_COUNT],
            parasympathetic_target: 0.0,
            asleep: false,
            touched: [false; MUSCLE_COUNT],
        }
    }
}

/// Generates [`Muscles`], the per-group state as one array per variable, with its conversions
/// from and to [`MuscleState`].
macro_rules! muscle_arrays {
    ($($field:ident),* $(,)?) => {
        /// The state of every group, one array per variable (structure of arrays), so that the
        /// update of the groups no event touches runs over contiguous arrays and vectorises.
        /// [`MuscleState`] stays the public view of one group.
        #[derive(Clone, Copy)]
        struct Muscles {
            $($field: [f64; MUSCLE_COUNT],)*
        }

        impl Muscles {
            fn from_states(states: &[MuscleState; MUSCLE_COUNT]) -> Muscles {
                Muscles {
                    $($field: std::array::from_fn(|i| states[i].$field),)*
                }
            }

            #[inline(always)]
            fn get(&self, i: usize) -> MuscleState {
                MuscleState {
                    $($field: self.$field[i],)*
                }
            }

            #[inline(always)]
            fn set(&mut self, i: usize, m: &MuscleState) {
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
struct GroupStep<'a> {
    p: &'a Params,
    f: &'a StepFactors,
    exp_table: &'a ExpTable,
    h: f64,
    /// Exercise intensity under way (0 if none) and whether any exercise runs.
    x: f64,
    exercising: bool,
    anabolic: f64,
    age_factor: f64,
    carb_synthesis: f64,
    use_rate: f64,
    metabolic_damage: f64,
    eccentric_damage: f64,
    endurance_fatigue: f64,
    secondary_rate: f64,
    status_damage: f64,
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
    fn loaded(&self, d: &Drive, i: usize, m: &mut MuscleState) {
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
        let slow_cap = p.slow_fatigue_cap * susceptibility * (1.0 - 0.5 * m.protection);
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
        let accrual = if self.exercising {
            p.endurance_damage_rate
                * (self.metabolic_damage * share + self.eccentric_damage * eccentric)
                * m.vulnerable
        } else {
            0.0
        };
        let primary_flow = accrual * (cap - m.damage).max(0.0);
        let arriving = m.latent_damage * self.secondary_rate;
        // Treatment flow (heat, massage up; cold down) nudges repair; tension slows it
        // through the ischaemic loop. Flow from the damage itself does not, so more damage
        // can never repair faster (blood flow shapes transport, not remodelling).
        let local = (1.0 + 0.1 * m.vascular).clamp(0.9, 1.1)
            * (1.0 - 0.3 * p.ischaemic_loop_gain * m.tension);
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
        m.remodelling = settle(m.remodelling, repair * damage0 * 240.0, f.remodel);
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
        let production = 4.0 * share * x * x + 0.15 * m.tension * p.metabolite_clearance_per_h;
        let clearance = p.metabolite_clearance_per_h * perfusion.sqrt();
        m.metabolites = self
            .relax(m.metabolites, production, clearance + production)
            .min(1.0);
        m.hyperaemia = settle(m.hyperaemia, 6.0 * share * x, f.hyperaemia);
        m.vascular = settle(m.vascular, d.vascular_target[i], f.vascular);
        let ischaemia = p.ischaemic_loop_gain * (1.0 - perfusion).max(0.0);
        let tension_target =
            (p.tension_per_damage * m.damage + 0.3 * m.sensitisation + ischaemia).min(1.0);
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
        m.exposure += 30.0 * eccentric * x * h;
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
    fn quiet_all(&self, s: &mut Muscles) {
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
            production[i] = 0.15 * s.tension[i] * p.metabolite_clearance_per_h;
            metabolite_rate[i] = p.metabolite_clearance_per_h * perfusion[i].sqrt() + production[i];
            arriving[i] = s.latent_damage[i] * self.secondary_rate;
            local[i] = (1.0 + 0.1 * s.vascular[i]).clamp(0.9, 1.1)
                * (1.0 - 0.3 * p.ischaemic_loop_gain * s.tension[i]);
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
            s.remodelling[i] = settle(s.remodelling[i], repair[i] * damage0 * 240.0, f.remodel);
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
            let tension_target =
                (p.tension_per_damage * s.damage[i] + 0.3 * s.sensitisation[i] + ischaemia)
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
            let recovered = (1.0 - (s.damage[i] + s.slow_fatigue[i]) / 0.15).clamp(0.0, 1.0);
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
        let recovered = (1.0 - (m.damage + m.slow_fatigue) / 0.15).clamp(0.0, 1.0);
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

/// A running simulation of one athlete.
#[derive(Clone)]
pub struct Simulation {
    params: Params,
    athlete: Athlete,
    /// The events in time order, shared: a copy of the simulation (a query between
    /// breakpoints steps one) shares them instead of cloning them.
    events: std::sync::Arc<[Event]>,
    /// Index of the next event to apply.
    next: usize,
    /// Events under way: (end time, index).
    running: Vec<(Hours, usize)>,
    t: Hours,
    origin: Hours,
    /// The state: the groups as arrays, and the systemic state.
    muscles: Muscles,
    systemic: SystemicState,
    /// The state as the public `State`, built on demand by `state()` and cleared on change.
    view: std::sync::OnceLock<State>,
    /// Time of each group's last strength work (for cold-water blunting).
    last_strength_h: [Hours; MUSCLE_COUNT],
    /// Damage cap factor, lactate threshold and clearance factor of the athlete's status.
    status_damage: f64,
    lactate_threshold: f64,
    clearance_factor: f64,
    /// What the running events do, recomputed only when the set of running events changes
    /// (it does not depend on the state).
    drive: Drive,
    drive_stale: bool,
    /// Step factors for a grid hour, and for the last other step length.
    grid: StepFactors,
    off_grid: Option<StepFactors>,
    /// Soreness gain per group: large, less damage-prone groups hurt as much per unit of
    /// damage as small ones.
    soreness_gain: [f64; MUSCLE_COUNT],
}

impl Simulation {
    /// Starts a simulation at `start` (hours since the scenario start) with the athlete rested,
    /// last awake since `last_wake_h`. Events may be in any order; ties keep their order.
    pub fn new(
        athlete: Athlete,
        params: Params,
        events: Vec<Event>,
        start: Hours,
        last_wake_h: Hours,
    ) -> Simulation {
        let state = State {
            muscles: [MuscleState::default(); MUSCLE_COUNT],
            systemic: SystemicState::rested(last_wake_h),
        };
        Simulation::build(athlete, params, events, start, state)
    }

    /// Continues a simulation from `checkpoint`, exactly as the checkpointed one would have
    /// continued. `events` is the complete event list (any order, as for [`Simulation::new`]):
    /// the events the checkpoint had already applied are skipped, and those still under way at
    /// the checkpoint resume their drive. See [`Checkpoint`] for what must not have changed.
    pub fn resume(
        athlete: Athlete,
        params: Params,
        events: Vec<Event>,
        checkpoint: Checkpoint,
    ) -> Simulation {
        let mut sim = Simulation::build(
            athlete,
            params,
            events,
            checkpoint.origin_h,
            checkpoint.state,
        );
        sim.t = checkpoint.at_h;
        sim.next = checkpoint.applied_events.min(sim.events.len());
        // Events under way, in the order they were applied (their drives add up in that order).
        sim.running = (0..sim.next)
            .map(|index| (sim.events[index].end(), index))
            .filter(|&(end, index)| sim.events[index].duration_h() > 0.0 && end > sim.t)
            .collect();
        sim.drive_stale = true;
        sim.last_strength_h = checkpoint
            .last_strength_h
            .map(|at| at.unwrap_or(f64::NEG_INFINITY));
        sim
    }

    /// The complete state at the current time (the last breakpoint reached), to continue from
    /// later with [`Simulation::resume`]. Call [`Simulation::advance_to`] first to choose the
    /// moment.
    pub fn checkpoint(&self) -> Checkpoint {
        Checkpoint {
            version: Checkpoint::VERSION,
            at_h: self.t,
            origin_h: self.origin,
            applied_events: self.next,
            state: self.state().clone(),
            last_strength_h: self
                .last_strength_h
                .map(|at| if at.is_finite() { Some(at) } else { None }),
        }
    }

    fn build(
        athlete: Athlete,
        params: Params,
        mut events: Vec<Event>,
        start: Hours,
        state: State,
    ) -> Simulation {
        sort_by_time(&mut events);
        let status = athlete.training_status;
        let grid = StepFactors::new(&params, GRID_H);
        // Per unit of sensitisation, a less damage-prone group or a trained muscle hurts as
        // much per bout as an untrained, susceptible one: resistance-trained men lost far less
        // force than untrained men after the same eccentric bout but were as sore (Newton 2008).
        let status_soreness = Params::status_damage_factor(status);
        let soreness_gain = std::array::from_fn(|i| {
            params.soreness_gain / (params.susceptibility[i] * status_soreness)
        });
        Simulation {
            status_damage: Params::status_damage_factor(status),
            lactate_threshold: Params::lactate_threshold(status),
            clearance_factor: Params::status_clearance_factor(status),
            params,
            athlete,
            events: events.into(),
            next: 0,
            running: Vec::new(),
            t: start,
            origin: start,
            muscles: Muscles::from_states(&state.muscles),
            systemic: state.systemic,
            view: std::sync::OnceLock::new(),
            last_strength_h: [f64::NEG_INFINITY; MUSCLE_COUNT],
            drive: Drive::rest(),
            drive_stale: false,
            grid,
            off_grid: None,
            soreness_gain,
        }
    }

    /// The current time, hours since the scenario start.
    pub fn time(&self) -> Hours {
        self.t
    }

    /// The raw state (for tests and checkpoints). The simulation keeps the groups' state as
    /// arrays; this view is assembled on first use after each change.
    pub fn state(&self) -> &State {
        self.view.get_or_init(|| State {
            muscles: std::array::from_fn(|i| self.muscles.get(i)),
            systemic: self.systemic,
        })
    }

    /// The events, sorted by time.
    pub fn events(&self) -> &[Event] {
        &self.events
    }

    /// The report at time `at` (≥ the current time): instantaneous events at `at` are
    /// included. The simulation itself advances only to the last breakpoint at or before `at`.
    pub fn snapshot_at(&mut self, at: Hours) -> Snapshot {
        self.advance_until(at);
        if self.t >= at {
            return self.snapshot();
        }
        let mut probe = self.clone();
        probe.integrate(at - probe.t);
        probe.t = at;
        probe.snapshot()
    }

    /// Advances through every breakpoint up to and including `at` and applies the events due
    /// at `at`; the time is then the last breakpoint at or before `at`. Reports do not change:
    /// this is what [`Simulation::snapshot_at`] does first (use it to place a checkpoint).
    pub fn advance_to(&mut self, at: Hours) {
        self.advance_until(at);
    }

    /// Advances through every breakpoint up to and including `target` (events at exactly
    /// `target` are applied), without making `target` itself a breakpoint.
    fn advance_until(&mut self, target: Hours) {
        loop {
            // Apply whatever is due now: ends first, then starts and instantaneous events.
            let running = self.running.len();
            self.running.retain(|(end, _)| *end > self.t);
            self.drive_stale |= self.running.len() != running;
            while self.next < self.events.len() && self.events[self.next].at <= self.t {
                let index = self.next;
                self.next += 1;
                self.apply(index);
            }
            let next_event = self.events.get(self.next).map_or(f64::INFINITY, |e| e.at);
            let next_end = self
                .running
                .iter()
                .map(|(end, _)| *end)
                .fold(f64::INFINITY, f64::min);
            let steps = ((self.t - self.origin) / GRID_H).floor() + 1.0;
            let next_grid = self.origin + steps * GRID_H;
            let next = next_event.min(next_end).min(next_grid);
            if next > target {
                return;
            }
            self.integrate(next - self.t);
            self.t = next;
        }
    }

    /// The report for the current state.
    pub fn snapshot(&self) -> Snapshot {
        let sys = self.systemic_report();
        Snapshot {
            at_h: self.t,
            muscles: self.muscle_reports(&sys),
            systemic: sys,
        }
    }

    // ---------------------------------------------------------------------------------
    // Events
    // ---------------------------------------------------------------------------------

    fn apply(&mut self, index: usize) {
        // A second handle on the shared list, so the event can be read while it changes the
        // state (no clone of the event, which would allocate for every session).
        let events = std::sync::Arc::clone(&self.events);
        self.apply_event(&events[index], index);
    }

    fn apply_event(&mut self, event: &Event, index: usize) {
        self.state_changes();
        if event.duration_h() > 0.0 {
            self.running.push((event.end(), index));
            self.drive_stale = true;
        }
        match &event.kind {
            EventKind::Strength(session) => self.apply_strength(session, event.at),
            EventKind::Sleep { hours, .. } => self.start_sleep(event.at, *hours),
            EventKind::Meal(meal) => {
                let sys = &mut self.systemic;
                sys.gut_carbs_g += meal.carbs_g;
                sys.protein_g_per_kg += meal.protein_g / self.athlete.body_mass_kg;
                // Food itself carries some water beside what is drunk.
                sys.gut_water_l += meal.fluid_l + 0.0015 * (meal.carbs_g + meal.protein_g);
            }
            EventKind::Fluid { litres, .. } => self.systemic.gut_water_l += litres,
            EventKind::DryNeedling {
                muscles,
                insertions,
            } => {
                let p = &self.params;
                for g in muscles {
                    let i = g.index();
                    let mut m = self.muscles.get(i);
                    m.tension *= 1.0 - p.needling_tension_cut;
                    m.metabolites *= 0.6;
                    m.vascular += 0.5;
                    // Post-needling soreness: local inflammation without structural damage.
                    let sex = match self.athlete.sex {
                        crate::athlete::Sex::Female => 1.3,
                        crate::athlete::Sex::Male => 1.0,
                    };
                    let dose = p.needling_signal_per_10_insertions * (*insertions as f64) / 10.0;
                    m.signal += dose * sex;
                    m.sensitisation += dose * sex;
                    self.muscles.set(i, &m);
                }
            }
            // Cold-water blunting is decided at the start of the immersion.
            EventKind::Cold(cold) => {
                for g in &cold.muscles {
                    let i = g.index();
                    if event.at - self.last_strength_h[i] <= 4.0 {
                        let blunting = &mut self.muscles.blunting[i];
                        *blunting = blunting.max(self.params.cold_blunting);
                    }
                }
            }
            _ => {}
        }
    }

    fn start_sleep(&mut self, at: Hours, hours: f64) {
        let sys = &mut self.systemic;
        if hours >= 3.0 && sys.asleep_since_h.is_none() {
            sys.debt_at_sleep_h = sleep_debt_awake(&self.params, sys, at);
            sys.asleep_since_h = Some(at);
        }
    }

    fn end_sleep(&mut self, start: Hours, end: Hours, quality: Option<u8>) {
        let need = self.params.sleep_need_h;
        let factor = quality.map_or(1.0, |q| 0.8 + 0.05 * f64::from(q));
        let slept = (end - start) * factor;
        let sys = &mut self.systemic;
        if end - start < 3.0 {
            // A nap pays off debt without starting a new day.
            sys.sleep_debt_base_h = (sys.sleep_debt_base_h - slept).max(0.0);
            return;
        }
        if sys.asleep_since_h == Some(start) {
            let cycle = end - sys.last_wake_h;
            // Old debt fades: a small nightly shortfall settles near a few hours instead of
            // growing for months.
            let kept = (-cycle / self.params.sleep_debt_tau_h).exp();
            sys.sleep_debt_base_h =
                (sys.sleep_debt_base_h * kept + need * cycle / 24.0 - slept).clamp(0.0, 48.0);
            sys.last_wake_h = end;
            sys.asleep_since_h = None;
        }
    }

    fn relative_intensity(&self, exercise: &ExerciseDose) -> f64 {
        match exercise.intensity {
            Intensity::Maximal => 1.0,
            Intensity::Pct1rm(p) => (p / 100.0).clamp(0.01, 1.1),
            // Epley: 1RM = w (1 + r/30), so w/1RM = 1 / (1 + (reps + RIR)/30).
            Intensity::Rir(rir) => 1.0 / (1.0 + (f64::from(exercise.reps) + rir) / 30.0),
            Intensity::LoadKg {
                kg,
                one_rm_per_body_mass,
            } => {
                let status = match self.athlete.training_status {
                    TrainingStatus::Untrained => 0.7,
                    TrainingStatus::Recreational => 1.0,
                    TrainingStatus::Trained => 1.3,
                    TrainingStatus::Elite => 1.6,
                };
                let sex = match self.athlete.sex {
                    crate::athlete::Sex::Male => 1.0,
                    crate::athlete::Sex::Female => 0.65,
                };
                let one_rm =
                    (one_rm_per_body_mass * self.athlete.body_mass_kg * status * sex).max(1.0);
                (kg / one_rm).clamp(0.02, 1.1)
            }
        }
    }

    fn apply_strength(&mut self, session: &StrengthSession, at: Hours) {
        let p = self.params.clone();
        let mut neural_dose = 0.0;
        let mut lactate_dose = 0.0;
        let mut minutes = 0.0;
        let mut hardest: f64 = 0.0;
        for exercise in &session.exercises {
            let intensity = self.relative_intensity(exercise);
            let fail = if exercise.to_failure { 1.3 } else { 1.0 };
            let reps = f64::from(exercise.sets) * f64::from(exercise.reps);
            let (contraction_damage, contraction_fatigue, eccentric) = match exercise.contraction {
                Contraction::Eccentric => (p.contraction_damage[1], 2.0, 1.0),
                Contraction::Normal => (
                    p.contraction_damage[0] * (0.6 + 0.8 * exercise.eccentric_bias),
                    1.0,
                    0.4,
                ),
                Contraction::Concentric => (p.contraction_damage[2], 0.8, 0.0),
                Contraction::Isometric => (p.contraction_damage[3], 1.2, 0.1),
            };
            let weight = damage_weight(intensity);
            let effective_reps = reps * weight * contraction_damage * fail;
            let fatigue_work = reps * intensity.sqrt() * contraction_fatigue * fail;
            for &(group, share) in &exercise.loading {
                let i = group.index();
                let susceptibility = p.susceptibility[i];
                let mut m = self.muscles.get(i);
                let cap = p.damage_cap
                    * susceptibility
                    * self.status_damage
                    * share
                    * (1.0 - m.protection);
                let saturation = 1.0 - (-effective_reps / p.damage_reps_scale).exp();
                let extended = p.damage_extended_share
                    * (1.0 - (-effective_reps / p.damage_extended_reps_scale).exp());
                let primary = cap * m.vulnerable * saturation * (1.0 + extended);
                m.vulnerable *= 1.0 - p.vulnerable_depletion * saturation * share;
                let new = primary * (1.0 - m.damage);
                m.damage += new;
                m.signal += new;
                m.latent_damage += new * p.secondary_share * weight;
                let shield = 1.0 - 0.5 * m.protection;
                let slow = p.slow_fatigue_cap
                    * susceptibility
                    * share
                    * shield
                    * (1.0 - (-fatigue_work / p.slow_fatigue_work_scale).exp());
                m.slow_fatigue = 1.0 - (1.0 - m.slow_fatigue) * (1.0 - slow);
                let fast = p.fast_fatigue_max
                    * susceptibility
                    * share
                    * (1.0 - (-fatigue_work / 60.0).exp());
                m.fast_fatigue = 1.0 - (1.0 - m.fast_fatigue) * (1.0 - fast);
                let sets = f64::from(exercise.sets) * share * (0.5 + intensity);
                m.glycogen_pct *= (1.0 - p.glycogen_use_per_set).powf(sets);
                let metabolic = reps * (0.3 + intensity) * share * 0.01;
                m.metabolites = 1.0 - (1.0 - m.metabolites) * (-metabolic).exp();
                let pump =
                    p.pump_max_pct * share * (1.0 - (-reps * (0.3 + intensity) / 30.0).exp());
                m.pump_pct = m.pump_pct.max(pump);
                m.exposure += reps * intensity * eccentric * share;
                let stimulus = 0.006 * f64::from(exercise.sets) * intensity.powi(2) * share * fail;
                m.stimulus += stimulus.min(0.06);
                m.recent_use = m.recent_use.max(share);
                self.muscles.set(i, &m);
                self.last_strength_h[i] = at;
            }
            let compound = if exercise.compound { 1.0 } else { 0.15 };
            // Ballistic reps add a load-independent dose (maximal intent and speed).
            let ballistic = if exercise.ballistic {
                p.neural_ballistic_per_rep
            } else {
                0.0
            };
            neural_dose += reps * (intensity.powi(2) + ballistic) * compound * fail;
            lactate_dose += reps * (0.3 + intensity) * compound * 0.03;
            minutes += f64::from(exercise.sets) * 2.5;
            hardest = hardest.max(if exercise.to_failure || intensity >= 1.0 {
                9.0
            } else {
                (5.0 + 10.0 * (intensity - 0.5)).clamp(3.0, 10.0)
            });
        }
        let sys = &mut self.systemic;
        let neural = p.neural_max * (1.0 - (-neural_dose / p.neural_strength_scale).exp());
        sys.neural_fatigue = 1.0 - (1.0 - sys.neural_fatigue) * (1.0 - neural);
        sys.lactate_pool = (sys.lactate_pool + lactate_dose).min(25.0);
        sys.water_balance_l -= 0.01 * minutes;
        let rpe = session.rpe.unwrap_or(hardest);
        // Session load in TRIMP-comparable units: session-RPE (CR-10 × min) / 3.
        let load = rpe * minutes / 3.0;
        sys.fitness += load / p.fitness_tau_days;
        sys.fatigue += load / p.fatigue_tau_days;
    }

    fn drive(&self) -> Drive {
        let p = &self.params;
        let mut d = Drive::rest();
        for &(_, index) in &self.running {
            let event = &self.events[index];
            match &event.kind {
                EventKind::Endurance(e) => {
                    let mut x = self.athlete.fraction_vo2max(e.effort);
                    // A near-maximal RPE over a short effort means supramaximal (all-out) work:
                    // 1 min all-out ≈ 150% of VO2max power, 5 min ≈ 110%.
                    if let EffortMeasure::Rpe(r) = e.effort {
                        let all_out = 0.8 * (-e.minutes / 2.5).exp();
                        x += all_out * ((r - 8.0) / 2.0).clamp(0.0, 1.0);
                    }
                    self.add_exercise(&mut d, x, &e.involvement.share, &e.involvement.eccentric);
                }
                EventKind::ActiveRecovery(a) => {
                    let x = self.athlete.fraction_vo2max(a.effort);
                    self.add_exercise(&mut d, x, &a.involvement.share, &a.involvement.eccentric);
                    d.parasympathetic_target = d.parasympathetic_target.max(0.1);
                }
                EventKind::Massage(t) => {
                    for g in &t.muscles {
                        let i = g.index();
                        d.signal_cut[i] += cut_rate(p.massage_signal_cut, 0.5);
                        d.secondary_cut[i] += cut_rate(p.massage_secondary_cut, 0.5);
                        d.tension_cut[i] += cut_rate(p.massage_tension_cut, 0.5);
                        d.analgesia_gain[i] += cut_rate(p.massage_analgesia, 0.5);
                        d.oedema_cut[i] += cut_rate(0.1, 0.5);
                        d.vascular_target[i] = d.vascular_target[i].max(0.8);
                    }
                    d.parasympathetic_target = d.parasympathetic_target.max(0.3);
                }
                EventKind::FoamRolling(t) => {
                    for g in &t.muscles {
                        let i = g.index();
                        d.analgesia_gain[i] += cut_rate(p.foam_analgesia, 1.0 / 3.0);
                        d.tension_cut[i] += cut_rate(p.foam_tension_cut, 1.0 / 3.0);
                        d.fatigue_cut[i] += cut_rate(p.foam_fatigue_cut, 1.0 / 3.0);
                        d.vascular_target[i] = d.vascular_target[i].max(0.5);
                    }
                }
                EventKind::Cold(c) => {
                    // Colder is stronger, to a limit; 12 °C scores 1 (Machado 2016's optimum).
                    let temp = c.temp_c.unwrap_or(match c.method {
                        crate::event::ColdMethod::Ice => 5.0,
                        crate::event::ColdMethod::ColdWaterImmersion => 12.0,
                        crate::event::ColdMethod::Cryotherapy => -110.0,
                    });
                    let strength = ((22.0 - temp) / 10.0).clamp(0.0, 1.3);
                    let reference = 0.2 / strength.max(0.05);
                    for g in &c.muscles {
                        let i = g.index();
                        d.inflammation_cut[i] += cut_rate(p.cold_inflammation_cut, reference);
                        d.signal_cut[i] += cut_rate(p.cold_signal_cut, reference);
                        d.analgesia_gain[i] += cut_rate(p.cold_analgesia, reference);
                        d.oedema_cut[i] += cut_rate(0.15, reference);
                        d.vascular_target[i] = d.vascular_target[i].min(-0.4);
                    }
                }
                EventKind::Heat(h) => {
                    for g in &h.muscles {
                        let i = g.index();
                        d.analgesia_gain[i] += cut_rate(p.heat_analgesia, 1.0 / 3.0);
                        d.tension_cut[i] += cut_rate(p.heat_tension_cut, 1.0 / 3.0);
                        d.vascular_target[i] = d.vascular_target[i].max(1.0);
                    }
                    if matches!(h.method, crate::event::HeatMethod::Sauna) {
                        d.sweat_l_per_h += 0.8;
                    }
                }
                EventKind::Compression { muscles, .. } => {
                    for g in muscles {
                        let i = g.index();
                        d.oedema_cut[i] += cut_rate(p.compression_cut, 12.0);
                        d.inflammation_cut[i] += cut_rate(p.compression_cut * 0.6, 12.0);
                    }
                }
                EventKind::Sleep { .. } => {
                    d.asleep = true;
                    d.parasympathetic_target = d.parasympathetic_target.max(0.1);
                }
                _ => {}
            }
        }
        for i in 0..MUSCLE_COUNT {
            d.touched[i] = [
                d.share[i],
                d.eccentric[i],
                d.signal_cut[i],
                d.secondary_cut[i],
                d.tension_cut[i],
                d.inflammation_cut[i],
                d.oedema_cut[i],
                d.fatigue_cut[i],
                d.analgesia_gain[i],
                d.vascular_target[i],
            ]
            .iter()
            .any(|&v| v != 0.0);
        }
        d
    }

    fn add_exercise(&self, d: &mut Drive, x: f64, share: &[f64], eccentric: &[f64]) {
        let p = &self.params;
        d.intensity = Some(d.intensity.unwrap_or(0.0).max(x));
        for i in 0..MUSCLE_COUNT {
            d.share[i] = (d.share[i] + share[i]).min(1.0);
            d.eccentric[i] += eccentric[i];
        }
        d.glycogen_sparing = match self.athlete.training_status {
            TrainingStatus::Trained => 0.85,
            TrainingStatus::Elite => 0.8,
            _ => 1.0,
        };
        d.sweat_l_per_h += 0.3 + (p.sweat_l_per_h_at_vo2max - 0.3) * x;
        let hrr = x.min(1.0);
        d.load_per_h += 60.0 * hrr * trimp_weight(self.athlete.sex, hrr);
    }

    // ---------------------------------------------------------------------------------
    // Integration
    // ---------------------------------------------------------------------------------

    /// Integrates the state over `h` hours with the events now under way.
    fn integrate(&mut self, h: f64) {
        if h <= 0.0 {
            return;
        }
        self.state_changes();
        if self.drive_stale {
            self.drive = self.drive();
            self.drive_stale = false;
        }
        if h != GRID_H && self.off_grid.as_ref().is_none_or(|f| f.h != h) {
            self.off_grid = Some(StepFactors::new(&self.params, h));
        }
        let factors = match &self.off_grid {
            Some(f) if h != GRID_H => f,
            _ => &self.grid,
        };
        let d = &self.drive;
        let p = &self.params;
        let athlete = &self.athlete;
        let sys0 = self.systemic;
        let x = d.intensity.unwrap_or(0.0);

        // Systemic inputs shared by all groups, frozen over the step.
        let absorbed_carbs = sys0.gut_carbs_g * factors.carbs_absorbed;
        let carb_availability = absorbed_carbs / h / athlete.body_mass_kg;
        let debt = self.sleep_debt(self.t);
        let nights_owed = (debt / p.sleep_need_h).min(1.5);
        let protein_adequacy = (sys0.protein_g_per_kg / p.protein_target_g_per_kg).min(1.0);
        let mut anabolic = (1.0 - p.anabolic_loss_per_night_owed * nights_owed)
            * (1.0 - p.protein_shortfall_slowing * (1.0 - protein_adequacy));
        if d.asleep {
            anabolic *= 1.0 + p.sleep_repair_boost;
        }
        let step = GroupStep {
            p,
            f: factors,
            exp_table: exp_table(),
            h,
            x,
            exercising: d.intensity.is_some(),
            anabolic,
            age_factor: 1.0
                - p.repair_age_slowing_per_year * (athlete.age_years - 30.0).clamp(0.0, 50.0),
            carb_synthesis: p.glycogen_synthesis_per_h * carb_availability
                / (carb_availability + p.glycogen_carb_half_g_per_kg_h),
            use_rate: p.glycogen_use_per_h * x * x * d.glycogen_sparing,
            metabolic_damage: 0.15 * x * x,
            eccentric_damage: 0.5 + 0.5 * x,
            endurance_fatigue: p.endurance_fatigue_rate * x * x,
            secondary_rate: 1.0 / p.secondary_tau_h,
            status_damage: self.status_damage,
        };
        let muscles = &mut self.muscles;
        // Every group takes the quiet update; the few an event touches then take the full
        // update from their state at the step start instead.
        // (A copy only when needed: most steps touch no group.)
        let start = if d.touched.contains(&true) {
            Some(*muscles)
        } else {
            None
        };
        step.quiet_all(muscles);
        if let Some(start) = start {
            for i in (0..MUSCLE_COUNT).filter(|&i| d.touched[i]) {
                let mut m = start.get(i);
                step.loaded(d, i, &mut m);
                muscles.set(i, &m);
            }
        }
        let mut systemic_inflammation = 0.0;
        for (w, inflammation) in MASS_SHARE.iter().zip(&muscles.inflammation) {
            systemic_inflammation += w * inflammation;
        }

        // Systemic.
        let sys = &mut self.systemic;
        // Lactate: produced in muscle above ~threshold, released into blood with a lag (so blood
        // lactate keeps rising for minutes after a sprint), cleared faster by light activity.
        let production = match d.intensity {
            Some(x) => {
                let above = (x - (self.lactate_threshold - 0.1)).max(0.0);
                (p.lactate_production * above.powf(p.lactate_production_exponent))
                    .min(p.lactate_production_max)
            }
            None => 0.0,
        };
        let boost = match d.intensity {
            Some(x) if x < self.lactate_threshold => {
                let z = (x - p.lactate_active_optimum) / p.lactate_active_width;
                p.lactate_active_boost * (-z * z).exp()
            }
            _ => 0.0,
        };
        // Working muscle oxidises lactate too, more the harder it works (above light work).
        let working = p.lactate_exercise_clearance
            * ((d.intensity.unwrap_or(0.0).min(1.0) - 0.6) / 0.4).max(0.0);
        let clearance = p.lactate_clearance_per_h * self.clearance_factor * (1.0 + boost + working);
        let release = 1.0 / p.lactate_release_tau_h;
        let pool0 = sys.lactate_pool;
        sys.lactate_pool =
            relax_by(pool0, production, release, h, factors.lactate_release).min(40.0);
        let released = (pool0 - sys.lactate_pool + production * h).max(0.0);
        let lactate0 = sys.lactate_mmol;
        sys.lactate_mmol =
            relax(sys.lactate_mmol, clearance + released / h, clearance, h).min(30.0);

        let neural_in = if d.intensity.is_some() {
            p.neural_endurance_rate * x * x
        } else {
            0.0
        };
        let neural_recovery = if d.asleep { 1.5 } else { 1.0 } / p.neural_tau_h;
        sys.neural_fatigue = relax(
            sys.neural_fatigue,
            neural_in * p.neural_endurance_max,
            neural_in + neural_recovery,
            h,
        );

        let form = sys.fitness - sys.fatigue;
        let sympathetic_target = p.autonomic_per_inflammation * systemic_inflammation
            + p.autonomic_per_sleep_debt_h * debt.min(12.0)
            + p.autonomic_per_form * (-form - 20.0).max(0.0)
            + 0.3 * sys.neural_fatigue;
        let lactate_area = p.autonomic_per_lactate_area * ((lactate0 - 1.2).max(0.0));
        sys.sympathetic = relax_by(
            sys.sympathetic,
            sympathetic_target / p.autonomic_tau_h + lactate_area,
            1.0 / p.autonomic_tau_h,
            h,
            factors.sympathetic,
        );
        sys.parasympathetic = relax_by(
            sys.parasympathetic,
            d.parasympathetic_target / 2.0,
            1.0 / 2.0,
            h,
            factors.parasympathetic,
        );

        // Water: absorption from the gut, sweat and basal losses, kidneys shed any excess.
        let absorbed_water = sys.gut_water_l * factors.water_absorbed;
        sys.gut_water_l -= absorbed_water;
        sys.water_balance_l += absorbed_water - (d.sweat_l_per_h + p.basal_water_loss_l_per_h) * h;
        if sys.water_balance_l > 0.0 {
            sys.water_balance_l *= factors.water_shed;
        }
        sys.water_balance_l = sys.water_balance_l.max(-0.25 * athlete.body_water_l());

        sys.gut_carbs_g -= absorbed_carbs;
        sys.protein_g_per_kg *= factors.protein;

        let fitness_decay = 1.0 / (p.fitness_tau_days * 24.0);
        let fatigue_decay = 1.0 / (p.fatigue_tau_days * 24.0);
        sys.fitness = relax_by(
            sys.fitness,
            d.load_per_h / p.fitness_tau_days,
            fitness_decay,
            h,
            factors.fitness,
        );
        sys.fatigue = relax_by(
            sys.fatigue,
            d.load_per_h / p.fatigue_tau_days,
            fatigue_decay,
            h,
            factors.fatigue,
        );

        // Main sleeps that end inside this step are closed by the caller's event loop; here
        // we close any that end exactly at the step end.
        let end = self.t + h;
        let mut closing = Vec::new();
        for &(stop, index) in &self.running {
            if stop <= end + 1e-9 {
                if let EventKind::Sleep { quality, .. } = self.events[index].kind {
                    closing.push((self.events[index].at, stop, quality));
                }
            }
        }
        for (start, stop, quality) in closing {
            self.end_sleep(start, stop, quality);
        }
    }

    // ---------------------------------------------------------------------------------
    // Reports
    // ---------------------------------------------------------------------------------

    /// Forgets the built `State` view before the state changes.
    #[inline]
    fn state_changes(&mut self) {
        if self.view.get().is_some() {
            self.view = std::sync::OnceLock::new();
        }
    }

    /// Sleep owed at `at`, h.
    fn sleep_debt(&self, at: Hours) -> f64 {
        let sys = &self.systemic;
        match sys.asleep_since_h {
            Some(_) => sys.debt_at_sleep_h,
            None => sleep_debt_awake(&self.params, sys, at),
        }
    }

    fn systemic_report(&self) -> SystemicReport {
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
    fn muscle_reports(&self, sys: &SystemicReport) -> [MuscleReport; MUSCLE_COUNT] {
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

/// Sorts events by time, ties in their given order (a stable sort). Events are large, so
/// their order is found on (time, index) pairs and each event is then moved once.
fn sort_by_time(events: &mut Vec<Event>) {
    if events.is_sorted_by(|a, b| a.at.total_cmp(&b.at).is_le()) {
        return;
    }
    let mut order: Vec<(Hours, usize)> = events.iter().map(|e| e.at).zip(0..).collect();
    order.sort_by(|a, b| a.0.total_cmp(&b.0));
    let mut slots: Vec<Option<Event>> = std::mem::take(events).into_iter().map(Some).collect();
    events.extend(order.iter().filter_map(|&(_, i)| slots[i].take()));
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
fn perfusion_of(
    p: &Params,
    hyperaemia: f64,
    metabolites: f64,
    inflammation: f64,
    vascular: f64,
    tension: f64,
) -> f64 {
    (1.0 + hyperaemia + 1.0 * metabolites + 0.4 * inflammation + vascular
        - p.ischaemic_loop_gain * tension)
        .max(0.3)
}

/// Sleep owed while awake: the debt at the last wake plus what extended wakefulness adds.
fn sleep_debt_awake(p: &Params, sys: &SystemicState, at: Hours) -> f64 {
    let need = p.sleep_need_h;
    let over = (at - sys.last_wake_h) - (24.0 - need);
    let extra = over.clamp(0.0, need) + (over - need).max(0.0) * need / 24.0;
    sys.sleep_debt_base_h + extra
}

#[cfg(test)]
mod tests {
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
                metabolic_damage: 0.15 * x_value * x_value,
                eccentric_damage: 0.5 + 0.5 * x_value,
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
