//! Compiles generated Typst source to PDF in-process and turns Typst's diagnostics into ours.

use std::path::Path;
use std::sync::Arc;

use typst::WorldExt;
use typst::diag::{Severity as TSeverity, SourceDiagnostic};
use typst::foundations::{Datetime, Smart};
use typst_layout::PagedDocument;
use typst_pdf::{PdfOptions, PdfStandard, PdfStandards, Timestamp};

use super::fonts::Fonts;
use super::world::GongwenWorld;
use crate::diag::{Diagnostic, SourceFile};
use crate::doc::Date;

/// How the PDF is written.
#[derive(Debug, Clone, Default)]
pub struct PdfSettings {
    /// Conform to PDF/A-2b (an archivable, self-contained file).
    pub archive: bool,
    /// A stable identifier for the PDF's document ID (the report's stem).
    pub ident: String,
}

/// A compiled PDF.
#[derive(Debug)]
pub struct Pdf {
    /// The file's bytes.
    pub bytes: Vec<u8>,
    /// Pages laid out.
    pub pages: usize,
    /// Warnings Typst raised.
    pub warnings: Vec<Diagnostic>,
}

/// Lays out `source` and writes it as PDF. `name` names the generated source in diagnostics.
pub fn compile(
    source: String,
    name: &str,
    root: &Path,
    fonts: &Fonts,
    date: Option<Date>,
    settings: &PdfSettings,
) -> Result<Pdf, Vec<Diagnostic>> {
    let today = date.and_then(|d| Datetime::from_ymd(d.year, d.month, d.day));
    let world = GongwenWorld::new(source, root, fonts, today);
    let file = SourceFile::new(
        name.to_string(),
        Path::new(name),
        world.main_source().text().to_string(),
    );
    let warned = typst::compile::<PagedDocument>(&world);
    let mut warnings = Vec::new();
    let mut errors = Vec::new();
    for w in &warned.warnings {
        // An unknown font family is only a warning in Typst; a silent fallback is wrong here.
        let fatal = w.message.contains("unknown font family");
        let d = convert(&world, &file, w, fatal);
        if fatal {
            errors.push(d)
        } else {
            warnings.push(d)
        }
    }
    let document = match warned.output {
        Ok(doc) => doc,
        Err(errs) => {
            errors.extend(errs.iter().map(|e| convert(&world, &file, e, true)));
            return Err(errors);
        }
    };
    if !errors.is_empty() {
        return Err(errors);
    }
    let mut standards = Vec::new();
    if settings.archive {
        standards.push(PdfStandard::A_2b);
    }
    let options = PdfOptions {
        ident: Smart::Custom(settings.ident.clone()),
        creator: Smart::Custom(Some(
            format!("gongwen {}", env!("CARGO_PKG_VERSION")).into(),
        )),
        timestamp: today.map(Timestamp::new_utc),
        standards: PdfStandards::new(&standards)
            .map_err(|e| vec![Diagnostic::error(format!("pdf standard: {e:?}"))])?,
        ..PdfOptions::default()
    };
    let bytes = typst_pdf::pdf(&document, &options).map_err(|errs| {
        errs.iter()
            .map(|e| convert(&world, &file, e, true))
            .collect::<Vec<_>>()
    })?;
    Ok(Pdf {
        bytes,
        pages: document.pages().len(),
        warnings,
    })
}

fn convert(
    world: &GongwenWorld,
    file: &Arc<SourceFile>,
    d: &SourceDiagnostic,
    error: bool,
) -> Diagnostic {
    let mut out = if error || d.severity == TSeverity::Error {
        Diagnostic::error(format!("typst: {}", d.message))
    } else {
        Diagnostic::warning(format!("typst: {}", d.message))
    };
    if let Some(range) = world.range(d.span) {
        out = out.at(file, range);
    }
    for h in &d.hints {
        out = out.hint(h.v.to_string());
    }
    out
}
