#!/usr/bin/python3
"""Does each embedded TrueType subset hold just what a PDF reader draws from?

  ttftables.py PDF...

For every CIDFontType2 (FontFile2) the tables of the embedded sfnt are
listed. A CIDFontType2 with Identity CIDToGIDMap needs head, hhea, hmtx,
loca, maxp and glyf (PDF 32000-1 9.9; cvt, fpgm and prep only for hinting,
which wenshu drops): the subset is made from a face holding those tables
alone. Before, it came from HarfBuzz's preprocessed copy of the whole face,
which carried cmap, OS/2, post and gasp into every PDF and held a copy of
the font (18 MB for AR PL UKai) in memory for the whole build. Prints one
line per font that fails and "ttftables: N passed, N failed"; fails too when
no TrueType font is found at all.
"""
import base64
import sys

from pdfobjects import objects

NEEDED = {'head', 'hhea', 'hmtx', 'loca', 'maxp', 'glyf'}
HINTING = {'cvt ', 'fpgm', 'prep'}


def tables(sfnt):
    count = int.from_bytes(sfnt[4:6], 'big')
    return {sfnt[12 + 16 * i:16 + 16 * i].decode('latin-1') for i in range(count)}


def main():
    passed = failed = 0
    for pdf in sys.argv[1:]:
        objs = objects(pdf)
        for o in objs.values():
            desc = o.get('value')
            if not isinstance(desc, dict) or '/FontFile2' not in desc:
                continue
            stream = objs['obj:' + desc['/FontFile2']]['stream']
            have = tables(base64.b64decode(stream['data']))
            missing, extra = NEEDED - have, have - NEEDED - HINTING
            if missing or extra:
                failed += 1
                print(f'{pdf}: {desc["/FontName"]}: missing {sorted(missing)}, '
                      f'not needed {sorted(extra)}')
            else:
                passed += 1
    print(f'ttftables: {passed} passed, {failed} failed')
    return 1 if failed or not passed else 0


if __name__ == '__main__':
    sys.exit(main())
