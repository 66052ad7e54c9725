//! Formal versus informal leadership (METRICS.md M10): correlation of being sought out with
//! formal level, QAP graph correlation, formal-tie coverage and informal leaders.

use std::collections::BTreeSet;

use rand::SeedableRng;
use rand::seq::SliceRandom;
use rand_chacha::ChaCha8Rng;

use super::Digraph;
use crate::metric::{Metric, Undefined};

/// Pearson correlation of two equally long series (M10a).
/// Undefined for no values (`EMPTY`), fewer than two, unequal lengths, or a constant series
/// (`N_TOO_SMALL`: too few distinct values to correlate).
pub fn pearson(x: &[f64], y: &[f64]) -> Metric<f64> {
    if x.is_empty() && y.is_empty() {
        return Err(Undefined::Empty);
    }
    if x.len() != y.len() || x.len() < 2 {
        return Err(Undefined::NTooSmall);
    }
    let n = x.len() as f64;
    let (mx, my) = (x.iter().sum::<f64>() / n, y.iter().sum::<f64>() / n);
    let (mut sxy, mut sxx, mut syy) = (0.0, 0.0, 0.0);
    for (a, b) in x.iter().zip(y) {
        sxy += (a - mx) * (b - my);
        sxx += (a - mx) * (a - mx);
        syy += (b - my) * (b - my);
    }
    if sxx == 0.0 || syy == 0.0 {
        return Err(Undefined::NTooSmall);
    }
    Ok(sxy / (sxx * syy).sqrt())
}

/// Spearman correlation: Pearson on ranks, ties given their average rank (M10a).
/// Undefined as [`pearson`].
pub fn spearman(x: &[f64], y: &[f64]) -> Metric<f64> {
    pearson(&average_ranks(x), &average_ranks(y))
}

/// Ranks 1..n, tied values sharing the mean of their ranks.
fn average_ranks(values: &[f64]) -> Vec<f64> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[a].total_cmp(&values[b]));
    let mut ranks = vec![0.0; values.len()];
    let mut start = 0;
    while start < order.len() {
        let mut end = start + 1;
        while end < order.len() && values[order[end]] == values[order[start]] {
            end += 1;
        }
        let rank = (start + end + 1) as f64 / 2.0;
        order[start..end].iter().for_each(|&i| ranks[i] = rank);
        start = end;
    }
    ranks
}

/// A dense n×n matrix of tie values (row = sender) for QAP; the diagonal is never read.
/// O(n²) memory: for study-sized graphs.
#[derive(Clone, PartialEq, Debug)]
pub struct SquareMatrix {
    n: usize,
    values: Vec<f64>,
}

impl SquareMatrix {
    /// 1 where the graph has a tie, 0 elsewhere.
    pub fn from_digraph(graph: &Digraph) -> SquareMatrix {
        let n = graph.node_count();
        let mut values = vec![0.0; n * n];
        for (a, b) in graph.edges() {
            values[a as usize * n + b as usize] = 1.0;
        }
        SquareMatrix { n, values }
    }

    /// `cell(i, j)` for every cell, e.g. a level difference `lvl(i) − lvl(j)`.
    pub fn from_fn(n: usize, cell: impl Fn(u32, u32) -> f64) -> SquareMatrix {
        let values = (0..n as u32).flat_map(|i| (0..n as u32).map(move |j| (i, j))).map(|(i, j)| cell(i, j)).collect();
        SquareMatrix { n, values }
    }

    pub fn size(&self) -> usize {
        self.n
    }

    fn get(&self, i: usize, j: usize) -> f64 {
        self.values[i * self.n + j]
    }

    /// The off-diagonal cells, row by row.
    fn off_diagonal(&self) -> impl Iterator<Item = f64> + '_ {
        let n = self.n;
        (0..n * n).filter(move |c| c / n != c % n).map(|c| self.values[c])
    }
}

/// Graph correlation `gcor(A, F)` over the off-diagonal cells (M10b, sna `gcor`).
/// Undefined for n = 0 (`EMPTY`), n = 1 or different sizes (`N_TOO_SMALL`), and when either
/// matrix is constant, e.g. has no ties (`NO_TIES`).
pub fn graph_correlation(a: &SquareMatrix, b: &SquareMatrix) -> Metric<f64> {
    let identity: Vec<usize> = (0..b.n).collect();
    Correlator::new(a, b)?.correlation(&identity)
}

/// Pearson correlation of `a` with `b` under a relabelling of `b`'s nodes, reusing the
/// permutation-invariant parts (means and spreads) across permutations.
struct Correlator<'m> {
    a_centred: Vec<f64>,
    b: &'m SquareMatrix,
    b_mean: f64,
    spread: f64,
}

