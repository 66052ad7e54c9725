//! polylead's free-text routing: "which domains does this decision belong to?"
//! ([`DomainIndex::route`]) and "who knows about this?" ([`ExpertIndex::experts`]).
//!
//! Both are BM25 full-text indexes (tantivy) held in RAM and built from a
//! [`Dataset`](polylead_core::dataset::Dataset): rebuilt from the store's data, never written
//! anywhere. Text is split into words, lower-cased, accent-folded, stripped of stop words and
//! stemmed (English), so "rota" finds "rotas" and "hiring" finds "hire".
//!
//! Invariants: no I/O, no clock; user text never reaches a query parser (any text is searched
//! as plain words, so it cannot fail to parse); results are in a deterministic order (score
//! descending, then id).
//!
//! Routing only proposes domains: which rule applies, and who decides, is the rules engine's.

mod domains;
mod engine;
mod experts;

pub use domains::{DomainField, DomainIndex, DomainMatch, FieldMatch};
pub use engine::MAX_QUERY_WORDS;
pub use experts::{ExpertIndex, ExpertMatch};

/// What can go wrong when building or searching an index.
#[derive(Debug, thiserror::Error)]
pub enum SearchError {
    /// The text searched for is empty or only white space.
    #[error("the search text is empty; say in a few words what it is about")]
    EmptyText,
    /// The search library failed (in RAM, so this is a bug or out of memory).
    #[error("the search index failed: {0}")]
    Index(#[from] tantivy::TantivyError),
    /// The index does not hold what this crate put in it (a bug).
    #[error("the search index is inconsistent: {0}")]
    Corrupt(&'static str),
}

impl SearchError {
    /// A stable machine-readable code, for the API's error body.
    pub fn code(&self) -> &'static str {
        match self {
            SearchError::EmptyText => "empty_text",
            SearchError::Index(_) | SearchError::Corrupt(_) => "search_failed",
        }
    }
}
