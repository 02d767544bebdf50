"""Take the screenshots in docs/ from a running `make run` (http://127.0.0.1:8000).

.venv/bin/python scripts/screenshots.py [BASE_URL]
"""

import sys
from pathlib import Path

from playwright.sync_api import sync_playwright

BASE = sys.argv[1] if len(sys.argv) > 1 else "http://127.0.0.1:8000"
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


def main():
    OUT.mkdir(parents=True, exist_ok=True)
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(
            executable_path="/usr/bin/chromium",
            args=["--no-sandbox", "--disable-gpu", "--disable-background-networking"],
        )
        for name, username, path, language in SHOTS:
            context = browser.new_context(viewport={"width": 1280, "height": 800})
            context.add_cookies([{"name": "django_language", "value": language, "url": BASE}])
            page = context.new_page()
            if username:
                page.goto(BASE + "/accounts/login/")
                page.fill("#id_username", username)
                page.fill("#id_password", "Demo@2026")
                page.click("button[type=submit].w-100")
                page.wait_for_load_state()
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
