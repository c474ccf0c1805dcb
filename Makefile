# Entry points for developers and CI. `make test` is what CI runs (see .ci/run).

# A captured backtrace per panic makes property-test shrinking slow; keep them off.
export RUST_BACKTRACE := 0

# The core does no IO and reads no clock or randomness (see ARCHITECTURE.md). CORE_SRC can be
# overridden to point the same grep at another path.
CORE_SRC ?= core/src
CORE_FORBIDDEN := std::fs|std::net|\btokio\b|SystemTime::now|Instant::now|Utc::now|\brand::

.PHONY: test lint check-core-purity run fmt

NODE_INTEROP := store/tests/node

# Doc tests first, so the run ends on an integration test's summary line.
test: lint $(NODE_INTEROP)/node_modules
	cargo test --workspace --doc
	cargo test --workspace --all-targets

# The Node packages store/tests/node_interop.rs runs against (pinned in package-lock.json).
$(NODE_INTEROP)/node_modules: $(NODE_INTEROP)/package-lock.json
	npm ci --prefix $(NODE_INTEROP)
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

# The sync server and desktop app do not exist yet (#4, #6); until then `run` builds the
# offline `tandem` CLI and shows how to use it.
run:
	cargo build -p tandem-cli
	@./target/debug/tandem --help
	@echo
	@echo 'Built ./target/debug/tandem (offline CLI). The sync server and desktop app are not built yet (issues #4-#6).'

fmt:
	cargo fmt --all
