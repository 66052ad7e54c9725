//! The organisation pages: the org map (map, tree, list), team, role, person (with API
//! tokens), domain and history pages, on the Ward fixture.

use axum::http::StatusCode;

use crate::TestApp;

async fn ward() -> TestApp {
    TestApp::ward(false).await.unwrap()
}

#[tokio::test]
async fn the_org_map_draws_teams_and_roles_as_linked_circles_and_zooms() {
    let app = ward().await;
    let browser = app.sign_in("ana").await;
    let map = app.page(&browser, "/org").await;
    assert_eq!(map.status, StatusCode::OK, "{}", map.body);
    let page = &map.body;
    assert!(page.contains("<svg"), "{page}");
    for link in ["/teams/ward3", "/teams/region", "/teams/hr", "/roles/rota", "/org?root=ward3"] {
        assert!(page.contains(&format!("href=\"{link}\"")), "no link to {link}");
    }
    let zoomed = app.page(&browser, "/org?root=ward3").await;
    assert_eq!(zoomed.status, StatusCode::OK);
    assert!(zoomed.body.contains("aria-label=\"Breadcrumb\""), "{}", zoomed.body);
    assert!(zoomed.body.contains("root=region\">Care region</a>"), "{}", zoomed.body);
    assert!(zoomed.body.contains("href=\"/roles/rota\"") && !zoomed.body.contains("href=\"/teams/hr\""));
    let missing = app.page(&browser, "/org?root=nope").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("team nope not found"), "{}", missing.body);
}

#[tokio::test]
async fn an_organisation_with_one_top_team_is_mapped_as_that_team() {
    let app = crate::TestApp::new().await;
    let browser = app.sign_in("p1").await;
    let map = app.page(&browser, "/org").await.body;
    assert!(map.contains("Map of Hospital"), "{map}");
    assert_eq!(map.matches("pack-label-branch depth-0").count(), 1, "one outer circle, labelled once: {map}");
    assert!(map.contains("data-id=\"team:t1\"") && !map.contains("data-id=\"org\""), "{map}");
}

#[tokio::test]
async fn the_tree_nests_teams_and_the_list_tabulates_them() {
    let app = ward().await;
    let browser = app.sign_in("ben").await;
    let tree = app.page(&browser, "/org?view=tree").await;
    assert_eq!(tree.status, StatusCode::OK, "{}", tree.body);
    let page = &tree.body;
    let region = page.find("href=\"/teams/region\"").unwrap();
    let ward = page.find("href=\"/teams/ward3\"").unwrap();
    let inner_list = page[region..ward].contains("<ul");
    assert!(inner_list, "Ward 3 is nested in the region's list: {page}");
    assert!(page.contains("href=\"/roles/lead\""));
    let list = app.page(&browser, "/org?view=list").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("<th scope=\"col\">Parent</th>"), "{}", list.body);
    assert!(list.body.contains("<a href=\"/roles/recruiter\">Recruiter</a>"));
    let bad = app.page(&browser, "/org?view=list&page=9").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    let bad = app.page(&browser, "/org?view=cubes").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("view must be map, tree or list"), "{}", bad.body);
}

#[tokio::test]
async fn a_team_page_shows_roles_members_coverage_and_decisions() {
    let app = ward().await;
    let browser = app.sign_in("ben").await;
    let response = app.page(&browser, "/teams/ward3").await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let page = &response.body;
    assert!(page.contains("<h1>Ward 3</h1>"), "{page}");
    assert!(page.contains("Care at night and day"));
    assert!(page.contains("<a href=\"/teams/region\">Care region</a>"), "the parent is linked");
    assert!(page.contains("<a href=\"/roles/rota\">Rota coordinator</a>"));
    assert!(page.contains("<a href=\"/people/ana\">Ana</a>") && page.contains("<a href=\"/people/cleo\">Cleo</a>"));
    assert!(page.contains("id=\"team-coverage\""), "the coverage chart is drawn");
    assert!(page.contains("No role carries: vision_direction"), "{page}");
    assert!(page.contains("<a href=\"/domains/budget\">Ward budget</a>"));
    assert!(page.contains("id=\"team-latency\""));
    let missing = app.page(&browser, "/teams/nowhere").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("team nowhere not found"), "{}", missing.body);
    let malformed = app.page(&browser, "/teams/a%20b%3Cx%3E").await;
    assert_eq!(malformed.status, StatusCode::NOT_FOUND);
    assert!(!malformed.body.contains("<x>"), "the id is escaped");
}

