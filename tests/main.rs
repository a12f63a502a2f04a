//! The one integration-test binary: each module tests one capability end to end.

mod common;
mod docx;
mod errors;
mod escape;
mod golden;
mod numbering;
mod pdf;
mod reference;
mod schema;
mod watch;
