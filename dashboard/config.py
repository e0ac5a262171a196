"""dash.toml: the bureau, statutory clocks, targets, equipment, header aliases, arrangements.

Looked up as ``--config PATH`` / ``DASH_CONFIG``, else ``dash.toml`` in the
working directory, else ``dash.toml`` in the user config dir. Every key has a
default so dash runs with no config at all; the bureau's own facts (its name,
its equipment) have none, and a draft says 【单位名称】 until they are set.

The file is checked when it is read: a key dash does not know, or a value of
the wrong type, is one line naming the key, the value and what is expected,
never a database error later on. The configuration is frozen dataclasses, one
per section, so every key is declared once, here, with its type and default.
"""

from __future__ import annotations

import dataclasses
import os
import tomllib
import types
import typing
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path
from typing import Any

from . import paths
from .errors import DashError
from .ledgers import BY_TABLE


class ConfigError(DashError):
    """A config file that cannot be read or holds a wrong value; the message names the file and key."""


@dataclass(frozen=True)
class Bureau:
    name: str = ""  # 永州市生态环境局新田分局
    short_name: str = ""  # 新田分局
    # The bodies the report's preamble says the bureau works under: ["新田县委、县政府", "永州市生态环境局"].
    superiors: tuple[str, ...] = ()
    # The body that guides its rule-of-law work: 新田县委依法治县办公室.
    guided_by: str = ""
    # The bureau's legal adviser (a law firm), named in the report's 依法决策 section.
    legal_adviser: str = ""
    # Author of an exported .docx draft (its core properties); the bureau's name when empty.
    drafter: str = ""


@dataclass(frozen=True)
class Clocks:
    """Statutory time limits (ledgers.md, "Statutory clocks"); a bureau may tighten them."""

    case_decision_days: int = 90
    petition_days: int = 60
    petition_due_soon_days: int = 7
    permit_report_book_days: int = 60
    permit_report_form_days: int = 30
    publish_working_days: int = 7
    certificate_due_soon_days: int = 180
    supervision_reply_months: int = 3


@dataclass(frozen=True)
class Targets:
    study_sessions_per_year: int = 4
    law_exams_per_year: int = 1


@dataclass(frozen=True)
class DashboardSettings:
    """[dashboard]: the terminal dashboard."""

    # Where screenshots and exports are saved (default: the working folder).
    save_to: str = ""


@dataclass(frozen=True)
class Arrangement:
    """A standing item of part four, written by the bureau itself."""

    title: str
    text: str


@dataclass(frozen=True)
class CalendarYear:
    """[calendar.YEAR]: a year's holiday arrangement beyond (or instead of) the official one."""

    holidays: tuple[date, ...] = ()  # days off on a weekday (春节 of a year the library lacks)
    workdays: tuple[date, ...] = ()  # weekend days worked (调休), or a listed holiday worked after all


