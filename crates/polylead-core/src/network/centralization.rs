//! Freeman degree centralization (METRICS.md M4), betweenness (Brandes) and betweenness
//! centralization (M5).

use super::brandes::dependencies;
use super::sampling::{choose_sources, hoeffding_half_width, map_source_chunks};
use super::{Digraph, Estimate, Method, Sampling};
use crate::metric::{Metric, Undefined};

/// Which degree a directed degree centralization uses.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum DegreeMode {
    /// Ties received (for `A`: how concentrated being sought out is).
    In,
    /// Ties sent.
    Out,
    /// Both, summed (a mutual pair counts twice).
    All,
}

/// Freeman degree centralization `Σ(d* − d_i) / T_max` of a directed graph without loops (M4),
/// with igraph's `T_max`: `(n−1)²` for in/out, `2(n−1)(n−2)` for all.
/// Undefined for n = 0 (`EMPTY`) and whenever `T_max` = 0 (`N_TOO_SMALL`).
pub fn degree_centralization(graph: &Digraph, mode: DegreeMode) -> Metric<f64> {
    let n = graph.node_count() as f64;
    let degrees: Vec<usize> = match mode {
        DegreeMode::In => graph.in_degrees(),
        DegreeMode::Out => graph.out_degrees(),
        DegreeMode::All => graph.nodes().map(|v| graph.in_degree(v) + graph.out_degree(v)).collect(),
    };
    let t_max = match mode {
        DegreeMode::In | DegreeMode::Out => (n - 1.0) * (n - 1.0),
        DegreeMode::All => 2.0 * (n - 1.0) * (n - 2.0),
    };
    freeman(&as_f64(&degrees), t_max)
}

/// Freeman degree centralization of the undirected view (M4), `T_max = (n−1)(n−2)`.
/// Undefined for n = 0 (`EMPTY`) and n < 3 (`N_TOO_SMALL`).
pub fn undirected_degree_centralization(graph: &Digraph) -> Metric<f64> {
    let n = graph.node_count() as f64;
    freeman(&as_f64(&graph.undirected().out_degrees()), (n - 1.0) * (n - 2.0))
}

fn as_f64(degrees: &[usize]) -> Vec<f64> {
    degrees.iter().map(|&d| d as f64).collect()
}

fn freeman(values: &[f64], t_max: f64) -> Metric<f64> {
    if values.is_empty() {
        return Err(Undefined::Empty);
    }
    if t_max <= 0.0 {
        return Err(Undefined::NTooSmall);
    }
    let top = values.iter().copied().fold(f64::NEG_INFINITY, f64::max);
    Ok(values.iter().map(|v| top - v).sum::<f64>() / t_max)
}

/// Raw (unnormalised) directed betweenness of every node, by node index.
#[derive(Clone, PartialEq, Debug)]
pub struct Betweenness {
    /// `Σ_{s≠v≠t} σ_st(v)/σ_st`, as networkx `betweenness_centrality(normalized=False)`.
    pub raw: Vec<f64>,
    /// `Exact`, or `Sampled` with `error_bound` = the half-width, holding for all nodes at once
    /// with probability `confidence`, on the *normalised* betweenness `raw / ((n−1)(n−2))`.
    pub method: Method,
}

/// Directed betweenness by Brandes' algorithm, O(n·m) exact.
///
/// Above `sampling.exact_up_to` nodes it runs from `sampling.pivots` seeded sources and scales
/// by `n/k` (Brandes & Pich 2007). Bound: for a source s, `X_s = δ_s(v)/(n−2)` lies in [0, 1]
/// and its mean over all sources is `b(v)/(n(n−2))`, so Hoeffding (see the `Sampling` docs) with
/// a union bound over the n nodes bounds the normalised estimate's error by
/// `n/(n−1) · sqrt(ln(2n/δ) / (2k))`.
pub fn betweenness(graph: &Digraph, sampling: &Sampling) -> Betweenness {
    let n = graph.node_count();
    let all: Vec<u32> = graph.nodes().collect();
    let (sources, sampled) = choose_sources(&all, sampling);
    let partials = map_source_chunks(&sources, sampling.threads, |chunk| dependencies(graph, chunk));
    let mut raw = vec![0.0; n];
    for partial in partials {
        for (total, part) in raw.iter_mut().zip(partial) {
            *total += part;
        }
    }
    if !sampled {
        return Betweenness { raw, method: Method::Exact };
    }
    let scale = n as f64 / sources.len() as f64;
    raw.iter_mut().for_each(|b| *b *= scale);
    let per_node = hoeffding_half_width(sources.len(), n, sampling.confidence);
    Betweenness {
        raw,
        method: Method::Sampled {
            pivots: sources.len(),
            seed: sampling.seed,
            confidence: sampling.confidence,
            error_bound: per_node * n as f64 / (n as f64 - 1.0),
        },
    }
}

