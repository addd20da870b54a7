"""The local replay of the four outlets, for `monitor demo` and the tests (see `monitor.demo.site`)."""

from monitor.demo.site import DemoSite, Request, RequestLog

__all__ = ["DemoSite", "Request", "RequestLog"]
