#!/usr/bin/env python3
"""Oracle for polylead's network metrics (METRICS.md M4, M5, M7, M8, M6 reaching, M15).

Reads a JSON list of graphs on stdin, each {"n": int, "edges": [[from, to], ...],
"groups": [int per node]}, and prints a JSON list with, per graph,
{"networkx": {...}, "igraph": {...}}: each library's values, computed independently of
polylead. A value a library leaves undefined (e.g. reciprocity without ties) is null.

Used by the Rust test crates/polylead-core/tests/network/oracle.rs; tested with
networkx 3.6.1 and igraph (python-igraph) 1.0.0.
"""

import json
import math
import sys

import igraph
import networkx as nx


def freeman(scores, t_max):
    if not scores or t_max <= 0:
        return None
    top = max(scores)
    return sum(top - s for s in scores) / t_max


def fragmentation(sizes, n):
    if n < 2:
        return None
    return 1 - sum(s * (s - 1) for s in sizes) / (n * (n - 1))


def with_networkx(n, edges, groups):
    g = nx.DiGraph()
    g.add_nodes_from(range(n))
    g.add_edges_from(e for e in edges if e[0] != e[1])
    for v in range(n):
        g.nodes[v]["group"] = groups[v]
    out = {}
    out["density"] = nx.density(g) if n >= 2 else None
    out["reciprocity"] = nx.overall_reciprocity(g) if g.number_of_edges() else None
    out["in_centralization"] = freeman([d for _, d in g.in_degree()], (n - 1) ** 2)
    out["out_centralization"] = freeman([d for _, d in g.out_degree()], (n - 1) ** 2)
    betweenness = nx.betweenness_centrality(g, normalized=False)
    out["betweenness"] = [betweenness[v] for v in range(n)]
    out["betweenness_centralization"] = freeman(out["betweenness"], (n - 1) ** 2 * (n - 2))
    mixing = nx.attribute_mixing_matrix(g, "group", normalized=False)
    total = mixing.sum()
    internal = mixing.trace()
    out["ei"] = float((total - 2 * internal) / total) if total > 0 else None
    out["distance_fragmentation"] = 1 - nx.global_efficiency(g.to_undirected()) if n >= 2 else None
    sizes = [len(c) for c in nx.weakly_connected_components(g)]
    out["fragmentation"] = fragmentation(sizes, n)
    out["global_reaching_centrality"] = (
        nx.global_reaching_centrality(g) if g.number_of_edges() and n >= 2 else None
    )
    return out


def with_igraph(n, edges, groups):
    g = igraph.Graph(n=n, edges=[tuple(e) for e in edges], directed=True)
    g.simplify(multiple=True, loops=True)
    out = {}
    out["density"] = g.density(loops=False) if n >= 2 else None
    recip = g.reciprocity(ignore_loops=True, mode="default") if g.ecount() else None
    out["reciprocity"] = None if recip is None or math.isnan(recip) else recip
    out["in_centralization"] = freeman(g.indegree(), (n - 1) ** 2)
    out["out_centralization"] = freeman(g.outdegree(), (n - 1) ** 2)
    out["betweenness"] = [float(b) for b in g.betweenness(directed=True)]
    out["betweenness_centralization"] = freeman(out["betweenness"], (n - 1) ** 2 * (n - 2))
    undirected = g.as_undirected()
    if n >= 2:
        distances = undirected.distances()
        inverse = sum(
            1 / d for i, row in enumerate(distances) for j, d in enumerate(row) if i != j and d > 0
        )
        out["distance_fragmentation"] = 1 - inverse / (n * (n - 1))
    else:
        out["distance_fragmentation"] = None
    out["fragmentation"] = fragmentation(g.connected_components(mode="weak").sizes(), n)
    if g.ecount() and n >= 2:
        reach = [(len(g.subcomponent(v, mode="out")) - 1) / (n - 1) for v in range(n)]
        out["global_reaching_centrality"] = sum(max(reach) - r for r in reach) / (n - 1)
    else:
        out["global_reaching_centrality"] = None
    return out


def main():
    graphs = json.load(sys.stdin)
    results = [
        {
            "networkx": with_networkx(g["n"], g["edges"], g["groups"]),
            "igraph": with_igraph(g["n"], g["edges"], g["groups"]),
        }
        for g in graphs
    ]
    json.dump(results, sys.stdout)


if __name__ == "__main__":
    main()
