"""The kinds of check a rule can make. Each gives a polars predicate (True = the row fails) and
the Great Expectations expectation(s) that state the same thing, as ``(class name, kwargs)``.

Built-in GX expectations are used where one says the same thing; checksum and Unicode-class
checks are custom expectations (``expectations.gx_custom``) whose metrics call the same
vectorised standards as the predicate, so the standard lives in one place (Art. 30).
"""

from __future__ import annotations

from dataclasses import dataclass
from datetime import date, datetime
from decimal import Decimal

import polars as pl

from expectations.rules import Columns
from standards.checksums import org_code_valid_expr, resident_id_valid_expr, uscc_category_valid_expr, uscc_valid_expr
from standards.regions import region_prefix_known_expr

GxSpec = tuple[str, dict]
EXCEL_SCIENTIFIC = r"^\s*[+-]?\d+(?:\.\d+)?[eE][+-]?\d+\s*$"
# Cc and Cf except tab/newline/carriage return where free text may carry them.
CONTROL = r"[\p{Cc}\p{Cf}]"
CONTROL_IN_TEXT = r"[\p{Cf}\x00-\x08\x0B\x0C\x0E-\x1F\x7F-\x9F]"
NESTED_JSON = r"^\s*(?:\{[\s\S]*\}|\[[\s\S]*\])\s*$"
TWO_DIGIT_YEAR = r"^\s*\d{2}\s*[-/.年]\s*\d{1,2}\s*[-/.月]\s*\d{1,2}\s*日?\s*$|^\s*\d{6}\s*$"
NUMERIC_TEXT = r"^\s*[+-]?[\d,，]+(?:\.\d*)?\s*$"
SYMBOLS = r"[\p{So}\p{Sk}\p{Co}]"  # emoji and other symbols never belong in a key or a name


class Check:
    """Base: subclasses set the predicate and the GX form."""

    reads_text = False  # True: the check reads the text as delivered (door only on typed columns)

    def failing(self, cols: Columns) -> pl.Expr:
        raise NotImplementedError

    def gx(self) -> list[GxSpec]:
        return []

    def needs(self) -> tuple[str, ...]:
        """Other datasets the check compares with (cross-source checks)."""
        return ()

    def prepare(self, frame: pl.DataFrame, others: dict[str, pl.DataFrame]) -> pl.DataFrame:
        return frame


@dataclass(frozen=True)
class Required(Check):
    column: str

    def failing(self, cols: Columns) -> pl.Expr:
        return ~cols.given(self.column)

    def gx(self) -> list[GxSpec]:
        return [("ExpectColumnValuesToNotBeNull", {"column": self.column})]


@dataclass(frozen=True)
class Readable(Check):
    """Something was delivered but it cannot be read as the catalogued type (door only)."""

    column: str
    reads_text = True

    def failing(self, cols: Columns) -> pl.Expr:
        return cols.given(self.column) & cols.value(self.column).is_null()


@dataclass(frozen=True)
class UniqueKey(Check):
    columns: tuple[str, ...]

    def failing(self, cols: Columns) -> pl.Expr:
        complete = pl.all_horizontal(cols.value(c).is_not_null() for c in self.columns)
        return complete & pl.struct([cols.value(c) for c in self.columns]).is_duplicated()

    def gx(self) -> list[GxSpec]:
        if len(self.columns) == 1:
            return [("ExpectColumnValuesToBeUnique", {"column": self.columns[0]})]
        return [("ExpectCompoundColumnsToBeUnique", {"column_list": list(self.columns), "ignore_row_if": "any_value_is_missing"})]


@dataclass(frozen=True)
class ResidentId(Check):
    """GB 11643 check code, and a birth date between 1880 and the warehouse's ``today``."""

    column: str
    today: date

    def failing(self, cols: Columns) -> pl.Expr:
        v = cols.value(self.column)
        return v.is_not_null() & ~resident_id_valid_expr(v, self.today)

    def gx(self) -> list[GxSpec]:
        return [("ExpectColumnValuesToBeValidResidentId", {"column": self.column, "today": self.today.isoformat()})]


@dataclass(frozen=True)
class RegionPrefix(Check):
    """The first six digits of a resident ID are a division code of a known province and
    prefecture range (GB/T 2260, ``standards.regions``)."""

    column: str

    def failing(self, cols: Columns) -> pl.Expr:
        v = cols.value(self.column)
        return v.is_not_null() & ~region_prefix_known_expr(v)

    def gx(self) -> list[GxSpec]:
        return [("ExpectColumnValuesToHaveKnownRegionPrefix", {"column": self.column})]


@dataclass(frozen=True)
class LegacyId(Check):
    """A 15-digit first-generation ID where an 18-digit one is catalogued (door only)."""

    column: str
    reads_text = True

    def failing(self, cols: Columns) -> pl.Expr:
        return cols.text(self.column).str.contains(r"^\s*\d{15}\s*$")


