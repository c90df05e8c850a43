#!/usr/bin/env bash
# 브라우저 테스트에 쓸 Chromium이 있는지 확인하고, 없으면 설치를 시도합니다.
# 설치할 수 없으면 알리기만 합니다: 그때 브라우저 테스트는 이유를 밝히고 건너뜁니다.
set -uo pipefail
source "$(dirname "$0")/apt.sh"
for name in chromium chromium-browser google-chrome google-chrome-stable; do
  command -v "$name" >/dev/null 2>&1 && exit 0
done
echo "브라우저 테스트용 Chromium을 설치합니다..."
apt_install chromium && exit 0
echo "알림: Chromium이 없어 브라우저 테스트를 건너뜁니다. (Debian/Ubuntu: sudo apt-get install chromium)" >&2
exit 1
