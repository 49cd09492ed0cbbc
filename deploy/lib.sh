# Sourced by the scripts in deploy/: reads the ONE source of image names and versions (the root
# pom.xml) and offers small helpers for the deploy tests.
# shellcheck shell=bash

DEPLOY_DIR="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
MEMKUBE_ROOT="$(cd "$DEPLOY_DIR/.." && pwd)"
export DEPLOY_DIR MEMKUBE_ROOT

# Prints a value of the root pom: `version`, or a property name such as memkube.image.repository.
deploy_pom() {
  python3 - "$MEMKUBE_ROOT/pom.xml" "$1" <<'PY'
import sys, xml.etree.ElementTree as ET
ns = {"m": "http://maven.apache.org/POM/4.0.0"}
root = ET.parse(sys.argv[1]).getroot()
key = sys.argv[2]
node = root.find("m:version", ns) if key == "version" else root.find("m:properties/m:" + key, ns)
if node is None:
    sys.exit("pom.xml has no " + key)
value = node.text.strip()
if value == "${project.version}":
    value = root.find("m:version", ns).text.strip()
print(value)
PY
}

deploy_log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

# Test bookkeeping: each check prints ok/FAIL; deploy_done prints the closing count line.
DEPLOY_PASSED=0
DEPLOY_FAILED=0
deploy_ok() {
  DEPLOY_PASSED=$((DEPLOY_PASSED + 1))
  printf 'ok    %s\n' "$*"
}
deploy_fail() {
  DEPLOY_FAILED=$((DEPLOY_FAILED + 1))
  printf 'FAIL  %s\n' "$*"
}
# deploy_check NAME COMMAND...: runs COMMAND, counts it as passed when it exits 0.
deploy_check() {
  local name="$1"
  shift
  local out
  if out="$("$@" 2>&1)"; then
    deploy_ok "$name"
  else
    deploy_fail "$name"
    printf '%s\n' "$out" | sed 's/^/      /' | head -40
  fi
}
deploy_done() {
  echo "$DEPLOY_PASSED passed, $DEPLOY_FAILED failed"
  [ "$DEPLOY_FAILED" -eq 0 ]
}

# The tools the deploy tests use: helm and kubectl as e2e/bin/cluster builds them (the pinned
# versions, in ~/.cache/memkube/tools), never another version left on PATH or in the cache.
deploy_helm() { "$MEMKUBE_ROOT/e2e/bin/cluster" tool helm; }
deploy_kubectl() { "$MEMKUBE_ROOT/e2e/bin/cluster" tool kubectl; }
