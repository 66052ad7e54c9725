//! Who decides, and decisions through the API, on SQLite and PostgreSQL, in the Ward
//! organisation of `fixtures/ward/` (Ana keeps the rota; Ward 3 holds its budget; Dita leads
//! the region).

use axum::http::StatusCode;
use jiff::SignedDuration;
use polylead_server::AppState;
use polylead_server::flow;
use polylead_store::Store;
use serde_json::{Value, json};

use crate::{TestApp, TestResponse, on_both_backends};

impl TestApp {
    async fn ask(&self, question: Value) -> TestResponse {
        self.send("POST", "/api/v1/who-decides", None, &question).await
    }

    async fn propose(&self, person: &str, proposal: Value) -> TestResponse {
        self.send("POST", "/api/v1/decisions", Some(person), &proposal).await
    }

    async fn take(&self, id: &str, person: &str, step: Value) -> TestResponse {
        self.send("POST", &format!("/api/v1/decisions/{id}/steps"), Some(person), &step).await
    }

    async fn inbox(&self, person: &str) -> Value {
        let response = self.get(&format!("/api/v1/people/{person}/inbox")).await;
        assert_eq!(response.status, StatusCode::OK, "{}", response.body);
        response.json()
    }
}

fn reasons(inbox: &Value) -> Vec<(String, String)> {
    inbox
        .as_array()
        .unwrap()
        .iter()
        .map(|item| (item["decision"]["id"].as_str().unwrap().to_owned(), item["reason"].as_str().unwrap().to_owned()))
        .collect()
}

fn expect(response: &TestResponse, status: StatusCode, code: &str) -> String {
    assert_eq!(response.status, status, "{}", response.body);
    let body = response.json();
    assert_eq!(body["code"], code, "{}", response.body);
    body["message"].as_str().unwrap().to_owned()
}

async fn who_decides_names_the_rule_the_people_and_why(app: &TestApp) {
    let response = app.ask(json!({"domain": "budget", "amount": 800, "scope": "ward3", "asker": "cleo"})).await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let answer = response.json();
    assert_eq!(answer["rule"], "budget-mid");
    assert_eq!(answer["process"], "consent");
    assert_eq!(answer["asker_may_decide"], true);
    assert_eq!(answer["informed"], json!([{"id": "dita", "name": "Dita"}]));
    assert_eq!(answer["escalation"]["people"][0]["id"], "dita");
    assert_eq!(
        answer["explanation"][0],
        "rule budget-small (position 1) does not apply: `amount <= 500` does not hold for amount 800"
    );
    assert_eq!(answer["checks"][1]["verdict"], "matched");

    let gap = app.ask(json!({"domain": "budget"})).await.json();
    assert_eq!(gap["rule"], Value::Null);
    assert_eq!(gap["findings"][0]["code"], "no_rule_matches");
}
on_both_backends!(who_decides_names_the_rule_the_people_and_why);

async fn bad_questions_get_a_4xx_that_says_what_is_wrong(app: &TestApp) {
    let unknown = app.ask(json!({"domain": "nope"})).await;
    assert_eq!(expect(&unknown, StatusCode::NOT_FOUND, "not_found"), "domain nope not found");
    let negative = app.ask(json!({"domain": "budget", "amount": -5})).await;
    assert_eq!(
        expect(&negative, StatusCode::UNPROCESSABLE_ENTITY, "invalid"),
        "amount -5 must be a number of zero or more"
    );
    let typo = app.ask(json!({"domain": "budget", "amout": 5})).await;
    assert!(expect(&typo, StatusCode::UNPROCESSABLE_ENTITY, "invalid").contains("unknown field `amout`"));
    let no_team = app.ask(json!({"domain": "budget", "scope": "ward9"})).await;
    assert_eq!(expect(&no_team, StatusCode::UNPROCESSABLE_ENTITY, "invalid"), "there is no team ward9 (the scope)");
}
on_both_backends!(bad_questions_get_a_4xx_that_says_what_is_wrong);

