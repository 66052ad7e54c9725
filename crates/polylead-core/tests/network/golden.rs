//! The [C] values of METRICS.md §2–3 on the Krackhardt and Lazega studies, to 4 decimals.

use std::collections::BTreeSet;

use polylead_core::metric::Metric;
use polylead_core::network::centralization::{
    DegreeMode, betweenness, betweenness_centralization, degree_centralization,
};
use polylead_core::network::formal::{
    Spread, SquareMatrix, formal_tie_coverage, graph_correlation, informal_leaders, pearson, qap_test, spearman,
};
use polylead_core::network::fragmentation::{
    KeyPlayerObjective, KeyPlayerOptions, distance_fragmentation, fragmentation, key_players,
};
use polylead_core::network::hierarchy::{
    EfficiencyVariant, connectedness, efficiency, global_reaching_centrality, hierarchy, least_upper_boundedness,
};
use polylead_core::network::mixing::{BrokerageCounts, brokerage, ei_index};
use polylead_core::network::reciprocity::{density, dyad_census, reciprocity};
use polylead_core::network::{Digraph, NodeMask, Sampling};

use crate::fixtures::{KRACKHARDT, LAZEGA, Study};

/// Collects every mismatch so one run shows them all.
#[derive(Default)]
struct Golden {
    failures: Vec<String>,
}

impl Golden {
    fn value(&mut self, what: &str, actual: Metric<f64>, expected: f64) {
        match actual {
            Ok(a) if (a - expected).abs() < 5e-5 => {}
            other => self.failures.push(format!("{what}: got {other:?}, expected {expected}")),
        }
    }

    fn equal<T: PartialEq + std::fmt::Debug>(&mut self, what: &str, actual: T, expected: T) {
        if actual != expected {
            self.failures.push(format!("{what}: got {actual:?}, expected {expected:?}"));
        }
    }

    fn finish(self) {
        assert!(self.failures.is_empty(), "\n{}", self.failures.join("\n"));
    }
}

fn exact() -> Sampling {
    Sampling::default()
}

fn betweenness_centralization_of(g: &Digraph) -> Metric<f64> {
    betweenness_centralization(&betweenness(g, &exact())).map(|e| e.value)
}

fn one_based(nodes: &[u32]) -> Vec<u32> {
    nodes.iter().map(|v| v + 1).collect()
}

#[test]
fn krackhardt_structure() {
    let study = Study::load(KRACKHARDT);
    let advice = study.ties("advice.csv");
    let friendship = study.ties("friendship.csv");
    let reports = study.reports_to();
    let mut golden = Golden::default();
    golden.equal("advice arcs", advice.edge_count(), 190);
    golden.equal("friendship arcs", friendship.edge_count(), 102);
    golden.equal("reports-to arcs", reports.edge_count(), 20);
    golden.value("advice density", density(&advice), 0.4524);
    golden.value("friendship density", density(&friendship), 0.2429);
    let census = |g: &Digraph| dyad_census(g).map(|c| (c.mutual, c.asymmetric, c.null));
    golden.equal("advice census", census(&advice), Ok((45, 100, 65)));
    golden.equal("friendship census", census(&friendship), Ok((23, 56, 131)));
    for (name, g, recip, c_in, c_out, c_betw) in [
        ("advice", &advice, 0.4737, 0.4700, 0.5750, 0.2103),
        ("friendship", &friendship, 0.4510, 0.2700, 0.6900, 0.3163),
        ("reports-to", &reports, 0.0, 0.3175, 0.0025, 0.0172),
    ] {
        golden.value(&format!("{name} reciprocity"), reciprocity(g), recip);
        let c = |mode| degree_centralization(g, mode);
        golden.value(&format!("{name} in-centralization"), c(DegreeMode::In), c_in);
        golden.value(&format!("{name} out-centralization"), c(DegreeMode::Out), c_out);
        let betw = betweenness_centralization_of(g);
        golden.value(&format!("{name} betweenness centralization"), betw, c_betw);
    }
    golden.finish();
}

#[test]
fn krackhardt_hierarchy_dimensions() {
    let study = Study::load(KRACKHARDT);
    let advice = study.ties("advice.csv");
    let friendship = study.ties("friendship.csv");
    let reports = study.reports_to();
    let mut golden = Golden::default();
    for (name, g, conn, hier, eff, lub_transposed) in [
        ("advice", &advice, 1.0, 0.0, 0.575, 1.0),
        ("friendship", &friendship, 1.0, 0.1818, 0.795, 0.0947),
        ("reports-to", &reports, 1.0, 1.0, 1.0, 1.0),
    ] {
        golden.value(&format!("{name} connectedness"), connectedness(g), conn);
        golden.value(&format!("{name} hierarchy"), hierarchy(g), hier);
        let sna = efficiency(g, EfficiencyVariant::SnaDirected);
        golden.value(&format!("{name} efficiency (sna)"), sna, eff);
        let lub = least_upper_boundedness(&g.transpose());
        golden.value(&format!("{name} LUB on transpose"), lub, lub_transposed);
    }
    let undirected = efficiency(&advice, EfficiencyVariant::KrackhardtUndirected);
    golden.value("advice efficiency (Krackhardt undirected)", undirected, 0.3421);
    golden.value("reports-to LUB as stored", least_upper_boundedness(&reports), 0.0632);
    let grc = global_reaching_centrality(&reports.transpose());
    golden.value("reports-to^T global reaching centrality", grc, 0.96);
    golden.value("advice global reaching centrality", global_reaching_centrality(&advice), 0.0);
    golden.finish();
}

