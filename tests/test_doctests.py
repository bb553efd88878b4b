"""The examples in the code packages' docstrings run, and say what the code does."""

from __future__ import annotations

import doctest
import importlib

import pytest

from bench import ROOT

PACKAGES = ("geo", "layers", "export", "userdata", "cli", "ui")


def modules_with_examples() -> list[str]:
    found = []
    for package in PACKAGES:
        for path in (ROOT / package).rglob("*.py"):
            if ">>> " in path.read_text(encoding="utf-8"):
                parts = path.relative_to(ROOT).with_suffix("").parts
                found.append(".".join(parts[:-1] if parts[-1] == "__init__" else parts))
    return sorted(found)


MODULES = modules_with_examples()


def test_the_packages_have_examples_to_run():
    assert "userdata.read.matching" in MODULES and "userdata.read.limits" in MODULES


@pytest.mark.parametrize("name", MODULES)
def test_the_examples_of_each_module_pass(name):
    module = importlib.import_module(name)
    finder = doctest.DocTestFinder(exclude_empty=True)
    runner = doctest.DocTestRunner(optionflags=doctest.ELLIPSIS)
    tests = [t for t in finder.find(module) if t.examples]
    assert tests, f"{name} has '>>> ' but no example doctest finds"
    for test in tests:
        runner.run(test)
    result = runner.summarize(verbose=False)
    assert result.failed == 0, f"{result.failed} of {result.attempted} examples fail in {name}"
