# linli: `make run` serves the demo, `make test` runs the suite. Both set themselves up.
PYTHON ?= python3
VENV := .venv
PY := $(VENV)/bin/python
STAMP := $(VENV)/.installed
ENVFILE := var/linli.env
HOST ?= 127.0.0.1:8000

.PHONY: run test test-e2e check lint types messages install demo bench worker clean fuzz

$(STAMP): requirements.lock pyproject.toml
	test -x $(PY) || $(PYTHON) -m venv $(VENV)
	$(PY) -m pip install --quiet --upgrade pip
	$(PY) -m pip install --quiet -r requirements.lock
	touch $(STAMP)

install: $(STAMP)

# Demo secrets, made once per checkout; production sets its own (README "Production").
$(ENVFILE):
	mkdir -p var
	$(PY) -c "import secrets; from cryptography.fernet import Fernet; \
print('DJANGO_DEBUG=0'); print('LINLI_DEMO=1'); \
print('LINLI_SECRET_KEY=' + secrets.token_urlsafe(50)); \
print('LINLI_FIELD_KEYS=' + Fernet.generate_key().decode()); \
print('LINLI_BLIND_INDEX_KEY=' + secrets.token_urlsafe(32))" > $(ENVFILE)

demo: $(STAMP) $(ENVFILE)
	mkdir -p var/static var/audit
	@# Env files made before the audit key existed get one (and the checkpoint directory).
	grep -q '^LINLI_AUDIT_KEY=' $(ENVFILE) || $(PY) -c "import secrets; \
print('LINLI_AUDIT_KEY=' + secrets.token_urlsafe(32)); print('LINLI_AUDIT_CHECKPOINT_DIR=$(CURDIR)/var/audit')" >> $(ENVFILE)
	@# The demo runs with DEBUG off (its own 404 and 500 pages); env files of older checkouts said 1.
	sed -i 's/^DJANGO_DEBUG=.*/DJANGO_DEBUG=0/' $(ENVFILE)
	$(PY) manage.py collectstatic --noinput -v0
	$(PY) manage.py migrate --noinput -v0
	$(PY) manage.py demo_load

run: demo
	@echo "linli is at http://$(HOST)/  (Ctrl-C to stop)"
	$(PY) manage.py runserver $(HOST)

test: $(STAMP)
	$(PY) -m pytest -q -n 2 $(PYTEST_ARGS)

# The journeys in a real browser (e2e/): a throw-away demo server and Debian's chromium
# (apt-get install chromium fonts-noto-cjk; never a downloaded browser build). Not part of `make test`.
test-e2e: $(STAMP)
	$(PY) -m pytest -q -p no:xdist e2e $(PYTEST_ARGS)

# The API fuzzer against a throw-away demo server on 127.0.0.1 (docs/security.md "Fuzzing the API").
fuzz: $(STAMP)
	tools/fuzz_api.sh

# ruff, then the import contracts of pyproject.toml (docs/architecture.md "Layers").
lint: $(STAMP)
	$(VENV)/bin/ruff check .
	$(VENV)/bin/ruff format --check .
	$(VENV)/bin/lint-imports --no-cache

types: $(STAMP)
	$(VENV)/bin/mypy linli

check: lint types test

APPS := $(notdir $(patsubst %/apps.py,%,$(wildcard linli/*/apps.py)))

# Rebuild each app's zh-Hans catalog (linli/<app>/locale) after changing strings (needs GNU gettext).
messages: $(STAMP)
	for app in $(APPS); do \
	  (cd linli/$$app && mkdir -p locale && ../../$(PY) ../../manage.py makemessages -l zh_Hans \
	    --no-obsolete --no-location --settings=linli.settings.test) || exit 1; \
	done
	cd linli && ../$(PY) ../manage.py compilemessages -l zh_Hans --settings=linli.settings.test

# A benchmark from bench/ (see bench/README.md): make bench B=audit_append ARGS="--events 5000"
bench: $(STAMP)
	cd bench && ../$(PY) $(B).py $(ARGS)

worker: $(STAMP)
	$(PY) manage.py rqworker default

clean:
	rm -rf $(VENV) var
