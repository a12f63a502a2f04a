//! The DOCX backend: page, styles, numbering, fonts, run-in headings, footer, core properties.
