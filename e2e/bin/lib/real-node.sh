# A real node for the local cluster (sourced by e2e/bin/cluster): a kubelet and kube-proxy of the
# pinned Kubernetes release, containerd, runc and the CNI plugins from Debian's packages, and CoreDNS
# on the host as the cluster's DNS, so that memkube's images really run in pods next to the KWOK
# nodes. See docs/e2e.md ("The real node") for what it changes on the host and how `down` undoes it.
#
# Addresses: only this machine's own address and reserved documentation ranges, never a private
# range (they are watched on the build machines even when the servers are our own):
#   node IP       the address of the default route's interface (192.0.2.2 on the build machines)
#   pods          198.51.100.0/25 on the bridge memkube0, gateway 198.51.100.1 (also CoreDNS's address)
#   KWOK's pods   198.51.100.128/26, KWOK's nodes 198.51.100.200-202: 198.51.100.128/25 is blackholed,
#                 so nothing aimed at a fake address leaves the machine
#   Services      203.0.113.0/26 (kubernetes 203.0.113.1, kube-dns 203.0.113.10). No route of ours: the
#                 rest of 203.0.113.0/24 is not ours (the build machines' mirrors answer at
#                 203.0.113.80), and kube-proxy's rules catch traffic to a ClusterIP before routing does
# shellcheck shell=bash

REAL_NODES=${MEMKUBE_REAL_NODES:-1}
COREDNS_VERSION=1.15.0
REAL_NODE=${MEMKUBE_REAL_NODE_NAME:-memkube-node-0}
NODE_DIR=$STATE/real-node
# containerd's state and socket: /run, and short, because unix socket paths are limited to 108 bytes.
NODE_RUN=${MEMKUBE_NODE_RUN:-/run/memkube-node}
BRIDGE=${MEMKUBE_NODE_BRIDGE:-memkube0}
BRIDGE_IP=198.51.100.1
BRIDGE_MAC=02:00:c6:33:64:01
NODE_POD_CIDR=198.51.100.0/25
KWOK_RANGE=198.51.100.128/25
DNS_IP=203.0.113.10
DNS_HEALTH_PORT=${MEMKUBE_DNS_HEALTH_PORT:-18053}
NODE_LABEL=memkube.io/real-node
PAUSE_IMAGE=memkube.invalid/pause:1.0
HOSTS_MARK="# memkube real node"
# What the kubelet, the CNI bridge and kube-proxy may set; saved before the first start, restored by down.
NODE_SYSCTLS=(net.ipv4.ip_forward vm.overcommit_memory vm.panic_on_oom kernel.panic kernel.panic_on_oops
  kernel.keys.root_maxkeys kernel.keys.root_maxbytes net.ipv4.conf.all.route_localnet
  net.bridge.bridge-nf-call-iptables net.bridge.bridge-nf-call-ip6tables net.netfilter.nf_conntrack_max
  net.netfilter.nf_conntrack_tcp_timeout_established net.netfilter.nf_conntrack_tcp_timeout_close_wait)
# Components of the real node, in the order `down` stops them.
NODE_COMPONENTS=(kube-proxy kubelet coredns containerd)

real_nodes_enabled() {
  case $REAL_NODES in
    0) return 1 ;;
    1) return 0 ;;
    *) die "MEMKUBE_REAL_NODES=$REAL_NODES: 0 or 1 (one host has one network namespace, so one real node)" ;;
  esac
}

as_root() { if [[ $(id -u) == 0 ]]; then "$@"; else sudo "$@"; fi; }

# The node's IP: the IPv4 address of the default route's interface. Only a reserved documentation
# address is accepted, since the tests send traffic to it (MEMKUBE_NODE_IP overrides).
node_ip() {
  local ip=${MEMKUBE_NODE_IP:-} dev
  if [[ -z $ip ]]; then
    dev=$(ip -4 route show default | sed -n 's/.* dev \([^ ]*\).*/\1/p' | head -1)
    [[ -n $dev ]] || die "no default route: set MEMKUBE_NODE_IP to this machine's address"
    ip=$(ip -4 -o addr show dev "$dev" | sed -n 's/.* inet \([0-9.]*\)\/.*/\1/p' | head -1)
  fi
  case $ip in
    192.0.2.* | 198.51.100.* | 203.0.113.*) echo "$ip" ;;
    *) die "the node IP $ip is not in a documentation range (192.0.2.0/24, 198.51.100.0/24, 203.0.113.0/24); set MEMKUBE_REAL_NODES=0, or MEMKUBE_NODE_IP" ;;
  esac
}

