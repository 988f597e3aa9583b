//! Every model parameter, with its default. Each field's doc names its evidence key, spelled
//! out with citations in `docs/evidence.md`; `docs/model.md` gives the equations they enter.
//! Times are hours, fractions are 0..=1.

use crate::athlete::TrainingStatus;
use crate::muscle::{MuscleGroup, MUSCLE_COUNT};

/// All model parameters. `Params::default()` is the calibrated model.
#[derive(Debug, Clone, PartialEq)]
pub struct Params {
    // ---- damage ------------------------------------------------------------------------
    /// Largest primary (immediate) damage a maximal eccentric bout gives an untrained, fully
    /// susceptible muscle. [EIMD-EF: Nosaka 2002, 2006]
    pub damage_cap: f64,
    /// Effective maximal eccentric repetitions that give 63% of the cap: the first few
    /// repetitions do most of the damage. [EIMD-EF]
    pub damage_reps_scale: f64,
    /// Extra damage of long protocols (beyond the first repetitions), as a share of the cap,
    /// and the repetitions that give 63% of it: 70 maximal actions damage more than 12
    /// (Newham 1987; Howell 1993 vs Nosaka 2002). [EIMD-SEVERE]
    pub damage_extended_share: f64,
    pub damage_extended_reps_scale: f64,
    /// Long eccentric locomotion (downhill walking and running) reaches more fibres than a
    /// single-joint lab bout: its cap is this multiple of the strength cap. [DAMAGE-ENDURANCE: PLoS One 2017]
    pub endurance_cap_factor: f64,
    /// Secondary damage as a share of primary after a maximal bout, developing over the first
    /// day; scales with relative intensity cubed. [EIMD-SECONDARY: Nosaka & Newton 2002; MacIntyre 1996]
    pub secondary_share: f64,
    /// Time constant of secondary damage, h. [EIMD-SECONDARY]
    pub secondary_tau_h: f64,
    /// Damage per repetition by contraction type, relative to eccentric. [EIMD-CONTRACTION]
    pub contraction_damage: [f64; 4],
    /// Repair rate of slight damage, 1/h; falls with damage as `exp(-D / repair_severity)`.
    /// [REPAIR: Nosaka 2002; Howell 1993; Newham 1987; Paulsen 2012]
    pub repair_rate_per_h: f64,
    /// Damage at which the repair rate has fallen to 1/e. [REPAIR]
    pub repair_severity: f64,
    /// Repair slowing per year of age above 30. Thin evidence: kept small. [AGE]
    pub repair_age_slowing_per_year: f64,
    /// Susceptibility of each group to damage (elbow flexors 1.0). [GROUP-SUSCEPTIBILITY: Saka 2009; Chen 2011]
    pub susceptibility: [f64; MUSCLE_COUNT],
    // ---- fatigue -----------------------------------------------------------------------
    /// Largest slow (low-frequency, excitation–contraction) fatigue of a fully susceptible group. [FATIGUE-LF: Nosaka 2002 light protocol]
    pub slow_fatigue_cap: f64,
    /// Work (repetitions × intensity × contraction factor) giving 63% of that cap. [FATIGUE-LF]
    pub slow_fatigue_work_scale: f64,
    /// Recovery time constant of slow fatigue, h. [FATIGUE-LF]
    pub slow_fatigue_tau_h: f64,
    /// Fast metabolic fatigue right after a session, and its recovery time constant, h. [FATIGUE-FAST: Carroll 2017; Froyd 2013]
    pub fast_fatigue_max: f64,
    pub fast_fatigue_tau_h: f64,
    /// Endurance slow-fatigue rate at VO2max, 1/h. [FATIGUE-ENDURANCE: Millet 2011]
    pub endurance_fatigue_rate: f64,
    /// Endurance damage rate, 1/h per unit of (0.15 × share + eccentric) at VO2max. [DAMAGE-ENDURANCE: van de Vyver 2012; Millet 2011; PLoS One 2017]
    pub endurance_damage_rate: f64,
    // ---- inflammation, soreness, swelling ---------------------------------------------
    /// Danger-signal clearance time constant, h. [INFLAMMATION: Paulsen 2012; Malm 2000]
    pub signal_tau_h: f64,
    /// Inflammation per unit of danger signal, and its time constant, h. [INFLAMMATION]
    pub inflammation_gain: f64,
    pub inflammation_tau_h: f64,
    /// Sensitisation time constant, h (sets the 24–72 h DOMS peak). [DOMS: Nosaka 2002; Tufano 2012]
    pub sensitisation_tau_h: f64,
    /// Soreness = 10 × (1 − e^(−gain × sensitisation)). [DOMS]
    pub soreness_gain: f64,
    /// Acute exertional pain per unit metabolite load, 0–10. [DOMS-ACUTE: Tufano 2012]
    pub acute_pain_per_metabolite: f64,
    /// Inflammatory swelling per unit inflammation (% girth) and its time constant, h. [SWELLING: Howell 1993]
    pub oedema_per_inflammation: f64,
    /// Swelling per unit of standing damage (% girth): keeps girth up for days (Howell 1993). [SWELLING]
    pub oedema_per_damage: f64,
    pub oedema_tau_h: f64,
    /// Acute swelling (fluid shift) after a maximal session, % girth, and its decay, h. [SWELLING]
    pub pump_max_pct: f64,
    pub pump_tau_h: f64,
    // ---- metabolites, perfusion, tension ----------------------------------------------
    /// Metabolite clearance at resting perfusion, 1/h. [METABOLITES: Beneke 2007]
    pub metabolite_clearance_per_h: f64,
    /// Post-exercise hyperaemia decay, h. [PERFUSION]
    pub hyperaemia_tau_h: f64,
    /// Tension target per unit damage, and its time constant, h. [TENSION: Howell 1993 stiffness]
    pub tension_per_damage: f64,
    pub tension_tau_h: f64,
    /// Gain of the ischaemic loop: tension lowers perfusion, low perfusion raises tension.
    /// No quantitative human data: weak and adjustable (0 switches it off). [ISCHAEMIC-LOOP: physiology.md §12]
    pub ischaemic_loop_gain: f64,
    // ---- glycogen ---------------------------------------------------------------------
    /// Glycogen use at VO2max by a prime mover, 1/h (proportional to the store). [GLYCOGEN-USE]
    pub glycogen_use_per_h: f64,
    /// Glycogen use per working set, fraction of the store. [GLYCOGEN-USE]
    pub glycogen_use_per_set: f64,
    /// Maximal synthesis rate constant with ample carbohydrate, 1/h, and the carbohydrate
    /// availability (g/kg/h) giving half of it. [GLYCOGEN-SYNTHESIS: Ivy 2004; Doyle 1993; Flynn 2020; Wallis 2008]
    pub glycogen_synthesis_per_h: f64,
    pub glycogen_carb_half_g_per_kg_h: f64,
    /// Synthesis without food (from lactate and the liver), 1/h. [GLYCOGEN-FASTED: Fournier 2004]
    pub glycogen_basal_per_h: f64,
    /// Store reached with ample carbohydrate, % (mild supercompensation). [GLYCOGEN-SYNTHESIS: Sherman 1992]
    pub glycogen_fed_ceiling_pct: f64,
    /// Synthesis slowing per unit damage. [GLYCOGEN-DAMAGE: Doyle 1993; O'Reilly 1987]
    pub glycogen_damage_slowing: f64,
    /// Gut carbohydrate absorption rate constant, 1/h. [GLYCOGEN-SYNTHESIS]
    pub carb_absorption_per_h: f64,
    // ---- lactate ----------------------------------------------------------------------
    /// Passive blood-lactate disappearance, 1/h (half-time ≈22 min). [LACTATE: Beneke 2007]
    pub lactate_clearance_per_h: f64,
    /// Peak extra clearance during light activity, its optimal intensity and width (fraction of VO2max). [LACTATE-ACTIVE: Belcastro & Bonen 1975; Dodd 1984; Menzies 2010]
    pub lactate_active_boost: f64,
    pub lactate_active_optimum: f64,
    pub lactate_active_width: f64,
    // ---- neural -----------------------------------------------------------------------
    /// Central-fatigue dose scale for strength work (sets × reps × intensity²). [NEURAL: Thomas 2018]
    pub neural_strength_scale: f64,
    /// Extra central-fatigue dose per ballistic repetition (jumps, throws, Olympic lifts), in
    /// the units of reps × intensity², added whatever the load. [NEURAL-BALLISTIC: Thomas 2018]
    pub neural_ballistic_per_rep: f64,
    /// Central-fatigue rate of endurance work at VO2max, 1/h, and the ceiling it approaches
    /// (central fatigue rises within hours and then levels off: a 65-km race loses more
    /// activation than a 166-km one). [NEURAL-ENDURANCE: Millet 2002, 2011; Millet 2012]
    pub neural_endurance_rate: f64,
    pub neural_endurance_max: f64,
    /// Ceiling of the strength impulse. [NEURAL: Thomas 2018]
    pub neural_max: f64,
    /// Recovery time constant of central fatigue, h. [NEURAL: Thomas 2018]
    pub neural_tau_h: f64,
    // ---- autonomic --------------------------------------------------------------------
    /// Sympathetic shift per mmol/L of lactate above rest (metaboreflex). [HRV: Seiler 2007; Stanley 2013]
    pub autonomic_per_lactate: f64,
    /// Slow sympathetic drive per mmol·h of lactate area, per unit systemic inflammation,
    /// per hour of sleep debt; its recovery time constant, h. [HRV]
    pub autonomic_per_lactate_area: f64,
    pub autonomic_per_inflammation: f64,
    pub autonomic_per_sleep_debt_h: f64,
    pub autonomic_per_form: f64,
    pub autonomic_tau_h: f64,
    // ---- sleep, nutrition, hydration --------------------------------------------------
    /// Share of the vulnerable fibre population used up by a saturating bout, and how fast it
    /// is restored, h: a second bout days later finds little left to damage. [RBE: Chen & Nosaka]
    pub vulnerable_depletion: f64,
    pub vulnerable_recovery_tau_h: f64,
    /// How long the severity of the worst recent damage keeps repair slow, h. Severe protocols
    /// recover over weeks (Howell 1993 half-time 5–6 weeks; Newham 1987 80% at 2 weeks). [REPAIR]
    pub severity_tau_h: f64,
    /// Muscle lactate production above the threshold: rate (mmol/L/h at 100% of the range)
    /// and exponent; release into blood time constant, h. [LACTATE: Menzies 2010; Devlin 2014; Beneke 2007]
    pub lactate_production: f64,
    pub lactate_production_exponent: f64,
    pub lactate_release_tau_h: f64,
    /// Production ceiling (all-out), mmol/L/h; extra clearance by working muscle per unit of
    /// intensity while exercising. [LACTATE: Devlin 2014 (11.5 mM after all-out work)]
    pub lactate_production_max: f64,
    pub lactate_exercise_clearance: f64,
    /// Sleep need, h/night. [SLEEP: Watson 2017]
    pub sleep_need_h: f64,
    /// Time constant over which owed sleep fades, h. Thin evidence: recovery from a week of
    /// restriction takes several nights (so debt must persist for days), but a chronic shortfall
    /// of half an hour cannot be owed for months. Adjustable. [SLEEP-DEBT]
    pub sleep_debt_tau_h: f64,
    /// Protein synthesis loss per night of sleep owed (Lamon 2021: −18% after one lost night). [SLEEP-HORMONES]
    pub anabolic_loss_per_night_owed: f64,
    /// Repair speed-up while asleep (slow-wave sleep, growth hormone). Thin evidence. [SLEEP-HORMONES: Van Cauter 1996]
    pub sleep_repair_boost: f64,
    /// Daily protein target, g/kg. [PROTEIN: Jäger 2017; Morton 2018]
    pub protein_target_g_per_kg: f64,
    /// Repair slowing with no protein at all (small, Morton 2018). [PROTEIN]
    pub protein_shortfall_slowing: f64,
    /// Basal water loss, L/h; sweat rate at rest-to-VO2max, L/h. [HYDRATION: Sawka 2007]
    pub basal_water_loss_l_per_h: f64,
    pub sweat_l_per_h_at_vo2max: f64,
    // ---- repeated bout, adaptation -----------------------------------------------------
    /// Largest protection against damage, eccentric exposure giving 63% of it, onset and
    /// decay time constants, h. [RBE: Nosaka 2005; Chen 2009; Chen & Nosaka; Bridgeman 2015]
    pub rbe_max: f64,
    pub rbe_exposure_scale: f64,
    pub rbe_onset_tau_h: f64,
    pub rbe_decay_tau_h: f64,
    /// Adaptation per unit training stimulus, its conversion and detraining time constants, h,
    /// and its ceiling. [ADAPTATION: domain.md §1.9; Meeusen 2013; Roberts 2015]
    pub adaptation_gain: f64,
    pub adaptation_convert_tau_h: f64,
    pub adaptation_decay_tau_h: f64,
    pub adaptation_max: f64,
    /// Blunting of adaptation by cold-water immersion soon after strength work. [CWI-BLUNT: Roberts 2015; Fyfe 2019]
    pub cold_blunting: f64,
    // ---- interventions -----------------------------------------------------------------
    /// Massage: share of inflammatory signal, pending secondary damage and tension removed by
    /// 30 min; analgesia added. [MASSAGE: Guo 2017; Dupuy 2018]
    pub massage_signal_cut: f64,
    pub massage_secondary_cut: f64,
    pub massage_tension_cut: f64,
    pub massage_analgesia: f64,
    /// Cold-water immersion at 10–15 °C for 10–15 min: inflammation and sensitisation cut,
    /// analgesia. No effect on damage or force. [COLD: Hohenauer 2015; Machado 2016; Moore 2022]
    pub cold_inflammation_cut: f64,
    pub cold_signal_cut: f64,
    pub cold_analgesia: f64,
    /// Foam rolling per 20 min: analgesia, tension cut, slow-fatigue cut. [FOAM-ROLLING: Wiewelhove 2019]
    pub foam_analgesia: f64,
    pub foam_tension_cut: f64,
    pub foam_fatigue_cut: f64,
    /// Heat: analgesia and tension cut per 20 min. [HEAT: network MA 2022 PMC8862647; Jackman 2023]
    pub heat_analgesia: f64,
    pub heat_tension_cut: f64,
    /// Compression: swelling and sensitisation cut while worn (per 12 h). [COMPRESSION: Hill 2014]
    pub compression_cut: f64,
    /// Dry needling: tension and metabolite cut; its own soreness per 10 insertions. [DRY-NEEDLING: Gattie 2017; Martín-Pintado-Zugasti 2016]
    pub needling_tension_cut: f64,
    pub needling_signal_per_10_insertions: f64,
    /// Analgesia decay time constant, h. [MASSAGE]
    pub analgesia_tau_h: f64,
    // ---- load model ---------------------------------------------------------------------
    /// Fitness and fatigue time constants, days (software defaults, not fitted). [BANISTER]
    pub fitness_tau_days: f64,
    pub fatigue_tau_days: f64,
}

