#!/bin/bash
# Re-renders the PDF pictures in docs/images from every program's samples, at
# 50 dpi, so the README's pictures show what the build makes today. The
# workbook pictures (*-xlsx*.png) are LibreOffice's print of the XLSX
# (`soffice --headless --convert-to pdf`, page 1 at 50 dpi): install
# libreoffice-calc-nogui for them (it is not among the test packages: large);
# without it they are left as they are, with a line saying so. Gnumeric's
# `ssconvert`, tried for issue 12, is not faithful (its column widths differ
# from Excel's and LibreOffice's, so a merged title wraps that does not).
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
# sheet NAME PROGRAM GLOB [SKIP]: LibreOffice's print (page 1) of the first
# workbook matching GLOB and not SKIP
sheet() {
    local name=$1 program=$2 glob=$3 skip=${4:-(none)}
    if ! command -v soffice > /dev/null; then
        echo "docs-images: no LibreOffice (apt-get install libreoffice-calc-nogui): $name kept" >&2
        return 0
    fi
    local xlsx
    xlsx=$(find "$out/$program" -path "$out/$program/$glob" ! -path "$out/$program/$skip" -name '*.xlsx' |
        LC_ALL=C sort | head -1)
    [ -n "$xlsx" ] || { echo "docs-images: nothing matches $program/$glob" >&2; return 1; }
    soffice --headless --convert-to pdf --outdir "$out/lo" "$xlsx" > /dev/null 2>&1
    pdftoppm -r 50 -png -singlefile -f 1 -l 1 "$out/lo/$(basename "${xlsx%.xlsx}").pdf" "docs/images/$name"
}

sheet jiaxing-2020-quotas-xlsx-libreoffice-1 jiaxing-2020 '附件1_*'
sheet jiaxing-2020-summary-all-xlsx-libreoffice-1 jiaxing-2020 '汇总表/全市_*'
sheet jiaxing-2020-summary-xlsx-libreoffice-1 jiaxing-2020 '汇总表/嘉善县_*'
sheet jinzhong-2019-quotas-xlsx jinzhong-2019 '推荐名额*'
sheet gangqu-2019-summary-all-xlsx gangqu-2019 '汇总表/全区_*'
sheet gangqu-2019-summary-xlsx gangqu-2019 '汇总表/*' '汇总表/全区_*'
sheet hangzhou-2017-quotas-xlsx hangzhou-2017 '推荐名额表*'
for p in jinzhong-2019 hangzhou-2017; do
    sheet $p-summary-all-xlsx $p '汇总表/全市_*'
    sheet $p-summary-xlsx $p '汇总表/*' '汇总表/全市_*'
done
sheet ganzhou-summary-xlsx ganzhou '汇总表/*'
echo "docs-images: docs/images redone from the samples"
