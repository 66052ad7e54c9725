//! Key-player fragmentation (METRICS.md M15, Borgatti 2006): what breaks if people leave.
//! Direction is ignored throughout (M15 works on the undirected `A ∪ L`); removed people are
//! given as a [`NodeMask`].

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

use super::components::weak_components;
use super::paths::Bfs;
use super::sampling::{choose_sources, hoeffding_half_width, map_source_chunks};
use super::{Digraph, Estimate, Method, NodeMask, Sampling};
use crate::metric::{Metric, Undefined};

/// Borgatti's F `1 − Σ_k s_k(s_k−1) / (n(n−1))` over the weak components of the nodes left by
/// `mask` (n = those left). 0 = one component, 1 = nobody connected. O(n + m).
/// Undefined when nobody is left (`EMPTY`) or one person is (`N_TOO_SMALL`).
pub fn fragmentation(graph: &Digraph, mask: &NodeMask) -> Metric<f64> {
    let n = remaining(graph, mask)?;
    let pairs: f64 = weak_components(graph, Some(mask)).sizes.iter().map(|&s| (s * (s - 1)) as f64).sum();
    Ok(1.0 - pairs / (n * (n - 1.0)))
}

/// Number of nodes left by `mask`, at least two.
fn remaining(graph: &Digraph, mask: &NodeMask) -> Metric<f64> {
    match graph.nodes().filter(|&v| !mask.is_removed(v)).count() {
        0 => Err(Undefined::Empty),
        1 => Err(Undefined::NTooSmall),
        n => Ok(n as f64),
    }
}

/// Distance-weighted fragmentation `DF = 1 − Σ_{i≠j} (1/d_ij) / (n(n−1))` =
/// `1 − nx.global_efficiency` on the undirected graph left by `mask` (M15).
///
/// Exact O(n·m) up to `sampling.exact_up_to` nodes; above, the mean over seeded source nodes of
/// `X_s = Σ_j (1/d_sj)/(n−1)` ∈ [0, 1], whose error is bounded by Hoeffding:
/// `sqrt(ln(2/δ) / (2k))` with probability `confidence` (see the `Sampling` docs).
/// Undefined as [`fragmentation`].
pub fn distance_fragmentation(graph: &Digraph, mask: &NodeMask, sampling: &Sampling) -> Metric<Estimate> {
    undirected_distance_fragmentation(&graph.undirected(), mask, sampling)
}

/// [`distance_fragmentation`] of a graph that is already undirected (symmetric).
fn undirected_distance_fragmentation(undirected: &Digraph, mask: &NodeMask, sampling: &Sampling) -> Metric<Estimate> {
    let n = remaining(undirected, mask)?;
    let present: Vec<u32> = undirected.nodes().filter(|&v| !mask.is_removed(v)).collect();
    let (sources, sampled) = choose_sources(&present, sampling);
    let chunk_sums = map_source_chunks(&sources, sampling.threads, |chunk| {
        let mut bfs = Bfs::new(undirected.node_count());
        chunk
            .iter()
            .map(|&s| {
                bfs.run(undirected, s, Some(mask));
                let inverse: f64 = bfs.order[1..].iter().map(|&v| 1.0 / f64::from(bfs.dist[v as usize])).sum();
                inverse / (n - 1.0)
            })
            .sum::<f64>()
    });
    let efficiency = chunk_sums.iter().sum::<f64>() / sources.len() as f64;
    let method = if sampled {
        Method::Sampled {
            pivots: sources.len(),
            seed: sampling.seed,
            confidence: sampling.confidence,
            error_bound: hoeffding_half_width(sources.len(), 1, sampling.confidence),
        }
    } else {
        Method::Exact
    };
    Ok(Estimate { value: 1.0 - efficiency, method })
}

/// What a key-player search maximises.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum KeyPlayerObjective {
    /// F: the share of pairs that can no longer reach each other.
    Fragmentation,
    /// DF: also counts pairs that are now further apart.
    DistanceFragmentation,
}