async fn an_advice_decision_runs_from_proposal_to_review(app: &TestApp) {
    let created = app.propose("cleo", json!({"title": "Two nurses every night", "domain": "rota"})).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let decision = created.json();
    let id = decision["id"].as_str().unwrap().to_owned();
    assert_eq!(decision["status"], "open");
    assert_eq!(decision["process"], "advice");
    assert_eq!(decision["awaiting"], json!(["ben"]));
    assert_eq!(decision["next"].as_str().unwrap().split(" until ").next(), Some("waiting for advice from ben"));

    assert_eq!(reasons(&app.inbox("ben").await), [(id.clone(), "advice_requested".to_owned())]);
    assert_eq!(reasons(&app.inbox("ana").await), []);

    let early = app.take(&id, "ana", json!({"action": "decide", "rationale": "Yes"})).await;
    assert!(
        expect(&early, StatusCode::CONFLICT, "wrong_state")
            .starts_with("cannot decide yet: waiting for advice from ben")
    );
    let not_hers = app.take(&id, "dita", json!({"action": "decide", "rationale": "Yes"})).await;
    assert_eq!(
        expect(&not_hers, StatusCode::FORBIDDEN, "forbidden"),
        "dita does not hold the right to decide this; ana can"
    );

    let advised = app.take(&id, "ben", json!({"action": "advise", "text": "Start in March"})).await;
    assert_eq!(advised.status, StatusCode::OK, "{}", advised.body);
    assert_eq!(reasons(&app.inbox("ana").await), [(id.clone(), "ready_to_decide".to_owned())]);

    let review_due = (flow::now() + SignedDuration::from_hours(24 * 90)).to_string();
    let decided =
        app.take(&id, "ana", json!({"action": "decide", "rationale": "Safer nights", "review_due": review_due})).await;
    assert_eq!(decided.status, StatusCode::OK, "{}", decided.body);
    let decision = decided.json();
    assert_eq!(decision["status"], "decided");
    assert_eq!(decision["decider"], "ana");
    assert_eq!(decision["responses"][0]["text"], "Start in March");
    let timeline: Vec<&str> =
        decision["timeline"].as_array().unwrap().iter().map(|e| e["kind"].as_str().unwrap()).collect();
    assert_eq!(timeline, ["opened", "advice_given", "decided"]);
    assert_eq!(decision["timeline"][2]["notified"], json!(["ben", "cleo", "dita"]));

    // Every step wrote history under the decision, and the leadership acts it performed.
    let history = app.store.history(0, 100).await.unwrap();
    let steps = history.items.iter().filter(|change| change.decision.as_deref() == Some(id.as_str())).count();
    assert_eq!(
        steps,
        1 + 2 + 3 + 2,
        "create; open: decision + act; advise: decision + response + act; decide: decision + act"
    );
    let acts = app.store.all::<polylead_core::act::Act>().await.unwrap();
    let kinds: Vec<(&str, &str)> = acts.iter().map(|act| (act.actor.as_str(), act.kind.as_str())).collect();
    assert_eq!(kinds.len(), 3);
    for expected in [("cleo", "vision_direction"), ("ben", "technical_expertise"), ("ana", "execution_delivery")] {
        assert!(kinds.contains(&expected), "{kinds:?}");
    }

    let again = app.take(&id, "ana", json!({"action": "decide", "rationale": "again"})).await;
    expect(&again, StatusCode::CONFLICT, "wrong_state");
    let reviewed =
        app.take(&id, "ana", json!({"action": "review", "outcome": "worked", "learned": "Nights are calmer"})).await;
    assert_eq!(reviewed.json()["status"], "reviewed");
    let listed = app.list("decisions", "status=reviewed&person=ana").await.json();
    assert_eq!(listed["total"], 1);
}
on_both_backends!(an_advice_decision_runs_from_proposal_to_review);

