#!/usr/bin/env bash
# requirements.txt를 바꾼 뒤 constraints.txt(간접 의존성까지 고정한 목록)를 다시 만듭니다.
# 깨끗한 임시 가상 환경에 설치한 뒤 pip freeze 결과를 씁니다.
set -euo pipefail
cd "$(dirname "$0")/.."
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
python3 -m venv "$tmp/venv"
grep -v '^-c ' requirements.txt > "$tmp/req.txt"
"$tmp/venv/bin/pip" install -q -r "$tmp/req.txt"
{
  echo "# scripts/lock.sh가 만든 파일입니다. 손으로 고치지 마세요."
  "$tmp/venv/bin/pip" freeze --all | grep -v '^pip==' | sed -E 's/^torch==([0-9.]+)\+cpu$/torch==\1/'
} > constraints.txt
echo "constraints.txt: $(grep -vc '^#' constraints.txt)개 패키지"
