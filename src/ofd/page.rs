//! One laid-out Typst page as an OFD `Content.xml`: glyph runs as `TextObject`s with the
//! glyphs' own positions (`DeltaX`/`DeltaY`), shapes as `PathObject`s, pictures as
//! `ImageObject`s; the fonts and pictures it uses and the headings it starts are gathered
//! for the package.

use std::collections::HashMap;
use std::fmt::Write;

use typst::foundations::StyleChain;
use typst::introspection::Tag;
use typst::layout::{Abs, Frame, FrameItem, Point, Size, Transform};
use typst::model::HeadingElem;
use typst::text::{Font, FontInstance, TextItem, TextItemView};
use typst::visualize::{
    CurveItem, ExchangeFormat, FillRule, FixedStroke, Geometry, Image, ImageKind, LineCap,
    LineJoin, Paint, RasterFormat, Shape,
};
use typst_layout::Page;

use super::font::{Used, cmap_glyph};
use super::xml::{deltas, escape, num};

/// A font the pages use: its OFD ID and its glyphs.
pub struct FontRes {
    /// The Typst font.
    pub font: FontInstance,
    /// Its ID in the document's resources.
    pub id: u32,
    /// The glyphs and characters used.
    pub used: Used,
}

/// A picture the pages show: its ID, its bytes and its file extension (`png`, `jpg`).
pub struct ImageRes {
    /// Its ID in the document's resources.
    pub id: u32,
    /// The file's bytes, as Typst was given them.
    pub bytes: Vec<u8>,
    /// `png` or `jpg`.
    pub ext: &'static str,
}

/// An outlined heading where it starts.
#[derive(Debug, Clone)]
pub struct Heading {
    /// Its level, 1 for the top.
    pub level: usize,
    /// Its title as the PDF's bookmark shows it.
    pub title: String,
    /// The index of its page.
    pub page: usize,
    /// Where it starts on the page, in millimetres from the top left.
    pub x: f64,
    /// See `x`.
    pub y: f64,
}

/// What every page adds to: IDs, fonts, pictures, headings.
#[derive(Default)]
pub struct Writer {
    next: u32,
    /// The fonts, in the order first used.
    pub fonts: Vec<FontRes>,
    font_at: HashMap<Font, usize>,
    /// The pictures, in the order first shown.
    pub images: Vec<ImageRes>,
    image_at: HashMap<u128, usize>,
    /// The outlined headings in page order.
    pub headings: Vec<Heading>,
}

impl Writer {
    /// A fresh ID.
    pub fn id(&mut self) -> u32 {
        self.next += 1;
        self.next
    }

    /// The largest ID given.
    pub fn max_id(&self) -> u32 {
        self.next
    }

    /// The page's `Content.xml`.
    pub fn page(&mut self, index: usize, page: &Page) -> Result<String, String> {
        let size = page.frame.size();
        let mut body = String::new();
        if let Some(fill) = page.fill_or_transparent() {
            let rect = Shape {
                geometry: Geometry::Rect(size),
                fill: Some(fill),
                fill_rule: FillRule::NonZero,
                stroke: None,
            };
            self.shape(&mut body, &rect, Transform::identity())?;
        }
        self.frame(&mut body, index, &page.frame, Transform::identity())?;
        let layer = self.id();
        let mut s = String::from(super::xml::DECL);
        let _ = writeln!(
            s,
            "<ofd:Page xmlns:ofd=\"{}\"><ofd:Area><ofd:PhysicalBox>0 0 {} {}</ofd:PhysicalBox></ofd:Area><ofd:Content><ofd:Layer ID=\"{layer}\" Type=\"Body\">{body}</ofd:Layer></ofd:Content></ofd:Page>",
            super::xml::NS,
            num(size.x.to_mm()),
            num(size.y.to_mm()),
        );
        Ok(s)
    }

