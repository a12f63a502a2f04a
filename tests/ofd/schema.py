#!/usr/bin/env python3
"""Every XML part of an OFD package against the GB/T 33190-2016 schemas (Annex A: OFD.xsd,
Document.xsd, Res.xsd, Page.xsd, ...).

usage: schema.py XSD_DIR FILE.ofd        (needs lxml)

`OFD.xml` is validated with its DocType read as "OFD": the 2016 schema fixes that value, and
GB/T 42133-2022 (the archival profile) declares "OFD-A" in its place. Exit 0 when every part
is valid.
"""
import os, sys, zipfile
from lxml import etree

def main():
    xsd_dir, path = sys.argv[1], sys.argv[2]
    schemas = {}
    def schema(name):
        if name not in schemas:
            schemas[name] = etree.XMLSchema(etree.parse(os.path.join(xsd_dir, name)))
        return schemas[name]
    which = [("OFD.xml", "OFD.xsd"), ("Document.xml", "Document.xsd"), ("Res.xml", "Res.xsd"),
             ("Content.xml", "Page.xsd")]
    checked, bad = 0, 0
    with zipfile.ZipFile(path) as z:
        for name in z.namelist():
            if not name.endswith(".xml"):
                continue
            xsd = next((x for end, x in which if name.endswith(end)), None)
            if xsd is None:
                print(f"{name}: no schema for this part"); bad += 1; continue
            data = z.read(name)
            if name == "OFD.xml":
                data = data.replace(b'DocType="OFD-A"', b'DocType="OFD"', 1)
            s = schema(xsd)
            checked += 1
            if not s.validate(etree.fromstring(data)):
                bad += 1
                for e in list(s.error_log)[:3]:
                    print(f"{name}:{e.line}: {e.message}")
    print(f"{checked} parts against the GB/T 33190 schemas: {bad} invalid")
    return 1 if bad else 0

sys.exit(main())
