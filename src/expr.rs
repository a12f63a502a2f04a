//! The small expression language of derived figures and checks: `+ - * /`, parentheses,
//! numbers as written and figure names, e.g. `(declared - kept) / declared * 100`.
//!
//! A name is letters (any script), digits, `_`, `-` and `.`, starting with a letter or `_`;
//! a minus between names needs spaces around it (`a-b` is one name, as in TOML keys).

use std::ops::Range;

use crate::number::Dec;

/// A figure name in a formula, with its byte range in the report file.
#[derive(Debug, Clone, PartialEq)]
pub struct Name {
    /// The name as written (relative to the figure's group, or a full path).
    pub text: String,
    /// Where it is written.
    pub span: Range<usize>,
}

/// A binary operator.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Op {
    /// `+`
    Add,
    /// `-`
    Sub,
    /// `*`
    Mul,
    /// `/`
    Div,
}

impl Op {
    /// The operator as written.
    pub fn symbol(self) -> char {
        match self {
            Op::Add => '+',
            Op::Sub => '-',
            Op::Mul => '*',
            Op::Div => '/',
        }
    }
}

/// A parsed expression.
#[derive(Debug, Clone, PartialEq)]
pub enum Expr {
    /// A number as written.
    Num(Dec),
    /// A figure.
    Ref(Name),
    /// `-x`.
    Neg(Box<Expr>),
    /// `a op b`.
    Bin(Op, Box<Expr>, Box<Expr>),
}

impl Expr {
    /// Every figure the expression names, in order.
    pub fn names(&self) -> Vec<&Name> {
        let mut out = Vec::new();
        fn walk<'a>(e: &'a Expr, out: &mut Vec<&'a Name>) {
            match e {
                Expr::Num(_) => {}
                Expr::Ref(n) => out.push(n),
                Expr::Neg(x) => walk(x, out),
                Expr::Bin(_, a, b) => {
                    walk(a, out);
                    walk(b, out);
                }
            }
        }
        walk(self, &mut out);
        out
    }
}

/// A syntax error: what and where (a byte range in the report file).
#[derive(Debug, Clone, PartialEq)]
pub struct SyntaxError {
    /// What is wrong.
    pub message: String,
    /// Where.
    pub span: Range<usize>,
}

/// Whether `c` may continue a name.
pub fn name_char(c: char) -> bool {
    c.is_alphanumeric() || c == '_' || c == '-' || c == '.'
}

/// Whether `c` may start a name.
pub fn name_start(c: char) -> bool {
    c.is_alphabetic() || c == '_'
}

#[derive(Debug, Clone, PartialEq)]
enum Tok {
    Num(Dec),
    Name(String),
    Op(Op),
    Open,
    Close,
}

/// The most tokens an expression may have: every walk over an expression (its names, its
/// value) recurses at most this deep, whatever the input.
pub const MAX_TOKENS: usize = 1000;
/// The deepest an expression may nest parentheses and signs.
pub const MAX_NESTING: usize = 64;

/// Parses `text`, which stands at byte `base` of the report file (for the spans).
pub fn parse(text: &str, base: usize) -> Result<Expr, SyntaxError> {
    let toks = lex(text, base)?;
    if let Some((_, span)) = toks.get(MAX_TOKENS) {
        return Err(SyntaxError {
            message: format!("the expression has more than {MAX_TOKENS} numbers, names and signs"),
            span: span.clone(),
        });
    }
    let mut p = Parser {
        toks,
        at: 0,
        end: base + text.len(),
        depth: 0,
    };
    let e = p.sum()?;
    if let Some((_, span)) = p.toks.get(p.at) {
        return Err(SyntaxError {
            message: "unexpected text after the expression".into(),
            span: span.clone(),
        });
    }
    Ok(e)
}

fn lex(text: &str, base: usize) -> Result<Vec<(Tok, Range<usize>)>, SyntaxError> {
    let mut out = Vec::new();
    let mut it = text.char_indices().peekable();
    while let Some((i, c)) = it.next() {
        let tok = match c {
            c if c.is_whitespace() => continue,
            '+' => Tok::Op(Op::Add),
            '-' => Tok::Op(Op::Sub),
            '*' | '×' => Tok::Op(Op::Mul),
            '/' | '÷' => Tok::Op(Op::Div),
            '(' | '（' => Tok::Open,
            ')' | '）' => Tok::Close,
            c if c.is_ascii_digit() => {
                let mut end = i + 1;
                while let Some(&(j, d)) = it.peek() {
                    if d.is_ascii_digit() || d == '.' || d == '_' {
                        end = j + d.len_utf8();
                        it.next();
                    } else {
                        break;
                    }
                }
                let n = Dec::parse(&text[i..end]).map_err(|m| SyntaxError {
                    message: m,
                    span: base + i..base + end,
                })?;
                out.push((Tok::Num(n), base + i..base + end));
                continue;
            }
            c if name_start(c) => {
                let mut end = i + c.len_utf8();
                while let Some(&(j, d)) = it.peek() {
                    if name_char(d) {
                        end = j + d.len_utf8();
                        it.next();
                    } else {
                        break;
                    }
                }
                out.push((Tok::Name(text[i..end].to_string()), base + i..base + end));
                continue;
            }
            other => {
                return Err(SyntaxError {
                    message: format!(
                        "`{other}` has no meaning in an expression (use + - * / and parentheses)"
                    ),
                    span: base + i..base + i + other.len_utf8(),
                });
            }
        };
        out.push((tok, base + i..base + i + c.len_utf8()));
    }
    Ok(out)
}

