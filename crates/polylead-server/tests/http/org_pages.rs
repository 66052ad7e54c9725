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
