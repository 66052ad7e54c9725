//! A tiny seeded generator for layouts: deterministic, no global state.

/// The linear congruential generator d3 uses for its layouts (Numerical Recipes constants).
pub(crate) struct Lcg(u64);

impl Lcg {
    pub(crate) fn new(seed: u64) -> Lcg {
        Lcg(seed % (1 << 32))
    }

    /// A number in [0, 1).
    pub(crate) fn next_unit(&mut self) -> f64 {
        self.0 = (1_664_525 * self.0 + 1_013_904_223) % (1 << 32);
        self.0 as f64 / (1u64 << 32) as f64
    }

    /// Shuffles in place (Fisher–Yates from the end, as d3's `shuffle`).
    pub(crate) fn shuffle<T>(&mut self, items: &mut [T]) {
        let mut m = items.len();
        while m > 0 {
            let i = ((self.next_unit() * m as f64) as usize).min(m - 1);
            m -= 1;
            items.swap(m, i);
        }
    }
}
