"""The translation catalogs: complete, valid, in step with the source, and used by the pages.

Regenerate the catalogs after changing any translatable string (this is `make messages`):

    .venv/bin/python manage.py makemessages -l ar -l fa -l uk --ignore=.venv \
        --ignore=staticfiles --ignore=tests '--ignore=*.egg-info' --add-location=file --no-obsolete

then translate every new or changed entry in locale/<lang>/LC_MESSAGES/django.po and remove
its "#, fuzzy" flag.
"""

import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.conf import settings

BASE_DIR = Path(__file__).resolve().parent.parent
LOCALE_DIR = BASE_DIR / "locale"

CATALOG_LANGUAGES = ("ar", "fa", "uk")
DIRECTIONS = {"ar": "rtl", "fa": "rtl", "uk": "ltr"}

# Keep in step with `make messages` and the module docstring.
MAKEMESSAGES_ARGS = [
    "makemessages",
    *(arg for language in CATALOG_LANGUAGES for arg in ("-l", language)),
    "--ignore=.venv",
    "--ignore=staticfiles",
    "--ignore=tests",
    "--ignore=*.egg-info",
    "--add-location=file",
    "--no-obsolete",
    "--verbosity=0",
]
# Everything makemessages reads for the "django" domain, plus the catalogs it merges into;
# source_dirs() adds any app created later.
SOURCE_DIRS = ("config", "peers", "activities", "chat", "templates", "locale")

PRODUCT_NAME = "Common Ground"

# Any printf-style conversion Python's % operator understands ("%%" is a literal percent sign).
PYTHON_FORMAT = re.compile(
    r"%(?:\([^)]*\))?[#0\- +]*(?:\*|\d+)?(?:\.(?:\*|\d+))?[diouxXeEfFgGcrsa%]"
)
NAMED_PLACEHOLDER = re.compile(r"%\([^)]*\)[#0\- +]*\d*(?:\.\d+)?[diouxXeEfFgGcrsa]")
DIGITS = re.compile(r"\d+")
# Eastern Arabic and Persian digits count as the same numbers as ASCII ones.
TO_ASCII_DIGITS = str.maketrans("٠١٢٣٤٥٦٧٨٩۰۱۲۳۴۵۶۷۸۹", "01234567890123456789")
ARABIC_YEH_AND_KAF = re.compile("[\u064a\u0643]")


def po_path(language: str, locale_dir: Path = LOCALE_DIR) -> Path:
    return locale_dir / language / "LC_MESSAGES" / "django.po"


def load_catalog(language: str, locale_dir: Path = LOCALE_DIR) -> polib.POFile:
    path = po_path(language, locale_dir)
    assert path.is_file(), f"{path} is missing: run `make messages`"
    return polib.pofile(str(path))


def msgfmt() -> str:
    path = shutil.which("msgfmt")
    if path is None:
        pytest.fail("GNU gettext's msgfmt is not installed (apt-get install gettext)")
    return path


def msgstrs(entry: polib.POEntry) -> list[str]:
    if entry.msgid_plural:
        return [entry.msgstr_plural[index] for index in sorted(entry.msgstr_plural)]
    return [entry.msgstr]


def describe(entries: list[polib.POEntry]) -> str:
    return "\n".join(f"  {entry.msgid!r}" for entry in entries)


def placeholders(text: str, *, python_format: bool) -> tuple[list[str], list[str]]:
    """(sorted named placeholders, positional placeholders in order) in `text`."""
    pattern = PYTHON_FORMAT if python_format else NAMED_PLACEHOLDER
    found = [match for match in pattern.findall(text) if match != "%%"]
    named = sorted(match for match in found if match.startswith("%("))
    positional = [match for match in found if not match.startswith("%(")]
    return named, positional


def source_dirs() -> list[str]:
    apps = [path.parent.name for path in BASE_DIR.glob("*/apps.py")]
    return sorted(set(SOURCE_DIRS) | set(apps) - {"tests"})


def run_makemessages(project_dir: Path) -> subprocess.CompletedProcess:
    env = {
        **os.environ,
        "DJANGO_SETTINGS_MODULE": "config.settings",
        "PYTHONPATH": str(project_dir),
    }
    return subprocess.run(  # noqa: S603 -- fixed argument list, no shell
        [sys.executable, "manage.py", *MAKEMESSAGES_ARGS],
        cwd=project_dir,
        env=env,
        capture_output=True,
        text=True,
        check=False,
        timeout=300,
    )


