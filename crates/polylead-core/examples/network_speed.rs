//! Times the network metrics on a generated organisation-sized advice graph.
//!
//! `cargo run --release -p polylead-core --example network_speed -- [people] [ties] [threads]
//! [preferential %]` (defaults: 100,000 people, 1,000,000 ties, 2 threads, 50 %). Each person
//! seeks advice from about ties/people others, that share of them picked in proportion to how
//! sought-after they already are (a skewed in-degree, like real advice networks), the rest
//! uniformly; teams of 1,000.
//! LUB (quadratic memory) and QAP (dense matrices) are for study-sized graphs and not timed.

use std::time::Instant;

use polylead_core::network::centralization::{
    DegreeMode, betweenness, betweenness_centralization, degree_centralization,
};
use polylead_core::network::fragmentation::{
    KeyPlayerObjective, KeyPlayerOptions, distance_fragmentation, fragmentation, key_players, m_reach,
};
use polylead_core::network::hierarchy::{
    EfficiencyVariant, connectedness, efficiency, global_reaching_centrality, hierarchy,
};
use polylead_core::network::mixing::{brokerage, ei_index};
use polylead_core::network::reciprocity::{density, dyad_census, reciprocity};
use polylead_core::network::{Digraph, NodeMask, Sampling};
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

fn main() {
    let mut args = std::env::args().skip(1).map(|a| a.parse::<usize>());
    let people = args.next().and_then(Result::ok).unwrap_or(100_000) as u32;
    let ties = args.next().and_then(Result::ok).unwrap_or(1_000_000);
    let threads = args.next().and_then(Result::ok).unwrap_or(2);
    let preferential = args.next().and_then(Result::ok).unwrap_or(50) as f64 / 100.0;
    let total = Instant::now();
    let edges = generate(people, ties, preferential, 1);
    let graph = time("build the CSR digraph", || Digraph::from_edges(people, edges.iter().copied()));
    let Ok(graph) = graph else {
        eprintln!("generated an edge out of range");
        return;
    };
    println!("{} nodes, {} edges", graph.node_count(), graph.edge_count());
    let groups: Vec<Option<u32>> = (0..people).map(|v| Some(v / 1000)).collect();
    let sampling = Sampling { threads, ..Sampling::default() };
    show("density, dyad census, reciprocity", || (density(&graph), dyad_census(&graph), reciprocity(&graph)));
    show("degree centralization in/out/all", || {
        [DegreeMode::In, DegreeMode::Out, DegreeMode::All].map(|m| degree_centralization(&graph, m))
    });
    show("betweenness (sampled) + centralization", || betweenness_centralization(&betweenness(&graph, &sampling)));
    show("connectedness, efficiency (both)", || {
        (
            connectedness(&graph),
            efficiency(&graph, EfficiencyVariant::SnaDirected),
            efficiency(&graph, EfficiencyVariant::KrackhardtUndirected),
        )
    });
    show("hierarchy", || hierarchy(&graph));
    show("global reaching centrality (A^T)", || global_reaching_centrality(&graph.transpose()));
    show("E-I index", || ei_index(&graph, &groups).map(|e| e.value));
    show("brokerage", || brokerage(&graph, &groups).map(|b| b.totals));
    let mask = NodeMask::keep_all(graph.node_count());
    show("fragmentation F", || fragmentation(&graph, &mask));
    let df = time("distance fragmentation DF (sampled)", || distance_fragmentation(&graph, &mask, &sampling));
    println!("    {df:?}");
    show("m-reach of the top node, m = 2", || m_reach(&graph.transpose(), &[0], 2));
    let options = KeyPlayerOptions { sampling, ..KeyPlayerOptions::default() };
    let kp = time("key players k = 1..3, F, greedy swap", || {
        key_players(&graph, KeyPlayerObjective::Fragmentation, &options)
            .map(|k| k.best.iter().map(|s| s.nodes.clone()).collect::<Vec<_>>())
    });
    println!("    {kp:?}");
    println!("total {:.1} s", total.elapsed().as_secs_f64());
}

/// Times `run` and prints a short view of its result.
fn show<T: std::fmt::Debug>(what: &str, run: impl FnOnce() -> T) {
    time(what, run);
}

fn time<T: std::fmt::Debug>(what: &str, run: impl FnOnce() -> T) -> T {
    let start = Instant::now();
    let result = run();
    let shown = format!("{result:?}");
    let shown: String = shown.chars().take(100).collect();
    println!("{:>8.3} s  {what}: {shown}", start.elapsed().as_secs_f64());
    result
}

/// `ties` advice ties among `people`, a share `preferential` of them picked by in-degree.
fn generate(people: u32, ties: usize, preferential: f64, seed: u64) -> Vec<(u32, u32)> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut sought: Vec<u32> = Vec::with_capacity(ties);
    let mut edges = Vec::with_capacity(ties);
    for i in 0..ties {
        let from = (i % people as usize) as u32;
        let to = match sought.len() {
            0 => rng.random_range(0..people),
            len if rng.random_bool(preferential) => sought[rng.random_range(0..len)],
            _ => rng.random_range(0..people),
        };
        sought.push(to);
        edges.push((from, to));
    }
    edges
}
