# Entry points for developers and CI. `make test` is what CI runs (see .ci/run).

# A captured backtrace per panic makes property-test shrinking slow; keep them off.
export RUST_BACKTRACE := 0

# The core does no IO and reads no clock or randomness (see ARCHITECTURE.md). CORE_SRC can be
# overridden to point the same grep at another path.
CORE_SRC ?= core/src
CORE_FORBIDDEN := std::fs|std::net|\btokio\b|SystemTime::now|Instant::now|Utc::now|\brand::

.PHONY: test lint check-core-purity run fmt ui deps fuzz-ci vendor-tests

# The Node packages the interop tests run against (each pinned in its package-lock.json):
# store/tests/node_interop.rs and sync-server/tests/js_interop.rs.
NODE_STORE := store/tests/node
NODE_SERVER := sync-server/tests/node

# The desktop app embeds ui/dist when it is compiled (tauri-build), so the UI is built before
# any cargo command that compiles the workspace.
UI_SOURCES := $(shell find ui/src ui/index.html ui/vite.config.ts ui/package.json ui/tsconfig.json ui/tsconfig.app.json ui/tsconfig.node.json -type f 2>/dev/null)

# Doc tests first, so the run ends on an integration test's summary line. The app's WebDriver
# test needs an X display: everything runs under xvfb-run.
test: lint $(NODE_STORE)/node_modules $(NODE_SERVER)/node_modules
	npm test --prefix ui
	$(MAKE) fuzz-ci
	$(MAKE) vendor-tests
	cargo test --workspace --doc
	xvfb-run -a cargo test --workspace --all-targets

%/node_modules: %/package-lock.json
	npm ci --prefix $*
	@touch $@

ui/dist/index.html: ui/node_modules $(UI_SOURCES)
	npm run build --prefix ui

ui: ui/dist/index.html

# What Debian packages the build, the tests and the app need (skips what is installed).
deps:
	./scripts/install-deps.sh

lint: check-core-purity ui/dist/index.html
	npm run typecheck --prefix ui
	cargo fmt --all --check
	cargo clippy --workspace --all-targets -- -D warnings

# grep exits 0 on a match (fail), 1 on no match (pass), 2 on an error such as a missing path (fail).
check-core-purity:
	@status=0; grep -rnHE '$(CORE_FORBIDDEN)' $(CORE_SRC) || status=$$?; \
	case $$status in \
	0) echo 'check-core-purity: the lines above use IO, a clock or randomness; the core must get these from its caller.' >&2; exit 1 ;; \
	1) echo 'check-core-purity: ok, no IO, clock or randomness APIs in $(CORE_SRC)' ;; \
	*) echo 'check-core-purity: grep could not search $(CORE_SRC)' >&2; exit 2 ;; \
	esac

# Installs what is missing (Debian packages, npm packages), builds the UI, the desktop app, the
# CLI and the sync server, makes an admin token once (kept in .tandem-dev/admin-token), starts the
# server on 127.0.0.1:7878 with its data in .tandem-dev/server, makes a demo project in the
# profile .tandem-dev/profile (shared on that server) the first time, and opens the app on it.
# Closing the app stops the server.
DEV := .tandem-dev
DEV_DATA := $(DEV)/server
DEV_PROFILE := $(DEV)/profile
run: deps
	$(MAKE) ui
	# The same targets and features as `make test`, so Tauri and its GTK stack compile only once.
	cargo build --workspace --all-targets
	@mkdir -p $(DEV_DATA)
	@test -s $(DEV)/admin-token || ./target/debug/tandem-sync-server token create --data $(DEV_DATA) --name dev > $(DEV)/admin-token
	@echo 'Server:       http://127.0.0.1:7878 (WebSocket at ws://127.0.0.1:7878/sync)'
	@echo "Admin token:  $$(cat $(DEV)/admin-token)   (also in $(DEV)/admin-token)"
	@echo 'Profile:      $(DEV_PROFILE)   (the CLI: ./target/debug/tandem --home $(DEV_PROFILE) --help)'
	@./target/debug/tandem-sync-server serve --listen 127.0.0.1:7878 --data $(DEV_DATA) & server=$$!; \
	trap 'kill $$server 2>/dev/null; wait $$server 2>/dev/null' EXIT INT TERM; \
	./scripts/demo-project.sh ./target/debug/tandem $(DEV_PROFILE) http://127.0.0.1:7878 "$$(cat $(DEV)/admin-token)"; \
	./target/debug/tandem-desktop --home $(DEV_PROFILE)

fmt:
	cargo fmt --all

# A short fuzzing run of every target in fuzz/ (cargo-fuzz with libFuzzer and AddressSanitizer on
# the stable toolchain; .ci/run installs cargo-fuzz). A crash fails the run and leaves its input in
# fuzz/artifacts/. Longer runs and their results: fuzz/README.md.
FUZZ_SECONDS ?= 30
FUZZ_TARGETS := wire_envelope store_load
# The unit tests of the patched copies in vendor/ that cover Tandem's patches (each folder's
# TANDEM-PATCH.md): hexane's trees (its whole unit suite) and automerge's object index.
# They are not workspace members, so they build into their own target folder.
vendor-tests:
	CARGO_TARGET_DIR=target/vendor-tests cargo test --manifest-path vendor/hexane/Cargo.toml --lib
	CARGO_TARGET_DIR=target/vendor-tests cargo test --manifest-path vendor/automerge/Cargo.toml --lib -- obj_index tandem_

fuzz-ci:
	@command -v cargo-fuzz >/dev/null || { echo 'fuzz-ci: cargo-fuzz is missing: cargo install cargo-fuzz --locked' >&2; exit 1; }
	cd fuzz && for target in $(FUZZ_TARGETS); do \
		mkdir -p corpus/$$target && \
		RUSTC_BOOTSTRAP=1 cargo fuzz run $$target corpus/$$target seeds/$$target -- \
			-max_total_time=$(FUZZ_SECONDS) -rss_limit_mb=2048 || exit 1; \
	done
