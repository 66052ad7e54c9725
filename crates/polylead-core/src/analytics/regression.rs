//! Ordinary least squares with the t-test on the slope (M13's "open items trend"), and the
//! Student t distribution it needs (via the regularised incomplete beta function; Numerical
//! Recipes §6.1–6.4). No dependency: the few functions are short and tested against values computed independently (numerical integration of the t density).

use crate::metric::{Metric, Undefined};

/// A fitted line `y = intercept + slope·x` and the two-sided p-value of `slope ≠ 0`.
#[derive(Clone, Copy, PartialEq, Debug)]
pub struct Trend {
    pub slope: f64,
    pub intercept: f64,
    /// Two-sided p-value of the t-test on the slope (n − 2 degrees of freedom).
    pub p_value: f64,
    pub points: usize,
}

/// OLS of `y` on `x` (extra items of the longer slice are ignored). Fewer than 3 points, or no
/// variance in x → `N_TOO_SMALL`. A perfect fit has p = 0 (or 1 for a flat line).
pub fn ols(x: &[f64], y: &[f64]) -> Metric<Trend> {
    let points = x.len().min(y.len());
    if points < 3 {
        return Err(Undefined::NTooSmall);
    }
    let n = points as f64;
    let mean_x = x[..points].iter().sum::<f64>() / n;
    let mean_y = y[..points].iter().sum::<f64>() / n;
    let (mut sxx, mut sxy) = (0.0, 0.0);
    for (xi, yi) in x.iter().zip(y) {
        sxx += (xi - mean_x) * (xi - mean_x);
        sxy += (xi - mean_x) * (yi - mean_y);
    }
    if sxx == 0.0 {
        return Err(Undefined::NTooSmall);
    }
    let slope = sxy / sxx;
    let intercept = mean_y - slope * mean_x;
    let residual: f64 = x.iter().zip(y).map(|(xi, yi)| (yi - intercept - slope * xi).powi(2)).sum();
    let df = n - 2.0;
    let standard_error = (residual / df / sxx).sqrt();
    let p_value = if standard_error == 0.0 {
        if slope == 0.0 { 1.0 } else { 0.0 }
    } else {
        student_t_two_sided(slope / standard_error, df)
    };
    Ok(Trend { slope, intercept, p_value, points })
}

/// `P(|T| ≥ |t|)` for Student's t with `df` degrees of freedom.
pub fn student_t_two_sided(t: f64, df: f64) -> f64 {
    regularized_incomplete_beta(df / (df + t * t), df / 2.0, 0.5)
}

/// `P(T ≤ t)` for Student's t with `df` degrees of freedom.
pub fn student_t_cdf(t: f64, df: f64) -> f64 {
    let tail = 0.5 * student_t_two_sided(t, df);
    if t >= 0.0 { 1.0 - tail } else { tail }
}

/// `ln Γ(x)` for x > 0 (Lanczos, g = 7, n = 9; about 15 significant digits).
pub fn ln_gamma(x: f64) -> f64 {
    const COEFFICIENTS: [f64; 9] = [
        0.999_999_999_999_809_9,
        676.520_368_121_885_1,
        -1_259.139_216_722_402_8,
        771.323_428_777_653_1,
        -176.615_029_162_140_6,
        12.507_343_278_686_905,
        -0.138_571_095_265_720_12,
        9.984_369_578_019_572e-6,
        1.505_632_735_149_311_6e-7,
    ];
    if x < 0.5 {
        // Reflection: Γ(x)Γ(1−x) = π / sin(πx).
        return (std::f64::consts::PI / (std::f64::consts::PI * x).sin()).ln() - ln_gamma(1.0 - x);
    }
    let x = x - 1.0;
    let mut sum = COEFFICIENTS[0];
    for (i, coefficient) in COEFFICIENTS.iter().enumerate().skip(1) {
        sum += coefficient / (x + i as f64);
    }
    let t = x + 7.5;
    0.5 * (2.0 * std::f64::consts::PI).ln() + (x + 0.5) * t.ln() - t + sum.ln()
}

