//! The athlete: the profile fields of the scenario spec, already validated.

use crate::sport::named_enum;

named_enum!(
    /// Biological sex, which sets Banister TRIMP weighting, body water and strength estimates.
    Sex {
        Female => "female",
        Male => "male",
    }
);

named_enum!(
    /// Training status: how accustomed the muscles are to hard and eccentric work.
    TrainingStatus {
        Untrained => "untrained",
        Recreational => "recreational",
        Trained => "trained",
        Elite => "elite",
    }
);

named_enum!(
    /// Conditions that call for planning recovery with a qualified professional (domain.md §5).
    Condition {
        Pregnancy => "pregnancy",
        Cardiovascular => "cardiovascular",
        Diabetes => "diabetes",
        Anemia => "anemia",
        ClottingDisorder => "clotting_disorder",
        Anticoagulants => "anticoagulants",
        BloodPressureMedication => "blood_pressure_medication",
        Smoker => "smoker",
        RecentSurgery => "recent_surgery",
    }
);

/// A validated athlete profile.
#[derive(Debug, Clone, PartialEq)]
pub struct Athlete {
    pub sex: Sex,
    pub age_years: f64,
    pub body_mass_kg: f64,
    pub training_status: TrainingStatus,
    /// Maximal heart rate, beats/min; defaults to Tanaka's 208 − 0.7 × age.
    pub max_hr: f64,
    /// Resting heart rate, beats/min, when known.
    pub resting_hr: Option<f64>,
    pub conditions: Vec<Condition>,
}

impl Athlete {
    /// Tanaka, Monahan & Seals 2001: HRmax = 208 − 0.7 × age.
    pub fn tanaka_max_hr(age_years: f64) -> f64 {
        208.0 - 0.7 * age_years
    }

    /// Resting heart rate, or a status-typical value when none was given.
    pub fn resting_hr_or_typical(&self) -> f64 {
        self.resting_hr.unwrap_or(match self.training_status {
            TrainingStatus::Untrained => 70.0,
            TrainingStatus::Recreational => 62.0,
            TrainingStatus::Trained => 55.0,
            TrainingStatus::Elite => 48.0,
        })
    }

    /// Total body water in litres (≈60% of mass in men, ≈50% in women).
    pub fn body_water_l(&self) -> f64 {
        let share = match self.sex {
            Sex::Male => 0.6,
            Sex::Female => 0.5,
        };
        share * self.body_mass_kg
    }

    /// Fraction of VO2max for an effort measure (the model's and the advisor's one conversion).
    pub fn fraction_vo2max(&self, effort: crate::event::EffortMeasure) -> f64 {
        use crate::event::EffortMeasure;
        let x = match effort {
            EffortMeasure::PctVo2max(p) => p / 100.0,
            // %HRR tracks %VO2 reserve (Swain & Leutholtz 1997).
            EffortMeasure::AvgHr(hr) => self.hr_reserve_fraction(hr),
            EffortMeasure::PctMaxHr(p) => self.hr_reserve_fraction(p / 100.0 * self.max_hr),
            // CR-10 to intensity: 3 ≈ 55%, 5 ≈ 68%, 7 ≈ 80%, 9 ≈ 94%, 10 = 100%.
            EffortMeasure::Rpe(r) => (35.0 + 6.5 * r) / 100.0,
            // Functional threshold power sits near 80% of VO2max power.
            EffortMeasure::PowerW { power_w, ftp_w } => 0.8 * power_w / ftp_w.max(1.0),
        };
        x.clamp(0.05, 1.5)
    }

    /// Heart-rate reserve fraction for a heart rate (Karvonen), clamped to 0..=1.1.
    pub fn hr_reserve_fraction(&self, hr: f64) -> f64 {
        let rest = self.resting_hr_or_typical();
        ((hr - rest) / (self.max_hr - rest).max(1.0)).clamp(0.0, 1.1)
    }
}
