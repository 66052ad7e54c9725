//! Compares the network metrics with networkx and python-igraph (`scripts/oracle.py`) on
//! seeded random digraphs of several shapes and sizes. The Python interpreter with both
//! libraries is `$POLYLEAD_ORACLE_PYTHON` (`scripts/test` sets it up); without it the test is
//! skipped, except under `CI=true`, where it fails.

use std::io::Write;
use std::process::{Command, Stdio};

use polylead_core::metric::Metric;
use polylead_core::network::centralization::{
    DegreeMode, betweenness, betweenness_centralization, degree_centralization,
};
use polylead_core::network::fragmentation::{distance_fragmentation, fragmentation};
use polylead_core::network::hierarchy::global_reaching_centrality;
use polylead_core::network::mixing::ei_index;
use polylead_core::network::reciprocity::{density, reciprocity};
use polylead_core::network::{Digraph, NodeMask, Sampling};
use rand::seq::IndexedRandom;
use rand::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde_json::{Value, json};

/// A generated graph: raw edges (loops and duplicates included, as the oracle also gets
/// them) and a group per node.
struct Case {
    shape: &'static str,
    n: u32,
    edges: Vec<(u32, u32)>,
    groups: Vec<u32>,
}

fn erdos_renyi(rng: &mut ChaCha8Rng, n: u32, p: f64) -> Vec<(u32, u32)> {
    (0..n).flat_map(|a| (0..n).map(move |b| (a, b))).filter(|&(a, b)| a != b).filter(|_| rng.random_bool(p)).collect()
}

fn star_like(rng: &mut ChaCha8Rng, n: u32) -> Vec<(u32, u32)> {
    let mut edges: Vec<(u32, u32)> = (1..n).map(|v| if rng.random_bool(0.7) { (v, 0) } else { (0, v) }).collect();
    for _ in 0..n / 4 {
        edges.push((rng.random_range(0..n), rng.random_range(0..n)));
    }
    edges
}

fn out_tree(rng: &mut ChaCha8Rng, n: u32) -> Vec<(u32, u32)> {
    (1..n).map(|v| (rng.random_range(0..v), v)).collect()
}

/// Two random blocks, no tie between them, and a few isolated nodes.
fn disconnected(rng: &mut ChaCha8Rng, n: u32) -> Vec<(u32, u32)> {
    let half = n / 2;
    let isolated = (n / 10).max(1);
    let mut edges = Vec::new();
    for _ in 0..2 * n {
        let block = rng.random_range(0..2u32);
        let (lo, hi) = if block == 0 { (0, half) } else { (half, n - isolated) };
        edges.push((rng.random_range(lo..hi), rng.random_range(lo..hi)));
    }
    edges
}

/// Preferential attachment: each new node ties to two earlier nodes picked by degree, in a
/// random direction, with a few repeated ties (parallel edges) left in.
fn scale_free(rng: &mut ChaCha8Rng, n: u32) -> Vec<(u32, u32)> {
    let mut ends: Vec<u32> = vec![0, 1];
    let mut edges = vec![(0, 1)];
    for v in 2..n {
        for _ in 0..2 {
            let Some(&w) = ends.choose(rng) else { continue };
            edges.push(if rng.random_bool(0.5) { (v, w) } else { (w, v) });
            ends.extend([v, w]);
        }
    }
    edges
}

fn cases() -> Vec<Case> {
    let mut rng = ChaCha8Rng::seed_from_u64(20_240_917);
    let mut cases = Vec::new();
    let mut add = |shape, n: u32, edges: Vec<(u32, u32)>, rng: &mut ChaCha8Rng| {
        let groups = (0..n).map(|_| rng.random_range(0..3)).collect();
        cases.push(Case { shape, n, edges, groups });
    };
    for n in [3, 4, 10, 50, 200, 400] {
        let e = erdos_renyi(&mut rng, n, (2.5 / f64::from(n)).min(0.6));
        add("sparse Erdős–Rényi", n, e, &mut rng);
    }
    for n in [3, 12, 60, 150] {
        let e = erdos_renyi(&mut rng, n, 0.5);
        add("dense Erdős–Rényi", n, e, &mut rng);
    }
    for n in [5, 40, 300] {
        let e = star_like(&mut rng, n);
        add("star-like", n, e, &mut rng);
    }
    for n in [3, 30, 250] {
        let e = out_tree(&mut rng, n);
        add("out-tree", n, e, &mut rng);
    }
    for n in [10, 80, 400] {
        let e = disconnected(&mut rng, n);
        add("disconnected", n, e, &mut rng);
    }
    for n in [20, 120, 400] {
        let e = scale_free(&mut rng, n);
        add("scale-free", n, e, &mut rng);
    }
    add("no ties", 6, Vec::new(), &mut rng);
    cases
}

