//! GraphML and GEXF exports read back by networkx (`read_graphml`, `read_gexf`): node and edge
//! counts, every attribute and weight, for the Krackhardt study and for an organisation whose
//! names need escaping. Needs `$POLYLEAD_ORACLE_PYTHON` like the oracle test (skipped when
//! unset, except under `CI=true`).

use std::collections::BTreeMap;
use std::path::PathBuf;
use std::process::Command;

use polylead_core::advice::{AdviceTie, TieOrigin};
use polylead_core::dataset::Dataset;
use polylead_core::network_export::{to_gexf, to_graphml};
use polylead_core::network_study::{StudyMapping, read_study};
use polylead_core::person::Person;
use polylead_core::team::Team;
use serde_json::{Value, json};

/// Reads both files with networkx and prints, per format, the nodes (id → attributes) and the
/// edges (id → source, target, attributes).
const READ_BACK: &str = r#"
import json, sys
import networkx as nx
out = {}
for fmt, path in (("graphml", sys.argv[1]), ("gexf", sys.argv[2])):
    g = nx.read_graphml(path) if fmt == "graphml" else nx.read_gexf(path)
    edges = {}
    triples = g.edges(keys=True, data=True) if g.is_multigraph() else ((s, t, None, d) for s, t, d in g.edges(data=True))
    for s, t, k, d in triples:
        d = dict(d)
        key = d.pop("id", None) or k
        edges[str(key)] = {"source": s, "target": t, **d}
    out[fmt] = {
        "directed": g.is_directed(),
        "nodes": {str(n): dict(d) for n, d in g.nodes(data=True)},
        "edge_count": g.number_of_edges(),
        "edges": edges,
    }
print(json.dumps(out))
"#;

fn python() -> Option<String> {
    let Ok(python) = std::env::var("POLYLEAD_ORACLE_PYTHON") else {
        assert!(
            std::env::var("CI").as_deref() != Ok("true"),
            "POLYLEAD_ORACLE_PYTHON is not set, and CI=true forbids skipping the export read-back test"
        );
        eprintln!(
            "SKIPPED: reading the GraphML/GEXF exports back with networkx needs POLYLEAD_ORACLE_PYTHON \
             (run scripts/test, which sets it up)"
        );
        return None;
    };
    Some(python)
}

/// Writes both exports of `data` and returns what networkx read from them.
fn read_back(python: &str, name: &str, data: &Dataset) -> Value {
    let dir = std::env::temp_dir().join(format!("polylead-export-{}-{name}", std::process::id()));
    std::fs::create_dir_all(&dir).unwrap();
    let graphml: PathBuf = dir.join("advice.graphml");
    let gexf: PathBuf = dir.join("advice.gexf");
    std::fs::write(&graphml, to_graphml(data, None)).unwrap();
    std::fs::write(&gexf, to_gexf(data, None)).unwrap();
    let output = Command::new(python).arg("-c").arg(READ_BACK).arg(&graphml).arg(&gexf).output().unwrap();
    assert!(
        output.status.success(),
        "networkx could not read the exports: {}",
        String::from_utf8_lossy(&output.stderr)
    );
    std::fs::remove_dir_all(&dir).unwrap();
    serde_json::from_slice(&output.stdout).unwrap()
}