#[test]
fn krackhardt_mixing_and_brokerage() {
    let study = Study::load(KRACKHARDT);
    let department = study.column("department");
    let advice = study.ties("advice.csv");
    let mut golden = Golden::default();
    for (name, g, expected) in [
        ("advice", &advice, 0.5158),
        ("friendship", &study.ties("friendship.csv"), 0.2549),
        ("reports-to", &study.reports_to(), -0.6),
    ] {
        let ei = ei_index(g, &department);
        golden.value(&format!("{name} E-I by department"), ei.clone().map(|e| e.value), expected);
        golden.value(&format!("{name} E-I expected"), ei.map(|e| e.expected), 0.5524);
    }
    let counts = |c: &BrokerageCounts| [c.coordinator, c.itinerant, c.representative, c.gatekeeper, c.liaison];
    let stored = brokerage(&advice, &department).unwrap();
    golden.equal("brokerage totals", counts(&stored.totals), [28, 69, 95, 62, 246]);
    golden.equal("brokerage total", stored.totals.total(), 500);
    golden.equal("brokerage node 18", counts(&stored.per_node[17]), [0, 32, 4, 11, 74]);
    golden.equal("brokerage node 21", counts(&stored.per_node[20]), [11, 7, 20, 15, 19]);
    golden.equal("nobody ungrouped", stored.ungrouped.len(), 0);
    let flow = brokerage(&advice.transpose(), &department).unwrap();
    let swapped = (flow.totals.representative, flow.totals.gatekeeper);
    golden.equal("brokerage on A^T: b_IO/b_OI", swapped, (62, 95));
    golden.finish();
}

fn in_degrees(g: &Digraph) -> Vec<f64> {
    g.in_degrees().iter().map(|&d| d as f64).collect()
}

fn values(column: &[Option<u32>]) -> Vec<f64> {
    column.iter().map(|v| f64::from(v.unwrap())).collect()
}

#[test]
fn formal_and_informal_leadership() {
    let krackhardt = Study::load(KRACKHARDT);
    let advice = krackhardt.ties("advice.csv");
    let friendship = krackhardt.ties("friendship.csv");
    let reports = krackhardt.reports_to();
    let level = krackhardt.column("level");
    let mut golden = Golden::default();
    let sought = in_degrees(&advice);
    golden.value("Krackhardt in-degree vs level", pearson(&sought, &values(&level)), -0.6515);
    let lazega = Study::load(LAZEGA);
    let lazega_sought = in_degrees(&lazega.ties("advice.csv"));
    let status = values(&lazega.column("status"));
    golden.value("Lazega in-degree vs status", pearson(&lazega_sought, &status), -0.6239);
    // Spearman has no [C] value; it must agree in sign and lie within [-1, 1].
    let rho = spearman(&sought, &values(&level)).unwrap();
    golden.equal("Spearman is negative", (-1.0..-0.3).contains(&rho), true);

    let a = SquareMatrix::from_digraph(&advice);
    let r = SquareMatrix::from_digraph(&reports);
    let levels = values(&level);
    let level_difference = SquareMatrix::from_fn(levels.len(), |i, j| levels[i as usize] - levels[j as usize]);
    golden.value("gcor(advice, reports-to)", graph_correlation(&a, &r), 0.2236);
    let f = SquareMatrix::from_digraph(&friendship);
    golden.value("gcor(advice, friendship)", graph_correlation(&a, &f), 0.1546);
    let qap = qap_test(&a, &level_difference, 2_000, 20_240_601).unwrap();
    golden.value("gcor(advice, level-diff)", Ok(qap.correlation), 0.1991);
    let p_ok = (qap.p_greater_or_equal - 0.037).abs() <= 0.02;
    golden.equal(&format!("QAP p(>=) {} ≈ 0.037", qap.p_greater_or_equal), p_ok, true);

    let coverage = formal_tie_coverage(&advice, &reports).unwrap();
    golden.equal("coverage", (coverage.covered, coverage.total), (19, 20));

    // Formal roles: the CEO and the VPs (level ≤ 2), and anyone with someone reporting to them.
    let mut formal: BTreeSet<u32> =
        (0..krackhardt.size()).filter(|&v| level[v as usize].is_some_and(|l| l <= 2)).collect();
    formal.extend(reports.edges().map(|(_, boss)| boss));
    let leaders = informal_leaders(&advice, &formal, Spread::Population).unwrap();
    let cutoff = (leaders.cutoff * 100.0).round() / 100.0;
    golden.value("informal-leader cut-off (population SD)", Ok(cutoff), 13.02);
    golden.equal("above the cut-off", one_based(&leaders.above_cutoff), vec![2, 18, 21]);
    golden.equal("informal leaders", leaders.informal, vec![]);
    let sample = informal_leaders(&advice, &formal, Spread::Sample).unwrap();
    golden.equal("the sample SD does not give 13.02", sample.cutoff > 13.1, true);
    golden.equal("same people either way", sample.above_cutoff, leaders.above_cutoff);
    golden.finish();
}

