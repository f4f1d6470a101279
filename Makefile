# Two commands do all set-up: `make demo` and `make test` (see README.md).
SHELL := /bin/bash
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed-stamp
SUDO := $(shell [ "$$(id -u)" = 0 ] || echo sudo)
APT_INSTALL := $(SUDO) apt-get update -qq && DEBIAN_FRONTEND=noninteractive $(SUDO) apt-get install -y -qq

.PHONY: demo test install system-packages assets lint messages

$(STAMP): pyproject.toml
	@test -x $(PY) || { PYTHON=$$(scripts/find-python) && "$$PYTHON" -m venv $(VENV); }
	$(PY) -m pip install --quiet --disable-pip-version-check -e ".[dev]"
	@touch $(STAMP)

install: $(STAMP)

# gettext compiles the translation catalogs; Debian's Chromium runs the browser tests.
system-packages:
	@command -v msgfmt >/dev/null || { echo "Installing gettext"; $(APT_INSTALL) gettext >/dev/null; }
	@command -v chromium >/dev/null || { echo "Installing chromium"; $(APT_INSTALL) chromium >/dev/null; }

# Compiled catalogs and collected static files are generated, never committed.
assets: $(STAMP) system-packages
	$(PY) manage.py compilemessages --ignore=.venv --verbosity=0
	STATICFILES_MANIFEST=1 $(PY) manage.py collectstatic --noinput --verbosity=0

lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .

test: assets lint
	$(VENV)/bin/pytest

demo: assets
	scripts/demo

# Refresh the translation catalogs after changing strings, then translate every new entry.
messages: $(STAMP) system-packages
	$(PY) manage.py makemessages -l ar -l fa -l uk --ignore=.venv --ignore=staticfiles \
		--ignore=tests '--ignore=*.egg-info' --add-location=file --no-obsolete
