//! Seeded randomness: one ChaCha8 stream per generation stage, so a change in one stage does
//! not reshuffle the others, and a few distributions the `rand` crate keeps elsewhere.

use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

/// The generation stages, each with its own random stream.
#[derive(Clone, Copy)]
pub(super) enum Stage {
    Name = 1,
    Structure,
    Dates,
    Fillers,
    Traits,
    People,
    Delegations,
    Decisions,
    Network,
    Acts,
}

pub(super) fn stream(seed: u64, stage: Stage) -> ChaCha8Rng {
    let mut rng = ChaCha8Rng::seed_from_u64(seed);
    rng.set_stream(stage as u64);
    rng
}

/// True with probability `p` (clamped to 0..=1).
pub(super) fn chance(rng: &mut impl Rng, p: f64) -> bool {
    rng.random::<f64>() < p
}

/// A standard normal draw (Box-Muller).
pub(super) fn normal(rng: &mut impl Rng) -> f64 {
    let u: f64 = 1.0 - rng.random::<f64>();
    let v: f64 = rng.random::<f64>();
    (-2.0 * u.ln()).sqrt() * (std::f64::consts::TAU * v).cos()
}

/// A log-normal draw with median `median` and shape `sigma`.
pub(super) fn lognormal(rng: &mut impl Rng, median: f64, sigma: f64) -> f64 {
    median * (sigma * normal(rng)).exp()
}

/// A log-normal draw with mean 1.
pub(super) fn unit_lognormal(rng: &mut impl Rng, sigma: f64) -> f64 {
    (sigma * normal(rng) - sigma * sigma / 2.0).exp()
}

/// A Pareto draw with minimum 1 and tail index `alpha` (smaller = heavier tail).
pub(super) fn pareto(rng: &mut impl Rng, alpha: f64) -> f64 {
    (1.0 - rng.random::<f64>()).powf(-1.0 / alpha)
}

/// A Poisson draw; exact for small means, normal approximation above 30.
pub(super) fn poisson(rng: &mut impl Rng, mean: f64) -> u32 {
    if mean <= 0.0 {
        return 0;
    }
    if mean > 30.0 {
        return (mean + mean.sqrt() * normal(rng)).round().max(0.0) as u32;
    }
    let limit = (-mean).exp();
    let mut product = rng.random::<f64>();
    let mut count = 0;
    while product > limit {
        product *= rng.random::<f64>();
        count += 1;
    }
    count
}

/// A uniform pick from a slice.
pub(super) fn pick<'a, T>(rng: &mut impl Rng, items: &'a [T]) -> Option<&'a T> {
    if items.is_empty() { None } else { Some(&items[rng.random_range(0..items.len())]) }
}

/// An index drawn with the given relative weights (all weights ≥ 0, at least one > 0).
pub(super) fn weighted_index(rng: &mut impl Rng, weights: &[f64]) -> usize {
    let total: f64 = weights.iter().sum();
    let mut left = rng.random::<f64>() * total;
    for (index, weight) in weights.iter().enumerate() {
        if left < *weight {
            return index;
        }
        left -= weight;
    }
    weights.len().saturating_sub(1)
}

/// A fixed set of items to draw from by weight many times (binary search on the cumulative sum).
pub(super) struct Pool {
    pub items: Vec<u32>,
    cumulative: Vec<f64>,
}

impl Pool {
    pub fn new(items: Vec<u32>, weight: impl Fn(u32) -> f64) -> Pool {
        let mut total = 0.0;
        let cumulative = items
            .iter()
            .map(|item| {
                total += weight(*item).max(0.0);
                total
            })
            .collect();
        Pool { items, cumulative }
    }

    pub fn draw(&self, rng: &mut impl Rng) -> Option<u32> {
        let total = *self.cumulative.last()?;
        if total <= 0.0 {
            return None;
        }
        let target = rng.random::<f64>() * total;
        let index = self.cumulative.partition_point(|sum| *sum <= target);
        self.items.get(index.min(self.items.len() - 1)).copied()
    }
}
