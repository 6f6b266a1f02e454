//! Helpers that belong to no feature: text folding for matching, the
//! capital letter a sentence starts with, where a text may be cut, the typo rule, and the hashes that name a version or allow an inline style. Every layer may
//! use them; they use no layer.

pub mod boundary;
pub mod case;
pub mod fold;
pub mod hash;
pub mod typo;
