//! The OFD backend (GB/T 33190-2016, archival profile GB/T 42133-2022): the pages Typst laid
//! out for the PDF, written as an OFD package with real text, embedded subset fonts and the
//! headings' outline. It reads only a slice of laid-out pages and the document's metadata,
//! so it does not care how the pages were made; like `typst/`, it is one of the two places
//! that see Typst's types.

mod font;
mod package;
mod page;
mod xml;

pub use package::write;
pub use page::Heading;

use typst::foundations::{Datetime, Smart};

use crate::diag::Diagnostic;
use typst::model::DocumentInfo;

/// The document's metadata, as the PDF's XMP has it.
#[derive(Debug, Clone, Default)]
pub struct Meta {
    /// A stable identifier (the report's stem), from which the `DocID` is made.
    pub ident: String,
    /// The title.
    pub title: String,
    /// The authors (the issuing office).
    pub author: Vec<String>,
    /// The subject (the PDF's description), possibly empty.
    pub subject: String,
    /// Keywords.
    pub keywords: Vec<String>,
    /// The document's date (year, month, day).
    pub date: Option<(i32, u8, u8)>,
}

impl Meta {
    /// The metadata Typst gathered from `#set document(…)`, which the PDF's XMP also shows.
    pub fn of(info: &DocumentInfo, ident: &str) -> Meta {
        let date = match info.date {
            Smart::Custom(Some(d)) => ymd(d),
            _ => None,
        };
        Meta {
            ident: ident.to_string(),
            title: info.title.as_deref().unwrap_or_default().to_string(),
            author: info.author.iter().map(|a| a.to_string()).collect(),
            subject: info.description.as_deref().unwrap_or_default().to_string(),
            keywords: info.keywords.iter().map(|k| k.to_string()).collect(),
            date,
        }
    }
}

/// The OFD of pages laid out for the PDF, with the PDF's metadata; `ident` (the report's
/// stem) makes the `DocID`.
pub fn write_laid(laid: &crate::typst::Laid, ident: &str) -> Result<Vec<u8>, Vec<Diagnostic>> {
    write(laid.pages(), &Meta::of(laid.info(), ident))
        .map_err(|e| vec![Diagnostic::error(format!("cannot write the OFD: {e}"))])
}

fn ymd(d: Datetime) -> Option<(i32, u8, u8)> {
    Some((d.year()?, d.month()?, d.day()?))
}
