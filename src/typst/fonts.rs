//! Fonts for the PDF: installed fonts, `--font-path` folders and the bundled Fandol, TeX Gyre
//! Termes and fallback fonts, in that order; which family serves each role (and its Latin
//! letters); how wide a character is in a role's fonts; which characters a fallback draws and
//! which no font can draw.

use std::collections::BTreeMap;
use std::path::PathBuf;

use typst::foundations::Bytes;
use typst::text::FontBook;
use typst::text::{Font, FontInfo, FontWeight};
use typst::utils::LazyHash;
use typst_kit::fonts::{FontSource, FontStore};

use crate::diag::Diagnostic;
use crate::doc::Document;
use crate::layout::{Layout, Role};

/// The open fonts built into the binary, so that a fresh checkout (or an installed binary)
/// builds the reference report with no font installed. Licences: fonts/fandol/COPYING,
/// fonts/termes/GUST-FONT-LICENSE.txt, fonts/noto-cjk/OFL.txt.
pub const BUNDLED: &[(&str, &[u8])] = &[
    (
        "FandolSong-Regular.otf",
        include_bytes!("../../fonts/fandol/FandolSong-Regular.otf"),
    ),
    (
        "FandolSong-Bold.otf",
        include_bytes!("../../fonts/fandol/FandolSong-Bold.otf"),
    ),
    (
        "FandolFang-Regular.otf",
        include_bytes!("../../fonts/fandol/FandolFang-Regular.otf"),
    ),
    (
        "FandolKai-Regular.otf",
        include_bytes!("../../fonts/fandol/FandolKai-Regular.otf"),
    ),
    (
        "FandolHei-Regular.otf",
        include_bytes!("../../fonts/fandol/FandolHei-Regular.otf"),
    ),
    (
        "FandolHei-Bold.otf",
        include_bytes!("../../fonts/fandol/FandolHei-Bold.otf"),
    ),
    (
        "texgyretermes-regular.otf",
        include_bytes!("../../fonts/termes/texgyretermes-regular.otf"),
    ),
    (
        "texgyretermes-bold.otf",
        include_bytes!("../../fonts/termes/texgyretermes-bold.otf"),
    ),
    (
        "GongwenFallbackSerif-Regular.otf",
        include_bytes!("../../fonts/noto-cjk/GongwenFallbackSerif-Regular.otf"),
    ),
    (
        "GongwenFallbackSans-Regular.otf",
        include_bytes!("../../fonts/noto-cjk/GongwenFallbackSans-Regular.otf"),
    ),
];

/// Where fonts are looked for.
#[derive(Debug, Clone)]
pub struct FontOptions {
    /// Search the fonts installed on the machine.
    pub system: bool,
    /// More folders to search (`--font-path`).
    pub paths: Vec<PathBuf>,
}

impl Default for FontOptions {
    fn default() -> Self {
        FontOptions {
            system: true,
            paths: Vec::new(),
        }
    }
}

/// Where one font came from.
#[derive(Debug, Clone)]
pub enum FontOrigin {
    /// A file on disk (installed, or in a `--font-path` folder), with its index in a collection.
    File(PathBuf, u32),
    /// Built into the binary.
    Bundled(&'static str),
}

impl std::fmt::Display for FontOrigin {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        match self {
            FontOrigin::File(p, 0) => write!(f, "{}", p.display()),
            FontOrigin::File(p, i) => write!(f, "{} (face {i})", p.display()),
            FontOrigin::Bundled(name) if name.starts_with("texgyre") => {
                write!(f, "bundled fonts/termes/{name}")
            }
            FontOrigin::Bundled(name) if name.starts_with("Gongwen") => {
                write!(f, "bundled fonts/noto-cjk/{name}")
            }
            FontOrigin::Bundled(name) => write!(f, "bundled fonts/fandol/{name}"),
        }
    }
}

