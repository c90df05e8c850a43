#!/usr/bin/env bash
# package.json에 고정한 브라우저 도구(Lighthouse 등)를 node_modules에 설치합니다.
# package-lock.json이 바뀌었을 때만 다시 설치하므로 두 번째부터는 바로 끝납니다.
set -euo pipefail
cd "$(dirname "$0")/.."
if ! command -v npm >/dev/null 2>&1; then
  echo "오류: npm이 없습니다. Node.js 20 이상을 설치하세요 (Debian/Ubuntu: sudo apt-get install nodejs npm)." >&2
  exit 1
fi
stamp=node_modules/.installed
want=$(python3 -c 'import hashlib; print(hashlib.sha256(open("package-lock.json", "rb").read()).hexdigest())')
if [ -f "$stamp" ] && [ "$(cat "$stamp")" = "$want" ]; then
  exit 0
fi
echo "package-lock.json에 고정된 도구를 설치합니다 (npm ci)..."
npm ci --no-audit --no-fund --loglevel=error
echo "$want" > "$stamp"
