//! The readers, parsing only: each says what its file says (words, styles, list numbers, direct
//! formatting, tables) as `Para`s for the one recogniser; `sniff` tells a file's kind by its bytes
//! and `convert` turns Word 97, WPS, ODT and RTF into DOCX through LibreOffice.

pub mod convert;
pub mod docx;
pub mod encoding;
pub mod html;
pub mod pdf;
pub mod sniff;
pub mod text;
