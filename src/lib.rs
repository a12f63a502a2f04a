//! gongwen: a document compiler for Chinese government reports. One TOML report definition
//! becomes an official GB/T 9704 PDF (through Typst) and an editable DOCX (through docx-rs).
//!
//! The flow is one way: [`model`] (the TOML) → [`builder`] (numbers, checks) → [`doc`] (the
//! tree) → [`typst`] and [`docx`] (the backends), both reading one [`layout`].

pub mod book;
pub mod builder;
pub mod diag;
pub mod doc;
pub mod docx;
pub mod export;
pub(crate) mod expr;
pub mod forms;
pub mod import;
pub mod input;
pub mod layout;
pub mod manifest;
pub mod model;
pub mod number;
pub mod numbering;
pub mod ofd;
pub mod output;
pub mod print;
pub mod printed;
pub mod project;
pub mod punct;
pub mod typst;
