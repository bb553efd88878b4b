"""What the atlas needs of a planner's dataset, as an interface.

The atlas computes views over published facts; a planner's dataset (``userdata``) adds
its values beside them. ``geo`` depends only on this protocol, so it never imports the
code that reads files or keeps them in a database; :class:`userdata.datasets.ViewDataset`
implements it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Protocol

if TYPE_CHECKING:
    import pandas as pd

    from geo.indicators import Indicator


class SuppliedColumn(Protocol):
    """A numeric column of the dataset: its key (``ds_<key>`` in the towns), header, unit."""

    key: str
    header: str
    unit: str | None


class Supplied(Protocol):
    """A planner's dataset as a view draws on it."""

    dataset_id: str
    name: str

    @property
    def numeric_columns(self) -> tuple[SuppliedColumn, ...]: ...

    def indicators(self) -> Mapping[str, Indicator]:
        """One indicator per numeric column, keyed ``data:<column key>``."""
        ...

    def add_columns(self, towns: pd.DataFrame) -> pd.DataFrame:
        """A copy of ``towns`` with the dataset's ``ds_*`` columns beside the published ones."""
        ...

    def note(self, lang: str) -> str:
        """The line that marks the dataset's values as supplied by the user."""
        ...

    def provenance(self) -> dict:
        """Who supplied what, when: for every output that shows the values."""
        ...
