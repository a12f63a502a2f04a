//! A PDF with a text layer, read back: the glyphs with their positions and the drawn rules taken
//! from `hayro-interpret` (the PDF interpreter Typst already brings), lines and paragraphs
//! rebuilt from the geometry (`lines.rs`: indent, line ends, centred and right-aligned lines,
//! page headers, footers and numbers dropped), ruled tables read from their rules
//! (`grid.rs`: merged cells where a rule is missing), then the shared recogniser. A PDF
//! without text (a scan) is refused saying so.

mod grid;
mod lines;

use hayro_interpret::font::Glyph;
use hayro_interpret::hayro_cmap::BfString;
use hayro_interpret::hayro_syntax::Pdf;
use hayro_interpret::util::TransformExt;
use hayro_interpret::{
    BlendMode, ClipPath, Context, Device, GlyphDrawMode, Image, InterpreterCache,
    InterpreterSettings, Paint, PathDrawMode, SoftMask, interpret_page,
};
use kurbo::{Affine, BezPath, PathSeg, Point, Rect, Shape};

use crate::diag::{Diagnostic, SourceFile};
use crate::import::recognise::{self, Options};
use crate::import::{Outline, OutlineTable};

/// A PDF read: its outline and what to look at.
pub struct Imported {
    /// The structure.
    pub outline: Outline,
    /// What was left out or looks odd.
    pub warnings: Vec<Diagnostic>,
}

/// One glyph: its text, where its baseline starts (points from the page's top left) and its
/// size.
#[derive(Debug, Clone, PartialEq)]
pub(crate) struct Char {
    pub text: String,
    pub x: f64,
    pub y: f64,
    pub size: f64,
}

/// A rule: a horizontal (`y` fixed, `a..b` in x) or vertical (`x` fixed, `a..b` in y) segment.
#[derive(Debug, Clone, Copy, PartialEq)]
pub(crate) struct Rule {
    pub horizontal: bool,
    pub at: f64,
    pub a: f64,
    pub b: f64,
}

/// What one page holds.
#[derive(Debug, Default)]
pub(crate) struct Page {
    pub width: f64,
    pub height: f64,
    pub chars: Vec<Char>,
    pub rules: Vec<Rule>,
    pub images: usize,
}

/// The most pages read: a report is tens of pages.
const MAX_PAGES: usize = 500;

/// Reads the PDF `bytes` (named `name`) with `title` and `office` from the command line.
pub fn read(name: &str, bytes: &[u8], title: &str, office: &str) -> Result<Imported, Diagnostic> {
    // the interpreter is written not to panic on a broken file; should it, the file is refused
    let pages = std::panic::catch_unwind(|| pages(name, bytes)).unwrap_or_else(|_| {
        Err(Diagnostic::error(format!(
            "{name} is a PDF that cannot be read: it is damaged"
        ))
        .hint("ask the office for the Word document (.docx), or for the PDF saved again"))
    })?;
    let chars: usize = pages.iter().map(|p| p.chars.len()).sum();
    if chars == 0 {
        let images: usize = pages.iter().map(|p| p.images).sum();
        return Err(Diagnostic::error(if images > 0 {
            format!(
                "{name} is a scan: its {} page(s) are pictures with no text layer (gongwen does no OCR)",
                pages.len()
            )
        } else {
            format!("{name} is a PDF with no text on its {} page(s)", pages.len())
        })
        .hint("ask the office for the Word document (.docx) the report was written in"));
    }
    let (paras, mut tables, mut warnings) = lines::paragraphs(name, &pages);
    let file = SourceFile::new(name.to_string(), std::path::Path::new(name), String::new());
    let (mut outline, more) =
        recognise::recognise(&file, paras, &mut tables, Options { title, office });
    outline.tables = tables;
    warnings.extend(more);
    Ok(Imported { outline, warnings })
}

