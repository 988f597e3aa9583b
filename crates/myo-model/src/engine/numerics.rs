//! The exponential-Euler primitives: `e^(−y)` cheaply and deterministically, and the exact
//! solution of `x' = a − b·x` over a step.

use crate::muscle::MUSCLE_COUNT;

/// `e^(−y)` for `y ≥ 0`, cheaply: a Taylor polynomial for small arguments (error < 2e-9
/// relative), a linearly interpolated table up to 16 (error < 2e-6 relative), `exp` beyond.
/// Deterministic, so results stay reproducible; the integrator spends most of its time here.
#[inline]
pub(super) fn exp_neg(y: f64) -> f64 {
    exp_neg_with(exp_table(), y)
}

/// `exp_neg` with the table already fetched, for loops that call it many times.
#[inline(always)]
pub(super) fn exp_neg_with(table: &ExpTable, y: f64) -> f64 {
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
pub(super) fn exp_neg_taylor(y: f64) -> f64 {
    let y2 = y * y;
    1.0 - y + y2 * (0.5 - y / 6.0 + y2 * (1.0 / 24.0 - y / 120.0))
}

/// `exp_neg` of every element of `y` (each times `scale`), into `out`: the polynomial for all
/// elements in a loop that vectorises, then the other branches where they apply. Identical
/// to calling `exp_neg` on each; cheaper when most arguments are small, as rates times an
/// hour mostly are.
#[inline(always)]
pub(super) fn exp_neg_all(
    table: &ExpTable,
    y: &[f64; MUSCLE_COUNT],
    scale: f64,
) -> [f64; MUSCLE_COUNT] {
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
pub(super) fn one_minus_exp_neg_all(
    table: &ExpTable,
    y: &[f64; MUSCLE_COUNT],
) -> [f64; MUSCLE_COUNT] {
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
pub(super) fn one_minus_exp_neg(table: &ExpTable, y: f64) -> f64 {
    if y >= 38.0 {
        return 1.0;
    }
    1.0 - exp_neg_with(table, y)
}

const EXP_TABLE_STEPS: f64 = 256.0;
const EXP_TABLE_LEN: usize = 16 * 256 + 2;
pub(super) type ExpTable = [f64; EXP_TABLE_LEN];

pub(super) fn exp_table() -> &'static ExpTable {
    static TABLE: std::sync::OnceLock<ExpTable> = std::sync::OnceLock::new();
    TABLE.get_or_init(|| std::array::from_fn(|k| (-(k as f64) / EXP_TABLE_STEPS).exp()))
}

/// Solves `x' = a − b·x` over `h` exactly.
#[inline]
pub(super) fn relax(x: f64, a: f64, b: f64, h: f64) -> f64 {
    if b <= 1e-12 {
        return x + a * h;
    }
    let target = a / b;
    target + (x - target) * exp_neg(b * h)
}

/// Moves `x` toward `target` by the decay factor `f = e^(−b·h)` (exact for `x' = b(target − x)`).
#[inline]
pub(super) fn settle(x: f64, target: f64, f: f64) -> f64 {
    target + (x - target) * f
}

/// `relax` with the decay factor `e = e^(−b·h)` already computed (it is unused if `b` is 0).
#[inline(always)]
pub(super) fn relax_by(x: f64, a: f64, b: f64, h: f64, e: f64) -> f64 {
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
