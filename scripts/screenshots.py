"""Take the screenshots in docs/ from a running `make run` (http://127.0.0.1:8000).

.venv/bin/python scripts/screenshots.py [BASE_URL [FILE ...]]

With file names after the address, only those screenshots are taken.

The pages of a card under appeal and of an answered supervision order show
the demo's own (``seed_demo`` seeds both); without them the script stops
and says so.
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
ONLY = set(sys.argv[2:])
OUT = Path(__file__).resolve().parent.parent / "docs" / "screenshots"
SHOTS = [
    # (file, username or None, path, language)
    ("login-zh.png", None, "/accounts/login/", "zh-hans"),
    ("home-clerk-zh.png", "clerk", "/", "zh-hans"),
    ("accounts-secadmin-zh.png", "secadmin", "/org/accounts/", "zh-hans"),
    ("staff-supervisor-en.png", "supervisor", "/org/staff/", "en"),
    ("audit-auditadmin-zh.png", "auditadmin", "/audit/", "zh-hans"),
    ("workbench-todo-zh.png", "clerk", "/cases/", "zh-hans"),
    ("case-register-zh.png", "clerk", "/cases/new/", "zh-hans"),
    ("case-detail-zh.png", "handler", "FIRST_CASE", "zh-hans"),
    ("cases-supervisor-en.png", "supervisor", "/cases/all/?light=red", "en"),
    ("supervision-centre-zh.png", "supervisor", "/supervision/", "zh-hans"),
    ("notifications-supervisor-zh.png", "supervisor", "/supervision/notifications/", "zh-hans"),
    # The discipline head's card, appealed by the handler: 杨丽 is to decide.
    ("supervision-card-zh.png", "supervisor", "APPEALED_CARD", "zh-hans"),
    # An order answered by the handler's unit: 杨丽 is to close or reopen it.
    ("supervision-order-zh.png", "supervisor", "REPLIED_ORDER", "zh-hans"),
    ("supervision-mine-handler-zh.png", "handler", "/supervision/mine/", "zh-hans"),
    ("portal-home-zh.png", None, "/portal/", "zh-hans"),
    ("portal-guide-zh.png", None, "/portal/guides/", "zh-hans"),
    ("portal-statistics-zh.png", None, "/portal/statistics/", "zh-hans"),
    ("portal-progress-en.png", None, "/portal/progress/", "en"),
    ("portal-complaint-zh.png", None, "/portal/complaints/new/", "zh-hans"),
    ("complaints-supervisor-zh.png", "supervisor", "/feedback/complaints/", "zh-hans"),
    ("campaign-leader-zh.png", "leader", "/campaign/", "zh-hans"),
    ("committees-reviewer-zh.png", "reviewer", "/committees/meetings/", "zh-hans"),
    ("enforcement-handler-zh.png", "handler", "/enforcement/", "zh-hans"),
    ("projects-leader-zh.png", "leader", "/projects/", "zh-hans"),
    ("assessment-leader-zh.png", "leader", "/assessment/", "zh-hans"),
    ("portal-assessment-zh.png", None, "/portal/assessment/", "zh-hans"),
]


def log_in(page, username):
    page.goto(BASE + "/accounts/login/")
    page.fill("#id_username", username)
    page.fill("#id_password", "Demo@2026")
    page.click("button[type=submit].w-100")
    page.wait_for_load_state()


def as_user(browser, username, steps):
    """Run ``steps(page)`` logged in as ``username`` (in Chinese); returns what it returns."""
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    context.add_cookies([{"name": "django_language", "value": "zh-hans", "url": BASE}])
    page = context.new_page()
    log_in(page, username)
    try:
        return steps(page)
    finally:
        context.close()


def first_link(page, url, selector):
    page.goto(BASE + url)
    link = page.locator(selector).first
    return link.get_attribute("href") if link.count() else None


def demo_record(browser, path: str, selector: str, what: str) -> str:
    """The first link of a supervisor's list: a record the demo seeds (``seed_demo``)."""
    found = as_user(browser, "supervisor", lambda page: first_link(page, path, selector))
    if not found:
        raise SystemExit(f"no {what} in this database: run the demo seed (make run) first")
    return found


def appealed_card(browser) -> str:
    """The demo's card under appeal: the discipline head's, for 杨丽 to decide."""
    return demo_record(
        browser,
        "/supervision/cards/?status=appealed",
        "table a[href^='/supervision/cards/']",
        "card under appeal",
    )


def replied_order(browser) -> str:
    """The demo's supervision order answered by the handler's unit, for 杨丽 to close."""
    return demo_record(
        browser,
        "/supervision/orders/",
        "table tr:has(td:text-is('已回复')) a[href^='/supervision/orders/']",
        "answered supervision order",
    )


PREPARED = {"APPEALED_CARD": appealed_card, "REPLIED_ORDER": replied_order}


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for name, username, path, language in SHOTS:
            if ONLY and name not in ONLY:
                continue
            if path in PREPARED:
                path = PREPARED[path](browser)
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            context.add_cookies([{"name": "django_language", "value": language, "url": BASE}])
            page = context.new_page()
            if username:
                log_in(page, username)
            if path == "FIRST_CASE":
                # The handler's most urgent case, opened from his to-do list.
                page.goto(BASE + "/cases/")
                page.locator("table a[href^='/cases/6']").first.click()
                page.wait_for_load_state()
            else:
                page.goto(BASE + path)
            page.screenshot(path=str(OUT / name), full_page=False)
            context.close()
            print(OUT / name)
        browser.close()


if __name__ == "__main__":
    main()
