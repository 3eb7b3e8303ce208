# clearsim front door. `make demo` and `make test` work on a fresh Debian 12 machine:
# each installs what is missing (as root), builds, and runs.
#
#   make deps      install the missing Debian packages (as root; otherwise prints the line)
#   make build     configure and build (Release) into build/
#   make test      deps + build + the whole test suite through CTest
#   make test-analysis  deps + build + only the Python analysis suite (pytest, through CTest)
#   make demo      deps + build + compare the main regimes on the default scenario (Tianjin):
#                  out/tianjin.h5, the table on stdout, figures as out/*.png, the
#                  brief as out/brief.html (one self-contained file)
#   make bench     deps + deps-bench + build + the benchmarks, one table (docs/performance.md)
#   make deps-bench  the benchmarks' own packages (SimPy, for the peer comparison); not needed
#                  by make test
#   make sanitize  the test suite built with AddressSanitizer + UBSan, in build-asan/ (all
#                  but the long statistical validations, labelled `statistical`, which make
#                  test runs)
#   make format    clang-format every C++ file in place
#   make fuzz      the scenario decoder under libFuzzer (clang), in build-fuzz/: saved
#                  regressions, then FUZZ_SECONDS (60) of fuzzing; see fuzz/README.md

BUILD_DIR ?= build
ASAN_DIR ?= build-asan
JOBS ?= $(shell nproc)
CMAKE_FLAGS ?=

PACKAGES := cmake make g++ pkg-config \
  libboost-dev libboost-graph-dev libboost-program-options-dev \
  libeigen3-dev libfmt-dev libyaml-cpp-dev libhdf5-dev libdeflate-dev libssl-dev \
  nlohmann-json3-dev chromium \
  doctest-dev librandom123-dev clang-14 libclang-rt-14-dev libopenmpi-dev openmpi-bin \
  python3 python3-h5py python3-pandas python3-matplotlib python3-scipy \
  python3-nbclient python3-nbconvert python3-nbformat python3-ipykernel \
  python3-pytest python3-pip python3-venv python3-setuptools python3-wheel

# Only for `make bench`: the peers the benchmarks compare against (bench/peers/; the port
# twin reads the scenario with PyYAML).
BENCH_PACKAGES := python3-simpy3 python3-yaml

.PHONY: deps deps-bench build test test-analysis demo bench sanitize format clean

# Installs whichever of the packages $(2) are missing (as root; otherwise prints the line).
define install_missing
	@missing=$$(for p in $(2); do \
	  dpkg-query -W -f='$${Status}\n' $$p 2>/dev/null | grep -q 'install ok installed' || echo $$p; \
	done | tr '\n' ' '); \
	if [ -z "$$missing" ]; then echo "$(1): all $(words $(2)) packages present"; exit 0; fi; \
	if [ "$$(id -u)" -ne 0 ]; then \
	  echo "$(1): missing Debian packages: $$missing"; \
	  echo "$(1): run this, then make again:"; \
	  echo "  sudo apt-get update && sudo apt-get install -y --no-install-recommends $$missing"; \
	  exit 1; \
	fi; \
	echo "$(1): installing $$missing"; \
	apt-get update -qq && \
	DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends $$missing
endef

deps:
	$(call install_missing,deps,$(PACKAGES))

deps-bench:
	$(call install_missing,deps-bench,$(BENCH_PACKAGES))

$(BUILD_DIR)/CMakeCache.txt:
	cmake -S . -B $(BUILD_DIR) -DCMAKE_BUILD_TYPE=Release $(CMAKE_FLAGS)

build: deps $(BUILD_DIR)/CMakeCache.txt
	cmake --build $(BUILD_DIR) -j $(JOBS)

test: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -j $(JOBS)

test-analysis: build
	ctest --test-dir $(BUILD_DIR) --output-on-failure -R analysis

DEMO_REGIMES ?= baseline,advance_declaration,joint_inspection,machine_first,terminal_arrival,sea_rail,regional_clearance,reform

demo: build
	$(BUILD_DIR)/clearsim validate scenarios/tianjin.yaml --regime baseline
	mkdir -p out
	$(BUILD_DIR)/clearsim compare scenarios/tianjin.yaml --regimes $(DEMO_REGIMES) \
	  --replications 3 --horizon 20d --jobs $(JOBS) --out out/tianjin.h5 --force
	PYTHONPATH=analysis /usr/bin/python3 -m clearsim_analysis.plots out/tianjin.h5 out
	$(BUILD_DIR)/clearsim report out/tianjin.h5 --html out/brief.html
	@echo "a disruption: fog closes a terminal's berths for 36 h (scenarios/disruptions/)"
	$(BUILD_DIR)/clearsim run scenarios/disruptions/two_terminals.yaml --regime fog --jobs $(JOBS)
	@echo "open analysis/policy_comparison.ipynb for the comparison with commentary"

bench: deps-bench build
	@bench/run-all $(BUILD_DIR)

sanitize: deps
	cmake -S . -B $(ASAN_DIR) -DCMAKE_BUILD_TYPE=Debug -DCLEARSIM_SANITIZE=ON -DCLEARSIM_BUILD_BENCH=OFF
	cmake --build $(ASAN_DIR) -j $(JOBS)
	ASAN_OPTIONS=detect_leaks=1:abort_on_error=1 UBSAN_OPTIONS=print_stacktrace=1 \
	  ctest --test-dir $(ASAN_DIR) --output-on-failure -j $(JOBS) --label-exclude statistical

format:
	clang-format -i $$(git ls-files '*.cpp' '*.hpp')

clean:
	rm -rf $(BUILD_DIR) $(ASAN_DIR)

# Fuzzing: a separate clang build (libFuzzer + ASan + UBSan) of the scenario decoder.
FUZZ_DIR ?= build-fuzz
FUZZ_SECONDS ?= 60
FUZZ_CXX ?= clang++-14

.PHONY: fuzz
fuzz: deps
	cmake -S fuzz -B $(FUZZ_DIR) -DCMAKE_CXX_COMPILER=$(FUZZ_CXX)
	cmake --build $(FUZZ_DIR) -j $(JOBS)
	fuzz/run.sh $(FUZZ_DIR) $(FUZZ_SECONDS)
