//! The layout's `[print]` table: what `gongwen build --print` needs to know about the press —
//! bleed, the multiple a bound book's page count is padded to, the paper's thickness (the
//! cover's spine) and whether the book is one-colour in every output.

use schemars::JsonSchema;
use serde::Deserialize;

use super::units::Mm;

/// How a report or a yearbook is printed.
#[derive(Debug, Clone, PartialEq, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, default, rename_all = "kebab-case")]
pub struct Print {
    /// Printed beyond the trimmed page on every side (the PDF's BleedBox); `0mm` for none.
    #[schemars(with = "String")]
    pub bleed: Mm,
    /// A yearbook's pages are padded with blank pages to a multiple of this (4, 8 or 16: the
    /// pages of one folded sheet), or 0 for no padding.
    pub pad_to: u32,
    /// The thickness of one leaf (two pages) of the book's paper; the cover's spine is the
    /// leaves times this.
    #[schemars(with = "String")]
    pub paper_thickness: Mm,
    /// The book is printed in one colour (black): charts are drawn in grey levels in every
    /// output, the DOCX's pictures too. `--print` always prints in one colour.
    pub one_colour: bool,
}

impl Default for Print {
    fn default() -> Self {
        Print {
            bleed: Mm(0.0),
            pad_to: 4,
            paper_thickness: Mm(0.1),
            one_colour: false,
        }
    }
}

/// A yearbook's `[print]`: what it changes of its layout's.
#[derive(Debug, Clone, Default, Deserialize, JsonSchema)]
#[serde(deny_unknown_fields, rename_all = "kebab-case")]
pub struct PrintChanges {
    /// Bleed beyond the trim (see the layout's `[print]`).
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub bleed: Option<Mm>,
    /// Pad the book to a multiple of 4, 8 or 16 pages; 0 for none.
    #[serde(default)]
    pub pad_to: Option<u32>,
    /// The thickness of one leaf of paper.
    #[serde(default)]
    #[schemars(with = "Option<String>")]
    pub paper_thickness: Option<Mm>,
    /// Charts in grey in every output.
    #[serde(default)]
    pub one_colour: Option<bool>,
}

impl PrintChanges {
    /// `base` with these changes.
    pub fn apply(&self, base: &Print) -> Print {
        Print {
            bleed: self.bleed.unwrap_or(base.bleed),
            pad_to: self.pad_to.unwrap_or(base.pad_to),
            paper_thickness: self.paper_thickness.unwrap_or(base.paper_thickness),
            one_colour: self.one_colour.unwrap_or(base.one_colour),
        }
    }
}

/// The page multiples `pad-to` accepts.
pub const PAD_TO: [u32; 4] = [0, 4, 8, 16];

impl Print {
    /// Problems with the values, as messages.
    pub fn problems(&self) -> Vec<String> {
        let mut out = Vec::new();
        if !(0.0..=10.0).contains(&self.bleed.0) {
            out.push(format!("print bleed {} is outside 0 to 10 mm", self.bleed));
        }
        if !PAD_TO.contains(&self.pad_to) {
            out.push(format!(
                "print pad-to {} is not 4, 8, 16 or 0 (no padding)",
                self.pad_to
            ));
        }
        if !(0.02..=1.0).contains(&self.paper_thickness.0) {
            out.push(format!(
                "print paper-thickness {} is outside 0.02 to 1 mm",
                self.paper_thickness
            ));
        }
        out
    }

    /// How many blank pages make `pages` a multiple of `pad-to` (none when it is 0).
    pub fn padding(&self, pages: usize) -> usize {
        match self.pad_to as usize {
            0 => 0,
            n => (n - pages % n) % n,
        }
    }

    /// The spine of a book of `pages` pages (padded): its leaves times the paper's thickness.
    pub fn spine(&self, pages: usize) -> Mm {
        Mm(pages.div_ceil(2) as f64 * self.paper_thickness.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn padding_and_spine() {
        let p = Print::default();
        assert_eq!(p.padding(17), 3);
        assert_eq!(p.padding(20), 0);
        let p16 = Print {
            pad_to: 16,
            ..Print::default()
        };
        assert_eq!(p16.padding(17), 15);
        let none = Print {
            pad_to: 0,
            ..Print::default()
        };
        assert_eq!(none.padding(17), 0);
        assert!((p.spine(240).0 - 12.0).abs() < 1e-9);
        assert!(
            Print {
                pad_to: 6,
                ..Print::default()
            }
            .problems()[0]
                .contains("pad-to 6")
        );
    }
}