#[tokio::test]
async fn a_role_page_shows_its_team_fillers_and_domains() {
    let app = ward().await;
    let browser = app.sign_in("cleo").await;
    let response = app.page(&browser, "/roles/rota").await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let page = &response.body;
    assert!(page.contains("Rota coordinator") && page.contains("critical"));
    assert!(page.contains("<a href=\"/teams/ward3\">Ward 3</a>"));
    assert!(page.contains("<a href=\"/people/ana\">Ana</a>"));
    assert!(page.contains("planning the rota") && page.contains("execution_delivery"));
    assert!(page.contains("<a href=\"/domains/rota\">Night-shift rota</a>"), "{page}");
    let missing = app.page(&browser, "/roles/ghost").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("role ghost not found"));
}

#[tokio::test]
async fn a_domain_page_reads_its_rules_in_plain_words_with_raci_and_history() {
    let app = ward().await;
    let browser = app.sign_in("ana").await;
    let response = app.page(&browser, "/domains/budget").await;
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    let page = &response.body;
    assert!(page.contains("Spending from the ward budget"));
    assert!(page.contains("<a href=\"/teams/ward3\" id=\"domain-holder\">Ward 3</a>"), "{page}");
    let small = page.find("If the amount is at most 500: the holder decides on their own").expect(page);
    let mid = page
        .find("If the amount is at most 5000 and the scope is within team Ward 3: the holder decides by consent")
        .expect(page);
    let big = page.find("If the amount is more than 5000: role Regional lead decides by advice, consulting team Ward 3, within 168 hours.").unwrap();
    assert!(small < mid && mid < big, "rules in position order");
    assert!(page.contains("informing role Regional lead, within 72 hours, escalating to role Regional lead."));
    assert!(page.contains("Responsible (decides)"));
    assert!(page.contains("<td><a href=\"/people/dita\">Dita</a></td>"), "Dita decides big spending: {page}");
    assert!(page.contains("<code>budget</code>") && page.contains("<code>budget-big</code>"), "the domain's history");
    assert!(!page.contains("<code>rota</code>"), "other domains' history is left out");

    let rota = app.page(&browser, "/domains/rota").await;
    assert!(rota.body.contains("Always: the holder decides by advice, consulting team Ward 3"), "{}", rota.body);
    let missing = app.page(&browser, "/domains/nothing").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("domain nothing not found"));
}

#[tokio::test]
async fn the_history_lists_changes_newest_first_with_filters_and_pages() {
    let app = ward().await;
    let browser = app.sign_in("ben").await;
    let all = app.page(&browser, "/history").await;
    assert_eq!(all.status, StatusCode::OK, "{}", all.body);
    assert!(all.body.contains("<label for=\"entity\">"));
    let total: usize =
        all.body.split("id=\"history-count\">").nth(1).unwrap().split(' ').next().unwrap().parse().unwrap();
    assert!(total > 20, "{total}");
    let teams = app.page(&browser, "/history?entity=teams").await;
    assert!(teams.body.contains("<code>ward3</code>") && !teams.body.contains("<code>ana</code>"), "{}", teams.body);
    assert!(teams.body.contains("id=\"history-count\">3 changes"));
    assert!(teams.body.contains("<option value=\"teams\" selected>"));
    let text = app.page(&browser, "/history?q=WOUND").await;
    assert!(
        text.body.contains("id=\"history-count\">1 changes") && text.body.contains("<code>ben</code>"),
        "{}",
        text.body
    );
    let nobody = app.page(&browser, "/history?person=ana").await;
    assert!(nobody.body.contains("No changes match."));
    let by_test = app.page(&browser, "/history?person=test&entity=people").await;
    assert!(by_test.body.contains("id=\"history-count\">6 changes"), "{}", by_test.body);
    let bad = app.page(&browser, "/history?entity=%3Cscript%3E").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(bad.body.contains("aria-invalid=\"true\"") && !bad.body.contains("<script>"), "{}", bad.body);
    if total > 50 {
        let second = app.page(&browser, "/history?page=2").await;
        assert!(second.body.contains("rel=\"prev\""));
    }
}

