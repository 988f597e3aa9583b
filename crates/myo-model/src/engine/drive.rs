//! What the running events do over a step (`Drive`): recomputed only when the set of running
//! events changes, since it does not depend on the state.

use super::Simulation;
use crate::event::EventKind;
use crate::muscle::MUSCLE_COUNT;

/// What running events do to the state during one step, per group and systemic.
#[derive(Clone)]
pub(super) struct Drive {
    /// Highest exercise intensity (fraction of VO2max) under way, if any.
    pub(super) intensity: Option<f64>,
    pub(super) share: [f64; MUSCLE_COUNT],
    pub(super) eccentric: [f64; MUSCLE_COUNT],
    /// Damage accrual weight of a team sport's sprints, decelerations, jumps and collisions
    /// (per unit of `endurance_damage_rate`): damage without repeated-bout exposure.
    pub(super) match_damage: [f64; MUSCLE_COUNT],
    pub(super) glycogen_sparing: f64,
    pub(super) sweat_l_per_h: f64,
    pub(super) load_per_h: f64,
    pub(super) signal_cut: [f64; MUSCLE_COUNT],
    pub(super) secondary_cut: [f64; MUSCLE_COUNT],
    pub(super) tension_cut: [f64; MUSCLE_COUNT],
    pub(super) inflammation_cut: [f64; MUSCLE_COUNT],
    pub(super) oedema_cut: [f64; MUSCLE_COUNT],
    pub(super) fatigue_cut: [f64; MUSCLE_COUNT],
    pub(super) analgesia_gain: [f64; MUSCLE_COUNT],
    pub(super) vascular_target: [f64; MUSCLE_COUNT],
    pub(super) parasympathetic_target: f64,
    pub(super) asleep: bool,
    /// Whether any of the per-group drives above is non-zero for the group (it then takes the
    /// full update; the others take the shorter, equivalent quiet update).
    pub(super) touched: [bool; MUSCLE_COUNT],
}

impl Drive {
    pub(super) fn rest() -> Drive {
        Drive {
            intensity: None,
            share: [0.0; MUSCLE_COUNT],
            eccentric: [0.0; MUSCLE_COUNT],
            match_damage: [0.0; MUSCLE_COUNT],
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

impl Simulation {
    /// The drive of the events now under way, each added in the order it was applied.
    pub(super) fn drive(&self) -> Drive {
        let p = &self.params;
        let mut d = Drive::rest();
        for &(_, index) in &self.running {
            let event = &self.events[index];
            match &event.kind {
                EventKind::Endurance(e) => self.endurance(&mut d, e),
                EventKind::ActiveRecovery(a) => self.active_recovery(&mut d, a),
                EventKind::Massage(t) => super::treatments::massage(&mut d, p, &t.muscles),
                EventKind::FoamRolling(t) => super::treatments::foam_rolling(&mut d, p, &t.muscles),
                EventKind::Cold(c) => super::treatments::cold(&mut d, p, c),
                EventKind::Heat(h) => super::treatments::heat(&mut d, p, h),
                EventKind::Compression { muscles, .. } => {
                    super::treatments::compression(&mut d, p, muscles)
                }
                EventKind::Sleep { .. } => super::sleep::asleep(&mut d, p),
                _ => {}
            }
        }
        for i in 0..MUSCLE_COUNT {
            d.touched[i] = [
                d.share[i],
                d.eccentric[i],
                d.match_damage[i],
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
}
