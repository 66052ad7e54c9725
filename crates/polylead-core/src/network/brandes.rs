//! Brandes' accumulation of betweenness dependencies, level by level, with every buffer reused
//! across sources.
//!
//! Per source s, a breadth-first search records the nodes in visit order (`order`, which doubles
//! as the stack of the backward pass) and where each distance level starts. Two facts of a BFS
//! on an unweighted digraph remove every "is w one level below v?" test from the inner loops:
//! - an out-neighbour w of a node v at level d lies at level ≤ d + 1, and any in-neighbour of a
//!   node at level d + 1 lies at level ≥ d. So while level d is being expanded, the nodes first
//!   found at level d + 1 receive path counts only from level d: every out-neighbour can be sent
//!   `σ(v)` unconditionally (`paths_in`), and when the level is done the new nodes read their `σ`
//!   from it. What earlier levels receive is never read.
//! - in the backward pass, levels run deepest first and `share(w) = (1 + δ(w)) / σ(w)` is 0 for
//!   every node not yet finished. When level d is processed, the nodes of levels ≤ d are not, so
//!   `δ(v) = σ(v) · Σ_{w ∈ out(v)} share(w)` sums all out-neighbours without looking at distances.
//!   A level's shares are written only after all its dependencies are summed, because an edge may
//!   join two nodes of the same level.
//!
//! Both sums run in the same order, over the same terms, as the textbook algorithm with the
//! distance tests (the skipped terms are exactly +0.0), so the result is bit for bit the same.

use super::Digraph;
use super::paths::UNREACHED;

/// Sum over `sources` of the dependencies `δ_s(v)` of every node v (index = node).
pub(crate) fn dependencies(graph: &Digraph, sources: &[u32]) -> Vec<f64> {
    let mut search = Search::new(graph);
    let mut centrality = vec![0.0; graph.node_count()];
    for &source in sources {
        search.forward(source);
        search.accumulate(&mut centrality);
        search.reset();
    }
    centrality
}

/// Buffers of one search, indexed by node unless said otherwise.
struct Search<'g> {
    offsets: &'g [usize],
    targets: &'g [u32],
    /// Hop distance from the source, or [`UNREACHED`]; only used to find new nodes.
    dist: Vec<u32>,
    /// σ: the number of shortest paths from the source.
    sigma: Vec<f64>,
    /// σ sent along every out-edge of the level being expanded (meaningful for the next level).
    paths_in: Vec<f64>,
    /// (1 + δ) / σ of finished nodes, 0 for the others.
    share: Vec<f64>,
    /// Reached nodes in visit order (one spare slot for the branch-free push).
    order: Vec<u32>,
    /// Number of reached nodes.
    reached: usize,
    /// Where each level starts in `order`, then the end of the last one.
    levels: Vec<usize>,
    /// δ of the level being finished, by position in `order`.
    level_dependency: Vec<f64>,
}

impl<'g> Search<'g> {
    fn new(graph: &'g Digraph) -> Search<'g> {
        let n = graph.node_count();
        let (offsets, targets) = graph.out_adjacency();
        Search {
            offsets,
            targets,
            dist: vec![UNREACHED; n],
            sigma: vec![0.0; n],
            paths_in: vec![0.0; n],
            share: vec![0.0; n],
            order: vec![0; n + 1],
            reached: 0,
            levels: Vec::new(),
            level_dependency: vec![0.0; n],
        }
    }

    fn out_neighbours(&self, v: u32) -> &'g [u32] {
        let v = v as usize;
        &self.targets[self.offsets[v]..self.offsets[v + 1]]
    }

    /// BFS from `source`, counting shortest paths level by level.
    fn forward(&mut self, source: u32) {
        self.dist[source as usize] = 0;
        self.sigma[source as usize] = 1.0;
        self.order[0] = source;
        let mut tail = 1;
        self.levels.clear();
        self.levels.push(0);
        let (mut start, mut depth) = (0, 0u32);
        while start < tail {
            let end = tail;
            let next = depth + 1;
            for position in start..end {
                let v = self.order[position];
                let sigma = self.sigma[v as usize];
                for &w in self.out_neighbours(v) {
                    let w = w as usize;
                    let seen = self.dist[w];
                    // Reached nodes are at most one level below, so `min` keeps them; the new
                    // node is written past the end and kept only if it was unreached.
                    self.dist[w] = seen.min(next);
                    self.order[tail] = w as u32;
                    tail += usize::from(seen == UNREACHED);
                    self.paths_in[w] += sigma;
                }
            }
            for &w in &self.order[end..tail] {
                self.sigma[w as usize] = self.paths_in[w as usize];
            }
            self.levels.push(end);
            (start, depth) = (end, next);
        }
        self.reached = tail;
    }

    /// Adds every reached node's dependency (the source's excepted) to `centrality`.
    fn accumulate(&mut self, centrality: &mut [f64]) {
        // Level 0 is the source alone, whose dependency is not counted.
        for bounds in self.levels[1..].windows(2).rev() {
            let (start, end) = (bounds[0], bounds[1]);
            for position in start..end {
                let v = self.order[position] as usize;
                let shares = self.out_neighbours(v as u32).iter().fold(0.0, |sum, &w| sum + self.share[w as usize]);
                let dependency = self.sigma[v] * shares;
                self.level_dependency[position] = dependency;
                centrality[v] += dependency;
            }
            for position in start..end {
                let v = self.order[position] as usize;
                self.share[v] = (1.0 + self.level_dependency[position]) / self.sigma[v];
            }
        }
    }

    /// Clears what the last search touched: O(reached), not O(n).
    fn reset(&mut self) {
        for &v in &self.order[..self.reached] {
            let v = v as usize;
            self.dist[v] = UNREACHED;
            self.paths_in[v] = 0.0;
            self.share[v] = 0.0;
        }
    }
}