/// How a key-player set was found.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Search {
    /// Every k-set was tried: the set is optimal.
    Exhaustive,
    /// Borgatti's greedy swap among the `candidate_pool` highest-degree nodes: a heuristic, the
    /// set may not be optimal.
    GreedySwap { candidate_pool: usize },
}

/// Settings of [`key_players`].
///
/// Cost above `exhaustive_up_to`: each swap round scores `k·candidate_pool` sets, each an
/// O(n + m) pass for F, or `sampling.pivots` searches for DF — on 100,000 people prefer F, or a
/// small pool and few pivots for DF.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct KeyPlayerOptions {
    /// Sets of 1..=this many people are searched (M15: 3).
    pub max_set_size: usize,
    /// Exhaustive search while n is at most this (M15: 40); greedy swap above.
    pub exhaustive_up_to: usize,
    /// Greedy swap considers only this many nodes, by descending undirected degree.
    pub candidate_pool: usize,
    /// Seed of the greedy swap's random starting set.
    pub seed: u64,
    /// How DF is computed for each candidate set.
    pub sampling: Sampling,
}

impl Default for KeyPlayerOptions {
    fn default() -> KeyPlayerOptions {
        KeyPlayerOptions {
            max_set_size: 3,
            exhaustive_up_to: 40,
            candidate_pool: 30,
            seed: 0,
            sampling: Sampling::default(),
        }
    }
}

/// The best set of a given size and what removing it does.
#[derive(Clone, PartialEq, Debug)]
pub struct KeyPlayerSet {
    /// Node indices, ascending.
    pub nodes: Vec<u32>,
    /// F after removing them.
    pub fragmentation: f64,
    /// DF after removing them.
    pub distance_fragmentation: Estimate,
    pub search: Search,
}

/// Key players for k = 1..=`max_set_size`, with the intact graph's values as the baseline for
/// ΔF and ΔDF.
#[derive(Clone, PartialEq, Debug)]
pub struct KeyPlayers {
    pub objective: KeyPlayerObjective,
    pub baseline_fragmentation: f64,
    pub baseline_distance_fragmentation: Estimate,
    /// One entry per set size with at least two people left, ascending.
    pub best: Vec<KeyPlayerSet>,
}

/// KPP-Neg search (M15): for each k, the k people whose removal maximises `objective`.
/// Exhaustive when n ≤ `exhaustive_up_to`, otherwise Borgatti's greedy swap (labelled
/// [`Search::GreedySwap`]). Ties go to the lexicographically smallest set.
/// Undefined for n = 0 (`EMPTY`) and n < 3 (`N_TOO_SMALL`: nobody can leave two behind).
pub fn key_players(graph: &Digraph, objective: KeyPlayerObjective, options: &KeyPlayerOptions) -> Metric<KeyPlayers> {
    let n = graph.node_count();
    match n {
        0 => return Err(Undefined::Empty),
        1 | 2 => return Err(Undefined::NTooSmall),
        _ => {}
    }
    let undirected = graph.undirected();
    let evaluator = Evaluator { undirected: &undirected, objective, sampling: options.sampling };
    let intact = NodeMask::keep_all(n);
    let best = (1..=options.max_set_size.min(n - 2))
        .map(|k| {
            let (nodes, search) = if n <= options.exhaustive_up_to {
                (exhaustive_best(&evaluator, n, k)?, Search::Exhaustive)
            } else {
                let pool = candidate_pool(&undirected, options.candidate_pool.max(k + 1));
                let search = Search::GreedySwap { candidate_pool: pool.len() };
                (greedy_swap(&evaluator, &pool, k, options.seed)?, search)
            };
            let mask = NodeMask::removing(n, &nodes);
            Ok(KeyPlayerSet {
                fragmentation: fragmentation(&undirected, &mask)?,
                distance_fragmentation: evaluator.distance_fragmentation(&mask)?,
                nodes,
                search,
            })
        })
        .collect::<Metric<Vec<_>>>()?;
    Ok(KeyPlayers {
        objective,
        baseline_fragmentation: fragmentation(&undirected, &intact)?,
        baseline_distance_fragmentation: evaluator.distance_fragmentation(&intact)?,
        best,
    })
}