/// `I_x(a, b)`, the regularised incomplete beta function, for 0 ≤ x ≤ 1 and a, b > 0.
pub fn regularized_incomplete_beta(x: f64, a: f64, b: f64) -> f64 {
    if x <= 0.0 {
        return 0.0;
    }
    if x >= 1.0 {
        return 1.0;
    }
    let front = (ln_gamma(a + b) - ln_gamma(a) - ln_gamma(b) + a * x.ln() + b * (1.0 - x).ln()).exp();
    if x < (a + 1.0) / (a + b + 2.0) {
        front * beta_continued_fraction(x, a, b) / a
    } else {
        1.0 - front * beta_continued_fraction(1.0 - x, b, a) / b
    }
}

/// The continued fraction of the incomplete beta function (modified Lentz).
fn beta_continued_fraction(x: f64, a: f64, b: f64) -> f64 {
    const TINY: f64 = 1e-300;
    let mut c = 1.0;
    let mut d = 1.0 - (a + b) * x / (a + 1.0);
    if d.abs() < TINY {
        d = TINY;
    }
    d = 1.0 / d;
    let mut fraction = d;
    for m in 1..=300 {
        let m = m as f64;
        let even = m * (b - m) * x / ((a + 2.0 * m - 1.0) * (a + 2.0 * m));
        for numerator in [even, -(a + m) * (a + b + m) * x / ((a + 2.0 * m) * (a + 2.0 * m + 1.0))] {
            d = 1.0 + numerator * d;
            if d.abs() < TINY {
                d = TINY;
            }
            c = 1.0 + numerator / c;
            if c.abs() < TINY {
                c = TINY;
            }
            d = 1.0 / d;
            fraction *= d * c;
        }
        if (d * c - 1.0).abs() < 1e-15 {
            break;
        }
    }
    fraction
}

#[cfg(test)]
mod tests {
    use super::*;

    fn close(actual: f64, expected: f64, tolerance: f64) {
        assert!((actual - expected).abs() < tolerance, "{actual} != {expected}");
    }

    #[test]
    fn student_t_matches_reference_values() {
        // 2·pt(−2, 10) = 0.07338803; 2·pt(−2.228139, 10) = 0.05; pt(1, 1) = 0.75; 2·pt(−3.5, 3) = 0.03948104.
        close(student_t_two_sided(2.0, 10.0), 0.073_388_03, 1e-7);
        close(student_t_two_sided(-2.228_139, 10.0), 0.05, 1e-6);
        close(student_t_cdf(1.0, 1.0), 0.75, 1e-12);
        close(student_t_cdf(-1.0, 1.0), 0.25, 1e-12);
        close(student_t_two_sided(0.0, 5.0), 1.0, 1e-12);
        close(student_t_two_sided(3.5, 3.0), 0.039_481_04, 1e-6);
    }

    #[test]
    fn ln_gamma_matches_factorials() {
        close(ln_gamma(1.0), 0.0, 1e-13);
        close(ln_gamma(5.0), 24f64.ln(), 1e-12);
        close(ln_gamma(0.5), std::f64::consts::PI.sqrt().ln(), 1e-12);
    }

    #[test]
    fn ols_fits_and_tests_the_slope() {
        // summary(lm(c(1,3,2,5,4,6) ~ c(0:5))): slope 0.885714, t = 3.8158, p = 0.018845.
        let trend = ols(&[0.0, 1.0, 2.0, 3.0, 4.0, 5.0], &[1.0, 3.0, 2.0, 5.0, 4.0, 6.0]).unwrap();
        close(trend.slope, 0.885_714_3, 1e-6);
        close(trend.intercept, 1.285_714_3, 1e-6);
        close(trend.p_value, 0.018_845_5, 1e-6);
        assert_eq!(ols(&[1.0, 2.0], &[1.0, 2.0]), Err(Undefined::NTooSmall));
        assert_eq!(ols(&[1.0, 1.0, 1.0], &[1.0, 2.0, 3.0]), Err(Undefined::NTooSmall));
        assert_eq!(ols(&[1.0, 2.0, 3.0], &[2.0, 4.0, 6.0]).unwrap().p_value, 0.0);
    }
}
