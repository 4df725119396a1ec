#!/usr/bin/python3
# -*- coding: utf-8 -*-
"""Small documents, each with one reader construct, written by LibreOffice
from hand-made flat ODF text documents (.fodt):

    /usr/bin/python3 testdata/make/lo/reader.py

Needs: Debian packages libreoffice-writer-nogui and libreoffice-math (the
formula module: without it LibreOffice drops the formulas silently). Built
with LibreOffice 7.4.7 (Debian 12), private profile /tmp/lo-reader-profile.
Zip timestamps and the dates LibreOffice writes into docProps are fixed
afterwards, so every run gives the same bytes.

Writes:
  testdata/docx/lo-equations.docx  formulas (MathML objects in the .fodt),
      which LibreOffice writes as m:oMath directly in the paragraph after an
      empty w:r, with w:rPr inside every m:r, and a formula alone in its
      paragraph as m:oMathPara with m:oMathParaPr:
      an inline fraction with text on both sides, with and without spaces
      in the text, a superscript, sub- and superscript, a sum with limits,
      a square root, a formula alone in its paragraph
  testdata/docx/lo-dropcap.docx  drop caps (style:drop-cap, one letter and
      a whole word). LibreOffice 7.4 writes no w:framePr for them: the
      letter is a run of the paragraph itself. This is the second producer's
      form of the construct; Word's frame paragraph is in
      testdata/docx/pydocx-dropcap.docx (testdata/make/pydocx/reader.py).
"""
import io
import os
import re
import shutil
import subprocess
import sys
import tempfile
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
OUT = os.path.join(ROOT, "testdata", "docx")
SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
PROFILE = "file:///tmp/lo-reader-profile"
FIXED_ZIP_DATE = (2024, 2, 15, 9, 0, 0)
FIXED_W3CDTF = "2024-02-15T09:00:00Z"

NS = ('xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
      'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
      'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
      'xmlns:draw="urn:oasis:names:tc:opendocument:xmlns:drawing:1.0" '
      'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
      'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
      'xmlns:dc="http://purl.org/dc/elements/1.1/" '
      'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
      'xmlns:math="http://www.w3.org/1998/Math/MathML" '
      'office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text"')


def fodt(title, styles, body):
    return ('<?xml version="1.0" encoding="UTF-8"?>\n<office:document %s>'
            '<office:meta><dc:title>%s</dc:title><meta:creation-date>2024-02-15T09:00:00</meta:creation-date>'
            '<dc:date>2024-02-15T09:00:00</dc:date></office:meta>'
            '<office:styles><style:default-style style:family="paragraph"><style:text-properties '
            'fo:font-size="11pt" fo:language="sv" fo:country="SE"/></style:default-style>'
            '<style:style style:name="Standard" style:family="paragraph" style:class="text"/></office:styles>'
            '<office:automatic-styles>%s</office:automatic-styles>'
            '<office:body><office:text>%s</office:text></office:body></office:document>'
            % (NS, title, styles, body))


# ------------------------------------------------------------ formulas
def formula(n, mathml, starmath):
    """An inline formula object (as-char), MathML with its StarMath text."""
    return ('<draw:frame draw:style-name="fr1" draw:name="Formel%d" text:anchor-type="as-char" '
            'svg:width="1cm" svg:height="0.5cm"><draw:object><math:math display="block"><math:semantics>'
            '%s<math:annotation encoding="StarMath 5.0">%s</math:annotation></math:semantics></math:math>'
            '</draw:object></draw:frame>' % (n, mathml, starmath))


def mi(x):
    return "<math:mi>%s</math:mi>" % x


def mn(x):
    return "<math:mn>%s</math:mn>" % x


def mo(x):
    return "<math:mo>%s</math:mo>" % x


def row(*xs):
    return "<math:mrow>%s</math:mrow>" % "".join(xs)


FORMULAS = [
    # (text before, MathML, StarMath, text after)
    ("Vi har ", row("<math:mfrac>%s%s</math:mfrac>" % (mi("a"), row(mi("b"), mo("+"), mi("c")))),
     "{a} over {b + c}", " som kvot."),
    ("Utan mellanslag", row("<math:mfrac>%s%s</math:mfrac>" % (mi("x"), mi("y"))), "x over y", "blir det så."),
    ("Ytan är ", row(mi("π"), "<math:msup>%s%s</math:msup>" % (mi("r"), mn("2"))), "%pi r^2", " enligt formeln."),
    ("Index ", row("<math:msubsup>%s%s%s</math:msubsup>" % (mi("x"), mi("i"), mn("2"))), "x_i^2", " i texten."),
    ("Summan ", row("<math:munderover>%s%s%s</math:munderover>" % (mo("∑"), row(mi("k"), mo("="), mn("1")), mi("n")),
                    "<math:msub>%s%s</math:msub>" % (mi("a"), mi("k"))),
     "sum from {k = 1} to n a_k", " är ändlig."),
    ("Roten ", row("<math:msqrt>%s</math:msqrt>" % mi("x")), "sqrt x", " är positiv."),
    ("", row(mi("E"), mo("="), mi("m"), "<math:msup>%s%s</math:msup>" % (mi("c"), mn("2"))), "E = m c^2", ""),
]


