//! Ties within and between groups: the E-I index (METRICS.md M8) and Gould-Fernandez
//! brokerage (M9).
//!
//! Groups are given per node index as `Option<u32>` (a team, department, office …); a node with
//! no group (or beyond the end of the slice) forms a singleton group of its own, and is listed in
//! the result's `ungrouped` so reports can flag it.

use super::Digraph;
use crate::metric::{Metric, Undefined};

/// The E-I index and its baseline.
#[derive(Clone, PartialEq, Debug)]
pub struct EiIndex {
    /// `(E − I)/(E + I)`: +1 = all ties between groups, −1 = all within.
    pub value: f64,
    /// The value expected if ties fell at random: `1 − 2Σ_g n_g(n_g−1) / (n(n−1))`.
    pub expected: f64,
    /// Directed ties between groups (E).
    pub external: u64,
    /// Directed ties within a group (I).
    pub internal: u64,
    /// Nodes without a group, each counted as a group of one.
    pub ungrouped: Vec<u32>,
}

/// E-I index over directed ties (M8; networkx `attribute_mixing_matrix`: I = trace,
/// E = total − I). Multi-group membership is the caller's choice: pass the primary group.
/// Undefined for n = 0 (`EMPTY`) and without ties (`NO_TIES`).
pub fn ei_index(graph: &Digraph, groups: &[Option<u32>]) -> Metric<EiIndex> {
    let n = graph.node_count();
    if n == 0 {
        return Err(Undefined::Empty);
    }
    let group = effective_groups(n, groups);
    let internal = graph.edges().filter(|&(a, b)| group[a as usize] == group[b as usize]).count() as u64;
    let external = graph.edge_count() as u64 - internal;
    if internal + external == 0 {
        return Err(Undefined::NoTies);
    }
    let mut sizes = std::collections::BTreeMap::<u64, u64>::new();
    for &g in &group {
        *sizes.entry(g).or_default() += 1;
    }
    let within_pairs: u64 = sizes.values().map(|s| s * (s - 1)).sum();
    let n = n as f64;
    Ok(EiIndex {
        value: (external as f64 - internal as f64) / (external + internal) as f64,
        expected: 1.0 - 2.0 * within_pairs as f64 / (n * (n - 1.0)),
        external,
        internal,
        ungrouped: ungrouped(n as usize, groups),
    })
}

/// One group id per node: the given group, or a fresh id for an ungrouped node.
fn effective_groups(n: usize, groups: &[Option<u32>]) -> Vec<u64> {
    (0..n)
        .map(|v| match groups.get(v).copied().flatten() {
            Some(g) => u64::from(g),
            None => (1 << 32) + v as u64,
        })
        .collect()
}

fn ungrouped(n: usize, groups: &[Option<u32>]) -> Vec<u32> {
    (0..n as u32).filter(|&v| groups.get(v as usize).copied().flatten().is_none()).collect()
}

/// Gould-Fernandez brokerage roles of a broker j on a 2-path `i -> j -> k`.
#[derive(Clone, Copy, Default, PartialEq, Eq, Debug)]
pub struct BrokerageCounts {
    /// `w_I`: i, j and k in one group.
    pub coordinator: u64,
    /// `w_O`: i and k in one group, j outside it.
    pub itinerant: u64,
    /// `b_IO`: i and j in one group, k outside.
    pub representative: u64,
    /// `b_OI`: j and k in one group, i outside.
    pub gatekeeper: u64,
    /// `b_O`: all three in different groups.
    pub liaison: u64,
}

impl BrokerageCounts {
    /// All roles together.
    pub fn total(&self) -> u64 {
        self.coordinator + self.itinerant + self.representative + self.gatekeeper + self.liaison
    }

    fn add(&mut self, other: &BrokerageCounts) {
        self.coordinator += other.coordinator;
        self.itinerant += other.itinerant;
        self.representative += other.representative;
        self.gatekeeper += other.gatekeeper;
        self.liaison += other.liaison;
    }
}

/// Brokerage counts per node and in total.
#[derive(Clone, PartialEq, Debug)]
pub struct Brokerage {
    /// Raw counts by node index (sna `brokerage(g, cl)$raw.nli`).
    pub per_node: Vec<BrokerageCounts>,
    pub totals: BrokerageCounts,
    /// Nodes without a group, each counted as a group of one: flag them in reports.
    pub ungrouped: Vec<u32>,
}

