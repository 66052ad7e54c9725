//! `GET /analytics` and `GET /analytics/what-if` on the ward: the figures with their meaning,
//! the charts, names of people in person-level findings for admins only, the filters, and the
//! what-if form with its errors next to the field.

use axum::http::{StatusCode, header};
use jiff::SignedDuration;
use polylead_core::act::{Act, ActSource};
use polylead_core::advice::{AdviceTie, TieOrigin};
use polylead_core::dataset::Dataset;
use polylead_core::role::Contribution;

use crate::TestApp;

/// The ward plus acts of the last weeks by Ana, Ben and Cleo, and advice ties that make Ana the
/// most sought person.
async fn ward_with_activity(postgres: bool) -> Option<TestApp> {
    let app = TestApp::ward(postgres).await?;
    let now = polylead_server::flow::now();
    let act = |id: &str, actor: &str, kind: Contribution, days_ago: i64| Act {
        id: id.parse().unwrap(),
        actor: actor.parse().unwrap(),
        co_actors: vec![],
        targets: vec![],
        initiator: None,
        kind,
        domain: None,
        team: None,
        started_at: now - SignedDuration::from_hours(24 * days_ago),
        duration_s: None,
        planned: None,
        channel: None,
        influence: None,
        routine: None,
        decision: None,
        source: ActSource::SelfLog,
    };
    let tie = |id: &str, seeker: &str, source: &str| AdviceTie {
        id: id.parse().unwrap(),
        seeker: seeker.parse().unwrap(),
        source: source.parse().unwrap(),
        subject: Some("rota".into()),
        frequency: None,
        influence: None,
        origin: TieOrigin::Survey,
        wave: None,
    };
    let facts = Dataset {
        acts: vec![
            act("a1", "ana", Contribution::VisionDirection, 3),
            act("a2", "ana", Contribution::ExecutionDelivery, 10),
            act("a3", "ana", Contribution::ExecutionDelivery, 20),
            act("a4", "ben", Contribution::RelationshipCulture, 5),
            act("a5", "cleo", Contribution::TechnicalExpertise, 40),
        ],
        ties: vec![
            tie("t1", "ben", "ana"),
            tie("t2", "cleo", "ana"),
            tie("t3", "finn", "ana"),
            tie("t4", "ana", "dita"),
            tie("t5", "cleo", "ben"),
        ],
        ..Dataset::default()
    };
    app.store.import(&facts, "test", &|_, _| {}).await.unwrap();
    Some(app)
}

