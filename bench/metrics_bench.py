#!/usr/bin/env python3
"""python-igraph's and networkx's side of the cross-tool metric benchmark (bench/metrics.sh).

    metrics_bench.py igraph|networkx DATA_DIR METRIC [K]

Reads the files of bench/generate.py, computes one metric the way METRICS.md defines it and
prints two JSON lines {tool, size, metric, seconds, value}: `load` (reading the files and building
the graph), then the metric, timed around the computation only (the fastest of up to 5 runs while
they take under a second in all). METRIC as in
crates/polylead-core/examples/metrics_bench.rs: degree, betweenness, reciprocity, ei,
fragmentation, gini, n_eff.

Neither library has Gini or entropy: the igraph process computes them with numpy (what an igraph
user would write), the networkx process in plain Python.

Fairness: both sides get the same prepared inputs before the clock starts (the graph, the team of
every person as a list, the act counts as float64, as polylead holds them as f64), and compute
everything else inside the timed region. bench/metrics.sh runs this with one BLAS/OpenMP thread,
so numpy cannot use the second core that polylead's one-thread rows do not get.
"""
import json
import math
import os
import sys
import time

import numpy as np


def read(path):
    return np.loadtxt(path, delimiter=",", skiprows=1, dtype=np.int64, ndmin=2)


def freeman(values, t_max):
    top = max(values)
    return sum(top - v for v in values) / t_max


def top_k_by_degree(degrees, k):
    """The k people of highest total degree, ties by lowest id."""
    return sorted(range(len(degrees)), key=lambda v: (-degrees[v], v))[:k]


def fragmentation_from_sizes(sizes, n):
    return 1.0 - sum(s * (s - 1) for s in sizes) / (n * (n - 1))


def gini_numpy(x):
    x = np.sort(x)
    n = x.size
    return 2.0 * np.dot(np.arange(1, n + 1), x) / (n * x.sum()) - (n + 1) / n


def n_eff_numpy(x):
    p = x[x > 0] / x.sum()
    return math.exp(-np.sum(p * np.log(p)))


def gini_python(x):
    x = sorted(x)
    n = len(x)
    return 2.0 * sum(i * v for i, v in enumerate(x, 1)) / (n * sum(x)) - (n + 1) / n


def n_eff_python(x):
    total = sum(x)
    return math.exp(-sum(v / total * math.log(v / total) for v in x if v > 0))


def run_igraph(data, metric, k):
    import igraph as ig

    start = time.perf_counter()
    edges = read(os.path.join(data, "edges.csv"))
    teams = read(os.path.join(data, "teams.csv"))[:, 1]
    acts = read(os.path.join(data, "acts.csv"))[:, 1].astype(np.float64)
    n = teams.size
    g = ig.Graph(n=n, edges=edges, directed=True)
    membership = teams.tolist()
    loaded = time.perf_counter() - start

    seconds, value = best_of(lambda: igraph_metric(ig, g, n, membership, acts, metric, k))
    return loaded, seconds, value, g.ecount()


def igraph_metric(ig, g, n, membership, acts, metric, k):
    if metric == "degree":
        value = freeman(g.indegree(), (n - 1) ** 2)
    elif metric == "betweenness":
        value = freeman(g.betweenness(directed=True), (n - 1) ** 2 * (n - 2))
    elif metric == "reciprocity":
        value = g.reciprocity(ignore_loops=True, mode="default")
    elif metric == "ei":
        crossing = ig.VertexClustering(g, membership=membership).crossing()
        external = sum(crossing)
        value = (2 * external - len(crossing)) / len(crossing)
    elif metric == "fragmentation":
        removed = top_k_by_degree(g.degree(mode="all"), k)
        left = g.copy()
        left.delete_vertices(removed)
        value = fragmentation_from_sizes(left.connected_components(mode="weak").sizes(), left.vcount())
    elif metric == "gini":
        value = gini_numpy(acts)
    elif metric == "n_eff":
        value = n_eff_numpy(acts)
    else:
        raise SystemExit(f"unknown metric {metric}")
    return float(value)


def run_networkx(data, metric, k):
    import networkx as nx

    start = time.perf_counter()
    edges = read(os.path.join(data, "edges.csv"))
    teams = read(os.path.join(data, "teams.csv"))[:, 1].tolist()
    acts = read(os.path.join(data, "acts.csv"))[:, 1].astype(np.float64).tolist()
    n = len(teams)
    g = nx.DiGraph()
    g.add_nodes_from((v, {"team": t}) for v, t in enumerate(teams))
    g.add_edges_from(edges.tolist())
    loaded = time.perf_counter() - start

    seconds, value = best_of(lambda: networkx_metric(nx, g, n, acts, metric, k))
    return loaded, seconds, value, g.number_of_edges()


def networkx_metric(nx, g, n, acts, metric, k):
    if metric == "degree":
        value = freeman([d for _, d in g.in_degree()], (n - 1) ** 2)
    elif metric == "betweenness":
        value = freeman(list(nx.betweenness_centrality(g, normalized=False).values()), (n - 1) ** 2 * (n - 2))
    elif metric == "reciprocity":
        value = nx.overall_reciprocity(g)
    elif metric == "ei":
        mixing = nx.attribute_mixing_dict(g, "team")
        internal = sum(row.get(team, 0) for team, row in mixing.items())
        total = g.number_of_edges()
        value = (total - 2 * internal) / total
    elif metric == "fragmentation":
        degrees = dict(g.degree())
        removed = set(top_k_by_degree([degrees[v] for v in range(n)], k))
        left = g.subgraph(v for v in g if v not in removed)
        sizes = [len(c) for c in nx.weakly_connected_components(left)]
        value = fragmentation_from_sizes(sizes, left.number_of_nodes())
    elif metric == "gini":
        value = gini_python(acts)
    elif metric == "n_eff":
        value = n_eff_python(acts)
    else:
        raise SystemExit(f"unknown metric {metric}")
    return float(value)


def best_of(compute):
    """Runs compute once, and while it has taken under a second in all, again, up to 5 times;
    returns the fastest time and the value (the same rule as the Rust example)."""
    best, spent, value = math.inf, 0.0, None
    for _ in range(5):
        start = time.perf_counter()
        value = compute()
        seconds = time.perf_counter() - start
        best, spent = min(best, seconds), spent + seconds
        if spent >= 1.0:
            break
    return best, value


def main():
    tool, data, metric = sys.argv[1:4]
    k = int(sys.argv[4]) if len(sys.argv) > 4 else 10
    run = {"igraph": run_igraph, "networkx": run_networkx}[tool]
    loaded, seconds, value, edge_count = run(data, metric, k)
    size = os.path.basename(os.path.normpath(data))
    for name, secs, val in (("load", loaded, float(edge_count)), (metric, seconds, value)):
        print(json.dumps({"tool": tool, "size": size, "metric": name, "seconds": secs, "value": val}), flush=True)


if __name__ == "__main__":
    main()
