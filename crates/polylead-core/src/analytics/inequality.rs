//! How evenly leadership activity is spread: M1 Gini, M2 top-k% share, M3 entropy and the
//! effective number of leaders (METRICS.md §2), plus the R type 7 [`percentile`].
//!
//! Inputs are per-person values over the **eligible population**, zeros included
//! ([`ActivityCounts`](super::ActivityCounts)), indexed so that position order is person-id order
//! (as [`PeopleIndex`](super::PeopleIndex) assigns them). Values must be finite and ≥ 0.
//!
//! Undefined cases, checked in this order: N = 0 → `EMPTY`; Σx = 0 → `NO_ACTS`; N = 1 → `N_TOO_SMALL`.

use crate::metric::{Metric, Undefined};

/// M1: the Gini coefficient and its normalised form.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Gini {
    /// `G = 2Σ i·x_(i)/(NΣx) − (N+1)/N`, at most (N−1)/N.
    pub g: f64,
    /// `G* = G·N/(N−1)`, in [0, 1]; compare teams on this one.
    pub normalised: f64,
}

/// M2: the share of all acts held by the most active `people`.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct TopShare {
    /// k in percent.
    pub percent: u32,
    /// ⌈kN⌉.
    pub people: usize,
    pub share: f64,
}

/// M3: entropy-based spread.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Entropy {
    /// `H = −Σ p ln p` (nats).
    pub h: f64,
    /// `H / ln N`, with N the eligible population.
    pub normalised: f64,
    /// `exp(H)`: "as many equally active leaders as …", the headline figure.
    pub effective_leaders: f64,
    /// `1/Σp²`.
    pub inverse_simpson: f64,
}

fn check(values: &[f64]) -> Metric<f64> {
    if values.is_empty() {
        return Err(Undefined::Empty);
    }
    let total: f64 = values.iter().sum();
    if total <= 0.0 {
        return Err(Undefined::NoActs);
    }
    if values.len() == 1 {
        return Err(Undefined::NTooSmall);
    }
    Ok(total)
}

/// M1 Gini over everyone's values, zeros included.
pub fn gini(values: &[f64]) -> Metric<Gini> {
    let total = check(values)?;
    let n = values.len() as f64;
    let weighted = rank_weighted_sum_of_counts(values, total).unwrap_or_else(|| rank_weighted_sum(values));
    let g = 2.0 * weighted / (n * total) - (n + 1.0) / n;
    Ok(Gini { g, normalised: g * n / (n - 1.0) })
}

/// `Σ i·x_(i)` over the values sorted ascending (ranks from 1), by sorting.
fn rank_weighted_sum(values: &[f64]) -> f64 {
    let mut sorted = values.to_vec();
    sorted.sort_unstable_by(f64::total_cmp);
    sorted.iter().enumerate().map(|(i, x)| (i + 1) as f64 * x).sum()
}

/// How far beyond the value count N a whole-number value may go for [`counts_histogram`].
const HISTOGRAM_SLACK: usize = 1 << 16;

/// How many values equal 0, 1, 2, … up to the largest, when every value is a whole number no
/// larger than N + 65,536 (act counts are); `None` otherwise (fractions, larger values, NaN).
fn counts_histogram(values: &[f64]) -> Option<Vec<u64>> {
    let limit = values.len() + HISTOGRAM_SLACK;
    let mut copies = vec![0u64; 256.min(limit + 1)];
    for &x in values {
        // `as u32` saturates (NaN to 0), so converting back gives x only for whole numbers in
        // 0..=u32::MAX; no `fract`, which is a libm call on baseline x86-64.
        let count = x as u32;
        if f64::from(count) != x {
            return None;
        }
        let slot = count as usize;
        if slot >= copies.len() {
            if slot > limit {
                return None;
            }
            copies.resize((slot + 1).max(2 * copies.len()).min(limit + 1), 0);
        }
        copies[slot] += 1;
    }
    Some(copies)
}

