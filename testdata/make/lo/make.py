#!/usr/bin/python3
# Regenerate everything from scratch with ONE command:
#     /usr/bin/python3 /work/main/testdata/make/lo/make.py
#
# Needs: Debian packages libreoffice-writer-nogui, python3-yaml, python3-uno (comes with
# LibreOffice), unzip; optional python3-msoffcrypto-tool (extra check of encrypted.docx).
# Built and checked with LibreOffice 7.4.7 (Debian 12). Uses the private LibreOffice profile
# /tmp/lo-profile. Takes about 15 s. Output is deterministic except for what LibreOffice itself
# randomises (the __Fieldmark__ bookmark names in lo-formcheckbox.docx) and zip timestamps.
#
# Writes hand-made flat ODF text documents (.fodt) from configs/templates/2023.yaml, converts
# them with `soffice --headless --convert-to docx:"MS Word 2007 XML"` and writes
#   testdata/docx/lo-formcheckbox.docx, lo-placeholder.docx, lo-roundtrip.docx, lo-report.docx
#   (each with X.expect.json) and the bad inputs in testdata/bad/ (+ lines in bad/README.md).
# Texts are fixed (content.py); nothing random.
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import xml.dom.minidom
import xml.parsers.expat
import zipfile
from xml.sax.saxutils import escape

import yaml

HERE = os.path.dirname(os.path.abspath(__file__))
sys.path.insert(0, HERE)
import content as C  # noqa: E402

ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))  # /work/main
SPEC_PATH = os.path.join(ROOT, "configs", "templates", "2023.yaml")
DOCX_DIR = os.path.join(ROOT, "testdata", "docx")
BAD_DIR = os.path.join(ROOT, "testdata", "bad")
PROFILE = "file:///tmp/lo-profile"
SOFFICE = shutil.which("soffice") or "/usr/bin/soffice"
PRODUCER = "LibreOffice"

SPEC = yaml.safe_load(open(SPEC_PATH, encoding="utf-8"))
PROMPT = "Klicka här för att ange text."
assert PROMPT in SPEC["placeholders"]

# ---------------------------------------------------------------------------------------------
# Character counting (the project's rule, applied to the segments we write)
# ---------------------------------------------------------------------------------------------
COUNTED = {"t", "ins", "cc", "ft"}  # del, ph (placeholder prompt), cb, note count 0


def seg_chars(segs):
    return sum(len(s[1]) for s in segs if s[0] in COUNTED)


def seg_text(segs):
    """Accepted-view visible text of one paragraph, placeholder prompt excluded."""
    return "".join(s[1] for s in segs if s[0] in COUNTED)


def seg_shown(segs):
    """Text of the paragraph as shown (prompt included, deletions excluded)."""
    return "".join(s[1] for s in segs if s[0] in COUNTED or s[0] == "ph")


# ---------------------------------------------------------------------------------------------
# FODT writer
# ---------------------------------------------------------------------------------------------
NS = (
    'xmlns:office="urn:oasis:names:tc:opendocument:xmlns:office:1.0" '
    'xmlns:style="urn:oasis:names:tc:opendocument:xmlns:style:1.0" '
    'xmlns:text="urn:oasis:names:tc:opendocument:xmlns:text:1.0" '
    'xmlns:table="urn:oasis:names:tc:opendocument:xmlns:table:1.0" '
    'xmlns:fo="urn:oasis:names:tc:opendocument:xmlns:xsl-fo-compatible:1.0" '
    'xmlns:svg="urn:oasis:names:tc:opendocument:xmlns:svg-compatible:1.0" '
    'xmlns:dc="http://purl.org/dc/elements/1.1/" '
    'xmlns:meta="urn:oasis:names:tc:opendocument:xmlns:meta:1.0" '
    'xmlns:loext="urn:org:documentfoundation:names:experimental:office:xmlns:loext:1.0" '
    'xmlns:field="urn:openoffice:names:experimental:ooo-ms-interop:xmlns:field:1.0" '
    'office:version="1.3" office:mimetype="application/vnd.oasis.opendocument.text"'
)


def outline_style(numbered):
    if not numbered:
        lv = ''.join(
            f'<text:outline-level-style text:level="{i}" style:num-format=""/>' for i in range(1, 11))
        return f'<text:outline-style style:name="Outline">{lv}</text:outline-style>'
    lv1 = ('<text:outline-level-style text:level="1" style:num-format="1" style:num-suffix=".">'
           '<style:list-level-properties text:list-level-position-and-space-mode="label-alignment">'
           '<style:list-level-label-alignment text:label-followed-by="listtab" '
           'text:list-tab-stop-position="0.75cm" fo:text-indent="-0.75cm" fo:margin-left="0.75cm"/>'
           '</style:list-level-properties></text:outline-level-style>')
    lv2 = ('<text:outline-level-style text:level="2" style:num-format="1" text:display-levels="2">'
           '<style:list-level-properties text:list-level-position-and-space-mode="label-alignment">'
           '<style:list-level-label-alignment text:label-followed-by="listtab" '
           'text:list-tab-stop-position="1cm" fo:text-indent="-1cm" fo:margin-left="1cm"/>'
           '</style:list-level-properties></text:outline-level-style>')
    rest = ''.join(
        f'<text:outline-level-style text:level="{i}" style:num-format=""/>' for i in range(3, 11))
    return f'<text:outline-style style:name="Outline">{lv1}{lv2}{rest}</text:outline-style>'


