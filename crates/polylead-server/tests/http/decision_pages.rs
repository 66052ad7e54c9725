//! The decision pages — "Who decides?", starting a decision, the list, "waiting on me" and a
//! decision's page with its step forms — in the Ward organisation, on SQLite and PostgreSQL.
//! Ana keeps the rota (advice from Ward 3, 48 hours); Ward 3 decides its budget; Dita leads.

use axum::http::{StatusCode, header};

use crate::{Browser, TestApp, TestResponse, on_both_backends};

/// Starts a decision through the "Start this decision" form as `browser`; returns its path.
async fn start(app: &TestApp, browser: &Browser, fields: &[(&str, &str)]) -> String {
    let response = app.submit(browser, "/decisions", fields).await;
    assert_eq!(response.status, StatusCode::SEE_OTHER, "{}", response.body);
    let location = response.headers[header::LOCATION].to_str().unwrap().to_owned();
    assert!(location.starts_with("/decisions/d"), "{location}");
    location
}

async fn step(app: &TestApp, browser: &Browser, decision: &str, fields: &[(&str, &str)]) -> TestResponse {
    app.submit(browser, &format!("{decision}/steps"), fields).await
}

fn ok(response: &TestResponse) -> &str {
    assert_eq!(response.status, StatusCode::OK, "{}", response.body);
    assert!(response.content_type.starts_with("text/html"), "{}", response.content_type);
    &response.body
}

const ROTA: [(&str, &str); 6] = [
    ("domain", "rota"),
    ("amount", ""),
    ("scope", "ward3"),
    ("tags", ""),
    ("title", "Two nurses on every <night> shift"),
    ("proposal", "From May on, two nurses per night."),
];

