#!/usr/bin/python3
# -*- coding: utf-8 -*-
"""Test documents made with python-docx (Debian python3-docx 0.8.11).

Regenerate everything (deterministic, from scratch):

    cd /work/main && /usr/bin/python3 testdata/make/pydocx/make.py

The documents follow configs/templates/2023.yaml; the second report year's
documents (pydocx-2024-*) follow the test-only testdata/templates/2024.yaml:

    /usr/bin/python3 testdata/make/pydocx/make.py --spec testdata/templates/2024.yaml

Questions are chosen by kind (the choices question, its explanations, the
insats tables), never by id, so the same code writes any year's template.

Needs: apt-get install -y python3-docx python3-yaml python3-lxml
Writes testdata/docx/pydocx-*.docx and a pydocx-*.expect.json next to each.

python-docx makes the package, styles, headings, ordinary paragraphs and
tables; constructs it has no API for (content controls, checkboxes, tracked
changes, fields, footnotes, symbols, wrappers, risky parts) are inserted as
raw WordprocessingML with lxml before saving.  The expected facts
(.expect.json) are computed from the same model the XML is written from:
every answer is a list of "pieces" and the renderer returns both the XML and
the accepted-view visible text (the project's counting rule, see count_rule).
"""
import io
import json
import os
import random
import re
import struct
import sys
import zipfile
import zlib
import datetime
from xml.sax.saxutils import escape

import yaml
from docx import Document
from docx.enum.style import WD_STYLE_TYPE
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.opc.constants import RELATIONSHIP_TYPE as RT
from docx.opc.packuri import PackURI
from docx.opc.part import Part
from docx.oxml import parse_xml
from docx.oxml.ns import qn
from docx.shared import Pt, Mm, RGBColor

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import texts as T  # noqa: E402

ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
DEFAULT_SPEC = os.path.join(ROOT, "configs", "templates", "2023.yaml")
SPEC_PATH = DEFAULT_SPEC
if "--spec" in sys.argv:
    _i = sys.argv.index("--spec")
    SPEC_PATH = os.path.abspath(sys.argv[_i + 1])
    del sys.argv[_i:_i + 2]
SPEC = yaml.safe_load(open(SPEC_PATH, encoding="utf-8"))
YEAR = SPEC["year"]
OTHER_YEAR = SPEC_PATH != DEFAULT_SPEC   # documents of another year: pydocx-YEAR-*
OUT = os.path.join(ROOT, "testdata", "docx")
PRODUCER = "python-docx 0.8.11 (Debian python3-docx) + raw WordprocessingML via lxml"

W_NS = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
NSDECL = ('xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main" '
          'xmlns:w14="http://schemas.microsoft.com/office/word/2010/wordml" '
          'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships"')
AUTHOR = "Anna Lindqvist"
REVDATE = "2024-02-12T10:15:00Z"
FIXED_ZIP_DATE = (2024, 2, 15, 9, 0, 0)

QUESTIONS = [(s, q) for s in SPEC["sections"] for q in s["questions"]]
QBYID = {q["id"]: q for _, q in QUESTIONS}
TEXT_QIDS = [q["id"] for _, q in QUESTIONS if q.get("kind", "text") == "text" and q["id"] != "övrigt"]
INSATS_QIDS = [q["id"] for _, q in QUESTIONS if q.get("kind") == "insatser"]
CHOICE_Q = [q for _, q in QUESTIONS if q.get("kind") == "choices"][0]            # 10.3 in 2023
EXPL_Q = [q for _, q in QUESTIONS if q.get("kind") == "explanations"][0]         # 10.4 in 2023
CQ, EQ = CHOICE_Q["id"], EXPL_Q["id"]
N_ITEMS = len(CHOICE_Q["items"])
ITEM_KEYS = [str(i + 1) for i in range(N_ITEMS)]
# the diarienummer line of a filled-in report, as regions type it (hyphen for the dash)
DIARIE_LINE = "Diarienummer %s." % " och ".join(d["id"].replace("\u2013", "-") for d in SPEC["diarienummer"])
PLACEHOLDERS = [" ".join(p.split()) for p in SPEC["placeholders"]]
REF_PATTERNS = [re.compile(p, re.I) for p in SPEC["references"]["patterns"]]
BASIS = SPEC["basis_terms"]
ACTOR_TERMS = [t for k in SPEC["actor_kinds"] for t in k["terms"]]
PROMPT = "Klicka här för att ange text."
PROMPT16 = "Klicka eller tryck här för att ange text."


# ------------------------------------------------------------------ model
class Para:
    """One paragraph: pieces (see render), optional paragraph style, and
    del_mark=True for a tracked deleted paragraph mark."""
    def __init__(self, pieces, style=None, del_mark=False):
        if isinstance(pieces, str):
            pieces = [pieces]
        self.pieces, self.style, self.del_mark = pieces, style, del_mark


class Text:
    """A free-text answer.  wrap: None | 'sdt' (block content control, filled)
    | 'plc' (block content control showing its placeholder) | 'customxml'."""
    def __init__(self, paras=(), wrap=None, prompt=PROMPT):
        self.paras = [p if isinstance(p, Para) else Para(p) for p in paras]
        self.wrap, self.prompt = wrap, prompt


class Insats:
    """An insats table.  rows: list of 4-cell rows (cell = str or list of
    paragraph strings; "" = empty); total rows written = max(len(rows), 5)
    unless n_rows is given.  variant: None | sdt_mix | vmerge | split |
    header_gridspan | deleted_row.  comment: paragraph after the table."""
    def __init__(self, rows, variant=None, comment=None, font=("Calibri", 8), n_rows=None):
        self.rows, self.variant, self.comment, self.font = rows, variant, comment, font
        self.n_rows = n_rows if n_rows is not None else max(len(rows), 5)


class Choices:
    """10.3: items = [(ja_checked, nej_checked)] * 3; mode 'plain' (typed
    ☒/☐) or 'sdt' (w14:checkbox content controls); glyph = {(item, 'ja'|'nej'):
    glyph shown} to make the visible glyph disagree with w14:checked."""
    def __init__(self, items, mode="plain", glyph=None):
        self.items, self.mode, self.glyph = items, mode, glyph or {}


class Expl:
    """10.4: items = [Text|None]*3, otherwise = Text|None ("Om nej")."""
    def __init__(self, items, otherwise):
        self.items, self.otherwise = items, otherwise


def count_rule(visible):
    """The project's counting rule: code points of the accepted-view visible
    text; render() already drops deleted/moved-from/hidden text, soft hyphens,
    placeholder prompts and field codes and maps tab/br to one character each.
    Paragraph marks count 0 (paragraph texts are simply summed)."""
    return len(visible)


# ------------------------------------------------------------- rendering
class Ids:
    def __init__(self):
        self.n = 100

    def next(self):
        self.n += 1
        return self.n


def esc(s):
    return escape(s, {'"': "&quot;"})


def rpr_xml(font=None, size=None, style=None, vanish=False, theme=None, superscript=False):
    """w:rPr children in schema order."""
    x = ""
    if style:
        x += '<w:rStyle w:val="%s"/>' % style
    if theme:
        x += '<w:rFonts w:asciiTheme="%s" w:hAnsiTheme="%s" w:cstheme="%s"/>' % (theme, theme, theme.replace("HAnsi", "Bidi"))
    elif font:
        x += '<w:rFonts w:ascii="%s" w:hAnsi="%s" w:cs="%s"/>' % (font, font, font)
    if vanish:
        x += "<w:vanish/>"
    if size:
        x += '<w:sz w:val="%d"/><w:szCs w:val="%d"/>' % (size * 2, size * 2)
    if superscript:
        x += '<w:vertAlign w:val="superscript"/>'
    return x


def run(inner, rp=None, **extra):
    rp = dict(rp or {})
    rp.update(extra)
    r = rpr_xml(**rp)
    return "<w:r>%s%s</w:r>" % ("<w:rPr>%s</w:rPr>" % r if r else "", inner)


def wt(s, tag="w:t"):
    return '<%s xml:space="preserve">%s</%s>' % (tag, esc(s), tag)


def rev(ids):
    return 'w:id="%d" w:author="%s" w:date="%s"' % (ids.next(), AUTHOR, REVDATE)


