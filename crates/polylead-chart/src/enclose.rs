//! Circle geometry for packing: front-chain sibling packing (Wang et al. 2006, as d3's
//! `packSiblings`) and the smallest circle enclosing circles (Welzl/Matoušek, as d3's
//! `packEnclose`).

use crate::random::Lcg;

/// A circle: centre (`x`, `y`) and radius `r`.
#[derive(Clone, Copy, Debug, Default, PartialEq)]
pub struct Circle {
    /// Centre, horizontal.
    pub x: f64,
    /// Centre, vertical.
    pub y: f64,
    /// Radius.
    pub r: f64,
}

/// Places circles of the given radii next to each other without overlap, as tightly as the
/// front-chain algorithm does, and centres the smallest circle enclosing them on the origin.
/// Returns that enclosing circle's radius (0 for no circles). Input positions are ignored;
/// the order of the circles is the order they are placed in.
pub fn pack_siblings(circles: &mut [Circle]) -> f64 {
    let n = circles.len();
    if n == 0 {
        return 0.0;
    }
    circles[0].x = 0.0;
    circles[0].y = 0.0;
    if n == 1 {
        return circles[0].r;
    }
    circles[0].x = -circles[1].r;
    circles[1].x = circles[0].r;
    circles[1].y = 0.0;
    if n == 2 {
        let enclosing = enclose(circles);
        for circle in circles.iter_mut() {
            circle.x -= enclosing.x;
            circle.y -= enclosing.y;
        }
        return enclosing.r;
    }
    circles[2] = place(circles[1], circles[0], circles[2]);

    // The front chain: a circular doubly linked list over circle indices.
    let mut next = vec![0usize; n];
    let mut previous = vec![0usize; n];
    next[0] = 1;
    previous[1] = 0;
    next[1] = 2;
    previous[2] = 1;
    next[2] = 0;
    previous[0] = 2;
    let (mut a, mut b) = (0usize, 1usize);

    let mut i = 3;
    'pack: while i < n {
        circles[i] = place(circles[a], circles[b], circles[i]);
        let c = i;
        // Find the closest circle on the front chain that the new one intersects, if any,
        // measuring closeness as distance along the chain.
        let (mut j, mut k) = (next[b], previous[a]);
        let (mut sj, mut sk) = (circles[b].r, circles[a].r);
        loop {
            if sj <= sk {
                if intersects(circles[j], circles[c]) {
                    b = j;
                    next[a] = b;
                    previous[b] = a;
                    continue 'pack;
                }
                sj += circles[j].r;
                j = next[j];
            } else {
                if intersects(circles[k], circles[c]) {
                    a = k;
                    next[a] = b;
                    previous[b] = a;
                    continue 'pack;
                }
                sk += circles[k].r;
                k = previous[k];
            }
            if j == next[k] {
                break;
            }
        }
        // No intersection: insert c between a and b.
        previous[c] = a;
        next[c] = b;
        next[a] = c;
        previous[b] = c;
        b = c;
        // The new pair (a, a.next) is the one closest to the centroid.
        let mut best = score(&circles[a], &circles[next[a]]);
        let mut node = next[c];
        while node != b {
            let candidate = score(&circles[node], &circles[next[node]]);
            if candidate < best {
                a = node;
                best = candidate;
            }
            node = next[node];
        }
        b = next[a];
        i += 1;
    }

    // Enclose the front chain and move everything so that circle sits on the origin.
    let mut chain = vec![circles[b]];
    let mut node = next[b];
    while node != b {
        chain.push(circles[node]);
        node = next[node];
    }
    let enclosing = enclose(&chain);
    for circle in circles.iter_mut() {
        circle.x -= enclosing.x;
        circle.y -= enclosing.y;
    }
    enclosing.r
}

/// Places `c` tangent to both `a` and `b` (d3's `place(b, a, c)`).
fn place(b: Circle, a: Circle, c: Circle) -> Circle {
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    let d2 = dx * dx + dy * dy;
    if d2 == 0.0 {
        return Circle { x: a.x + c.r, y: a.y, r: c.r };
    }
    let a2 = (a.r + c.r) * (a.r + c.r);
    let b2 = (b.r + c.r) * (b.r + c.r);
    if a2 > b2 {
        let x = (d2 + b2 - a2) / (2.0 * d2);
        let y = (b2 / d2 - x * x).max(0.0).sqrt();
        Circle { x: b.x - x * dx - y * dy, y: b.y - x * dy + y * dx, r: c.r }
    } else {
        let x = (d2 + a2 - b2) / (2.0 * d2);
        let y = (a2 / d2 - x * x).max(0.0).sqrt();
        Circle { x: a.x + x * dx - y * dy, y: a.y + x * dy + y * dx, r: c.r }
    }
}

