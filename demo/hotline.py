"""12345 hotline work orders (12345热线工单): free text full of personal data, and look-alikes.

诉求内容 is written the way hotline operators write: the caller's name with its context
(市民…, 来电人…, 联系人…), resident IDs, mobiles in several spellings, Ningbo landlines,
addresses, licence plates, e-mail addresses and bank cards — and hard negatives a masker must
leave alone: work-order numbers, amounts, dates, water account numbers and 18-digit serials
that are not resident IDs. Some texts span lines or hold ASCII quotes and commas, so the
CSV must be quoted properly. The manifest counts what the templates put in.
"""

from __future__ import annotations

import string
from collections import Counter
from datetime import date

import numpy as np
import polars as pl

from demo.people import age_years, pick
from demo.tables import Table
from demo.words import EMAIL_DOMAINS, HOTLINE_STATUSES, PLATE_LETTERS, STREETS, SURNAMES
from standards.checksums import luhn_valid, resident_id_valid

ORDER_SHARE = 0.2  # work orders per resident
DATETIME = "%Y-%m-%d %H:%M:%S"

# (诉求类别, template). Slots: see SLOT_KINDS; the others are plain context.
TEMPLATES: tuple[tuple[str, str], ...] = (
    (
        "物业管理",
        "市民{name}来电反映：其居住的{address}所在小区物业长期不作为，楼道垃圾无人清理，电梯多次故障，与物业沟通未果，要求相关部门督促整改。联系电话{mobile}。",
    ),
    (
        "劳动社保",
        "来电人{name}（身份证号{id}）反映其在{company}工作期间，单位自{date}起未为其缴纳社会保险，另拖欠工资共计{amount}，要求协调处理。联系方式：{mobile}。",
    ),
    (
        "城乡建设",
        "{community}居民来电反映，{street}{road}附近工地夜间施工噪音扰民，经常持续至凌晨，严重影响休息，要求查处。来电人姓{surname}，联系电话{mobile_spaced}。",
    ),
    (
        "交通运输",
        "市民反映车牌号为{plate}的车辆长期占用{community}消防通道，多次劝离无果，请交警部门处理。联系人：{name}，电话{mobile}。",
    ),
    (
        "市场监管",
        "消费者{name}于{date}在{company}购买商品，金额{amount}，使用后发现质量问题，商家拒绝退换。诉求人邮箱{email}，要求市场监管部门调解。",
    ),
    (
        "水电气",
        "用户{name}反映其用水户号{account}本月水费{amount}，较往月明显偏高，怀疑水表故障，要求上门核查。地址：{address}，联系电话{landline}。",
    ),
    (
        "咨询",
        "来电咨询新生儿落户办理流程及所需材料，来电人未留姓名。与工单{order}为同一事项，已告知到{street}辖区派出所户籍窗口办理。",
    ),
    (
        "住房保障",
        "来电人{name}，身份证号码{id}，户籍地址{full_address}，咨询公共租赁住房申请条件及审核进度，要求回电：{mobile}。",
    ),
    (
        "环境保护",
        "群众反映{street}{road}某餐饮店油烟直排，影响周边居民生活，{date}已反映过一次（工单{order}），至今未解决，要求再次督办。",
    ),
    ("教育", "家长{name}反映孩子所在学校收取资料费{amount}，要求核实是否合规。联系电话：{mobile}，邮箱：{email}。"),
    (
        "卫生健康",
        "{name}（{gender}，{age}岁）反映在医院就诊时遭遇不合理收费，涉及金额{amount}，交易流水号{serial}。联系电话{mobile}。",
    ),
    (
        "公安政法",
        "市民{name}报称其电动自行车于{date}晚在{address}楼下被盗，已向辖区派出所报案，询问处理进展。联系电话{mobile}，备用电话{landline}。",
    ),
    (
        "劳动社保",
        "反映人：{name}\n联系电话：{mobile}\n反映内容：在{company}工作，离职后单位不出具离职证明，影响申领失业保险金，请求帮助。",
    ),
    (
        "物业管理",
        '业主{name}反映小区业委会未经业主大会表决即更换物业公司，物业称"这是业委会的决定"，业主对此不认可，要求街道介入。联系人{name2}，电话{mobile}。',
    ),
    (
        "市场监管",
        "消费者反映在{company}办理预付卡充值{amount_grouped}，现门店关闭无法退款，涉及消费者约{people}人。退款请转入银行卡{card}（户名{name}），联系电话{mobile}。",
    ),
    ("城乡建设", "市民反映{community}路灯损坏已有{days}天，夜间出行不便，请尽快修复。"),
    (
        "交通运输",
        "来电人{name}反映其车辆（{plate}）于{date}在{road}被贴罚单，认为该路段标志不清，申请复核。联系电话{mobile}。",
    ),
    ("咨询", "来电人询问个人所得税汇算清缴办理时间，已解答。来电号码与登记号码不一致，系代他人咨询。"),
    ("其他", "市民{name}来电表扬{community}工作人员{name2}热心帮助独居老人，希望予以表扬。"),
)

