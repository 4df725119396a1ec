#!/usr/bin/python3
# -*- coding: utf-8 -*-
"""E-mail test fixtures: the regions' reports as they arrive at
villkorsrapport@tillvaxtverket.se.

Regenerate everything (deterministic: fixed dates, Message-IDs, MIME
boundaries and, for the python-docx appendix, fixed zip timestamps):

    cd /work/main && /usr/bin/python3 testdata/make/mail/make.py

Writes testdata/mail/*.eml (RFC 5322, CRLF line endings), an X.expect.json
next to each X.eml and testdata/mail/README.md.  Python 3 standard library
only, except that the appendix in two-docx.eml is written with python-docx
when `import docx` works (Debian python3-docx); without it the script falls
back to testdata/docx/npmdocx-choices.docx renamed "Bilaga.docx" (the
output then differs, and the README and notes say so).

The messages are assembled as raw text: headers, boundaries and encodings
are written out exactly (RFC 2047 encoded words and header folding by hand
below, so the bytes do not depend on the Python version).  The `email`
package formats the dates and parses every written file back
(policy.default); the .expect.json facts are
computed from that parse and cross-checked against the model (sender,
recipients, subject, dates, and the sha256 of every source attachment).
broken.eml is the first 3000 bytes of vasterbotten-ontime.eml; its facts
are computed from the model (see its notes).
"""
import base64
import datetime
import email
import email.policy
import email.utils
import hashlib
import io
import json
import os
import quopri
import struct
import sys
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
DOCX = os.path.join(ROOT, "testdata", "docx")
BAD = os.path.join(ROOT, "testdata", "bad")
OUT = os.path.join(ROOT, "testdata", "mail")

DOCX_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
CET = datetime.timezone(datetime.timedelta(hours=1))
DNR_N = "N2022/02395"
DNR_TVV = "Ä 2023–2905"          # en dash, as in the template
DNR_TVV_LATIN1 = "Ä 2023-2905"   # hyphen: the en dash is not in ISO-8859-1

# The three recipients the template names.
RK = ("Landsbygds- och infrastrukturdepartementet", "li.registrator@regeringskansliet.se")
TVV = ("Tillväxtverket", "tillvaxtverket@tillvaxtverket.se")
VR = ("Villkorsrapport", "villkorsrapport@tillvaxtverket.se")
ALL3 = [RK, TVV, VR]

FIXED_ZIP_DATE = (2024, 2, 15, 9, 0, 0)


def t(mo, d, h, mi, s):
    return datetime.datetime(2024, mo, d, h, mi, s, tzinfo=CET)


def rfcdate(dt):
    return email.utils.format_datetime(dt)


def read(path):
    with open(path, "rb") as fh:
        return fh.read()


def sha(b):
    return hashlib.sha256(b).hexdigest()


# ------------------------------------------------------------ appendix
def make_appendix():
    """A small Word appendix (not a report): python-docx if available, else
    npmdocx-choices.docx.  Returns (bytes, how)."""
    try:
        from docx import Document
        from docx.shared import Pt
    except ImportError:
        return read(os.path.join(DOCX, "npmdocx-choices.docx")), "npm"
    doc = Document()
    doc.add_heading("Bilaga – Förteckning över insatser 2023, Region Gotland", level=1)
    doc.add_paragraph("Bilaga till Region Gotlands återrapportering av villkorsbeslut 2023. "
                      "Förteckningen kompletterar svaren i rapporten och innehåller inga egna svar "
                      "på mallens frågor.")
    table = doc.add_table(rows=4, cols=3)
    table.style = "Table Grid"
    rows = [("Insats", "Ansvarig", "Budget 2023 (tkr)"),
            ("Besöksnäringens kompetensförsörjning", "Region Gotland", "450"),
            ("Digital infrastruktur på landsbygden", "Region Gotland", "1 200"),
            ("Hållbar livsmedelsproduktion", "Hushållningssällskapet", "300")]
    for r, vals in zip(table.rows, rows):
        for c, v in zip(r.cells, vals):
            c.text = v
    p = doc.add_paragraph("Kontakt: Johan Ek, regional utveckling.")
    p.runs[0].font.size = Pt(9)
    cp = doc.core_properties
    cp.author = "Johan Ek"
    cp.last_modified_by = "Johan Ek"
    cp.title = "Bilaga insatser 2023"
    cp.revision = 1
    cp.created = datetime.datetime(2024, 2, 14, 8, 0, 0)
    cp.modified = datetime.datetime(2024, 2, 14, 8, 30, 0)
    cp.last_printed = datetime.datetime(2024, 2, 14, 8, 30, 0)
    buf = io.BytesIO()
    doc.save(buf)
    zin = zipfile.ZipFile(io.BytesIO(buf.getvalue()))
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as z:
        for n in zin.namelist():
            zi = zipfile.ZipInfo(n, FIXED_ZIP_DATE)
            zi.compress_type = zipfile.ZIP_DEFLATED
            zi.external_attr = 0o644 << 16
            z.writestr(zi, zin.read(n))
    return out.getvalue(), "python-docx"


def tnef_bytes():
    """A minimal Outlook TNEF stream (winmail.dat): signature 0x223E9F78
    (bytes 78 9F 3E 22), legacy key, then attTnefVersion, attOemCodepage and
    attMessageClass "IPM.Note", each with its checksum.  No attachment."""
    def attr(level, ident, data):
        return (struct.pack("<BII", level, ident, len(data)) + data
                + struct.pack("<H", sum(data) & 0xFFFF))
    return (struct.pack("<IH", 0x223E9F78, 0x5C2A)
            + attr(1, 0x00089006, struct.pack("<I", 0x00010000))
            + attr(1, 0x00069007, struct.pack("<II", 1252, 0))
            + attr(1, 0x00078008, b"IPM.Note\x00"))


# ------------------------------------------------------------- builders
# Everything is built with "\n" and turned into CRLF once at the end (no
# part is written in binary, so no stray CR/LF bytes exist).

Q_SAFE = set(b"ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789!*+-/")


def q_words(text, charset):
    """RFC 2047 Q encoded words for text, each at most 75 characters, never
    splitting a character."""
    words, cur = [], ""
    pre, post = "=?%s?q?" % charset, "?="
    for ch in text:
        enc = "".join(chr(b) if b in Q_SAFE else "_" if b == 0x20 else "=%02X" % b
                      for b in ch.encode(charset))
        if len(pre) + len(cur) + len(enc) + len(post) > 75:
            words.append(pre + cur + post)
            cur = ""
        cur += enc
    words.append(pre + cur + post)
    return words


