//! Network metrics checked against the real studies in `fixtures/` (METRICS.md §3, the [C]
//! values) and against networkx and python-igraph on generated graphs (`scripts/oracle.py`).

mod fixtures;
mod golden;
mod oracle;
