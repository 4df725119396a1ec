#!/usr/bin/python3
# -*- coding: utf-8 -*-
"""Small documents, each with one reader construct, made with python-docx
(Debian python3-docx 0.8.11) and raw WordprocessingML inserted with lxml.

Regenerate (deterministic):

    /usr/bin/python3 testdata/make/pydocx/reader.py

Writes:
  testdata/docx/pydocx-listlabels.docx  list numbering: every numbered
      paragraph's text is the number Word shows for it (a paragraph whose
      text starts with "Test " is a plain heading); ordinal and zero-padded
      formats, levels without w:start, numFmt none, w:lvlRestart, skipped
      levels, lvlOverride/w:lvl, startOverride, isLgl, a w14 custom format,
      a numStyleLink to a list style, a w14 custom Greek format (α, β, …)
      inside literal level text
  testdata/docx/pydocx-runoutside.docx  a run inside an unknown element
      (w:p2) directly in the body, outside any paragraph, between two
      ordinary paragraphs
  testdata/docx/pydocx-threebodies.docx  w:document with three w:body
      elements, one paragraph each
  testdata/docx/pydocx-symbols.docx  w:sym and runs in the Symbol,
      Wingdings and Wingdings 2 fonts (set with python-docx's font API, and
      through a character style): Greek letters, ∨, ♦, Wingdings boxes and
      bullets; real box glyphs (☐ ☒ ☑) in an ordinary font
  testdata/docx/pydocx-equations.docx  Office Math: inline m:oMath with text
      on both sides (with and without spaces in the text), fractions, sub-
      and superscripts, n-ary sums, delimiters, functions, a fraction
      without bar, a radical with a degree, a display m:oMathPara
  testdata/docx/pydocx-ruby.docx  w:ruby (base 東京, reading とうきょう)
  testdata/docx/pydocx-dropcap.docx  w:framePr w:dropCap="drop" and
      "margin" frame paragraphs holding a word's first letter, and a frame
      that is not a drop cap
  testdata/docx/pydocx-activex.docx  legacy FORMCHECKBOX fields and two
      ActiveX controls (w:object/w:control, word/activeX/ parts related
      with python-docx's part API)
  testdata/bad/theme.docx  an Office theme package (main part
      theme/theme/themeManager.xml, content type themeManager+xml) whose
      theme1.xml is python-docx's own theme part, renamed .docx
"""
import io
import os
import zipfile

from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Pt

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
OUT = os.path.join(ROOT, "testdata", "docx")
BAD = os.path.join(ROOT, "testdata", "bad")
FIXED_ZIP_DATE = (2024, 2, 15, 9, 0, 0)
NSDECL = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
          'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
          'xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"')
# with the namespaces of math, relationships and VML too
NSALL = (NSDECL + ' xmlns:m="http://schemas.openxmlformats.org/officeDocument/2006/math" '
         'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
         'xmlns:v="urn:schemas-microsoft-com:vml" xmlns:o="urn:schemas-microsoft-com:office:office"')


def normalize_zip(data, mutate=None):
    """Rewrite the package with fixed timestamps so every run gives the same bytes."""
    zin = zipfile.ZipFile(io.BytesIO(data))
    entries = [(n, zin.read(n)) for n in zin.namelist()]
    if mutate:
        entries = mutate(entries)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n, b in entries:
            zi = zipfile.ZipInfo(n, FIXED_ZIP_DATE)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, b)
    return out.getvalue()


def save(doc, path, mutate=None):
    buf = io.BytesIO()
    doc.save(buf)
    with open(path, "wb") as fh:
        fh.write(normalize_zip(buf.getvalue(), mutate))
    print("%-28s %6d bytes" % (os.path.relpath(path, ROOT), os.path.getsize(path)))


# ---------------------------------------------------------------- lists
def lvl(i, fmt, text, start=1, restart=None, lgl=False, numfmt_xml=None):
    """A w:lvl; start=None leaves w:start out (Word then starts at 0)."""
    x = '<w:lvl w:ilvl="%d">' % i
    if start is not None:
        x += '<w:start w:val="%d"/>' % start
    x += numfmt_xml or '<w:numFmt w:val="%s"/>' % fmt
    if restart is not None:
        x += '<w:lvlRestart w:val="%d"/>' % restart
    if lgl:
        x += '<w:isLgl/>'
    x += '<w:lvlText w:val="%s"/><w:lvlJc w:val="left"/>' % text
    x += '<w:pPr><w:ind w:left="%d" w:hanging="360"/></w:pPr></w:lvl>' % (720 + 360 * i)
    return x


