//! Cubic spline with not-a-knot ends: the spline `scipy.interpolate.interp1d(kind="cubic")` builds.

use crate::error::MetricsError;

/// An interpolating cubic spline through `(x, y)` with strictly increasing `x`.
#[derive(Debug, Clone)]
pub struct CubicSpline<'a> {
    x: &'a [f64],
    y: &'a [f64],
    /// Second derivatives at the knots.
    m: Vec<f64>,
}

impl<'a> CubicSpline<'a> {
    /// Builds the spline. Needs 4 knots (not-a-knot fixes the two end cubics to their neighbours).
    pub fn not_a_knot(x: &'a [f64], y: &'a [f64]) -> Result<Self, MetricsError> {
        let n = x.len();
        if n != y.len() {
            return Err(MetricsError::Invalid("x and y differ in length".into()));
        }
        if n < 4 {
            return Err(MetricsError::TooFew {
                metric: "cubic spline",
                have: n,
                need: 4,
            });
        }
        if x.windows(2).any(|w| w[1] <= w[0]) {
            return Err(MetricsError::Invalid(
                "spline knots must be strictly increasing".into(),
            ));
        }
        let h = |i: usize| x[i + 1] - x[i];
        let d = |i: usize| (y[i + 1] - y[i]) / h(i);
        // Unknowns M_1..M_{n-2}; M_0 and M_{n-1} follow from the not-a-knot conditions
        // (third derivative continuous at x_1 and x_{n-2}).
        let k = n - 2;
        let mut sub = vec![0.0; k];
        let mut diag = vec![0.0; k];
        let mut sup = vec![0.0; k];
        let mut rhs = vec![0.0; k];
        for j in 0..k {
            let i = j + 1;
            sub[j] = h(i - 1);
            diag[j] = 2.0 * (h(i - 1) + h(i));
            sup[j] = h(i);
            rhs[j] = 6.0 * (d(i) - d(i - 1));
        }
        let (h0, h1) = (h(0), h(1));
        let (hl, hp) = (h(n - 2), h(n - 3));
        if k == 2 {
            // n = 4: both conditions touch both unknowns; solve the 2×2 system directly.
            let a11 = h0 + h0 * h0 / h1 + 2.0 * (h0 + h1);
            let a12 = h1 - h0 * h0 / h1;
            let a21 = hp - hl * hl / hp;
            let a22 = 2.0 * (hp + hl) + hl + hl * hl / hp;
            let det = a11 * a22 - a12 * a21;
            let m1 = (rhs[0] * a22 - a12 * rhs[1]) / det;
            let m2 = (a11 * rhs[1] - a21 * rhs[0]) / det;
            diag.clear();
            let m = vec![
                m1 * (1.0 + h0 / h1) - h0 / h1 * m2,
                m1,
                m2,
                m2 * (1.0 + hl / hp) - hl / hp * m1,
            ];
            return Ok(Self { x, y, m });
        }
        diag[0] = h0 + h0 * h0 / h1 + 2.0 * (h0 + h1);
        sup[0] = h1 - h0 * h0 / h1;
        sub[k - 1] = hp - hl * hl / hp;
        diag[k - 1] = 2.0 * (hp + hl) + hl + hl * hl / hp;
        // Thomas algorithm.
        for j in 1..k {
            let w = sub[j] / diag[j - 1];
            diag[j] -= w * sup[j - 1];
            rhs[j] -= w * rhs[j - 1];
        }
        let mut inner = vec![0.0; k];
        inner[k - 1] = rhs[k - 1] / diag[k - 1];
        for j in (0..k - 1).rev() {
            inner[j] = (rhs[j] - sup[j] * inner[j + 1]) / diag[j];
        }
        let mut m = Vec::with_capacity(n);
        m.push(inner[0] * (1.0 + h0 / h1) - h0 / h1 * inner[1]);
        m.extend_from_slice(&inner);
        m.push(inner[k - 1] * (1.0 + hl / hp) - hl / hp * inner[k - 2]);
        Ok(Self { x, y, m })
    }

    /// Samples the spline at `x0, x0 + step, ...` strictly below `end` (numpy `arange` semantics).
    pub fn sample_uniform(&self, x0: f64, end: f64, step: f64) -> Vec<f64> {
        let count = ((end - x0) / step).ceil().max(0.0) as usize;
        let mut out = Vec::with_capacity(count);
        let last = self.x.len() - 2;
        let mut seg = 0usize;
        let mut poly = self.poly(0);
        for s in 0..count {
            let t = x0 + s as f64 * step;
            if seg < last && t > self.x[seg + 1] {
                while seg < last && t > self.x[seg + 1] {
                    seg += 1;
                }
                poly = self.poly(seg);
            }
            let u = t - self.x[seg];
            out.push(poly[0] + u * (poly[1] + u * (poly[2] + u * poly[3])));
        }
        out
    }

    /// Power-basis coefficients of segment `i` in u = t − x_i, so that each sample costs a
    /// Horner evaluation and no division.
    fn poly(&self, i: usize) -> [f64; 4] {
        let h = self.x[i + 1] - self.x[i];
        let (m0, m1) = (self.m[i], self.m[i + 1]);
        [
            self.y[i],
            (self.y[i + 1] - self.y[i]) / h - h * (2.0 * m0 + m1) / 6.0,
            m0 / 2.0,
            (m1 - m0) / (6.0 * h),
        ]
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn reproduces_a_cubic_exactly() {
        // Not-a-knot splines reproduce any cubic polynomial, whatever the knot spacing.
        let x = [0.0, 0.7, 1.5, 2.0, 3.1, 4.0, 5.2];
        let f = |t: f64| 2.0 - t + 0.5 * t * t - 0.1 * t * t * t;
        let y: Vec<f64> = x.iter().map(|&t| f(t)).collect();
        let s = CubicSpline::not_a_knot(&x, &y).unwrap();
        for (i, v) in s.sample_uniform(0.0, 5.2, 0.05).iter().enumerate() {
            let t = i as f64 * 0.05;
            assert!((v - f(t)).abs() < 1e-9, "at {t}: {v} vs {}", f(t));
        }
        let s4 = CubicSpline::not_a_knot(&x[..4], &y[..4]).unwrap();
        assert!((s4.sample_uniform(1.1, 1.2, 1.0)[0] - f(1.1)).abs() < 1e-9);
    }

    #[test]
    fn rejects_unsorted_knots() {
        let x = [0.0, 2.0, 1.0, 3.0];
        assert!(CubicSpline::not_a_knot(&x, &x).is_err());
    }
}
