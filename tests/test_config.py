"""Finding and reading dash.toml."""

from __future__ import annotations

from pathlib import Path

import pytest

from dashboard import config


def test_a_home_folder_this_user_cannot_enter_means_no_config(tmp_path, monkeypatch):
    """sudo -u nobody with HOME=/root: the default config is unreachable, not a traceback."""
    monkeypatch.chdir(tmp_path)
    monkeypatch.delenv("DASH_CONFIG", raising=False)
    real = Path.is_file

    def is_file(self):
        if self.name == "dash.toml" and self.parent != tmp_path:
            raise PermissionError(13, "Permission denied", str(self))
        return real(self)

    monkeypatch.setattr(Path, "is_file", is_file)
    assert config.find_config() is None
    (tmp_path / "dash.toml").write_text('[bureau]\nname = "某某分局"\n', encoding="utf-8")
    assert config.load().bureau_name == "某某分局"


def test_an_unreadable_config_is_one_clear_error(tmp_path, monkeypatch):
    path = tmp_path / "dash.toml"
    path.write_text("", encoding="utf-8")

    def read_text(self, *a, **kw):
        raise PermissionError(13, "Permission denied", str(self))

    monkeypatch.setattr(Path, "read_text", read_text)
    with pytest.raises(config.ConfigError, match="配置文件无法读取.*Permission denied"):
        config.load(path)


def test_equipment_since_is_the_first_year_the_counts_hold(tmp_path):
    path = tmp_path / "dash.toml"
    path.write_text('[equipment]\nsince = 2024\n"执法记录仪" = 8\n', encoding="utf-8")
    cfg = config.load(path)
    assert cfg.equipment == {"执法记录仪": 8} and cfg.equipment_since == 2024  # since is no equipment
    assert cfg.equipment_for(2023) == {} and cfg.equipment_for(2024) == {"执法记录仪": 8}
    assert cfg.with_profile({}).equipment_since == 2024
    # without since the counts hold every year
    assert config.Config.from_dict({"equipment": {"执法记录仪": 8}}).equipment_for(2020) == {"执法记录仪": 8}
    for bad in ('"2024"', "24", "true"):
        path.write_text(f'[equipment]\nsince = {bad}\n', encoding="utf-8")
        with pytest.raises(config.ConfigError, match=r"equipment\.since = .* 不合要求，应为年份"):
            config.load(path)
    path.write_text("equipment_since = 2024\n", encoding="utf-8")
    with pytest.raises(config.ConfigError, match="未知的配置项 equipment_since"):
        config.load(path)
