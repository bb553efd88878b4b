"""Which packages the wheel carries, found rather than listed.

Metadata, dependencies and tools are in pyproject.toml. Code packages are discovered, so
a new subpackage is in the wheel without a line here. The data folder (``data/``, every
subfolder and file) travels inside the geo package as ``geo/data``, where ``geo.paths``
finds it; pyproject.toml alone cannot discover a package mapped from another folder.
"""

from pathlib import Path

from setuptools import find_namespace_packages, setup

CODE = ["geo", "layers", "export", "ui", "userdata", "cli", "web"]
DATA = Path("data")


def data_packages() -> dict[str, str]:
    """``geo.data`` and one package per subfolder of ``data/``, each mapped to its folder."""
    folders = [DATA, *sorted(p for p in DATA.rglob("*") if p.is_dir())]
    return {
        ".".join(["geo", "data", *folder.relative_to(DATA).parts]): folder.as_posix()
        for folder in folders
        if "__pycache__" not in folder.parts
    }


# Namespace discovery: a folder of texts or scripts (geo/messages) is a package without an
# __init__.py.
packages = find_namespace_packages(
    include=[p for name in CODE for p in (name, f"{name}.*")], exclude=["*.__pycache__"]
)
mapped = data_packages()
setup(
    packages=packages + list(mapped),
    package_dir=mapped,
    # Beside the code: texts (TOML) and browser code (JS, CSS) that it reads at run time.
    package_data={"": ["*.toml", "*.js", "*.css"], **{name: ["*.*"] for name in mapped}},
)
