#!/usr/bin/env bash
# Checks that the install manifests render and are well-formed, without a cluster.
#
#   manifests/check.sh            # from anywhere; prints one line per rendered tree
#
# For each kustomization (overlays/kind, overlays/local, base, examples) it runs
# `kubectl kustomize` (failing on any error) and checks every rendered object:
#   - has apiVersion, kind and metadata.name;
#   - has metadata.namespace exactly when its kind is namespaced (cluster-scoped kinds known here:
#     Namespace, CustomResourceDefinition, ClusterRole, ClusterRoleBinding, HardwarePool);
#   - is not rendered twice (same apiVersion group, kind, namespace and name).
# And a few install-specific facts:
#   - crds/kustomization.yaml lists every generated crds/*.yml (a new CRD cannot be forgotten);
#   - every overlay installs the four CRDs;
#   - overlays/kind runs the locally loaded images fleetloop-operator:dev and fleetloop-audit:dev
#     with IfNotPresent (the operator and the audit service Deployments);
#   - base and overlays/kind point the operator at the audit Service's append port;
#   - overlays/local has no Deployment.
# And for the whole loop in overlays/kind (every Deployment and Job container):
#   - every image is a locally built fleetloop-<component>:dev with imagePullPolicy IfNotPresent,
#     or an upstream image pinned by a tag (not :latest, not untagged), never a release image;
#   - all eight images are there: operator, audit, ingest, release, curator, fleet-sim
#     (Deployments), trainer and validator (the operator's FLEETLOOP_TRAINER_IMAGE/_VALIDATOR_IMAGE);
#   - every Deployment container has resource requests and limits, a readiness and a liveness
#     probe; every Job container has requests and limits;
#   - every env value of a variable named *_ENDPOINT or *_URL (host:port, scheme://host:port) names
#     a Service that the overlay renders, in the right namespace, with that port;
#   - pods in fleetloop-system meet the restricted Pod Security profile's main rules (runAsNonRoot,
#     RuntimeDefault seccomp, no privilege escalation, all capabilities dropped);
#   - the dependencies (Pulsar, MinIO, PostgreSQL) run in namespaces of their own.
#
# Exit status: 0 all good, 1 a check failed, 2 kubectl (with kustomize) is not available.
# KUBECTL may name the kubectl binary; a standalone `kustomize` binary is used when kubectl is absent.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/.." && pwd)"

if [[ -n "${KUBECTL:-}" ]]; then
  if ! command -v "$KUBECTL" >/dev/null 2>&1; then
    echo "check.sh: KUBECTL=$KUBECTL is not an executable" >&2
    exit 2
  fi
  render=("$KUBECTL" kustomize)
elif command -v kubectl >/dev/null 2>&1; then
  render=(kubectl kustomize)
elif command -v kustomize >/dev/null 2>&1; then
  render=(kustomize build)
else
  echo "check.sh: neither kubectl nor kustomize found" >&2
  exit 2
fi

failures=0
fail() {
  echo "FAIL: $*" >&2
  failures=$((failures + 1))
}

tmp="$(mktemp -d)"
trap 'rm -rf "$tmp"' EXIT

# Prints one line per object: "apiVersion<TAB>kind<TAB>namespace<TAB>name" ("-" for a missing
# field). kustomize's output is normalised (block style, two-space indentation, documents separated
# by "---"), so top-level keys start in column 0 and metadata's own keys at exactly two spaces.
objects() {
  awk '
    function unquote(s) { gsub(/^["'\'']|["'\'']$/, "", s); return s }
    function flush() {
      if (seen) print (api == "" ? "-" : api) "\t" (kind == "" ? "-" : kind) "\t" \
        (ns == "" ? "-" : ns) "\t" (name == "" ? "-" : name)
      api = ""; kind = ""; ns = ""; name = ""; inmeta = 0; seen = 0
    }
    /^---[[:space:]]*$/ { flush(); next }
    /^[^[:space:]#]/ {
      seen = 1
      inmeta = ($0 ~ /^metadata:[[:space:]]*$/)
      if ($0 ~ /^apiVersion:/) { sub(/^apiVersion:[[:space:]]*/, ""); api = unquote($0) }
      else if ($0 ~ /^kind:/) { sub(/^kind:[[:space:]]*/, ""); kind = unquote($0) }
      next
    }
    inmeta && /^  name:/ { sub(/^  name:[[:space:]]*/, ""); name = unquote($0); next }
    inmeta && /^  namespace:/ { sub(/^  namespace:[[:space:]]*/, ""); ns = unquote($0); next }
    END { flush() }
  ' "$1"
}

