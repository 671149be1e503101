//! Synthetic exports, in LinkedIn's real byte format, with invented people only.
