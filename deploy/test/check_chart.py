"""Checks of the Helm chart and the plain manifests rendered from it (run by deploy/test/chart).

Each check renders the chart with the real helm (and kustomize through kubectl) and looks at the
objects: the CRD equals crds/, the committed manifests equal a fresh render, images point at this
version, security contexts meet the restricted Pod Security Standard, RBAC equals what
quarkus-operator-sdk derives from the operator, and the examples fit the CRD's schema.
"""

import glob
import json
import os
import re
import subprocess
import sys
import tempfile
import traceback
import xml.etree.ElementTree as ET

import yaml

DEPLOY = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
ROOT = os.path.dirname(DEPLOY)
CHART = os.path.join(DEPLOY, "helm", "memkube")
HELM = os.environ["DEPLOY_HELM"]
KUBECTL = os.environ["DEPLOY_KUBECTL"]
QOSDK_MANIFEST = os.path.join(ROOT, "operator", "target", "kubernetes", "kubernetes.yml")


def pom(key):
    ns = {"m": "http://maven.apache.org/POM/4.0.0"}
    root = ET.parse(os.path.join(ROOT, "pom.xml")).getroot()
    version = root.find("m:version", ns).text.strip()
    if key == "version":
        return version
    return root.find("m:properties/m:" + key, ns).text.strip().replace("${project.version}", version)


VERSION = pom("version")
REPOSITORY = pom("memkube.image.repository")
TAG = pom("memkube.image.tag")


def run(*cmd):
    done = subprocess.run(cmd, capture_output=True, text=True)
    if done.returncode != 0:
        raise AssertionError("%s failed:\n%s%s" % (" ".join(cmd), done.stdout, done.stderr))
    return done.stdout


def docs(text):
    return [d for d in yaml.safe_load_all(text) if d]


def render(*sets, namespace="memkube-system"):
    args = [HELM, "template", "memkube", CHART, "--namespace", namespace]
    for s in sets:
        args += ["--set", s]
    return docs(run(*args))


def find(objs, kind, name=None):
    found = [o for o in objs if o["kind"] == kind and (name is None or o["metadata"]["name"] == name)]
    assert found, "no %s %s in %s" % (kind, name or "", [(o["kind"], o["metadata"]["name"]) for o in objs])
    return found


def the(objs, kind, name=None):
    found = find(objs, kind, name)
    assert len(found) == 1, "%d objects %s %s" % (len(found), kind, name)
    return found[0]


def env_of(container):
    return {e["name"]: e.get("value") for e in container.get("env", [])}


def normalise(objs):
    """Objects as comparable JSON, independent of key order and YAML formatting."""
    return sorted(json.dumps(o, sort_keys=True) for o in objs)


def triples(rules):
    out = set()
    for r in rules:
        for g in r.get("apiGroups", [""]):
            for res in r.get("resources", []):
                for v in r.get("verbs", []):
                    out.add((g, res, v))
    return out


CHECKS = []


def check(fn):
    CHECKS.append(fn)
    return fn


@check
def helm_lint_is_clean():
    out = run(HELM, "lint", CHART, "--strict")
    bad = [l for l in out.splitlines() if "[WARNING]" in l or "[ERROR]" in l]
    assert not bad, "\n".join(bad)
    for values in (["operator.watchNamespaces={apps,cache}"], ["metrics.serviceMonitor.enabled=true"],
                   ["operator.leaderElection.enabled=false"]):
        run(HELM, "lint", CHART, "--strict", "--set", values[0])


@check
def chart_version_and_image_names_come_from_the_root_pom():
    chart = yaml.safe_load(open(os.path.join(CHART, "Chart.yaml")))
    values = yaml.safe_load(open(os.path.join(CHART, "values.yaml")))
    assert chart["version"] == VERSION, "Chart.yaml version %s, pom %s" % (chart["version"], VERSION)
    assert chart["appVersion"] == VERSION, "Chart.yaml appVersion %s, pom %s" % (chart["appVersion"], VERSION)
    assert values["image"]["repository"] == REPOSITORY, "values image.repository %s, pom %s" % (
        values["image"]["repository"], REPOSITORY)
    assert values["image"]["tag"] == "" and TAG == VERSION, "the tag must default to appVersion = memkube.image.tag"