impl<'m> Correlator<'m> {
    fn new(a: &SquareMatrix, b: &'m SquareMatrix) -> Metric<Correlator<'m>> {
        match (a.n, b.n) {
            (0, 0) => return Err(Undefined::Empty),
            (x, y) if x != y || x < 2 => return Err(Undefined::NTooSmall),
            _ => {}
        }
        let cells = (a.n * (a.n - 1)) as f64;
        let a_mean = a.off_diagonal().sum::<f64>() / cells;
        let b_mean = b.off_diagonal().sum::<f64>() / cells;
        let a_centred: Vec<f64> = a.values.iter().map(|v| v - a_mean).collect();
        let a_ss: f64 = a.off_diagonal().map(|v| (v - a_mean).powi(2)).sum();
        let b_ss: f64 = b.off_diagonal().map(|v| (v - b_mean).powi(2)).sum();
        if a_ss == 0.0 || b_ss == 0.0 {
            return Err(Undefined::NoTies);
        }
        Ok(Correlator { a_centred, b, b_mean, spread: (a_ss * b_ss).sqrt() })
    }

    /// Correlation of `a[i][j]` with `b[p(i)][p(j)]`.
    fn correlation(&self, p: &[usize]) -> Metric<f64> {
        let n = self.b.n;
        let mut cross = 0.0;
        for i in 0..n {
            for j in (0..n).filter(|&j| j != i) {
                cross += self.a_centred[i * n + j] * (self.b.get(p[i], p[j]) - self.b_mean);
            }
        }
        Ok(cross / self.spread)
    }
}

/// QAP test of a graph correlation.
#[derive(Clone, PartialEq, Debug)]
pub struct QapTest {
    /// The observed `gcor`.
    pub correlation: f64,
    /// Share of permutations whose correlation is ≥ the observed one (sna `pgreq`).
    pub p_greater_or_equal: f64,
    /// Share of permutations whose correlation is ≤ the observed one (sna `pleeq`).
    pub p_less_or_equal: f64,
    pub permutations: usize,
    pub seed: u64,
}

/// QAP (M10b, sna `qaptest(…, gcor)`): `gcor(a, b)` against `permutations` seeded
/// simultaneous row/column relabellings of `b` (use ≥ 2,000). O(permutations·n²).
/// Undefined as [`graph_correlation`], and without permutations (`N_TOO_SMALL`).
pub fn qap_test(a: &SquareMatrix, b: &SquareMatrix, permutations: usize, seed: u64) -> Metric<QapTest> {
    let correlator = Correlator::new(a, b)?;
    if permutations == 0 {
        return Err(Undefined::NTooSmall);
    }
    let mut labels: Vec<usize> = (0..b.n).collect();
    let observed = correlator.correlation(&labels)?;
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    let (mut at_least, mut at_most) = (0usize, 0usize);
    for _ in 0..permutations {
        labels.shuffle(&mut rng);
        let r = correlator.correlation(&labels)?;
        // A relative tolerance keeps permutations equal to the observed labelling counted.
        let tolerance = 1e-12 * observed.abs().max(1.0);
        at_least += usize::from(r >= observed - tolerance);
        at_most += usize::from(r <= observed + tolerance);
    }
    Ok(QapTest {
        correlation: observed,
        p_greater_or_equal: at_least as f64 / permutations as f64,
        p_less_or_equal: at_most as f64 / permutations as f64,
        permutations,
        seed,
    })
}

/// Formal ties that are also advice ties.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Coverage {
    /// `|A ∩ R|`.
    pub covered: u64,
    /// `|R|`.
    pub total: u64,
    /// `|A ∩ R| / |R|`.
    pub share: f64,
}

/// Formal-tie coverage `|A ∩ R| / |R|` (M10c): how many reporting lines also carry advice, with
/// both graphs in the same orientation (subordinate → manager = seeker → sought).
/// Undefined without formal ties (`NO_TIES`).
pub fn formal_tie_coverage(advice: &Digraph, formal: &Digraph) -> Metric<Coverage> {
    let total = formal.edge_count() as u64;
    if total == 0 {
        return Err(Undefined::NoTies);
    }
    let covered =
        formal.edges().filter(|&(a, b)| a < advice.node_count() as u32 && advice.has_edge(a, b)).count() as u64;
    Ok(Coverage { covered, total, share: covered as f64 / total as f64 })
}

/// Which standard deviation sets the informal-leader cut-off.
#[derive(Clone, Copy, PartialEq, Eq, Debug)]
pub enum Spread {
    /// Divide by n (the population SD). Reproduces Krackhardt's cut-off of 13.02 (METRICS.md
    /// M10d); the default to use.
    Population,
    /// Divide by n − 1 (the sample SD; R's `sd`): 13.12 on Krackhardt, same three people.
    Sample,
}