/// The SVG of the advice map in `page`.
fn advice_map(page: &str) -> &str {
    let start = page.find(r#"aria-labelledby="advice-map"#).expect("the page has the advice map");
    let end = start + page[start..].find("</svg>").unwrap();
    &page[start..end]
}

async fn a_member_sees_every_section_without_names_in_person_level_findings(app: TestApp) -> TestApp {
    let browser = app.sign_in("ben").await;
    let response = app.page(&browser, "/analytics").await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let page = &response.body;
    assert_eq!(page.matches("<h1>").count(), 1);
    assert!(page.contains(r#"<dl class="stats figures">"#), "{page}");
    // A defined figure with its value and meaning; undefined ones say so and why.
    assert!(page.contains("Effective number of leaders (M3)"));
    assert!(page.contains(r#"<div id="figure-engagement">"#));
    assert!(page.contains(r#"<dd class="value">"#) && page.contains(r#"<dd class="meaning">"#));
    assert!(page.contains(r#"<dd class="undefined">undefined</dd>"#), "the ward has figures without a value");
    assert!(page.contains(r#"<option value="90" selected>90 days</option>"#), "90 days by default");
    assert!(page.contains(r#"<label for="team">"#) && page.contains(r#"<option value="ward3">Ward 3</option>"#));
    // The charts, each labelled.
    for title in ["Acts per person, last 90 days", "Effective number of leaders per month", "Who is sought for advice"]
    {
        assert!(page.contains(&format!(">{title}</title>")), "no chart {title}");
    }
    assert!(page.contains("Gini*"), "Gini* is drawn per month");
    // The map: Ana, Ben, Cleo, Dita and Finn have ties; nobody is named or linked for a member.
    let map = advice_map(page);
    assert_eq!(map.matches("<circle").count(), 5, "{map}");
    assert!(!map.contains("/people/") && !map.contains("Ana"), "{map}");
    assert!(page.contains("anonymous dots"));
    assert!(map.contains("Ward 3"), "the legend names the teams");
    assert!(page.contains("names are shown to admins and to each person on their own page"));
    assert!(!page.contains(r#"href="/people/ana""#), "{page}");
    // The what-if form with its suggestions.
    assert!(page.contains(r#"action="/analytics/what-if""#) && page.contains(r#"<label for="leave">"#));
    assert!(page.contains(r#"<option value="ana">Ana</option>"#));
    assert!(!page.contains(r#"<option value="eli">"#), "Eli has left");
    app
}

#[tokio::test]
async fn a_member_sees_every_section_without_names_on_sqlite() {
    let app = ward_with_activity(false).await.unwrap();
    app.run(a_member_sees_every_section_without_names_in_person_level_findings).await;
}

#[tokio::test]
async fn a_member_sees_every_section_without_names_on_postgres() {
    let Some(app) = ward_with_activity(true).await else { return };
    app.run(a_member_sees_every_section_without_names_in_person_level_findings).await;
}

#[tokio::test]
async fn an_admin_sees_who_is_sought_and_who_the_key_players_are() {
    let app = ward_with_activity(false).await.unwrap();
    let browser = app.sign_in("finn").await;
    let response = app.page(&browser, "/analytics?window=30").await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let page = &response.body;
    assert!(page.contains(r#"<option value="30" selected>30 days</option>"#));
    assert!(page.contains("Acts per person, last 30 days"));
    let map = advice_map(page);
    assert!(map.contains(r#"href="/people/ana""#) && map.contains("Ana — Ward 3 — sought 3 times"), "{map}");
    assert!(!page.contains("anonymous dots"));
    // Ana links the others: she is the single key player.
    let key_players = &page[page.find(r#"id="key-heading""#).unwrap()..];
    assert!(key_players.contains(r#"<a href="/people/ana">Ana</a>"#), "{key_players}");
    assert!(!page.contains("names are shown to admins"), "no privacy note for admins");
    let audit = app.store.audit_entries(Some("finn"), 5).await.unwrap();
    let views = app.store.audit_entries(None, 5).await.unwrap();
    assert!(audit.is_empty() && views[0].action == "viewed_person_analytics" && views[0].actor == "finn", "{views:?}");
}

#[tokio::test]
async fn analyses_are_reused_per_viewer_kind_and_computed_again_after_a_change() {
    let app = ward_with_activity(false).await.unwrap();
    let admin = app.sign_in("finn").await;
    let ben = app.sign_in("ben").await;
    let computed = |page: &str| page.split("Computed at ").nth(1).unwrap().split(';').next().unwrap().to_owned();
    let first = app.page(&admin, "/analytics").await.body;
    assert!(advice_map(&first).contains(r#"href="/people/ana""#));
    // A member right after an admin gets an analysis without names, not the admin's.
    let member = app.page(&ben, "/analytics").await.body;
    assert!(!advice_map(&member).contains("/people/") && member.contains("anonymous dots"), "{member}");
    let again = app.page(&admin, "/analytics").await.body;
    assert_eq!(computed(&again), computed(&first));
    assert_eq!(advice_map(&again), advice_map(&first), "the same layout: reused");
    assert_eq!(app.store.audit_entries(None, 10).await.unwrap().len(), 2, "each admin view is audited, cached or not");

    // A new advice tie changes the organisation: the next visit sees it.
    let tie: AdviceTie = AdviceTie {
        id: "t9".parse().unwrap(),
        seeker: "dita".parse().unwrap(),
        source: "ana".parse().unwrap(),
        subject: None,
        frequency: None,
        influence: None,
        origin: TieOrigin::Survey,
        wave: None,
    };
    app.store.import(&Dataset { ties: vec![tie], ..Dataset::default() }, "test", &|_, _| {}).await.unwrap();
    let after = app.page(&admin, "/analytics").await.body;
    assert!(advice_map(&first).contains("Ana — Ward 3 — sought 3 times"));
    assert!(advice_map(&after).contains("Ana — Ward 3 — sought 4 times"), "{}", advice_map(&after));
}

#[tokio::test]
async fn the_team_filter_restricts_the_activity_figures_and_bad_filters_are_refused() {
    let app = TestApp::ward(false).await.unwrap();
    let browser = app.sign_in("ana").await;
    let team = app.page(&browser, "/analytics?window=365&team=ward3").await;
    assert_eq!(team.status, StatusCode::OK, "{}", team.body);
    assert!(team.body.contains(r#"<option value="ward3" selected>Ward 3</option>"#));
    assert!(team.body.contains("in Ward 3 and its nested teams"), "{}", team.body);
    let whole = app.page(&browser, "/analytics?team=").await;
    assert_eq!(whole.status, StatusCode::OK, "an empty team means the whole organisation");
    let window = app.page(&browser, "/analytics?window=7").await;
    assert_eq!(window.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        window.body.contains("window must be 30, 90, 180 or 365 days, got &quot;7&quot;")
            || window.body.contains("window must be 30, 90, 180 or 365 days, got &#34;7&#34;"),
        "{}",
        window.body
    );
    let unknown = app.page(&browser, "/analytics?team=nosuch").await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);
    assert!(unknown.body.contains("team nosuch not found"), "{}", unknown.body);
    let escaped = app.page(&browser, "/analytics?team=%3Cb%3E").await;
    assert_eq!(escaped.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(!escaped.body.contains("<b>"), "{}", escaped.body);
}

#[tokio::test]
async fn a_visitor_is_sent_to_sign_in() {
    let app = TestApp::ward(false).await.unwrap();
    let request = axum::http::Request::get("/analytics/what-if?leave=ana").body(axum::body::Body::empty()).unwrap();
    let response = app.call(request).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert!(response.headers[header::LOCATION].to_str().unwrap().starts_with("/sign-in?next="));
}

#[tokio::test]
async fn what_if_ana_leaves_shows_the_orphaned_rota_and_the_team_affected() {
    let app = ward_with_activity(false).await.unwrap();
    let browser = app.sign_in("ben").await;
    let form = app.page(&browser, "/analytics/what-if").await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains(r#"<input id="leave" name="leave" value="""#), "{}", form.body);
    assert!(!form.body.contains("left now"), "no answer before a question");
    let response = app.page(&browser, "/analytics/what-if?leave=ana").await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let page = &response.body;
    assert!(page.contains(r#"value="ana""#), "the input is kept");
    assert!(page.contains(r#"If <a href="/people/ana">Ana</a> left now"#), "{page}");
    assert!(page.contains(r#"<a href="/roles/rota">Rota coordinator</a>"#), "{page}");
    assert!(page.contains(r#"<a href="/domains/rota">"#), "{page}");
    assert!(page.contains(r#"<a href="/teams/ward3">Ward 3</a>"#), "{page}");
    assert!(page.contains("Fragmentation F") && page.contains("Truck factor"));
    // Ana holds the advice network together: F rises when she leaves.
    let f = &page[page.find("<dt>Fragmentation F</dt>").unwrap()..];
    let f = &f[..f.find("</dd>").unwrap()];
    assert!(f.contains(" → ") && f.contains("(+"), "{f}");
}

#[tokio::test]
async fn an_unknown_or_malformed_person_is_shown_next_to_the_field_with_the_input_kept() {
    let app = TestApp::ward(false).await.unwrap();
    let browser = app.sign_in("ana").await;
    for (query, typed, message) in [
        ("leave=ana%2C+nobody", "ana, nobody", "person nobody not found"),
        ("leave=+%2C+", " , ", "Give at least one person id"),
        ("leave=%3Cb%3E", "&#60;b&#62;", "b"),
    ] {
        let response = app.page(&browser, &format!("/analytics/what-if?{query}")).await;
        assert_eq!(response.status, StatusCode::UNPROCESSABLE_ENTITY, "{query}: {}", response.body);
        let page = &response.body;
        assert!(page.contains(r#"aria-invalid="true""#) && page.contains(r#"id="leave-error""#), "{page}");
        assert!(page.contains(message), "{query}: {page}");
        assert!(!page.contains("<b>"), "escaped: {page}");
        let kept = page.contains(&format!(r#"value="{typed}""#))
            || page.contains(&format!(r#"value="{}""#, typed.replace("&#60;", "&lt;").replace("&#62;", "&gt;")));
        assert!(kept, "{query}: the input is kept: {page}");
        assert!(!page.contains("left now"));
    }
}
