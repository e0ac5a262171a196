"""dash.toml: bureau, targets, clocks, equipment, extra aliases.

Looked up as ``--config PATH`` / ``DASH_CONFIG``, else ``dash.toml`` in the
working directory, else ``dash.toml`` in the user config dir. Every key has a
default so dash runs with no config at all.
"""

from __future__ import annotations

import os
import tomllib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from . import paths
from .errors import DashError

DEFAULTS: dict[str, Any] = {
    "bureau": {"name": "永州市生态环境局新田分局", "short_name": "新田分局", "head_title": "分局长"},
    "equipment": {"执法记录仪": 8, "移动执法设备": 2},
    "targets": {"study_sessions_per_year": 4, "law_exams_per_year": 1},
    "clocks": {
        "case_decision_days": 90,
        "petition_days": 60,
        "petition_due_soon_days": 7,
        "permit_report_book_days": 60,
        "permit_report_form_days": 30,
        "publish_working_days": 7,
        "certificate_due_soon_days": 180,
        "supervision_reply_months": 3,
    },
    "aliases": {},
    "arrangements": {
        "standing": [
            {
                "title": "推进“执法＋服务”，开展行政处罚案件回访",
                "text": "对受到行政处罚的企业开展回访，把普法教育、技术指导和意见收集融入回访，"
                "推动监管与服务结合。",
            }
        ]
    },
    "publicity": {"calendar": ["5·22国际生物多样性日", "六五环境日", "全国低碳日", "全国生态日", "宪法宣传周"]},
}


class ConfigError(DashError):
    """A config file that cannot be read; the message names the file."""


@dataclass
class Config:
    data: dict[str, Any] = field(default_factory=dict)
    path: Path | None = None

    def get(self, section: str, key: str, default: Any = None) -> Any:
        return self.data.get(section, {}).get(key, default)

    @property
    def bureau_name(self) -> str:
        return self.get("bureau", "name")

    @property
    def clocks(self) -> dict[str, int]:
        return self.data["clocks"]

    @property
    def query_params(self) -> dict[str, int]:
        """Clocks and targets, as named-query parameters."""
        return {**self.data["clocks"], **self.data["targets"]}

    @property
    def extra_aliases(self) -> dict[str, dict[str, list[str]]]:
        """``[aliases.TABLE] column = ["header", ...]`` from the config."""
        return self.data.get("aliases", {})


def _merge(base: dict, over: dict) -> dict:
    out = dict(base)
    for k, v in over.items():
        out[k] = _merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def find_config(explicit: str | os.PathLike | None = None) -> Path | None:
    if explicit:
        return Path(explicit)
    env = os.environ.get("DASH_CONFIG")
    if env:
        return Path(env)
    for cand in (Path.cwd() / "dash.toml", paths.config_home() / "dash.toml"):
        try:
            if cand.is_file():
                return cand
        except OSError:  # a home folder this user may not enter (sudo -u, a service account)
            continue
    return None


def load(explicit: str | os.PathLike | None = None) -> Config:
    path = find_config(explicit)
    data: dict[str, Any] = {}
    if path is not None:
        try:
            data = tomllib.loads(path.read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise ConfigError(f"配置文件不存在：{path}") from None
        except OSError as exc:
            raise ConfigError(f"配置文件无法读取：{path}：{exc.strerror or exc}") from None
        except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
            raise ConfigError(f"配置文件无法解析：{path}：{exc}") from None
    return Config(_merge(DEFAULTS, data), path)
