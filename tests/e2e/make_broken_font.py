#!/usr/bin/python3
"""A damaged office font, as a clerk could drop one into fonts/: face 0 of
a CFF OpenType collection (Noto Serif CJK) written out as one .otf named
"Wenshu Broken Serif", its maxp counting one glyph fewer than its CFF has.
FreeType and fontconfig take it and every character lays out, but
HarfBuzz cannot subset its CFF (it leaves the table out of the subset).

  make_broken_font.py SOURCE.ttc OUT.otf
"""
import struct
import sys

FAMILY = 'Wenshu Broken Serif'


def tables_of(data, face=0):
    """{tag: bytes} of face 'face' of a .ttc (or of an .otf)."""
    at = 0
    if data[:4] == b'ttcf':
        at = struct.unpack('>I', data[12 + 4 * face:16 + 4 * face])[0]
    count = struct.unpack('>H', data[at + 4:at + 6])[0]
    out = {}
    for i in range(count):
        tag, _, off, length = struct.unpack('>4sIII', data[at + 12 + 16 * i:at + 28 + 16 * i])
        out[tag] = data[off:off + length]
    return out


def name_table(family):
    """A format 0 'name' table with Windows Unicode names only."""
    names = {1: family, 2: 'Regular', 4: family, 6: family.replace(' ', '')}
    records, strings = b'', b''
    for name_id, text in sorted(names.items()):
        s = text.encode('utf-16-be')
        records += struct.pack('>HHHHHH', 3, 1, 0x0409, name_id, len(s), len(strings))
        strings += s
    return struct.pack('>HHH', 0, len(names), 6 + len(records)) + records + strings


def checksum(b):
    b = b + b'\0' * (-len(b) % 4)
    return sum(struct.unpack('>%dI' % (len(b) // 4), b)) & 0xFFFFFFFF


def write_otf(tables, path):
    tags = sorted(tables)
    n = len(tags)
    entry = max(k for k in range(16) if 1 << k <= n)
    head = struct.pack('>4sHHHH', b'OTTO', n, 16 << entry, entry, n * 16 - (16 << entry))
    offset = 12 + 16 * n
    records, body = b'', b''
    for tag in tags:
        t = tables[tag]
        records += struct.pack('>4sIII', tag, checksum(t), offset + len(body), len(t))
        body += t + b'\0' * (-len(t) % 4)
    with open(path, 'wb') as f:
        f.write(head + records + body)


def main():
    tables = tables_of(open(sys.argv[1], 'rb').read())
    tables[b'name'] = name_table(FAMILY)
    maxp = bytearray(tables[b'maxp'])
    glyphs = struct.unpack('>H', maxp[4:6])[0]
    maxp[4:6] = struct.pack('>H', glyphs - 1)
    tables[b'maxp'] = bytes(maxp)
    write_otf(tables, sys.argv[2])


if __name__ == '__main__':
    main()
