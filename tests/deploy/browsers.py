"""Readers in Chromium through the balancer: planners uploading files, and the sign-in story.

Each reader is a browser context of its own (its own cookies, so its own Streamlit session
and its own replica), and may reach only this machine. Which replica a context is on is
read from ``/healthz`` through the balancer, with the context's cookies; a context is sent to
a given replica by giving it a balancer cookie that leads there.
"""

from __future__ import annotations

import asyncio
import json
import re
import secrets
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path
from urllib.parse import parse_qs, urlparse

from playwright.async_api import Browser, BrowserContext, Page, async_playwright, expect

from bench.harness import CHROMIUM_ARGS, LOOPBACK, chromium_path
from tests.browser.harness import ARTIFACTS
from tests.deploy.identity import USERS
from tests.test_datasets import PLANNERS_FILE

TIMEOUT = 90_000
MAP_FRAME = "iframe[title='streamlit_folium.st_folium']"
COOKIE = "mq_replica"
PANEL = "Свои данные: потенциал развития, критерии, показатели"


@dataclass
class Uploads:
    """What the uploads check saw: each saved dataset's id and the replica that saved it."""

    saved: list[tuple[str, str]] = field(default_factory=list)
    failed: list[str] = field(default_factory=list)


def replica_for(base: str, cookie: str) -> str:
    """The replica the balancer sends a browser with this cookie to."""
    request = urllib.request.Request(f"{base}/healthz", headers={"Cookie": f"{COOKIE}={cookie}"})
    with urllib.request.urlopen(request, timeout=10) as answer:
        return json.loads(answer.read())["replica"]


def cookie_for(base: str, replica: str) -> str:
    """A balancer cookie that leads to ``replica`` (found by asking: the hash is nginx's)."""
    for _ in range(200):
        value = secrets.token_hex(16)
        if replica_for(base, value) == replica:
            return value
    raise RuntimeError(f"no cookie leads to {replica}")


async def launch(playwright) -> Browser:
    path = chromium_path()
    if path is None:
        raise RuntimeError("Debian's chromium is needed (make browser)")
    return await playwright.chromium.launch(executable_path=path, args=CHROMIUM_ARGS)


async def new_context(browser: Browser, base: str, replica_cookie: str | None = None):
    context = await browser.new_context(viewport={"width": 1400, "height": 1000}, locale="ru-RU")
    context.blocked = []

    async def handle(route):
        url = route.request.url
        if url.startswith(("data:", "blob:", "about:")) or urlparse(url).hostname in LOOPBACK:
            await route.continue_()
            return
        await route.abort()
        # Counted against the atlas when its own pages ask; the identity provider's sign-in
        # page (a stand-in for the organisation's) loads a stylesheet from a CDN.
        try:
            page_url = route.request.frame.url
        except Exception:  # a request with no frame (a worker): the atlas's, to be safe
            page_url = base
        if page_url.startswith(base):
            context.blocked.append(url)

    await context.route("**/*", handle)
    if replica_cookie:
        await context.add_cookies([{"name": COOKIE, "value": replica_cookie, "url": base}])
    return context


async def replica_of(context: BrowserContext, base: str) -> str:
    answer = await context.request.get(f"{base}/healthz")
    return (await answer.json())["replica"]


async def open_app(page: Page, base: str, query: str = "?lang=ru") -> None:
    await page.goto(f"{base}/{query}")
    frame = page.frame_locator(MAP_FRAME)
    await expect(frame.locator("path.mq-unit").first).to_be_visible(timeout=TIMEOUT)


async def open_panel(page: Page) -> None:
    await page.get_by_text(PANEL).click()


