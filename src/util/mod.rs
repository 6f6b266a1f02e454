//! Helpers that belong to no feature: text folding for matching, and the
//! hash that names a version. Every layer may use them; they use no layer.

pub mod fold;
pub mod hash;
