# Tradeoffs. The four targets below are a contract that other tooling calls:
#   make serve   install what is missing, then serve the app at http://127.0.0.1:8080/ with live reload
#   make test    install what is missing (browser too), then run every test layer
#   make dist    write the release site to dist/ (PUBLIC_URL=/tradeoffs/ make dist for a sub-path host)
#   make bench   build dist/ and print its sizes, the first-load transfer and the update time
PUBLIC_URL ?= /

.PHONY: serve test dist bench

serve:
	@tools/bootstrap.sh
	@. tools/env.sh && wasm_env trunk serve --public-url /

test:
	@tools/test.sh

dist:
	@tools/bootstrap.sh
	@. tools/env.sh && wasm_env trunk build --release --public-url "$(PUBLIC_URL)"

bench:
	@tools/bench.sh "$(PUBLIC_URL)"
