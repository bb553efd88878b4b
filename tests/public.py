"""The public routes in this process, on a store of their own, for the tests."""

from __future__ import annotations

from contextlib import contextmanager

from starlette.applications import Starlette

from bench.asgi import AsgiClient
from geo.io import read_towns
from tests.test_datasets import PLANNERS_FILE
from userdata.read import build_preview, read_upload
from userdata.store import DatasetStore
from web.answers import Answers
from web.private import Datasets
from web.renditions import Renditions
from web.routes import Public, State, routes


@contextmanager
def public_client(atlas, store_url: str, cache_bytes: int = 64 * 1024 * 1024):
    """An :class:`AsgiClient` of the public routes over ``atlas`` and the store at
    ``store_url``; yields (client, the routes' :class:`Public`)."""
    public = Public(
        atlas,
        Datasets(set(atlas.towns["town_id"]), store_url),
        Answers(atlas, Renditions(cache_bytes)),
    )
    app = Starlette(routes=routes(State(lambda: public)))
    with AsgiClient(app) as client:
        try:
            yield client, public
        finally:
            public.datasets.close()


def planners_dataset(store_url: str, owner: str | None = None, name: str = "Уровни 2013") -> str:
    """A planner's tiers file (the datasets tests' one) saved in the store; its id."""
    content = build_preview(read_upload(PLANNERS_FILE, "tiers.csv"), read_towns()).content()
    with DatasetStore(store_url) as store:
        made = store.create(
            name=name,
            file_name="tiers.csv",
            original=PLANNERS_FILE,
            content=content,
            roles={},
            owner=owner,
        )
    return made.dataset_id