@check
def chart_crd_is_the_crd_committed_under_crds():
    ours = sorted(os.path.basename(p) for p in glob.glob(os.path.join(CHART, "files", "crds", "*.yml")))
    theirs = sorted(os.path.basename(p) for p in glob.glob(os.path.join(ROOT, "crds", "*.yml")))
    assert ours == theirs and ours, "chart has %s, crds/ has %s: run deploy/bin/sync-crds" % (ours, theirs)
    for name in ours:
        a = open(os.path.join(CHART, "files", "crds", name)).read()
        b = open(os.path.join(ROOT, "crds", name)).read()
        assert a == b, "files/crds/%s differs from crds/%s: run deploy/bin/sync-crds" % (name, name)
    rendered = the(render(), "CustomResourceDefinition")
    committed = yaml.safe_load(open(os.path.join(ROOT, "crds", theirs[0])))
    assert rendered["spec"] == committed["spec"], "the rendered CRD's spec differs from crds/"
    assert rendered["metadata"]["annotations"]["helm.sh/resource-policy"] == "keep"
    assert not [o for o in render("crds.install=false") if o["kind"] == "CustomResourceDefinition"]


@check
def committed_manifests_equal_a_fresh_render():
    with tempfile.TemporaryDirectory() as out:
        run(os.path.join(DEPLOY, "bin", "render"), out)
        for rel in ("kustomize/memkube.yaml", "install.yaml"):
            fresh = docs(open(os.path.join(out, rel)).read())
            committed = docs(open(os.path.join(DEPLOY, rel)).read())
            assert normalise(fresh) == normalise(committed), "deploy/%s is stale: run deploy/bin/render" % rel
        # kubectl kustomize deploy/kustomize gives what install.yaml holds.
        kustomized = docs(run(KUBECTL, "kustomize", os.path.join(DEPLOY, "kustomize")))
        assert normalise(kustomized) == normalise(docs(open(os.path.join(DEPLOY, "install.yaml")).read()))


@check
def install_yaml_creates_the_namespace_first_and_everything_in_it():
    objs = docs(open(os.path.join(DEPLOY, "install.yaml")).read())
    assert objs[0]["kind"] == "Namespace" and objs[0]["metadata"]["name"] == "memkube-system"
    assert objs[0]["metadata"]["labels"]["pod-security.kubernetes.io/enforce"] == "restricted"
    for o in objs:
        if o["kind"] in ("Deployment", "ServiceAccount", "Service", "Role", "RoleBinding"):
            assert o["metadata"]["namespace"] == "memkube-system", o["metadata"]


@check
def images_point_at_this_version():
    for objs in (render(), docs(open(os.path.join(DEPLOY, "install.yaml")).read())):
        dep = the(objs, "Deployment")
        c = dep["spec"]["template"]["spec"]["containers"][0]
        assert c["image"] == "%s/operator:%s" % (REPOSITORY, TAG), c["image"]
        env = env_of(c)
        assert env["MEMKUBE_CACHE_SERVER_IMAGE"] == "%s/cache-server:%s" % (REPOSITORY, TAG), env
        assert env["MEMKUBE_PROXY_IMAGE"] == "%s/proxy:%s" % (REPOSITORY, TAG), env
    moved = the(render("image.repository=registry.example.com/mk", "image.tag=1.2.3"), "Deployment")
    c = moved["spec"]["template"]["spec"]["containers"][0]
    assert c["image"] == "registry.example.com/mk/operator:1.2.3"
    assert env_of(c)["MEMKUBE_PROXY_IMAGE"] == "registry.example.com/mk/proxy:1.2.3"


