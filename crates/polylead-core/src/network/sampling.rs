//! Seeded pivot sampling for the O(n·m) metrics (betweenness M5, global efficiency M15), and
//! the Hoeffding bound that says how far a sampled value can be from the exact one.
//!
//! Both metrics are a mean, over source nodes s, of a per-source quantity `X_s` that lies in
//! `[0, 1]` once normalised. Averaging `X_s` over k sources drawn uniformly *without*
//! replacement gives an unbiased estimate, and Hoeffding's inequality (which holds for sampling
//! without replacement, Hoeffding 1963 §6) bounds its error:
//! `P(|mean − exact| ≥ ε) ≤ 2·exp(−2kε²)`, so `ε = sqrt(ln(2/δ) / (2k))` holds with probability
//! `1 − δ`. When q quantities must hold at once (one per node), δ is split by the union bound.

use rand::SeedableRng;
use rand_chacha::ChaCha8Rng;

/// When an O(n·m) metric is computed exactly and when it is sampled, and how.
///
/// The sampled metrics are means over source nodes s of a quantity `X_s` in [0, 1]; k sources
/// drawn without replacement give an unbiased mean whose error Hoeffding bounds by
/// `ε = sqrt(ln(2/δ) / (2k))` with probability `1 − δ = confidence` (δ split by a union bound
/// when one bound covers every node). Default: exact up to 4,000 nodes, else 256 pivots.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Sampling {
    /// Compute exactly while the number of candidate sources is at most this.
    pub exact_up_to: usize,
    /// Number of source nodes (pivots) sampled above the threshold.
    pub pivots: usize,
    /// Seed of the pivot choice: the same seed gives the same result.
    pub seed: u64,
    /// Probability that the stated error bound holds (e.g. 0.95).
    pub confidence: f64,
    /// Worker threads for the per-source searches (1 = the calling thread only). The result does
    /// not depend on it: sources are cut into a fixed number of chunks summed in order.
    pub threads: usize,
}

impl Default for Sampling {
    fn default() -> Sampling {
        Sampling { exact_up_to: 4_000, pivots: 256, seed: 0, confidence: 0.95, threads: 1 }
    }
}

/// A value and how it was obtained.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Estimate {
    pub value: f64,
    pub method: Method,
}

/// How a value was obtained.
#[derive(Clone, Copy, PartialEq, Debug)]
pub enum Method {
    /// Computed from every source node.
    Exact,
    /// Estimated from `pivots` seeded source nodes; with probability `confidence` the estimate is
    /// within `error_bound` of the exact value (see each metric for what the bound covers).
    Sampled { pivots: usize, seed: u64, confidence: f64, error_bound: f64 },
}

/// The sources to run from: all of `candidates`, or a seeded sample of them (sorted, so sums
/// run in a fixed order). The flag says whether it is a sample.
pub(crate) fn choose_sources(candidates: &[u32], sampling: &Sampling) -> (Vec<u32>, bool) {
    let k = sampling.pivots.max(1);
    if candidates.len() <= sampling.exact_up_to || k >= candidates.len() {
        return (candidates.to_vec(), false);
    }
    let mut rng = ChaCha8Rng::seed_from_u64(sampling.seed);
    let mut chosen: Vec<u32> =
        rand::seq::index::sample(&mut rng, candidates.len(), k).into_iter().map(|i| candidates[i]).collect();
    chosen.sort_unstable();
    (chosen, true)
}

/// Number of chunks the sources are cut into, whatever the thread count, so that sums run in
/// the same order and results are identical on any machine.
const CHUNKS: usize = 8;

/// Applies `work` to fixed chunks of `sources` on up to `threads` scoped threads, returning the
/// results in chunk order.
pub(crate) fn map_source_chunks<T: Send>(sources: &[u32], threads: usize, work: impl Fn(&[u32]) -> T + Sync) -> Vec<T> {
    let chunk_len = sources.len().div_ceil(CHUNKS).max(1);
    let chunks: Vec<&[u32]> = sources.chunks(chunk_len).collect();
    let threads = threads.clamp(1, chunks.len().max(1));
    if threads == 1 {
        return chunks.into_iter().map(&work).collect();
    }
    let mut results: Vec<Option<T>> = (0..chunks.len()).map(|_| None).collect();
    std::thread::scope(|scope| {
        let workers: Vec<_> = (0..threads)
            .map(|t| {
                let (chunks, work) = (&chunks, &work);
                scope.spawn(move || {
                    let mine = chunks.iter().enumerate().skip(t).step_by(threads);
                    mine.map(|(i, chunk)| (i, work(chunk))).collect::<Vec<_>>()
                })
            })
            .collect();
        for worker in workers {
            match worker.join() {
                Ok(done) => done.into_iter().for_each(|(i, r)| results[i] = Some(r)),
                Err(panic) => std::panic::resume_unwind(panic),
            }
        }
    });
    results.into_iter().flatten().collect()
}

/// Hoeffding half-width for the mean of `samples` values in `[0, 1]`, holding for `quantities`
/// such means at once with probability `confidence`.
pub(crate) fn hoeffding_half_width(samples: usize, quantities: usize, confidence: f64) -> f64 {
    let failure = (1.0 - confidence).clamp(f64::MIN_POSITIVE, 1.0) / quantities.max(1) as f64;
    ((2.0 / failure).ln() / (2.0 * samples.max(1) as f64)).sqrt()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn small_candidate_sets_are_used_whole() {
        let (sources, sampled) = choose_sources(&[3, 1, 2], &Sampling::default());
        assert_eq!((sources, sampled), (vec![3, 1, 2], false));
    }

    #[test]
    fn samples_are_seeded_and_sorted() {
        let candidates: Vec<u32> = (0..100).collect();
        let sampling = Sampling { exact_up_to: 10, pivots: 20, seed: 7, ..Sampling::default() };
        let (a, sampled) = choose_sources(&candidates, &sampling);
        let (b, _) = choose_sources(&candidates, &sampling);
        assert!(sampled);
        assert_eq!(a, b);
        assert_eq!(a.len(), 20);
        assert!(a.windows(2).all(|w| w[0] < w[1]));
    }

    #[test]
    fn chunk_results_come_back_in_order_on_any_thread_count() {
        let sources: Vec<u32> = (0..50).collect();
        let one = map_source_chunks(&sources, 1, |c| c.iter().sum::<u32>());
        let three = map_source_chunks(&sources, 3, |c| c.iter().sum::<u32>());
        assert_eq!(one, three);
        assert_eq!(one.iter().sum::<u32>(), 1225);
    }

    #[test]
    fn bound_shrinks_with_more_samples() {
        let few = hoeffding_half_width(100, 1, 0.95);
        let many = hoeffding_half_width(10_000, 1, 0.95);
        assert!((few - (40.0f64.ln() / 200.0).sqrt()).abs() < 1e-12);
        assert!(many < few / 9.0);
    }
}
