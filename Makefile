# eCEP School Server: the two commands are `make run` and `make test`.
#
# Each target does the whole set-up on a fresh Debian/Ubuntu machine with Python 3.11:
# it creates .venv, installs the project with its dev extras (again only when
# pyproject.toml changed), and, for `make test`, the system packages the tests need.
#
#   make run                      desktop app when a display is there, else the headless server
#   make run ARGS="--port 9000"   arguments go to the server (or the desktop app)
#   make test                     the whole test suite (what CI runs, through .ci/run)
#   make test PYTEST_ARGS="-k auth -x"
#   make bench | make lint | make clean

SHELL := /bin/bash
.DEFAULT_GOAL := help

VENV := .venv
PY := $(VENV)/bin/python
ARGS ?=
PYTEST_ARGS ?=
# Unprivileged system user the throwaway PostgreSQL runs as when the tests run as root
# (PostgreSQL refuses to run as root). Created by `make test` if missing.
PG_TEST_USER ?= ecep-test

# System packages as PKG[|ALTERNATIVE...]=CHECK where CHECK is a file glob or a command name
# (see scripts/ensure-system-packages.sh).
# The desktop app on a display: the X libraries Qt's xcb platform loads, and zbar for the
# kiosk's second QR decoder.
DESKTOP_SYSTEM_PACKAGES := \
	'libzbar0=/usr/lib/*/libzbar.so.0' \
	'libgl1=/usr/lib/*/libGL.so.1' \
	'libegl1=/usr/lib/*/libEGL.so.1' \
	'libfontconfig1=/usr/lib/*/libfontconfig.so.1' \
	'libxkbcommon0=/usr/lib/*/libxkbcommon.so.0' \
	'libxkbcommon-x11-0=/usr/lib/*/libxkbcommon-x11.so.0' \
	'libxcb-cursor0=/usr/lib/*/libxcb-cursor.so.0' \
	'libxcb-icccm4=/usr/lib/*/libxcb-icccm.so.4' \
	'libxcb-keysyms1=/usr/lib/*/libxcb-keysyms.so.1' \
	'libxcb-image0=/usr/lib/*/libxcb-image.so.0' \
	'libxcb-render-util0=/usr/lib/*/libxcb-render-util.so.0' \
	'libxcb-shape0=/usr/lib/*/libxcb-shape.so.0' \
	'libxcb-xkb1=/usr/lib/*/libxcb-xkb.so.1' \
	'libdbus-1-3=/usr/lib/*/libdbus-1.so.3'
# The tests: PostgreSQL for the hub tests, Xvfb for the screenshots of real windows,
# iproute2 for the discovery tests' network namespaces, systemd-analyze and
# desktop-file-validate for the Linux unit and menu entry, and everything the desktop needs.
TEST_SYSTEM_PACKAGES := \
	'postgresql-15|postgresql=/usr/lib/postgresql/*/bin/initdb' \
	'xvfb=Xvfb' \
	'iproute2=ip' \
	'systemd=systemd-analyze' \
	'desktop-file-utils=desktop-file-validate' \
	$(DESKTOP_SYSTEM_PACKAGES)

.PHONY: help venv run test test-system-deps bench lint clean bundle

help:
	@echo "make run     start eCEP (desktop app with a display, else the headless server); ARGS=\"...\""
	@echo "make test    set everything up and run the test suite; PYTEST_ARGS=\"...\""
	@echo "make bench   run every benchmark; ARGS=\"scan_burst --concurrency 64\" for one"
	@echo "make bundle  the one-folder bundle dist/ecep (PyInstaller; installer/README.md)"
	@echo "make lint    ruff"
	@echo "make clean   remove .venv and caches (never the school's data directory)"

venv:
	@scripts/ensure-venv.sh

# With a display: the desktop app (it starts and supervises its embedded server, and runs
# the first-run wizard). Without one: the headless school server, initialised on first run.
run: venv
	@if [ -n "$${DISPLAY:-}" ] || [ -n "$${WAYLAND_DISPLAY:-}" ]; then \
	    scripts/ensure-system-packages.sh $(DESKTOP_SYSTEM_PACKAGES) || exit $$?; \
	    exec $(VENV)/bin/ecep $(ARGS); \
	else \
	    exec $(VENV)/bin/ecep-server serve $(ARGS); \
	fi

test-system-deps:
	@scripts/ensure-system-packages.sh $(TEST_SYSTEM_PACKAGES)
	@if [ "$$(id -u)" -eq 0 ] && ! id -u $(PG_TEST_USER) >/dev/null 2>&1; then \
	    echo "Creating system user $(PG_TEST_USER) for the throwaway test PostgreSQL" >&2; \
	    useradd --system --no-create-home --home-dir /nonexistent \
	        --shell /usr/sbin/nologin $(PG_TEST_USER); \
	fi

# pytest's exit code 5 ("no tests collected") is a failure too: a suite that silently
# collected nothing must never look green.
test: venv test-system-deps
	@rc=0; ECEP_TEST_PG_USER=$(PG_TEST_USER) $(PY) -m pytest $(PYTEST_ARGS) || rc=$$?; \
	if [ $$rc -eq 5 ]; then echo "make test: pytest collected no tests: failing." >&2; fi; \
	exit $$rc

bench: venv
	$(PY) -m bench $(ARGS)

# The one-folder bundle dist/ecep/ (desktop app + server in one executable; installer/).
bundle: venv
	$(PY) -m PyInstaller --noconfirm --log-level WARN --distpath dist \
	    --workpath build/pyinstaller installer/ecep.spec
	@echo "dist/ecep/ecep: the desktop app; dist/ecep/ecep --headless: the school server"

lint: venv
	$(VENV)/bin/ruff check .

clean:
	rm -rf $(VENV) .pytest_cache .ruff_cache .hypothesis .pgtest build dist *.egg-info
	find . -path ./.git -prune -o -type d -name __pycache__ -prune -exec rm -rf {} +