def assert_restricted(pod, where):
    psc = pod.get("securityContext", {})
    assert psc.get("runAsNonRoot") is True, where + ": pod runAsNonRoot"
    assert psc.get("runAsUser", 1) != 0, where + ": runAsUser 0"
    assert psc.get("seccompProfile", {}).get("type") in ("RuntimeDefault", "Localhost"), where + ": seccomp"
    for key in ("hostNetwork", "hostPID", "hostIPC"):
        assert not pod.get(key), where + ": " + key
    for v in pod.get("volumes", []):
        assert "hostPath" not in v, where + ": hostPath volume"
    for c in pod.get("initContainers", []) + pod["containers"]:
        sc = c.get("securityContext", {})
        name = "%s container %s" % (where, c["name"])
        assert sc.get("allowPrivilegeEscalation") is False, name + ": allowPrivilegeEscalation"
        assert sc.get("capabilities", {}).get("drop") == ["ALL"], name + ": capabilities.drop"
        assert not sc.get("capabilities", {}).get("add"), name + ": capabilities.add"
        assert not sc.get("privileged"), name + ": privileged"
        assert sc.get("readOnlyRootFilesystem") is True, name + ": readOnlyRootFilesystem"
        assert sc.get("runAsUser", 1) != 0, name + ": runAsUser 0"
        for p in c.get("ports", []):
            assert "hostPort" not in p, name + ": hostPort"


@check
def operator_defaults_to_the_images_of_its_own_version():
    """Outside the chart (e.g. run from a kubeconfig) the operator's own defaults apply: they must
    name the same images as the root pom."""
    props = {}
    path = os.path.join(ROOT, "operator", "src", "main", "resources", "application.properties")
    for line in open(path):
        line = line.strip()
        if line and not line.startswith("#") and "=" in line:
            k, v = line.split("=", 1)
            props[k.strip()] = v.strip()
    for key, name in (("memkube.cache-server.image", "cache-server"), ("memkube.proxy.image", "proxy")):
        assert key in props, "%s sets no %s" % (path, key)
        # Quarkus fills ${quarkus.application.version} with the project version; Maven filtering
        # (if used) fills @memkube.image.repository@ and @memkube.image.tag@.
        value = (props[key].replace("${quarkus.application.version}", VERSION)
                 .replace("@memkube.image.repository@", REPOSITORY).replace("@memkube.image.tag@", TAG)
                 .replace("${memkube.image.repository}", REPOSITORY).replace("${memkube.image.tag}", TAG))
        want = "%s/%s:%s" % (REPOSITORY, name, TAG)
        assert value == want, "%s=%s names %s, the root pom says %s" % (key, props[key], value, want)


@check
def operator_pod_meets_the_restricted_pod_security_standard():
    for sets in ([], ["operator.watchNamespaces={a,b}"], ["operator.replicas=2"]):
        dep = the(render(*sets), "Deployment")
        assert_restricted(dep["spec"]["template"]["spec"], "operator Deployment %s" % sets)


@check
def operator_probes_use_the_quarkus_health_endpoints_and_metrics_are_served():
    objs = render("metrics.serviceMonitor.enabled=true")
    c = the(objs, "Deployment")["spec"]["template"]["spec"]["containers"][0]
    assert c["livenessProbe"]["httpGet"] == {"path": "/q/health/live", "port": "http"}
    assert c["readinessProbe"]["httpGet"] == {"path": "/q/health/ready", "port": "http"}
    assert c["startupProbe"]["httpGet"] == {"path": "/q/health/started", "port": "http"}
    assert {"name": "http", "containerPort": 8080, "protocol": "TCP"} in c["ports"]
    assert "limits" in c["resources"] and "requests" in c["resources"]
    svc = the(objs, "Service")
    labels = the(objs, "Deployment")["spec"]["template"]["metadata"]["labels"]
    assert all(labels.get(k) == v for k, v in svc["spec"]["selector"].items()), "the Service selects no operator pod"
    sm = the(objs, "ServiceMonitor")
    assert all(svc["metadata"]["labels"].get(k) == v for k, v in sm["spec"]["selector"]["matchLabels"].items())
    assert sm["spec"]["endpoints"][0]["port"] == svc["spec"]["ports"][0]["name"]
    assert sm["spec"]["endpoints"][0]["path"] == "/q/metrics"
    assert not [o for o in render() if o["kind"] == "ServiceMonitor"], "ServiceMonitor must be opt-in"


