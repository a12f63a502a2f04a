#!/usr/bin/env python3
"""The floors of issue #22: a yearbook of N reports (benches/gen_yearbook.py) built by gongwen,
against the same words in plain Typst with the same fonts and page (compiled in-process by
examples/plain_typst.rs: the typst, typst-pdf and typst-kit gongwen builds with) and, with
--pandoc, against pandoc writing the same words as a DOCX from Markdown.

usage: benches/plain.py [N] [--runs 3] [--binary target/release/gongwen] [--pandoc] [--keep DIR]
Build first: cargo build --release && cargo build --release --example plain_typst

The words come from gongwen's own DOCX of the book (built once, untimed): the preface, each
part's title, each report's title, headings and paragraphs in book order, the headings with
their printed numbers (一、（一）1.（1）, from the layout's [numbering] and the report's own)
as text. Two Typst sources: plain.typ (justified: Typst's optimized line breaker) and
simple.typ (the same with linebreaks: "simple", a line at a time as gongwen breaks them).
Each timed command is a new process, the runs of all cases interleaved; median and least
wall time of --runs runs, the largest peak memory (ru_maxrss), the median user + system CPU
time. gongwen's PDF is built into a fresh folder each run; its DOCX into the folder of a
built book (as issue #22 asks: "`--docx` of a built 100-report book"). See docs/dev/speed.md.
"""
import argparse, os, re, shutil, statistics, subprocess, sys, tempfile, time, tomllib, zipfile
import xml.etree.ElementTree as ET

from scale import pages, run_once   # this folder's: one way to time a process and count pages

HERE = os.path.dirname(os.path.abspath(__file__))
REPO = os.path.dirname(HERE)
W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
SIZES = {"初号": 42, "小初": 36, "一号": 26, "小一": 24, "二号": 22, "小二": 18, "三号": 16,
         "小三": 15, "四号": 14, "小四": 12, "五号": 10.5, "小五": 9}
DIGITS = "零一二三四五六七八九"


# ---------------------------------------------------------------- the words, from gongwen's DOCX

def chinese(n):
    """1 → 一, 10 → 十, 11 → 十一, 21 → 二十一 (as src/numbering.rs counts, up to 99)."""
    tens, ones = divmod(n, 10)
    return ((DIGITS[tens] if tens > 1 else "") + ("十" if tens else "")
            + (DIGITS[ones] if ones or not tens else ""))


def number(pattern, n):
    """The printed number for count n of a level written as its first number: 一、 （1）"""
    for i, c in enumerate(pattern):
        if c in "一1":
            return pattern[:i] + (chinese(n) if c == "一" else str(n)) + pattern[i + 1:]
    return pattern


def report_files(book):
    """The book's report definitions in book order, each with its [numbering] table."""
    with open(book, "rb") as f:
        y = tomllib.load(f)
    folder = os.path.dirname(book)
    out = []
    for part in y.get("part", []):
        for r in part["reports"]:
            with open(os.path.join(folder, r), "rb") as f:
                out.append(tomllib.load(f).get("numbering", {}))
    return out


def words(docx, book, levels):
    """The book as blocks: (kind, text) with kind preface-title, part, title, heading N,
    run-in N (its heading, then its paragraph) or par; the cover and the contents left out."""
    numbering = iter(report_files(book))
    body = ET.fromstring(zipfile.ZipFile(docx).read("word/document.xml")).find(W + "body")
    blocks, counts, formats = [], [0] * 4, list(levels)
    section = None  # front (cover, contents) until the preface's title
    for p in body.iter(W + "p"):
        st = p.find(f"{W}pPr/{W}pStyle")
        style = st.get(W + "val") if st is not None else "Normal"
        runs = [(r.find(f"{W}rPr/{W}rStyle"), "".join(t.text or "" for t in r.iter(W + "t")))
                for r in p.iter(W + "r")]
        text = "".join(t for _, t in runs)
        m = re.fullmatch(r"(?:RunIn)?Heading(\d)", style)
        if style == "FrontTitle":
            section = "front"
            blocks.append(("preface-title", text))
        elif style == "PartTitle":
            blocks.append(("part", text))
        elif style == "Title":
            section = "report"
            own = next(numbering)
            formats = [own.get(f"level{i + 1}", levels[i]) for i in range(4)]
            counts = [0] * 4
            blocks.append(("title", text))
        elif m:
            level = int(m.group(1)) - 1
            counts[level] += 1
            counts[level + 1:] = [0] * (3 - level)
            head = number(formats[level], counts[level])
            if style.startswith("RunIn"):
                # The heading's runs carry a character style; the paragraph's do not.
                h = "".join(t for s, t in runs if s is not None)
                blocks.append((f"run-in {level + 1}", head + h, text[len(h):]))
            else:
                blocks.append((f"heading {level + 1}", head + text))
        elif style == "Normal" and section and text.strip():
            blocks.append(("par", text))
    return blocks


