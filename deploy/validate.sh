#!/usr/bin/env bash
# Checks the deployment files without Docker or a Kubernetes cluster: every YAML file parses; every Kubernetes object
# has apiVersion, kind and metadata (and a namespace where it needs one); kustomization.yaml names files that exist;
# every compose service has an image or a build whose Dockerfile exists, and depends only on services that exist (also
# in the override compose.redis.yaml, merged into compose.yaml); each Dockerfile publishes a project that exists and
# starts the assembly that project builds. The same checks, and more, run in the test suite (tests/CallCenter.Tests/Deploy).
#   deploy/validate.sh
# Optional, when available: `kubectl kustomize` builds deploy/kubernetes; with COMPOSE_SPEC_SCHEMA=path/to/compose-spec.json
# (github.com/compose-spec/compose-spec, schema/compose-spec.json) and python3-jsonschema, compose.yaml is checked
# against the Compose schema.
set -euo pipefail
cd "$(dirname "$0")/.."

if ! python3 -c 'import yaml' 2>/dev/null; then
  echo "validate: python3 with PyYAML is required (Debian: apt-get install python3-yaml)" >&2
  exit 1
fi

python3 - <<'PY'
import glob, os, re, sys
import yaml

errors, notes = [], []
def fail(msg): errors.append(msg)

# 1. Every YAML file under deploy/ parses (all documents; anchors and merge keys resolved).
docs = {}
for path in sorted(glob.glob("deploy/**/*.y*ml", recursive=True)):
    try:
        with open(path, encoding="utf-8") as f:
            docs[path] = [d for d in yaml.safe_load_all(f) if d is not None]
    except yaml.YAMLError as e:
        fail(f"{path}: does not parse: {e}")

# 2. Kubernetes objects.
cluster_scoped = {"Namespace", "ClusterRole", "ClusterRoleBinding", "PersistentVolume", "StorageClass"}
for path, items in docs.items():
    if not path.startswith("deploy/kubernetes/"):
        continue
    for d in items:
        if not isinstance(d, dict):
            fail(f"{path}: a document that is not a mapping")
            continue
        kind = d.get("kind")
        if kind == "Kustomization":
            for r in d.get("resources", []):
                if not os.path.exists(os.path.join(os.path.dirname(path), r)):
                    fail(f"{path}: resource {r} does not exist")
            continue
        meta = d.get("metadata") or {}
        for key, value in (("apiVersion", d.get("apiVersion")), ("kind", kind), ("metadata.name", meta.get("name"))):
            if not value:
                fail(f"{path}: a {kind or 'document'} without {key}")
        if kind not in cluster_scoped and not meta.get("namespace"):
            fail(f"{path}: {kind} {meta.get('name')} has no metadata.namespace")

# 3. The compose file.
compose_path = "deploy/compose.yaml"
compose = (docs.get(compose_path) or [{}])[0]
services = compose.get("services") or {}
if not services:
    fail(f"{compose_path}: no services")
for name, svc in services.items():
    if not svc.get("image") and not svc.get("build"):
        fail(f"{compose_path}: service {name} has neither image nor build")
    build = svc.get("build")
    if isinstance(build, dict):
        context = os.path.normpath(os.path.join("deploy", build.get("context", ".")))
        dockerfile = os.path.join(context, build.get("dockerfile", "Dockerfile"))
        if not os.path.isfile(dockerfile):
            fail(f"{compose_path}: service {name} builds {dockerfile}, which does not exist")
    depends = svc.get("depends_on") or {}
    for dep in (depends if isinstance(depends, (list, dict)) else []):
        if dep not in services:
            fail(f"{compose_path}: service {name} depends on {dep}, which is not a service")

# 3b. Override files (compose.redis.yaml), merged into compose.yaml by `docker compose -f compose.yaml -f …`: a service
# they add has an image or a build; every service they depend on is in one of the two files.
for path in sorted(p for p in docs if re.fullmatch(r"deploy/compose\.[\w-]+\.yaml", p)):
    override = (docs.get(path) or [{}])[0].get("services") or {}
    if not override:
        fail(f"{path}: no services")
    for name, svc in override.items():
        if name not in services and not svc.get("image") and not svc.get("build"):
            fail(f"{path}: service {name} is not in {compose_path} and has neither image nor build")
        depends = svc.get("depends_on") or {}
        for dep in (depends if isinstance(depends, (list, dict)) else []):
            if dep not in services and dep not in override:
                fail(f"{path}: service {name} depends on {dep}, which is not a service")