@check
def probes_and_metrics_use_the_port_the_operator_serves_them_on():
    """Quarkus serves /q/health and /q/metrics on quarkus.http.port (8080), or on the management
    interface (quarkus.management.port, 9000) when that is enabled: the chart must follow."""
    props = {}
    path = os.path.join(ROOT, "operator", "src", "main", "resources", "application.properties")
    for line in open(path):
        line = line.strip()
        if line and not line.startswith(("#", "%")) and "=" in line:
            k, v = line.split("=", 1)
            props[k.strip()] = v.strip()
    if props.get("quarkus.management.enabled", "false") == "true":
        want = int(props.get("quarkus.management.port", "9000"))
    else:
        want = int(props.get("quarkus.http.port", "8080"))
    c = the(render(), "Deployment")["spec"]["template"]["spec"]["containers"][0]
    http = [p for p in c["ports"] if p["name"] == "http"][0]
    assert http["containerPort"] == want, "the chart probes port %d, the operator serves health on %d" % (
        http["containerPort"], want)


@check
def values_reach_the_operator():
    c = the(render("operator.logLevel=DEBUG", "operator.leaderElection.enabled=false",
                   "operator.watchNamespaces={apps,cache}"), "Deployment")["spec"]["template"]["spec"]["containers"][0]
    env = env_of(c)
    assert env["QUARKUS_LOG_CATEGORY__IO_MEMKUBE__LEVEL"] == "DEBUG"
    assert env["MEMKUBE_LEADER_ELECTION_ENABLED"] == "false"
    assert env["QUARKUS_OPERATOR_SDK_NAMESPACES"] == "apps,cache"
    assert env_of(the(render(), "Deployment")["spec"]["template"]["spec"]["containers"][0])[
        "QUARKUS_OPERATOR_SDK_NAMESPACES"] == "JOSDK_ALL_NAMESPACES"
    done = subprocess.run([HELM, "template", "memkube", CHART, "--set", "operator.replicas=2",
                           "--set", "operator.leaderElection.enabled=false"], capture_output=True, text=True)
    assert done.returncode != 0 and "leaderElection" in done.stderr, "2 replicas without leader election must fail"


@check
def misspelt_or_bad_values_are_refused_naming_the_value():
    for setting, words in (("operator.watchNamespace=a", "watchNamespace"),
                           ("operator.logLevel=LOUD", "logLevel"),
                           ("operator.watchNamespaces={Bad_NS}", "Bad_NS"),
                           ("image.pullPolicy=Sometimes", "pullPolicy")):
        done = subprocess.run([HELM, "template", "memkube", CHART, "--set", setting], capture_output=True, text=True)
        assert done.returncode != 0, "--set %s was accepted" % setting
        assert words in done.stderr, "--set %s: the error does not name %s:\n%s" % (setting, words, done.stderr)


@check
def rbac_is_cluster_wide_or_per_watched_namespace():
    objs = render()
    sa = the(objs, "ServiceAccount")["metadata"]["name"]
    crb = {o["roleRef"]["name"] for o in find(objs, "ClusterRoleBinding")}
    assert crb == {"memkube-operator", "memkube-operator-crd-reader"}, crb
    assert not [o for o in objs if o["kind"] == "RoleBinding" and o["roleRef"]["kind"] == "ClusterRole"]
    scoped = render("operator.watchNamespaces={apps,cache}")
    assert {o["roleRef"]["name"] for o in find(scoped, "ClusterRoleBinding")} == {"memkube-operator-crd-reader"}
    rbs = [o for o in find(scoped, "RoleBinding") if o["roleRef"]["name"] == "memkube-operator"]
    assert sorted(o["metadata"]["namespace"] for o in rbs) == ["apps", "cache"]
    for o in rbs + find(objs, "ClusterRoleBinding"):
        assert o["subjects"] == [{"kind": "ServiceAccount", "name": sa, "namespace": "memkube-system"}], o
    lease = the(objs, "Role")
    assert triples(lease["rules"]) == {("coordination.k8s.io", "leases", v) for v in ("get", "create", "update", "patch")}
    assert not [o for o in render("operator.leaderElection.enabled=false") if o["kind"] == "Role"]


