"""Files channel: `<directory>/<digest id>.md` and `.html`, each written whole or not at all."""

from __future__ import annotations

import asyncio
import os
import uuid
from collections.abc import Mapping
from pathlib import Path

from monitor.channels.base import DeliveryError, safe_id
from monitor.config import ChannelSettings
from monitor.digest import Digest, RenderedDigest


async def send(
    channel: ChannelSettings, digest: Digest, rendered: RenderedDigest, env: Mapping[str, str]
) -> None:
    directory = Path(channel.directory or "")
    name = safe_id(digest.id)
    contents = {directory / f"{name}.md": rendered.markdown, directory / f"{name}.html": rendered.html}
    try:
        await asyncio.to_thread(write_atomically, directory, contents)
    except OSError as exc:
        raise DeliveryError(f"cannot write the digest to {directory}: {exc.strerror or exc}") from None


def write_atomically(directory: Path, contents: Mapping[Path, str]) -> None:
    """Write every file to a temporary name first and rename only once all are complete, so that a full
    disk or a permission error leaves no half-written digest behind (a reader sees old or new, whole)."""
    directory.mkdir(parents=True, exist_ok=True)
    temporary: dict[Path, Path] = {}
    try:
        for path, text in contents.items():
            # A hidden, unique name that no reader globbing *.md or *.html picks up half-written.
            temporary[path] = path.with_name(f".{path.name}.{uuid.uuid4().hex}.tmp")
            with open(temporary[path], "x", encoding="utf-8") as file:
                file.write(text)
                file.flush()
                os.fsync(file.fileno())
        for path, temp in temporary.items():
            os.replace(temp, path)
    finally:
        for temp in temporary.values():
            temp.unlink(missing_ok=True)
