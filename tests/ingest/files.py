"""Small provider files written by hand, for tests that must know every row."""

from __future__ import annotations

from pathlib import Path

import polars as pl

from standards.checksums import resident_id_check_code

HUKOU_HEADER = "公民身份号码,姓名,性别,出生日期,民族,户籍地址,所属街道,登记日期"


def rid(first17: str) -> str:
    return first17 + resident_id_check_code(first17)


A, B, C = rid("33020319900101123"), rid("33020319851231002"), rid("33020320000229001")


def hukou_rows() -> list[str]:
    """Five rows: two clean (one with a lower-case x id and full-width digits), three quarantined."""
    bad_check = C[:-1] + ("0" if C[-1] != "0" else "1")
    return [
        f"{A},张三,男,1990年01月01日,汉族,浙江省宁波市海曙区鼓楼街道中山西路１２号,鼓楼街道,20100101",
        f"{B.lower()},李四,女,1985/12/31,汉族,  海曙区 ,南门街道,",
        f"{A},张三,男,1990-01-01,汉族,海曙区,鼓楼街道,2010-01-01",
        f"{bad_check},王五,男,2000-02-29,汉族,海曙区,鼓楼街道,2010-01-01",
        ",赵六,男,2000-02-30,汉族,海曙区,鼓楼街道,2010-01-01",
    ]


def write_hukou(landing: Path, name: str = "hukou_20261124.csv", rows: list[str] | None = None) -> Path:
    path = landing / "psb" / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes("\n".join([HUKOU_HEADER, *(rows if rows is not None else hukou_rows())]).encode("gb18030"))
    return path


def write_dibao(landing: Path, with_recollected_columns: bool = True) -> Path:
    """Subsistence allowance workbook; by default it also carries psb's 姓名 and 出生日期."""
    frame = pl.DataFrame({
        "公民身份号码": [A, B],
        "保障人数": ["3", "1"],
        "月保障金额": ["1,250.00", "980"],
        "起始日期": ["2024年3月1日", "20240401"],
        "所在街道": ["鼓楼街道", "南门街道"],
    })
    if with_recollected_columns:
        frame = frame.with_columns(pl.Series("姓名", ["张三", "李四"]), pl.Series("出生日期", ["1990-01-01", None]))
    path = landing / "mca" / "dibao_20261124.xlsx"
    path.parent.mkdir(parents=True, exist_ok=True)
    frame.write_excel(path)
    return path
