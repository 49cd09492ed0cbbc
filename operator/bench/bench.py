#!/usr/bin/env python3
"""The operator's efficiency benchmark; operator/bench/run sets up the control plane and calls this.

Talks to the API server directly (the admin client certificate of the control plane) instead of
spawning kubectl, so that polling costs little next to what is measured. The operator's CPU time
comes from /proc/PID/stat (utime + stime), its memory from /proc/PID/status (VmRSS, VmHWM), API
requests from the API server's apiserver_request_total (all clients: the resources listed are the
ones the operator reads and writes, and the controller manager's share is shown next to it) and,
when the operator exposes it, from its own client counter memkube_api_requests_total.
"""

import argparse
import atexit
import concurrent.futures
import http.client
import json
import os
import re
import signal
import ssl
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.parse
import urllib.request

CLK_TCK = os.sysconf("SC_CLK_TCK")
GROUP = "/apis/memkube.io/v1alpha1"


class Api:
    """A kept-alive HTTPS connection per thread: a new TLS handshake per request would make creating
    N clusters take seconds on a loaded machine, and they are meant to arrive at once."""

    def __init__(self, server, pki):
        self.url = urllib.parse.urlsplit(server)
        self.ctx = ssl.create_default_context(cafile=os.path.join(pki, "ca.crt"))
        self.ctx.load_cert_chain(os.path.join(pki, "admin.crt"), os.path.join(pki, "admin.key"))
        self.local = threading.local()

    def _conn(self, fresh=False):
        if fresh or getattr(self.local, "conn", None) is None:
            self.local.conn = http.client.HTTPSConnection(self.url.hostname, self.url.port, context=self.ctx,
                                                          timeout=60)
        return self.local.conn

    def call(self, method, path, body=None, content_type="application/json", raw=False):
        data = None if body is None else (body if isinstance(body, bytes) else json.dumps(body).encode())
        headers = {"Content-Type": content_type} if data is not None else {}
        for attempt in (0, 1):
            conn = self._conn(fresh=attempt > 0)
            try:
                conn.request(method, path, body=data, headers=headers)
                resp = conn.getresponse()
                text = resp.read()
                break
            except (http.client.HTTPException, OSError):
                if attempt:
                    raise
        if resp.status == 404 and method in ("GET", "DELETE"):
            return None
        if resp.status == 409 and method == "POST":
            return None
        if resp.status >= 300:
            raise RuntimeError(f"{method} {path}: {resp.status} {text[:300]!r}")
        return text.decode() if raw else json.loads(text or b"{}")

    def items(self, path):
        got = self.call("GET", path)
        return [] if got is None else got.get("items", [])


def cluster(name, ns, replicas):
    return {
        "apiVersion": "memkube.io/v1alpha1",
        "kind": "MemcachedCluster",
        "metadata": {"name": name, "namespace": ns},
        # No proxy: its DaemonSets would put N proxies with the same hostPort on every node, and the
        # Go peer has none either; the cache servers are what both operators manage.
        "spec": {"replicas": replicas, "proxy": {"enabled": False}},
    }