struct Bundled(&'static [u8]);

impl FontSource for Bundled {
    fn load(&self) -> Option<Font> {
        Font::new(Bytes::new(self.0), 0)
    }
}

/// Every font found, loaded lazily.
pub struct Fonts {
    store: FontStore,
    origins: Vec<FontOrigin>,
}

impl Fonts {
    /// Finds fonts: installed ones first (unless `system` is off), then `--font-path`
    /// folders, then the bundled fonts.
    pub fn load(options: &FontOptions) -> Fonts {
        let mut store = FontStore::new();
        let mut origins = Vec::new();
        let mut push_files = |entries: Vec<(typst_kit::fonts::FontPath, FontInfo)>,
                              store: &mut FontStore| {
            for (path, info) in entries {
                origins.push(FontOrigin::File(path.path.clone(), path.index));
                store.push((path, info));
            }
        };
        if options.system {
            push_files(typst_kit::fonts::system().collect(), &mut store);
        }
        for dir in &options.paths {
            push_files(typst_kit::fonts::scan(dir).collect(), &mut store);
        }
        for (name, data) in BUNDLED {
            if let Some(info) = FontInfo::new(data, 0) {
                origins.push(FontOrigin::Bundled(name));
                store.push((Bundled(data), info));
            }
        }
        Fonts { store, origins }
    }

    /// The font book for the typst world.
    pub(crate) fn book(&self) -> &LazyHash<FontBook> {
        self.store.book()
    }

    /// The font at `index`, loaded on first use.
    pub(crate) fn font(&self, index: usize) -> Option<Font> {
        self.store.font(index)
    }

    /// Where the font at `index` came from.
    pub fn origin(&self, index: usize) -> Option<&FontOrigin> {
        self.origins.get(index)
    }

    /// Every family name known, sorted.
    pub fn families(&self) -> Vec<String> {
        let mut v: Vec<String> = self.book().families().map(|(f, _)| f.to_string()).collect();
        v.sort();
        v.dedup();
        v
    }

    fn has_family(&self, family: &str) -> bool {
        self.book().contains_family(&family.to_lowercase())
    }

    fn family_covers(&self, family: &str, c: char) -> bool {
        let book = self.book();
        book.select_family(&family.to_lowercase()).any(|i| {
            book.info(i)
                .is_some_and(|info| info.coverage.contains(c as u32))
        })
    }

    /// The index of the font that serves `family` at the given weight.
    fn select(&self, family: &str, bold: bool) -> Option<usize> {
        let variant = typst::text::FontVariant {
            weight: if bold {
                FontWeight::BOLD
            } else {
                FontWeight::REGULAR
            },
            ..Default::default()
        };
        self.book().select(&family.to_lowercase(), variant)
    }
}

/// The families that serve one role in this build.
#[derive(Debug, Clone)]
pub struct RoleFonts {
    /// Available families, in the layout's order, then the role's fallbacks and the layout's.
    pub families: Vec<String>,
    /// How many of `families` are the role's own (the rest are fallbacks).
    pub own: usize,
    /// The family of Latin letters and digits, when the layout names one that is found.
    pub latin: Option<String>,
    /// Bold was asked for but no family has a bold face: draw a thin outline instead.
    pub faux_bold: bool,
    /// The faces Typst will pick from, in its order; `true` marks the Latin face, which
    /// serves only what Typst's `latin-in-cjk` coverage gives it.
    faces: Vec<(Font, bool)>,
    /// Advances looked up so far: a face is parsed once a character, not once an occurrence.
    advances: std::sync::Arc<std::sync::Mutex<std::collections::HashMap<char, Option<f64>>>>,
    /// Which family draws each character the glyph check looked up so far: a book's reports
    /// share their characters, and a face's coverage is a long list to walk.
    covers: std::sync::Arc<std::sync::Mutex<std::collections::HashMap<char, Cover>>>,
}

/// Which of a role's families draws a character.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Cover {
    /// One of its own (or its Latin family), or it is a space.
    Own,
    /// The fallback family at this index of `families`.
    Fallback(usize),
    /// None.
    Nowhere,
}

/// Characters Typst's `latin-in-cjk` coverage leaves to the CJK fonts.
const CJK_SHARED: &[char] = &['·', '–', '—', '‘', '’', '“', '”', '‥', '…', '‧', '⸺'];

impl RoleFonts {
    /// The advance of `c` in em, from the face Typst draws it with (the first that has it);
    /// `None` when no face has it.
    pub fn advance(&self, c: char) -> Option<f64> {
        let mut cache = self.advances.lock().unwrap_or_else(|e| e.into_inner());
        *cache.entry(c).or_insert_with(|| self.lookup(c))
    }

