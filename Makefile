# scmkit.sectigo — build, test and package the collection. `make help` lists the targets.
SHELL := /bin/bash
.DEFAULT_GOAL := help

VERSION   := $(shell awk '/^version:/ {print $$2}' galaxy.yml)
GOOS      ?= $(shell go env GOOS)
GOARCH    ?= $(shell go env GOARCH)
MODULES   := $(filter-out scmsim scmkit changelog,$(notdir $(wildcard cmd/*)))
PLATFORMS := linux/amd64 linux/arm64 darwin/amd64 darwin/arm64
BINDIR    := plugins/modules/__bin__
# The executables themselves live outside plugins/modules, with only symlinks to them in BINDIR:
# ansible-test's validate-modules reads every regular file under plugins/modules as source (and
# crashes on an executable), while it skips symlinks, and Ansible follows them to copy the file.
EXEDIR    := executables
LDFLAGS   := -s -w -X github.com/scmkit/sectigo/internal/ansible.Version=$(VERSION)
GOBUILD   := CGO_ENABLED=0 go build -trimpath -ldflags "$(LDFLAGS)"
# A collections path in which this checkout is scmkit.sectigo (used by ansible-doc and playbooks from source).
SRC_COLLECTIONS := $(CURDIR)/.cache/collections
INSTALLED_COLLECTIONS ?= $(CURDIR)/.cache/installed
TARBALL   := dist/scmkit-sectigo-$(VERSION).tar.gz

FUZZTIME ?= 60s
# Every fuzz target, as package:Function (checked by `make fuzz`, which fails on an unknown name).
FUZZ_TARGETS := ./internal/ansible:FuzzExecute ./internal/ansible:FuzzMask ./internal/ansible:FuzzRenderData ./internal/scm:FuzzDecode \
                ./internal/dnsname:FuzzNormalize ./internal/caa:FuzzVerdict

.PHONY: release release-check changelog runner matrix roots molecule lint-collection sanity help build test unit integration ansible-test lint fmt vet collection install demo sim clean docs-check fuzz fuzz-short soak yamllint demo-test

help: ## list the targets
	@awk 'BEGIN {FS = ":.*## "} /^[a-z-]+:.*## / {printf "  %-12s %s\n", $$1, $$2}' $(MAKEFILE_LIST)

build: ## host-platform module binaries in plugins/modules/__bin__, bin/scmsim, and a source collections path
	@$(MAKE) --no-print-directory platform-binary GOOS=$(GOOS) GOARCH=$(GOARCH)
	$(GOBUILD) -o bin/scmsim ./cmd/scmsim
	@mkdir -p $(SRC_COLLECTIONS)/ansible_collections/scmkit
	@ln -sfn $(CURDIR) $(SRC_COLLECTIONS)/ansible_collections/scmkit/sectigo
	@echo "built for $(GOOS)/$(GOARCH); from source: export ANSIBLE_COLLECTIONS_PATH=$(SRC_COLLECTIONS)"

# One multi-call executable per platform plus a symlink per module: the tarball stores the code once.
platform-binary:
	@mkdir -p $(BINDIR) $(EXEDIR)
	GOOS=$(GOOS) GOARCH=$(GOARCH) $(GOBUILD) -o $(EXEDIR)/scmkit_$(GOOS)_$(GOARCH) ./cmd/scmkit
	@ln -sfn ../../../$(EXEDIR)/scmkit_$(GOOS)_$(GOARCH) $(BINDIR)/scmkit_$(GOOS)_$(GOARCH)
	@for m in $(MODULES); do ln -sfn scmkit_$(GOOS)_$(GOARCH) $(BINDIR)/$${m}_$(GOOS)_$(GOARCH); done

# The controller matrix runs the secret scan on every controller, and the scan runs the integration
# suite (tests/integration/run.sh) and the demo at -vvv and fails when either fails, so make test runs
# them once per controller, there, instead of once more on their own.
test: unit fuzz-short yamllint ansible-test ## everything CI runs (see the README's Development section)
	@tests/reliability/run.sh --short
	@tests/controllers/matrix.sh

matrix: ## the integration suite, demo, secret scan, molecule, ansible-lint and sanity on Debian 12, 13 and testing
	@tests/controllers/matrix.sh

roots: ## build (or reuse) the cached Debian 13 and Debian testing controller roots (needs root)
	@tests/controllers/root.sh ensure trixie && tests/controllers/root.sh ensure testing

molecule: build ## every molecule scenario, twice, with molecule from PATH or the vendored one in the Debian 13 root
	@tests/controllers/molecule.sh

lint-collection: collection ## ansible-lint's production profile over the built collection (needs ansible-lint >= 24; make matrix runs it in the roots)
	@tests/controllers/lint.sh

sanity: collection ## ansible-test sanity over the built collection, every test that can run offline
	@tests/controllers/sanity.sh

unit: ## go test -race over every package
	go test -race -count=1 ./...

# The collection's YAML (role, playbooks, molecule scenarios, integration targets, meta, changelog); rules in .yamllint.
YAMLLINT_PATHS := .yamllint galaxy.yml roles extensions playbooks tests/integration/targets meta changelogs

yamllint: ## yamllint the collection's YAML
	@if command -v yamllint >/dev/null; then yamllint --strict $(YAMLLINT_PATHS) && echo "yamllint: clean"; \
	 elif [ "$${SCMKIT_REQUIRE_ANSIBLE:-}" = 1 ]; then echo "yamllint is required but missing" >&2; exit 1; \
	 else echo "SKIP: yamllint not installed (apt-get install -y yamllint)"; fi

integration: ## ansible-playbook integration targets, from the installed tarball, against scmsim
	@tests/integration/run.sh

ansible-test: ## the same targets through ansible-test integration --local (connection from integration_config.yml)
	@SCMKIT_ANSIBLE_TEST=1 tests/integration/run.sh

soak: ## the demo inventory 20 times per fault profile (mixed, drop-after-commit) against scmsim, state checked each run (SOAK_RUNS, SOAK_PROFILE)
	@tests/reliability/soak.sh

.PHONY: bench
bench: ## performance figures against scmsim (never part of test): a table and bench/results.json
	go run ./bench

fuzz: ## run every fuzz target for FUZZTIME each (default 60s); crashers land in testdata/fuzz as regression seeds
	@for t in $(FUZZ_TARGETS); do pkg=$${t%%:*}; fn=$${t##*:}; \
	  echo "== $$fn ($$pkg, $(FUZZTIME))"; \
	  go test -run '^$$' -fuzz "^$$fn\$$" -fuzztime $(FUZZTIME) $$pkg || exit 1; done

# A count, not a duration: with a duration, Go 1.26's fuzz coordinator can report "context deadline exceeded"
# as a failure when the time runs out under load, with no failing input (go.dev/issue/75804, fixed in Go 1.27).
fuzz-short: ## the short fuzz pass CI runs (20,000 inputs per target, a few seconds each)
	@$(MAKE) --no-print-directory fuzz FUZZTIME=20000x

lint: fmt vet ## gofmt, go vet and staticcheck
	cd tools && go build -o ../.cache/bin/staticcheck honnef.co/go/tools/cmd/staticcheck
	.cache/bin/staticcheck ./...

fmt:
	@out=$$(gofmt -s -l $$(git ls-files '*.go')); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi

vet:
	go vet ./...

collection: ## the Galaxy tarball in dist/, with builds for every supported controller platform
	@rm -rf $(BINDIR) $(EXEDIR) && mkdir -p dist
	@for p in $(PLATFORMS); do $(MAKE) --no-print-directory platform-binary GOOS=$${p%/*} GOARCH=$${p#*/} || exit 1; done
	ansible-galaxy collection build --force --output-path dist .
	@ls -l $(TARBALL)

# VERSION given on the command line is the new version (it also reaches the sub-make that builds the
# tarball, so the executables carry it); without it, VERSION is galaxy.yml's and there is nothing to release.
release: ## VERSION=x.y.z [RELEASE_SUMMARY=...]: set the version, compile the changelog, build and check the tarball
	@$(if $(filter command line,$(origin VERSION)),tools/release.sh "$(VERSION)",echo "usage: make release VERSION=x.y.z" >&2; exit 2)

release-check: collection ## the release checks on the current build: contents, size, install into an empty path, ansible-doc -l
	@PLATFORMS="$(PLATFORMS)" tools/release-check.sh $(TARBALL)

runner: collection build ## the demo through ansible-runner (AWX's engine) in the Debian 13 root, and the secret scan over its job events
	@tests/controllers/root.sh run trixie env SCMKIT_PREBUILT=1 tests/controllers/runner.sh

changelog: ## check the changelog fragments (and CHANGELOG.md against changelogs/changelog.yaml)
	go run ./cmd/changelog check

# --no-deps here and in every test harness: galaxy.yml's dependencies (community.crypto, community.general)
# come from Debian's ansible package on each controller, and Galaxy is not reachable here.
install: collection ## install the tarball into INSTALLED_COLLECTIONS (default .cache/installed)
	ansible-galaxy collection install --force --no-deps -p $(INSTALLED_COLLECTIONS) $(TARBALL)

demo: ## the end-to-end demo: scmsim + BIND on loopback, playbooks/demo.yml twice (the second changes nothing)
	@examples/demo.sh

demo-test: ## the demo as part of make test: skipped when its packages are missing (unless CI requires them)
	@SCMKIT_DEMO_OPTIONAL=1 examples/demo.sh

sim: build ## run scmsim in the foreground (TLS on 127.0.0.1:8443, admin on 127.0.0.1:8444)
	bin/scmsim -ca-out .cache/scmsim-ca.pem

clean: ## remove built binaries, bin/, dist/ and caches
	rm -rf $(BINDIR) $(EXEDIR) bin dist .cache tests/output