/// [`rank_weighted_sum`] without sorting, from the [`counts_histogram`] when `N·Σx < 2^53`: each
/// distinct value x with c copies takes the ranks r+1..=r+c and adds `x·c·(2r+c+1)/2`, in integer
/// arithmetic. Every partial sum of the sorting version is then a whole number below 2^53, so
/// exact in f64: both give the same f64. `None` when the values do not qualify.
fn rank_weighted_sum_of_counts(values: &[f64], total: f64) -> Option<f64> {
    const EXACT_IN_F64: f64 = (1u64 << 53) as f64;
    if values.len() as f64 * total >= EXACT_IN_F64 {
        return None;
    }
    let copies = counts_histogram(values)?;
    let (mut rank_before, mut weighted) = (0u64, 0u128);
    for (x, &c) in copies.iter().enumerate() {
        let rank_sum = u128::from(c) * u128::from(2 * rank_before + c + 1) / 2;
        weighted += x as u128 * rank_sum;
        rank_before += c;
    }
    Some(weighted as f64)
}

/// Positions ordered from most to least active, ties by lowest position (= lowest person id).
pub fn ranking(values: &[f64]) -> Vec<usize> {
    let mut order: Vec<usize> = (0..values.len()).collect();
    order.sort_by(|&a, &b| values[b].total_cmp(&values[a]).then(a.cmp(&b)));
    order
}

/// ⌈percent·N/100⌉, in exact integer arithmetic.
pub fn top_count(percent: u32, n: usize) -> usize {
    (percent as usize * n).div_ceil(100)
}

/// M2: the share of acts held by the top `percent`% of people (⌈kN⌉ of them, ties by person id).
pub fn top_share(values: &[f64], percent: u32) -> Metric<TopShare> {
    let total = check(values)?;
    let people = top_count(percent, values.len()).min(values.len());
    let ranked = ranking(values);
    let top: f64 = ranked[..people].iter().map(|&position| values[position]).sum();
    Ok(TopShare { percent, people, share: top / total })
}

/// M2: the minimum share of people (m/N) whose acts make up at least half of all acts.
pub fn half_of_acts_share(values: &[f64]) -> Metric<f64> {
    let total = check(values)?;
    let mut sorted = values.to_vec();
    sorted.sort_unstable_by(|a, b| b.total_cmp(a));
    let mut sum = 0.0;
    let mut people = 0;
    for value in sorted {
        sum += value;
        people += 1;
        if sum >= 0.5 * total {
            break;
        }
    }
    Ok(people as f64 / values.len() as f64)
}

/// M3 entropy, normalised entropy, effective number of leaders and inverse Simpson.
///
/// Whole-number values (act counts) are summed per distinct value from the [`counts_histogram`]:
/// `c` people with x acts add `c·(p ln p)` with p = x/Σx, one logarithm per distinct count.
pub fn entropy(values: &[f64]) -> Metric<Entropy> {
    let total = check(values)?;
    let (mut h, mut sum_squares) = (0.0, 0.0);
    let mut add = |value: f64, copies: f64| {
        let p = value / total;
        h -= copies * (p * p.ln());
        sum_squares += copies * (p * p);
    };
    match counts_histogram(values) {
        Some(copies) => {
            for (value, &c) in copies.iter().enumerate().skip(1).filter(|&(_, &c)| c > 0) {
                add(value as f64, c as f64);
            }
        }
        None => values.iter().filter(|&&value| value > 0.0).for_each(|&value| add(value, 1.0)),
    }
    Ok(Entropy {
        h,
        normalised: h / (values.len() as f64).ln(),
        effective_leaders: h.exp(),
        inverse_simpson: 1.0 / sum_squares,
    })
}

/// The `q`-th quantile (0 ≤ q ≤ 1) of `values` by linear interpolation (R type 7, numpy's default).
/// Empty input → `EMPTY`. `q` outside [0, 1] is clamped.
pub fn percentile(values: &[f64], q: f64) -> Metric<f64> {
    let mut sorted = values.to_vec();
    sorted.sort_unstable_by(f64::total_cmp);
    percentile_of_sorted(&sorted, q)
}

/// [`percentile`] over values already sorted ascending.
pub fn percentile_of_sorted(sorted: &[f64], q: f64) -> Metric<f64> {
    if sorted.is_empty() {
        return Err(Undefined::Empty);
    }
    let h = (sorted.len() - 1) as f64 * q.clamp(0.0, 1.0);
    let below = h.floor() as usize;
    let above = (below + 1).min(sorted.len() - 1);
    Ok(sorted[below] + (h - below as f64) * (sorted[above] - sorted[below]))
}

