#!/usr/bin/python3
# Regenerate the zip-container cases of testdata/bad/ with ONE command:
#     /usr/bin/python3 testdata/make/zip/make.py
#
# Needs only Python 3 (zipfile, struct). Each file is testdata/docx/lo-report.docx (made by
# LibreOffice, see testdata/make/lo/make.py) with its entries copied unchanged by Python's
# zipfile and one entry added or changed so that exactly one container check of
# internal/document/pkg.go refuses it. What zipfile cannot write (a NUL or invalid UTF-8 in
# a name, the encryption flag, an unknown compression method) is patched into the local
# header and the central directory afterwards; the patch keeps every length, so the archive
# stays readable. Output is deterministic (fixed timestamps). Adds one line per file to
# testdata/bad/README.md, keeping the lines other generators wrote.
import os
import re
import struct
import zipfile

HERE = os.path.dirname(os.path.abspath(__file__))
ROOT = os.path.abspath(os.path.join(HERE, "..", "..", ".."))
SRC = os.path.join(ROOT, "testdata", "docx", "lo-report.docx")
BAD_DIR = os.path.join(ROOT, "testdata", "bad")
WHEN = (2024, 2, 12, 10, 0, 0)
EXTRA = "Denna del ska aldrig läsas.\n"


def copy_entries(zout):
    with zipfile.ZipFile(SRC) as zin:
        for info in zin.infolist():
            info.date_time = WHEN
            zout.writestr(info, zin.read(info.filename))


def build(out, extra_names):
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zout:
        copy_entries(zout)
        for name in extra_names:
            zout.writestr(zipfile.ZipInfo(name, date_time=WHEN), EXTRA)


def headers(data):
    """Yields (central offset, local offset, name) for every central directory entry."""
    eocd = data.rindex(b"PK\x05\x06")
    count, _, cd_offset = struct.unpack("<HII", data[eocd + 10:eocd + 20])
    pos = cd_offset
    for _ in range(count):
        assert data[pos:pos + 4] == b"PK\x01\x02"
        n, m, k = struct.unpack("<HHH", data[pos + 28:pos + 34])
        local = struct.unpack("<I", data[pos + 42:pos + 46])[0]
        assert data[local:local + 4] == b"PK\x03\x04"
        yield pos, local, data[pos + 46:pos + 46 + n]
        pos += 46 + n + m + k


def patch(out, name, new_name=None, flag=0, method=None):
    """Changes one entry in both its local header and the central directory."""
    data = bytearray(open(out, "rb").read())
    found = 0
    for central, local, ename in list(headers(data)):
        if ename != name.encode():
            continue
        found += 1
        for hdr, flag_at, method_at, name_at in ((central, 8, 10, 46), (local, 6, 8, 30)):
            f = struct.unpack("<H", data[hdr + flag_at:hdr + flag_at + 2])[0]
            struct.pack_into("<H", data, hdr + flag_at, f | flag)
            if method is not None:
                struct.pack_into("<H", data, hdr + method_at, method)
            if new_name is not None:
                assert len(new_name) == len(name)
                data[hdr + name_at:hdr + name_at + len(new_name)] = new_name
    assert found == 1, (out, name, found)
    open(out, "wb").write(bytes(data))


def check_names(out, want):
    """The names as a zip reader sees them (raw bytes)."""
    data = open(out, "rb").read()
    names = [n for _, _, n in headers(data)]
    for w in want:
        assert w in names, (out, w)


def main():
    lines = {}
    base = "lo-report.docx (LibreOffice 7.4, testdata/docx)"

    out = os.path.join(BAD_DIR, "name-leading-slash.docx")
    build(out, ["/etc/evil.txt"])
    check_names(out, [b"/etc/evil.txt"])
    lines["name-leading-slash.docx"] = f"{base} plus an entry named \"/etc/evil.txt\": an absolute path (Python zipfile)."

    out = os.path.join(BAD_DIR, "name-backslash.docx")
    build(out, ["word\\evil.txt"])
    check_names(out, [b"word\\evil.txt"])
    lines["name-backslash.docx"] = f"{base} plus an entry named \"word\\evil.txt\", with a backslash (Python zipfile)."

    out = os.path.join(BAD_DIR, "name-nul.docx")
    build(out, ["word/evil_txt.xml"])
    patch(out, "word/evil_txt.xml", new_name=b"word/evil\x00txt.xml")
    check_names(out, [b"word/evil\x00txt.xml"])
    lines["name-nul.docx"] = (f"{base} plus an entry whose name has a NUL byte (\"word/evil\\x00txt.xml\"; "
                              "written by Python zipfile under another name of the same length, then patched).")

    out = os.path.join(BAD_DIR, "name-invalid-utf8.docx")
    build(out, ["word/evil-xx.xml"])
    patch(out, "word/evil-xx.xml", new_name=b"word/evil-\xff\xfe.xml")
    check_names(out, [b"word/evil-\xff\xfe.xml"])
    lines["name-invalid-utf8.docx"] = (f"{base} plus an entry whose name has the bytes FF FE, not UTF-8 "
                                       "(written by Python zipfile under another name of the same length, then patched).")

    out = os.path.join(BAD_DIR, "name-duplicate.docx")
    build(out, ["Word/Document.xml"])
    check_names(out, [b"word/document.xml", b"Word/Document.xml"])
    lines["name-duplicate.docx"] = (f"{base} plus a second main part named \"Word/Document.xml\": the same name "
                                    "as word/document.xml but for case (Python zipfile).")

    out = os.path.join(BAD_DIR, "entry-encrypted.docx")
    build(out, [])
    patch(out, "word/styles.xml", flag=0x1)
    lines["entry-encrypted.docx"] = (f"{base} with the encryption flag (general purpose bit 0, traditional zip "
                                     "encryption) set on word/styles.xml in both headers; the data is unchanged "
                                     "(Python zipfile, then patched). Not the OLE-encrypted Office file: see encrypted.docx.")

    out = os.path.join(BAD_DIR, "entry-unknown-method.docx")
    build(out, [])
    patch(out, "word/styles.xml", method=12)
    lines["entry-unknown-method.docx"] = (f"{base} with word/styles.xml marked as compressed with method 12 (bzip2, "
                                          "which Word never writes) in both headers; the data is the deflated "
                                          "stream (Python zipfile, then patched).")

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
    entries = [ln for ln in keep if ln.startswith("- `")]
    head = [ln for ln in keep if not ln.startswith("- `")]
    while head and head[-1] == "":
        head.pop()
    for fname in lines:
        entries.append(f"- `{fname}` — {lines[fname]} Made by testdata/make/zip/make.py.")
    entries.sort()
    open(readme, "w", encoding="utf-8").write("\n".join(head + [""] + entries) + "\n")


if __name__ == "__main__":
    main()
