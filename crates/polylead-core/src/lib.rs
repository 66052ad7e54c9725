//! polylead's pure core: the organisation model, its validation, rule conditions, CSV
//! encoding, the demo generator and (later) the analytics.
//!
//! Invariants: no I/O, no clock reads, no global randomness — time and seeds are parameters.
//! Every entity is a [`record::Record`]: one column list shared by files and tables.

pub mod account;
pub mod act;
pub mod advice;
pub mod analytics;
pub mod condition;
pub mod csv_file;
pub mod dataset;
pub mod decision;
pub mod demo;
pub mod domain;
pub mod erasure;
pub mod error;
pub mod governance;
pub mod ids;
pub mod lifecycle;
pub mod metric;
pub mod network;
pub mod network_export;
pub mod network_study;
pub mod person;
pub mod record;
pub mod report;
pub mod rights;
pub mod role;
pub mod setting;
pub mod team;
pub mod text;
pub mod what_if;

pub use error::ValidationError;
