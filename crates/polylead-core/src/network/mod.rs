//! Network (graph) metrics of METRICS.md (M4–M10, M15), pure and deterministic.
//!
//! Every graph is a [`Digraph`]: a compact CSR adjacency over node indices `0..n` (`u32`), built
//! from an edge list with self-loops removed and parallel edges merged (METRICS.md §0). The caller
//! maps people to indices and back; every per-node result is indexed by that node index, so it is
//! deterministic. "What if these people leave" analyses take a [`NodeMask`] instead of cloning the
//! graph (STACK.md trap 9).
//!
//! Orientation is the caller's: METRICS.md stores advice as seeker → sought (`A`); pass
//! [`Digraph::transpose`] where a metric asks for the flow graph (`A^T`, `R^T`).
//!
//! Cost: everything is O(n + m) except betweenness and global efficiency (O(n·m) exact, so both
//! switch to seeded pivot sampling with a stated error bound above a size threshold), reachability
//! counts (O(m·n/64) word operations in bounded memory), LUB (quadratic memory, for team-sized
//! graphs) and QAP (dense n×n matrices, for study-sized graphs).

mod brandes;
pub mod centralization;
mod components;
pub mod formal;
pub mod fragmentation;
pub mod hierarchy;
pub mod mixing;
mod paths;
pub mod reciprocity;
mod sampling;

pub use sampling::{Estimate, Method, Sampling};

/// A node index given to [`Digraph::from_edges`] was not below the node count.
#[derive(Clone, Copy, PartialEq, Eq, Debug, thiserror::Error)]
#[error("node {node} is out of range for a graph of {node_count} nodes")]
pub struct NodeOutOfRange {
    pub node: u32,
    pub node_count: u32,
}

/// A simple directed graph (no self-loops, no parallel edges) in compressed sparse row form,
/// with both out- and in-adjacency. Neighbour lists are sorted.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct Digraph {
    out_offsets: Vec<usize>,
    out_targets: Vec<u32>,
    in_offsets: Vec<usize>,
    in_sources: Vec<u32>,
}

impl Default for Digraph {
    /// The graph with no nodes.
    fn default() -> Digraph {
        Digraph::from_sorted_unique(0, &[])
    }
}

impl Digraph {
    /// Builds the graph on nodes `0..node_count`, dropping self-loops and merging parallel edges
    /// (METRICS.md §0).
    pub fn from_edges(node_count: u32, edges: impl IntoIterator<Item = (u32, u32)>) -> Result<Digraph, NodeOutOfRange> {
        let mut pairs = Vec::new();
        for (from, to) in edges {
            for node in [from, to] {
                if node >= node_count {
                    return Err(NodeOutOfRange { node, node_count });
                }
            }
            if from != to {
                pairs.push((from, to));
            }
        }
        pairs.sort_unstable();
        pairs.dedup();
        Ok(Digraph::from_sorted_unique(node_count as usize, &pairs))
    }

    /// `pairs` must be sorted, without duplicates or loops, and within `0..n`.
    fn from_sorted_unique(n: usize, pairs: &[(u32, u32)]) -> Digraph {
        let (out_offsets, out_targets) = compress(n, pairs.iter().copied());
        let mut reversed: Vec<(u32, u32)> = pairs.iter().map(|&(a, b)| (b, a)).collect();
        reversed.sort_unstable();
        let (in_offsets, in_sources) = compress(n, reversed.into_iter());
        Digraph { out_offsets, out_targets, in_offsets, in_sources }
    }

    /// Number of nodes n.
    pub fn node_count(&self) -> usize {
        self.out_offsets.len() - 1
    }

    /// Number of (merged, loop-free) directed edges m.
    pub fn edge_count(&self) -> usize {
        self.out_targets.len()
    }

    /// The nodes `node` points to, sorted.
    pub fn out_neighbours(&self, node: u32) -> &[u32] {
        let v = node as usize;
        &self.out_targets[self.out_offsets[v]..self.out_offsets[v + 1]]
    }

    /// The out-adjacency in CSR form: node v's out-neighbours are `targets[offsets[v]..offsets[v + 1]]`.
    pub(crate) fn out_adjacency(&self) -> (&[usize], &[u32]) {
        (&self.out_offsets, &self.out_targets)
    }

    /// The nodes pointing to `node`, sorted.
    pub fn in_neighbours(&self, node: u32) -> &[u32] {
        let v = node as usize;
        &self.in_sources[self.in_offsets[v]..self.in_offsets[v + 1]]
    }

    pub fn out_degree(&self, node: u32) -> usize {
        self.out_neighbours(node).len()
    }

    pub fn in_degree(&self, node: u32) -> usize {
        self.in_neighbours(node).len()
    }

    /// In-degree of every node, by node index.
    pub fn in_degrees(&self) -> Vec<usize> {
        self.nodes().map(|v| self.in_degree(v)).collect()
    }

    /// Out-degree of every node, by node index.
    pub fn out_degrees(&self) -> Vec<usize> {
        self.nodes().map(|v| self.out_degree(v)).collect()
    }

    /// Whether the edge `from -> to` exists (binary search, O(log degree)).
    pub fn has_edge(&self, from: u32, to: u32) -> bool {
        self.out_neighbours(from).binary_search(&to).is_ok()
    }

    /// All node indices, ascending.
    pub fn nodes(&self) -> impl Iterator<Item = u32> + use<> {
        0..self.node_count() as u32
    }