struct Parser {
    toks: Vec<(Tok, Range<usize>)>,
    at: usize,
    end: usize,
    /// Parentheses and signs open around the token at `at`.
    depth: usize,
}

impl Parser {
    fn peek(&self) -> Option<&Tok> {
        self.toks.get(self.at).map(|t| &t.0)
    }

    fn sum(&mut self) -> Result<Expr, SyntaxError> {
        let mut left = self.product()?;
        while let Some(Tok::Op(op @ (Op::Add | Op::Sub))) = self.peek().cloned() {
            self.at += 1;
            let right = self.product()?;
            left = Expr::Bin(op, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn product(&mut self) -> Result<Expr, SyntaxError> {
        let mut left = self.factor()?;
        while let Some(Tok::Op(op @ (Op::Mul | Op::Div))) = self.peek().cloned() {
            self.at += 1;
            let right = self.factor()?;
            left = Expr::Bin(op, Box::new(left), Box::new(right));
        }
        Ok(left)
    }

    fn factor(&mut self) -> Result<Expr, SyntaxError> {
        let Some((tok, span)) = self.toks.get(self.at).cloned() else {
            return Err(SyntaxError {
                message: "the expression ends too early".into(),
                span: self.end..self.end,
            });
        };
        self.at += 1;
        let opens = matches!(tok, Tok::Open | Tok::Op(Op::Sub));
        if opens {
            self.depth += 1;
            if self.depth > MAX_NESTING {
                return Err(SyntaxError {
                    message: format!(
                        "the expression nests parentheses and signs deeper than {MAX_NESTING} levels"
                    ),
                    span,
                });
            }
        }
        let e = self.nested(tok, span);
        if opens {
            self.depth -= 1;
        }
        e
    }

    fn nested(&mut self, tok: Tok, span: Range<usize>) -> Result<Expr, SyntaxError> {
        match tok {
            Tok::Num(n) => Ok(Expr::Num(n)),
            Tok::Name(text) => Ok(Expr::Ref(Name { text, span })),
            Tok::Op(Op::Sub) => Ok(Expr::Neg(Box::new(self.factor()?))),
            Tok::Open => {
                let e = self.sum()?;
                match self.toks.get(self.at) {
                    Some((Tok::Close, _)) => {
                        self.at += 1;
                        Ok(e)
                    }
                    _ => Err(SyntaxError {
                        message: "a `(` is not closed".into(),
                        span,
                    }),
                }
            }
            Tok::Op(op) => Err(SyntaxError {
                message: format!("`{}` needs a number or a figure before it", op.symbol()),
                span,
            }),
            Tok::Close => Err(SyntaxError {
                message: "a `)` without its `(`".into(),
                span,
            }),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn names(s: &str) -> Vec<String> {
        parse(s, 0)
            .unwrap()
            .names()
            .into_iter()
            .map(|n| n.text.clone())
            .collect()
    }

    #[test]
    fn precedence_and_names() {
        let e = parse("(declared - kept) / declared * 100", 0).unwrap();
        let Expr::Bin(Op::Mul, left, _) = e else {
            panic!()
        };
        assert!(matches!(*left, Expr::Bin(Op::Div, _, _)));
        assert_eq!(names("a + b * c"), ["a", "b", "c"]);
        assert_eq!(
            names("in-person + apply.online"),
            ["in-person", "apply.online"]
        );
        assert_eq!(names("-x"), ["x"]);
    }

    #[test]
    fn errors_point_at_the_place() {
        let e = parse("a + ", 10).unwrap_err();
        assert_eq!(e.span, 14..14);
        let e = parse("a $ b", 0).unwrap_err();
        assert_eq!(e.span, 2..3);
        assert!(parse("(a + b", 0).is_err());
        assert!(parse("a b", 0).is_err());
    }

    #[test]
    fn nesting_and_length_are_capped_before_any_walk() {
        let deep = format!("{}1{}", "(".repeat(10_500), ")".repeat(10_500));
        let e = parse(&deep, 0).unwrap_err();
        assert!(e.message.contains("more than 1000"), "{}", e.message);
        let deep = format!("{}1{}", "(".repeat(65), ")".repeat(65));
        let e = parse(&deep, 0).unwrap_err();
        assert!(e.message.contains("deeper than 64"), "{}", e.message);
        assert_eq!(e.span, 64..65);
        let e = parse(&"-".repeat(22_000), 0).unwrap_err();
        assert!(e.message.contains("more than 1000"), "{}", e.message);
        let ok = format!("{}1{}", "(".repeat(64), ")".repeat(64));
        assert!(parse(&ok, 0).is_ok());
        assert!(parse(&vec!["a"; 500].join(" + "), 0).is_ok());
    }
}
