# Sourced by bin/ scripts: make sure .venv exists and holds this project (with the given extras).
# Re-installs only when pyproject.toml changed since the last install.
set -euo pipefail
ROOT="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
VENV="$ROOT/.venv"
PY="${PYTHON:-python3}"
extras="${1:-}"
if [ ! -x "$VENV/bin/python" ]; then
  echo "Creating $VENV ..." >&2
  "$PY" -m venv "$VENV"
fi
stamp="$VENV/.searchidx-installed${extras:+-$extras}"
if [ ! -f "$stamp" ] || [ "$ROOT/pyproject.toml" -nt "$stamp" ]; then
  echo "Installing searchidx${extras:+[$extras]} into $VENV ..." >&2
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check --upgrade pip >&2 || true
  "$VENV/bin/python" -m pip install --quiet --disable-pip-version-check -e "$ROOT${extras:+[$extras]}" >&2
  touch "$stamp"
fi
# Byte-compile the package, as a regular (non-editable) pip install does. An editable install is
# otherwise compiled from source on every start where PYTHONDONTWRITEBYTECODE is set (CI machines,
# this one): 58 ms of each CLI command on the benchmark. Up-to-date files are skipped.
"$VENV/bin/python" -m compileall -q "$ROOT/searchidx" >/dev/null || true
