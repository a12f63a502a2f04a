//! The report's data as the section builder meets it: figures cited in text, tables and charts
//! placed by their lines, the national form's tables, and — once the document is built — the
//! consistency checks with every citation known.

use std::collections::{BTreeMap, BTreeSet};
use std::sync::Arc;

use super::checks;
use super::cite::{self, Citation, Kind};
use super::figures::Figures;
use super::stated::{self, Said};
use super::tables::{self, Spec};
use super::{charts, forms};
use crate::diag::{Diagnostic, SourceFile};
use crate::doc::{Block, Heading, Note, Origin, Paragraph};
use crate::layout::Layout;
use crate::model::Report;

/// Figures, tables, charts and checks while the document is built.
pub struct Data<'a> {
    file: Arc<SourceFile>,
    report: &'a Report,
    layout: &'a Layout,
    /// Every figure, computed.
    pub figures: Figures,
    specs: BTreeMap<String, Spec>,
    placed: BTreeSet<(&'static str, String)>,
    tables: usize,
    charts: usize,
    citations: Vec<Citation>,
    form_breaks: Vec<Diagnostic>,
    form: Option<&'a crate::forms::Form>,
    /// Every cell of the form, for the text's phrases, `check --previous` and `export`.
    form_cells: Option<forms::FormCells>,
    /// Every paragraph, as printed, for the phrases that state the form's cells.
    said: Vec<Said>,
    heads: Vec<String>,
    notes: u32,
}