def enc_tokens(text, charset="utf-8"):
    """Header text as tokens to be joined by single spaces: ASCII words stay
    as they are, each run of words with non-ASCII letters becomes encoded
    words (the spaces inside a run are encoded as '_').  Written by hand
    (not email.header / policy folding) so the bytes do not depend on the
    Python version."""
    out, run = [], []
    for w in text.split(" "):
        if w.isascii():
            if run:
                out += q_words(" ".join(run), charset)
                run = []
            out.append(w)
        else:
            run.append(w)
    if run:
        out += q_words(" ".join(run), charset)
    return out


def fold(name, tokens, width=78):
    """Join tokens with spaces, folding (newline + space) before a token
    that would pass width columns."""
    line, lines = name + ":", []
    for tok in tokens:
        if len(line) + 1 + len(tok) > width and line.strip() != name + ":":
            lines.append(line)
            line = ""
        line += " " + tok
    lines.append(line)
    return "\n".join(lines)[len(name) + 2:]


def addr(pair, charset="utf-8"):
    name, a = pair
    if name.isascii():
        return "%s <%s>" % (name, a)
    return "%s <%s>" % (" ".join(enc_tokens(name, charset)), a)


def addr_list(pairs, charset="utf-8"):
    return ",\n ".join(addr(p, charset) for p in pairs)


def enc_header(name, text, charset="utf-8"):
    return fold(name, enc_tokens(text, charset))


def b64_body(data):
    return base64.encodebytes(data).decode("ascii").rstrip("\n")  # 76-char lines


def qp_body(text):
    return quopri.encodestring(text.encode("utf-8")).decode("ascii").rstrip("\n")


def headers_text(headers):
    return "".join("%s: %s\n" % (k, v) for k, v in headers)


class Leaf:
    def __init__(self, headers, body):
        self.headers, self.body = headers, body  # body: str (ASCII) or bytes

    def render(self):
        body = self.body if isinstance(self.body, bytes) else self.body.encode("ascii")
        return headers_text(self.headers).encode("ascii") + b"\n" + body


class Multi:
    def __init__(self, headers, subtype, boundary, parts,
                 preamble="This is a multi-part message in MIME format."):
        self.headers, self.subtype, self.boundary, self.parts, self.preamble = \
            headers, subtype, boundary, parts, preamble

    def render(self):
        h = self.headers + [("Content-Type", 'multipart/%s;\n\tboundary="%s"' % (self.subtype, self.boundary))]
        out = headers_text(h).encode("ascii") + b"\n"
        if self.preamble:
            out += self.preamble.encode("ascii") + b"\n"
        for p in self.parts:
            out += b"\n--" + self.boundary.encode("ascii") + b"\n" + p.render()
        out += b"\n--" + self.boundary.encode("ascii") + b"--\n"
        return out


def text_part(text, top_headers=()):
    return Leaf(list(top_headers) + [("Content-Type", 'text/plain; charset="utf-8"'),
                                     ("Content-Transfer-Encoding", "quoted-printable")], qp_body(text))


def attachment(data, ctype, ct_params="", disp="attachment", top_headers=()):
    """ctype with ct_params (already formatted, starting with ';'), the
    Content-Disposition value as given, base64 body."""
    return Leaf(list(top_headers) + [("Content-Type", ctype + ct_params),
                                     ("Content-Disposition", disp),
                                     ("Content-Transfer-Encoding", "base64")], b64_body(data))


def named(name):
    """Plain ASCII name= and filename= parameters (the common case)."""
    return ';\n\tname="%s"' % name, 'attachment;\n\tfilename="%s"' % name


def received(sender_host, sender_ip, when_mx, when_ex, mta_id, rcpt="villkorsrapport@tillvaxtverket.se"):
    """Two Received: headers, newest (topmost) first: Exchange inside
    Tillväxtverket, then the edge MX that took the message from the region."""
    return [
        ("Received", "from mx1.tillvaxtverket.se (192.0.2.25) by EXCH01.tillvaxtverket.se\n"
                     " (192.0.2.31) with Microsoft SMTP Server (version=TLS1_2,\n"
                     " cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.2.1258.28;\n"
                     " %s" % rfcdate(when_ex)),
        ("Received", "from %s (%s [%s])\n"
                     "\tby mx1.tillvaxtverket.se (Postfix) with ESMTPS id %s\n"
                     "\tfor <%s>; %s" % (sender_host, sender_host, sender_ip, mta_id, rcpt, rfcdate(when_mx))),
    ]


def top_headers(rcvd, frm, to, subject, date, msgid, cc=(), extra=(), charset="utf-8"):
    h = list(rcvd)
    h.append(("From", addr(frm, charset)))
    h.append(("To", addr_list(to, charset)))
    if cc:
        h.append(("Cc", addr_list(cc, charset)))
    h.append(("Subject", enc_header("Subject", subject, charset)))
    h.append(("Date", rfcdate(date)))
    h.append(("Message-ID", "<%s>" % msgid))
    h.extend(extra)
    h.append(("MIME-Version", "1.0"))
    return h


def crlf(b):
    assert b"\r" not in b
    return b.replace(b"\n", b"\r\n")


# ------------------------------------------------------------- messages
class Fixture:
    def __init__(self, name, raw, model, notes, readme):
        self.name, self.raw, self.model, self.notes, self.readme = name, raw, model, notes, readme


def signature(name, unit, region):
    return "\n\nMed vänlig hälsning\n%s\n%s\n%s\n" % (name, unit, region)


def dnr_lines():
    return ("Landsbygds- och infrastrukturdepartementets diarienummer: %s\n"
            "Tillväxtverkets diarienummer: %s" % (DNR_N, DNR_TVV))


