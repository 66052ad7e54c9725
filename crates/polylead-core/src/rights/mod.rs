//! Decision rights: the structure indexed for lookups (`organisation`) and the answer to
//! "who decides this, whom must I ask, by when, and why?" (`resolve`).

pub mod organisation;
pub mod raci;
pub mod resolve;

#[cfg(test)]
pub(crate) mod tests;

pub use organisation::Organisation;
pub use resolve::{Answer, Finding, Question, resolve, resolve_deciders};
