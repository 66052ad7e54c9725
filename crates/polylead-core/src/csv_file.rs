//! Reading and writing entity CSV files (one file per [`Entity`], columns from
//! [`Record::COLUMNS`]). Pure: it works on bytes the caller read, and every problem it finds
//! carries the file, line and column it belongs to.

use std::collections::BTreeMap;
use std::fmt;

use crate::dataset::{Dataset, Known, Problem};
use crate::record::{Entity, Record, Value};

/// A problem in an input file, printed as `file:line: column — reason`.
#[derive(Clone, PartialEq, Eq, PartialOrd, Ord, Debug)]
pub struct FileProblem {
    pub file: String,
    /// 1-based line; 0 when the problem concerns the file as a whole.
    pub line: u64,
    pub column: Option<String>,
    pub reason: String,
}

impl fmt::Display for FileProblem {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match (self.line, &self.column) {
            (0, _) => write!(f, "{}: {}", self.file, self.reason),
            (line, Some(column)) => write!(f, "{}:{line}: {column} — {}", self.file, self.reason),
            (line, None) => write!(f, "{}:{line}: {}", self.file, self.reason),
        }
    }
}

impl FileProblem {
    pub fn file(file: &str, reason: impl Into<String>) -> FileProblem {
        FileProblem { file: file.to_owned(), line: 0, column: None, reason: reason.into() }
    }
}

/// Rows read from one file, with the line each started on.
pub struct Rows<T> {
    pub rows: Vec<T>,
    pub lines: Vec<u64>,
}

/// Parses one entity file. All rows are checked; every problem is returned, not just the first.
pub fn read_rows<T: Record>(file: &str, bytes: &[u8]) -> Result<Rows<T>, Vec<FileProblem>> {
    let bytes = bytes.strip_prefix(b"\xEF\xBB\xBF").unwrap_or(bytes);
    let mut reader = csv::ReaderBuilder::new().flexible(false).from_reader(bytes);
    let header = match reader.headers() {
        Ok(header) => header.clone(),
        Err(error) => return Err(vec![csv_problem(file, &error)]),
    };
    let positions = column_positions::<T>(file, &header)?;
    let mut problems = Vec::new();
    let mut rows = Vec::new();
    let mut lines = Vec::new();
    let mut record = csv::StringRecord::new();
    loop {
        match reader.read_record(&mut record) {
            Ok(false) => break,
            Ok(true) => {}
            Err(error) => {
                problems.push(csv_problem(file, &error));
                if matches!(error.kind(), csv::ErrorKind::Utf8 { .. } | csv::ErrorKind::UnequalLengths { .. }) {
                    continue;
                }
                break;
            }
        }
        let line = record.position().map_or(0, |position| position.line());
        match parse_row::<T>(&positions, &record) {
            Ok(row) => {
                rows.push(row);
                lines.push(line);
            }
            Err((column, reason)) => {
                problems.push(FileProblem { file: file.to_owned(), line, column: Some(column.to_owned()), reason })
            }
        }
    }
    if problems.is_empty() { Ok(Rows { rows, lines }) } else { Err(problems) }
}

/// For each of `T::COLUMNS`, the index of its cell in the file (None when absent).
fn column_positions<T: Record>(file: &str, header: &csv::StringRecord) -> Result<Vec<Option<usize>>, Vec<FileProblem>> {
    let mut problems = Vec::new();
    let known: Vec<&str> = T::COLUMNS.iter().map(|column| column.name).collect();
    for (index, name) in header.iter().enumerate() {
        let name = name.trim();
        if !known.contains(&name) {
            problems.push(FileProblem {
                file: file.to_owned(),
                line: 1,
                column: Some(name.to_owned()),
                reason: format!("unknown column; the columns of {file} are {}", known.join(", ")),
            });
        } else if header.iter().take(index).any(|earlier| earlier.trim() == name) {
            problems.push(FileProblem {
                file: file.to_owned(),
                line: 1,
                column: Some(name.to_owned()),
                reason: "column appears twice".to_owned(),
            });
        }
    }
    let positions: Vec<Option<usize>> =
        T::COLUMNS.iter().map(|column| header.iter().position(|name| name.trim() == column.name)).collect();
    for (column, position) in T::COLUMNS.iter().zip(&positions) {
        if column.required && position.is_none() {
            problems.push(FileProblem {
                file: file.to_owned(),
                line: 1,
                column: Some(column.name.to_owned()),
                reason: "required column is missing from the header".to_owned(),
            });
        }
    }
    if problems.is_empty() { Ok(positions) } else { Err(problems) }
}