/// Gould-Fernandez brokerage (M9, sna `brokerage_R`): every 2-path `i -> j -> k` with i ≠ k
/// and no tie `i -> k` gives j one count, typed by the groups of i, j and k. Transposing the
/// graph swaps representative and gatekeeper. O(Σ_j in(j)·out(j)·log d).
///
/// sna's z-scores are left out: their expected values and variances depend on sna's own
/// density and group-size approximations, which are not reproduced here exactly.
/// Undefined for n = 0 (`EMPTY`); zero counts on a non-empty graph are real zeros.
pub fn brokerage(graph: &Digraph, groups: &[Option<u32>]) -> Metric<Brokerage> {
    let n = graph.node_count();
    if n == 0 {
        return Err(Undefined::Empty);
    }
    let group = effective_groups(n, groups);
    let per_node: Vec<BrokerageCounts> = graph.nodes().map(|j| broker_counts(graph, &group, j)).collect();
    let mut totals = BrokerageCounts::default();
    per_node.iter().for_each(|c| totals.add(c));
    Ok(Brokerage { per_node, totals, ungrouped: ungrouped(n, groups) })
}

fn broker_counts(graph: &Digraph, group: &[u64], j: u32) -> BrokerageCounts {
    let mut counts = BrokerageCounts::default();
    let gj = group[j as usize];
    for &i in graph.in_neighbours(j) {
        let gi = group[i as usize];
        for &k in graph.out_neighbours(j) {
            if i == k || graph.has_edge(i, k) {
                continue;
            }
            let gk = group[k as usize];
            let role = match (gi == gj, gj == gk, gi == gk) {
                (true, true, _) => &mut counts.coordinator,
                (true, false, _) => &mut counts.representative,
                (false, true, _) => &mut counts.gatekeeper,
                (false, false, true) => &mut counts.itinerant,
                (false, false, false) => &mut counts.liaison,
            };
            *role += 1;
        }
    }
    counts
}

#[cfg(test)]
mod tests {
    use super::super::test_graphs::graph;
    use super::*;

    #[test]
    fn ei_counts_ties_within_and_between() {
        // Groups {0,1} and {2,3}: ties 0->1 (in), 1->2 (out), 2->3 (in), 3->0 (out), 0->2 (out).
        let g = graph(4, &[(0, 1), (1, 2), (2, 3), (3, 0), (0, 2)]);
        let ei = ei_index(&g, &[Some(1), Some(1), Some(2), Some(2)]).unwrap();
        assert_eq!((ei.external, ei.internal), (3, 2));
        assert_eq!(ei.value, 0.2);
        assert_eq!(ei.expected, 1.0 - 2.0 * 4.0 / 12.0);
        assert!(ei.ungrouped.is_empty());
    }

    #[test]
    fn ungrouped_nodes_are_groups_of_one_and_flagged() {
        let g = graph(3, &[(0, 1), (1, 2)]);
        let ei = ei_index(&g, &[Some(5), None]).unwrap();
        assert_eq!(ei.value, 1.0);
        assert_eq!(ei.ungrouped, vec![1, 2]);
    }

    #[test]
    fn each_brokerage_role_is_recognised() {
        let path = graph(3, &[(0, 1), (1, 2)]);
        let role_of = |groups: [u32; 3]| {
            let groups: Vec<Option<u32>> = groups.iter().map(|&g| Some(g)).collect();
            brokerage(&path, &groups).unwrap().per_node[1]
        };
        assert_eq!(role_of([1, 1, 1]).coordinator, 1);
        assert_eq!(role_of([1, 2, 1]).itinerant, 1);
        assert_eq!(role_of([1, 1, 2]).representative, 1);
        assert_eq!(role_of([2, 1, 1]).gatekeeper, 1);
        assert_eq!(role_of([1, 2, 3]).liaison, 1);
        let transposed = brokerage(&path.transpose(), &[Some(1), Some(1), Some(2)]).unwrap();
        assert_eq!(transposed.per_node[1].gatekeeper, 1);
    }

    #[test]
    fn closed_triads_and_returns_are_not_brokerage() {
        let g = graph(3, &[(0, 1), (1, 2), (0, 2), (1, 0)]);
        let b = brokerage(&g, &[Some(1); 3]).unwrap();
        assert_eq!(b.totals.total(), 0);
    }

    #[test]
    fn null_paths() {
        assert_eq!(ei_index(&graph(0, &[]), &[]), Err(Undefined::Empty));
        assert_eq!(ei_index(&graph(3, &[]), &[]), Err(Undefined::NoTies));
        assert_eq!(brokerage(&graph(0, &[]), &[]), Err(Undefined::Empty));
    }
}
