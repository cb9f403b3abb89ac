#!/usr/bin/env bash
# Install what the tests drive for real: headless LibreOffice (and its Python, python3-uno, for
# the one-process batch conversion), Taiwanese fonts (全字庫正楷體 first), poppler-utils.
set -euo pipefail

packages=(libreoffice-writer-nogui libreoffice-calc-nogui python3-uno fonts-cns11643-kai
          fonts-arphic-ukai fonts-arphic-uming fonts-noto-cjk fonts-liberation fonts-liberation2
          poppler-utils fontconfig util-linux chromium chromium-driver)
missing=()
for package in "${packages[@]}"; do
  dpkg -s "$package" >/dev/null 2>&1 || missing+=("$package")
done
[ ${#missing[@]} -eq 0 ] && exit 0

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else echo "需要系統管理者權限安裝 $*：請以 root 執行或安裝 sudo" >&2; exit 1
  fi
}
as_root apt-get update -qq
as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends \
  "${missing[@]}"