def build(appendix, appendix_how):
    F = []
    full = read(os.path.join(DOCX, "pydocx-full.docx"))
    limits = read(os.path.join(DOCX, "pydocx-limits.docx"))
    npmrep = read(os.path.join(DOCX, "npmdocx-report.docx"))
    lorep = read(os.path.join(DOCX, "lo-report.docx"))
    loform = read(os.path.join(DOCX, "lo-formcheckbox.docx"))
    pdf = read(os.path.join(BAD, "report.pdf"))
    tnef = tnef_bytes()

    anna = ("Anna Andersson", "anna.andersson@regionvasterbotten.se")
    vb_subject = "Återrapportering av villkorsbeslut 2023 – Region Västerbotten"
    vb_sig = signature("Anna Andersson", "Avdelningen för regional utveckling", "Region Västerbotten")

    def model(frm, to, subject, received_at, msgid, atts, cc=(), texts=()):
        return {"from": frm, "to": to, "cc": list(cc), "subject": subject, "received": received_at,
                "message_id": msgid, "attachments": atts, "texts": list(texts)}

    # 1. vasterbotten-ontime
    mid = "20240220140248.4F2A9C1E@regionvasterbotten.se"
    name = "Villkorsrapport_2023_Region_Vasterbotten.docx"
    when = t(2, 20, 14, 3, 7)
    ontime_msgid = mid
    msg = Multi(top_headers(received("mail.regionvasterbotten.se", "198.51.100.17", t(2, 20, 14, 3, 5), when,
                                     "4TfQ2k3xYzz9sVb"),
                            anna, ALL3, vb_subject, t(2, 20, 14, 2, 48), mid,
                            extra=[("Content-Language", "sv-SE")]),
                "mixed", "----=_NextPart_vb-ontime_0001",
                [text_part("Hej!\n\nHärmed översänds Region Västerbottens återrapportering av "
                           "villkorsbeslut 2023, se bifogad fil.\n\n" + dnr_lines() + vb_sig),
                 attachment(full, DOCX_TYPE, ';\n\tname="%s"' % name,
                            'attachment;\n\tfilename="%s";\n\tsize=%d' % (name, len(full)))])
    F.append(Fixture(
        "vasterbotten-ontime", crlf(msg.render()),
        model(anna[1], [a for _, a in ALL3], vb_subject, when, mid,
              [(name, DOCX_TYPE, full, True)], texts=[DNR_N, DNR_TVV]),
        "The normal case: Region Västerbotten's complete report (pydocx-full.docx) sent in time "
        "(deadline 2024-02-21) to all three recipients in To. multipart/mixed: text/plain "
        "(utf-8, quoted-printable) stating both diarienummer N2022/02395 and Ä 2023–2905 (en dash), "
        "then the docx (base64, Content-Disposition with a size parameter). Two Received: headers, "
        "newest first (14:03:07 on top, 14:03:05 below); Date: 14:02:48. Subject RFC 2047 (utf-8, Q).",
        "normal, on-time submission: Region Västerbotten, all three recipients, both diarienummer in the "
        "body, pydocx-full.docx as a .docx attachment; received 2024-02-20T14:03:07+01:00 (topmost Received)."))

    # 2. vasterbotten-resend
    mid = "20240220155950.7B31D0A4@regionvasterbotten.se"
    when = t(2, 20, 16, 0, 4)
    msg = Multi(top_headers(received("mail.regionvasterbotten.se", "198.51.100.17", t(2, 20, 16, 0, 2), when,
                                     "4TfTMn0qHkz9sWd"),
                            anna, [VR], vb_subject, t(2, 20, 15, 59, 50), mid, cc=[RK, TVV],
                            extra=[("Content-Language", "sv-SE")]),
                "mixed", "----=_NextPart_vb-resend_0002",
                [text_part("Hej!\n\nJag skickar rapporten en gång till eftersom jag är osäker på om "
                           "det första mejlet kom fram. Filen är densamma.\n\n" + dnr_lines() + vb_sig),
                 attachment(full, DOCX_TYPE, *named(name))])
    F.append(Fixture(
        "vasterbotten-resend", crlf(msg.render()),
        model(anna[1], [VR[1]], vb_subject, when, mid, [(name, DOCX_TYPE, full, True)],
              cc=[RK[1], TVV[1]], texts=[DNR_N, DNR_TVV]),
        "Same region and sender as vasterbotten-ontime.eml, sent again two hours later as a new message "
        "(new Message-ID, Date 15:59:50, topmost Received 16:00:04) with the byte-identical attachment "
        "(same sha256 as in vasterbotten-ontime). This time villkorsrapport@ is in To and the two other "
        "recipients are in Cc (all three are still reached). A duplicate to be recognised by the "
        "attachment's hash.",
        "duplicate: the same pydocx-full.docx (same sha256) sent again 2024-02-20T16:00:04+01:00 as a new "
        "message; villkorsrapport@ in To, the other two recipients in Cc."))

    # 3. vasterbotten-correction (late)
    mid = "20240226101205.C05E7712@regionvasterbotten.se"
    name = "Villkorsrapport_2023_Region_Vasterbotten_korrigerad.docx"
    when = t(2, 26, 10, 12, 31)
    subj = "Korrigerad: " + vb_subject
    msg = Multi(top_headers(received("mail.regionvasterbotten.se", "198.51.100.17", t(2, 26, 10, 12, 29), when,
                                     "4Tjq7d1RZsz9sXf"),
                            anna, ALL3, subj, t(2, 26, 10, 12, 5), mid,
                            extra=[("In-Reply-To", "<%s>" % ontime_msgid),
                                   ("References", "<%s>" % ontime_msgid),
                                   ("Content-Language", "sv-SE")]),
                "mixed", "----=_NextPart_vb-correction_0003",
                [text_part("Hej!\n\nVi har upptäckt fel i den rapport vi skickade den 20 februari. "
                           "Bifogat finns en korrigerad version som ersätter den tidigare.\n\n"
                           + dnr_lines() + vb_sig),
                 attachment(npmrep, DOCX_TYPE, *named(name))])
    F.append(Fixture(
        "vasterbotten-correction", crlf(msg.render()),
        model(anna[1], [a for _, a in ALL3], subj, when, mid, [(name, DOCX_TYPE, npmrep, True)],
              texts=[DNR_N, DNR_TVV]),
        "A correction from Region Västerbotten (same sender as vasterbotten-ontime.eml) received "
        "2024-02-26, after the deadline 2024-02-21: a different docx (npmdocx-report.docx, another "
        "complete report) that replaces the earlier one. In-Reply-To/References point to the "
        "vasterbotten-ontime Message-ID. Both diarienummer in the body.",
        "late correction (2024-02-26T10:12:31+01:00) from the same Västerbotten sender: a different docx "
        "(npmdocx-report.docx), In-Reply-To the on-time message."))

    # 4. skane-late
    asa = ("Åsa Lindqvist", "asa.lindqvist@skane.se")
    mid = "20240223091502.1D9E44B0@skane.se"
    name = "Aterrapportering_villkorsbeslut_2023_Region_Skane.docx"
    when = t(2, 23, 9, 15, 31)
    subj = "Återrapportering villkorsbeslut 2023, dnr N2022/02395 och Ä 2023–2905"
    msg = Multi(top_headers(received("mailgw.skane.se", "198.51.100.44", t(2, 23, 9, 15, 29), when,
                                     "4ThBr52Kp3z9sYg"),
                            asa, [VR], subj, t(2, 23, 9, 15, 2), mid),
                "mixed", "----=_NextPart_skane-late_0004",
                [text_part("Hej!\n\nHär kommer Region Skånes återrapportering. Ursäkta att den kommer "
                           "några dagar för sent." + signature("Åsa Lindqvist", "Regional utveckling",
                                                              "Region Skåne")),
                 attachment(lorep, DOCX_TYPE, *named(name))])
    F.append(Fixture(
        "skane-late", crlf(msg.render()),
        model(asa[1], [VR[1]], subj, when, mid, [(name, DOCX_TYPE, lorep, True)], texts=[DNR_N, DNR_TVV]),
        "Region Skåne (sender domain skane.se; display name Åsa Lindqvist, RFC 2047) received "
        "2024-02-23 09:15, after the deadline. Sent To villkorsrapport@tillvaxtverket.se only: "
        "li.registrator@regeringskansliet.se and tillvaxtverket@tillvaxtverket.se are missing, no Cc. "
        "The diarienummer are stated only in the Subject (RFC 2047 utf-8), not in the body. The "
        "attachment is lo-report.docx, whose text names Region Västerbotten (the document's region "
        "differs from the sender's).",
        "late (2024-02-23T09:15:31+01:00), Region Skåne, To only villkorsrapport@ (two recipients missing), "
        "diarienummer only in the Subject; lo-report.docx."))

    # 5. vgr-forwarded
    maria = ("Maria Karlsson", "maria.karlsson@vgregion.se")
    erik = ("Erik Johansson", "erik.johansson@vgregion.se")
    inner_mid = "20240219152012.9A7F3B21@vgregion.se"
    inner_subj = "Återrapportering villkorsbeslut 2023 – Västra Götalandsregionen"
    name = "VGR_villkorsrapport_2023.docx"
    inner = Multi(top_headers([], maria, [erik], inner_subj, t(2, 19, 15, 20, 12), inner_mid,
                              extra=[("Content-Language", "sv-SE")]),
                  "mixed", "----=_NextPart_vgr-inner_0005",
                  [text_part("Hej Erik!\n\nHär är vår återrapportering av villkorsbeslut 2023. Kan du "
                             "skicka den vidare till Tillväxtverket och Regeringskansliet?\n\n"
                             + dnr_lines() + signature("Maria Karlsson", "Regionutvecklingsnämndens kansli",
                                                       "Västra Götalandsregionen")),
                   attachment(limits, DOCX_TYPE, *named(name))])
    mid = "20240221164015.E4C2A9F0@vgregion.se"
    subj = "VB: " + inner_subj
    when = t(2, 21, 16, 40, 33)
    fwd_name = "Aterrapportering villkorsbeslut 2023 - Vastra Gotalandsregionen.eml"
    msg = Multi(top_headers(received("mx.vgregion.se", "198.51.100.70", t(2, 21, 16, 40, 31), when,
                                     "4TgKx80VbLz9sZh"),
                            erik, ALL3, subj, t(2, 21, 16, 40, 15), mid,
                            extra=[("Content-Language", "sv-SE")]),
                "mixed", "----=_NextPart_vgr-outer_0006",
                [text_part("Hej!\n\nJag vidarebefordrar Västra Götalandsregionens rapport, se det bifogade "
                           "meddelandet." + signature("Erik Johansson", "Koncernavdelning regional utveckling",
                                                       "Västra Götalandsregionen")),
                 Leaf([("Content-Type", 'message/rfc822;\n\tname="%s"' % fwd_name),
                       ("Content-Disposition", 'attachment;\n\tfilename="%s"' % fwd_name),
                       ("Content-Transfer-Encoding", "7bit")],
                      inner.render().rstrip(b"\n"))])
    F.append(Fixture(
        "vgr-forwarded", crlf(msg.render()),
        model(erik[1], [a for _, a in ALL3], subj, when, mid, [(name, DOCX_TYPE, limits, True)],
              texts=[DNR_N, DNR_TVV]),
        "Västra Götalandsregionen (vgregion.se): Erik Johansson forwards (Subject 'VB: ...') the original "
        "message from his colleague Maria Karlsson as an attached message/rfc822 part (7bit, with a .eml "
        "filename). The docx (pydocx-limits.docx, a report with rule errors) is inside the forwarded "
        "message, not at the top level; the message/rfc822 part itself is not listed as an attachment. "
        "The outer body states no diarienummer; the forwarded message's body states both, so a parser "
        "must read forwarded bodies to find them. The forwarded message has no Received: headers; "
        "received is the outer topmost Received (2024-02-21 16:40:33, last day, in time). from/to are "
        "the outer message's.",
        "forward (VB:) from vgregion.se: the docx (pydocx-limits.docx) is inside an attached message/rfc822; "
        "diarienummer only in the forwarded body; received 2024-02-21T16:40:33+01:00."))

    # 6a. stockholm-rfc2231
    lars = ("Lars Berg", "lars.berg@regionstockholm.se")
    mid = "20240221100512.3C8D1E6F@regionstockholm.se"
    name = "Återrapportering villkorsbeslut 2023 Region Stockholm.docx"
    encoded = email.utils.encode_rfc2231(name, "utf-8")
    assert encoded == "utf-8''%C3%85terrapportering%20villkorsbeslut%202023%20Region%20Stockholm.docx", encoded
    when = t(2, 21, 10, 5, 40)
    subj = "Återrapportering av villkorsbeslut 2023 – Region Stockholm"
    msg = Multi(top_headers(received("smtp.regionstockholm.se", "198.51.100.101", t(2, 21, 10, 5, 38), when,
                                     "4TgB5W2sNcz9t0j"),
                            lars, ALL3, subj, t(2, 21, 10, 5, 12), mid),
                "mixed", "----=_NextPart_sthlm-2231_0007",
                [text_part("Hej,\n\nbifogat finns Region Stockholms återrapportering av villkorsbeslut "
                           "2023.\n\n" + dnr_lines() + signature("Lars Berg", "Tillväxt- och regionplaneförvaltningen",
                                                                "Region Stockholm")),
                 attachment(loform, DOCX_TYPE, "", "attachment;\n\tfilename*=%s" % encoded)])
    F.append(Fixture(
        "stockholm-rfc2231", crlf(msg.render()),
        model(lars[1], [a for _, a in ALL3], subj, when, mid, [(name, DOCX_TYPE, loform, True)],
              texts=[DNR_N, DNR_TVV]),
        "Region Stockholm. The attachment's only file name is the RFC 2231 extended parameter "
        "filename*=utf-8''%C3%85terrapportering%20villkorsbeslut%202023%20Region%20Stockholm.docx in "
        "Content-Disposition (Content-Type has no name parameter); decoded 'Återrapportering "
        "villkorsbeslut 2023 Region Stockholm.docx' (NFC). Attachment lo-formcheckbox.docx (a complete "
        "report whose 10.3 boxes are legacy form checkboxes).",
        "RFC 2231 file name (filename*=utf-8''%C3%85terrapportering…) decoding to 'Återrapportering villkorsbeslut "
        "2023 Region Stockholm.docx'; lo-formcheckbox.docx."))

    # 6b. gotland-rfc2047
    sara = ("Sara Öberg", "sara.oberg@gotland.se")
    mid = "20240216134022.5E0B7A93@gotland.se"
    name = "Återrapportering Gotland 2023.docx"
    encoded = "=?utf-8?B?%s?=" % base64.b64encode(name.encode("utf-8")).decode("ascii")
    when = t(2, 16, 13, 40, 51)
    subj = "Återrapportering av villkorsbeslut 2023 – Region Gotland"
    msg = Multi(top_headers(received("mail.gotland.se", "198.51.100.130", t(2, 16, 13, 40, 49), when,
                                     "4TbvQh6FfKz9t1k"),
                            sara, ALL3, subj, t(2, 16, 13, 40, 22), mid),
                "mixed", "----=_NextPart_gotland-2047_0008",
                [text_part("Hej!\n\nHär kommer Region Gotlands återrapportering av villkorsbeslut 2023.\n\n"
                           + dnr_lines() + signature("Sara Öberg", "Regionstyrelseförvaltningen",
                                                     "Region Gotland")),
                 attachment(lorep, DOCX_TYPE, ';\n\tname="%s"' % encoded,
                            'attachment;\n\tfilename="%s"' % encoded)])
    F.append(Fixture(
        "gotland-rfc2047", crlf(msg.render()),
        model(sara[1], [a for _, a in ALL3], subj, when, mid, [(name, DOCX_TYPE, lorep, True)],
              texts=[DNR_N, DNR_TVV]),
        "Region Gotland (gotland.se; display name Sara Öberg, RFC 2047). The file name is an RFC 2047 "
        "encoded word inside the quoted name= and filename= parameters (Outlook style, not strictly "
        "RFC-conformant): %s, decoded 'Återrapportering Gotland 2023.docx'. Attachment lo-report.docx." % encoded,
        "RFC 2047 encoded-word file name (%s) decoding to 'Återrapportering Gotland 2023.docx'; lo-report.docx." % encoded))

    # 7a. halland-octet
    eva = ("Eva Holm", "eva.holm@regionhalland.se")
    halland_sig = signature("Eva Holm", "Regional utveckling", "Region Halland")
    mid = "20240221110214.8A1F5C30@regionhalland.se"
    when = t(2, 21, 11, 2, 44)
    subj = "Återrapportering villkorsbeslut 2023 Region Halland"
    msg = Multi(top_headers(received("mx01.regionhalland.se", "198.51.100.160", t(2, 21, 11, 2, 42), when,
                                     "4TgCVm3dWqz9t2m"),
                            eva, ALL3, subj, t(2, 21, 11, 2, 14), mid),
                "mixed", "----=_NextPart_halland-octet_0009",
                [text_part("Hej!\n\nBifogat finns Region Hallands återrapportering.\n\n" + dnr_lines() + halland_sig),
                 attachment(lorep, "application/octet-stream", *named("rapport.docx"))])
    F.append(Fixture(
        "halland-octet", crlf(msg.render()),
        model(eva[1], [a for _, a in ALL3], subj, when, mid,
              [("rapport.docx", "application/octet-stream", lorep, True)], texts=[DNR_N, DNR_TVV]),
        "Region Halland. The docx (lo-report.docx) is sent as application/octet-stream with name= and "
        "filename= 'rapport.docx': recognise it by the .docx name (and by content: a zip holding "
        "word/document.xml).",
        "docx sent as application/octet-stream named 'rapport.docx' (lo-report.docx); Region Halland, in time."))

    # 7b. halland-octet-noname
    mid = "20240221112530.0F6B2D84@regionhalland.se"
    when = t(2, 21, 11, 25, 58)
    subj = "Återrapportering villkorsbeslut 2023 Region Halland (ny fil)"
    msg = Multi(top_headers(received("mx01.regionhalland.se", "198.51.100.160", t(2, 21, 11, 25, 56), when,
                                     "4TgD1P4hXrz9t3n"),
                            eva, ALL3, subj, t(2, 21, 11, 25, 30), mid),
                "mixed", "----=_NextPart_halland-noname_0010",
                [text_part("Hej igen!\n\nHär kommer en ny version av filen.\n\n" + dnr_lines() + halland_sig),
                 attachment(loform, "application/octet-stream", "", "attachment")])
    F.append(Fixture(
        "halland-octet-noname", crlf(msg.render()),
        model(eva[1], [a for _, a in ALL3], subj, when, mid,
              [("", "application/octet-stream", loform, True)], texts=[DNR_N, DNR_TVV]),
        "Region Halland again (same sender as halland-octet.eml, 23 minutes later, in time): an "
        "application/octet-stream attachment with Content-Disposition 'attachment' and no file name at all "
        "(no name=, no filename=; filename is \"\" here). Recognise it as Word only by content: a zip "
        "(PK\\x03\\x04) holding word/document.xml. The file is lo-formcheckbox.docx (differs from "
        "halland-octet's attachment).",
        "application/octet-stream with no file name at all: a docx only by content (zip with word/document.xml; "
        "lo-formcheckbox.docx)."))

    # 8. noattachment (single part, no Received)
    mid = "20240220171004.B7D2E915@regionhalland.se"
    subj = "Återrapportering villkorsbeslut 2023"
    date = t(2, 20, 17, 10, 4)
    h = top_headers([], eva, [VR], subj, date, mid)
    h += [("Content-Type", 'text/plain; charset="utf-8"'), ("Content-Transfer-Encoding", "quoted-printable")]
    msg = Leaf(h, qp_body("Hej!\n\nRapporten kommer i morgon. Vi behöver en sista underskrift "
                          "innan vi kan skicka den." + halland_sig))
    F.append(Fixture(
        "noattachment", crlf(msg.render()),
        model(eva[1], [VR[1]], subj, date, mid, [], texts=["Rapporten kommer i morgon"]),
        "Region Halland, a single-part text/plain message (no multipart, no attachment) saying "
        "'Rapporten kommer i morgon'. It has no Received: headers (as saved from the sender's own "
        "mailbox), so received falls back to the Date: header (2024-02-20 17:10:04 +0100). No "
        "diarienummer.",
        "text only, no attachment ('Rapporten kommer i morgon'), Region Halland; no Received: headers, so "
        "received = Date 2024-02-20T17:10:04+01:00."))

    # 9. pdf-only
    mid = "20240219094011.6D3A0C57@regionstockholm.se"
    name = "Villkorsrapport 2023 Region Stockholm.pdf"
    when = t(2, 19, 9, 40, 37)
    subj = "Återrapportering av villkorsbeslut 2023 – Region Stockholm"
    msg = Multi(top_headers(received("smtp.regionstockholm.se", "198.51.100.101", t(2, 19, 9, 40, 35), when,
                                     "4TZ9nB1cTfz9t4p"),
                            lars, ALL3, subj, t(2, 19, 9, 40, 11), mid),
                "mixed", "----=_NextPart_sthlm-pdf_0011",
                [text_part("Hej,\n\nbifogat finns vår rapport som pdf.\n\n" + dnr_lines()
                           + signature("Lars Berg", "Tillväxt- och regionplaneförvaltningen", "Region Stockholm")),
                 attachment(pdf, "application/pdf", *named(name))])
    F.append(Fixture(
        "pdf-only", crlf(msg.render()),
        model(lars[1], [a for _, a in ALL3], subj, when, mid, [(name, "application/pdf", pdf, False)],
              texts=[DNR_N, DNR_TVV]),
        "Region Stockholm sends the report only as a PDF (testdata/bad/report.pdf, application/pdf, "
        "'Villkorsrapport 2023 Region Stockholm.pdf'): no docx. The attachment is Word-like by name "
        "(.pdf), so the reply should ask for the Word file.",
        "only a PDF attachment (testdata/bad/report.pdf), no docx; Region Stockholm, in time."))

    # 10. two-docx
    johan = ("Johan Ek", "johan.ek@gotland.se")
    mid = "20240221150522.2B9E6F18@gotland.se"
    name1 = "Villkorsrapport_2023_Region_Gotland.docx"
    when = t(2, 21, 15, 5, 49)
    subj = "Återrapportering av villkorsbeslut 2023 – Region Gotland, med bilaga"
    msg = Multi(top_headers(received("mail.gotland.se", "198.51.100.130", t(2, 21, 15, 5, 47), when,
                                     "4TgHxY5jZtz9t5q"),
                            johan, ALL3, subj, t(2, 21, 15, 5, 22), mid),
                "mixed", "----=_NextPart_gotland-two_0012",
                [text_part("Hej!\n\nBifogat finns Region Gotlands återrapportering samt en bilaga med "
                           "en förteckning över insatser.\n\n" + dnr_lines()
                           + signature("Johan Ek", "Regional utveckling", "Region Gotland")),
                 attachment(lorep, DOCX_TYPE, *named(name1)),
                 attachment(appendix, DOCX_TYPE, *named("Bilaga.docx"))])
    if appendix_how == "python-docx":
        app_note = ("'Bilaga.docx', a small appendix written by this script with python-docx (a heading "
                    "'Bilaga – Förteckning över insatser 2023, Region Gotland', one paragraph, a 4x3 table; "
                    "none of the template's questions or title)")
    else:
        app_note = ("'Bilaga.docx', which is testdata/docx/npmdocx-choices.docx renamed (python-docx was not "
                    "available when this was generated), i.e. itself a report with broken 10.3 choices")
    F.append(Fixture(
        "two-docx", crlf(msg.render()),
        model(johan[1], [a for _, a in ALL3], subj, when, mid,
              [(name1, DOCX_TYPE, lorep, True), ("Bilaga.docx", DOCX_TYPE, appendix, True)],
              texts=[DNR_N, DNR_TVV]),
        "Region Gotland (gotland.se) with two Word attachments: first the report (lo-report.docx as "
        "'%s'), then %s. A parser must pick the report, not the appendix. (Gotland also sent "
        "gotland-rfc2047.eml on 2024-02-16.)" % (name1, app_note),
        "two .docx attachments: the report (lo-report.docx) and an appendix 'Bilaga.docx' (%s); Region Gotland."
        % ("made with python-docx" if appendix_how == "python-docx" else "npmdocx-choices.docx renamed")))

    # 11. winmail
    lena = ("Lena Ström", "lena.strom@vgregion.se")
    mid = "20240221093018.4A6C8E20@vgregion.se"
    when = t(2, 21, 9, 30, 47)
    subj = "Återrapportering villkorsbeslut 2023 – Västra Götalandsregionen"
    msg = Multi(top_headers(received("mx.vgregion.se", "198.51.100.70", t(2, 21, 9, 30, 45), when,
                                     "4Tg6Lq2bMvz9t6r"),
                            lena, ALL3, subj, t(2, 21, 9, 30, 18), mid,
                            extra=[("X-MS-Has-Attach", "yes"),
                                   ("X-MS-TNEF-Correlator", "<%s>" % mid),
                                   ("Content-Language", "sv-SE")]),
                "mixed", "----=_NextPart_vgr-tnef_0013",
                [text_part("Hej!\n\nSe bifogad fil.\n\n" + dnr_lines()
                           + signature("Lena Ström", "Koncernavdelning regional utveckling",
                                       "Västra Götalandsregionen")),
                 attachment(tnef, "application/ms-tnef", *named("winmail.dat"))])
    F.append(Fixture(
        "winmail", crlf(msg.render()),
        model(lena[1], [a for _, a in ALL3], subj, when, mid,
              [("winmail.dat", "application/ms-tnef", tnef, False)], texts=[DNR_N, DNR_TVV]),
        "Västra Götalandsregionen, sent from Outlook in rich-text mode: the only attachment is "
        "application/ms-tnef 'winmail.dat' (%d bytes: TNEF signature 78 9F 3E 22, key, then "
        "attTnefVersion, attOemCodepage 1252 and attMessageClass 'IPM.Note' with checksums; no embedded "
        "file). No docx is reachable: the reply should ask the region to resend as a normal attachment."
        % len(tnef),
        "Outlook TNEF: only application/ms-tnef winmail.dat (starts 78 9F 3E 22), no docx; Västra Götalandsregionen."))

    # 12. unknown-sender
    gm = ("Anna Andersson", "anna.andersson.ac@gmail.com")
    mid = "CAHx9f2Q7Lm0pT4vW8yZ1bN3cR5dE6fG7hJ8kK9mN0pQ1rS2tU@mail.gmail.com"
    name = "Villkorsrapport_2023_Region_Vasterbotten.docx"
    when = t(2, 20, 21, 47, 36)
    subj = "Villkorsrapport Region Västerbotten"
    rc = [("Received", "from mx1.tillvaxtverket.se (192.0.2.25) by EXCH01.tillvaxtverket.se\n"
                       " (192.0.2.31) with Microsoft SMTP Server (version=TLS1_2,\n"
                       " cipher=TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384) id 15.2.1258.28;\n"
                       " %s" % rfcdate(when)),
          ("Received", "from mail-ej1-f41.google.com (mail-ej1-f41.google.com [203.0.113.41])\n"
                       "\tby mx1.tillvaxtverket.se (Postfix) with ESMTPS id 4TfbW97yGwz9t7s\n"
                       "\tfor <villkorsrapport@tillvaxtverket.se>; %s" % rfcdate(t(2, 20, 21, 47, 34)))]
    msg = Multi(top_headers(rc, gm, [VR], subj, t(2, 20, 21, 47, 10), mid),
                "mixed", "000000000000a1b2c3d4e5f60718",
                [text_part("Hej,\n\nJag skickar rapporten från min privata adress eftersom jobbmejlen "
                           "krånglar i kväll.\n\nAnna Andersson, Region Västerbotten\n"),
                 attachment(full, DOCX_TYPE, *named(name))], preamble="")
    F.append(Fixture(
        "unknown-sender", crlf(msg.render()),
        model(gm[1], [VR[1]], subj, when, mid, [(name, DOCX_TYPE, full, True)]),
        "Sent from a private gmail.com address (no region's domain) To villkorsrapport@ only, with "
        "pydocx-full.docx (same bytes as vasterbotten-ontime.eml) and the Subject 'Villkorsrapport Region "
        "Västerbotten': the region must be found from the document text, the subject or the file name. "
        "Body has no diarienummer (the document states them). Gmail-style boundary, no preamble.",
        "sender anna.andersson.ac@gmail.com (no region domain), Subject 'Villkorsrapport Region Västerbotten', "
        "pydocx-full.docx; only villkorsrapport@ in To."))

    # 13a. latin1
    mid = "20240219101233.A9C4F062@skane.se"
    name = "Villkorsrapport_2023_Region_Skane.docx"
    when = t(2, 19, 10, 12, 58)
    subj = "Återrapportering villkorsbeslut 2023, Region Skåne"
    body = ("Hej!\n\nHär är Region Skånes återrapportering av villkorsbeslut 2023 för "
            "länsövergripande tillväxtarbete.\n\nDiarienummer: %s och %s\n\n"
            "Med vänlig hälsning\nÅsa Lindqvist\nRegional utveckling, Region Skåne\n" % (DNR_N, DNR_TVV_LATIN1))
    msg = Multi(top_headers(received("mailgw.skane.se", "198.51.100.44", t(2, 19, 10, 12, 56), when,
                                     "4TZBVz6Hq1z9t8t"),
                            asa, ALL3, subj, t(2, 19, 10, 12, 33), mid, charset="iso-8859-1"),
                "mixed", "----=_NextPart_skane-latin1_0014",
                [Leaf([("Content-Type", 'text/plain; charset="iso-8859-1"'),
                       ("Content-Transfer-Encoding", "8bit")], body.encode("iso-8859-1").rstrip(b"\n")),
                 attachment(npmrep, DOCX_TYPE, *named(name))])
    F.append(Fixture(
        "latin1", crlf(msg.render()),
        model(asa[1], [a for _, a in ALL3], subj, when, mid, [(name, DOCX_TYPE, npmrep, True)],
              texts=[DNR_N, DNR_TVV_LATIN1, "länsövergripande"]),
        "Region Skåne, in time (2024-02-19). Subject and From display name are RFC 2047 in iso-8859-1 "
        "(Q encoding); the text/plain body is charset iso-8859-1, Content-Transfer-Encoding 8bit (raw "
        "bytes E5/E4/F6/C5 for å/ä/ö/Å). The body states 'N2022/02395 och Ä 2023-2905' with a hyphen (the "
        "en dash does not exist in ISO-8859-1). Attachment npmdocx-report.docx.",
        "ISO-8859-1: Subject and From name RFC 2047 iso-8859-1, 8bit Latin-1 body with å/ä/ö and "
        "'Ä 2023-2905'; npmdocx-report.docx; Region Skåne."))
    return F


