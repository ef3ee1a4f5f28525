#!/usr/bin/env python3
"""Summarise a BenchmarkDotNet run of benchmarks/SdeDsl.Benchmarks as markdown tables.

Reads every *-report-full.json (or, for a class without one, *-report.csv) in the results directory and prints
the ratios the performance targets are judged by, then each kernel against its floor, so docs/benchmarks.md can be
written from one run. Python 3 standard library only.

    python3 benchmarks/summarize.py                                    # BenchmarkDotNet.Artifacts/results
    python3 benchmarks/summarize.py BenchmarkDotNet.Artifacts/quick/results   # a --quick run (smoke numbers)

Where a run lacks the size a target names (a quick run has only small sizes), the largest size present is used and
the table says which size it used.
"""

import csv
import glob
import json
import os
import re
import sys

LARGE = 16 * 1024 * 1024
UNITS_NS = {"ns": 1.0, "us": 1e3, "μs": 1e3, "µs": 1e3, "ms": 1e6, "s": 1e9}
BYTE_UNITS = {"B": 1, "KB": 1024, "MB": 1024 ** 2, "GB": 1024 ** 3}


class Result:
    """One benchmark case: class, element type, method, parameters, mean time (ns), bytes allocated per op."""

    def __init__(self, cls, element, method, params, mean_ns, allocated):
        self.cls, self.element, self.method = cls, element, method
        self.params, self.mean_ns, self.allocated = params, mean_ns, allocated

    def param(self, name):
        return self.params.get(name)


def split_type(type_name):
    """'StepBenchmarks<Single>' -> ('StepBenchmarks', 'float')."""
    m = re.match(r"^(\w+)(?:<(\w+)>)?$", type_name)
    cls, arg = (m.group(1), m.group(2)) if m else (type_name, None)
    return cls, {"Single": "float", "Double": "double", None: None}.get(arg, arg)


def parse_params(text):
    params = {}
    for part in filter(None, (text or "").split("&")):
        name, _, value = part.partition("=")
        try:
            params[name] = int(value)
        except ValueError:
            params[name] = value
    return params


def load_json(path):
    with open(path, encoding="utf-8") as f:
        data = json.load(f)
    results = []
    for b in data.get("Benchmarks", []):
        stats = b.get("Statistics") or {}
        if stats.get("Mean") is None:
            continue  # a failed case
        cls, element = split_type(b["Type"])
        memory = b.get("Memory") or {}
        results.append(Result(cls, element, b["Method"], parse_params(b.get("Parameters")),
                              float(stats["Mean"]), memory.get("BytesAllocatedPerOperation")))
    return results, data.get("HostEnvironmentInfo") or {}


def parse_quantity(text, units):
    m = re.match(r"^\s*([\d.,]+)\s*(\S+)\s*$", text or "")
    if not m or m.group(2) not in units:
        return None
    return float(m.group(1).replace(",", "")) * units[m.group(2)]


def load_csv(path):
    base = os.path.basename(path)[: -len("-report.csv")]
    type_name = base.split(".")[-1]
    m = re.match(r"^(\w+?)_(Single|Double)_$", type_name)
    cls, element = (m.group(1), {"Single": "float", "Double": "double"}[m.group(2)]) if m else (type_name, None)
    results = []
    with open(path, encoding="utf-8") as f:
        for row in csv.DictReader(f):
            mean = parse_quantity(row.get("Mean"), UNITS_NS)
            if mean is None:
                continue
            allocated = row.get("Allocated")
            allocated = 0 if allocated in ("-", "0 B") else parse_quantity(allocated, BYTE_UNITS)
            params = {k: int(row[k]) for k in ("Size", "Threads", "Points", "ScheduleCount") if row.get(k, "").isdigit()}
            results.append(Result(cls, element, row["Method"], params, mean, allocated))
    return results


def load(directory):
    results, host, seen = [], {}, set()
    for path in sorted(glob.glob(os.path.join(directory, "*-report-full.json"))):
        r, h = load_json(path)
        results += r
        host = host or h
        seen.add(os.path.basename(path)[: -len("-report-full.json")])
    for path in sorted(glob.glob(os.path.join(directory, "*-report.csv"))):
        if os.path.basename(path)[: -len("-report.csv")] not in seen:
            results += load_csv(path)
    return results, host


