"""Chat load benchmark: many pairs talking at once over real websockets, against its floor.

    python -m chat.bench [--clients 200] [--seconds 10] [--rate 1] [--processes 2]
                         [--url ws://host:port ...]

Starts its own daphne processes for the chat (config.asgi) unless --url names running ones,
spreads the clients over them so that partners are on different processes, makes
clients/2 pairings with their conversations and logged-in sessions, and lets each pair talk
for the fixed time. Every message carries a client_id and its send time; the partner's receipt
gives the delivery latency. Then the same load runs against a bare relay on the same Redis layer
(chat/echo.py), the floor: what Channels and Redis cost with no database, session or rule.

Needs Redis (REDIS_URL, default redis://127.0.0.1:6379/0). Uses DATABASE_URL when set (prefer
PostgreSQL: SQLite takes one writer at a time), else a temporary SQLite file; either is migrated.
With --url the bench process must share the server's DATABASE_URL and SECRET_KEY, as it writes
the pairings and sessions the server reads. Exits 1 if any message is lost or duplicated.
"""

import argparse
import asyncio
import contextlib
import json
import os
import resource
import secrets
import shutil
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
import uuid
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import urlsplit, urlunsplit

HOST = "127.0.0.1"
BASE_DIR = Path(__file__).resolve().parent.parent
DEFAULT_REDIS_URL = "redis://127.0.0.1:6379/0"
# High enough that the limiter never refuses: the bench measures throughput, not the limiter.
RAISED_RATE_LIMIT = 1_000_000
# The "message waiting" tasks the chat queues go here, where no worker will ever run them.
BROKER_DB = 15
CONNECT_AT_ONCE = 20
SERVER_START_TIMEOUT = 30.0
FRAME_TIMEOUT = 10.0
LOG_TAIL = 40


# --- Servers --------------------------------------------------------------------------------


def all_servers(servers: dict[str, list["Server"]]) -> list["Server"]:
    return [server for group in servers.values() for server in group]


def cpu_seconds(group: list["Server"]) -> float:
    """The processes' CPU time together; unknown for servers we did not start."""
    return sum(server.cpu_seconds() for server in group) if group else float("nan")


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind((HOST, 0))
        return probe.getsockname()[1]


class Server:
    """A daphne subprocess serving one ASGI application; its log goes to a temporary file."""

    def __init__(self, application: str, env: dict[str, str]) -> None:
        self.port = free_port()
        self.log = tempfile.TemporaryFile()
        command = [sys.executable, "-m", "daphne", "-v", "0", "-b", HOST, "-p", str(self.port)]
        command.append(application)  # -v 0: warnings and errors, no access log
        self.process = subprocess.Popen(  # noqa: S603 - our own interpreter and arguments
            command, cwd=BASE_DIR, env=env, stdout=self.log, stderr=subprocess.STDOUT
        )
        self.url = f"ws://{HOST}:{self.port}"

    def wait_until_listening(self) -> None:
        deadline = time.monotonic() + SERVER_START_TIMEOUT
        while time.monotonic() < deadline:
            if self.process.poll() is not None:
                raise SystemExit(f"daphne exited with {self.process.returncode}:\n{self.output()}")
            try:
                with socket.create_connection((HOST, self.port), timeout=0.5):
                    return
            except OSError:
                time.sleep(0.1)
        raise SystemExit(f"daphne did not listen within {SERVER_START_TIMEOUT:.0f} s")

    def cpu_seconds(self) -> float:
        """User + system CPU time of the server process so far (Linux /proc)."""
        fields = Path(f"/proc/{self.process.pid}/stat").read_text().rsplit(")", 1)[1].split()
        return (int(fields[11]) + int(fields[12])) / os.sysconf("SC_CLK_TCK")

    def output(self) -> str:
        self.log.flush()
        self.log.seek(0)
        return self.log.read().decode(errors="replace")

    def stop(self) -> None:
        self.process.terminate()
        try:
            self.process.wait(timeout=10)
        except subprocess.TimeoutExpired:
            self.process.kill()
            self.process.wait()
        self.log.close()


# --- Test data ------------------------------------------------------------------------------


@dataclass(frozen=True)
class Pair:
    conversation_id: int
    user_ids: tuple[int, int]
    cookies: tuple[str, str]


