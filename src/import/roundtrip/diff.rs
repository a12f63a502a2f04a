//! What changed between two texts, line by line, as a person reads it: unified-diff hunks with
//! a line of context, long changed lines cut to the words around the change.

/// The lines that differ between `old` and `new`, as unified-diff hunks with one line of
/// context; a changed long line is cut to the words around the change. Empty when equal.
pub fn lines(old: &str, new: &str) -> String {
    let a: Vec<&str> = old.lines().collect();
    let b: Vec<&str> = new.lines().collect();
    let ops = line_ops(&a, &b);
    let mut out = String::new();
    let mut i = 0;
    while i < ops.len() {
        if matches!(ops[i], Op::Same(..)) {
            i += 1;
            continue;
        }
        // A hunk: changes with at most two unchanged lines between them.
        let start = i.saturating_sub(1);
        let mut end = i;
        while end < ops.len() {
            if matches!(ops[end], Op::Same(..)) {
                let run = ops[end..]
                    .iter()
                    .take_while(|o| matches!(o, Op::Same(..)))
                    .count();
                if run > 2 || end + run == ops.len() {
                    end = (end + 1).min(ops.len());
                    break;
                }
                end += run;
            } else {
                end += 1;
            }
        }
        let (line_a, line_b) = match ops[start] {
            Op::Same(x, y) => (x + 1, y + 1),
            Op::Del(x) => (
                x + 1,
                ops[start..]
                    .iter()
                    .find_map(Op::new_line)
                    .unwrap_or(b.len())
                    + 1,
            ),
            Op::Add(y) => (
                ops[start..]
                    .iter()
                    .find_map(Op::old_line)
                    .unwrap_or(a.len())
                    + 1,
                y + 1,
            ),
        };
        out.push_str(&format!("@@ line {line_a} → line {line_b} @@\n"));
        let hunk = &ops[start..end];
        let (mut dels, mut adds) = (Vec::new(), Vec::new());
        for op in hunk {
            match op {
                Op::Del(x) => dels.push(*x),
                Op::Add(y) => adds.push(*y),
                Op::Same(..) => {}
            }
        }
        let (mut d, mut n) = (0, 0);
        for op in hunk {
            match op {
                Op::Same(x, _) => out.push_str(&format!("  {}\n", cut(a[*x], 60))),
                Op::Del(x) => {
                    let pair = adds.get(d).map(|y| b[*y]);
                    out.push_str(&format!("- {}\n", shown(a[*x], pair)));
                    d += 1;
                }
                Op::Add(y) => {
                    let pair = dels.get(n).map(|x| a[*x]);
                    out.push_str(&format!("+ {}\n", shown(b[*y], pair)));
                    n += 1;
                }
            }
        }
        i = end;
    }
    out
}

/// One step of a line diff.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Op {
    /// Line `0` of the old text is line `1` of the new.
    Same(usize, usize),
    /// Old line removed.
    Del(usize),
    /// New line added.
    Add(usize),
}

impl Op {
    fn old_line(&self) -> Option<usize> {
        match self {
            Op::Same(x, _) | Op::Del(x) => Some(*x),
            Op::Add(_) => None,
        }
    }
    fn new_line(&self) -> Option<usize> {
        match self {
            Op::Same(_, y) | Op::Add(y) => Some(*y),
            Op::Del(_) => None,
        }
    }
}

/// The longest common subsequence of lines, between an unchanged head and tail. A middle too
/// large to compare is shown as removed and added whole.
fn line_ops(a: &[&str], b: &[&str]) -> Vec<Op> {
    let head = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    let (ma, mb) = (&a[head..a.len() - tail], &b[head..b.len() - tail]);
    let mut ops: Vec<Op> = (0..head).map(|i| Op::Same(i, i)).collect();
    if ma.len().saturating_mul(mb.len()) > 4_000_000 {
        ops.extend((0..ma.len()).map(|i| Op::Del(head + i)));
        ops.extend((0..mb.len()).map(|j| Op::Add(head + j)));
    } else {
        // lcs[i][j]: the common length of ma[i..] and mb[j..].
        let w = mb.len() + 1;
        let mut lcs = vec![0u32; (ma.len() + 1) * w];
        for i in (0..ma.len()).rev() {
            for j in (0..mb.len()).rev() {
                lcs[i * w + j] = if ma[i] == mb[j] {
                    lcs[(i + 1) * w + j + 1] + 1
                } else {
                    lcs[(i + 1) * w + j].max(lcs[i * w + j + 1])
                };
            }
        }
        let (mut i, mut j) = (0, 0);
        while i < ma.len() || j < mb.len() {
            if i < ma.len() && j < mb.len() && ma[i] == mb[j] {
                ops.push(Op::Same(head + i, head + j));
                i += 1;
                j += 1;
            } else if i < ma.len() && (j == mb.len() || lcs[(i + 1) * w + j] >= lcs[i * w + j + 1])
            {
                ops.push(Op::Del(head + i));
                i += 1;
            } else {
                ops.push(Op::Add(head + j));
                j += 1;
            }
        }
    }
    let (ta, tb) = (a.len() - tail, b.len() - tail);
    ops.extend((0..tail).map(|k| Op::Same(ta + k, tb + k)));
    ops
}

/// How many items `a` and `b` share at their start, and then at their end (not overlapping).
pub fn common_ends<T: PartialEq>(a: &[T], b: &[T]) -> (usize, usize) {
    let head = a.iter().zip(b).take_while(|(x, y)| x == y).count();
    let tail = a[head..]
        .iter()
        .rev()
        .zip(b[head..].iter().rev())
        .take_while(|(x, y)| x == y)
        .count();
    (head, tail)
}

/// A changed line as shown: around its difference from `pair` (the line it replaces or is
/// replaced by) when there is one, else its beginning.
fn shown(line: &str, pair: Option<&str>) -> String {
    const AROUND: usize = 12;
    let Some(other) = pair else {
        return cut(line, 60);
    };
    let c: Vec<char> = line.chars().collect();
    let o: Vec<char> = other.chars().collect();
    let (pre, suf) = common_ends(&c, &o);
    let from = pre.saturating_sub(AROUND);
    let to = (c.len() - suf + AROUND).min(c.len());
    let mut s = String::new();
    if from > 0 {
        s.push('…');
    }
    s.extend(&c[from..to]);
    if to < c.len() {
        s.push('…');
    }
    s
}

/// The first `n` characters of `line`, with `…` when it is longer.
fn cut(line: &str, n: usize) -> String {
    let mut s: String = line.chars().take(n).collect();
    if line.chars().count() > n {
        s.push('…');
    }
    s
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn long_changed_lines_are_cut_around_the_change() {
        let old = format!("a\n{}甲{}\nb", "一".repeat(50), "二".repeat(50));
        let new = format!("a\n{}乙{}\nb", "一".repeat(50), "二".repeat(50));
        let d = lines(&old, &new);
        assert_eq!(
            d,
            format!(
                "@@ line 1 → line 1 @@\n  a\n- …{}甲{}…\n+ …{}乙{}…\n  b\n",
                "一".repeat(12),
                "二".repeat(12),
                "一".repeat(12),
                "二".repeat(12)
            )
        );
        assert_eq!(lines("x\ny", "x\ny"), "");
    }
}
