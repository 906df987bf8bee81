# Steady's tasks. `make help` lists them. DATABASE_URL unset means a private PostgreSQL is
# started under .data/ (see scripts/devdb.sh).
SHELL := /bin/bash
.DEFAULT_GOAL := help
BIN := bin/steady
WITH_DB := scripts/with-db.sh
GO_SOURCES := $(shell find cmd internal migrations frontend/embed.go -name '*.go' -o -name '*.sql' -o -name '*.yaml' 2>/dev/null)
FRONTEND_SOURCES := $(shell find frontend/src frontend/public frontend/scripts frontend/index.html frontend/homework.html frontend/package.json frontend/vite.config.ts -type f 2>/dev/null)

.PHONY: help
help: ## List the targets
	@grep -hE '^[a-zA-Z_-]+:.*?## ' $(MAKEFILE_LIST) | awk 'BEGIN {FS = ":.*?## "}; {printf "  \033[36m%-14s\033[0m %s\n", $$1, $$2}'

.PHONY: run
run: build ## Start Steady with demo data on http://localhost:8080 (own PostgreSQL when DATABASE_URL is unset)
	@$(WITH_DB) scripts/with-stripe.sh bash -c '$(BIN) migrate && $(BIN) demo && exec $(BIN) serve'

.PHONY: test
test: deps frontend-deps ## Install what the tests need and run every test (Go, frontend, browser)
	@$(MAKE) --no-print-directory check-generated test-go test-frontend test-e2e test-image test-scale

.PHONY: deps
deps: ## Install missing OS packages (PostgreSQL, Chromium)
	@bash scripts/deps.sh --browser

.PHONY: frontend-deps
frontend-deps: frontend/node_modules/.package-lock.json ## Install the frontend's npm packages from the lockfile

frontend/node_modules/.package-lock.json: frontend/package-lock.json
	cd frontend && npm ci --no-audit --no-fund
	@touch $@

.PHONY: test-go
test-go: ## Go tests against a real PostgreSQL, then a bounded fuzz run
	$(WITH_DB) go test -count=1 ./...
	@$(MAKE) --no-print-directory fuzz FUZZ_EXECS=$(FUZZ_EXECS_TEST)

.PHONY: test-hours
test-hours: ## the Go tests again with the test clock at other hours of the UTC day
	for h in $(TEST_HOURS); do echo "== test clock at $$h UTC"; STEADY_TEST_HOUR=$$h $(WITH_DB) go test -count=1 ./... || exit 1; done

TEST_HOURS ?= 02:30 12:00 20:30

# Fuzzing is bounded by a count of executions, not a duration: a -fuzztime deadline races
# Go 1.26's fuzz coordinator on a busy machine (golang/go#75804) and fails with no input.
FUZZ_EXECS ?= 200000x
FUZZ_EXECS_TEST ?= 3000x
FUZZ_TARGETS := ./internal/web:FuzzBind ./internal/web:FuzzFirstBadString ./internal/web:FuzzExactKeys ./internal/app:FuzzAPIBodies

.PHONY: fuzz
fuzz: ## Fuzz the request edge and every JSON body type (FUZZ_EXECS=200000x each; make test runs 3000x)
	@for t in $(FUZZ_TARGETS); do \
		pkg=$${t%%:*}; name=$${t##*:}; \
		echo "fuzz $$name ($(FUZZ_EXECS))"; \
		$(WITH_DB) go test -run '^$$' -fuzz "^$$name\$$" -fuzztime $(FUZZ_EXECS) -parallel 2 $$pkg || exit 1; \
	done

.PHONY: test-frontend
test-frontend: frontend-deps ## Frontend unit tests (vitest)
	cd frontend && npm test

.PHONY: test-e2e
test-e2e: build frontend-deps ## Browser tests: the real binary in headless Chromium
	$(WITH_DB) bash -c 'cd frontend && npx playwright test'

.PHONY: test-image
test-image: ## Build the container image (deploy/Containerfile.local) with buildah and run it against the test PostgreSQL
	bash scripts/test-image.sh

.PHONY: test-scale
test-scale: ## Two serve and two worker replicas behind HAProxy through PgBouncer: a storm with a worker SIGKILLed, sessions across replicas, SIGTERM under load; part of the Go suite through PgBouncer (deploy/replicas.md)
	$(WITH_DB) bash scripts/test-scale.sh

.PHONY: test-citus
test-citus: ## Run Steady on a real Citus cluster: distribute, demo, smoke, and part of the Go suite (deploy/scale-out.md)
	bash scripts/test-citus.sh

.PHONY: check-generated
check-generated: frontend-deps ## Fail when the TypeScript API types are stale
	cd frontend && npm run check:api

.PHONY: gen
gen: frontend-deps ## Regenerate the TypeScript API types from the OpenAPI document
	cd frontend && npm run gen:api

.PHONY: build
build: frontend/dist/index.html $(BIN) ## Build the web app and the binary (bin/steady)

# npm run build also precompresses dist/ and checks the homework pages' size budget
# (frontend/scripts/size-report.mjs); when it fails, dist/index.html goes so the next make retries.
frontend/dist/index.html: frontend/node_modules/.package-lock.json $(FRONTEND_SOURCES)
	cd frontend && npm run build || { rm -f dist/index.html; exit 1; }
	@touch frontend/dist/.gitkeep

$(BIN): $(GO_SOURCES) frontend/dist/index.html go.mod go.sum
	go build -o $(BIN) ./cmd/steady

.PHONY: migrate
migrate: $(BIN) ## Apply database migrations
	$(WITH_DB) $(BIN) migrate

.PHONY: demo
demo: $(BIN) ## Create or refresh the demo practice
	$(WITH_DB) $(BIN) demo

.PHONY: lint
lint: ## go vet, gofmt and staticcheck
	go vet ./...
	@out=$$(gofmt -l cmd internal migrations frontend/embed.go); if [ -n "$$out" ]; then echo "gofmt needed:"; echo "$$out"; exit 1; fi
	go tool staticcheck ./...

.PHONY: vuln
vuln: ## Check dependencies for known vulnerabilities (needs the vulnerability database online)
	go tool govulncheck ./...

.PHONY: db-stop
db-stop: ## Stop the private PostgreSQL
	bash scripts/devdb.sh stop

.PHONY: clean
clean: ## Remove build output (keeps the database)
	rm -rf bin
	find frontend/dist -mindepth 1 ! -name .gitkeep -delete
