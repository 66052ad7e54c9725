//! Network-study mode: imports a classic organisational network study (such as Krackhardt's
//! high-tech managers or Lazega's law firm) laid out as `people.csv` (an `id` column plus
//! attribute columns) and tie files with `from,to` columns, where `from` seeks advice from `to`.
//!
//! Which people columns mean what is given by a [`StudyMapping`]; `advice.csv` becomes advice
//! ties. Other tie files (friendship, co-work) are reported as skipped, since polylead stores
//! advice ties only.

use std::collections::{BTreeMap, BTreeSet};

use crate::advice::{AdviceTie, TieOrigin};
use crate::csv_file::FileProblem;
use crate::dataset::Dataset;
use crate::ids::{PersonId, TeamId, TieId};
use crate::person::Person;
use crate::team::Team;
use crate::text::Name;

/// How a study's people columns map onto polylead's model.
#[derive(Clone, Debug)]
pub struct StudyMapping {
    /// Prefix for every id, so several studies can live in one database (e.g. `kr-`).
    pub id_prefix: String,
    /// Column holding the formal level, 1 = top (stored as level − 1, so the top is 0).
    pub level_column: Option<String>,
    /// Column holding the id of the formal superior.
    pub superior_column: Option<String>,
    /// Column whose values become teams (e.g. `department`, `office`).
    pub team_column: Option<String>,
    /// Survey wave written on every tie (e.g. the study's name).
    pub wave: Option<String>,
}

/// The organisation read from a study, and the files that were not imported.
pub struct Study {
    pub data: Dataset,
    pub skipped: Vec<String>,
}

/// Reads a study from its files (file name → bytes).
pub fn read_study(files: &BTreeMap<String, Vec<u8>>, mapping: &StudyMapping) -> Result<Study, Vec<FileProblem>> {
    let people_bytes = files.get("people.csv").ok_or_else(|| {
        vec![FileProblem::file("people.csv", "is missing; a study needs people.csv with an id column")]
    })?;
    let table = read_table("people.csv", people_bytes)?;
    let mut problems = Vec::new();
    for wanted in [&mapping.level_column, &mapping.superior_column, &mapping.team_column].into_iter().flatten() {
        if !table.header.contains(wanted) {
            problems.push(FileProblem {
                file: "people.csv".into(),
                line: 1,
                column: Some(wanted.clone()),
                reason: format!("no such column; the columns are {}", table.header.join(", ")),
            });
        }
    }
    if !table.header.iter().any(|name| name == "id") {
        problems.push(FileProblem::file("people.csv", "has no id column"));
    }
    if !problems.is_empty() {
        return Err(problems);
    }
    let prefix = &mapping.id_prefix;
    let mut data = Dataset::default();
    let mut teams = BTreeSet::new();
    for (line, row) in &table.rows {
        let at = |column: &str, reason: String| FileProblem {
            file: "people.csv".into(),
            line: *line,
            column: Some(column.to_owned()),
            reason,
        };
        let cell = |column: &Option<String>| column.as_ref().and_then(|name| row.get(name)).filter(|v| !v.is_empty());
        let raw_id = row.get("id").map_or("", String::as_str);
        let person_id = match PersonId::parse(&format!("{prefix}{raw_id}")) {
            Ok(id) => id,
            Err(error) => {
                problems.push(at("id", error.reason));
                continue;
            }
        };
        let level = match cell(&mapping.level_column).map(|raw| raw.parse::<u8>()) {
            None => None,
            Some(Ok(level)) if (1..=51).contains(&level) => Some(level - 1),
            Some(_) => {
                problems.push(at(
                    mapping.level_column.as_deref().unwrap_or("level"),
                    "level must be a whole number from 1 (top) to 51".into(),
                ));
                None
            }
        };
        let superior = cell(&mapping.superior_column).and_then(|raw| PersonId::parse(&format!("{prefix}{raw}")).ok());
        let team = match cell(&mapping.team_column) {
            Some(value) => {
                let column = mapping.team_column.as_deref().unwrap_or("team");
                match TeamId::parse(&format!("{prefix}{column}-{value}")) {
                    Ok(team) => {
                        teams.insert((team.clone(), format!("{column} {value}")));
                        Some(team)
                    }
                    Err(error) => {
                        problems.push(at(column, error.reason));
                        None
                    }
                }
            }
            None => None,
        };
        let name = Name::parse(&format!("Person {raw_id}")).map_err(|e| at("id", e.reason));
        match name {
            Ok(name) => data.people.push(Person {
                id: person_id,
                name,
                email: None,
                skills: Vec::new(),
                level,
                superior,
                team,
                joined: None,
                left: None,
            }),
            Err(problem) => problems.push(problem),
        }
    }
    for (id, name) in teams {
        if let Ok(name) = Name::parse(&name) {
            data.teams.push(Team { id, name, purpose: None, parent: None });
        }
    }
    let mut skipped = Vec::new();
    for (file, bytes) in files {
        if file == "people.csv" {
            continue;
        }
        if file != "advice.csv" {
            skipped.push(file.clone());
            continue;
        }
        match read_ties(file, bytes, mapping) {
            Ok(ties) => data.ties = ties,
            Err(found) => problems.extend(found),
        }
    }
    if problems.is_empty() {
        let lines: Vec<u64> = table.rows.iter().map(|(line, _)| *line).collect();
        problems.extend(data.check(&Default::default()).into_iter().map(|problem| FileProblem {
            file: if problem.entity == crate::record::Entity::AdviceTie { "advice.csv" } else { "people.csv" }.into(),
            line: if problem.entity == crate::record::Entity::Person {
                lines.get(problem.index).copied().unwrap_or(0)
            } else {
                problem.index as u64 + 2
            },
            column: Some(problem.column.into()),
            reason: problem.reason,
        }));
    }
    if problems.is_empty() { Ok(Study { data, skipped }) } else { Err(problems) }
}