async fn a_refused_step_changes_nothing(app: &TestApp) {
    let id = app
        .propose("ben", json!({"title": "New chairs", "domain": "budget", "amount": 800, "scope": "ward3"}))
        .await
        .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // The rights are computed afresh on every read (their deadline moves with the clock).
    let record = || async {
        let mut decision = app.get(&format!("/api/v1/decisions/{id}")).await.json();
        decision.as_object_mut().unwrap().remove("rights");
        decision
    };
    let before = record().await;
    let cases = [
        ("finn", json!({"action": "object", "reason": "no"}), StatusCode::FORBIDDEN, "forbidden"),
        ("cleo", json!({"action": "object", "reason": " "}), StatusCode::UNPROCESSABLE_ENTITY, "invalid"),
        ("cleo", json!({"action": "advise", "text": "x"}), StatusCode::CONFLICT, "wrong_state"),
        ("cleo", json!({"action": "fly"}), StatusCode::UNPROCESSABLE_ENTITY, "invalid"),
        ("nobody", json!({"action": "consent"}), StatusCode::UNAUTHORIZED, "unauthenticated"),
        (
            "cleo",
            json!({"action": "review", "outcome": "great", "learned": "x"}),
            StatusCode::UNPROCESSABLE_ENTITY,
            "invalid",
        ),
    ];
    for (person, step, status, code) in cases {
        let response = app.take(&id, person, step.clone()).await;
        expect(&response, status, code);
    }
    let anonymous =
        app.send_anonymously("POST", &format!("/api/v1/decisions/{id}/steps"), &json!({"action": "consent"})).await;
    assert!(expect(&anonymous, StatusCode::UNAUTHORIZED, "unauthenticated").contains("Bearer"));
    let unknown = app.take("d-none", "cleo", json!({"action": "consent"})).await;
    expect(&unknown, StatusCode::NOT_FOUND, "not_found");
    assert_eq!(record().await, before);
}
on_both_backends!(a_refused_step_changes_nothing);

async fn of_two_people_deciding_at_once_exactly_one_succeeds(app: &TestApp) {
    // The ward holds its budget: Ana, Ben and Cleo may all adopt an 800 purchase by consent.
    let id = app
        .propose("cleo", json!({"title": "New chairs", "domain": "budget", "amount": 800, "scope": "ward3"}))
        .await
        .json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    let decide = |person: &'static str| {
        let id = id.clone();
        async move { app.take(&id, person, json!({"action": "decide", "rationale": format!("{person} says yes")})).await }
    };
    let (ana, ben) = tokio::join!(decide("ana"), decide("ben"));
    let statuses = [ana.status, ben.status];
    assert_eq!(statuses.iter().filter(|status| **status == StatusCode::OK).count(), 1, "{statuses:?}");
    assert!(statuses.contains(&StatusCode::CONFLICT), "{} {}", ana.body, ben.body);
    let decision = app.get(&format!("/api/v1/decisions/{id}")).await.json();
    assert_eq!(decision["version"], 2);
    assert_eq!(decision["timeline"].as_array().unwrap().len(), 2);
}
on_both_backends!(of_two_people_deciding_at_once_exactly_one_succeeds);

async fn two_schedulers_escalate_a_stalled_decision_exactly_once(app: &TestApp) {
    let id = app.propose("cleo", json!({"title": "Rota change", "domain": "rota"})).await.json()["id"]
        .as_str()
        .unwrap()
        .to_owned();
    // A second server on the same database, with its own connections and cache.
    let other = AppState::new(Store::connect(&app.url).await.unwrap());
    let later = flow::now() + SignedDuration::from_hours(24 * 5);
    for _ in 0..3 {
        let (a, b) = tokio::join!(
            flow::run_due(&app.state.store, &app.state.structure, later),
            flow::run_due(&other.store, &other.structure, later)
        );
        let changed = a.unwrap() + b.unwrap();
        assert!(changed <= 1, "changed {changed}");
    }
    other.store.close().await;
    let decision = app.get(&format!("/api/v1/decisions/{id}")).await.json();
    assert_eq!(decision["status"], "escalated");
    let escalations = decision["timeline"].as_array().unwrap().iter().filter(|e| e["kind"] == "escalated").count();
    assert_eq!(escalations, 1);
    assert_eq!(decision["timeline"][1]["actor"], Value::Null);
    assert_eq!(reasons(&app.inbox("dita").await), [(id, "escalated".to_owned())]);
}
on_both_backends!(two_schedulers_escalate_a_stalled_decision_exactly_once);

