//! Frequency-domain HRV: Welch's periodogram of the NN series resampled at 4 Hz, as pyHRV's
//! `welch_psd` computes it (cubic not-a-knot interpolation, Hamming window, nfft 4096, band power
//! = Σ PSD·Δf over the closed band).

use realfft::RealFftPlanner;
use serde::Serialize;

use super::spline::CubicSpline;
use crate::error::{ensure_finite, MetricsError};

/// A closed frequency band `[lo_hz, hi_hz]`.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct Band {
    pub lo_hz: f64,
    pub hi_hz: f64,
}

/// How long each Welch segment is.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum SegmentLength {
    /// pyHRV's rule: `nfft` samples for recordings under 5 minutes (scipy then clips it to the
    /// series length), 300 samples (75 s at 4 Hz) otherwise.
    PyHrv,
    /// A fixed number of samples (clipped to the series length).
    Samples(usize),
}

/// Settings of [`frequency_domain`]; the default is pyHRV's.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FrequencyConfig {
    pub resample_hz: f64,
    pub nfft: usize,
    pub segment: SegmentLength,
    pub vlf: Band,
    pub lf: Band,
    pub hf: Band,
}

impl Default for FrequencyConfig {
    fn default() -> Self {
        Self {
            resample_hz: 4.0,
            nfft: 4096,
            segment: SegmentLength::PyHrv,
            vlf: Band {
                lo_hz: 0.0,
                hi_hz: 0.04,
            },
            lf: Band {
                lo_hz: 0.04,
                hi_hz: 0.15,
            },
            hf: Band {
                lo_hz: 0.15,
                hi_hz: 0.4,
            },
        }
    }
}

/// A one-sided power spectral density in ms²/Hz.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Psd {
    pub freq_hz: Vec<f64>,
    pub power_ms2_per_hz: Vec<f64>,
    /// Segment length actually used, in samples, and how many segments were averaged.
    pub segment_len: usize,
    pub n_segments: usize,
}

/// Power in one band.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct BandPower {
    pub power_ms2: f64,
    pub peak_hz: f64,
    /// Share of VLF + LF + HF.
    pub relative_pct: f64,
}

/// Frequency-domain metrics.
#[derive(Debug, Clone, Copy, PartialEq, Serialize)]
pub struct FrequencyDomain {
    pub vlf: BandPower,
    pub lf: BandPower,
    pub hf: BandPower,
    /// VLF + LF + HF (not the whole spectrum), as pyHRV.
    pub total_power_ms2: f64,
    pub lf_hf_ratio: f64,
    /// LF / (LF + HF) × 100.
    pub lf_nu: f64,
    pub hf_nu: f64,
    pub segment_len: usize,
    pub n_segments: usize,
}

/// Resamples an NN series at `fs_hz` on the beat-time axis (t₀ = 0 at the first beat), as pyHRV.
pub fn resample(nn_ms: &[f64], fs_hz: f64) -> Result<Vec<f64>, MetricsError> {
    ensure_finite(nn_ms, "nn_ms")?;
    if nn_ms.iter().any(|v| *v <= 0.0) {
        return Err(MetricsError::Invalid(
            "NN intervals must be positive".into(),
        ));
    }
    let mut t_ms = Vec::with_capacity(nn_ms.len());
    let mut acc = 0.0;
    for (i, v) in nn_ms.iter().enumerate() {
        if i > 0 {
            acc += v;
        }
        t_ms.push(acc);
    }
    let spline = CubicSpline::not_a_knot(&t_ms, nn_ms)?;
    Ok(spline.sample_uniform(0.0, acc, 1000.0 / fs_hz))
}

/// Welch's PSD of the resampled NN series: Hamming window, 50 % overlap, constant detrend per
/// segment, density scaling, the mean over segments (`scipy.signal.welch` defaults).
pub fn welch_psd(nn_ms: &[f64], config: &FrequencyConfig) -> Result<Psd, MetricsError> {
    let x = resample(nn_ms, config.resample_hz)?;
    let duration_ms: f64 = nn_ms[1..].iter().sum();
    let wanted = match config.segment {
        SegmentLength::PyHrv if duration_ms < 300_000.0 => config.nfft,
        SegmentLength::PyHrv => 300,
        SegmentLength::Samples(n) => n,
    };
    welch(&x, config.resample_hz, wanted.min(x.len()), config.nfft)
}