def equations_fodt():
    body = []
    for i, (before, mathml, sm, after) in enumerate(FORMULAS, 1):
        body.append('<text:p text:style-name="Standard">%s%s%s</text:p>' % (before, formula(i, mathml, sm), after))
    body.append('<text:p text:style-name="Standard">Text efter formeln.</text:p>')
    styles = ('<style:style style:name="fr1" style:family="graphic"><style:graphic-properties '
              'style:vertical-pos="middle" style:vertical-rel="text"/></style:style>')
    return fodt("Formler", styles, "".join(body))


# ----------------------------------------------------------- drop caps
def dropcap_fodt():
    styles = ('<style:style style:name="P1" style:family="paragraph" style:parent-style-name="Standard">'
              '<style:paragraph-properties><style:drop-cap style:lines="3" style:length="1" '
              'style:distance="0.1cm"/></style:paragraph-properties></style:style>'
              '<style:style style:name="P2" style:family="paragraph" style:parent-style-name="Standard">'
              '<style:paragraph-properties><style:drop-cap style:lines="2" style:length="word" '
              'style:distance="0.1cm"/></style:paragraph-properties></style:style>')
    body = ('<text:p text:style-name="P1">Drop cap.</text:p>'
            '<text:p text:style-name="Standard">Nästa stycke.</text:p>'
            '<text:p text:style-name="P2">Anfang över ett helt ord.</text:p>'
            '<text:p text:style-name="Standard">Sista stycket.</text:p>')
    return fodt("Anfanger", styles, body)


# -------------------------------------------------------------- output
def normalize(data):
    """Fixed zip timestamps and docProps dates: the same bytes every run."""
    zin = zipfile.ZipFile(io.BytesIO(data))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n in zin.namelist():
            b = zin.read(n)
            if n == "docProps/core.xml":
                b = re.sub(rb"(<dcterms:(created|modified)[^>]*>)[^<]*", rb"\g<1>" + FIXED_W3CDTF.encode(), b)
            if n == "docProps/app.xml":
                b = re.sub(rb"<TotalTime>\d+</TotalTime>", b"<TotalTime>0</TotalTime>", b)
            zi = zipfile.ZipInfo(n, FIXED_ZIP_DATE)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, b)
    return out.getvalue()


def convert(name, source, must_contain):
    with tempfile.TemporaryDirectory() as d:
        src = os.path.join(d, name + ".fodt")
        with open(src, "w", encoding="utf-8") as fh:
            fh.write(source)
        cmd = [SOFFICE, "-env:UserInstallation=" + PROFILE, "--headless", "--norestore",
               "--convert-to", "docx:MS Word 2007 XML", "--outdir", d, src]
        r = subprocess.run(cmd, capture_output=True, text=True, timeout=300)
        got = os.path.join(d, name + ".docx")
        if r.returncode != 0 or not os.path.exists(got):
            sys.exit("soffice failed: %s\n%s\n%s" % (cmd, r.stdout, r.stderr))
        data = open(got, "rb").read()
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode("utf-8")
    for pattern, n in must_contain:
        if len(re.findall(pattern, xml)) != n:
            open("/tmp/%s-document.xml" % name, "w", encoding="utf-8").write(xml)
            sys.exit("%s: %d of %r in word/document.xml (/tmp/%s-document.xml), want %d (is libreoffice-math installed?)"
                     % (name, len(re.findall(pattern, xml)), pattern, name, n))
    path = os.path.join(OUT, name + ".docx")
    with open(path, "wb") as fh:
        fh.write(normalize(data))
    print("%-28s %6d bytes" % (os.path.relpath(path, ROOT), os.path.getsize(path)))


if __name__ == "__main__":
    convert("lo-equations", equations_fodt(), [(r"<m:oMath[ >]", len(FORMULAS))])
    convert("lo-dropcap", dropcap_fodt(), [(r"w:dropCap", 0)])
