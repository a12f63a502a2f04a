//! The layout: one typed description of page, grid, fonts, sizes and numbering that both
//! backends read, so the PDF and the DOCX cannot drift apart.

mod print;
mod tables;
mod units;

use std::path::Path;
use std::sync::Arc;

use schemars::JsonSchema;
use serde::Deserialize;

use crate::diag::{Diagnostic, SourceFile};
use crate::numbering::NumberFormat;
pub use print::{Print, PrintChanges};
pub use tables::{Captions, ChartStyle, MAX_CHART_PIXELS, TableStyle};
pub use units::{FontSize, Mm, Pt, Zihao};

/// The layouts built into the binary: (name, TOML text).
pub const BUILTIN: &[(&str, &str)] = &[("gbt9704", include_str!("../../layouts/gbt9704.toml"))];

/// The layout a report gets when it names none.
pub const DEFAULT: &str = "gbt9704";

/// A font role: which part of the document a font serves.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub enum Role {
    /// The document title.
    Title,
    /// Body text, signature and closing lines.
    Body,
    /// Level 1 headings (一、).
    Heading1,
    /// Level 2 headings (（一）).
    Heading2,
    /// Level 3 headings (1.).
    Heading3,
    /// Level 4 headings (（1）).
    Heading4,
    /// The page number in the footer.
    PageNumber,
    /// Table cells, notes and chart labels.
    Table,
    /// Captions of tables and charts (表1, 图1).
    Caption,
}

impl Role {
    /// Every role, in display order.
    pub const ALL: [Role; 9] = [
        Role::Title,
        Role::Body,
        Role::Heading1,
        Role::Heading2,
        Role::Heading3,
        Role::Heading4,
        Role::PageNumber,
        Role::Table,
        Role::Caption,
    ];

    /// The role's key in a layout file.
    pub fn key(self) -> &'static str {
        match self {
            Role::Title => "title",
            Role::Body => "body",
            Role::Heading1 => "heading1",
            Role::Heading2 => "heading2",
            Role::Heading3 => "heading3",
            Role::Heading4 => "heading4",
            Role::PageNumber => "page-number",
            Role::Table => "table",
            Role::Caption => "caption",
        }
    }

    /// The role of heading level `level` (1 to 4).
    pub fn heading(level: u8) -> Role {
        match level {
            1 => Role::Heading1,
            2 => Role::Heading2,
            3 => Role::Heading3,
            _ => Role::Heading4,
        }
    }
}

/// Left or right.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Deserialize, JsonSchema)]
#[serde(rename_all = "kebab-case")]
pub enum Side {
    /// The left edge.
    Left,
    /// The right edge.
    Right,
}

/// The page and its type area (版心).
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct Page {
    /// Paper width.
    #[schemars(with = "String")]
    pub width: Mm,
    /// Paper height.
    #[schemars(with = "String")]
    pub height: Mm,
    /// From the top edge to the type area.
    #[schemars(with = "String")]
    pub margin_top: Mm,
    /// From the left (binding) edge to the type area.
    #[schemars(with = "String")]
    pub margin_left: Mm,
    /// Width of the type area.
    #[schemars(with = "String")]
    pub type_width: Mm,
    /// Height of the type area.
    #[schemars(with = "String")]
    pub type_height: Mm,
}

impl Page {
    /// From the right edge to the type area.
    pub fn margin_right(&self) -> Mm {
        Mm(self.width.0 - self.margin_left.0 - self.type_width.0)
    }
    /// From the bottom edge to the type area.
    pub fn margin_bottom(&self) -> Mm {
        Mm(self.height.0 - self.margin_top.0 - self.type_height.0)
    }
}

/// The line and character grid of the type area.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct Grid {
    /// Lines on a full page.
    pub lines: u32,
    /// Characters on a full line.
    pub chars: u32,
    /// First-line indent of every paragraph, in characters.
    pub indent: u32,
}

/// The fonts of one role.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct RoleFont {
    /// Font families for the PDF, in order of preference.
    pub pdf: Vec<String>,
    /// The East Asian font name the DOCX writes (`w:eastAsia`).
    pub docx: String,
    /// The Latin font name the DOCX writes (`w:ascii`, `w:hAnsi`).
    pub latin: String,
    /// The size.
    #[schemars(with = "String")]
    pub size: FontSize,
    /// Bold (heavy) weight.
    #[serde(default)]
    pub bold: bool,
    /// PDF families of the same style for characters the `pdf` families lack (a rare name's
    /// 堃, 䶮), before the layout's `[fonts] fallback`.
    #[serde(default)]
    pub fallback: Vec<String>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
