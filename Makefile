# The two commands a new engineer needs: `make run` and `make test`.
# The virtual environment is made once and reinstalled only when pyproject.toml changes.

PYTHON ?= python3
VENV   := .venv
BIN    := $(VENV)/bin
STAMP  := $(VENV)/.installed
export QT_QPA_PLATFORM ?= $(if $(DISPLAY)$(WAYLAND_DISPLAY),,offscreen)

.PHONY: run test lint typecheck contracts bench screenshots translations demo clean sync-soak

$(STAMP): pyproject.toml setup.py
	test -x $(BIN)/python || $(PYTHON) -m venv $(VENV)
	$(BIN)/python -m pip install --quiet --upgrade pip
	$(BIN)/python -m pip install --quiet -e '.[dev]'
	$(BIN)/python -m ciip_desktop.i18n_build compile
	touch $(STAMP)

# Before the window: the system libraries Qt's X11 plugin needs (installed with apt-get when
# root, else named with the command to run).
run: $(STAMP)
	$(BIN)/python -m ciip_desktop.ui.qt_platform --install
	$(BIN)/ciip-desktop

test: $(STAMP) lint typecheck contracts
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m pytest -q

lint: $(STAMP)
	$(BIN)/ruff check ciip_desktop tests benchmarks setup.py
	$(BIN)/ruff format --check ciip_desktop tests benchmarks setup.py

typecheck: $(STAMP)
	$(BIN)/mypy

contracts: $(STAMP)
	$(BIN)/lint-imports

# The sync property test at length: thousands of schedules of three laptops (not every commit).
sync-soak: $(STAMP)
	CIIP_SYNC_SOAK=1 CIIP_SYNC_SCHEDULES=$${CIIP_SYNC_SCHEDULES:-1500} QT_QPA_PLATFORM=offscreen \
	  $(BIN)/python -m pytest -q -p no:cacheprovider tests/sync/test_sync_property.py

bench: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m benchmarks

# The demo database's accounts sign in; README names their password.
screenshots: export CIIP_USER := admin
screenshots: export CIIP_PASSWORD := ciip-demo-2026
screenshots: $(STAMP)
	QT_QPA_PLATFORM=offscreen $(BIN)/python -m ciip_desktop.tools.screenshots docs/screenshots
	for lang in en zh_CN fr_CA; do \
	  QT_QPA_PLATFORM=offscreen $(BIN)/python -m ciip_desktop.ui.tools.client_forms docs/screenshots --lang $$lang; \
	  QT_QPA_PLATFORM=offscreen $(BIN)/python -m ciip_desktop.ui.tools.calendar_views docs/screenshots --lang $$lang; \
	  QT_QPA_PLATFORM=offscreen $(BIN)/python -m ciip_desktop.ui.tools.quality_views docs/screenshots --lang $$lang; \
	done

translations: $(STAMP)
	$(BIN)/python -m ciip_desktop.i18n_build update
	$(BIN)/python -m ciip_desktop.i18n_build compile

demo: $(STAMP)
	$(BIN)/ciip init && $(BIN)/ciip demo --clients 1000

clean:
	rm -rf $(VENV) build *.egg-info .pytest_cache .mypy_cache .ruff_cache