def render(pieces, ids, rp=None):
    """pieces -> (xml, visible accepted-view text, flags).

    str                      plain run
    ('hidden', s)            w:vanish run (not counted)
    ('ins', s) / ('del', s)  tracked insertion (counted) / deletion (w:delText, not counted)
    ('movefrom', s, name) / ('moveto', s, name)   tracked move (from: not counted)
    ('softhyphen',) ('nbh',) ('tab',) ('br',) ('pagebreak',)
    ('sym', font, hexchar)   w:sym (counted as the code point)
    ('fldsimple', instr, result) / ('field', instr, result)   result counted, code not
    ('sdt', pieces, placeholder_prompt_or_None)  inline content control
    ('smarttag', pieces) ('customxml', pieces) ('hyperlink', rid, pieces)
    ('font', rp, pieces)     runs with other formatting
    ('fnref', id)            footnote reference
    ('raw', xml, visible)
    """
    xml, vis, flags = [], [], set()
    for p in pieces:
        if isinstance(p, str):
            if p:
                xml.append(run(wt(p), rp))
                vis.append(p)
            continue
        k = p[0]
        if k == "hidden":
            xml.append(run(wt(p[1]), rp, vanish=True))
        elif k == "ins":
            xml.append("<w:ins %s>%s</w:ins>" % (rev(ids), run(wt(p[1]), rp)))
            vis.append(p[1])
            flags.add("tracked")
        elif k == "del":
            xml.append("<w:del %s>%s</w:del>" % (rev(ids), run(wt(p[1], "w:delText"), rp)))
            flags.add("tracked")
        elif k in ("movefrom", "moveto"):
            tag = "moveFrom" if k == "movefrom" else "moveTo"
            rid = ids.next()
            xml.append('<w:%sRangeStart w:id="%d" w:author="%s" w:date="%s" w:name="%s"/>'
                       % (tag, rid, AUTHOR, REVDATE, p[2]))
            xml.append("<w:%s %s>%s</w:%s>" % (tag, rev(ids), run(wt(p[1]), rp), tag))
            xml.append('<w:%sRangeEnd w:id="%d"/>' % (tag, rid))
            if k == "moveto":
                vis.append(p[1])
            flags.add("tracked")
        elif k == "softhyphen":
            xml.append(run("<w:softHyphen/>", rp))
        elif k == "nbh":
            xml.append(run("<w:noBreakHyphen/>", rp))
            vis.append("\u2011")
        elif k == "tab":
            xml.append(run("<w:tab/>", rp))
            vis.append("\t")
        elif k == "br":
            xml.append(run("<w:br/>", rp))
            vis.append("\n")
        elif k == "pagebreak":
            xml.append(run('<w:br w:type="page"/>', rp))
        elif k == "sym":
            xml.append(run('<w:sym w:font="%s" w:char="%s"/>' % (p[1], p[2]), rp))
            vis.append(chr(int(p[2], 16)))
        elif k == "fldsimple":
            xml.append('<w:fldSimple w:instr="%s">%s</w:fldSimple>' % (esc(p[1]), run(wt(p[2]), rp)))
            vis.append(p[2])
        elif k == "field":
            xml.append(run('<w:fldChar w:fldCharType="begin"/>', rp))
            xml.append(run(wt(p[1], "w:instrText"), rp))
            xml.append(run('<w:fldChar w:fldCharType="separate"/>', rp))
            xml.append(run(wt(p[2]), rp))
            xml.append(run('<w:fldChar w:fldCharType="end"/>', rp))
            vis.append(p[2])
        elif k == "sdt":
            prompt = p[2]
            if prompt:
                inner = run(wt(prompt), rp, style="PlaceholderText")
                pr = '<w:id w:val="%d"/><w:showingPlcHdr/><w:text/>' % ids.next()
                flags.add("placeholder")
            else:
                inner, v, f = render(p[1], ids, rp)
                vis.append(v)
                flags |= f
                pr = '<w:id w:val="%d"/><w:text/>' % ids.next()
            xml.append("<w:sdt><w:sdtPr>%s</w:sdtPr><w:sdtContent>%s</w:sdtContent></w:sdt>" % (pr, inner))
        elif k in ("smarttag", "customxml", "hyperlink", "font"):
            sub_rp = p[1] if k == "font" else rp
            inner, v, f = render(p[-1], ids, sub_rp)
            vis.append(v)
            flags |= f
            if k == "smarttag":
                xml.append('<w:smartTag w:uri="urn:schemas-microsoft-com:office:smarttags" w:element="place">%s</w:smartTag>' % inner)
            elif k == "customxml":
                xml.append('<w:customXml w:uri="http://www.regionvasterbotten.se/villkorsrapport" w:element="svarsdel">%s</w:customXml>' % inner)
            elif k == "hyperlink":
                xml.append('<w:hyperlink r:id="%s" w:history="1">%s</w:hyperlink>' % (p[1], inner))
            else:
                xml.append(inner)
        elif k == "fnref":
            xml.append(run('<w:footnoteReference w:id="%d"/>' % p[1], None, superscript=True))
        elif k == "raw":
            xml.append(p[1])
            vis.append(p[2])
        else:
            raise ValueError(k)
    return "".join(xml), "".join(vis), flags


def frag(xml):
    """Parse a fragment of WordprocessingML into a list of elements."""
    root = parse_xml("<w:root %s>%s</w:root>" % (NSDECL, xml))
    return list(root)


# --------------------------------------------------------------- prose
def _fmt(s, sec, rng):
    k1, k2 = rng.sample(T.KOMMUNER, 2)
    return s.format(omr=T.OMR[sec], kommun=k1, kommun2=k2, n=rng.randint(6, 38), m=rng.randint(45, 280))


def pools_for(key):
    sec = key.split(".")[0]
    if key.startswith("10.") or key == "10":
        extra = {"10.2": T.HALLB, "10.5": T.TERR}.get(key, T.GEN)
        return T.ANSLAG + extra
    if sec == "övrigt":
        return T.GEN + T.HALLB
    if sec == "2":
        return T.ANALYS + {"2.3": T.HALLB, "2.4": T.TERR}.get(key, []) + T.GEN
    if sec in ("7", "8", "9"):
        return T.THEME[sec] + T.GEN + T.HALLB
    last = key.split(".")[1]
    return {"1": T.THEME.get(sec, []), "2": T.HALLB, "3": T.TERR}[last] + T.GEN


def opener_for(key):
    """The opening sentence of an answer slot.  Explanation slots are named
    after the explanations question of the spec; their openers are the 2023
    ones (10.4.n), by item."""
    if key in T.OPENERS:
        return T.OPENERS[key]
    if key.startswith(EQ + "."):
        item = key[len(EQ) + 1:]
        return T.OPENERS.get("10.4." + item, T.OPENERS["10.4.3"])
    return "Under %d har regionen arbetat vidare med frågan tillsammans med länets aktörer." % YEAR


def prose(seed, key, target, actors=True, opener=None, sentences=None):
    """Whole Swedish sentences (opener, actors sentence, then a seeded
    shuffle of the pool) as long as they fit into `target` characters, split
    into paragraphs of 3-5 sentences.  Returns a list of paragraph strings."""
    sec = key.split(".")[0]
    rng = random.Random("%s|%s" % (seed, key))
    sents = [opener or opener_for(key)] + ([T.ACTORS] if actors else [])
    pool = list(sentences if sentences is not None else pools_for(key))
    rng.shuffle(pool)
    total = len(" ".join(sents))
    for s in pool:
        s = _fmt(s, sec, rng)
        if s in sents:
            continue
        if total + 1 + len(s) <= target:
            sents.append(s)
            total += 1 + len(s)
    paras, i = [], 0
    while i < len(sents):
        n = rng.randint(3, 5)
        paras.append(" ".join(sents[i:i + n]))
        i += n
    return paras


TAILS = [".", " i år.", " i länet.", " m.m.", " med mera.", " i regionen.", " under året.",
         " i hela länet.", " och kommunerna.", " tillsammans.", " inom länet.", " i samverkan.",
         " i Västerbotten.", " enligt plan.", " 2023.", " igen.", " nu.", " även.", " också.",
         " bland annat."]
FILLER = ("Sammantaget är vår bild att arbetet under året har gett goda förutsättningar för det "
          "fortsatta arbetet, även om mycket återstår när det gäller att nå ut till alla delar av "
          "länet och att involvera fler aktörer från näringslivet, civilsamhällets organisationer "
          "och de statliga myndigheterna i genomförandet av de gemensamma prioriteringarna under "
          "de kommande åren och i den nya programperioden")


def exact_filler(n):
    """A sentence of exactly n characters (prefix of FILLER + a tail)."""
    words = FILLER.split(" ")
    for k in range(len(words), 0, -1):
        head = " ".join(words[:k]).rstrip(",")
        for tail in TAILS:
            if len(head) + len(tail) == n:
                return head + tail
    raise ValueError("no filler of length %d" % n)


def prose_exact(seed, key, exact, **kw):
    """Like prose() but exactly `exact` characters long (paragraph marks 0)."""
    paras = prose(seed, key, exact - 70, **kw)
    r = exact - sum(len(p) for p in paras)
    paras[-1] = paras[-1] + " " + exact_filler(r - 1)
    assert sum(len(p) for p in paras) == exact
    return paras


