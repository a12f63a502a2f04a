//! `build --review`: the tree's remarks (`doc::Remark`, placed by `builder::review`) as Word
//! comments by gongwen, each around the runs of its place. Nothing here decides a place: a
//! remark names its block and the part of it, and the writer only finds that paragraph.

use docx_rs::{
    BreakType, Comment, CommentRangeEnd, CommentRangeStart, DocumentChild, Docx, Paragraph,
    ParagraphChild, Run, TableCellContent, TableChild, TableRowChild,
};

use super::ParaIds;
use super::body::tabbed;
use crate::doc::{Anchor, Document, REVIEW_AUTHOR, Remark};

/// The remarks of a document being written, each made a comment once.
pub struct Remarks<'a> {
    list: Vec<(usize, &'a Remark)>,
    date: String,
}

impl<'a> Remarks<'a> {
    /// The remarks of `doc`, numbered in order (the comment ids), dated with the document.
    pub fn new(doc: &'a Document) -> Self {
        let date = doc.meta.date.map_or("2000-01-01".into(), |d| d.iso());
        Remarks {
            list: doc.remarks.iter().enumerate().collect(),
            date: format!("{date}T00:00:00Z"),
        }
    }

    /// The comments anchored at `at`, made with paragraph ids from `ids`.
    pub fn at(&self, at: &Anchor, ids: &mut ParaIds) -> Vec<Comment> {
        self.list
            .iter()
            .filter(|(_, r)| r.at == *at)
            .map(|(id, r)| self.comment(*id, r, ids))
            .collect()
    }

    /// The text ranges of block `block`'s paragraph with their comments, by where they start.
    pub fn in_text(
        &self,
        block: usize,
        ids: &mut ParaIds,
    ) -> Vec<(std::ops::Range<usize>, Comment)> {
        let mut out: Vec<_> = self
            .list
            .iter()
            .filter_map(|(id, r)| match &r.at {
                Anchor::Text { block: b, range } if *b == block => {
                    Some((range.clone(), self.comment(*id, r, ids)))
                }
                _ => None,
            })
            .collect();
        out.sort_by_key(|(r, _)| (r.start, r.end));
        out
    }

    /// Whether any remark stands in block `block` (its paragraphs are then looked at).
    pub fn any_in(&self, block: usize) -> bool {
        self.list.iter().any(|(_, r)| match &r.at {
            Anchor::Title => false,
            Anchor::Heading(b) | Anchor::Caption(b) | Anchor::Block(b) => *b == block,
            Anchor::Text { block: b, .. }
            | Anchor::Cell { block: b, .. }
            | Anchor::Line { block: b, .. } => *b == block,
        })
    }

    /// One paragraph, its lines separated by line breaks: docx-rs lists a comment once for
    /// each of its paragraphs.
    fn comment(&self, id: usize, r: &Remark, ids: &mut ParaIds) -> Comment {
        let mut run = Run::new();
        for (i, line) in r.text.iter().enumerate() {
            if i > 0 {
                run = run.add_break(BreakType::TextWrapping);
            }
            run = tabbed(run, line);
        }
        Comment::new(id)
            .author(REVIEW_AUTHOR)
            .date(&self.date)
            .add_paragraph(Paragraph::new().id(ids.next()).add_run(run))
    }
}

/// `para` with `comments` around its children `from..to` (all of them when `to` is `None`).
pub fn around(
    mut para: Paragraph,
    from: usize,
    to: Option<usize>,
    comments: Vec<Comment>,
) -> Paragraph {
    let to = to.unwrap_or(para.children.len()).min(para.children.len());
    let ids: Vec<usize> = comments.iter().map(Comment::id).collect();
    for id in ids.iter().rev() {
        para.children
            .insert(to, ParagraphChild::CommentEnd(CommentRangeEnd::new(*id)));
    }
    for c in comments.into_iter().rev() {
        para.children.insert(
            from.min(para.children.len()),
            ParagraphChild::CommentStart(Box::new(CommentRangeStart::new(c))),
        );
    }
    para
}

/// Puts the comments of block `block` on the document children `from..` it was written as:
/// a heading's paragraph (`heading`: the block is a heading standing alone), a caption, a
/// table cell, a block's first paragraph.
/// (A paragraph's text ranges are put on while its runs are written: `notes::add_text`.)
pub fn place(
    mut docx: Docx,
    from: usize,
    block: usize,
    heading: bool,
    remarks: &Remarks,
    ids: &mut ParaIds,
) -> Docx {
    let children = &mut docx.document.children;
    let paragraphs: Vec<usize> = (from..children.len())
        .filter(|&i| matches!(children[i], DocumentChild::Paragraph(_)))
        .collect();
    let table = (from..children.len()).find(|&i| matches!(children[i], DocumentChild::Table(_)));
    let mut wrap = |i: usize, comments: Vec<Comment>| {
        if comments.is_empty() {
            return;
        }
        if let Some(DocumentChild::Paragraph(p)) = children.get_mut(i) {
            let para = std::mem::take(&mut **p);
            **p = around(para, 0, None, comments);
        }
    };
    // A table's or a chart's caption: the paragraph after a chart's picture, before a table.
    let caption = match table {
        Some(t) => paragraphs.iter().copied().find(|&i| i < t),
        None => paragraphs.get(1).copied().or(paragraphs.first().copied()),
    };
    if let Some(i) = caption {
        wrap(i, remarks.at(&Anchor::Caption(block), ids));
    }
    if let Some(&first) = paragraphs.first() {
        // A paragraph's run-in heading has its comments already (`body::add_on_list`).
        if heading {
            wrap(first, remarks.at(&Anchor::Heading(block), ids));
        }
        if table.is_none() {
            wrap(first, remarks.at(&Anchor::Block(block), ids));
        }
    }
    if let Some(t) = table
        && let Some(DocumentChild::Table(table)) = children.get_mut(t)
    {
        let mut block_comments = remarks.at(&Anchor::Block(block), ids);
        for (row, TableChild::TableRow(r)) in table.rows.iter_mut().enumerate() {
            for (cell, TableRowChild::TableCell(c)) in r.cells.iter_mut().enumerate() {
                let mut comments = remarks.at(&Anchor::Cell { block, row, cell }, ids);
                comments.append(&mut block_comments);
                if comments.is_empty() {
                    continue;
                }
                if let Some(TableCellContent::Paragraph(p)) = c.children.first_mut() {
                    let para = std::mem::take(&mut **p);
                    **p = around(para, 0, None, comments);
                }
            }
        }
    }
    docx
}