fn welch(x: &[f64], fs_hz: f64, nperseg: usize, nfft: usize) -> Result<Psd, MetricsError> {
    if nperseg < 8 {
        return Err(MetricsError::TooFew {
            metric: "Welch PSD (resampled samples)",
            have: nperseg,
            need: 8,
        });
    }
    if nfft < nperseg {
        return Err(MetricsError::Invalid(format!(
            "nfft {nfft} is shorter than the segment ({nperseg} samples)"
        )));
    }
    let window: Vec<f64> = (0..nperseg)
        // Periodic Hamming, as scipy's get_window("hamming", n).
        .map(|i| 0.54 - 0.46 * (2.0 * std::f64::consts::PI * i as f64 / nperseg as f64).cos())
        .collect();
    let noverlap = nperseg / 2;
    let step = nperseg - noverlap;
    let n_segments = (x.len() - noverlap) / step;
    let mut planner = RealFftPlanner::<f64>::new();
    let n_bins = nfft / 2 + 1;
    let mut power = vec![0.0; n_bins];
    // A zero-padded periodogram only depends on the segment's autocorrelation up to lag
    // nperseg−1, so short segments are transformed at the smallest power of two ≥ 2·nperseg−1
    // and the summed autocorrelation is transformed once at nfft. Same numbers, far fewer flops.
    let short_len = smooth_len(2 * nperseg - 1);
    let fft_len = if short_len < nfft { short_len } else { nfft };
    let fft = planner.plan_fft_forward(fft_len);
    let mut buf = fft.make_input_vec();
    let mut spec = fft.make_output_vec();
    let mut scratch = fft.make_scratch_vec();
    let mut acc = vec![0.0; fft_len / 2 + 1];
    for s in 0..n_segments {
        let seg = &x[s * step..s * step + nperseg];
        let mean = seg.iter().sum::<f64>() / nperseg as f64;
        for ((b, v), w) in buf.iter_mut().zip(seg).zip(&window) {
            *b = (v - mean) * w;
        }
        buf[nperseg..].fill(0.0);
        fft.process_with_scratch(&mut buf, &mut spec, &mut scratch)
            .map_err(|e| MetricsError::Invalid(e.to_string()))?;
        for (a, c) in acc.iter_mut().zip(&spec) {
            *a += c.norm_sqr();
        }
    }
    if fft_len == nfft {
        power.copy_from_slice(&acc);
    } else {
        let inv = planner.plan_fft_inverse(fft_len);
        let mut spec_in = inv.make_input_vec();
        for (c, a) in spec_in.iter_mut().zip(&acc) {
            *c = realfft::num_complex::Complex::new(*a, 0.0);
        }
        let mut autocorr = inv.make_output_vec();
        inv.process(&mut spec_in, &mut autocorr)
            .map_err(|e| MetricsError::Invalid(e.to_string()))?;
        let big = planner.plan_fft_forward(nfft);
        let mut sym = big.make_input_vec();
        let norm = 1.0 / fft_len as f64;
        sym[0] = autocorr[0] * norm;
        for lag in 1..nperseg {
            let r = autocorr[lag] * norm;
            sym[lag] = r;
            sym[nfft - lag] = r;
        }
        let mut out = big.make_output_vec();
        big.process(&mut sym, &mut out)
            .map_err(|e| MetricsError::Invalid(e.to_string()))?;
        for (p, c) in power.iter_mut().zip(&out) {
            *p = c.re;
        }
    }
    let win_sq: f64 = window.iter().map(|w| w * w).sum();
    let scale = 1.0 / (fs_hz * win_sq * n_segments as f64);
    let last = n_bins - 1;
    for (k, p) in power.iter_mut().enumerate() {
        let one_sided = if k == 0 || (k == last && nfft % 2 == 0) {
            1.0
        } else {
            2.0
        };
        *p *= scale * one_sided;
    }
    let freq_hz = (0..n_bins)
        .map(|k| k as f64 * fs_hz / nfft as f64)
        .collect();
    Ok(Psd {
        freq_hz,
        power_ms2_per_hz: power,
        segment_len: nperseg,
        n_segments,
    })
}

/// The smallest n' ≥ n whose prime factors are 2, 3 and 5 (fast mixed-radix FFT sizes).
fn smooth_len(n: usize) -> usize {
    (n..)
        .find(|&m| {
            let mut r = m;
            for p in [2, 3, 5] {
                while r % p == 0 {
                    r /= p;
                }
            }
            r == 1
        })
        .unwrap_or(n)
}

/// Band powers, peaks, LF/HF and normalised units from Welch's PSD (pyHRV's definitions).
pub fn frequency_domain(
    nn_ms: &[f64],
    config: &FrequencyConfig,
) -> Result<FrequencyDomain, MetricsError> {
    let psd = welch_psd(nn_ms, config)?;
    band_metrics(&psd, config)
}

