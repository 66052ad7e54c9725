#!/usr/bin/env python3
"""Writes one benchmark input set, read identically by polylead, python-igraph and networkx.

    generate.py OUT_DIR NODES EDGES [SEED]

Files (person ids are 0..NODES-1):
  edges.csv  `from,to`: a simple directed graph (no loops, no parallel edges) of exactly EDGES ties.
             3% of the people have no tie; for the others, sources and targets are drawn with
             Chung-Lu weights (rank^-0.6 for sending, rank^-0.8 for receiving, so in-degree is
             skewed like real advice networks); 30% of ties stay inside the source's team; about
             20% of ties are reciprocated.
  teams.csv  `person,team`: one team per person, teams of about 50 (every person listed, in order).
  acts.csv   `person,count`: leadership acts per person, Poisson around a Pareto(1.5) rate, so there
             are many zeros and a heavy tail (every person listed, in order).
Needs numpy. The same seed gives byte-identical files.
"""
import os
import sys

import numpy as np


def main():
    out, n, m = sys.argv[1], int(sys.argv[2]), int(sys.argv[3])
    seed = int(sys.argv[4]) if len(sys.argv) > 4 else 1
    rng = np.random.default_rng(seed)
    teams = rng.integers(0, max(1, n // 50), size=n)
    # Members of each team, for within-team targets.
    order = np.argsort(teams, kind="stable")
    starts = np.searchsorted(teams[order], np.arange(teams.max() + 2))
    # 3% of the people have no ties at all (newcomers); the others send and receive ties with
    # skewed propensities (different people are sought out and seek out).
    isolated = rng.random(n) < 0.03
    ranks = np.arange(1, n + 1, dtype=np.float64)
    weights = np.where(isolated, 0.0, rng.permutation(ranks ** -0.8))
    weights /= weights.sum()
    senders = np.where(isolated, 0.0, rng.permutation(ranks ** -0.6))
    senders /= senders.sum()

    codes = np.empty(0, dtype=np.int64)
    while codes.size < m:
        want = int((m - codes.size) * 1.3) + 16
        base = int(want / 1.2)
        src = rng.choice(n, size=base, p=senders)
        dst = rng.choice(n, size=base, p=weights)
        inside = rng.random(base) < 0.3
        t = teams[src[inside]]
        lo, hi = starts[t], starts[t + 1]
        dst[inside] = order[lo + (rng.random(inside.sum()) * (hi - lo)).astype(np.int64)]
        back = rng.random(base) < 0.2
        src, dst = np.concatenate([src, dst[back]]), np.concatenate([dst, src[back]])
        keep = (src != dst) & ~isolated[dst]
        new = rng.permutation(src[keep].astype(np.int64) * n + dst[keep])
        # Keep first occurrences in generation order, then top up.
        merged = np.concatenate([codes, new])
        _, first = np.unique(merged, return_index=True)
        codes = merged[np.sort(first)]
    codes = codes[:m]
    src, dst = codes // n, codes % n

    acts = rng.poisson(rng.pareto(1.5, size=n) * 3.0)

    os.makedirs(out, exist_ok=True)
    with open(os.path.join(out, "edges.csv"), "w") as f:
        f.write("from,to\n")
        np.savetxt(f, np.column_stack([src, dst]), fmt="%d", delimiter=",")
    with open(os.path.join(out, "teams.csv"), "w") as f:
        f.write("person,team\n")
        np.savetxt(f, np.column_stack([np.arange(n), teams]), fmt="%d", delimiter=",")
    with open(os.path.join(out, "acts.csv"), "w") as f:
        f.write("person,count\n")
        np.savetxt(f, np.column_stack([np.arange(n), acts]), fmt="%d", delimiter=",")
    print(f"{out}: {n} people, {m} ties, {int(teams.max()) + 1} teams, {int(acts.sum())} acts "
          f"({int((acts == 0).sum())} people with none)")


if __name__ == "__main__":
    main()