def insats_rows(qid, n=5, basis=True, seed="x"):
    rng = random.Random("%s|rows|%s" % (seed, qid))
    sec = qid.split(".")[0]
    rows = []
    for i, (name, desc) in enumerate(T.INSATSER[qid][:n]):
        a, b, c = rng.randint(12, 240), rng.randint(3, 30), rng.randint(2, 15)
        w = rng.randint(5, a)
        pre = T.PRESTATION[i % len(T.PRESTATION)].format(a=a, b=b, c=c, w=w, m=a - w)
        eff_t = (T.EFFEKT if basis else T.EFFEKT_NO_BASIS)
        eff = eff_t[i % len(eff_t)].format(tema=name[0].lower() + name[1:], p=rng.randint(40, 85))
        mal = T.MAL[i % len(T.MAL)].format(rus=T.RUSMAL[sec], n=rng.randint(1, 4))
        rows.append([[name, desc], pre, eff, mal])
    return rows


# ------------------------------------------------------------- the report
def cell_text(c):
    if isinstance(c, list):
        return "\n".join(c)
    return c or ""


class Report:
    def __init__(self, name, purpose, diarie=True, fonts_mode="normal", untitled=False):
        self.name, self.purpose, self.diarie = name, purpose, diarie
        self.untitled_doc = untitled
        self.ids = Ids()
        self.doc = Document()
        self.body = self.doc.element.body
        self.q, self.insatser, self.choices = {}, {}, {}
        self.ins_rows = {}      # qid -> counted rows (for incomplete/basis)
        self.ins_comment = {}
        self.expl = None
        self.answer_text = {}
        self.extra_findings = []
        self.numbered = False
        self.heading_override = {}   # qid -> list of pieces (heading text without number)
        self.untitled = False        # the document never states its year (title, properties, front matter)
        self.template_from = None    # how the checker must decide the year, when not from the title
        self._setup(fonts_mode)

    # ---- package / styles
    def _setup(self, fonts_mode):
        doc = self.doc
        sec = doc.sections[0]
        sec.page_width, sec.page_height = Mm(210), Mm(297)
        sec.left_margin = sec.right_margin = Mm(25)
        sec.top_margin = sec.bottom_margin = Mm(25)
        styles = doc.styles
        # theme: major font Cambria (python-docx's theme1.xml has major Calibri, minor Cambria)
        theme = doc.part.part_related_by(RT.THEME)
        blob = theme.blob.decode("utf-8")
        blob2 = re.sub(r'(<a:majorFont>\s*<a:latin typeface=")Calibri(")', r"\1Cambria\2", blob)
        assert blob2 != blob
        theme._blob = blob2.encode("utf-8")
        # docDefaults language
        dd = styles.element.find(qn("w:docDefaults"))
        lang = dd.find(".//" + qn("w:lang"))
        lang.set(qn("w:val"), "sv-SE")
        if fonts_mode == "normal":
            normal = styles["Normal"]
            normal.font.name = "Cambria"
            normal.font.size = Pt(11)
        else:   # docDefaults carry Cambria 11, Normal has no run properties
            rf = dd.find(".//" + qn("w:rFonts"))
            for a in list(rf.attrib):
                del rf.attrib[a]
            for a in ("ascii", "hAnsi", "cs", "eastAsia"):
                rf.set(qn("w:" + a), "Cambria")
        ph = styles.add_style("Placeholder Text", WD_STYLE_TYPE.CHARACTER)
        ph.font.color.rgb = RGBColor(0x80, 0x80, 0x80)
        hl = styles.add_style("Hyperlink", WD_STYLE_TYPE.CHARACTER)
        hl.font.color.rgb = RGBColor(0x00, 0x00, 0xFF)
        hl.font.underline = True
        # core properties (fixed)
        cp = doc.core_properties
        cp.title = untitled_title() if self.untitled_doc else SPEC["title"]
        cp.author = "Region Västerbotten"
        cp.last_modified_by = AUTHOR
        cp.created = datetime.datetime(2024, 2, 5, 8, 30, 0)
        cp.modified = datetime.datetime(2024, 2, 15, 9, 0, 0)
        cp.revision = 7
        cp.comments = ""
        # footer "n(N)"
        fp = sec.footer.paragraphs[0]
        fp.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for el in frag('<w:fldSimple w:instr=" PAGE "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
                       '<w:r><w:t>(</w:t></w:r>'
                       '<w:fldSimple w:instr=" NUMPAGES "><w:r><w:t>1</w:t></w:r></w:fldSimple>'
                       '<w:r><w:t>)</w:t></w:r>'):
            fp._p.append(el)
        # footnotes part with the template's footnotes
        fx = ['<w:footnotes %s>' % NSDECL,
              '<w:footnote w:type="separator" w:id="-1"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:separator/></w:r></w:p></w:footnote>',
              '<w:footnote w:type="continuationSeparator" w:id="0"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr><w:r><w:continuationSeparator/></w:r></w:p></w:footnote>']
        for i, t in sorted(T.FOOTNOTES.items()):
            fx.append('<w:footnote w:id="%d"><w:p><w:pPr><w:spacing w:after="0" w:line="240" w:lineRule="auto"/></w:pPr>'
                      '<w:r><w:rPr><w:vertAlign w:val="superscript"/></w:rPr><w:footnoteRef/></w:r>'
                      '<w:r><w:rPr><w:sz w:val="18"/></w:rPr><w:t xml:space="preserve"> %s</w:t></w:r></w:p></w:footnote>' % (i, esc(t)))
        fx.append("</w:footnotes>")
        part = Part(PackURI("/word/footnotes.xml"),
                    "application/vnd.openxmlformats-officedocument.wordprocessingml.footnotes+xml",
                    "".join(fx).encode("utf-8"), doc.part.package)
        doc.part.relate_to(part, RT.FOOTNOTES)

    # ---- low-level writers
    def block(self, el):
        self.body.find(qn("w:sectPr")).addprevious(el)
        return el

    def raw_para(self, pieces, style=None, del_mark=False, rp=None):
        x, vis, flags = render(pieces, self.ids, rp)
        ppr = ""
        if style:
            ppr += '<w:pStyle w:val="%s"/>' % style
        if del_mark:
            ppr += "<w:rPr><w:del %s/></w:rPr>" % rev(self.ids)
            flags.add("tracked")
        p = frag("<w:p>%s%s</w:p>" % ("<w:pPr>%s</w:pPr>" % ppr if ppr else "", x))[0]
        return p, vis, flags

    def para(self, pieces, style=None, del_mark=False):
        """Append a paragraph; plain text goes through python-docx's API,
        anything else through render()."""
        if isinstance(pieces, str):
            pieces = [pieces]
        if all(isinstance(x, str) for x in pieces) and not del_mark:
            text = "".join(pieces)
            p = self.doc.add_paragraph(text, style=self._style_name(style))
            return p._p, text, set()
        p, vis, flags = self.raw_para(pieces, style, del_mark)
        self.block(p)
        return p, vis, flags

    def _style_name(self, style_id):
        if style_id is None:
            return None
        for s in self.doc.styles:
            if s.style_id == style_id:
                return s.name
        raise KeyError(style_id)

    def heading(self, level, text_pieces, fn=None, num_level=None):
        p = self.doc.add_paragraph(style="Heading %d" % level)
        if isinstance(text_pieces, str):
            text_pieces = [text_pieces]
        if all(isinstance(x, str) for x in text_pieces):
            p.add_run("".join(text_pieces))
        else:
            x, _, _ = render(text_pieces, self.ids)
            for el in frag(x):
                p._p.append(el)
        if fn:
            for el in frag(run('<w:footnoteReference w:id="%d"/>' % fn, None, superscript=True)):
                p._p.append(el)
        if num_level is not None:
            ppr = p._p.get_or_add_pPr()
            numpr = frag('<w:numPr><w:ilvl w:val="%d"/><w:numId w:val="%d"/></w:numPr>'
                         % (num_level, self.num_id))[0]
            ppr.find(qn("w:pStyle")).addnext(numpr)
        return p

    # ---- template parts
    def front(self):
        doc = self.doc
        doc.add_paragraph(untitled_title() if self.untitled_doc else SPEC["title"], style="Title")
        if self.diarie:
            doc.add_paragraph("Region Västerbotten. " + DIARIE_LINE)
        bp = SPEC["boilerplate"]
        i = 1  # skip the title (first item)
        while i < len(bp):
            t = bp[i]
            if t == "Strategiska områden":
                i = self.areas_table(i)
                continue
            if self.untitled_doc and t.startswith("För återrapporteringen av Villkor för budgetåret"):
                i += 1   # the one front-matter paragraph that names the year
                continue
            if t in T.BOILER_HEADINGS:
                self.heading(T.BOILER_HEADINGS[t], t)
            else:
                fn = [f for f in T.BOILER_FOOTNOTES if t.startswith(f[0])]
                style = "List Bullet" if t.startswith(("Prestationer –", "Effekter på")) else None
                if fn:
                    _, head, fid = fn[0]
                    assert t.startswith(head)
                    self.para([head, ("fnref", fid), t[len(head):]], style=None)
                else:
                    doc.add_paragraph(t, style=style)
            i += 1

    def areas_table(self, i):
        bp = SPEC["boilerplate"]
        end = bp.index("Frågor att besvara - Återrapportering")
        items = bp[i + 2:end]
        rows = []
        for t in items:
            if "i hela landet" in t:
                rows.append([t, []])
            else:
                rows[-1][1].append(t)
        tbl = self.doc.add_table(rows=1 + len(rows), cols=2)
        tbl.style = self.doc.styles["Table Grid"]
        self.fill_cell(tbl.cell(0, 0), ["Strategiska områden"], ("Calibri", 8), bold_first=True)
        self.fill_cell(tbl.cell(0, 1), ["Prioriteringar"], ("Calibri", 8), bold_first=True)
        for r, (area, prios) in enumerate(rows, 1):
            self.fill_cell(tbl.cell(r, 0), [area], ("Calibri", 8))
            self.fill_cell(tbl.cell(r, 1), prios, ("Calibri", 8))
        self.doc.add_paragraph()
        return end

    def fill_cell(self, cell, paras, font, bold_first=False):
        if isinstance(paras, str):
            paras = [paras]
        for j, text in enumerate(paras):
            p = cell.paragraphs[0] if j == 0 else cell.add_paragraph()
            if text:
                r = p.add_run(text)
                r.font.name, r.font.size = font[0], Pt(font[1])
                if bold_first and j == 0:
                    r.bold = True

    # ---- answers
    def text_answer(self, key, ans):
        """Write a Text; returns (list of visible paragraph texts, flags)."""
        if ans is None:
            ans = Text([""])
        ids = self.ids
        if ans.wrap == "plc":
            x = ('<w:sdt><w:sdtPr><w:rPr><w:rStyle w:val="PlaceholderText"/></w:rPr><w:id w:val="%d"/>'
                 '<w:showingPlcHdr/><w:text w:multiLine="1"/></w:sdtPr><w:sdtContent><w:p>%s</w:p></w:sdtContent></w:sdt>'
                 % (ids.next(), run(wt(ans.prompt), None, style="PlaceholderText")))
            self.block(frag(x)[0])
            return [], {"placeholder"}
        texts, flags, els = [], set(), []
        for pa in ans.paras:
            if ans.wrap:
                p, v, f = self.raw_para(pa.pieces, pa.style, pa.del_mark)
                els.append(p)
            else:
                p, v, f = self.para(pa.pieces, pa.style, pa.del_mark)
            texts.append(v)
            flags |= f
        if ans.wrap == "sdt":
            sdt = frag('<w:sdt><w:sdtPr><w:id w:val="%d"/></w:sdtPr><w:sdtContent/></w:sdt>' % ids.next())[0]
            content = sdt.find(qn("w:sdtContent"))
            for p in els:
                content.append(p)
            self.block(sdt)
        elif ans.wrap == "customxml":
            cx = frag('<w:customXml w:uri="http://www.regionvasterbotten.se/villkorsrapport" w:element="svar"/>')[0]
            for p in els:
                cx.append(p)
            self.block(cx)
        return texts, flags

    def record_text(self, qid, paras, flags):
        """Status and count of an answer; paragraph marks count 0, so chars is
        the sum over paragraphs; starts_with is taken from the paragraphs
        joined with \\n."""
        vis = "\n".join(paras)
        self.answer_text[qid] = vis
        norm = " ".join(vis.split())
        if not norm:
            status = "placeholder" if "placeholder" in flags else "unanswered"
        elif norm in PLACEHOLDERS:
            status = "placeholder"
        elif len(norm) <= SPEC["references"]["max_chars"] and any(p.search(norm) for p in REF_PATTERNS):
            status = "reference"
        else:
            status = "answered"
        chars = sum(count_rule(p) for p in paras) if status in ("answered", "reference") else 0
        e = {"status": status, "chars": chars}
        if status in ("answered", "reference"):
            e["starts_with"] = vis[:30]
        self.q[qid] = e
        return e

    def insats_table(self, qid, ins):
        doc = self.doc
        header = [[SPEC["insats_columns"][0]],
                  [SPEC["insats_columns"][1], SPEC["insats_header_texts"][0]],
                  [SPEC["insats_columns"][2], SPEC["insats_header_texts"][1], SPEC["insats_header_texts"][2]],
                  [SPEC["insats_columns"][3], SPEC["insats_header_texts"][3]]]
        rows = list(ins.rows) + [["", "", "", ""]] * (ins.n_rows - len(ins.rows))
        font = ins.font

        def make(rows_part):
            tbl = doc.add_table(rows=1 + len(rows_part), cols=4)
            tbl.style = doc.styles["Table Grid"]
            for c in range(4):
                self.fill_cell(tbl.cell(0, c), header[c], font, bold_first=True)
            return tbl

        counted = []
        if ins.variant == "split":
            t1 = make(rows[:3])
            for r, row in enumerate(rows[:3], 1):
                for c in range(4):
                    self.fill_cell(t1.cell(r, c), row[c], font)
            self.para([("pagebreak",)])
            t2 = make(rows[3:])
            for r, row in enumerate(rows[3:], 1):
                for c in range(4):
                    self.fill_cell(t2.cell(r, c), row[c], font)
            counted = [row for row in rows if any(cell_text(c) for c in row)]
        else:
            tbl = make(rows)
            if ins.variant == "vmerge":      # rows 1-2 share column 1
                tbl.cell(1, 0).merge(tbl.cell(2, 0))
            if ins.variant == "header_gridspan":   # row 4: columns 3-4 one cell
                tbl.cell(4, 2).merge(tbl.cell(4, 3))
            for r, row in enumerate(rows, 1):
                for c in range(4):
                    if ins.variant == "vmerge" and r == 2 and c == 0:
                        continue
                    if ins.variant == "header_gridspan" and r == 4 and c == 3:
                        continue
                    self.fill_cell(tbl.cell(r, c), row[c], font)
            trs = tbl._tbl.findall(qn("w:tr"))
            if ins.variant == "vmerge":
                # rows 1 and 2 are one insats: merge their texts for the checks
                r1, r2 = rows[0], rows[1]
                counted = [[r1[0]] + [cell_text(r1[c]) + "\n" + cell_text(r2[c]) for c in (1, 2, 3)]]
                counted += [row for row in rows[2:] if any(cell_text(c) for c in row)]
            elif ins.variant == "header_gridspan":
                trpr = frag("<w:trPr><w:tblHeader/></w:trPr>")[0]
                trs[0].insert(0, trpr)
                counted = []
                for i, row in enumerate(rows, 1):
                    if i == 4:   # merged cell covers columns 3 and 4
                        row = [row[0], row[1], row[2], row[2]]
                    if any(cell_text(c) for c in row):
                        counted.append(row)
            elif ins.variant == "deleted_row":
                tr = trs[ins.deleted]
                tr.insert(0, frag("<w:trPr><w:del %s/></w:trPr>" % rev(self.ids))[0])
                for r_el in list(tr.iter(qn("w:r"))):
                    for t in r_el.findall(qn("w:t")):
                        t.tag = qn("w:delText")
                    wrapper = frag("<w:del %s/>" % rev(self.ids))[0]
                    r_el.addprevious(wrapper)
                    wrapper.append(r_el)
                counted = [row for i, row in enumerate(rows, 1)
                           if i != ins.deleted and any(cell_text(c) for c in row)]
                self.extra_findings.append("tracked_changes")
            elif ins.variant == "sdt_mix":
                self._sdt_mix(trs)
                counted = [row for row in rows if any(cell_text(c) for c in row)]
            else:
                counted = [row for row in rows if any(cell_text(c) for c in row)]
        self.ins_rows[qid] = counted
        self.insatser[qid] = len(counted)
        if ins.comment:
            self.doc.add_paragraph(ins.comment)
            self.ins_comment[qid] = ins.comment
        if counted or ins.comment:
            e = {"status": "answered"}
            if ins.comment and not counted:
                e["starts_with"] = ins.comment[:30]
            self.q[qid] = e
        else:
            self.q[qid] = {"status": "unanswered"}

    def _sdt_mix(self, trs):
        """3.4 of pydocx-sdt: row 1 w:tc/w:p/w:sdt (inline), row 2
        w:tc/w:sdt/w:sdtContent/w:p (block in cell), row 3 row-level sdt around
        w:tr, row 4 cell-level sdt around w:tc (columns 1 and 3), row 5 empty."""
        ids = self.ids
        for tc in trs[1].findall(qn("w:tc")):
            for p in tc.findall(qn("w:p")):
                rs = p.findall(qn("w:r"))
                if not rs:
                    continue
                sdt = frag('<w:sdt><w:sdtPr><w:id w:val="%d"/><w:text/></w:sdtPr><w:sdtContent/></w:sdt>' % ids.next())[0]
                rs[0].addprevious(sdt)
                for r in rs:
                    sdt.find(qn("w:sdtContent")).append(r)
        for tc in trs[2].findall(qn("w:tc")):
            ps = tc.findall(qn("w:p"))
            sdt = frag('<w:sdt><w:sdtPr><w:id w:val="%d"/></w:sdtPr><w:sdtContent/></w:sdt>' % ids.next())[0]
            ps[0].addprevious(sdt)
            for p in ps:
                sdt.find(qn("w:sdtContent")).append(p)
        tr = trs[3]
        sdt = frag('<w:sdt><w:sdtPr><w:alias w:val="Insats"/><w:tag w:val="insats3"/><w:id w:val="%d"/></w:sdtPr><w:sdtContent/></w:sdt>' % ids.next())[0]
        tr.addprevious(sdt)
        sdt.find(qn("w:sdtContent")).append(tr)
        tcs = trs[4].findall(qn("w:tc"))
        for tc in (tcs[0], tcs[2]):
            sdt = frag('<w:sdt><w:sdtPr><w:id w:val="%d"/></w:sdtPr><w:sdtContent/></w:sdt>' % ids.next())[0]
            tc.addprevious(sdt)
            sdt.find(qn("w:sdtContent")).append(tc)

    def choices_block(self, spec):
        q = CHOICE_Q
        res = {}
        for i, item in enumerate(q["items"]):
            self.doc.add_paragraph(item, style="List Bullet")
            for j, opt in enumerate(("Ja", "Nej")):
                checked = spec.items[i][j]
                glyph = spec.glyph.get((i + 1, opt.lower()), "\u2612" if checked else "\u2610")
                if spec.mode == "plain":
                    self.doc.add_paragraph("%s %s" % (opt, glyph))
                else:
                    x = ('<w:p><w:pPr><w:ind w:left="720"/></w:pPr><w:r><w:t xml:space="preserve">%s </w:t></w:r>'
                         '<w:sdt><w:sdtPr><w:id w:val="%d"/><w14:checkbox><w14:checked w14:val="%d"/>'
                         '<w14:checkedState w14:val="2612" w14:font="MS Gothic"/>'
                         '<w14:uncheckedState w14:val="2610" w14:font="MS Gothic"/></w14:checkbox></w:sdtPr>'
                         '<w:sdtContent><w:r><w:rPr><w:rFonts w:ascii="MS Gothic" w:eastAsia="MS Gothic" w:hAnsi="MS Gothic" w:hint="eastAsia"/></w:rPr>'
                         '<w:t>%s</w:t></w:r></w:sdtContent></w:sdt></w:p>'
                         % (opt, self.ids.next(), 1 if checked else 0, glyph))
                    self.block(frag(x)[0])
            ja, nej = spec.items[i]
            res[str(i + 1)] = "ja" if ja and not nej else ("nej" if nej and not ja else "")
        self.choices = res
        self.q[CQ] = {"status": "answered" if any(a or b for a, b in spec.items) else "unanswered", "chars": 0}

    def expl_block(self, spec):
        q = EXPL_Q
        texts, flags_all, parts = [], set(), {}
        for i, item in enumerate(q["items"]):
            self.doc.add_paragraph(item, style="List Bullet")
            v, f = self.text_answer("%s.%d" % (EQ, i + 1), spec.items[i])
            parts[str(i + 1)] = "".join(v)
            texts += [t for t in v if t.strip()]
            flags_all |= f
        self.doc.add_paragraph(q["otherwise"])
        v, f = self.text_answer(EQ + ".nej", spec.otherwise)
        parts["nej"] = "".join(v)
        flags_all |= f
        texts += [t for t in v if t.strip()]
        self.expl = parts
        self.record_text(EQ, texts, flags_all)

    # ---- whole document
    def build(self, answers, post=None):
        """answers: qid -> Text | Insats | Choices | Expl ('övrigt' too)."""
        self.front()
        for s in SPEC["sections"]:
            sid = s["id"]
            if sid == "övrigt":
                self.heading(1, s["title"])
                self.para([s["intro"][0], ("fnref", T.OVRIGT_FOOTNOTE)])
                v, f = self.text_answer("övrigt", answers.get("övrigt"))
                self.record_text("övrigt", v, f)
                continue
            if self.numbered:
                self.heading(1, s["title"], T.SECTION_FOOTNOTE.get(sid), num_level=0)
            else:
                self.heading(1, "%s. %s" % (sid, s["title"]), T.SECTION_FOOTNOTE.get(sid))
            for t in s["intro"]:
                self.doc.add_paragraph(t)
            for q in s["questions"]:
                qid, kind = q["id"], q.get("kind", "text")
                htext = self.heading_override.get(qid, [q["text"]])
                if self.numbered:
                    self.heading(2, htext, T.QUESTION_FOOTNOTE.get(qid), num_level=1)
                else:
                    self.heading(2, ["%s " % qid] + htext, T.QUESTION_FOOTNOTE.get(qid))
                a = answers.get(qid)
                if kind == "text":
                    v, f = self.text_answer(qid, a)
                    self.record_text(qid, v, f)
                    if "tracked" in f:
                        self.extra_findings.append("tracked_changes")
                elif kind == "insatser":
                    self.insats_table(qid, a)
                elif kind == "choices":
                    self.choices_block(a)
                elif kind == "explanations":
                    self.expl_block(a)
            if post and sid in post:
                post[sid](self)
        if post and "end" in post:
            post["end"](self)

    # ---- expectations
    def findings(self):
        f = []
        if not self.diarie:
            f += ["diarienummer_missing", "diarienummer_missing"]
        for g in SPEC["limits"]:
            total = sum(self.q.get(qid, {}).get("chars", 0) for qid in g["questions"])
            if total > g["max"]:
                f.append("limit_exceeded")
        for qid in INSATS_QIDS:
            if self.insatser.get(qid, 0) > SPEC["max_insatser"]:
                f.append("too_many_insatser")
        for qid in TEXT_QIDS:
            if self.q[qid]["status"] in ("unanswered", "placeholder"):
                f.append("unanswered")
        for qid in INSATS_QIDS:
            if self.q[qid]["status"] == "unanswered":
                f.append("unanswered")
        for k in ITEM_KEYS:
            if self.choices.get(k) == "":
                f.append("choice_missing")
        for k in ITEM_KEYS:
            if self.choices.get(k) == "ja" and not self.expl[k].strip():
                f.append("explanation_missing")
        if "nej" in self.choices.values() and not self.expl["nej"].strip():
            f.append("explanation_missing")
        f += self.extra_findings
        for qid in INSATS_QIDS:
            rows = self.ins_rows.get(qid, [])
            if any(not cell_text(c).strip() for row in rows for c in row):
                f.append("incomplete_insats")
        for qid in INSATS_QIDS:
            rows = self.ins_rows.get(qid, [])
            if any(not any(b in cell_text(row[SPEC["insats_effects_column"] - 1]).lower() for b in BASIS) for row in rows):
                f.append("basis_missing")
        for g in SPEC["limits"]:
            if not g.get("asks_actors"):
                continue
            answered = [self.answer_text[qid] for qid in g["questions"] if self.q[qid]["status"] == "answered"]
            if answered and not any(t in " ".join(answered).lower() for t in ACTOR_TERMS):
                f.append("actors_missing")
        return f

    def expect(self):
        groups = {}
        for g in SPEC["limits"]:
            qs = g["questions"]
            total = sum(self.q.get(qid, {}).get("chars", 0) for qid in qs)
            groups["%s-%s" % (qs[0], qs[-1]) if len(qs) > 1 else qs[0]] = {"chars": total, "max": g["max"]}
        ex = {"producer": PRODUCER, "purpose": self.purpose, "questions": self.q,
                "insatser": self.insatser, "choices": self.choices,
                "findings": self.findings(), "limit_groups": groups}
        if OTHER_YEAR or self.template_from:
            ex["template"] = str(YEAR)
            ex["template_from"] = self.template_from or "title"
        return ex

    def save(self, mutate_zip=None):
        buf = io.BytesIO()
        self.doc.save(buf)
        data = normalize_zip(buf.getvalue(), mutate_zip)
        path = os.path.join(OUT, self.name + ".docx")
        with open(path, "wb") as fh:
            fh.write(data)
        ex = self.expect()
        with open(os.path.join(OUT, self.name + ".expect.json"), "w", encoding="utf-8") as fh:
            json.dump(ex, fh, ensure_ascii=False, indent=1)
            fh.write("\n")
        return path, ex


