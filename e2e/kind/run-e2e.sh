#!/usr/bin/env bash
# Runs Fleetloop's e2e tests against the whole loop installed on a kind cluster.
#
#   e2e/kind/run-e2e.sh                  # create (or reuse) the cluster, build, load, install, test, delete
#   e2e/kind/run-e2e.sh --keep-cluster   # leave the cluster running afterwards (to look around)
#   e2e/kind/run-e2e.sh --skip-build     # reuse the image tarballs already in */target/jib-image.tar
#   e2e/kind/run-e2e.sh --demo DIR       # apply DIR instead of manifests/demo (default; falls back
#                                        # to manifests/examples when manifests/demo does not exist)
#
# Environment: KIND_CLUSTER_NAME (default fleetloop-e2e), KIND_NODE_IMAGE (optional, e.g.
# kindest/node:v1.33.1), ARTIFACTS (where logs go on failure; default target/kind-e2e),
# ROLLOUT_TIMEOUT (default 600s).
#
# Steps: check the tools (kind, kubectl, java) -> create or reuse the kind cluster -> build every
# image as a tarball without a Docker daemon (Jib: `./mvnw -B -DskipTests package jib:buildTar`,
# each module's target/jib-image.tar) -> `kind load image-archive` each -> install
# manifests/overlays/kind (CRDs first, wait until Established) -> wait for the dependencies, the
# bucket Job and every Fleetloop Deployment -> advertise the demo HardwarePools' accelerators on
# the nodes -> apply the demo resources -> port-forward the audit service's query port -> run
# `./mvnw -B -pl e2e verify` against the cluster -> on failure collect `kubectl get`/describe
# output and logs into $ARTIFACTS -> delete the cluster (unless --keep-cluster or it was reused).
#
# NOT RUN HERE: this script was written where neither a Docker engine nor kind is available, so it
# has never been executed end to end. It passes `shellcheck` and `bash -n`; the manifests it
# installs pass manifests/check.sh, and the image build was checked up to the point where Jib
# pulls its base image (eclipse-temurin:17-jre from Docker Hub). Needs: kind (a container runtime
# for it: Docker or Podman), kubectl, bash 4+, a JDK 17+ and network access to Maven Central and
# Docker Hub.
set -euo pipefail

here="$(cd "$(dirname "${BASH_SOURCE[0]}")" && pwd)"
root="$(cd "$here/../.." && pwd)"
cd "$root"

cluster="${KIND_CLUSTER_NAME:-fleetloop-e2e}"
artifacts="${ARTIFACTS:-$root/target/kind-e2e}"
rollout_timeout="${ROLLOUT_TIMEOUT:-600s}"
keep=false
build=true
demo=""

usage() { sed -n '2,12p' "${BASH_SOURCE[0]}" | sed 's/^# \{0,1\}//'; }

while (($# > 0)); do
  case "$1" in
    --keep-cluster) keep=true ;;
    --skip-build) build=false ;;
    --demo)
      [[ $# -ge 2 ]] || { echo "run-e2e.sh: --demo needs a directory" >&2; exit 2; }
      demo="$2"
      shift
      ;;
    -h | --help) usage; exit 0 ;;
    *) echo "run-e2e.sh: unknown argument '$1'" >&2; usage >&2; exit 2 ;;
  esac
  shift
done

log() { printf '[kind-e2e] %s\n' "$*"; }
die() { printf '[kind-e2e] ERROR: %s\n' "$*" >&2; exit 1; }

# Modules whose images the overlay runs (and the operator's Jobs: trainer, validator), with the
# image each one's jib:buildTar writes (fleetloop-<component>:dev, see the root pom).
image_modules=(
  operators:fleetloop-operator
  services/audit:fleetloop-audit
  services/ingest:fleetloop-ingest
  services/release:fleetloop-release
  services/curator:fleetloop-curator
  services/trainer:fleetloop-trainer
  services/validator:fleetloop-validator
  services/fleet-sim:fleetloop-fleet-sim
)
fleetloop_deployments=(fleetloop-audit fleetloop-release fleetloop-ingest fleetloop-curator
  fleetloop-operator fleetloop-fleet-sim)

# --- 1. tools -----------------------------------------------------------------------------------
missing=()
for tool in kind kubectl java; do
  command -v "$tool" >/dev/null 2>&1 || missing+=("$tool")