    fn frame(
        &mut self,
        out: &mut String,
        page: usize,
        frame: &Frame,
        ts: Transform,
    ) -> Result<(), String> {
        for (pos, item) in frame.items() {
            let here = ts.pre_concat(Transform::translate(pos.x, pos.y));
            match item {
                FrameItem::Group(group) => {
                    // A clipped group (a box or block with `clip: true`) is drawn whole: the
                    // reports' pages have none, and OFD clips belong to each object.
                    self.frame(out, page, &group.frame, here.pre_concat(group.transform))?
                }
                FrameItem::Text(text) => self.text(out, text, here)?,
                FrameItem::Shape(shape, _) => self.shape(out, shape, here)?,
                FrameItem::Image(image, size, _) => self.image(out, image, *size, here)?,
                FrameItem::Link(..) => {}
                FrameItem::Tag(Tag::Start(content, _)) => {
                    let Some(heading) = content.to_packed::<HeadingElem>() else {
                        continue;
                    };
                    let styles = StyleChain::default();
                    let shown = heading
                        .bookmarked
                        .get(styles)
                        .unwrap_or_else(|| heading.outlined.get(styles));
                    if !shown {
                        continue;
                    }
                    let text = heading.body.plain_text();
                    let title = match &heading.numbers {
                        Some(n) => format!("{n} {text}"),
                        None => text.to_string(),
                    };
                    let at = Point::zero().transform(here);
                    self.headings.push(Heading {
                        level: heading.resolve_level(styles).get(),
                        title,
                        page,
                        x: at.x.to_mm(),
                        y: at.y.to_mm(),
                    });
                }
                FrameItem::Tag(_) => {}
            }
        }
        Ok(())
    }

    fn font(&mut self, instance: &FontInstance) -> usize {
        let font: &Font = instance;
        if let Some(&i) = self.font_at.get(font) {
            return i;
        }
        let id = self.id();
        self.fonts.push(FontRes {
            font: instance.clone(),
            id,
            used: Used::default(),
        });
        self.font_at.insert(font.clone(), self.fonts.len() - 1);
        self.fonts.len() - 1
    }