    /// All edges `(from, to)`, sorted.
    pub fn edges(&self) -> impl Iterator<Item = (u32, u32)> + '_ {
        self.nodes().flat_map(move |v| self.out_neighbours(v).iter().map(move |&w| (v, w)))
    }

    /// The same ties pointing the other way (`A^T`): O(1) beyond the copy.
    pub fn transpose(&self) -> Digraph {
        Digraph {
            out_offsets: self.in_offsets.clone(),
            out_targets: self.in_sources.clone(),
            in_offsets: self.out_offsets.clone(),
            in_sources: self.out_targets.clone(),
        }
    }

    /// The undirected view: a symmetric digraph with `u -> v` and `v -> u` wherever either tie
    /// exists. Its out-neighbours are the undirected neighbours.
    pub fn undirected(&self) -> Digraph {
        let mut pairs: Vec<(u32, u32)> = self.edges().flat_map(|(a, b)| [(a, b), (b, a)]).collect();
        pairs.sort_unstable();
        pairs.dedup();
        Digraph::from_sorted_unique(self.node_count(), &pairs)
    }
}

/// Builds CSR offsets and targets from sorted pairs.
fn compress(n: usize, pairs: impl Iterator<Item = (u32, u32)>) -> (Vec<usize>, Vec<u32>) {
    let mut offsets = vec![0usize; n + 1];
    let mut targets = Vec::new();
    for (from, to) in pairs {
        offsets[from as usize + 1] += 1;
        targets.push(to);
    }
    for v in 0..n {
        offsets[v + 1] += offsets[v];
    }
    (offsets, targets)
}

/// Nodes taken out of a graph for a what-if analysis ("these people leave"), without cloning
/// the graph (STACK.md trap 9). Removed nodes and their ties are ignored by every masked metric.
#[derive(Clone, PartialEq, Eq, Debug)]
pub struct NodeMask {
    removed: Vec<bool>,
    removed_count: usize,
}

impl NodeMask {
    /// Nobody removed, for a graph of `node_count` nodes.
    pub fn keep_all(node_count: usize) -> NodeMask {
        NodeMask { removed: vec![false; node_count], removed_count: 0 }
    }

    /// `nodes` removed (indices outside the graph are ignored).
    pub fn removing(node_count: usize, nodes: &[u32]) -> NodeMask {
        let mut mask = NodeMask::keep_all(node_count);
        for &v in nodes {
            mask.remove(v);
        }
        mask
    }

    /// Takes `node` out.
    pub fn remove(&mut self, node: u32) {
        if let Some(slot) = self.removed.get_mut(node as usize)
            && !*slot
        {
            *slot = true;
            self.removed_count += 1;
        }
    }

    /// Puts `node` back.
    pub fn restore(&mut self, node: u32) {
        if let Some(slot) = self.removed.get_mut(node as usize)
            && *slot
        {
            *slot = false;
            self.removed_count -= 1;
        }
    }

    pub fn is_removed(&self, node: u32) -> bool {
        self.removed.get(node as usize).copied().unwrap_or(false)
    }

    /// Number of nodes still present.
    pub fn remaining(&self) -> usize {
        self.removed.len() - self.removed_count
    }
}

#[cfg(test)]
pub(crate) mod test_graphs {
    use super::Digraph;

    pub fn graph(n: u32, edges: &[(u32, u32)]) -> Digraph {
        Digraph::from_edges(n, edges.iter().copied()).unwrap()
    }

    /// Node 0 points to every other node.
    pub fn out_star(n: u32) -> Digraph {
        graph(n, &(1..n).map(|v| (0, v)).collect::<Vec<_>>())
    }

    /// Every ordered pair.
    pub fn complete(n: u32) -> Digraph {
        let edges: Vec<_> = (0..n).flat_map(|a| (0..n).map(move |b| (a, b))).filter(|(a, b)| a != b).collect();
        graph(n, &edges)
    }

    /// A binary out-tree rooted at 0 (parent -> child).
    pub fn out_tree(n: u32) -> Digraph {
        graph(n, &(1..n).map(|v| ((v - 1) / 2, v)).collect::<Vec<_>>())
    }
}

#[cfg(test)]
mod tests {
    use super::test_graphs::graph;
    use super::*;

    #[test]
    fn loops_and_parallel_edges_are_dropped() {
        let g = graph(3, &[(0, 1), (0, 1), (1, 1), (2, 0), (1, 2)]);
        assert_eq!(g.edge_count(), 3);
        assert_eq!(g.out_neighbours(0), &[1]);
        assert_eq!(g.in_neighbours(0), &[2]);
        assert!(g.has_edge(1, 2) && !g.has_edge(2, 1));
    }

    #[test]
    fn out_of_range_nodes_are_rejected() {
        assert_eq!(Digraph::from_edges(2, [(0, 2)]), Err(NodeOutOfRange { node: 2, node_count: 2 }));
    }

    #[test]
    fn transpose_and_undirected_views() {
        let g = graph(3, &[(0, 1), (1, 0), (1, 2)]);
        let t = g.transpose();
        assert_eq!(t.edges().collect::<Vec<_>>(), vec![(0, 1), (1, 0), (2, 1)]);
        let u = g.undirected();
        assert_eq!(u.edge_count(), 4);
        assert_eq!(u.out_neighbours(1), &[0, 2]);
    }

    #[test]
    fn mask_counts_remaining_nodes() {
        let mut mask = NodeMask::removing(4, &[1, 1, 9]);
        assert_eq!(mask.remaining(), 3);
        mask.restore(1);
        assert_eq!(mask.remaining(), 4);
        assert!(!mask.is_removed(1));
    }
}