async fn who_decides_answers_with_the_people_the_deadline_and_why(app: &TestApp) {
    let ben = app.sign_in("ben").await;
    let empty = app.page(&ben, "/who-decides").await;
    let page = ok(&empty);
    assert!(page.contains(r#"<label for="text">Describe the decision</label>"#), "{page}");
    assert!(page.contains(r#"<option value="ward3">Ward 3</option>"#), "the scope lists the teams: {page}");
    assert!(!page.contains("Start this decision"), "no answer before a question");

    let asked =
        app.page(&ben, "/who-decides?text=change+the+night+shift+rota+%3Cnow%3E&amount=&scope=ward3&tags=").await;
    let page = ok(&asked);
    assert!(page.contains(r#"<a href="/domains/rota">Night-shift rota</a>"#), "{page}");
    assert!(
        page.contains(
            r#"<a href="/people/ana">Ana</a> <span class="muted">by the rule, as the holder of the domain</span>"#
        ),
        "{page}"
    );
    assert!(page.contains(r#"<a href="/people/cleo">Cleo</a>"#), "Cleo is asked first: {page}");
    assert!(page.contains("advice: the decider asks the advisors, then decides"), "{page}");
    assert!(page.contains("(in 2 days)"), "the 48-hour deadline: {page}");
    assert!(page.contains("<summary>Why: each rule's verdict</summary>") && page.contains("<td>rota-1</td>"), "{page}");
    assert!(
        page.contains("Regional lead:") && page.contains("does not apply: `amount &#60;= 500` needs an amount"),
        "{page}"
    );
    assert!(page.contains("You may not decide this yourself."), "{page}");
    assert!(page.contains(r#"<option value="ward3" selected>Ward 3</option>"#), "the scope is kept");
    assert!(page.contains(r#"name="domain" value="rota""#) && page.contains("Start this decision"), "{page}");
    assert!(
        page.contains(r#"value="change the night shift rota &#60;now&#62;""#),
        "the title is the text, escaped: {page}"
    );
    assert!(!page.contains("<now>"), "typed text is escaped");

    let ana = app.sign_in("ana").await;
    let own = app.page(&ana, "/who-decides?text=night+shift+rota").await;
    assert!(ok(&own).contains("You may decide this"), "{}", own.body);
}
on_both_backends!(who_decides_answers_with_the_people_the_deadline_and_why);

async fn who_decides_shows_bad_input_next_to_the_field_and_keeps_it(app: &TestApp) {
    let ben = app.sign_in("ben").await;
    let negative = app.page(&ben, "/who-decides?text=new+monitors&amount=-5&scope=&tags=screens").await;
    assert_eq!(negative.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", negative.body);
    let page = &negative.body;
    assert!(
        page.contains(r#"<p class="field-error" id="amount-error">the amount must be a number, zero or more"#),
        "{page}"
    );
    assert!(
        page.contains(r#"value="-5""#)
            && page.contains(r#"aria-invalid="true" aria-describedby="amount-hint amount-error""#),
        "{page}"
    );
    assert!(page.contains(">new monitors</textarea>") && page.contains(r#"value="screens""#), "what was typed is kept");
    assert!(!page.contains("Start this decision"));

    let blank = app.page(&ben, "/who-decides?text=++&amount=12").await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(blank.body.contains(r#"id="text-error">describe the decision in a few words"#), "{}", blank.body);
    assert!(blank.body.contains(r#"value="12""#));

    let unknown_team = app.page(&ben, "/who-decides?text=rota&scope=nowhere").await;
    assert_eq!(unknown_team.status, StatusCode::UNPROCESSABLE_ENTITY);
    assert!(
        unknown_team.body.contains(r#"id="scope-error">there is no team &#34;nowhere&#34;"#),
        "{}",
        unknown_team.body
    );
}
on_both_backends!(who_decides_shows_bad_input_next_to_the_field_and_keeps_it);

async fn an_advice_decision_runs_through_its_page(app: &TestApp) {
    let (ana, ben, cleo) = (app.sign_in("ana").await, app.sign_in("ben").await, app.sign_in("cleo").await);
    let decision = start(app, &ben, &ROTA).await;

    let shown = app.page(&ben, &decision).await;
    let page = ok(&shown);
    assert!(page.contains("<h1>Two nurses on every &#60;night&#62; shift</h1>"), "escaped title: {page}");
    assert!(page.contains(r#"<span class="badge state-open">open</span>"#), "{page}");
    let next = page.split("<strong>What happens next:</strong> ").nth(1).unwrap().split("</p>").next().unwrap();
    assert!(next.starts_with("waiting for advice from Cleo until 20") && next.contains(" UTC (in "), "{next}");
    assert!(next.ends_with("; then Ana decides."), "names, not ids: {next}");
    assert!(page.contains(r#"<a href="/people/cleo">Cleo</a>"#) && page.contains("not answered yet"), "{page}");
    assert!(page.contains(r#"value="withdraw""#), "the proposer may withdraw: {page}");
    assert!(!page.contains(r#"value="advise""#) && !page.contains(r#"value="decide""#), "but not advise or decide");
    assert!(page.contains("proposed it") && page.contains("opened it for advice"), "timeline: {page}");

    // Cleo is the required advisor: she sees the advice form.
    let for_cleo = app.page(&cleo, &decision).await;
    assert!(ok(&for_cleo).contains(r#"<label for="advise-text">Your advice</label>"#), "{}", for_cleo.body);

    // Ana decides, but advice is not in yet: refused next to the form, the rationale kept.
    let early =
        step(app, &ana, &decision, &[("action", "decide"), ("rationale", "Safer <nights>"), ("review_due", "")]).await;
    assert_eq!(early.status, StatusCode::CONFLICT, "{}", early.body);
    assert!(
        early.body.contains(r#"id="decide-error" role="alert">cannot decide yet: waiting for advice from cleo"#),
        "{}",
        early.body
    );
    assert!(early.body.contains(">Safer &#60;nights&#62;</textarea>"), "typed text is kept: {}", early.body);

    // Ben may not decide: the refusal is shown although he has no decide form.
    let forbidden = step(app, &ben, &decision, &[("action", "decide"), ("rationale", "Mine")]).await;
    assert_eq!(forbidden.status, StatusCode::FORBIDDEN, "{}", forbidden.body);
    assert!(forbidden.body.contains("ben does not hold the right to decide this; ana can"), "{}", forbidden.body);

    // Empty advice is refused with 422 and the advice form shows why.
    let empty = step(app, &cleo, &decision, &[("action", "advise"), ("text", "  ")]).await;
    assert_eq!(empty.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", empty.body);
    assert!(empty.body.contains(r#"id="advise-error" role="alert">advice is required"#), "{}", empty.body);

    let advised = step(app, &cleo, &decision, &[("action", "advise"), ("text", "Ask the night team first")]).await;
    assert_eq!(advised.status, StatusCode::SEE_OTHER, "{}", advised.body);
    assert_eq!(advised.headers[header::LOCATION], decision.as_str());
    let after = app.page(&ana, &decision).await;
    let page = ok(&after);
    assert!(
        page.contains("gave advice") && page.contains("<blockquote>Ask the night team first</blockquote>"),
        "{page}"
    );
    assert!(page.contains(r#"<a href="/people/cleo">Cleo</a>"#) && page.contains("<time datetime="), "{page}");
    assert!(page.contains("<strong>What happens next:</strong> Ana can decide now."), "{page}");

    let decided = step(
        app,
        &ana,
        &decision,
        &[("action", "decide"), ("rationale", "Safer nights"), ("review_due", "2099-06-01")],
    )
    .await;
    assert_eq!(decided.status, StatusCode::SEE_OTHER, "{}", decided.body);
    let done = app.page(&ana, &decision).await;
    let page = ok(&done);
    assert!(page.contains(r#"<span class="badge state-decided">decided</span>"#), "{page}");
    assert!(page.contains("2099-06-01 00:00 UTC") && page.contains(r#"value="review""#), "{page}");

    let reviewed =
        step(app, &ana, &decision, &[("action", "review"), ("outcome", "partly"), ("learned", "Weekends differ")])
            .await;
    assert_eq!(reviewed.status, StatusCode::SEE_OTHER, "{}", reviewed.body);
    let closed = app.page(&cleo, &decision).await;
    assert!(ok(&closed).contains("partly: Weekends differ") && closed.body.contains("nothing: it is closed"));
    assert!(closed.body.contains("Nothing is asked of you on this decision right now."));
}
on_both_backends!(an_advice_decision_runs_through_its_page);

async fn starting_refuses_bad_input_and_stores_nothing(app: &TestApp) {
    let ben = app.sign_in("ben").await;
    let mut fields = ROTA.to_vec();
    fields[4] = ("title", "  ");
    fields[1] = ("amount", "-3");
    let refused = app.submit(&ben, "/decisions", &fields).await;
    assert_eq!(refused.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", refused.body);
    let page = &refused.body;
    assert!(page.contains(r#"id="title-error">the title must be 1 to 300 characters"#), "{page}");
    assert!(
        page.contains(r#"id="amount-error">the amount must be a number"#) && page.contains(r#"value="-3""#),
        "{page}"
    );
    assert!(page.contains(">From May on, two nurses per night.</textarea>"), "the proposal is kept: {page}");

    let mut nobody = ROTA.to_vec();
    nobody[0] = ("domain", "empty");
    let cannot = app.submit(&ben, "/decisions", &nobody).await;
    assert_eq!(cannot.status, StatusCode::CONFLICT, "{}", cannot.body);
    assert!(cannot.body.contains("It cannot be started: cannot open it: the domain has no rules"), "{}", cannot.body);
    assert!(cannot.body.contains(r#"value="Two nurses on every &#60;night&#62; shift""#), "{}", cannot.body);

    let mut unknown = ROTA.to_vec();
    unknown[0] = ("domain", "nope");
    assert_eq!(app.submit(&ben, "/decisions", &unknown).await.status, StatusCode::NOT_FOUND);
    let list = app.page(&ben, "/decisions").await;
    assert!(ok(&list).contains("No decision matches these filters."), "nothing was stored: {}", list.body);
}
on_both_backends!(starting_refuses_bad_input_and_stores_nothing);

async fn the_list_filters_by_state_domain_and_title(app: &TestApp) {
    let ben = app.sign_in("ben").await;
    let rota = start(app, &ben, &ROTA).await;
    let budget = [
        ("domain", "budget"),
        ("amount", "120"),
        ("scope", "ward3"),
        ("tags", ""),
        ("title", "New 100%_monitor"),
        ("proposal", ""),
    ];
    let monitor = start(app, &ben, &budget).await;

    let all = app.page(&ben, "/decisions").await;
    let page = ok(&all);
    assert!(page.contains(&format!(r#"<a href="{rota}">Two nurses on every &#60;night&#62; shift</a>"#)), "{page}");
    assert!(page.contains(&format!(r#"<a href="{monitor}">New 100%_monitor</a>"#)), "{page}");
    assert!(page.contains("Showing 1–2 of 2"), "{page}");
    assert!(page.contains(r#"<th scope="col">Deadline</th>"#), "{page}");

    let decided = app.page(&ben, "/decisions?state=decided&domain=&q=").await;
    assert!(ok(&decided).contains(&monitor) && !decided.body.contains(&rota), "autonomous: decided at once");
    assert!(decided.body.contains(r#"<option value="decided" selected>decided</option>"#));
    let by_domain = app.page(&ben, "/decisions?domain=rota").await;
    assert!(ok(&by_domain).contains(&rota) && !by_domain.body.contains(&monitor));
    let by_title = app.page(&ben, "/decisions?q=NURSES").await;
    assert!(ok(&by_title).contains(&rota) && !by_title.body.contains(&monitor), "case is ignored");
    let wildcard = app.page(&ben, "/decisions?q=0%25_m").await;
    assert!(ok(&wildcard).contains(&monitor) && !wildcard.body.contains(&rota), "% and _ are literal");
    let literal = app.page(&ben, "/decisions?q=%25").await;
    assert!(ok(&literal).contains(&monitor) && !literal.body.contains(&rota), "% alone matches only a % in a title");

    let bad = app.page(&ben, "/decisions?state=nonsense&q=%3Cb%3E").await;
    assert_eq!(bad.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", bad.body);
    assert!(
        bad.body.contains(r#"id="state-error">unknown state"#) && bad.body.contains(r#"value="&#60;b&#62;""#),
        "{}",
        bad.body
    );
    assert_eq!(app.page(&ben, "/decisions?page=0").await.status, StatusCode::UNPROCESSABLE_ENTITY);
}
on_both_backends!(the_list_filters_by_state_domain_and_title);

async fn the_inbox_says_why_each_decision_waits(app: &TestApp) {
    let (ana, ben, cleo) = (app.sign_in("ana").await, app.sign_in("ben").await, app.sign_in("cleo").await);
    let empty = app.page(&cleo, "/decisions/inbox").await;
    assert!(ok(&empty).contains("Nothing waits on you right now."), "{}", empty.body);
    let decision = start(app, &ben, &ROTA).await;
    let inbox = app.page(&cleo, "/decisions/inbox").await;
    let page = ok(&inbox);
    assert!(page.contains(&format!(r#"<a href="{decision}">Two nurses on every &#60;night&#62; shift</a>"#)), "{page}");
    assert!(page.contains("Advice requested") && page.contains("(in 2 days)"), "{page}");
    step(app, &cleo, &decision, &[("action", "advise"), ("text", "Fine")]).await;
    let for_ana = app.page(&ana, "/decisions/inbox").await;
    assert!(ok(&for_ana).contains("Ready to decide") && for_ana.body.contains(&decision), "{}", for_ana.body);
}
on_both_backends!(the_inbox_says_why_each_decision_waits);

async fn objections_are_integrated_or_escalated_from_the_page(app: &TestApp) {
    let (ana, cleo) = (app.sign_in("ana").await, app.sign_in("cleo").await);
    let budget = [
        ("domain", "budget"),
        ("amount", "800"),
        ("scope", "ward3"),
        ("tags", ""),
        ("title", "A second monitor"),
        ("proposal", "Buy one for 800."),
    ];
    let decision = start(app, &cleo, &budget).await;
    let objected = step(app, &ana, &decision, &[("action", "object"), ("reason", "Too costly <now>")]).await;
    assert_eq!(objected.status, StatusCode::SEE_OTHER, "{}", objected.body);

    let for_cleo = app.page(&cleo, &decision).await;
    let page = ok(&for_cleo);
    assert!(page.contains("<h3>Integrate the objection of Ana</h3>"), "{page}");
    assert!(page.contains("Too costly &#60;now&#62;"), "{page}");
    assert!(page.contains("<h3>Escalate the objection of Ana</h3>"), "the rule escalates to the lead: {page}");
    let for_ana = app.page(&ana, &decision).await;
    assert!(ok(&for_ana).contains("<h3>Withdraw your objection</h3>"), "{}", for_ana.body);

    let objection = page.split(r#"name="objection" value=""#).nth(1).unwrap().split('"').next().unwrap().to_owned();
    let blank =
        step(app, &cleo, &decision, &[("action", "integrate"), ("objection", &objection), ("proposal", "")]).await;
    assert_eq!(blank.status, StatusCode::UNPROCESSABLE_ENTITY, "{}", blank.body);
    assert!(
        blank
            .body
            .contains(&format!(r#"id="integrate-{objection}-error" role="alert">the amended proposal is required"#)),
        "{}",
        blank.body
    );
    let integrated = step(
        app,
        &cleo,
        &decision,
        &[("action", "integrate"), ("objection", &objection), ("proposal", "Buy a used one for 300.")],
    )
    .await;
    assert_eq!(integrated.status, StatusCode::SEE_OTHER, "{}", integrated.body);
    let after = app.page(&cleo, &decision).await;
    assert!(
        ok(&after).contains("Buy a used one for 300.") && after.body.contains("amended the proposal"),
        "{}",
        after.body
    );
    assert!(!after.body.contains("<h3>Integrate the objection"), "nothing left to integrate");
}
on_both_backends!(objections_are_integrated_or_escalated_from_the_page);

async fn unknown_decisions_are_a_friendly_404(app: &TestApp) {
    let ben = app.sign_in("ben").await;
    let missing = app.page(&ben, "/decisions/d-nope").await;
    assert_eq!(missing.status, StatusCode::NOT_FOUND);
    assert!(missing.body.contains("decision d-nope not found"), "{}", missing.body);
    let malformed = app.page(&ben, "/decisions/bad%20id").await;
    assert_eq!(malformed.status, StatusCode::NOT_FOUND, "{}", malformed.body);
    let step = app.submit(&ben, "/decisions/d-nope/steps", &[("action", "open")]).await;
    assert_eq!(step.status, StatusCode::NOT_FOUND);
}
on_both_backends!(unknown_decisions_are_a_friendly_404);

async fn the_list_shows_fifty_decisions_a_page(app: &TestApp) {
    use polylead_core::condition::Attributes;
    use polylead_core::decision::{Decision, Proposal};
    let mut tx = app.store.begin().await.unwrap();
    for n in 0..53 {
        let decision = Decision::draft(Proposal {
            id: format!("dp{n:02}").parse().unwrap(),
            domain: "rota".parse().unwrap(),
            title: format!("Draft number {n:02}"),
            text: None,
            proposer: "ben".parse().unwrap(),
            attributes: Attributes::default(),
            created_at: jiff::Timestamp::from_second(1_767_225_600 + n).unwrap(),
        });
        polylead_store::create_decision(&mut tx, &decision, "test").await.unwrap();
    }
    tx.commit().await.unwrap();
    let ben = app.sign_in("ben").await;
    let first = app.page(&ben, "/decisions?q=draft").await;
    let page = ok(&first);
    assert!(
        page.contains("Showing 1–50 of 53") && page.contains("Draft number 52") && !page.contains("Draft number 02")
    );
    assert!(page.contains(r#"<a href="/decisions?state=&#38;domain=&#38;q=draft&#38;page=2" rel="next">"#), "{page}");
    assert!(!page.contains(r#"rel="prev""#));
    let second = app.page(&ben, "/decisions?state=&domain=&q=draft&page=2").await;
    let page = ok(&second);
    assert!(
        page.contains("Showing 51–53 of 53") && page.contains("Draft number 00") && !page.contains("Draft number 03")
    );
    assert!(page.contains(r#"rel="prev""#) && !page.contains(r#"rel="next""#), "{page}");

    // A draft offers its proposer the open form, and nobody else.
    let draft = app.page(&ben, "/decisions/dp00").await;
    assert!(ok(&draft).contains(r#"name="action" value="open""#), "{}", draft.body);
    let cleo = app.sign_in("cleo").await;
    assert!(!ok(&app.page(&cleo, "/decisions/dp00").await).contains(r#"value="open""#));
    let opened = step(app, &ben, "/decisions/dp00", &[("action", "open")]).await;
    assert_eq!(opened.status, StatusCode::SEE_OTHER, "{}", opened.body);
    let again = step(app, &ben, "/decisions/dp00", &[("action", "open")]).await;
    assert_eq!(again.status, StatusCode::CONFLICT, "{}", again.body);
    assert!(
        again.body.contains("cannot open it: the decision is open"),
        "shown although the form is gone: {}",
        again.body
    );
}
on_both_backends!(the_list_shows_fifty_decisions_a_page);