CUSTOM = ('<mc:AlternateContent><mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="001, 002, 003, ..."/>'
          '</mc:Choice><mc:Fallback><w:numFmt w:val="decimal"/></mc:Fallback></mc:AlternateContent>')

GREEK = ('<mc:AlternateContent><mc:Choice Requires="w14"><w:numFmt w:val="custom" w:format="α, β, γ, ..."/>'
         '</mc:Choice><mc:Fallback><w:numFmt w:val="decimal"/></mc:Fallback></mc:AlternateContent>')

# abstractNumId -> levels
ABSTRACT = {
    101: [lvl(0, "ordinal", "%1", start=None), lvl(1, "decimal", "%1.%2"), lvl(2, "decimal", "%1.%2.%3x")],
    102: [lvl(0, "decimalZero", "%1", start=None), lvl(1, "none", "%1.%2"), lvl(2, "decimal", "%1.%2.%3")],
    103: [lvl(0, "decimal", "%1"), lvl(1, "lowerLetter", "%1.%2"), lvl(2, "upperRoman", "%1.%2.%3", restart=1),
          lvl(3, "decimal", "(%4)", restart=0)],
    104: [lvl(0, "decimal", "%1"), lvl(1, "decimal", "%1.%2")],
    105: [lvl(0, "decimal", "%1.")],
    106: [lvl(0, "upperRoman", "%1"), lvl(1, "decimalZero", "%1.%2", lgl=True), lvl(2, "lowerLetter", "%1.%2.%3", lgl=True)],
    107: [lvl(0, "", "%1", numfmt_xml=CUSTOM)],
    108: [lvl(0, "", "Some-%1-CrazyFormat", numfmt_xml=GREEK)],
    # a list style: 110 links to the style, whose num 111 holds the levels
    110: ['<w:numStyleLink w:val="Rubriklista"/>'],
    111: ['<w:styleLink w:val="Rubriklista"/>', lvl(0, "upperLetter", "%1."), lvl(1, "decimal", "%1.%2")],
}
# numId -> (abstractNumId, extra XML inside w:num)
NUMS = {
    101: (101, ""), 102: (102, ""), 103: (103, ""), 104: (104, ""),
    105: (104, '<w:lvlOverride w:ilvl="0">' + lvl(0, "upperLetter", "%1") + '</w:lvlOverride>'),
    106: (105, ""),
    107: (105, '<w:lvlOverride w:ilvl="0"><w:startOverride w:val="1"/></w:lvlOverride>'),
    108: (106, ""), 109: (107, ""), 110: (110, ""), 111: (111, ""), 112: (108, ""),
}
# (heading, [(numId, ilvl, the label Word shows)])
LISTS = [
    ("Test 1: ordinal, level 0 without w:start (counts from 0), literal text after a number", [
        (101, 0, "0th"), (101, 0, "1st"), (101, 1, "1st.1"), (101, 1, "1st.2"), (101, 2, "1st.2.1x"),
        (101, 0, "2nd"), (101, 0, "3rd"), (101, 0, "4th")]),
    ("Test 2: decimalZero without w:start, a level in numFmt none", [
        (102, 0, "00"), (102, 0, "01"), (102, 1, "01."), (102, 1, "01."), (102, 2, "01..1"), (102, 0, "02")]),
    ("Test 3: lvlRestart after level 1, a skipped level, a level that never restarts", [
        (103, 0, "1"), (103, 1, "1.a"), (103, 2, "1.a.I"), (103, 2, "1.a.II"), (103, 1, "1.b"),
        (103, 2, "1.b.III"), (103, 3, "(1)"), (103, 0, "2"), (103, 2, "2.a.I"), (103, 1, "2.b"),
        (103, 3, "(2)")]),
    ("Test 4: lvlOverride/w:lvl changes the format, not the count", [
        (104, 0, "1"), (105, 0, "B"), (105, 0, "C"), (104, 0, "4"), (104, 1, "4.1")]),
    ("Test 5: startOverride sets the count once; the instances share it", [
        (106, 0, "1."), (106, 0, "2."), (107, 0, "1."), (107, 0, "2."), (106, 0, "3."), (107, 0, "4.")]),
    ("Test 6: isLgl shows every level in Arabic numerals (decimalZero stays)", [
        (108, 0, "I"), (108, 1, "1.01"), (108, 2, "1.01.1"), (108, 0, "II"), (108, 1, "2.01")]),
    ("Test 7: a w14 custom format (zero-padded) with a decimal fallback", [
        (109, 0, "001"), (109, 0, "002")]),
    ("Test 8: numStyleLink takes the list style's levels", [
        (110, 0, "A."), (110, 1, "A.1"), (110, 0, "B.")]),
    ("Test 9: a w14 custom Greek format inside literal text", [
        (112, 0, "Some-α-CrazyFormat"), (112, 0, "Some-β-CrazyFormat"), (112, 0, "Some-γ-CrazyFormat")]),
]


