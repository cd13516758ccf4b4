#!/usr/bin/env bash
# Make sure the Debian/Ubuntu packages a target needs are installed.
#
#   scripts/ensure-system-packages.sh 'PKG[|ALT...]=CHECK' ...
#
# Each argument names a package (or alternatives, the first one apt can install wins)
# and how to tell it is already there. CHECK is either
#   - a path or shell glob (anything with a "/"):  satisfied when one match exists, or
#   - a command name:                               satisfied when it is on PATH.
# Examples:
#   'postgresql-15|postgresql=/usr/lib/postgresql/*/bin/initdb'
#   'libzbar0=/usr/lib/*/libzbar.so.0'
#   'xvfb=Xvfb'
#
# Nothing is done when every check passes. Otherwise, as root: one `apt-get update`,
# then `apt-get install -y --no-install-recommends` of what is missing. Not as root: the
# exact `sudo apt-get install ...` command is printed and the script fails.
set -euo pipefail

if [ "$#" -eq 0 ]; then
    echo "usage: $0 'PKG[|ALT...]=CHECK' ..." >&2
    exit 2
fi

satisfied() {
    local check=$1 match
    if [[ $check == */* ]]; then
        # Unquoted on purpose: the check may be a glob.
        for match in $check; do
            [ -e "$match" ] && return 0
        done
        return 1
    fi
    command -v "$check" >/dev/null 2>&1
}

missing=()   # entries "alt1|alt2" still to install
for spec in "$@"; do
    if [[ $spec != *=* ]]; then
        echo "$0: '$spec' is not PKG=CHECK" >&2
        exit 2
    fi
    packages=${spec%%=*}
    check=${spec#*=}
    if satisfied "$check"; then
        continue
    fi
    missing+=("$packages")
done

if [ "${#missing[@]}" -eq 0 ]; then
    exit 0
fi

have_apt=0
command -v apt-get >/dev/null 2>&1 && have_apt=1

if [ "$(id -u)" -ne 0 ] || [ "$have_apt" -eq 0 ]; then
    # Without root we cannot ask apt which alternative exists: name the first of each.
    firsts=()
    for packages in "${missing[@]}"; do
        firsts+=("${packages%%|*}")
    done
    echo "Missing system packages: ${missing[*]}" >&2
    if [ "$have_apt" -eq 0 ]; then
        echo "apt-get is not available here: install the equivalent packages with your" \
            "system's package manager, then run this again." >&2
    else
        echo "Install them, then run this again:" >&2
        echo "" >&2
        echo "    sudo apt-get update && sudo apt-get install -y --no-install-recommends ${firsts[*]}" >&2
        echo "" >&2
    fi
    exit 1
fi

export DEBIAN_FRONTEND=noninteractive
echo "Installing system packages (missing: ${missing[*]}) ..." >&2
apt-get update -qq

installable() {
    # True when apt has an installation candidate for this package.
    local candidate
    candidate=$(apt-cache policy "$1" 2>/dev/null | awk '/Candidate:/ {print $2; exit}')
    [ -n "$candidate" ] && [ "$candidate" != "(none)" ]
}

chosen=()
for packages in "${missing[@]}"; do
    pick=""
    IFS='|' read -r -a alternatives <<<"$packages"
    for package in "${alternatives[@]}"; do
        if installable "$package"; then
            pick=$package
            break
        fi
    done
    if [ -z "$pick" ]; then
        echo "$0: none of '$packages' can be installed from the configured apt sources" >&2
        exit 1
    fi
    chosen+=("$pick")
done

apt-get install -y --no-install-recommends "${chosen[@]}"

# Re-check: a package that installed but did not provide what we test for is a bug here.
for spec in "$@"; do
    check=${spec#*=}
    if ! satisfied "$check"; then
        echo "$0: '${spec%%=*}' installed but '$check' is still missing" >&2
        exit 1
    fi
done