# --- builds: CoreDNS and the pause image, cached like the other tools ---

build_coredns() {
  [[ -x $COREDNS_BIN/coredns ]] && return
  go_env
  local final=${COREDNS_BIN%/bin} tmp
  tmp=$TOOLS/.$(basename "$final").tmp
  log "building CoreDNS v$COREDNS_VERSION"
  rm -rf "$tmp"; mkdir -p "$tmp/bin"
  # CoreDNS's go.mod has no replace lines, so `go install module@version` pins its whole graph.
  GOBIN=$tmp/bin go install -ldflags "-s -w -X github.com/coredns/coredns/coremain.GitCommit=v$COREDNS_VERSION" \
    "github.com/coredns/coredns@v$COREDNS_VERSION"
  install_dir "$final" "$tmp"
  log "built $("$COREDNS_BIN/coredns" -version | head -1)"
}

# The sandbox image: e2e/images/pause as a static binary in a one-layer `docker save` archive, the
# layout `ctr images import` reads.
build_pause() {
  [[ -s $PAUSE_TAR ]] && return
  go_env
  local final=${PAUSE_TAR%/image.tar} tmp layer config diff cfg
  tmp=$TOOLS/.$(basename "$final").tmp
  log "building the pause image ($PAUSE_IMAGE)"
  rm -rf "$tmp"; mkdir -p "$tmp/rootfs" "$tmp/image"
  (cd "$E2E_DIR/images/pause" && go build -ldflags "-s -w" -o "$tmp/rootfs/pause" .)
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$tmp/rootfs" -cf "$tmp/layer.tar" pause
  diff=$(sha256sum "$tmp/layer.tar" | cut -d' ' -f1)
  mkdir -p "$tmp/image/$diff"
  mv "$tmp/layer.tar" "$tmp/image/$diff/layer.tar"
  config=$(printf '{"architecture":"amd64","os":"linux","config":{"Entrypoint":["/pause"],"User":"65535:65535"},"rootfs":{"type":"layers","diff_ids":["sha256:%s"]}}' "$diff")
  cfg=$(printf '%s' "$config" | sha256sum | cut -d' ' -f1)
  printf '%s' "$config" >"$tmp/image/$cfg.json"
  printf '[{"Config":"%s.json","RepoTags":["%s"],"Layers":["%s/layer.tar"]}]' "$cfg" "$PAUSE_IMAGE" "$diff" >"$tmp/image/manifest.json"
  tar --sort=name --owner=0 --group=0 --numeric-owner --mtime=@0 -C "$tmp/image" -cf "$tmp/image.tar" .
  rm -rf "$tmp/rootfs" "$tmp/image"
  install_dir "$final" "$tmp"
}

build_real_node_tools() {
  real_nodes_enabled || return 0
  build_coredns
  build_pause
}

# --- credentials ---

# sign NAME SUBJECT EXT: a key and a certificate from the cluster CA.
sign() {
  local name=$1 subj=$2 ext=$3 pki=$STATE/pki
  [[ -s $pki/$name.crt ]] && return
  openssl req -newkey rsa:2048 -nodes -keyout "$pki/$name.key" -out "$pki/$name.csr" -subj "$subj" 2>/dev/null
  printf '%s\n' "$ext" >"$pki/$name.ext"
  openssl x509 -req -in "$pki/$name.csr" -CA "$pki/ca.crt" -CAkey "$pki/ca.key" -CAcreateserial \
    -out "$pki/$name.crt" -days 3650 -extfile "$pki/$name.ext" 2>/dev/null
  rm -f "$pki/$name.csr" "$pki/$name.ext"
}

