//! The one integration-test binary (one link step on a 2-core machine).

// Tests index JSON reports and unwrap freely: a panic is a failed test with its message.
#![allow(
    clippy::indexing_slicing,
    clippy::unwrap_used,
    clippy::expect_used,
    clippy::panic
)]

mod browser;
mod cli;
mod contracts;
#[cfg(feature = "dataset")]
mod dataset;
mod diff;
mod entries;
mod fidelity;
mod hostile;
mod html;
mod microsoft;
mod policy;
mod posts;
mod quirks;
mod reference;
mod reports;
mod schema;
mod sensitive;
mod support;
mod synth;
