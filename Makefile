# FinCore Tokenization Lab. The README's two commands are `make notebooks` and `make test`;
# both set everything up first and are safe to run again.

VENV      := .venv
PY        := $(VENV)/bin/python
BIN       := $(VENV)/bin
STAMP     := $(VENV)/.installed
NODE_STAMP := sdk/node_modules/.installed
# The OpenAPI linter (Redocly CLI) the contract tests run over both services' documents.
OPENAPI_TOOLS := docs/openapi
OPENAPI_STAMP := $(OPENAPI_TOOLS)/node_modules/.installed
# checkov (the CloudFormation template's policy check) pins packaging<24, which pytest 9 and
# virtualenv cannot share, so it gets a virtual environment of its own inside .venv.
CHECKOV_VENV := $(VENV)/checkov
CHECKOV_STAMP := $(CHECKOV_VENV)/.installed
CHECKOV_REQUIREMENT := checkov>=3.3,<4
BUILD     := build
# Debian/Ubuntu packages the project needs: Graphviz for the AWS diagram, Chromium for browser
# tests and offline diagram rendering, fonts so rendered text is the same on every machine,
# PostgreSQL and nginx for the scale-out tests (they start their own servers).
APT_PACKAGES := graphviz chromium fonts-dejavu-core nodejs npm postgresql nginx

.PHONY: setup system-packages notebooks refresh-notebooks test lint typecheck pytest diagrams sdk lab up bench clean

setup: system-packages $(STAMP) $(NODE_STAMP) $(OPENAPI_STAMP) $(CHECKOV_STAMP)

system-packages:
	@missing=""; \
	for pkg in $(APT_PACKAGES); do \
	  dpkg -s $$pkg >/dev/null 2>&1 || missing="$$missing $$pkg"; \
	done; \
	if [ -n "$$FINCORE_CHROMIUM" ] && [ -x "$$FINCORE_CHROMIUM" ]; then missing=$$(echo $$missing | sed 's/chromium//'); fi; \
	command -v node >/dev/null && command -v npm >/dev/null && missing=$$(echo $$missing | sed 's/nodejs//; s/npm//'); \
	missing=$$(echo $$missing); \
	if [ -z "$$missing" ]; then exit 0; fi; \
	if [ "$$(id -u)" = 0 ]; then \
	  echo "Installing system packages: $$missing"; \
	  apt-get update -qq && DEBIAN_FRONTEND=noninteractive apt-get install -y -qq $$missing; \
	else \
	  echo "Missing system packages: $$missing"; \
	  echo "Install them with: sudo apt-get install -y $$missing"; \
	  exit 1; \
	fi

$(STAMP): pyproject.toml
	test -d $(VENV) || python3 -m venv $(VENV)
	$(BIN)/pip install -q --upgrade pip
	$(BIN)/pip install -q -e '.[dev]'
	$(PY) -m ipykernel install --sys-prefix --name python3 >/dev/null
	touch $@

$(CHECKOV_STAMP): $(STAMP)
	test -d $(CHECKOV_VENV) || python3 -m venv $(CHECKOV_VENV)
	$(CHECKOV_VENV)/bin/pip install -q '$(CHECKOV_REQUIREMENT)'
	touch $@

$(NODE_STAMP): sdk/package.json sdk/package-lock.json
	cd sdk && npm ci --no-audit --no-fund
	touch $@

$(OPENAPI_STAMP): $(OPENAPI_TOOLS)/package.json $(OPENAPI_TOOLS)/package-lock.json
	cd $(OPENAPI_TOOLS) && npm ci --no-audit --no-fund
	touch $@

# The main job: execute every notebook against the bundled stack, then the HTML report.
# With TARGET=path/to/target.json: against that deployment, into build/notebooks/<target name>/.
notebooks: setup
	$(PY) -m fincore.lab.notebooks run $(if $(TARGET),--target $(TARGET),--out $(BUILD)/notebooks)

# Re-execute the committed notebooks in place (outputs normalised, sanitizer regenerated).
refresh-notebooks: setup
	$(PY) -m fincore.lab.notebooks refresh

test: setup lint typecheck pytest

lint:
	$(BIN)/ruff check reference tests bench
	$(BIN)/ruff format --check reference tests bench
	$(BIN)/lint-imports
	$(BIN)/deptry reference

typecheck:
	$(BIN)/mypy

pytest:
	$(BIN)/pytest

diagrams: setup
	$(PY) -m fincore.architecture.render diagrams

sdk: setup
	node sdk/build.mjs

# Jupyter refuses to run as root unless told; the documented set-up is as root.
LAB_ROOT_FLAG := $(if $(filter 0,$(shell id -u)),--allow-root)

lab: setup
	$(BIN)/jupyter lab $(LAB_ROOT_FLAG) --ServerApp.root_dir=$(CURDIR) --LabApp.default_url=/lab/tree/notebooks

up: setup
	$(BIN)/fincore up

# Every benchmark, each at a size that keeps the whole run to a few minutes; bench/README.md
# gives the larger runs its figures come from.
bench: setup
	$(PY) -m bench.charge_path
	$(PY) -m bench.charge_path --database postgresql --instances 2
	$(PY) -m bench.service_cpu
	$(PY) -m bench.service_cpu --database postgresql
	$(PY) -m bench.profile_pay --requests 5000
	$(PY) -m bench.http_clients --calls 2000
	$(PY) -m bench.group_commit --writes 5000
	$(PY) -m bench.guard --count 100
	$(PY) -m bench.soak
	$(PY) bench/sdk_size.py
	$(PY) bench/sdk_ready.py

clean:
	rm -rf $(BUILD) .pytest_cache .mypy_cache .ruff_cache
