"""Command-line interface. Each module registers its commands on `app`; importing them here wires them."""

from monitor.cli import alerts, check, claims, demo, digest, extract, run, snapshots, status  # noqa: F401
from monitor.cli.app import app


def main() -> None:
    app()


__all__ = ["app", "main"]
