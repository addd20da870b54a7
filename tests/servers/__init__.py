"""Real servers on 127.0.0.1 for tests: an SMTP server and a webhook receiver, each in its own thread, and
a hostile HTTP server (asyncio, in the test's own loop) that serves every fault the fetcher must survive."""
