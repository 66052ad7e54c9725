//! The HTML pages: signing in and out, CSRF on every form, the landing page, and errors.

use axum::http::{StatusCode, header};

use crate::{ORGANISATION, TestApp, hidden_field, set_cookie_of};

#[tokio::test]
async fn the_landing_page_names_the_organisation_and_links_onwards() {
    let app = TestApp::new().await;
    let browser = app.sign_in("p2").await;
    let response = app.page(&browser, "/").await;
    assert_eq!(response.status, StatusCode::OK);
    assert!(response.content_type.starts_with("text/html"), "{}", response.content_type);
    let page = &response.body;
    assert!(page.starts_with("<!doctype html>"));
    assert!(!page.contains(ORGANISATION), "the organisation name must be escaped");
    assert!(
        page.contains("<h1>Ward &#60;3&#62; &#38; Co</h1>") || page.contains("<h1>Ward &lt;3&gt; &amp; Co</h1>"),
        "{page}"
    );
    assert!(page.contains("<dt>People</dt><dd>3</dd>"), "{page}");
    assert!(page.contains("Ben Okafor"), "the signed-in person is named");
    for link in ["/who-decides", "/decisions/inbox", "/org"] {
        assert!(page.contains(&format!("href=\"{link}\"")), "no link to {link}");
    }
}

