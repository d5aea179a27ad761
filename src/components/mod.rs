//! One component per file.
pub mod phone_field;