#[test]
fn krackhardt_key_players() {
    let study = Study::load(KRACKHARDT);
    let reports = study.reports_to();
    let advice = study.ties("advice.csv");
    let n = study.size() as usize;
    let mut golden = Golden::default();
    let f = |g: &Digraph, removed: &[u32]| fragmentation(g, &NodeMask::removing(n, removed));
    let df = |g: &Digraph, removed: &[u32]| {
        distance_fragmentation(g, &NodeMask::removing(n, removed), &exact()).map(|e| e.value)
    };
    golden.value("reports-to F", f(&reports, &[]), 0.0);
    golden.value("reports-to DF", df(&reports, &[]), 0.5964);
    golden.value("reports-to F without 7", f(&reports, &[6]), 0.7526);
    golden.value("reports-to F without 7 and 14", f(&reports, &[6, 13]), 0.8889);
    golden.value("advice DF", df(&advice, &[]), 0.1548);

    let options = KeyPlayerOptions { max_set_size: 2, ..KeyPlayerOptions::default() };
    let kp = key_players(&advice, KeyPlayerObjective::DistanceFragmentation, &options).unwrap();
    golden.value("advice baseline DF", Ok(kp.baseline_distance_fragmentation.value), 0.1548);
    golden.equal("best single removal", one_based(&kp.best[0].nodes), vec![15]);
    golden.value("its DF", Ok(kp.best[0].distance_fragmentation.value), 0.1711);
    golden.equal("best pair", one_based(&kp.best[1].nodes), vec![2, 15]);
    golden.value("its DF", Ok(kp.best[1].distance_fragmentation.value), 0.1871);
    let kp = key_players(&reports, KeyPlayerObjective::Fragmentation, &options).unwrap();
    golden.equal("reports-to key player", one_based(&kp.best[0].nodes), vec![7]);
    golden.value("its F", Ok(kp.best[0].fragmentation), 0.7526);
    golden.finish();
}

#[test]
fn lazega_law_firm() {
    let study = Study::load(LAZEGA);
    let office = study.column("office");
    let mut golden = Golden::default();
    golden.equal("advice arcs", study.ties("advice.csv").edge_count(), 892);
    golden.equal("friendship arcs", study.ties("friendship.csv").edge_count(), 575);
    golden.equal("co-work arcs", study.ties("cowork.csv").edge_count(), 1104);
    let cowork_mutual = dyad_census(&study.ties("cowork.csv")).map(|c| c.mutual);
    golden.equal("co-work mutual dyads", cowork_mutual, Ok(378));
    for (file, dens, recip, c_in, c_out, c_betw, hier, ei) in [
        ("advice.csv", 0.1795, 0.3924, 0.3541, 0.2527, 0.0643, 0.1592, -0.5695),
        ("friendship.csv", 0.1157, 0.6122, 0.2014, 0.2449, 0.1179, 0.1650, -0.7148),
        ("cowork.csv", 0.2221, 0.6848, 0.2239, 0.3833, 0.0493, 0.0282, -0.5417),
    ] {
        let g = study.ties(file);
        golden.value(&format!("{file} density"), density(&g), dens);
        golden.value(&format!("{file} reciprocity"), reciprocity(&g), recip);
        let c = |mode| degree_centralization(&g, mode);
        golden.value(&format!("{file} in-centralization"), c(DegreeMode::In), c_in);
        golden.value(&format!("{file} out-centralization"), c(DegreeMode::Out), c_out);
        let betw = betweenness_centralization_of(&g);
        golden.value(&format!("{file} betweenness centralization"), betw, c_betw);
        golden.value(&format!("{file} hierarchy"), hierarchy(&g), hier);
        let e_i = ei_index(&g, &office).map(|e| e.value);
        golden.value(&format!("{file} E-I by office"), e_i, ei);
    }
    let advice = study.ties("advice.csv");
    let sna = efficiency(&advice, EfficiencyVariant::SnaDirected);
    golden.value("advice efficiency (sna)", sna, 0.8322);
    let practice = study.column("practice");
    golden.value("advice E-I by practice", ei_index(&advice, &practice).map(|e| e.value), -0.4821);
    golden.finish();
}