# spec.auth (issue 14): the operator creates the generated auth Secret and reads the one the spec
# names; it never updates or deletes a Secret (the generated one goes with its owner).
SECRET_VERBS = {"get", "list", "watch", "create", "patch"}


@check
def rbac_has_no_wildcards_and_secrets_only_for_auth():
    for role in find(render(), "ClusterRole") + find(render(), "Role"):
        for r in role["rules"]:
            for field in ("apiGroups", "resources", "verbs"):
                assert "*" not in r.get(field, []), "%s has a wildcard in %s" % (role["metadata"]["name"], field)
            if "secrets" in r.get("resources", []):
                assert r["resources"] == ["secrets"], role["metadata"]["name"] + " mixes secrets with others"
                assert set(r["verbs"]) <= SECRET_VERBS, "%s may %s secrets" % (
                    role["metadata"]["name"], sorted(set(r["verbs"]) - SECRET_VERBS))


# What the operator's own code calls on the Kubernetes client (outside the reconciler and dependent
# resources that quarkus-operator-sdk derives RBAC from): a pattern in operator/src/main/java and
# the (apiGroup, resource, verb) it needs. A client call the table does not know fails the check.
DIRECT_CALLS = [
    (r"\.pods\(\)[^;]*?\.list\(\)", [("", "pods", "list")]),
    (r"\.events\(\)[^;]*?\.create\(\)", [("", "events", "create")]),
    # CertManagerCertificate reads and applies (server-side: create or patch) the Certificate of
    # spec.tls.issuerRef.
    (r"\.genericKubernetesResources\(CERTIFICATES\)",
     [("cert-manager.io", "certificates", v) for v in ("get", "create", "patch")]),
    # AuthProblems and TlsSecretCheck read the Secrets spec.auth.secretName and spec.tls name.
    (r"\.secrets\(\)[^;]*?\.get\(\)", [("", "secrets", "get")]),
    (r"resources\(CustomResourceDefinition\.class\)[^;]*?\.get\(\)",
     [("apiextensions.k8s.io", "customresourcedefinitions", "get")]),
    # LeaseRelease hands the Lease over on shutdown: it reads it and updates it (no holder).
    (r"\.leases\(\)[^;]*?\.get\(\)",
     [("coordination.k8s.io", "leases", "get"), ("coordination.k8s.io", "leases", "update")]),
    # JOSDK's leader election checks get/create/update on Leases at start-up, and Fabric8's LeaseLock
    # renews its Lease with PATCH (seen refused by deploy/test/cluster when only update was granted).
    (r"LeaderElectionConfiguration",
     [("coordination.k8s.io", "leases", v) for v in ("get", "create", "update", "patch")]),
]
CLIENT_CALL = re.compile(r"\.(pods|events|secrets|configMaps|services|apps|policy|leases|nodes|namespaces|"
                         r"persistentVolumeClaims|serviceAccounts|rbac|batch|network|storage)\(\)|"
                         r"\.resources\(\w+\.class\)|\.genericKubernetesResources\(")


def operator_sources():
    for path in glob.glob(os.path.join(ROOT, "operator", "src", "main", "java", "**", "*.java"), recursive=True):
        yield path, open(path).read()