# What each slot holds, for the manifest: personal data a masker must find, or a look-alike
# it must leave alone. Unlisted slots (street, road, community, surname only, age …) are context.
SLOT_KINDS: dict[str, tuple[str, str]] = {
    "name": ("personal", "name"),
    "name2": ("personal", "name"),
    "id": ("personal", "resident_id"),
    "mobile": ("personal", "mobile"),
    "mobile_spaced": ("personal", "mobile"),
    "landline": ("personal", "landline"),
    "address": ("personal", "address"),
    "full_address": ("personal", "address"),
    "plate": ("personal", "license_plate"),
    "email": ("personal", "email"),
    "card": ("personal", "bank_card"),
    "order": ("hard_negative", "order_no"),
    "amount": ("hard_negative", "amount"),
    "amount_grouped": ("hard_negative", "amount"),
    "date": ("hard_negative", "date"),
    "serial": ("hard_negative", "long_number"),
    "account": ("hard_negative", "account_no"),
}


def _slots(template: str) -> list[str]:
    return [name for _, name, _, _ in string.Formatter().parse(template) if name]


def _plates(k: int, rng: np.random.Generator) -> list[str]:
    """浙B plates as written by callers: with or without the middle dot; new-energy ones too."""
    letters = np.array(list(PLATE_LETTERS))
    digits = rng.integers(0, 100_000, k)
    letter = letters[rng.integers(0, len(letters), k)]
    out = []
    for d, ch, s in zip(digits, letter, rng.random(k), strict=True):
        if s < 0.3:
            out.append(f"浙B·{ch}{d % 10_000:04d}")
        elif s < 0.7:
            out.append(f"浙B{ch}{d % 10_000:04d}")
        else:
            out.append(f"浙B{'D' if s < 0.9 else 'F'}{d:05d}")
    return out


def _emails(surname_pinyin: list[str], rng: np.random.Generator) -> list[str]:
    letters = "abcdefghijklmnopqrstuvwxyz"
    number = rng.integers(10_000, 9_999_999_999, len(surname_pinyin))
    out = []
    for pinyin, style, num in zip(surname_pinyin, rng.random(len(surname_pinyin)), number, strict=True):
        if style < 0.35:
            out.append(f"{num}@qq.com")
            continue
        given = "".join(letters[(num >> (5 * i)) % 26] for i in range(2 + num % 4))
        suffix = str(num % 100) if style < 0.7 else ""
        out.append(f"{pinyin}{given}{suffix}@{EMAIL_DOMAINS[num % len(EMAIL_DOMAINS)]}")
    return out


def _bank_card(body: int) -> str:
    """A 19-digit UnionPay number whose Luhn digit is right (bank cards are personal data)."""
    digits = f"62{body:016d}"
    return next(digits + d for d in "0123456789" if luhn_valid(digits + d))


def _serial(digits: str) -> str:
    """An 18-digit transaction number that is *not* a valid resident ID (a masker's trap)."""
    if resident_id_valid(digits):
        return digits[:-1] + str((int(digits[-1]) + 1) % 10)
    return digits


def _landlines(k: int, rng: np.random.Generator) -> list[str]:
    number = rng.integers(0, 10_000_000, k)
    lead = np.array(["8", "8", "8", "2", "5", "6"])[rng.integers(0, 6, k)]
    return [
        f"0574-{a}{b:07d}" if s < 0.6 else f"(0574){a}{b:07d}" if s < 0.75 else f"{a}{b:07d}"
        for a, b, s in zip(lead, number, rng.random(k), strict=True)
    ]


def _spoken_date(day: date, style: float) -> str:
    if style < 0.5:
        return f"{day.year}年{day.month}月{day.day}日"
    if style < 0.8:
        return f"{day.month}月{day.day}日"
    return day.isoformat()