#[schemars(rename = "Fonts")]
struct RawFonts {
    #[serde(default)]
    fallback: Vec<String>,
    /// PDF families for Latin letters and digits, before every role's own families.
    #[serde(default)]
    latin: Vec<String>,
    title: RoleFont,
    body: RoleFont,
    heading1: RoleFont,
    heading2: RoleFont,
    heading3: RoleFont,
    heading4: RoleFont,
    page_number: RoleFont,
    /// Tables and chart labels (default: the body's fonts at 小四).
    #[serde(default)]
    table: Option<RoleFont>,
    /// Captions (default: level-1 headings' fonts at 四号).
    #[serde(default)]
    caption: Option<RoleFont>,
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
#[schemars(rename = "Numbering")]
struct RawNumbering {
    levels: [String; 4],
}

/// Where and how page numbers are printed.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields)]
pub struct PageNumber {
    /// The printed form; `{}` stands for the number, e.g. `— {} —`.
    pub format: String,
    /// From the bottom of the type area to the top of the number.
    #[schemars(with = "String")]
    pub below: Mm,
    /// Characters (of the page-number size) in from the type-area edge.
    pub inset: u32,
    /// The side of odd pages.
    pub odd: Side,
    /// The side of even pages.
    pub even: Side,
}

impl PageNumber {
    /// The text before and after the number.
    pub fn parts(&self) -> (&str, &str) {
        self.format
            .split_once("{}")
            .unwrap_or((self.format.as_str(), ""))
    }
}

#[derive(Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
/// A layout file: page, grid, font roles, numbering and page numbers.
#[schemars(rename = "Layout")]
struct RawLayout {
    name: String,
    #[serde(default)]
    description: String,
    page: Page,
    grid: Grid,
    fonts: RawFonts,
    numbering: RawNumbering,
    page_number: PageNumber,
    #[serde(default)]
    book: BookStyle,
    #[serde(default)]
    captions: Captions,
    #[serde(default)]
    table: TableStyle,
    #[serde(default)]
    chart: ChartStyle,
    #[serde(default)]
    print: Print,
}

/// Sizes used only when reports are bound into a yearbook.
#[derive(Debug, Clone, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct BookStyle {
    /// The book's title on the cover.
    #[schemars(with = "String")]
    pub cover_size: FontSize,
    /// A part's title on its own page.
    #[schemars(with = "String")]
    pub part_size: FontSize,
    /// The running header with the report's title.
    #[schemars(with = "String")]
    pub header_size: FontSize,
}

impl Default for BookStyle {
    fn default() -> Self {
        BookStyle {
            cover_size: FontSize::Named(Zihao::Yihao),
            part_size: FontSize::Named(Zihao::Yihao),
            header_size: FontSize::Named(Zihao::Wuhao),
        }
    }
}

/// A complete, checked layout.
#[derive(Debug, Clone)]
pub struct Layout {
    /// The layout's name.
    pub name: String,
    /// One line saying what it is.
    pub description: String,
    /// Page and type area.
    pub page: Page,
    /// Line and character grid.
    pub grid: Grid,
    fonts: Vec<(Role, RoleFont)>,
    /// PDF families tried for characters a role's own fonts lack.
    pub fallback: Vec<String>,
    /// PDF families for Latin letters and digits in every role (the first found serves; the
    /// PDF's counterpart of the DOCX's `latin` font name), tried before the role's own.
    pub latin: Vec<String>,
    /// The number format of heading levels 1 to 4.
    pub numbering: [NumberFormat; 4],
    /// Page numbers.
    pub page_number: PageNumber,
    /// Sizes of a yearbook's own texts.
    pub book: BookStyle,
    /// How tables and charts are numbered.
    pub captions: Captions,
    /// Rules and padding of tables.
    pub table: TableStyle,
    /// Size, colours and resolution of charts.
    pub chart: ChartStyle,
    /// How the book is printed (`--print`): bleed, padding, paper, one colour.
    pub print: Print,
    /// The file the layout was read from, for diagnostics.
    pub file: Arc<SourceFile>,
}

/// The most lines a page and characters a line a grid may have.
pub const MAX_GRID: u32 = 100;
/// The smallest page, each way, in millimetres.
pub const MIN_PAGE_MM: f64 = 50.0;
/// The smallest type area, each way, in millimetres.
pub const MIN_TYPE_MM: f64 = 20.0;

