#!/usr/bin/python3
# -*- coding: utf-8 -*-
"""The blank 2023 template as a Word document, made with python-docx
(Debian python3-docx) from the template's text in Markdown
(villkorsrapport-2023-mall.md), for `villkorsintag template import`:

    cd /work/main && /usr/bin/python3 testdata/make/template/make.py [PATH/TO/villkorsrapport-2023-mall.md]

Writes testdata/template/villkorsrapport-2023-mall.docx (deterministic).

Mapping: "#" is the Title, "##" Heading 1, "###" Heading 2, "####" (the
questions) Heading 3; "- " items List Bullet; Markdown tables Word tables
("<br>" separates a cell's paragraphs); "_[svarsfält]_" a block content
control showing Word's placeholder "Klicka här för att ange text."; the Ja/Nej
boxes typed ☐. Left out, as they are not template text: the editorial note
(the "> " block), the "_(...)_" notes, the footnote markers and footnotes.
"""
import io
import os
import re
import sys
import zipfile
import datetime

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.oxml import parse_xml
from docx.shared import Pt, RGBColor

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
SRC = sys.argv[1] if len(sys.argv) > 1 else "/work/shared/template/villkorsrapport-2023-mall.md"
OUT = os.path.join(ROOT, "testdata", "template", "villkorsrapport-2023-mall.docx")
W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
PROMPT = "Klicka här för att ange text."
FIXED = (2023, 10, 16, 9, 0, 0)


def text_of(s):
    s = re.sub(r"\[\^\d+\]", "", s)          # footnote markers
    s = s.replace("**", "")
    return s.strip()


def main():
    lines = open(SRC, encoding="utf-8").read().split("\n")
    doc = Document()
    styles = doc.styles
    styles["Normal"].font.name = "Cambria"
    styles["Normal"].font.size = Pt(11)
    ph = styles.add_style("Placeholder Text", WD_STYLE_TYPE.CHARACTER)
    ph.font.color.rgb = RGBColor(0x80, 0x80, 0x80)
    cp = doc.core_properties
    cp.title = "Återrapportering av villkorsbeslut 2023"
    cp.author = "Tillväxtverket"
    cp.created = cp.modified = datetime.datetime(*FIXED)
    cp.revision = 1
    body = doc.element.body
    n = [100]

    def placeholder():
        n[0] += 1
        x = ('<w:sdt %s><w:sdtPr><w:rPr><w:rStyle w:val="PlaceholderText"/></w:rPr><w:id w:val="%d"/>'
             '<w:showingPlcHdr/><w:text w:multiLine="1"/></w:sdtPr><w:sdtContent><w:p><w:r><w:rPr>'
             '<w:rStyle w:val="PlaceholderText"/></w:rPr><w:t>%s</w:t></w:r></w:p></w:sdtContent></w:sdt>' % (W, n[0], PROMPT))
        body.find("{http://schemas.openxmlformats.org/wordprocessingml/2006/main}sectPr").addprevious(parse_xml(x))

    i = 0
    while i < len(lines):
        line = lines[i].rstrip()
        s = line.strip()
        i += 1
        if not s or s.startswith(">") or s == "---" or re.match(r"^\[\^\d+\]:", s) or (s.startswith("_(") and s.endswith(")_")):
            continue
        if s == "_[svarsfält]_":
            placeholder()
            continue
        m = re.match(r"^(#+)\s+(.*)$", s)
        if m:
            level, t = len(m.group(1)), text_of(m.group(2))
            if level == 1:
                doc.add_paragraph(t, style="Title")
            else:
                doc.add_heading(t, level=level - 1)
            continue
        if s.startswith("|"):
            rows = [s]
            while i < len(lines) and lines[i].strip().startswith("|"):
                rows.append(lines[i].strip())
                i += 1
            cells = [[c.strip() for c in r.strip("|").split("|")] for r in rows if not re.match(r"^\|\s*-", r)]
            tbl = doc.add_table(rows=len(cells), cols=len(cells[0]))
            tbl.style = doc.styles["Table Grid"]
            for r, row in enumerate(cells):
                for c, val in enumerate(row):
                    cell = tbl.cell(r, c)
                    parts = [text_of(p) for p in val.split("<br>")] if val else [""]
                    cell.paragraphs[0].text = parts[0]
                    for p in parts[1:]:
                        cell.add_paragraph(p)
                    for p in cell.paragraphs:
                        for run in p.runs:
                            run.font.name, run.font.size = "Calibri", Pt(8)
            continue
        if s.startswith("- "):
            doc.add_paragraph(text_of(s[2:]), style="List Bullet")
            continue
        doc.add_paragraph(text_of(s))
    buf = io.BytesIO()
    doc.save(buf)
    zin = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for name in zin.namelist():
            zi = zipfile.ZipInfo(name, FIXED)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, zin.read(name))
    os.makedirs(os.path.dirname(OUT), exist_ok=True)
    with open(OUT, "wb") as fh:
        fh.write(out.getvalue())
    print("%s %d bytes" % (os.path.relpath(OUT, ROOT), len(out.getvalue())))


if __name__ == "__main__":
    main()
