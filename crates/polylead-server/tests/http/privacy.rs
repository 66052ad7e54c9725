//! Privacy of people data: person-level measures for admins only (each view audited), and no
//! figure over fewer than the minimum group for everyone else.

use axum::http::StatusCode;
use serde_json::json;

use crate::TestApp;

async fn members_see_aggregates_and_admins_see_names_with_an_audit_entry(app: &TestApp) {
    let as_member = app.send("GET", "/api/v1/analytics", Some("ben"), &json!(null)).await;
    assert_eq!(as_member.status, StatusCode::OK, "{}", as_member.body);
    let report = as_member.json();
    assert_eq!(report["bottlenecks"], json!([]));
    assert_eq!(report["informal_leadership"]["sought"], json!([]));
    assert!(report["hidden"].as_str().unwrap().contains("names are shown to admins"), "{report}");
    assert!(app.store.audit_entries(None, 10).await.unwrap().is_empty(), "a member's view reveals nobody");

    let as_admin = app.get("/api/v1/analytics").await.json();
    assert!(as_admin["hidden"].is_null());
    let entries = app.store.audit_entries(None, 10).await.unwrap();
    assert_eq!(entries.len(), 1);
    assert_eq!(entries[0].actor, "finn");
    assert_eq!(entries[0].action, "viewed_person_analytics");

    for uri in ["/api/v1/key-players", "/api/v1/network.graphml", "/api/v1/network.gexf"] {
        let refused = app.send("GET", uri, Some("ben"), &json!(null)).await;
        assert_eq!(refused.status, StatusCode::FORBIDDEN, "{uri}");
        assert!(refused.json()["message"].as_str().unwrap().contains("only admins"), "{uri}");
    }
    let entries = app.store.audit_entries(None, 10).await.unwrap();
    let views = entries.iter().filter(|entry| entry.action == "viewed_person_analytics").count();
    assert_eq!(views, 1, "refusals are not views");
    assert_eq!(entries.iter().filter(|entry| entry.action == "refused" && entry.actor == "ben").count(), 3);
}
crate::on_both_backends!(members_see_aggregates_and_admins_see_names_with_an_audit_entry);

async fn figures_over_fewer_than_the_minimum_group_are_hidden_from_members(app: &TestApp) {
    // Ward 3 has 4 people in the window, fewer than the default minimum of 5.
    let report = app.send("GET", "/api/v1/analytics?team=ward3", Some("ben"), &json!(null)).await.json();
    assert!(report["population"].as_u64().unwrap() < 5, "{report}");
    for figure in report["headline"].as_array().unwrap() {
        assert!(figure["value"].is_null(), "{figure}");
        assert_eq!(figure["undefined"]["code"], "TOO_FEW_PEOPLE");
    }
    // The setting cannot go below 3.
    let mut tx = app.store.begin().await.unwrap();
    polylead_store::set_setting(&mut tx, "privacy_min_group", "1", "test").await.unwrap();
    tx.commit().await.unwrap();
    assert_eq!(polylead_server::privacy::min_group(&app.store).await.unwrap(), 3);
}
crate::on_both_backends!(figures_over_fewer_than_the_minimum_group_are_hidden_from_members);

async fn a_person_downloads_everything_stored_about_them(app: &TestApp) {
    let proposed = app
        .send(
            "POST",
            "/api/v1/decisions",
            Some("cleo"),
            &json!({"title": "New chairs", "domain": "budget", "amount": 800, "scope": "ward3"}),
        )
        .await;
    assert_eq!(proposed.status, StatusCode::CREATED, "{}", proposed.body);
    let own = app.send("GET", "/api/v1/people/cleo/data", Some("cleo"), &json!(null)).await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);
    assert!(own.headers["content-disposition"].to_str().unwrap().contains("polylead-cleo.json"));
    let data = own.json();
    assert_eq!(data["person"]["id"], "cleo");
    assert_eq!(data["account"]["role"], "member");
    assert!(data["api_tokens"][0]["id"].is_string() && data["api_tokens"][0].get("secret").is_none());
    assert_eq!(data["decisions_proposed_or_decided"][0]["title"], "New chairs");
    assert!(data["history_made_by_them"].as_array().unwrap().iter().any(|entry| entry["table"] == "decisions"));
    assert!(app.store.audit_entries(Some("cleo"), 5).await.unwrap().is_empty(), "one's own download is not audited");

    let other = app.send("GET", "/api/v1/people/cleo/data", Some("ben"), &json!(null)).await;
    assert_eq!(other.status, StatusCode::FORBIDDEN);
    let by_admin = app.get("/api/v1/people/cleo/data").await;
    assert_eq!(by_admin.status, StatusCode::OK);
    let audit = app.store.audit_entries(Some("cleo"), 5).await.unwrap();
    assert_eq!((audit.len(), audit[0].actor.as_str()), (1, crate::WARD_ADMIN));
    assert_eq!(app.get("/api/v1/people/nobody/data").await.status, StatusCode::NOT_FOUND);
}
crate::on_both_backends!(a_person_downloads_everything_stored_about_them);

