#!/usr/bin/env python3
"""Hostile Word documents: small files that cost a naive reader a lot.

Each family scales one kind of element (empty paragraphs, runs, table
cells, rows, headers, styles, numbering, text, XML tokens, relationship
parts). Run without arguments to write the small cases committed here (one
file per family and a few structural oddities); with --big DIR --size MB to
write every family scaled up to about that file size into DIR (used by the
benchmark in internal/cli, not committed).

Only Python's zipfile, zlib and struct are used. Some cases write the zip by
hand so that many entries point at one compressed stream (the declared
sizes then lie: the ratio check of a reader that trusts them never fires).
"""
import argparse
import os
import struct
import zlib
import zipfile

W = 'xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/2006/main"'
CT = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
      '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
      '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
      '<Default Extension="xml" ContentType="application/xml"/>'
      '<Override PartName="/word/document.xml" ContentType="application/vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/>'
      '</Types>')
RELS = ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
        '<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
        '<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="word/document.xml"/>'
        '</Relationships>')
TITLE = '<w:p><w:r><w:t>Återrapportering av villkorsbeslut 2023</w:t></w:r></w:p>'


def document(inner):
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?>'
            '<w:document ' + W + '><w:body>' + TITLE + inner + '</w:body></w:document>')


def repeat(unit, size):
    """unit repeated to at most size bytes of UTF-8 (at least once)."""
    return unit * max(1, size // len(unit.encode()))


def write_zip(path, parts, method=zipfile.ZIP_DEFLATED):
    with zipfile.ZipFile(path, 'w', method) as z:
        for name, data in parts.items():
            z.writestr(name, data)


def write_shared(path, parts, shared_names, shared_data, lie=True):
    """A zip whose entries shared_names all point at one deflate stream of
    shared_data. With lie, each declares its compressed size equal to its
    uncompressed size (ratio 1:1)."""
    out = bytearray()
    central = []

    def local(name, data, method, comp):
        off = len(out)
        nb = name.encode()
        crc = zlib.crc32(data)
        out.extend(struct.pack('<IHHHHHIIIHH', 0x04034b50, 20, 0x800, method, 0, 0x21,
                               crc, len(comp), len(data), len(nb), 0))
        out.extend(nb)
        out.extend(comp)
        return off, crc

    def deflate(data):
        c = zlib.compressobj(9, zlib.DEFLATED, -15)
        return c.compress(data) + c.flush()

    for name, data in parts.items():
        data = data.encode() if isinstance(data, str) else data
        comp = deflate(data)
        off, crc = local(name, data, 8, comp)
        central.append((name, off, crc, len(comp), len(data)))
    data = shared_data.encode()
    comp = deflate(data)
    off, crc = local(shared_names[0], data, 8, comp)
    for name in shared_names:
        declared = len(data) if lie else len(comp)
        central.append((name, off, crc, declared, len(data)))
    cd = len(out)
    for name, off, crc, csize, usize in central:
        nb = name.encode()
        out.extend(struct.pack('<IHHHHHHIIIHHHHHII', 0x02014b50, 20, 20, 0x800, 8, 0, 0x21,
                               crc, csize, usize, len(nb), 0, 0, 0, 0, 0, off))
        out.extend(nb)
    out.extend(struct.pack('<IHHHHIIH', 0x06054b50, 0, 0, len(central), len(central),
                           len(out) - cd, cd, 0))
    with open(path, 'wb') as f:
        f.write(out)


def base(doc_xml, **extra):
    parts = {'[Content_Types].xml': CT, '_rels/.rels': RELS, 'word/document.xml': doc_xml}
    parts.update(extra)
    return parts


def header(size):
    unit = ('<w:p><w:r><w:t xml:space="preserve">Region Västerbotten N2022/02395 '
            'Landstinget i Örebro län Region Gotland </w:t></w:r></w:p>')
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:hdr ' + W + '>' +
            repeat(unit, size) + '</w:hdr>')


