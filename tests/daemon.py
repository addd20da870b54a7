"""The real daemon in a subprocess: started, watched through its JSON log lines, signalled."""

from __future__ import annotations

import json
import os
import signal
import subprocess
import sys
import threading
import time
from collections.abc import Callable
from pathlib import Path


class DaemonProcess:
    def __init__(self, config: Path, *args: str, env: dict[str, str] | None = None) -> None:
        self.process = subprocess.Popen(
            [sys.executable, "-m", "monitor", "--config", str(config), "run", *args],
            stderr=subprocess.PIPE,
            stdout=subprocess.DEVNULL,
            text=True,
            env={**os.environ, **(env or {})},
        )
        self.lines: list[str] = []
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        for line in self.process.stderr:
            self.lines.append(line.rstrip("\n"))

    @property
    def records(self) -> list[dict]:
        """The JSON log lines so far (anything else on stderr is skipped)."""
        records = []
        for line in list(self.lines):
            try:
                records.append(json.loads(line))
            except ValueError:
                continue
        return records

    def polls(self) -> list[dict]:
        return [r for r in self.records if r.get("message") == "poll"]

    def wait_for(self, condition: Callable[[], bool], timeout: float = 30.0, what: str = "condition") -> None:
        deadline = time.monotonic() + timeout
        while time.monotonic() < deadline:
            if condition():
                return
            if self.process.poll() is not None:
                raise AssertionError(
                    f"daemon exited ({self.process.returncode}) waiting for {what}:\n{self.log()}"
                )
            time.sleep(0.1)
        raise AssertionError(f"timed out waiting for {what}:\n{self.log()}")

    def stop(self, signum: int = signal.SIGTERM, timeout: float = 10.0) -> tuple[int, float]:
        """Signal the daemon; returns its exit code and how long it took to exit."""
        started = time.monotonic()
        self.process.send_signal(signum)
        code = self.process.wait(timeout=timeout)
        self._reader.join(timeout=2)
        return code, time.monotonic() - started

    def kill(self) -> None:
        if self.process.poll() is None:
            self.process.kill()
            self.process.wait(timeout=10)

    def log(self) -> str:
        return "\n".join(self.lines[-40:])
