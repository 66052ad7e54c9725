//! Density, the dyad census and edgewise reciprocity (METRICS.md M7), O(n + m).

use super::Digraph;
use crate::metric::{Metric, Undefined};

/// The dyad census: every unordered pair of distinct nodes is mutual (ties both ways),
/// asymmetric (one way) or null (none).
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub struct DyadCensus {
    pub mutual: u64,
    pub asymmetric: u64,
    pub null: u64,
}

/// Share of possible directed ties present: `m / (n(n−1))`.
/// Undefined for n = 0 (`EMPTY`) and n = 1 (`N_TOO_SMALL`).
pub fn density(graph: &Digraph) -> Metric<f64> {
    let n = graph.node_count() as f64;
    match graph.node_count() {
        0 => Err(Undefined::Empty),
        1 => Err(Undefined::NTooSmall),
        _ => Ok(graph.edge_count() as f64 / (n * (n - 1.0))),
    }
}

/// Counts mutual, asymmetric and null dyads (M7). Undefined for the empty graph.
pub fn dyad_census(graph: &Digraph) -> Metric<DyadCensus> {
    if graph.node_count() == 0 {
        return Err(Undefined::Empty);
    }
    // Ties returned: for each node, the people it both sends to and hears from, found by
    // walking its sorted out- and in-lists side by side (each mutual dyad counts twice).
    let reciprocated: u64 = graph.nodes().map(|v| common(graph.out_neighbours(v), graph.in_neighbours(v))).sum();
    let mutual = reciprocated / 2;
    let asymmetric = graph.edge_count() as u64 - reciprocated;
    let n = graph.node_count() as u64;
    Ok(DyadCensus { mutual, asymmetric, null: n * (n - 1) / 2 - mutual - asymmetric })
}

/// How many values two sorted lists share.
fn common(a: &[u32], b: &[u32]) -> u64 {
    let (mut i, mut j, mut shared) = (0, 0, 0);
    while i < a.len() && j < b.len() {
        match a[i].cmp(&b[j]) {
            std::cmp::Ordering::Less => i += 1,
            std::cmp::Ordering::Greater => j += 1,
            std::cmp::Ordering::Equal => {
                shared += 1;
                i += 1;
                j += 1;
            }
        }
    }
    shared
}

/// Edgewise reciprocity `2M / (2M + A)` (M7; networkx `overall_reciprocity`, igraph
/// `reciprocity()`, sna `grecip(m, "edgewise")`). Never sna's default `(M+N)/(M+A+N)`.
/// Undefined without ties (`NO_TIES`).
pub fn reciprocity(graph: &Digraph) -> Metric<f64> {
    let census = dyad_census(graph)?;
    let tied = 2 * census.mutual + census.asymmetric;
    if tied == 0 {
        return Err(Undefined::NoTies);
    }
    Ok(2.0 * census.mutual as f64 / tied as f64)
}

#[cfg(test)]
mod tests {
    use super::super::test_graphs::{complete, graph, out_star};
    use super::*;

    #[test]
    fn complete_digraph_is_fully_reciprocal_and_dense() {
        let g = complete(5);
        assert_eq!(density(&g), Ok(1.0));
        assert_eq!(reciprocity(&g), Ok(1.0));
        let census = dyad_census(&g).unwrap();
        assert_eq!((census.mutual, census.asymmetric, census.null), (10, 0, 0));
    }

    #[test]
    fn star_has_no_reciprocity() {
        let g = out_star(5);
        assert_eq!(reciprocity(&g), Ok(0.0));
        assert_eq!(density(&g), Ok(0.2));
        assert_eq!(dyad_census(&g).unwrap().null, 6);
    }

    #[test]
    fn mixed_graph() {
        let g = graph(3, &[(0, 1), (1, 0), (1, 2)]);
        assert_eq!(reciprocity(&g), Ok(2.0 / 3.0));
    }

    #[test]
    fn null_paths() {
        assert_eq!(density(&graph(0, &[])), Err(Undefined::Empty));
        assert_eq!(density(&graph(1, &[])), Err(Undefined::NTooSmall));
        assert_eq!(dyad_census(&graph(0, &[])), Err(Undefined::Empty));
        assert_eq!(reciprocity(&graph(2, &[])), Err(Undefined::NoTies));
        assert_eq!(reciprocity(&graph(0, &[])), Err(Undefined::Empty));
    }
}
