"""A bomb uploaded in one tab while a reader changes a filter in another, in the real app.

The file is read by the worker, not by the server that serves the reader: the reader's map
redraws with the filter, and the planner gets the file's preview. How long each took is
measured and written to ``tests/artifacts/upload_concurrency.json`` (the benchmark's
``hostile`` section reports it over many files); no duration is asserted.
"""

from __future__ import annotations

import json
import re
import time

from playwright.sync_api import expect

from bench.hostile_files import BY_KEY
from bench.reader import REDRAWN_AFTER, choose_option
from geo.i18n import t
from tests.browser.harness import ARTIFACTS, streamlit_server
from tests.browser.reader import SIZES, TIMEOUT, app_idle, new_page, open_map


def test_a_filter_change_answers_in_one_tab_while_a_bomb_is_read_in_another(chromium, tmp_path):
    bomb = BY_KEY["comment_in_sheet"]  # a 40 MB XML comment inside the sheet: the slowest
    path = tmp_path / bomb.file_name
    path.write_bytes(bomb.data)
    env = {"MONOQALA_DATABASE_URL": f"sqlite:///{tmp_path / 'datasets.sqlite3'}"}
    with (
        streamlit_server(env=env) as url,
        new_page(chromium, SIZES["desktop"]) as reader,
        new_page(chromium, SIZES["desktop"]) as planner,
    ):
        open_map(reader, url, "?lang=en")
        app_idle(reader)
        planner.goto(f"{url}/?lang=en")
        planner.get_by_text(t("data_panel", "en")).click()
        chooser = planner.locator("input[type=file]")
        chooser.wait_for(state="attached", timeout=TIMEOUT)
        answer = planner.get_by_text(re.compile("matched to towns"))
        chosen = time.perf_counter()
        chooser.set_input_files(str(path))
        choose_option(reader, "List status", "left the list")
        redrawn = reader.wait_for_function(REDRAWN_AFTER, polling="raf", timeout=TIMEOUT)
        filtered = time.perf_counter()
        by_the_page = redrawn.json_value() / 1000
        expect(answer).to_be_visible(timeout=TIMEOUT)
        answered = time.perf_counter()
        frame = reader.frame_locator("iframe[title='streamlit_folium.st_folium']")
        expect(frame.locator("path.mq-town")).to_have_count(2)  # Saran and Tekeli
        expect(planner.get_by_text("2 rows: 2 matched to towns")).to_be_visible()
        assert not planner.get_by_text("could not be read").count()
        planner.screenshot(path=str(ARTIFACTS / "upload_bomb_read.png"), full_page=True)
        assert reader.blocked == [] and planner.blocked == []
    figures = {
        "file": bomb.what,
        "filter_change_s_by_the_page": by_the_page,
        "filter_change_done_after_choosing_s": filtered - chosen,
        "file_answered_after_choosing_s": answered - chosen,
        "filter_answered_first": filtered < answered,
    }
    (ARTIFACTS / "upload_concurrency.json").write_text(json.dumps(figures, indent=2))
    print(figures)
