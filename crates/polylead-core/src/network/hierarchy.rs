//! Krackhardt's (1994) hierarchy dimensions (METRICS.md M6) — connectedness, hierarchy,
//! efficiency, least upper boundedness — and networkx's global reaching centrality.
//! All four dimensions equal 1 for a pure out-tree.

use super::Digraph;
use super::components::{strong_components, weak_components};
use super::paths::{Bfs, reach_counts};
use crate::metric::{Metric, Undefined};

/// Connectedness `Σ_k s_k(s_k−1) / (n(n−1))` over weak components (M6, sna `connectedness`).
/// Undefined for n = 0 (`EMPTY`) and n = 1 (`N_TOO_SMALL`).
pub fn connectedness(graph: &Digraph) -> Metric<f64> {
    let n = at_least_two_nodes(graph)? as f64;
    let pairs: f64 = weak_components(graph, None).sizes.iter().map(|&s| (s * (s - 1)) as f64).sum();
    Ok(pairs / (n * (n - 1.0)))
}

/// Krackhardt hierarchy `1 − M/(M+A)` on the reachability digraph (M6; sna
/// `hierarchy(…, "krackhardt")`). Direction-free. Computed on strong components: pairs inside
/// one are mutual, every other reachable pair is asymmetric.
/// Undefined for n = 0 (`EMPTY`) and when no pair is reachable (`NO_TIES`).
pub fn hierarchy(graph: &Digraph) -> Metric<f64> {
    if graph.node_count() == 0 {
        return Err(Undefined::Empty);
    }
    let mutual: u64 = strong_components(graph).sizes.iter().map(|&s| (s * (s - 1) / 2) as u64).sum();
    let ordered_reachable: u64 = reach_counts(graph).iter().sum();
    let reachable_pairs = ordered_reachable - mutual;
    if reachable_pairs == 0 {
        return Err(Undefined::NoTies);
    }
    Ok(1.0 - mutual as f64 / reachable_pairs as f64)
}

/// Which of the two published efficiency formulas (M6) to use; reports show the label.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum EfficiencyVariant {
    /// sna `efficiency` on a digraph: `1 − (|E| − Σ(s_k−1)) / Σ(s_k−1)²`, |E| = arcs.
    SnaDirected,
    /// Krackhardt's undirected original: `1 − (|E_und| − Σ(s_k−1)) / Σ(s_k−1)(s_k−2)/2`, with
    /// |E_und| the number of tied unordered pairs.
    KrackhardtUndirected,
}

/// Krackhardt efficiency (M6): how few ties beyond a spanning tree each weak component has.
/// Undefined for n = 0 (`EMPTY`), without ties (`NO_TIES`), and when the components are too
/// small for any surplus tie (`N_TOO_SMALL`).
pub fn efficiency(graph: &Digraph, variant: EfficiencyVariant) -> Metric<f64> {
    if graph.node_count() == 0 {
        return Err(Undefined::Empty);
    }
    if graph.edge_count() == 0 {
        return Err(Undefined::NoTies);
    }
    let sizes = weak_components(graph, None).sizes;
    let required: usize = sizes.iter().map(|s| s - 1).sum();
    let (ties, maximum_surplus) = match variant {
        EfficiencyVariant::SnaDirected => (graph.edge_count(), sizes.iter().map(|s| (s - 1) * (s - 1)).sum::<usize>()),
        EfficiencyVariant::KrackhardtUndirected => {
            (graph.undirected().edge_count() / 2, sizes.iter().map(|&s| surplus_pairs(s)).sum::<usize>())
        }
    };
    if maximum_surplus == 0 {
        return Err(Undefined::NTooSmall);
    }
    Ok(1.0 - (ties - required) as f64 / maximum_surplus as f64)
}

/// `(s−1)(s−2)/2`: the number of pairs of a component of size s beyond a spanning tree.
fn surplus_pairs(size: usize) -> usize {
    size.saturating_sub(1) * size.saturating_sub(2) / 2
}

