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
    let mut sorted = values.to_vec();
    sorted.sort_unstable_by(f64::total_cmp);
    let n = sorted.len() as f64;
    let weighted: f64 = sorted.iter().enumerate().map(|(i, x)| (i + 1) as f64 * x).sum();
    let g = 2.0 * weighted / (n * total) - (n + 1.0) / n;
    Ok(Gini { g, normalised: g * n / (n - 1.0) })
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
pub fn entropy(values: &[f64]) -> Metric<Entropy> {
    let total = check(values)?;
    let (mut h, mut sum_squares) = (0.0, 0.0);
    for &value in values.iter().filter(|&&value| value > 0.0) {
        let p = value / total;
        h -= p * p.ln();
        sum_squares += p * p;
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