def pairs_create(count: int, tag: str) -> list[Pair]:
    """Pairings with their conversations (through the chat's service) and a logged-in session
    per person, written straight through the session store: no login page, no password hash."""
    from importlib import import_module

    from django.conf import settings
    from django.contrib.auth import BACKEND_SESSION_KEY, HASH_SESSION_KEY, SESSION_KEY
    from django.contrib.auth.hashers import make_password

    from chat.services import conversation_open_for_pairing
    from peers.models import Pairing, User

    def person(role: str, index: int) -> User:
        return User(
            username=f"{tag}-{role}{index}",
            password=make_password(None),
            is_newcomer=role == "n",
            is_supporter=role == "s",
        )

    User.objects.bulk_create([person(role, index) for index in range(count) for role in ("n", "s")])
    users = {user.username: user for user in User.objects.filter(username__startswith=f"{tag}-")}
    Pairing.objects.bulk_create(
        [
            Pairing(newcomer=users[f"{tag}-n{index}"], supporter=users[f"{tag}-s{index}"])
            for index in range(count)
        ]
    )
    store_class = import_module(settings.SESSION_ENGINE).SessionStore
    backend = "django.contrib.auth.backends.ModelBackend"

    def cookie(user: User) -> str:
        store = store_class()
        store[SESSION_KEY] = str(user.pk)
        store[BACKEND_SESSION_KEY] = backend
        store[HASH_SESSION_KEY] = user.get_session_auth_hash()
        store.create()
        return f"{settings.SESSION_COOKIE_NAME}={store.session_key}"

    pairs = []
    pairings = Pairing.objects.filter(newcomer__username__startswith=f"{tag}-").order_by("pk")
    for pairing in pairings.select_related("newcomer", "supporter"):
        conversation = conversation_open_for_pairing(pairing=pairing)
        people = (pairing.newcomer, pairing.supporter)
        pairs.append(
            Pair(
                conversation_id=conversation.pk,
                user_ids=(people[0].pk, people[1].pk),
                cookies=(cookie(people[0]), cookie(people[1])),
            )
        )
    return pairs


def pairs_delete(tag: str, pairs: list[Pair]) -> None:
    from django.contrib.sessions.models import Session

    from chat.models import Conversation
    from peers.models import User

    Conversation.objects.filter(pk__in=[pair.conversation_id for pair in pairs]).delete()
    keys = [cookie.split("=", 1)[1] for pair in pairs for cookie in pair.cookies]
    Session.objects.filter(session_key__in=keys).delete()
    User.objects.filter(username__startswith=f"{tag}-").delete()


# --- Load -----------------------------------------------------------------------------------


@dataclass
class Client:
    index: int  # in the run; the partner is index ^ 1
    url: str
    origin: str
    cookie: str | None
    socket: object = None
    own_copy: asyncio.Event = field(default_factory=asyncio.Event)
    run: "Run | None" = None  # what its frames count towards: the warm-up, then the run


@dataclass
class Run:
    name: str
    sent: dict[str, tuple[int, float]] = field(default_factory=dict)  # client_id: sender, time
    delivered: dict[str, float] = field(default_factory=dict)  # client_id: latency to partner
    own_copies: set[str] = field(default_factory=set)
    duplicated: int = 0
    misrouted: int = 0
    errors: Counter = field(default_factory=Counter)
    closes: Counter = field(default_factory=Counter)
    connected: int = 0
    stored: int | None = None  # of the messages sent, how many the chat stored (at the end)
    first_send: float = 0.0
    last_delivery: float = 0.0
    progress: asyncio.Event = field(default_factory=asyncio.Event)

    @property
    def settled(self) -> bool:
        refused = sum(self.errors.values())
        return min(len(self.delivered), len(self.own_copies)) + refused >= len(self.sent)


async def client_open(client: Client, run: Run) -> None:
    from websockets.asyncio.client import connect
    from websockets.exceptions import ConnectionClosed

    headers = {"Cookie": client.cookie} if client.cookie else None
    client.socket = await connect(
        client.url,
        origin=client.origin,
        additional_headers=headers,
        proxy=None,
        open_timeout=FRAME_TIMEOUT,
        max_queue=None,
    )
    # The reply to an unknown type comes only after the consumer's connect has joined its
    # groups (frames are handled one at a time): from then on the socket hears every message.
    await client.socket.send(json.dumps({"type": "ready?"}))
    try:
        reply = json.loads(await asyncio.wait_for(client.socket.recv(), FRAME_TIMEOUT))
    except ConnectionClosed as closed:
        code = closed.rcvd.code if closed.rcvd else "none"
        raise RuntimeError(f"client {client.index}: closed with code {code} on connect") from None
    if reply.get("code") != "unknown_type":
        raise RuntimeError(f"client {client.index}: unexpected first frame {reply!r}")
    run.connected += 1


