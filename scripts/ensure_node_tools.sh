#!/usr/bin/env bash
# package-lock.json에 고정된 브라우저 도구를 node_modules/에 설치합니다:
# axe-core(접근성 테스트, tests/test_reader.py)와 lighthouse(make bench).
# 잠금 파일이 바뀌었을 때만 다시 설치합니다. npm이 없으면 apt로 설치를 시도하고, 그래도 안 되면
# 알리고 1로 끝납니다: 그때 접근성 테스트와 Lighthouse 측정은 이유를 밝히고 건너뜁니다.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/apt.sh
stamp=node_modules/.installed
want=$(python3 -c 'import hashlib; print(hashlib.sha256(open("package-lock.json", "rb").read()).hexdigest())')
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
command -v npm >/dev/null 2>&1 || apt_install npm || {
  echo "알림: npm이 없어 접근성 테스트(axe-core)와 Lighthouse 측정을 건너뜁니다. (Debian/Ubuntu: sudo apt-get install npm)" >&2
  exit 1
}
echo "package-lock.json에 고정된 도구(axe-core, lighthouse)를 설치합니다 (npm ci)..."
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error || {
  echo "알림: npm ci가 실패해 접근성 테스트와 Lighthouse 측정을 건너뜁니다." >&2
  exit 1
}
echo "$want" > "$stamp"