@dataclass(frozen=True)
class Uscc(Check):
    """GB 32100: a registrar and the category it issues, the 31-symbol alphabet, the mod 31 check code."""

    column: str

    def failing(self, cols: Columns) -> pl.Expr:
        v = cols.value(self.column)
        return v.is_not_null() & ~(uscc_valid_expr(v) & uscc_category_valid_expr(v))

    def gx(self) -> list[GxSpec]:
        return [("ExpectColumnValuesToBeValidUscc", {"column": self.column})]


@dataclass(frozen=True)
class OrgCode(Check):
    """GB 11714: characters 9-17 of an 18-character credit code are an organisation code with its
    own check character (a code of the wrong length is the GB 32100 rule's to report)."""

    column: str

    def failing(self, cols: Columns) -> pl.Expr:
        v = cols.value(self.column)
        return (v.str.len_chars() == 18) & ~org_code_valid_expr(v.str.slice(8, 9))

    def gx(self) -> list[GxSpec]:
        return [("ExpectColumnValuesToHaveValidOrganisationCode", {"column": self.column})]


@dataclass(frozen=True)
class Matches(Check):
    """The value matches a full pattern (length, alphabet, leading zeros). Python-compatible regex."""

    column: str
    pattern: str

    def failing(self, cols: Columns) -> pl.Expr:
        v = cols.value(self.column)
        return v.is_not_null() & ~v.str.contains(f"^(?:{self.pattern})$")

    def gx(self) -> list[GxSpec]:
        return [("ExpectColumnValuesToMatchRegex", {"column": self.column, "regex": f"^(?:{self.pattern})$"})]


@dataclass(frozen=True)
class ScientificNotation(Check):
    """``2.15156E+08``: a code that went through Excel as a number and lost digits."""

    column: str
    reads_text = True

    def failing(self, cols: Columns) -> pl.Expr:
        return cols.text(self.column).str.contains(EXCEL_SCIENTIFIC)

    def gx(self) -> list[GxSpec]:
        return [("ExpectColumnValuesToNotMatchRegex", {"column": self.column, "regex": EXCEL_SCIENTIFIC})]


@dataclass(frozen=True)
class InSet(Check):
    column: str
    allowed: tuple[str, ...]

    def failing(self, cols: Columns) -> pl.Expr:
        v = cols.value(self.column)
        return v.is_not_null() & ~v.is_in(list(self.allowed))

    def gx(self) -> list[GxSpec]:
        return [("ExpectColumnValuesToBeInSet", {"column": self.column, "value_set": list(self.allowed)})]


@dataclass(frozen=True)
class NumberRange(Check):
    column: str
    minimum: Decimal | None
    maximum: Decimal | None

    def failing(self, cols: Columns) -> pl.Expr:
        v = cols.value(self.column)
        out = pl.lit(False)
        if self.minimum is not None:
            out = out | (v < float(self.minimum))
        if self.maximum is not None:
            out = out | (v > float(self.maximum))
        return v.is_not_null() & out

    def gx(self) -> list[GxSpec]:
        return [("ExpectColumnValuesToBeBetween", {
            "column": self.column,
            "min_value": None if self.minimum is None else float(self.minimum),
            "max_value": None if self.maximum is None else float(self.maximum),
        })]


@dataclass(frozen=True)
class TooManyDecimals(Check):
    """More decimals than the item holds: refused, never truncated (door only; see README)."""

    column: str
    scale: int
    reads_text = True

    def failing(self, cols: Columns) -> pl.Expr:
        t = cols.text(self.column).str.strip_chars()
        fraction = t.str.extract(r"\.(\d*?)0*$", 1)
        return t.str.contains(NUMERIC_TEXT) & (fraction.str.len_chars() > self.scale)


@dataclass(frozen=True)
class NumberOverflow(Check):
    """A well-formed number too large for the column (door only): its own reason, not "not a number"."""

    column: str
    reads_text = True

    def failing(self, cols: Columns) -> pl.Expr:
        return cols.text(self.column).str.contains(NUMERIC_TEXT) & cols.value(self.column).is_null()


@dataclass(frozen=True)
class TwoDigitYear(Check):
    """``90-01-15`` or ``900115``: the century is never guessed (door only)."""

    column: str
    reads_text = True

    def failing(self, cols: Columns) -> pl.Expr:
        return cols.text(self.column).str.contains(TWO_DIGIT_YEAR)


