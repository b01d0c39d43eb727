"""Local stand-ins for the outside world, for examples and tests (no internet needed).

- :class:`FakeProviderServer`: an HTTP server speaking enough of the OpenAI chat-completions,
  OpenAI Responses and Anthropic messages APIs (JSON and server-sent-event streams, usage with
  cached tokens, injected errors) for the *official* clients to talk to it unmodified.
- :class:`TrackingServer`: a stand-in for the analytics API's ``POST /v1/finops/calls/track``
  that can be taken down and brought back to exercise retries, the breaker and the spool.
"""

from finops_sdk.testing._fake_provider import FakeProviderServer
from finops_sdk.testing._tracking_server import TrackingServer

__all__ = ["FakeProviderServer", "TrackingServer"]