def styles_xml(numbered):
    return f'''<office:font-face-decls>
  <style:font-face style:name="Cambria" svg:font-family="Cambria" style:font-family-generic="roman" style:font-pitch="variable"/>
  <style:font-face style:name="Calibri" svg:font-family="Calibri" style:font-family-generic="swiss" style:font-pitch="variable"/>
 </office:font-face-decls>
 <office:styles>
  <style:default-style style:family="paragraph">
   <style:paragraph-properties fo:margin-top="0cm" fo:margin-bottom="0.2cm"/>
   <style:text-properties style:font-name="Cambria" fo:font-size="11pt" fo:language="sv" fo:country="SE"/>
  </style:default-style>
  <style:default-style style:family="table-cell">
   <style:table-cell-properties fo:padding="0.1cm"/>
  </style:default-style>
  <style:style style:name="Standard" style:family="paragraph" style:class="text"/>
  <style:style style:name="Heading" style:family="paragraph" style:parent-style-name="Standard" style:next-style-name="Standard" style:class="text">
   <style:paragraph-properties fo:margin-top="0.42cm" fo:margin-bottom="0.21cm" fo:keep-with-next="always"/>
   <style:text-properties fo:font-weight="bold"/>
  </style:style>
  <style:style style:name="Title" style:family="paragraph" style:parent-style-name="Heading" style:class="chapter">
   <style:text-properties fo:font-size="18pt"/>
  </style:style>
  <style:style style:name="Heading_20_1" style:display-name="Heading 1" style:family="paragraph" style:parent-style-name="Heading" style:default-outline-level="1" style:class="text">
   <style:text-properties fo:font-size="14pt"/>
  </style:style>
  <style:style style:name="Heading_20_2" style:display-name="Heading 2" style:family="paragraph" style:parent-style-name="Heading" style:default-outline-level="2" style:class="text">
   <style:text-properties fo:font-size="11pt"/>
  </style:style>
  <style:style style:name="Mallrubrik_20_1" style:display-name="Mallrubrik 1" style:family="paragraph" style:parent-style-name="Heading" style:class="text">
   <style:text-properties fo:font-size="14pt"/>
  </style:style>
  <style:style style:name="Mallrubrik_20_2" style:display-name="Mallrubrik 2" style:family="paragraph" style:parent-style-name="Heading" style:class="text">
   <style:text-properties fo:font-size="12pt"/>
  </style:style>
  <style:style style:name="Table_20_Contents" style:display-name="Table Contents" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">
   <style:paragraph-properties fo:margin-bottom="0.1cm"/>
   <style:text-properties style:font-name="Calibri" fo:font-size="8pt"/>
  </style:style>
  <style:style style:name="Footnote" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">
   <style:text-properties fo:font-size="9pt"/>
  </style:style>
  <style:style style:name="Footer" style:family="paragraph" style:parent-style-name="Standard" style:class="extra">
   <style:paragraph-properties fo:text-align="end"/>
  </style:style>
  <style:style style:name="Placeholder_20_Text" style:display-name="Placeholder Text" style:family="text">
   <style:text-properties fo:color="#808080"/>
  </style:style>
  {outline_style(numbered)}
  <text:notes-configuration text:note-class="footnote" style:num-format="1" text:start-value="0" text:footnotes-position="page" text:start-numbering-at="document"/>
 </office:styles>
 <office:automatic-styles>
  <style:style style:name="Tbl" style:family="table">
   <style:table-properties style:width="17cm" table:align="margins"/>
  </style:style>
  <style:style style:name="TblCell" style:family="table-cell">
   <style:table-cell-properties fo:padding="0.1cm" fo:border="0.5pt solid #000000"/>
  </style:style>
  <style:style style:name="TCal" style:family="text">
   <style:text-properties style:font-name="Calibri" fo:font-size="8pt"/>
  </style:style>
  <style:page-layout style:name="pm1">
   <style:page-layout-properties fo:page-width="21.001cm" fo:page-height="29.7cm" fo:margin-top="2cm" fo:margin-bottom="2cm" fo:margin-left="2cm" fo:margin-right="2cm"/>
  </style:page-layout>
 </office:automatic-styles>
 <office:master-styles>
  <style:master-page style:name="Standard" style:page-layout-name="pm1">
   <style:footer><text:p text:style-name="Footer"><text:page-number text:select-page="current">1</text:page-number>(<text:page-count>1</text:page-count>)</text:p></style:footer>
  </style:master-page>
 </office:master-styles>'''


def odf_text(s):
    """Escape text for a text:p whose leading space must survive (ODF drops it otherwise)."""
    if s.startswith(" "):
        return "<text:s/>" + escape(s[1:])
    return escape(s)


class Fodt:
    """Collects body XML, tracked-change regions, footnotes and field names."""

    def __init__(self):
        self.body = []
        self.changes = []
        self.n = {"ct": 0, "ftn": 0, "cb": 0, "tx": 0}

    def _next(self, k):
        self.n[k] += 1
        return self.n[k]

    def inline(self, segs, table=False):
        out = []
        for seg in segs:
            kind, s = seg[0], seg[1]
            e = escape(s)
            if kind == "t":
                out.append(e)
            elif kind == "ins":
                i = self._next("ct")
                self.changes.append((f"ct{i}", "insertion", None))
                out.append(f'<text:change-start text:change-id="ct{i}"/>{e}'
                           f'<text:change-end text:change-id="ct{i}"/>')
            elif kind == "del":
                i = self._next("ct")
                self.changes.append((f"ct{i}", "deletion", s))
                out.append(f'<text:change text:change-id="ct{i}"/>')
            elif kind == "ph":
                out.append('<loext:content-control loext:showing-place-holder="true">'
                           f'<text:span text:style-name="Placeholder_20_Text">{e}</text:span>'
                           '</loext:content-control>')
            elif kind == "cc":
                out.append(f'<loext:content-control>{e}</loext:content-control>')
            elif kind == "ft":
                i = self._next("tx")
                out.append(f'<field:fieldmark-start text:name="Text{i}" '
                           'field:type="vnd.oasis.opendocument.field.FORMTEXT"/>'
                           f'<field:fieldmark-separator/>{e}<field:fieldmark-end/>')
            elif kind == "cb":
                i = self._next("cb")
                val = "true" if seg[2] else "false"
                out.append(f'<field:fieldmark text:name="Kryss{i}" '
                           'field:type="vnd.oasis.opendocument.field.FORMCHECKBOX">'
                           f'<field:param field:name="Checkbox_Checked" field:value="{val}"/>'
                           '</field:fieldmark>')
            elif kind == "note":
                i = self._next("ftn")
                out.append(f'<text:note text:id="ftn{i}" text:note-class="footnote">'
                           f'<text:note-citation>{i}</text:note-citation><text:note-body>'
                           f'<text:p text:style-name="Footnote">{e}</text:p></text:note-body></text:note>')
            else:
                raise ValueError(kind)
        x = "".join(out)
        if table and x:
            x = f'<text:span text:style-name="TCal">{x}</text:span>'
        return x

    def p(self, segs, style="Standard"):
        if isinstance(segs, str):
            segs = [("t", segs)] if segs else []
        self.body.append(f'<text:p text:style-name="{style}">{self.inline(segs)}</text:p>')

    def h(self, level, segs, list_header=False):
        if isinstance(segs, str):
            segs = [("t", segs)]
        lh = ' text:is-list-header="true"' if list_header else ""
        self.body.append(f'<text:h text:style-name="Heading_20_{level}" text:outline-level="{level}"{lh}>'
                         f'{self.inline(segs)}</text:h>')

    def table(self, name, rows, header_rows=1):
        """rows: list of rows; a row is a list of cells; a cell is a list of paragraph strings."""
        ncol = len(rows[0])
        x = [f'<table:table table:name="{name}" table:style-name="Tbl">'
             f'<table:table-column table:number-columns-repeated="{ncol}"/>']

        def row_xml(r):
            cells = []
            for cell in r:
                ps = "".join(
                    f'<text:p text:style-name="Table_20_Contents">{self.inline([("t", t)] if t else [], table=True)}</text:p>'
                    for t in (cell or [""]))
                cells.append(f'<table:table-cell table:style-name="TblCell" office:value-type="string">{ps}</table:table-cell>')
            return "<table:table-row>" + "".join(cells) + "</table:table-row>"

        if header_rows:
            x.append("<table:table-header-rows>" + "".join(row_xml(r) for r in rows[:header_rows])
                     + "</table:table-header-rows>")
        x.extend(row_xml(r) for r in rows[header_rows:])
        x.append("</table:table>")
        self.body.append("".join(x))

    def render(self, numbered):
        tc = ""
        if self.changes:
            regs = []
            for cid, kind, s in self.changes:
                info = ('<office:change-info><dc:creator>Anna Lindqvist</dc:creator>'
                        '<dc:date>2024-02-12T10:15:00</dc:date></office:change-info>')
                if kind == "insertion":
                    regs.append(f'<text:changed-region xml:id="{cid}" text:id="{cid}">'
                                f'<text:insertion>{info}</text:insertion></text:changed-region>')
                else:
                    regs.append(f'<text:changed-region xml:id="{cid}" text:id="{cid}"><text:deletion>'
                                f'{info}<text:p>{odf_text(s)}</text:p></text:deletion></text:changed-region>')
            tc = '<text:tracked-changes text:track-changes="false">' + "".join(regs) + "</text:tracked-changes>"
        return (f'<?xml version="1.0" encoding="UTF-8"?>\n<office:document {NS}>\n'
                '<office:meta><meta:generator>villkorsintag testdata/make/lo/make.py</meta:generator>'
                '<dc:title>Återrapportering av villkorsbeslut 2023</dc:title><dc:language>sv-SE</dc:language></office:meta>\n'
                f' {styles_xml(numbered)}\n <office:body><office:text>{tc}\n'
                + "\n".join(self.body) + "\n</office:text></office:body></office:document>\n")


