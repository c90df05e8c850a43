#!/usr/bin/env bash
# .venv 가상 환경을 만들고 고정된 패키지를 설치합니다.
# requirements.txt나 constraints.txt가 바뀌었을 때만 다시 설치하므로 두 번째부터는 빠릅니다.
set -euo pipefail
cd "$(dirname "$0")/.."
PYTHON=${PYTHON:-python3}
VENV=.venv
STAMP=$VENV/.installed

if ! command -v "$PYTHON" >/dev/null 2>&1; then
  echo "오류: $PYTHON 을(를) 찾을 수 없습니다. Python 3.11 이상을 설치하세요 (python.org 또는 패키지 관리자)." >&2
  exit 1
fi
# 3.11: requirements.txt에 고정한 numpy 2.4와 scikit-learn 1.9가 3.10용 휠을 내지 않습니다.
if ! "$PYTHON" -c 'import sys; sys.exit(0 if sys.version_info >= (3, 11) else 1)'; then
  echo "오류: 이 책을 빌드하고 테스트하려면 Python 3.11 이상이 필요합니다. 지금은 $("$PYTHON" --version 2>&1) 입니다." >&2
  echo "       다른 파이썬을 쓰려면: make test PYTHON=python3.11" >&2
  exit 1
fi
if ! "$PYTHON" -c 'import venv, ensurepip' >/dev/null 2>&1; then
  echo "오류: 파이썬의 venv 모듈이 없습니다. Debian/Ubuntu에서는 'sudo apt-get install python3-venv'로 설치하세요." >&2
  exit 1
fi

# A fingerprint of the pinned lists (Python's hashlib: macOS has no sha256sum).
want=$("$PYTHON" -c 'import hashlib, sys; print(hashlib.sha256(open("requirements.txt", "rb").read() + open("constraints.txt", "rb").read()).hexdigest())')
if [ -x "$VENV/bin/python" ] && [ -f "$STAMP" ] && [ "$(cat "$STAMP")" = "$want" ]; then
  exit 0
fi
if [ ! -x "$VENV/bin/python" ]; then
  echo "가상 환경 $VENV 을(를) 만듭니다..."
  "$PYTHON" -m venv "$VENV"
fi
echo "고정된 패키지를 설치합니다 (처음 한 번은 몇 분 걸립니다)..."
"$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -r requirements.txt
echo "$want" > "$STAMP"
