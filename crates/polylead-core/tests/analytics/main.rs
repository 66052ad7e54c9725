//! Golden values of METRICS.md computed on the real fixtures (the [C] values, to 4 decimals).

// Test helpers outside #[test] functions may unwrap: a fixture that does not parse is a failed test.
#![allow(clippy::unwrap_used, clippy::expect_used)]

use std::path::PathBuf;

use polylead_core::analytics::inequality::{entropy, gini, top_share};

fn fixtures() -> PathBuf {
    PathBuf::from(concat!(env!("CARGO_MANIFEST_DIR"), "/../../fixtures"))
}

/// Rows of a small CSV file with a header, split on commas.
fn rows(path: PathBuf) -> Vec<Vec<String>> {
    let text = std::fs::read_to_string(&path).unwrap_or_else(|error| panic!("{}: {error}", path.display()));
    text.lines()
        .skip(1)
        .filter(|line| !line.trim().is_empty())
        .map(|line| line.split(',').map(|field| field.trim().to_owned()).collect())
        .collect()
}

/// Krackhardt advice in-degree (count of `to`) over the 21 people, zeros included, in id order.
fn krackhardt_advice_in_degree() -> Vec<f64> {
    let dir = fixtures().join("krackhardt-hightech");
    let mut people: Vec<u32> = rows(dir.join("people.csv")).iter().map(|row| row[0].parse().unwrap()).collect();
    people.sort_unstable();
    assert_eq!(people.len(), 21);
    let mut in_degree = vec![0.0; people.len()];
    let ties = rows(dir.join("advice.csv"));
    assert_eq!(ties.len(), 190);
    for tie in ties {
        let to: u32 = tie[1].parse().unwrap();
        let position = people.binary_search(&to).unwrap();
        in_degree[position] += 1.0;
    }
    in_degree
}

fn close(actual: f64, expected: f64) {
    assert!((actual - expected).abs() < 5e-5, "{actual} != {expected} (to 4 decimals)");
}

#[test]
fn krackhardt_advice_in_degree_matches_the_golden_values() {
    let activity = krackhardt_advice_in_degree();
    close(gini(&activity).unwrap().g, 0.2461);
    let top = top_share(&activity, 20).unwrap();
    assert_eq!(top.people, 5);
    close(top.share, 0.3895);
    let spread = entropy(&activity).unwrap();
    close(spread.h, 2.9483);
    close(spread.normalised, 0.9684);
}