class Operator:
    """One operator process, started as e2e/bin/demo starts it."""

    def __init__(self, args, name, port):
        self.name = name
        self.log = os.path.join(args.logs, f"operator-{name}.log")
        os.makedirs(os.path.dirname(self.log), exist_ok=True)
        env = dict(os.environ, KUBECONFIG=args.operator_kubeconfig)
        # HOSTNAME is the SDK's Lease identity: unset, each instance picks a random one (a pod's
        # HOSTNAME is its unique name); JVM options come from --jvm-options only.
        for var in ("HOSTNAME", "JAVA_TOOL_OPTIONS", "JDK_JAVA_OPTIONS"):
            env.pop(var, None)
        cmd = [args.java, *args.jvm_options.split(), f"-Dquarkus.http.host=127.0.0.1",
               f"-Dquarkus.http.port={port}", "-jar", args.jar]
        self.port = port
        self.started = time.monotonic()
        self.proc = subprocess.Popen(cmd, env=env, stdout=open(self.log, "wb"), stderr=subprocess.STDOUT,
                                     stdin=subprocess.DEVNULL)
        self.pid = self.proc.pid
        # A failed run must not leave the operator behind: it holds its port and the next run's
        # instance on that port would not start.
        atexit.register(self.kill)

    def kill(self):
        if self.proc.poll() is None:
            self.proc.kill()
            self.proc.wait()

    def cpu(self):
        with open(f"/proc/{self.pid}/stat") as f:
            fields = f.read().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / CLK_TCK  # utime, stime

    def memory(self):
        values = {}
        with open(f"/proc/{self.pid}/status") as f:
            for line in f:
                key, _, rest = line.partition(":")
                if key in ("VmRSS", "VmHWM"):
                    values[key] = int(rest.split()[0]) / 1024
                elif key == "Threads":
                    values[key] = int(rest.split()[0])
        return values

    def http(self, path):
        try:
            with urllib.request.urlopen(f"http://127.0.0.1:{self.port}{path}", timeout=5) as r:
                return r.status, r.read().decode()
        except urllib.error.HTTPError as e:
            return e.code, ""
        except OSError:
            return None, ""

    def api_requests(self):
        """The operator's own client counter, when it has one."""
        status, text = self.http("/q/metrics")
        counts = {}
        if status != 200:
            return counts
        for m in re.finditer(r'^memkube_api_requests_total\{([^}]*)\} ([0-9.eE+]+)$', text, re.M):
            labels = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
            key = f'{labels.get("verb")} {labels.get("resource")}'
            counts[key] = counts.get(key, 0) + float(m.group(2))
        return counts

    def terminate(self, timeout=60):
        self.proc.send_signal(signal.SIGTERM)
        t = time.monotonic()
        try:
            self.proc.wait(timeout)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.wait()
        return time.monotonic() - t

    def errors(self):
        with open(self.log, errors="replace") as f:
            return [l.rstrip() for l in f if re.search(r"\bERROR\b", l)]


def wait(what, cond, timeout, interval=0.2):
    deadline = time.monotonic() + timeout
    while True:
        got = cond()
        if got:
            return got
        if time.monotonic() > deadline:
            raise SystemExit(f"bench: timed out after {timeout}s waiting for {what}")
        time.sleep(interval)


# --- API server request counts ---
OPERATOR_RESOURCES = {"memcachedclusters", "statefulsets", "services", "poddisruptionbudgets", "configmaps",
                      "daemonsets", "pods", "events", "leases", "customresourcedefinitions"}


def request_counts(api):
    text = api.call("GET", "/metrics", raw=True)
    counts = {}
    for m in re.finditer(r'^apiserver_request_total\{([^}]*)\} ([0-9.eE+]+)$', text, re.M):
        labels = dict(re.findall(r'(\w+)="([^"]*)"', m.group(1)))
        res = labels.get("resource", "")
        if res not in OPERATOR_RESOURCES:
            continue
        sub = labels.get("subresource", "")
        key = f'{labels.get("verb")} {res}{"/" + sub if sub else ""}'
        counts[key] = counts.get(key, 0) + float(m.group(2))
    return counts


def diff(after, before):
    out = {k: after[k] - before.get(k, 0) for k in after}
    return {k: int(v) for k, v in sorted(out.items()) if v}


