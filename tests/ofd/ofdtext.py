#!/usr/bin/env python3
"""The text of an OFD file as an independent reader sees it: easyofd (PyPI) parses the
package and each page's TextObjects; their TextCodes are printed page by page, in the order
the page holds them.

usage: ofdtext.py FILE.ofd > FILE.txt      (needs: pip install easyofd)
"""
import io, contextlib, sys

try:
    from easyofd import OFD
except ImportError:
    sys.exit("ofdtext.py needs easyofd: pip install easyofd")

def main():
    ofd = OFD()
    with contextlib.redirect_stdout(io.StringIO()):   # easyofd prints as it parses
        ofd.read(sys.argv[1], fmt="path")
    pages = 0
    for doc in ofd.data:
        info = doc["page_info"]
        for key in sorted(info):
            pages += 1
            print("".join(t["text"] for t in info[key]["text_list"]))
            print("\f", end="")
    if pages == 0:
        sys.exit("ofdtext.py: easyofd found no page")

main()