# ---------------------------------------------------------------------------------------------
# Report builder (template layout from the spec)
# ---------------------------------------------------------------------------------------------
HEAD1 = {"Instruktioner", "Begreppsförtydliganden",
         "Nationell strategi för hållbar regional utveckling i hela landet 2021–2030",
         "Frågor att besvara - Återrapportering"}
HEAD2 = {"Redovisning av samverkan och samråd", "Exempel på insatser", "Resultatbeskrivning",
         "Definitioner och exempel – resultat", "Hållbarhetsdimensionerna och Agenda 2030",
         "Territoriellt perspektiv"}
AREA_SIZES = [3, 2, 5, 2]  # prioriteringar per strategic area in the 2-column table


def insats_header():
    cols, ht = SPEC["insats_columns"], SPEC["insats_header_texts"]
    return [[cols[0]], [cols[1], ht[0]], [cols[2], ht[1], ht[2]], [cols[3], ht[3]]]


def build_report(cfg):
    """cfg: region, boxes ('glyph'|'form'), choices [3], numbered (bool), footnotes (bool),
    overrides {qid: [paragraph segs]}. Returns (Fodt, facts)."""
    f = Fodt()
    numbered = cfg.get("numbered", False)
    facts = {"questions": {}, "insatser": {}, "choices": {}, "boxes": {}, "explanations": {}}

    def answer(qid, paras):
        for segs in paras:
            f.p(segs)
        chars = sum(seg_chars(s) for s in paras)
        only_ph = paras and all(all(x[0] == "ph" for x in s) and s for s in paras)
        first = next((seg_text(s) for s in paras if seg_text(s)), "")
        rec = {"status": "placeholder" if only_ph else ("answered" if chars else "unanswered"),
               "chars": chars}
        if first:
            rec["starts_with"] = first[:30]
        return rec

    def default_paras(qid):
        if qid in cfg.get("overrides", {}):
            return cfg["overrides"][qid]
        return [[("t", C.ANSWERS[qid])]]

    # Title, region line, instructions
    bp = SPEC["boilerplate"]
    f.p(bp[0], "Title")
    f.p(f"{cfg['region']}. Diarienummer N2022/02395 och Ä 2023-2905.")
    i = 1
    while i < len(bp):
        t = bp[i]
        if t == "Strategiska områden":
            rows = [[[bp[i]], [bp[i + 1]]]]
            j = i + 2
            for n in AREA_SIZES:
                rows.append([[bp[j]], bp[j + 1:j + 1 + n]])
                j += 1 + n
            f.table("Strategiska", rows)
            i = j
            continue
        if t in HEAD1:
            f.p(t, "Mallrubrik_20_1")
        elif t in HEAD2:
            f.p(t, "Mallrubrik_20_2")
        else:
            f.p(t)
        i += 1

    for sec in SPEC["sections"]:
        sid = sec["id"]
        if sid == "övrigt":
            f.h(1, sec["title"], list_header=numbered)
        else:
            segs = [("t", sec["title"] if numbered else f"{sid}. {sec['title']}")]
            if sid == "1" and cfg.get("footnotes"):
                segs.append(("note", C.FOOTNOTE_SECTION_1))
            f.h(1, segs)
        for t in sec.get("intro", []):
            f.p(t)
        for q in sec["questions"]:
            qid, kind = q["id"], q.get("kind", "text")
            if q["text"]:
                segs = [("t", q["text"] if numbered else f"{qid} {q['text']}")]
                if qid == "1.1" and cfg.get("footnotes"):
                    segs.append(("note", C.FOOTNOTE_Q_1_1))
                f.h(2, segs)
            if kind == "text":
                facts["questions"][qid] = answer(qid, default_paras(qid))
            elif kind == "insatser":
                filled = C.INSATSER[qid]
                rows = [insats_header()] + [[[c] for c in r] for r in filled]
                rows += [[[""]] * 4 for _ in range(5 - len(filled))]
                f.table("Insats" + qid.replace(".", "_"), rows)
                facts["insatser"][qid] = len(filled)
                facts["questions"][qid] = {"status": "answered" if filled else "unanswered"}
            elif kind == "choices":
                for n, item in enumerate(q["items"]):
                    ch = cfg["choices"][n]
                    f.p(item)
                    for opt in q["options"]:
                        on = ch == opt.lower()
                        if cfg["boxes"] == "form":
                            f.p([("t", opt + " "), ("cb", "", on)])
                        else:
                            f.p(f"{opt} {'☒' if on else '☐'}")
                    facts["choices"][str(n + 1)] = ch
                    facts["boxes"][str(n + 1)] = {"ja": ch == "ja", "nej": ch == "nej"}
                facts["questions"][qid] = {"status": "answered" if all(cfg["choices"]) else "unanswered"}
            elif kind == "explanations":
                total = []
                for n, item in enumerate(q["items"]):
                    f.p(item)
                    paras = [[("t", C.EXPLANATIONS[n])]] if cfg["choices"][n] == "ja" else [[]]
                    facts["explanations"][str(n + 1)] = answer(f"10.4.{n + 1}", paras)["chars"]
                    total += paras
                f.p(q["otherwise"])
                nej = [n for n, c in enumerate(cfg["choices"]) if c == "nej"]
                paras = [[("t", " ".join(C.OM_NEJ[n] for n in nej))]] if nej else [[]]
                facts["explanations"]["om_nej"] = answer("10.4.nej", paras)["chars"]
                total += paras
                chars = sum(seg_chars(s) for s in total)
                first = next((seg_text(s) for s in total if seg_text(s)), "")
                facts["questions"][qid] = {"status": "answered" if chars else "unanswered",
                                           "chars": chars, "starts_with": first[:30]}
    return f, facts


