//! The prequal rules engine: identifier checks, loan arithmetic (ПСК), debt load (ПДН), offer
//! matching, the verdict and the explained estimate. Pure: no IO, no clock, no web; the same
//! code runs in the widget (wasm32) and on the server. See ARCHITECTURE.md.
pub mod application;
pub mod check;
pub mod code;
pub mod config;
pub mod date;
pub mod estimate;
pub mod ident;
pub mod loan;
pub mod money;
pub mod pdn;
mod sort;
pub mod text;
pub mod verdict;
