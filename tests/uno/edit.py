#!/usr/bin/python3
"""Edits a DOCX in LibreOffice through UNO, as an editor does, and stores it as Word 2007 XML.

usage: /usr/bin/python3 tests/uno/edit.py IN.docx OUT.docx EDIT...
  an EDIT is  replace:OLD=>NEW   (change tracking on: the editor selects OLD and types NEW)
         or   cell:OLD=>NEW      (the same inside a table cell: the cell's text is retyped)
         or   footnote:AFTER=>WORDS   (Insert › Footnote after AFTER, the note's words typed)
         or   comment:ON=>WORDS@AUTHOR (Insert › Comment on the words ON, by AUTHOR, dated
                                        2024-03-01)
         or   delete:WORDS       (the paragraph holding WORDS deleted whole: selected from the
                                  end of the paragraph before and deleted, change tracking on)

Needs LibreOffice and its Python bridge: apt-get install -y libreoffice-writer-nogui python3-uno.
Exit 1 when an edit's text is not found (the document is then not stored).
"""

import os
import subprocess
import sys
import tempfile
import time

import uno  # noqa: E402  (Debian's python3-uno)
from com.sun.star.beans import PropertyValue  # noqa: E402


def prop(name, value):
    p = PropertyValue()
    p.Name, p.Value = name, value
    return p


def connect(pipe, profile):
    office = subprocess.Popen(
        ["soffice", "--headless", "--invisible", "--norestore", "--nologo",
         f"-env:UserInstallation=file://{profile}",
         f"--accept=pipe,name={pipe};urp;StarOffice.ComponentContext"],
        stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    local = uno.getComponentContext()
    resolver = local.ServiceManager.createInstanceWithContext(
        "com.sun.star.bridge.UnoUrlResolver", local)
    for _ in range(120):
        try:
            ctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
            return office, ctx
        except Exception:
            time.sleep(0.5)
    office.kill()
    sys.exit("LibreOffice did not answer on its pipe")


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    src, dst, edits = os.path.abspath(sys.argv[1]), os.path.abspath(sys.argv[2]), sys.argv[3:]
    work = tempfile.mkdtemp(prefix="gongwen-uno-")
    office, ctx = connect(f"gongwen{os.getpid()}", work)
    try:
        desktop = ctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", ctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0,
                                           (prop("Hidden", True),))
        doc.RecordChanges = True
        for edit in edits:
            kind, _, rest = edit.partition(":")
            old, _, new = rest.partition("=>")
            search = doc.createSearchDescriptor()
            search.SearchString = old
            found = doc.findFirst(search)
            if found is None:
                sys.exit(f"`{old}` is not in the document")
            if kind == "footnote":
                note = doc.createInstance("com.sun.star.text.Footnote")
                found.getText().insertTextContent(found.getEnd(), note, False)
                note.setString(new)
            elif kind == "comment":
                words, _, author = new.rpartition("@")
                remark = doc.createInstance("com.sun.star.text.textfield.Annotation")
                remark.Author = author
                remark.Content = words
                when = uno.createUnoStruct("com.sun.star.util.DateTime")
                when.Year, when.Month, when.Day, when.Hours = 2024, 3, 1, 9
                remark.DateTimeValue = when
                found.getText().insertTextContent(found, remark, True)
            elif kind == "delete":
                cursor = found.getText().createTextCursorByRange(found.getStart())
                cursor.gotoStartOfParagraph(False)
                cursor.goLeft(1, False)
                cursor.goRight(1, True)
                cursor.gotoEndOfParagraph(True)
                cursor.setString("")
            elif kind == "cell":
                cell = found.Cell
                if cell is None:
                    sys.exit(f"`{old}` is not in a table cell")
                cell.getText().setString(cell.getText().getString().replace(old, new))
            else:
                found.setString(new)
        doc.storeToURL(uno.systemPathToFileUrl(dst), (prop("FilterName", "MS Word 2007 XML"),))
        doc.close(True)
    finally:
        try:
            desktop.terminate()
        except Exception:
            pass
        office.wait(timeout=60)


if __name__ == "__main__":
    main()