def split_ins(text, anchor, inserted):
    a, b = text.split(anchor, 1)
    return [("t", a + anchor), ("ins", inserted), ("t", b)]


DOCS = {
    "lo-formcheckbox": dict(
        region="Region Jämtland Härjedalen", boxes="form", choices=["ja", "nej", "ja"],
        overrides={"10.1": [[("t", "Huvuddelen av anslaget, "), ("ft", "62 procent"),
                             ("t", ", har fördelats till projektverksamhet eftersom den bäst bidrar till "
                                   "strategins långsiktiga mål. Regionala företagsstöd och stöd till "
                                   "kommersiell service har getts där marknaden inte räcker till.")]]},
        findings=[]),
    "lo-placeholder": dict(
        region="Region Dalarna", boxes="glyph", choices=["ja", "ja", "nej"],
        overrides={"1.1": [[("ph", PROMPT)]], "4.2": [[("ph", PROMPT)]],
                   "1.2": [[("cc", C.ANSWERS["1.2"])]]},
        findings=["unanswered"]),
    "lo-report": dict(
        region="Region Västerbotten", boxes="glyph", choices=["ja", "ja", "nej"], numbered=True,
        footnotes=True,
        overrides={"1.1": [split_ins(C.ANSWERS["1.1"], "i ett strategiskt forum ",
                                     "som sammanträder varje kvartal och ")],
                   "5.1": [[("t", C.ANSWERS["5.1"]),
                            ("del", " Arbetet försenades under våren av vakanser på enheten.")]]},
        findings=["tracked_changes"]),
}
# the inserted words are part of the accepted view: keep the 1.1 text grammatical
assert seg_text(DOCS["lo-report"]["overrides"]["1.1"][0]).count("forum som sammanträder varje kvartal och där") == 1


# ---------------------------------------------------------------------------------------------
# LibreOffice helpers
# ---------------------------------------------------------------------------------------------
def soffice(convert_to, outdir, files):
    cmd = [SOFFICE, f"-env:UserInstallation={PROFILE}", "--headless", "--norestore",
           "--convert-to", convert_to, "--outdir", outdir] + list(files)
    r = subprocess.run(cmd, capture_output=True, text=True, timeout=600)
    if r.returncode != 0:
        raise RuntimeError(f"soffice failed: {cmd}\n{r.stdout}\n{r.stderr}")
    return r.stdout