def doc_listlabels():
    doc = Document()
    num = doc.part.numbering_part.element
    first_num = num.find(qn("w:num"))
    for aid, levels in sorted(ABSTRACT.items()):
        an = parse_xml('<w:abstractNum %s w:abstractNumId="%d"><w:multiLevelType w:val="multilevel"/>%s'
                       '</w:abstractNum>' % (NSDECL, aid, "".join(levels)))
        if first_num is not None:
            first_num.addprevious(an)
        else:
            num.append(an)
    doc.styles.element.append(parse_xml(
        '<w:style %s w:type="numbering" w:customStyle="1" w:styleId="Rubriklista"><w:name w:val="Rubriklista"/>'
        '<w:pPr><w:numPr><w:numId w:val="111"/></w:numPr></w:pPr></w:style>' % NSDECL))
    for nid, (aid, extra) in sorted(NUMS.items()):
        num.append(parse_xml('<w:num %s w:numId="%d"><w:abstractNumId w:val="%d"/>%s</w:num>'
                             % (NSDECL, nid, aid, extra)))
    for heading, items in LISTS:
        doc.add_paragraph(heading)
        for nid, ilvl, label in items:
            p = doc.add_paragraph(label, style="List Paragraph")
            p._p.get_or_add_pPr().append(parse_xml(
                '<w:numPr %s><w:ilvl w:val="%d"/><w:numId w:val="%d"/></w:numPr>' % (NSDECL, ilvl, nid)))
    save(doc, os.path.join(OUT, "pydocx-listlabels.docx"))


# ------------------------------------------------------ raw XML helpers
def raw(p, inner):
    """Append raw WordprocessingML (runs, math, …) to python-docx paragraph p."""
    for child in parse_xml('<w:p %s>%s</w:p>' % (NSALL, inner)):
        p._p.append(child)
    return p


def sym(font, char):
    return '<w:r><w:sym w:font="%s" w:char="%s"/></w:r>' % (font, char)


# ------------------------------------------------------------ symbols
def doc_symbols():
    """Each paragraph's text as Word shows it is in the test
    (internal/document/fixtures_test.go)."""
    doc = Document()
    greek = doc.styles.add_style("Grekiska", WD_STYLE_TYPE.CHARACTER)
    greek.font.name = "Symbol"

    def font_run(p, text, font):
        r = p.add_run(text)
        r.font.name = font  # w:rFonts ascii/hAnsi, as Word writes it
        return r

    # w:sym in Symbol: θ (F071) inside a word, ∨ as a byte (00DA) and as its
    # private-use twin (F0DA), ♦ (F0A8, which in Wingdings would be a box)
    raw(doc.add_paragraph("Vinkeln "), sym("Symbol", "F071") + '<w:r><w:t xml:space="preserve">p är liten.</w:t></w:r>')
    raw(doc.add_paragraph("Det kostar €10."), sym("Symbol", "00DA") + sym("Symbol", "F0DA"))
    raw(doc.add_paragraph("Ruter: "), sym("Symbol", "F0A8"))
    # a run in Symbol with plain letters, and with a private-use character
    p = doc.add_paragraph("Grekiska: ")
    font_run(p, "abgqxo", "Symbol")
    p.add_run(" och ")
    font_run(p, "\uf0a8", "Symbol")
    # Symbol through a character style
    p = doc.add_paragraph("Teckenformat: ")
    p.add_run("p", style="Grekiska")
    # Wingdings: boxes as w:sym and as letters in a Wingdings run
    raw(doc.add_paragraph("Ja "), sym("Wingdings", "F0A8") + '<w:r><w:t xml:space="preserve"> Nej </w:t></w:r>'
        + sym("Wingdings", "F0FE"))
    p = doc.add_paragraph()
    font_run(p, "o", "Wingdings")
    p.add_run(" Av ")
    font_run(p, "x", "Wingdings")
    p.add_run(" På")
    # Wingdings bullets and marks
    raw(doc.add_paragraph(), sym("Wingdings", "F0A7") + '<w:r><w:t xml:space="preserve"> Punkt </w:t></w:r>'
        + sym("Wingdings", "F0D8") + '<w:r><w:t xml:space="preserve"> Pil </w:t></w:r>'
        + sym("Wingdings", "F06C") + '<w:r><w:t xml:space="preserve"> Cirkel </w:t></w:r>'
        + sym("Wingdings", "F0FC") + '<w:r><w:t xml:space="preserve"> Bock</w:t></w:r>')
    p = doc.add_paragraph("Wingdings 2: ")
    font_run(p, "\uf0a3 T", "Wingdings 2")
    # real box glyphs in an ordinary font (and a w:sym naming one) are
    # checkboxes: ☑ becomes the canonical ☒
    doc.add_paragraph("☐ Ja ☒ Nej ☑ Kanske")
    raw(doc.add_paragraph("MS Gothic: "), sym("MS Gothic", "2610") + sym("MS Gothic", "2612"))
    save(doc, os.path.join(OUT, "pydocx-symbols.docx"))


