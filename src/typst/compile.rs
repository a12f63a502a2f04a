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
use crate::doc::{Date, PageOf};

/// The standards a PDF claims: none, or an archival profile.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum Profile {
    /// A plain PDF (tagged, fonts embedded, no claim).
    #[default]
    Plain,
    /// PDF/A-2b: archivable, self-contained (the default archive profile).
    PdfA2b,
    /// PDF/A-3b: as A-2b, the Chinese national standard GB/T 23286.3.
    PdfA3b,
    /// PDF/A-2b and PDF/UA-1 (accessible, tagged) together.
    PdfA2bUa1,
}

impl Profile {
    /// Every archival profile, with its command-line name and what it claims.
    pub const ARCHIVAL: [(Profile, &'static str, &'static str); 3] = [
        (Profile::PdfA2b, "pdf-a-2b", "PDF/A-2b"),
        (Profile::PdfA3b, "pdf-a-3b", "PDF/A-3b"),
        (Profile::PdfA2bUa1, "pdf-a-2b-ua-1", "PDF/A-2b + PDF/UA-1"),
    ];

    /// What the PDF claims, e.g. `PDF/A-2b`; `none` for a plain PDF.
    pub fn claim(self) -> &'static str {
        Self::ARCHIVAL
            .iter()
            .find(|(p, _, _)| *p == self)
            .map_or("none", |(_, _, c)| c)
    }

    fn standards(self) -> Vec<PdfStandard> {
        match self {
            Profile::Plain => vec![],
            Profile::PdfA2b => vec![PdfStandard::A_2b],
            Profile::PdfA3b => vec![PdfStandard::A_3b],
            Profile::PdfA2bUa1 => vec![PdfStandard::A_2b, PdfStandard::Ua_1],
        }
    }
}

impl std::str::FromStr for Profile {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        Self::ARCHIVAL
            .iter()
            .find(|(_, name, _)| *name == s)
            .map(|(p, _, _)| *p)
            .ok_or_else(|| {
                let names: Vec<&str> = Self::ARCHIVAL.iter().map(|(_, n, _)| *n).collect();
                format!(
                    "unknown archive profile `{s}`; use one of {}",
                    names.join(", ")
                )
            })
    }
}

/// How the PDF is written.
#[derive(Debug, Clone, Default)]
pub struct PdfSettings {
    /// The standards to conform to.
    pub profile: Profile,
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
    /// Every outlined heading with its printed page number, in order (the DOCX's contents).
    pub outline: Vec<PageOf>,
    /// Warnings Typst raised.
    pub warnings: Vec<Diagnostic>,
    /// The pages as laid out, for another writer of the same pages (the OFD).
    pub laid: Laid,
}

/// Laid-out pages and the document's metadata, as Typst made them for the PDF.
#[derive(Debug, Clone)]
pub struct Laid(PagedDocument);

impl Laid {
    /// The pages.
    pub(crate) fn pages(&self) -> &[typst_layout::Page] {
        self.0.pages()
    }

    /// The metadata `#set document(…)` gave, which the PDF's XMP shows.
    pub(crate) fn info(&self) -> &typst::model::DocumentInfo {
        use typst::model::Document as _;
        self.0.info()
    }
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
    let mut unsettled = false;
    for w in &warned.warnings {
        // Typst's own words on a layout that did not settle point into generated source that
        // means nothing to the reader of the report: said once, in the report's terms, below.
        if w.message.contains("did not converge") || w.message.contains("did not stabilize") {
            unsettled = true;
            continue;
        }
        // An unknown font family is only a warning in Typst; a silent fallback is wrong here.
        let fatal = w.message.contains("unknown font family");
        let d = convert(&world, &file, w, fatal);
        if fatal {
            errors.push(d)
        } else {
            warnings.push(d)
        }
    }
    if unsettled {
        warnings.push(
            Diagnostic::warning(
                "the page layout did not settle in five passes: the text after some tables may stand a little off the line grid",
            )
            .hint("the PDF is complete; a report with fewer long tables settles (each table that runs over a page asks Typst for another pass)"),
        );
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
    let standards = settings.profile.standards();
    let options = PdfOptions {
        ident: Smart::Custom(settings.ident.clone()),
        creator: Smart::Custom(Some(format!("gongwen {}", env!("CARGO_PKG_VERSION")))),
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
        outline: outline(&document),
        warnings,
        laid: Laid(document),
    })
}

/// The outlined headings of `document`, each with the logical page number (`counter(page)`,
/// as the footer and the outline print it) of the page it is on.
fn outline(document: &PagedDocument) -> Vec<PageOf> {
    use typst::foundations::NativeElement;
    use typst::introspection::Introspector;
    use typst::model::{HeadingElem, Outlinable};
    let introspector = document.introspector();
    introspector
        .query(&HeadingElem::ELEM.select())
        .iter()
        .filter_map(|content| {
            let heading = content.to_packed::<HeadingElem>()?;
            if !heading.outlined() {
                return None;
            }
            let page = introspector.page(content.location()?)?;
            Some(PageOf {
                level: u8::try_from(heading.level().get()).unwrap_or(u8::MAX),
                title: heading.body.plain_text().to_string(),
                page: document.pages().get(page.get() - 1)?.number,
            })
        })
        .collect()
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
