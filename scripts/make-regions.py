#!/usr/bin/env python3
"""Rebuilds templates/_shared/regions.tsv, the administrative divisions
(GB/T 2260 县级以上行政区划代码) that wenshu checks 籍贯 and the first six
digits of a 身份证号 against, from a public dataset.

Source: result.csv of the GitHub repository yescallop/areacodes (CC0 1.0):
every county-level-and-above code the Ministry of Civil Affairs published
from 1981 to 2024, abolished ones included, with the years each was in use.
Usage:
    scripts/make-regions.py path/to/result.csv > templates/_shared/regions.tsv

What is derived: the level (省/地/县 from 省级/地级/县级), the years, and a
short name (简称) that clerks write without the suffix: 浙江 for 浙江省,
嘉兴 for 嘉兴市, 桐乡 for 桐乡市, 延边 for 延边朝鲜族自治州. A short name
shorter than two characters is left out (城 for 城区 would match anything)."""
import csv
import sys

ETHNIC = """蒙古 回 藏 维吾尔 苗 彝 壮 布依 朝鲜 满 侗 瑶 白 土家 哈尼 哈萨克 傣 黎 傈僳 佤 畲
高山 拉祜 水 东乡 纳西 景颇 柯尔克孜 土 达斡尔 仫佬 羌 布朗 撒拉 毛南 仡佬 锡伯 阿昌 普米
塔吉克 怒 乌孜别克 俄罗斯 鄂温克 德昂 保安 裕固 京 塔塔尔 独龙 鄂伦春 赫哲 门巴 珞巴 基诺 各族""".split()

SUFFIXES = ["特别行政区", "地区", "林区", "特区", "新区", "省", "市", "县", "区", "旗", "盟", "州"]

LEVELS = {"省级": "省", "地级": "地", "县级": "县"}


def short_name(name):
    """The name without its administrative suffix, '' when none is useful."""
    stem = name
    if "自治" in name:
        cut = name.index("自治")
        for i in range(2, cut):
            if any(name.startswith(e, i) for e in ETHNIC):
                cut = i
                break
        stem = name[:cut]
        if stem.endswith("族") and len(stem) > 2:
            stem = stem[:-1]
    else:
        for s in SUFFIXES:
            if name.endswith(s):
                stem = name[: -len(s)]
                break
    return stem if len(stem) >= 2 and stem != name else ""


def main():
    src = sys.argv[1] if len(sys.argv) > 1 else "result.csv"
    rows = []
    with open(src, encoding="utf-8-sig", newline="") as f:
        for r in csv.DictReader(f):
            rows.append((r["代码"], r["名称"], LEVELS[r["级别"]], short_name(r["名称"]),
                         r["启用时间"], r["变更/弃用时间"]))
    rows.sort(key=lambda r: (r[0], r[4]))
    out = sys.stdout
    out.write(
        "# regions.tsv - administrative divisions of the People's Republic of China\n"
        "# (GB/T 2260 县级以上行政区划代码), every code in use from 1981 to 2024,\n"
        "# abolished ones included: a 身份证号 issued decades ago carries the code of\n"
        "# its day. wenshu checks 籍贯 (kind: place) and the first six digits of an\n"
        "# ID number (kind: idcard) against it.\n"
        "#\n"
        "# Source: result.csv of the public dataset github.com/yescallop/areacodes\n"
        "# (CC0 1.0), compiled from the Ministry of Civil Affairs' yearly lists\n"
        "# 中华人民共和国县级以上行政区划代码 and 县级以上行政区划变更情况.\n"
        "# Derived by scripts/make-regions.py (run it on a newer result.csv to\n"
        "# add a year); the short names are the script's, not the source's.\n"
        "#\n"
        "# code<TAB>name<TAB>level (省/地/县)<TAB>short name<TAB>first year<TAB>last year\n"
        "# The years are those of the source: in use from the first year (1981 =\n"
        "# at least since 1981) until before the last one (empty: still in use).\n"
        "# A code may appear on several lines when it had several names.\n")
    for r in rows:
        out.write("\t".join(r) + "\n")


if __name__ == "__main__":
    main()
