#!/usr/bin/env bash
# System packages for the DOCX rendering check: headless LibreOffice, CJK fonts, poppler (pdftoppm, pdffonts);
# and Debian's chromium with its chromedriver for the browser tests of `reportgen serve`.
# Does nothing when they are already present; uses sudo when not run as root.
set -euo pipefail

packages=(libreoffice-writer-nogui fonts-noto-cjk fonts-arphic-gkai00mp poppler-utils fontconfig chromium chromium-driver)
missing=()
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
command -v pdftoppm >/dev/null 2>&1 || missing+=(poppler-utils)
command -v fc-list >/dev/null 2>&1 || missing+=(fontconfig)
command -v chromium >/dev/null 2>&1 || missing+=(chromium)
command -v chromedriver >/dev/null 2>&1 || missing+=(chromium-driver)
if command -v fc-list >/dev/null 2>&1; then
    # Read the list whole first: `fc-list | grep -q` under pipefail fails when grep stops early and fc-list
    # gets SIGPIPE (exit 141), which made every run reinstall the fonts.
    families=$(fc-list : family)
    grep -q "Noto Serif CJK" <<<"$families" || missing+=(fonts-noto-cjk)
    grep -q "AR PL KaitiM GB" <<<"$families" || missing+=(fonts-arphic-gkai00mp)
else
    missing+=(fonts-noto-cjk fonts-arphic-gkai00mp)
fi
if [ ${#missing[@]} -eq 0 ]; then
    echo "system packages present: ${packages[*]}"
    exit 0
fi
sudo=""
[ "$(id -u)" -eq 0 ] || sudo="sudo"
echo "installing: ${missing[*]}"
$sudo apt-get update -q
DEBIAN_FRONTEND=noninteractive $sudo apt-get install -y -q --no-install-recommends "${missing[@]}"
