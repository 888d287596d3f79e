"""The project's fake servers, unchanged but for one socket option: TCP_NODELAY.

`tests.httpfake` writes a response's headers and body in two sends. With Nagle's algorithm on,
the body then waits for the client's delayed ACK (about 40 ms on Linux) on every request of a
kept-alive connection after the first few. redact-bot keeps connections alive and the guide
opens a new one per request, so that stall would charge ours ~40 ms per request that no real
gateway charges. `disable_nagle_algorithm` is the standard `socketserver` switch for it.
"""

from __future__ import annotations

from tests.fake_assemblyai import AssemblyAIHandler, FakeAssemblyAI
from tests.fake_gateway import FakeGateway, GatewayHandler


class BenchGatewayHandler(GatewayHandler):
    disable_nagle_algorithm = True


class BenchAssemblyAIHandler(AssemblyAIHandler):
    disable_nagle_algorithm = True


class BenchGateway(FakeGateway):
    handler_class = BenchGatewayHandler


class BenchAssemblyAI(FakeAssemblyAI):
    handler_class = BenchAssemblyAIHandler