/// Checks every node and edge networkx read against the dataset.
fn check(read: &Value, data: &Dataset) {
    let team_names: BTreeMap<&str, &str> = data.teams.iter().map(|t| (t.id.as_str(), t.name.as_str())).collect();
    let mut in_degree: BTreeMap<&str, std::collections::BTreeSet<&str>> = BTreeMap::new();
    for tie in &data.ties {
        in_degree.entry(tie.source.as_str()).or_default().insert(tie.seeker.as_str());
    }
    for format in ["graphml", "gexf"] {
        let graph = &read[format];
        assert_eq!(graph["edges"].as_object().map(|edges| edges.len()), Some(data.ties.len()), "{format}: {graph}");
        assert_eq!(graph["directed"], json!(true), "{format}");
        let nodes = graph["nodes"].as_object().unwrap();
        assert_eq!(nodes.len(), data.people.len(), "{format} nodes");
        assert_eq!(graph["edge_count"], json!(data.ties.len()), "{format} edges");
        for person in &data.people {
            let node = &nodes[person.id.as_str()];
            let text = |value: Option<String>| value.map_or(Value::Null, Value::String);
            assert_eq!(node["name"], json!(person.name.as_str()), "{format} {}", person.id);
            assert_eq!(node["team"], text(person.team.as_ref().map(ToString::to_string)), "{format}");
            assert_eq!(
                node["team_name"],
                text(person.team.as_ref().map(|t| team_names[t.as_str()].to_owned())),
                "{format}"
            );
            assert_eq!(node["level"], person.level.map_or(Value::Null, |level| json!(level)), "{format}");
            assert_eq!(node["superior"], text(person.superior.as_ref().map(ToString::to_string)), "{format}");
            assert_eq!(node["joined"], text(person.joined.map(|d| d.to_string())), "{format}");
            assert_eq!(node["left"], text(person.left.map(|d| d.to_string())), "{format}");
            let acts = data.acts.iter().filter(|act| act.actor == person.id).count();
            assert_eq!(node["acts"], json!(acts), "{format}");
            let sought = in_degree.get(person.id.as_str()).map_or(0, |seekers| seekers.len());
            assert_eq!(node["advice_in_degree"], json!(sought), "{format} {}", person.id);
            if format == "gexf" {
                assert_eq!(node["label"], json!(person.name.as_str()));
            }
        }
        let edges = graph["edges"].as_object().unwrap();
        for tie in &data.ties {
            let edge = &edges[tie.id.as_str()];
            assert_eq!(edge["source"], json!(tie.seeker.as_str()), "{format}");
            assert_eq!(edge["target"], json!(tie.source.as_str()), "{format}");
            assert_eq!(edge["weight"].as_f64(), Some(tie.weight()), "{format}");
            assert_eq!(edge["subject"], tie.subject.as_deref().map_or(Value::Null, |s| json!(s)), "{format}");
            assert_eq!(edge["wave"], tie.wave.as_deref().map_or(Value::Null, |s| json!(s)), "{format}");
        }
    }
}

fn krackhardt() -> Dataset {
    let dir = PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures/krackhardt-hightech");
    let files = std::fs::read_dir(&dir)
        .unwrap()
        .map(|entry| {
            let path = entry.unwrap().path();
            (path.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&path).unwrap())
        })
        .collect();
    let mapping = StudyMapping {
        id_prefix: "kr-".into(),
        level_column: Some("level".into()),
        superior_column: Some("reports_to".into()),
        team_column: Some("department".into()),
        wave: Some("krackhardt".into()),
    };
    read_study(&files, &mapping).unwrap_or_else(|problems| panic!("{problems:?}")).data
}

/// Names with markup, quotes, ampersands, non-ASCII and a line break; parallel ties with
/// subjects and weights.
fn awkward() -> Dataset {
    let team =
        Team { id: "t-1".parse().unwrap(), name: "R&D <Core> \"Ops\"".parse().unwrap(), purpose: None, parent: None };
    let person = |id: &str, name: &str, level: Option<u8>, superior: Option<&str>| Person {
        id: id.parse().unwrap(),
        name: name.parse().unwrap(),
        email: None,
        skills: vec![],
        level,
        superior: superior.map(|s| s.parse().unwrap()),
        team: Some(team.id.clone()),
        joined: Some("2024-01-15".parse().unwrap()),
        left: None,
    };
    let mut people = vec![
        person("zoe", "Zoë O'Brien & <Sons>", Some(0), None),
        person("jp", "José \"Pepe\" Núñez", Some(1), Some("zoe")),
        person("li", "李小龍 ' ]]> --> &amp;", None, Some("zoe")),
    ];
    people[2].team = None;
    people[2].joined = None;
    people[2].left = Some("2025-06-30".parse().unwrap());
    let tie = |id: &str, seeker: &str, source: &str, subject: Option<&str>, frequency, influence| AdviceTie {
        id: id.parse().unwrap(),
        seeker: seeker.parse().unwrap(),
        source: source.parse().unwrap(),
        subject: subject.map(Into::into),
        frequency,
        influence,
        origin: TieOrigin::Survey,
        wave: Some("2025 <spring> & \"autumn\"".into()),
    };
    Dataset {
        teams: vec![team.clone()],
        people,
        ties: vec![
            tie("a1", "jp", "zoe", Some("budget & <forecasts>"), Some(5), Some(4)),
            tie("a2", "jp", "zoe", Some("hiring \"seniors\""), None, None),
            tie("a3", "li", "zoe", None, Some(2), None),
            tie("a4", "zoe", "li", Some("Übersetzung"), Some(3), Some(2)),
        ],
        ..Dataset::default()
    }
}

#[test]
fn networkx_reads_back_the_krackhardt_study() {
    let Some(python) = python() else { return };
    let data = krackhardt();
    assert_eq!((data.people.len(), data.ties.len()), (21, 190));
    check(&read_back(&python, "krackhardt", &data), &data);
}

#[test]
fn networkx_reads_back_awkward_names() {
    let Some(python) = python() else { return };
    let data = awkward();
    let read = read_back(&python, "awkward", &data);
    check(&read, &data);
    assert_eq!(read["graphml"]["nodes"]["zoe"]["advice_in_degree"], json!(2));
}
