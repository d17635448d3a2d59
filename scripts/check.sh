#!/usr/bin/env bash
# What a change must pass before it is committed: formatting, clippy, the tests.
set -euo pipefail
cd "$(dirname "$0")/.."
cargo fmt --check
cargo clippy --all-targets -- -D warnings
./scripts/test.sh
