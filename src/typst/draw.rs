//! Draws laid-out Typst pages into a krilla PDF one at a time — glyph runs, shapes, raster
//! pictures, links — so that a yearbook's pages go into its PDF as each report is laid out and
//! none is held longer than its report; and the document's metadata, bookmark places and page
//! order as typst-pdf would write them.

use std::collections::HashMap;
use std::sync::Arc;

use krilla::annotation::{Annotation, LinkAnnotation, Target};
use krilla::destination::XyzDestination;
use krilla::geom as kg;
use krilla::num::NormalizedF32;
use krilla::page::PageSettings;
use krilla::paint as kp;
use krilla::surface::Surface;
use krilla::text::{GlyphId, KrillaGlyph};
use typst::foundations::Smart;
use typst::layout::{Abs, Frame, FrameItem, Point, Size, Transform};
use typst::model::{Destination, DocumentInfo};
use typst::text::{FontInstance, TextItem};
use typst::visualize::{
    Color, CurveItem, ExchangeFormat, FillRule, FixedStroke, Geometry, Image, ImageKind, LineCap,
    LineJoin, Paint, ProcessColorSpace, RasterFormat, Shape,
};
use typst_layout::Page;

use super::compile::PdfSettings;

/// Where a link leads, as the caller resolves it: a web address, or a page (its index in the
/// PDF as written) and a point on it.
pub enum Goal {
    /// A web address.
    Url(String),
    /// A page index and a point on the page.
    At(usize, Point),
}

/// What the pages drawn so far share: fonts and pictures (each embedded once), the text's
/// language.
#[derive(Default)]
pub struct Drawer {
    fonts: HashMap<FontInstance, krilla::text::Font>,
    images: HashMap<u128, krilla::image::Image>,
    /// The glyphs of the run being drawn (one buffer for all).
    glyphs: Vec<KrillaGlyph>,
    /// The language of the first text drawn (`zh-CN`), for the document's metadata.
    pub lang: Option<String>,
}

/// A link found on a page: its rectangle on the page and where it leads.
struct Link {
    rect: kg::Rect,
    goal: Goal,
}

impl Drawer {
    /// Draws `page` as the next page of `document`; `resolve` says where its links lead (a link
    /// it cannot resolve is left out). Fails, naming what, on content this writer does not draw
    /// (a gradient, a tiling, a spot colour, a vector picture): the caller writes the whole book
    /// with typst-pdf instead.
    pub fn page(
        &mut self,
        document: &mut krilla::Document,
        page: &Page,
        resolve: &dyn Fn(&Destination) -> Option<Goal>,
    ) -> Result<(), String> {
        let size = page.frame.size();
        let bleed = page.bleed;
        let mut settings = PageSettings::from_wh(
            (size.x + bleed.left + bleed.right).to_pt().max(3.0) as f32,
            (size.y + bleed.top + bleed.bottom).to_pt().max(3.0) as f32,
        )
        .ok_or("a page of no size")?;
        if !bleed.is_zero() {
            settings = settings.with_trim_box(kg::Rect::from_ltrb(
                bleed.left.to_pt() as f32,
                bleed.top.to_pt() as f32,
                (bleed.left + size.x).to_pt() as f32,
                (bleed.top + size.y).to_pt() as f32,
            ));
        }
        let mut out = document.start_page_with(settings);
        let mut links = Vec::new();
        let mut surface = out.surface();
        let origin = Transform::translate(bleed.left, bleed.top);
        let drawn = (|| {
            if let Some(fill) = page.fill_or_transparent() {
                let whole = size + bleed.sum_by_axis();
                let shape = Geometry::Rect(whole).filled(fill);
                self.shape(&mut surface, &shape, Transform::identity())?;
            }
            self.frame(&mut surface, &page.frame, origin, resolve, &mut links)
        })();
        surface.finish();
        for link in links {
            let target = match link.goal {
                Goal::Url(url) => Target::Action(krilla::action::Action::Link(
                    krilla::action::LinkAction::new(url),
                )),
                Goal::At(index, point) => {
                    // As typst-pdf: 10pt above the target, so that a line is seen whole.
                    let y = (point.y - Abs::pt(10.0)).max(Abs::zero());
                    let at = kg::Point::from_xy(point.x.to_pt() as f32, y.to_pt() as f32);
                    Target::Destination(krilla::destination::Destination::Xyz(
                        krilla::destination::XyzDestination::new(index, at),
                    ))
                }
            };
            out.add_annotation(Annotation::new_link(
                LinkAnnotation::new(link.rect, target),
                None,
            ));
        }
        drawn
    }