fn intersects(a: Circle, b: Circle) -> bool {
    let dr = a.r + b.r - 1e-6;
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    dr > 0.0 && dr * dr > dx * dx + dy * dy
}

/// Squared distance from the origin of the weighted midpoint of a and b.
fn score(a: &Circle, b: &Circle) -> f64 {
    let ab = a.r + b.r;
    if ab == 0.0 {
        return a.x * a.x + a.y * a.y;
    }
    let dx = (a.x * b.r + b.x * a.r) / ab;
    let dy = (a.y * b.r + b.y * a.r) / ab;
    dx * dx + dy * dy
}

/// The smallest circle enclosing all `circles` (Matoušek–Sharir–Welzl's move-to-front variant
/// on a deterministically shuffled copy). No circles give a zero circle at the origin.
pub fn enclose(circles: &[Circle]) -> Circle {
    let mut shuffled = circles.to_vec();
    Lcg::new(1).shuffle(&mut shuffled);
    let mut basis: Vec<Circle> = Vec::new();
    let mut enclosing: Option<Circle> = None;
    let mut i = 0;
    while i < shuffled.len() {
        let p = shuffled[i];
        match enclosing {
            Some(e) if encloses_weak(e, p) => i += 1,
            _ => {
                basis = extend_basis(&basis, p);
                enclosing = Some(enclose_basis(&basis));
                i = 0;
            }
        }
    }
    enclosing.unwrap_or_default()
}

fn extend_basis(basis: &[Circle], p: Circle) -> Vec<Circle> {
    if encloses_weak_all(p, basis) {
        return vec![p];
    }
    for &b in basis {
        if encloses_not(p, b) && encloses_weak_all(enclose_two(b, p), basis) {
            return vec![b, p];
        }
    }
    for (i, &bi) in basis.iter().enumerate() {
        for &bj in &basis[i + 1..] {
            if encloses_not(enclose_two(bi, bj), p)
                && encloses_not(enclose_two(bi, p), bj)
                && encloses_not(enclose_two(bj, p), bi)
                && encloses_weak_all(enclose_three(bi, bj, p), basis)
            {
                return vec![bi, bj, p];
            }
        }
    }
    // Only reachable through floating-point trouble: fall back to a circle that surely
    // encloses the basis and p, so the caller still terminates with a valid result.
    let mut all = basis.to_vec();
    all.push(p);
    vec![enclose_loosely(&all)]
}

/// A circle around the centroid of `circles` that contains them all (not the smallest).
fn enclose_loosely(circles: &[Circle]) -> Circle {
    let n = circles.len().max(1) as f64;
    let x = circles.iter().map(|c| c.x).sum::<f64>() / n;
    let y = circles.iter().map(|c| c.y).sum::<f64>() / n;
    let r = circles.iter().map(|c| (c.x - x).hypot(c.y - y) + c.r).fold(0.0, f64::max);
    Circle { x, y, r: r * (1.0 + 1e-9) }
}

/// Whether a does not contain b.
fn encloses_not(a: Circle, b: Circle) -> bool {
    let dr = a.r - b.r;
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    dr < 0.0 || dr * dr < dx * dx + dy * dy
}

/// Whether a contains b, with a small relative tolerance.
fn encloses_weak(a: Circle, b: Circle) -> bool {
    let dr = a.r - b.r + a.r.max(b.r).max(1.0) * 1e-9;
    let (dx, dy) = (b.x - a.x, b.y - a.y);
    dr > 0.0 && dr * dr > dx * dx + dy * dy
}

fn encloses_weak_all(a: Circle, basis: &[Circle]) -> bool {
    basis.iter().all(|&b| encloses_weak(a, b))
}

fn enclose_basis(basis: &[Circle]) -> Circle {
    match *basis {
        [a] => a,
        [a, b] => enclose_two(a, b),
        [a, b, c] => enclose_three(a, b, c),
        _ => enclose_loosely(basis),
    }
}

fn enclose_two(a: Circle, b: Circle) -> Circle {
    let (x21, y21, r21) = (b.x - a.x, b.y - a.y, b.r - a.r);
    let l = x21.hypot(y21);
    if l == 0.0 {
        return if a.r >= b.r { a } else { b };
    }
    Circle { x: (a.x + b.x + x21 / l * r21) / 2.0, y: (a.y + b.y + y21 / l * r21) / 2.0, r: (l + a.r + b.r) / 2.0 }
}

