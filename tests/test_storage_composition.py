"""SqliteRepository is composed of its stores, not a sum of mixins: each store
declares what it uses (its constructor sets every attribute its methods read),
and every call made on a repository anywhere in the app names something the
repository has (a method moved into a store and still called on the repository
would only fail when that line runs)."""

from __future__ import annotations

import ast
import inspect
from pathlib import Path

import desktop_app
from desktop_app.storage import holding_cache_store, holdings_store, instrument_store, market_store, transaction_store
from desktop_app.storage.sqlite_repository import SqliteRepository

ROOT = Path(desktop_app.__file__).parent
STORES = (instrument_store.InstrumentStore, transaction_store.TransactionStore, market_store.MarketStore,
          holdings_store.HoldingsStore, holding_cache_store.HoldingCacheStore)


def _class_node(cls: type) -> ast.ClassDef:
    return ast.parse(inspect.getsource(cls)).body[0]


def _self_attributes(node: ast.ClassDef) -> tuple[set[str], set[str]]:
    """(attributes read on self in any method, attributes assigned on self in __init__)."""
    read, declared = set(), set()
    for fn in node.body:
        if not isinstance(fn, ast.FunctionDef):
            continue
        for sub in ast.walk(fn):
            if isinstance(sub, ast.Attribute) and isinstance(sub.value, ast.Name) and sub.value.id == "self":
                if isinstance(sub.ctx, ast.Store) and fn.name == "__init__":
                    declared.add(sub.attr)
                elif isinstance(sub.ctx, ast.Load):
                    read.add(sub.attr)
    return read, declared


def test_the_repository_inherits_no_store():
    assert SqliteRepository.__bases__ == (object,)
    for store in STORES:
        assert store.__bases__ == (object,), store


def test_each_store_declares_what_its_methods_use():
    for store in STORES:
        read, declared = _self_attributes(_class_node(store))
        own = {name for name in vars(store) if not name.startswith("__")}
        assert read <= declared | own, (store.__name__, sorted(read - declared - own))
        assert "__init__" in vars(store), store


def _methods(cls: type) -> set[str]:
    return {name for name in dir(cls) if callable(getattr(cls, name))}


def _is_repository(node: ast.expr) -> bool:
    """``repo``, ``self.repo``, ``service.repo``, ... (how the app names a SqliteRepository)."""
    return (isinstance(node, ast.Name) and node.id == "repo") or (isinstance(node, ast.Attribute)
                                                                   and node.attr == "repo")


def test_every_call_on_a_repository_names_what_it_has(repo):
    """``repo.write()`` and ``repo.market.closes(...)`` exist; ``repo.closes(...)`` (a method
    moved into a store) and ``repo.transactions(...)`` (a store, not a method) do not."""
    stores = {name: type(value) for name, value in vars(repo).items() if type(value) in STORES}
    assert set(stores.values()) == set(STORES)
    unknown = []
    for path in sorted(ROOT.rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if not (isinstance(node, ast.Call) and isinstance(node.func, ast.Attribute)):
                continue
            owner, name = node.func.value, node.func.attr
            if _is_repository(owner):
                known = _methods(SqliteRepository)
            elif isinstance(owner, ast.Attribute) and _is_repository(owner.value) and owner.attr in stores:
                known = _methods(stores[owner.attr])
            else:
                continue
            if name not in known:
                unknown.append(f"{path.relative_to(ROOT)}:{node.lineno} {ast.unparse(node.func)}()")
    assert not unknown, unknown


def test_a_store_method_is_reached_through_its_store(repo):
    assert repo.transactions.count() == 0
    assert repo.instruments.all() == {}
    assert repo.market.last_refresh() is None and repo.holdings.grants() == []
    assert repo.holding_cache.read("fifo") == {}
