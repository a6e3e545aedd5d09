# Two commands for a newcomer; both install whatever is missing first.
.PHONY: run test dev check bench size lighthouse

run:   ## serve the app on http://127.0.0.1:3000 (SQLite)
	bash scripts/run.sh

test:  ## every test: unit, property, integration (SQLite + PostgreSQL), browser
	bash scripts/test.sh

dev:   ## edit loop: rebuild and reload on save (cargo leptos watch, debug build)
	bash -c 'source scripts/tools.sh && cargo leptos watch --split'

check: ## quick loop while developing
	cargo check --workspace && cargo test -p app --lib

bench: ## engine benchmarks (criterion)
	cargo bench -p app --bench engine

size:  ## what a phone receives, as served over HTTP, beside peer form engines
	bash scripts/size.sh

lighthouse: ## Lighthouse (mobile, simulated slow 4G) on the home and a form page
	bash scripts/lighthouse.sh
