"""The filter language (Newsboat's): text to a typed expression, checked once, with errors that name a column.

    unread = "yes" and title =~ "Afghan" and age < 7
    tags # "tech" and not (author = "Staff" or feed =~ "sport")
    age between 0:3 or starred = "yes"

Comparisons are `FIELD OP VALUE`; `and` binds tighter than `or`, `not` tighter than both, parentheses group.
Every check a value can fail (a regex that does not compile, a number where a date is wanted, an operator a
field does not take) happens here, so the SQL and Python back ends (`sql.py`, `evaluate.py`) never see a bad
expression and agree on what a valid one means.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from enum import Enum

from newsreader.errors import UsageError


class FilterError(UsageError):
    """A filter expression that does not parse; the message ends with `at COLUMN` (1-based)."""


class Kind(Enum):
    TEXT = "text"  # = != =~ !~ # !# < > <= >= between (ordering is by code point, e.g. ISO dates)
    NUMBER = "number"  # whole numbers: = != < > <= >= between
    BOOL = "bool"  # = != with "yes"/"no"
    LIST = "list"  # # !# (has / has not the item); = and != mean the same
    FULLTEXT = "fulltext"  # # !# (all words, full-text index), =~ !~ (regex over the text)


@dataclass(frozen=True, slots=True)
class Field:
    name: str
    kind: Kind


# Canonical fields, then Newsboat's names for the same things.
FIELDS: dict[str, Field] = {
    f.name: f
    for f in (
        Field("title", Kind.TEXT),
        Field("author", Kind.TEXT),
        Field("link", Kind.TEXT),
        Field("feed", Kind.TEXT),
        Field("feedurl", Kind.TEXT),
        Field("published", Kind.TEXT),
        Field("summary", Kind.TEXT),
        Field("tags", Kind.LIST),
        Field("content", Kind.FULLTEXT),
        Field("unread", Kind.BOOL),
        Field("starred", Kind.BOOL),
        Field("age", Kind.NUMBER),
        Field("enclosure_type", Kind.TEXT),  # the first enclosure's MIME type ("" when none)
        Field("enclosure_url", Kind.TEXT),
    )
}
ALIASES = {
    "feedtitle": "feed",
    "rssurl": "feedurl",
    "tag": "tags",
    "date": "published",
    "pubdate": "published",
    "description": "summary",
    "flagged": "starred",
}

OPS_BY_KIND: dict[Kind, tuple[str, ...]] = {
    Kind.TEXT: ("=", "!=", "=~", "!~", "#", "!#", "<", ">", "<=", ">=", "between"),
    Kind.NUMBER: ("=", "!=", "<", ">", "<=", ">=", "between"),
    Kind.BOOL: ("=", "!="),
    Kind.LIST: ("=", "!=", "#", "!#"),
    Kind.FULLTEXT: ("#", "!#", "=~", "!~"),
}
# A word as the full-text index splits text (unicode61: letters and digits; `_` separates).
WORD = re.compile(r"[^\W_]+")
_YES = {"yes": True, "true": True, "1": True, "no": False, "false": False, "0": False}

Value = str | int | bool | re.Pattern[str] | tuple[str, ...] | tuple[int, int] | tuple[str, str]


@dataclass(frozen=True, slots=True)
class Compare:
    """One comparison. `value` is typed by the field's kind and the operator:

    TEXT =,!=,<,>: str; =~,!~,#,!#: a compiled case-insensitive pattern (# is "contains"); between: (lo, hi).
    NUMBER: int, between (lo, hi). BOOL: bool (`!=` already folded into it, so op is always "=").
    LIST: str (one item). FULLTEXT #/!#: the words (tuple of str); =~/!~: a pattern.
    """

    field: Field
    op: str
    value: Value


@dataclass(frozen=True, slots=True)
class And:
    items: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Or:
    items: tuple[Expr, ...]


@dataclass(frozen=True, slots=True)
class Not:
    item: Expr


Expr = Compare | And | Or | Not

# -- tokens -----------------------------------------------------------------------------------------------

_TOKEN = re.compile(
    r"""(?P<space>\s+)
      | (?P<string>"(?:[^"\\]|\\.)*"?)
      | (?P<op>=~|!~|!=|<=|>=|!\#|\#|=|<|>|&&|\|\||\(|\)|:)
      | (?P<number>-?\d+(?:\.\d+)?(?![\w.]))
      | (?P<word>[A-Za-z_][\w-]*)
      | (?P<bad>.)""",
    re.VERBOSE | re.DOTALL,
)


@dataclass(frozen=True, slots=True)
class Token:
    kind: str  # string, number, word, op, end
    text: str
    col: int  # 1-based
    value: str = ""


def tokenize(source: str) -> list[Token]:
    tokens: list[Token] = []
    for m in _TOKEN.finditer(source):
        kind, text, col = m.lastgroup or "bad", m.group(), m.start() + 1
        if kind == "space":
            continue
        if kind == "bad":
            raise FilterError(f"unexpected character {text!r} at {col}")
        if kind == "string":
            if len(text) < 2 or not text.endswith('"') or _odd_backslashes(text[1:-1]):
                raise FilterError(f"unterminated string starting at {col}")
            tokens.append(Token(kind, text, col, re.sub(r"\\(.)", r"\1", text[1:-1], flags=re.DOTALL)))
            continue
        tokens.append(Token(kind, text, col, text))
    tokens.append(Token("end", "", len(source) + 1))
    return tokens


def _odd_backslashes(inner: str) -> bool:
    """True when the closing quote is escaped (`"abc\\"` is unterminated)."""
    trailing = len(inner) - len(inner.rstrip("\\"))
    return trailing % 2 == 1


# -- parser -----------------------------------------------------------------------------------------------

MAX_DEPTH = 64


class _Parser:
    def __init__(self, source: str) -> None:
        self.tokens = tokenize(source)
        self.i = 0
        self.depth = 0

    @property
    def tok(self) -> Token:
        return self.tokens[self.i]

    def take(self) -> Token:
        tok = self.tokens[self.i]
        self.i += 1
        return tok

    def is_word(self, *words: str) -> bool:
        return self.tok.kind == "word" and self.tok.text.lower() in words

    def parse(self) -> Expr:
        if self.tok.kind == "end":
            raise FilterError('empty filter: expected a comparison such as title =~ "word" at 1')
        expr = self.or_()
        if self.tok.kind != "end":
            raise FilterError(f"expected 'and', 'or' or the end, not {self.tok.text!r} at {self.tok.col}")
        return expr

    def or_(self) -> Expr:
        items = [self.and_()]
        while self.is_word("or") or self.tok.text == "||":
            self.take()
            items.append(self.and_())
        return items[0] if len(items) == 1 else Or(tuple(items))

    def and_(self) -> Expr:
        items = [self.not_()]
        while self.is_word("and") or self.tok.text == "&&":
            self.take()
            items.append(self.not_())
        return items[0] if len(items) == 1 else And(tuple(items))

    def not_(self) -> Expr:
        if self.is_word("not"):
            self.take()
            return Not(self.not_())
        return self.primary()

    def primary(self) -> Expr:
        tok = self.tok
        if tok.text == "(" and tok.kind == "op":
            self.depth += 1
            if self.depth > MAX_DEPTH:
                raise FilterError(f"parentheses nested too deeply at {tok.col}")
            self.take()
            expr = self.or_()
            if self.tok.text != ")":
                raise FilterError(
                    f"expected ')' to close the '(' from {tok.col},"
                    f" found {_found(self.tok)} at {self.tok.col}"
                )
            self.take()
            self.depth -= 1
            return expr
        if tok.kind != "word":
            raise FilterError(f"expected a field name, found {_found(tok)} at {tok.col}")
        return self.comparison()

    def comparison(self) -> Compare:
        name_tok = self.take()
        field = _field(name_tok)
        op_tok = self.take()
        op = op_tok.text.lower() if op_tok.kind in ("op", "word") else ""
        if op not in ("=", "!=", "=~", "!~", "#", "!#", "<", ">", "<=", ">=", "between"):
            raise FilterError(
                f"expected an operator after {name_tok.text!r}, found {_found(op_tok)} at {op_tok.col}"
            )
        if op not in OPS_BY_KIND[field.kind]:
            allowed = " ".join(OPS_BY_KIND[field.kind])
            raise FilterError(f"{field.name} takes {allowed}, not {op!r} at {op_tok.col}")
        first = self._value(op_tok)
        if op == "between":
            if self.tok.text != ":":
                raise FilterError(
                    f"expected ':' in 'between LOW:HIGH', found {_found(self.tok)} at {self.tok.col}"
                )
            colon = self.take()
            second = self._value(colon)
            return Compare(field, op, _range(field, first, second))
        return _typed(field, op, first)

    def _value(self, after: Token) -> Token:
        tok = self.take()
        if tok.kind not in ("string", "number"):
            raise FilterError(f"expected a value after {after.text!r} at {tok.col}")
        return tok


def _found(tok: Token) -> str:
    return "the end" if tok.kind == "end" else repr(tok.text)


def _field(tok: Token) -> Field:
    name = tok.text.lower()
    name = ALIASES.get(name, name)
    if name in FIELDS:
        return FIELDS[name]
    if name in ("and", "or", "not", "between"):
        raise FilterError(f"expected a field name, found {tok.text!r} at {tok.col}")
    known = ", ".join(FIELDS)
    raise FilterError(f"unknown field {tok.text!r} (fields: {known}) at {tok.col}")


def _number(tok: Token) -> int:
    try:
        return int(tok.value)
    except ValueError:
        raise FilterError(f"expected a whole number, not {tok.text} at {tok.col}") from None


def _pattern(tok: Token, literal: bool) -> re.Pattern[str]:
    source = re.escape(tok.value) if literal else tok.value
    try:
        return re.compile(source, re.IGNORECASE)
    except re.error as err:
        raise FilterError(
            f"bad regular expression {tok.text}: {err.msg} at {tok.col + 1 + (err.pos or 0)}"
        ) from None


def _typed(field: Field, op: str, tok: Token) -> Compare:
    kind = field.kind
    if kind is Kind.NUMBER:
        return Compare(field, op, _number(tok))
    if kind is Kind.BOOL:
        truth = _YES.get(tok.value.lower())
        if truth is None:
            raise FilterError(f'{field.name} is "yes" or "no", not {tok.text} at {tok.col}')
        return Compare(field, "=", truth if op == "=" else not truth)
    if kind is Kind.LIST:
        return Compare(field, {"=": "#", "!=": "!#"}.get(op, op), tok.value)
    if kind is Kind.FULLTEXT and op in ("#", "!#"):
        words = tuple(WORD.findall(tok.value))
        if not words:
            raise FilterError(f"{field.name} {op} needs at least one word at {tok.col}")
        return Compare(field, op, words)
    if op in ("=~", "!~", "#", "!#"):
        return Compare(field, op, _pattern(tok, literal=op in ("#", "!#")))
    return Compare(field, op, tok.value)


def _range(field: Field, lo: Token, hi: Token) -> Value:
    if field.kind is Kind.NUMBER:
        return (_number(lo), _number(hi))
    return (lo.value, hi.value)


def parse_filter(source: str) -> Expr:
    """Parse `source` into an expression; FilterError (one line, with the column) when it is not one."""
    return _Parser(source).parse()