    /// Which of the role's families draws `c` (looked up in `fonts` once a character).
    fn cover(&self, c: char, fonts: &Fonts) -> Cover {
        let memo = || self.covers.lock().unwrap_or_else(|e| e.into_inner());
        if let Some(cover) = memo().get(&c) {
            return *cover;
        }
        let covers = |f: &String| fonts.family_covers(f, c);
        let cover = if c.is_whitespace()
            || self.latin.iter().any(covers)
            || self.families[..self.own].iter().any(covers)
        {
            Cover::Own
        } else {
            match self.families[self.own..].iter().position(covers) {
                Some(i) => Cover::Fallback(self.own + i),
                None => Cover::Nowhere,
            }
        };
        memo().insert(c, cover);
        cover
    }

    fn lookup(&self, c: char) -> Option<f64> {
        self.faces.iter().find_map(|(font, latin)| {
            if *latin && CJK_SHARED.contains(&c) {
                return None;
            }
            let face = ttf_parser::Face::parse(&font.data()[..], font.index()).ok()?;
            let id = face.glyph_index(c)?;
            let adv = face.glyph_hor_advance(id)?;
            Some(adv as f64 / face.units_per_em() as f64)
        })
    }
}

/// Which fonts serve which role: the layout's families narrowed to those found.
#[derive(Debug, Clone)]
pub struct FontPlan {
    /// Per role.
    pub roles: BTreeMap<Role, RoleFonts>,
}

impl FontPlan {
    /// Matches the layout's families against the fonts found. A role with none of its
    /// families is an error.
    pub fn new(layout: &Layout, fonts: &Fonts) -> Result<FontPlan, Vec<Diagnostic>> {
        let mut roles = BTreeMap::new();
        let mut problems = Vec::new();
        let fallback: Vec<String> = layout
            .fallback
            .iter()
            .filter(|f| fonts.has_family(f))
            .cloned()
            .collect();
        let latin = layout.latin.iter().find(|f| fonts.has_family(f)).cloned();
        for role in Role::ALL {
            let rf = layout.font(role);
            let own: Vec<String> = rf
                .pdf
                .iter()
                .filter(|f| fonts.has_family(f))
                .cloned()
                .collect();
            if own.is_empty() {
                problems.push(layout.at_role(
                    Diagnostic::error(format!(
                        "no font for `{}`: none of the families {} is installed or bundled",
                        role.key(),
                        rf.pdf.iter().map(|f| format!("\"{f}\"")).collect::<Vec<_>>().join(", ")
                    ))
                    .hint("install one of them, or pass --font-path DIR with a folder holding one")
                    .hint("`gongwen fonts` lists the families found; family names are case-insensitive but otherwise exact (FandolFang's is \"FandolFang R\")"),
                    role,
                ));
                continue;
            }
            let faux_bold = rf.bold
                && !own.iter().any(|f| {
                    fonts
                        .select(f, true)
                        .and_then(|i| fonts.book().info(i))
                        .is_some_and(|i| i.variant.weight >= FontWeight::SEMIBOLD)
                });
            let count = own.len();
            let mut families = own;
            let role_fallback = rf.fallback.iter().filter(|f| fonts.has_family(f));
            for f in role_fallback.chain(&fallback) {
                if !families.contains(f) {
                    families.push(f.clone());
                }
            }
            // A role whose DOCX Latin font is its own East Asian one (the page number's 宋体
            // digits) sets Latin letters and digits in its own faces in the PDF too.
            let latin = if rf.latin == rf.docx {
                None
            } else {
                latin.clone()
            };
            let face = |f: &String| fonts.select(f, rf.bold).and_then(|i| fonts.font(i));
            let faces = latin
                .iter()
                .filter_map(|f| face(f).map(|font| (font, true)))
                .chain(
                    families
                        .iter()
                        .filter_map(|f| face(f).map(|font| (font, false))),
                )
                .collect();
            roles.insert(
                role,
                RoleFonts {
                    families,
                    own: count,
                    latin,
                    faux_bold,
                    faces,
                    advances: Default::default(),
                    covers: Default::default(),
                },
            );
        }
        if problems.is_empty() {
            Ok(FontPlan { roles })
        } else {
            Err(problems)
        }
    }