/// Scores candidate removals on one undirected graph.
struct Evaluator<'g> {
    undirected: &'g Digraph,
    objective: KeyPlayerObjective,
    sampling: Sampling,
}

impl Evaluator<'_> {
    fn score(&self, mask: &NodeMask) -> Metric<f64> {
        match self.objective {
            KeyPlayerObjective::Fragmentation => fragmentation(self.undirected, mask),
            KeyPlayerObjective::DistanceFragmentation => Ok(self.distance_fragmentation(mask)?.value),
        }
    }

    fn distance_fragmentation(&self, mask: &NodeMask) -> Metric<Estimate> {
        undirected_distance_fragmentation(self.undirected, mask, &self.sampling)
    }

    fn score_of(&self, set: &[u32]) -> Metric<f64> {
        self.score(&NodeMask::removing(self.undirected.node_count(), set))
    }
}

/// Scores closer than this count as equal, so the lexicographically first set wins.
const SCORE_TOLERANCE: f64 = 1e-12;

/// The best k-subset of `0..n`, trying all of them in lexicographic order.
fn exhaustive_best(evaluator: &Evaluator, n: usize, k: usize) -> Metric<Vec<u32>> {
    let mut set: Vec<u32> = (0..k as u32).collect();
    let mut best = (f64::NEG_INFINITY, set.clone());
    loop {
        let score = evaluator.score_of(&set)?;
        if score > best.0 + SCORE_TOLERANCE {
            best = (score, set.clone());
        }
        if !next_combination(&mut set, n as u32) {
            return Ok(best.1);
        }
    }
}

/// Advances `set` to the next k-combination of `0..n` in lexicographic order.
fn next_combination(set: &mut [u32], n: u32) -> bool {
    let k = set.len() as u32;
    let Some(i) = (0..set.len()).rev().find(|&i| set[i] < n - k + i as u32) else {
        return false;
    };
    set[i] += 1;
    for j in i + 1..set.len() {
        set[j] = set[j - 1] + 1;
    }
    true
}

/// The `size` nodes of highest undirected degree (ties to the lower index), ascending.
fn candidate_pool(undirected: &Digraph, size: usize) -> Vec<u32> {
    let mut nodes: Vec<u32> = undirected.nodes().collect();
    nodes.sort_by_key(|&v| (std::cmp::Reverse(undirected.out_degree(v)), v));
    nodes.truncate(size);
    nodes.sort_unstable();
    nodes
}

/// Borgatti's greedy swap: start from a seeded random k-set of the pool, then repeatedly make
/// the single swap (member out, non-member in) that improves the score most, until none does.
fn greedy_swap(evaluator: &Evaluator, pool: &[u32], k: usize, seed: u64) -> Metric<Vec<u32>> {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let mut set: Vec<u32> = rand::seq::index::sample(&mut rng, pool.len(), k).into_iter().map(|i| pool[i]).collect();
    set.sort_unstable();
    let mut score = evaluator.score_of(&set)?;
    // Each swap strictly improves the score, so this bound is never the reason to stop in
    // practice; it only guards against floating-point cycling.
    for _ in 0..pool.len() * k {
        let mut best: Option<(f64, Vec<u32>)> = None;
        for position in 0..k {
            for &candidate in pool.iter().filter(|c| !set.contains(c)) {
                let mut swapped = set.clone();
                swapped[position] = candidate;
                swapped.sort_unstable();
                let s = evaluator.score_of(&swapped)?;
                if s > best.as_ref().map_or(score, |b| b.0) + SCORE_TOLERANCE {
                    best = Some((s, swapped));
                }
            }
        }
        match best {
            Some((s, swapped)) => (score, set) = (s, swapped),
            None => break,
        }
    }
    Ok(set)
}