struct Table {
    header: Vec<String>,
    rows: Vec<(u64, BTreeMap<String, String>)>,
}

fn read_table(file: &str, bytes: &[u8]) -> Result<Table, Vec<FileProblem>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::Reader::from_reader(bytes);
    let header: Vec<String> = match reader.headers() {
        Ok(header) => header.iter().map(|name| name.trim().to_owned()).collect(),
        Err(error) => return Err(vec![FileProblem::file(file, format!("cannot be read as CSV: {error}"))]),
    };
    let mut rows = Vec::new();
    let mut problems = Vec::new();
    for record in reader.records() {
        match record {
            Ok(record) => {
                let line = record.position().map_or(0, |position| position.line());
                let cells = header.iter().cloned().zip(record.iter().map(|cell| cell.trim().to_owned())).collect();
                rows.push((line, cells));
            }
            Err(error) => problems.push(FileProblem {
                file: file.into(),
                line: error.position().map_or(0, |position| position.line()),
                column: None,
                reason: format!("cannot be read as CSV: {error}"),
            }),
        }
    }
    if problems.is_empty() { Ok(Table { header, rows }) } else { Err(problems) }
}

fn read_ties(file: &str, bytes: &[u8], mapping: &StudyMapping) -> Result<Vec<AdviceTie>, Vec<FileProblem>> {
    let table = read_table(file, bytes)?;
    if !(table.header.iter().any(|h| h == "from") && table.header.iter().any(|h| h == "to")) {
        return Err(vec![FileProblem::file(file, "needs the columns from,to (from seeks advice from to)")]);
    }
    let prefix = &mapping.id_prefix;
    let mut ties = Vec::new();
    let mut problems = Vec::new();
    for (line, row) in &table.rows {
        let from = row.get("from").map_or("", String::as_str);
        let to = row.get("to").map_or("", String::as_str);
        let parsed = (
            PersonId::parse(&format!("{prefix}{from}")),
            PersonId::parse(&format!("{prefix}{to}")),
            TieId::parse(&format!("{prefix}advice-{from}-{to}")),
        );
        match parsed {
            (Ok(seeker), Ok(source), Ok(id)) if seeker != source => ties.push(AdviceTie {
                id,
                seeker,
                source,
                subject: Some("advice".into()),
                frequency: None,
                influence: None,
                origin: TieOrigin::Survey,
                wave: mapping.wave.clone(),
            }),
            _ => problems.push(FileProblem {
                file: file.into(),
                line: *line,
                column: None,
                reason: format!("tie {from:?} -> {to:?} needs two different valid person ids"),
            }),
        }
    }
    if problems.is_empty() { Ok(ties) } else { Err(problems) }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn files(study: &str) -> BTreeMap<String, Vec<u8>> {
        let dir = std::path::Path::new(env!("CARGO_MANIFEST_DIR")).join("../../fixtures").join(study);
        std::fs::read_dir(dir)
            .unwrap()
            .map(|entry| {
                let path = entry.unwrap().path();
                (path.file_name().unwrap().to_string_lossy().into_owned(), std::fs::read(&path).unwrap())
            })
            .collect()
    }

    fn mapping(team_column: &str, level_column: Option<&str>, superior_column: Option<&str>) -> StudyMapping {
        StudyMapping {
            id_prefix: String::new(),
            level_column: level_column.map(Into::into),
            superior_column: superior_column.map(Into::into),
            team_column: Some(team_column.into()),
            wave: Some("study".into()),
        }
    }

    #[test]
    fn krackhardt_imports_managers_departments_reporting_lines_and_advice() {
        let study =
            read_study(&files("krackhardt-hightech"), &mapping("department", Some("level"), Some("reports_to")))
                .unwrap();
        let data = &study.data;
        assert_eq!((data.people.len(), data.teams.len(), data.ties.len()), (21, 5, 190));
        assert_eq!(data.people.iter().filter(|p| p.superior.is_some()).count(), 20);
        let ceo = data.people.iter().find(|p| p.id.as_str() == "7").unwrap();
        assert_eq!((ceo.level, ceo.superior.as_ref()), (Some(0), None));
        assert_eq!(study.skipped, ["friendship.csv"]);
    }

    #[test]
    fn lazega_imports_lawyers_offices_and_advice() {
        let study = read_study(&files("lazega-lawfirm"), &mapping("office", Some("status"), None)).unwrap();
        let data = &study.data;
        assert_eq!((data.people.len(), data.teams.len(), data.ties.len()), (71, 3, 892));
        assert_eq!(data.people.iter().filter(|p| p.level == Some(0)).count(), 36);
    }

    #[test]
    fn a_missing_mapped_column_is_named() {
        let problems = read_study(&files("lazega-lawfirm"), &mapping("department", None, None)).err().unwrap();
        assert_eq!(
            problems[0].to_string(),
            "people.csv:1: department — no such column; the columns are id, status, office, practice, seniority"
        );
    }
}
