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