/// KPP-Pos reach of a set (M15).
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Reach {
    /// Nodes outside the set within m steps of it.
    pub reached: usize,
    /// `reached / (n − |S|)`; for m = 1, networkx `group_out_degree_centrality`.
    pub share: f64,
    /// Distance-weighted reach `Σ_j (1/d_{S,j}) / n` over all nodes (any distance), with the
    /// set's own members counted at distance 1 so that a set adjacent to everyone scores 1.
    pub weighted: f64,
}

/// m-reach of `set` along out-ties (M15, KPP-Pos): pass `A^T` for "whom the set's advice
/// reaches", `A` for "whom the set can ask". Indices outside the graph are ignored. O(n + m).
/// Undefined for n = 0 (`EMPTY`), and for m = 0, an empty set or a set holding everyone
/// (`N_TOO_SMALL`).
pub fn m_reach(graph: &Digraph, set: &[u32], m: u32) -> Metric<Reach> {
    let n = graph.node_count();
    if n == 0 {
        return Err(Undefined::Empty);
    }
    let mut members: Vec<u32> = set.iter().copied().filter(|&v| (v as usize) < n).collect();
    members.sort_unstable();
    members.dedup();
    if m == 0 || members.is_empty() || members.len() == n {
        return Err(Undefined::NTooSmall);
    }
    let distances = distances_from_set(graph, &members);
    let outside = distances.iter().filter(|d| d.is_some_and(|d| d > 0));
    let reached = outside.clone().filter(|d| d.is_some_and(|d| d <= m)).count();
    let inverse: f64 = outside.map(|d| d.map_or(0.0, |d| 1.0 / f64::from(d))).sum();
    Ok(Reach {
        reached,
        share: reached as f64 / (n - members.len()) as f64,
        weighted: (inverse + members.len() as f64) / n as f64,
    })
}

/// Hop distance from the nearest member of `set` (0 for members), `None` if unreachable.
fn distances_from_set(graph: &Digraph, set: &[u32]) -> Vec<Option<u32>> {
    let mut dist = vec![None; graph.node_count()];
    let mut queue: Vec<u32> = set.to_vec();
    set.iter().for_each(|&v| dist[v as usize] = Some(0));
    let mut head = 0;
    while let Some(&v) = queue.get(head) {
        head += 1;
        let next = dist[v as usize].map(|d| d + 1);
        for &w in graph.out_neighbours(v) {
            if dist[w as usize].is_none() {
                dist[w as usize] = next;
                queue.push(w);
            }
        }
    }
    dist
}

#[cfg(test)]
mod tests {
    use super::super::test_graphs::{complete, graph, out_star};
    use super::*;

    fn df(g: &Digraph, removed: &[u32]) -> f64 {
        let mask = NodeMask::removing(g.node_count(), removed);
        distance_fragmentation(g, &mask, &Sampling::default()).unwrap().value
    }

    #[test]
    fn removing_the_centre_of_a_star_fragments_it_completely() {
        let g = out_star(5);
        let intact = NodeMask::keep_all(5);
        assert_eq!(fragmentation(&g, &intact), Ok(0.0));
        assert_eq!(fragmentation(&g, &NodeMask::removing(5, &[0])), Ok(1.0));
        // Star of 5: 8 ordered pairs at distance 1, 12 at distance 2.
        assert!((df(&g, &[]) - (1.0 - (8.0 + 6.0) / 20.0)).abs() < 1e-12);
        assert_eq!(df(&g, &[0]), 1.0);
        assert_eq!(df(&complete(4), &[]), 0.0);
    }