async fn an_autonomous_decision_is_taken_at_once(app: &TestApp) {
    // First a decision without an amount, then one with: the same statement binds a NULL and
    // then a number in that column.
    let draft = app.propose("ben", json!({"title": "Unclear", "domain": "budget", "open": false})).await;
    assert_eq!(draft.json()["status"], "draft");
    let created =
        app.propose("ben", json!({"title": "Buy a kettle", "domain": "budget", "amount": 40, "scope": "ward3"})).await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let decision = created.json();
    assert_eq!(decision["status"], "decided");
    assert_eq!(decision["timeline"][0]["notified"], json!(["ana", "cleo", "dita"]));
    let uncovered = app.propose("ben", json!({"title": "Unclear", "domain": "budget"})).await;
    assert!(expect(&uncovered, StatusCode::CONFLICT, "wrong_state").starts_with("cannot open it: no rule"));
}
on_both_backends!(an_autonomous_decision_is_taken_at_once);

async fn the_raci_export_names_people_per_rule(app: &TestApp) {
    let csv = app.get("/api/v1/raci?team=ward3&format=csv").await;
    assert_eq!(csv.status, StatusCode::OK);
    assert_eq!(csv.content_type, "text/csv; charset=utf-8");
    assert!(csv.body.contains("\nrota,Night-shift rota,rota-1,1,always,advice,Ana (ana),Ana (ana),"), "{}", csv.body);
    let markdown = app.get("/api/v1/raci").await;
    assert!(markdown.body.starts_with("# RACI: the organisation"), "{}", markdown.body);
    assert!(markdown.body.contains("| Hiring | hiring-1 (`always`) | advice |"), "{}", markdown.body);
    expect(&app.get("/api/v1/raci?team=nope").await, StatusCode::NOT_FOUND, "not_found");
    expect(&app.get("/api/v1/raci?format=pdf").await, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
}
on_both_backends!(the_raci_export_names_people_per_rule);

async fn free_text_finds_the_domain_and_who_decides_it(app: &TestApp) {
    let response = app
        .send(
            "POST",
            "/api/v1/route",
            None,
            &json!({"text": "we want to change the night-shift rota", "asker": "cleo"}),
        )
        .await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let routed = response.json();
    assert_eq!(routed[0]["domain"], "rota", "{routed}");
    assert_eq!(routed[0]["answer"]["deciders"][0]["person"]["id"], "ana");
    assert!(routed[0]["matched"][0].as_str().unwrap().starts_with("name: "), "{routed}");
    let empty = app.send("POST", "/api/v1/route", None, &json!({"text": "  "})).await;
    expect(&empty, StatusCode::UNPROCESSABLE_ENTITY, "invalid");

    let experts = app.get("/api/v1/experts?q=rota%20planning").await.json();
    assert_eq!(experts[0]["person"]["id"], "ana", "{experts}");
    assert!(experts[0]["reasons"].as_array().unwrap().iter().any(|r| r == "skill: rota planning"), "{experts}");
    expect(&app.get("/api/v1/experts?q=rota&limit=0").await, StatusCode::UNPROCESSABLE_ENTITY, "invalid");
}
on_both_backends!(free_text_finds_the_domain_and_who_decides_it);

async fn a_governance_change_is_adopted_by_consent_and_applied_at_once(app: &TestApp) {
    let files = json!({
        "roles.csv": "id,team_id,name,accountabilities\nfacilitator,ward3,Facilitator,running the ward meeting\n",
        "role_fillers.csv": "role_id,person_id\nfacilitator,cleo\n",
    });
    let response = app
        .send("POST", "/api/v1/governance/changes", Some("cleo"), &json!({"title": "A facilitator", "files": files}))
        .await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.body);
    let view = response.json();
    assert_eq!(view["outcome"], "proposed");
    let decision = &view["decision"];
    let id = decision["id"].as_str().unwrap().to_owned();
    assert_eq!((decision["domain"].as_str(), decision["process"].as_str()), (Some("gov-ward3"), Some("consent")));
    // Nothing changes before adoption.
    expect(&app.get("/api/v1/roles/facilitator").await, StatusCode::NOT_FOUND, "not_found");

    // Ward 3's members consent; Ana then adopts it.
    for person in ["ben"] {
        let consented = app.take(&id, person, json!({"action": "consent"})).await;
        assert_eq!(consented.status, StatusCode::OK, "{}", consented.body);
    }
    let adopted = app.take(&id, "ana", json!({"action": "decide", "rationale": "Agreed"})).await;
    assert_eq!(adopted.status, StatusCode::OK, "{}", adopted.body);
    assert_eq!(adopted.json()["status"], "adopted");
    assert_eq!(app.get("/api/v1/roles/facilitator").await.json()["name"], "Facilitator");
    let history = app.store.history(0, 500).await.unwrap();
    let mut applied: Vec<(&str, &str)> = history
        .items
        .iter()
        .filter(|change| change.decision.as_deref() == Some(id.as_str()) && change.entity.starts_with("role"))
        .map(|change| (change.entity.as_str(), change.action.as_str()))
        .collect();
    applied.sort_unstable();
    assert_eq!(applied, [("role_fillers", "create"), ("roles", "create")]);

    let broken = app
        .send(
            "POST",
            "/api/v1/governance/changes",
            Some("cleo"),
            &json!({"title": "Broken", "files": {"roles.csv": "id,team_id,name\nx,ward9,X\n"}}),
        )
        .await;
    assert_eq!(
        expect(&broken, StatusCode::UNPROCESSABLE_ENTITY, "invalid"),
        "roles.csv: after the change, team_id: unknown team ward9"
    );
}
on_both_backends!(a_governance_change_is_adopted_by_consent_and_applied_at_once);

