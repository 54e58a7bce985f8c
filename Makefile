# SongNodes pipeline. `make help` lists the targets.
SHELL := /bin/bash
GO    ?= go
BIN   := bin

.DEFAULT_GOAL := help

.PHONY: help
help: ## list the targets
	@grep -hE '^[a-z][a-z-]*:.*## ' $(MAKEFILE_LIST) | awk -F':.*## ' '{printf "  make %-14s %s\n", $$1, $$2}'

.PHONY: deps
deps: ## install what is missing (Debian packages: PostgreSQL, Redis, kcat, pgbouncer, promtool...)
	@scripts/deps.sh

.PHONY: build
build: ## build every binary into bin/
	$(GO) build -o $(BIN)/ ./cmd/...

.PHONY: run
run: deps build ## run the whole pipeline on embedded defaults and feed it a sample
	@scripts/run.sh

# The fuzz targets, as package:Target: make test fuzzes each for
# FUZZTIME_SHORT after the tests (which replay their seeds), make fuzz for
# FUZZTIME. The wire format and headers the stages read from Kafka, and
# what ingest reads from clients.
FUZZ_TARGETS := \
	internal/serde:FuzzFraming \
	internal/serde:FuzzDecodeScraped \
	internal/serde:FuzzDecodeBronze \
	internal/serde:FuzzDecodeSilver \
	internal/dlq:FuzzHeaders \
	internal/dlq:FuzzParse \
	internal/ops:FuzzRedriveHeaders \
	internal/ingest:FuzzDecodeBody
FUZZTIME       ?= 1m
FUZZTIME_SHORT ?= 3s

.PHONY: test
test: deps ## run every test (needs PostgreSQL and Redis: started if missing), then fuzz each target for FUZZTIME_SHORT (3s)
	@set -a; eval "$$(scripts/test-env.sh)"; set +a; \
	$(GO) vet ./... && \
	$(GO) test -race -count=1 -timeout 45m ./... && \
	GO=$(GO) scripts/fuzz.sh $(FUZZTIME_SHORT) $(FUZZ_TARGETS)

.PHONY: fuzz
fuzz: ## fuzz each target for FUZZTIME (1m; make fuzz FUZZTIME=10m), printing its executions
	@GO=$(GO) scripts/fuzz.sh $(FUZZTIME) $(FUZZ_TARGETS)

FAULTS_RECORDS ?= 12000
FAULTS_KILLS   ?= 20
FAULTS_TRACKS  ?= 0
FAULTS_TIMEOUT ?= 30m

.PHONY: test-faults
test-faults: deps ## the fault suite: stages killed at each point of a batch, zombies, crashes (FAULTS_RECORDS, FAULTS_KILLS, FAULTS_TRACKS, FAULTS_TIMEOUT)
	@set -a; eval "$$(scripts/test-env.sh)"; set +a; \
	FAULTS_RECORDS=$(FAULTS_RECORDS) FAULTS_KILLS=$(FAULTS_KILLS) FAULTS_TRACKS=$(FAULTS_TRACKS) \
	$(GO) test -tags faults -count=1 -timeout $(FAULTS_TIMEOUT) -run '^TestFault' -v ./e2e/ | grep -E '^(=== RUN|--- |PASS|FAIL|ok)|faults_[a-z_]*test.go|panic' ; exit $${PIPESTATUS[0]}

.PHONY: test-fast
test-fast: ## the tests that need no PostgreSQL or Redis (go test -short), in under a minute
	$(GO) test -short -count=1 ./...

.PHONY: bench
bench: deps build ## measure throughput and memory, beside this machine's limits (PROFILE=dir: CPU profiles and where each stage's CPU went)
	@set -a; eval "$$(scripts/test-env.sh)"; set +a; \
	$(BIN)/songnodes bench $(if $(PROFILE),--profile $(PROFILE)) && \
	$(GO) test -run '^$$' -bench . -benchmem -cpu 1 ./internal/...

LINT         := $(shell $(GO) env GOPATH)/bin/golangci-lint
LINT_VERSION := 2.15.0

.PHONY: lint
lint: ## go vet, gofmt, golangci-lint (.golangci.yml), and a check that generated code is current
	$(GO) vet ./...
	@test -z "$$(gofmt -l $$(git ls-files '*.go'))" || { gofmt -l $$(git ls-files '*.go'); echo "gofmt: the files above need formatting"; exit 1; }
	@$(LINT) version 2>/dev/null | grep -q ' $(LINT_VERSION) ' || { echo "installing golangci-lint $(LINT_VERSION)"; $(GO) install github.com/golangci/golangci-lint/v2/cmd/golangci-lint@v$(LINT_VERSION); }
	$(LINT) run ./...
	$(GO) generate ./...
	@git diff --exit-code -- internal/record || { echo "generated code is stale: run go generate ./... and commit"; exit 1; }

.PHONY: generate
generate: ## regenerate Go types from schemas/avro
	$(GO) generate ./...

IMAGE ?= songnodes/pipeline:dev

.PHONY: image
image: ## build the container image with every binary (IMAGE=songnodes/pipeline:dev; needs docker with buildx)
	@command -v docker >/dev/null 2>&1 || { echo "make image: docker is not installed: install Docker (with buildx) to build the image" >&2; exit 1; }
	@docker info >/dev/null 2>&1 || { echo "make image: docker is installed but its daemon does not answer (docker info): start it, or set DOCKER_HOST" >&2; exit 1; }
	DOCKER_BUILDKIT=1 docker build -t $(IMAGE) .

.PHONY: clean
clean: ## remove binaries and local data (./data, .tmp)
	rm -rf $(BIN) data .tmp
