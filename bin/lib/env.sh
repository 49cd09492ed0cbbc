# Sourced by the scripts in bin/ and .ci/: finds (or installs) what the build needs and exports
# JAVA_HOME. memkube builds with Java 21 or newer, while Debian 12's default JDK is 17.
# shellcheck shell=bash

MEMKUBE_ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
export MEMKUBE_ROOT

memkube_log() { printf '\033[1m==> %s\033[0m\n' "$*" >&2; }

memkube_die() {
  printf 'error: %s\n' "$*" >&2
  exit 1
}

# Runs a command as root: directly when we are root, through sudo otherwise.
memkube_as_root() {
  if [ "$(id -u)" -eq 0 ]; then "$@"; else sudo "$@"; fi
}

# Installs the Debian packages that are not installed yet (one apt-get update per run).
memkube_apt_install() {
  local missing=()
  local pkg
  for pkg in "$@"; do
    dpkg-query -W -f='${Status}' "$pkg" 2>/dev/null | grep -q "ok installed" || missing+=("$pkg")
  done
  [ "${#missing[@]}" -eq 0 ] && return 0
  command -v apt-get >/dev/null || memkube_die "need the Debian packages ${missing[*]}, and apt-get is not here"
  memkube_log "installing Debian packages: ${missing[*]}"
  if [ -z "${MEMKUBE_APT_UPDATED:-}" ]; then
    memkube_as_root apt-get update -qq
    MEMKUBE_APT_UPDATED=1
  fi
  # RUNLEVEL=1 keeps invoke-rc.d from starting the packaged memcached on port 11211: tests start
  # their own servers on free ports and must not meet a stray one.
  memkube_as_root env DEBIAN_FRONTEND=noninteractive RUNLEVEL=1 apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null
}

# Prints the feature release of the JDK at $1 (e.g. 21), or nothing when it is not a JDK.
memkube_jdk_release() {
  [ -x "$1/bin/javac" ] || return 0
  "$1/bin/java" -XshowSettings:properties -version 2>&1 |
    sed -n 's/^ *java\.specification\.version = \([0-9]*\).*/\1/p'
}

# Exports JAVA_HOME as a JDK 21+: the one JAVA_HOME names, else the newest under /usr/lib/jvm,
# else one from Debian's packages (openjdk-21 on Debian 13 / Ubuntu 24.04; Debian 12 has none).
memkube_use_jdk() {
  local candidate release best="" best_release=0
  if [ -n "${JAVA_HOME:-}" ]; then
    release=$(memkube_jdk_release "$JAVA_HOME")
    if [ -n "$release" ] && [ "$release" -ge 21 ]; then
      export JAVA_HOME
      return 0
    fi
  fi
  for candidate in /usr/lib/jvm/*; do
    [ -d "$candidate" ] || continue
    release=$(memkube_jdk_release "$candidate")
    if [ -n "$release" ] && [ "$release" -ge 21 ] && [ "$release" -gt "$best_release" ]; then
      best=$candidate
      best_release=$release
    fi
  done
  if [ -z "$best" ]; then
    local pkg
    for pkg in openjdk-25-jdk-headless openjdk-21-jdk-headless; do
      if apt-cache show "$pkg" >/dev/null 2>&1 ||
        { memkube_as_root apt-get update -qq && MEMKUBE_APT_UPDATED=1 && apt-cache show "$pkg" >/dev/null 2>&1; }; then
        memkube_apt_install "$pkg"
        memkube_use_jdk
        return 0
      fi
    done
    memkube_die "no JDK 21 or newer found: set JAVA_HOME to one, or install one under /usr/lib/jvm"
  fi
  export JAVA_HOME="$best"
}

# What the Maven wrapper needs to fetch Maven, and netcat for talking to a running cluster by hand.
memkube_install_build_packages() {
  memkube_apt_install ca-certificates curl unzip procps netcat-openbsd python3
}

# The build's packages, plus the real memcached, its test tools (memccapable) and twemproxy
# (nutcracker), which the tests and benchmarks run ours against, perl's prove, which runs
# memcached's own t/ files (cache-server/compat/run), and the Prometheus project's Python client,
# whose parser reads /metrics in the tests (io.memkube.protocol.metrics.PrometheusTextParser), and
# pymemcache, the Python client the TLS tests drive through Python's ssl module.
memkube_install_test_packages() {
  memkube_install_build_packages
  memkube_apt_install git openssl memcached libmemcached-tools nutcracker perl python3-prometheus-client python3-pymemcache
}

# What the local cluster's real node runs (e2e/bin/cluster, docs/e2e.md): containerd, runc and the
# CNI plugins (bridge, host-local, portmap in /usr/lib/cni), and the iptables and conntrack tools
# that kube-proxy and the CNI plugins call. RUNLEVEL=1 (memkube_apt_install) keeps Debian's
# containerd service from starting: the node runs its own, with its own socket and state.
memkube_install_node_packages() {
  memkube_apt_install containerd runc containernetworking-plugins iptables conntrack
}

# Removes the project's own artifacts (io/memkube) from the local Maven repository. Every build in
# the scripts resolves a module from the reactor it runs in (-am); a jar left there by an earlier
# `mvn install` would let a script that forgot -am pass here and fail on a fresh machine, so the
# test run starts without them, as a fresh machine does.
memkube_forget_own_artifacts() {
  local repo
  repo=$(cd "$MEMKUBE_ROOT" && ./mvnw -q -B -ntp help:evaluate -Dexpression=settings.localRepository -DforceStdout 2>/dev/null) ||
    repo="$HOME/.m2/repository"
  [ -n "$repo" ] || repo="$HOME/.m2/repository"
  if [ -d "$repo/io/memkube" ]; then
    memkube_log "removing the project's own artifacts from $repo/io/memkube (tests build them from the reactor)"
    rm -rf "$repo/io/memkube"
  fi
}

# Prints the JVM options the data-plane jars want on this JDK: Netty's native transport and its
# off-heap buffers use restricted methods that JDK 24+ warns about unless they are allowed.
memkube_jvm_options() {
  local release
  release=$(memkube_jdk_release "$JAVA_HOME")
  if [ -n "$release" ] && [ "$release" -ge 24 ]; then
    printf '%s\n' --enable-native-access=ALL-UNNAMED --sun-misc-unsafe-memory-access=allow
  fi
}

# Puts Go on PATH for building the Kubernetes test tools: the one on PATH, else the usual
# /usr/local/go. Debian's own golang package is too old (the tools need Go 1.26).
memkube_use_go() {
  command -v go >/dev/null && return 0
  if [ -x /usr/local/go/bin/go ]; then
    export PATH="/usr/local/go/bin:$PATH"
    return 0
  fi
  memkube_die "Go 1.26 or newer is needed to build the Kubernetes test tools: install it under /usr/local/go"
}
