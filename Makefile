# One command to set up and render, one to set up and test. Both install only what is missing.
SHELL := /bin/bash
PYTHON ?= python3
VENV := .venv
BIN := $(VENV)/bin
STAMP := $(VENV)/.installed-$(shell cat pyproject.toml constraints.txt | sha1sum | cut -c1-12)

.PHONY: render test system browser venv lint bench stills clean

render: $(STAMP)
	$(BIN)/l1l2 render shrink -q hd

test: $(STAMP) browser
	$(BIN)/python -m pytest

lint: $(STAMP)
	$(BIN)/ruff check mathcore scenes l1l2 tests benchmarks docs

bench: $(STAMP)
	$(BIN)/python benchmarks/run.py

# The README's stills (docs/img), from the current code.
stills: $(STAMP)
	$(BIN)/python docs/stills.py

# Debian packages manim needs to build pycairo and manimpango (no LaTeX).
system:
	@if ! pkg-config --exists cairo pangocairo 2>/dev/null; then \
		echo "Installing cairo and pango headers (apt-get)"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq libcairo2-dev libpango1.0-dev pkg-config >/dev/null; \
	fi

# Debian's Chromium, for the gallery and web-page tests (headless; no browser download), espeak-ng, the
# draft voice (`--voice draft`) its test speaks with, npm for axe-core, the accessibility checker the
# web-page tests run inside each page (pinned by tests/web/package-lock.json), and LibreOffice Impress and
# poppler's pdftoppm, which open the slides' PowerPoint file the way a department would (`l1l2 slides --format pptx`).
browser:
	@PKGS=""; \
	command -v chromium >/dev/null 2>&1 || PKGS="$$PKGS chromium"; \
	command -v espeak-ng >/dev/null 2>&1 || PKGS="$$PKGS espeak-ng"; \
	command -v npm >/dev/null 2>&1 || PKGS="$$PKGS npm"; \
	command -v pdftoppm >/dev/null 2>&1 || PKGS="$$PKGS poppler-utils"; \
	if [ -n "$$PKGS" ] || ! command -v soffice >/dev/null 2>&1; then \
		echo "Installing$$PKGS$$(command -v soffice >/dev/null 2>&1 || echo ' libreoffice-impress') (apt-get) for the tests"; \
		SUDO=$$( [ "$$(id -u)" = 0 ] || echo sudo ); \
		$$SUDO apt-get update -qq && \
		{ [ -z "$$PKGS" ] || DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq $$PKGS >/dev/null; } && \
		{ command -v soffice >/dev/null 2>&1 || \
		  DEBIAN_FRONTEND=noninteractive $$SUDO apt-get install -y -qq --no-install-recommends libreoffice-impress >/dev/null; }; \
	fi
	@if [ "$$(node -p "require('./tests/web/node_modules/axe-core/package.json').version" 2>/dev/null)" != \
	     "$$(node -p "require('./tests/web/package.json').devDependencies['axe-core']")" ]; then \
		echo "Installing axe-core (npm ci in tests/web)"; \
		npm ci --prefix tests/web --no-audit --no-fund --silent; \
	fi

# constraints.txt pins every package to the versions the suite last passed with.
$(STAMP): pyproject.toml constraints.txt | system
	@test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install -q -c constraints.txt --upgrade pip
	$(BIN)/python -m pip install -q -c constraints.txt -e '.[test,cluster]'
	@rm -f $(VENV)/.installed-*
	@touch $(STAMP)

clean:
	rm -rf $(VENV) media renders/*/