    fn text(&mut self, out: &mut String, t: &TextItem, ts: Transform) -> Result<(), String> {
        if t.glyphs.is_empty() {
            return Ok(());
        }
        let fi = self.font(&t.font);
        let size = t.size.to_mm();
        let view = TextItemView::full(t);
        // Each glyph: its text, position (mm, from the run's origin) and whether the font's
        // cmap leads from its text to it.
        // Each cluster: its text, its first glyph's position (mm, from the run's origin), whether
        // it is one glyph the font's cmap reaches from its one character, and its glyphs.
        let mut glyphs: Vec<(String, f64, f64, bool, Vec<u16>)> =
            Vec::with_capacity(t.glyphs.len());
        let mut x = 0.0;
        let (mut lo, mut hi) = (f64::INFINITY, f64::NEG_INFINITY);
        let mut last_range = None;
        for g in &t.glyphs {
            let px = x + g.x_offset.get() * size;
            let py = -g.y_offset.get() * size;
            x += g.x_advance.get() * size;
            lo = lo.min(px).min(x);
            hi = hi.max(px + g.x_advance.get() * size).max(x);
            let used = &mut self.fonts[fi].used;
            used.remap(g.id);
            // A second glyph of one character (a base and its mark) joins its cluster.
            if last_range == Some(g.range.clone())
                && let Some(cluster) = glyphs.last_mut()
            {
                cluster.3 = false;
                cluster.4.push(g.id);
                continue;
            }
            last_range = Some(g.range.clone());
            let text = view.glyph_text(g).to_string();
            // A glyph standing for no character but default-ignorable ones (a joiner, a
            // variation selector) draws nothing by definition: it has no text to carry.
            if text.is_empty() {
                continue;
            }
            let mut chars = text.chars();
            let plain = matches!((chars.next(), chars.next()),
                (Some(c), None) if cmap_glyph(t.font.ttf(), c) == g.id);
            glyphs.push((text, px, py, plain, vec![g.id]));
        }
        // Spaces opening or closing a run are left out: readers trim a TextCode's text (sofd,
        // easyofd), which would set the first visible glyph at the space's place; a space
        // inside a run keeps its place through DeltaX.
        let blank = |c: &(String, f64, f64, bool, Vec<u16>)| c.0.chars().all(char::is_whitespace);
        while glyphs.last().is_some_and(blank) {
            glyphs.pop();
        }
        let lead = glyphs.iter().take_while(|c| blank(c)).count();
        glyphs.drain(..lead);
        for cluster in glyphs.iter().filter(|c| c.3) {
            if let Some(c) = cluster.0.chars().next() {
                self.fonts[fi].used.chars.insert(c, cluster.4[0]);
            }
        }
        if glyphs.is_empty() {
            return Ok(());
        }
        let metrics = t.font.metrics();
        let top = -(metrics.ascender.get().max(0.9) + 0.1) * size;
        let bottom = (-metrics.descender.get()).max(0.2) * size + 0.1 * size;
        let (bx, by, bw, bh, ctm) = boundary(ts, lo, top, hi, bottom);
        let id = self.id();
        let font_id = self.fonts[fi].id;
        let _ = write!(
            out,
            "<ofd:TextObject ID=\"{id}\" Boundary=\"{} {} {} {}\"{ctm} Font=\"{font_id}\" Size=\"{}\"",
            num(bx),
            num(by),
            num(bw),
            num(bh),
            num(size)
        );
        if let Some(stroke) = &t.stroke {
            let _ = write!(
                out,
                " Stroke=\"true\" LineWidth=\"{}\"",
                num(stroke.thickness.to_mm())
            );
        }
        out.push('>');
        if let Some(c) = colour(&t.fill)? {
            let _ = write!(out, "<ofd:FillColor {c}/>");
        }
        if let Some(stroke) = &t.stroke
            && let Some(c) = colour(&stroke.paint)?
        {
            let _ = write!(out, "<ofd:StrokeColor {c}/>");
        }
        // Runs of glyphs the cmap finds share a TextCode; any other glyph gets one of its
        // own with a CGTransform naming it.
        let (ox, oy) = if ctm.is_empty() {
            (ts.tx.to_mm() - bx, ts.ty.to_mm() - by)
        } else {
            (0.0, 0.0)
        };
        let mut i = 0;
        while i < glyphs.len() {
            let mut j = i + 1;
            if glyphs[i].3 {
                while j < glyphs.len() && glyphs[j].3 {
                    j += 1;
                }
            }
            let run = &glyphs[i..j];
            if !run[0].3 {
                let n = run[0].0.chars().count();
                let ids: Vec<String> = run[0]
                    .4
                    .iter()
                    .map(|g| self.fonts[fi].used.remap(*g).to_string())
                    .collect();
                let _ = write!(
                    out,
                    "<ofd:CGTransform CodePosition=\"0\" CodeCount=\"{n}\" GlyphCount=\"{}\"><ofd:Glyphs>{}</ofd:Glyphs></ofd:CGTransform>",
                    ids.len(),
                    ids.join(" ")
                );
            }
            let _ = write!(
                out,
                "<ofd:TextCode X=\"{}\" Y=\"{}\"",
                num(ox + run[0].1),
                num(oy + run[0].2)
            );
            let dx: Vec<f64> = run.windows(2).map(|w| w[1].1 - w[0].1).collect();
            if !dx.is_empty() {
                let _ = write!(out, " DeltaX=\"{}\"", deltas(&dx));
            }
            let dy: Vec<f64> = run.windows(2).map(|w| w[1].2 - w[0].2).collect();
            if dy.iter().any(|d| num(*d) != "0") {
                let _ = write!(out, " DeltaY=\"{}\"", deltas(&dy));
            }
            out.push('>');
            for g in run {
                out.push_str(&escape(&g.0));
            }
            out.push_str("</ofd:TextCode>");
            i = j;
        }
        out.push_str("</ofd:TextObject>");
        Ok(())
    }