@pytest.fixture(scope="module")
def regenerated_locale(tmp_path_factory) -> Path:
    """The catalogs as `make messages` would leave them for the source as it is now."""
    project_dir = tmp_path_factory.mktemp("project")
    ignore = shutil.ignore_patterns("__pycache__", "*.pyc", "*.mo")
    for name in source_dirs():
        shutil.copytree(BASE_DIR / name, project_dir / name, ignore=ignore)
    shutil.copy2(BASE_DIR / "manage.py", project_dir / "manage.py")
    result = run_makemessages(project_dir)
    assert result.returncode == 0, f"makemessages failed:\n{result.stdout}\n{result.stderr}"
    return project_dir / "locale"


@pytest.fixture(scope="module")
def compiled_locale(tmp_path_factory) -> Path:
    """The checked-in catalogs compiled afresh, so the page tests never read a stale .mo file."""
    locale_dir = tmp_path_factory.mktemp("locale")
    for language in CATALOG_LANGUAGES:
        target = locale_dir / language / "LC_MESSAGES" / "django.mo"
        target.parent.mkdir(parents=True)
        result = subprocess.run(  # noqa: S603 -- fixed argument list, no shell
            [msgfmt(), "--check-format", "-o", str(target), str(po_path(language))],
            capture_output=True,
            text=True,
            check=False,
        )
        assert result.returncode == 0, result.stderr
    return locale_dir


@pytest.fixture
def translated_site(settings, compiled_locale):
    settings.LOCALE_PATHS = [compiled_locale]


def test_settings_languages_have_catalogs():
    codes = [code for code, _name in settings.LANGUAGES if code != settings.LANGUAGE_CODE]
    assert sorted(codes) == sorted(CATALOG_LANGUAGES)


@pytest.mark.parametrize("language", CATALOG_LANGUAGES)
def test_catalog_header_names_language_and_plural_forms(language):
    catalog = load_catalog(language)
    assert catalog.metadata.get("Language") == language
    assert "charset=UTF-8" in catalog.metadata.get("Content-Type", "")
    assert catalog.metadata.get("Plural-Forms", "").startswith("nplurals=")
    assert not catalog.metadata_is_fuzzy, "remove the '#, fuzzy' flag above the header"


@pytest.mark.parametrize("language", CATALOG_LANGUAGES)
def test_catalog_has_no_untranslated_entries(language):
    untranslated = load_catalog(language).untranslated_entries()
    assert not untranslated, f"untranslated in {language}:\n{describe(untranslated)}"


@pytest.mark.parametrize("language", CATALOG_LANGUAGES)
def test_catalog_has_no_empty_plural_forms(language):
    empty = [
        entry for entry in load_catalog(language) if entry.msgid_plural and not all(msgstrs(entry))
    ]
    assert not empty, f"plural forms left empty in {language}:\n{describe(empty)}"


@pytest.mark.parametrize("language", CATALOG_LANGUAGES)
def test_catalog_has_no_fuzzy_entries(language):
    fuzzy = load_catalog(language).fuzzy_entries()
    assert not fuzzy, f"fuzzy (check, then remove the flag) in {language}:\n{describe(fuzzy)}"


@pytest.mark.parametrize("language", CATALOG_LANGUAGES)
def test_catalog_has_no_obsolete_entries(language):
    obsolete = load_catalog(language).obsolete_entries()
    assert not obsolete, f"obsolete ('#~') entries in {language}:\n{describe(obsolete)}"