@dataclass(frozen=True)
class Config:
    bureau: Bureau = field(default_factory=Bureau)
    clocks: Clocks = field(default_factory=Clocks)
    targets: Targets = field(default_factory=Targets)
    # Equipment is not a ledger: 执法记录仪 = 8, 移动执法设备 = 2 (counts, by name).
    equipment: dict[str, int] = field(default_factory=dict)
    # [equipment] since = 2024: the first year the counts hold (None: every year). A draft of an
    # earlier year asks for that year's counts instead of stating today's.
    equipment_since: int | None = None
    # [aliases.TABLE] column = ["header", ...]: extra header spellings of this bureau's exports.
    aliases: dict[str, dict[str, list[str]]] = field(default_factory=dict)
    # [[arrangements]] title = "…" text = "…": part four's standing items.
    arrangements: tuple[Arrangement, ...] = ()
    # [keys] "dash.compare" = "v": remapped dashboard keys, by binding id.
    keys: dict[str, str] = field(default_factory=dict)
    # [calendar.2027] holidays = [...] workdays = [...]: working-day clocks (see workdays.py).
    calendar: dict[str, CalendarYear] = field(default_factory=dict)
    dashboard: DashboardSettings = field(default_factory=DashboardSettings)
    path: Path | None = field(default=None, compare=False)
    # What the user's file said, to lay it over a profile later (see with_profile).
    raw: dict[str, Any] = field(default_factory=dict, compare=False, repr=False)

    @property
    def bureau_name(self) -> str:
        return self.bureau.name

    def equipment_for(self, year: int) -> dict[str, int]:
        """The configured equipment if it holds in ``year`` (``[equipment] since``), else nothing."""
        if self.equipment_since is not None and year < self.equipment_since:
            return {}
        return self.equipment

    @property
    def query_params(self) -> dict[str, int]:
        """Clocks and targets, as named-query parameters."""
        return {**dataclasses.asdict(self.clocks), **dataclasses.asdict(self.targets)}

    @property
    def extra_aliases(self) -> dict[str, dict[str, list[str]]]:
        return self.aliases

    @classmethod
    def from_dict(cls, data: dict[str, Any], path: Path | None = None) -> Config:
        """A config from parsed TOML, every key and value checked (ConfigError naming it)."""
        where = str(path) if path else "配置"
        body, since = dict(data), None
        equipment = body.get("equipment")
        if isinstance(equipment, dict) and "since" in equipment:  # a year, not a piece of equipment
            equipment = dict(equipment)
            since = _year(equipment.pop("since"), where, "equipment.since")
            body["equipment"] = equipment
        return dataclasses.replace(_build(cls, body, where, ""), equipment_since=since, path=path, raw=data)

    def with_profile(self, profile: dict[str, Any]) -> Config:
        """This configuration laid over ``profile`` (the bundled sample bureau's facts)."""
        return Config.from_dict(merge(profile, self.raw), self.path)


# Config fields that are no key of their own ([equipment] since is read by Config.from_dict).
_NOT_KEYS = ("path", "raw", "equipment_since")


def _type_name(tp: Any) -> str:
    names = {int: "整数", str: "文字", bool: "true/false", float: "数字", date: "日期（如 2027-01-01）"}
    origin = typing.get_origin(tp)
    if origin in (dict,):
        return f"表（键 = {_type_name(typing.get_args(tp)[1])}）"
    if origin in (list, tuple):
        return f"列表（{_type_name(typing.get_args(tp)[0])}）"
    if dataclasses.is_dataclass(tp):
        return "表（" + "、".join(f.name for f in dataclasses.fields(tp) if f.name not in _NOT_KEYS) + "）"
    return names.get(tp, getattr(tp, "__name__", str(tp)))


def _fail(where: str, key: str, value: Any, tp: Any) -> ConfigError:
    shown = repr(value) if not isinstance(value, dict) else "{…}"
    return ConfigError(f"{where}：{key} = {shown[:60]} 不合要求，应为{_type_name(tp)}")


def _check(tp: Any, value: Any, where: str, key: str) -> Any:
    """``value`` as type ``tp`` (from the dataclass annotation), or ConfigError."""
    origin = typing.get_origin(tp)
    if dataclasses.is_dataclass(tp):
        if not isinstance(value, dict):
            raise _fail(where, key, value, tp)
        return _build(tp, value, where, key + ".")
    if origin is dict:
        _, vt = typing.get_args(tp)
        if not isinstance(value, dict):
            raise _fail(where, key, value, tp)
        return {str(k): _check(vt, v, where, f"{key}.{k}") for k, v in value.items()}
    if origin in (list, tuple):
        (et, *_) = typing.get_args(tp)
        if not isinstance(value, list):
            raise _fail(where, key, value, tp)
        items = [_check(et, v, where, f"{key}[{i}]") for i, v in enumerate(value)]
        return tuple(items) if origin is tuple else items
    if origin in (typing.Union, types.UnionType):
        return value
    if tp is date:
        return _day(value, where, key)
    ok = isinstance(value, tp) and not (tp is int and isinstance(value, bool))
    if not ok:
        raise _fail(where, key, value, tp)
    if tp is int and value < 0:
        raise ConfigError(f"{where}：{key} = {value} 不合要求，应为不小于 0 的整数")
    return value


