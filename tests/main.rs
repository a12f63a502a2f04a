//! The one integration-test binary: each module tests one capability end to end.

mod docx;