@pytest.mark.parametrize("language", CATALOG_LANGUAGES)
def test_catalog_passes_msgfmt_check_format(language):
    result = subprocess.run(  # noqa: S603 -- fixed argument list, no shell
        [msgfmt(), "--check-format", "-o", os.devnull, str(po_path(language))],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 0, f"msgfmt rejected {language}:\n{result.stderr}"


@pytest.mark.parametrize("language", CATALOG_LANGUAGES)
def test_catalog_keeps_placeholders(language):
    mismatches = []
    for entry in load_catalog(language).translated_entries():
        python_format = "python-format" in entry.flags
        source = placeholders(entry.msgid, python_format=python_format)
        if entry.msgid_plural:
            plural = placeholders(entry.msgid_plural, python_format=python_format)
            allowed = set(source[0]) | set(plural[0]) | set(source[1]) | set(plural[1])
            for text in msgstrs(entry):
                named, positional = placeholders(text, python_format=python_format)
                # A plural form may leave the number out ("one hour"), never add a placeholder.
                if not set(named) | set(positional) <= allowed:
                    mismatches.append(f"  {entry.msgid!r} -> {text!r}")
        elif placeholders(entry.msgstr, python_format=python_format) != source:
            mismatches.append(f"  {entry.msgid!r} -> {entry.msgstr!r}")
    assert not mismatches, f"placeholders differ in {language}:\n" + "\n".join(mismatches)


@pytest.mark.parametrize("language", CATALOG_LANGUAGES)
def test_catalog_keeps_product_name_and_numbers(language):
    """The product name stays as it is; phone and option numbers survive translation."""
    problems = []
    for entry in load_catalog(language).translated_entries():
        for text in msgstrs(entry):
            if PRODUCT_NAME in entry.msgid and PRODUCT_NAME not in text:
                problems.append(f"  {entry.msgid!r}: {PRODUCT_NAME!r} missing")
            wanted = sorted(DIGITS.findall(entry.msgid))
            got = sorted(DIGITS.findall(text.translate(TO_ASCII_DIGITS)))
            if not entry.msgid_plural and wanted != got:
                problems.append(f"  {entry.msgid!r}: numbers {wanted} became {got}")
    assert not problems, f"in {language}:\n" + "\n".join(problems)


def test_persian_catalog_uses_persian_yeh_and_kaf():
    """Persian is written with ی and ک; the Arabic letters ي and ك look wrong and break search."""
    wrong = [
        entry
        for entry in load_catalog("fa").translated_entries()
        if any(ARABIC_YEH_AND_KAF.search(text) for text in msgstrs(entry))
    ]
    assert not wrong, f"Arabic ي or ك in the Persian catalog:\n{describe(wrong)}"


@pytest.mark.parametrize("language", CATALOG_LANGUAGES)
def test_regenerated_catalog_is_fully_translated(language, regenerated_locale):
    """A new or changed source string that nobody translated fails here, named."""
    catalog = load_catalog(language, regenerated_locale)
    untranslated = catalog.untranslated_entries()
    fuzzy = catalog.fuzzy_entries()
    assert not untranslated and not fuzzy, (
        f"run `make messages` and translate these in locale/{language}/LC_MESSAGES/django.po\n"
        f"untranslated:\n{describe(untranslated)}\n"
        f"fuzzy (guessed from an older string):\n{describe(fuzzy)}"
    )


@pytest.mark.parametrize("language", CATALOG_LANGUAGES)
def test_regenerated_catalog_has_no_extra_entries(language, regenerated_locale):
    """The checked-in catalog holds no strings the source no longer uses."""
    current = {(entry.msgctxt, entry.msgid) for entry in load_catalog(language, regenerated_locale)}
    stale = [
        entry
        for entry in load_catalog(language)
        if not entry.obsolete and (entry.msgctxt, entry.msgid) not in current
    ]
    assert not stale, f"no longer in the source; run `make messages`:\n{describe(stale)}"


@pytest.mark.parametrize("language", CATALOG_LANGUAGES)
def test_home_page_renders_in_cookie_language(language, client, translated_site):
    client.cookies[settings.LANGUAGE_COOKIE_NAME] = language
    skip_link = load_catalog(language).find("Skip to main content").msgstr

    response = client.get("/")

    assert response.status_code == 200
    html = response.content.decode()
    assert f'<html lang="{language}" dir="{DIRECTIONS[language]}">' in html
    assert skip_link and skip_link != "Skip to main content"
    assert skip_link in html
    assert "Skip to main content" not in html


def test_set_language_view_switches_home_page_to_persian(client, translated_site):
    response = client.post("/i18n/setlang/", {"language": "fa", "next": "/"})

    assert response.status_code == 302
    assert response.cookies[settings.LANGUAGE_COOKIE_NAME].value == "fa"
    html = client.get("/").content.decode()
    assert '<html lang="fa" dir="rtl">' in html
    assert load_catalog("fa").find("Skip to main content").msgstr in html


def test_home_page_renders_english_by_default(client, translated_site):
    html = client.get("/", headers={"accept-language": "en"}).content.decode()

    assert '<html lang="en" dir="ltr">' in html
    assert "Skip to main content" in html