/// Betweenness centralization `Σ(b* − b_i) / ((n−1)²(n−2))` on raw directed betweenness (M5).
/// When sampled, the bound is `2·n/(n−1)` times the per-node bound (each term's error is at
/// most twice that of a normalised betweenness). Undefined for n = 0 (`EMPTY`) and n < 3
/// (`N_TOO_SMALL`).
pub fn betweenness_centralization(betweenness: &Betweenness) -> Metric<Estimate> {
    let n = betweenness.raw.len() as f64;
    let t_max = (n - 1.0) * (n - 1.0) * (n - 2.0);
    let value = freeman(&betweenness.raw, t_max)?;
    let method = match betweenness.method {
        Method::Sampled { pivots, seed, confidence, error_bound } => {
            Method::Sampled { pivots, seed, confidence, error_bound: 2.0 * error_bound * n / (n - 1.0) }
        }
        exact => exact,
    };
    Ok(Estimate { value, method })
}

#[cfg(test)]
mod tests {
    use super::super::test_graphs::{complete, graph, out_star};
    use super::*;

    fn exact(graph: &Digraph) -> Vec<f64> {
        betweenness(graph, &Sampling::default()).raw
    }

    #[test]
    fn star_is_fully_centralized_by_in_or_out_degree() {
        let g = out_star(5);
        assert_eq!(degree_centralization(&g, DegreeMode::Out), Ok(1.0));
        assert_eq!(degree_centralization(&g, DegreeMode::In), Ok(1.0 / 16.0));
        assert_eq!(undirected_degree_centralization(&g), Ok(1.0));
        assert_eq!(degree_centralization(&g.transpose(), DegreeMode::In), Ok(1.0));
    }

    #[test]
    fn complete_digraph_has_no_centralization() {
        let g = complete(5);
        for mode in [DegreeMode::In, DegreeMode::Out, DegreeMode::All] {
            assert_eq!(degree_centralization(&g, mode), Ok(0.0));
        }
        let b = betweenness(&g, &Sampling::default());
        assert_eq!(b.raw, vec![0.0; 5]);
        assert_eq!(betweenness_centralization(&b).map(|e| e.value), Ok(0.0));
    }

    #[test]
    fn betweenness_on_a_path_and_a_diamond() {
        assert_eq!(exact(&graph(3, &[(0, 1), (1, 2)])), vec![0.0, 1.0, 0.0]);
        // Two shortest paths 0 -> 3, through 1 and through 2.
        let diamond = graph(4, &[(0, 1), (0, 2), (1, 3), (2, 3)]);
        assert_eq!(exact(&diamond), vec![0.0, 0.5, 0.5, 0.0]);
    }

    #[test]
    fn bidirected_star_reaches_the_maximum_centralization() {
        let g = out_star(6).undirected();
        let b = betweenness(&g, &Sampling::default());
        assert_eq!(b.raw[0], 20.0);
        assert_eq!(betweenness_centralization(&b).unwrap().value, 1.0);
    }

    #[test]
    fn sampling_with_every_pivot_is_exact_and_fewer_pivots_report_a_bound() {
        let g = out_star(30).undirected();
        let sampling = Sampling { exact_up_to: 10, pivots: 15, seed: 3, ..Sampling::default() };
        let b = betweenness(&g, &sampling);
        let Method::Sampled { error_bound, .. } = b.method else { panic!("expected a sample") };
        assert!(error_bound > 0.0 && error_bound < 1.0);
        let normalised_centre = b.raw[0] / (29.0 * 28.0);
        assert!((normalised_centre - 1.0).abs() <= error_bound);
        let threaded = betweenness(&g, &Sampling { threads: 2, ..sampling });
        assert_eq!(threaded, b);
    }

    #[test]
    fn null_paths() {
        let empty = graph(0, &[]);
        assert_eq!(degree_centralization(&empty, DegreeMode::In), Err(Undefined::Empty));
        assert_eq!(degree_centralization(&graph(1, &[]), DegreeMode::In), Err(Undefined::NTooSmall));
        assert_eq!(degree_centralization(&graph(2, &[]), DegreeMode::All), Err(Undefined::NTooSmall));
        assert_eq!(degree_centralization(&graph(2, &[(0, 1)]), DegreeMode::In), Ok(1.0));
        let two = betweenness(&graph(2, &[(0, 1)]), &Sampling::default());
        assert_eq!(betweenness_centralization(&two), Err(Undefined::NTooSmall));
        let none = betweenness(&empty, &Sampling::default());
        assert_eq!(betweenness_centralization(&none), Err(Undefined::Empty));
    }
}
