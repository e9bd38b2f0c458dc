#!/bin/bash
# Re-renders the PDF pictures in docs/images from every program's samples, at
# 50 dpi, so the README's pictures show what the build makes today. The
# workbook pictures (*-xlsx*.png) are LibreOffice's print of the XLSX and are
# not redone here: LibreOffice is not installed on the build machines, and
# Gnumeric's `ssconvert -T Gnumeric_pdf:pdf_assistant`, tried for issue 12, is
# not faithful (its column widths differ from Excel's and LibreOffice's, so a
# merged title wraps that does not). Until they are redone with LibreOffice
# (`soffice --headless --convert-to pdf`, then pdftoppm -r 50), they show the
# workbooks of an earlier build: jiaxing-2020-quotas-xlsx-libreoffice-1.png
# still has the 合计 row without its 序号 10.
#   scripts/docs-images.sh ./wenshu
set -eu
bin=${1:-./wenshu}
out=$(mktemp -d)
trap 'rm -rf "$out"' EXIT
for p in jiaxing-2020 jinzhong-2019 gangqu-2019 hangzhou-2017 ganzhou ningbo-2021; do
    SOURCE_DATE_EPOCH=1600000000 "$bin" build "templates/$p" "samples/$p/candidates.csv" -o "$out/$p" -q \
        > /dev/null
done

# page NAME PROGRAM GLOB [PAGE]: page PAGE (default 1) of the first PDF matching GLOB
page() {
    local name=$1 program=$2 glob=$3 n=${4:-1}
    local pdf
    pdf=$(find "$out/$program" -path "$out/$program/$glob" -name '*.pdf' | LC_ALL=C sort | head -1)
    [ -n "$pdf" ] || { echo "docs-images: nothing matches $program/$glob" >&2; return 1; }
    pdftoppm -r 50 -png -singlefile -f "$n" -l "$n" "$pdf" "docs/images/$name"
}

for n in 1 2 3 4 5 6; do page jiaxing-2020-form-$n jiaxing-2020 'forms/1_*' $n; done
page jiaxing-2020-certificate-1 jiaxing-2020 '证书/*合订本*'
page jiaxing-2020-letter-1 jiaxing-2020 '推荐函/*'
for n in 1 2 3; do page jiaxing-2020-packet-0$n jiaxing-2020 '装订册/*' $n; done
page jiaxing-2020-publicity-1 jiaxing-2020 '公示/*'
page jiaxing-2020-quotas-1 jiaxing-2020 '附件1_*'
page jiaxing-2020-summary-pdf-1 jiaxing-2020 '汇总表/*'
for p in jinzhong-2019 gangqu-2019 hangzhou-2017 ganzhou ningbo-2021; do
    page $p-certificate $p '证书/*合订本*'
    page $p-form $p 'forms/*'
    page $p-publicity $p '公示/*'
    page $p-summary-pdf $p '汇总表/*'
done
for p in jinzhong-2019 gangqu-2019 hangzhou-2017; do page $p-packet $p '装订册/*' 2; done
page ganzhou-letter ganzhou '推荐函/*'
page hangzhou-2017-report hangzhou-2017 '推荐报告/*'
page hangzhou-2017-operators hangzhou-2017 '附件1_系统操作人员信息表/*'
page hangzhou-2017-quotas hangzhou-2017 '推荐名额表*'
page jinzhong-2019-consult jinzhong-2019 '征求意见表/*'
page jinzhong-2019-story jinzhong-2019 '事迹材料/*'
echo "docs-images: docs/images redone from the samples"