    fn frame(
        &mut self,
        surface: &mut Surface,
        frame: &Frame,
        ts: Transform,
        resolve: &dyn Fn(&Destination) -> Option<Goal>,
        links: &mut Vec<Link>,
    ) -> Result<(), String> {
        for (pos, item) in frame.items() {
            let here = ts.pre_concat(Transform::translate(pos.x, pos.y));
            match item {
                FrameItem::Group(group) => {
                    let inner = here.pre_concat(group.transform);
                    let clip = group.clip.as_ref().and_then(|c| {
                        let mut b = kg::PathBuilder::new();
                        curve(&c.0, &mut b);
                        b.finish()?.transform(to_krilla(inner))
                    });
                    if let Some(clip) = &clip {
                        surface.push_clip_path(clip, &kp::FillRule::NonZero);
                    }
                    let drawn = self.frame(surface, &group.frame, inner, resolve, links);
                    if clip.is_some() {
                        surface.pop();
                    }
                    drawn?;
                }
                FrameItem::Text(text) => self.text(surface, text, here)?,
                FrameItem::Shape(shape, _) => self.shape(surface, shape, here)?,
                FrameItem::Image(image, size, _) => self.image(surface, image, *size, here)?,
                FrameItem::Link(dest, size) => {
                    if let (Some(goal), Some(rect)) = (resolve(dest), bounds(here, *size)) {
                        links.push(Link { rect, goal });
                    }
                }
                FrameItem::Tag(_) => {}
            }
        }
        Ok(())
    }

    fn font(&mut self, instance: &FontInstance) -> Result<krilla::text::Font, String> {
        if let Some(f) = self.fonts.get(instance) {
            return Ok(f.clone());
        }
        let data: Arc<dyn AsRef<[u8]> + Send + Sync> = Arc::new(instance.data().clone());
        let variations: Vec<(krilla::text::Tag, f32)> = instance
            .variations()
            .0
            .iter()
            .map(|(tag, value)| (krilla::text::Tag::new(&tag.to_bytes()), value.0))
            .collect();
        let font = krilla::text::Font::new_variable(data.into(), instance.index(), &variations)
            .ok_or_else(|| format!("the font {} cannot be embedded", instance.info().family))?;
        self.fonts.insert(instance.clone(), font.clone());
        Ok(font)
    }

    fn text(&mut self, surface: &mut Surface, t: &TextItem, ts: Transform) -> Result<(), String> {
        if t.glyphs.is_empty() {
            return Ok(());
        }
        if self.lang.is_none() {
            self.lang = Some(match t.region {
                Some(region) => format!("{}-{}", t.lang.as_str(), region.as_str()),
                None => t.lang.as_str().to_string(),
            });
        }
        let font = self.font(&t.font)?;
        self.glyphs.clear();
        self.glyphs.extend(t.glyphs.iter().map(|g| {
            KrillaGlyph::new(
                GlyphId::new(u32::from(g.id)),
                g.x_advance.get() as f32,
                g.x_offset.get() as f32,
                g.y_offset.get() as f32,
                g.y_advance.get() as f32,
                usize::from(g.range.start)..usize::from(g.range.end),
                None,
            )
        }));
        let fill = fill(&t.fill, FillRule::NonZero)?;
        let stroke = t.stroke.as_ref().map(stroke).transpose()?;
        surface.push_transform(&to_krilla(ts));
        surface.set_fill(Some(fill));
        surface.set_stroke(stroke);
        surface.draw_glyphs(
            kg::Point::from_xy(0.0, 0.0),
            &self.glyphs,
            font,
            t.text.as_str(),
            t.size.to_pt() as f32,
            false,
        );
        surface.pop();
        Ok(())
    }

