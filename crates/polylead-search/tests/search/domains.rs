//! Routing free text to the care team's domains.

use polylead_search::{DomainField, DomainIndex, DomainMatch};

use crate::fixture::care_team;

fn index() -> DomainIndex {
    DomainIndex::build(&care_team()).unwrap()
}

fn route(index: &DomainIndex, text: &str) -> Vec<DomainMatch> {
    index.route(text, 10).unwrap()
}

fn ids(matches: &[DomainMatch]) -> Vec<&str> {
    matches.iter().map(|m| m.domain.as_str()).collect()
}

fn first(index: &DomainIndex, text: &str) -> String {
    route(index, text).first().map(|m| m.domain.to_string()).unwrap_or_default()
}

#[test]
fn the_night_shift_rota_request_goes_to_the_night_rota_first() {
    let index = index();
    let matches = route(&index, "we want to change the night-shift rota");
    assert_eq!(ids(&matches)[..2], ["d-night-rota", "d-day-rota"]);
    let best = &matches[0];
    let explained: Vec<String> = best.matched.iter().map(ToString::to_string).collect();
    assert_eq!(
        explained,
        [
            "name: night, shift, rota",
            "keywords: night, shift, rota",
            "description: night, shift, rota",
            "holder: shift, rota"
        ]
    );
    assert!(matches.windows(2).all(|pair| pair[0].score >= pair[1].score));
    assert!(matches.iter().all(|m| !m.matched.is_empty()));
}

#[test]
fn each_domain_is_found_by_its_own_words() {
    let index = index();
    for (text, domain) in [
        ("can I buy a new fridge from our budget?", "d-budget"),
        ("we'd like to recruit a healthcare assistant", "d-hiring"),
        ("change how we handle medication", "d-protocols"),
        ("plan the early and late shifts", "d-day-rota"),
        ("infection control on the ward", "d-protocols"),
    ] {
        assert_eq!(first(&index, text), domain, "{text}");
    }
}

#[test]
fn words_are_stemmed_so_other_forms_match() {
    let index = index();
    // rotas/rota, hiring/hire ("Hiring into the ward"), recruits/recruiting, purchases/purchase.
    let routed = route(&index, "rotas");
    let mut rotas = ids(&routed)[..2].to_vec();
    rotas.sort();
    assert_eq!(rotas, ["d-day-rota", "d-night-rota"]);
    assert_eq!(first(&index, "hire"), "d-hiring");
    assert_eq!(first(&index, "who recruits"), "d-hiring");
    assert_eq!(first(&index, "purchases"), "d-budget");
    assert_eq!(first(&index, "PROTOCOL"), "d-protocols");
    // The explanation quotes the words as the user wrote them.
    let matched = &route(&index, "Hires")[0].matched;
    assert_eq!(matched[0].field, DomainField::Name);
    assert_eq!(matched[0].words, ["hires"]);
}

#[test]
fn accents_are_folded() {
    assert_eq!(first(&index(), "médication"), "d-protocols");
}

#[test]
fn the_holder_role_routes_words_the_domain_itself_lacks() {
    // Only the budget keeper's accountability "Approving purchases" and purpose mention money.
    let matches = route(&index(), "tracking spending");
    assert_eq!(matches[0].domain.as_str(), "d-budget");
    // And the hiring domain is held by the whole team, so its roles count too (weakly).
    let matches = route(&index(), "facilitating meetings");
    assert_eq!(ids(&matches), ["d-hiring"]);
    assert_eq!(matches[0].matched[0].field, DomainField::Holder);
}

#[test]
fn unknown_words_match_nothing() {
    assert!(route(&index(), "quantum chromodynamics").is_empty());
}

#[test]
fn the_limit_is_respected_and_zero_gives_nothing() {
    let index = index();
    assert_eq!(index.route("rota shift budget ward", 2).unwrap().len(), 2);
    assert!(index.route("rota", 0).unwrap().is_empty());
    assert_eq!(index.route("ward", usize::MAX).unwrap().len(), 3);
}

#[test]
fn ties_are_ordered_by_id() {
    // Two domains with the same text score the same; the lower id comes first.
    let mut data = care_team();
    let mut twin = data.domains[2].clone();
    twin.id = "d-a-budget".parse().unwrap();
    data.domains.push(twin);
    let index = DomainIndex::build(&data).unwrap();
    let matches = index.route("budget", 1).unwrap();
    assert_eq!(ids(&matches), ["d-a-budget"]);
    let matches = index.route("budget", 2).unwrap();
    assert_eq!(ids(&matches), ["d-a-budget", "d-budget"]);
    assert_eq!(matches[0].score, matches[1].score);
}

#[test]
fn an_empty_organisation_has_no_matches() {
    let index = DomainIndex::build(&Default::default()).unwrap();
    assert!(index.is_empty());
    assert!(index.route("rota", 10).unwrap().is_empty());
}

#[test]
fn indexes_can_be_shared_between_threads() {
    fn shareable<T: Send + Sync + 'static>() {}
    shareable::<DomainIndex>();
    shareable::<polylead_search::ExpertIndex>();
    let index = std::sync::Arc::new(index());
    let routed = std::thread::scope(|scope| {
        let handles: Vec<_> =
            (0..2).map(|_| scope.spawn(|| index.route("night rota", 1).unwrap()[0].domain.clone())).collect();
        handles.into_iter().map(|handle| handle.join().unwrap()).collect::<Vec<_>>()
    });
    assert_eq!(routed, ["d-night-rota", "d-night-rota"].map(|id| id.parse().unwrap()));
}