# ---------------------------------------------------------- equations
def mr(text):
    return '<m:r><m:t xml:space="preserve">%s</m:t></m:r>' % text


def frac(num, den):
    return '<m:f><m:num>%s</m:num><m:den>%s</m:den></m:f>' % (num, den)


def ssup(e, sup):
    return '<m:sSup><m:e>%s</m:e><m:sup>%s</m:sup></m:sSup>' % (e, sup)


def ssub(e, sub):
    return '<m:sSub><m:e>%s</m:e><m:sub>%s</m:sub></m:sSub>' % (e, sub)


def ssubsup(e, sub, sup):
    return '<m:sSubSup><m:e>%s</m:e><m:sub>%s</m:sub><m:sup>%s</m:sup></m:sSubSup>' % (e, sub, sup)


def omath(inner):
    return '<m:oMath>%s</m:oMath>' % inner


def doc_equations():
    doc = Document()
    t = lambda s: '<w:r><w:t xml:space="preserve">%s</w:t></w:r>' % s  # noqa: E731
    # no space in the text on either side: the words must not run together
    raw(doc.add_paragraph("Vi har"), omath(frac(mr("a"), mr("b+c"))) + t("som kvot."))
    raw(doc.add_paragraph("Ytan är "), omath(mr("π") + ssup(mr("r"), mr("2"))) + t(" enligt formeln."))
    raw(doc.add_paragraph("Index "), omath(ssubsup(mr("x"), mr("i"), mr("2"))) + t(" i texten."))
    raw(doc.add_paragraph("Summan"),
        omath('<m:nary><m:naryPr><m:chr m:val="∑"/></m:naryPr><m:sub>%s</m:sub><m:sup>%s</m:sup><m:e>%s</m:e></m:nary>'
              % (mr("k=1"), mr("n"), ssub(mr("a"), mr("k")))) + t("är ändlig."))
    # delimiters around functions of fractions, as in a Fourier series
    cos_sin = lambda f: ('<m:func><m:fName>%s</m:fName><m:e>%s</m:e></m:func>'  # noqa: E731
                         % ('<m:r><m:rPr><m:sty m:val="p"/></m:rPr><m:t>%s</m:t></m:r>' % f, frac(mr("nπx"), mr("L"))))
    raw(doc.add_paragraph("Serien "), omath(
        mr("f(x)=") + ssub(mr("a"), mr("0")) + mr("+")
        + '<m:nary><m:naryPr><m:chr m:val="∑"/></m:naryPr><m:sub>%s</m:sub><m:sup>%s</m:sup><m:e>%s</m:e></m:nary>'
        % (mr("n=1"), mr("∞"), '<m:d><m:dPr><m:ctrlPr/></m:dPr><m:e>%s</m:e></m:d>'
           % (ssub(mr("a"), mr("n")) + cos_sin("cos") + mr("+") + ssub(mr("b"), mr("n")) + cos_sin("sin")))))
    # a binomial coefficient (a fraction without bar) and a cube root
    raw(doc.add_paragraph("Binomial "), omath(
        '<m:d><m:e><m:f><m:fPr><m:type m:val="noBar"/></m:fPr><m:num>%s</m:num><m:den>%s</m:den></m:f></m:e></m:d>'
        % (mr("n"), mr("k")) + mr(" och ")
        + '<m:rad><m:deg>%s</m:deg><m:e>%s</m:e></m:rad>' % (mr("3"), mr("x"))) + t(" slut."))
    # a display equation: m:oMathPara in a paragraph of its own
    raw(doc.add_paragraph(), '<m:oMathPara>%s</m:oMathPara>' % omath(mr("E=m") + ssup(mr("c"), mr("2"))))
    doc.add_paragraph("Text efter formeln.")
    save(doc, os.path.join(OUT, "pydocx-equations.docx"))