# --------------------------------------------------------- expectations
def is_docx_bytes(data):
    if not data.startswith(b"PK\x03\x04"):
        return False
    try:
        return "word/document.xml" in zipfile.ZipFile(io.BytesIO(data)).namelist()
    except zipfile.BadZipFile:
        return False


def kind_docx(name, ctype, data):
    """The project's rule (internal/message kindOf): TNEF first, then a
    .docx name or the Word content type, then a zip with word/document.xml."""
    if data.startswith(b"\x78\x9f\x3e\x22") or ctype == "application/ms-tnef" or name.lower() == "winmail.dat":
        return False
    return name.lower().endswith(".docx") or ctype == DOCX_TYPE or is_docx_bytes(data)


def walk(part, atts, texts, defects):
    defects.extend(part.defects)
    ctype = part.get_content_type()
    if ctype in ("message/rfc822", "message/global"):
        for inner in part.get_payload():
            walk(inner, atts, texts, defects)
        return
    if part.is_multipart():
        for sub in part.get_payload():
            walk(sub, atts, texts, defects)
        return
    name = part.get_filename() or ""
    disp = part.get_content_disposition()
    if not name and disp != "attachment" and ctype.startswith("text/"):
        texts.append(part.get_content())
        return
    data = part.get_payload(decode=True)
    atts.append((name, ctype, data))


