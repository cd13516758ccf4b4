#!/bin/sh
# Installs the eCEP bundle (`make bundle` -> dist/ecep) on a Linux PC. As root:
#
#   installer/linux/install.sh [--bundle DIR] [--server]
#   installer/linux/install.sh --uninstall [--purge]
#
# - the bundle in /opt/ecep; `ecep` (the desktop app) and `ecep-server` (the server's
#   commands: serve, backup, restore, support-bundle...) in /usr/local/bin;
# - the menu entry (ecep.desktop) and its icon;
# - with --server: the system user `ecep` and the systemd unit ecep-server.service, enabled
#   and started (a headless school server; data in /var/lib/ecep).
# DESTDIR=/some/root installs into that tree only (packaging, tests): no user, no systemctl.
# The school's data is never touched: upgrading = running this again with the new bundle.
# --uninstall removes the program, the commands, the menu entry and the service, and keeps
# the data (/var/lib/ecep, each user's ~/.local/share/ecep-school-server); --purge also
# deletes /var/lib/ecep (the headless server's database, backups and logs).
set -eu

HERE=$(cd "$(dirname "$0")" && pwd)
BUNDLE="$HERE/../../dist/ecep"
DESTDIR=${DESTDIR:-}
PREFIX=/opt/ecep
SERVER=no
UNINSTALL=no
PURGE=no

while [ $# -gt 0 ]; do
    case "$1" in
        --bundle) BUNDLE=$2; shift ;;
        --server) SERVER=yes ;;
        --uninstall) UNINSTALL=yes ;;
        --purge) PURGE=yes ;;
        -h|--help) sed -n '2,19p' "$0"; exit 0 ;;
        *) echo "install.sh: unknown option $1" >&2; exit 2 ;;
    esac
    shift
done

if [ "$UNINSTALL" = yes ]; then
    if [ -z "$DESTDIR" ] && [ "$(id -u)" -ne 0 ]; then
        echo "install.sh: run it as root (sudo $0 ...)" >&2
        exit 1
    fi
    if [ -z "$DESTDIR" ] && [ -e /etc/systemd/system/ecep-server.service ]; then
        systemctl disable --now ecep-server.service || true
    fi
    rm -f "$DESTDIR/etc/systemd/system/ecep-server.service"
    [ -z "$DESTDIR" ] && command -v systemctl >/dev/null 2>&1 && systemctl daemon-reload || true
    rm -rf "$DESTDIR$PREFIX"
    rm -f "$DESTDIR/usr/local/bin/ecep" "$DESTDIR/usr/local/bin/ecep-server" \
        "$DESTDIR/usr/share/applications/ecep.desktop" \
        "$DESTDIR/usr/share/icons/hicolor/scalable/apps/ecep.svg"
    if [ "$PURGE" = yes ]; then
        rm -rf "$DESTDIR/var/lib/ecep" "$DESTDIR/etc/ecep"
        echo "eCEP removed, with the server's data (/var/lib/ecep)."
    else
        echo "eCEP removed. The school's data is kept: /var/lib/ecep (headless server) and" \
            "~/.local/share/ecep-school-server (desktop users); --purge deletes /var/lib/ecep."
    fi
    exit 0
fi

if [ ! -x "$BUNDLE/ecep" ]; then
    echo "install.sh: no bundle in $BUNDLE (build it with: make bundle)" >&2
    exit 1
fi
if [ -z "$DESTDIR" ] && [ "$(id -u)" -ne 0 ]; then
    echo "install.sh: run it as root (sudo $0 ...)" >&2
    exit 1
fi

# The program (never the data: that lives in the data directory).
rm -rf "$DESTDIR$PREFIX.new"
mkdir -p "$DESTDIR$PREFIX.new"
cp -a "$BUNDLE/." "$DESTDIR$PREFIX.new/"
rm -rf "$DESTDIR$PREFIX.old"
if [ -d "$DESTDIR$PREFIX" ]; then mv "$DESTDIR$PREFIX" "$DESTDIR$PREFIX.old"; fi
mv "$DESTDIR$PREFIX.new" "$DESTDIR$PREFIX"
rm -rf "$DESTDIR$PREFIX.old"

mkdir -p "$DESTDIR/usr/local/bin"
ln -sf "$PREFIX/ecep" "$DESTDIR/usr/local/bin/ecep"
cat > "$DESTDIR/usr/local/bin/ecep-server" <<WRAPPER
#!/bin/sh
exec $PREFIX/ecep server "\$@"
WRAPPER
chmod 755 "$DESTDIR/usr/local/bin/ecep-server"

mkdir -p "$DESTDIR/usr/share/applications" "$DESTDIR/usr/share/icons/hicolor/scalable/apps"
cp "$HERE/ecep.desktop" "$DESTDIR/usr/share/applications/ecep.desktop"
cp "$HERE/ecep.svg" "$DESTDIR/usr/share/icons/hicolor/scalable/apps/ecep.svg"
chmod 644 "$DESTDIR/usr/share/applications/ecep.desktop" \
    "$DESTDIR/usr/share/icons/hicolor/scalable/apps/ecep.svg"

if [ "$SERVER" = yes ]; then
    mkdir -p "$DESTDIR/etc/systemd/system" "$DESTDIR/etc/ecep"
    cp "$HERE/ecep-server.service" "$DESTDIR/etc/systemd/system/ecep-server.service"
    chmod 644 "$DESTDIR/etc/systemd/system/ecep-server.service"
    if [ ! -e "$DESTDIR/etc/ecep/ecep-server.env" ]; then
        printf '%s\n' "# Settings of the eCEP server (ECEP_PORT=8470, ECEP_HTTPS=true, ...)" \
            > "$DESTDIR/etc/ecep/ecep-server.env"
    fi
    if [ -z "$DESTDIR" ]; then
        id -u ecep >/dev/null 2>&1 || useradd --system --home-dir /var/lib/ecep \
            --no-create-home --shell /usr/sbin/nologin ecep
        systemctl daemon-reload
        systemctl enable --now ecep-server.service
        echo "eCEP server started: systemctl status ecep-server; data in /var/lib/ecep"
    fi
fi
echo "eCEP installed in $DESTDIR$PREFIX"