def main():
    p = argparse.ArgumentParser()
    p.add_argument("--n", type=int, default=100)
    p.add_argument("--jar", required=True)
    p.add_argument("--java", required=True)
    p.add_argument("--jvm-options", default="")
    p.add_argument("--state", required=True)
    p.add_argument("--api", required=True)
    p.add_argument("--operator-kubeconfig", required=True)
    p.add_argument("--port-base", type=int, default=37000)
    p.add_argument("--steady", type=float, default=30, help="seconds of quiet before the steady figures")
    p.add_argument("--timeout", type=float, default=900)
    p.add_argument("--skip-handover", action="store_true")
    p.add_argument("--shutdown-timeout", type=float, default=60,
                   help="seconds the operator gets to stop (a training run writes its AOT cache then)")
    p.add_argument("--out")
    p.add_argument("--logs", required=True, help="directory for the operators' logs (kept after the run)")
    args = p.parse_args()
    api = Api(args.api, os.path.join(args.state, "pki"))
    r = {"n": args.n, "jvm_options": args.jvm_options, "loadavg_start": open("/proc/loadavg").read().split()[:3],
         # The environment the image sets for the JVM (glibc's malloc arenas).
         "malloc_arena_max": os.environ.get("MALLOC_ARENA_MAX", "")}
    say = lambda msg: print(f"[bench {time.strftime('%H:%M:%S')}] {msg}", file=sys.stderr, flush=True)

    for ns in ("bench", "bench-probe", "bench-shutdown"):
        api.call("POST", "/api/v1/namespaces", {"apiVersion": "v1", "kind": "Namespace", "metadata": {"name": ns}})
    probe_path = f"{GROUP}/namespaces/bench-probe/memcachedclusters/probe"

    def probe_generation():
        return api.call("GET", probe_path)["metadata"]["generation"]

    def probe_reconciled(gen):
        def check():
            mc = api.call("GET", probe_path)
            return (mc.get("status") or {}).get("observedGeneration") == gen
        return check

    def set_probe_replicas(n):
        api.call("PATCH", probe_path, {"spec": {"replicas": n}}, "application/merge-patch+json")
        return probe_generation()

    # A cluster that exists before the operator starts: its status shows when reconciling began.
    api.call("POST", f"{GROUP}/namespaces/bench-probe/memcachedclusters", cluster("probe", "bench-probe", 1))
    gen = probe_generation()

    # 1. Clean start: no Lease yet.
    say("starting the operator (clean start)")
    a = Operator(args, "a", args.port_base + 80)
    wait("the probe cluster reconciled", probe_reconciled(gen), 120, 0.05)
    r["start_to_reconciling_clean_s"] = round(time.monotonic() - a.started, 2)
    try:
        wait("the probe cluster Ready", lambda: (api.call("GET", probe_path).get("status") or {}).get("phase") == "Ready", 120)
    except SystemExit:
        # what held it back: its conditions, and its StatefulSet's status
        say(f"probe cluster status: {json.dumps(api.call('GET', probe_path).get('status'))}")
        sts = api.call("GET", "/apis/apps/v1/namespaces/bench-probe/statefulsets/probe") or {"metadata": {}}
        say(f"probe StatefulSet generation {sts['metadata'].get('generation')}: {json.dumps(sts.get('status'))}")
        raise
    time.sleep(10)
    r["rss_idle_mib"] = round(a.memory()["VmRSS"], 1)
    r["cpu_start_s"] = round(a.cpu(), 2)
    say(f"idle: RSS {r['rss_idle_mib']} MiB, CPU for start-up {r['cpu_start_s']} s")

    # 2. N clusters at once.
    req0, op0 = request_counts(api), a.api_requests()
    cpu0 = a.cpu()
    t0 = time.monotonic()
    # Four connections at once: one after the other, 1000 creates took 285 s on a loaded API server,
    # which then measured the benchmark rather than the operator.
    with concurrent.futures.ThreadPoolExecutor(4) as pool:
        list(pool.map(lambda i: api.call("POST", f"{GROUP}/namespaces/bench/memcachedclusters",
                                         cluster(f"bench-{i}", "bench", 3)), range(args.n)))
    r["create_requests_s"] = round(time.monotonic() - t0, 2)
    say(f"created {args.n} clusters in {r['create_requests_s']} s")

    def count_sts():
        return len(api.items("/apis/apps/v1/namespaces/bench/statefulsets?resourceVersion=0"))

    def count_ready():
        return sum(1 for mc in api.items(f"{GROUP}/namespaces/bench/memcachedclusters")
                   if (mc.get("status") or {}).get("phase") == "Ready")

    wait("the StatefulSets", lambda: count_sts() >= args.n, args.timeout, 0.5)
    r["time_to_workloads_s"] = round(time.monotonic() - t0, 2)
    say(f"all {args.n} StatefulSets after {r['time_to_workloads_s']} s")
    wait("all clusters Ready", lambda: count_ready() >= args.n, args.timeout, 0.5)
    r["time_to_all_ready_s"] = round(time.monotonic() - t0, 2)
    r["time_per_cluster_ms"] = round(1000 * r["time_to_all_ready_s"] / args.n, 1)
    cpu1 = a.cpu()
    r["cpu_create_s"] = round(cpu1 - cpu0, 2)
    say(f"all Ready after {r['time_to_all_ready_s']} s; CPU {r['cpu_create_s']} s")

    # 3. Quiet.
    time.sleep(args.steady)
    cpu2 = a.cpu()
    r["cpu_quiet_s"] = round(cpu2 - cpu1, 2)
    r["quiet_s"] = args.steady
    mem = a.memory()
    r["rss_steady_mib"] = round(mem["VmRSS"], 1)
    r["threads_steady"] = mem["Threads"]
    say(f"steady: RSS {r['rss_steady_mib']} MiB, {r['threads_steady']} threads;"
        f" CPU while quiet {r['cpu_quiet_s']} s in {args.steady:.0f} s")
    if "NativeMemoryTracking" in args.jvm_options:
        # Where the resident memory goes (heap, metaspace, code, threads, ...), kept with the logs.
        jcmd = os.path.join(os.path.dirname(args.java), "jcmd")
        with open(os.path.join(args.logs, "native-memory-steady.txt"), "wb") as f:
            subprocess.run([jcmd, str(a.pid), "VM.native_memory", "summary"], stdout=f, stderr=subprocess.STDOUT)

    # 4. Scale one cluster 3 -> 5.
    path0 = f"{GROUP}/namespaces/bench/memcachedclusters/bench-0"
    t = time.monotonic()
    api.call("PATCH", path0, {"spec": {"replicas": 5}}, "application/merge-patch+json")
    gen0 = api.call("GET", path0)["metadata"]["generation"]

    def scaled():
        st = api.call("GET", path0).get("status") or {}
        return st.get("observedGeneration") == gen0 and st.get("readyReplicas") == 5 and st.get("phase") == "Ready"
    wait("the scaled cluster Ready", scaled, 300)
    r["scale_to_ready_s"] = round(time.monotonic() - t, 2)
    cpu3 = a.cpu()
    r["cpu_scale_s"] = round(cpu3 - cpu2, 2)
    say(f"scaled one cluster 3 -> 5: Ready after {r['scale_to_ready_s']} s; CPU {r['cpu_scale_s']} s")

    # 5. Delete them all (the garbage collector deletes the owned objects).
    t = time.monotonic()
    api.call("DELETE", f"{GROUP}/namespaces/bench/memcachedclusters")
    wait("the clusters gone", lambda: not api.items(f"{GROUP}/namespaces/bench/memcachedclusters"), args.timeout, 0.5)
    wait("the StatefulSets gone", lambda: count_sts() == 0, args.timeout, 0.5)
    r["delete_s"] = round(time.monotonic() - t, 2)
    time.sleep(5)
    cpu4 = a.cpu()
    r["cpu_delete_s"] = round(cpu4 - cpu3, 2)
    r["cpu_create_scale_delete_s"] = round(r["cpu_create_s"] + r["cpu_scale_s"] + r["cpu_delete_s"], 2)
    mem = a.memory()
    r["rss_peak_mib"] = round(mem["VmHWM"], 1)
    r["rss_after_delete_mib"] = round(mem["VmRSS"], 1)
    r["apiserver_requests"] = diff(request_counts(api), req0)
    op = a.api_requests()
    if op:
        r["operator_requests"] = diff(op, op0)
        r["operator_requests_total"] = sum(r["operator_requests"].values())
    say(f"deleted in {r['delete_s']} s; CPU {r['cpu_delete_s']} s; peak RSS {r['rss_peak_mib']} MiB")

    if not args.skip_handover:
        handover(args, api, a, r, say, set_probe_replicas, probe_reconciled)
    else:
        r["shutdown_s"] = round(a.terminate(args.shutdown_timeout), 2)
        r["errors_on_shutdown"] = a.errors()

    r["loadavg_end"] = open("/proc/loadavg").read().split()[:3]
    report(r)
    if args.out:
        with open(args.out, "w") as f:
            json.dump(r, f, indent=2)