def received_of(msg):
    for v in msg.get_all("Received") or []:
        v = str(v)
        if ";" in v:
            return email.utils.parsedate_to_datetime(v.rsplit(";", 1)[1].strip())
    return email.utils.parsedate_to_datetime(str(msg["Date"]))


def expect_from_parse(f):
    msg = email.message_from_bytes(f.raw, policy=email.policy.default)
    atts, texts, defects = [], [], []
    walk(msg, atts, texts, defects)
    assert not defects, (f.name, defects)
    m = f.model
    frm = msg["From"].addresses[0].addr_spec.lower()
    to = [a.addr_spec.lower() for a in msg["To"].addresses] if msg["To"] else []
    cc = [a.addr_spec.lower() for a in msg["Cc"].addresses] if msg["Cc"] else []
    subject = str(msg["Subject"])
    rec = received_of(msg)
    msgid = str(msg["Message-ID"]).strip().strip("<>")
    assert frm == m["from"], (f.name, frm)
    assert to == m["to"] and cc == m["cc"], (f.name, to, cc)
    assert subject == m["subject"], (f.name, subject)
    assert rec == m["received"] and rec.utcoffset() == m["received"].utcoffset(), (f.name, rec)
    assert msgid == m["message_id"], (f.name, msgid)
    assert len(atts) == len(m["attachments"]), (f.name, atts)
    out_atts = []
    for (name, ctype, data), (mname, mctype, mdata, mdocx) in zip(atts, m["attachments"]):
        assert name == mname and ctype == mctype, (f.name, name, ctype)
        assert sha(data) == sha(mdata), (f.name, name)
        docx = kind_docx(name, ctype, data)
        assert docx == mdocx, (f.name, name, docx)
        if docx:
            assert is_docx_bytes(data), (f.name, name)
        out_atts.append({"filename": name, "content_type": ctype, "sha256": sha(data), "docx": docx})
    alltext = "\n".join(texts) + "\n" + subject
    for s in m["texts"]:
        assert s in alltext, (f.name, s)
    assert f.raw.count(b"\n") == f.raw.count(b"\r\n")
    return {"message_id": msgid, "from": frm, "to": to, "cc": cc, "subject": subject,
            "received": rec.isoformat(), "attachments": out_atts, "notes": f.notes}


