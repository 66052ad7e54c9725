#!/usr/bin/env python3
"""Checks the results of bench/metrics.sh agree across tools and prints them as a Markdown table.

    compare.py RESULTS.jsonl

Values must agree to 4 decimals (|a − b| ≤ 5e-5), betweenness centralization to 1e-6 relative.
`load` is the fastest load over a tool's processes for that size, with the peak memory of its
`degree` process (the cheapest metric, so about the memory of the loaded data). Exits 1 when a
value disagrees.
"""
import json
import sys
from collections import defaultdict

TOOLS = ("polylead", "igraph", "networkx")
METRICS = ("load", "degree", "betweenness", "betweenness_2t", "betweenness_sampled", "reciprocity", "ei",
           "fragmentation", "gini", "n_eff")
SIZES = ("2k", "10k", "100k")


def agree(metric, a, b):
    if metric.startswith("betweenness"):
        return abs(a - b) <= 1e-6 * max(abs(a), abs(b), 1e-300)
    return abs(a - b) <= 5e-5


def main():
    runs = defaultdict(dict)  # (tool, size, metric) -> fields
    loads = defaultdict(list)
    for line in open(sys.argv[1]):
        r = json.loads(line)
        key = (r["tool"], r["size"], r["metric"])
        if "seconds" in r and r["metric"] == "load":
            continue
        runs[key].update({k: v for k, v in r.items() if k in ("seconds", "value", "peak_kib", "skipped")})
    for line in open(sys.argv[1]):
        r = json.loads(line)
        if r["metric"] == "load" and "seconds" in r:
            loads[(r["tool"], r["size"])].append((r["seconds"], r["value"]))
    for (tool, size), secs in loads.items():
        runs[(tool, size, "load")] = {"seconds": min(s for s, _ in secs), "value": secs[0][1],
                                      "peak_kib": runs[(tool, size, "degree")].get("peak_kib")}

    ok = True
    rows = []
    for metric in METRICS:
        for size in SIZES:
            cells = {t: runs.get((t, size, metric)) for t in TOOLS}
            if not any(cells.values()):
                continue
            values = {t: c["value"] for t, c in cells.items() if c and c.get("value") is not None}
            reference = None
            if metric in ("betweenness_2t", "betweenness_sampled"):
                exact = runs.get(("polylead", size, "betweenness"), {}).get("value")
                if exact is None:
                    exact = runs.get(("igraph", size, "betweenness"), {}).get("value")
                reference = exact
            if metric == "load":
                check = f"{int(next(iter(values.values()))):,} edges ✓" if len(set(values.values())) == 1 else "edge counts differ"
                ok &= len(set(values.values())) == 1
            elif metric == "betweenness_sampled":
                v = values.get("polylead")
                check = f"{v:.6f}" + (f" (exact {reference:.6f}, {abs(v - reference) / reference:.1%} off)" if reference else " (no exact value)")
            else:
                pool = list(values.values()) + ([reference] if reference is not None else [])
                same = all(agree(metric, pool[0], v) for v in pool[1:])
                ok &= same
                shown = f"{pool[0]:.6f}" if pool else "–"
                check = f"{shown} ✓ ({len(pool)} agree)" if same and len(pool) > 1 else (shown if same else "DIFFER: " + ", ".join(f"{t} {v!r}" for t, v in values.items()))
            row = [metric, size]
            for t in TOOLS:
                c = cells[t]
                if not c:
                    row += ["", ""]
                elif "skipped" in c:
                    row += ["skipped", ""]
                else:
                    row += [fmt_seconds(c["seconds"]), f"{c['peak_kib'] / 1024:.0f}" if c.get("peak_kib") else ""]
            p, i = cells["polylead"], cells["igraph"]
            ratio = f"{p['seconds'] / i['seconds']:.2f}" if p and i and "seconds" in p and "seconds" in i and i["seconds"] > 0 else ""
            rows.append(row + [ratio, check])
    print("| metric | size | polylead s | MiB | igraph s | MiB | networkx s | MiB | polylead/igraph time | value |")
    print("|---|---|---|---|---|---|---|---|---|---|")
    for row in rows:
        print("| " + " | ".join(row) + " |")
    skipped = [(k, c["skipped"]) for k, c in runs.items() if "skipped" in c]
    for (tool, size, metric), why in sorted(skipped):
        print(f"\n- skipped {tool} {metric} {size}: {why}", end="")
    print()
    if not ok:
        print("\nVALUES DISAGREE", file=sys.stderr)
        sys.exit(1)


def fmt_seconds(s):
    if s >= 10:
        return f"{s:.1f}"
    if s >= 0.01:
        return f"{s:.3f}"
    return f"{s * 1000:.3f} ms"


if __name__ == "__main__":
    main()