async def client_receive(client: Client) -> None:
    from websockets.exceptions import ConnectionClosed

    seen: set[str] = set()
    try:
        async for raw in client.socket:
            now = time.perf_counter()
            frame = json.loads(raw)
            run = client.run
            if frame.get("type") == "error":
                run.errors[frame.get("code")] += 1
                client.own_copy.set()
                run.progress.set()
                continue
            if frame.get("type") != "message":
                continue
            client_id = frame.get("client_id")
            if client_id not in run.sent:
                continue  # a straggler from the warm-up
            if client_id in seen:
                run.duplicated += 1
                continue
            seen.add(client_id)
            _word, sender, _seq, sent_at = frame["body"].split()
            sender = int(sender)
            if sender == client.index:
                run.own_copies.add(client_id)
                client.own_copy.set()
                run.progress.set()
            elif sender == client.index ^ 1:
                run.delivered[client_id] = now - float(sent_at)
                run.last_delivery = max(run.last_delivery, now)
                run.progress.set()
            else:
                run.misrouted += 1
    except ConnectionClosed as closed:
        client.run.closes[closed.rcvd.code if closed.rcvd else 1006] += 1


async def client_send(client: Client, run: Run, start: float, stop: float, rate: float) -> None:
    """Open loop at `rate` messages a second from a random phase; rate 0: closed loop, the
    next message once this client's own copy has come back."""
    from websockets.exceptions import ConnectionClosed

    interval = 1 / rate if rate else 0.0
    next_at = start + (secrets.randbelow(1000) / 1000 * interval)
    seq = 0
    while next_at < stop and client.socket.state.name == "OPEN":
        delay = next_at - time.perf_counter()
        if delay > 0:
            await asyncio.sleep(delay)
        client_id = str(uuid.uuid4())
        sent_at = time.perf_counter()
        run.sent[client_id] = (client.index, sent_at)
        client.own_copy.clear()
        body = f"bench {client.index} {seq} {sent_at:.6f}"
        try:
            await client.socket.send(
                json.dumps({"type": "message", "body": body, "client_id": client_id})
            )
        except ConnectionClosed:
            del run.sent[client_id]  # never left: the receiver counts the close
            return
        seq += 1
        if rate:
            next_at += interval
        else:
            with contextlib.suppress(TimeoutError):
                await asyncio.wait_for(client.own_copy.wait(), FRAME_TIMEOUT)
            next_at = time.perf_counter()


async def load_run(run: Run, clients: list[Client], args: argparse.Namespace) -> None:
    gate = asyncio.Semaphore(CONNECT_AT_ONCE)

    async def open_one(client: Client) -> None:
        async with gate:
            await client_open(client, run)

    await asyncio.gather(*(open_one(client) for client in clients))
    # Warm-up, not counted: one message from each client, so that the first measured ones do
    # not pay for imports, caches and connections a running server already has.
    warm_up = Run("warm-up")
    for client in clients:
        client.run = warm_up
    receivers = [asyncio.create_task(client_receive(client)) for client in clients]
    now = time.perf_counter()
    await asyncio.gather(*(client_send(c, warm_up, now, now + 1e-6, 0) for c in clients))
    await settle(warm_up, args.drain)
    for client in clients:
        client.run = run
    start = time.perf_counter() + 0.2
    stop = start + args.seconds
    run.first_send = start
    await asyncio.gather(*(client_send(c, run, start, stop, args.rate) for c in clients))
    await settle(run, args.drain)
    await asyncio.gather(*(client.socket.close() for client in clients))
    await asyncio.gather(*receivers)


async def settle(run: Run, drain: float) -> None:
    """Stragglers: waits until every message has reached both ends, or the drain time is up."""
    deadline = time.perf_counter() + drain
    while not run.settled and (remaining := deadline - time.perf_counter()) > 0:
        run.progress.clear()
        with contextlib.suppress(TimeoutError):
            await asyncio.wait_for(run.progress.wait(), remaining)