async fn with_direct_governance_a_change_applies_at_once(app: &TestApp) {
    let mut tx = app.store.begin().await.unwrap();
    polylead_store::set_setting(&mut tx, "governance", "direct", "test").await.unwrap();
    tx.commit().await.unwrap();
    let files = json!({"roles.csv": "id,team_id,name\nscribe,ward3,Scribe\n"});
    let response = app
        .send("POST", "/api/v1/governance/changes", Some("ben"), &json!({"title": "A scribe", "files": files}))
        .await;
    assert_eq!(response.status, StatusCode::CREATED, "{}", response.body);
    assert_eq!(response.json(), json!({"outcome": "applied", "decision": null}));
    assert_eq!(app.get("/api/v1/roles/scribe").await.json()["name"], "Scribe");
    let history = app.store.history(0, 10).await.unwrap();
    let entry = history.items.iter().find(|change| change.entity == "roles" && change.key == "scribe").unwrap();
    assert_eq!((entry.actor.as_str(), entry.action.as_str(), entry.decision.as_deref()), ("ben", "create", None));
}
on_both_backends!(with_direct_governance_a_change_applies_at_once);

async fn only_an_admin_applies_a_structure_change_without_a_decision_and_it_is_recorded(app: &TestApp) {
    let files = json!({"roles.csv": "id,team_id,name\nscribe,ward3,Scribe\n"});
    let change = json!({"title": "A scribe", "files": files, "apply": true});
    let by_member = app.send("POST", "/api/v1/governance/changes", Some("ben"), &change).await;
    assert!(expect(&by_member, StatusCode::FORBIDDEN, "forbidden").starts_with("only admins apply a structure change"));
    assert_eq!(app.get("/api/v1/roles/scribe").await.status, StatusCode::NOT_FOUND, "nothing applied");

    let by_admin = app.send("POST", "/api/v1/governance/changes", None, &change).await;
    assert_eq!(by_admin.status, StatusCode::CREATED, "{}", by_admin.body);
    assert_eq!(by_admin.json(), json!({"outcome": "applied", "decision": null}));
    assert_eq!(app.get("/api/v1/roles/scribe").await.json()["name"], "Scribe");
    let history = app.store.history(0, 10).await.unwrap();
    let entry = history.items.iter().find(|change| change.entity == "roles" && change.key == "scribe").unwrap();
    assert_eq!((entry.actor.as_str(), entry.decision.as_deref()), (crate::WARD_ADMIN, None));
    let audit = app.store.audit_entries(None, 5).await.unwrap();
    assert_eq!((audit[0].actor.as_str(), audit[0].action.as_str()), (crate::WARD_ADMIN, "applied_structure_change"));
    assert_eq!(audit[0].detail, "\"A scribe\": 1 row created or replaced at once, without a decision");
    assert_eq!((audit[1].actor.as_str(), audit[1].action.as_str()), ("ben", "refused"));
}
on_both_backends!(only_an_admin_applies_a_structure_change_without_a_decision_and_it_is_recorded);