def make_broken(ontime, ontime_expect):
    raw = ontime.raw[:3000]
    # The cut must fall inside the attachment's base64 body.
    head_end = ontime.raw.index(b"Content-Transfer-Encoding: base64\r\n\r\n", ontime.raw.index(b"filename="))
    b64_start = head_end + len(b"Content-Transfer-Encoding: base64\r\n\r\n")
    assert b64_start < 3000 < ontime.raw.index(b"\r\n--", b64_start), "cut not inside the base64 body"
    chars = b"".join(raw[b64_start:].split())
    total = len(b"".join(ontime.raw[b64_start:ontime.raw.index(b"\r\n--", b64_start)].split()))
    whole = len(chars) // 4 * 4
    assert len(chars) % 76, "expected the cut to fall mid-line"
    prefix = base64.b64decode(chars[:whole])
    src = ontime.model["attachments"][0][2]
    assert src.startswith(prefix) and not is_docx_bytes(prefix)
    a = dict(ontime_expect["attachments"][0])
    a["sha256"] = sha(prefix)
    # Python's parser still reads the header; check what it can.
    msg = email.message_from_bytes(raw, policy=email.policy.default)
    assert str(msg["Message-ID"]).strip("<>") == ontime_expect["message_id"]
    notes = ("The first 3000 bytes of vasterbotten-ontime.eml (of %d): all headers, the text part and "
             "the attachment's MIME header are intact; the base64 body of the docx is cut after %d of its "
             "%d characters (mid-line, no closing boundary, no final CRLF). Header facts are those of "
             "vasterbotten-ontime. The attachment is a docx by name and type but its bytes are not a "
             "readable zip (no central directory). sha256 here is of the %d bytes that decode from the "
             "whole 4-character groups present (a prefix of pydocx-full.docx); a parser may return "
             "fewer bytes (e.g. a multipart reader that holds back a possible boundary) or none, and "
             "should report the part as damaged rather than fail on the whole message."
             % (len(ontime.raw), len(chars), total, len(prefix)))
    exp = dict(ontime_expect)
    exp["attachments"] = [a]
    exp["notes"] = notes
    readme = ("truncated message: the first 3000 bytes of vasterbotten-ontime.eml; headers readable, the "
              "base64 docx is cut (damaged attachment, no closing boundary).")
    return raw, exp, readme


