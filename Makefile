# SaoLưu — two commands: `make run` and `make test`. Both set everything up themselves, idempotently.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMPS := .make
export OMP_THREAD_LIMIT := 1

APT_PACKAGES := sane-utils libsane1 libsane-common libsane-dev \
	tesseract-ocr tesseract-ocr-vie tesseract-ocr-eng \
	unpaper qpdf poppler-utils fonts-dejavu-core xvfb x11-utils time \
	libegl1 libgl1 libxkbcommon0 libfontconfig1 libfreetype6 libglib2.0-0 libdbus-1-3 \
	libxkbcommon-x11-0 libx11-xcb1 libxcb-cursor0 libxcb-icccm4 libxcb-keysyms1 libxcb-shape0 \
	libxcb-xinerama0 libxcb-randr0 libxcb-render-util0 libxcb-image0 \
	gcc python3-dev python3-venv \
	libpdfbox2-java libactivation-java libjaxb-api-java default-jre-headless desktop-file-utils

.PHONY: setup system venv run test lint bench clean translations screenshots bundle install-desktop

setup: system venv

# System packages: installed only when something is missing, and only as root (otherwise we say what to install).
system: $(STAMPS)/system
$(STAMPS)/system: Makefile
	@mkdir -p $(STAMPS)
	@missing=$$(for p in $(APT_PACKAGES); do dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q "install ok installed" || echo $$p; done); \
	if [ -n "$$missing" ]; then \
	  if [ "$$(id -u)" = 0 ] && command -v apt-get >/dev/null; then \
	    echo "Installing system packages: $$missing"; \
	    apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing >/dev/null; \
	  else \
	    echo "Missing system packages (run as root or: sudo apt-get install $$missing)"; \
	    [ "$$(id -u)" = 0 ] || echo "Continuing without them; some features and tests will fail."; \
	  fi; \
	fi
	@touch $@

venv: $(STAMPS)/venv
$(STAMPS)/venv: pyproject.toml $(STAMPS)/system
	@mkdir -p $(STAMPS)
	@[ -x $(PY) ] || $(PYTHON) -m venv $(VENV)
	@$(PY) -m pip install -q --upgrade pip
	@$(PY) -m pip install -q -e '.[test]'
	@# eark-validator (package checks in tests) pins lxml 5.1, pyHanko needs >= 5.4: its own venv (decision 0013)
	@$(PY) -m tests.tools.eark
	@touch $@

translations: venv
	@$(PY) -m app.i18n_build

# The real window over a demo catalogue, on a virtual screen (Xvfb), saved as PNGs for the README and the guide.
screenshots: setup
	xvfb-run -a -s "-screen 0 1700x1050x24" env QT_QPA_PLATFORM=xcb $(PY) -m app.gui.screenshots docs/screenshots

run: setup
	@if [ -z "$$DISPLAY" ] && [ -z "$$WAYLAND_DISPLAY" ] && [ -z "$$QT_QPA_PLATFORM" ]; then \
	  echo "No display found. Start the window on a virtual screen:  xvfb-run -a make run"; \
	  echo "or run headless:  QT_QPA_PLATFORM=offscreen make run   or use the command line:  $(VENV)/bin/saoluu --help"; \
	  exit 1; \
	fi
	$(VENV)/bin/saoluu gui

lint: venv
	$(VENV)/bin/ruff check app scanner imaging storage tests bench bundling
	$(VENV)/bin/lint-imports

test: setup lint
	QT_QPA_PLATFORM=offscreen $(VENV)/bin/python -m pytest -q

# Peers the benchmarks compare with: unpaper and scanimage come with the main list; ocrmypdf (installed by its
# bench into its own venv) needs Ghostscript, which SaoLưu itself never uses.
BENCH_APT := ghostscript

bench: setup
	@if ! command -v gs >/dev/null; then \
	  if [ "$$(id -u)" = 0 ]; then DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $(BENCH_APT) >/dev/null; \
	  else echo "The ocrmypdf comparison needs: sudo apt-get install $(BENCH_APT)"; fi; \
	fi
	$(PY) -m bench.run_all

# The PyInstaller onedir bundle in dist/saoluu (build.spec, decision 0020), then its smoke test: the frozen program
# run offscreen as a user would (bundling/smoke.sh). Takes a few minutes; not part of `make test`.
bundle: $(STAMPS)/bundle-deps
	@start=$$(date +%s); \
	$(VENV)/bin/pyinstaller --noconfirm --log-level WARN build.spec && \
	echo "Built dist/saoluu in $$(( $$(date +%s) - start )) s, $$(du -sh dist/saoluu | cut -f1)."
	bash bundling/smoke.sh dist/saoluu/saoluu

$(STAMPS)/bundle-deps: $(STAMPS)/venv pyproject.toml
	@$(PY) -m pip install -q -e '.[bundle]'
	@touch $@

# Application menu entry and icons (freedesktop.org) for this user; `sudo make install-desktop PREFIX=/usr/local`
# for everyone. Starts the bundle if built, else the development install.
install-desktop: setup
	bash bundling/install_desktop.sh

clean:
	rm -rf $(STAMPS) build dist .pytest_cache
