//! Reads the study fixtures (`fixtures/<study>/`): people with attributes, and `from,to` tie
//! files with 1-based ids, as node indices `id − 1`.

use std::collections::BTreeMap;
use std::path::PathBuf;

use polylead_core::network::Digraph;

pub const KRACKHARDT: &str = "krackhardt-hightech";
pub const LAZEGA: &str = "lazega-lawfirm";

fn path(study: &str, file: &str) -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR")).join("../../fixtures").join(study).join(file)
}

fn rows(study: &str, file: &str) -> Vec<BTreeMap<String, String>> {
    let mut reader = csv::Reader::from_path(path(study, file)).unwrap();
    let headers = reader.headers().unwrap().clone();
    reader
        .records()
        .map(|r| {
            let r = r.unwrap();
            headers.iter().map(String::from).zip(r.iter().map(String::from)).collect()
        })
        .collect()
}

/// One study's people, by node index (id − 1).
pub struct Study {
    pub name: &'static str,
    people: Vec<BTreeMap<String, String>>,
}

impl Study {
    pub fn load(name: &'static str) -> Study {
        let people = rows(name, "people.csv");
        for (i, p) in people.iter().enumerate() {
            assert_eq!(p["id"], (i + 1).to_string(), "people.csv is ordered by id");
        }
        Study { name, people }
    }

    pub fn size(&self) -> u32 {
        self.people.len() as u32
    }

    /// The ties of `file` (e.g. `advice.csv`) as stored: `from -> to`.
    pub fn ties(&self, file: &str) -> Digraph {
        let edges = rows(self.name, file).iter().map(|r| (index(&r["from"]), index(&r["to"]))).collect::<Vec<_>>();
        Digraph::from_edges(self.size(), edges).unwrap()
    }

    /// A numeric column, by node index (empty cells are `None`).
    pub fn column(&self, name: &str) -> Vec<Option<u32>> {
        self.people.iter().map(|p| p[name].parse().ok()).collect()
    }

    /// `R`: subordinate -> manager, from the `reports_to` column.
    pub fn reports_to(&self) -> Digraph {
        let edges = self
            .column("reports_to")
            .into_iter()
            .enumerate()
            .filter_map(|(i, boss)| boss.map(|b| (i as u32, b - 1)))
            .collect::<Vec<_>>();
        Digraph::from_edges(self.size(), edges).unwrap()
    }
}

fn index(id: &str) -> u32 {
    id.parse::<u32>().unwrap() - 1
}