class Index:
    def __init__(self, results):
        self.results = results

    def find(self, cls, method, element=None, **params):
        for r in self.results:
            if r.cls == cls and r.method == method and (element is None or r.element == element) \
                    and all(r.param(k) == v for k, v in params.items()):
                return r
        return None

    def floor(self, cls, stage, element=None, **params):
        """The faster of a stage's ordinary-store floor and (since issue 18) its non-temporal-store floor."""
        found = [f for f in (self.find(cls, f"{stage}_Floor", element, **params),
                             self.find(cls, f"{stage}_FloorNonTemporal", element, **params)) if f and f.mean_ns]
        return min(found, key=lambda f: f.mean_ns) if found else None

    def sizes(self, cls, element=None):
        return sorted({r.param("Size") for r in self.results
                       if r.cls == cls and (element is None or r.element == element) and r.param("Size") is not None})

    def largest(self, cls, element=None, want=LARGE):
        sizes = self.sizes(cls, element)
        if not sizes:
            return None
        return want if want in sizes else sizes[-1]

    def threads(self, cls):
        return sorted({r.param("Threads") for r in self.results if r.cls == cls and r.param("Threads") is not None})


def size_label(n):
    if n is None:
        return "-"
    for unit, scale in (("Mi", 1024 * 1024), ("Ki", 1024)):
        if n % scale == 0:
            return f"{n // scale} {unit}"
    return str(n)


def ratio(a, b):
    return a.mean_ns / b.mean_ns if a and b and b.mean_ns > 0 else None


def fmt(x, digits=2):
    return "n/a" if x is None else f"{x:.{digits}f}"


def verdict(value, op, target):
    if value is None:
        return "n/a"
    return "yes" if (value <= target if op == "<=" else value >= target) else "**no**"