# --------------------------------------------------------------- ruby
def ruby(base, reading):
    return ('<w:r><w:ruby><w:rubyPr><w:rubyAlign w:val="distributeSpace"/><w:hps w:val="11"/>'
            '<w:hpsRaise w:val="20"/><w:hpsBaseText w:val="22"/><w:lid w:val="ja-JP"/></w:rubyPr>'
            '<w:rt><w:r><w:rPr><w:sz w:val="11"/></w:rPr><w:t>%s</w:t></w:r></w:rt>'
            '<w:rubyBase><w:r><w:t>%s</w:t></w:r></w:rubyBase></w:ruby></w:r>' % (reading, base))


def doc_ruby():
    doc = Document()
    raw(doc.add_paragraph("Staden "), ruby("東京", "とうきょう") + '<w:r><w:t xml:space="preserve"> är stor.</w:t></w:r>')
    raw(doc.add_paragraph(), ruby("漢", "かん") + ruby("字", "じ"))
    save(doc, os.path.join(OUT, "pydocx-ruby.docx"))


# ---------------------------------------------------------- drop caps
def drop_frame(p, kind, letter):
    """Make p a drop cap's frame paragraph as Word writes it."""
    ppr = p._p.get_or_add_pPr()
    ppr.append(parse_xml('<w:keepNext %s/>' % NSDECL))
    ppr.append(parse_xml('<w:framePr %s w:dropCap="%s" w:lines="3" w:wrap="around" w:vAnchor="text" '
                         'w:hAnchor="%s"/>' % (NSDECL, kind, "text" if kind == "drop" else "page")))
    ppr.append(parse_xml('<w:spacing %s w:line="844" w:lineRule="exact"/>' % NSDECL))
    r = p.add_run(letter)
    r.font.size = Pt(56)
    r._r.get_or_add_rPr().append(parse_xml('<w:position %s w:val="-12"/>' % NSDECL))


def doc_dropcap():
    doc = Document()
    drop_frame(doc.add_paragraph(), "drop", "D")
    doc.add_paragraph("rop cap.")
    doc.add_paragraph("Nästa stycke.")
    drop_frame(doc.add_paragraph(), "margin", "V")
    doc.add_paragraph("id marginalen.")
    # a frame that is not a drop cap stays a paragraph of its own
    p = doc.add_paragraph("Ram.")
    p._p.get_or_add_pPr().append(parse_xml('<w:framePr %s w:w="2000" w:hSpace="180" w:wrap="around" '
                                           'w:vAnchor="text" w:hAnchor="page" w:x="1500" w:y="1"/>' % NSDECL))
    doc.add_paragraph("Efter ramen.")
    save(doc, os.path.join(OUT, "pydocx-dropcap.docx"))


# ------------------------------------------------ legacy form, ActiveX
RT_CONTROL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships/control"
CT_ACTIVEX = "application/vnd.ms-office.activeX+xml"
# Forms 2.0 CheckBox, its properties as a property bag (no binary part)
ACTIVEX = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
           '<ax:ocx xmlns:ax="http://schemas.microsoft.com/office/2006/activeX" '
           'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
           'ax:classid="{8BD21D40-EC42-11CE-9E0D-00AA006002F3}" ax:persistence="persistPropertyBag">'
           '<ax:ocxPr ax:name="Caption" ax:value="%s"/></ax:ocx>')


def form_checkbox(checked):
    return ('<w:r><w:fldChar w:fldCharType="begin"><w:ffData><w:name w:val="Kryss%d"/><w:enabled/>'
            '<w:calcOnExit w:val="0"/><w:checkBox><w:sizeAuto/><w:default w:val="%d"/></w:checkBox>'
            '</w:ffData></w:fldChar></w:r><w:r><w:instrText xml:space="preserve"> FORMCHECKBOX </w:instrText></w:r>'
            '<w:r><w:fldChar w:fldCharType="end"/></w:r>' % (checked, checked))