#[tokio::test]
async fn a_person_page_shows_roles_domains_and_delegations_and_keeps_analytics_private() {
    let app = ward().await;
    let ana = app.sign_in("ana").await;
    let own = app.page(&ana, "/people/ana").await;
    assert_eq!(own.status, StatusCode::OK, "{}", own.body);
    let page = &own.body;
    assert!(page.contains("<h1>Ana</h1>") && page.contains("Reports to <a href=\"/people/dita\">Dita</a>"));
    assert!(page.contains("<a href=\"/roles/rota\">Rota coordinator</a>"));
    assert!(
        page.contains(
            "<a href=\"/domains/rota\">Night-shift rota</a> <span class=\"muted\">as Rota coordinator</span>"
        ),
        "{page}"
    );
    assert!(
        page.contains("<a href=\"/domains/budget\">Ward budget</a> <span class=\"muted\">as a member of Ward 3</span>")
    );
    assert!(page.contains("id=\"leadership-profile\""), "Ana sees her own profile");
    assert!(page.contains("Advice given") && page.contains("id=\"tokens\""));
    assert!(!page.contains("id=\"profile-private\""));

    let of_someone_else = app.page(&ana, "/people/ben").await;
    assert_eq!(of_someone_else.status, StatusCode::OK);
    let page = &of_someone_else.body;
    assert!(page.contains("id=\"profile-private\"") && page.contains("visible to this person and admins"));
    assert!(
        !page.contains("id=\"leadership-profile\"")
            && !page.contains("Advice given")
            && !page.contains("id=\"tokens\"")
    );
    assert!(page.contains("<a href=\"/teams/ward3\">Ward 3</a>"));

    let admin = app.sign_in("finn").await;
    let as_admin = app.page(&admin, "/people/ben").await;
    assert!(as_admin.body.contains("id=\"leadership-profile\"") && as_admin.body.contains("id=\"tokens\""));
    let audit = app.store.audit_entries(Some("ben"), 5).await.unwrap();
    assert_eq!(audit.len(), 1, "Ana's view of her own profile is not audited; the admin's of Ben's is");
    assert_eq!((audit[0].actor.as_str(), audit[0].action.as_str()), ("finn", "viewed_person_analytics"));

    let missing = app.page(&ana, "/people/zed").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("person zed not found"));
}

#[tokio::test]
async fn a_delegation_shows_on_the_delegates_page_while_it_lasts() {
    let app = ward().await;
    let ben = app.sign_in("ben").await;
    let page = app.page(&ben, "/people/ben").await.body;
    // The fixture's delegation ended in March 2026: it is not listed.
    assert!(!page.contains("delegated by Ana"), "{page}");
    let until = (polylead_server::flow::now() + jiff::SignedDuration::from_hours(240)).to_string();
    let delegation = polylead_core::domain::Delegation {
        id: polylead_core::ids::DelegationId::parse("cover2").unwrap(),
        domain: polylead_core::ids::DomainId::parse("rota").unwrap(),
        delegate: polylead_core::ids::PersonId::parse("ben").unwrap(),
        delegated_by: Some(polylead_core::ids::PersonId::parse("ana").unwrap()),
        starts_at: jiff::Timestamp::from_second(1_700_000_000).unwrap(),
        ends_at: until.parse().unwrap(),
        note: None,
    };
    let data = polylead_core::dataset::Dataset { delegations: vec![delegation], ..Default::default() };
    app.store.import(&data, "test", &|_, _| {}).await.unwrap();
    let page = app.page(&ben, "/people/ben").await.body;
    assert!(
        page.contains("<a href=\"/domains/rota\">Night-shift rota</a> <span class=\"muted\">delegated by Ana until "),
        "{page}"
    );
    let domain = app.page(&ben, "/domains/rota").await.body;
    assert!(domain.contains("<a href=\"/people/ben\">Ben</a> decides instead of the holder until"), "{domain}");
}