def lo_store_with_password(src, dst, filt, password):
    """Load src in a private headless LibreOffice over UNO and store it password-protected."""
    import time
    import uno
    from com.sun.star.beans import PropertyValue

    def pv(n, v):
        p = PropertyValue()
        p.Name, p.Value = n, v
        return p

    pipe = f"lofix{os.getpid()}"
    proc = subprocess.Popen([SOFFICE, f"-env:UserInstallation={PROFILE}", "--headless", "--norestore",
                             "--invisible", f"--accept=pipe,name={pipe};urp;"],
                            stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    try:
        ctx = uno.getComponentContext()
        resolver = ctx.ServiceManager.createInstanceWithContext("com.sun.star.bridge.UnoUrlResolver", ctx)
        for _ in range(120):
            try:
                rctx = resolver.resolve(f"uno:pipe,name={pipe};urp;StarOffice.ComponentContext")
                break
            except Exception:
                time.sleep(0.5)
        else:
            raise RuntimeError("could not connect to soffice")
        desktop = rctx.ServiceManager.createInstanceWithContext("com.sun.star.frame.Desktop", rctx)
        doc = desktop.loadComponentFromURL(uno.systemPathToFileUrl(src), "_blank", 0, (pv("Hidden", True),))
        from com.sun.star.beans import NamedValue
        def nv(n, v):
            x = NamedValue()
            x.Name, x.Value = n, v
            return x
        # EncryptionData {CryptoType, OOXPassword}: what LibreOffice's save-with-password path passes
        # to the OOXML filter (oox StrongEncryptionDataSpace).
        enc = pv("EncryptionData", uno.Any("[]com.sun.star.beans.NamedValue",
                                           (nv("CryptoType", "StrongEncryptionDataSpace"),
                                            nv("OOXPassword", password))))
        uno.invoke(doc, "storeToURL", (uno.systemPathToFileUrl(dst), (pv("FilterName", filt), enc)))
        doc.close(True)
        try:
            desktop.terminate()
        except Exception:
            pass
    finally:
        try:
            proc.wait(timeout=30)
        except subprocess.TimeoutExpired:
            proc.kill()
            proc.wait()


# ---------------------------------------------------------------------------------------------
# Checks on what LibreOffice wrote
# ---------------------------------------------------------------------------------------------
def docxml(path):
    with zipfile.ZipFile(path) as z:
        return z.read("word/document.xml").decode("utf-8")


def check_opens(path):
    r = subprocess.run(["unzip", "-tq", path], capture_output=True, text=True)
    assert r.returncode == 0, (path, r.stdout, r.stderr)
    xml.dom.minidom.parseString(docxml(path).encode("utf-8"))


def para_texts(dx):
    """Accepted-view-ish text of every w:p (w:t only, so deleted text and field codes drop out)."""
    out = []
    for p in re.findall(r"<w:p[ >].*?</w:p>", dx, flags=re.S):
        ts = re.findall(r"<w:t(?: [^>]*)?>([^<]*)</w:t>", p)
        out.append(xml.sax.saxutils.unescape("".join(ts), {"&quot;": '"', "&apos;": "'"}))
    return out


def check_answers(path, fodt_cfg, facts):
    """Every answer paragraph we wrote must be present as paragraph text in document.xml."""
    texts = set(t.strip() for t in para_texts(docxml(path)))
    for qid in C.ANSWERS:
        paras = fodt_cfg.get("overrides", {}).get(qid, [[("t", C.ANSWERS[qid])]])
        for segs in paras:
            shown = seg_shown(segs)
            assert shown in texts, (path, qid, shown)


def count(dx, pat):
    return len(re.findall(pat, dx, flags=re.S))


def write_expect(name, purpose, facts, findings):
    q = facts["questions"]
    order = [x["id"] for s in SPEC["sections"] for x in s["questions"]]
    groups = []
    for lim in SPEC["limits"]:
        ch = sum(q.get(k, {}).get("chars", 0) for k in lim["questions"])
        groups.append({"questions": lim["questions"], "max": lim["max"], "chars": ch,
                       "percent": round(100.0 * ch / lim["max"], 1)})
    exp = {"producer": f"{PRODUCER} {lo_version()}", "purpose": purpose,
           "diarienummer_text": "N2022/02395 och Ä 2023-2905",
           "questions": {k: q[k] for k in order if k in q},
           "insatser": facts["insatser"], "choices": facts["choices"], "boxes": facts["boxes"],
           "explanations": facts["explanations"], "limit_groups": groups, "findings": findings}
    with open(os.path.join(DOCX_DIR, name + ".expect.json"), "w", encoding="utf-8") as fh:
        json.dump(exp, fh, ensure_ascii=False, indent=2)
        fh.write("\n")


def outline_none_note(path):
    """LibreOffice links Heading 1/2 to its outline list even when the outline has no numbers."""
    with zipfile.ZipFile(path) as z:
        num = z.read("word/numbering.xml").decode()
    lv = re.findall(r'<w:lvl w:ilvl="[01]">.*?</w:lvl>', num, flags=re.S)
    assert len(lv) >= 2 and all('<w:numFmt w:val="none"/>' in x for x in lv[:2])
    return (" Heading numbers are in the text, yet the Heading 1/2 styles still carry w:numPr into "
            "LibreOffice's outline list whose levels have w:numFmt none (lvlText '%1', '%2'): the computed "
            "list label must be empty, not a second number.")


def lo_version():
    r = subprocess.run([SOFFICE, "--version"], capture_output=True, text=True)
    m = re.search(r"LibreOffice ([\d.]+)", r.stdout)
    return m.group(1) if m else "unknown"


# ---------------------------------------------------------------------------------------------
# Bad inputs
# ---------------------------------------------------------------------------------------------
def copy_entries(src, zout, skip=()):
    with zipfile.ZipFile(src) as zin:
        for info in zin.infolist():
            if info.filename in skip:
                continue
            zout.writestr(info, zin.read(info.filename))


DOC_OPEN = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n'
            '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"><w:body>')
DOC_CLOSE = '<w:sectPr/></w:body></w:document>'