# ---------------------------------------------------------------- plain Typst and Markdown

def escape(text):
    """Text as literal markup (Typst's and pandoc Markdown's): every ASCII punctuation escaped."""
    return "".join("\\" + c if c.isascii() and not c.isalnum() and not c.isspace() else c
                   for c in text)


def length_mm(s):
    return float(s.removesuffix("mm"))


def typst_source(blocks, layout, breaks="auto"):
    """The words as plain Typst: the layout's page, margins, fonts, sizes, 22 lines of 28
    characters by leading and tracking, headings as headings, a footer page number; lines
    justified, broken by Typst's `linebreaks: breaks` (auto: the optimized breaker)."""
    page, grid, fonts = layout["page"], layout["grid"], layout["fonts"]
    right = length_mm(page["width"]) - length_mm(page["margin-left"]) - length_mm(page["type-width"])
    bottom = length_mm(page["height"]) - length_mm(page["margin-top"]) - length_mm(page["type-height"])
    pt = 72 / 25.4
    size = SIZES[fonts["body"]["size"]]
    leading = length_mm(page["type-height"]) * pt / grid["lines"] - size
    tracking = (length_mm(page["type-width"]) * pt / grid["chars"]) - size
    latin = fonts["latin"][-1]

    def family(role):
        """The role's bundled family (the last of its list) and its fallbacks, Latin first."""
        f = fonts[role]
        names = [f["pdf"][-1]] + [x for x in f.get("fallback", []) + fonts["fallback"]
                                   if x != f["pdf"][-1]]
        names = list(dict.fromkeys(names))
        return "(" + ", ".join([f'(name: "{latin}", covers: "latin-in-cjk")']
                               + [f'"{n}"' for n in names]) + ")"

    num = fonts["page-number"]
    pn = layout["page-number"]
    fmt = pn["format"].split("{}")
    out = [
        "// The same words as the gongwen yearbook, in plain Typst (benches/plain.py).",
        f'#set page(width: {page["width"]}, height: {page["height"]}, margin: (top: '
        f'{page["margin-top"]}, left: {page["margin-left"]}, right: {right:.2f}mm, bottom: '
        f'{bottom:.2f}mm), footer-descent: {pn["below"]}, footer: context {{\n'
        f'  let n = counter(page).get().first()\n'
        f'  set text(font: {family("page-number")}, size: {SIZES[num["size"]]}pt, tracking: 0pt)\n'
        f'  let it = [{escape(fmt[0])}#n{escape(fmt[1])}]\n'
        f'  if calc.odd(n) {{ align(right, pad(right: {pn["inset"]}em, it)) }} '
        f'else {{ align(left, pad(left: {pn["inset"]}em, it)) }}\n}})',
        f'#set text(lang: "zh", region: "CN", font: {family("body")}, size: {size}pt, '
        f'top-edge: 0.88em, bottom-edge: -0.12em, tracking: {tracking:.4f}pt)',
        f'#set par(justify: true, linebreaks: {breaks}, leading: {leading:.4f}pt, spacing: {leading:.4f}pt, '
        f'first-line-indent: (amount: {grid["indent"]}em, all: true))',
        f'#show heading: set text(size: {size}pt, weight: "regular")',
        f'#show heading: it => if it.level < 3 {{ it }} else {{ block(above: {leading:.4f}pt, '
        f'below: {leading:.4f}pt, sticky: true)[#h({grid["indent"]}em)#it.body] }}',
        f'#show heading.where(level: 1): set text(font: {family("title")}, size: 26pt, weight: "bold", tracking: 0pt)',
        f'#show heading.where(level: 1): set align(center)',
        f'#show heading.where(level: 2): set text(font: {family("title")}, '
        f'size: {SIZES[fonts["title"]["size"]]}pt, weight: "bold", tracking: 0pt)',
        f'#show heading.where(level: 2): set align(center)',
        f'#show heading.where(level: 2): set block(below: {2 * leading + size:.4f}pt)',
    ]
    for i in range(1, 5):
        out.append(f'#show heading.where(level: {i + 2}): set text(font: {family(f"heading{i}")})')
        out.append(f'#let lead{i}(body) = text(font: {family(f"heading{i}")}, body)')
    out.append("")
    for b in blocks:
        kind = b[0]
        if kind == "part":
            out += ["#pagebreak(to: \"odd\", weak: true)", "#v(30%)", f"= {escape(b[1])}", ""]
        elif kind in ("title", "preface-title"):
            out += ["#pagebreak(to: \"odd\", weak: true)", f"== {escape(b[1])}", ""]
        elif kind.startswith("heading"):
            out += ["=" * (int(kind[-1]) + 2) + " " + escape(b[1]), ""]
        elif kind.startswith("run-in"):
            out += [f"#lead{kind[-1]}[{escape(b[1])}]{escape(b[2])}", ""]
        else:
            out += [escape(b[1]), ""]
    return "\n".join(out)


