"""Planners' datasets on the public routes, under the app's rules.

A dataset is read by its id; when it has an owner (sign-in configured), only by its owner
and the colleagues they named (:meth:`userdata.store.DatasetStore.summary` asks the database
exactly that). For anyone else it is the same ``None`` as an id that never existed, so the
routes answer both alike. As in the app (:mod:`ui.datasets`), the small summary is asked
on every request, so a deleted, renamed or unshared dataset shows as such at once; the
content is read once per id, checksum and name.
"""

from __future__ import annotations

import threading
from collections import OrderedDict

from userdata.datasets import ViewDataset
from userdata.store import DatasetStore

CONTENTS = 32  # datasets' contents kept in memory, least recently used dropped


class Datasets:
    """The store, opened on first use, and the contents read so far.

    Parameters
    ----------
    town_ids : set of str
        The atlas's towns, against which a dataset's content is checked.
    url : str, optional
        The store's database URL (default: the environment's, as the app's).
    """

    def __init__(self, town_ids: set[str], url: str | None = None) -> None:
        self._town_ids, self._url = town_ids, url
        self._store: DatasetStore | None = None
        self._contents: OrderedDict[tuple[str, str, str], ViewDataset] = OrderedDict()
        self._lock = threading.Lock()

    def store(self) -> DatasetStore:
        """The dataset store (raises :class:`userdata.store.StoreError` when unavailable)."""
        with self._lock:
            if self._store is None:
                self._store = DatasetStore(self._url)
            return self._store

    def find(self, dataset_id: str, user: str | None) -> ViewDataset | None:
        """The dataset ``dataset_id`` if it exists and ``user`` may read it, else None.

        Blocking (a database query): call it off the event loop.
        """
        store = self.store()
        summary = store.summary(dataset_id, user)
        if summary is None:
            return None
        key = (summary.dataset_id, summary.sha256, summary.name)
        with self._lock:
            found = self._contents.get(key)
            if found is not None:
                self._contents.move_to_end(key)
                return found
        record = store.get(dataset_id, user)
        if record is None or record.sha256 != summary.sha256:
            return None  # deleted or replaced between the two queries
        dataset = ViewDataset.from_record(record, self._town_ids)
        with self._lock:
            self._contents[key] = dataset
            while len(self._contents) > CONTENTS:
                self._contents.popitem(last=False)
        return dataset

    def close(self) -> None:
        with self._lock:
            if self._store is not None:
                self._store.close()
                self._store = None
            self._contents.clear()
