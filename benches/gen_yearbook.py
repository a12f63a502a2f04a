#!/usr/bin/env python3
"""Make a synthetic yearbook of N reports for the benchmark: each report is the reference
report's structure (data/xinxiang-2015.toml) with its office, title and some words varied.

usage: benches/gen_yearbook.py N OUTDIR     → OUTDIR/yearbook.toml and OUTDIR/reports/r001.toml …
"""
import os, re, sys

PLACES = ["东城", "西城", "南湖", "北山", "新华", "红旗", "卫滨", "牧野", "凤泉", "获嘉", "原阳", "延津",
          "封丘", "长垣", "卫辉", "辉县", "平原", "经开", "高新", "示范"]

def main():
    n, out = int(sys.argv[1]), sys.argv[2]
    os.makedirs(os.path.join(out, "reports"), exist_ok=True)
    here = os.path.dirname(os.path.abspath(__file__))
    base = open(os.path.join(here, "..", "data", "xinxiang-2015.toml"), encoding="utf-8").read()
    base = re.sub(r"^#:schema.*\n", "", base)
    for i in range(1, n + 1):
        place = PLACES[i % len(PLACES)] + ("区" if i % 3 else "县")
        text = base.replace("新乡市人民政府", f"示例{place}人民政府").replace("新乡市", f"示例{place}")
        # Vary the text a little so that no two reports are the same.
        text = text.replace("2015年，", f"2015年（第{i}号样本），", 3)
        open(os.path.join(out, "reports", f"r{i:03}.toml"), "w", encoding="utf-8").write(text)
    parts = []
    per_part = max(1, n // 4)
    for p in range(0, n, per_part):
        files = ", ".join(f'"reports/r{i:03}.toml"' for i in range(p + 1, min(n, p + per_part) + 1))
        parts.append(f'[[part]]\ntitle = "第{len(parts) + 1}部分"\nreports = [{files}]\n')
    open(os.path.join(out, "yearbook.toml"), "w", encoding="utf-8").write(
        f'[yearbook]\ntitle = "合成年报汇编（{n}份）"\nyear = 2015\noffice = "示例市人民政府办公室"\n'
        f'date = 2016-04-30\n\n[preface]\ntext = "本汇编为基准测试合成，不是真实报告。"\n\n' + "\n".join(parts))

main()
