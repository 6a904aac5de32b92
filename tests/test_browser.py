"""The playground in real headless Chromium: type key by key, accept suggestions, read the results.

Needs Debian's chromium at /usr/bin/chromium (`.ci/install-browser`); without it this test FAILS,
it is never skipped. Playwright drives that browser; no browser is ever downloaded.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, Page, Route, expect, sync_playwright

from querydsl.web.server import PlaygroundServer, running

CHROMIUM = Path("/usr/bin/chromium")
# Generous: shared CI machines can be slow, and every keystroke makes three requests.
expect.set_options(timeout=20_000)
ARTIFACTS = Path(__file__).resolve().parent / "artifacts"
CHROMIUM_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    if not CHROMIUM.exists():
        pytest.fail(f"{CHROMIUM} is missing: run .ci/install-browser (apt-get install chromium)")
    with sync_playwright() as playwright:
        launched = playwright.chromium.launch(executable_path=str(CHROMIUM), args=CHROMIUM_ARGS)
        yield launched
        launched.close()


@pytest.fixture()
def page(browser: Browser) -> Iterator[tuple[Page, PlaygroundServer]]:
    with running("127.0.0.1", 0) as server:
        context = browser.new_context(viewport={"width": 1100, "height": 900})
        opened = context.new_page()
        failures: list[str] = []
        opened.on("pageerror", lambda error: failures.append(str(error)))
        opened.on("requestfailed", lambda request: failures.append(request.url))
        opened.goto(server.url)
        yield opened, server
        context.close()
        assert failures == [], failures


def first_suggestion(page: Page, text: str) -> None:
    """Wait until the list is open and its first entry is `text`."""
    expect(page.locator("#suggestions")).to_be_visible()
    expect(page.locator("#suggestions li").first.locator(".text")).to_have_text(text)


def test_type_accept_suggestions_and_see_the_payload(page: tuple[Page, PlaygroundServer]) -> None:
    tab, _ = page
    box = tab.locator("#query")
    box.click()
    tab.keyboard.type("cre", delay=30)
    first_suggestion(tab, "created_date")
    tab.keyboard.press("Enter")  # accept with Enter
    expect(box).to_have_value("created_date ")
    first_suggestion(tab, "between")  # datetime: `between` comes first
    tab.keyboard.press("Tab")  # accept with Tab
    expect(box).to_have_value("created_date between ")
    tab.keyboard.type("2024-01-01..", delay=30)
    first_suggestion(tab, "today")
    tab.keyboard.press("ArrowDown")
    tab.keyboard.press("ArrowDown")  # today, yesterday, now
    expect(tab.locator('#suggestions li[aria-selected="true"] .text')).to_have_text("now")
    tab.keyboard.press("Enter")
    expect(box).to_have_value("created_date between 2024-01-01..now ")
    tab.keyboard.type("and pay", delay=30)
    first_suggestion(tab, "payer_phone")
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "playground-suggestions.png"))
    tab.keyboard.type("er_em", delay=30)
    first_suggestion(tab, "payer_email")
    tab.keyboard.press("Tab")
    tab.keyboard.type("like dana%", delay=30)
    expect(box).to_have_value("created_date between 2024-01-01..now and payer_email like dana%")

    payload = tab.locator("#payload")
    expect(payload).to_contain_text('"name": "payer_email"')
    expect(payload).to_contain_text('"method": "like"')
    expect(payload).to_contain_text('"dana%"')
    expect(payload).to_contain_text('"2024-01-01T00:00:00Z"')
    expect(tab.locator("#explain")).to_have_text(
        re.compile(
            r"^created between 1 Jan 2024 00:00 UTC and .+, "
            r'payer email starting with "dana"$'
        )
    )
    expect(tab.locator("#canonical")).to_contain_text("payer_email like dana%")
    expect(tab.locator("#diagnostics li")).to_have_count(0)
    # Highlighting: the mirror colours the field and the keyword.
    expect(tab.locator("#mirror .t-field").first).to_have_text("created_date")
    expect(tab.locator("#mirror .t-keyword").first).to_have_text("between")
    tab.keyboard.press("Escape")
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "playground.png"), full_page=True)


def test_suggestions_for_an_older_text_are_never_offered(
    page: tuple[Page, PlaygroundServer],
) -> None:
    """While the answer to a keystroke is on its way, the list for the text before it is gone:
    arrows and Enter must not act on suggestions the fresh answer will replace."""
    tab, _ = page
    box = tab.locator("#query")
    box.click()
    tab.keyboard.type("created_date ", delay=20)
    first_suggestion(tab, "between")
    held: list[Route] = []
    tab.route("**/api/complete", lambda route: held.append(route))  # hold the next answers
    tab.keyboard.type("b")
    expect(tab.locator("#suggestions")).to_be_hidden()
    tab.keyboard.press("ArrowDown")
    tab.keyboard.press("Enter")
    expect(box).to_have_value("created_date b")  # nothing was accepted from the old list
    for route in held:
        route.continue_()
    tab.unroute("**/api/complete")
    first_suggestion(tab, "between")
    tab.keyboard.press("Enter")
    expect(box).to_have_value("created_date between ")


def test_accepting_inside_a_word_replaces_the_whole_word(
    page: tuple[Page, PlaygroundServer],
) -> None:
    tab, _ = page
    box = tab.locator("#query")
    box.fill("ated_date > today")
    box.click()
    tab.keyboard.press("Home")
    tab.keyboard.type("cre", delay=30)  # the caret stands inside `cre|ated_date`
    first_suggestion(tab, "created_date")
    tab.keyboard.press("Enter")
    expect(box).to_have_value("created_date > today")


def test_a_bad_query_is_underlined_with_its_message(page: tuple[Page, PlaygroundServer]) -> None:
    tab, _ = page
    tab.locator("#query").click()
    tab.keyboard.type("amout > 5 and created_date >= now-7d", delay=20)
    messages = tab.locator("#diagnostics li")
    expect(messages).to_have_count(1)  # the answer to the last keystroke is shown
    expect(messages).to_contain_text("unknown_field")
    underlined = tab.locator("#mirror .u-diag")
    expect(underlined).to_have_count(1)
    expect(underlined).to_have_text("amout")
    expect(underlined).to_have_attribute("title", "unknown field 'amout'")
    expect(messages).to_contain_text("did you mean 'amount'?")
    expect(tab.locator("#payload")).to_contain_text("fix the errors above")
    decoration = underlined.evaluate("node => getComputedStyle(node).textDecorationLine")
    assert decoration == "underline"
    tab.keyboard.press("Escape")
    ARTIFACTS.mkdir(exist_ok=True)
    tab.screenshot(path=str(ARTIFACTS / "playground-error.png"), full_page=True)


def test_a_text_too_long_to_send_clears_the_last_answer(
    page: tuple[Page, PlaygroundServer],
) -> None:
    tab, _ = page
    box = tab.locator("#query")
    box.click()
    tab.keyboard.type("amout > 5", delay=20)
    expect(tab.locator("#mirror .u-diag")).to_have_count(1)
    box.fill("a " * 40_000)  # a paste: over the server's 64 KiB body
    messages = tab.locator("#diagnostics li")
    expect(messages).to_have_count(1)
    expect(messages).to_contain_text("limit_exceeded")
    expect(messages).to_contain_text("too long to send")
    expect(tab.locator("#mirror .u-diag")).to_have_count(0)
    expect(tab.locator("#mirror [class^='t-']")).to_have_count(0)
    expect(tab.locator("#mirror")).to_have_text("a " * 40_000, use_inner_text=False)
    # The results of a query that compiled go too.
    box.fill("created_date >= 2024-01-01 and amount > 5")
    expect(tab.locator("#payload")).to_contain_text('"searchParameters"')
    expect(tab.locator("#canonical")).to_contain_text("amount > 5")
    box.fill("b " * 40_000)
    expect(tab.locator("#diagnostics li")).to_contain_text("too long to send")
    expect(tab.locator("#payload")).not_to_contain_text('"searchParameters"')
    expect(tab.locator("#canonical")).to_have_text("—")
    expect(tab.locator("#explain")).to_have_text("—")


def test_an_unfinished_query_marks_the_end(page: tuple[Page, PlaygroundServer]) -> None:
    tab, _ = page
    tab.locator("#query").click()
    tab.keyboard.type("amount >", delay=20)
    expect(tab.locator("#mirror .diag-point")).to_have_count(1)
    expect(tab.locator("#diagnostics li")).to_contain_text("unexpected end of query")


def test_missing_period_and_the_default_period_switch(page: tuple[Page, PlaygroundServer]) -> None:
    tab, _ = page
    tab.locator("#query").click()
    tab.keyboard.type("amount >= 1000", delay=20)
    expect(tab.locator("#diagnostics li")).to_contain_text("missing_period")
    tab.locator("#period").check()
    expect(tab.locator("#diagnostics li")).to_have_count(0)
    expect(tab.locator("#payload")).to_contain_text('"name": "created_date"')
