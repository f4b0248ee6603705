"""`dw serve`'s app on a real uvicorn server in a thread, for the API and browser tests."""

from __future__ import annotations

import socket
import threading
import time
from datetime import date

import uvicorn

from config.settings import Settings
from workflow.context import Workflow


class LiveService:
    """The app on a free loopback port; ``token`` issues a unit token straight into its store."""

    def __init__(self, settings: Settings):
        from service.app import create_app

        self.app = create_app(settings)
        self.wf: Workflow = self.app.state.wf
        sock = socket.socket()
        sock.bind(("127.0.0.1", 0))
        self.url = f"http://127.0.0.1:{sock.getsockname()[1]}"
        self.server = uvicorn.Server(uvicorn.Config(self.app, log_level="warning", access_log=False, lifespan="off"))
        self.thread = threading.Thread(target=self.server.run, kwargs={"sockets": [sock]}, daemon=True)
        self.thread.start()
        deadline = time.monotonic() + 10
        while not self.server.started:
            assert time.monotonic() < deadline, "the service did not start"
            time.sleep(0.01)

    def token(self, unit: str, label: str | None = None, expires_on: date | None = None) -> str:
        from workflow.credentials import issue
        from workflow.units import operator

        with self.wf.store.write() as session:
            return issue(session, self.wf.audit, operator(session, None, "test-ops"), unit, label or f"{unit}-system", expires_on).token

    def stop(self) -> None:
        self.server.should_exit = True
        self.thread.join(timeout=10)
        self.wf.close()