    fn shape(&mut self, out: &mut String, s: &Shape, ts: Transform) -> Result<(), String> {
        let mut path: Vec<(char, Vec<Point>)> = Vec::new();
        match &s.geometry {
            Geometry::Line(p) => {
                path.push(('M', vec![Point::zero()]));
                path.push(('L', vec![*p]));
            }
            Geometry::Rect(size) => {
                let Size { x: w, y: h } = *size;
                path.push(('M', vec![Point::zero()]));
                path.push(('L', vec![Point::new(w, Abs::zero())]));
                path.push(('L', vec![Point::new(w, h)]));
                path.push(('L', vec![Point::new(Abs::zero(), h)]));
                path.push(('C', vec![]));
            }
            Geometry::Curve(curve) => {
                for item in &curve.0 {
                    path.push(match item {
                        CurveItem::Move(p) => ('M', vec![*p]),
                        CurveItem::Line(p) => ('L', vec![*p]),
                        CurveItem::Cubic(a, b, c) => ('B', vec![*a, *b, *c]),
                        CurveItem::Close => ('C', vec![]),
                    });
                }
            }
        }
        // Points on the page, in millimetres.
        let mm: Vec<(char, Vec<(f64, f64)>)> = path
            .into_iter()
            .map(|(op, pts)| {
                let pts = pts
                    .into_iter()
                    .map(|p| {
                        let q = p.transform(ts);
                        (q.x.to_mm(), q.y.to_mm())
                    })
                    .collect();
                (op, pts)
            })
            .collect();
        let all: Vec<(f64, f64)> = mm.iter().flat_map(|(_, p)| p.iter().copied()).collect();
        if all.is_empty() {
            return Ok(());
        }
        let scale = (ts.sx.get() * ts.sy.get() - ts.kx.get() * ts.ky.get())
            .abs()
            .sqrt();
        let width = s
            .stroke
            .as_ref()
            .map_or(0.0, |st| st.thickness.to_mm() * scale);
        let pad = width / 2.0
            * s.stroke
                .as_ref()
                .map_or(1.0, |st| st.miter_limit.get().max(1.0))
            + 0.01;
        let x0 = all.iter().map(|p| p.0).fold(f64::INFINITY, f64::min) - pad;
        let y0 = all.iter().map(|p| p.1).fold(f64::INFINITY, f64::min) - pad;
        let x1 = all.iter().map(|p| p.0).fold(f64::NEG_INFINITY, f64::max) + pad;
        let y1 = all.iter().map(|p| p.1).fold(f64::NEG_INFINITY, f64::max) + pad;
        let id = self.id();
        let _ = write!(
            out,
            "<ofd:PathObject ID=\"{id}\" Boundary=\"{} {} {} {}\"",
            num(x0),
            num(y0),
            num(x1 - x0),
            num(y1 - y0)
        );
        let _ = write!(
            out,
            " Stroke=\"{}\" Fill=\"{}\"",
            s.stroke.is_some(),
            s.fill.is_some()
        );
        if s.fill.is_some() && s.fill_rule == FillRule::EvenOdd {
            out.push_str(" Rule=\"Even-Odd\"");
        }
        if let Some(st) = &s.stroke {
            stroke_attrs(out, st, width, scale);
        }
        out.push('>');
        // CT_Path's order: StrokeColor, FillColor, AbbreviatedData.
        if let Some(st) = &s.stroke
            && let Some(c) = colour(&st.paint)?
        {
            let _ = write!(out, "<ofd:StrokeColor {c}/>");
        }
        if let Some(fill) = &s.fill
            && let Some(c) = colour(fill)?
        {
            let _ = write!(out, "<ofd:FillColor {c}/>");
        }
        out.push_str("<ofd:AbbreviatedData>");
        let mut first = true;
        for (op, pts) in &mm {
            if !first {
                out.push(' ');
            }
            first = false;
            out.push(*op);
            for (x, y) in pts {
                let _ = write!(out, " {} {}", num(x - x0), num(y - y0));
            }
        }
        out.push_str("</ofd:AbbreviatedData></ofd:PathObject>");
        Ok(())
    }

    fn image(
        &mut self,
        out: &mut String,
        image: &Image,
        size: Size,
        ts: Transform,
    ) -> Result<(), String> {
        let ImageKind::Raster(raster) = image.kind() else {
            return Err("a vector picture (SVG or PDF) cannot go into the OFD yet".into());
        };
        let ext = match raster.format() {
            RasterFormat::Exchange(ExchangeFormat::Png) => "png",
            RasterFormat::Exchange(ExchangeFormat::Jpg) => "jpg",
            _ => {
                return Err("only PNG and JPEG pictures can go into the OFD (GB/T 42133 lists the formats an archived page may hold)".into());
            }
        };
        let bytes = raster.data().as_slice();
        let key = typst::utils::hash128(bytes);
        let at = match self.image_at.get(&key) {
            Some(&i) => i,
            None => {
                let id = self.id();
                self.images.push(ImageRes {
                    id,
                    bytes: bytes.to_vec(),
                    ext,
                });
                self.image_at.insert(key, self.images.len() - 1);
                self.images.len() - 1
            }
        };
        let res = self.images[at].id;
        let (w, h) = (size.x.to_mm(), size.y.to_mm());
        let (bx, by, bw, bh, _) = boundary(ts, 0.0, 0.0, w, h);
        let ctm = format!(
            "{} {} {} {} {} {}",
            num(ts.sx.get() * w),
            num(ts.ky.get() * w),
            num(ts.kx.get() * h),
            num(ts.sy.get() * h),
            num(ts.tx.to_mm() - bx),
            num(ts.ty.to_mm() - by)
        );
        let id = self.id();
        let _ = write!(
            out,
            "<ofd:ImageObject ID=\"{id}\" Boundary=\"{} {} {} {}\" CTM=\"{ctm}\" ResourceID=\"{res}\"/>",
            num(bx),
            num(by),
            num(bw),
            num(bh)
        );
        Ok(())
    }
}