fn parse_row<T: Record>(positions: &[Option<usize>], record: &csv::StringRecord) -> Result<T, (&'static str, String)> {
    let mut values = Vec::with_capacity(T::COLUMNS.len());
    for (column, position) in T::COLUMNS.iter().zip(positions) {
        let raw = position.and_then(|index| record.get(index)).unwrap_or("");
        let value = Value::parse(column.kind, raw).map_err(|e| (column.name, e.reason))?;
        if column.required && value == Value::Null {
            return Err((column.name, "is required".to_owned()));
        }
        values.push(value);
    }
    T::from_values(&values).map_err(|e| (e.column, e.reason))
}

fn csv_problem(file: &str, error: &csv::Error) -> FileProblem {
    let line = error.position().map_or(0, |position| position.line());
    let reason = match error.kind() {
        csv::ErrorKind::Utf8 { .. } => "is not valid UTF-8; save the file as UTF-8".to_owned(),
        csv::ErrorKind::UnequalLengths { expected_len, len, .. } => {
            format!("has {len} cells but the header has {expected_len}")
        }
        _ => format!("cannot be read as CSV: {error}"),
    };
    FileProblem { file: file.to_owned(), line, column: None, reason }
}

/// The header row of an entity file.
pub fn header<T: Record>() -> Vec<&'static str> {
    T::COLUMNS.iter().map(|column| column.name).collect()
}

/// One row of an entity file, in header order.
pub fn cells<T: Record>(row: &T) -> Vec<String> {
    row.values().iter().map(Value::render).collect()
}

/// Reads every entity file present in `files` (file name → bytes) into one dataset and
/// checks it against `known`. Missing files mean no rows of that kind; any other `.csv`
/// file is refused so that a misnamed file is never silently skipped.
pub fn read_dataset(files: &BTreeMap<String, Vec<u8>>, known: &Known) -> Result<Dataset, Vec<FileProblem>> {
    let expected: Vec<String> = Entity::ALL.iter().map(|entity| entity.file_name()).collect();
    let mut problems: Vec<FileProblem> = files
        .keys()
        .filter(|name| !expected.contains(name))
        .map(|name| FileProblem::file(name, format!("unknown file; polylead reads {}", expected.join(", "))))
        .collect();
    let mut lines: BTreeMap<Entity, Vec<u64>> = BTreeMap::new();
    let mut data = Dataset::default();
    fn load<T: Record>(
        files: &BTreeMap<String, Vec<u8>>,
        problems: &mut Vec<FileProblem>,
        lines: &mut BTreeMap<Entity, Vec<u64>>,
    ) -> Vec<T> {
        let name = T::ENTITY.file_name();
        let Some(bytes) = files.get(&name) else { return Vec::new() };
        match read_rows::<T>(&name, bytes) {
            Ok(read) => {
                lines.insert(T::ENTITY, read.lines);
                read.rows
            }
            Err(found) => {
                problems.extend(found);
                Vec::new()
            }
        }
    }
    data.settings = load(files, &mut problems, &mut lines);
    data.teams = load(files, &mut problems, &mut lines);
    data.people = load(files, &mut problems, &mut lines);
    data.roles = load(files, &mut problems, &mut lines);
    data.fillers = load(files, &mut problems, &mut lines);
    data.domains = load(files, &mut problems, &mut lines);
    data.rules = load(files, &mut problems, &mut lines);
    data.delegations = load(files, &mut problems, &mut lines);
    data.decisions = load(files, &mut problems, &mut lines);
    data.responses = load(files, &mut problems, &mut lines);
    data.acts = load(files, &mut problems, &mut lines);
    data.ties = load(files, &mut problems, &mut lines);
    if problems.is_empty() {
        problems.extend(data.check(known).into_iter().map(|problem| locate(&problem, &lines)));
    }
    problems.sort();
    if problems.is_empty() { Ok(data) } else { Err(problems) }
}

