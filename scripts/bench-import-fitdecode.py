#!/usr/bin/env python3
"""fitdecode throughput on FIT files, for scripts/bench-import.sh.

usage: bench-import-fitdecode.py SECONDS FILE...

Loads the files into memory, then decodes every frame of every file (default settings:
CRC mismatches warn, as in fitdecode's own tools) repeatedly for at least SECONDS; prints one
JSON line like the Rust side (best and median pass).
"""
import io
import json
import statistics
import sys
import time
import warnings

import fitdecode


def main():
    seconds = float(sys.argv[1])
    files = [open(p, "rb").read() for p in sys.argv[2:]]
    total = sum(len(b) for b in files)
    passes, failed, checksum = [], 0, 0
    start = time.perf_counter()
    warnings.simplefilter("ignore")
    while time.perf_counter() - start < seconds or len(passes) < 3:
        t = time.perf_counter()
        failed = 0
        for data in files:
            try:
                with fitdecode.FitReader(io.BytesIO(data)) as fit:
                    for frame in fit:
                        if frame.frame_type == fitdecode.FIT_FRAME_DATA:
                            checksum += 1
            except Exception:
                failed += 1
        passes.append(time.perf_counter() - t)
    best, median = min(passes), statistics.median(passes)
    mb = total / 1e6
    print(json.dumps({
        "tool": f"fitdecode {fitdecode.__version__}",
        "files": len(files), "mb": round(mb, 3), "failed": failed, "passes": len(passes),
        "best_files_per_s": round(len(files) / best, 1), "best_mb_per_s": round(mb / best, 2),
        "median_files_per_s": round(len(files) / median, 1), "median_mb_per_s": round(mb / median, 2),
        "checksum": checksum,
    }))


if __name__ == "__main__":
    main()
