"""Every example in the package's docstrings runs and shows what it says it shows."""

from __future__ import annotations

import doctest
import importlib
import pkgutil

import pytest

import querydsl

FLAGS = doctest.ELLIPSIS | doctest.NORMALIZE_WHITESPACE


def modules_with_examples() -> list[str]:
    names = []
    for module in pkgutil.walk_packages(querydsl.__path__, "querydsl."):
        if module.name.endswith("__main__"):  # importing it runs the command line
            continue
        tests = doctest.DocTestFinder().find(importlib.import_module(module.name))
        if any(test.examples for test in tests):
            names.append(module.name)
    return names


@pytest.mark.parametrize("name", ["querydsl", *modules_with_examples()])
def test_the_examples_in_a_module_hold(name: str) -> None:
    result = doctest.testmod(importlib.import_module(name), optionflags=FLAGS, verbose=False)
    assert result.attempted > 0
    assert result.failed == 0, f"{result.failed} example(s) in {name} do not hold (see above)"
