"""Command-line interface. Each module registers its commands on `app`; importing them here wires them.

Every command pays at its start for what these modules import, so they leave the heavy libraries (the
store's SQLAlchemy and models, the fetcher's, the extractor, the claims, rich's tables) to the commands that
use them. This matters most to `run --once`, whose crawling process never loads the store's (see
monitor.store.client).
"""

import gc

from monitor.cli import alerts, check, claims, demo, digest, extract, run, snapshots, status  # noqa: F401
from monitor.cli.app import app, err
from monitor.store.errors import StoreError


def main() -> None:
    try:
        app()
    except StoreError as exc:
        err.print(f"error: {exc}", highlight=False)
        raise SystemExit(1) from None
    except Exception as exc:
        from sqlalchemy.exc import OperationalError  # on the way out only: see above

        if not isinstance(exc, OperationalError):
            raise
        # The database went away mid-command (disk full, server down, file locked too long). Every
        # article and alert is committed on its own, so what was stored before this point is kept.
        reason = str(exc.orig).strip() or str(exc)
        err.print(f"error: database: {reason}. What was stored before is kept; run again.", highlight=False)
        raise SystemExit(1) from None
    finally:
        # The command is over and the process exits: frozen, the libraries' objects are left to the exit
        # instead of being swept by the collector one last time, which took a tenth of a second.
        gc.freeze()


__all__ = ["app", "main"]
