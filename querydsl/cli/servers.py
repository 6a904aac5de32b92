"""The commands that run a local server until Ctrl-C: `serve` (the playground) and `emulate`."""

from __future__ import annotations

import argparse
import sys
from typing import TYPE_CHECKING

from querydsl.cli.arguments import EXIT_USAGE, read_file, shown_path
from querydsl.cli.store import open_store

if TYPE_CHECKING:  # the `web` extra: imported only by the commands, when they run
    from querydsl.web.server import PlaygroundServer


def cmd_serve(args: argparse.Namespace) -> str:
    try:
        from querydsl.web.asgi import app
        from querydsl.web.server import make_server
    except ImportError as missing:  # Starlette or uvicorn: the `web` extra
        library = (missing.name or "a library").partition(".")[0]
        print(f"querydsl: serve needs the web extra ({library} is not installed): "
              "pip install 'querydsl[web]'", file=sys.stderr)  # fmt: skip
        sys.exit(EXIT_USAGE)
    # With --db, the search box suggests the values kept in that store (SPEC 11).
    store = None if args.db is None else open_store(args.db, create=False)
    application = None if store is None else app(values=store.values)
    server = make_server(args.host, args.port, application)
    _warn_unless_loopback(server, args.host)
    print(f"querydsl playground on {server.url} (Ctrl-C stops it)", flush=True)
    if store is not None:
        said = f"value suggestions from {shown_path(args.db)} ({len(store)} operations)"
        print(said, flush=True)
    try:
        return _serve_until_interrupted(server)
    finally:
        if store is not None:
            store.close()


def cmd_emulate(args: argparse.Namespace) -> str:
    try:
        from querydsl.emulator.asgi import Emulator
        from querydsl.emulator.server import serve
    except ImportError as missing:  # Starlette, uvicorn: the `emulator` extra
        print(f"querydsl: emulate needs the emulator extra ({missing.name} is not installed): "
              "pip install 'querydsl[emulator]'", file=sys.stderr)  # fmt: skip
        sys.exit(EXIT_USAGE)
    emulator = Emulator(
        data=[read_file(name) for name in args.data],
        sample=args.sample,
        seed=args.seed,
        paging=args.paging,
        webhook_url=args.webhook_url,
    )
    server = serve(emulator, args.host, args.port)
    _warn_unless_loopback(server, args.host)
    counts = emulator.counts()
    lines = [
        f"querydsl emulator on {server.url} (Ctrl-C stops it): {counts['operations']} operations, "
        f"{counts['transactions']} transactions, paging={args.paging}",
        "test credentials (this emulator's own, made for this run):",
        *emulator.credentials.lines(),
    ]
    if args.webhook_url:
        lines.append(f"webhooks to {args.webhook_url}; the public key: GET /emulator/public-key")
    print("\n".join(lines), flush=True)
    return _serve_until_interrupted(server)


def _warn_unless_loopback(server: PlaygroundServer, host: str) -> None:
    if not server.loopback_only:
        print(f"querydsl: warning: {host} is not loopback; anyone who can reach it can use it",
              file=sys.stderr)  # fmt: skip


def _serve_until_interrupted(server: PlaygroundServer) -> str:
    try:
        server.serve_forever()
    except KeyboardInterrupt:
        pass
    finally:
        server.server_close()
    return "stopped"
