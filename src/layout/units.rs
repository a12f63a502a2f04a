//! Typed lengths (`Pt`, `Mm`) and the Chinese font-size names (字号).

use std::fmt;
use std::str::FromStr;

use serde::{Deserialize, Deserializer};

/// Millimetres per typographic point.
const MM_PER_PT: f64 = 25.4 / 72.0;

/// A length in typographic points (1/72 inch).
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Pt(pub f64);

/// A length in millimetres.
#[derive(Debug, Clone, Copy, PartialEq, PartialOrd, Default)]
pub struct Mm(pub f64);

impl Pt {
    /// The same length in millimetres.
    pub fn to_mm(self) -> Mm {
        Mm(self.0 * MM_PER_PT)
    }
    /// The length in twentieths of a point (Word's twips), rounded.
    pub fn twips(self) -> i32 {
        (self.0 * 20.0).round() as i32
    }
    /// The length in half points (Word's font-size unit), rounded.
    pub fn half_points(self) -> usize {
        (self.0 * 2.0).round() as usize
    }
}

impl Mm {
    /// The same length in points.
    pub fn to_pt(self) -> Pt {
        Pt(self.0 / MM_PER_PT)
    }
    /// The length in twips, rounded.
    pub fn twips(self) -> i32 {
        self.to_pt().twips()
    }
}

impl fmt::Display for Pt {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}pt", trim(self.0))
    }
}

impl fmt::Display for Mm {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}mm", trim(self.0))
    }
}

/// Formats a float with at most four decimals and no trailing zeros.
fn trim(v: f64) -> String {
    let s = format!("{v:.4}");
    let s = s.trim_end_matches('0').trim_end_matches('.');
    if s == "-0" { "0".into() } else { s.into() }
}

/// The longest length a layout may give (A0's long side is 1189 mm).
pub const MAX_MM: f64 = 1200.0;
/// The largest font size a layout may give, in points (初号 is 42 pt).
pub const MAX_FONT_PT: f64 = 200.0;

fn parse_unit(s: &str, unit: &str) -> Result<f64, String> {
    let num = s.trim().strip_suffix(unit).ok_or_else(|| {
        format!("expected a length in {unit} such as \"12{unit}\", found \"{s}\"")
    })?;
    let v: f64 = num
        .trim()
        .parse()
        .map_err(|_| format!("\"{s}\" is not a number of {unit}"))?;
    if !v.is_finite() || v < 0.0 {
        return Err(format!("\"{s}\" must be a length of zero or more"));
    }
    Ok(v)
}

/// A length in `unit` within the longest a page can have.
fn parse_length(s: &str, unit: &str) -> Result<f64, String> {
    let v = parse_unit(s, unit)?;
    let max = if unit == "mm" {
        MAX_MM
    } else {
        MAX_MM * 72.0 / 25.4
    };
    if v > max {
        return Err(format!(
            "\"{s}\" is longer than any page gongwen sets ({max:.0}{unit} at the most)"
        ));
    }
    Ok(v)
}

impl FromStr for Mm {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        parse_length(s, "mm").map(Mm)
    }
}

impl FromStr for Pt {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        parse_length(s, "pt").map(Pt)
    }
}

impl<'de> Deserialize<'de> for Mm {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

/// The traditional Chinese font-size names (字号), from 初号 to 八号.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Zihao {
    Chuhao,
    XiaoChu,
    Yihao,
    XiaoYi,
    Erhao,
    XiaoEr,
    Sanhao,
    XiaoSan,
    Sihao,
    XiaoSi,
    Wuhao,
    XiaoWu,
    Liuhao,
    XiaoLiu,
    Qihao,
    Bahao,
}

