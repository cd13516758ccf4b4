from __future__ import annotations

import sys


def main() -> None:
    # The desktop windows are not built yet: run the headless server the app would embed.
    from lan_server.cli import main as server_main

    sys.argv = [sys.argv[0], "serve", *sys.argv[1:]]
    server_main()


if __name__ == "__main__":
    main()