/// The standard summary of an activity vector: M1, M2 (10% and 20%, half of acts) and M3.
#[derive(Clone, PartialEq, Debug)]
pub struct Distribution {
    pub population: usize,
    pub acts: f64,
    pub gini: Metric<Gini>,
    pub top_10: Metric<TopShare>,
    pub top_20: Metric<TopShare>,
    pub half_of_acts: Metric<f64>,
    pub entropy: Metric<Entropy>,
}

/// M1–M3 together.
pub fn distribution(values: &[f64]) -> Distribution {
    Distribution {
        population: values.len(),
        acts: values.iter().sum(),
        gini: gini(values),
        top_10: top_share(values, 10),
        top_20: top_share(values, 20),
        half_of_acts: half_of_acts_share(values),
        entropy: entropy(values),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(actual: f64, expected: f64) {
        assert!((actual - expected).abs() < 5e-5, "{actual} != {expected}");
    }

    #[test]
    fn gini_matches_the_golden_cases() {
        close(gini(&[1.0, 1.0, 1.0, 1.0]).unwrap().g, 0.0);
        let concentrated = gini(&[4.0, 0.0, 0.0, 0.0]).unwrap();
        close(concentrated.g, 0.75);
        close(concentrated.normalised, 1.0);
        close(gini(&[3.0, 1.0, 0.0, 0.0]).unwrap().g, 0.625);
        close(gini(&[5.0, 3.0, 2.0]).unwrap().g, 0.20);
    }

    #[test]
    fn gini_of_counts_equals_gini_by_sorting() {
        // Whole numbers take the histogram; fractions, huge values and NaN-free floats the sort.
        let counts: Vec<f64> = (0..5_000u32).map(|i| f64::from((i * 7919 + 13) % 97 * (i % 3))).collect();
        let g = gini(&counts).unwrap().g;
        let n = counts.len() as f64;
        let by_sorting = 2.0 * rank_weighted_sum(&counts) / (n * counts.iter().sum::<f64>()) - (n + 1.0) / n;
        assert_eq!(g.to_bits(), by_sorting.to_bits());
        assert_eq!(rank_weighted_sum_of_counts(&[0.5, 1.0], 1.5), None);
        assert_eq!(rank_weighted_sum_of_counts(&[1.0e9, 1.0], 1.0e9 + 1.0), None);
        assert_eq!(rank_weighted_sum_of_counts(&[3.0, 1.0, 0.0, 0.0], 4.0), Some(3.0 + 4.0 * 3.0));
        close(gini(&[0.5, 2.5, 0.0]).unwrap().g, gini(&[1.0, 5.0, 0.0]).unwrap().g);
        assert_eq!(counts_histogram(&[2.0, 0.0, 2.0, f64::NAN]), None);
        assert_eq!(counts_histogram(&[2.0, 0.0, 2.0, -1.0]), None);
        assert_eq!(counts_histogram(&[2.0, 0.0, 2.0]).map(|c| c[..3].to_vec()), Some(vec![1, 0, 2]));
    }

    #[test]
    fn entropy_of_counts_matches_entropy_term_by_term() {
        let counts: Vec<f64> = (0..5_000u32).map(|i| f64::from((i * 7919 + 13) % 97 * (i % 3))).collect();
        let grouped = entropy(&counts).unwrap();
        let total: f64 = counts.iter().sum();
        let (mut h, mut sum_squares) = (0.0, 0.0);
        for p in counts.iter().filter(|&&x| x > 0.0).map(|x| x / total) {
            h -= p * p.ln();
            sum_squares += p * p;
        }
        assert!((grouped.h - h).abs() < 1e-12 * h, "{} != {h}", grouped.h);
        assert!((grouped.inverse_simpson - 1.0 / sum_squares).abs() < 1e-9 / sum_squares);
        // Fractions take the term-by-term path.
        let halves: Vec<f64> = counts.iter().map(|x| x / 2.0).collect();
        assert!((entropy(&halves).unwrap().h - h).abs() < 1e-12 * h);
    }

    #[test]
    fn undefined_cases_carry_their_reason() {
        assert_eq!(gini(&[]), Err(Undefined::Empty));
        assert_eq!(gini(&[0.0, 0.0]), Err(Undefined::NoActs));
        assert_eq!(gini(&[3.0]), Err(Undefined::NTooSmall));
        assert_eq!(top_share(&[], 20), Err(Undefined::Empty));
        assert_eq!(top_share(&[0.0, 0.0], 20), Err(Undefined::NoActs));
        assert_eq!(half_of_acts_share(&[2.0]), Err(Undefined::NTooSmall));
        assert_eq!(entropy(&[]), Err(Undefined::Empty));
        assert_eq!(entropy(&[0.0, 0.0, 0.0]), Err(Undefined::NoActs));
        assert_eq!(entropy(&[7.0]), Err(Undefined::NTooSmall));
        assert_eq!(percentile(&[], 0.5), Err(Undefined::Empty));
    }

    #[test]
    fn entropy_counts_zeros_in_the_population() {
        let spread = entropy(&[3.0, 1.0, 0.0, 0.0]).unwrap();
        close(spread.normalised, 0.4056);
        close(spread.effective_leaders, spread.h.exp());
        close(spread.inverse_simpson, 1.0 / (0.75f64.powi(2) + 0.25f64.powi(2)));
        let even = entropy(&[2.0, 2.0, 2.0, 2.0]).unwrap();
        close(even.normalised, 1.0);
        close(even.effective_leaders, 4.0);
        close(even.inverse_simpson, 4.0);
    }

    #[test]
    fn top_share_rounds_up_and_breaks_ties_by_id() {
        assert_eq!(top_count(20, 21), 5);
        assert_eq!(top_count(10, 10), 1);
        assert_eq!(top_count(70, 10), 7);
        assert_eq!(top_count(10, 1), 1);
        let share = top_share(&[1.0, 3.0, 3.0, 1.0, 2.0], 20).unwrap();
        assert_eq!(share.people, 1);
        close(share.share, 0.3);
        assert_eq!(ranking(&[1.0, 3.0, 3.0, 1.0, 2.0]), [1, 2, 4, 0, 3]);
        close(half_of_acts_share(&[1.0, 3.0, 3.0, 1.0, 2.0]).unwrap(), 0.4);
        close(half_of_acts_share(&[4.0, 0.0, 0.0, 0.0]).unwrap(), 0.25);
    }

    #[test]
    fn percentile_is_r_type_7() {
        let values = [4.0, 1.0, 3.0, 2.0];
        close(percentile(&values, 0.5).unwrap(), 2.5);
        close(percentile(&values, 0.9).unwrap(), 3.7);
        close(percentile(&values, 0.25).unwrap(), 1.75);
        close(percentile(&values, 1.0).unwrap(), 4.0);
        close(percentile(&[5.0], 0.9).unwrap(), 5.0);
    }

    #[test]
    fn properties_hold_on_hand_made_vectors() {
        let vectors: [&[f64]; 4] =
            [&[5.0, 3.0, 2.0], &[0.0, 9.0, 1.0, 1.0, 4.0], &[1.0, 0.0], &[2.5, 2.5, 0.5, 7.0, 0.0, 3.0]];
        for values in vectors {
            let base = gini(values).unwrap();
            let mut reversed = values.to_vec();
            reversed.reverse();
            let mut rotated = values.to_vec();
            rotated.rotate_left(1);
            for permuted in [reversed, rotated] {
                close(gini(&permuted).unwrap().g, base.g);
                close(entropy(&permuted).unwrap().h, entropy(values).unwrap().h);
            }
            let scaled: Vec<f64> = values.iter().map(|x| x * 3.0).collect();
            close(gini(&scaled).unwrap().g, base.g);
            let n = values.len() as f64;
            assert!((0.0..=1.0 + 1e-12).contains(&base.normalised));
            assert!(base.g <= (n - 1.0) / n + 1e-12);
            let spread = entropy(values).unwrap();
            assert!(spread.effective_leaders >= 1.0 - 1e-12 && spread.effective_leaders <= n + 1e-12);
            assert!(
                spread.inverse_simpson >= 1.0 - 1e-12 && spread.inverse_simpson <= spread.effective_leaders + 1e-12
            );
            assert!((0.0..=1.0 + 1e-12).contains(&spread.normalised));
        }
    }
}
