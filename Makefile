# 파이토치 기초: 책을 빌드하고, 테스트하고, 노트북 출력을 새로 만드는 명령
#   make book      사이트를 _build/html 에 빌드합니다
#   make test      모든 테스트를 실행합니다 (노트북 출력 검증 + 빌드된 사이트 검사)
#   make execute   모든 장을 다시 실행해 출력을 저장합니다 (make execute NB=chapters/01_tensors.ipynb 로 한 장만)
#   make bench     테스트·빌드·페이지 속도와 Lighthouse 점수를 재서 표와 _build/bench.json 으로 보여 줍니다
#   make serve     빌드된 사이트를 http://127.0.0.1:8000 에서 보여 줍니다
#   make compat    다른 환경(Colab, 가장 낮은/새로운 PyTorch)에서 모든 장을 실행해 assets/compat.json 에 기록합니다 (make compat ENVS=colab,newest)
#   make clean     _build 를 지웁니다 (make distclean 은 .venv 까지)
SHELL := /bin/bash
.SHELLFLAGS := -euo pipefail -c
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
export PYTHONDONTWRITEBYTECODE := 1

.PHONY: setup book test execute bench serve clean distclean lock

setup:
	@PYTHON=$(PYTHON) bash scripts/ensure_venv.sh
	@bash scripts/ensure_graphviz.sh

book: setup
	@bash scripts/ensure_node_tools.sh || true
	@$(BIN)/python scripts/build_book.py

test: setup
	@bash scripts/ensure_browser.sh || true
	@bash scripts/ensure_node_tools.sh || true
	@$(BIN)/python -m pytest $(PYTEST_ARGS)

execute: setup
	@$(BIN)/python scripts/execute.py $(NB)

bench: setup
	@bash scripts/ensure_browser.sh || true
	@bash scripts/ensure_node_tools.sh || true
	@command -v nginx >/dev/null 2>&1 || { source scripts/apt.sh; apt_install nginx; } || echo "알림: nginx가 없어 Lighthouse 측정을 건너뜁니다 (sudo apt-get install nginx)"
	@RUNS=$(or $(RUNS),3) PARTS=$(PARTS) $(BIN)/python scripts/bench.py

serve:
	@test -f _build/html/index.html || { echo "먼저 make book 으로 사이트를 빌드하세요."; exit 1; }
	@echo "http://127.0.0.1:8000 (끝내려면 Ctrl+C)"
	@$(BIN)/python -m http.server 8000 --bind 127.0.0.1 --directory _build/html

.PHONY: compat
compat: setup
	@$(BIN)/python scripts/compat.py run $(if $(ENVS),--envs $(ENVS)) $(NB)

clean:
	rm -rf _build

distclean: clean
	rm -rf $(VENV)

lock:
	bash scripts/lock.sh

# make pdf: 책 전체를 PDF 한 권으로 만듭니다 → _build/pdf/pytorch-basics.pdf (make book 의 사이트에도 복사)
#           만든 뒤 tests/test_pdf.py 가 글자, 글꼴, 목차, 쪽 번호를 검사합니다.
.PHONY: pdf
pdf: setup
	@bash scripts/ensure_browser.sh
	@$(BIN)/python scripts/pdf.py
	@PDF_REQUIRED=1 $(BIN)/python -m pytest tests/test_pdf.py -n 0 -q -p no:cacheprovider