    #[test]
    fn key_player_of_a_star_is_its_centre() {
        let g = out_star(6);
        for objective in [KeyPlayerObjective::Fragmentation, KeyPlayerObjective::DistanceFragmentation] {
            let kp = key_players(&g, objective, &KeyPlayerOptions::default()).unwrap();
            assert_eq!(kp.best[0].nodes, vec![0]);
            assert_eq!(kp.best[0].search, Search::Exhaustive);
            assert_eq!(kp.best[0].fragmentation, 1.0);
            assert_eq!(kp.best.len(), 3);
        }
    }

    #[test]
    fn greedy_swap_finds_the_bridges_of_a_barbell() {
        // Two cliques of 6 joined through node 12.
        let mut edges = Vec::new();
        for base in [0u32, 6] {
            for a in base..base + 6 {
                for b in base..base + 6 {
                    edges.push((a, b));
                }
            }
        }
        edges.extend([(5, 12), (12, 6)]);
        let g = graph(13, &edges);
        let options = KeyPlayerOptions {
            max_set_size: 1,
            exhaustive_up_to: 5,
            candidate_pool: 13,
            ..KeyPlayerOptions::default()
        };
        let kp = key_players(&g, KeyPlayerObjective::Fragmentation, &options).unwrap();
        assert_eq!(kp.best[0].search, Search::GreedySwap { candidate_pool: 13 });
        let exhaustive = KeyPlayerOptions { exhaustive_up_to: 40, ..options };
        let best = key_players(&g, KeyPlayerObjective::Fragmentation, &exhaustive).unwrap();
        assert_eq!(kp.best[0].fragmentation, best.best[0].fragmentation);
        assert_eq!(best.best[0].nodes, vec![12]);
    }

    #[test]
    fn combinations_are_enumerated_in_order() {
        let mut set = vec![0, 1];
        let mut all = vec![set.clone()];
        while next_combination(&mut set, 4) {
            all.push(set.clone());
        }
        assert_eq!(all.len(), 6);
        assert_eq!(all.last(), Some(&vec![2, 3]));
    }

    #[test]
    fn sampled_distance_fragmentation_stays_within_its_bound() {
        let edges: Vec<(u32, u32)> = (0..200u32).map(|v| (v, (v * 17 + 5) % 200)).collect();
        let g = graph(200, &edges);
        let mask = NodeMask::keep_all(200);
        let exact = distance_fragmentation(&g, &mask, &Sampling::default()).unwrap();
        let sampling = Sampling { exact_up_to: 50, pivots: 60, seed: 9, ..Sampling::default() };
        let sampled = distance_fragmentation(&g, &mask, &sampling).unwrap();
        let Method::Sampled { error_bound, .. } = sampled.method else { panic!("expected a sample") };
        assert!((sampled.value - exact.value).abs() <= error_bound);
        assert_ne!(sampled.value, exact.value);
    }

    #[test]
    fn reach_of_the_centre_of_a_star() {
        let g = out_star(5);
        let r = m_reach(&g, &[0], 1).unwrap();
        assert_eq!((r.reached, r.share, r.weighted), (4, 1.0, 1.0));
        let leaf = m_reach(&g, &[1], 2).unwrap();
        assert_eq!((leaf.reached, leaf.share, leaf.weighted), (0, 0.0, 0.2));
        assert_eq!(m_reach(&g, &[], 1), Err(Undefined::NTooSmall));
    }

    #[test]
    fn null_paths() {
        let empty = graph(0, &[]);
        let none = NodeMask::keep_all(0);
        assert_eq!(fragmentation(&empty, &none), Err(Undefined::Empty));
        let one = graph(2, &[(0, 1)]);
        let mask = NodeMask::removing(2, &[0]);
        assert_eq!(fragmentation(&one, &mask), Err(Undefined::NTooSmall));
        assert_eq!(distance_fragmentation(&one, &mask, &Sampling::default()), Err(Undefined::NTooSmall));
        let options = KeyPlayerOptions::default();
        assert_eq!(key_players(&one, KeyPlayerObjective::Fragmentation, &options), Err(Undefined::NTooSmall));
        assert_eq!(m_reach(&empty, &[0], 1), Err(Undefined::Empty));
    }
}