def _build(cls: type, data: dict[str, Any], where: str, prefix: str) -> Any:
    hints = typing.get_type_hints(cls)
    known = {f.name: f for f in dataclasses.fields(cls) if f.name not in _NOT_KEYS}
    values: dict[str, Any] = {}
    for key, value in data.items():
        if key not in known:
            raise ConfigError(f"{where}：未知的配置项 {prefix}{key}（可用：{'、'.join(known)}）")
        values[key] = _check(hints[key], value, where, prefix + key)
    try:
        out = cls(**values)
    except TypeError as exc:  # a required key of a table (an arrangement without a title)
        raise ConfigError(f"{where}：{prefix.rstrip('.')} 缺少必填项（{exc}）") from None
    if cls is Config:
        _check_aliases(out.aliases, where)
        _check_calendar(out.calendar, where)
    return out


def _year(value: Any, where: str, key: str) -> int:
    if isinstance(value, int) and not isinstance(value, bool) and 1990 <= value <= 2100:
        return value
    raise ConfigError(f"{where}：{key} = {value!r} 不合要求，应为年份（如 2024）")


def _day(value: Any, where: str, key: str) -> date:
    """A TOML date (2027-01-01), or the same written as a string."""
    if isinstance(value, date) and not hasattr(value, "hour"):
        return value
    if isinstance(value, str):
        try:
            return date.fromisoformat(value.strip())
        except ValueError:
            pass
    raise _fail(where, key, value, date)


def _check_calendar(calendar: dict[str, CalendarYear], where: str) -> None:
    """[calendar.YEAR] must name a year, and its days must fall in it."""
    for year, arrangement in calendar.items():
        if not (year.isdigit() and len(year) == 4):
            raise ConfigError(f"{where}：[calendar.{year}] 应为年份，如 [calendar.2027]")
        for kind in ("holidays", "workdays"):
            for day in getattr(arrangement, kind):
                if day.year != int(year):
                    raise ConfigError(f"{where}：calendar.{year}.{kind} 中的 {day} 不在 {year} 年")


def _check_aliases(aliases: dict[str, dict[str, list[str]]], where: str) -> None:
    """[aliases.TABLE] must name a ledger's table and its columns."""
    for table, columns in aliases.items():
        if table not in BY_TABLE:
            raise ConfigError(f"{where}：[aliases.{table}] 不是台账表名（可用：{'、'.join(BY_TABLE)}）")
        names = BY_TABLE[table].column_names
        for column in columns:
            if column not in names:
                raise ConfigError(f"{where}：[aliases.{table}] {column} 不是该表的列（可用：{'、'.join(names)}）")


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


def read_toml(path: Path) -> dict[str, Any]:
    """A TOML file's tables, or ConfigError naming the file."""
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise ConfigError(f"配置文件不存在：{path}") from None
    except OSError as exc:
        raise ConfigError(f"配置文件无法读取：{path}：{exc.strerror or exc}") from None
    except (tomllib.TOMLDecodeError, UnicodeDecodeError) as exc:
        raise ConfigError(f"配置文件无法解析：{path}：{exc}") from None


def merge(base: dict[str, Any], over: dict[str, Any]) -> dict[str, Any]:
    """``over`` on top of ``base``, table by table."""
    out = dict(base)
    for k, v in over.items():
        out[k] = merge(out[k], v) if isinstance(v, dict) and isinstance(out.get(k), dict) else v
    return out


def load(explicit: str | os.PathLike | None = None) -> Config:
    """The user's configuration (defaults where it says nothing)."""
    path = find_config(explicit)
    return Config.from_dict(read_toml(path) if path is not None else {}, path)
