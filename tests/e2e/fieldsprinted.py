#!/usr/bin/env python3
"""Every field a program collects is printed on some paper, or says it is not (issue 12).

    fieldsprinted.py templates/<program>...

A field of program.yaml is printed when a document of the program shows it:
{{字段}} (with or without filters) in any text of a document file, a photo
cell (photo: 字段) or a packet's files part (files: 字段). A field that is
collected but deliberately printed nowhere (评审结果 decides which papers
exist; 序号 orders them) says `collected: true` in program.yaml. Anything
else is a column the clerk fills in, wenshu reads and checks, and no paper
shows: the 嘉兴 被推荐人所在单位意见 was such a field.
Prints one line per such field and "N passed, N failed".
"""
import glob
import os
import re
import sys

import yaml


def fields_of(program_dir):
    with open(os.path.join(program_dir, 'program.yaml'), encoding='utf-8') as f:
        prog = yaml.safe_load(f)
    return prog.get('fields') or []


def document_texts(program_dir):
    """The text of every document file (any YAML with a document: section)."""
    texts = []
    for path in sorted(glob.glob(os.path.join(program_dir, '*.yaml'))):
        with open(path, encoding='utf-8') as f:
            text = f.read()
        if re.search(r'^document:', text, re.M):
            texts.append(text)
    return '\n'.join(texts)


def printed(name, docs):
    n = re.escape(name)
    return bool(re.search(r'\{\{\s*(check\s+)?' + n + r'\s*(\||\}\}|\s)', docs) or
                re.search(r'\b(photo|files|repeat):\s*["\']?' + n + r'["\']?\s*[,}\n]', docs))


def main(dirs):
    passed = failed = 0
    for d in dirs:
        if not os.path.exists(os.path.join(d, 'program.yaml')):
            continue
        docs = document_texts(d)
        for field in fields_of(d):
            if isinstance(field, str):
                field = {'name': field}
            name = field['name']
            if field.get('collected') or printed(name, docs):
                passed += 1
            else:
                failed += 1
                print(f'FAIL {os.path.basename(os.path.normpath(d))}: 字段「{name}」'
                      '读取、检查，但没有任何文档打印它（打印它，或在 program.yaml 中写 collected: true）')
    print(f'fieldsprinted: {passed} passed, {failed} failed')
    return 0 if failed == 0 else 1


if __name__ == '__main__':
    sys.exit(main(sys.argv[1:]))