def styles(n):
    s = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:styles ' + W + '>',
         '<w:docDefaults><w:rPrDefault><w:rPr><w:rFonts w:ascii="Cambria"/><w:sz w:val="22"/>'
         '</w:rPr></w:rPrDefault></w:docDefaults>']
    for i in range(n):
        based = '<w:basedOn w:val="s%d"/>' % (i - 1) if i else ''
        s.append('<w:style w:type="paragraph" w:styleId="s%d"><w:name w:val="s%d"/>%s'
                 '<w:rPr><w:sz w:val="%d"/></w:rPr></w:style>' % (i, i, based, 20 + i % 8))
    s.append('</w:styles>')
    return ''.join(s)


def numbering(n, text_len):
    lvl_text = '%1.' * (text_len // 3)
    s = ['<?xml version="1.0" encoding="UTF-8" standalone="yes"?><w:numbering ' + W + '>']
    for i in range(n):
        s.append('<w:abstractNum w:abstractNumId="%d"><w:lvl w:ilvl="0"><w:start w:val="1"/>'
                 '<w:numFmt w:val="decimal"/><w:lvlText w:val="%s"/></w:lvl></w:abstractNum>' % (i, lvl_text))
    for i in range(n):
        s.append('<w:num w:numId="%d"><w:abstractNumId w:val="%d"/></w:num>' % (i + 1, i))
    s.append('</w:numbering>')
    return ''.join(s)


def rels(size):
    unit = ('<Relationship Id="rIdX" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            'relationships/image" Target="media/image1.png"/>')
    return ('<?xml version="1.0" encoding="UTF-8" standalone="yes"?><Relationships '
            'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">' +
            repeat(unit, size) + '</Relationships>')


# Each family: name -> (description, function(path, size) writing the case
# at about size bytes of its scaled part).
def fam_paragraphs(path, size, method):
    write_zip(path, base(document(repeat('<w:p/>', size))), method)


def fam_runs(path, size, method):
    unit = ('<w:r><w:rPr><w:sz w:val="22"/></w:rPr><w:t>a</w:t></w:r>'
            '<w:r><w:rPr><w:sz w:val="24"/></w:rPr><w:t>b</w:t></w:r>')
    write_zip(path, base(document('<w:p>' + repeat(unit, size) + '</w:p>')), method)


def fam_cells(path, size, method):
    write_zip(path, base(document('<w:tbl><w:tr>' + repeat('<w:tc><w:p/></w:tc>', size) +
                                  '</w:tr></w:tbl><w:p/>')), method)


def fam_rows(path, size, method):
    write_zip(path, base(document('<w:tbl>' + repeat('<w:tr><w:tc><w:p/></w:tc></w:tr>', size) +
                                  '</w:tbl><w:p/>')), method)


def fam_text(path, size, method):
    write_zip(path, base(document('<w:p><w:r><w:t>' + repeat('Region Dalarna ', size) +
                                  '</w:t></w:r></w:p>')), method)


def fam_tokens(path, size, method):
    # elements the reader ignores: nothing is built, only tokens read
    write_zip(path, base(document('<w:p>' + repeat('<w:bookmarkEnd w:id="1"/>', size) +
                                  '</w:p>')), method)


def fam_styles(path, size, method):
    n = max(10, size // 150)
    paras = ''.join('<w:p><w:pPr><w:pStyle w:val="s%d"/></w:pPr><w:r><w:t>x</w:t></w:r></w:p>' % i
                    for i in range(0, n, max(1, n // 2000)))
    write_zip(path, base(document(paras), **{'word/styles.xml': styles(n)}), method)


def fam_numbering(path, size, method):
    # few lists whose level text is long, used by many paragraphs
    n = 20
    text_len = min(size // 4, 30000)
    paras_size = max(size - n * text_len, size // 2)
    unit = '<w:p><w:pPr><w:numPr><w:ilvl w:val="0"/><w:numId w:val="1"/></w:numPr></w:pPr></w:p>'
    write_zip(path, base(document(repeat(unit, paras_size)),
                         **{'word/numbering.xml': numbering(n, text_len)}), method)


def fam_headers_shared(path, size, _method):
    # 60 header and footer parts, all one 4 MB deflate stream
    names = ['word/header%d.xml' % i for i in range(1, 31)] + ['word/footer%d.xml' % i for i in range(1, 31)]
    write_shared(path, base(document('<w:p/>')), names, header(min(size, (4 << 20) - 4096)))


def fam_headers(path, size, method):
    n = max(1, min(10, -(-size // ((4 << 20) - 4096))))
    each = min(size // n, (4 << 20) - 8192)
    extra = {'word/header%d.xml' % i: header(each) for i in range(1, n + 1)}
    write_zip(path, base(document('<w:p/>'), **extra), method)


def fam_rels_shared(path, size, _method):
    names = ['word/_rels/x%d.xml.rels' % i for i in range(60)]
    write_shared(path, base(document('<w:p/>')), names, rels(min(size, (4 << 20) - 4096)))


def fam_document_shared(path, size, _method):
    # the main part and many other entries, one stream of empty paragraphs
    names = ['word/document.xml'] + ['word/x%d.xml' % i for i in range(40)]
    parts = {'[Content_Types].xml': CT, '_rels/.rels': RELS}
    write_shared(path, parts, names, document(repeat('<w:p/>', min(size, 4 << 20))))


FAMILIES = {
    'paragraphs': fam_paragraphs,
    'runs': fam_runs,
    'cells': fam_cells,
    'rows': fam_rows,
    'text': fam_text,
    'tokens': fam_tokens,
    'styles': fam_styles,
    'numbering': fam_numbering,
    'headers': fam_headers,
    'headers-shared': fam_headers_shared,
    'rels-shared': fam_rels_shared,
    'document-shared': fam_document_shared,
}

# Structural oddities that must read (or be refused) cleanly.
ODD = {
    'table-p.docx': ('A w:p directly inside w:tbl, between rows',
                     document('<w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr>'
                              '<w:p><w:r><w:t>stray</w:t></w:r></w:p>'
                              '<w:tr><w:tc><w:p><w:r><w:t>cell 2</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/>')),
    'table-tc.docx': ('A w:tc directly inside w:tbl, with no w:tr',
                      document('<w:tbl><w:tc><w:p><w:r><w:t>loose cell</w:t></w:r></w:p></w:tc>'
                               '<w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/>')),
    'row-p.docx': ('A w:p directly inside w:tr, beside a cell',
                   document('<w:tbl><w:tr><w:p><w:r><w:t>stray</w:t></w:r></w:p><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/>')),
    'table-in-p.docx': ('A w:tbl inside a w:p',
                        document('<w:p><w:r><w:t>before</w:t></w:r><w:tbl><w:tr><w:tc><w:p><w:r><w:t>cell</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:r><w:t>after</w:t></w:r></w:p>')),
}

# The small cases: each family at a size that keeps the file small (deflated,
# entries under 1 MiB so that no ratio rule applies) and is over the budget.
SMALL = {
    'paragraphs': 1000000,
    'runs': 1000000,
    'cells': 1000000,
    'rows': 1000000,
    'text': 1000000,
    'tokens': 1000000,
    'styles': 1000000,
    'numbering': 1000000,
    'headers-shared': 4 << 20,
    'rels-shared': 4 << 20,
    'document-shared': 1000000,
}


def main():
    ap = argparse.ArgumentParser()
    ap.add_argument('--big', metavar='DIR', help='write every family scaled up into DIR')
    ap.add_argument('--size', type=float, default=24, help='with --big: the scaled part in MB')
    args = ap.parse_args()
    if args.big:
        os.makedirs(args.big, exist_ok=True)
        size = int(args.size * (1 << 20))
        for name, fn in FAMILIES.items():
            # stored, not deflated: the file is as large as what it inflates to
            fn(os.path.join(args.big, name + '.docx'), size, zipfile.ZIP_STORED)
        return
    here = os.path.dirname(os.path.abspath(__file__))
    for name, size in SMALL.items():
        FAMILIES[name](os.path.join(here, name + '.docx'), size, zipfile.ZIP_DEFLATED)
    for name, (_, xml) in ODD.items():
        write_zip(os.path.join(here, name), base(xml))


if __name__ == '__main__':
    main()