def lease_holder(api):
    lease = api.call("GET", "/apis/coordination.k8s.io/v1/namespaces/memkube-system/leases/memkube-operator-leader")
    return None if lease is None else (lease.get("spec") or {}).get("holderIdentity")


def handover(args, api, a, r, say, set_probe_replicas, probe_reconciled):
    # 6. Hand-over: a standby instance takes the Lease when the leader gets SIGTERM while it is busy
    # (20 new clusters in flight), and the leader shuts down without an ERROR or a misleading Event.
    say("starting a standby instance")
    b = Operator(args, "b", args.port_base + 81)
    wait("the standby to start", lambda: b.http("/q/health/live")[0] == 200, 120)
    time.sleep(3)
    holder = lease_holder(api)
    for i in range(20):
        api.call("POST", f"{GROUP}/namespaces/bench-shutdown/memcachedclusters", cluster(f"busy-{i}", "bench-shutdown", 3))
    time.sleep(1)
    say("SIGTERM to the leader")
    t = time.monotonic()
    wall = time.time()
    a.proc.send_signal(signal.SIGTERM)
    gen = set_probe_replicas(2)
    wait("a new Lease holder", lambda: lease_holder(api) not in (holder, None, ""), 120, 0.05)
    r["handover_s"] = round(time.monotonic() - t, 2)
    wait("the standby reconciling", probe_reconciled(gen), 120, 0.05)
    r["handover_to_reconciling_s"] = round(time.monotonic() - t, 2)
    try:
        a.proc.wait(60)
    except subprocess.TimeoutExpired:
        a.proc.kill()
    r["shutdown_s"] = round(time.monotonic() - t, 2)
    r["errors_on_shutdown"] = a.errors()
    events = api.items("/api/v1/namespaces/bench-shutdown/events")
    r["events_after_sigterm"] = sorted({e.get("reason") for e in events
                                        if e.get("source", {}).get("component") == "memkube-operator"
                                        and e.get("reason") in ("SpecNotApplied", "ApplyFailed")})
    say(f"hand-over {r['handover_s']} s, reconciling {r['handover_to_reconciling_s']} s after SIGTERM;"
        f" {len(r['errors_on_shutdown'])} ERROR lines")
    api.call("DELETE", f"{GROUP}/namespaces/bench-shutdown/memcachedclusters")

    # 7. Taking over from a stopped instance: the leader stops, then a new one starts.
    say("stopping the leader, then starting a new instance")
    b.terminate()
    gen = set_probe_replicas(1)
    c = Operator(args, "c", args.port_base + 82)
    wait("the new instance reconciling", probe_reconciled(gen), 120, 0.05)
    r["start_to_reconciling_takeover_s"] = round(time.monotonic() - c.started, 2)
    r["errors_on_shutdown"] += b.errors()
    c.terminate()
    r["errors_on_shutdown"] += c.errors()
    say(f"start to reconciling when taking over: {r['start_to_reconciling_takeover_s']} s")