impl Default for Params {
    fn default() -> Self {
        use MuscleGroup as M;
        let mut susceptibility = [0.6; MUSCLE_COUNT];
        for (m, s) in [
            (M::Biceps, 1.0),
            (M::Triceps, 0.9),
            (M::Forearms, 0.7),
            (M::Hamstrings, 0.75),
            (M::Quadriceps, 0.5),
            (M::Calves, 0.55),
            (M::Glutes, 0.5),
            (M::Adductors, 0.7),
            (M::Shoulders, 0.7),
            (M::Chest, 0.6),
            (M::Lats, 0.6),
            (M::MiddleBack, 0.55),
            (M::LowerBack, 0.55),
            (M::Traps, 0.55),
        ] {
            susceptibility[m.index()] = s;
        }
        Params {
            damage_cap: 0.25,
            damage_extended_share: 0.6,
            damage_extended_reps_scale: 40.0,
            endurance_cap_factor: 1.6,
            damage_reps_scale: 5.0,
            secondary_share: 0.7,
            secondary_tau_h: 12.0,
            contraction_damage: [0.25, 1.0, 0.06, 0.15],
            repair_rate_per_h: 0.036,
            repair_severity: 0.224,
            repair_age_slowing_per_year: 0.005,
            susceptibility,
            slow_fatigue_cap: 0.36,
            slow_fatigue_work_scale: 54.0,
            slow_fatigue_tau_h: 24.0,
            fast_fatigue_max: 0.1,
            fast_fatigue_tau_h: 0.1,
            endurance_fatigue_rate: 0.15,
            endurance_damage_rate: 1.5,
            signal_tau_h: 24.0,
            inflammation_gain: 1.5,
            inflammation_tau_h: 10.0,
            sensitisation_tau_h: 24.0,
            soreness_gain: 2.4,
            acute_pain_per_metabolite: 3.0,
            oedema_per_inflammation: 6.0,
            oedema_per_damage: 8.0,
            oedema_tau_h: 36.0,
            pump_max_pct: 3.0,
            pump_tau_h: 3.0,
            metabolite_clearance_per_h: 2.5,
            hyperaemia_tau_h: 0.25,
            tension_per_damage: 0.8,
            tension_tau_h: 6.0,
            ischaemic_loop_gain: 0.2,
            glycogen_use_per_h: 1.25,
            glycogen_use_per_set: 0.035,
            glycogen_synthesis_per_h: 0.16,
            glycogen_carb_half_g_per_kg_h: 0.5,
            glycogen_basal_per_h: 0.02,
            glycogen_fed_ceiling_pct: 108.0,
            glycogen_damage_slowing: 0.8,
            carb_absorption_per_h: 1.5,
            lactate_clearance_per_h: 1.89,
            lactate_active_boost: 0.9,
            lactate_active_optimum: 0.35,
            lactate_active_width: 0.22,
            neural_strength_scale: 300.0,
            neural_ballistic_per_rep: 0.5,
            neural_endurance_rate: 0.6,
            neural_endurance_max: 0.32,
            neural_max: 0.6,
            neural_tau_h: 30.0,
            autonomic_per_lactate: 0.08,
            autonomic_per_lactate_area: 0.04,
            autonomic_per_inflammation: 0.15,
            autonomic_per_sleep_debt_h: 0.02,
            autonomic_per_form: 0.003,
            autonomic_tau_h: 16.0,
            sleep_need_h: 8.0,
            sleep_debt_tau_h: 7.0 * 24.0,
            vulnerable_depletion: 0.95,
            vulnerable_recovery_tau_h: 168.0,
            severity_tau_h: 720.0,
            lactate_production: 2000.0,
            lactate_production_exponent: 3.5,
            lactate_production_max: 600.0,
            lactate_exercise_clearance: 3.0,
            lactate_release_tau_h: 2.0 / 60.0,
            anabolic_loss_per_night_owed: 0.18,
            sleep_repair_boost: 0.25,
            protein_target_g_per_kg: 1.6,
            protein_shortfall_slowing: 0.15,
            basal_water_loss_l_per_h: 0.06,
            sweat_l_per_h_at_vo2max: 1.4,
            rbe_max: 0.8,
            rbe_exposure_scale: 8.0,
            rbe_onset_tau_h: 24.0,
            rbe_decay_tau_h: 20.0 * 7.0 * 24.0,
            adaptation_gain: 1.0,
            adaptation_convert_tau_h: 72.0,
            adaptation_decay_tau_h: 30.0 * 24.0,
            adaptation_max: 0.3,
            cold_blunting: 0.5,
            massage_signal_cut: 0.3,
            massage_secondary_cut: 0.2,
            massage_tension_cut: 0.5,
            massage_analgesia: 0.15,
            cold_signal_cut: 0.3,
            cold_inflammation_cut: 0.2,
            cold_analgesia: 0.1,
            foam_analgesia: 0.08,
            foam_tension_cut: 0.25,
            foam_fatigue_cut: 0.1,
            heat_analgesia: 0.1,
            heat_tension_cut: 0.2,
            compression_cut: 0.25,
            needling_tension_cut: 0.5,
            needling_signal_per_10_insertions: 0.05,
            analgesia_tau_h: 24.0,
            fitness_tau_days: 42.0,
            fatigue_tau_days: 7.0,
        }
    }
}

impl Params {
    /// Scales the damage cap by training status: trained muscles damage far less (Newton 2008).
    pub fn status_damage_factor(status: TrainingStatus) -> f64 {
        match status {
            TrainingStatus::Untrained => 1.0,
            TrainingStatus::Recreational => 0.6,
            TrainingStatus::Trained => 0.25,
            TrainingStatus::Elite => 0.2,
        }
    }

    /// Lactate threshold as a fraction of VO2max by training status.
    pub fn lactate_threshold(status: TrainingStatus) -> f64 {
        match status {
            TrainingStatus::Untrained => 0.55,
            TrainingStatus::Recreational => 0.65,
            TrainingStatus::Trained => 0.75,
            TrainingStatus::Elite => 0.82,
        }
    }

    /// Clearance capacity by training status (trained athletes clear lactate faster).
    pub fn status_clearance_factor(status: TrainingStatus) -> f64 {
        match status {
            TrainingStatus::Untrained => 0.85,
            TrainingStatus::Recreational => 1.0,
            TrainingStatus::Trained => 1.15,
            TrainingStatus::Elite => 1.25,
        }
    }
}
