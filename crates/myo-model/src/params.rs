//! Every model parameter, with its default. Each field's doc names its evidence key, spelled
//! out with citations in `docs/evidence.md`; `docs/model.md` gives the equations they enter.
//! Times are hours, fractions are 0..=1.

use crate::athlete::TrainingStatus;
use crate::muscle::{MuscleGroup, MUSCLE_COUNT};

/// Share of body muscle mass per group (rough anatomical proportions), in `MuscleGroup` order.
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
    /// A normal repetition (lowering and lifting) damages `contraction_damage[0] × (base + gain ×
    /// eccentric_bias)`, the bias being the exercise's (0 concentric-led … 1 eccentric-led).
    /// [EIMD-CONTRACTION]
    pub normal_eccentric_bias_base: f64,
    pub normal_eccentric_bias_gain: f64,
    /// Damage weight of relative intensity I,
    /// `(max(I − threshold, 0) / (1 − threshold))^exponent`: low loads barely damage (Nosaka
    /// 2002's 9% protocol). It scales a strength bout's effective repetitions and its secondary
    /// damage. [EIMD-INTENSITY: Nosaka 2002; Nosaka & Newton 2002]
    pub damage_weight_threshold: f64,
    pub damage_weight_exponent: f64,
    /// Sets to failure count this many times for damage, slow and fast fatigue, central fatigue
    /// and stimulus. Judgement. [FAILURE: Morán-Navarro 2017]
    pub failure_factor: f64,
    /// A loaded set stopped short of failure counts `(reps done / reps possible)^exponent` for
    /// damage and slow fatigue: warm-ups and sets far from failure are nearly free, half the
    /// possible repetitions recover within a day. [EFFORT: Morán-Navarro 2017; González-Badillo 2016]
    pub effort_exponent: f64,
    /// Repair rate of slight damage, 1/h; falls with damage as `exp(-D / repair_severity)`.
    /// [REPAIR: Nosaka 2002; Howell 1993; Newham 1987; Paulsen 2012]
    pub repair_rate_per_h: f64,
    /// Damage at which the repair rate has fallen to 1/e. [REPAIR]
    pub repair_severity: f64,
    /// Treatment flow nudges repair by `clamp(1 + gain × vascular, 1 − limit, 1 + limit)`; flow
    /// from the damage itself does not. Judgement. [PERFUSION]
    pub repair_flow_gain: f64,
    pub repair_flow_limit: f64,
    /// Repair slowing per unit of tension, times `ischaemic_loop_gain`. [ISCHAEMIC-LOOP]
    pub ischaemic_repair_slowing: f64,
    /// Time constant of remodelling (repaired damage still being rebuilt), h; it only sets the
    /// reported phase. [REMODELLING]
    pub remodelling_tau_h: f64,
    /// Repair slowing per year of age above 30. Thin evidence: kept small. [AGE]
    pub repair_age_slowing_per_year: f64,
    /// Age from which repair slows, years, and the years over which it keeps slowing. [AGE]
    pub repair_age_from_years: f64,
    pub repair_age_span_years: f64,
    /// Susceptibility of each group to damage (elbow flexors 1.0). [GROUP-SUSCEPTIBILITY: Saka 2009; Chen 2011]
    pub susceptibility: [f64; MUSCLE_COUNT],
    // ---- fatigue -----------------------------------------------------------------------
    /// Largest slow (low-frequency, excitation–contraction) fatigue of a fully susceptible group. [FATIGUE-LF: Nosaka 2002 light protocol]
    pub slow_fatigue_cap: f64,
    /// Work (repetitions × intensity × contraction factor) giving 63% of that cap. [FATIGUE-LF]
    pub slow_fatigue_work_scale: f64,
    /// Recovery time constant of slow fatigue, h. [FATIGUE-LF]
    pub slow_fatigue_tau_h: f64,
    /// Fatigue work per repetition by contraction type [normal, eccentric, concentric,
    /// isometric], relative to a normal repetition. [FATIGUE-LF]
    pub contraction_fatigue: [f64; 4],
    /// Fast metabolic fatigue right after a session, and its recovery time constant, h. [FATIGUE-FAST: Carroll 2017; Froyd 2013]
    pub fast_fatigue_max: f64,
    pub fast_fatigue_tau_h: f64,
    /// Strength work giving 63% of `fast_fatigue_max`. [FATIGUE-FAST]
    pub fast_fatigue_work_scale: f64,
    /// Endurance slow-fatigue rate at VO2max, 1/h. [FATIGUE-ENDURANCE: Millet 2011]
    pub endurance_fatigue_rate: f64,
    /// Endurance damage rate, 1/h per unit of (0.15 × share + eccentric) at VO2max. [DAMAGE-ENDURANCE: van de Vyver 2012; Millet 2011; PLoS One 2017]
    pub endurance_damage_rate: f64,
    /// The two parts of endurance damage accrual, per unit of `endurance_damage_rate`:
    /// metabolic `metabolic × x² × share` and eccentric `(base + per_x × x) × eccentric load`.
    /// [DAMAGE-ENDURANCE]
    pub endurance_metabolic_damage: f64,
    pub endurance_eccentric_damage_base: f64,
    pub endurance_eccentric_damage_per_x: f64,
    // ---- team and racket sports --------------------------------------------------------
    /// High-intensity actions per minute of a competitive match, by sport in the order of
    /// `Sport::TEAM` (soccer, basketball, handball, rugby, hockey, volleyball, tennis, squash,
    /// badminton): sprints, hard decelerations and changes of direction (braking above about
    /// 2.5 m/s²), jumps, and contacts (tackles, collisions, duels, rucks). Rounded from
    /// time-motion analyses; the racket sports' decelerations count only the hard ones.
    /// [TEAM-ACTIONS: Di Salvo 2010; Harper 2019; Ben Abdelkrim 2007; Karcher & Buchheit 2014; McLellan 2011; Kovacs 2007]
    pub team_sprints_per_min: [f64; 9],
    pub team_decelerations_per_min: [f64; 9],
    pub team_jumps_per_min: [f64; 9],
    pub team_contacts_per_min: [f64; 9],
    /// Distance a match covers per minute as a share of a run's at the same heart rate (≈ 167
    /// m/min at 10 km/h): the share of level running's braking it has, by sport as above.
    /// [TEAM-RUNNING: Bradley 2009; McLellan 2010; Ben Abdelkrim 2007; Karcher & Buchheit 2014; Amatori 2020]
    pub team_running_share: [f64; 9],
    /// The action rates hold at a match's intensity (this fraction of VO2max) and scale as
    /// `(x / reference)^exponent`, at most `max_factor` times: an easy session has far fewer
    /// hard actions than a match. Judgement. [TEAM-INTENSITY]
    pub team_reference_intensity: f64,
    pub team_intensity_exponent: f64,
    pub team_intensity_max_factor: f64,
    /// Eccentric load per group of one action a minute while the match runs, damaging as
    /// braking does but building no repeated-bout exposure (in-season players damage about as
    /// much in each match): sprints load the hamstrings (late swing), decelerations the knee
    /// extensors, jumps the landing groups.
    /// [TEAM-ACTION-LOAD: Harper 2019; Nédélec 2014; Andersson 2008; Mohr 2016]
    pub sprint_eccentric: [f64; MUSCLE_COUNT],
    pub deceleration_eccentric: [f64; MUSCLE_COUNT],
    pub jump_eccentric: [f64; MUSCLE_COUNT],
    /// Blunt impact load per group of one contact a minute, and its damage weight (as braking's
    /// at x = 1; no repeated-bout exposure): collisions damage the groups that take them, with
    /// CK rising with the number of heavy collisions.
    /// [TEAM-CONTACT: McLellan 2011; Takarada 2003; Jones 2014]
    pub contact_impact: [f64; MUSCLE_COUNT],
    pub contact_damage: f64,
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
    /// Metabolic work (repetitions × (offset + I) × share) giving 63% of the strength pump.
    /// [SWELLING]
    pub pump_work_scale: f64,
    // ---- metabolites, perfusion, tension ----------------------------------------------
    /// Metabolite clearance at resting perfusion, 1/h. [METABOLITES: Beneke 2007]
    pub metabolite_clearance_per_h: f64,
    /// Metabolic work of a repetition, `offset + I` (also sets the pump and the lactate of
    /// strength work), and the metabolite load per unit of it (× share). [METABOLITES]
    pub metabolic_work_offset: f64,
    pub metabolite_per_work: f64,
    /// Metabolite production while exercising, 1/h at VO2max (× share × x²), and from
    /// sustained tension (× tension × clearance rate). [METABOLITES]
    pub metabolite_production_at_vo2max: f64,
    pub metabolite_per_tension: f64,
    /// Post-exercise hyperaemia decay, h. [PERFUSION]
    pub hyperaemia_tau_h: f64,
    /// Exercise hyperaemia at VO2max (× resting flow, × share × x). [PERFUSION]
    pub hyperaemia_at_vo2max: f64,
    /// Time constant of treatment flow (`vascular`) toward its target, h. [PERFUSION]
    pub vascular_tau_h: f64,
    /// Perfusion = max(min, 1 + hyperaemia + per_metabolites × metabolites + per_inflammation ×
    /// inflammation + vascular − ischaemic_loop_gain × tension). [PERFUSION]
    pub perfusion_per_metabolites: f64,
    pub perfusion_per_inflammation: f64,
    pub perfusion_min: f64,
    /// Tension target per unit damage, and its time constant, h. [TENSION: Howell 1993 stiffness]
    pub tension_per_damage: f64,
    pub tension_tau_h: f64,
    /// Tension target per unit of sensitisation (guarding of a sore muscle), and force lost per
    /// unit of tension. [TENSION]
    pub tension_per_sensitisation: f64,
    pub force_loss_per_tension: f64,
    /// Gain of the ischaemic loop: tension lowers perfusion, low perfusion raises tension.
    /// No quantitative human data: weak and adjustable (0 switches it off). [ISCHAEMIC-LOOP: physiology.md §12]
    pub ischaemic_loop_gain: f64,
    // ---- glycogen ---------------------------------------------------------------------
    /// Glycogen use at VO2max by a prime mover, 1/h (proportional to the store). [GLYCOGEN-USE]
    pub glycogen_use_per_h: f64,
    /// Glycogen use per working set, fraction of the store. [GLYCOGEN-USE]
    pub glycogen_use_per_set: f64,
    /// A set's glycogen use scales with `offset + I`. [GLYCOGEN-USE]
    pub glycogen_set_offset: f64,
    /// Glycogen use in endurance work relative to untrained, by training status (untrained,
    /// recreational, trained, elite): trained muscle burns more fat. [GLYCOGEN-USE]
    pub glycogen_sparing: [f64; 4],
    /// Maximal synthesis rate constant with ample carbohydrate, 1/h, the carbohydrate
    /// availability (g/kg/h) giving half of it and the steepness (Hill exponent) of the rise:
    /// rates keep rising to about 1.2 g/kg/h and then level off. [GLYCOGEN-SYNTHESIS: Ivy 2004; Jentjens & Jeukendrup 2003; van Loon 2000]
    pub glycogen_synthesis_per_h: f64,
    pub glycogen_carb_half_g_per_kg_h: f64,
    pub glycogen_carb_hill: f64,
    /// Absorbed protein counts as this much carbohydrate (g per g) for glycogen synthesis: it
    /// helps below the carbohydrate plateau, not on it. [GLYCOGEN-PROTEIN: van Loon 2000; Zawadzki 1992; Jentjens 2001]
    pub glycogen_protein_carb_equivalent: f64,
    /// Fed synthesis slowing per night of sleep owed (at most `anabolic_nights_owed_max`
    /// nights). [GLYCOGEN-SLEEP: Skein 2011]
    pub glycogen_sleep_loss_slowing: f64,
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
    /// Central-fatigue and lactate dose of an isolation exercise relative to a compound one.
    /// [NEURAL]
    pub isolation_systemic_share: f64,
    /// Central fatigue recovers this many times faster while asleep. [NEURAL]
    pub neural_sleep_recovery_factor: f64,
    /// Central-fatigue recovery slowing per night of sleep owed (at most
    /// `anabolic_nights_owed_max` nights). [NEURAL-SLEEP: Skein 2011; Temesi 2013]
    pub neural_sleep_debt_slowing: f64,
    /// Share of a strength session's central fatigue from its loads (not its ballistic
    /// repetitions) that recovers slowly, and that slow time constant, h. [NEURAL-SLOW: Thomas 2018]
    pub neural_slow_share: f64,
    pub neural_slow_tau_h: f64,
    /// Share of central fatigue a group feels: `base + per_use × recent_use`; recent use relaxes
    /// toward the running share with its time constant, h. [NEURAL]
    pub central_fatigue_base: f64,
    pub central_fatigue_per_use: f64,
    pub recent_use_tau_h: f64,
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
    /// Limits and thresholds of the slow sympathetic drive: sleep debt counted up to this many
    /// hours, form counted below minus this, the drive per unit of central fatigue, and the
    /// blood lactate (mmol/L) above which its area counts. [HRV]
    pub autonomic_sleep_debt_max_h: f64,
    pub autonomic_form_threshold: f64,
    pub autonomic_per_neural_fatigue: f64,
    pub autonomic_lactate_threshold_mmol: f64,
    /// Slow sympathetic drive per hour of exercise at fraction x of VO2max, × x²: night-time
    /// HRV falls with a session's duration as well as its intensity, a long easy run
    /// included. [HRV-DURATION]
    pub autonomic_per_exercise_h: f64,
    /// Parasympathetic boost: its time constant, h, and its targets during massage, sleep and
    /// active recovery. [HRV]
    pub parasympathetic_tau_h: f64,
    pub parasympathetic_massage: f64,
    pub parasympathetic_sleep: f64,
    pub parasympathetic_active_recovery: f64,
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
    /// Blood plus muscle-pool lactate, mmol/L, at which production stops: production falls as
    /// `1 − (accumulated / ceiling)²` (acidosis inhibits glycolysis), so 1–3 min all-out efforts
    /// peak near 10–16 mmol/L; integrated in sub-steps of at most this length, h.
    /// [LACTATE-CEILING: Beneke 2007; Devlin 2014; physiology.md §2]
    pub lactate_glycolysis_ceiling_mmol: f64,
    pub lactate_substep_h: f64,
    /// Resting blood lactate, mmol/L (clearance relaxes toward it). [LACTATE]
    pub lactate_rest_mmol: f64,
    /// Production starts this far below the lactate threshold (fraction of VO2max). [LACTATE]
    pub lactate_production_onset_below_threshold: f64,
    /// Working-muscle clearance rises from this intensity over this span (fractions of
    /// VO2max). [LACTATE]
    pub lactate_working_from: f64,
    pub lactate_working_span: f64,
    /// Range guards: blood lactate and the muscle pool, mmol/L. [LACTATE]
    pub lactate_max_mmol: f64,
    pub lactate_pool_max: f64,
    /// Strength work's lactate, mmol/L per unit of metabolic work of compound lifts, and the
    /// pool it can fill. [LACTATE]
    pub strength_lactate_per_work: f64,
    pub strength_lactate_pool_max: f64,
    /// Sleep need, h/night. [SLEEP: Watson 2017]
    pub sleep_need_h: f64,
    /// Shortest sleep that starts a new day, h (shorter ones are naps). [SLEEP]
    pub main_sleep_min_h: f64,
    /// Sleep counted per hour in bed for reported quality q (1–5): `base + per_point × q`.
    /// [SLEEP]
    pub sleep_quality_base: f64,
    pub sleep_quality_per_point: f64,
    /// Time constant over which owed sleep fades, h. Thin evidence: recovery from a week of
    /// restriction takes several nights (so debt must persist for days), but a chronic shortfall
    /// of half an hour cannot be owed for months. Adjustable. [SLEEP-DEBT]
    pub sleep_debt_tau_h: f64,
    /// Largest sleep debt carried from night to night, h (a range guard). [SLEEP-DEBT]
    pub sleep_debt_max_h: f64,
    /// Protein synthesis loss per night of sleep owed (Lamon 2021: −18% after one lost night). [SLEEP-HORMONES]
    pub anabolic_loss_per_night_owed: f64,
    /// Nights owed counted at most. [SLEEP-HORMONES]
    pub anabolic_nights_owed_max: f64,
    /// Repair speed-up while asleep (slow-wave sleep, growth hormone). Thin evidence. [SLEEP-HORMONES: Van Cauter 1996]
    pub sleep_repair_boost: f64,
    /// Daily protein target, g/kg. [PROTEIN: Jäger 2017; Morton 2018]
    pub protein_target_g_per_kg: f64,
    /// Repair slowing with no protein at all (small, Morton 2018). [PROTEIN]
    pub protein_shortfall_slowing: f64,
    /// Basal water loss, L/h; sweat rate at rest-to-VO2max, L/h. [HYDRATION: Sawka 2007]
    pub basal_water_loss_l_per_h: f64,
    pub sweat_l_per_h_at_vo2max: f64,
    /// Sweat rate of the lightest exercise, L/h (rising linearly to the rate at VO2max), in a
    /// sauna, L/h, and per minute of strength work, L. [HYDRATION]
    pub sweat_l_per_h_base: f64,
    pub sauna_sweat_l_per_h: f64,
    pub strength_water_l_per_min: f64,
    /// Water in food, L per g of carbohydrate and protein. [HYDRATION]
    pub food_water_l_per_g: f64,
    /// Gut water absorption and kidney shedding of excess water, 1/h. [HYDRATION]
    pub water_absorption_per_h: f64,
    pub water_excess_shed_per_h: f64,
    /// Largest water deficit, share of body water (a range guard). [HYDRATION]
    pub dehydration_floor_share: f64,
    // ---- repeated bout, adaptation -----------------------------------------------------
    /// Largest protection against damage, eccentric exposure giving 63% of it, onset and
    /// decay time constants, h. [RBE: Nosaka 2005; Chen 2009; Chen & Nosaka; Bridgeman 2015]
    pub rbe_max: f64,
    pub rbe_exposure_scale: f64,
    pub rbe_onset_tau_h: f64,
    pub rbe_decay_tau_h: f64,
    /// Eccentric exposure per hour of eccentric endurance load at VO2max, and the eccentric
    /// share of a repetition by contraction type [normal, eccentric, concentric, isometric]. [RBE]
    pub rbe_exposure_per_eccentric_h: f64,
    pub contraction_eccentric: [f64; 4],
    /// Share of the protection that also shields against slow fatigue. [RBE]
    pub rbe_fatigue_protection: f64,
    /// Adaptation per unit training stimulus, its conversion and detraining time constants, h,
    /// and its ceiling. [ADAPTATION: domain.md §1.9; Meeusen 2013; Roberts 2015]
    pub adaptation_gain: f64,
    pub adaptation_convert_tau_h: f64,
    pub adaptation_decay_tau_h: f64,
    pub adaptation_max: f64,
    /// Stimulus per set (× sets × I² × share × failure factor) and per exercise at most; the
    /// damage plus slow fatigue below which stimulus converts. [ADAPTATION]
    pub adaptation_stimulus_per_set: f64,
    pub adaptation_stimulus_max: f64,
    pub adaptation_recovered_at: f64,
    /// Blunting of adaptation by cold-water immersion soon after strength work. [CWI-BLUNT: Roberts 2015; Fyfe 2019]
    pub cold_blunting: f64,
    /// Cold this soon after the group's strength work blunts adaptation, h; blunting fades with
    /// this time constant, h. [CWI-BLUNT]
    pub cold_blunting_window_h: f64,
    pub cold_blunting_tau_h: f64,
    // ---- interventions -----------------------------------------------------------------
    /// Massage: share of inflammatory signal, pending secondary damage and tension removed by
    /// 30 min; analgesia added. [MASSAGE: Guo 2017; Dupuy 2018]
    pub massage_signal_cut: f64,
    pub massage_secondary_cut: f64,
    pub massage_tension_cut: f64,
    pub massage_analgesia: f64,
    /// Massage: swelling removed per reference time, treatment flow target, and the reference
    /// time of every massage cut, h. [MASSAGE]
    pub massage_oedema_cut: f64,
    pub massage_flow: f64,
    pub massage_reference_h: f64,
    /// Cold-water immersion at 10–15 °C for 10–15 min: inflammation and sensitisation cut,
    /// analgesia. [COLD: Hohenauer 2015; Machado 2016; Moore 2022]
    pub cold_inflammation_cut: f64,
    pub cold_signal_cut: f64,
    pub cold_analgesia: f64,
    /// Cold temperatures when none is given, °C: ice, cold-water immersion, cryotherapy. [COLD]
    pub ice_temp_c: f64,
    pub cold_water_temp_c: f64,
    pub cryotherapy_temp_c: f64,
    /// Cold strength `clamp((neutral − T) / span, 0, max)` (12 °C scores 1); the reference time
    /// of a strength-1 dose, h. [COLD]
    pub cold_neutral_temp_c: f64,
    pub cold_temp_span_c: f64,
    pub cold_strength_max: f64,
    pub cold_reference_h: f64,
    /// Swelling removed per reference dose and the treatment flow target (less flow). [COLD]
    pub cold_oedema_cut: f64,
    pub cold_flow: f64,
    /// Pending secondary (inflammation-borne) damage removed per reference dose of cold: a small
    /// force benefit at 24-96 h. [COLD-FORCE: Poppendieck 2013; Moore 2022; Leeder 2012]
    pub cold_secondary_cut: f64,
    /// Foam rolling per 20 min: analgesia, tension cut, slow-fatigue cut. [FOAM-ROLLING: Wiewelhove 2019]
    pub foam_analgesia: f64,
    pub foam_tension_cut: f64,
    pub foam_fatigue_cut: f64,
    /// Foam rolling's treatment flow target and reference time, h. [FOAM-ROLLING]
    pub foam_flow: f64,
    pub foam_reference_h: f64,
    /// Heat: analgesia and tension cut per 20 min. [HEAT: network MA 2022 PMC8862647; Jackman 2023]
    pub heat_analgesia: f64,
    pub heat_tension_cut: f64,
    /// Heat's treatment flow target and reference time, h. [HEAT]
    pub heat_flow: f64,
    pub heat_reference_h: f64,
    /// Compression: swelling and sensitisation cut while worn (per 12 h). [COMPRESSION: Hill 2014]
    pub compression_cut: f64,
    /// Share of the swelling cut that compression applies to inflammation and sensitisation;
    /// its reference time, h. [COMPRESSION]
    pub compression_inflammation_share: f64,
    pub compression_reference_h: f64,
    /// Pending secondary damage removed per reference time of compression: a small force
    /// benefit at 24-96 h. [COMPRESSION-FORCE: Brown 2017; Marqués-Jiménez 2016; Hill 2014; 2022 MA PMC9388468]
    pub compression_secondary_cut: f64,
    /// Dry needling: tension and metabolite cut; its own soreness per 10 insertions. [DRY-NEEDLING: Gattie 2017; Martín-Pintado-Zugasti 2016]
    pub needling_tension_cut: f64,
    pub needling_signal_per_10_insertions: f64,
    /// Dry needling: metabolites removed, treatment flow added (it fades), and the factor on its
    /// own soreness in women. [DRY-NEEDLING]
    pub needling_metabolite_cut: f64,
    pub needling_flow: f64,
    pub needling_female_factor: f64,
    /// Analgesia decay time constant, h. [MASSAGE]
    pub analgesia_tau_h: f64,
    // ---- load model ---------------------------------------------------------------------
    /// Fitness and fatigue time constants, days (software defaults, not fitted). [BANISTER]
    pub fitness_tau_days: f64,
    pub fatigue_tau_days: f64,
    /// A strength session's load: minutes per set, and the session RPE when none is given
    /// (failure or I ≥ 1 gives `rpe_at_failure`, otherwise `rpe_at_reference +
    /// rpe_per_intensity × (I − rpe_reference_intensity)`, at least `rpe_min`); load = RPE ×
    /// minutes / `session_rpe_per_load` (CR-10 × min to TRIMP-like units). [SESSION-LOAD: Foster 1998]
    pub strength_minutes_per_set: f64,
    pub rpe_at_failure: f64,
    pub rpe_reference_intensity: f64,
    pub rpe_at_reference: f64,
    pub rpe_per_intensity: f64,
    pub rpe_min: f64,
    pub session_rpe_per_load: f64,
    // ---- intensity of the work ---------------------------------------------------------
    /// Epley's repetitions: 1RM = w × (1 + reps / epley_reps). [ONE-RM: Epley]
    pub epley_reps: f64,
    /// 1RM from the catalogue's estimate per body mass: × status factor (untrained,
    /// recreational, trained, elite), × the women's factor. Judgement. [ONE-RM]
    pub one_rm_status_factor: [f64; 4],
    pub one_rm_female_factor: f64,
    /// Highest relative intensity of a lift, fraction of 1RM. [ONE-RM]
    pub max_relative_intensity: f64,
    /// A near-maximal RPE over a short run means supramaximal work: x += boost ×
    /// e^(−minutes / minutes_scale) × clamp((RPE − rpe_from) / rpe_span, 0, 1). [ALL-OUT]
    pub all_out_boost: f64,
    pub all_out_minutes_scale: f64,
    pub all_out_rpe_from: f64,
    pub all_out_rpe_span: f64,
    // ---- reports ------------------------------------------------------------------------
    /// Whole-body readiness factors: central fatigue, autonomic balance below 0, sleep debt (up
    /// to a limit, h), dehydration below a level (%), body glycogen below a level (%),
    /// inflammation, and negative form relative to fitness plus an offset. Product conventions,
    /// judgement. [READINESS]
    pub readiness_per_neural_fatigue: f64,
    pub readiness_per_autonomic: f64,
    pub readiness_per_sleep_debt_h: f64,
    pub readiness_sleep_debt_max_h: f64,
    pub readiness_per_dehydration_pct: f64,
    pub readiness_hydration_from_pct: f64,
    pub readiness_body_glycogen_weight: f64,
    pub readiness_body_glycogen_from_pct: f64,
    pub readiness_per_inflammation: f64,
    pub readiness_form_weight: f64,
    pub readiness_form_fitness_offset: f64,
    /// Group readiness factors: force lost (readiness 0 at this loss, %), soreness, glycogen
    /// below a level (%). Product conventions, judgement. [READINESS]
    pub readiness_force_loss_span_pct: f64,
    pub readiness_per_soreness: f64,
    pub readiness_muscle_glycogen_weight: f64,
    pub readiness_muscle_glycogen_from_pct: f64,
    /// Phase thresholds: quiet below these damage (with pending damage) and inflammation;
    /// remodelling from this remodelling; inflammation from this inflammation or pending damage;
    /// repair from this damage. Judgement. [PHASES]
    pub phase_quiet_damage: f64,
    pub phase_quiet_inflammation: f64,
    pub phase_remodelling_from: f64,
    pub phase_inflammation_from: f64,
    pub phase_latent_from: f64,
    pub phase_repair_damage_from: f64,
    /// Share of body muscle mass per group, for whole-body sums (rough anatomical proportions).
    /// [MASS-SHARE]
    pub mass_share: [f64; MUSCLE_COUNT],
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
            normal_eccentric_bias_base: 0.6,
            normal_eccentric_bias_gain: 0.8,
            damage_weight_threshold: 0.05,
            damage_weight_exponent: 1.6,
            failure_factor: 1.8,
            effort_exponent: 2.0,
            repair_rate_per_h: 0.036,
            repair_severity: 0.224,
            repair_flow_gain: 0.1,
            repair_flow_limit: 0.1,
            ischaemic_repair_slowing: 0.3,
            remodelling_tau_h: 240.0,
            repair_age_slowing_per_year: 0.005,
            repair_age_from_years: 30.0,
            repair_age_span_years: 50.0,
            susceptibility,
            slow_fatigue_cap: 0.36,
            slow_fatigue_work_scale: 54.0,
            slow_fatigue_tau_h: 24.0,
            contraction_fatigue: [1.0, 2.0, 0.8, 1.2],
            fast_fatigue_max: 0.1,
            fast_fatigue_tau_h: 0.1,
            fast_fatigue_work_scale: 60.0,
            endurance_fatigue_rate: 0.15,
            endurance_damage_rate: 1.5,
            endurance_metabolic_damage: 0.15,
            endurance_eccentric_damage_base: 0.5,
            endurance_eccentric_damage_per_x: 0.5,
            // soccer, basketball, handball, rugby, hockey, volleyball, tennis, squash, badminton
            team_sprints_per_min: [0.35, 0.5, 0.3, 0.25, 0.4, 0.05, 0.1, 0.1, 0.05],
            team_decelerations_per_min: [0.7, 1.2, 0.9, 0.5, 0.8, 0.5, 0.35, 0.6, 0.5],
            team_jumps_per_min: [0.15, 0.9, 0.3, 0.05, 0.0, 1.0, 0.1, 0.05, 0.4],
            team_contacts_per_min: [0.1, 0.2, 0.4, 0.4, 0.2, 0.0, 0.0, 0.0, 0.0],
            team_running_share: [0.7, 0.5, 0.4, 0.45, 0.6, 0.1, 0.1, 0.2, 0.15],
            team_reference_intensity: 0.8,
            team_intensity_exponent: 2.0,
            team_intensity_max_factor: 1.5,
            sprint_eccentric: per_group(&[
                (M::Hamstrings, 0.5),
                (M::Calves, 0.15),
                (M::Glutes, 0.1),
            ]),
            deceleration_eccentric: per_group(&[
                (M::Quadriceps, 0.5),
                (M::Glutes, 0.15),
                (M::Adductors, 0.15),
                (M::Calves, 0.1),
            ]),
            jump_eccentric: per_group(&[
                (M::Quadriceps, 0.25),
                (M::Calves, 0.3),
                (M::Glutes, 0.15),
            ]),
            contact_impact: per_group(&[
                (M::Shoulders, 1.0),
                (M::Chest, 0.8),
                (M::Neck, 0.8),
                (M::Traps, 0.8),
                (M::Quadriceps, 0.8),
                (M::Lats, 0.3),
                (M::Abdominals, 0.3),
                (M::Glutes, 0.3),
                (M::MiddleBack, 0.3),
                (M::Biceps, 0.2),
                (M::Triceps, 0.2),
            ]),
            contact_damage: 1.0,
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
            pump_work_scale: 30.0,
            metabolite_clearance_per_h: 2.5,
            metabolic_work_offset: 0.3,
            metabolite_per_work: 0.01,
            metabolite_production_at_vo2max: 4.0,
            metabolite_per_tension: 0.15,
            hyperaemia_tau_h: 0.25,
            hyperaemia_at_vo2max: 6.0,
            vascular_tau_h: 0.75,
            perfusion_per_metabolites: 1.0,
            perfusion_per_inflammation: 0.4,
            perfusion_min: 0.3,
            tension_per_damage: 0.8,
            tension_tau_h: 6.0,
            tension_per_sensitisation: 0.3,
            force_loss_per_tension: 0.08,
            ischaemic_loop_gain: 0.2,
            glycogen_use_per_h: 1.25,
            glycogen_use_per_set: 0.035,
            glycogen_set_offset: 0.5,
            glycogen_sparing: [1.0, 1.0, 0.85, 0.8],
            glycogen_synthesis_per_h: 0.2,
            glycogen_carb_half_g_per_kg_h: 0.8,
            glycogen_carb_hill: 2.5,
            glycogen_protein_carb_equivalent: 0.8,
            glycogen_sleep_loss_slowing: 0.4,
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
            isolation_systemic_share: 0.15,
            neural_sleep_recovery_factor: 1.5,
            neural_sleep_debt_slowing: 0.3,
            neural_slow_share: 0.4,
            neural_slow_tau_h: 60.0,
            central_fatigue_base: 0.3,
            central_fatigue_per_use: 0.7,
            recent_use_tau_h: 24.0,
            autonomic_per_lactate: 0.08,
            autonomic_per_lactate_area: 0.04,
            autonomic_per_inflammation: 0.15,
            autonomic_per_sleep_debt_h: 0.02,
            autonomic_per_form: 0.003,
            autonomic_tau_h: 16.0,
            autonomic_sleep_debt_max_h: 12.0,
            autonomic_form_threshold: 20.0,
            autonomic_per_neural_fatigue: 0.3,
            autonomic_lactate_threshold_mmol: 1.2,
            autonomic_per_exercise_h: 0.12,
            parasympathetic_tau_h: 2.0,
            parasympathetic_massage: 0.3,
            parasympathetic_sleep: 0.1,
            parasympathetic_active_recovery: 0.1,
            sleep_need_h: 8.0,
            main_sleep_min_h: 3.0,
            sleep_quality_base: 0.8,
            sleep_quality_per_point: 0.05,
            sleep_debt_tau_h: 7.0 * 24.0,
            sleep_debt_max_h: 48.0,
            vulnerable_depletion: 0.95,
            vulnerable_recovery_tau_h: 168.0,
            severity_tau_h: 720.0,
            lactate_production: 2000.0,
            lactate_production_exponent: 3.5,
            lactate_production_max: 600.0,
            lactate_glycolysis_ceiling_mmol: 18.0,
            lactate_substep_h: 1.0 / 60.0,
            lactate_exercise_clearance: 3.0,
            lactate_rest_mmol: 1.0,
            lactate_production_onset_below_threshold: 0.1,
            lactate_working_from: 0.6,
            lactate_working_span: 0.4,
            lactate_max_mmol: 30.0,
            lactate_pool_max: 40.0,
            strength_lactate_per_work: 0.03,
            strength_lactate_pool_max: 25.0,
            lactate_release_tau_h: 2.0 / 60.0,
            anabolic_loss_per_night_owed: 0.18,
            anabolic_nights_owed_max: 1.5,
            sleep_repair_boost: 0.25,
            protein_target_g_per_kg: 1.6,
            protein_shortfall_slowing: 0.15,
            basal_water_loss_l_per_h: 0.06,
            sweat_l_per_h_at_vo2max: 1.4,
            sweat_l_per_h_base: 0.3,
            sauna_sweat_l_per_h: 0.8,
            strength_water_l_per_min: 0.01,
            food_water_l_per_g: 0.0015,
            water_absorption_per_h: 3.0,
            water_excess_shed_per_h: 0.7,
            dehydration_floor_share: 0.25,
            rbe_max: 0.8,
            rbe_exposure_scale: 8.0,
            rbe_onset_tau_h: 24.0,
            rbe_decay_tau_h: 20.0 * 7.0 * 24.0,
            rbe_exposure_per_eccentric_h: 30.0,
            contraction_eccentric: [0.4, 1.0, 0.0, 0.1],
            rbe_fatigue_protection: 0.5,
            adaptation_gain: 1.0,
            adaptation_convert_tau_h: 72.0,
            adaptation_decay_tau_h: 30.0 * 24.0,
            adaptation_max: 0.3,
            adaptation_stimulus_per_set: 0.006,
            adaptation_stimulus_max: 0.06,
            adaptation_recovered_at: 0.15,
            cold_blunting: 0.5,
            cold_blunting_window_h: 4.0,
            cold_blunting_tau_h: 48.0,
            massage_signal_cut: 0.3,
            massage_secondary_cut: 0.2,
            massage_tension_cut: 0.5,
            massage_analgesia: 0.15,
            massage_oedema_cut: 0.1,
            massage_flow: 0.8,
            massage_reference_h: 0.5,
            cold_signal_cut: 0.3,
            cold_inflammation_cut: 0.2,
            cold_analgesia: 0.1,
            ice_temp_c: 5.0,
            cold_water_temp_c: 12.0,
            cryotherapy_temp_c: -110.0,
            cold_neutral_temp_c: 22.0,
            cold_temp_span_c: 10.0,
            cold_strength_max: 1.3,
            cold_reference_h: 0.2,
            cold_oedema_cut: 0.15,
            cold_flow: -0.4,
            cold_secondary_cut: 0.15,
            foam_analgesia: 0.08,
            foam_tension_cut: 0.25,
            foam_fatigue_cut: 0.1,
            foam_flow: 0.5,
            foam_reference_h: 1.0 / 3.0,
            heat_analgesia: 0.1,
            heat_tension_cut: 0.2,
            heat_flow: 1.0,
            heat_reference_h: 1.0 / 3.0,
            compression_cut: 0.25,
            compression_inflammation_share: 0.6,
            compression_reference_h: 12.0,
            compression_secondary_cut: 0.4,
            needling_tension_cut: 0.5,
            needling_signal_per_10_insertions: 0.05,
            needling_metabolite_cut: 0.4,
            needling_flow: 0.5,
            needling_female_factor: 1.3,
            analgesia_tau_h: 24.0,
            fitness_tau_days: 42.0,
            fatigue_tau_days: 7.0,
            strength_minutes_per_set: 2.5,
            rpe_at_failure: 9.0,
            rpe_reference_intensity: 0.5,
            rpe_at_reference: 5.0,
            rpe_per_intensity: 10.0,
            rpe_min: 3.0,
            session_rpe_per_load: 3.0,
            epley_reps: 30.0,
            one_rm_status_factor: [0.7, 1.0, 1.3, 1.6],
            one_rm_female_factor: 0.65,
            max_relative_intensity: 1.1,
            all_out_boost: 0.8,
            all_out_minutes_scale: 2.5,
            all_out_rpe_from: 8.0,
            all_out_rpe_span: 2.0,
            readiness_per_neural_fatigue: 1.2,
            readiness_per_autonomic: 0.5,
            readiness_per_sleep_debt_h: 0.025,
            readiness_sleep_debt_max_h: 16.0,
            readiness_per_dehydration_pct: 0.05,
            readiness_hydration_from_pct: 99.0,
            readiness_body_glycogen_weight: 0.5,
            readiness_body_glycogen_from_pct: 50.0,
            readiness_per_inflammation: 0.5,
            readiness_form_weight: 0.25,
            readiness_form_fitness_offset: 60.0,
            readiness_force_loss_span_pct: 40.0,
            readiness_per_soreness: 0.04,
            readiness_muscle_glycogen_weight: 0.5,
            readiness_muscle_glycogen_from_pct: 60.0,
            phase_quiet_damage: 0.01,
            phase_quiet_inflammation: 0.02,
            phase_remodelling_from: 0.0005,
            phase_inflammation_from: 0.1,
            phase_latent_from: 0.01,
            phase_repair_damage_from: 0.02,
            mass_share: MASS_SHARE,
        }
    }
}

/// A value per group from (group, value) pairs, 0 for the others.
fn per_group(values: &[(MuscleGroup, f64)]) -> [f64; MUSCLE_COUNT] {
    let mut out = [0.0; MUSCLE_COUNT];
    for &(m, v) in values {
        out[m.index()] = v;
    }
    out
}

impl Params {
    /// The entry of a table by training status: untrained, recreational, trained, elite.
    pub(crate) fn by_status(table: &[f64; 4], status: TrainingStatus) -> f64 {
        match status {
            TrainingStatus::Untrained => table[0],
            TrainingStatus::Recreational => table[1],
            TrainingStatus::Trained => table[2],
            TrainingStatus::Elite => table[3],
        }
    }

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
