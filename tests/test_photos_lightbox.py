"""The gallery lightbox in headless Chromium: keyboard only, and plain links without JS."""

from __future__ import annotations

import functools
import shutil
import sys
import threading
from collections.abc import Iterator
from http.server import SimpleHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

sys.path.insert(0, str(Path(__file__).parent / "fixtures" / "photos"))
import sample  # noqa: E402

# The session's Chromium comes from tests/conftest.py (one Playwright per process).
pytestmark = [pytest.mark.browser, pytest.mark.slow]


class _Quiet(SimpleHTTPRequestHandler):
    def log_message(self, *args) -> None:
        pass


@pytest.fixture(scope="module")
def server(tmp_path_factory) -> Iterator[str]:
    root = sample.make_site(tmp_path_factory.mktemp("lightbox"))
    result = sample.build(root)
    assert result.returncode == 0, result.stderr
    httpd = ThreadingHTTPServer(
        ("127.0.0.1", 0), functools.partial(_Quiet, directory=str(root / "output"))
    )
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/conferences/{sample.CONF}/photos/"
    httpd.shutdown()
    shutil.rmtree(root, ignore_errors=True)


def focused(page) -> str:
    return page.evaluate(
        "document.activeElement.getAttribute('href') || document.activeElement.className"
    )


def test_lightbox_with_the_keyboard_only(server, browser):
    page = browser.new_page()
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server)
    first = page.locator("a.gallery__link").first
    first_href = first.get_attribute("href")
    for _ in range(40):  # tab through the header to the first photo
        page.keyboard.press("Tab")
        if focused(page) == first_href:
            break
    assert focused(page) == first_href
    page.keyboard.press("Enter")
    dialog = page.locator("dialog.lightbox")
    assert dialog.is_visible()
    count = page.locator("a.gallery__link").count()
    counter = page.locator(".lightbox__count")
    assert counter.text_content() == f"Photo 1 of {count}"
    assert page.url == server  # opened in place, not navigated
    caption = page.locator(".lightbox__caption .photo-credit")
    assert caption.text_content().startswith("Photo: ")
    page.keyboard.press("ArrowRight")
    assert counter.text_content() == f"Photo 2 of {count}"
    second_alt = page.locator("a.gallery__link img").nth(1).get_attribute("alt")
    assert page.locator(".lightbox__stage img").get_attribute("alt") == second_alt
    page.keyboard.press("ArrowLeft")
    assert counter.text_content() == f"Photo 1 of {count}"
    page.keyboard.press("ArrowLeft")
    assert counter.text_content() == f"Photo {count} of {count}"  # wraps around
    page.keyboard.press("ArrowRight")
    page.keyboard.press("Escape")
    assert not dialog.is_visible()
    assert focused(page) == first_href  # focus back where the reader was
    assert errors == []
    page.close()


def test_without_javascript_thumbnails_open_photo_pages(server, browser):
    context = browser.new_context(java_script_enabled=False)
    page = context.new_page()
    page.goto(server)
    page.locator("a.gallery__link").first.click()
    page.wait_for_load_state()
    assert page.url != server and "/photos/" in page.url
    assert page.locator("main figure img.photo-img").count() == 1
    assert page.locator("main .photo-credit").first.text_content().startswith("Photo: ")
    context.close()


def test_swipe_moves_between_photos(server, browser):
    page = browser.new_page(viewport={"width": 390, "height": 800}, has_touch=True)
    page.goto(server)
    page.locator("a.gallery__link").first.click()
    counter = page.locator(".lightbox__count")
    count = page.locator("a.gallery__link").count()
    assert counter.text_content() == f"Photo 1 of {count}"
    box = page.locator(".lightbox__stage").bounding_box()
    y = box["y"] + box["height"] / 2
    page.mouse.move(box["x"] + box["width"] * 0.8, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.2, y, steps=5)
    page.mouse.up()
    assert counter.text_content() == f"Photo 2 of {count}"  # swiped left: next photo
    page.mouse.move(box["x"] + box["width"] * 0.2, y)
    page.mouse.down()
    page.mouse.move(box["x"] + box["width"] * 0.8, y, steps=5)
    page.mouse.up()
    assert counter.text_content() == f"Photo 1 of {count}"
    assert page.locator("dialog.lightbox").is_visible()  # a swipe is not a click to close
    page.close()