fn enclose_three(a: Circle, b: Circle, c: Circle) -> Circle {
    let (x1, y1, r1) = (a.x, a.y, a.r);
    let (x2, y2, r2) = (b.x, b.y, b.r);
    let (x3, y3, r3) = (c.x, c.y, c.r);
    let a2 = x1 - x2;
    let a3 = x1 - x3;
    let b2 = y1 - y2;
    let b3 = y1 - y3;
    let c2 = r2 - r1;
    let c3 = r3 - r1;
    let d1 = x1 * x1 + y1 * y1 - r1 * r1;
    let d2 = d1 - x2 * x2 - y2 * y2 + r2 * r2;
    let d3 = d1 - x3 * x3 - y3 * y3 + r3 * r3;
    let ab = a3 * b2 - a2 * b3;
    if ab == 0.0 {
        // Collinear centres: the basis of three is degenerate.
        return enclose_loosely(&[a, b, c]);
    }
    let xa = (b2 * d3 - b3 * d2) / (ab * 2.0) - x1;
    let xb = (b3 * c2 - b2 * c3) / ab;
    let ya = (a3 * d2 - a2 * d3) / (ab * 2.0) - y1;
    let yb = (a2 * c3 - a3 * c2) / ab;
    let qa = xb * xb + yb * yb - 1.0;
    let qb = 2.0 * (r1 + xa * xb + ya * yb);
    let qc = xa * xa + ya * ya - r1 * r1;
    let r = -(if qa.abs() > 1e-6 { (qb + (qb * qb - 4.0 * qa * qc).max(0.0).sqrt()) / (2.0 * qa) } else { qc / qb });
    if !r.is_finite() {
        return enclose_loosely(&[a, b, c]);
    }
    Circle { x: x1 + xa + xb * r, y: y1 + ya + yb * r, r }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn circles(radii: &[f64]) -> Vec<Circle> {
        radii.iter().map(|&r| Circle { x: 0.0, y: 0.0, r }).collect()
    }

    fn assert_no_overlap(circles: &[Circle]) {
        for (i, a) in circles.iter().enumerate() {
            for b in &circles[i + 1..] {
                let d = (a.x - b.x).hypot(a.y - b.y);
                assert!(d >= a.r + b.r - 1e-6, "{a:?} overlaps {b:?} by {}", a.r + b.r - d);
            }
        }
    }

    fn assert_inside(inner: &[Circle], outer: Circle) {
        for c in inner {
            let d = (c.x - outer.x).hypot(c.y - outer.y);
            assert!(d + c.r <= outer.r + 1e-6, "{c:?} sticks out of {outer:?}");
        }
    }

    #[test]
    fn siblings_do_not_overlap_and_fit_in_the_returned_radius() {
        let radii: Vec<f64> = (1..=60).map(|i| 1.0 + ((i * 37) % 11) as f64 * 0.7).collect();
        let mut packed = circles(&radii);
        let r = pack_siblings(&mut packed);
        assert_no_overlap(&packed);
        assert_inside(&packed, Circle { x: 0.0, y: 0.0, r });
        // Tight: the enclosing circle is far smaller than a row of all circles.
        let area: f64 = radii.iter().map(|r| r * r).sum();
        assert!(r * r < 2.0 * area, "r² {} vs Σr² {area}", r * r);
    }

    #[test]
    fn one_two_and_three_circles() {
        assert_eq!(pack_siblings(&mut []), 0.0);
        let mut one = circles(&[2.0]);
        assert_eq!(pack_siblings(&mut one), 2.0);
        assert_eq!((one[0].x, one[0].y), (0.0, 0.0));
        let mut two = circles(&[1.0, 3.0]);
        assert!((pack_siblings(&mut two) - 4.0).abs() < 1e-9);
        assert_no_overlap(&two);
        let mut three = circles(&[1.0, 1.0, 1.0]);
        let r = pack_siblings(&mut three);
        assert!((r - (1.0 + 2.0 / 3f64.sqrt())).abs() < 1e-9, "{r}");
        assert_no_overlap(&three);
    }

    #[test]
    fn equal_circles_are_packed_the_same_every_time() {
        let mut first = circles(&[1.0; 30]);
        let mut second = circles(&[1.0; 30]);
        pack_siblings(&mut first);
        pack_siblings(&mut second);
        assert_eq!(first, second);
        assert_no_overlap(&first);
    }

    #[test]
    fn enclose_finds_the_smallest_circle() {
        let points =
            [Circle { x: 0.0, y: 0.0, r: 1.0 }, Circle { x: 10.0, y: 0.0, r: 1.0 }, Circle { x: 5.0, y: 1.0, r: 1.0 }];
        let e = enclose(&points);
        assert!((e.r - 6.0).abs() < 1e-9 && (e.x - 5.0).abs() < 1e-9 && e.y.abs() < 1e-9, "{e:?}");
        let triangle = [
            Circle { x: 0.0, y: 0.0, r: 0.0 },
            Circle { x: 2.0, y: 0.0, r: 0.0 },
            Circle { x: 1.0, y: 3f64.sqrt(), r: 0.0 },
        ];
        let e = enclose(&triangle);
        assert!((e.r - 2.0 / 3f64.sqrt()).abs() < 1e-9, "{e:?}");
        assert_inside(&triangle, e);
        assert_eq!(enclose(&[]), Circle::default());
    }
}