def _spread(index: int, base_urls: list[str]) -> tuple[str, str]:
    """Client `index`'s server, round robin: with several, partners (index ^ 1) are on
    different processes, so every message crosses between them through the layer."""
    base_url = base_urls[index % len(base_urls)]
    return base_url, "http" + base_url.removeprefix("ws")


def _clients(pair_count: int, base_urls: list[str], path, cookie) -> list[Client]:
    """Two clients per pair, spread over the servers; `path(pair, index)` is the socket's path
    and `cookie(pair, member)` its session cookie, if any."""
    clients = []
    for number in range(pair_count):
        for member in (0, 1):
            index = 2 * number + member
            base_url, origin = _spread(index, base_urls)
            clients.append(
                Client(
                    index=index,
                    url=base_url + path(number, index),
                    origin=origin,
                    cookie=cookie(number, member),
                )
            )
    return clients


def clients_for_chat(pairs: list[Pair], base_urls: list[str]) -> list[Client]:
    return _clients(
        len(pairs),
        base_urls,
        path=lambda number, _index: f"/ws/chat/{pairs[number].conversation_id}/",
        cookie=lambda number, member: pairs[number].cookies[member],
    )


def clients_for_echo(pair_count: int, base_urls: list[str]) -> list[Client]:
    return _clients(
        pair_count,
        base_urls,
        path=lambda number, index: f"/ws/echo/{number}/{index}/",
        cookie=lambda _number, _member: None,
    )


# --- Report ---------------------------------------------------------------------------------


@dataclass(frozen=True)
class Figures:
    sent: int
    delivered: int
    per_second: float
    p50: float
    p95: float
    p99: float
    lost: int
    own_missing: int
    duplicated: int


def figures(run: Run) -> Figures:
    latencies = sorted(run.delivered.values())
    quantiles = (
        statistics.quantiles(latencies, n=100, method="inclusive")
        if len(latencies) > 1
        else latencies * 99 or [float("nan")] * 99
    )
    elapsed = max(run.last_delivery - run.first_send, 1e-9)
    return Figures(
        sent=len(run.sent),
        delivered=len(run.delivered),
        per_second=len(run.delivered) / elapsed if run.delivered else 0.0,
        p50=quantiles[49] * 1000,
        p95=quantiles[94] * 1000,
        p99=quantiles[98] * 1000,
        lost=len(run.sent) - len(run.delivered),
        own_missing=len(run.sent) - len(run.own_copies),
        duplicated=run.duplicated,
    )


def report(runs: list[Run], cpu: dict[str, float], clients: int) -> int:
    table = {run.name: figures(run) for run in runs}
    names = list(table)
    rows = [
        ("connected", lambda run, fig: f"{run.connected}/{clients}"),
        ("messages sent", lambda run, fig: f"{fig.sent}"),
        ("delivered to partner", lambda run, fig: f"{fig.delivered}"),
        ("messages/s delivered", lambda run, fig: f"{fig.per_second:.1f}"),
        ("latency p50 (ms)", lambda run, fig: f"{fig.p50:.1f}"),
        ("latency p95 (ms)", lambda run, fig: f"{fig.p95:.1f}"),
        ("latency p99 (ms)", lambda run, fig: f"{fig.p99:.1f}"),
        ("LOST", lambda run, fig: f"{fig.lost}"),
        (
            "  of which stored",
            lambda run, fig: "-" if run.stored is None else run.stored - fig.delivered,
        ),
        ("DUPLICATED", lambda run, fig: f"{fig.duplicated}"),
        ("own copy missing", lambda run, fig: f"{fig.own_missing}"),
        ("misrouted", lambda run, fig: f"{run.misrouted}"),
        ("error replies", lambda run, fig: dict(run.errors) or "0"),
        ("closed by server", lambda run, fig: dict(run.closes) or "0"),
        ("server CPU (s)", lambda run, fig: f"{cpu.get(run.name, float('nan')):.1f}"),
        ("bench client CPU (s)", lambda run, fig: f"{cpu[f'client {run.name}']:.1f}"),
    ]
    print(f"\n{'':24}" + "".join(f"{name:>16}" for name in names))
    by_name = {run.name: run for run in runs}
    for label, value in rows:
        cells = "".join(f"{value(by_name[name], table[name])!s:>16}" for name in names)
        print(f"{label:24}{cells}")

    chat = table["chat"]
    print()
    if "floor" in table and table["floor"].per_second:
        ratio = chat.per_second / table["floor"].per_second
        verdict = "met" if ratio >= 0.7 else "MISSED"
        print(f"chat throughput = {ratio:.0%} of the floor (target >= 70 %): {verdict}")
    print(
        f"chat p99 = {chat.p99:.1f} ms (target < 100 ms at 200 clients): "
        + ("met" if chat.p99 < 100 else "MISSED")
    )
    failed = chat.lost or chat.duplicated or chat.own_missing
    print(
        f"chat lost {chat.lost}, duplicated {chat.duplicated}, own copies missing "
        f"{chat.own_missing} (target 0): " + ("MISSED" if failed else "met")
    )
    return 1 if failed else 0