    /// The families of a role.
    pub fn role(&self, role: Role) -> &RoleFonts {
        &self.roles[&role]
    }
}

/// What a missing character belongs to.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Place {
    /// Line `n` of the title.
    Title(usize),
    /// The page-number format of the layout.
    PageNumber,
    /// Entry `n` of [`Document::texts`].
    Text(usize),
}

/// One character that its role's own faces lack: drawn by a fallback the layout names, or by
/// no font at all.
#[derive(Debug, Clone)]
pub struct Missing {
    /// The character.
    pub c: char,
    /// The role whose fonts were tried.
    pub role: Role,
    /// The role's first face (the one that draws its text).
    pub face: String,
    /// The fallback family that draws it; `None` when no face the layout names has it.
    pub drawn_by: Option<String>,
    /// The text it stands in (its first occurrence in the role).
    pub place: Place,
    /// Byte offset in that text.
    pub offset: usize,
    /// How often the role prints it (each is reported once a role and character).
    pub times: usize,
}

/// Checks every character of the document against the faces of its role: returns each
/// character a fallback draws or no face has, once a role, at its first place with a count.
/// Only the faces the layout names count: the PDF never takes a glyph from any other font.
pub fn missing_glyphs(
    doc: &Document,
    layout: &Layout,
    plan: &FontPlan,
    fonts: &Fonts,
) -> Vec<Missing> {
    let (before, after) = layout.page_number.parts();
    let mut texts: Vec<(Role, Place, &str)> = doc
        .title
        .iter()
        .enumerate()
        .map(|(i, t)| (Role::Title, Place::Title(i), t.as_str()))
        .collect();
    texts.push((Role::PageNumber, Place::PageNumber, before));
    texts.push((Role::PageNumber, Place::PageNumber, after));
    for (i, (level, text, _)) in doc.texts().into_iter().enumerate() {
        let role = if level == 0 {
            Role::Body
        } else {
            Role::heading(level)
        };
        texts.push((role, Place::Text(i), text));
    }
    let mut out: Vec<Missing> = Vec::new();
    // A report repeats its characters: each (role, character) is looked up once and reported
    // at its first occurrence, with a count (a warning at every place made 80,000 of them).
    let mut seen: std::collections::HashMap<(Role, char), Option<usize>> =
        std::collections::HashMap::new();
    for (role, place, text) in texts {
        let rf = plan.role(role);
        for (offset, c) in text.char_indices() {
            let key = (role, c);
            if let Some(found) = seen.get(&key) {
                if let Some(i) = *found {
                    out[i].times += 1;
                }
                continue;
            }
            let cover = rf.cover(c, fonts);
            if cover == Cover::Own {
                seen.insert(key, None);
                continue;
            }
            seen.insert(key, Some(out.len()));
            out.push(Missing {
                c,
                role,
                face: rf.families[0].clone(),
                drawn_by: match cover {
                    Cover::Fallback(i) => Some(rf.families[i].clone()),
                    _ => None,
                },
                place,
                offset,
                times: 1,
            });
        }
    }
    out
}

/// Where the regular face of `family` came from.
pub fn origin_of(fonts: &Fonts, family: &str) -> String {
    fonts
        .select(family, false)
        .and_then(|i| fonts.origin(i))
        .map_or_else(|| "?".into(), |o| o.to_string())
}

/// The font each role uses for its first family (and, after ` / `, for Latin letters and
/// digits), with where they came from.
pub fn describe(plan: &FontPlan, layout: &Layout, fonts: &Fonts) -> Vec<(Role, String, String)> {
    let origin = |family: &str, bold: bool| {
        fonts
            .select(family, bold)
            .and_then(|i| fonts.origin(i))
            .map(|o| o.to_string())
            .unwrap_or_else(|| "?".into())
    };
    Role::ALL
        .iter()
        .map(|&role| {
            let rf = plan.role(role);
            let bold = layout.font(role).bold;
            let first = &rf.families[0];
            match &rf.latin {
                Some(latin) => (
                    role,
                    format!("{first} / {latin}"),
                    format!("{} / {}", origin(first, bold), origin(latin, bold)),
                ),
                None => (role, first.clone(), origin(first, bold)),
            }
        })
        .collect()
}