/// Every page's glyphs, rules and pictures.
fn pages(name: &str, bytes: &[u8]) -> Result<Vec<Page>, Diagnostic> {
    let pdf = Pdf::new(bytes.to_vec()).map_err(|e| {
        let why = match e {
            hayro_interpret::hayro_syntax::LoadPdfError::Decryption(_) => {
                "it is protected by a password".to_string()
            }
            other => format!("it cannot be read ({other:?})"),
        };
        Diagnostic::error(format!("{name} is a PDF, but {why}"))
            .hint("ask the office for the Word document (.docx), or for the PDF saved again without a password")
    })?;
    let cache = InterpreterCache::new();
    let settings = InterpreterSettings::default();
    let mut out = Vec::new();
    for page in pdf.pages().iter().take(MAX_PAGES) {
        let (w, h) = page.render_dimensions();
        let transform = page.initial_transform(true).to_kurbo();
        let mut ctx = Context::new(
            transform,
            Rect::new(0.0, 0.0, w as f64, h as f64),
            &cache,
            page.xref(),
            settings.clone(),
        );
        let mut dev = Collect {
            page: Page {
                width: w as f64,
                height: h as f64,
                ..Page::default()
            },
        };
        interpret_page(page, &mut ctx, &mut dev);
        out.push(dev.page);
    }
    Ok(out)
}

/// The device that keeps what the reader needs.
struct Collect {
    page: Page,
}

impl Collect {
    fn segment(&mut self, a: Point, b: Point) {
        let (dx, dy) = ((b.x - a.x).abs(), (b.y - a.y).abs());
        if dy < 0.8 && dx > 2.0 {
            self.page.rules.push(Rule {
                horizontal: true,
                at: (a.y + b.y) / 2.0,
                a: a.x.min(b.x),
                b: a.x.max(b.x),
            });
        } else if dx < 0.8 && dy > 2.0 {
            self.page.rules.push(Rule {
                horizontal: false,
                at: (a.x + b.x) / 2.0,
                a: a.y.min(b.y),
                b: a.y.max(b.y),
            });
        }
    }
}

impl<'a> Device<'a> for Collect {
    fn set_soft_mask(&mut self, _: Option<SoftMask<'a>>) {}
    fn set_blend_mode(&mut self, _: BlendMode) {}

    fn draw_path(&mut self, path: &BezPath, transform: Affine, _: &Paint<'a>, mode: &PathDrawMode) {
        let mut p = path.clone();
        p.apply_affine(transform);
        match mode {
            PathDrawMode::Stroke(_) => {
                for seg in p.segments() {
                    if let PathSeg::Line(l) = seg {
                        self.segment(l.p0, l.p1);
                    }
                }
            }
            PathDrawMode::Fill(_) => {
                let r = p.bounding_box();
                if r.height() < 2.5 && r.width() > 2.0 {
                    let y = r.center().y;
                    self.segment(Point::new(r.x0, y), Point::new(r.x1, y));
                } else if r.width() < 2.5 && r.height() > 2.0 {
                    let x = r.center().x;
                    self.segment(Point::new(x, r.y0), Point::new(x, r.y1));
                }
            }
        }
    }

    fn push_clip_path(&mut self, _: &ClipPath) {}
    fn push_transparency_group(&mut self, _: f32, _: Option<SoftMask<'a>>, _: BlendMode) {}

    fn draw_glyph(
        &mut self,
        glyph: &Glyph<'a>,
        transform: Affine,
        glyph_transform: Affine,
        _: &Paint<'a>,
        _: &GlyphDrawMode,
    ) {
        let Some(text) = glyph.as_unicode().map(|u| match u {
            BfString::Char(c) => c.to_string(),
            BfString::String(s) => s,
        }) else {
            return;
        };
        let full = transform * glyph_transform;
        let origin = full * Point::ZERO;
        let up = full * Point::new(0.0, 1000.0);
        let size = ((up.x - origin.x).powi(2) + (up.y - origin.y).powi(2)).sqrt();
        if text.trim().is_empty() && text != " " {
            return;
        }
        self.page.chars.push(Char {
            text,
            x: origin.x,
            y: origin.y,
            size,
        });
    }

    fn draw_image(&mut self, _: Image<'a, '_>, _: Affine) {
        self.page.images += 1;
    }
    fn pop_clip_path(&mut self) {}
    fn pop_transparency_group(&mut self) {}
}

/// Tables as the readers give them, for `lines.rs`.
pub(crate) type Tables = Vec<OutlineTable>;
