//! One item's observation model inside one particle: a dynamic linear model with state
//! `[offset, gain, deviation]` and an unknown noise variance, updated in closed form (West &
//! Harrison 1997, §4.6: the Kalman filter with a conjugate inverse-gamma variance, so
//! predictions are Student t and an outlier moves the state less than under a known variance).
//! Given the particle's simulated signal, the report is linear in the state: this is the
//! Rao-Blackwellised part of the filter.

use serde::{Deserialize, Serialize};

use crate::items::ItemModel;

type Vec3 = [f64; 3];
type Mat3 = [[f64; 3]; 3];

/// Prior degrees of freedom of the noise variance: weak, a few reports' worth.
const PRIOR_DOF: f64 = 3.0;

/// The posterior of one item in one particle.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct Dlm {
    /// Mean of `[offset, gain, deviation]`.
    pub m: Vec3,
    /// Scale matrix (the covariance, given the current noise estimate).
    pub c: Mat3,
    /// Degrees of freedom and point estimate of the noise variance.
    pub n: f64,
    pub s: f64,
    /// Time of the last update, h.
    pub t: f64,
}

/// A one-step-ahead prediction: Student t with `dof`, centre `f` and scale² `q`.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Prediction {
    pub f: f64,
    pub q: f64,
    pub dof: f64,
}

impl Prediction {
    /// Log density of `y`, up to a term that depends only on `dof` (the same for every
    /// particle at one report, so it cancels in the weights).
    pub fn log_density(&self, y: f64) -> f64 {
        let e = y - self.f;
        -0.5 * self.q.ln() - 0.5 * (self.dof + 1.0) * (1.0 + e * e / (self.dof * self.q)).ln()
    }

    /// Variance of the prediction (of a Student t, or twice the scale while `dof` ≤ 2).
    pub fn variance(&self) -> f64 {
        if self.dof > 2.0 {
            self.q * self.dof / (self.dof - 2.0)
        } else {
            2.0 * self.q
        }
    }
}

impl Dlm {
    /// The population's prior at `t`, with the offset and gain centred on `offset`, `gain`.
    pub fn prior(model: &ItemModel, offset: f64, gain: f64, t: f64) -> Dlm {
        let mut c = [[0.0; 3]; 3];
        c[0][0] = model.offset_sd.powi(2);
        c[1][1] = model.gain_sd.powi(2);
        c[2][2] = model.deviation_sd.powi(2);
        Dlm {
            m: [offset, gain, 0.0],
            c,
            n: PRIOR_DOF,
            s: model.noise_sd.powi(2),
            t,
        }
    }

    /// The state's prior at `t`: the deviation decays toward 0 and its variance toward the
    /// stationary one; the offset drifts a little.
    fn evolve(&self, model: &ItemModel, t: f64) -> (Vec3, Mat3) {
        let dt = (t - self.t).max(0.0);
        let rho = (-dt / model.deviation_tau_h).exp();
        let g = [1.0, 1.0, rho];
        let mut a = self.m;
        a[2] *= rho;
        let mut r = [[0.0; 3]; 3];
        for i in 0..3 {
            for j in 0..3 {
                r[i][j] = g[i] * self.c[i][j] * g[j];
            }
        }
        // Evolution noise in the units of the current noise estimate (W = S · W*).
        let scale = self.s / model.noise_sd.powi(2);
        r[0][0] += scale * model.drift_sd_per_day.powi(2) * dt / 24.0;
        r[2][2] += scale * model.deviation_sd.powi(2) * (1.0 - rho * rho);
        (a, r)
    }

    /// The prediction of a report at `t` when the signal is `signal`.
    pub fn predict(&self, model: &ItemModel, t: f64, signal: f64) -> Prediction {
        let (a, r) = self.evolve(model, t);
        let f_vec = [1.0, signal, 1.0];
        let f = dot(&f_vec, &a);
        let rf = mat_vec(&r, &f_vec);
        let q = dot(&f_vec, &rf) + self.s;
        Prediction {
            f,
            q: q.max(1e-12),
            dof: self.n,
        }
    }

    /// Takes the report `y` at `t` (signal `signal`); returns the log density it had.
    pub fn update(&mut self, model: &ItemModel, t: f64, signal: f64, y: f64) -> f64 {
        let (a, r) = self.evolve(model, t);
        let f_vec = [1.0, signal, 1.0];
        let f = dot(&f_vec, &a);
        let rf = mat_vec(&r, &f_vec);
        let q = (dot(&f_vec, &rf) + self.s).max(1e-12);
        let prediction = Prediction { f, q, dof: self.n };
        let log_density = prediction.log_density(y);
        let e = y - f;
        let gain = rf.map(|x| x / q);
        let n1 = self.n + 1.0;
        let s1 = (self.s + self.s / n1 * (e * e / q - 1.0)).max(1e-9);
        let ratio = s1 / self.s;
        for i in 0..3 {
            self.m[i] = a[i] + gain[i] * e;
            for j in 0..3 {
                self.c[i][j] = ratio * (r[i][j] - gain[i] * gain[j] * q);
            }
        }
        // Keep the matrix symmetric against rounding.
        for i in 0..3 {
            for j in 0..i {
                let v = 0.5 * (self.c[i][j] + self.c[j][i]);
                self.c[i][j] = v;
                self.c[j][i] = v;
            }
        }
        self.n = n1;
        self.s = s1;
        self.t = t;
        log_density
    }
}

