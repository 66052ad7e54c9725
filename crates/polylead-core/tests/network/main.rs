//! Network metrics checked against the real studies in `fixtures/` (METRICS.md §3, the [C]
//! values) and against networkx and python-igraph on generated graphs (`scripts/oracle.py`).
// Test helpers outside #[test] functions panic on broken fixtures, which is what we want.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod export;
mod fixtures;
mod golden;
mod oracle;
