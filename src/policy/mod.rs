//! The policy model: which of a member's data LinkedIn says it may use to train generative AI
//! or share with Microsoft, per jurisdiction and date.
//!
//! The model is data, not code. `policy.toml` (embedded at build time, replaceable with
//! `--policy FILE`) holds sources pinned by commit, conflicts, controls and time-bounded
//! rules, each rule citing the text it rests on. The file format is documented in
//! `docs/policy-model.md`.
//!
//! - `model`: the vocabularies and the validated tables.
//! - `load`: the file's raw shape turned into the model, every problem named by line and key
//!   ([`Policy::from_toml`], [`Policy::builtin`]).
//! - `resolve`: what the model says about a category or item, for a purpose, in a
//!   jurisdiction, on a date ([`Policy::resolve`], [`Policy::candidates`]).
//! - [`connection`]: the Microsoft account connections.
//!
//! Rendering the model, as `lidex policy` prints it or as JSON, is `report::policy`'s.

pub mod connection;
mod load;
mod model;
mod resolve;

pub use connection::{AccountConnection, ConnectionKind};
pub use model::{
    Basis, Cite, Conflict, Control, Item, Jurisdiction, JurisdictionInfo, Meta, Policy,
    PolicyError, Problem, Purpose, PurposeInfo, Resolution, Rule, Source, SourceKind, Verdict,
    Version,
};
pub use resolve::Candidates;
