//! Helpers that belong to no feature: text folding for matching, and the
//! hashes that name a version or allow an inline style. Every layer may
//! use them; they use no layer.

pub mod fold;
pub mod hash;
