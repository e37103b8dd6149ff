"""A real SMTP server for the e-mail tests (aiosmtpd): accepts every message and writes it
as a file into a directory, or refuses every recipient with a permanent 550.

    smtp_sink.py PORT DIRECTORY [--reject]

Prints "ready" once it listens; runs until killed.
"""

import asyncio
import pathlib
import sys

from aiosmtpd.controller import Controller


class Sink:
    def __init__(self, directory: pathlib.Path, reject: bool):
        self.directory = directory
        self.reject = reject

    async def handle_RCPT(self, server, session, envelope, address, rcpt_options):
        if self.reject:
            return "550 5.1.1 Mailbox unavailable (refused by the test server)"
        envelope.rcpt_tos.append(address)
        return "250 OK"

    async def handle_DATA(self, server, session, envelope):
        number = len(list(self.directory.glob("*.eml")))
        path = self.directory / f"{number:04}.eml"
        path.write_bytes(envelope.original_content or envelope.content)
        return "250 Message accepted for delivery"


def main() -> None:
    port = int(sys.argv[1])
    directory = pathlib.Path(sys.argv[2])
    directory.mkdir(parents=True, exist_ok=True)
    reject = "--reject" in sys.argv[3:]
    controller = Controller(Sink(directory, reject), hostname="127.0.0.1", port=port)
    controller.start()
    print("ready", flush=True)
    try:
        asyncio.run(asyncio.Event().wait())
    finally:
        controller.stop()


if __name__ == "__main__":
    main()
