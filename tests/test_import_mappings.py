"""Saved import mappings (issue 14): by name in the user's config folder."""

from __future__ import annotations

import pytest

from desktop_app.input.brokers.mapping import Mapping, MappingError
from desktop_app.services import import_mappings


@pytest.fixture
def config(tmp_path, monkeypatch):
    monkeypatch.setenv("PAPERWEALTH_CONFIG_DIR", str(tmp_path / "config"))
    return tmp_path / "config"


def test_a_mapping_saved_by_name_loads_back_the_same(config):
    m = Mapping(columns={"date": "成交时间", "type": "方向", "symbol": "代码", "quantity": "数量", "price": "价格",
                         "fees": ["佣金", "印花税"]}, types={"买入": "buy"}, market="HK", currency="HKD",
                encoding="gb18030")
    assert import_mappings.saved_names() == []
    path = import_mappings.save("富途 港股", m)
    assert path == config / "mappings" / "富途 港股.json"
    assert "成交时间" in path.read_text(encoding="utf-8")  # readable, not escaped
    assert import_mappings.saved_names() == ["富途 港股"]
    assert import_mappings.load("富途 港股") == m
    assert import_mappings.load(str(path)) == m  # a path works too


@pytest.mark.parametrize("name", ["", "../evil", "a/b", "CON", "trailing.", "x" * 65, ".hidden"])
def test_names_that_are_not_file_names_are_refused(config, name):
    m = Mapping(columns={"date": "d", "type": "t", "symbol": "s", "quantity": "q", "price": "p"},
                types={"B": "buy"}, currency="HKD")
    with pytest.raises(MappingError, match="cannot name a mapping"):
        import_mappings.save(name, m)
    assert not (config / "mappings").exists() or not any((config / "mappings").iterdir())


def test_an_unknown_name_lists_the_saved_ones(config):
    with pytest.raises(MappingError, match=r"no mapping file or saved mapping named 'futu' \(saved: none saved yet\)"):
        import_mappings.load("futu")
    (config / "mappings").mkdir(parents=True)
    (config / "mappings" / "broken.json").write_text("{", encoding="utf-8")
    with pytest.raises(MappingError, match="not JSON"):
        import_mappings.load("broken")