@check
def rbac_equals_what_the_operator_calls():
    assert os.path.exists(QOSDK_MANIFEST), (
        "%s is missing: build the operator first (./mvnw -pl operator -am package -DskipTests)" % QOSDK_MANIFEST)
    generated = docs(open(QOSDK_MANIFEST).read())
    gen_roles = [o for o in generated if o["kind"] in ("ClusterRole", "Role")]
    assert gen_roles, "the operator's build generated no ClusterRole or Role"
    declared = set()
    for role in gen_roles:
        # '""' is how the operator's generated file spells the core group (see the next check).
        declared |= {("" if g == '""' else g, r, v) for g, r, v in triples(role.get("rules", []))}
    want = set(declared)
    unexplained = []
    for path, text in operator_sources():
        for pattern, needs in DIRECT_CALLS:
            if re.search(pattern, text, re.S):
                want |= set(needs)
        for m in CLIENT_CALL.finditer(text):
            tail = text[m.start():text.find(";", m.start()) + 1]
            if not any(re.match(p, tail, re.S) for p, _ in DIRECT_CALLS[:-1]) and "CustomResourceDefinition" not in m.group(0):
                unexplained.append("%s: %s" % (os.path.relpath(path, ROOT), tail[:120].replace("\n", " ")))
    assert not unexplained, "client calls the chart's RBAC does not know (add them to DIRECT_CALLS and the chart):\n" + "\n".join(unexplained)
    ours = set()
    for role in find(render(), "ClusterRole") + find(render(), "Role"):
        ours |= triples(role["rules"])
    missing = sorted(want - ours)
    assert not missing, "the operator calls what the chart's RBAC does not allow: %s" % missing
    extra = sorted(ours - want)
    assert not extra, "the chart allows what the operator neither declares nor calls: %s" % extra


@check
def operator_declares_every_call_its_code_makes():
    """The RBAC the operator's build generates (for plain installs from operator/target/kubernetes)
    must also cover the calls found in its code; the chart already does."""
    assert os.path.exists(QOSDK_MANIFEST), QOSDK_MANIFEST + " is missing: build the operator first"
    declared = set()
    for role in docs(open(QOSDK_MANIFEST).read()):
        if role["kind"] in ("ClusterRole", "Role"):
            declared |= {("" if g == '""' else g, r, v) for g, r, v in triples(role.get("rules", []))}
    needed = set()
    for _, text in operator_sources():
        for pattern, needs in DIRECT_CALLS:
            if re.search(pattern, text, re.S):
                needed |= set(needs)
    undeclared = sorted(needed - declared)
    assert not undeclared, ("the operator's code calls %s, which its declared RBAC (quarkus.kubernetes.rbac.* in "
                            "operator/src/main/resources/application.properties) does not grant" % undeclared)


@check
def operator_generated_rbac_names_the_core_group_as_empty_string():
    """Kubernetes names the core API group ''. A literal '\"\"' (two quote characters) is a group that
    does not exist, so a role with it grants nothing on services, pods or events."""
    assert os.path.exists(QOSDK_MANIFEST), QOSDK_MANIFEST + " is missing: build the operator first"
    bad = []
    for o in docs(open(QOSDK_MANIFEST).read()):
        if o["kind"] in ("ClusterRole", "Role"):
            for r in o.get("rules", []):
                if '""' in r.get("apiGroups", []):
                    bad.append("%s %s: apiGroups %s for %s" % (o["kind"], o["metadata"]["name"], r["apiGroups"], r["resources"]))
    assert not bad, ("operator/target/kubernetes/kubernetes.yml has the core group as a literal '\"\"' "
                     "(fix in operator/src/main/resources/application.properties):\n" + "\n".join(bad))


@check
def crd_read_is_limited_to_the_prometheus_monitor_and_cert_manager_certificate_crds():
    role = the(render(), "ClusterRole", "memkube-operator-crd-reader")
    assert role["rules"] == [{"apiGroups": ["apiextensions.k8s.io"], "resources": ["customresourcedefinitions"],
                              "resourceNames": ["servicemonitors.monitoring.coreos.com",
                                                "podmonitors.monitoring.coreos.com",
                                                "certificates.cert-manager.io"], "verbs": ["get"]}]


# --- the Grafana dashboard ----------------------------------------------------------------------

DASHBOARD = os.path.join(CHART, "dashboards", "memkube.json")


