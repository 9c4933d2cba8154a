# The two commands of the README:
#   make run   installs what is missing, builds, lints the bundled demo
#   make test  installs what is missing, builds, runs every test (and a
#              short fuzz smoke run)
# By hand: make fuzz (FUZZ_SECONDS=60 per target), make test-sanitize.
BUILD_DIR ?= build
JOBS ?= $(shell nproc)
SANITIZE_DIR ?= build-sanitize
FUZZ_SECONDS ?= 60
FUZZ_SMOKE_RUNS ?= 500

.PHONY: run test build deps configure clean fuzz test-sanitize

deps:
	@sh scripts/install-deps.sh
	@sh scripts/install-test-tools.sh $(BUILD_DIR)

configure: deps
	@if [ ! -f $(BUILD_DIR)/build.ninja ]; then \
	  cmake -S . -B $(BUILD_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo; \
	fi

build: configure
	@cmake --build $(BUILD_DIR) -j $(JOBS)

# The demo has findings, so mpr-lint exits 1 here by design.
run: build
	@echo "== mpr-lint on fixtures/demo (findings expected) =="
	@$(BUILD_DIR)/mpr-lint -p $(BUILD_DIR)/demo fixtures/demo/*.cpp; \
	  status=$$?; echo "== mpr-lint exit status: $$status (0 clean, 1 findings, 2 could not analyse) =="; \
	  [ $$status -le 1 ]

test: build
	@cd $(BUILD_DIR) && ctest --output-on-failure -j $(JOBS)
	@sh test/fuzz/run.sh --runs $(FUZZ_SMOKE_RUNS) --jobs $(JOBS)

# Each libFuzzer target for FUZZ_SECONDS (build dir build-fuzz).
fuzz: deps
	@sh test/fuzz/run.sh --seconds $(FUZZ_SECONDS) --jobs $(JOBS)

# The unit and lit suites built with ASan and UBSan, in their own build dir.
test-sanitize: deps
	@sh scripts/install-test-tools.sh $(SANITIZE_DIR)
	@if [ ! -f $(SANITIZE_DIR)/build.ninja ]; then \
	  cmake -S . -B $(SANITIZE_DIR) -G Ninja -DCMAKE_BUILD_TYPE=RelWithDebInfo \
	    -DCMAKE_CXX_COMPILER=clang++-19 -DMPR_SANITIZE=ON; \
	fi
	@cmake --build $(SANITIZE_DIR) -j $(JOBS)
	@cd $(SANITIZE_DIR) && ctest --output-on-failure -j $(JOBS)

clean:
	rm -rf $(BUILD_DIR) $(SANITIZE_DIR) build-fuzz