async def upload(page: Page, base: str, path: Path) -> str:
    """Upload ``path`` through the app's panel and save it; returns the dataset's id."""
    await open_app(page, base)
    await open_panel(page)
    await page.locator("input[type=file]").set_input_files(str(path))
    await expect(page.get_by_text(re.compile("4 сопоставлены с городами"))).to_be_visible(
        timeout=TIMEOUT
    )
    await page.get_by_role("button", name="Сохранить и показать на карте").click()
    await expect(page.get_by_text("Сохранено. Карта теперь показывает эти данные.")).to_be_visible(
        timeout=TIMEOUT
    )
    await page.wait_for_url(re.compile(r"data="), timeout=TIMEOUT)
    return parse_qs(urlparse(page.url).query)["data"][0]


async def shows_dataset(page: Page, base: str, dataset_id: str) -> bool:
    """Whether the page opened on the dataset draws its values (2 towns of high tier)."""
    await open_app(page, base, f"?lang=ru&data={dataset_id}&tier=high")
    frame = page.frame_locator(MAP_FRAME)
    try:
        await expect(frame.locator("path.mq-town")).to_have_count(2, timeout=TIMEOUT)
        await expect(
            page.get_by_text(re.compile("предоставлены пользователем")).first
        ).to_be_visible(timeout=TIMEOUT)
    except AssertionError:
        return False
    return True


async def uploads_check(base: str, n: int, concurrency: int, folder: Path) -> Uploads:
    """``n`` planners, each in a new browser, upload and save a file through the balancer."""
    path = folder / "уровни.csv"
    path.write_bytes(PLANNERS_FILE)
    result = Uploads()
    gate = asyncio.Semaphore(concurrency)
    async with async_playwright() as p:
        browser = await launch(p)

        async def one(i: int) -> None:
            async with gate:
                context = await new_context(browser, base)
                try:
                    page = await context.new_page()
                    dataset_id = await upload(page, base, path)
                    result.saved.append((dataset_id, await replica_of(context, base)))
                    if context.blocked:
                        result.failed.append(f"upload {i}: requests left the machine")
                except Exception as exc:  # counted, and the next planner goes on
                    result.failed.append(f"upload {i}: {type(exc).__name__}: {str(exc)[:200]}")
                    await page.screenshot(path=str(ARTIFACTS / f"deploy_upload_{i}.png"))
                finally:
                    await context.close()

        ARTIFACTS.mkdir(parents=True, exist_ok=True)
        await asyncio.gather(*(one(i) for i in range(n)))
        await browser.close()
    return result


async def cross_replica_check(base: str, dataset_id: str, saved_on: str, other: str) -> bool:
    """A dataset saved through one replica opens in a browser the balancer sends to the other."""
    async with async_playwright() as p:
        browser = await launch(p)
        context = await new_context(browser, base, cookie_for(base, other))
        try:
            assert await replica_of(context, base) == other != saved_on
            page = await context.new_page()
            ok = await shows_dataset(page, base, dataset_id)
            await page.screenshot(path=str(ARTIFACTS / "deploy_cross_replica.png"))
            return ok and not context.blocked
        finally:
            await context.close()
            await browser.close()


def shown(prefix: str, address: str) -> re.Pattern[str]:
    """``prefix`` and an e-mail address as the app shows them: its Markdown escaping puts an
    invisible word joiner before the "@" (so that the address is not made a link)."""
    local, _, domain = address.partition("@")
    return re.compile(f"{re.escape(prefix)}{re.escape(local)}\u2060?@{re.escape(domain)}")


async def sign_in(page: Page, base: str, who: str) -> None:
    """Sign in through the app's button and the provider's form, as ``who``."""
    await open_app(page, base)
    await open_panel(page)
    await page.get_by_role("button", name="Войти").click()
    await page.wait_for_url(re.compile(r"/oauth2/authorize"), timeout=TIMEOUT)
    await page.locator("input[name=sub]").fill(who)
    await page.get_by_role("button", name="Authorize").click()
    await page.wait_for_url(re.compile(rf"^{re.escape(base)}/"), timeout=TIMEOUT)
    await open_app(page, base)
    await open_panel(page)
    await expect(page.get_by_text(shown("Вы вошли как ", USERS[who]))).to_be_visible(
        timeout=TIMEOUT
    )


