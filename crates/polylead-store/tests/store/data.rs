//! A small organisation with at least one row of every entity and a value in every column
//! kind, built through `Record::from_values` as a file would be read.

use polylead_core::dataset::Dataset;
use polylead_core::record::{Record, Value};

pub fn text(raw: &str) -> Value {
    Value::Text(raw.to_owned())
}

pub fn list(items: &[&str]) -> Value {
    Value::List(items.iter().map(|item| (*item).to_owned()).collect())
}

pub fn time(raw: &str) -> Value {
    Value::Time(raw.parse().unwrap())
}

pub fn date(raw: &str) -> Value {
    Value::Date(raw.parse().unwrap())
}

pub fn row<T: Record>(values: Vec<Value>) -> T {
    T::from_values(&values).unwrap_or_else(|e| panic!("{} fixture: {e}", T::ENTITY))
}

use Value::{Bool, Float, Int, Null};

/// Rows deliberately refer to rows later in the same batch (team t2's parent, person p2's
/// superior): foreign keys are checked at commit.
pub fn organisation() -> Dataset {
    Dataset {
        settings: vec![row(vec![text("organisation_name"), text("Ward 3 & friends")])],
        teams: vec![
            row(vec![text("t2"), text("Night shift"), Null, text("t1")]),
            row(vec![text("t1"), text("Ward 3"), text("Care for patients, \"well\"\nand fast"), Null]),
        ],
        people: vec![
            row(vec![
                text("p1"),
                text("Ana Lima"),
                text("ana@example.org"),
                list(&["rota", "night shift"]),
                Int(0),
                Null,
                text("t1"),
                date("2020-01-15"),
                Null,
            ]),
            row(vec![text("p2"), text("Bo Chen"), Null, Null, Int(2), text("p3"), text("t2"), Null, Null]),
            row(vec![
                text("p3"),
                text("Cy Dube"),
                Null,
                list(&["budget"]),
                Int(1),
                text("p1"),
                Null,
                date("2019-05-01"),
                date("2024-12-31"),
            ]),
        ],
        roles: vec![
            row(vec![
                text("r1"),
                text("t1"),
                text("Rota planner"),
                text("Fair rotas"),
                list(&["plan the rota", "publish it"]),
                list(&["execution_delivery", "relationship_culture"]),
                Bool(true),
            ]),
            row(vec![text("r2"), text("t2"), text("Lead"), Null, Null, Null, Bool(false)]),
        ],
        fillers: vec![
            row(vec![text("r1"), text("p2"), text("nights")]),
            row(vec![text("r1"), text("p1"), Null]),
            row(vec![text("r2"), text("p3"), Null]),
        ],
        domains: vec![row(vec![
            text("d1"),
            text("Spending from the team budget"),
            text("Anything paid from the ward's budget"),
            list(&["budget", "spending"]),
            text("role:r1"),
        ])],
        rules: vec![
            row(vec![
                text("ru2"),
                text("d1"),
                Int(2),
                Null,
                text("person:p1"),
                text("consent"),
                Null,
                Null,
                Null,
                Null,
            ]),
            row(vec![
                text("ru1"),
                text("d1"),
                Int(1),
                text("amount <= 5000"),
                text("holder"),
                text("advice"),
                list(&["person:p2", "team:t1"]),
                list(&["role:r1"]),
                Int(48),
                text("person:p1"),
            ]),
        ],
        delegations: vec![row(vec![
            text("g1"),
            text("d1"),
            text("p2"),
            text("p1"),
            time("2025-03-01T00:00:00Z"),
            time("2025-03-15T12:30:00.250Z"),
            text("while Ana is away"),
        ])],
        decisions: vec![
            row(vec![
                text("c1"),
                text("d1"),
                text("Buy a second rota screen"),
                text("One screen per corridor"),
                text("p2"),
                text("p1"),
                text("advice"),
                text("reviewed"),
                Float(1234.5),
                text("t1"),
                list(&["equipment", "rota"]),
                time("2025-02-01T08:00:00.001Z"),
                time("2025-02-08T08:00:00Z"),
                time("2025-02-09T10:00:00Z"),
                text("Everyone asked for it"),
                time("2025-06-01T00:00:00Z"),
                text("worked"),
                text("Screens help"),
            ]),
            row(vec![
                text("c2"),
                text("d1"),
                text("Try a 4-day week"),
                Null,
                text("p3"),
                Null,
                text("consent"),
                text("open"),
                Float(0.0),
                Null,
                Null,
                time("2025-04-01T08:00:00Z"),
                Null,
                Null,
                Null,
                Null,
                Null,
                Null,
            ]),
        ],
        responses: vec![
            row(vec![
                text("s1"),
                text("c2"),
                text("p1"),
                text("objection"),
                text("Nights would be short-staffed"),
                time("2025-04-02T09:00:00Z"),
                text("integrated"),
            ]),
            row(vec![text("s2"), text("c1"), text("p3"), text("advice"), Null, time("2025-02-03T09:00:00Z"), Null]),
        ],
        acts: vec![
            row(vec![
                text("a1"),
                text("p1"),
                list(&["p2"]),
                list(&["p3", "p2"]),
                text("p2"),
                text("vision_direction"),
                text("d1"),
                text("t1"),
                time("2025-02-01T09:30:00.123Z"),
                Int(3600),
                Bool(true),
                text("meeting"),
                Int(3),
                text("weekly-huddle"),
                text("c1"),
                text("self_log"),
            ]),
            row(vec![
                text("a2"),
                text("p3"),
                Null,
                Null,
                Null,
                text("challenge_critique"),
                Null,
                Null,
                time("2025-02-02T10:00:00Z"),
                Null,
                Bool(false),
                Null,
                Null,
                Null,
                Null,
                text("observed"),
            ]),
        ],
        ties: vec![
            row(vec![
                text("k1"),
                text("p2"),
                text("p1"),
                text("rota"),
                Int(5),
                Int(4),
                text("survey"),
                text("2025-spring"),
            ]),
            row(vec![text("k2"), text("p3"), text("p2"), Null, Null, Null, text("derived"), Null]),
        ],
    }
}

/// `rows` sorted as the store returns them: by the values of the key columns.
pub fn in_key_order<T: Record + Clone>(rows: &[T]) -> Vec<T> {
    let key = |row: &T| -> Vec<String> {
        let values = row.values();
        T::KEY
            .iter()
            .map(|name| {
                let index = T::COLUMNS.iter().position(|column| column.name == *name).unwrap();
                values[index].render()
            })
            .collect()
    };
    let mut sorted = rows.to_vec();
    sorted.sort_by_key(key);
    sorted
}
