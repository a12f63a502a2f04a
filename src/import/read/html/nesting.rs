//! How deep a page's tags nest, estimated from its text before it is parsed: html5ever looks
//! through its whole stack of open elements at many tags, so a page nesting 100,000 deep
//! would take minutes to parse; such a page is refused before.

/// Elements that never hold others.
const VOID: &[&str] = &[
    "area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "param", "source",
    "track", "wbr", "keygen", "frame", "basefont", "bgsound",
];
/// Elements whose text is not markup.
const RAW: &[&str] = &[
    "script",
    "style",
    "textarea",
    "title",
    "xmp",
    "iframe",
    "noembed",
    "noframes",
    "plaintext",
];
/// Elements whose start tag closes an open `<p>`.
const BLOCKS: &[&str] = &[
    "address",
    "article",
    "aside",
    "blockquote",
    "div",
    "dl",
    "fieldset",
    "footer",
    "form",
    "h1",
    "h2",
    "h3",
    "h4",
    "h5",
    "h6",
    "header",
    "hr",
    "main",
    "nav",
    "ol",
    "pre",
    "section",
    "table",
    "ul",
    "figure",
    "details",
    "menu",
];
/// Elements whose end tag may be left out: a start tag of the same group closes the open one
/// (`<p>a<p>b`, `<li>a<li>b`, `<td>a<td>b`).
const SIBLINGS: &[&[&str]] = &[
    &["p"],
    &["li"],
    &["dt", "dd"],
    &["td", "th"],
    &["tr"],
    &["option"],
    &["thead", "tbody", "tfoot"],
    &["rb", "rt", "rp", "rtc"],
];

/// The deepest nesting of elements in `html`, as a browser would build it for a well-formed
/// page and no less for a page whose optional end tags are left out; counting stops past
/// `stop` (the depth only matters up to a limit).
pub fn depth(html: &str, stop: usize) -> usize {
    let b = html.as_bytes();
    let mut open: Vec<String> = Vec::new();
    let mut deepest = 0;
    let mut i = 0;
    while let Some(at) = memchr(b'<', &b[i..]) {
        i += at + 1;
        if b[i..].starts_with(b"!--") {
            i = find(b, i + 3, b"-->").map_or(b.len(), |e| e + 3);
            continue;
        }
        if matches!(b.get(i), Some(b'!' | b'?')) {
            i = find(b, i, b">").map_or(b.len(), |e| e + 1);
            continue;
        }
        let end = b.get(i) == Some(&b'/');
        let from = i + usize::from(end);
        let mut j = from;
        while j < b.len() && (b[j].is_ascii_alphanumeric() || b[j] == b'-') {
            j += 1;
        }
        if j == from || !b[from].is_ascii_alphabetic() {
            continue; // a `<` of text
        }
        let name = html[from..j].to_ascii_lowercase();
        // The rest of the tag, quotes respected.
        let mut quote = None;
        let mut self_closing = false;
        while j < b.len() {
            match (quote, b[j]) {
                (None, b'"' | b'\'') => quote = Some(b[j]),
                (Some(q), c) if c == q => quote = None,
                (None, b'>') => {
                    self_closing = j > 0 && b[j - 1] == b'/';
                    break;
                }
                _ => {}
            }
            j += 1;
        }
        i = (j + 1).min(b.len());
        if end {
            if let Some(k) = open.iter().rposition(|n| *n == name) {
                open.truncate(k);
            }
            continue;
        }
        if VOID.contains(&name.as_str()) || self_closing {
            continue;
        }
        // The nearest open one of its group is closed, with the open elements above it
        // when their end tags are optional too (`<tr><td>1<tr>`); not across a list or a table.
        if let Some(group) = SIBLINGS.iter().find(|g| g.contains(&name.as_str()))
            && let Some(k) = open.iter().rposition(|n| group.contains(&n.as_str()))
            && open[k + 1..]
                .iter()
                .all(|n| SIBLINGS.iter().any(|g| g.contains(&n.as_str())))
        {
            open.truncate(k);
        }
        if BLOCKS.contains(&name.as_str()) && open.last().is_some_and(|n| n == "p") {
            open.pop(); // a block closes an open paragraph
        }
        if RAW.contains(&name.as_str()) {
            let close = format!("</{name}");
            i = find_ci(b, i, close.as_bytes()).unwrap_or(b.len());
            continue;
        }
        open.push(name);
        deepest = deepest.max(open.len());
        if deepest > stop {
            break;
        }
    }
    deepest
}

fn memchr(c: u8, b: &[u8]) -> Option<usize> {
    b.iter().position(|&x| x == c)
}

fn find(b: &[u8], from: usize, what: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(what.len())
        .position(|w| w == what)
        .map(|p| from + p)
}

fn find_ci(b: &[u8], from: usize, what: &[u8]) -> Option<usize> {
    b.get(from..)?
        .windows(what.len())
        .position(|w| w.eq_ignore_ascii_case(what))
        .map(|p| from + p)
}

#[cfg(test)]
mod tests {
    use super::depth;

    #[test]
    fn nesting_is_counted_as_a_browser_builds_it() {
        assert_eq!(depth("<html><body><div><p>a<p>b<p>c</div>", 100), 4);
        assert_eq!(depth("<ul><li>a<li>b<li>c</ul>", 100), 2);
        assert_eq!(depth(&"<p>a<div>b</div>".repeat(500), 100), 1);
        assert_eq!(depth(&"<ul><li>".repeat(50), 1000), 100);
        assert_eq!(
            depth(
                "<div title='<b><b><b>'><!-- <i><i> --><br><img/>x</div>",
                100
            ),
            1
        );
        assert_eq!(depth("<script>if (a<b) { <div><div> }</script><p>", 100), 1);
        assert_eq!(depth("<table><tr><td>1<td>2<tr><td>3</table>", 100), 3);
        assert!(depth(&"<b>".repeat(100_000), 300) <= 301);
    }
}
