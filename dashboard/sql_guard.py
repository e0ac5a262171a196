"""What ``dash query`` lets through: one read-only statement, judged by DuckDB's own parser.

SELECT-like statements only; ``EXPLAIN`` (whose ``ANALYZE`` runs the statement)
is judged by the statement it wraps; functions that show DuckDB's settings, the
store's path or other files, or run SQL given as text are refused.
"""

from __future__ import annotations

import re

from .queries import QueryError, duck_message

_WRITE_WORDS = {"INSERT", "UPDATE", "DELETE", "CREATE", "DROP", "ALTER", "COPY", "ATTACH", "DETACH",
                "INSTALL", "LOAD", "SET", "RESET", "PRAGMA", "CALL", "EXPORT", "IMPORT", "VACUUM",
                "CHECKPOINT", "USE", "TRUNCATE", "MERGE", "GRANT", "BEGIN", "COMMIT", "ROLLBACK"}


def check_read_only(sql: str) -> None:
    """Refuse anything but SELECT-like statements, with one line.

    ``EXPLAIN`` (``ANALYZE`` runs the statement) is judged by the statement it
    wraps; functions that show settings or file locations are refused.
    """
    import duckdb

    try:
        statements = duckdb.extract_statements(sql)
    except duckdb.Error as exc:
        raise QueryError(duck_message(exc)) from None
    if not statements:
        raise QueryError("SQL 为空")
    for st in statements:
        kind = st.type.name if hasattr(st.type, "name") else str(st.type)
        if kind == "EXPLAIN":
            inner = _explained(st.query)
            if not inner:
                raise QueryError("只读：EXPLAIN 之后应是一条 SELECT 语句")
            check_read_only(inner)
        elif kind != "SELECT":
            raise QueryError(f"只读：dash query 不执行 {_verb(st.query, kind)} 语句，数据库未改动")
    if len(statements) > 1:
        raise QueryError("一次只能执行一条 SELECT 语句")
    _refuse_introspection(sql)


# Functions that show DuckDB's settings, the store's path or other files. (Those that list
# folders, like duckdb_extensions(), DuckDB refuses itself with file access switched off.)
_INTROSPECTION = {"current_setting", "duckdb_settings", "duckdb_databases", "duckdb_temporary_files",
                  "which_secret", "duckdb_logs", "duckdb_log_contexts", "duckdb_external_file_cache",
                  "duckdb_profiling_settings", "getenv",
                  "json_execute_serialized_sql"}  # runs SQL given as JSON, which this check cannot read


def _lexed(sql: str) -> list[tuple[int, str, str]]:
    """(position, kind, text) of each token but comments, by DuckDB's own tokenizer."""
    import duckdb

    found = duckdb.tokenize(sql)
    out = []
    for i, (start, kind) in enumerate(found):
        name = kind.name if hasattr(kind, "name") else str(kind)
        if name != "comment":
            end = found[i + 1][0] if i + 1 < len(found) else len(sql)
            out.append((start, name, sql[start:end].strip()))
    return out


def _tokens(sql: str) -> list[tuple[str, str]]:
    """(kind, text) of each token but comments; quoted identifiers unquoted."""
    out = []
    for _, kind, text in _lexed(sql):
        if kind == "identifier" and text.startswith('"') and text.endswith('"') and len(text) > 1:
            text = text[1:-1].replace('""', '"')
        out.append((kind, text))
    return out


def _revealing(name: str) -> bool:
    word = name.lower()
    return word in _INTROSPECTION or word.startswith("pragma_")


def _refuse_introspection(sql: str) -> None:
    """Refuse functions that show settings or paths, also inside query('…') and query_table('…')."""
    tokens = _tokens(sql)
    for i, (kind, text) in enumerate(tokens):
        if kind not in ("identifier", "keyword"):
            continue
        if _revealing(text):
            raise QueryError(f"dash query 不提供数据库设置和文件位置（{text}）")
        word = text.lower()
        if word in ("query", "query_table") and i + 1 < len(tokens) and tokens[i + 1][1].startswith("("):
            args = _literal_arguments(tokens, i + 1)
            if args is None:
                raise QueryError(f"{text}(…) 的参数须是写明的文字（'…'），dash query 才能检查其中的 SQL")
            for arg in args:
                if word == "query":
                    check_read_only(arg)
                elif any(_revealing(part.strip('"')) for part in arg.split(".")):
                    raise QueryError(f"dash query 不提供数据库设置和文件位置（{arg}）")


def _literal_arguments(tokens: list[tuple[str, str]], open_at: int) -> list[str] | None:
    """The string literals between the parenthesis at ``open_at`` and its match; None if anything
    else is there (an expression could build any text)."""
    out: list[str] = []
    depth = 0
    for kind, text in tokens[open_at:]:
        if kind == "operator" and set(text) <= set("()[], "):
            depth += text.count("(") - text.count(")")
            if depth <= 0:
                return out
            continue
        value = _unquote(text) if kind == "string_const" else None
        if value is None:
            return None
        out.append(value)
    return None


def _unquote(literal: str) -> str | None:
    """The text of a '…' or $tag$…$tag$ literal; None for other forms (E'…' escapes)."""
    if len(literal) >= 2 and literal[0] == literal[-1] == "'":
        return literal[1:-1].replace("''", "'")
    m = re.fullmatch(r"\$(\w*)\$(.*)\$\1\$", literal, re.S)
    return m.group(2) if m else None


def _explained(sql: str) -> str | None:
    """The statement an ``EXPLAIN [ANALYZE] [(options)]`` wraps, as text; None if there is none."""
    words = [(pos, text) for pos, _, text in _lexed(sql)]
    if not words or words[0][1].upper() != "EXPLAIN":
        return None
    i = 1
    if i < len(words) and words[i][1].upper() in ("ANALYZE", "ANALYSE"):
        i += 1
    if i < len(words) and words[i][1].startswith("("):
        depth = 0
        while i < len(words):
            depth += words[i][1].count("(") - words[i][1].count(")")
            i += 1
            if depth <= 0:
                break
    return sql[words[i][0]:].strip() if i < len(words) else None


_COMMENT = re.compile(r"/\*.*?\*/|--[^\n]*", re.S)


def is_statement_word(text: str) -> bool:
    """A lone SQL command word (``VACUUM``, ``CHECKPOINT``), not a query name."""
    return text.strip().upper() in _WRITE_WORDS


def _verb(sql: str, kind: str) -> str:
    """The statement's verb as the user wrote it, comments and a leading WITH … left aside."""
    words = _COMMENT.sub(" ", sql).split()
    first = words[0].upper().rstrip(";") if words else kind
    if first in ("WITH", "SELECT", "FROM") or not first.isalpha():  # WITH x AS (…) DELETE → DELETE
        return "PIVOT" if kind == "MULTI" else kind
    return first
