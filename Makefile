# Two commands for a newcomer; both install whatever is missing first.
.PHONY: run test check bench size

run:   ## serve the app on http://127.0.0.1:3000 (SQLite)
	bash scripts/run.sh

test:  ## every test: unit, property, integration (SQLite + PostgreSQL), browser
	bash scripts/test.sh

check: ## quick loop while developing
	cargo check --workspace && cargo test -p app --lib

bench: ## engine benchmarks (criterion)
	cargo bench -p app --bench engine

size:  ## transfer sizes of the built site beside peer form engines
	bash scripts/size.sh
