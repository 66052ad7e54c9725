//! Weak and strong components, O(n + m).

use super::{Digraph, NodeMask};

/// Marks a removed node in a membership vector.
pub(crate) const NO_COMPONENT: u32 = u32::MAX;

/// A partition of (the unmasked) nodes into components.
pub(crate) struct Components {
    /// Component of each node, or [`NO_COMPONENT`] for a removed node.
    pub membership: Vec<u32>,
    /// Size of each component.
    pub sizes: Vec<usize>,
}

/// Weak components (direction ignored) of the nodes left by `mask`, numbered by their smallest
/// node.
pub(crate) fn weak_components(graph: &Digraph, mask: Option<&NodeMask>) -> Components {
    let n = graph.node_count();
    let removed = |v: u32| mask.is_some_and(|m| m.is_removed(v));
    let mut parent: Vec<u32> = (0..n as u32).collect();
    for (a, b) in graph.edges() {
        if !removed(a) && !removed(b) {
            union(&mut parent, a, b);
        }
    }
    let mut membership = vec![NO_COMPONENT; n];
    let mut root_component = vec![NO_COMPONENT; n];
    let mut sizes = Vec::new();
    for v in graph.nodes() {
        if removed(v) {
            continue;
        }
        let root = find(&mut parent, v) as usize;
        if root_component[root] == NO_COMPONENT {
            root_component[root] = sizes.len() as u32;
            sizes.push(0);
        }
        let c = root_component[root];
        membership[v as usize] = c;
        sizes[c as usize] += 1;
    }
    Components { membership, sizes }
}

fn find(parent: &mut [u32], mut v: u32) -> u32 {
    while parent[v as usize] != v {
        let grand = parent[parent[v as usize] as usize];
        parent[v as usize] = grand;
        v = grand;
    }
    v
}

fn union(parent: &mut [u32], a: u32, b: u32) {
    let (ra, rb) = (find(parent, a), find(parent, b));
    if ra != rb {
        let (low, high) = if ra < rb { (ra, rb) } else { (rb, ra) };
        parent[high as usize] = low;
    }
}

/// Strongly connected components (iterative Tarjan). Components are numbered in reverse
/// topological order: every edge between components goes from a higher to a lower number.
pub(crate) fn strong_components(graph: &Digraph) -> Components {
    let n = graph.node_count();
    const UNSEEN: u32 = u32::MAX;
    let mut index = vec![UNSEEN; n];
    let mut low = vec![0u32; n];
    let mut on_stack = vec![false; n];
    let mut stack: Vec<u32> = Vec::new();
    let mut membership = vec![NO_COMPONENT; n];
    let mut sizes = Vec::new();
    let mut next_index = 0u32;
    // Call stack of (node, position in its out-neighbour list).
    let mut calls: Vec<(u32, usize)> = Vec::new();
    for root in graph.nodes() {
        if index[root as usize] != UNSEEN {
            continue;
        }
        calls.push((root, 0));
        index[root as usize] = next_index;
        low[root as usize] = next_index;
        next_index += 1;
        stack.push(root);
        on_stack[root as usize] = true;
        while let Some(&mut (v, ref mut pos)) = calls.last_mut() {
            let neighbours = graph.out_neighbours(v);
            if let Some(&w) = neighbours.get(*pos) {
                *pos += 1;
                if index[w as usize] == UNSEEN {
                    index[w as usize] = next_index;
                    low[w as usize] = next_index;
                    next_index += 1;
                    stack.push(w);
                    on_stack[w as usize] = true;
                    calls.push((w, 0));
                } else if on_stack[w as usize] {
                    low[v as usize] = low[v as usize].min(index[w as usize]);
                }
                continue;
            }
            calls.pop();
            if let Some(&(parent, _)) = calls.last() {
                low[parent as usize] = low[parent as usize].min(low[v as usize]);
            }
            if low[v as usize] == index[v as usize] {
                let c = sizes.len() as u32;
                let mut size = 0;
                while let Some(w) = stack.pop() {
                    on_stack[w as usize] = false;
                    membership[w as usize] = c;
                    size += 1;
                    if w == v {
                        break;
                    }
                }
                sizes.push(size);
            }
        }
    }
    Components { membership, sizes }
}

#[cfg(test)]
mod tests {
    use super::super::test_graphs::graph;
    use super::*;

    #[test]
    fn weak_components_ignore_direction_and_masked_nodes() {
        let g = graph(5, &[(0, 1), (2, 1), (3, 4)]);
        assert_eq!(weak_components(&g, None).sizes, vec![3, 2]);
        let mask = NodeMask::removing(5, &[1]);
        let c = weak_components(&g, Some(&mask));
        assert_eq!(c.sizes, vec![1, 1, 2]);
        assert_eq!(c.membership[1], NO_COMPONENT);
    }

    #[test]
    fn strong_components_are_in_reverse_topological_order() {
        // 0 <-> 1 -> 2 <-> 3, 4 alone
        let g = graph(5, &[(0, 1), (1, 0), (1, 2), (2, 3), (3, 2)]);
        let c = strong_components(&g);
        let mut sizes = c.sizes.clone();
        sizes.sort_unstable();
        assert_eq!(sizes, vec![1, 2, 2]);
        assert_eq!(c.membership[0], c.membership[1]);
        assert!(c.membership[1] > c.membership[2]);
    }
}