def normalize_zip(data, mutate=None):
    """Rewrite the package with fixed timestamps (python-docx stamps the
    current time) so every run produces identical bytes; `mutate` may drop
    or change entries."""
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


# ---------------------------------------------------------- answer sets
GROUP_SLOTS = {}
for _g in SPEC["limits"]:
    _slots = []
    for _qid in _g["questions"]:
        if _qid == CQ:
            continue
        if _qid == EQ:
            _slots += ["%s.%d" % (EQ, _i + 1) for _i in range(N_ITEMS - 1)] + [EQ + ".nej"]
        else:
            _slots.append(_qid)
    for _s in _slots:
        GROUP_SLOTS[_s] = (_g, len(_slots))


def standard_answers(seed, frac, expl_items=(True, True, False), choices=((True, False), (True, False), (False, True)),
                     choice_mode="plain"):
    """A fully answered report: each limit group filled to about frac of its
    limit, insats tables with 5 complete rows, the choices as given (one per
    item); the explanation of every item but the last is in the limit
    group's share (expl_items says which are answered)."""
    A = {}
    for slot, (g, n) in GROUP_SLOTS.items():
        target = int(g["max"] * frac / n)
        A[slot] = Text(prose(seed, slot, target, actors=bool(g.get("asks_actors"))))
    for qid in INSATS_QIDS:
        A[qid] = Insats(insats_rows(qid, seed=seed))
    A[CQ] = Choices(list(choices), mode=choice_mode)
    items = [A.pop("%s.%d" % (EQ, i + 1)) if expl_items[i] else None for i in range(N_ITEMS - 1)]
    last = "%s.%d" % (EQ, N_ITEMS)
    items.append(Text(prose(seed, last, 600, actors=False)) if expl_items[N_ITEMS - 1] else None)
    for i in range(N_ITEMS - 1):
        A.pop("%s.%d" % (EQ, i + 1), None)
    A[EQ] = Expl(items, A.pop(EQ + ".nej"))
    A["övrigt"] = Text(prose(seed, "övrigt", 900, actors=False))
    return A


