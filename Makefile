# The two commands of the README:
#   make run   installs what is missing, builds, lints the bundled demo
#   make test  installs what is missing, builds, runs every test
BUILD_DIR ?= build
JOBS ?= $(shell nproc)

.PHONY: run test build deps configure clean

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

clean:
	rm -rf $(BUILD_DIR)