README_HEAD = """# E-mail fixtures

Messages as they reach villkorsrapport@tillvaxtverket.se with the regions' *Återrapportering av
villkorsbeslut 2023*. Generated by `testdata/make/mail/make.py` (deterministic; do not edit by hand):

```sh
cd /work/main && /usr/bin/python3 testdata/make/mail/make.py
```

RFC 5322 files with CRLF line endings. The attachments are the files in `testdata/docx/` (and
`testdata/bad/report.pdf`); sender domains are the regions' own; IP addresses are documentation
ranges; the agency's own hosts (mx1/EXCH01.tillvaxtverket.se) are made up. Deadline in the 2023
template: 2024-02-21 (Europe/Stockholm).

Each `X.eml` has an `X.expect.json`, computed by the script from Python's own parse of the file
and cross-checked against the model:
`message_id` (without `<>`), `from` (the address, lower case), `to` and `cc` (addresses, lower
case, in header order), `subject` (decoded), `received` (RFC 3339 time of the topmost
`Received:` header, else `Date:`, with the header's own offset), `attachments` in MIME order,
including those inside a forwarded `message/rfc822` (which is not itself listed) — `filename`
(decoded, `""` if none), `content_type` (lower case, without parameters), `sha256` (of the decoded
bytes), `docx` (the project's rule: not TNEF, and a `.docx` name, the Word content type or a zip
holding `word/document.xml`) — and `notes`. Body text parts without a file name are not
attachments.

"""