/// Runs the oracle script, or explains why it cannot.
fn run_oracle(cases: &[Case]) -> Option<Vec<Value>> {
    let Ok(python) = std::env::var("POLYLEAD_ORACLE_PYTHON") else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "POLYLEAD_ORACLE_PYTHON is not set, and CI=true forbids skipping the oracle test"
        );
        eprintln!(
            "SKIPPED: the networkx/igraph oracle test needs POLYLEAD_ORACLE_PYTHON \
             (run scripts/test, which sets it up)"
        );
        return None;
    };
    let script = concat!(env!("CARGO_MANIFEST_DIR"), "/../../scripts/oracle.py");
    let input: Vec<Value> = cases.iter().map(|c| json!({ "n": c.n, "edges": c.edges, "groups": c.groups })).collect();
    let mut child = Command::new(&python)
        .arg(script)
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::inherit())
        .spawn()
        .unwrap_or_else(|e| panic!("cannot run {python} {script}: {e}"));
    let mut stdin = child.stdin.take().unwrap();
    stdin.write_all(Value::Array(input).to_string().as_bytes()).unwrap();
    drop(stdin);
    let output = child.wait_with_output().unwrap();
    assert!(output.status.success(), "the oracle script failed");
    Some(serde_json::from_slice(&output.stdout).unwrap())
}

fn scalar(metric: Metric<f64>) -> Value {
    metric.map_or(Value::Null, |v| json!(v))
}

/// polylead's values under the oracle's keys.
fn ours(case: &Case) -> serde_json::Map<String, Value> {
    let g = Digraph::from_edges(case.n, case.edges.iter().copied()).unwrap();
    let b = betweenness(&g, &Sampling::default());
    let mask = NodeMask::keep_all(g.node_count());
    let groups: Vec<Option<u32>> = case.groups.iter().map(|&x| Some(x)).collect();
    let values = [
        ("density", scalar(density(&g))),
        ("reciprocity", scalar(reciprocity(&g))),
        ("in_centralization", scalar(degree_centralization(&g, DegreeMode::In))),
        ("out_centralization", scalar(degree_centralization(&g, DegreeMode::Out))),
        ("betweenness", json!(b.raw)),
        ("betweenness_centralization", scalar(betweenness_centralization(&b).map(|e| e.value))),
        ("ei", scalar(ei_index(&g, &groups).map(|e| e.value))),
        ("distance_fragmentation", scalar(distance_fragmentation(&g, &mask, &Sampling::default()).map(|e| e.value))),
        ("fragmentation", scalar(fragmentation(&g, &mask))),
        ("global_reaching_centrality", scalar(global_reaching_centrality(&g))),
    ];
    values.into_iter().map(|(k, v)| (k.to_owned(), v)).collect()
}

/// Whether two values agree: scalars to 4 decimals, betweenness per node relatively.
fn agree(key: &str, ours: &Value, theirs: &Value) -> bool {
    match (ours, theirs) {
        (Value::Null, Value::Null) => true,
        (Value::Array(a), Value::Array(b)) => {
            a.len() == b.len()
                && a.iter().zip(b).all(|(x, y)| {
                    let (x, y) = (x.as_f64().unwrap_or(f64::NAN), y.as_f64().unwrap_or(f64::NAN));
                    (x - y).abs() <= 1e-9 * y.abs().max(1.0)
                })
        }
        (a, b) => match (a.as_f64(), b.as_f64()) {
            (Some(x), Some(y)) => (x - y).abs() < 5e-5,
            _ => {
                eprintln!("{key}: one side is undefined");
                false
            }
        },
    }
}

#[test]
fn metrics_agree_with_networkx_and_igraph() {
    let cases = cases();
    let Some(oracle) = run_oracle(&cases) else {
        return;
    };
    assert_eq!(oracle.len(), cases.len());
    let mut failures = Vec::new();
    let mut compared = 0;
    for (case, answer) in cases.iter().zip(&oracle) {
        let ours = ours(case);
        for library in ["networkx", "igraph"] {
            let Some(theirs) = answer[library].as_object() else {
                failures.push(format!("{library} gave no answer for {}", case.shape));
                continue;
            };
            for (key, their_value) in theirs {
                compared += 1;
                let our_value = ours.get(key).unwrap_or(&Value::Null);
                if !agree(key, our_value, their_value) {
                    let show = |v: &Value| {
                        let s = v.to_string();
                        s.chars().take(200).collect::<String>()
                    };
                    failures.push(format!(
                        "{} n={} {key}: polylead {} vs {library} {}",
                        case.shape,
                        case.n,
                        show(our_value),
                        show(their_value)
                    ));
                }
            }
        }
    }
    assert!(failures.is_empty(), "\n{}", failures.join("\n"));
    eprintln!("oracle: {compared} values on {} graphs agree", cases.len());
}