/// People sought out far more than average.
#[derive(Clone, PartialEq, Debug)]
pub struct InformalLeaders {
    /// `mean + 1 SD` of advice in-degree.
    pub cutoff: f64,
    /// Everyone at or above the cut-off, ascending.
    pub above_cutoff: Vec<u32>,
    /// Those of them with no formal role or decision right, ascending.
    pub informal: Vec<u32>,
}

/// Informal leaders (M10d): advice in-degree ≥ mean + 1 SD, and not in `formal` (the people
/// holding a formal role or decision right). Pass `A` as stored (seeker → sought).
/// Undefined for n = 0 (`EMPTY`), n = 1 (`N_TOO_SMALL`) and without ties (`NO_TIES`).
pub fn informal_leaders(advice: &Digraph, formal: &BTreeSet<u32>, spread: Spread) -> Metric<InformalLeaders> {
    let degrees: Vec<f64> = advice.in_degrees().iter().map(|&d| d as f64).collect();
    match degrees.len() {
        0 => return Err(Undefined::Empty),
        1 => return Err(Undefined::NTooSmall),
        _ if advice.edge_count() == 0 => return Err(Undefined::NoTies),
        _ => {}
    }
    let n = degrees.len() as f64;
    let mean = degrees.iter().sum::<f64>() / n;
    let squares: f64 = degrees.iter().map(|d| (d - mean).powi(2)).sum();
    let divisor = match spread {
        Spread::Population => n,
        Spread::Sample => n - 1.0,
    };
    let cutoff = mean + (squares / divisor).sqrt();
    let above_cutoff: Vec<u32> = advice.nodes().filter(|&v| degrees[v as usize] >= cutoff).collect();
    let informal = above_cutoff.iter().copied().filter(|v| !formal.contains(v)).collect();
    Ok(InformalLeaders { cutoff, above_cutoff, informal })
}

#[cfg(test)]
mod tests {
    use super::super::test_graphs::{graph, out_star};
    use super::*;

    #[test]
    fn correlations_of_simple_series() {
        assert_eq!(pearson(&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0]), Ok(1.0));
        assert_eq!(pearson(&[1.0, 2.0, 3.0], &[3.0, 2.0, 1.0]), Ok(-1.0));
        assert_eq!(spearman(&[1.0, 2.0, 3.0], &[1.0, 10.0, 100.0]), Ok(1.0));
        assert_eq!(average_ranks(&[10.0, 20.0, 10.0, 5.0]), vec![2.5, 4.0, 2.5, 1.0]);
    }

    #[test]
    fn correlation_null_paths() {
        assert_eq!(pearson(&[], &[]), Err(Undefined::Empty));
        assert_eq!(pearson(&[1.0], &[1.0]), Err(Undefined::NTooSmall));
        assert_eq!(pearson(&[1.0, 1.0], &[1.0, 2.0]), Err(Undefined::NTooSmall));
        assert_eq!(pearson(&[1.0, 2.0], &[1.0]), Err(Undefined::NTooSmall));
    }

    #[test]
    fn a_graph_correlates_perfectly_with_itself() {
        let g = SquareMatrix::from_digraph(&graph(4, &[(0, 1), (1, 2), (3, 0)]));
        assert_eq!(graph_correlation(&g, &g), Ok(1.0));
        let qap = qap_test(&g, &g, 200, 1).unwrap();
        assert_eq!(qap.correlation, 1.0);
        assert!(qap.p_greater_or_equal < 0.2);
        assert_eq!(qap.p_less_or_equal, 1.0);
        let empty = SquareMatrix::from_digraph(&graph(4, &[]));
        assert_eq!(graph_correlation(&g, &empty), Err(Undefined::NoTies));
    }

    #[test]
    fn coverage_counts_formal_ties_carrying_advice() {
        let advice = graph(3, &[(1, 0), (0, 2)]);
        let formal = graph(3, &[(1, 0), (2, 0)]);
        let c = formal_tie_coverage(&advice, &formal).unwrap();
        assert_eq!((c.covered, c.total, c.share), (1, 2, 0.5));
        assert_eq!(formal_tie_coverage(&advice, &graph(3, &[])), Err(Undefined::NoTies));
    }

    #[test]
    fn the_centre_of_an_in_star_is_an_informal_leader_unless_formal() {
        let sought = out_star(6).transpose();
        let none = BTreeSet::new();
        let leaders = informal_leaders(&sought, &none, Spread::Sample).unwrap();
        assert_eq!(leaders.informal, vec![0]);
        let formal = BTreeSet::from([0]);
        let leaders = informal_leaders(&sought, &formal, Spread::Population).unwrap();
        assert_eq!((leaders.above_cutoff, leaders.informal), (vec![0], vec![]));
        assert_eq!(informal_leaders(&graph(3, &[]), &none, Spread::Sample), Err(Undefined::NoTies));
    }
}
