//! Every JSON request body the API accepts, on any bytes: each body type goes through the
//! server's own `Json` extractor and, when it deserializes, through the conversions into core
//! types that its handler makes. Nothing may panic, and every refusal must be a 4xx error
//! (a 5xx would be the server blaming itself for a client's bad input).
#![no_main]

use std::collections::BTreeMap;
use std::sync::LazyLock;

use axum::body::Body;
use axum::extract::FromRequest;
use axum::http::{Request, header};
use futures_util::FutureExt;
use libfuzzer_sys::fuzz_target;
use polylead_core::csv_file::read_dataset;
use polylead_core::dataset::{Dataset, Known};
use polylead_core::governance;
use polylead_core::ids::{DomainId, PersonId, RoleId, TeamId};
use polylead_core::text::Keyword;
use polylead_server::ApiError;
use polylead_server::api::decisions::{ChangeRequest, ProposalRequest, StepRequest, check_file_names};
use polylead_server::api::rights::{QuestionRequest, RouteRequest};
use polylead_server::api::webhooks::WebhookRequest;
use polylead_server::api::what_if::WhatIfRequest;
use polylead_server::extract::Json;
use polylead_server::webhooks::{check_url, parse_events};
use serde::de::DeserializeOwned;

/// The Ward organisation of `fixtures/ward/`, for governance changes to refer to.
static WARD: LazyLock<Dataset> = LazyLock::new(|| {
    let files: BTreeMap<String, Vec<u8>> = [
        ("teams.csv", &include_bytes!("../../fixtures/ward/teams.csv")[..]),
        ("people.csv", include_bytes!("../../fixtures/ward/people.csv")),
        ("roles.csv", include_bytes!("../../fixtures/ward/roles.csv")),
        ("role_fillers.csv", include_bytes!("../../fixtures/ward/role_fillers.csv")),
        ("domains.csv", include_bytes!("../../fixtures/ward/domains.csv")),
        ("domain_rules.csv", include_bytes!("../../fixtures/ward/domain_rules.csv")),
        ("delegations.csv", include_bytes!("../../fixtures/ward/delegations.csv")),
    ]
    .into_iter()
    .map(|(name, bytes)| (name.to_owned(), bytes.to_vec()))
    .collect();
    read_dataset(&files, &Known::default()).expect("fixtures/ward reads")
});

fuzz_target!(|body: &[u8]| {
    if let Some(request) = extract::<ProposalRequest>(body) {
        client_error(request.question.attributes().map(drop));
        client_error(DomainId::parse(&request.question.domain).map(drop).map_err(ApiError::from));
    }
    if let Some(request) = extract::<StepRequest>(body) {
        client_error(request.action().map(drop));
    }
    if let Some(request) = extract::<ChangeRequest>(body) {
        client_error(check_file_names(request.files.keys()));
        if check_file_names(request.files.keys()).is_ok() {
            let files = request.files.into_iter().map(|(name, text)| (name, text.into_bytes())).collect();
            let _ = governance::read_change(&files, &WARD);
        }
    }
    if let Some(request) = extract::<QuestionRequest>(body) {
        client_error(request.attributes().map(drop));
    }
    if let Some(request) = extract::<RouteRequest>(body) {
        client_error(request.scope.as_deref().map(TeamId::parse).transpose().map(drop).map_err(ApiError::from));
        for tag in &request.tags {
            client_error(Keyword::parse(tag).map(drop).map_err(ApiError::from));
        }
    }
    if let Some(request) = extract::<WebhookRequest>(body) {
        client_error(check_url(&request.url).map(drop));
        client_error(parse_events(&request.events).map(drop));
    }
    if let Some(request) = extract::<WhatIfRequest>(body) {
        for person in request.leave.iter().flatten() {
            client_error(PersonId::parse(person).map(drop).map_err(ApiError::from));
        }
        client_error(request.to.as_deref().map(RoleId::parse).transpose().map(drop).map_err(ApiError::from));
    }
});

/// `body` as a `T` through the server's `Json` extractor; a refusal must be a 4xx.
fn extract<T: DeserializeOwned>(body: &[u8]) -> Option<T> {
    let request = Request::builder()
        .method("POST")
        .header(header::CONTENT_TYPE, "application/json")
        .body(Body::from(body.to_vec()))
        .expect("a request with a valid header");
    // The body is in memory, so the extractor completes at its first poll.
    let extracted = Json::<T>::from_request(request, &()).now_or_never().expect("the extractor waits for nothing");
    match extracted {
        Ok(Json(value)) => Some(value),
        Err(error) => {
            client_error::<()>(Err(error));
            None
        }
    }
}

fn client_error<T>(result: Result<T, ApiError>) {
    if let Err(error) = result {
        let status = error.status();
        assert!(status.is_client_error(), "{status} for a client's input: {error:?}");
        assert!(!error.to_string().is_empty(), "an empty message for {status}");
    }
}