def targets(ix):
    rows = []

    def add(name, element, size, threads, value, op, target, how):
        rows.append((name, element or "-", size_label(size), threads, fmt(value), f"{op} {target:g}",
                     verdict(value, op, target), how))

    for element in ("float", "double"):
        n = ix.largest("StepBenchmarks", element)
        if n is None:
            continue
        euler = ix.find("StepBenchmarks", "Euler_SdeDsl", element, Size=n)
        add("Euler / its floor", element, n, 1, ratio(euler, ix.floor("StepBenchmarks", "Euler", element, Size=n)),
            "<=", 1.10, "Euler_SdeDsl / the faster of Euler_Floor and Euler_FloorNonTemporal")
        add("composed TensorPrimitives / Euler", element, n, 1,
            ratio(ix.find("StepBenchmarks", "Euler_TensorPrimitivesComposed", element, Size=n), euler), ">=", 2,
            "Euler_TensorPrimitivesComposed / Euler_SdeDsl")
        add("scalar loop / Euler", element, n, 1,
            ratio(ix.find("StepBenchmarks", "Euler_ScalarLoop", element, Size=n), euler), ">=", 3,
            "Euler_ScalarLoop / Euler_SdeDsl")
        em = ix.find("StepBenchmarks", "EulerMaruyama_SdeDsl", element, Size=n)
        add("Euler-Maruyama / PF-ODE Euler", element, n, 1, ratio(em, euler), "<=", 2,
            "EulerMaruyama_SdeDsl / Euler_SdeDsl")
        add("System.Random + Box-Muller way / Euler-Maruyama", element, n, 1,
            ratio(ix.find("StepBenchmarks", "EulerMaruyama_RandomBoxMuller", element, Size=n), em), ">=", 10,
            "EulerMaruyama_RandomBoxMuller / EulerMaruyama_SdeDsl")

    threads = ix.threads("ParallelStepBenchmarks")
    if len(threads) >= 2:
        for element in ("float", "double"):
            n = ix.largest("ParallelStepBenchmarks", element)
            one = ix.find("ParallelStepBenchmarks", "EulerMaruyama_SdeDsl", element, Size=n, Threads=1)
            many = ix.find("ParallelStepBenchmarks", "EulerMaruyama_SdeDsl", element, Size=n, Threads=threads[-1])
            add(f"Euler-Maruyama speed-up, {threads[-1]} threads vs 1", element, n, f"1 vs {threads[-1]}",
                ratio(one, many), ">=", 1.7, "EulerMaruyama_SdeDsl mean at Threads=1 / at all threads")

    for n in ix.sizes("NoiseBenchmarks"):
        noise = ix.find("NoiseBenchmarks", "Noise_SdeDsl", Size=n)
        rate = n / noise.mean_ns * 1e9 if noise else None
        rows.append(("normals per second per core", "float", size_label(n), 1,
                     "n/a" if rate is None else f"{rate:.3g}", ">= 1e+09", verdict(rate, ">=", 1e9),
                     "Size / mean of Noise_SdeDsl (GaussianNoise.Fill<float>, 1 thread)"))
        double_noise = ix.find("NoiseBenchmarks", "Noise_SdeDslDouble", Size=n)
        if double_noise:
            rows.append(("normals per second per core", "double", size_label(n), 1,
                         f"{n / double_noise.mean_ns * 1e9:.3g}", "information", "-",
                         "Size / mean of Noise_SdeDslDouble (GaussianNoise.Fill<double>, 1 thread; 53-bit construction)"))
        add("System.Random + Box-Muller fill / GaussianNoise.Fill", "float", n, 1,
            ratio(ix.find("NoiseBenchmarks", "Noise_RandomSeededBoxMuller", Size=n), noise), ">=", 1,
            "Noise_RandomSeededBoxMuller / Noise_SdeDsl (information: how much faster the fill is)")

    for t in ix.threads("SamplerBenchmarks"):
        n = ix.largest("SamplerBenchmarks")
        add("Heun sampler (free denoiser) / sampler floor", "float", n, t,
            ratio(ix.find("SamplerBenchmarks", "Sampler_HeunFreeDenoiser", Size=n, Threads=t),
                  ix.floor("SamplerBenchmarks", "Sampler", Size=n, Threads=t)), "<=", 1.1,
            "Sampler_HeunFreeDenoiser / the faster sampler floor (18 steps, 35 denoiser calls)")

    step_allocs = [r for r in ix.results if r.cls in ("StepBenchmarks", "ParallelStepBenchmarks")
                   and r.method.endswith("_SdeDsl") and (r.param("Threads") in (None, 1)) and r.allocated is not None]
    if step_allocs:
        worst = max(step_allocs, key=lambda r: r.allocated)
        rows.append(("bytes allocated per step (one thread)", "both", "all", 1, f"{worst.allocated:g}", "= 0",
                     "yes" if worst.allocated == 0 else "**no**",
                     f"max over {len(step_allocs)} *_SdeDsl cases (worst: {worst.element} {worst.method}, "
                     f"Size={worst.param('Size')})"))
    parallel_allocs = [r for r in ix.results if r.cls == "ParallelStepBenchmarks" and r.method.endswith("_SdeDsl")
                       and (r.param("Threads") or 1) > 1 and r.allocated is not None]
    if parallel_allocs:
        worst = max(parallel_allocs, key=lambda r: r.allocated)
        rows.append(("bytes allocated per step (all threads)", "both", "all", worst.param("Threads"),
                     f"{worst.allocated:g}", "info", "-", "max over the multi-threaded *_SdeDsl cases (averaged over a measured run: thread-pool activity on the helper threads; the calling thread allocates 0, see ParallelChunksTests)"))
    return rows


def print_table(header, rows):
    print("| " + " | ".join(header) + " |")
    print("|" + "|".join("---" for _ in header) + "|")
    for row in rows:
        print("| " + " | ".join(str(c) for c in row) + " |")
    print()


