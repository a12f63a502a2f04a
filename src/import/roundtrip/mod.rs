//! The round trip: an edited DOCX's outline brought onto the definition it was built from
//! (`onto`), and what changed shown as a line diff (`diff`).

pub mod diff;
pub mod onto;
