#!/usr/bin/env bash
# Create .venv (Python 3.11+) if needed and install the project with its dev extras, but only
# when pyproject.toml changed since the last successful install (a hash stamp in the venv).
#
#   scripts/ensure-venv.sh            # from the repository root (the Makefile does this)
#   PYTHON=python3.12 scripts/ensure-venv.sh
set -euo pipefail

cd "$(dirname "$0")/.."
VENV=${VENV:-.venv}
STAMP="$VENV/.ecep-deps.sha256"
EXTRAS=${EXTRAS:-dev}

find_python() {
    local candidate candidates=(python3.11 python3)
    [ -n "${PYTHON:-}" ] && candidates=("$PYTHON")
    for candidate in "${candidates[@]}"; do
        if command -v "$candidate" >/dev/null 2>&1 &&
            "$candidate" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null; then
            echo "$candidate"
            return 0
        fi
    done
    echo "Python 3.11 or newer is needed (tried: ${candidates[*]})." >&2
    echo "On Debian 12: sudo apt-get install -y python3.11 python3.11-venv" >&2
    return 1
}

venv_ok() {
    [ -x "$VENV/bin/python" ] && "$VENV/bin/python" -c 'import sys; sys.exit(sys.version_info < (3, 11))' 2>/dev/null
}

if ! venv_ok; then
    python=$(find_python)
    rm -rf "$VENV"
    echo "Creating $VENV with $python ($("$python" -c 'import sys; print(sys.version.split()[0])'))" >&2
    if ! "$python" -m venv "$VENV" 2>/dev/null; then
        rm -rf "$VENV"
        # Debian/Ubuntu split venv/ensurepip out of the interpreter package.
        version=$("$python" -c 'import sys; print(f"{sys.version_info[0]}.{sys.version_info[1]}")')
        scripts/ensure-system-packages.sh \
            "python${version}-venv|python3-venv=/usr/share/python-wheels/pip-*.whl"
        "$python" -m venv "$VENV"
    fi
fi

# The stamp covers what decides the installed set: the dependency list and the interpreter.
want=$({ cat pyproject.toml; "$VENV/bin/python" -c 'import sys; print(sys.version)'; echo "extras=$EXTRAS"; } \
    | sha256sum | cut -d' ' -f1)
have=$(cat "$STAMP" 2>/dev/null || true)
if [ "$want" != "$have" ]; then
    echo "Installing the project and its [$EXTRAS] dependencies into $VENV ..." >&2
    PIP_NO_INPUT=1 PIP_DISABLE_PIP_VERSION_CHECK=1 \
        "$VENV/bin/python" -m pip install --progress-bar off -e ".[$EXTRAS]"
    echo "$want" >"$STAMP"
fi