async def sign_out(page: Page, base: str) -> None:
    """Sign out through the app's button; the provider asks to confirm ending its session."""
    await open_app(page, base)
    await open_panel(page)
    await page.get_by_role("button", name="Выйти").click()
    await page.wait_for_url(re.compile(r"/oauth2/end_session"), timeout=TIMEOUT)
    await page.get_by_role("button", name="End session").click()
    await page.wait_for_url(re.compile(rf"^{re.escape(base)}/"), timeout=TIMEOUT)
    await open_app(page, base)
    await open_panel(page)
    await expect(page.get_by_role("button", name="Войти")).to_be_visible(timeout=TIMEOUT)


async def signin_check(base: str, folder: Path, replicas: tuple[str, str]) -> list[str]:
    """Alice signs in, uploads and shares with Bob; Bob reads it; Carol gets "no such
    dataset"; Alice signs out and in again on the other replica and still owns it.

    Returns the steps that failed (none: the check passed).
    """
    path = folder / "уровни-алисы.csv"
    path.write_bytes(PLANNERS_FILE)
    failed: list[str] = []
    async with async_playwright() as p:
        browser = await launch(p)
        try:
            await _story(browser, base, path, replicas, failed)
        except Exception as exc:  # a step that could not be done: the check failed, say where
            failed.append(f"{type(exc).__name__}: {str(exc)[:500]}")
        finally:
            await browser.close()
    return failed


async def _story(browser, base: str, path: Path, replicas, failed: list[str]) -> None:
    """The sign-in story; appends to ``failed`` what did not hold."""
    first, second = replicas
    alice = await new_context(browser, base, cookie_for(base, first))
    page = await alice.new_page()
    await sign_in(page, base, "alice")
    dataset_id = await upload(page, base, path)
    await page.get_by_label("Электронная почта коллеги").fill(USERS["bob"])
    await page.get_by_role("button", name="Поделиться").click()
    await expect(page.get_by_text(shown("Доступ есть у: ", USERS["bob"]))).to_be_visible(
        timeout=TIMEOUT
    )
    await page.screenshot(path=str(ARTIFACTS / "deploy_signin_alice_shared.png"), full_page=True)

    bob = await new_context(browser, base)
    bob_page = await bob.new_page()
    await sign_in(bob_page, base, "bob")
    if not await shows_dataset(bob_page, base, dataset_id):
        failed.append("Bob cannot read the dataset Alice shared with him")

    carol = await new_context(browser, base)
    carol_page = await carol.new_page()
    await sign_in(carol_page, base, "carol")
    await open_app(carol_page, base, f"?lang=ru&data={dataset_id}")
    try:
        await expect(carol_page.get_by_text(re.compile("набора данных .* нет"))).to_be_visible(
            timeout=TIMEOUT
        )
        await expect(
            carol_page.get_by_text(re.compile("предоставлены пользователем"))
        ).to_have_count(0)
    except AssertionError:
        failed.append("Carol was not told 'no such dataset'")
    await carol_page.screenshot(path=str(ARTIFACTS / "deploy_signin_carol.png"))

    await sign_out(page, base)
    await alice.add_cookies([{"name": "mq_replica", "value": cookie_for(base, second),
                              "url": base}])  # fmt: skip
    if await replica_of(alice, base) != second:
        failed.append("Alice's browser did not move to the other replica")
    await sign_in(page, base, "alice")
    own = page.locator(f"a[href*='data={dataset_id}']")
    try:
        await expect(own).to_have_count(1, timeout=TIMEOUT)
        await own.scroll_into_view_if_needed()
        await expect(own).to_be_visible(timeout=TIMEOUT)
    except AssertionError:
        failed.append("Alice, signed in again on the other replica, does not own the dataset")
    await page.screenshot(path=str(ARTIFACTS / "deploy_signin_alice_again.png"))
    for name, context in (("Alice", alice), ("Bob", bob), ("Carol", carol)):
        if context.blocked:
            failed.append(f"{name}'s browser requested another machine: {context.blocked[0]}")
        await context.close()