@dataclass(frozen=True)
class DateRange(Check):
    column: str
    earliest: date
    latest: date

    def failing(self, cols: Columns) -> pl.Expr:
        day = cols.value(self.column).cast(pl.Date)
        return day.is_not_null() & ((day < self.earliest) | (day > self.latest))

    def gx(self) -> list[GxSpec]:
        return [("ExpectColumnValuesToBeBetween", {
            "column": self.column,
            "min_value": datetime.combine(self.earliest, datetime.min.time()),
            "max_value": datetime.combine(self.latest, datetime.max.time()).replace(microsecond=0),
        })]


@dataclass(frozen=True)
class DateOrder(Check):
    """``later`` may not precede ``earlier`` in one record (registered after born)."""

    later: str
    earlier: str

    def failing(self, cols: Columns) -> pl.Expr:
        return cols.value(self.later).cast(pl.Date) < cols.value(self.earlier).cast(pl.Date)

    def gx(self) -> list[GxSpec]:
        return [("ExpectColumnPairValuesAToBeGreaterThanB", {
            "column_A": self.later, "column_B": self.earlier, "or_equal": True, "ignore_row_if": "either_value_is_missing",
        })]


@dataclass(frozen=True)
class NoControlChars(Check):
    """NUL, U+FEFF and other Cc/Cf characters are never stored (tab and newline allowed in free text)."""

    column: str
    free_text: bool = False
    reads_text = True

    def failing(self, cols: Columns) -> pl.Expr:
        return cols.text(self.column).str.contains(CONTROL_IN_TEXT if self.free_text else CONTROL)

    def gx(self) -> list[GxSpec]:
        return [("ExpectColumnValuesToHaveNoControlCharacters", {"column": self.column, "free_text": self.free_text})]


@dataclass(frozen=True)
class NoSymbols(Check):
    """Emoji and other symbols in a key or a personal name."""

    column: str
    reads_text = True

    def failing(self, cols: Columns) -> pl.Expr:
        return cols.text(self.column).str.contains(SYMBOLS)

    def gx(self) -> list[GxSpec]:
        return [("ExpectColumnValuesToHaveNoSymbols", {"column": self.column})]


@dataclass(frozen=True)
class NestedJson(Check):
    column: str
    reads_text = True

    def failing(self, cols: Columns) -> pl.Expr:
        return cols.text(self.column).str.contains(NESTED_JSON)

    def gx(self) -> list[GxSpec]:
        return [("ExpectColumnValuesToNotMatchRegex", {"column": self.column, "regex": NESTED_JSON})]


@dataclass(frozen=True)
class MaxChars(Check):
    column: str
    limit: int
    reads_text = True

    def failing(self, cols: Columns) -> pl.Expr:
        return cols.text(self.column).str.len_chars() > self.limit

    def gx(self) -> list[GxSpec]:
        return [("ExpectColumnValueLengthsToBeBetween", {"column": self.column, "max_value": self.limit})]


@dataclass(frozen=True)
class IdAgrees(Check):
    """The birth date (``part="birth"``) or sex (``part="sex"``) encoded in a resident ID agrees with a column."""

    id_column: str
    column: str
    part: str  # "birth" | "sex"

    def failing(self, cols: Columns) -> pl.Expr:
        rid, other = cols.value(self.id_column), cols.value(self.column)
        if self.part == "birth":
            return other.cast(pl.Date) != id_birth_date(rid)
        return other != id_sex(rid)

    def gx(self) -> list[GxSpec]:
        return [("ExpectColumnPairValuesToAgreeWithResidentId", {
            "column_A": self.id_column, "column_B": self.column, "part": self.part, "ignore_row_if": "either_value_is_missing",
        })]


@dataclass(frozen=True)
class AfterIdBirth(Check):
    """A date of the record comes at least ``years`` after the birth date in another person's ID
    (a newborn's birth after the mother's own birth plus 12 years)."""

    id_column: str
    column: str
    years: int

    def failing(self, cols: Columns) -> pl.Expr:
        born = id_birth_date(cols.value(self.id_column))
        return cols.value(self.column).cast(pl.Date) < born.dt.offset_by(f"{self.years}y")

    def gx(self) -> list[GxSpec]:
        return [("ExpectColumnPairValuesToAgreeWithResidentId", {
            "column_A": self.id_column, "column_B": self.column, "part": f"after:{self.years}", "ignore_row_if": "either_value_is_missing",
        })]


def id_birth_date(rid: pl.Expr) -> pl.Expr:
    return rid.str.slice(6, 8).str.to_date("%Y%m%d", strict=False)


def id_sex(rid: pl.Expr) -> pl.Expr:
    """男 for an odd 17th digit, 女 for an even one (GB 11643 sequence code)."""
    digit = rid.str.slice(16, 1).cast(pl.Int32, strict=False)
    return pl.when(digit.is_null()).then(None).when(digit % 2 == 1).then(pl.lit("男")).otherwise(pl.lit("女"))
