//! The one integration-test binary: each module tests one capability end to end.

mod book;
mod common;
mod docx;
mod docx_import;
mod docx_import_cli;
mod docx_import_common;
mod docx_import_tables;
mod docx_numbering;
mod docx_read;
mod errors;
mod escape;
mod figures;
mod fmt;
mod forms;
mod golden;
mod import;
mod import_batch;
mod import_review;
mod libreoffice;
mod numbering;
mod office_import;
mod pdf;
mod reference;
mod schema;
mod tables;
mod watch;
