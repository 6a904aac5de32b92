"""The page under `<querydsl-search>` holds still: in real headless Chromium, on the host page of
tests/test_browser.py (a form whose Search button sits below the box), nothing the box draws while a
check is pending, or when its answer lands, moves that button from under a pressed mouse button.

Bug (found with ee6f2b1): each keystroke hid the explain line and the compile answer brought it
back, ~30 px above the button. Leaving the box sends a pending check at once, so the answer could
land between the button's mousedown and mouseup: the mouseup fell on the box, the click went to the
form, and the form was not submitted.
"""

from __future__ import annotations

import json
import re
import time
from collections.abc import Callable

import test_browser as browser_tests
from playwright.sync_api import Page, Route, expect
from test_browser import SearchBox, settle

# tests/test_browser.py's fixtures: Chromium, the host page's site on loopback, the page opener.
browser = browser_tests.browser
host_url = browser_tests.host_url
opener = browser_tests.opener

START = "created_date >= now-7d"  # the host page's box starts with this text


def hold(page: Page, path: str) -> list[Route]:
    """Holds every request to `path` from now on; the held routes, to be released by the test."""
    held: list[Route] = []
    page.route(path, lambda route: held.append(route))
    return held


def release(page: Page, held: list[Route], path: str) -> None:
    for route in held:
        route.continue_()
    page.unroute(path)


def wait_until_asked(page: Page, held: list[Route], text: str) -> None:
    """Wait until a request about `text` is among the held ones."""
    deadline = time.monotonic() + 20
    while not any(json.loads(r.request.post_data or "{}").get("text") == text for r in held):
        assert time.monotonic() < deadline, f"no request asked about {text!r}"
        page.wait_for_timeout(50)  # lets Playwright run the route handler


def button_box(page: Page, name: str) -> dict[str, float]:
    found = page.get_by_role("button", name=name).bounding_box()
    assert found is not None
    return dict(found)


def press_down_on(page: Page, name: str) -> dict[str, float]:
    """Moves the mouse to the button's centre and presses it down; where the button was."""
    where = button_box(page, name)
    page.mouse.move(where["x"] + where["width"] / 2, where["y"] + where["height"] / 2)
    page.mouse.down()
    return where


def open_host_page(opener: Callable[..., Page], host_url: str) -> tuple[Page, SearchBox]:
    tab = opener(host_url)
    box = SearchBox(tab, "#filter")
    box.checked(START)
    expect(box.host.locator(".explain")).to_have_text(re.compile(r"^created at or after "))
    settle(tab)
    return tab, box


def test_an_answer_landing_while_search_is_pressed_loses_no_click(
    host_url: str, opener: Callable[..., Page]
) -> None:
    """The colleague's reproduction: /api/compile held across the press of Search."""
    tab, box = open_host_page(opener, host_url)
    text = f"{START} and amount > 5"
    held = hold(tab, "**/api/compile")
    box.input.focus()
    tab.keyboard.press("End")
    tab.keyboard.type(" and amount > 5", delay=20)
    tab.keyboard.press("Escape")  # no list over the button
    settle(tab)
    before = press_down_on(tab, "Search")  # leaving the box sends the pending check at once
    wait_until_asked(tab, held, text)
    release(tab, held, "**/api/compile")
    box.checked(text)  # the answer for the final text has come, the button still pressed
    settle(tab)
    pressed = button_box(tab, "Search")
    tab.mouse.up()
    expect(tab).to_have_url(re.compile(r"/operations\?"), timeout=10_000)
    assert json.loads(tab.locator("body").inner_text()) == {"q": text, "page": "1"}
    assert pressed == before, "the Search button moved under the pressed mouse button"


def test_the_explain_line_holds_its_place_and_is_marked_stale_until_the_answer(
    host_url: str, opener: Callable[..., Page]
) -> None:
    tab, box = open_host_page(opener, host_url)
    explain = box.host.locator(".explain")
    old = explain.inner_text()
    before = button_box(tab, "Search")
    held = hold(tab, "**/api/compile")
    box.input.focus()
    tab.keyboard.press("End")
    tab.keyboard.type(" and amount > 5", delay=20)
    tab.keyboard.press("Escape")
    wait_until_asked(tab, held, f"{START} and amount > 5")  # after the pause, still pending
    settle(tab)
    # Pending: the previous explanation stays, marked busy (a live region then holds its news).
    expect(explain).to_have_text(old)
    expect(explain).to_have_attribute("aria-busy", "true")
    expect(explain).to_have_attribute("aria-live", "polite")
    assert button_box(tab, "Search") == before
    release(tab, held, "**/api/compile")
    expect(explain).to_have_text(re.compile(r"^created at or after .+, amount above 5$"))
    expect(explain).not_to_have_attribute("aria-busy", "true")
    settle(tab)
    assert button_box(tab, "Search") == before
    # A blank text has no explanation, but its line keeps its room: the one that comes back
    # when a text is typed again moves nothing either.
    box.input.fill("")
    box.checked("")
    expect(explain).to_have_text("")
    expect(explain).not_to_have_attribute("aria-busy", "true")
    settle(tab)
    assert button_box(tab, "Search") == before
    tab.keyboard.type("created_date >= today", delay=20)
    box.checked("created_date >= today")
    expect(explain).to_have_text(re.compile(r"^created at or after "))
    expect(box.errors).to_have_count(0)
    settle(tab)
    assert button_box(tab, "Search") == before


def test_an_error_shown_on_leaving_the_box_waits_for_the_mouse_button(
    host_url: str, opener: Callable[..., Page]
) -> None:
    """Leaving the box shows the errors of the word that was being typed; when that happens
    under a press of Search, they wait for its release, and the click submits the form."""
    tab, box = open_host_page(opener, host_url)
    text = f"{START} and amount > abc"
    box.input.focus()
    tab.keyboard.press("End")
    tab.keyboard.type(" and amount > abc", delay=20)
    tab.keyboard.press("Escape")
    box.checked(text)
    settle(tab)
    expect(box.errors).to_have_count(0)  # not yet: the caret is on the word
    before = press_down_on(tab, "Search")
    settle(tab)
    pressed = button_box(tab, "Search")
    tab.mouse.up()
    expect(tab).to_have_url(re.compile(r"/operations\?"), timeout=10_000)
    assert json.loads(tab.locator("body").inner_text()) == {"q": text, "page": "1"}
    assert pressed == before, "the Search button moved under the pressed mouse button"


def test_errors_held_for_a_press_elsewhere_show_once_it_is_released(
    host_url: str, opener: Callable[..., Page]
) -> None:
    tab, box = open_host_page(opener, host_url)
    box.input.focus()
    tab.keyboard.press("End")
    tab.keyboard.type(" and amount > abc", delay=20)
    tab.keyboard.press("Escape")
    box.checked(f"{START} and amount > abc")
    heading = tab.get_by_role("heading", name="Operations").bounding_box()
    assert heading is not None
    tab.mouse.move(heading["x"] + 5, heading["y"] + 5)
    tab.mouse.down()
    settle(tab)
    expect(box.errors).to_have_count(0)
    tab.mouse.up()
    expect(box.errors).to_have_count(1)
    expect(box.errors.first).to_contain_text("abc")
    expect(box.input).to_have_attribute("aria-invalid", "true")
