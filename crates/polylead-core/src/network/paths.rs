//! Breadth-first search with reusable buffers, and how many nodes each node reaches.

use super::components::strong_components;
use super::{Digraph, NodeMask, compress};

/// Distance of a node the search did not reach.
pub(crate) const UNREACHED: u32 = u32::MAX;

/// Breadth-first search over out-edges, reusing its buffers between sources: a run costs
/// O(nodes and edges reached), not O(n).
pub(crate) struct Bfs {
    /// Hop distance from the last source, or [`UNREACHED`].
    pub dist: Vec<u32>,
    /// Nodes reached by the last run, in order of non-decreasing distance (source first).
    pub order: Vec<u32>,
}

impl Bfs {
    pub fn new(node_count: usize) -> Bfs {
        Bfs { dist: vec![UNREACHED; node_count], order: Vec::new() }
    }

    /// Runs from `source`, skipping nodes removed by `mask`.
    pub fn run(&mut self, graph: &Digraph, source: u32, mask: Option<&NodeMask>) {
        for &v in &self.order {
            self.dist[v as usize] = UNREACHED;
        }
        self.order.clear();
        self.dist[source as usize] = 0;
        self.order.push(source);
        let mut head = 0;
        while let Some(&v) = self.order.get(head) {
            head += 1;
            let next = self.dist[v as usize] + 1;
            for &w in graph.out_neighbours(v) {
                if self.dist[w as usize] == UNREACHED && !mask.is_some_and(|m| m.is_removed(w)) {
                    self.dist[w as usize] = next;
                    self.order.push(w);
                }
            }
        }
    }
}

/// Upper bound on the bitset memory of [`reach_counts`], in 64-bit words (64 MiB).
const REACH_WORD_BUDGET: usize = 1 << 23;

/// For every node, the number of *other* nodes it reaches by a directed path.
///
/// Exact, on the condensation (strong components): the reach set of a component is its own
/// nodes plus the reach sets of its successors, built sinks first as bitsets over the nodes. The
/// node range is processed in chunks so memory stays under 64 MiB: O((C + m_c)·n/64) word
/// operations for C components and m_c condensation edges.
pub(crate) fn reach_counts(graph: &Digraph) -> Vec<u64> {
    let n = graph.node_count();
    let scc = strong_components(graph);
    let component_count = scc.sizes.len();
    let mut pairs: Vec<(u32, u32)> = graph
        .edges()
        .map(|(a, b)| (scc.membership[a as usize], scc.membership[b as usize]))
        .filter(|(a, b)| a != b)
        .collect();
    pairs.sort_unstable();
    pairs.dedup();
    let (offsets, successors) = compress(component_count, pairs.into_iter());
    // Positions: nodes laid out component by component, so a component owns one bit range.
    let mut start = vec![0usize; component_count + 1];
    for (c, size) in scc.sizes.iter().enumerate() {
        start[c + 1] = start[c] + size;
    }
    let total_words = n.div_ceil(64);
    let width = (REACH_WORD_BUDGET / component_count.max(1)).clamp(1, total_words.max(1));
    let mut rows = vec![0u64; component_count * width];
    let mut reached = vec![0u64; component_count];
    for first_word in (0..total_words).step_by(width) {
        let lo = first_word * 64;
        let hi = (lo + width * 64).min(n);
        rows.fill(0);
        for c in 0..component_count {
            let (done, rest) = rows.split_at_mut(c * width);
            let row = &mut rest[..width];
            set_bits(row, start[c].max(lo) - lo, start[c + 1].min(hi).max(lo) - lo);
            for &s in &successors[offsets[c]..offsets[c + 1]] {
                let other = &done[s as usize * width..(s as usize + 1) * width];
                for (word, bits) in row.iter_mut().zip(other) {
                    *word |= bits;
                }
            }
            reached[c] += row.iter().map(|w| u64::from(w.count_ones())).sum::<u64>();
        }
    }
    scc.membership.iter().map(|&c| reached[c as usize] - 1).collect()
}

/// Sets bits `from..to` of a bitset (no-op when `from >= to`).
fn set_bits(row: &mut [u64], from: usize, to: usize) {
    for bit in from..to {
        row[bit / 64] |= 1 << (bit % 64);
    }
}

#[cfg(test)]
mod tests {
    use super::super::test_graphs::{complete, graph, out_tree};
    use super::*;

    #[test]
    fn reach_counts_on_a_tree_and_a_cycle() {
        assert_eq!(reach_counts(&out_tree(7)), vec![6, 2, 2, 0, 0, 0, 0]);
        assert_eq!(reach_counts(&complete(4)), vec![3; 4]);
        let g = graph(4, &[(0, 1), (1, 0), (1, 2), (3, 3)]);
        assert_eq!(reach_counts(&g), vec![2, 2, 0, 0]);
    }

    #[test]
    fn reach_counts_match_bfs_on_a_larger_graph() {
        let edges: Vec<(u32, u32)> = (0..300u32)
            .flat_map(|v| [(v, (v * 7 + 3) % 300), (v, (v * v + 11) % 300)])
            .filter(|&(a, b)| a % 5 != 0 || b > a)
            .collect();
        let g = graph(300, &edges);
        let mut bfs = Bfs::new(300);
        let expected: Vec<u64> = g
            .nodes()
            .map(|v| {
                bfs.run(&g, v, None);
                bfs.order.len() as u64 - 1
            })
            .collect();
        assert_eq!(reach_counts(&g), expected);
    }
}
