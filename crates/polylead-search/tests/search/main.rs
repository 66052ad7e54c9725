//! The search crate's one test binary: routing, expert finding and hostile input on a small
//! care team built by hand, and routing on the demo generator's organisations.
#![allow(clippy::unwrap_used, clippy::expect_used)]

mod demo;
mod domains;
mod experts;
mod fixture;
mod hostile;