@check
def grafana_dashboard_configmap_only_when_enabled_with_the_sidecar_label():
    assert not [o for o in render() if o["kind"] == "ConfigMap" and o["metadata"]["name"].endswith("-dashboard")]
    cm = the(render("grafanaDashboard.enabled=true"), "ConfigMap", "memkube-operator-dashboard")
    assert cm["metadata"]["labels"]["grafana_dashboard"] == "1", cm["metadata"]["labels"]
    with open(DASHBOARD) as f:
        assert json.loads(cm["data"]["memkube.json"]) == json.load(f)
    other = the(render("grafanaDashboard.enabled=true", "grafanaDashboard.label=dash",
                       "grafanaDashboard.namespace=monitoring"), "ConfigMap", "memkube-operator-dashboard")
    assert other["metadata"]["namespace"] == "monitoring" and other["metadata"]["labels"]["dash"] == "1"


@check
def grafana_dashboard_reads_only_metrics_the_docs_list():
    """Every metric a panel queries is one docs/observability.md lists (and so one memkube exports:
    the docs' list is checked against /metrics by the data plane's tests)."""
    with open(DASHBOARD) as f:
        dash = json.load(f)
    with open(os.path.join(ROOT, "docs", "observability.md")) as f:
        documented = f.read()
    exprs = [t["expr"] for p in dash["panels"] for t in p.get("targets", [])]
    assert len(exprs) > 20, exprs
    used = set()
    for e in exprs:
        used.update(re.findall(r"\b((?:memcached|memkube|jvm|process)_[a-z0-9_]+)", e))
    missing = sorted(m for m in used if "`" + re.sub(r"_bucket$", "", m) + "`" not in documented)
    assert not missing, "the dashboard queries metrics docs/observability.md does not list: %s" % missing


# --- the examples against the CRD's schema ---------------------------------------------------

def schema_errors(value, schema, path):
    """A structural-schema check (types, unknown fields, enums, ranges, patterns), as the API
    server does before CEL rules, which the e2e suite checks on a real API server."""
    errs = []
    if schema.get("x-kubernetes-preserve-unknown-fields") and "properties" not in schema:
        return errs
    if schema.get("x-kubernetes-int-or-string"):
        if not isinstance(value, (int, str)):
            errs.append("%s: want int or string" % path)
        return errs
    t = schema.get("type")
    kinds = {"object": dict, "array": list, "string": str, "boolean": bool, "integer": int, "number": (int, float)}
    if t in kinds and (not isinstance(value, kinds[t]) or (t in ("integer", "number") and isinstance(value, bool))):
        return ["%s: want %s, got %r" % (path, t, value)]
    if "enum" in schema and value not in schema["enum"]:
        errs.append("%s: %r not in %s" % (path, value, schema["enum"]))
    if "minimum" in schema and value < schema["minimum"]:
        errs.append("%s: %r < %s" % (path, value, schema["minimum"]))
    if "maximum" in schema and value > schema["maximum"]:
        errs.append("%s: %r > %s" % (path, value, schema["maximum"]))
    if "pattern" in schema and not re.search(schema["pattern"], value):
        errs.append("%s: %r does not match %s" % (path, value, schema["pattern"]))
    if t == "object":
        props = schema.get("properties")
        for k in schema.get("required", []):
            if k not in value:
                errs.append("%s.%s: required" % (path, k))
        for k, v in value.items():
            if props is not None and k in props:
                errs += schema_errors(v, props[k], path + "." + k)
            elif "additionalProperties" in schema and isinstance(schema["additionalProperties"], dict):
                errs += schema_errors(v, schema["additionalProperties"], path + "." + k)
            elif props is not None and not schema.get("x-kubernetes-preserve-unknown-fields"):
                errs.append("%s.%s: unknown field" % (path, k))
    if t == "array":
        for i, v in enumerate(value):
            errs += schema_errors(v, schema.get("items", {}), "%s[%d]" % (path, i))
    return errs


def crd_schema():
    crd = yaml.safe_load(open(glob.glob(os.path.join(ROOT, "crds", "*.yml"))[0]))
    version = [v for v in crd["spec"]["versions"] if v.get("storage")][0]
    return crd, version["schema"]["openAPIV3Schema"]


