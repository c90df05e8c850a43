#!/usr/bin/env bash
# Graphviz의 `dot` 프로그램이 있는지 확인하고, 없으면 설치하거나 설치 방법을 알려 줍니다.
# torchviz는 그래프를 만들기만 하고, 그림으로 그리는 일은 `dot`이 합니다.
set -euo pipefail
if command -v dot >/dev/null 2>&1; then
  exit 0
fi
if command -v apt-get >/dev/null 2>&1; then
  sudo_cmd=""
  if [ "$(id -u)" -ne 0 ]; then
    if command -v sudo >/dev/null 2>&1 && sudo -n true 2>/dev/null; then
      sudo_cmd="sudo"
    fi
  fi
  if [ "$(id -u)" -eq 0 ] || [ -n "$sudo_cmd" ]; then
    echo "Graphviz(dot)가 없어 apt-get으로 설치합니다..."
    $sudo_cmd apt-get update -qq
    DEBIAN_FRONTEND=noninteractive $sudo_cmd apt-get install -y -qq graphviz >/dev/null
    command -v dot >/dev/null 2>&1 && { echo "Graphviz 설치 완료: $(dot -V 2>&1)"; exit 0; }
  fi
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
