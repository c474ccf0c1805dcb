# Entry points for developers and CI. `make test` is what CI runs (see .ci/run).

# A captured backtrace per panic makes property-test shrinking slow; keep them off.
export RUST_BACKTRACE := 0

# The core does no IO and reads no clock or randomness (see ARCHITECTURE.md). CORE_SRC can be
# overridden to point the same grep at another path.
CORE_SRC ?= core/src
CORE_FORBIDDEN := std::fs|std::net|\btokio\b|SystemTime::now|Instant::now|Utc::now|\brand::

.PHONY: test lint check-core-purity run fmt

# Doc tests first, so the run ends on an integration test's summary line.
test: lint
	cargo test --workspace --doc
	cargo test --workspace --all-targets

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

run:
	@echo 'Tandem has no runnable app yet: the CLI and desktop app arrive with issues #3 and #6. Run `make test` to exercise the core.'; exit 1

fmt:
	cargo fmt --all
