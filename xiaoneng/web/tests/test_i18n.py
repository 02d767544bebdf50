"""Chinese first, English selectable; the catalogues are complete and compiled."""

import gettext
import shutil
import subprocess
import sys
from pathlib import Path

import polib
import pytest
from django.urls import reverse

ROOT = Path(__file__).resolve().parents[3]
LOCALES = ["zh_Hans", "en"]


def catalogue(locale: str) -> polib.POFile:
    return polib.pofile(str(ROOT / "locale" / locale / "LC_MESSAGES" / "django.po"))


@pytest.mark.django_db
def test_english_switch_renders_the_home_page_in_english(client_for, users):
    client = client_for(users.clerk)
    assert "首页" in client.get(reverse("home")).content.decode()
    response = client.post(reverse("set_language"), {"language": "en", "next": reverse("home")})
    assert response.status_code == 302
    content = client.get(reverse("home")).content.decode()
    assert "Home" in content
    assert "Window clerk" in content
    assert "首页" not in content


@pytest.mark.django_db
def test_an_english_browser_still_gets_chinese_until_the_user_switches(client):
    response = client.get(reverse("login"), HTTP_ACCEPT_LANGUAGE="en-US,en;q=0.9")
    assert "工作人员登录" in response.content.decode()
    client.post(reverse("set_language"), {"language": "en", "next": reverse("login")})
    assert "Staff login" in client.get(reverse("login")).content.decode()


def test_every_zh_hans_entry_is_translated():
    po = catalogue("zh_Hans")
    missing = [entry.msgid for entry in po.untranslated_entries()]
    fuzzy = [entry.msgid for entry in po.fuzzy_entries()]
    assert not missing, f"untranslated zh-Hans entries: {missing}"
    assert not fuzzy, f"fuzzy zh-Hans entries: {fuzzy}"


@pytest.mark.parametrize("locale", LOCALES)
def test_compiled_catalogue_matches_its_source(locale):
    directory = ROOT / "locale" / locale / "LC_MESSAGES"
    with (directory / "django.mo").open("rb") as handle:
        compiled = gettext.GNUTranslations(handle)._catalog
    for entry in catalogue(locale).translated_entries():
        key = f"{entry.msgctxt}\x04{entry.msgid}" if entry.msgctxt else entry.msgid
        if entry.msgid_plural:
            assert compiled[(key, 0)] == entry.msgstr_plural[0], entry.msgid
        else:
            assert compiled[key] == entry.msgstr, entry.msgid


@pytest.mark.skipif(shutil.which("xgettext") is None, reason="GNU gettext is not installed")
def test_catalogue_holds_every_string_in_the_code(tmp_path):
    """Extract the strings afresh in a copy of the tree: nothing may be new."""
    copy = tmp_path / "src"
    shutil.copytree(
        ROOT,
        copy,
        ignore=shutil.ignore_patterns(".venv", "var", ".git", "node_modules", "__pycache__"),
    )
    subprocess.run(
        [sys.executable, "manage.py", "makemessages", "-l", "zh_Hans", "--no-location",
         "--ignore=var", "--ignore=bench"],
        cwd=copy,
        check=True,
        capture_output=True,
        env={"PATH": "/usr/bin:/bin", "XIAONENG_VAR_DIR": str(tmp_path / "var")},
    )  # fmt: skip
    fresh = polib.pofile(str(copy / "locale" / "zh_Hans" / "LC_MESSAGES" / "django.po"))
    known = {(e.msgctxt, e.msgid) for e in catalogue("zh_Hans")}
    new = [e.msgid for e in fresh if (e.msgctxt, e.msgid) not in known]
    assert not new, f"strings missing from the catalogue (run make messages): {new}"
