#!/usr/bin/env python3
"""Does an OFD page look like the PDF page it was made beside?

usage: pixels.py FILE.pdf FILE.ofd PAGE [--dpi N] [--max PERCENT] [--keep DIR]

Renders page PAGE (1-based) of the PDF with poppler (pdftoppm) and of the OFD with sofd
(`cargo install sofd-cli`), both in grey at N dpi (default 200: at 100 dpi a 0.5 pt rule is
under a pixel, which poppler snaps to one black pixel and sofd spreads over two grey ones), and
counts the pixels that
differ: a pixel differs when its grey is more than 96 levels away from every pixel of the
other rendering within one pixel of it (two rasterisers place an anti-aliased edge up to a
pixel apart; a missing, moved or wrongly shaped glyph or rule is still counted). Prints the
share of differing pixels among the page's inked pixels; exit 0 when it is at most PERCENT
(default 0.1: one character of the body missing from a full page is about 0.15 %).
"""
import os, subprocess, sys, tempfile
import numpy as np
from PIL import Image

def opt(args, name, default):
    if name in args:
        i = args.index(name); v = args[i + 1]; del args[i:i + 2]; return v
    return default

def main():
    args = sys.argv[1:]
    dpi = float(opt(args, "--dpi", "200"))
    limit = float(opt(args, "--max", "0.1"))
    keep = opt(args, "--keep", None)
    pdf, ofd, page = args[0], args[1], int(args[2])
    work = keep or tempfile.mkdtemp(prefix="gongwen-pixels-")
    os.makedirs(work, exist_ok=True)
    subprocess.run(["pdftoppm", "-r", str(dpi), "-f", str(page), "-l", str(page), "-singlefile",
                    "-png", pdf, os.path.join(work, "pdf")], check=True)
    ofd_png = os.path.join(work, "ofd.png")
    subprocess.run(["sofd", "render", ofd, "--page", str(page - 1), "--dpi", str(dpi),
                    "--output", ofd_png], check=True, stdout=subprocess.DEVNULL)
    a = np.asarray(Image.open(os.path.join(work, "pdf.png")).convert("L"), dtype=np.int16)
    b = np.asarray(Image.open(ofd_png).convert("L"), dtype=np.int16)
    if abs(a.shape[0] - b.shape[0]) > 1 or abs(a.shape[1] - b.shape[1]) > 1:
        sys.exit(f"page sizes differ: PDF {a.shape[1]}x{a.shape[0]} px, OFD {b.shape[1]}x{b.shape[0]} px")
    h, w = min(a.shape[0], b.shape[0]), min(a.shape[1], b.shape[1])
    a, b = a[:h, :w], b[:h, :w]
    def near(x):  # the lowest and highest grey within one pixel
        p = np.pad(x, 1, mode="edge")
        stack = [p[1 + dy:1 + dy + h, 1 + dx:1 + dx + w] for dy in (-1, 0, 1) for dx in (-1, 0, 1)]
        return np.min(stack, axis=0), np.max(stack, axis=0)
    def off(x, y):
        lo, hi = near(y)
        return (x < lo - 96) | (x > hi + 96)
    differ = off(a, b) | off(b, a)
    inked = max(int(((a < 128) | (b < 128)).sum()), 1)
    share = 100.0 * differ.sum() / inked
    if keep:
        Image.fromarray(np.where(differ, 0, 255).astype(np.uint8)).save(os.path.join(work, "diff.png"))
    verdict = "matches" if share <= limit else "differs from"
    print(f"OFD page {page} {verdict} the PDF page: {differ.sum()} of {inked} inked pixels differ ({share:.2f} %, at most {limit} %) at {dpi:g} dpi")
    return 0 if share <= limit else 1

sys.exit(main())
