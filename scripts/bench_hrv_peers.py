"""Peer timings and value agreement for scripts/bench-hrv-peers.sh.

synth FILE                      write a 24-hour RR series (ms, one a line)
compare FILE MYO_JSON REPEATS   time the peers on FILE, compare with myo's JSON, print markdown
"""
import json
import platform
import sys
import time
import warnings
from importlib.metadata import version

import numpy as np

warnings.filterwarnings("ignore")


def synth(path):
    # Circadian swing, respiratory (0.25 Hz) and Mayer-wave (0.1 Hz) modulation, white noise.
    rng = np.random.default_rng(20240601)
    out, t = [], 0.0
    while t < 86_400.0:
        rr = (860.0 + 120.0 * np.cos(2 * np.pi * t / 86_400.0)
              + 35.0 * np.sin(2 * np.pi * 0.25 * t) + 25.0 * np.sin(2 * np.pi * 0.1 * t)
              + rng.normal(0.0, 15.0))
        out.append(round(rr, 3))
        t += rr / 1000.0
    with open(path, "w") as f:
        f.write("\n".join(f"{v:.3f}" for v in out) + "\n")


def best(repeats, fn):
    """Best wall-clock time of `repeats` calls, in seconds, and the last result."""
    best_s, res = float("inf"), None
    for _ in range(repeats):
        t0 = time.perf_counter()
        res = fn()
        best_s = min(best_s, time.perf_counter() - t0)
    return best_s, res