# --- Main -----------------------------------------------------------------------------------


def arguments(argv: list[str] | None) -> argparse.Namespace:
    parser = argparse.ArgumentParser(
        prog="python -m chat.bench", description=__doc__.split("\n")[0]
    )
    parser.add_argument("--clients", type=int, default=200, help="sockets, two per pair (200)")
    parser.add_argument("--seconds", type=float, default=10.0, help="how long pairs talk (10)")
    parser.add_argument(
        "--rate",
        type=float,
        default=1.0,
        help="messages a second per client (1); 0: each sends again once its copy is back",
    )
    parser.add_argument(
        "--processes",
        type=int,
        default=2,
        help="server processes for the chat, and as many for the floor (2)",
    )
    parser.add_argument(
        "--url",
        action="append",
        help="a running chat server, e.g. ws://127.0.0.1:8000 (again for each process)",
    )
    parser.add_argument("--drain", type=float, default=10.0, help="seconds to wait for stragglers")
    parser.add_argument("--no-floor", action="store_true", help="skip the bare relay's run")
    parser.add_argument("--keep-data", action="store_true", help="leave the pairings in the DB")
    args = parser.parse_args(argv)
    if args.clients < 2 or args.clients % 2:
        parser.error("--clients must be an even number, at least 2")
    if args.rate < 0 or args.seconds <= 0:
        parser.error("--rate must be >= 0 and --seconds > 0")
    if args.processes < 1:
        parser.error("--processes must be at least 1")
    return args


def server_environment(args: argparse.Namespace, temporary: Path) -> dict[str, str]:
    """Sets this process's environment (read by the settings) and returns the servers'."""
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "config.settings")
    os.environ.setdefault("REDIS_URL", DEFAULT_REDIS_URL)
    if not os.environ.get("DATABASE_URL"):
        os.environ["DATABASE_URL"] = f"sqlite:///{temporary / 'bench.sqlite3'}"
    if not args.url:
        # Like production: no debug query log; a key of our own signs the sessions we write.
        os.environ["DEBUG"] = "0"
        os.environ.setdefault("SECRET_KEY", secrets.token_urlsafe(50))
        os.environ.setdefault("ALLOWED_HOSTS", f"{HOST},localhost")
        os.environ["CHAT_RATE_LIMIT_MESSAGES"] = str(RAISED_RATE_LIMIT)
    redis = urlsplit(os.environ["REDIS_URL"])
    broker = urlunsplit(redis._replace(path=f"/{BROKER_DB}"))
    return {**os.environ, "CELERY_BROKER_URL": broker, "PYTHONUNBUFFERED": "1"}


def database_prepare() -> str:
    from django.core.management import call_command
    from django.db import connection

    call_command("migrate", interactive=False, verbosity=0)
    if connection.vendor == "sqlite":
        with connection.cursor() as cursor:
            cursor.execute("PRAGMA journal_mode=WAL")  # what the settings' own SQLite uses
    name = connection.settings_dict["NAME"]
    return f"{connection.display_name} ({name})"


def messages_stored(client_ids: list[str]) -> int:
    """Stored but never delivered: dropped on the way; sent but not stored: still queued in
    the server (or refused)."""
    from chat.models import Message

    return Message.objects.filter(client_id__in=client_ids).count()


def broker_clear(url: str) -> None:
    import redis

    client = redis.Redis.from_url(url)
    keys = [*client.scan_iter(match="celery*"), *client.scan_iter(match="_kombu.*")]
    if keys:
        client.delete(*keys)


