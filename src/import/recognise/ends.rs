//! The two ends of a report: the title lines before the body, and the signature, date and
//! closing lines after it.

use super::{Kind, MAX_TITLE_CHARS, Para, Recogniser, date, is_closing_line, is_office, number};

impl Recogniser {
    /// Takes the title lines off the start: Title paragraphs; lines equal to `given`; or the
    /// first short lines that are centred, large or in a title font, or up to one ending in 报告.
    pub(super) fn title(&mut self, mut paras: Vec<Para>, given: &str) -> Vec<Para> {
        let styled = paras.iter().take_while(|p| p.kind == Kind::Title).count();
        if styled > 0 {
            for p in paras.drain(..styled) {
                self.outline
                    .title
                    .extend(p.text.lines().map(|l| l.trim().to_string()));
            }
            return paras;
        }
        if !given.is_empty() {
            for n in 1..=paras.len().min(3) {
                let joined: String = paras[..n].iter().map(|p| p.text.as_str()).collect();
                if joined == given && paras.len() > n {
                    self.outline.title = paras.drain(..n).map(|p| p.text).collect();
                    return paras;
                }
            }
            if let Some(first) = paras.first_mut()
                && let Some(rest) = first.text.strip_prefix(given)
                && rest.starts_with(char::is_whitespace)
            {
                first.text = rest.trim().to_string();
                self.outline.title = vec![given.to_string()];
                return paras;
            }
        }
        let candidate = |p: &Para| {
            p.kind == Kind::Body
                && p.table.is_none()
                && p.text.chars().count() <= MAX_TITLE_CHARS
                && !p.text.contains(|c| "。，,；;：:！!？?".contains(c))
                && number(&p.text).is_none()
                && date(&p.text).is_none()
        };
        let leading = paras.iter().take(4).take_while(|p| candidate(p)).count();
        let ends = paras[..leading]
            .iter()
            .position(|p| p.text.ends_with("报告"))
            .map(|i| i + 1);
        let looks = paras[..leading]
            .iter()
            .take_while(|p| p.look.centred || p.look.large || p.look.title_font)
            .count();
        let n = ends.unwrap_or(0).max(looks);
        if n > 0 && paras.len() > n {
            self.outline.title = paras.drain(..n).map(|p| p.text).collect();
        }
        paras
    }

    /// Takes the closing off the end: labelled lines (责任编辑：…), the short lines after a
    /// signature set off on the right, and the signature block (a short line set off or
    /// naming an office, a date line). Returns where the body ends.
    pub(super) fn closing(&mut self, paras: &[Para], office: &str) -> usize {
        let plain = |p: &Para| p.kind == Kind::Body && p.table.is_none();
        let short = |p: &Para| {
            p.text.chars().count() <= 40 && !p.text.contains(|c| "。，,；;！!？?".contains(c))
        };
        let sig_ish = |p: &Para| {
            plain(p)
                && (date(&p.text).is_some()
                    || is_office(&p.text, office)
                    || (p.look.set_off && short(p)))
        };
        let mut end = paras.len();
        // After a signature set off on the right, the short lines are closing lines.
        let set_off = (1..paras.len())
            .rev()
            .take_while(|&i| plain(&paras[i]))
            .find(|&i| paras[i].look.set_off && short(&paras[i]));
        let mut lines: Vec<String> = Vec::new();
        if let Some(i) = set_off
            && paras[i + 1..]
                .iter()
                .all(|p| p.text.chars().count() <= 80 && !sig_ish(p))
        {
            lines = paras[i + 1..].iter().map(|p| p.text.clone()).collect();
            end = i + 1;
        } else {
            while end > 1 && plain(&paras[end - 1]) && is_closing_line(&paras[end - 1].text) {
                end -= 1;
            }
            lines.extend(paras[end..].iter().map(|p| p.text.clone()));
        }
        let mut start = end;
        while start > 1 && sig_ish(&paras[start - 1]) {
            start -= 1;
        }
        let mut extra = Vec::new();
        for p in &paras[start..end] {
            match (self.outline.date, date(&p.text)) {
                (None, Some(d)) => {
                    self.outline.date = Some(d);
                    if d.chinese() != p.text {
                        let d = self
                            .warn(p, format!("the date line is printed as {}", d.chinese()), None)
                            .label("read as the signing date")
                            .hint("the date is kept as a date (date = ...) and printed in the usual form");
                        self.warnings.push(d);
                    }
                }
                _ if self.outline.signature.is_none() => {
                    self.outline.signature = Some(p.text.clone())
                }
                _ => extra.push(p.text.clone()),
            }
        }
        extra.extend(lines);
        self.outline.closing_lines = extra;
        start
    }
}