impl Layout {
    /// Parses and checks a layout file. Problems come back as diagnostics on `file`.
    pub fn parse(file: &Arc<SourceFile>) -> Result<Layout, Vec<Diagnostic>> {
        let raw: RawLayout =
            toml::from_str(&file.text).map_err(|e| vec![Diagnostic::from_toml(file, &e)])?;
        let mut problems = crate::diag::controls::find(file, &[]);
        let mut numbering = Vec::new();
        for (i, pattern) in raw.numbering.levels.iter().enumerate() {
            match NumberFormat::parse(pattern) {
                Ok(f) => numbering.push(f),
                Err(msg) => {
                    problems.push(
                        Diagnostic::error(format!("numbering level {}: {msg}", i + 1))
                            .at(file, find_span(&file.text, pattern)),
                    );
                    numbering.push(NumberFormat::parse("1.").expect("valid"));
                }
            }
        }
        let f = raw.fonts;
        let fallback = f.fallback;
        let latin = f.latin;
        let table = f.table.unwrap_or_else(|| RoleFont {
            size: FontSize::Named(Zihao::XiaoSi),
            ..f.body.clone()
        });
        let caption = f.caption.unwrap_or_else(|| RoleFont {
            size: FontSize::Named(Zihao::Sihao),
            ..f.heading1.clone()
        });
        let fonts = vec![
            (Role::Title, f.title),
            (Role::Body, f.body),
            (Role::Heading1, f.heading1),
            (Role::Heading2, f.heading2),
            (Role::Heading3, f.heading3),
            (Role::Heading4, f.heading4),
            (Role::PageNumber, f.page_number),
            (Role::Table, table),
            (Role::Caption, caption),
        ];
        for (role, font) in &fonts {
            if font.pdf.is_empty() {
                problems.push(
                    Diagnostic::error(format!(
                        "font role `{}` names no PDF font family",
                        role.key()
                    ))
                    .at(
                        file,
                        find_span(&file.text, &format!("[fonts.{}]", role.key())),
                    )
                    .hint("list at least one family, e.g. pdf = [\"FandolFang R\"]"),
                );
            }
        }
        let g = &raw.grid;
        if !(1..=MAX_GRID).contains(&g.lines)
            || !(1..=MAX_GRID).contains(&g.chars)
            || g.indent >= g.chars.max(1)
        {
            problems.push(
                Diagnostic::error(format!(
                    "the grid needs 1 to {MAX_GRID} lines and characters, and an indent shorter than a line"
                ))
                .at(file, find_span(&file.text, "[grid]"))
                .hint("GB/T 9704 sets lines = 22, chars = 28, indent = 2"),
            );
        }
        let p = &raw.page;
        if p.width.0 < MIN_PAGE_MM
            || p.height.0 < MIN_PAGE_MM
            || p.type_width.0 < MIN_TYPE_MM
            || p.type_height.0 < MIN_TYPE_MM
        {
            problems.push(
                Diagnostic::error(format!(
                    "the page must be at least {MIN_PAGE_MM} mm and its type area at least {MIN_TYPE_MM} mm each way"
                ))
                .at(file, find_span(&file.text, "[page]"))
                .hint("GB/T 9704: width = \"210mm\", height = \"297mm\", type-width = \"156mm\", type-height = \"225mm\""),
            );
        }
        if raw.chart.width.0 > p.type_width.0 || raw.chart.height.0 > p.type_height.0 {
            problems.push(
                Diagnostic::error("a chart must fit in the type area")
                    .at(file, find_span(&file.text, "[chart]"))
                    .hint(format!(
                        "make width at most {} and height at most {}",
                        p.type_width, p.type_height
                    )),
            );
        }
        let (w, h) = raw.chart.pixel_size();
        // saturating: a dpi of 4294967295 makes each side ten billion pixels
        if w.saturating_mul(h) > tables::MAX_CHART_PIXELS {
            problems.push(
                Diagnostic::error(format!(
                    "a chart's picture would be {w} × {h} pixels ({} million); a chart's picture has at most {} million",
                    w.saturating_mul(h) / 1_000_000,
                    tables::MAX_CHART_PIXELS / 1_000_000
                ))
                .at(file, find_span(&file.text, "[chart]"))
                .hint("lower the chart's dpi (300 prints sharp) or its width and height"),
            );
        }
        if raw.page.margin_left.0 + raw.page.type_width.0 > raw.page.width.0
            || raw.page.margin_top.0 + raw.page.type_height.0 > raw.page.height.0
        {
            problems.push(
                Diagnostic::error("the type area does not fit on the page")
                    .at(file, find_span(&file.text, "[page]"))
                    .hint("margin-left + type-width must not exceed width, margin-top + type-height not height"),
            );
        }
        for msg in raw.chart.problems() {
            problems.push(Diagnostic::error(msg).at(file, find_span(&file.text, "[chart]")));
        }
        for msg in raw.print.problems() {
            problems.push(Diagnostic::error(msg).at(file, find_span(&file.text, "[print]")));
        }
        for (what, pattern) in [
            ("table", &raw.captions.table),
            ("chart", &raw.captions.chart),
        ] {
            if !pattern.contains("{}") {
                problems.push(
                    Diagnostic::error(format!(
                        "the {what} caption pattern has no `{{}}` for the number"
                    ))
                    .at(file, find_span(&file.text, "[captions]"))
                    .hint("write it as \"表{}\""),
                );
            }
        }
        if !raw.page_number.format.contains("{}") {
            problems.push(
                Diagnostic::error("the page-number format has no `{}` for the number")
                    .at(file, find_span(&file.text, "[page-number]"))
                    .hint("write it as \"— {} —\""),
            );
        }
        if !problems.is_empty() {
            return Err(problems);
        }
        Ok(Layout {
            name: raw.name,
            description: raw.description,
            page: raw.page,
            grid: raw.grid,
            fonts,
            fallback,
            latin,
            numbering: numbering.try_into().expect("four levels"),
            page_number: raw.page_number,
            book: raw.book,
            captions: raw.captions,
            table: raw.table,
            chart: raw.chart,
            print: raw.print,
            file: file.clone(),
        })
    }

