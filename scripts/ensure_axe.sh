#!/usr/bin/env bash
# 접근성 테스트(tests/test_reader.py)에 쓸 axe-core를 package-lock.json에 고정된 버전으로
# node_modules/에 설치합니다. npm이 없으면 apt로 설치를 시도하고, 그래도 안 되면 알리기만
# 합니다: 그때 접근성 테스트는 이유를 밝히고 건너뜁니다.
set -uo pipefail
cd "$(dirname "$0")/.."
source scripts/apt.sh
want=$(python3 -c 'import json; print(json.load(open("package.json"))["devDependencies"]["axe-core"])')
if [ -f node_modules/axe-core/package.json ] && \
   [ "$(python3 -c 'import json; print(json.load(open("node_modules/axe-core/package.json"))["version"])')" = "$want" ]; then
  exit 0
fi
command -v npm >/dev/null 2>&1 || apt_install npm || {
  echo "알림: npm이 없어 접근성 테스트(axe-core)를 건너뜁니다. (Debian/Ubuntu: sudo apt-get install npm)" >&2
  exit 1
}
echo "접근성 테스트용 axe-core $want 을(를) 설치합니다..."
npm ci --no-audit --no-fund --ignore-scripts --loglevel=error || {
  echo "알림: axe-core를 설치하지 못해 접근성 테스트를 건너뜁니다." >&2
  exit 1
}