# ------------------------------------------------------------- documents
def untitled_title():
    """The title without its year."""
    return re.sub(r"\s*\d{4}$", "", SPEC["title"])


def doc_untitled():
    r = Report("pydocx-untitled", "A complete %d report whose text never states the year: the title and the "
               "document properties say only 'Återrapportering av villkorsbeslut', the front-matter paragraph "
               "naming the budget year is left out. The checker must find the year from the questions the "
               "document follows (template_from 'questions'), and says so (template_mismatch warning)." % YEAR,
               untitled=True)
    r.template_from = "questions"
    n = N_ITEMS
    A = standard_answers("untitled", 0.8, expl_items=(True,) * (n - 1) + (False,),
                         choices=((True, False),) * (n - 1) + ((False, True),))
    r.build(A)
    r.extra_findings.append("template_mismatch")
    return r


def doc_year_full():
    """The other year's full report: every question answered; uses what the
    year allows that 2023 does not (more insatser, a larger limit)."""
    limit1 = [g for g in SPEC["limits"] if g["questions"][0] == "1.1"][0]["max"]
    r = Report("pydocx-%d-full" % YEAR, "Full-size %d submission (testdata/templates/%d.yaml): every question "
               "answered, each limit group 80-95 %% of its limit except 1.1-1.3 at about %d characters, %d complete "
               "insatser in the first insats table (the template's maximum) and 5 in the others, %s items Ja, Ja, "
               "Nej, Ja with %s items 1, 2 and 4 and 'Om nej' answered, diarienummer stated. Expected findings: none."
               % (YEAR, YEAR, int(limit1 * 0.96), SPEC["max_insatser"], CQ, EQ))
    n = N_ITEMS
    A = standard_answers("full%d" % YEAR, 0.87, expl_items=(True,) * (n - 1) + (True,),
                         choices=((True, False), (True, False), (False, True)) + ((True, False),) * (n - 3))
    target = int(limit1 * 0.96) // 3
    for q in ("1.1", "1.2", "1.3"):
        A[q] = Text(prose("full%d" % YEAR, q, target))
    A[INSATS_QIDS[0]] = Insats(insats_rows(INSATS_QIDS[0], SPEC["max_insatser"], seed="full%d" % YEAR))
    r.build(A)
    return r