impl Zihao {
    /// Every size with its Chinese name and its size in points.
    pub const ALL: [(Zihao, &'static str, f64); 16] = [
        (Zihao::Chuhao, "初号", 42.0),
        (Zihao::XiaoChu, "小初", 36.0),
        (Zihao::Yihao, "一号", 26.0),
        (Zihao::XiaoYi, "小一", 24.0),
        (Zihao::Erhao, "二号", 22.0),
        (Zihao::XiaoEr, "小二", 18.0),
        (Zihao::Sanhao, "三号", 16.0),
        (Zihao::XiaoSan, "小三", 15.0),
        (Zihao::Sihao, "四号", 14.0),
        (Zihao::XiaoSi, "小四", 12.0),
        (Zihao::Wuhao, "五号", 10.5),
        (Zihao::XiaoWu, "小五", 9.0),
        (Zihao::Liuhao, "六号", 7.5),
        (Zihao::XiaoLiu, "小六", 6.5),
        (Zihao::Qihao, "七号", 5.5),
        (Zihao::Bahao, "八号", 5.0),
    ];

    fn entry(self) -> (Zihao, &'static str, f64) {
        *Self::ALL
            .iter()
            .find(|(z, _, _)| *z == self)
            .expect("every size is listed")
    }

    /// The size's Chinese name, e.g. 三号.
    pub fn name(self) -> &'static str {
        self.entry().1
    }

    /// The size in points.
    pub fn pt(self) -> Pt {
        Pt(self.entry().2)
    }
}

/// A font size: a 字号 name or a size in points.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum FontSize {
    /// A named size such as 三号.
    Named(Zihao),
    /// An explicit size such as 15.5pt.
    Points(Pt),
}

impl FontSize {
    /// The size in points.
    pub fn pt(self) -> Pt {
        match self {
            FontSize::Named(z) => z.pt(),
            FontSize::Points(p) => p,
        }
    }
}

impl FromStr for FontSize {
    type Err = String;
    fn from_str(s: &str) -> Result<Self, String> {
        let t = s.trim();
        if let Some((z, _, _)) = Zihao::ALL.iter().find(|(_, name, _)| *name == t) {
            return Ok(FontSize::Named(*z));
        }
        if t.ends_with("pt") {
            let p = Pt(parse_unit(t, "pt")?);
            if p.0 > MAX_FONT_PT {
                return Err(format!(
                    "\"{s}\" is larger than {MAX_FONT_PT}pt, the largest font size a layout may give"
                ));
            }
            if p.0 >= 1.0 {
                return Ok(FontSize::Points(p));
            }
        }
        let names: Vec<&str> = Zihao::ALL.iter().map(|(_, n, _)| *n).collect();
        Err(format!(
            "\"{s}\" is not a font size: use a 字号 ({}) or points such as \"16pt\"",
            names.join("、")
        ))
    }
}

impl<'de> Deserialize<'de> for FontSize {
    fn deserialize<D: Deserializer<'de>>(d: D) -> Result<Self, D::Error> {
        String::deserialize(d)?
            .parse()
            .map_err(serde::de::Error::custom)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn units_convert() {
        assert_eq!(Mm(210.0).twips(), 11906);
        assert_eq!(Mm(297.0).twips(), 16838);
        assert_eq!(Mm(37.0).twips(), 2098);
        assert_eq!("16pt".parse::<Pt>().unwrap(), Pt(16.0));
        assert!("16".parse::<Mm>().is_err());
        assert_eq!(Pt(15.7913).to_string(), "15.7913pt");
        assert_eq!(Mm(28.0).to_string(), "28mm");
    }

    #[test]
    fn zihao_names() {
        assert_eq!("三号".parse::<FontSize>().unwrap().pt(), Pt(16.0));
        assert_eq!("小四".parse::<FontSize>().unwrap().pt(), Pt(12.0));
        assert_eq!("10.5pt".parse::<FontSize>().unwrap().pt(), Pt(10.5));
        assert!("三三号".parse::<FontSize>().is_err());
        assert_eq!(Zihao::Erhao.name(), "二号");
    }
}