/// Least upper boundedness (M6, sna `lubness`): for each pair in a weak component of size ≥ 3,
/// the nodes reaching both (reachability reflexive) must include one that reaches all the
/// others; `LUB = 1 − violations / Σ(s_k−1)(s_k−2)/2` (sna's denominator, although
/// `s(s−1)/2` pairs are checked, so a very unbounded graph can score below 0).
///
/// Orient superior → subordinate (`R^T`, `A^T`) before calling. Cost: per component, s²/8 bytes
/// and O(s²·|U|·s/64) — meant for team- and study-sized graphs (a few thousand nodes).
/// Undefined for n = 0 (`EMPTY`) and without a component of size ≥ 3 (`N_TOO_SMALL`).
pub fn least_upper_boundedness(graph: &Digraph) -> Metric<f64> {
    if graph.node_count() == 0 {
        return Err(Undefined::Empty);
    }
    let components = weak_components(graph, None);
    let mut members: Vec<Vec<u32>> = vec![Vec::new(); components.sizes.len()];
    for v in graph.nodes() {
        members[components.membership[v as usize] as usize].push(v);
    }
    let mut violations = 0u64;
    let mut maximum = 0usize;
    let mut bfs = Bfs::new(graph.node_count());
    for nodes in members.iter().filter(|m| m.len() >= 3) {
        violations += lub_violations(graph, nodes, &mut bfs);
        maximum += surplus_pairs(nodes.len());
    }
    if maximum == 0 {
        return Err(Undefined::NTooSmall);
    }
    Ok(1.0 - violations as f64 / maximum as f64)
}

/// Bitset rows over a component's local indices.
struct BitRows {
    words: usize,
    bits: Vec<u64>,
}

impl BitRows {
    fn new(rows: usize, columns: usize) -> BitRows {
        let words = columns.div_ceil(64);
        BitRows { words, bits: vec![0; rows * words] }
    }
    fn row(&self, r: usize) -> &[u64] {
        &self.bits[r * self.words..(r + 1) * self.words]
    }
    fn set(&mut self, r: usize, c: usize) {
        self.bits[r * self.words + c / 64] |= 1 << (c % 64);
    }
}

/// LUB violations among the pairs of one weak component (`nodes`, ascending).
fn lub_violations(graph: &Digraph, nodes: &[u32], bfs: &mut Bfs) -> u64 {
    let s = nodes.len();
    let local = |v: u32| nodes.binary_search(&v).unwrap_or(usize::MAX);
    let mut reaches = BitRows::new(s, s);
    let mut reached_by = BitRows::new(s, s);
    for (i, &v) in nodes.iter().enumerate() {
        bfs.run(graph, v, None);
        for &w in &bfs.order {
            let j = local(w);
            reaches.set(i, j);
            reached_by.set(j, i);
        }
    }
    let mut common = vec![0u64; reaches.words];
    let mut violations = 0;
    for i in 0..s {
        for j in i + 1..s {
            for (c, (a, b)) in common.iter_mut().zip(reached_by.row(i).iter().zip(reached_by.row(j))) {
                *c = a & b;
            }
            if !has_least_upper_bound(&common, &reaches) {
                violations += 1;
            }
        }
    }
    violations
}

/// Whether some member of `bounds` reaches every member of `bounds` (false when empty).
fn has_least_upper_bound(bounds: &[u64], reaches: &BitRows) -> bool {
    set_bits(bounds).any(|k| {
        let row = reaches.row(k);
        bounds.iter().zip(row).all(|(b, r)| b & !r == 0)
    })
}

fn set_bits(words: &[u64]) -> impl Iterator<Item = usize> + '_ {
    words.iter().enumerate().flat_map(|(w, &word)| (0..64).filter(move |b| word >> b & 1 == 1).map(move |b| w * 64 + b))
}