def make_bad(tmp, fodt_report, report_docx):
    os.makedirs(BAD_DIR, exist_ok=True)
    lines = {}
    ver = lo_version()

    # LibreOffice exports of the lo-report document in other formats
    for ext, conv, fname, what in [
        ("doc", "doc:MS Word 97", "legacy.doc", "Word 97–2003 binary .doc (OLE compound file with a WordDocument stream)"),
        ("odt", "odt", "report.odt", "OpenDocument text (.odt zip, not OOXML)"),
        ("pdf", "pdf:writer_pdf_Export", "report.pdf", "PDF"),
        ("rtf", "rtf", "report.rtf", "RTF"),
    ]:
        d = os.path.join(tmp, "bad-" + ext)
        os.makedirs(d, exist_ok=True)
        soffice(conv, d, [fodt_report])
        shutil.copyfile(os.path.join(d, "lo-report." + ext), os.path.join(BAD_DIR, fname))
        lines[fname] = f"{what}: the lo-report document exported by LibreOffice {ver} (`--convert-to \"{conv}\"`)."
    sig = open(os.path.join(BAD_DIR, "legacy.doc"), "rb").read()
    assert sig[:8] == bytes.fromhex("D0CF11E0A1B11AE1") and "WordDocument".encode("utf-16-le") in sig
    assert open(os.path.join(BAD_DIR, "report.pdf"), "rb").read(5) == b"%PDF-"
    assert open(os.path.join(BAD_DIR, "report.rtf"), "rb").read(5) == b"{\\rtf"

    # macro.docm: LibreOffice's "MS Word 2007 XML VBA" filter writes the macro-enabled content type
    # but no vbaProject.bin for a document without VBA, so the part is added afterwards.
    d = os.path.join(tmp, "bad-docm")
    os.makedirs(d, exist_ok=True)
    soffice("docm:MS Word 2007 XML VBA", d, [fodt_report])
    lo_docm = os.path.join(d, "lo-report.docm")
    macro = "application/vnd.ms-word.document.macroEnabled.main+xml"
    with zipfile.ZipFile(lo_docm) as z:
        names = z.namelist()
        ct = z.read("[Content_Types].xml").decode()
    lo_wrote_ct = macro in ct
    lo_wrote_vba = "word/vbaProject.bin" in names
    out = os.path.join(BAD_DIR, "macro.docm")
    if lo_wrote_vba and lo_wrote_ct:
        shutil.copyfile(lo_docm, out)
        lines["macro.docm"] = (f"Macro-enabled Word file written by LibreOffice {ver} with the "
                               "\"MS Word 2007 XML VBA\" filter (contains word/vbaProject.bin).")
    else:
        # Minimal, inert stand-in for a VBA project: an empty-ish OLE header is enough for detection.
        vba = bytes.fromhex("D0CF11E0A1B11AE1") + b"\0" * 504
        with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
            with zipfile.ZipFile(lo_docm) as zin:
                for info in zin.infolist():
                    data = zin.read(info.filename)
                    if info.filename == "[Content_Types].xml":
                        s = data.decode()
                        if not lo_wrote_ct:
                            s = s.replace("application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml", macro)
                        if "vnd.ms-office.vbaProject" not in s:
                            s = s.replace("</Types>", '<Override PartName="/word/vbaProject.bin" '
                                          'ContentType="application/vnd.ms-office.vbaProject"/></Types>')
                        data = s.encode()
                    elif info.filename == "word/_rels/document.xml.rels":
                        s = data.decode()
                        if "vbaProject" not in s:
                            s = s.replace("</Relationships>", '<Relationship Id="rId900" '
                                          'Type="http://schemas.microsoft.com/office/2006/relationships/vbaProject" '
                                          'Target="vbaProject.bin"/></Relationships>')
                        data = s.encode()
                    zout.writestr(info, data)
            zout.writestr("word/vbaProject.bin", vba)
        how = ("LibreOffice wrote the macro-enabled document content type itself" if lo_wrote_ct
               else "the document content type was changed to " + macro)
        lines["macro.docm"] = (f"Macro-enabled Word file: lo-report exported by LibreOffice {ver} with the "
                               "\"MS Word 2007 XML VBA\" filter (`--convert-to \"docm:MS Word 2007 XML VBA\"`); "
                               f"{how}, but LibreOffice writes no VBA project for a document without macros, so "
                               "make.py added an inert word/vbaProject.bin (an OLE header followed by zeros, no code) "
                               "with its content-type override and relationship using Python zipfile.")
    with zipfile.ZipFile(out) as z:
        assert macro in z.read("[Content_Types].xml").decode() and "word/vbaProject.bin" in z.namelist()

    # encrypted.docx: LibreOffice 7.4's --convert-to ignores the password filter options, so the
    # document is stored over UNO with EncryptionData/OOXPassword in the media descriptor.
    out = os.path.join(BAD_DIR, "encrypted.docx")
    if os.path.exists(out):
        os.remove(out)
    lo_store_with_password(fodt_report, out, "MS Word 2007 XML", "hemligt")
    data = open(out, "rb").read()
    assert data[:4] == bytes.fromhex("D0CF11E0"), data[:8]
    assert "EncryptedPackage".encode("utf-16-le") in data and "EncryptionInfo".encode("utf-16-le") in data
    try:  # optional extra check when python3-msoffcrypto-tool is installed
        import io
        import msoffcrypto
        of = msoffcrypto.OfficeFile(open(out, "rb"))
        of.load_key(password="hemligt")
        plain = io.BytesIO()
        of.decrypt(plain)
        assert "Region Västerbotten" in zipfile.ZipFile(plain).read("word/document.xml").decode()
    except ImportError:
        pass
    lines["encrypted.docx"] = (f"Password-protected docx (password \"hemligt\"): lo-report stored by LibreOffice {ver} "
                               "over UNO (storeToURL, filter \"MS Word 2007 XML\", media descriptor EncryptionData with CryptoType StrongEncryptionDataSpace and OOXPassword; the "
                               "--convert-to JSON filter options are ignored by 7.4). OLE compound file D0 CF 11 E0 "
                               "with EncryptionInfo and EncryptedPackage streams (ECMA-376 standard encryption; msoffcrypto-tool "
                               "decrypts it with that password).")

    rep = open(report_docx, "rb").read()
    open(os.path.join(BAD_DIR, "truncated.docx"), "wb").write(rep[:len(rep) // 2])
    lines["truncated.docx"] = f"The first half ({len(rep) // 2} of {len(rep)} bytes) of testdata/docx/lo-report.docx (Python)."

    open(os.path.join(BAD_DIR, "notzip.docx"), "w", encoding="utf-8").write(
        "Återrapportering av villkorsbeslut 2023\nRegion Västerbotten\n\n"
        "Detta är en vanlig textfil som har fått filändelsen .docx.\n")
    lines["notzip.docx"] = "A plain UTF-8 text file named .docx (Python)."

    open(os.path.join(BAD_DIR, "empty.docx"), "wb").close()
    lines["empty.docx"] = "An empty file, 0 bytes (Python)."

    # zip bomb: document.xml = valid XML wrapper around 300 MiB of spaces, deflated
    out = os.path.join(BAD_DIR, "zipbomb.docx")
    big = 300 * 1024 * 1024
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
        copy_entries(report_docx, zout, skip={"word/document.xml"})
        zi = zipfile.ZipInfo("word/document.xml", date_time=(2024, 2, 12, 10, 0, 0))
        zi.compress_type = zipfile.ZIP_DEFLATED
        with zout.open(zi, "w") as w:
            w.write((DOC_OPEN + '<w:p><w:r><w:t xml:space="preserve">').encode())
            chunk = b" " * (1 << 20)
            for _ in range(big // len(chunk)):
                w.write(chunk)
            w.write(("</w:t></w:r></w:p>" + DOC_CLOSE).encode())
    with zipfile.ZipFile(out) as z:
        usize = z.getinfo("word/document.xml").file_size
    lines["zipbomb.docx"] = (f"Zip bomb: lo-report.docx's parts, but word/document.xml is one deflated entry of "
                             f"{usize} bytes uncompressed (a valid XML wrapper around 300 MiB of spaces); the file is "
                             f"{os.path.getsize(out)} bytes (Python zipfile).")

    out = os.path.join(BAD_DIR, "zip-many.docx")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        copy_entries(report_docx, zout)
        for k in range(20000):
            zi = zipfile.ZipInfo(f"x/{k:05d}", date_time=(2024, 2, 12, 10, 0, 0))
            zi.compress_type = zipfile.ZIP_STORED
            zout.writestr(zi, b"x")
    with zipfile.ZipFile(out) as z:
        n = len(z.infolist())
    lines["zip-many.docx"] = (f"lo-report.docx plus 20 000 tiny stored entries x/00000…x/19999 ({n} entries in all; "
                              "Python zipfile).")

    out = os.path.join(BAD_DIR, "traversal.docx")
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        copy_entries(report_docx, zout)
        zi = zipfile.ZipInfo("../../evil.txt", date_time=(2024, 2, 12, 10, 0, 0))
        zout.writestr(zi, "Denna fil försöker hamna utanför uppackningskatalogen.\n")
    with zipfile.ZipFile(out) as z:
        assert "../../evil.txt" in z.namelist()
    lines["traversal.docx"] = "lo-report.docx plus an extra entry named \"../../evil.txt\" (Python zipfile)."

    out = os.path.join(BAD_DIR, "doctype.docx")
    dx = docxml(report_docx)
    decl_end = dx.index("?>") + 2
    doctype = ('\n<!DOCTYPE w:document [\n<!ENTITY region "Region Västerbotten">\n'
               '<!ENTITY ext SYSTEM "file:///etc/hostname">\n]>')
    dx2 = dx[:decl_end] + doctype + dx[decl_end:]
    assert "Region Västerbotten. Diarienummer" in dx2, "region line not in one run"
    dx2 = dx2.replace("Region Västerbotten. Diarienummer", "&region;. Diarienummer &ext;", 1)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        copy_entries(report_docx, zout, skip={"word/document.xml"})
        zout.writestr("word/document.xml", dx2)
    lines["doctype.docx"] = ("lo-report.docx whose word/document.xml has a <!DOCTYPE w:document [...]> declaring an "
                             "internal entity &region; (\"Region Västerbotten\") and an external entity &ext; "
                             "(SYSTEM \"file:///etc/hostname\"), both used in the region line (Python).")

    out = os.path.join(BAD_DIR, "deepnest.docx")
    depth = 100000
    body = ('<w:customXml w:element="n">' * depth + "<w:p><w:r><w:t>djup</w:t></w:r></w:p>"
            + "</w:customXml>" * depth)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zout:
        copy_entries(report_docx, zout, skip={"word/document.xml"})
        zout.writestr("word/document.xml", DOC_OPEN + body + DOC_CLOSE)
    # well-formed (expat is not recursive)
    xml.parsers.expat.ParserCreate().Parse(DOC_OPEN + body + DOC_CLOSE, True)
    lines["deepnest.docx"] = (f"lo-report.docx whose word/document.xml nests {depth} w:customXml elements around one "
                              f"paragraph (well-formed, {len(DOC_OPEN + body + DOC_CLOSE)} bytes uncompressed, "
                              f"{os.path.getsize(out)} bytes on disk; Python).")

    # README: one line per file; keep lines other builders wrote about other files
    readme = os.path.join(BAD_DIR, "README.md")
    keep = []
    if os.path.exists(readme):
        for ln in open(readme, encoding="utf-8").read().splitlines():
            m = re.match(r"^- `([^`]+)`", ln)
            if m and m.group(1) in lines:
                continue
            keep.append(ln)
    if not keep:
        keep = ["# Bad inputs", "", "One line per file: what it is and how it was made.", ""]
    while keep and keep[-1] == "":
        keep.pop()
    keep.append("")
    for fname in sorted(lines):
        keep.append(f"- `{fname}` — {lines[fname]} Made by testdata/make/lo/make.py.")
    open(readme, "w", encoding="utf-8").write("\n".join(keep) + "\n")


# ---------------------------------------------------------------------------------------------
def main():
    os.makedirs(DOCX_DIR, exist_ok=True)
    tmp = tempfile.mkdtemp(prefix="lo-fixtures-")
    try:
        run(tmp)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


def run(tmp):
    src = os.path.join(tmp, "src")
    out = os.path.join(tmp, "out")
    os.makedirs(src)
    os.makedirs(out)
    facts = {}
    fodts = []
    for name, cfg in DOCS.items():
        f, facts[name] = build_report(cfg)
        p = os.path.join(src, name + ".fodt")
        open(p, "w", encoding="utf-8").write(f.render(cfg.get("numbered", False)))
        xml.dom.minidom.parse(p)  # our own FODT must be well-formed
        fodts.append(p)
    soffice('docx:MS Word 2007 XML', out, fodts)
    for name in DOCS:
        shutil.copyfile(os.path.join(out, name + ".docx"), os.path.join(DOCX_DIR, name + ".docx"))

    # round trip: lo-placeholder.docx -> docx once more. LibreOffice 7.4 keeps a rich-text content
    # control (and its showingPlcHdr) on a docx->docx round trip, but imports a plain-text control
    # (w:sdtPr/w:text, what Word's templates use) as an input field and writes it back without
    # showingPlcHdr. So the three controls are first marked as plain-text controls (<w:text/> added
    # to their w:sdtPr, nothing else changed), then LibreOffice converts that docx to docx.
    rt_in = os.path.join(tmp, "rt-in")
    rt = os.path.join(tmp, "rt")
    os.makedirs(rt_in)
    os.makedirs(rt)
    with zipfile.ZipFile(os.path.join(DOCX_DIR, "lo-placeholder.docx")) as zin, \
            zipfile.ZipFile(os.path.join(rt_in, "lo-placeholder.docx"), "w", zipfile.ZIP_DEFLATED) as zout:
        for info in zin.infolist():
            data = zin.read(info.filename)
            if info.filename == "word/document.xml":
                d = data.decode("utf-8")
                assert d.count("<w:sdtPr><w:showingPlcHdr/></w:sdtPr>") == 2 and d.count("<w:sdtPr></w:sdtPr>") == 1
                d = d.replace("<w:sdtPr><w:showingPlcHdr/></w:sdtPr>", "<w:sdtPr><w:showingPlcHdr/><w:text/></w:sdtPr>")
                d = d.replace("<w:sdtPr></w:sdtPr>", "<w:sdtPr><w:text/></w:sdtPr>")
                data = d.encode("utf-8")
            zout.writestr(info, data)
    soffice('docx:MS Word 2007 XML', rt, [os.path.join(rt_in, "lo-placeholder.docx")])
    shutil.copyfile(os.path.join(rt, "lo-placeholder.docx"), os.path.join(DOCX_DIR, "lo-roundtrip.docx"))

    ver = lo_version()
    path = lambda n: os.path.join(DOCX_DIR, n + ".docx")  # noqa: E731
    for n in list(DOCS) + ["lo-roundtrip"]:
        check_opens(path(n))
    for n in DOCS:
        check_answers(path(n), DOCS[n], facts[n])

    # --- lo-formcheckbox
    dx = docxml(path("lo-formcheckbox"))
    n_cb = count(dx, r"<w:ffData>(?:(?!</w:ffData>).)*<w:checkBox>")
    n_cb_instr = count(dx, r"<w:instrText[^>]*>\s*FORMCHECKBOX\s*</w:instrText>")
    n_checked = count(dx, r'<w:checkBox>(?:(?!</w:checkBox>).)*?(?:<w:checked/>|<w:checked w:val="(?:1|true)"/>)')
    n_ft = count(dx, r"<w:instrText[^>]*>\s*FORMTEXT\s*</w:instrText>")
    n_ti = count(dx, r"<w:textInput")
    assert n_cb == 6 and n_cb_instr == 6 and n_checked == 3, (n_cb, n_cb_instr, n_checked)
    assert n_ft == 1 and n_ti == 1, (n_ft, n_ti)
    assert "☒" not in dx and "☐" not in dx
    write_expect("lo-formcheckbox",
                 f"Complete report written by LibreOffice {ver} from a hand-made FODT whose 10.3 Ja/Nej boxes are "
                 f"ODF FORMCHECKBOX fieldmarks. LibreOffice wrote {n_cb} legacy form checkboxes in "
                 "word/document.xml: w:fldChar begin containing w:ffData/w:checkBox (a checked box has an empty w:checked element, no w:default; "
                 f"{n_checked} checked: item 1 Ja, item 2 Nej, item 3 Ja), instrText \" FORMCHECKBOX \", end; the "
                 "paragraphs read 'Ja '/'Nej ' with no glyph (LibreOffice adds __Fieldmark__ bookmarks with "
                 "random names inside each field). Answer 10.1 holds one FORMTEXT field (w:ffData/"
                 "w:textInput, instrText \" FORMTEXT \", separate, result '62 procent', end) whose result counts as "
                 "answer text. 10.4 items 1 and 3 and 'Om nej' answered, item 2 empty. Insats tables: 2 filled rows "
                 "of 5." + outline_none_note(path("lo-formcheckbox")),
                 facts["lo-formcheckbox"], DOCS["lo-formcheckbox"]["findings"])

    # --- lo-placeholder
    dx = docxml(path("lo-placeholder"))
    sdts = re.findall(r"<w:sdt>.*?</w:sdt>", dx, flags=re.S)
    ph = [s for s in sdts if "<w:showingPlcHdr" in s]
    assert len(sdts) == 3 and len(ph) == 2, (len(sdts), len(ph))
    assert all(PROMPT in s for s in ph)
    inline = count(dx, r"<w:p>(?:(?!</w:p>).)*?<w:sdt>") + count(dx, r"<w:p [^>]*>(?:(?!</w:p>).)*?<w:sdt>")
    assert inline == 3, inline
    ph_style = all("PlaceholderText" in s or "Placeholder" in s for s in ph)
    write_expect("lo-placeholder",
                 f"Report written by LibreOffice {ver} from a FODT with loext:content-control elements. LibreOffice "
                 "wrote 3 inline w:sdt (inside w:p) in word/document.xml: answers 1.1 and 4.2 have "
                 "w:sdtPr/w:showingPlcHdr and sdtContent runs with the prompt 'Klicka här för att ange text.'"
                 + (" (run style Placeholder Text)" if ph_style else "")
                 + " = placeholder, 0 chars; answer 1.2 is a w:sdt without showingPlcHdr whose content is the answer. "
                 "10.3 boxes are ☒/☐ glyphs in plain text (ja, ja, nej). Everything else answered briefly."
                 + outline_none_note(path("lo-placeholder")),
                 facts["lo-placeholder"], DOCS["lo-placeholder"]["findings"])

    # --- lo-roundtrip
    dx = docxml(path("lo-roundtrip"))
    assert "showingPlcHdr" not in dx and "PlaceholderText" not in dx
    assert sum(1 for t in para_texts(dx) if t.strip() == PROMPT) == 2
    n_sdt = count(dx, r"<w:sdt>")
    write_expect("lo-roundtrip",
                 f"lo-placeholder.docx converted docx→docx once more by LibreOffice {ver}. LibreOffice 7.4 keeps a "
                 "rich-text control's showingPlcHdr on such a round trip, so the 3 controls were first marked as "
                 "Word plain-text controls (<w:text/> added to each w:sdtPr by make.py, nothing else changed); "
                 "LibreOffice imports those as input fields and writes them back without the flag. Result: "
                 f"word/document.xml has no w:showingPlcHdr and no PlaceholderText run style ({n_sdt} inline w:sdt "
                 "with w:sdtPr/w:text left), and the prompt 'Klicka här för att ange text.' survives as ordinary "
                 "run text as the whole answer of 1.1 and of 4.2: it must still be recognised as a placeholder "
                 "(0 chars, unanswered)." + outline_none_note(path("lo-roundtrip")),
                 facts["lo-placeholder"], DOCS["lo-placeholder"]["findings"])

    # --- lo-report
    dx = docxml(path("lo-report"))
    n_ins, n_del = count(dx, r"<w:ins "), count(dx, r"<w:del ")
    assert n_ins >= 1 and n_del >= 1 and "<w:delText" in dx, (n_ins, n_del)
    assert "som sammanträder varje kvartal och " in re.findall(r"<w:ins .*?</w:ins>", dx, flags=re.S)[0]
    assert "försenades under våren" in "".join(re.findall(r"<w:del .*?</w:del>", dx, flags=re.S))
    assert count(dx, r"<w:footnoteReference ") == 2
    with zipfile.ZipFile(path("lo-report")) as z:
        fn = z.read("word/footnotes.xml").decode()
        num = z.read("word/numbering.xml").decode()
        sty = z.read("word/styles.xml").decode()
    assert "Villkorsbeslut 2023:1.1, 1.3, 2." in fn
    assert "%1.%2" in num and "%1." in num
    assert not re.search(r"<w:t[^>]*>1\.1 Beskriv", dx)
    heading_numpr = bool(re.search(r'<w:style [^>]*w:styleId="Heading1".*?<w:numPr>.*?</w:style>', sty, flags=re.S))
    write_expect("lo-report",
                 f"Plain complete report written by LibreOffice {ver} from a FODT with text:tracked-changes. "
                 f"word/document.xml has w:ins (answer 1.1: inserted words 'som sammanträder varje kvartal och ', "
                 f"counted) and w:del with w:delText (answer 5.1: deleted last sentence, not counted); "
                 f"{n_ins} w:ins / {n_del} w:del elements in all. Two footnotes (w:footnoteReference, text in "
                 "word/footnotes.xml) on the headings of section 1 and question 1.1. Section and question headings "
                 "carry no numbers in the text: LibreOffice outline numbering exported to numbering.xml "
                 "(lvlText '%1.' and '%1.%2')"
                 + (" linked through the Heading 1/Heading 2 styles' w:numPr" if heading_numpr else "")
                 + "; 'Övriga medskick' is a Heading 1 with w:numPr numId 0 (unnumbered). 10.3 boxes are ☒/☐ glyphs (ja, ja, nej).",
                 facts["lo-report"], DOCS["lo-report"]["findings"])

    # text export works on every output
    txt = os.path.join(tmp, "txt")
    os.makedirs(txt)
    soffice("txt:Text (encoded):UTF8", txt, [path(n) for n in list(DOCS) + ["lo-roundtrip"]])
    for n in list(DOCS) + ["lo-roundtrip"]:
        t = open(os.path.join(txt, n + ".txt"), encoding="utf-8-sig").read()
        assert "Övriga medskick" in t, n

    make_bad(tmp, os.path.join(src, "lo-report.fodt"), path("lo-report"))
    for n in list(DOCS) + ["lo-roundtrip"]:
        print(f"{n}.docx: {os.path.getsize(path(n))} bytes")
    print("ok")


if __name__ == "__main__":
    main()
