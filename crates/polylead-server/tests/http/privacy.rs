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
    assert_eq!(app.store.audit_entries(None, 10).await.unwrap().len(), 1, "refusals are not views");
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