/// Band metrics of a PSD whose frequencies are evenly spaced.
pub fn band_metrics(psd: &Psd, config: &FrequencyConfig) -> Result<FrequencyDomain, MetricsError> {
    let df = psd.freq_hz[1] - psd.freq_hz[0];
    let band = |b: Band, name: &str| -> Result<(f64, f64), MetricsError> {
        let mut sum = 0.0;
        let mut peak = (f64::NEG_INFINITY, f64::NAN);
        for (f, p) in psd.freq_hz.iter().zip(&psd.power_ms2_per_hz) {
            if b.lo_hz <= *f && *f <= b.hi_hz {
                sum += p;
                if *p > peak.0 {
                    peak = (*p, *f);
                }
            }
        }
        if peak.1.is_nan() {
            return Err(MetricsError::Invalid(format!(
                "the {name} band holds no frequency bin; raise nfft"
            )));
        }
        Ok((sum * df, peak.1))
    };
    let (vlf, vlf_peak) = band(config.vlf, "VLF")?;
    let (lf, lf_peak) = band(config.lf, "LF")?;
    let (hf, hf_peak) = band(config.hf, "HF")?;
    let total = vlf + lf + hf;
    if total <= 0.0 || hf <= 0.0 {
        return Err(MetricsError::NoData(
            "the NN series has no variability in the analysed bands".into(),
        ));
    }
    let bp = |p: f64, peak: f64| BandPower {
        power_ms2: p,
        peak_hz: peak,
        relative_pct: 100.0 * p / total,
    };
    Ok(FrequencyDomain {
        vlf: bp(vlf, vlf_peak),
        lf: bp(lf, lf_peak),
        hf: bp(hf, hf_peak),
        total_power_ms2: total,
        lf_hf_ratio: lf / hf,
        lf_nu: 100.0 * lf / (lf + hf),
        hf_nu: 100.0 * hf / (lf + hf),
        segment_len: psd.segment_len,
        n_segments: psd.n_segments,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Direct Welch (every segment padded to nfft) for checking the autocorrelation shortcut.
    fn direct(x: &[f64], nperseg: usize, nfft: usize) -> Vec<f64> {
        let mut p = vec![0.0; nfft / 2 + 1];
        let step = nperseg - nperseg / 2;
        let nseg = (x.len() - nperseg / 2) / step;
        let w: Vec<f64> = (0..nperseg)
            .map(|i| 0.54 - 0.46 * (2.0 * std::f64::consts::PI * i as f64 / nperseg as f64).cos())
            .collect();
        for s in 0..nseg {
            let seg = &x[s * step..s * step + nperseg];
            let m = seg.iter().sum::<f64>() / nperseg as f64;
            for (k, pk) in p.iter_mut().enumerate() {
                let (mut re, mut im) = (0.0, 0.0);
                for (n, v) in seg.iter().enumerate() {
                    let a = -2.0 * std::f64::consts::PI * (k * n) as f64 / nfft as f64;
                    re += (v - m) * w[n] * a.cos();
                    im += (v - m) * w[n] * a.sin();
                }
                *pk += re * re + im * im;
            }
        }
        p
    }

    #[test]
    fn autocorrelation_shortcut_equals_direct_periodogram() {
        let x: Vec<f64> = (0..200)
            .map(|i| {
                (i as f64 * 0.3).sin() * 40.0 + (i as f64 * 0.05).cos() * 15.0 + (i % 7) as f64
            })
            .collect();
        let fast = welch(&x, 4.0, 40, 256).unwrap();
        let slow = direct(&x, 40, 256);
        let scale = 1.0
            / (4.0
                * (0..40)
                    .map(|i| {
                        let w = 0.54 - 0.46 * (2.0 * std::f64::consts::PI * i as f64 / 40.0).cos();
                        w * w
                    })
                    .sum::<f64>()
                * fast.n_segments as f64);
        for (k, slow_k) in slow.iter().enumerate().take(128).skip(1) {
            let want = slow_k * scale * 2.0;
            assert!(
                (fast.power_ms2_per_hz[k] - want).abs() <= 1e-9 * want.abs().max(1.0),
                "bin {k}: {} vs {want}",
                fast.power_ms2_per_hz[k]
            );
        }
    }

    #[test]
    fn sine_at_hf_puts_power_in_hf() {
        // 1 Hz beats modulated at 0.25 Hz: all variability is respiratory (HF).
        let nn: Vec<f64> = (0..600)
            .map(|i| 1000.0 + 30.0 * (2.0 * std::f64::consts::PI * 0.25 * i as f64).sin())
            .collect();
        let fd = frequency_domain(&nn, &FrequencyConfig::default()).unwrap();
        assert!(fd.hf.relative_pct > 90.0, "{fd:?}");
        assert!((fd.hf.peak_hz - 0.25).abs() < 0.01, "{fd:?}");
    }
}