def main(argv: list[str] | None = None) -> int:
    args = arguments(argv)
    # Stopped from outside (timeout, kill): still stop the servers and remove what was made.
    signal.signal(signal.SIGTERM, lambda *_: sys.exit(143))
    temporary = Path(tempfile.mkdtemp(prefix="chat-bench-"))
    servers: dict[str, list[Server]] = {}
    pairs: list[Pair] = []
    tag = f"bench{secrets.token_hex(3)}"
    env = server_environment(args, temporary)
    try:
        import django

        django.setup()
        from django.conf import settings

        print(
            f"Chat load benchmark: {args.clients} clients ({args.clients // 2} pairs), "
            f"{args.seconds:g} s, "
            + (f"{args.rate:g} message/s per client" if args.rate else "closed loop")
        )
        if args.url:
            urls = ", ".join(args.url)
            print(f"chat servers: {urls} (their own rate limit and settings apply)")
            from django.db import connection

            database = f"{connection.display_name} ({connection.settings_dict['NAME']})"
        else:
            database = database_prepare()
        print(f"database: {database}")
        layer = settings.CHANNEL_LAYERS["default"]["BACKEND"]
        print(f"channel layer: {layer} at {os.environ['REDIS_URL']}")
        if not args.url:
            print(
                f"chat rate limit raised to {settings.CHAT_RATE_LIMIT_MESSAGES} messages per "
                f"{settings.CHAT_RATE_LIMIT_SECONDS} s for this run (CHAT_RATE_LIMIT_MESSAGES): "
                "this measures throughput, not the limiter"
            )
            print(f"servers: {args.processes} daphne processes each, DEBUG off")
        print(f"celery tasks queued by the chat go to {env['CELERY_BROKER_URL']} (no worker)")

        made = time.perf_counter()
        pairs = pairs_create(args.clients // 2, tag)
        print(f"made {len(pairs)} pairings and {2 * len(pairs)} sessions", end=" ")
        print(f"in {time.perf_counter() - made:.1f} s")

        chat_application = ":".join(settings.ASGI_APPLICATION.rsplit(".", 1))
        if not args.url:
            servers["chat"] = [Server(chat_application, env) for _ in range(args.processes)]
        if not args.no_floor:
            echo_env = {**env, "CHAT_ECHO_RUN": tag}  # one run: its processes share groups
            servers["floor"] = [
                Server("chat.echo:application", echo_env) for _ in range(args.processes)
            ]
        for server in all_servers(servers):
            server.wait_until_listening()

        runs = [Run("chat")]
        chat_urls = args.url or [server.url for server in servers["chat"]]
        targets = {"chat": clients_for_chat(pairs, chat_urls)}
        if not args.no_floor:
            runs.append(Run("floor"))
            targets["floor"] = clients_for_echo(
                len(pairs), [server.url for server in servers["floor"]]
            )
        cpu: dict[str, float] = {}
        for run in runs:
            group = servers.get(run.name, [])
            before = cpu_seconds(group)
            client_before = resource.getrusage(resource.RUSAGE_SELF)
            load = os.getloadavg()[0]
            print(f"running {run.name} (machine load average {load:.1f}) ...", flush=True)
            asyncio.run(load_run(run, targets[run.name], args))
            if run.name == "chat":
                run.stored = messages_stored(list(run.sent))
            client_after = resource.getrusage(resource.RUSAGE_SELF)
            cpu[run.name] = cpu_seconds(group) - before
            log = [line for server in group for line in server.output().splitlines()[-LOG_TAIL:]]
            if log and (run.closes or len(run.delivered) < len(run.sent)):
                print(f"--- {run.name} server log (last lines) ---", *log, sep="\n")
            cpu[f"client {run.name}"] = (
                client_after.ru_utime
                + client_after.ru_stime
                - client_before.ru_utime
                - client_before.ru_stime
            )
        return report(runs, cpu, args.clients)
    finally:
        for server in all_servers(servers):
            server.stop()
        if servers.get("chat"):
            broker_clear(env["CELERY_BROKER_URL"])
        try:
            if pairs and (args.keep_data or args.url):
                # A running server may still be working through a backlog on these rows.
                print(f"left the pairings in the database: usernames start with {tag}-")
            elif pairs:
                pairs_delete(tag, pairs)
        finally:
            shutil.rmtree(temporary, ignore_errors=True)


if __name__ == "__main__":
    sys.exit(main())
