#!/usr/bin/env bash
# Graphviz의 `dot` 프로그램이 있는지 확인하고, 없으면 설치하거나 설치 방법을 알려 줍니다.
# torchviz는 그래프를 만들기만 하고, 그림으로 그리는 일은 `dot`이 합니다.
set -euo pipefail
source "$(dirname "$0")/apt.sh"
command -v dot >/dev/null 2>&1 && exit 0
echo "Graphviz(dot)가 없어 설치를 시도합니다..."
if apt_install graphviz && command -v dot >/dev/null 2>&1; then
  echo "Graphviz 설치 완료: $(dot -V 2>&1)"
  exit 0
fi
cat >&2 <<'MSG'
오류: Graphviz의 `dot` 프로그램을 찾을 수 없습니다.
계산 그래프(4장)를 그리려면 Graphviz가 필요합니다. 운영체제에 맞게 설치한 뒤 다시 실행하세요.
  Debian/Ubuntu : sudo apt-get install graphviz
  macOS         : brew install graphviz
  Windows       : winget install graphviz   (또는 https://graphviz.org/download/ 에서 설치한 뒤 PATH에 추가)
설치한 뒤 `dot -V`가 버전을 출력하는지 확인하세요.
MSG
exit 1
