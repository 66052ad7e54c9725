//! Text no one should have typed: every input gives results or a clear error, never a panic.

use polylead_search::{DomainIndex, ExpertIndex, SearchError};

use crate::fixture::care_team;

#[test]
fn blank_text_is_a_clear_error() {
    let data = care_team();
    let domains = DomainIndex::build(&data).unwrap();
    let experts = ExpertIndex::build(&data).unwrap();
    for text in ["", " ", "\n\t  "] {
        let error = domains.route(text, 5).unwrap_err();
        assert!(matches!(error, SearchError::EmptyText), "{text:?}");
        assert_eq!(error.code(), "empty_text");
        assert_eq!(error.to_string(), "the search text is empty; say in a few words what it is about");
        assert!(matches!(experts.experts(text, 5), Err(SearchError::EmptyText)));
    }
}

#[test]
fn query_syntax_is_only_text() {
    let data = care_team();
    let domains = DomainIndex::build(&data).unwrap();
    let experts = ExpertIndex::build(&data).unwrap();
    let long = "night rota ".repeat(1000);
    let words: String = (0..3000).map(|n| format!("w{n} ")).collect();
    for text in [
        "\"",
        "\"night rota",
        "AND OR",
        "NOT rota",
        "a:b",
        "name:rota",
        "((",
        ")",
        "rota^10",
        "rota~2",
        "*",
        "?",
        "+-!",
        "[a TO z]",
        "\\",
        "🙂🚀",
        "rota 🙂",
        "\u{0}",
        "ローテーション",
        long.as_str(),
        words.as_str(),
        &"x".repeat(10_000),
    ] {
        let routed = domains.route(text, 5).unwrap();
        let found = experts.experts(text, 5).unwrap();
        assert!(routed.len() <= 5 && found.len() <= 5, "{text:?}");
    }
}

#[test]
fn syntax_characters_do_not_change_the_words() {
    let domains = DomainIndex::build(&care_team()).unwrap();
    let plain = domains.route("night rota", 5).unwrap();
    for text in ["\"night rota\"", "night AND rota", "(night OR rota)", "name:night rota:"] {
        let routed = domains.route(text, 5).unwrap();
        assert_eq!(routed[0].domain, plain[0].domain, "{text:?}");
    }
    // Syntax-only text has no words to search for: no match, no error.
    assert!(domains.route("((", 5).unwrap().is_empty());
    assert!(domains.route("🙂🚀", 5).unwrap().is_empty());
    assert!(domains.route("the and of", 5).unwrap().is_empty());
}

#[test]
fn a_long_text_is_cut_to_its_first_words() {
    let domains = DomainIndex::build(&care_team()).unwrap();
    // The budget words come after more than MAX_QUERY_WORDS other words: they are ignored.
    let filler: String = (0..polylead_search::MAX_QUERY_WORDS).map(|n| format!("filler{n} ")).collect();
    assert!(domains.route(&format!("{filler} budget"), 5).unwrap().is_empty());
    assert_eq!(domains.route(&format!("budget {filler}"), 5).unwrap()[0].domain.as_str(), "d-budget");
}