is_cluster_scoped() {
  case "$1" in
    Namespace | CustomResourceDefinition | ClusterRole | ClusterRoleBinding | HardwarePool) return 0 ;;
    *) return 1 ;;
  esac
}

# Renders $1 (relative to the repository root) into $tmp/<name>.yaml and checks every object.
check_tree() {
  local dir="$1" label="$2" out="$tmp/$2.yaml" list="$tmp/$2.objects"
  if ! (cd "$root" && "${render[@]}" "$dir") >"$out" 2>"$tmp/$label.err"; then
    fail "$dir does not render:"
    sed 's/^/    /' "$tmp/$label.err" >&2
    return
  fi
  objects "$out" >"$list"
  local count=0 api kind ns name
  while IFS=$'\t' read -r api kind ns name; do
    count=$((count + 1))
    [[ "$api" != "-" ]] || fail "$dir: object $count ($kind/$name) has no apiVersion"
    [[ "$kind" != "-" ]] || fail "$dir: object $count ($api, $name) has no kind"
    [[ "$name" != "-" ]] || fail "$dir: object $count ($api $kind) has no metadata.name"
    if is_cluster_scoped "$kind"; then
      [[ "$ns" == "-" ]] || fail "$dir: cluster-scoped $kind/$name has metadata.namespace $ns"
    else
      [[ "$ns" != "-" ]] || fail "$dir: namespaced $kind/$name has no metadata.namespace"
    fi
  done <"$list"
  if ((count == 0)); then
    fail "$dir renders no objects"
  fi
  local dups
  dups="$(awk -F'\t' '{ split($1, g, "/"); print (length(g) > 1 ? g[1] : "core") "\t" $2 "\t" $3 "\t" $4 }' "$list" | sort | uniq -d)"
  [[ -z "$dups" ]] || fail "$dir renders objects twice: $dups"
  local summary
  summary="$(cut -f2 "$list" | sort | uniq -c | awk '{ printf "%s%s %s", sep, $1, $2; sep = ", " }')"
  echo "$label: $count objects ($summary)"
}

count_kind() { awk -F'\t' -v k="$2" '$2 == k' "$tmp/$1.objects" | wc -l | tr -d ' '; }
has_object() { awk -F'\t' -v k="$2" -v n="$3" '$2 == k && $4 == n { found = 1 } END { exit !found }' "$tmp/$1.objects"; }

