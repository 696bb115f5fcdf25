#!/usr/bin/env python3
"""Runs a command several times and prints its median wall time, CPU time and peak memory.

Usage: measure.py RUNS -- COMMAND...   (prints one JSON object)
Peak memory is the child's maximum resident set size (ru_maxrss, KiB on Linux).
"""
import json
import os
import statistics
import sys
import time


def run_once(argv):
    start = time.perf_counter()
    pid = os.fork()
    if pid == 0:
        try:
            devnull = os.open(os.devnull, os.O_WRONLY)
            os.dup2(devnull, 1)
            os.dup2(devnull, 2)
            os.execvp(argv[0], argv)
        finally:
            os._exit(127)
    _, status, usage = os.wait4(pid, 0)
    wall = time.perf_counter() - start
    if os.waitstatus_to_exitcode(status) != 0:
        sys.exit(f"command failed ({os.waitstatus_to_exitcode(status)}): {' '.join(argv)}")
    return wall, usage.ru_utime + usage.ru_stime, usage.ru_maxrss / 1024.0


def main():
    runs = int(sys.argv[1])
    argv = sys.argv[sys.argv.index("--") + 1:]
    run_once(argv)  # warm the page cache
    results = [run_once(argv) for _ in range(runs)]
    print(json.dumps({
        "wall_s": statistics.median(r[0] for r in results),
        "cpu_s": statistics.median(r[1] for r in results),
        "peak_mib": max(r[2] for r in results),
    }))


if __name__ == "__main__":
    main()
