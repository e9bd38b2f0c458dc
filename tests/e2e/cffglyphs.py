#!/usr/bin/python3
"""Does each embedded CFF subset hold only the glyphs the PDF draws?

  cffglyphs.py PDF...

For every CIDFontType0 (FontFile3 /CIDFontType0C) the CharStrings of the
embedded CFF are counted and compared with the codes of its ToUnicode map
(one per glyph drawn): a subset holds those glyphs and .notdef, nothing else.
HarfBuzz keeps more when the face it subsets has a cmap with Unicode
variation sequences (format 14): the variants of every character used (Noto
CJK: 5 to 14 glyphs a face, never drawn) — and walking that cmap was most of
a subset's time. Prints one line per font and "cffglyphs: N passed, N failed".
"""
import base64
import re
import sys

from pdfobjects import objects


def index(data, pos):
    """(items, end) of the CFF INDEX at pos."""
    count = int.from_bytes(data[pos:pos + 2], 'big')
    if count == 0:
        return [], pos + 2
    size = data[pos + 2]
    offs = [int.from_bytes(data[pos + 3 + i * size:pos + 3 + (i + 1) * size], 'big')
            for i in range(count + 1)]
    base = pos + 2 + (count + 1) * size
    return [data[base + offs[i]:base + offs[i + 1]] for i in range(count)], base + offs[-1]


def dict_ops(d):
    """{operator: operands} of a CFF DICT (12 x operators as 1200 + x)."""
    ops, stack, i = {}, [], 0
    while i < len(d):
        b = d[i]
        if b == 12:
            ops[1200 + d[i + 1]], stack, i = stack, [], i + 2
        elif b <= 21:
            ops[b], stack, i = stack, [], i + 1
        elif b == 28:
            stack.append(int.from_bytes(d[i + 1:i + 3], 'big', signed=True)); i += 3
        elif b == 29:
            stack.append(int.from_bytes(d[i + 1:i + 5], 'big', signed=True)); i += 5
        elif b == 30:
            i += 1
            while d[i] & 0x0F != 0x0F and d[i] >> 4 != 0x0F:
                i += 1
            i += 1
            stack.append(0.0)
        elif b <= 246:
            stack.append(b - 139); i += 1
        elif b <= 250:
            stack.append((b - 247) * 256 + d[i + 1] + 108); i += 2
        else:
            stack.append(-(b - 251) * 256 - d[i + 1] - 108); i += 2
    return ops


def charstrings(cff):
    _, pos = index(cff, cff[2])   # Name INDEX after the header
    top, _ = index(cff, pos)      # Top DICT INDEX
    at = int(dict_ops(top[0])[17][0])
    return len(index(cff, at)[0])


def main():
    passed = failed = 0
    for pdf in sys.argv[1:]:
        objs = objects(pdf)

        def obj(ref):
            return objs['obj:' + ref]

        for o in objs.values():
            font = o.get('value')
            if not isinstance(font, dict) or font.get('/Subtype') != '/Type0':
                continue
            cid = obj(font['/DescendantFonts'][0])['value']
            if cid.get('/Subtype') != '/CIDFontType0':
                continue
            desc = obj(cid['/FontDescriptor'])['value']
            cff = base64.b64decode(obj(desc['/FontFile3'])['stream']['data'])
            cmap = base64.b64decode(obj(font['/ToUnicode'])['stream']['data']).decode('latin-1')
            codes = sum(int(n) for n in re.findall(r'^(\d+) beginbfchar$', cmap, re.M))
            glyphs = charstrings(cff)
            name = font['/BaseFont']
            if glyphs == codes + 1:
                passed += 1
            else:
                failed += 1
                print(f'{pdf}: {name}: {glyphs} glyphs in the CFF, {codes} drawn (+ .notdef)')
    print(f'cffglyphs: {passed} passed, {failed} failed')
    return 1 if failed or not passed else 0


if __name__ == '__main__':
    sys.exit(main())