# crds/kustomization.yaml must list every generated CRD.
for crd in "$root"/crds/*.yml; do
  file="$(basename "$crd")"
  grep -qE "^- ${file//./\\.}[[:space:]]*$" "$root/crds/kustomization.yaml" ||
    fail "crds/kustomization.yaml does not list $file"
done
crd_files="$(find "$root/crds" -maxdepth 1 -name '*.yml' | wc -l | tr -d ' ')"

check_tree manifests/overlays/kind kind
check_tree manifests/overlays/local local
check_tree manifests/base base
check_tree manifests/examples examples

for tree in kind local base; do
  [[ -f "$tmp/$tree.objects" ]] || continue
  n="$(count_kind "$tree" CustomResourceDefinition)"
  [[ "$n" == "$crd_files" ]] || fail "$tree installs $n CRDs, crds/ has $crd_files"
done

if [[ -f "$tmp/kind.objects" ]]; then
  has_object kind Deployment fleetloop-operator || fail "overlays/kind has no operator Deployment"
  has_object kind Deployment fleetloop-audit || fail "overlays/kind has no audit Deployment"
  grep -qE '^[[:space:]]+image: fleetloop-operator:dev[[:space:]]*$' "$tmp/kind.yaml" ||
    fail "overlays/kind does not run image fleetloop-operator:dev"
  grep -qE '^[[:space:]]+image: fleetloop-audit:dev[[:space:]]*$' "$tmp/kind.yaml" ||
    fail "overlays/kind does not run image fleetloop-audit:dev"
  pulls="$(grep -cE '^[[:space:]]+imagePullPolicy: IfNotPresent[[:space:]]*$' "$tmp/kind.yaml" || true)"
  [[ "$pulls" -ge 2 ]] || fail "overlays/kind does not set imagePullPolicy IfNotPresent on both images"
  ! grep -qE 'image: ghcr\.io/fleetloop/' "$tmp/kind.yaml" ||
    fail "overlays/kind still references a release image"
fi
# The operator's FLEETLOOP_AUDIT_ENDPOINT is the audit Service's append port (071: grpc-append 7444).
for tree in kind base; do
  [[ -f "$tmp/$tree.objects" ]] || continue
  has_object "$tree" Service fleetloop-audit || fail "$tree has no fleetloop-audit Service"
  grep -A1 -E '^[[:space:]]+- name: FLEETLOOP_AUDIT_ENDPOINT[[:space:]]*$' "$tmp/$tree.yaml" |
    grep -qE '^[[:space:]]+value: fleetloop-audit:7444[[:space:]]*$' ||
    fail "$tree: the operator's FLEETLOOP_AUDIT_ENDPOINT is not fleetloop-audit:7444"
done
# Containers, env values and Service ports of a rendered tree, one tab-separated record per line:
#   C kind ns owner container image pull liveness readiness requests limits
#   E ns owner container NAME VALUE
#   P kind ns owner runAsNonRoot seccomp      (pod level)
#   X ns owner container allowPrivilegeEscalation=false dropsAll   (container level)
#   S ns service port
# kustomize sorts keys, so a pod template's containers are at six spaces (under spec.template.spec)
# and a Job's likewise; a container's keys at eight, an env item's at ten. A container's env comes
# before its name (sorted), so its env records are held until the container ends.
workloads() {
  awk '
    function out_c() {
      if (cname != "") {
        print "C\t" kind "\t" ns "\t" name "\t" cname "\t" image "\t" pull "\t" live "\t" ready "\t" req "\t" lim
        print "X\t" ns "\t" name "\t" cname "\t" noesc "\t" dropall
        for (i = 1; i <= nenv; i++) print "E\t" ns "\t" name "\t" cname "\t" env[i]
      }
      nenv = 0; cname = ""; image = "-"; pull = "-"; live = 0; ready = 0; req = 0; lim = 0; noesc = 0; dropall = 0
      inres = 0; insc = 0; incap = 0; envname = ""
    }
    function out_doc() {
      out_c()
      if (kind == "Deployment" || kind == "Job") print "P\t" kind "\t" ns "\t" name "\t" nonroot "\t" seccomp
      kind = ""; ns = "-"; name = ""; incont = 0; inmeta = 0; inports = 0; podsc = 0; nonroot = 0; seccomp = 0
    }
    BEGIN { out_doc() }
    /^---[[:space:]]*$/ { out_doc(); next }
    /^kind: / { kind = $2; next }
    /^metadata:/ { inmeta = 1; next }
    /^[^ ]/ { inmeta = 0; next }
    inmeta && /^  name: / { name = $2; next }
    inmeta && /^  namespace: / { ns = $2; next }
    kind == "Service" && /^  ports:/ { inports = 1; next }
    kind == "Service" && inports && /^  [^ -]/ { inports = 0 }
    kind == "Service" && inports && /^(  - |    )port: / { print "S\t" ns "\t" name "\t" $NF; next }
    kind != "Deployment" && kind != "Job" { next }
    /^      securityContext:/ { podsc = 1; next }
    podsc && /^      [^ ]/ { podsc = 0 }
    podsc && /^        runAsNonRoot: true/ { nonroot = 1 }
    podsc && /^          type: RuntimeDefault/ { seccomp = 1 }
    /^      (initContainers|containers):/ { out_c(); incont = 1; next }
    incont && /^      - / { out_c(); sub(/^      - /, "        ") }
    incont && /^      [^ -]/ { out_c(); incont = 0 }
    !incont { next }
    /^        name: / { cname = $2; next }
    /^        image: / { image = $2; next }
    /^        imagePullPolicy: / { pull = $2; next }
    /^        livenessProbe:/ { live = 1; next }
    /^        readinessProbe:/ { ready = 1; next }
    /^        resources:/ { inres = 1; next }
    /^        securityContext:/ { insc = 1; next }
    /^        [^ -]/ { inres = 0; insc = 0 }
    inres && /^          requests:/ { req = 1 }
    inres && /^          limits:/ { lim = 1 }
    insc && /^          allowPrivilegeEscalation: false/ { noesc = 1 }
    insc && /^          capabilities:/ { incap = 1; next }
    insc && incap && /^            - ALL/ { dropall = 1 }
    /^        - name: / { envname = $3; next }
    envname != "" && /^          value: / {
      v = $0; sub(/^          value: /, "", v); gsub(/^"|"$/, "", v)
      env[++nenv] = envname "\t" v; envname = ""; next
    }
    END { out_doc() }
  ' "$1"
}

if [[ -f "$tmp/kind.objects" ]]; then
  workloads "$tmp/kind.yaml" >"$tmp/kind.workloads"
  while IFS=$'\t' read -r _ wkind ns owner cname image pull live ready req lim; do
    where="overlays/kind $wkind $ns/$owner container $cname"
    case "$image" in
      fleetloop-*:dev)
        [[ "$pull" == IfNotPresent ]] || fail "$where: $image must have imagePullPolicy IfNotPresent (it is in no registry)" ;;
      ghcr.io/fleetloop/*) fail "$where: release image $image in the kind overlay" ;;
      *:latest | -) fail "$where: image '$image' is not pinned by a tag" ;;
      *@sha256:*) ;;
      *:*) [[ "${image##*/}" == *:* ]] || fail "$where: image '$image' is not pinned by a tag" ;;
      *) fail "$where: image '$image' is not pinned by a tag" ;;
    esac
    if [[ "$wkind" == Deployment ]]; then
      [[ "$live" == 1 && "$ready" == 1 ]] || fail "$where: needs a livenessProbe and a readinessProbe"
    fi
    [[ "$req" == 1 && "$lim" == 1 ]] || fail "$where: needs resource requests and limits"
  done < <(grep '^C' "$tmp/kind.workloads")

  for component in operator audit ingest release curator fleet-sim; do
    grep -qE "^C	Deployment	[^	]*	[^	]*	[^	]*	fleetloop-$component:dev	" "$tmp/kind.workloads" ||
      fail "overlays/kind does not run fleetloop-$component:dev in a Deployment"
  done
  for job in TRAINER VALIDATOR; do
    image="fleetloop-$(echo "$job" | tr '[:upper:]' '[:lower:]'):dev"
    grep -qE "^E	fleetloop-system	fleetloop-operator	operator	FLEETLOOP_${job}_IMAGE	$image\$" "$tmp/kind.workloads" ||
      fail "overlays/kind: the operator's FLEETLOOP_${job}_IMAGE is not $image"
  done

  # Endpoints: host[:port] with an optional scheme; short names resolve in the pod's namespace.
  while IFS=$'\t' read -r _ ns owner cname var value; do
    [[ "$var" =~ _(ENDPOINT|URL)$ ]] || continue
    [[ -n "$value" ]] || continue
    hostport="${value#*://}"
    hostport="${hostport%%/*}"
    if [[ "$hostport" != *:* ]]; then
      fail "overlays/kind $ns/$owner: $var=$value has no port"
      continue
    fi
    host="${hostport%:*}"
    port="${hostport##*:}"
    svc="${host%%.*}"
    svcns="$ns"
    if [[ "$host" == *.* ]]; then
      rest="${host#*.}"
      svcns="${rest%%.*}"
    fi
    grep -qE "^S	$svcns	$svc	$port\$" "$tmp/kind.workloads" ||
      fail "overlays/kind $ns/$owner container $cname: $var=$value names no Service $svc in namespace $svcns with port $port"
  done < <(grep '^E' "$tmp/kind.workloads")

  while IFS=$'\t' read -r _ wkind ns owner nonroot seccomp; do
    [[ "$ns" == fleetloop-system ]] || continue
    [[ "$nonroot" == 1 && "$seccomp" == 1 ]] ||
      fail "overlays/kind $wkind $ns/$owner: pod must set runAsNonRoot: true and seccompProfile RuntimeDefault (restricted)"
  done < <(grep '^P' "$tmp/kind.workloads")
  while IFS=$'\t' read -r _ ns owner cname noesc dropall; do
    [[ "$ns" == fleetloop-system ]] || continue
    [[ "$noesc" == 1 && "$dropall" == 1 ]] ||
      fail "overlays/kind $ns/$owner container $cname: needs allowPrivilegeEscalation: false and capabilities drop [ALL] (restricted)"
  done < <(grep '^X' "$tmp/kind.workloads")

  for dep in pulsar:fleetloop-pulsar minio:fleetloop-minio postgresql:fleetloop-postgresql; do
    awk -F'\t' -v n="${dep%%:*}" -v ns="${dep##*:}" '$2 == "Deployment" && $3 == ns && $4 == n { f = 1 } END { exit !f }' "$tmp/kind.objects" ||
      fail "overlays/kind has no Deployment ${dep%%:*} in namespace ${dep##*:}"
  done
fi

if [[ -f "$tmp/local.objects" ]]; then
  [[ "$(count_kind local Deployment)" == 0 ]] || fail "overlays/local must not contain a Deployment"
fi

if ((failures > 0)); then
  echo "manifests/check.sh: $failures check(s) failed" >&2
  exit 1
fi
echo "manifests/check.sh: all checks passed"