make_node_pki() {
  local ip=$1
  # The kubelet: a client as the Node authorizer and NodeRestriction expect it, and a serving
  # certificate the API server checks (--kubelet-certificate-authority) when it proxies logs/exec.
  sign "kubelet-$REAL_NODE" "/O=system:nodes/CN=system:node:$REAL_NODE" "extendedKeyUsage=clientAuth"
  sign "kubelet-serving-$REAL_NODE" "/CN=$REAL_NODE" \
    "$(printf 'subjectAltName=DNS:%s,IP:%s\nextendedKeyUsage=serverAuth' "$REAL_NODE" "$ip")"
  # bound to system:node-proxier by the default RBAC
  sign kube-proxy "/CN=system:kube-proxy" "extendedKeyUsage=clientAuth"
  # bound below to a read-only role on Services, EndpointSlices, Pods and Namespaces
  sign coredns "/CN=memkube:coredns" "extendedKeyUsage=clientAuth"
  [[ -s $NODE_DIR/kubelet.kubeconfig ]] || write_kubeconfig "kubelet-$REAL_NODE" "$NODE_DIR/kubelet.kubeconfig"
  [[ -s $NODE_DIR/kube-proxy.kubeconfig ]] || write_kubeconfig kube-proxy "$NODE_DIR/kube-proxy.kubeconfig"
  [[ -s $NODE_DIR/coredns.kubeconfig ]] || write_kubeconfig coredns "$NODE_DIR/coredns.kubeconfig"
}

# --- host changes, each undone by real_node_down ---