def doc_year_untitled():
    r = doc_untitled()
    r.name = "pydocx-%d-untitled" % YEAR
    return r


def doc_full():
    r = Report("pydocx-full", "Full-size realistic submission: every question 1.1-10.5 answered, each limit group "
               "80-95 % of its limit, 5 complete insatser per table, 10.3 Ja/Ja/Nej as typed ☒/☐, 10.4 items 1-2 "
               "and 'Om nej' answered, Övriga medskick answered, diarienummer stated. Findings list one code per "
               "occurrence; expected: none.")
    A = standard_answers("full", 0.87)
    r.build(A)
    for name, g in r.expect()["limit_groups"].items():
        assert 0.80 * g["max"] <= g["chars"] <= 0.95 * g["max"], (name, g)
    return r


def long_prose(seed, key, target, actors=True):
    """Like prose() but as long as target even past what one shuffle of the
    pool gives: further rounds with other seeds add paragraphs (a long answer
    that repeats itself, as long answers do)."""
    paras, total, k = [], 0, 0
    while total < target and k < 12:
        more = prose("%s#%d" % (seed, k), key, target - total, actors=actors and k == 0,
                     opener=None if k == 0 else "Vi vill även lyfta fram följande.")
        if k > 0 and sum(map(len, more)) < 200:
            break
        paras += more
        total = sum(map(len, paras))
        k += 1
    return paras


def long_rows(qid, n, seed):
    """n complete insatser for qid: the fixed ones, then the same again as
    later stages ("etapp 2", ...)."""
    base = insats_rows(qid, len(T.INSATSER[qid]), seed=seed)
    rows, k = [], 0
    while len(rows) < n:
        for row in base:
            if len(rows) == n:
                break
            name, desc = row[0]
            if k:
                name = "%s, etapp %d" % (name, k + 1)
            rows.append([[name, desc]] + row[1:])
        k += 1
    return rows


def doc_long():
    r = Report("pydocx-long", "Long full-size submission for the speed benchmark (>= 250 KB word/document.xml): "
               "every question 1.1-10.5 answered at about 1.4 times its limit group's share (every group over "
               "its limit), every insats table with 14 complete insatser (over the maximum), 10.3 Ja/Ja/Nej as "
               "typed boxes, 10.4 items 1-2 and 'Om nej' answered, Övriga medskick answered, diarienummer "
               "stated. Findings: one code per occurrence.")
    seed = "long"
    A = standard_answers(seed, 0.87)
    for slot, (g, n) in GROUP_SLOTS.items():
        target = int(g["max"] * 1.4 / n)
        text = long_prose(seed, slot, target, actors=bool(g.get("asks_actors")))
        if slot in A:
            A[slot] = Text(text)
        elif slot == EQ + ".1":
            A[EQ].items[0] = Text(text)
        elif slot == EQ + ".2":
            A[EQ].items[1] = Text(text)
        elif slot == EQ + ".nej":
            A[EQ].otherwise = Text(text)
    A["övrigt"] = Text(long_prose(seed, "övrigt", 3000, actors=False))
    for qid in INSATS_QIDS:
        A[qid] = Insats(long_rows(qid, 14, seed))
    r.build(A)
    for name, g in r.expect()["limit_groups"].items():
        assert g["chars"] > g["max"], (name, g)
    return r


def doc_blank():
    r = Report("pydocx-blank", "The template as distributed: every free-text field a block content control "
               "showing its placeholder (PlaceholderText 'Klicka här för att ange text.'), 10.3 as unchecked "
               "w14:checkbox controls (☐ in MS Gothic), insats tables with 5 empty rows, no diarienummer line. "
               "Findings: one code per occurrence.", diarie=False)
    A = {}
    for slot in list(GROUP_SLOTS) + ["övrigt"]:
        A[slot] = Text(wrap="plc")
    for qid in INSATS_QIDS:
        A[qid] = Insats([])
    A[CQ] = Choices([(False, False)] * N_ITEMS, mode="sdt")
    A[EQ] = Expl([A.pop("%s.%d" % (EQ, i + 1)) for i in range(N_ITEMS - 1)] + [Text(wrap="plc")], A.pop(EQ + ".nej"))
    r.build(A)
    return r