#[tokio::test]
async fn a_person_creates_sees_once_and_revokes_an_api_token() {
    let app = ward().await;
    let ana = app.sign_in("ana").await;
    let created = app
        .submit(&ana, "/people/ana/tokens", &[("name", "laptop <cli>"), ("scope", "read"), ("expires_days", "30")])
        .await;
    assert_eq!(created.status, StatusCode::CREATED, "{}", created.body);
    let secret = created.body.split("<code id=\"new-token\">").nth(1).unwrap().split('<').next().unwrap().to_owned();
    assert!(secret.starts_with("plt_") && secret.len() == 68, "{secret}");
    assert!(created.body.contains("laptop &#60;cli&#62;") || created.body.contains("laptop &lt;cli&gt;"));
    assert!(!created.body.contains("laptop <cli>"), "the name is escaped");

    let api = app
        .call(
            axum::http::Request::get("/api/v1/teams")
                .header(axum::http::header::AUTHORIZATION, format!("Bearer {secret}"))
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(api.status, StatusCode::OK, "the new token works: {}", api.body);

    let listed = app.page(&ana, "/people/ana").await;
    assert!(!listed.body.contains(&secret) && !listed.body.contains("id=\"new-token\""), "the secret is shown once");
    let tokens = app.store.tokens(&polylead_core::ids::PersonId::parse("ana").unwrap()).await.unwrap();
    let token = tokens.iter().find(|token| token.name == "laptop <cli>").unwrap();
    assert!(token.id.starts_with("tok_") && token.id.len() == 20, "{}", token.id);
    let days = token.expires_at.duration_since(token.created_at).as_hours() / 24;
    assert_eq!(days, 30);
    let revoke = format!("/people/ana/tokens/{}/revoke", token.id);
    assert!(listed.body.contains(&format!("action=\"{revoke}\"")), "{}", listed.body);

    let ben = app.sign_in("ben").await;
    let refused = app.submit(&ben, &revoke, &[]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let refused = app.submit(&ben, "/people/ana/tokens", &[("name", "x"), ("scope", "write")]).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN);
    let wrong_person = app.submit(&ana, &format!("/people/ben/tokens/{}/revoke", token.id), &[]).await;
    assert_eq!(wrong_person.status, StatusCode::FORBIDDEN);

    let revoked = app.submit(&ana, &revoke, &[]).await;
    assert_eq!(revoked.status, StatusCode::SEE_OTHER, "{}", revoked.body);
    assert_eq!(revoked.headers[axum::http::header::LOCATION], "/people/ana#tokens");
    let again = app
        .call(
            axum::http::Request::get("/api/v1/teams")
                .header(axum::http::header::AUTHORIZATION, format!("Bearer {secret}"))
                .body(axum::body::Body::empty())
                .unwrap(),
        )
        .await;
    assert_eq!(again.status, StatusCode::UNAUTHORIZED);
    assert!(app.page(&ana, "/people/ana").await.body.contains("revoked "));
    let unknown = app.submit(&ana, "/people/ana/tokens/tok_nope/revoke", &[]).await;
    assert_eq!(unknown.status, StatusCode::NOT_FOUND);

    let admin = app.sign_in("finn").await;
    let for_ben =
        app.submit(&admin, "/people/ben/tokens", &[("name", "ci"), ("scope", "write"), ("expires_days", "")]).await;
    assert_eq!(for_ben.status, StatusCode::CREATED, "an admin may create a token for someone");
}

#[tokio::test]
async fn a_bad_token_form_shows_each_error_next_to_its_field_and_keeps_the_input() {
    let app = ward().await;
    let ana = app.sign_in("ana").await;
    let refused =
        app.submit(&ana, "/people/ana/tokens", &[("name", "  "), ("scope", "owner"), ("expires_days", "400")]).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    let page = &refused.body;
    assert!(page.contains("id=\"token-name-error\">Give the token a name"), "{page}");
    assert!(
        page.contains("id=\"token-scope-error\">The scope must be read or write, not &#34;owner&#34;")
            || page.contains("id=\"token-scope-error\">The scope must be read or write, not &quot;owner&quot;"),
        "{page}"
    );
    assert!(
        page.contains("aria-describedby=\"token-days-error\"") && page.contains("value=\"400\""),
        "what was typed is kept"
    );
    assert!(!page.contains("id=\"new-token\""));
    let kept = app
        .submit(&ana, "/people/ana/tokens", &[("name", "my script"), ("scope", "write"), ("expires_days", "0")])
        .await;
    assert_eq!(kept.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(kept.body.contains("value=\"my script\"") && kept.body.contains("<option value=\"write\" selected>"));
    assert!(
        app.store.tokens(&polylead_core::ids::PersonId::parse("ana").unwrap()).await.unwrap().len() == 1,
        "nothing stored"
    );
}

#[tokio::test]
async fn a_big_organisation_is_shown_a_part_at_a_time() {
    use polylead_core::demo::{DemoSpec, Profile, generate};
    let app = TestApp::empty().await;
    let spec = DemoSpec {
        profile: Profile::Care,
        people: 10_000,
        seed: 7,
        until: jiff::Timestamp::from_second(1_767_225_600).unwrap(),
    };
    let data = generate(&spec).unwrap();
    let teams = data.teams.len();
    assert!(teams > 2 * 400, "more teams than the tree lists at once: {teams}");
    app.store.import(&data, "test", &|_, _| {}).await.unwrap();
    // One account is enough (signing up 10 000 people would be most of the test's time).
    let viewer = &data.people[1].id;
    let hash = polylead_server::auth::password::hash_password(crate::PASSWORD.to_owned()).await.unwrap();
    let at = jiff::Timestamp::from_second(1_767_225_600).unwrap();
    app.store.add_account(viewer, polylead_core::account::AccountRole::Member, &hash, at).await.unwrap();
    let browser = app.sign_in(viewer.as_str()).await;

    let map = app.page(&browser, "/org").await;
    assert_eq!(map.status, StatusCode::OK);
    assert!(
        map.body.contains("id=\"org-note\"") && map.body.contains("— zoom into a team"),
        "a note says what is left out"
    );
    assert!(map.body.len() < 1_500_000, "the map stays small: {} bytes", map.body.len());
    let tree = app.page(&browser, "/org?view=tree").await;
    assert_eq!(tree.status, StatusCode::OK);
    assert!(tree.body.contains(&format!(" of {teams} teams")) && tree.body.contains("sub-teams…"));
    assert!(tree.body.len() < 1_500_000, "{}", tree.body.len());
    let list = app.page(&browser, "/org?view=list&page=2").await;
    assert_eq!(list.status, StatusCode::OK);
    assert!(list.body.contains("rel=\"next\"") && list.body.contains("rel=\"prev\""));
    assert_eq!(list.body.matches("<tr><th scope=\"row\">").count(), 100);
    let team = &data.teams.iter().find(|team| team.parent.is_some()).unwrap().id;
    let zoomed = app.page(&browser, &format!("/org?root={team}")).await;
    assert_eq!(zoomed.status, StatusCode::OK);
    assert_eq!(app.page(&browser, &format!("/teams/{team}")).await.status, StatusCode::OK);
}

/// A leadership act of `actor` of `kind` in team `team`, `days_ago` days before now.
fn act(
    id: &str,
    actor: &str,
    kind: polylead_core::role::Contribution,
    team: &str,
    days_ago: i64,
) -> polylead_core::act::Act {
    use polylead_core::ids::{ActId, PersonId, TeamId};
    polylead_core::act::Act {
        id: ActId::parse(id).unwrap(),
        actor: PersonId::parse(actor).unwrap(),
        co_actors: vec![],
        targets: vec![],
        initiator: None,
        kind,
        domain: None,
        team: Some(TeamId::parse(team).unwrap()),
        started_at: polylead_server::flow::now() - jiff::SignedDuration::from_hours(24 * days_ago),
        duration_s: None,
        planned: None,
        channel: None,
        influence: None,
        routine: None,
        decision: None,
        source: polylead_core::act::ActSource::SelfLog,
    }
}

#[tokio::test]
async fn acts_show_on_the_team_coverage_and_only_the_person_sees_their_profile() {
    use polylead_core::role::Contribution;
    let app = ward().await;
    let acts = vec![
        act("x1", "ben", Contribution::ExecutionDelivery, "ward3", 3),
        act("x2", "ben", Contribution::ChallengeCritique, "ward3", 40),
        act("x3", "cleo", Contribution::ExecutionDelivery, "ward3", 5),
        act("x4", "ben", Contribution::VisionDirection, "ward3", 200),
    ];
    let tie = |id: &str, seeker: &str, source: &str| polylead_core::advice::AdviceTie {
        id: polylead_core::ids::TieId::parse(id).unwrap(),
        seeker: polylead_core::ids::PersonId::parse(seeker).unwrap(),
        source: polylead_core::ids::PersonId::parse(source).unwrap(),
        subject: None,
        frequency: None,
        influence: None,
        origin: polylead_core::advice::TieOrigin::Survey,
        wave: None,
    };
    let ties = vec![tie("k1", "cleo", "ben"), tie("k2", "ana", "ben"), tie("k3", "ben", "dita")];
    let data = polylead_core::dataset::Dataset { acts, ties, ..Default::default() };
    app.store.import(&data, "test", &|_, _| {}).await.unwrap();
    let ben = app.sign_in("ben").await;
    let team = app.page(&ben, "/teams/ward3").await.body;
    assert!(team.contains("id=\"team-practice\">2 of 5 types</strong>"), "{team}");
    assert!(team.contains("execution_delivery: 2 acts") && team.contains("vision_direction: 0 acts"));
    assert!(team.contains("Nobody in the team acted as: vision_direction, relationship_culture, technical_expertise."));
    let profile = app.page(&ben, "/people/ben").await.body;
    assert!(profile.contains("3 leadership acts in the last twelve months."), "{profile}");
    assert!(
        profile.contains("2 advice ties as the one sought, by:")
            && profile.contains("1 advice ties as the seeker, from:")
    );
    let given = &profile[profile.find("id=\"advice-given\"").unwrap()..profile.find("id=\"advice-sought\"").unwrap()];
    assert!(given.contains("<a href=\"/people/ana\">Ana</a>") && given.contains("<a href=\"/people/cleo\">Cleo</a>"));
    assert!(profile[profile.find("id=\"advice-sought\"").unwrap()..].contains("<a href=\"/people/dita\">Dita</a>"));
    let cleo = app.sign_in("cleo").await;
    let other = app.page(&cleo, "/people/ben").await.body;
    assert!(!other.contains("leadership acts in the last twelve months") && other.contains("id=\"profile-private\""));
    assert!(
        !other.contains("advice ties") && !other.contains("href=\"/people/dita\""),
        "nobody's advice is named to others"
    );
}

#[tokio::test]
async fn an_admin_erases_a_person_from_their_page_after_typing_their_id() {
    let app = ward().await;
    let ben = app.sign_in("ben").await;
    assert!(!app.page(&ben, "/people/cleo").await.body.contains("Erase this person"), "members are not offered it");
    assert_eq!(app.submit(&ben, "/people/cleo/erase", &[("confirm", "cleo")]).await.status, StatusCode::FORBIDDEN);
    let admin = app.sign_in("finn").await;
    assert!(!app.page(&admin, "/people/finn").await.body.contains("Erase this person"), "never oneself");
    let page = app.page(&admin, "/people/cleo").await.body;
    assert!(page.contains("action=\"/people/cleo/erase\"") && page.contains("Erase Cleo</button>"), "{page}");

    let unconfirmed = app.submit(&admin, "/people/cleo/erase", &[("confirm", "Cleo")]).await;
    assert_eq!(unconfirmed.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(unconfirmed.body.contains("id=\"erase-error\">Type cleo exactly to confirm"), "{}", unconfirmed.body);
    assert!(
        unconfirmed.body.contains("aria-describedby=\"erase-error\"") && unconfirmed.body.contains("value=\"Cleo\"")
    );
    assert_eq!(app.page(&admin, "/people/cleo").await.status, StatusCode::OK, "nothing was erased");

    let erased = app.submit(&admin, "/people/cleo/erase", &[("confirm", "cleo")]).await;
    assert_eq!(erased.status, StatusCode::SEE_OTHER, "{}", erased.body);
    let location = erased.headers[axum::http::header::LOCATION].to_str().unwrap().to_owned();
    assert!(location.starts_with("/people/erased-"), "{location}");
    let shown = app.page(&admin, &location).await.body;
    assert!(shown.contains("<h1>Erased person</h1>") && shown.contains("was erased on request"), "{shown}");
    assert!(!shown.contains("Erase this person"));
    assert_eq!(app.page(&admin, "/people/cleo").await.status, StatusCode::NOT_FOUND);
    let team = app.page(&admin, "/teams/ward3").await.body;
    assert!(!team.contains(">Cleo<"), "{team}");
}