save_sysctls() {
  local file=$NODE_DIR/sysctls.saved key
  [[ -s $file ]] && return
  for key in "${NODE_SYSCTLS[@]}"; do
    [[ -e /proc/sys/${key//.//} ]] && echo "$key=$(cat "/proc/sys/${key//.//}")"
  done >"$file.tmp"
  mv "$file.tmp" "$file"
}

restore_sysctls() {
  local file=$NODE_DIR/sysctls.saved line
  [[ -s $file ]] || return 0
  while IFS= read -r line; do
    as_root sysctl -qw "$line" >/dev/null 2>&1 || log "could not restore $line"
  done <"$file"
  log "restored the sysctls the node changed ($(tr '\n' ' ' <"$file"))"
}

# /etc/hosts may be a bind mount: rewrite it in place, never replace it.
hosts_add() {
  local ip=$1
  grep -q "$HOSTS_MARK" /etc/hosts && hosts_remove
  printf '%s %s %s\n' "$ip" "$REAL_NODE" "$HOSTS_MARK" | as_root tee -a /etc/hosts >/dev/null
}

hosts_remove() {
  grep -q "$HOSTS_MARK" /etc/hosts 2>/dev/null || return 0
  local kept
  kept=$(grep -v "$HOSTS_MARK" /etc/hosts)
  printf '%s\n' "$kept" | as_root tee /etc/hosts >/dev/null
}

network_up() {
  if ! ip link show "$BRIDGE" >/dev/null 2>&1; then
    as_root ip link add "$BRIDGE" type bridge
  fi
  # A bridge without an address of its own takes the lowest of its ports' (each pod's veth): a pod's
  # start or stop can change it under the pods' ARP entries for the gateway. A fixed, locally
  # administered address stays put (suspected, not proven, behind second-long stalls on hostPorts).
  as_root ip link set "$BRIDGE" address "$BRIDGE_MAC"
  ip -4 addr show dev "$BRIDGE" | grep -q " $BRIDGE_IP/" || as_root ip addr add "$BRIDGE_IP/25" dev "$BRIDGE"
  as_root ip link set "$BRIDGE" up
  # KWOK's fake pods and nodes have addresses nothing answers: keep traffic to them on this machine.
  as_root ip route replace blackhole "$KWOK_RANGE"
  # The `kubernetes` Service for pods: the API server listens on 127.0.0.1 only, so a DNAT of our
  # own sends 203.0.113.1:443 from the bridge there (route_localnet on the bridge allows it);
  # kube-proxy leaves that Service alone (service-proxy-name label, set below).
  as_root sysctl -qw "net.ipv4.conf.$BRIDGE.route_localnet=1" >/dev/null
  if ! as_root iptables -t nat -S MEMKUBE-API >/dev/null 2>&1; then
    as_root iptables -t nat -N MEMKUBE-API
    as_root iptables -t nat -A MEMKUBE-API -i "$BRIDGE" -d "$SERVICE_IP" -p tcp --dport 443 \
      -j DNAT --to-destination "127.0.0.1:$API_PORT"
    as_root iptables -t nat -I PREROUTING 1 -j MEMKUBE-API
  fi
}

# --- configuration files ---

write_node_configs() {
  local ip=$1 pki=$STATE/pki
  mkdir -p "$NODE_DIR/cni/net.d" "$NODE_DIR/pod-logs" "$NODE_DIR/kubelet"
  cat >"$NODE_DIR/containerd.toml" <<EOF
version = 2
root = "$NODE_DIR/containerd"
state = "$NODE_RUN/containerd"
[grpc]
  address = "$NODE_RUN/containerd.sock"
[plugins."io.containerd.internal.v1.opt"]
  path = "$NODE_DIR/containerd-opt"
[plugins."io.containerd.grpc.v1.cri"]
  sandbox_image = "$PAUSE_IMAGE"
  # runc cannot write oom_score_adj without CAP_SYS_RESOURCE (which this machine's root lacks)
  restrict_oom_score_adj = true
  enable_selinux = false
  [plugins."io.containerd.grpc.v1.cri".containerd]
    snapshotter = "overlayfs"
    default_runtime_name = "runc"
    [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc]
      runtime_type = "io.containerd.runc.v2"
      [plugins."io.containerd.grpc.v1.cri".containerd.runtimes.runc.options]
        SystemdCgroup = false
        Root = "$NODE_RUN/runc"
  [plugins."io.containerd.grpc.v1.cri".cni]
    bin_dir = "/usr/lib/cni"
    conf_dir = "$NODE_DIR/cni/net.d"
EOF
  cat >"$NODE_DIR/cni/net.d/10-memkube.conflist" <<EOF
{
  "cniVersion": "0.4.0",
  "name": "memkube",
  "plugins": [
    {
      "type": "bridge", "bridge": "$BRIDGE", "isGateway": true, "ipMasq": true, "hairpinMode": true,
      "ipam": {
        "type": "host-local", "dataDir": "$NODE_DIR/cni/ipam",
        "ranges": [[{"subnet": "$NODE_POD_CIDR", "gateway": "$BRIDGE_IP"}]],
        "routes": [{"dst": "0.0.0.0/0"}]
      }
    },
    {"type": "portmap", "capabilities": {"portMappings": true}}
  ]
}
EOF
  cat >"$NODE_DIR/kubelet.yaml" <<EOF
apiVersion: kubelet.config.k8s.io/v1beta1
kind: KubeletConfiguration
address: $ip
port: 10250
readOnlyPort: 0
healthzBindAddress: 127.0.0.1
healthzPort: 10248
authentication:
  anonymous: {enabled: false}
  webhook: {enabled: true}
  x509: {clientCAFile: $pki/ca.crt}
authorization: {mode: Webhook}
tlsCertFile: $pki/kubelet-serving-$REAL_NODE.crt
tlsPrivateKeyFile: $pki/kubelet-serving-$REAL_NODE.key
containerRuntimeEndpoint: unix://$NODE_RUN/containerd.sock
imageServiceEndpoint: unix://$NODE_RUN/containerd.sock
# containerd 1.6 cannot tell the kubelet its cgroup driver: match SystemdCgroup = false
cgroupDriver: cgroupfs
# this machine has cgroup v1 (kubelet 1.35+ refuses it by default) and may have swap
failCgroupV1: false
failSwapOn: false
clusterDNS: [$DNS_IP]
clusterDomain: cluster.local
resolvConf: ""
registerWithTaints:
- {key: $NODE_LABEL, value: "true", effect: NoSchedule}
podLogsDir: $NODE_DIR/pod-logs
# a shared build machine: evict only when really short, never collect the imported images
evictionHard: {memory.available: 100Mi, nodefs.available: 1%, imagefs.available: 1%, nodefs.inodesFree: 1%}
imageGCHighThresholdPercent: 100
imageGCLowThresholdPercent: 99
serializeImagePulls: false
EOF
  cat >"$NODE_DIR/kube-proxy.yaml" <<EOF
apiVersion: kubeproxy.config.k8s.io/v1alpha1
kind: KubeProxyConfiguration
clientConnection: {kubeconfig: $NODE_DIR/kube-proxy.kubeconfig}
hostnameOverride: $REAL_NODE
mode: iptables
clusterCIDR: $NODE_POD_CIDR
healthzBindAddress: 127.0.0.1:10256
metricsBindAddress: 127.0.0.1:10249
iptables: {localhostNodePorts: false}
# leave the host's conntrack settings as they are
conntrack: {maxPerCore: 0, min: 0, tcpEstablishedTimeout: 0s, tcpCloseWaitTimeout: 0s}
EOF
  printf '%s %s\n' "$ip" "$REAL_NODE" >"$NODE_DIR/dns-hosts"
  # Nothing outside cluster.local is forwarded: there is no network to forward to. The node's
  # name resolves too, so pods reach the node-local proxy at $NODE_NAME:5000.
  cat >"$NODE_DIR/Corefile" <<EOF
.:53 {
    bind $BRIDGE_IP
    errors
    health 127.0.0.1:$DNS_HEALTH_PORT
    hosts $NODE_DIR/dns-hosts {
        fallthrough
    }
    kubernetes cluster.local in-addr.arpa ip6.arpa {
        kubeconfig $NODE_DIR/coredns.kubeconfig memkube-local
        pods insecure
        fallthrough in-addr.arpa ip6.arpa
    }
    loadbalance
}
EOF
}

# --- API objects the node needs: DNS as kube-dns, CoreDNS's read access, the kubernetes Service ---

apply_node_objects() {
  k apply -f - >/dev/null <<EOF
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRole
metadata: {name: "memkube:coredns"}
rules:
- apiGroups: [""]
  resources: [endpoints, services, pods, namespaces]
  verbs: [list, watch]
- apiGroups: [discovery.k8s.io]
  resources: [endpointslices]
  verbs: [list, watch]
---
apiVersion: rbac.authorization.k8s.io/v1
kind: ClusterRoleBinding
metadata: {name: "memkube:coredns"}
roleRef: {apiGroup: rbac.authorization.k8s.io, kind: ClusterRole, name: "memkube:coredns"}
subjects:
- {apiGroup: rbac.authorization.k8s.io, kind: User, name: "memkube:coredns"}
---
apiVersion: v1
kind: Service
metadata:
  name: kube-dns
  namespace: kube-system
  labels: {k8s-app: kube-dns, kubernetes.io/name: CoreDNS}
spec:
  clusterIP: $DNS_IP
  ports:
  - {name: dns, port: 53, protocol: UDP, targetPort: 53}
  - {name: dns-tcp, port: 53, protocol: TCP, targetPort: 53}
---
apiVersion: discovery.k8s.io/v1
kind: EndpointSlice
metadata:
  name: kube-dns-host
  namespace: kube-system
  labels: {kubernetes.io/service-name: kube-dns, endpointslice.kubernetes.io/managed-by: memkube.io-cluster}
addressType: IPv4
endpoints:
- addresses: [$BRIDGE_IP]
  conditions: {ready: true}
ports:
- {name: dns, port: 53, protocol: UDP}
- {name: dns-tcp, port: 53, protocol: TCP}
EOF
  k label service kubernetes -n default service.kubernetes.io/service-proxy-name=memkube-api-dnat --overwrite >/dev/null
}

# --- the node's processes ---

ctr_node() { as_root ctr --address "$NODE_RUN/containerd.sock" -n k8s.io "$@"; }

node_ready() {
  [[ $(k get node "$REAL_NODE" -o jsonpath='{.status.conditions[?(@.type=="Ready")].status}' 2>/dev/null) == True ]]
}

real_node_up() {
  real_nodes_enabled || return 0
  [[ $(id -u) == 0 ]] || command -v sudo >/dev/null || die "a real node needs root (or MEMKUBE_REAL_NODES=0)"
  if ip link show "$BRIDGE" >/dev/null 2>&1 && [[ ! -d $NODE_DIR ]]; then
    die "the bridge $BRIDGE exists but $NODE_DIR does not: another cluster's real node runs here (its e2e/bin/cluster down removes it), or run with MEMKUBE_REAL_NODES=0"
  fi
  # shellcheck source=../../../bin/lib/env.sh
  source "$E2E_DIR/../bin/lib/env.sh"
  memkube_install_node_packages
  local ip start_time=$SECONDS
  ip=$(node_ip)
  mkdir -p "$NODE_DIR"
  make_node_pki "$ip"
  save_sysctls
  # directories the node's parts create outside its own: removed by down when they were not there before
  local d
  for d in containerd netns; do
    [[ -e $NODE_DIR/run-$d.created ]] || [[ -e /run/$d ]] || touch "$NODE_DIR/run-$d.created"
  done
  hosts_add "$ip"
  network_up
  write_node_configs "$ip"
  apply_node_objects

  mkdir -p "$NODE_RUN"
  start containerd containerd --config "$NODE_DIR/containerd.toml"
  wait_for containerd 60 ctr_node version
  import_image pause "$PAUSE_TAR"
  real_node_images_import

  start coredns "$COREDNS_BIN/coredns" -conf "$NODE_DIR/Corefile"
  wait_for CoreDNS 60 healthz "http://127.0.0.1:$DNS_HEALTH_PORT/health"

  start kubelet "$K8S_BIN/kubelet" --config="$NODE_DIR/kubelet.yaml" --kubeconfig="$NODE_DIR/kubelet.kubeconfig" \
    --root-dir="$NODE_DIR/kubelet" --cert-dir="$NODE_DIR/kubelet/pki" --hostname-override="$REAL_NODE" \
    --node-ip="$ip" --node-labels="$NODE_LABEL=true"
  start kube-proxy "$K8S_BIN/kube-proxy" --config="$NODE_DIR/kube-proxy.yaml"
  log "waiting for the real node $REAL_NODE ($ip) to be Ready"
  wait_for "real node $REAL_NODE" 120 node_ready
  wait_for kube-proxy 60 healthz "http://127.0.0.1:10256/healthz"
  log "real node $REAL_NODE Ready in $((SECONDS - start_time)) s (pods $NODE_POD_CIDR, DNS $DNS_IP)"
}

# import_image NAME TAR: loads an image archive into the node's containerd once per content.
import_image() {
  local name=$1 tar=$2 sum mark
  [[ -s $tar ]] || return 1
  mark=$NODE_DIR/images/$name.sha256
  sum=$(sha256sum "$tar" | cut -d' ' -f1)
  [[ -s $mark && $(cat "$mark") == "$sum" ]] && return 0
  ctr_node images import "$tar" >/dev/null
  mkdir -p "$NODE_DIR/images"
  echo "$sum" >"$mark"
  log "imported $name ($tar) into $REAL_NODE's containerd"
}

# The Jib archives of this checkout: the shipped images under the names the operator defaults to,
# and the test application.
PROJECT_IMAGES=(cache-server proxy operator e2e)

real_node_images_import() {
  local m
  for m in "${PROJECT_IMAGES[@]}"; do
    import_image "$m" "$E2E_DIR/../$m/target/jib-image.tar" || true
  done
}

# `e2e/bin/cluster images [--build]`: builds the missing archives offline (as bin/test does: the
# base from deploy/images/build-base, then Jib), or all of them with --build, and imports them.
cmd_images() {
  real_nodes_enabled || { log "MEMKUBE_REAL_NODES=0: no node to load images into"; return 0; }
  local root m missing=${1:-}
  root=$(cd "$E2E_DIR/.." && pwd)
  for m in "${PROJECT_IMAGES[@]}"; do
    [[ -s $root/$m/target/jib-image.tar ]] || missing=--build
  done
  if [[ $missing == --build ]]; then
    local base
    base=$("$root/deploy/images/build-base")
    log "building the images (./mvnw -Pimages package on tar://$base)"
    (cd "$root" && ./mvnw -B -q -ntp -Pimages -DskipTests -Dspotless.check.skip=true \
      -pl cache-server,proxy,operator,e2e -am package "-Djib.from.image=tar://$base")
  fi
  pid_alive containerd || die "the real node does not run: e2e/bin/cluster up"
  for m in "${PROJECT_IMAGES[@]}"; do
    import_image "$m" "$root/$m/target/jib-image.tar" || die "$root/$m/target/jib-image.tar is missing"
  done
  ctr_node images ls -q | grep -v '^sha256:' >&2
}

# stop_component NAME: SIGTERM to its process group, SIGKILL after 10 s.
stop_component() {
  local c=$1 pid i
  pid_alive "$c" || return 0
  pid=$(cat "$STATE/run/$c.pid")
  kill -TERM -- "-$pid" 2>/dev/null || kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 50; i++)); do kill -0 "$pid" 2>/dev/null || break; sleep 0.2; done
  kill -KILL -- "-$pid" 2>/dev/null || true
  rm -f "$STATE/run/$c.pid"
  log "stopped $c"
}

pods_on_node() {
  k get pods -A --field-selector "spec.nodeName=$REAL_NODE" -o name --request-timeout=5s 2>/dev/null | grep -c . || true
}

node_has_sandboxes() { [[ -n $(ctr_node tasks ls -q 2>/dev/null) ]]; }

# Every trace of the real node, in an order that lets each part clean after itself: the pods first
# (the kubelet runs the CNI DEL that frees their addresses and port mappings), then the processes,
# the Node, whatever a killed process left (chains, mounts, namespaces, cgroups), and the host
# settings.
real_node_down() {
  # Only the cluster whose state holds the node takes it down: the bridge, the socket directory and
  # the shims are machine-wide, and a second cluster (operator/bench/run's, KWOK nodes only) that
  # went by them took down the default cluster's node in the middle of an e2e run.
  [[ -d $NODE_DIR ]] || return 0
  local i
  if pid_alive kubelet && k get --raw /readyz >/dev/null 2>&1; then
    # A NoExecute taint evicts every pod, DaemonSet pods included, and keeps controllers from
    # making new ones here; the deletes only shorten the grace periods.
    k taint node "$REAL_NODE" memkube.io/shutdown=true:NoExecute --overwrite >/dev/null 2>&1 || true
    k get pods -A --field-selector "spec.nodeName=$REAL_NODE" -o jsonpath='{range .items[*]}{.metadata.namespace} {.metadata.name}{"\n"}{end}' 2>/dev/null |
      while read -r ns pod; do
        [[ -z $pod ]] || k delete pod "$pod" -n "$ns" --grace-period=2 --wait=false >/dev/null 2>&1 || true
      done || true
    for ((i = 0; i < 60; i++)); do
      [[ $(pods_on_node) == 0 ]] && ! node_has_sandboxes && break
      sleep 1
    done
    log "pods on $REAL_NODE removed ($(pods_on_node) left)"
  fi
  for c in "${NODE_COMPONENTS[@]}"; do
    if [[ $c == containerd ]] && pid_alive containerd; then
      # sandboxes the kubelet did not stop: their tasks go, their network namespaces go below
      local id
      for id in $(ctr_node tasks ls -q 2>/dev/null); do ctr_node tasks kill -s KILL "$id" >/dev/null 2>&1 || true; done
      sleep 1
      for id in $(ctr_node tasks ls -q 2>/dev/null); do ctr_node tasks delete -f "$id" >/dev/null 2>&1 || true; done
    fi
    stop_component "$c"
  done
  k delete node "$REAL_NODE" --wait=false --request-timeout=10s >/dev/null 2>&1 || true
  # containerd's shims outlive it (own sessions): ours are the shims started with our socket.
  local f cmd
  for f in /proc/[0-9]*/cmdline; do
    cmd=$(tr '\0' ' ' <"$f" 2>/dev/null) || continue
    if [[ ${cmd%% *} == *containerd-shim* && $cmd == *" -address $NODE_RUN/containerd.sock "* ]]; then
      f=${f#/proc/}
      as_root kill -KILL "${f%/cmdline}" 2>/dev/null || true
    fi
  done
  if [[ -x $K8S_BIN/kube-proxy ]]; then
    as_root "$K8S_BIN/kube-proxy" --cleanup >/dev/null 2>&1 || true
  fi
  remove_chains
  if [[ -d /run/netns ]]; then
    local ns
    for ns in /run/netns/cni-*; do [[ -e $ns ]] && as_root ip netns delete "$(basename "$ns")" 2>/dev/null || true; done
  fi
  unmount_under "$NODE_DIR"
  unmount_under "$NODE_RUN"
  as_root ip link delete "$BRIDGE" 2>/dev/null || true
  as_root ip route delete blackhole "$KWOK_RANGE" 2>/dev/null || true
  if command -v conntrack >/dev/null; then
    local net
    for net in 198.51.100.0/24 "$SERVICE_CIDR"; do
      as_root conntrack -D -s "$net" >/dev/null 2>&1 || true
      as_root conntrack -D -d "$net" >/dev/null 2>&1 || true
    done
  fi
  remove_cgroups
  as_root rm -rf "$NODE_RUN"
  if [[ -e $NODE_DIR/run-containerd.created ]]; then as_root rm -rf /run/containerd; fi
  if [[ -e $NODE_DIR/run-netns.created ]]; then as_root rmdir /run/netns 2>/dev/null || true; fi
  restore_sysctls
  hosts_remove
  as_root rm -rf "$NODE_DIR"
  log "removed the real node $REAL_NODE"
}

# The chains kube-proxy, the CNI plugins and this script made (KUBE-*, CNI-*, MEMKUBE-*), with the
# rules that jump to them, in every table, IPv4 and IPv6.
remove_chains() {
  local cmd table chain rule
  for cmd in iptables ip6tables; do
    command -v "$cmd" >/dev/null || continue
    for table in nat filter mangle raw; do
      as_root "$cmd" -t "$table" -S 2>/dev/null | grep -E -- '^-A [A-Z]+ .*-j (KUBE-|CNI-|MEMKUBE-)' | grep -E '^-A (PREROUTING|INPUT|FORWARD|OUTPUT|POSTROUTING) ' |
        while read -r rule; do
          # shellcheck disable=SC2086 # the rule is iptables-save's own words
          eval "as_root $cmd -t $table -D ${rule#-A }" 2>/dev/null || true
        done || true # grep finding nothing fails the pipeline
      for chain in $(as_root "$cmd" -t "$table" -S 2>/dev/null | sed -n 's/^-N \(\(KUBE\|CNI\|MEMKUBE\)-[^ ]*\)$/\1/p'); do
        as_root "$cmd" -t "$table" -F "$chain" 2>/dev/null || true
      done
      for chain in $(as_root "$cmd" -t "$table" -S 2>/dev/null | sed -n 's/^-N \(\(KUBE\|CNI\|MEMKUBE\)-[^ ]*\)$/\1/p'); do
        as_root "$cmd" -t "$table" -X "$chain" 2>/dev/null || true
      done
    done
  done
}

unmount_under() {
  local dir=$1 m
  [[ -d $dir ]] || return 0
  dir=$(cd "$dir" && pwd -P)
  # deepest first
  for m in $(awk -v d="$dir" '$2 == d || index($2, d "/") == 1 {print $2}' /proc/self/mounts | sort -r); do
    as_root umount "$m" 2>/dev/null || as_root umount -l "$m" 2>/dev/null || true
  done
}

# The kubelet's pod cgroups (kubepods/...) in every cgroup v1 hierarchy, deepest first.
remove_cgroups() {
  local root
  for root in /sys/fs/cgroup/*/kubepods /sys/fs/cgroup/kubepods; do
    [[ -d $root ]] || continue
    find "$root" -depth -type d -exec rmdir {} \; 2>/dev/null || true
  done
}

real_node_status() {
  real_nodes_enabled || return 0
  local c rc=0
  for c in "${NODE_COMPONENTS[@]}"; do
    if pid_alive "$c"; then
      echo "$c: running (pid $(cat "$STATE/run/$c.pid"))"
    else
      echo "$c: stopped"
      rc=1
    fi
  done
  return $rc
}