def report(r):
    rows = [
        ("clusters", r["n"]),
        ("JVM options", r["jvm_options"] or "(none)"),
        ("MALLOC_ARENA_MAX", r["malloc_arena_max"] or "(unset)"),
        ("load average at start / end", f'{" ".join(r["loadavg_start"])} / {" ".join(r["loadavg_end"])}'),
        ("start to reconciling, clean start", f'{r["start_to_reconciling_clean_s"]} s'),
        ("start to reconciling, taking over", f'{r.get("start_to_reconciling_takeover_s", "-")} s'),
        ("hand-over after SIGTERM (Lease / reconciling)",
         f'{r.get("handover_s", "-")} s / {r.get("handover_to_reconciling_s", "-")} s'),
        ("time to workloads", f'{r["time_to_workloads_s"]} s'),
        ("time to all ready", f'{r["time_to_all_ready_s"]} s ({r["time_per_cluster_ms"]} ms per cluster)'),
        ("scale one 3 -> 5, to ready", f'{r["scale_to_ready_s"]} s'),
        ("delete all, until the owned objects are gone", f'{r["delete_s"]} s'),
        ("RSS idle / peak / steady", f'{r["rss_idle_mib"]} / {r["rss_peak_mib"]} / {r["rss_steady_mib"]} MiB'),
        ("threads at steady state", r["threads_steady"]),
        ("CPU start-up / create / quiet / scale / delete",
         f'{r["cpu_start_s"]} / {r["cpu_create_s"]} / {r["cpu_quiet_s"]} / {r["cpu_scale_s"]} / {r["cpu_delete_s"]} s'),
        ("CPU create + scale + delete", f'{r["cpu_create_scale_delete_s"]} s'),
        ("ERROR lines on shutdown", len(r["errors_on_shutdown"])),
        ("SpecNotApplied/ApplyFailed Events on shutdown", ", ".join(r.get("events_after_sigterm", [])) or "none"),
    ]
    width = max(len(k) for k, _ in rows)
    print()
    for k, v in rows:
        print(f"{k:<{width}}  {v}")
    print("\nAPI server requests during create + scale + delete (all clients, resources the operator uses):")
    for k, v in r["apiserver_requests"].items():
        print(f"  {k:<45} {v}")
    if "operator_requests" in r:
        print(f"\nThe operator's own requests (memkube_api_requests_total): {r['operator_requests_total']}")
        for k, v in r["operator_requests"].items():
            print(f"  {k:<45} {v}")
    for line in r["errors_on_shutdown"][:10]:
        print("  ERROR:", line[:300])


if __name__ == "__main__":
    main()