#[tokio::test]
async fn a_visitor_is_sent_to_sign_in_and_back() {
    let app = TestApp::new().await;
    let response = app.call(axum::http::Request::get("/?from=mail").body(axum::body::Body::empty()).unwrap()).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER);
    assert_eq!(response.headers[header::LOCATION], "/sign-in?next=%2F%3Ffrom%3Dmail");
    let form = app.get("/sign-in?next=%2Fdecisions").await;
    assert_eq!(form.status, StatusCode::OK);
    assert!(form.body.contains(r#"name="next" value="/decisions""#), "{}", form.body);
    assert!(form.body.contains(r#"<label for="password">"#));
    let cookie = form.headers.get_all(header::SET_COOKIE).iter().next().unwrap().to_str().unwrap().to_owned();
    assert!(cookie.contains("HttpOnly") && cookie.contains("SameSite=Lax"), "{cookie}");
}

#[tokio::test]
async fn a_wrong_password_keeps_the_login_shows_the_error_and_locks_after_five() {
    let app = TestApp::new().await;
    let form = app.get("/sign-in").await;
    let csrf_cookie = set_cookie_of(&form, "polylead_csrf").unwrap();
    let csrf = hidden_field(&form.body, "csrf");
    let attempt = |password: &'static str| {
        let body = format!("login=p2&password={password}&csrf={csrf}");
        axum::http::Request::post("/sign-in")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, format!("polylead_csrf={csrf_cookie}"))
            .body(axum::body::Body::from(body))
            .unwrap()
    };
    let wrong = app.call(attempt("nope")).await;
    assert_eq!(wrong.status, StatusCode::UNAUTHORIZED);
    assert!(wrong.body.contains(r#"name="login" value="p2""#), "what was typed is kept");
    assert!(wrong.body.contains("do not match") && wrong.body.contains(r#"aria-invalid="true""#));
    assert!(set_cookie_of(&wrong, "polylead_session").is_none());
    for _ in 0..4 {
        app.call(attempt("nope")).await;
    }
    let locked = app.call(attempt("correct+horse+battery+staple")).await;
    assert_eq!(locked.status, StatusCode::TOO_MANY_REQUESTS, "{}", locked.body);
    assert!(locked.body.contains("locked until"));
    let other = app.sign_in("p3").await;
    assert!(!other.cookie.is_empty(), "another account is not locked");
}

#[tokio::test]
async fn a_form_without_its_csrf_token_is_refused_and_signing_out_ends_the_session() {
    let app = TestApp::new().await;
    let browser = app.sign_in("p2").await;
    let forged = app.submit(&browser, "/sign-out", &[("csrf", "0000")]).await;
    assert_eq!(forged.status, StatusCode::FORBIDDEN);
    assert!(forged.body.contains("did not come from this site"));
    assert_eq!(app.page(&browser, "/").await.status, StatusCode::OK, "the forged sign-out did nothing");
    let out = app.submit(&browser, "/sign-out", &[]).await;
    assert_eq!(out.status, StatusCode::SEE_OTHER);
    assert_eq!(app.page(&browser, "/").await.status, StatusCode::SEE_OTHER, "the session is gone");
}

#[tokio::test]
async fn the_session_cookie_is_secure_behind_tls() {
    let app = TestApp::new().await;
    let form = app.get("/sign-in").await;
    let csrf_cookie = set_cookie_of(&form, "polylead_csrf").unwrap();
    let csrf = hidden_field(&form.body, "csrf");
    let request = axum::http::Request::post("/sign-in")
        .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
        .header(header::COOKIE, format!("polylead_csrf={csrf_cookie}"))
        .header("x-forwarded-proto", "https")
        .body(axum::body::Body::from(format!("login=p2@example.org&password=correct+horse+battery+staple&csrf={csrf}")))
        .unwrap();
    let response = app.call(request).await;
    let cookie = response.headers.get_all(header::SET_COOKIE).iter().next().unwrap().to_str().unwrap().to_owned();
    assert!(
        cookie.starts_with("polylead_session=") && cookie.ends_with("; HttpOnly; SameSite=Lax; Secure"),
        "{cookie}"
    );
}

#[tokio::test]
async fn an_unknown_page_is_an_html_404() {
    let app = TestApp::new().await;
    let browser = app.sign_in("p1").await;
    let response = app.page(&browser, "/no/such/page").await;
    assert_eq!(response.status, StatusCode::NOT_FOUND);
    assert!(response.content_type.starts_with("text/html"));
    assert!(response.body.contains("page /no/such/page not found"), "{}", response.body);
}

#[tokio::test]
async fn a_wrong_method_on_a_page_is_an_html_405() {
    let app = TestApp::new().await;
    let browser = app.sign_in("p1").await;
    let response = app.submit(&browser, "/", &[]).await;
    assert_eq!(response.status, StatusCode::METHOD_NOT_ALLOWED);
    assert!(response.content_type.starts_with("text/html"));
    assert!(response.body.contains("method POST is not allowed on /"), "{}", response.body);
}

#[tokio::test]
async fn too_many_sign_in_attempts_from_one_address_are_slowed_down() {
    let app = TestApp::new().await;
    let form = app.get("/sign-in").await;
    let csrf_cookie = set_cookie_of(&form, "polylead_csrf").unwrap();
    let csrf = hidden_field(&form.body, "csrf");
    let mut last = None;
    // Different (unknown) logins, so no account is locked: only the address counts.
    for attempt in 0..=polylead_server::auth::rate_limit::ATTEMPTS {
        let request = axum::http::Request::post("/sign-in")
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, format!("polylead_csrf={csrf_cookie}"))
            .body(axum::body::Body::from(format!("login=guess{attempt}&password=x&csrf={csrf}")))
            .unwrap();
        last = Some(app.call(request).await);
    }
    let last = last.unwrap();
    assert_eq!(last.status, StatusCode::TOO_MANY_REQUESTS, "{}", last.body);
    assert!(last.body.contains("too many sign-in attempts from your address"));
}

#[tokio::test]
async fn an_admin_reset_link_sets_a_new_password_once() {
    let app = TestApp::new().await;
    let refused = app.send("POST", "/api/v1/accounts/p2/reset-link", Some("p2"), &serde_json::json!(null)).await;
    assert_eq!(refused.status, StatusCode::FORBIDDEN, "members cannot issue reset links");
    let link = app.send("POST", "/api/v1/accounts/p2/reset-link", None, &serde_json::json!(null)).await;
    assert_eq!(link.status, StatusCode::CREATED, "{}", link.body);
    let path = link.json()["path"].as_str().unwrap().to_owned();
    let audit = app.store.audit_entries(Some("p2"), 5).await.unwrap();
    assert_eq!(audit[0].action, "issued_reset_link");
    assert_eq!(audit[0].actor, "p1");

    let form = app.get(&path).await;
    assert_eq!(form.status, StatusCode::OK, "{}", form.body);
    assert!(form.body.contains("Set a new password") && form.body.contains("p2"));
    let csrf_cookie = set_cookie_of(&form, "polylead_csrf").unwrap();
    let csrf = hidden_field(&form.body, "csrf");
    let send = |password: &str| {
        axum::http::Request::post(path.as_str())
            .header(header::CONTENT_TYPE, "application/x-www-form-urlencoded")
            .header(header::COOKIE, format!("polylead_csrf={csrf_cookie}"))
            .body(axum::body::Body::from(format!("password={password}&csrf={csrf}")))
            .unwrap()
    };
    let short = app.call(send("short")).await;
    assert_eq!(short.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(short.body.contains("at least 10 characters") && short.body.contains(r#"aria-invalid="true""#));
    let done = app.call(send("a+brand+new+password")).await;
    assert_eq!(done.status, StatusCode::SEE_OTHER, "{}", done.body);
    let again = app.call(send("another+new+password")).await;
    assert_eq!(again.status, StatusCode::GONE, "the link works once");
    assert!(again.body.contains("used already or has expired"));
    let signed_in =
        polylead_server::auth::sign_in(&app.store, "p2", "a brand new password".into(), polylead_server::flow::now())
            .await;
    assert!(signed_in.is_ok(), "the new password works");
}