def markdown(blocks):
    """The words as pandoc Markdown: parts and titles as headings, each on a new page."""
    brk = '```{=openxml}\n<w:p><w:r><w:br w:type="page"/></w:r></w:p>\n```'
    out = []
    for b in blocks:
        kind = b[0]
        if kind == "part":
            out += [brk, f"# {escape(b[1])}"]
        elif kind in ("title", "preface-title"):
            out += [brk, f"## {escape(b[1])}"]
        elif kind.startswith("heading"):
            out.append("#" * (int(kind[-1]) + 2) + " " + escape(b[1]))
        elif kind.startswith("run-in"):
            out.append(f"**{escape(b[1])}**{escape(b[2])}")
        else:
            out.append(escape(b[1]))
    return "\n\n".join(out) + "\n"


# ---------------------------------------------------------------- the comparisons

def main():
    ap = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    ap.add_argument("n", type=int, nargs="?", default=100, help="reports in the book (100)")
    ap.add_argument("--runs", type=int, default=3)
    ap.add_argument("--binary", default="target/release/gongwen", help="the gongwen to time")
    ap.add_argument("--plain", default="target/release/examples/plain_typst")
    ap.add_argument("--pandoc", action="store_true", help="also: the DOCX against pandoc's")
    ap.add_argument("--keep", help="write the book, plain.typ, plain.md and the outputs here")
    a = ap.parse_args()
    g, plain = os.path.abspath(a.binary), os.path.abspath(a.plain)
    for exe, how in ((g, "cargo build --release"),
                     (plain, "cargo build --release --example plain_typst")):
        if not os.access(exe, os.X_OK):
            sys.exit(f"{exe} not found: {how}")
    if a.pandoc and not shutil.which("pandoc"):
        sys.exit("pandoc not found: install it (apt-get install pandoc)")
    work = a.keep or tempfile.mkdtemp(prefix=f"gongwen-plain{a.n}-")
    os.makedirs(work, exist_ok=True)
    subprocess.run([sys.executable, os.path.join(HERE, "gen_yearbook.py"), str(a.n), work],
                   check=True, stdout=subprocess.DEVNULL)
    book = os.path.join(work, "yearbook.toml")
    with open(os.path.join(REPO, "layouts", "gbt9704.toml"), "rb") as f:
        layout = tomllib.load(f)

    # The words, from a DOCX built once (untimed).
    words_dir = os.path.join(work, "words")
    subprocess.run([g, "build", book, "-o", words_dir, "-q", "--no-system-fonts", "--docx"],
                   check=True, stderr=subprocess.DEVNULL)
    blocks = words(os.path.join(words_dir, "yearbook.docx"), book, layout["numbering"]["levels"])
    typ, md = os.path.join(work, "plain.typ"), os.path.join(work, "plain.md")
    simple = os.path.join(work, "simple.typ")
    open(typ, "w", encoding="utf-8").write(typst_source(blocks, layout))
    open(simple, "w", encoding="utf-8").write(typst_source(blocks, layout, '"simple"'))
    open(md, "w", encoding="utf-8").write(markdown(blocks))
    chars = sum(len(re.sub(r"\s", "", t)) for b in blocks for t in b[1:])
    print(f"{a.n} reports: {len(blocks)} blocks, {chars:,} characters; "
          f"plain.typ {os.path.getsize(typ) / 1e6:.2f} MB; load average "
          + " ".join(f"{x:.2f}" for x in os.getloadavg()), flush=True)

    out = os.path.join(work, "out")
    fresh = lambda: shutil.rmtree(out, ignore_errors=True)
    gw = [g, "build", book, "-o", out, "-q", "--no-system-fonts"]
    fonts = os.path.join(REPO, "fonts")
    # (name, command, called before each run, the PDF whose pages are counted)
    cases = [("plain Typst, justified", [plain, typ, work + "/plain.pdf", "--font-path", fonts],
              None, work + "/plain.pdf"),
             ("plain Typst, simple breaks", [plain, simple, work + "/simple.pdf", "--font-path",
                                             fonts], None, work + "/simple.pdf"),
             ("gongwen build --pdf", gw + ["--pdf"], fresh, out + "/yearbook.pdf")]
    if a.pandoc:
        # gongwen's DOCX into the folder of the book just built (its PDF there).
        cases += [("pandoc plain.md -o plain.docx", ["pandoc", md, "-o", work + "/plain.docx"],
                   None, None),
                  ("gongwen build --docx (book built)", gw + ["--docx"], None, None)]
    # The runs interleaved (each case once, then again), so that the shared machine's load
    # drifts over all cases alike.
    results = {name: [] for name, *_ in cases}
    for _ in range(a.runs):
        for name, cmd, before, _pdf in cases:
            if before:
                before()
            results[name].append(run_once(cmd))
    print(f"{'':34} {'wall':>8} {'(least)':>8} {'CPU':>8} {'peak':>10} {'pages':>6}")
    row = {}
    for name, cmd, before, pdf in cases:
        walls, rss, cpu = zip(*results[name])
        row[name] = statistics.median(walls), max(rss), statistics.median(cpu)
        print(f"{name:34} {row[name][0]:>7.2f}s {min(walls):>7.2f}s {row[name][2]:>7.2f}s "
              f"{row[name][1]:>6.0f} MiB {pages(pdf) if pdf else '':>6}")

    def ratio(what, ours, floor, target):
        (w, m, c), (fw, fm, fc) = row[ours], row[floor]
        print(f"{what}: {w / fw:.2f} × time ({c / fc:.2f} × CPU), {m / fm:.2f} × memory{target}")

    for floor in ("plain Typst, justified", "plain Typst, simple breaks"):
        ratio(f"PDF / {floor}", "gongwen build --pdf", floor,
              " (issue #22: at most 1.3 × time, 600 MB)")
    if a.pandoc:
        ratio("DOCX / pandoc", "gongwen build --docx (book built)",
              "pandoc plain.md -o plain.docx", " (issue #22: at most 1 × time)")
    print("load average after: " + " ".join(f"{x:.2f}" for x in os.getloadavg()))
    if not a.keep:
        shutil.rmtree(work)


if __name__ == "__main__":
    main()
