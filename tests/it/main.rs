//! The one integration-test binary (one link step on a 2-core machine).

// Tests index JSON reports and unwrap freely: a panic is a failed test with its message.
#![allow(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

mod cli;
#[cfg(feature = "dataset")]
mod dataset;
mod hostile;
mod policy;
mod quirks;
mod reference;
mod reports;
mod support;