def doc_activex():
    doc = Document()
    t = lambda s: '<w:r><w:t xml:space="preserve">%s</w:t></w:r>' % s  # noqa: E731
    raw(doc.add_paragraph("Kryssa: "), form_checkbox(1) + t(" Ja ") + form_checkbox(0) + t(" Nej"))
    for i, caption in enumerate(("Kontroll ett", "Kontroll två"), 1):
        part = Part(PackURI("/word/activeX/activeX%d.xml" % i), CT_ACTIVEX,
                    (ACTIVEX % caption).encode("utf-8"), doc.part.package)
        rid = doc.part.relate_to(part, RT_CONTROL)
        raw(doc.add_paragraph(),
            '<w:r><w:object w:dxaOrig="1440" w:dyaOrig="1440"><v:shape id="_x0000_i10%02d" '
            'type="#_x0000_t75" style="width:108pt;height:18pt" o:ole=""/>'
            '<w:control r:id="%s" w:name="CheckBox%d" w:shapeid="_x0000_i10%02d"/></w:object></w:r>'
            % (i, rid, i, i) + t(" " + caption))
    save(doc, os.path.join(OUT, "pydocx-activex.docx"))


# ------------------------------------------------------ odd structures
def doc_runoutside():
    doc = Document()
    doc.add_paragraph("Före det okända elementet.")
    marker = doc.add_paragraph("Efter det okända elementet.")
    marker._p.addprevious(parse_xml(
        '<w:p2 %s><w:r><w:t>Text i en körning utanför stycken.</w:t></w:r></w:p2>' % NSDECL))
    save(doc, os.path.join(OUT, "pydocx-runoutside.docx"))


def doc_threebodies():
    doc = Document()
    doc.add_paragraph("Första kroppen.")
    body = doc.element.body
    for text in ("Andra kroppen.", "Tredje kroppen."):
        body.addnext(parse_xml('<w:body %s><w:p><w:r><w:t>%s</w:t></w:r></w:p></w:body>' % (NSDECL, text)))
        body = body.getnext()
    save(doc, os.path.join(OUT, "pydocx-threebodies.docx"))


THEME_CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
            '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
            '<Default Extension="xml" ContentType="application/xml"/>'
            '<Override PartName="/theme/theme/themeManager.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.themeManager+xml"/>'
            '<Override PartName="/theme/theme/theme1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.theme+xml"/></Types>')
THEME_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
              '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
              '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/'
              'officeDocument" Target="theme/theme/themeManager.xml"/></Relationships>')
THEME_MANAGER = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                 '<a:themeManager xmlns:a="http://schemas.openxmlformats.org/drawingml/2006/main"/>')
THEME_MANAGER_RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
                      '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
                      '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
                      'relationships/theme" Target="theme1.xml"/></Relationships>')


def bad_theme():
    buf = io.BytesIO()
    Document().save(buf)
    theme = zipfile.ZipFile(buf).read("word/theme/theme1.xml")

    def mutate(_):
        return [("[Content_Types].xml", THEME_CT.encode()), ("_rels/.rels", THEME_RELS.encode()),
                ("theme/theme/themeManager.xml", THEME_MANAGER.encode()),
                ("theme/theme/_rels/themeManager.xml.rels", THEME_MANAGER_RELS.encode()),
                ("theme/theme/theme1.xml", theme)]
    path = os.path.join(BAD, "theme.docx")
    with open(path, "wb") as fh:
        fh.write(normalize_zip(buf.getvalue(), mutate))
    print("%-28s %6d bytes" % (os.path.relpath(path, ROOT), os.path.getsize(path)))
    line = ("- `theme.docx` — An Office theme package (.thmx layout: main part theme/theme/themeManager.xml, "
            "content type themeManager+xml) holding python-docx's own theme1.xml, named .docx "
            "(python-docx + Python zipfile). Made by testdata/make/pydocx/reader.py.\n")
    readme = os.path.join(BAD, "README.md")
    lines = [l for l in open(readme, encoding="utf-8") if not l.startswith("- `theme.docx`")]
    lines.append(line)
    head = [l for l in lines if not l.startswith("- `")]
    items = sorted(l for l in lines if l.startswith("- `"))
    with open(readme, "w", encoding="utf-8") as fh:
        fh.write("".join(head + items))


if __name__ == "__main__":
    doc_symbols()
    doc_equations()
    doc_ruby()
    doc_dropcap()
    doc_activex()
    doc_listlabels()
    doc_runoutside()
    doc_threebodies()
    bad_theme()
