#!/usr/bin/env bash
# Install docgen into ./.venv (pinned versions from requirements.lock).
# Usage: scripts/install.sh [--test]   (--test adds the test tools)
set -euo pipefail
cd "$(dirname "$0")/.."

as_root() {
  if [ "$(id -u)" = 0 ]; then "$@"
  elif command -v sudo >/dev/null; then sudo "$@"
  else echo "需要系統管理者權限安裝 $*：請以 root 執行或安裝 sudo" >&2; exit 1
  fi
}

if ! command -v python3 >/dev/null || ! python3 -c 'import ensurepip, venv' 2>/dev/null; then
  as_root apt-get update -qq
  as_root env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq python3 python3-venv
fi
if ! python3 -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
  echo "docgen 需要 Python 3.11 以上版本（目前：$(python3 --version 2>&1)）" >&2
  exit 1
fi
[ -x .venv/bin/python ] || python3 -m venv .venv
extra=""
[ "${1:-}" = "--test" ] && extra="[test]"
.venv/bin/python -m pip install -q --disable-pip-version-check -c requirements.lock -e ".${extra}"
if [ -z "$extra" ]; then
  echo "docgen 已安裝。下一步：.venv/bin/docgen build（以內建範例產出全部文件到 outputs/），"
  echo "或 .venv/bin/docgen init 建立空白工作簿；source .venv/bin/activate 後可直接輸入 docgen。"
fi