/// Global reaching centrality (networkx, unweighted, directed): with `c_i` = the share of the
/// other n−1 nodes that i reaches, `Σ(max c − c_i) / (n−1)`. Used alongside M6; `R^T` scores
/// near 1, a strongly connected graph 0.
/// Undefined for n = 0 (`EMPTY`), n = 1 (`N_TOO_SMALL`) and without ties (`NO_TIES`).
pub fn global_reaching_centrality(graph: &Digraph) -> Metric<f64> {
    let n = at_least_two_nodes(graph)? as f64;
    if graph.edge_count() == 0 {
        return Err(Undefined::NoTies);
    }
    let reach: Vec<f64> = reach_counts(graph).iter().map(|&r| r as f64 / (n - 1.0)).collect();
    let top = reach.iter().copied().fold(0.0, f64::max);
    Ok(reach.iter().map(|r| top - r).sum::<f64>() / (n - 1.0))
}

fn at_least_two_nodes(graph: &Digraph) -> Metric<usize> {
    match graph.node_count() {
        0 => Err(Undefined::Empty),
        1 => Err(Undefined::NTooSmall),
        n => Ok(n),
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_graphs::{complete, graph, out_star, out_tree};
    use super::*;

    fn dimensions(g: &Digraph) -> [Metric<f64>; 4] {
        [connectedness(g), hierarchy(g), efficiency(g, EfficiencyVariant::SnaDirected), least_upper_boundedness(g)]
    }

    #[test]
    fn out_tree_scores_one_on_every_dimension() {
        assert_eq!(dimensions(&out_tree(15)), [Ok(1.0); 4]);
        assert_eq!(efficiency(&out_tree(15), EfficiencyVariant::KrackhardtUndirected), Ok(1.0));
        assert_eq!(dimensions(&out_star(6)), [Ok(1.0); 4]);
    }

    #[test]
    fn in_tree_violates_upper_bounds() {
        // Leaves 1 and 2 point to 0: nobody reaches both leaves; transposed, 0 bounds them.
        let g = graph(3, &[(1, 0), (2, 0)]);
        assert_eq!(least_upper_boundedness(&g), Ok(0.0));
        assert_eq!(least_upper_boundedness(&g.transpose()), Ok(1.0));
    }

    #[test]
    fn complete_digraph_has_no_hierarchy_and_no_efficiency() {
        let g = complete(5);
        assert_eq!(hierarchy(&g), Ok(0.0));
        assert_eq!(connectedness(&g), Ok(1.0));
        assert_eq!(efficiency(&g, EfficiencyVariant::SnaDirected), Ok(1.0 - 16.0 / 16.0));
        assert_eq!(global_reaching_centrality(&g), Ok(0.0));
    }

    #[test]
    fn reaching_centrality_of_an_out_star_is_one() {
        assert_eq!(global_reaching_centrality(&out_star(5)), Ok(1.0));
    }

    #[test]
    fn disconnected_pairs_lower_connectedness() {
        let g = graph(4, &[(0, 1), (2, 3)]);
        assert_eq!(connectedness(&g), Ok(4.0 / 12.0));
        assert_eq!(hierarchy(&g), Ok(1.0));
        assert_eq!(least_upper_boundedness(&g), Err(Undefined::NTooSmall));
    }

    #[test]
    fn null_paths() {
        let empty = graph(0, &[]);
        assert_eq!(dimensions(&empty), [Err(Undefined::Empty); 4]);
        assert_eq!(connectedness(&graph(1, &[])), Err(Undefined::NTooSmall));
        assert_eq!(hierarchy(&graph(2, &[])), Err(Undefined::NoTies));
        assert_eq!(efficiency(&graph(2, &[]), EfficiencyVariant::SnaDirected), Err(Undefined::NoTies));
        assert_eq!(
            efficiency(&graph(2, &[(0, 1)]), EfficiencyVariant::KrackhardtUndirected),
            Err(Undefined::NTooSmall)
        );
        assert_eq!(global_reaching_centrality(&graph(2, &[])), Err(Undefined::NoTies));
        assert_eq!(global_reaching_centrality(&graph(1, &[])), Err(Undefined::NTooSmall));
    }
}