    fn shape(&mut self, surface: &mut Surface, s: &Shape, ts: Transform) -> Result<(), String> {
        let mut b = kg::PathBuilder::new();
        match &s.geometry {
            Geometry::Line(to) => {
                b.move_to(0.0, 0.0);
                b.line_to(to.x.to_pt() as f32, to.y.to_pt() as f32);
            }
            Geometry::Rect(size) => {
                let (w, h) = (size.x.to_pt() as f32, size.y.to_pt() as f32);
                let rect = kg::Rect::from_xywh(w.min(0.0), h.min(0.0), w.abs(), h.abs());
                if let Some(rect) = rect {
                    b.push_rect(rect);
                }
            }
            Geometry::Curve(c) => curve(&c.0, &mut b),
        }
        let Some(path) = b.finish() else {
            return Ok(());
        };
        let fill = s.fill.as_ref().map(|p| fill(p, s.fill_rule)).transpose()?;
        let stroke = s
            .stroke
            .as_ref()
            .filter(|st| st.thickness > Abs::zero())
            .map(stroke)
            .transpose()?;
        // krilla fills with black when told nothing.
        if fill.is_none() && stroke.is_none() {
            return Ok(());
        }
        surface.push_transform(&to_krilla(ts));
        surface.set_fill(fill);
        surface.set_stroke(stroke);
        surface.draw_path(&path);
        surface.pop();
        Ok(())
    }

    fn image(
        &mut self,
        surface: &mut Surface,
        image: &Image,
        size: Size,
        ts: Transform,
    ) -> Result<(), String> {
        let ImageKind::Raster(raster) = image.kind() else {
            return Err("a vector picture".into());
        };
        let bytes = raster.data();
        let key = typst::utils::hash128(bytes.as_slice());
        let picture = match self.images.get(&key) {
            Some(p) => p.clone(),
            None => {
                let data: Arc<dyn AsRef<[u8]> + Send + Sync> = Arc::new(bytes.clone());
                let made = match raster.format() {
                    RasterFormat::Exchange(ExchangeFormat::Png) => {
                        krilla::image::Image::from_png(data.into(), true)
                    }
                    RasterFormat::Exchange(ExchangeFormat::Jpg) => {
                        krilla::image::Image::from_jpeg(data.into(), true)
                    }
                    _ => return Err("a picture neither PNG nor JPEG".into()),
                }?;
                self.images.insert(key, made.clone());
                made
            }
        };
        let Some(size) = kg::Size::from_wh(size.x.to_pt() as f32, size.y.to_pt() as f32) else {
            return Ok(());
        };
        surface.push_transform(&to_krilla(ts));
        surface.draw_image(picture, size);
        surface.pop();
        Ok(())
    }
}

/// A Typst transform as krilla's.
fn to_krilla(ts: Transform) -> kg::Transform {
    kg::Transform::from_row(
        ts.sx.get() as f32,
        ts.ky.get() as f32,
        ts.kx.get() as f32,
        ts.sy.get() as f32,
        ts.tx.to_pt() as f32,
        ts.ty.to_pt() as f32,
    )
}

/// A Typst curve into krilla's path builder.
fn curve(items: &[CurveItem], b: &mut kg::PathBuilder) {
    let f = |a: Abs| a.to_pt() as f32;
    for item in items {
        match item {
            CurveItem::Move(p) => b.move_to(f(p.x), f(p.y)),
            CurveItem::Line(p) => b.line_to(f(p.x), f(p.y)),
            CurveItem::Cubic(p1, p2, p3) => {
                b.cubic_to(f(p1.x), f(p1.y), f(p2.x), f(p2.y), f(p3.x), f(p3.y))
            }
            CurveItem::Close => b.close(),
        }
    }
}

