"""The public routes' cache: the same bytes give the same ETag and gzip on every replica,
it keeps no more than its bound, and a view asked for by many at once is made once."""

from __future__ import annotations

import gzip
import threading
import time

import pytest

from web.renditions import Renditions, cache_bytes, make_rendition


def test_the_same_bytes_give_the_same_etag_and_gzip_in_any_process_at_any_time():
    body = b"<html>" + b"monoqala " * 500 + b"</html>"
    first = make_rendition(body, "text/html; charset=utf-8")
    time.sleep(1.1)  # gzip writes the time into its header unless told not to
    second = make_rendition(body, "text/html; charset=utf-8")
    assert first.etag == second.etag and first.gzipped == second.gzipped
    assert gzip.decompress(first.gzipped) == body
    assert make_rendition(body + b" ", "text/html").etag != first.etag


def test_png_is_not_compressed_again():
    assert make_rendition(b"\x89PNG" + b"0" * 2000, "image/png").gzipped is None


def test_the_cache_keeps_no_more_than_its_bound_dropping_the_least_recently_used():
    one = make_rendition(bytes(range(256)) * 40, "image/png")  # 10 240 bytes, no gzip
    cache = Renditions(max_bytes=one.size * 4)
    for key in "abcd":
        cache.get_or_make(key, lambda: one)
    assert cache.get("a") is one  # a is now the most recently used
    cache.get_or_make("e", lambda: one)
    assert cache.get("b") is None and cache.get("a") is one and cache.get("e") is one
    assert cache.size <= cache.max_bytes and len(cache) == 4


def test_an_answer_larger_than_a_quarter_of_the_bound_is_answered_but_not_kept():
    big = make_rendition(b"x" * 5000, "image/png")
    cache = Renditions(max_bytes=10_000)
    assert cache.get_or_make("big", lambda: big) is big
    assert cache.get("big") is None


def test_a_view_asked_for_by_many_readers_at_once_is_made_once():
    made, hits = [], []
    gate = threading.Event()

    def make():
        made.append(1)
        gate.wait(5)
        return make_rendition(b"page", "text/html")

    cache = Renditions(max_bytes=1_000_000, on_hit=lambda: hits.append(1))
    answers = []
    readers = [
        threading.Thread(target=lambda: answers.append(cache.get_or_make("v", make)))
        for _ in range(8)
    ]
    for r in readers:
        r.start()
    while not made:  # the first reader is making it; the others wait
        time.sleep(0.01)
    gate.set()
    for r in readers:
        r.join(5)
    assert len(made) == 1 and len(answers) == 8 and len({id(a) for a in answers}) == 1
    assert len(hits) == 7


def test_a_failure_is_not_kept_and_the_next_reader_tries_again():
    cache = Renditions(max_bytes=1_000_000)

    def broken():
        raise RuntimeError("drawing failed")

    with pytest.raises(RuntimeError):
        cache.get_or_make("v", broken)
    assert cache.get_or_make("v", lambda: make_rendition(b"ok", "text/plain")).body == b"ok"


def test_a_bound_of_zero_keeps_nothing_and_every_answer_is_made():
    count = []
    cache = Renditions(max_bytes=cache_bytes({"MONOQALA_PUBLIC_CACHE_MB": "0"}))
    for _ in range(3):
        cache.get_or_make("v", lambda: count.append(1) or make_rendition(b"p", "text/plain"))
    assert len(count) == 3 and len(cache) == 0


@pytest.mark.parametrize("bad", ["lots", "-1", "nan"])
def test_a_bad_cache_setting_is_named(bad):
    with pytest.raises(ValueError, match="MONOQALA_PUBLIC_CACHE_MB"):
        cache_bytes({"MONOQALA_PUBLIC_CACHE_MB": bad})