def doc_limits():
    r = Report("pydocx-limits", "Rule cases: 1.1-1.3 total 4 600 (> 4 500), 2.1-2.4 exactly 5 500 (not exceeded), "
               "3.4 six filled rows, 4.4 one row with columns 2 and 4 empty, 5.4 only empty rows and no comment, "
               "6.4 empty table + comment (answered), 7.2 effects without basis, 8.1 names no actor, 9.1 a "
               "reference, 10.1 empty, 10.3 item 1 Ja with 10.4 item 1 empty, item 2 both boxes, item 3 none; "
               "only the template sentence mentions the diarienummer. Findings: one code per occurrence "
               "(per number, group, table, question or item).", diarie=False)
    seed = "limits"
    A = standard_answers(seed, 0.5, expl_items=(False, True, False),
                         choices=((True, False), (True, True), (False, False)))
    # group 1: exactly 4 600 in total
    a = prose(seed, "1.1", 1530)
    b = prose(seed, "1.2", 1530)
    rest = 4600 - sum(map(len, a)) - sum(map(len, b))
    c = prose_exact(seed, "1.3", rest)
    A["1.1"], A["1.2"], A["1.3"] = Text(a), Text(b), Text(c)
    # group 2: exactly 5 500
    parts = [prose(seed, k, 1370) for k in ("2.1", "2.2", "2.3")]
    rest = 5500 - sum(sum(map(len, p)) for p in parts)
    parts.append(prose_exact(seed, "2.4", rest))
    for k, p in zip(("2.1", "2.2", "2.3", "2.4"), parts):
        A[k] = Text(p)
    A["3.4"] = Insats(insats_rows("3.4", 6, seed=seed))
    rows = insats_rows("4.4", seed=seed)
    rows[2][1] = ""
    rows[2][3] = ""
    A["4.4"] = Insats(rows)
    A["5.4"] = Insats([])
    A["6.4"] = Insats([], comment="Inga insatser har genomförts inom området under 2023 eftersom arbetet med "
                                   "den nya länstransportplanen och bredbandsstrategin har varit i ett "
                                   "planeringsskede; insatserna påbörjas under 2024.")
    A["7.2"] = Insats(insats_rows("7.2", basis=False, seed=seed))
    A["8.1"] = Text([" ".join(T.NO_ACTORS_8_1)])
    A["9.1"] = Text(["Se svar under fråga 3.1."])
    A["10.1"] = Text([""])
    r.build(A)
    g = r.expect()["limit_groups"]
    assert g["1.1-1.3"]["chars"] == 4600 and g["2.1-2.4"]["chars"] == 5500, g
    assert not any(t in A["8.1"].paras[0].pieces[0].lower() for t in ACTOR_TERMS)
    return r


def doc_sdt():
    r = Report("pydocx-sdt", "Answers inside content controls at every level (block, inline, placeholder, "
               "prompt left as plain text, smartTag/customXml inline, customXml block, hyperlink, table "
               "cell/row/cell-level sdts) and 10.3 as w14:checkbox controls where item 3's Ja glyph (☐) "
               "disagrees with w14:checked=1 (trust w14:checked). Findings: one code per occurrence.")
    seed = "sdt"
    A = standard_answers(seed, 0.35, expl_items=(True, False, True),
                         choices=((True, False), (False, True), (True, False)), choice_mode="sdt")
    A[CQ].glyph = {(3, "ja"): "\u2610"}
    A["1.1"] = Text([T.OPENERS["1.1"] + " " + T.ACTORS, T.THEME["1"][0] + " " + T.THEME["1"][2]], wrap="sdt")
    A["1.2"] = Text([[T.OPENERS["1.2"] + " ",
                      ("sdt", [T.ACTORS + " Den sociala dimensionen har omfattat frågor om jämställdhet och folkhälsa."], None),
                      " Arbetet har följts upp årligen tillsammans med kommunerna."]])
    A["1.3"] = Text([[("sdt", [], PROMPT16)]])
    A["2.1"] = Text([[("sdt", [PROMPT], None)]])
    A["2.2"] = Text([[T.OPENERS["2.2"] + " Planen tas fram i dialog med ",
                      ("smarttag", ["Länsstyrelsen Västerbotten"]),
                      " och kommunerna i ",
                      ("customxml", ["Umeåregionen och Skellefteåregionen"]),
                      ", och resultaten redovisas för regionala utvecklingsnämnden varje höst."]])
    A["2.3"] = Text([T.OPENERS["2.3"] + " " + T.ACTORS], wrap="customxml")
    rid = r.doc.part.relate_to("https://www.regionvasterbotten.se/analys-och-statistik", RT.HYPERLINK, is_external=True)
    A["2.4"] = Text([[T.OPENERS["2.4"] + " Resultaten publiceras på ",
                      ("hyperlink", rid, [("font", {"style": "Hyperlink"}, ["regionens webbplats för analys och statistik"])]),
                      ", där kommunerna, Länsstyrelsen och näringslivet kan ta del av dem."]])
    rows = insats_rows("3.4", 4, seed=seed)
    A["3.4"] = Insats(rows, variant="sdt_mix")
    r.build(A)
    return r


def doc_tables():
    r = Report("pydocx-tables", "Insats table shapes: 3.4 column 1 vertically merged over rows 1-2 (one insats, "
               "4 from 5 rows), 4.4 split into two tables (3 rows, page break, header repeated + 2 rows = 5), "
               "5.4 w:tblHeader header row and a row whose columns 3-4 are one w:gridSpan cell, 6.4 six rows "
               "of which one is a tracked deleted row (w:trPr/w:del; 5 count). Findings: one code per occurrence.")
    seed = "tables"
    A = standard_answers(seed, 0.3)
    A["3.4"] = Insats(insats_rows("3.4", 5, seed=seed), variant="vmerge")
    A["4.4"] = Insats(insats_rows("4.4", 5, seed=seed), variant="split")
    rows = insats_rows("5.4", 5, seed=seed)
    rows[3][2] = rows[3][2] + " " + rows[3][3]
    rows[3][3] = ""
    A["5.4"] = Insats(rows, variant="header_gridspan")
    ins = Insats(insats_rows("6.4", 6, seed=seed), variant="deleted_row")
    ins.deleted = 4
    A["6.4"] = ins
    r.build(A)
    return r


def doc_fonts():
    r = Report("pydocx-fonts", "Fonts: 1.1 answer runs Arial 12 pt and 3.4 table text Times New Roman 10 pt "
               "(font warnings); all other text is Cambria 11 / Calibri 8 reached three ways: Normal via "
               "w:docDefaults (Normal style without rPr), paragraph style 'Svarstext' based on Normal (section 2 "
               "answers), and runs with w:rFonts w:asciiTheme=majorHAnsi + sz 22 where theme major = Cambria "
               "(sections 4-5 answers). Findings: one code per occurrence.", fonts_mode="docdefaults")
    st = r.doc.styles.add_style("Svarstext", WD_STYLE_TYPE.PARAGRAPH)
    st.base_style = r.doc.styles["Normal"]
    st.paragraph_format.space_after = Pt(6)
    seed = "fonts"
    A = standard_answers(seed, 0.3)
    A["1.1"] = Text([[("font", {"font": "Arial", "size": 12}, pa.pieces)] for pa in A["1.1"].paras])
    for k in ("2.1", "2.2", "2.3", "2.4"):
        A[k] = Text([Para(pa.pieces, style="Svarstext") for pa in A[k].paras])
    for k in ("4.1", "4.2", "4.3", "5.1", "5.2", "5.3"):
        A[k] = Text([[("font", {"theme": "majorHAnsi", "size": 11}, pa.pieces)] for pa in A[k].paras])
    A["3.4"] = Insats(insats_rows("3.4", seed=seed), font=("Times New Roman", 10))
    r.extra_findings += ["font", "font"]
    r.build(A)
    return r


def doc_hidden():
    r = Report("pydocx-hidden", "Character edge cases in 1.1: hidden w:vanish run (0), soft hyphen (0), "
               "no-break hyphen in 'e‑tjänst' (1), w:sym Wingdings F0FE (1), w:tab (1), w:br (1), w:fldSimple "
               "NUMPAGES with result '42' (result counted), complex DATE field with result (result counted, code "
               "not). Findings: one code per occurrence.")
    seed = "hidden"
    A = standard_answers(seed, 0.3)
    A["1.1"] = Text([
        [T.OPENERS["1.1"] + " ", ("hidden", "Intern anteckning: stäm av siffrorna med ekonomienheten innan inskick. "),
         T.ACTORS + " Den regionala utvecklings", ("softhyphen",), "strategin finns nu även som e",
         ("nbh",), "tjänst där invånarna kan följa genomförandet."],
        ["Status för handlingsplanen:", ("tab",), "genomförd ", ("sym", "Wingdings", "F0FE"),
         ("br",), "Rapportens omfattning: ", ("fldsimple", " NUMPAGES ", "42"),
         " sidor, uppdaterad ", ("field", ' DATE \\@ "d MMMM yyyy" ', "15 februari 2024"), "."],
    ])
    r.build(A)
    return r


