"""Demo people for `make demo`: illustrative, drawn from the journeys in shared/JOURNEYS.md.

Each row: username, first name, roles, town, email (or ""). Towns are the dispersal areas the
demo is set in; profiles that store them arrive with the people issue.
"""

from dataclasses import dataclass

from peers.roles import Role

DEMO_PASSWORD = "common-ground-demo"  # noqa: S105 - printed for demo logins on purpose
DEMO_TOTP_SECRET = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP"  # noqa: S105 - demo coordinator only


@dataclass(frozen=True)
class DemoPerson:
    username: str
    first_name: str
    roles: tuple[Role, ...]
    town: str
    email: str = ""


N, S, C = Role.NEWCOMER, Role.SUPPORTER, Role.COORDINATOR

DEMO_PEOPLE: tuple[DemoPerson, ...] = (
    DemoPerson("selam", "Selam", (N,), "Middlesbrough"),
    DemoPerson("yonas", "Yonas", (N,), "Middlesbrough"),
    DemoPerson("amina", "Amina", (N,), "Stoke-on-Trent"),
    DemoPerson("reza", "Reza", (N,), "Stoke-on-Trent", "reza@example.org"),
    DemoPerson("farid", "Farid", (N,), "Wakefield"),
    DemoPerson("hawre", "Hawre", (N,), "Bradford"),
    DemoPerson("olena", "Olena", (N,), "Bradford", "olena@example.org"),
    DemoPerson("mariam", "Mariam", (N,), "Cardiff"),
    DemoPerson("abdi", "Abdi", (N,), "Cardiff"),
    DemoPerson("nasrin", "Nasrin", (N,), "Glasgow"),
    DemoPerson("samir", "Samir", (N,), "Swansea"),
    DemoPerson("tigist", "Tigist", (N,), "Belfast"),
    DemoPerson("hanna", "Hanna", (S,), "Middlesbrough", "hanna@example.org"),
    DemoPerson("dawit", "Dawit", (S,), "Middlesbrough"),
    DemoPerson("leila", "Leila", (S,), "Stoke-on-Trent", "leila@example.org"),
    DemoPerson("omar", "Omar", (S, N), "Wakefield"),
    DemoPerson("zana", "Zana", (S,), "Bradford", "zana@example.org"),
    DemoPerson("iryna", "Iryna", (S,), "Bradford"),
    DemoPerson("fatima", "Fatima", (S,), "Cardiff", "fatima@example.org"),
    DemoPerson("kamal", "Kamal", (S,), "Glasgow"),
    DemoPerson("priya", "Priya", (C,), "Middlesbrough", "priya@example.org"),
)