/// The page rectangle that holds the local rectangle of `size` under `ts`.
fn bounds(ts: Transform, size: Size) -> Option<kg::Rect> {
    let corners = [
        Point::zero(),
        Point::with_x(size.x),
        Point::with_y(size.y),
        size.to_point(),
    ]
    .map(|p| p.transform(ts));
    let xs = corners.map(|p| p.x.to_pt() as f32);
    let ys = corners.map(|p| p.y.to_pt() as f32);
    let min = |v: [f32; 4]| v.into_iter().fold(f32::INFINITY, f32::min);
    let max = |v: [f32; 4]| v.into_iter().fold(f32::NEG_INFINITY, f32::max);
    kg::Rect::from_ltrb(min(xs), min(ys), max(xs), max(ys))
}

/// A solid paint as krilla's colour and its opacity (0–255).
fn colour(paint: &Paint) -> Result<(krilla::color::Color, u8), String> {
    let Paint::Solid(color) = paint else {
        return Err("a gradient or a tiling".into());
    };
    let Color::Process(c) = color else {
        return Err("a spot colour".into());
    };
    Ok(match c.space() {
        ProcessColorSpace::D65Gray => {
            let v = c.to_space(ProcessColorSpace::D65Gray).to_vec4_u8();
            (krilla::color::luma::Color::new(v[0]).into(), v[3])
        }
        ProcessColorSpace::Cmyk => {
            let v = c.to_space(ProcessColorSpace::Cmyk).to_vec4_u8();
            (
                krilla::color::cmyk::Color::new(v[0], v[1], v[2], v[3]).into(),
                255,
            )
        }
        _ => {
            let v = c.to_space(ProcessColorSpace::Srgb).to_vec4_u8();
            (
                krilla::color::rgb::Color::new(v[0], v[1], v[2]).into(),
                v[3],
            )
        }
    })
}

fn opacity(alpha: u8) -> NormalizedF32 {
    NormalizedF32::new(f32::from(alpha) / 255.0).unwrap_or(NormalizedF32::ONE)
}

fn fill(paint: &Paint, rule: FillRule) -> Result<kp::Fill, String> {
    let (c, a) = colour(paint)?;
    Ok(kp::Fill {
        paint: c.into(),
        rule: match rule {
            FillRule::NonZero => kp::FillRule::NonZero,
            FillRule::EvenOdd => kp::FillRule::EvenOdd,
        },
        opacity: opacity(a),
    })
}

fn stroke(st: &FixedStroke) -> Result<kp::Stroke, String> {
    let (c, a) = colour(&st.paint)?;
    Ok(kp::Stroke {
        paint: c.into(),
        width: st.thickness.to_pt() as f32,
        miter_limit: st.miter_limit.get() as f32,
        line_join: match st.join {
            LineJoin::Miter => kp::LineJoin::Miter,
            LineJoin::Round => kp::LineJoin::Round,
            LineJoin::Bevel => kp::LineJoin::Bevel,
        },
        line_cap: match st.cap {
            LineCap::Butt => kp::LineCap::Butt,
            LineCap::Round => kp::LineCap::Round,
            LineCap::Square => kp::LineCap::Square,
        },
        opacity: opacity(a),
        dash: st.dash.as_ref().map(|d| kp::StrokeDash {
            array: d.array.iter().map(|a| a.to_pt() as f32).collect(),
            offset: d.phase.to_pt() as f32,
        }),
    })
}

/// A bookmark's place: as typst-pdf, 10pt above the heading, so that its line is seen whole.
pub(super) fn xyz(index: usize, point: Point) -> XyzDestination {
    let y = (point.y - Abs::pt(10.0)).max(Abs::zero());
    XyzDestination::new(
        index,
        krilla::geom::Point::from_xy(point.x.to_pt() as f32, y.to_pt() as f32),
    )
}

