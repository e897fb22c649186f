"""A real SMTP server on loopback, in the test's own process, that can misbehave on purpose.

Small enough to read in one go (no aiosmtpd needed): it speaks the commands Django's SMTP
backend sends, keeps every message whose DATA it received in full, and can stall at a chosen
step, as a slow or overloaded mail server does, holding its answer while the client times out.
"""

import email
import socketserver
import threading
import time

# Where the server may stall: before answering RCPT (the message never arrives) or after the
# final "." of DATA (the message has arrived; only the "250" is late).
STALL_AT_RCPT = "rcpt"
STALL_AFTER_DATA = "after_data"


class _Handler(socketserver.StreamRequestHandler):
    timeout = 30

    def handle(self) -> None:
        server: StallingSMTPServer = self.server
        self.wfile.write(b"220 localhost ESMTP test server\r\n")
        data: list[bytes] | None = None
        for line in self.rfile:
            if data is not None:
                if line == b".\r\n":
                    message = b"".join(data)
                    data = None
                    server.received_message(message)
                    if server.stall_at == STALL_AFTER_DATA and server.stall(self):
                        return
                    self.wfile.write(b"250 2.0.0 queued\r\n")
                else:
                    data.append(line[1:] if line.startswith(b"..") else line)
                continue
            verb = line[:4].upper()
            if verb in (b"EHLO", b"HELO"):
                self.wfile.write(b"250-localhost\r\n250 8BITMIME\r\n")
            elif verb == b"RCPT" and server.stall_at == STALL_AT_RCPT:
                if server.stall(self):
                    return
                self.wfile.write(b"250 2.1.5 ok\r\n")
            elif verb in (b"MAIL", b"RCPT", b"RSET", b"NOOP"):
                self.wfile.write(b"250 2.1.0 ok\r\n")
            elif verb == b"DATA":
                data = []
                self.wfile.write(b"354 end with .\r\n")
            elif verb == b"QUIT":
                self.wfile.write(b"221 2.0.0 bye\r\n")
                return
            else:
                self.wfile.write(b"502 5.5.2 not implemented\r\n")


class StallingSMTPServer(socketserver.ThreadingTCPServer):
    """`with StallingSMTPServer() as server:` serves on 127.0.0.1:`server.port` until the end.

    `stall_at` picks the step; a stall lasts `stall_seconds` (None: until `release()`), then the
    server answers normally, or, with `hang_up_after_stall`, closes the connection."""

    daemon_threads = True
    allow_reuse_address = True

    def __init__(self, stall_at: str | None = None, stall_seconds: float | None = None) -> None:
        super().__init__(("127.0.0.1", 0), _Handler)
        self.port = self.server_address[1]
        self.stall_at = stall_at
        self.stall_seconds = stall_seconds
        self.hang_up_after_stall = False
        self.messages: list[email.message.Message] = []
        self.stalling = threading.Event()  # set while a client is being kept waiting
        self.arrived = threading.Event()  # set when a message has been received in full
        self._released = threading.Event()
        self._lock = threading.Lock()

    def received_message(self, raw: bytes) -> None:
        with self._lock:
            self.messages.append(email.message_from_bytes(raw))
        self.arrived.set()

    def stall(self, handler: _Handler) -> bool:
        """Keep the client waiting. True when the connection should be dropped afterwards."""
        self.stalling.set()
        if self.stall_seconds is None:
            self._released.wait(timeout=120)
        else:
            time.sleep(self.stall_seconds)
        return self.hang_up_after_stall

    def release(self, *, behave: bool = True) -> None:
        """End the stall now; with `behave`, answer normally from here on."""
        if behave:
            self.stall_at = None
        self._released.set()

    def message_ids(self) -> list[str]:
        with self._lock:
            return [m["Message-ID"] for m in self.messages]

    def __enter__(self) -> "StallingSMTPServer":
        threading.Thread(target=self.serve_forever, daemon=True).start()
        return self

    def __exit__(self, *exc) -> None:
        self._released.set()
        self.shutdown()
        self.server_close()