def kernel_tables(ix):
    stages = ["Euler", "Heun", "EulerMaruyama", "Ancestral", "DpmSolver2M"]
    others = ["TensorPrimitivesComposed", "ScalarLoop", "RandomBoxMuller"]
    rows = []
    for element in ("float", "double"):
        for n in ix.sizes("StepBenchmarks", element):
            for stage in stages:
                floor = ix.floor("StepBenchmarks", stage, element, Size=n)
                ours = ix.find("StepBenchmarks", f"{stage}_SdeDsl", element, Size=n)
                if not floor:
                    continue
                cells = [fmt(ratio(ix.find("StepBenchmarks", f"{stage}_{o}", element, Size=n), floor)) for o in others]
                rows.append((stage, element, size_label(n), 1, f"{floor.mean_ns / 1e3:.1f}", fmt(ratio(ours, floor)),
                             *[c if c != "n/a" else "-" for c in cells]))
    if rows:
        print("### Each stage against its floor, one thread (StepBenchmarks; ratios = mean / floor mean)\n")
        print_table(["stage", "type", "size", "threads", "floor (us)", "SdeDsl", "composed TP", "scalar loop",
                     "Random + Box-Muller"], rows)

    rows = []
    for element in ("float", "double"):
        for n in ix.sizes("ParallelStepBenchmarks", element):
            for stage in stages:
                for t in ix.threads("ParallelStepBenchmarks"):
                    floor = ix.floor("ParallelStepBenchmarks", stage, element, Size=n, Threads=t)
                    ours = ix.find("ParallelStepBenchmarks", f"{stage}_SdeDsl", element, Size=n, Threads=t)
                    one = ix.find("ParallelStepBenchmarks", f"{stage}_SdeDsl", element, Size=n, Threads=1)
                    if floor and ours:
                        rows.append((stage, element, size_label(n), t, f"{ours.mean_ns / 1e3:.1f}",
                                     fmt(ratio(ours, floor)), fmt(ratio(one, ours))))
    if rows:
        print("### Thread scaling (ParallelStepBenchmarks)\n")
        print_table(["stage", "type", "size", "threads", "SdeDsl (us)", "SdeDsl / floor at these threads",
                     "speed-up vs 1 thread"], rows)

    rows = []
    for r in ix.results:
        if r.cls == "GaussianMixtureSamplerBenchmarks" and r.method == "Heun_GaussianMixture":
            free = ix.find(r.cls, "Heun_FreeDenoiser", Points=r.param("Points"), Threads=r.param("Threads"))
            rows.append(("Heun, 8-component 2-D mixture", r.param("Points"), r.param("Threads"),
                         f"{r.mean_ns / 1e6:.2f}", fmt(ratio(r, free))))
    if rows:
        print("### Whole sampler with a real denoiser (GaussianMixtureSamplerBenchmarks)\n")
        print_table(["run", "points", "threads", "mean (ms)", "/ same run with the free denoiser"], rows)

    rows = []
    for r in ix.results:
        if r.cls == "GeneratorBenchmarks" and r.method == "Incremental_AfterUnrelatedEdit":
            cold = ix.find(r.cls, "Cold", ScheduleCount=r.param("ScheduleCount"))
            rows.append((r.param("ScheduleCount"), f"{cold.mean_ns / 1e6:.1f}" if cold else "n/a",
                         f"{r.mean_ns / 1e6:.1f}", fmt(ratio(r, cold)),
                         "n/a" if r.allocated is None else f"{r.allocated / 1024:.0f}"))
    if rows:
        print("### Source generator (GeneratorBenchmarks)\n")
        print_table(["schedules", "cold run (ms)", "incremental after unrelated edit (ms)", "incremental / cold",
                     "incremental allocated (KiB)"], rows)


def main(argv):
    directory = argv[1] if len(argv) > 1 else os.path.join("BenchmarkDotNet.Artifacts", "results")
    results, host = load(directory)
    if not results:
        print(f"no BenchmarkDotNet reports (*-report-full.json or *-report.csv) in {directory}", file=sys.stderr)
        return 1

    ix = Index(results)
    print(f"## SdeDsl benchmark summary ({len(results)} cases from {directory})\n")
    if host:
        print(f"- machine: {host.get('ProcessorName', '?')}, {host.get('PhysicalCoreCount', '?')} physical / "
              f"{host.get('LogicalCoreCount', '?')} logical cores, {host.get('OsVersion', '?')}")
        print(f"- runtime: {host.get('RuntimeVersion', '?')}, BenchmarkDotNet {host.get('BenchmarkDotNetVersion', '?')}\n")

    if not any((r.param("Size") or 0) >= LARGE for r in results):
        print("> No 16 Mi-element case in these results (a `--quick` run?): the sizes below are the largest present, "
              "and a quick run's numbers are a smoke test, not results.\n")
    print("### Targets\n")
    print_table(["measure", "type", "size", "threads", "value", "target", "met", "how"], targets(ix))
    kernel_tables(ix)
    return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv))
