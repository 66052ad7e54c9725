//! The HTML pages.

use axum::http::StatusCode;

use crate::{ORGANISATION, TestApp};

#[tokio::test]
async fn the_landing_page_names_the_organisation_and_links_the_api() {
    let app = TestApp::new().await;
    let response = app.landing().await;
    assert_eq!(response.status, StatusCode::OK);
    assert!(response.content_type.starts_with("text/html"), "{}", response.content_type);
    let page = &response.body;
    assert!(page.starts_with("<!doctype html>"));
    assert!(!page.contains(ORGANISATION), "the organisation name must be escaped");
    assert!(page.contains("<h1>Ward &lt;3&gt; &amp; Co</h1>"), "{page}");
    assert!(page.contains("<dt>People</dt><dd>3</dd>"), "{page}");
    for link in ["/api/v1/health", "/api/v1/openapi.json", "/api/v1/people"] {
        assert!(page.contains(&format!("href=\"{link}\"")), "no link to {link}");
    }
    assert!(!page.contains("<script"), "the page needs no JavaScript");
}

#[tokio::test]
async fn the_landing_page_works_without_an_organisation_name() {
    let app = TestApp::empty().await;
    let response = app.landing().await;
    assert_eq!(response.status, StatusCode::OK);
    assert!(response.body.contains("<dt>People</dt><dd>0</dd>"));
}

#[tokio::test]
async fn an_unknown_page_is_an_html_404() {
    let app = TestApp::new().await;
    let response = app.get("/no/such/page").await;
    assert_eq!(response.status, StatusCode::NOT_FOUND);
    assert!(response.content_type.starts_with("text/html"));
    assert!(response.body.contains("page /no/such/page not found"), "{}", response.body);
}

#[tokio::test]
async fn a_wrong_method_on_a_page_is_an_html_405() {
    let app = TestApp::new().await;
    let response = app.request("POST", "/").await;
    assert_eq!(response.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(response.content_type.starts_with("text/html"));
    assert!(response.body.contains("method POST is not allowed on /"), "{}", response.body);
}