async fn an_admin_erases_a_person_who_then_exists_only_as_a_pseudonym(app: &TestApp) {
    let proposed = app
        .send(
            "POST",
            "/api/v1/decisions",
            Some("ana"),
            &json!({"title": "New chairs", "domain": "budget", "amount": 80}),
        )
        .await;
    assert_eq!(proposed.status, StatusCode::CREATED, "{}", proposed.body);
    let decision = proposed.json()["id"].as_str().unwrap().to_owned();
    assert_eq!(
        app.send("POST", "/api/v1/people/ana/erasure", Some("ben"), &json!(null)).await.status,
        StatusCode::FORBIDDEN
    );
    let own = app.send("POST", &format!("/api/v1/people/{}/erasure", crate::WARD_ADMIN), None, &json!(null)).await;
    assert_eq!(own.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", own.body);
    assert!(own.json()["message"].as_str().unwrap().contains("ask another admin"));

    let erased = app.send("POST", "/api/v1/people/ana/erasure", None, &json!(null)).await;
    assert_eq!(erased.status, StatusCode::OK, "{}", erased.body);
    let erasure = erased.json();
    let alias = erasure["pseudonym"].as_str().unwrap().to_owned();
    assert!(alias.starts_with("erased-"), "{erasure}");
    assert_eq!(erasure["removed_fillings"], json!(["rota"]));
    assert_eq!(erasure["renamed"]["decisions.proposer_id"], 1, "{erasure}");
    assert_eq!(erasure["renamed"]["delegations.delegated_by_id"], 1, "{erasure}");

    assert_eq!(app.get("/api/v1/people/ana").await.status, StatusCode::NOT_FOUND);
    assert_eq!(app.send("POST", "/api/v1/people/ana/erasure", None, &json!(null)).await.status, StatusCode::NOT_FOUND);
    let person = app.get(&format!("/api/v1/people/{alias}")).await.json();
    assert_eq!(person["name"], "Erased person", "{person}");
    assert!(person["email"].is_null() && person["skills"] == json!([]), "{person}");
    let shown = app.get(&format!("/api/v1/decisions/{decision}")).await.json();
    assert_eq!(shown["proposer"], alias.as_str());
    let ben = app.get("/api/v1/people/ben").await.json();
    assert_eq!(ben["superior_id"], alias.as_str(), "{ben}");
    let refused = app.send("GET", "/api/v1/people/ben", Some("ana"), &json!(null)).await;
    assert_eq!(refused.status, StatusCode::UNAUTHORIZED, "ana's token went with her account");
    // The rights follow at once: the rota role is no longer filled by her.
    let answer = app.send("POST", "/api/v1/who-decides", None, &json!({"domain": "rota"})).await;
    assert_eq!(answer.status, StatusCode::OK);
    assert!(!answer.body.contains("\"ana\"") && !answer.body.contains(&alias), "{}", answer.body);
    let audit = app.store.audit_entries(Some(&alias), 5).await.unwrap();
    assert_eq!((audit[0].action.as_str(), audit[0].actor.as_str()), ("erased_person", crate::WARD_ADMIN));
}
crate::on_both_backends!(an_admin_erases_a_person_who_then_exists_only_as_a_pseudonym);