def doc_tracked():
    r = Report("pydocx-tracked", "Tracked changes in answers: 1.1 w:ins (counted) and w:del/w:delText (not "
               "counted); 1.2 w:moveFrom (not counted) / w:moveTo (counted) with range markers; 1.3 a deleted "
               "paragraph mark (paragraph 1 ends with an inserted space, so the accepted view joins it to paragraph 2; marks count 0). chars are accepted-view counts. Findings: one "
               "code per occurrence.")
    seed = "tracked"
    A = standard_answers(seed, 0.3)
    A["1.1"] = Text([[T.OPENERS["1.1"] + " Arbetet har bedrivits ",
                      ("del", "i bred dialog "), ("ins", "i nära samverkan "),
                      "med länets kommuner, Länsstyrelsen Västerbotten och näringslivets organisationer",
                      ("del", " under våren"), ("ins", " under hela året"), "."]])
    moved = "Samhällsutmaningen klimatförändringar har fått störst utrymme under året. "
    A["1.2"] = Text([
        [T.OPENERS["1.2"] + " ", ("movefrom", moved, "move1"),
         "Arbetet har skett tillsammans med kommunerna och civilsamhällets organisationer."],
        [("moveto", moved, "move1"), "Den miljömässiga dimensionen har därför prioriterats i alla nya insatser."],
    ])
    A["1.3"] = Text([
        Para([T.OPENERS["1.3"] + " I inlandet har tillgången till service och transporter varit i fokus,",
              ("ins", " ")], del_mark=True),
        Para("medan kustkommunerna och Trafikverket har arbetat med kapaciteten i transportsystemet."),
    ])
    r.build(A)
    r.extra_findings = sorted(set(r.extra_findings))
    return r


def tiny_png():
    def chunk(t, d):
        c = struct.pack(">I", len(d)) + t + d
        return c + struct.pack(">I", zlib.crc32(t + d) & 0xFFFFFFFF)
    raw = b"\x00\xff\xff\xff"
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(raw)) + chunk(b"IEND", b""))


def tiny_xlsx():
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        zi = zipfile.ZipInfo("[Content_Types].xml", FIXED_ZIP_DATE)
        z.writestr(zi, '<?xml version="1.0" encoding="UTF-8"?><Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types"/>')
    return out.getvalue()


def doc_risky():
    r = Report("pydocx-risky", "Risky content: settings.xml.rels external attachedTemplate (TargetMode=External), "
               "INCLUDETEXT field in 3.1 and DDEAUTO field in 4.1 (field results counted, codes not), w:altChunk "
               "after the Övriga medskick answer (its HTML part not counted), word/embeddings/ xlsx with a "
               "package relationship, a harmless external hyperlink in 6.1 whose relationship id is "
               "'R7c1e8f2a9b3d4e5f', and a w:drawing in 9.1 whose image part (word/media/image1.png) is missing "
               "from the zip. Findings: one code per occurrence.")
    seed = "risky"
    doc = r.doc
    A = standard_answers(seed, 0.3)
    # attached template (external) from settings.xml
    sp = doc.part._settings_part
    rid = sp.relate_to("https://mallar.example.se/villkorsrapport-2023.dotm",
                       "http://schemas.openxmlformats.org/officeDocument/2006/relationships/attachedTemplate",
                       is_external=True)
    st = sp.element
    st.find(qn("w:proofState")).addnext(frag('<w:attachedTemplate r:id="%s"/>' % rid)[0])
    # fields
    p = A["3.1"].paras
    p.append(Para(["Analysen redovisas i sin helhet i ",
                   ("field", ' INCLUDETEXT "\\\\\\\\fileserver\\\\regional\\\\bostadsanalys.docx" \\* MERGEFORMAT ',
                    "Bilaga 1 Bostadsmarknadsanalys 2023"), "."]))
    A["4.1"].paras.append(Para(["Antalet nya yrkesutbildningsplatser uppgick till ",
                                ("field", ' DDEAUTO Excel "C:\\\\Data\\\\kompetens2023.xlsx" "Blad1!R2C3" \\a ', "1 250"),
                                " under året."]))
    # harmless external hyperlink with a non-rId<N> relationship id
    HID = "R7c1e8f2a9b3d4e5f"
    doc.part.rels.add_relationship(RT.HYPERLINK, "https://www.trafikverket.se/vara-projekt/", HID, is_external=True)
    A["6.1"].paras.append(Para(["Mer information om projekten finns hos ",
                                ("hyperlink", HID, [("font", {"style": "Hyperlink"}, ["Trafikverket"])]), "."]))
    # embedded workbook
    emb = Part(PackURI("/word/embeddings/Microsoft_Excel_Worksheet1.xlsx"),
               "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet", tiny_xlsx(), doc.part.package)
    doc.part.relate_to(emb, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/package")

    # 9.1 gets an extra empty paragraph; the picture is added to it after build()
    A["9.1"].paras.append(Para([("raw", "", "")]))

    def end(rep):
        html = ("<html><head><meta charset=\"utf-8\"></head><body><p>Bilaga: sammanställning av "
                "beviljade projekt 2023.</p></body></html>").encode("utf-8")
        ch = Part(PackURI("/word/afchunk1.htm"), "text/html", html, doc.part.package)
        crid = doc.part.relate_to(ch, "http://schemas.openxmlformats.org/officeDocument/2006/relationships/aFChunk")
        rep.block(frag('<w:altChunk r:id="%s"/>' % crid)[0])

    r.build(A, post={"end": end})
    # the empty paragraph appended to 9.1 gets the picture
    body = doc.element.body
    paras = body.findall(qn("w:p"))
    target = None
    for i, pe in enumerate(paras):
        if "".join(pe.itertext()).startswith("9.1 "):
            j = i + 1
            while "".join(paras[j].itertext()).strip():
                j += 1
            target = paras[j]
            break
    from docx.text.paragraph import Paragraph
    Paragraph(target, doc._body).add_run().add_picture(io.BytesIO(tiny_png()), width=Mm(20))
    r.extra_findings.append("risky_content")

    def drop_image(entries):
        return [(n, b) for n, b in entries if not n.startswith("word/media/")]
    r.mutate = drop_image
    return r


def doc_numbered():
    r = Report("pydocx-numbered", "Headings numbered by Word list numbering (numbering.xml multilevel list "
               "%1. / %1.%2, w:numPr on the Heading 1/Heading 2 paragraphs); heading texts carry no number. 2.2's "
               "heading is split over 3 runs with a soft hyphen inside 'uppföljning' and a manual line break "
               "instead of a space; 3.3's heading has a small edit ('har beaktats inom arbetet'); tolerant "
               "matching must still find both. All answered. Findings: one code per occurrence.")
    seed = "numbered"
    num = r.doc.part.numbering_part.element
    absx = ('<w:abstractNum %s w:abstractNumId="20"><w:multiLevelType w:val="multilevel"/>'
            '<w:lvl w:ilvl="0"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%%1."/>'
            '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="432" w:hanging="432"/></w:pPr></w:lvl>'
            '<w:lvl w:ilvl="1"><w:start w:val="1"/><w:numFmt w:val="decimal"/><w:lvlText w:val="%%1.%%2"/>'
            '<w:lvlJc w:val="left"/><w:pPr><w:ind w:left="576" w:hanging="576"/></w:pPr></w:lvl>'
            '</w:abstractNum>' % NSDECL)
    first_num = num.find(qn("w:num"))
    an = parse_xml(absx)
    if first_num is not None:
        first_num.addprevious(an)
    else:
        num.append(an)
    num.append(parse_xml('<w:num %s w:numId="20"><w:abstractNumId w:val="20"/></w:num>' % NSDECL))
    r.numbered, r.num_id = True, 20
    q22 = QBYID["2.2"]["text"]
    a, rest = q22.split("uppföljning", 1)
    b, c = rest.split(" samt ", 1)
    r.heading_override["2.2"] = [a + "upp", ("softhyphen",), "följning" + b, ("br",), "samt " + c]
    q33 = QBYID["3.3"]["text"]
    assert "beaktats i arbetet" in q33
    r.heading_override["3.3"] = [q33.replace("beaktats i arbetet", "beaktats inom arbetet")]
    A = standard_answers(seed, 0.3)
    r.build(A)
    return r


def check(path):
    with zipfile.ZipFile(path) as z:
        assert z.testzip() is None
        from lxml import etree
        for n in z.namelist():
            if n.endswith(".xml") or n.endswith(".rels"):
                etree.fromstring(z.read(n))


def main():
    os.makedirs(OUT, exist_ok=True)
    makers = [doc_full, doc_long, doc_blank, doc_limits, doc_sdt, doc_tables, doc_fonts, doc_hidden,
              doc_tracked, doc_risky, doc_numbered, doc_untitled]
    if OTHER_YEAR:
        makers = [doc_year_full, doc_year_untitled]
    only = sys.argv[1:]
    for mk in makers:
        name = mk.__name__[4:]
        if only and name not in only:
            continue
        r = mk()
        path, ex = r.save(getattr(r, "mutate", None))
        check(path)
        print("%-26s %6d bytes  findings=%s" % (os.path.basename(path), os.path.getsize(path), ex["findings"]))


if __name__ == "__main__":
    main()