@check
def examples_say_what_they_show_and_fit_the_crd():
    crd, schema = crd_schema()
    group, kind = crd["spec"]["group"], crd["spec"]["names"]["kind"]
    files = sorted(glob.glob(os.path.join(DEPLOY, "examples", "**", "*.yaml"), recursive=True))
    assert len(files) >= 4, files
    clusters = 0
    for f in files:
        text = open(f).read()
        head = text.split("\n", 1)[0]
        assert head.startswith("# ") and "What it shows" in text, "%s: no comment block saying what it shows" % f
        for o in docs(text):
            if o["kind"] == kind:
                clusters += 1
                assert o["apiVersion"].startswith(group + "/"), f
                errs = schema_errors({k: v for k, v in o.items() if k in ("spec",)},
                                     {"type": "object", "properties": {"spec": schema["properties"]["spec"]}}, "")
                assert not errs, "%s: %s" % (f, errs)
                spec = o["spec"]
                routing = spec.get("proxy", {}).get("routing", {})
                if routing.get("mode") == "Replicated":
                    assert spec["replicas"] % routing.get("replicaGroups", 2) == 0, f
    assert clusters >= 3, "want the tutorial, replicated-pool and large-item clusters, found %d" % clusters


@check
def registry_overlay_moves_all_three_images():
    objs = docs(run(KUBECTL, "kustomize", os.path.join(DEPLOY, "examples", "registry-overlay")))
    c = the(objs, "Deployment")["spec"]["template"]["spec"]["containers"][0]
    env = env_of(c)
    prefix = "registry.example.com/memkube/"
    assert c["image"] == prefix + "operator:" + TAG, c["image"]
    assert env["MEMKUBE_CACHE_SERVER_IMAGE"] == prefix + "cache-server:" + TAG, env
    assert env["MEMKUBE_PROXY_IMAGE"] == prefix + "proxy:" + TAG, env
    assert len(c["env"]) == len(env), "the patch must replace the env entries, not add duplicates"


@check
def schema_check_refuses_a_misspelt_field():
    _, schema = crd_schema()
    bad = {"spec": {"replicas": 3, "proxy": {"hostport": True}, "memory": "64MB"}}
    errs = schema_errors(bad, {"type": "object", "properties": {"spec": schema["properties"]["spec"]}}, "")
    assert any("hostport: unknown field" in e for e in errs), errs
    assert any(".memory" in e for e in errs), errs


@check
def tutorial_app_reaches_the_proxy_on_its_own_node():
    app = the(docs(open(os.path.join(DEPLOY, "examples", "tutorial", "app.yaml")).read()), "Deployment")
    pod = app["spec"]["template"]["spec"]
    c = pod["containers"][0]
    node = [e for e in c["env"] if e["name"] == "NODE_NAME"][0]
    assert node["valueFrom"]["fieldRef"]["fieldPath"] == "spec.nodeName"
    env = env_of(c)
    assert env["MEMCACHED_HOST"] == "$(NODE_NAME)" and env["MEMCACHED_PORT"] == "5000"
    assert_restricted(pod, "tutorial app")
    cluster = the(docs(open(os.path.join(DEPLOY, "examples", "tutorial", "memcachedcluster.yaml")).read()),
                  "MemcachedCluster")
    assert cluster["spec"]["replicas"] == 3 and cluster["spec"]["proxy"]["port"] == 5000
    assert cluster["spec"]["proxy"]["hostPort"] is True


def main():
    only = sys.argv[1:]
    passed = failed = 0
    for fn in CHECKS:
        if only and fn.__name__ not in only:
            continue
        try:
            fn()
            passed += 1
            print("ok    " + fn.__name__)
        except Exception as e:  # noqa: BLE001 - every failure is reported, the run goes on
            failed += 1
            print("FAIL  " + fn.__name__)
            detail = str(e) if isinstance(e, AssertionError) and str(e) else traceback.format_exc()
            print("\n".join("      " + l for l in detail.splitlines()[:40]))
    print("%d passed, %d failed" % (passed, failed))
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
