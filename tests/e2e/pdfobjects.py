"""The objects of a PDF as qpdf's JSON gives them (streams decoded where qpdf
can, their data inline, base64): {'obj:N 0 R': {...}}. Shared by the checks
that look inside embedded fonts (cffglyphs.py, ttftables.py)."""
import json
import subprocess


def objects(pdf):
    out = subprocess.run(['qpdf', '--json=2', '--json-key=qpdf', '--decode-level=generalized',
                          '--json-stream-data=inline', pdf],
                         capture_output=True, check=True).stdout
    return json.loads(out)['qpdf'][1]
