"""The store's error for users, apart from the engine: commands that never open the store (and the crawl
process of `run --once`, whose worker owns the store) catch it without loading SQLAlchemy."""


class StoreError(Exception):
    """The database cannot be opened or used; phrased for the user."""