# 4. Dockerfiles: the project they publish exists and the ENTRYPOINT starts what it builds.
pending = set()
def instructions(text):
    """The Dockerfile's instructions as (KEYWORD, arguments), continuation lines joined and comments left out."""
    result, current = [], ""
    for line in text.splitlines():
        if line.lstrip().startswith("#"):
            continue
        current += line.rstrip()
        if current.endswith("\\"):
            current = current[:-1] + " "
            continue
        if current.strip():
            keyword, _, rest = current.strip().partition(" ")
            result.append((keyword.upper(), rest.strip()))
        current = ""
    return result

for path in sorted(glob.glob("deploy/docker/*.Dockerfile")):
    steps = instructions(open(path, encoding="utf-8").read())
    def each(keyword): return [rest for k, rest in steps if k == keyword]
    args = dict(a.split("=", 1) for a in each("ARG") if "=" in a)
    publish = [m.group(1) for r in each("RUN") for m in [re.search(r"dotnet publish\s+(\S+)", r)] if m]
    if len(publish) != 1:
        fail(f"{path}: not exactly one `dotnet publish`")
        continue
    project = re.sub(r'^"?\$\{?(\w+)\}?"?$', lambda a: args.get(a.group(1), a.group(0)), publish[0])
    entry = [m.group(1) for e in each("ENTRYPOINT") for m in [re.fullmatch(r'\["dotnet",\s*"([^"]+)"\]', e)] if m]
    if len(entry) != 1:
        fail(f"{path}: no ENTRYPOINT [\"dotnet\", \"….dll\"]")
    if not os.path.isfile(project):
        if project in pending:
            notes.append(f"{path}: publishes {project}, which does not exist yet (pending)")
        else:
            fail(f"{path}: publishes {project}, which does not exist")
    elif entry:
        csproj = open(project, encoding="utf-8").read()
        a = re.search(r"<AssemblyName>([^<]+)</AssemblyName>", csproj)
        assembly = a.group(1) if a else os.path.splitext(os.path.basename(project))[0]
        if entry[0] != assembly + ".dll":
            fail(f"{path}: ENTRYPOINT starts {entry[0]} but {project} builds {assembly}.dll")
    if not any("/healthz" in h for h in each("HEALTHCHECK")):
        fail(f"{path}: no HEALTHCHECK on /healthz")
    users = each("USER")
    if not users or users[-1] in ("root", "0"):
        fail(f"{path}: does not run as a non-root USER")
    if "8080" not in " ".join(each("EXPOSE")).split():
        fail(f"{path}: does not EXPOSE 8080")

ignore = open(".dockerignore", encoding="utf-8").read().split() if os.path.exists(".dockerignore") else []
for pattern in ("**/bin/", "**/obj/"):
    if pattern not in ignore:
        fail(f".dockerignore: does not leave out {pattern}")

for n in notes:
    print("validate: note:", n)
for e in errors:
    print("validate: error:", e, file=sys.stderr)
print(f"validate: {len(docs)} YAML files, {sum(len(v) for v in docs.values())} documents, {len(services)} compose services: "
      + ("ok" if not errors else f"{len(errors)} errors"))
sys.exit(1 if errors else 0)
PY

if command -v kubectl >/dev/null 2>&1; then
  kubectl kustomize deploy/kubernetes >/dev/null
  echo "validate: kubectl kustomize deploy/kubernetes: ok"
fi

if [ -n "${COMPOSE_SPEC_SCHEMA:-}" ]; then
  python3 - "$COMPOSE_SPEC_SCHEMA" <<'PY'
import json, re, sys
import jsonschema, yaml
schema = json.load(open(sys.argv[1], encoding="utf-8"))
def defaults(o):  # ${VAR:-default} as Compose would see it with VAR unset
    if isinstance(o, str):
        return re.sub(r"\$\{\w+:-([^}]*)\}", r"\1", o)
    if isinstance(o, dict):
        return {k: defaults(v) for k, v in o.items()}
    if isinstance(o, list):
        return [defaults(v) for v in o]
    return o
compose = defaults(yaml.safe_load(open("deploy/compose.yaml", encoding="utf-8")))
errors = list(jsonschema.Draft7Validator(schema).iter_errors(compose))
for e in errors:
    print("validate: error: deploy/compose.yaml:", "/".join(map(str, e.path)), e.message, file=sys.stderr)
print("validate: deploy/compose.yaml against the Compose schema:", "ok" if not errors else f"{len(errors)} errors")
sys.exit(1 if errors else 0)
PY
fi