    /// Places a diagnostic on a role's font table in the layout file.
    pub fn at_role(&self, d: Diagnostic, role: Role) -> Diagnostic {
        let table = format!("[fonts.{}]", role.key());
        match self.file.text.find(&table) {
            Some(i) => {
                let rest = &self.file.text[i..];
                let pdf = rest.find("\npdf").map(|j| i + j + 1);
                let at = pdf.unwrap_or(i);
                let end = self.file.text[at..]
                    .find('\n')
                    .map_or(self.file.text.len(), |e| at + e);
                d.at(&self.file, at..end)
            }
            None => d.in_file(&self.file),
        }
    }

    /// Loads a built-in layout by name.
    pub fn builtin(name: &str) -> Option<Layout> {
        let (name, text) = BUILTIN.iter().find(|(n, _)| *n == name)?;
        let file = SourceFile::new(
            format!("<built-in layout {name}>"),
            Path::new(""),
            (*text).into(),
        );
        Some(Layout::parse(&file).expect("built-in layouts are valid"))
    }

    /// Whether the layout is built into the tool (read from no file).
    pub fn is_builtin(&self) -> bool {
        self.file.path.as_os_str().is_empty()
    }

    /// The fonts of a role.
    pub fn font(&self, role: Role) -> &RoleFont {
        &self
            .fonts
            .iter()
            .find(|(r, _)| *r == role)
            .expect("every role has fonts")
            .1
    }

    /// Distance between two baselines: the type-area height shared by the grid's lines.
    pub fn line_pitch(&self) -> Pt {
        Pt(self.page.type_height.to_pt().0 / self.grid.lines as f64)
    }

    /// Distance between two character origins: the type-area width shared by the grid's characters.
    pub fn char_pitch(&self) -> Pt {
        Pt(self.page.type_width.to_pt().0 / self.grid.chars as f64)
    }

    /// The first-line indent of a paragraph.
    pub fn indent(&self) -> Pt {
        Pt(self.char_pitch().0 * self.grid.indent as f64)
    }

    /// The body size.
    pub fn body_size(&self) -> Pt {
        self.font(Role::Body).size.pt()
    }
}

/// The JSON Schema of layout files.
pub fn schema() -> schemars::Schema {
    schemars::schema_for!(RawLayout)
}

/// The byte range of the first occurrence of `needle` in `text`, or an empty range at 0.
fn find_span(text: &str, needle: &str) -> std::ops::Range<usize> {
    text.find(needle)
        .map(|i| i..i + needle.len())
        .unwrap_or(0..0)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn builtin_layout_has_the_gbt9704_figures() {
        let l = Layout::builtin("gbt9704").unwrap();
        assert_eq!(l.page.margin_right(), Mm(26.0));
        assert!((l.page.margin_bottom().0 - 35.0).abs() < 1e-9);
        assert!(
            (l.line_pitch().0 - 28.99).abs() < 0.01,
            "{:?}",
            l.line_pitch()
        );
        assert!(
            (l.char_pitch().0 - 15.79).abs() < 0.01,
            "{:?}",
            l.char_pitch()
        );
        assert_eq!(l.font(Role::Body).size.pt(), Pt(16.0));
        assert_eq!(l.font(Role::Title).size.pt(), Pt(22.0));
        assert_eq!(l.font(Role::PageNumber).size.pt(), Pt(14.0));
        assert_eq!(l.numbering[1].format(2), "（二）");
        assert_eq!(l.page_number.parts(), ("— ", " —"));
    }

    #[test]
    fn unknown_keys_are_refused_with_a_place() {
        let text = BUILTIN[0].1.replace("lines = 22", "lines = 22\nrows = 3");
        let file = SourceFile::new("bad.toml".into(), Path::new(""), text);
        let errs = Layout::parse(&file).unwrap_err();
        assert!(errs[0].message.contains("rows"), "{:?}", errs[0].message);
        assert!(errs[0].span.is_some());
    }
}