impl<'a> Data<'a> {
    /// Reads the figures, the tables and the form; problems are pushed.
    pub fn new(
        file: &Arc<SourceFile>,
        report: &'a Report,
        layout: &'a Layout,
        form: Option<&'a crate::forms::Form>,
        problems: &mut Vec<Diagnostic>,
    ) -> Data<'a> {
        let figures = if report.figures.is_empty() {
            Figures::default()
        } else {
            Figures::read(file, problems)
        };
        let mut specs: BTreeMap<String, Spec> = report
            .table
            .iter()
            .map(|(name, def)| {
                (
                    name.get_ref().clone(),
                    Spec::from_def(file, name, def, layout, problems),
                )
            })
            .collect();
        let mut form_breaks = Vec::new();
        let mut form_cells = None;
        if let (Some(def), Some(form)) = (&report.form, form) {
            let built = forms::build(file, form, def, &figures, problems);
            let names: Vec<&str> = form.tables.iter().map(|t| t.name.as_str()).collect();
            let names = names.join(", ");
            for (name, spec) in built.tables {
                if specs.contains_key(&name) {
                    problems.push(
                        Diagnostic::error(format!(
                            "table `{name}` is both a [table.{name}] and a table of the [form]"
                        ))
                        .at(
                            file,
                            report
                                .table
                                .get_key_value(name.as_str())
                                .map_or(def.kind.span(), |(k, _)| k.span()),
                        )
                        .hint(format!(
                            "rename the report's own table: the form's tables are {names}"
                        )),
                    );
                    continue;
                }
                specs.insert(name, spec);
            }
            form_breaks = built.breaks;
            form_cells = Some(built.cells);
        }
        Data {
            file: file.clone(),
            report,
            layout,
            figures,
            specs,
            placed: BTreeSet::new(),
            tables: 0,
            charts: 0,
            citations: Vec::new(),
            form_breaks,
            form,
            form_cells,
            said: Vec::new(),
            heads: Vec::new(),
            notes: 0,
        }
    }

    /// Enters a section whose heading prints `heading` (for the places of citations).
    pub fn enter(&mut self, heading: String) {
        self.heads.push(heading);
    }

    /// Leaves the section entered last.
    pub fn leave(&mut self) {
        self.heads.pop();
    }

    fn place(&self) -> String {
        if self.heads.is_empty() {
            "the text before the first heading".into()
        } else {
            format!("section {}", self.heads.join(" › "))
        }
    }

    /// `text` with its citations replaced by the figures as printed.
    pub fn text(&mut self, text: &str, origin: &Origin, problems: &mut Vec<Diagnostic>) -> String {
        let place = self.place();
        cite::resolve(
            &self.file,
            text,
            origin,
            &self.figures,
            &place,
            &mut self.citations,
            problems,
        )
    }

    /// A paragraph of running text: its citations resolved and its footnotes (`{note:…}`)
    /// taken out, each numbered in the report's order and anchored where it stood.
    pub fn paragraph(
        &mut self,
        lead: Option<Heading>,
        line: &str,
        origin: Origin,
        problems: &mut Vec<Diagnostic>,
    ) -> Paragraph {
        let mut text = String::new();
        let mut notes = Vec::new();
        let mut from = 0;
        for (whole, words) in cite::notes(line) {
            text.push_str(&self.text(&line[from..whole.start], &origin, problems));
            let here = Origin(cite::span_of(&origin, line, words.clone()));
            let raw = line[words].trim();
            if raw.is_empty() {
                let d = Diagnostic::error("an empty footnote");
                problems.push(match &here.0 {
                    Some((f, r)) => d.at(f, r.clone()),
                    None => d.in_file(&self.file),
                }
                .hint("write the note's words after `note:`, e.g. {note:数据截至2015年12月31日}, or delete it"));
            }
            let words = self.text(raw, &here, problems);
            self.notes += 1;
            notes.push(Note {
                at: text.len(),
                number: self.notes,
                text: words,
                origin: here,
            });
            from = whole.end;
        }
        text.push_str(&self.text(&line[from..], &origin, problems));
        self.said.push(Said {
            text: text.clone(),
            origin: origin.clone(),
        });
        Paragraph {
            lead,
            text,
            origin,
            notes,
        }
    }

    /// A line of running text as a block: a table or chart when the line places one, else a
    /// paragraph with its citations resolved. `None` when the placement failed.
    pub fn block(
        &mut self,
        line: &str,
        origin: Origin,
        problems: &mut Vec<Diagnostic>,
    ) -> Option<Block> {
        let Some((kind, name)) = cite::placement(line) else {
            return Some(Block::Paragraph(
                self.paragraph(None, line, origin, problems),
            ));
        };
        let span = cite::span_of(&origin, line, 0..line.len());
        let at = |d: Diagnostic| match &span {
            Some((f, r)) => d.at(f, r.clone()),
            None => d.in_file(&self.file),
        };
        let known: Vec<&String> = match kind {
            Kind::Table => self.specs.keys().collect(),
            Kind::Chart => self.report.chart.keys().map(|k| k.get_ref()).collect(),
        };
        if !known.iter().any(|k| k.as_str() == name) {
            let list = if known.is_empty() {
                format!(
                    "the report declares no {}s: add a [{}.{name}] table",
                    kind.word(),
                    kind.word()
                )
            } else {
                format!(
                    "the {}s are {}",
                    kind.word(),
                    known
                        .iter()
                        .map(|k| format!("`{k}`"))
                        .collect::<Vec<_>>()
                        .join(", ")
                )
            };
            problems.push(at(Diagnostic::error(format!(
                "unknown {} `{name}`",
                kind.word()
            ))
            .label("placed here")
            .hint(list)));
            return None;
        }
        if !self.placed.insert((kind.word(), name.to_string())) {
            problems.push(at(Diagnostic::error(format!(
                "{} `{name}` is placed twice",
                kind.word()
            ))
            .hint(
                "a table or chart stands once in the report; remove one of the lines",
            )));
            return None;
        }
        match kind {
            Kind::Table => {
                let spec = &self.specs[name];
                let number = spec.caption.as_ref().map(|_| {
                    self.tables += 1;
                    self.layout.captions.table_number(self.tables)
                });
                let mut cx = tables::Context {
                    file: &self.file,
                    figures: &self.figures,
                    citations: &mut self.citations,
                    layout: self.layout,
                };
                let built = spec.build(name, number, &mut cx, problems);
                if let (Some(t), Some(cells)) = (&built, &mut self.form_cells)
                    && let Some(tc) = cells.tables.iter_mut().find(|tc| tc.name == name)
                {
                    tc.printed = Some(t.clone());
                }
                built.map(Block::Table)
            }
            Kind::Chart => {
                let (key, def) = self
                    .report
                    .chart
                    .get_key_value(name)
                    .expect("a known chart");
                let number = def.caption.as_ref().map(|_| {
                    self.charts += 1;
                    self.layout.captions.chart_number(self.charts)
                });
                charts::build(
                    &self.file,
                    key,
                    def,
                    number,
                    &self.figures,
                    self.layout,
                    &mut self.citations,
                    problems,
                )
                .map(Block::Chart)
            }
        }
    }

    /// Warns of every declared figure that nothing uses: no citation in text, cells or the
    /// form, no chart, no other figure's formula and no check names it.
    fn uncited(&self, problems: &mut Vec<Diagnostic>) {
        let list = &self.figures.list;
        let mut used = vec![false; list.len()];
        let mut mark = |name: &str, group: &str| {
            if let Some(i) = self.figures.lookup(name, group) {
                used[i] = true;
            }
        };
        for c in &self.citations {
            mark(&c.figure, "");
        }
        for f in list {
            for n in f.formula.iter().flat_map(|f| f.names()) {
                mark(&n.text, &f.group);
            }
        }
        for chart in self.report.chart.values() {
            for d in chart.data.get_ref() {
                if let Some(name) = &d.figure {
                    mark(name, "");
                }
            }
        }
        for check in &self.report.check {
            let figure = check.figure.get_ref();
            let group = figure.rsplit_once('.').map_or("", |(g, _)| g);
            mark(figure, "");
            let names = check
                .sum
                .iter()
                .flat_map(|s| s.get_ref().iter().cloned())
                .chain(check.share.iter().flat_map(|s| s.get_ref().iter().cloned()))
                .chain(check.diff.iter().flat_map(|s| s.get_ref().iter().cloned()))
                .chain(check.expr.iter().flat_map(|e| {
                    e.get_ref()
                        .split(|c: char| !super::expr::name_char(c))
                        .filter(|w| !w.is_empty())
                        .map(str::to_string)
                        .collect::<Vec<_>>()
                }));
            for n in names {
                mark(&n, group);
            }
        }
        for (f, used) in list.iter().zip(used) {
            if !used {
                problems.push(
                    Diagnostic::warning(format!(
                        "figure `{}` is declared but nothing cites it",
                        f.path
                    ))
                    .at(&self.file, f.span.clone())
                    .hint(format!(
                        "cite it as {{{}}} where the report gives it, or remove it",
                        f.path
                    )),
                );
            }
        }
    }

    /// Where the report declares table or chart `name`: its name's key, or the form's `kind`
    /// for a table of the national form.
    fn declared(&self, kind: &str, name: &str) -> std::ops::Range<usize> {
        let key = match kind {
            "chart" => self.report.chart.get_key_value(name).map(|(k, _)| k.span()),
            _ => self.report.table.get_key_value(name).map(|(k, _)| k.span()),
        };
        key.or_else(|| self.report.form.as_ref().map(|f| f.kind.span()))
            .unwrap_or(0..0)
    }

    /// After the document is built: tables and charts never placed, and every check; with
    /// the form's cells.
    pub fn finish(
        self,
        problems: &mut Vec<Diagnostic>,
    ) -> (Vec<Diagnostic>, Option<forms::FormCells>) {
        for (kind, names) in [
            ("table", self.specs.keys().collect::<Vec<_>>()),
            (
                "chart",
                self.report.chart.keys().map(|k| k.get_ref()).collect(),
            ),
        ] {
            for name in names {
                if !self.placed.contains(&(kind, name.clone())) {
                    let span = self.declared(kind, name);
                    problems.push(
                        Diagnostic::warning(format!(
                            "{kind} `{name}` is never placed, so it is not printed"
                        ))
                        .at(&self.file, span)
                        .hint(format!(
                            "add a line {{{kind}:{name}}} to the text where it belongs"
                        )),
                    );
                }
            }
        }
        self.uncited(problems);
        let mut breaks = self.form_breaks;
        breaks.extend(checks::figures(
            &self.file,
            &self.figures,
            &self.report.check,
            &self.citations,
            problems,
        ));
        if let (Some(form), Some(cells)) = (self.form, &self.form_cells) {
            let year = self
                .report
                .report
                .period
                .as_ref()
                .and_then(|p| p.get_ref().to.date)
                .map(|d| i32::from(d.year));
            breaks.extend(stated::check(&self.file, form, cells, &self.said, year));
        }
        (breaks, self.form_cells)
    }
}