done
((${#missing[@]} == 0)) || die "missing tools: ${missing[*]} (kind: https://kind.sigs.k8s.io, kubectl, a JDK 17+)"
java_major="$(java -XshowSettings:properties -version 2>&1 | awk -F'= ' '/java.specification.version/ { print $2 }')"
[[ "${java_major%%.*}" -ge 17 ]] 2>/dev/null || die "Java 17 or newer is needed (found '${java_major:-unknown}')"
if [[ -z "$demo" ]]; then
  if [[ -d manifests/demo ]]; then demo=manifests/demo; else demo=manifests/examples; fi
fi
[[ -d "$demo" ]] || die "no demo resources in '$demo'"

# --- 2. cluster ---------------------------------------------------------------------------------
created=false
if kind get clusters 2>/dev/null | grep -qx "$cluster"; then
  log "reusing kind cluster $cluster"
else
  log "creating kind cluster $cluster"
  node_image_args=()
  if [[ -n "${KIND_NODE_IMAGE:-}" ]]; then node_image_args=(--image "$KIND_NODE_IMAGE"); fi
  kind create cluster --name "$cluster" --wait 120s ${node_image_args[@]+"${node_image_args[@]}"}
  created=true
fi
kubeconfig="$(mktemp "${TMPDIR:-/tmp}/fleetloop-kind-kubeconfig.XXXXXX")"
kind get kubeconfig --name "$cluster" >"$kubeconfig"
export KUBECONFIG="$kubeconfig"
k() { kubectl --context "kind-$cluster" "$@"; }

port_forward_pid=""
status=0
collect() {
  mkdir -p "$artifacts"
  log "collecting diagnostics into $artifacts"
  k get nodes -o wide >"$artifacts/nodes.txt" 2>&1 || true
  k get all,pvc,jobs,secrets,events -A -o wide >"$artifacts/get-all.txt" 2>&1 || true
  k get fleetloop -A -o yaml >"$artifacts/fleetloop-resources.yaml" 2>&1 || true
  k describe pods -A >"$artifacts/describe-pods.txt" 2>&1 || true
  local ns pod
  for ns in fleetloop-system fleetloop-pulsar fleetloop-minio fleetloop-postgresql $(demo_namespaces); do
    for pod in $(k -n "$ns" get pods -o name 2>/dev/null); do
      k -n "$ns" logs "$pod" --all-containers --prefix >"$artifacts/logs-$ns-${pod#pod/}.txt" 2>&1 || true
      k -n "$ns" logs "$pod" --all-containers --prefix --previous \
        >"$artifacts/logs-$ns-${pod#pod/}-previous.txt" 2>/dev/null || true
    done
  done
  kind export logs "$artifacts/kind" --name "$cluster" >/dev/null 2>&1 || true
}
demo_namespaces() {
  kubectl kustomize "$demo" 2>/dev/null | awk '/^kind: Namespace/ { ns = 1; next } ns && /^  name: / { print $2; ns = 0 } /^---/ { ns = 0 }' || true
}
cleanup() {
  status=$?
  if [[ -n "$port_forward_pid" ]]; then kill "$port_forward_pid" 2>/dev/null || true; fi
  if ((status != 0)); then
    collect
    log "FAILED (exit $status); diagnostics in $artifacts"
  fi
  if [[ "$keep" == true ]]; then
    log "keeping cluster $cluster: export KUBECONFIG=$kubeconfig"
  elif [[ "$created" == true ]]; then
    log "deleting kind cluster $cluster"
    kind delete cluster --name "$cluster" >/dev/null 2>&1 || true
    rm -f "$kubeconfig"
  else
    log "leaving the reused cluster $cluster in place"
    rm -f "$kubeconfig"
  fi
  exit "$status"
}
trap cleanup EXIT

# --- 3. images (Jib, no Docker daemon) ----------------------------------------------------------
modules=""
for entry in "${image_modules[@]}"; do modules+="${modules:+,}${entry%%:*}"; done
if [[ "$build" == true ]]; then
  log "building the image tarballs with Jib: $modules"
  ./mvnw -B -DskipTests -pl "$modules" -am package jib:buildTar
  # `-pl e2e verify` below resolves the modules the tests use from the local repository.
  log "installing the modules the e2e tests use"
  ./mvnw -B -q -DskipTests -pl e2e -am install
fi
for entry in "${image_modules[@]}"; do
  module="${entry%%:*}" image="${entry##*:}"
  tar="$module/target/jib-image.tar"
  [[ -f "$tar" ]] || die "$tar is missing (run without --skip-build)"
  log "loading $image:dev from $tar"
  kind load image-archive "$tar" --name "$cluster"
done

# --- 4. install ---------------------------------------------------------------------------------
rendered="$(mktemp "${TMPDIR:-/tmp}/fleetloop-kind.XXXXXX.yaml")"
kubectl kustomize manifests/overlays/kind >"$rendered"
log "installing the CRDs"
mapfile -t crds < <(k apply -k crds -o name)
((${#crds[@]} > 0)) || die "kubectl apply -k crds installed no CRD"
k wait --for condition=Established --timeout=60s "${crds[@]}"
log "installing manifests/overlays/kind"
k apply -f "$rendered"
rm -f "$rendered"

log "waiting for the dependencies (Pulsar, MinIO, PostgreSQL)"
k -n fleetloop-postgresql rollout status deployment/postgresql --timeout="$rollout_timeout"
k -n fleetloop-minio rollout status deployment/minio --timeout="$rollout_timeout"
k -n fleetloop-pulsar rollout status deployment/pulsar --timeout="$rollout_timeout"
log "waiting for the bucket Job"
k -n fleetloop-system wait --for condition=Complete --timeout="$rollout_timeout" job/fleetloop-s3-buckets
log "waiting for the Fleetloop services"
for deployment in "${fleetloop_deployments[@]}"; do
  k -n fleetloop-system rollout status "deployment/$deployment" --timeout="$rollout_timeout"
done

# --- 5. demo ------------------------------------------------------------------------------------
log "applying the demo resources from $demo"
k apply -k "$demo"
# Training Jobs request one unit of the pool's accelerator (nvidia.com/gpu, fleetloop.io/edge-chip,
# ...), which kind nodes do not have: advertise a few of each as extended resources on every node
# (the documented way to advertise node-level extended resources: a JSON patch on the node's
# status capacity). The trainer itself runs on the CPU.
resources="$(k get hardwarepools -o jsonpath='{range .items[*]}{.spec.accelerator.resourceName}{"\n"}{end}' | sort -u)"
for node in $(k get nodes -o name); do
  for resource in $resources; do
    [[ -n "$resource" ]] || continue
    log "advertising 8 $resource on $node"
    k patch "$node" --subresource=status --type=json \
      -p "[{\"op\":\"add\",\"path\":\"/status/capacity/${resource//\//~1}\",\"value\":\"8\"}]"
  done
done
# Trainer and validator pods read the object store's credentials from the Secret fleetloop-s3 in
# their TrainingRun's namespace (TrainingSettings.DEFAULT_S3_SECRET): copy it there.
access_key="$(k -n fleetloop-system get secret fleetloop-s3 -o jsonpath='{.data.accessKey}' | base64 -d)"
secret_key="$(k -n fleetloop-system get secret fleetloop-s3 -o jsonpath='{.data.secretKey}' | base64 -d)"
for ns in $(k get trainingruns,fleetreleases -A -o jsonpath='{range .items[*]}{.metadata.namespace}{"\n"}{end}' | sort -u); do
  log "granting the object store to TrainingRuns in $ns (Secret fleetloop-s3)"
  k -n "$ns" create secret generic fleetloop-s3 \
    --from-literal=accessKey="$access_key" --from-literal=secretKey="$secret_key" \
    --dry-run=client -o yaml | k apply -f -
done

# --- 6. tests -----------------------------------------------------------------------------------
log "port-forwarding the audit query port to 127.0.0.1:7443"
mkdir -p "$artifacts"
k -n fleetloop-system port-forward svc/fleetloop-audit 7443:7443 >"$artifacts/port-forward.log" 2>&1 &
port_forward_pid=$!
for _ in $(seq 1 30); do
  if (exec 3<>/dev/tcp/127.0.0.1/7443) 2>/dev/null; then break; fi
  kill -0 "$port_forward_pid" 2>/dev/null || die "kubectl port-forward exited: $(cat "$artifacts/port-forward.log")"
  sleep 1
done
(exec 3<>/dev/tcp/127.0.0.1/7443) 2>/dev/null || die "the audit query port is not reachable on 127.0.0.1:7443"

log "running the e2e tests against kind-$cluster"
# the poisoned generation of LoopE2E names the trainer image the nodes have (kind: the loaded :dev one)
./mvnw -B -pl e2e verify \
  -Dfleetloop.kubeconfig="$kubeconfig" \
  -Dfleetloop.e2e.target=kubeconfig \
  -Dfleetloop.audit.endpoint=127.0.0.1:7443 \
  -Dfleetloop.e2e.trainerImage=fleetloop-trainer:dev

log "the fleet simulator's last progress line:"
k -n fleetloop-system logs deployment/fleetloop-fleet-sim --tail=200 | grep '\[fleet\]' | tail -1 || true
log "PASSED"
