# Entry points for developers and CI. `make test` is what CI runs (see .ci/run).

# A captured backtrace per panic makes property-test shrinking slow; keep them off.
export RUST_BACKTRACE := 0

# The core does no IO and reads no clock or randomness (see ARCHITECTURE.md). CORE_SRC can be
# overridden to point the same grep at another path.
CORE_SRC ?= core/src
CORE_FORBIDDEN := std::fs|std::net|\btokio\b|SystemTime::now|Instant::now|Utc::now|\brand::

.PHONY: test lint check-core-purity run fmt

# The Node packages the interop tests run against (each pinned in its package-lock.json):
# store/tests/node_interop.rs and sync-server/tests/js_interop.rs.
NODE_STORE := store/tests/node
NODE_SERVER := sync-server/tests/node

# Doc tests first, so the run ends on an integration test's summary line.
test: lint $(NODE_STORE)/node_modules $(NODE_SERVER)/node_modules
	cargo test --workspace --doc
	cargo test --workspace --all-targets

%/node_modules: %/package-lock.json
	npm ci --prefix $*
	@touch $@

lint: check-core-purity
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

# Builds the offline `tandem` CLI and the sync server, makes an admin token once (kept in
# .tandem-dev/admin-token), and serves on 127.0.0.1:7878 until Ctrl-C. The desktop app is not
# built yet (issue #6).
DEV_DATA := .tandem-dev/server
run:
	cargo build -p tandem-cli -p tandem-sync-server
	@mkdir -p $(DEV_DATA)
	@test -s .tandem-dev/admin-token || ./target/debug/tandem-sync-server token create --data $(DEV_DATA) --name dev > .tandem-dev/admin-token
	@echo 'CLI:          ./target/debug/tandem --help'
	@echo 'Server:       http://127.0.0.1:7878 (WebSocket at ws://127.0.0.1:7878/sync)'
	@echo "Admin token:  $$(cat .tandem-dev/admin-token)   (also in .tandem-dev/admin-token)"
	@echo 'The desktop app is not built yet (issue #6). Ctrl-C stops the server.'
	./target/debug/tandem-sync-server serve --listen 127.0.0.1:7878 --data $(DEV_DATA)

fmt:
	cargo fmt --all
