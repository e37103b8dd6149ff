"""What the load scripts (bench-load, soak, two-servers) share: a small HTTP/1.1 client on raw
asyncio keep-alive connections, answer-time percentiles, the
server process (start, wait for /healthz, memory), and a scratch PostgreSQL database.

Not a script of its own: `sys.path.insert(0, os.path.dirname(__file__))`, then `import loadkit`.
"""

import asyncio
import os
import socket
import subprocess
import sys
import time
import urllib.parse

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
PG_ADMIN = os.environ.get("GREMIUM_TEST_POSTGRES_URL", "postgres://postgres@127.0.0.1:5432/postgres")
PASSWORD = "Gremium-Demo-2026"
TIMEOUT = 30.0


class Dropped(Exception):
    """The server closed or reset the connection before a whole answer."""


async def read_response(reader):
    """Reads one answer (Content-Length or chunked); returns the status, the headers (names in
    lower case, `set-cookie` as a list of name=value) and the body."""
    try:
        head = await reader.readuntil(b"\r\n\r\n")
    except asyncio.IncompleteReadError as e:
        raise Dropped(f"closed after {len(e.partial)} bytes of the head") from None
    except ConnectionError as e:
        raise Dropped(type(e).__name__) from None
    lines = head.decode("latin-1").split("\r\n")
    status = int(lines[0].split(" ")[1])
    headers, cookies = {}, []
    for line in lines[1:]:
        if ":" in line:
            name, value = line.split(":", 1)
            headers[name.strip().lower()] = value.strip()
            if name.strip().lower() == "set-cookie":
                cookies.append(value.strip().split(";")[0])
    headers["set-cookie"] = cookies
    body = bytearray()
    try:
        if headers.get("transfer-encoding", "").lower() == "chunked":
            while True:
                size = int((await reader.readuntil(b"\r\n")).split(b";")[0], 16)
                chunk = await reader.readexactly(size + 2)
                if size == 0:
                    break
                body += chunk[:-2]
        elif "content-length" in headers:
            body += await reader.readexactly(int(headers["content-length"]))
    except asyncio.IncompleteReadError:
        raise Dropped("closed in the middle of the body") from None
    except ConnectionError as e:
        raise Dropped(type(e).__name__) from None
    return status, headers, bytes(body)


def request(host, path, cookie="", method="GET", body=b"", extra="Accept: text/html\r\n"):
    head = f"{method} {path} HTTP/1.1\r\nHost: {host}\r\n"
    if cookie:
        head += f"Cookie: {cookie}\r\n"
    if body:
        head += f"Content-Length: {len(body)}\r\n"
    return (head + extra + "\r\n").encode() + body


FORM = "Content-Type: application/x-www-form-urlencoded\r\nAccept: application/json\r\n"


def form(fields):
    """A form body as the app's server functions take it."""
    return urllib.parse.urlencode(fields).encode()


async def fetch(host, port, path, cookie="", method="GET", body=b"", extra="Accept: text/html\r\n"):
    """One request on a connection of its own."""
    reader, writer = await asyncio.open_connection(host, port)
    try:
        writer.write(request(f"{host}:{port}", path, cookie, method, body, extra))
        return await asyncio.wait_for(read_response(reader), TIMEOUT)
    finally:
        writer.close()


async def post_form(port, path, fields, cookie=""):
    return await fetch("127.0.0.1", port, path, cookie, "POST", form(fields), FORM)


async def sign_in(port, email):
    """Signs in through the app's sign-in server function; returns the session cookie."""
    status, headers, text = await post_form(port, "/api/anmelden",
                                            {"email": email, "password": PASSWORD})
    cookie = next((c for c in headers["set-cookie"] if "gremium=" in c), None)
    if status >= 400 or cookie is None:
        sys.exit(f"sign-in of {email} failed: {status} {text[:200]!r}")
    return cookie


def percentile(latencies, share):
    """The answer time (ms) that this share of the answers stayed within."""
    if not latencies:
        return 0.0
    ordered = sorted(latencies)
    return ordered[min(len(ordered) - 1, int(share * len(ordered)))] * 1e3


def free_port():
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return s.getsockname()[1]


def build(release):
    """Builds the server binary; returns its path."""
    command = ["cargo", "build", "-p", "gremium-server", "--bin", "gremium"]
    if release:
        command.append("--release")
    subprocess.run(command, cwd=ROOT, check=True)
    target = os.environ.get("CARGO_TARGET_DIR", os.path.join(ROOT, "target"))
    return os.path.join(target, "release" if release else "debug", "gremium")


def psql(*commands, database=None):
    """Runs SQL on the admin connection (or on `database`); returns each command's rows."""
    url = PG_ADMIN if database is None else pg_url(database)
    out = []
    for command in commands:
        done = subprocess.run(["psql", url, "-qtAc", command], check=True, capture_output=True,
                              text=True,
                              env=dict(os.environ, PGOPTIONS="--client-min-messages=warning"))
        out.append([line for line in done.stdout.splitlines() if line])
    return out


def pg_url(database):
    return PG_ADMIN.rsplit("/", 1)[0] + "/" + database


def fresh_pg(database):
    """A new, empty PostgreSQL database; returns its URL."""
    psql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)", f"CREATE DATABASE {database}")
    return pg_url(database)


def drop_pg(database):
    psql(f"DROP DATABASE IF EXISTS {database} WITH (FORCE)")


async def healthy(port):
    try:
        return (await fetch("127.0.0.1", port, "/healthz"))[0] == 200
    except (OSError, Dropped, asyncio.TimeoutError, ValueError, IndexError):
        # A server in the middle of stopping may answer with anything: not healthy.
        return False


async def start(binary, env, log_path, demo=True):
    """Starts `gremium serve` (with the demo) and waits until /healthz answers 200."""
    log = open(log_path, "a")
    command = [binary, "serve"] + (["--demo"] if demo else [])
    server = subprocess.Popen(command, cwd=ROOT, env=env, stdout=log, stderr=subprocess.STDOUT)
    log.close()
    port = int(env["LEPTOS_SITE_ADDR"].rsplit(":", 1)[1])
    deadline = time.monotonic() + 600
    while time.monotonic() < deadline:
        if server.poll() is not None:
            sys.exit(f"the server stopped, see {log_path}:\n" + open(log_path).read()[-2000:])
        if await healthy(port):
            return server
        await asyncio.sleep(0.25)
    server.terminate()
    sys.exit(f"the server did not answer /healthz, see {log_path}")


def server_env(database_url, port, **extra):
    return dict(os.environ, DATABASE_URL=database_url, LEPTOS_SITE_ADDR=f"127.0.0.1:{port}",
                RUST_LOG=os.environ.get("RUST_LOG", "warn"), **extra)


def memory(pid, field="VmRSS"):
    """The process's resident memory now (VmRSS) or at its peak (VmHWM), in MB."""
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def panics(log_path):
    """How many panics the server log holds; each is printed with the lines after it (the first
    with 60, enough for a backtrace when the server ran with RUST_BACKTRACE=1)."""
    with open(log_path, errors="replace") as log:
        lines = log.readlines()
    found = [n for n, line in enumerate(lines) if "panicked" in line]
    for k, n in enumerate(found):
        print("server panic:", *lines[n:n + (60 if k == 0 else 6)], sep="\n    ", file=sys.stderr)
    return len(found)