/// The document's metadata as typst-pdf writes it: `#set document(…)`'s, the creator, the
/// stable identifier, the date.
pub(super) fn metadata(
    info: &DocumentInfo,
    settings: &PdfSettings,
    today: Option<typst::foundations::Datetime>,
    lang: Option<String>,
) -> krilla::metadata::Metadata {
    let mut m = krilla::metadata::Metadata::new()
        .keywords(info.keywords.iter().map(Into::into).collect())
        .authors(info.author.iter().map(Into::into).collect())
        .language(lang.unwrap_or_else(|| "zh-CN".into()))
        .creator(format!("gongwen {}", env!("CARGO_PKG_VERSION")))
        .document_id(settings.ident.clone())
        .text_direction(krilla::metadata::TextDirection::LeftToRight);
    if let Some(title) = &info.title {
        m = m.title(title.to_string());
    }
    if let Some(description) = &info.description {
        m = m.description(description.to_string());
    }
    let (when, utc) = match (info.date, today) {
        (Smart::Custom(Some(d)), _) => (Some(d), false),
        (Smart::Auto, Some(d)) => (Some(d), true),
        _ => (None, false),
    };
    if let Some(d) = when
        && let Some(year) = d.year().and_then(|y| u16::try_from(y).ok())
    {
        let mut k = krilla::metadata::DateTime::new(year);
        if let Some(v) = d.month() {
            k = k.month(v);
        }
        if let Some(v) = d.day() {
            k = k.day(v);
        }
        if let Some(v) = d.hour() {
            k = k.hour(v);
        }
        if let Some(v) = d.minute() {
            k = k.minute(v);
        }
        if let Some(v) = d.second() {
            k = k.second(v);
        }
        if utc {
            k = k.utc_offset_hour(0).utc_offset_minute(0);
        }
        m = m.creation_date(k);
    }
    m
}

/// Moves the last `front` pages of the PDF `bytes` to the front of its page tree. krilla writes
/// pages in the order they are drawn, and one flat tree: its `/Kids` array is permuted in place
/// (the same references, so the same length: every offset in the file stays true).
pub(super) fn front_first(mut bytes: Vec<u8>, front: usize) -> Option<Vec<u8>> {
    if front == 0 {
        return Some(bytes);
    }
    let find = |hay: &[u8], needle: &[u8], from: usize| {
        hay[from..]
            .windows(needle.len())
            .position(|w| w == needle)
            .map(|p| p + from)
    };
    let tree = find(&bytes, b"/Type/Pages", 0)?;
    let open = find(&bytes, b"/Kids[", tree)? + b"/Kids[".len();
    let close = find(&bytes, b"]", open)?;
    let kids = std::str::from_utf8(&bytes[open..close]).ok()?;
    let refs: Vec<&str> = kids
        .split(" R")
        .map(str::trim)
        .filter(|r| !r.is_empty())
        .collect();
    if refs.len() < front {
        return None;
    }
    let (units, front_refs) = refs.split_at(refs.len() - front);
    let moved: Vec<String> = front_refs
        .iter()
        .chain(units)
        .map(|r| format!("{r} R"))
        .collect();
    let moved = moved.join(" ");
    if moved.len() != close - open {
        return None;
    }
    bytes[open..close].copy_from_slice(moved.as_bytes());
    Some(bytes)
}

#[cfg(test)]
mod tests {
    use super::front_first;

    #[test]
    fn the_front_pages_move_first_in_the_page_tree() {
        let pdf =
            b"1 0 obj\n<</Type/Pages/Count 4/Kids[3 0 R 4 0 R 10 0 R 11 0 R]>>\nendobj".to_vec();
        let moved = front_first(pdf.clone(), 1).unwrap();
        assert_eq!(moved.len(), pdf.len());
        assert!(
            String::from_utf8(moved)
                .unwrap()
                .contains("/Kids[11 0 R 3 0 R 4 0 R 10 0 R]")
        );
        assert!(front_first(pdf.clone(), 5).is_none());
        assert_eq!(front_first(pdf.clone(), 0).unwrap(), pdf);
    }
}
