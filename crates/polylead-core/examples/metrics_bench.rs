//! polylead's side of the cross-tool metric benchmark (`bench/metrics.sh`, see bench/README.md).
//!
//! `metrics_bench DATA_DIR METRIC [K]` reads the files written by `bench/generate.py`
//! (`edges.csv`, `teams.csv`, `acts.csv`), then computes one metric and prints two JSON lines,
//! `{tool, size, metric, seconds, value}`: first `load` (reading and building everything), then
//! the metric, timed around the computation only (the fastest of up to 5 runs while they take
//! under a second in all, to damp the noise of a shared machine). One metric per process, so that the peak
//! memory measured around the process (`/usr/bin/time -f %M`) is that of this metric.
//!
//! METRIC is one of
//! - `degree`: Freeman in-degree centralization (M4);
//! - `betweenness`: exact Brandes betweenness, then its centralization (M5), one thread;
//! - `betweenness_2t`: the same on two threads;
//! - `betweenness_sampled`: 256 seeded pivots (the default `Sampling`), one thread;
//! - `reciprocity`: edgewise (M7);
//! - `ei`: E-I index by team (M8);
//! - `fragmentation`: F after removing the K people of highest total degree, ties by lowest id
//!   (M15; K defaults to 10; choosing them is timed too);
//! - `gini`: G over the act counts, zeros included (M1);
//! - `n_eff`: exp(H) of the act counts (M3).
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::Path;
use std::time::Instant;

use polylead_core::analytics::inequality::{entropy, gini};
use polylead_core::network::centralization::{
    DegreeMode, betweenness, betweenness_centralization, degree_centralization,
};
use polylead_core::network::fragmentation::fragmentation;
use polylead_core::network::mixing::ei_index;
use polylead_core::network::reciprocity::reciprocity;
use polylead_core::network::{Digraph, NodeMask, Sampling};

fn main() {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let [dir, metric, rest @ ..] = args.as_slice() else {
        eprintln!("usage: metrics_bench DATA_DIR METRIC [K]");
        std::process::exit(2);
    };
    let k: usize = rest.first().map_or(10, |k| k.parse().expect("K is a number"));
    let dir = Path::new(dir);
    let size = dir.file_name().and_then(|s| s.to_str()).unwrap_or("?").to_owned();

    let start = Instant::now();
    let teams = read_pairs(&dir.join("teams.csv"));
    let n = u32::try_from(teams.len()).expect("fewer than 2^32 people");
    let groups: Vec<Option<u32>> = teams.iter().map(|&(_, team)| Some(team)).collect();
    let acts: Vec<f64> = read_pairs(&dir.join("acts.csv")).iter().map(|&(_, count)| f64::from(count)).collect();
    let graph = Digraph::from_edges(n, read_pairs(&dir.join("edges.csv"))).expect("edges within the people");
    emit(&size, "load", start.elapsed().as_secs_f64(), Some(graph.edge_count() as f64));

    let (seconds, value) = best_of(|| match metric.as_str() {
        "degree" => degree_centralization(&graph, DegreeMode::In).ok(),
        "betweenness" | "betweenness_2t" => {
            let threads = if metric == "betweenness" { 1 } else { 2 };
            let sampling = Sampling { exact_up_to: usize::MAX, threads, ..Sampling::default() };
            betweenness_centralization(&betweenness(&graph, &sampling)).ok().map(|e| e.value)
        }
        "betweenness_sampled" => {
            let sampling = Sampling { exact_up_to: 0, threads: 1, ..Sampling::default() };
            betweenness_centralization(&betweenness(&graph, &sampling)).ok().map(|e| e.value)
        }
        "reciprocity" => reciprocity(&graph).ok(),
        "ei" => ei_index(&graph, &groups).ok().map(|e| e.value),
        "fragmentation" => {
            let mut by_degree: Vec<u32> = graph.nodes().collect();
            let degree = |v: u32| graph.in_degree(v) + graph.out_degree(v);
            by_degree.sort_unstable_by(|&a, &b| degree(b).cmp(&degree(a)).then(a.cmp(&b)));
            let mask = NodeMask::removing(graph.node_count(), &by_degree[..k.min(by_degree.len())]);
            fragmentation(&graph, &mask).ok()
        }
        "gini" => gini(&acts).ok().map(|g| g.g),
        "n_eff" => entropy(&acts).ok().map(|e| e.effective_leaders),
        other => {
            eprintln!("unknown metric {other}");
            std::process::exit(2);
        }
    });
    emit(&size, metric, seconds, value);
}

/// Runs `compute` once, and while it has taken under a second in all, again, up to 5 times;
/// returns the fastest time and the value (the same rule as bench/metrics_bench.py).
fn best_of(mut compute: impl FnMut() -> Option<f64>) -> (f64, Option<f64>) {
    let (mut best, mut spent, mut value) = (f64::INFINITY, 0.0, None);
    for _ in 0..5 {
        let start = Instant::now();
        value = std::hint::black_box(compute());
        let seconds = start.elapsed().as_secs_f64();
        best = best.min(seconds);
        spent += seconds;
        if spent >= 1.0 {
            break;
        }
    }
    (best, value)
}

/// Reads a two-column CSV of integers with a header line.
fn read_pairs(path: &Path) -> Vec<(u32, u32)> {
    let text = std::fs::read_to_string(path).unwrap_or_else(|e| panic!("{}: {e}", path.display()));
    text.lines()
        .skip(1)
        .filter(|line| !line.is_empty())
        .map(|line| {
            let (a, b) = line.split_once(',').expect("two columns");
            (a.parse().expect("an integer"), b.parse().expect("an integer"))
        })
        .collect()
}

fn emit(size: &str, metric: &str, seconds: f64, value: Option<f64>) {
    let value = value.map_or_else(|| "null".to_owned(), |v| format!("{v:?}"));
    println!(r#"{{"tool":"polylead","size":"{size}","metric":"{metric}","seconds":{seconds:?},"value":{value}}}"#);
}