def hotline_work_orders(
    residents: pl.DataFrame, linkable: np.ndarray, enterprise_names: pl.Series, as_of: date, rng: np.random.Generator
) -> tuple[Table, dict[str, dict[str, int]]]:
    """The work orders of the year up to ``as_of``, oldest first, and a count of what their
    texts hold (personal data by kind, hard negatives by kind)."""
    k = round(ORDER_SHARE * residents.height)
    pool = np.flatnonzero(linkable & (age_years(residents["birth"], as_of) >= 18))  # callers are adults
    caller = residents[pool[rng.integers(0, len(pool), k)]]
    other = residents["name"].gather(pool[rng.integers(0, len(pool), k)]).to_list()
    any_time = rng.integers(0, 86_400, k)
    office = np.clip(rng.normal(13.5 * 3600, 3.5 * 3600, k), 0, 86_399).astype(np.int64)
    seconds = np.where(rng.random(k) < 0.9, office, any_time)  # most calls in the daytime
    day = np.datetime64(as_of, "D") - rng.integers(0, 365, k).astype("timedelta64[D]")
    received = np.sort(day.astype("datetime64[s]") + seconds.astype("timedelta64[s]"))
    received_at = pl.Series(received.astype("datetime64[us]"), dtype=pl.Datetime("us"))
    received_day = pl.Series(received.astype("datetime64[D]"), dtype=pl.Date)
    seq = pl.DataFrame({"d": received_day}).select(pl.int_range(1, pl.len() + 1).over("d")).to_series()
    order_no = "HS" + received_day.dt.strftime("%Y%m%d") + seq.cast(pl.String).str.zfill(6)

    template = rng.integers(0, len(TEMPLATES), k)
    pinyin = {s: p for s, p, _ in SURNAMES}
    places = {s[0]: (s[2], s[3]) for s in STREETS}
    names = caller["name"].to_list()
    surname = [n[:2] if n[:2] in pinyin else n[0] for n in names]
    streets = caller["street"].to_list()
    mobiles = caller["mobile"].to_list()
    addresses = caller["address"].to_list()
    ids = caller["id"].to_list()
    male = caller["male"].to_list()
    ages = age_years(caller["birth"], as_of).tolist()
    emails = _emails([pinyin[s] for s in surname], rng)
    plates, landlines = _plates(k, rng), _landlines(k, rng)
    company = enterprise_names.gather(rng.integers(0, len(enterprise_names), k)).to_list()
    amount = np.round(np.exp(rng.normal(6.5, 1.2, k)), 2).tolist()
    before = rng.integers(1, 60, k).tolist()
    noise = rng.integers(0, 1 << 40, (k, 4)).tolist()
    slots_of = [_slots(t) for _, t in TEMPLATES]

    texts = []
    for i in range(k):
        a, b, c, d = noise[i]
        street = streets[i]
        roads, communities = places[street]
        mentioned = received[i].astype("datetime64[D]").item() - np.timedelta64(before[i], "D").item()
        value = {
            "name": names[i],
            "name2": other[i],
            "surname": surname[i],
            "id": ids[i],
            "mobile": mobiles[i],
            "mobile_spaced": (
                f"{mobiles[i][:3]} {mobiles[i][3:7]} {mobiles[i][7:]}",
                f"{mobiles[i][:3]}-{mobiles[i][3:7]}-{mobiles[i][7:]}",
                f"+86 {mobiles[i]}",
            )[a % 3],
            "landline": landlines[i],
            "address": addresses[i],
            "full_address": "浙江省宁波市海曙区" + addresses[i],
            "plate": plates[i],
            "email": emails[i],
            "company": company[i],
            "street": street,
            "road": roads[b % len(roads)],
            "community": communities[c % len(communities)],
            "gender": "男" if male[i] else "女",
            "age": ages[i],
            "amount": f"{amount[i]:.2f}元",
            "amount_grouped": f"{int(amount[i] * 10):,}元",
            "date": _spoken_date(mentioned, (d % 100) / 100),
            "order": f"HS{mentioned:%Y%m%d}{d % 1_000_000:06d}",
            "account": f"02{c % 10**8:08d}",
            "people": 20 + a % 280,
            "days": 3 + b % 58,
        }
        t = template[i]
        if "card" in slots_of[t]:
            value["card"] = _bank_card(c % 10**16)
        if "serial" in slots_of[t]:
            value["serial"] = _serial(f"{mentioned:%Y%m%d}{d % 10**10:010d}")
        texts.append(TEMPLATES[t][1].format(**value))

    frame = pl.DataFrame(
        {
            "工单编号": order_no,
            "受理时间": received_at.dt.strftime(DATETIME),
            "来电号码": mobiles,
            "诉求类别": [TEMPLATES[t][0] for t in template],
            "所属街道": streets,
            "诉求内容": texts,
            "办理状态": pick(rng, HOTLINE_STATUSES, k),
        },
        schema={
            c: pl.String for c in ("工单编号", "受理时间", "来电号码", "诉求类别", "所属街道", "诉求内容", "办理状态")
        },
    )
    uses = np.bincount(template, minlength=len(TEMPLATES))
    found: dict[str, Counter] = {"personal": Counter(), "hard_negative": Counter()}
    for t, slots in enumerate(slots_of):
        for slot in slots:
            if slot in SLOT_KINDS:
                group, kind = SLOT_KINDS[slot]
                found[group][kind] += int(uses[t])
    entities = {group: dict(sorted(counter.items())) for group, counter in found.items()}
    return Table("hotline_work_orders", frame, DATETIME, reserved=np.zeros(k, dtype=bool)), entities