def main():
    appendix, how = make_appendix()
    fixtures = build(appendix, how)
    os.makedirs(OUT, exist_ok=True)
    expects, lines = {}, []
    for f in fixtures:
        expects[f.name] = expect_from_parse(f)
    ontime = fixtures[0]
    assert ontime.name == "vasterbotten-ontime"
    braw, bexp, breadme = make_broken(ontime, expects[ontime.name])
    files = [(f.name, f.raw, expects[f.name], f.readme) for f in fixtures] + [("broken", braw, bexp, breadme)]
    total = 0
    for name, raw, exp, readme in files:
        with open(os.path.join(OUT, name + ".eml"), "wb") as fh:
            fh.write(raw)
        with open(os.path.join(OUT, name + ".expect.json"), "w", encoding="utf-8", newline="\n") as fh:
            json.dump(exp, fh, ensure_ascii=False, indent=2)
            fh.write("\n")
        total += len(raw)
        lines.append("- `%s.eml` — %s" % (name, readme))
    lines.sort()
    with open(os.path.join(OUT, "README.md"), "w", encoding="utf-8", newline="\n") as fh:
        fh.write(README_HEAD + "\n".join(lines) + "\n")
    print("wrote %d messages (%d bytes of .eml) to %s; appendix: %s" % (len(files), total, OUT, how))


if __name__ == "__main__":
    sys.exit(main())
