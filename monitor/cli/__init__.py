"""Command-line interface. Each module registers its commands on `app`; importing them here wires them."""

from sqlalchemy.exc import OperationalError

from monitor.cli import alerts, check, claims, demo, digest, extract, run, snapshots, status  # noqa: F401
from monitor.cli.app import app, err
from monitor.store.engine import StoreError


def main() -> None:
    try:
        app()
    except OperationalError as exc:
        # The database went away mid-command (disk full, server down, file locked too long). Every
        # article and alert is committed on its own, so what was stored before this point is kept.
        reason = str(exc.orig).strip() or str(exc)
        err.print(f"error: database: {reason}. What was stored before is kept; run again.", highlight=False)
        raise SystemExit(1) from None
    except StoreError as exc:
        err.print(f"error: {exc}", highlight=False)
        raise SystemExit(1) from None


__all__ = ["app", "main"]