impl Dlm {
    /// Takes a report at the end of its scale (`bound`; `above`: at the ceiling, the latent
    /// report is at least `bound`, else at most): a censored (Tobit) observation, by moment
    /// matching (assumed-density filtering): the latent report's prior predictive truncated at
    /// the bound gives a mean and a variance, and the state takes them as a Kalman update
    /// does. The noise estimate is left as it is. Returns the log probability of the censored
    /// side, for the particle's weight.
    pub fn update_censored(
        &mut self,
        model: &ItemModel,
        t: f64,
        signal: f64,
        bound: f64,
        above: bool,
    ) -> f64 {
        let (a, r) = self.evolve(model, t);
        let f_vec = [1.0, signal, 1.0];
        let f = dot(&f_vec, &a);
        let rf = mat_vec(&r, &f_vec);
        let q = (dot(&f_vec, &rf) + self.s).max(1e-12);
        let sd = q.sqrt();
        let alpha = (bound - f) / sd;
        let pdf = (-0.5 * alpha * alpha).exp() / (2.0 * std::f64::consts::PI).sqrt();
        // The probability of the censored side, and the truncated normal's moments.
        let (tail, mean, var) = if above {
            let tail = (1.0 - crate::prior::normal_cdf(alpha)).max(1e-300);
            let lambda = pdf / tail;
            (
                tail,
                f + sd * lambda,
                q * (1.0 + alpha * lambda - lambda * lambda),
            )
        } else {
            let tail = crate::prior::normal_cdf(alpha).max(1e-300);
            let lambda = pdf / tail;
            (
                tail,
                f - sd * lambda,
                q * (1.0 - alpha * lambda - lambda * lambda),
            )
        };
        let var = var.clamp(0.0, q);
        let gain = rf.map(|x| x / q);
        for i in 0..3 {
            self.m[i] = a[i] + gain[i] * (mean - f);
            for j in 0..3 {
                self.c[i][j] = r[i][j] - gain[i] * gain[j] * (q - var);
            }
        }
        for i in 0..3 {
            for j in 0..i {
                let v = 0.5 * (self.c[i][j] + self.c[j][i]);
                self.c[i][j] = v;
                self.c[j][i] = v;
            }
        }
        self.t = t;
        tail.ln()
    }
}

fn dot(a: &Vec3, b: &Vec3) -> f64 {
    a[0] * b[0] + a[1] * b[1] + a[2] * b[2]
}

fn mat_vec(m: &Mat3, v: &Vec3) -> Vec3 {
    std::array::from_fn(|i| dot(&m[i], v))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::items::Item;

    #[test]
    fn a_report_moves_the_prediction_most_of_the_way_at_once() {
        let model = Item::Soreness(myo_model::MuscleGroup::Quadriceps).model(60.0);
        let mut d = Dlm::prior(&model, 0.0, 1.0, 0.0);
        let before = d.predict(&model, 10.0, 1.7);
        assert!((before.f - 1.7).abs() < 1e-9);
        d.update(&model, 10.0, 1.7, 6.0);
        let after = d.predict(&model, 10.0, 1.7);
        assert!(after.f > 4.5, "{after:?}");
        // The unexplained part fades: two days later, with the same signal, it is mostly gone,
        // but what looks like a personal offset or gain stays.
        let later = d.predict(&model, 58.0, 1.7);
        assert!(later.f < after.f && later.f > 1.7, "{later:?}");
    }

    #[test]
    fn a_report_at_the_ceiling_says_at_least_that_much() {
        let model = Item::Readiness.model(60.0);
        // The prediction is 8: a 10 pulls it up, to above 8 but not all the way.
        let mut d = Dlm::prior(&model, 0.0, 1.0, 0.0);
        let lp = d.update_censored(&model, 1.0, 8.0, 10.0, true);
        let after = d.predict(&model, 1.0, 8.0).f;
        assert!(after > 8.0 && lp < 0.0, "{after} {lp}");
        // Expected beyond the ceiling already: likelier, and it only moves the prediction up
        // (the part below the ceiling is ruled out).
        let mut e = Dlm::prior(&model, 0.0, 1.0, 0.0);
        let lp_beyond = e.update_censored(&model, 1.0, 13.0, 10.0, true);
        let moved = e.predict(&model, 1.0, 13.0).f - 13.0;
        assert!(moved >= 0.0 && lp_beyond > lp, "{moved} {lp_beyond} {lp}");
        // A report at the floor when more was expected pulls it down.
        let mut g = Dlm::prior(&model, 0.0, 1.0, 0.0);
        g.update_censored(&model, 1.0, 3.0, 0.0, false);
        assert!(g.predict(&model, 1.0, 3.0).f < 3.0);
    }

    #[test]
    fn repeated_reports_learn_offset_and_gain() {
        let model = Item::Readiness.model(60.0);
        let mut d = Dlm::prior(&model, 0.0, 1.0, 0.0);
        // The athlete reports 0.5 × signal + 1 every day (days apart: deviations independent).
        for k in 0..60 {
            let s = 5.0 + 4.0 * ((k as f64) * 0.7).sin();
            d.update(&model, 24.0 * k as f64, s, 1.0 + 0.5 * s);
        }
        assert!((d.m[1] - 0.5).abs() < 0.1, "{:?}", d.m);
        assert!((d.m[0] + d.m[2] - 1.0).abs() < 0.5, "{:?}", d.m);
        assert!(d.s < 0.2, "{}", d.s);
    }
}
