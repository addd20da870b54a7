"""Where the repository's own data lives, for tests."""

from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
STORY = ROOT / "seeds" / "venezuela-2019-04-30"
CONFIG = ROOT / "config" / "monitor.toml"