def compare(path, myo_json, repeats):
    import hrvanalysis
    import neurokit2 as nk
    import pyhrv.frequency_domain as pfd
    import pyhrv.nonlinear as pnl
    import pyhrv.time_domain as ptd
    import matplotlib.pyplot as plt

    nn = np.loadtxt(path)
    myo = json.load(open(myo_json))
    peaks = np.concatenate([[0], np.cumsum(np.rint(nn).astype(int))])  # 1 kHz sample indices
    rows, values = [], {}

    # --- time domain ---
    def pyhrv_time():
        r = {}
        for f in (ptd.nni_parameters, ptd.nni_differences_parameters, ptd.hr_parameters,
                  ptd.sdnn, ptd.rmssd, ptd.sdsd, ptd.nn50, ptd.nn20):
            r.update(dict(f(nni=nn)))
        return r
    t, r = best(repeats, pyhrv_time)
    rows.append(("time domain", "pyHRV " + version("pyhrv"), t))
    values["pyhrv"] = r
    t, r = best(repeats, lambda: hrvanalysis.get_time_domain_features(nn))
    rows.append(("time domain", "hrv-analysis " + version("hrv-analysis"), t))
    values["hrvanalysis"] = r
    t, r = best(repeats, lambda: nk.hrv_time(peaks, sampling_rate=1000))
    rows.append(("time domain", "neurokit2 " + version("neurokit2"), t))
    values["neurokit2"] = r
    rows.append(("time domain", "myo", myo["time_s"]))

    # --- frequency domain (pyHRV's Welch is the convention myo follows) ---
    def pyhrv_welch():
        r = pfd.welch_psd(nni=nn, show=False)
        plt.close("all")  # welch_psd always draws a figure
        return r
    t, r = best(max(1, repeats // 2), pyhrv_welch)
    rows.append(("frequency domain (Welch)", "pyHRV", t))
    values["pyhrv_welch"] = r
    t, r = best(repeats, lambda: hrvanalysis.get_frequency_domain_features(nn))
    rows.append(("frequency domain (Welch)", "hrv-analysis (linear interp., its defaults)", t))
    t, r = best(max(1, repeats // 2), lambda: nk.hrv_frequency(peaks, sampling_rate=1000))
    rows.append(("frequency domain (Welch)", "neurokit2 (its defaults)", t))
    rows.append(("frequency domain (Welch)", "myo", myo["freq_s"]))

    # --- nonlinear ---
    t, r = best(repeats, lambda: dict(pnl.poincare(nni=nn, show=False)))
    plt.close("all")
    values["pyhrv_poincare"] = r
    rows.append(("Poincaré SD1/SD2", "pyHRV", t))
    rows.append(("Poincaré SD1/SD2", "myo", myo["poincare_s"]))
    t, r = best(max(1, repeats // 5), lambda: dict(pnl.dfa(nn=nn, show=False)))
    plt.close("all")
    values["pyhrv_dfa"] = r
    rows.append(("DFA α1", "pyHRV (nolds; also computes α2)", t))
    rows.append(("DFA α1", "myo", myo["dfa_s"]))

    print(f"Series: {len(nn)} beats, {nn.sum() / 3.6e6:.2f} h. Best of {repeats} runs "
          "(pyHRV Welch/neurokit2 frequency: half as many; DFA: a fifth), in-process, "
          "excluding imports and file reading.\n")
    print(f"Machine: {platform.processor() or platform.machine()}, Python "
          f"{platform.python_version()}, numpy {np.__version__}, scipy {version('scipy')}.\n")
    print("| metric group | implementation | time | myo speed-up |")
    print("|---|---|---:|---:|")
    myo_t = {g: s for g, impl, s in rows if impl == "myo"}
    for g, impl, s in rows:
        ratio = "" if impl == "myo" else f"{s / myo_t[g]:.0f}×"
        print(f"| {g} | {impl} | {s * 1e3:.3f} ms | {ratio} |")

    p, h, k = values["pyhrv"], values["hrvanalysis"], values["neurokit2"]
    w = values["pyhrv_welch"]
    pc, dfa = values["pyhrv_poincare"], values["pyhrv_dfa"]

    def rel(a, b):
        return abs(a - b) / abs(b) if b else abs(a - b)

    checks = [
        ("mean NN (ms)", myo["mean_nn"], p["nni_mean"], "pyHRV"),
        ("SDNN (ms)", myo["sdnn"], p["sdnn"], "pyHRV"),
        ("RMSSD (ms)", myo["rmssd"], p["rmssd"], "pyHRV"),
        ("SDSD (ms), n−1", myo["sdsd"], float(k["HRV_SDSD"].iloc[0]) if k["HRV_SDSD"].iloc[0] else float("nan"), "neurokit2 (ms from 1 kHz peaks)"),
        ("NN50", myo["nn50"], p["nn50"], "pyHRV"),
        ("pNN50 (%)", myo["pnn50"], p["pnn50"], "pyHRV"),
        ("pNN20 (%)", myo["pnn20"], p["pnn20"], "pyHRV"),
        ("mean HR (bpm)", myo["mean_hr"], p["hr_mean"], "pyHRV"),
        ("RMSSD (ms)", myo["rmssd"], h["rmssd"], "hrv-analysis"),
        ("VLF (ms²)", myo["vlf"], w["fft_abs"][0], "pyHRV Welch"),
        ("LF (ms²)", myo["lf"], w["fft_abs"][1], "pyHRV Welch"),
        ("HF (ms²)", myo["hf"], w["fft_abs"][2], "pyHRV Welch"),
        ("LF/HF", myo["lf_hf"], w["fft_ratio"], "pyHRV Welch"),
        ("SD1 (ms)", myo["sd1"], pc["sd1"], "pyHRV"),
        ("SD2 (ms)", myo["sd2"], pc["sd2"], "pyHRV"),
        ("DFA α1", myo["dfa_alpha1"], dfa["dfa_alpha1"], "pyHRV (nolds, RANSAC fit if sklearn)"),
    ]
    print("\n| value | myo | peer | peer value | relative difference |")
    print("|---|---:|---|---:|---:|")
    for name, a, b, who in checks:
        print(f"| {name} | {a:.6g} | {who} | {float(b):.6g} | {rel(a, float(b)):.1e} |")


if __name__ == "__main__":
    if sys.argv[1] == "synth":
        synth(sys.argv[2])
    else:
        compare(sys.argv[2], sys.argv[3], int(sys.argv[4]))