fn locate(problem: &Problem, lines: &BTreeMap<Entity, Vec<u64>>) -> FileProblem {
    let line = lines.get(&problem.entity).and_then(|lines| lines.get(problem.index)).copied();
    FileProblem {
        file: problem.entity.file_name(),
        line: line.unwrap_or(problem.index as u64 + 2),
        column: Some(problem.column.to_owned()),
        reason: problem.reason.clone(),
    }
}

/// The reference for every entity file, as Markdown (`docs/csv.md` is this text; a test keeps
/// them equal).
pub fn reference() -> String {
    let mut out = String::from(REFERENCE_INTRO);
    for entity in Entity::ALL {
        out.push_str(&format!(
            "\n## {}\n\n| column | type | required | meaning |\n|---|---|---|---|\n",
            entity.file_name()
        ));
        for column in crate::dataset::columns(entity) {
            let required = if column.required { "yes" } else { "" };
            out.push_str(&format!(
                "| `{}` | {} | {required} | {} |\n",
                column.name,
                column.kind.describe(),
                column.doc
            ));
        }
    }
    out.push_str(REFERENCE_OUTRO);
    out
}

const REFERENCE_INTRO: &str = "\
<!-- Generated from the code (polylead_core::csv_file::reference); a test fails when it drifts.
     To regenerate: UPDATE_DOCS=1 cargo test -p polylead-cli docs -->
# CSV files

`polylead import DIR` reads, and `polylead export DIR` writes, one file per entity:

- UTF-8 (a byte-order mark is accepted), comma-separated, with a header row; quote cells with `\"`.
- Columns may come in any order; optional columns may be left out; an empty cell means no value.
- Lists hold items separated by `;` (items cannot contain `;`).
- Instants are RFC 3339 (`2025-03-01T09:30:00Z`) and are stored to the millisecond; dates are `YYYY-MM-DD`.
- Ids are 1-64 characters of letters, digits, `.`, `_`, `:` and `-`, starting with a letter or digit; they are kept as given.
- Any subset of the files may be given. Rows may refer to rows in other files and to rows already stored; ids already stored cannot be imported again.
- Import is all or nothing. Every problem is listed as `file:line: column — reason` and nothing is stored until all are fixed. Values are checked first; references, duplicates and cycles once every value is valid.
- Exported files are sorted by key, so `export`, `import` into an empty database and `export` again give identical files.

A **party** (in rules) is `holder` (whoever holds the domain), `person:ID`, `role:ID` or `team:ID`.
";

const REFERENCE_OUTRO: &str = "
## Rule conditions

A rule's `condition` selects the decisions it applies to; a domain's rules are tried in `position` order and the first that matches applies.

```text
condition := always | all (or all)*
all       := clause (and clause)*
clause    := amount (< | <= | > | >= | =) NUMBER
           | scope = TEAM-ID            the decision's scope team is exactly TEAM-ID
           | scope within TEAM-ID       the scope team is TEAM-ID or nested inside it
           | tag = WORD | tag = \"quoted text\"
```

Examples: `always`, `amount <= 2000`, `amount > 2000 and tag = hiring`, `scope within ward-3 or tag = \"night shift\"`.

## Network studies

`polylead import --study DIR` reads a classic network study instead: `people.csv` with an `id` column and attribute
columns, and `advice.csv` with `from,to` columns, where `from` seeks advice from `to`. Flags map the attribute columns:
`--team-column` (values become teams), `--level-column` (1 = top, stored as 0), `--superior-column` (id of the formal
superior), `--id-prefix` (so several studies fit in one database) and `--wave`. Other tie files (friendship, co-work)
are skipped with a note. The two studies in `fixtures/` import with:

```sh
polylead import --study fixtures/krackhardt-hightech --team-column department --level-column level --superior-column reports_to --id-prefix kr-
polylead import --study fixtures/lazega-lawfirm --team-column office --level-column status --id-prefix lz-
```
";

#[cfg(test)]
mod tests {
    use super::*;
    use crate::person::Person;

    fn read(files: &[(&str, &str)]) -> Result<Dataset, Vec<String>> {
        let files = files.iter().map(|(name, text)| (name.to_string(), text.as_bytes().to_vec())).collect();
        read_dataset(&files, &Known::default()).map_err(|problems| problems.iter().map(ToString::to_string).collect())
    }

    #[test]
    fn reads_rows_with_columns_in_any_order_and_optional_columns_absent() {
        let data = read(&[("people.csv", "name,id\nAna Silva,p1\n\"Bo, Jr.\",p2\n")]).unwrap();
        assert_eq!(data.people.len(), 2);
        assert_eq!(data.people[1].name.as_str(), "Bo, Jr.");
    }

    #[test]
    fn every_problem_is_reported_with_file_line_and_column() {
        let problems = read(&[
            (
                "people.csv",
                "id,name,superior_id,joined_on\np1,Ana,,2024-01-01\np2,,p1,\np3,Cy,p9,\np4,Di,,01/02/2024\np1,Ed,,\n",
            ),
            ("teams.csv", "id,name,parent_id\nt1,A,t2\nt2,B,t1\n"),
            ("notes.csv", "x\n"),
        ])
        .unwrap_err();
        assert_eq!(
            problems,
            [
                "notes.csv: unknown file; polylead reads settings.csv, teams.csv, people.csv, roles.csv, role_fillers.csv, domains.csv, domain_rules.csv, delegations.csv, decisions.csv, decision_responses.csv, acts.csv, advice_ties.csv",
                "people.csv:3: name — is required",
                "people.csv:5: joined_on — \"01/02/2024\" is not a date (write YYYY-MM-DD)",
            ]
        );
        let problems = read(&[
            ("people.csv", "id,name,superior_id\np1,Ana,\np3,Cy,p9\np1,Ed,\n"),
            ("teams.csv", "id,name,parent_id\nt1,A,t2\nt2,B,t1\n"),
        ])
        .unwrap_err();
        assert_eq!(
            problems,
            [
                "people.csv:3: superior_id — unknown person p9",
                "people.csv:4: id — duplicate person p1 (first on row 1)",
                "teams.csv:2: parent_id — cycle in team nesting through team t1",
                "teams.csv:3: parent_id — cycle in team nesting through team t2",
            ]
        );
    }

    #[test]
    fn header_and_shape_problems_are_reported() {
        let problems = read(&[("people.csv", "id,nam\np1,Ana\n")]).unwrap_err();
        assert_eq!(problems.len(), 2, "{problems:?}");
        assert!(problems[0].starts_with("people.csv:1: nam — unknown column"), "{problems:?}");
        assert_eq!(problems[1], "people.csv:1: name — required column is missing from the header");
        let problems = read(&[("people.csv", "id,name\np1,Ana,extra\n")]).unwrap_err();
        assert_eq!(problems, ["people.csv:2: has 3 cells but the header has 2"]);
    }

    #[test]
    fn written_cells_read_back_to_equal_rows() {
        let data = read(&[(
            "people.csv",
            "id,name,skills,level,joined_on\np1,\"Ana \"\"the rota\"\" Silva\",rota;night shift,2,2024-01-31\n",
        )])
        .unwrap();
        let mut writer = csv::Writer::from_writer(Vec::new());
        writer.write_record(header::<Person>()).unwrap();
        writer.write_record(cells(&data.people[0])).unwrap();
        let bytes = writer.into_inner().unwrap();
        let again = read_rows::<Person>("people.csv", &bytes).unwrap();
        assert_eq!(again.rows, data.people);
    }
}