/// The page box of the local rectangle (x0, y0)–(x1, y1) (mm) under `ts`, and the `CTM`
/// attribute that places local coordinates in it (empty when `ts` only translates: the
/// caller then offsets its coordinates itself).
fn boundary(ts: Transform, x0: f64, y0: f64, x1: f64, y1: f64) -> (f64, f64, f64, f64, String) {
    let corners = [(x0, y0), (x1, y0), (x1, y1), (x0, y1)].map(|(x, y)| {
        let p = Point::new(Abs::mm(x), Abs::mm(y)).transform(ts);
        (p.x.to_mm(), p.y.to_mm())
    });
    let bx = corners.iter().map(|p| p.0).fold(f64::INFINITY, f64::min);
    let by = corners.iter().map(|p| p.1).fold(f64::INFINITY, f64::min);
    let ex = corners
        .iter()
        .map(|p| p.0)
        .fold(f64::NEG_INFINITY, f64::max);
    let ey = corners
        .iter()
        .map(|p| p.1)
        .fold(f64::NEG_INFINITY, f64::max);
    let ctm = if ts.is_only_translate() {
        String::new()
    } else {
        format!(
            " CTM=\"{} {} {} {} {} {}\"",
            num(ts.sx.get()),
            num(ts.ky.get()),
            num(ts.kx.get()),
            num(ts.sy.get()),
            num(ts.tx.to_mm() - bx),
            num(ts.ty.to_mm() - by)
        )
    };
    (bx, by, (ex - bx).max(0.001), (ey - by).max(0.001), ctm)
}

fn stroke_attrs(out: &mut String, st: &FixedStroke, width: f64, scale: f64) {
    let _ = write!(out, " LineWidth=\"{}\"", num(width));
    match st.cap {
        LineCap::Butt => {}
        LineCap::Round => out.push_str(" Cap=\"Round\""),
        LineCap::Square => out.push_str(" Cap=\"Square\""),
    }
    match st.join {
        LineJoin::Miter => {}
        LineJoin::Round => out.push_str(" Join=\"Round\""),
        LineJoin::Bevel => out.push_str(" Join=\"Bevel\""),
    }
    let _ = write!(out, " MiterLimit=\"{}\"", num(st.miter_limit.get()));
    if let Some(dash) = &st.dash {
        let pattern: Vec<String> = dash.array.iter().map(|d| num(d.to_mm() * scale)).collect();
        if !pattern.is_empty() {
            let _ = write!(
                out,
                " DashOffset=\"{}\" DashPattern=\"{}\"",
                num(dash.phase.to_mm() * scale),
                pattern.join(" ")
            );
        }
    }
}

/// A solid paint as `Value="r g b"` (and `Alpha` when not opaque); `None` for a fully
/// transparent one.
fn colour(paint: &Paint) -> Result<Option<String>, String> {
    let Paint::Solid(c) = paint else {
        return Err(
            "the OFD writer draws solid colours only (a gradient or a tiling was used)".into(),
        );
    };
    let rgb = c.to_rgb();
    let byte = |v: f32| (v.clamp(0.0, 1.0) * 255.0).round() as u8;
    let (r, g, b, a) = (
        byte(rgb.red),
        byte(rgb.green),
        byte(rgb.blue),
        byte(rgb.alpha),
    );
    if a == 0 {
        return Ok(None);
    }
    let mut s = format!("Value=\"{r} {g} {b}\"");
    if a < 255 {
        let _ = write!(s, " Alpha=\"{a}\"");
    }
    Ok(Some(s))
}
