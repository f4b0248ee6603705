"""Build a seeded synthetic corpus of Chinese government-service records with PII labels.

Writes, next to this file:

* ``corpus.csv``      - ~1 500 records (UTF-8): structured columns plus free-text columns.
* ``labels.jsonl``    - one personal-data span per line:
  ``{"row", "column", "entity_type", "start", "end", "variant"}`` (character offsets; ``variant``
  names the format/context the generator used, for failure analysis only).
* ``negatives.jsonl`` - deliberately planted hard negatives (``{"row", "column", "kind", "start",
  "end"}``); never scored, only used to explain false positives.

Texts are built from templates whose ``{slot}`` / ``{slot:arg}`` placeholders are filled by
:class:`Gen`, so every label offset is exact by construction.

Usage: ``.venv/bin/python benchmarks/pii_eval/make_corpus.py``
"""

from __future__ import annotations

import csv
import datetime as dt
import json
import random
import re
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from faker import Faker

SEED = 20261124
N_ROWS = 1500
OUT_DIR = Path(__file__).resolve().parent
NEG = "NEG"  # entity_type marker for planted hard negatives

# --------------------------------------------------------------------------- check digits
ID_WEIGHTS = (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)
USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
USCC_WEIGHTS = (1, 3, 9, 27, 19, 26, 16, 17, 20, 29, 25, 13, 8, 24, 10, 30, 28)
ORG_WEIGHTS = (3, 7, 9, 10, 5, 8, 4, 2)


def id_check(body17: str) -> str:
    """GB 11643 mod 11-2 check character."""
    return "10X98765432"[sum(int(c) * w for c, w in zip(body17, ID_WEIGHTS)) % 11]


def uscc_check(body17: str) -> str:
    """GB 32100 mod 31 check character."""
    s = sum(USCC_ALPHABET.index(c) * w for c, w in zip(body17, USCC_WEIGHTS))
    return USCC_ALPHABET[(31 - s % 31) % 31]


def org_check(body8: str) -> str:
    """GB 11714 organisation-code check character."""
    s = sum(int(c, 36) * w for c, w in zip(body8, ORG_WEIGHTS))
    c = 11 - s % 11
    return "X" if c == 10 else "0" if c == 11 else str(c)


def luhn_ok(digits: str) -> bool:
    """True if the string is all digits and passes the Luhn check."""
    if not digits.isdigit():
        return False
    total = 0
    for i, ch in enumerate(reversed(digits)):
        d = int(ch) * (2 if i % 2 else 1)
        total += d - 9 if d > 9 else d
    return total % 10 == 0


# --------------------------------------------------------------------------- vocabularies
REGION_CODES = ["330203", "330205", "330212", "330281", "330282", "330106", "330782", "110105",
                "310115", "440305", "440106", "510107", "420111", "320106", "370202", "610113",
                "350203", "430104", "210204", "500103", "130102", "410105", "530102", "230103",
                "412727", "511324", "341221", "430524", "650102", "450103"]
MOBILE_PREFIXES = [f"13{d}" for d in range(10)] + ["145", "147", "150", "151", "152", "153",
                   "155", "156", "157", "158", "159", "166", "167", "172", "173", "175", "176",
                   "177", "178"] + [f"18{d}" for d in range(10)] + ["191", "193", "195", "198",
                                                                   "199"]
AREA_CODES = {"0574": 8, "0574 ": 8, "010": 8, "021": 8, "020": 8, "022": 8, "025": 8, "027": 8,
              "028": 8, "029": 8, "0571": 8, "0575": 8, "0576": 8, "0577": 8, "0755": 8,
              "0591": 8, "0731": 8, "0551": 8, "0871": 8, "0941": 7, "0902": 7, "0935": 7}
CARD_PREFIXES = [("622202", 19), ("622848", 19), ("621700", 19), ("622588", 16),
                 ("621226", 19), ("623058", 19), ("622700", 19), ("436742", 16),
                 ("524094", 16), ("625965", 16), ("621661", 19)]
PLATE_PROVINCES = "京津沪渝冀豫云辽黑湘皖鲁新苏浙赣鄂桂甘晋蒙陕吉闽贵粤青川宁琼"
PLATE_LETTERS = "ABCDEFGHJKLMNPQRSTUVWXY"
COMPOUND_SURNAMES = ["欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "慕容", "令狐", "司徒",
                     "夏侯", "尉迟", "公孙", "长孙", "端木"]
MINORITY_NAMES = ["阿依古丽·买买提", "艾力·吐尔逊", "热依拉·阿不都", "努尔兰·别克", "古丽娜尔·艾山",
                  "扎西顿珠", "次仁卓玛", "格桑拉姆", "巴特尔", "乌云其其格"]
ROLE_WORDS = ["市民", "来电人", "诉求人", "反映人", "投诉人", "举报人", "当事人", "申请人", "居民",
              "业主", "租户", "村民", "患者", "户主", "房东", "承租人", "经办人", "审核人", "负责人",
              "联系人", "监护人", "代理人", "网格员", "社工", "民警", "工作人员", "法定代表人", "股东",
              "志愿者", "驾驶员", "店主", "楼长", "信访人", "来访人", "被投诉人", "学生家长", "退休职工"]
NAME_VERBS = ["说", "称", "表示", "反映", "认为", "提出", "介绍", "坦言", "要求", "同意", "签字确认",
              "来电", "来访", "再次来电", "到场", "承诺", "补充说明", "解释", "证实", "拒绝", "希望",
              "询问", "告知"]
FULLWIDTH = str.maketrans("0123456789", "０１２３４５６７８９")
EMAIL_DOMAINS = ["qq.com", "163.com", "126.com", "sina.com", "139.com", "gmail.com",
                 "foxmail.com", "outlook.com", "nbhaishu-trade.com.cn", "yeah.net"]

HAISHU_STREETS = {  # street/town -> roads or villages within it
    "南门街道": ["柳汀街", "解放南路", "南苑街", "长春路"],
    "西门街道": ["中山西路", "望京路", "西河街", "永寿街"],
    "月湖街道": ["镇明路", "偃月街", "马衙街", "迎凤街"],
    "鼓楼街道": ["公园路", "中山西路", "呼童街", "孝闻街"],
    "江厦街道": ["东渡路", "开明街", "碶闸街", "县前街"],
    "白云街道": ["机场路", "翠柏路", "白云庄路", "环城西路"],
    "段塘街道": ["段塘西路", "蓝天路", "新典路", "南苑新村路"],
    "望春街道": ["望春路", "丽园北路", "广安路", "布政巷"],
    "石碶街道": ["雅戈尔大道", "石碶北路", "冯家路"],
}
HAISHU_TOWNS = {"集士港镇": ["卖面桥村", "山下庄村", "翁家桥村"], "古林镇": ["薛家村", "茂新村"],
                "高桥镇": ["岐阳村", "新庄村"], "横街镇": ["凤岙村", "林村"],
                "鄞江镇": ["悬慈村", "建岙村"], "章水镇": ["杖锡村", "蜜岩村"]}
ESTATES = ["布政小区", "尹江岸小区", "南苑新村", "常青藤小区", "泰安花园", "翠柏里",
           "柳锦家园", "华联新村", "天一家园", "望春花苑", "段塘新村", "锦和嘉苑"]
CHINA_PLACES = [  # (province, city, district, sub-district/town)
    ("北京市", "", "朝阳区", "望京街道"), ("北京市", "", "海淀区", "学院路街道"),
    ("上海市", "", "浦东新区", "花木街道"), ("上海市", "", "徐汇区", "田林街道"),
    ("天津市", "", "河西区", "友谊路街道"), ("重庆市", "", "渝中区", "解放碑街道"),
    ("广东省", "深圳市", "南山区", "粤海街道"), ("广东省", "广州市", "天河区", "石牌街道"),
    ("四川省", "成都市", "武侯区", "簇桥街道"), ("湖北省", "武汉市", "洪山区", "关山街道"),
    ("江苏省", "南京市", "鼓楼区", "宁海路街道"), ("陕西省", "西安市", "雁塔区", "小寨路街道"),
    ("山东省", "青岛市", "市南区", "八大关街道"), ("河南省", "郑州市", "金水区", "文化路街道"),
    ("湖南省", "长沙市", "岳麓区", "望月湖街道"), ("福建省", "厦门市", "思明区", "鹭江街道"),
    ("浙江省", "杭州市", "西湖区", "文新街道"), ("浙江省", "温州市", "鹿城区", "五马街道"),
    ("安徽省", "合肥市", "蜀山区", "三里庵街道"), ("云南省", "昆明市", "五华区", "华山街道"),
    ("黑龙江省", "哈尔滨市", "南岗区", "花园街道"), ("辽宁省", "大连市", "沙河口区", "春柳街道"),
    ("新疆维吾尔自治区", "乌鲁木齐市", "天山区", "燕儿窝街道"),
    ("广西壮族自治区", "南宁市", "青秀区", "新竹街道"), ("贵州省", "遵义市", "汇川区", "上海路街道"),
    ("甘肃省", "兰州市", "城关区", "张掖路街道"), ("河北省", "石家庄市", "长安区", "建北街道"),
    ("河南省", "周口市", "郸城县", "汲冢镇"), ("四川省", "南充市", "仪陇县", "马鞍镇"),
    ("安徽省", "阜阳市", "临泉县", "城关镇"), ("湖南省", "邵阳市", "隆回县", "桃洪镇"),
    ("江西省", "上饶市", "鄱阳县", "饶州街道"), ("内蒙古自治区", "呼和浩特市", "新城区", "海拉尔东路街道"),
]
ROADS = ["人民路", "建设路", "解放路", "中山路", "和平路", "文化路", "新华路", "胜利街", "友谊路",
         "长江路", "黄河路", "学府路", "科技路", "滨江大道", "光明巷", "兴业街", "青年路"]

NEG_STREETS = ["南门街道", "鼓楼街道", "西门街道", "望春街道", "石碶街道", "段塘街道", "中山西路",
               "柳汀街", "解放南路", "海曙区", "集士港镇", "丽园北路"]
NEG_ORGS = ["海曙区住建局", "海曙区市场监管局", "南门街道办事处", "宁波市公安局海曙分局",
            "海曙区信访局", "西门街道社区卫生服务中心", "鼓楼街道综合执法中队", "海曙区人力社保局",
            "海曙区城管局", "望春街道便民服务中心", "海曙区医保分局"]
NEG_COMPANIES = ["宁波甬海建设工程有限公司", "宁波市海曙区恒达物业服务有限公司", "浙江天衡教育科技有限公司",
                 "宁波新城餐饮管理有限公司", "宁波市海曙区张记小吃店", "宁波王氏五金机电有限公司",
                 "宁波金鹰汽车服务有限公司", "宁波海曙高新物流有限公司"]
NEG_PLACES = ["天一广场", "月湖公园", "老外滩", "鼓楼步行街", "南塘老街", "王府井", "高桥",
              "黄鹂新村", "城隍庙", "宁波站", "中山公园"]


def cn_number(n: int) -> str:
    """Chinese numeral for 1..999 (225 -> 二百二十五)."""
    digits = "零一二三四五六七八九"
    h, t, u = n // 100, n // 10 % 10, n % 10
    out = f"{digits[h]}百" if h else ""
    if t:
        out += ("" if t == 1 and not h else digits[t]) + "十"
    elif h and u:
        out += "零"
    return out + (digits[u] if u else "")


@dataclass(frozen=True)
class Piece:
    """A filled slot: its text, entity type (None = plain text, NEG = hard negative) and tag."""

    text: str
    entity_type: str | None
    tag: str


class Gen:
    """Seeded generators for every slot kind."""

    def __init__(self, seed: int) -> None:
        self.rng = random.Random(seed)
        self.fake = Faker("zh_CN")
        self.fake.seed_instance(seed)
        self.person: str = ""  # the row's main person (re-used in free text)
        self.person_form: str = ""

    # -- helpers
    def digits(self, n: int) -> str:
        return "".join(self.rng.choice("0123456789") for _ in range(n))

    def date(self, lo: int = 1945, hi: int = 2012) -> dt.date:
        start = dt.date(lo, 1, 1)
        return start + dt.timedelta(days=self.rng.randrange((dt.date(hi, 12, 31) - start).days))

    def recent(self) -> dt.datetime:
        return dt.datetime(2026, 1, 1) + dt.timedelta(minutes=self.rng.randrange(330 * 24 * 60))

    def non_luhn(self, make: Callable[[], str]) -> str:
        while True:
            s = make()
            if not luhn_ok(s):
                return s

    # -- personal data
    def name(self) -> tuple[str, str]:
        r = self.rng.random()
        if r < 0.02:
            return self.rng.choice(MINORITY_NAMES), "minority"
        if r < 0.11:
            given = self.rng.choice([self.fake.first_name() for _ in range(3)])
            return self.rng.choice(COMPOUND_SURNAMES) + given, "compound"
        surname = self.fake.last_name()
        while len(surname) != 1:
            surname = self.fake.last_name()
        want = 1 if r < 0.42 else 2
        given = self.fake.first_name()
        while len(given) != want:
            given = self.fake.first_name()
        return surname + given, f"{want + 1}char"

    def resident_id(self) -> Piece:
        body = self.rng.choice(REGION_CODES) + self.date().strftime("%Y%m%d") + self.digits(3)
        check = id_check(body)
        if check == "X" and self.rng.random() < 0.3:
            return Piece(body + "x", "CN_RESIDENT_ID", "id18_lower_x")
        if self.rng.random() < 0.04:
            return Piece(f"{body[:6]} {body[6:14]} {body[14:]}{check}", "CN_RESIDENT_ID", "id18_spaced")
        return Piece(body + check, "CN_RESIDENT_ID", "id18_X" if check == "X" else "id18")

    def resident_id15(self) -> Piece:
        body = self.rng.choice(REGION_CODES) + self.date(1935, 1990).strftime("%y%m%d")
        return Piece(body + self.digits(3), "CN_RESIDENT_ID", "id15_legacy")

    def mobile(self) -> Piece:
        n = self.rng.choice(MOBILE_PREFIXES) + self.digits(8)
        fmt = self.rng.choices(["plain", "space344", "dash344", "+86", "+86space", "+86dash",
                                "0086", "fullwidth"], [58, 10, 10, 7, 6, 4, 2, 3])[0]
        text = {"plain": n, "space344": f"{n[:3]} {n[3:7]} {n[7:]}",
                "dash344": f"{n[:3]}-{n[3:7]}-{n[7:]}", "+86": f"+86{n}",
                "+86space": f"+86 {n}", "+86dash": f"+86-{n[:3]}-{n[3:7]}-{n[7:]}",
                "0086": f"0086-{n}", "fullwidth": n.translate(FULLWIDTH)}[fmt]
        return Piece(text, "CN_MOBILE", f"mobile_{fmt}")

    def landline(self) -> Piece:
        area = self.rng.choice(list(AREA_CODES))
        local = self.rng.choice("2345678") + self.digits(AREA_CODES[area] - 1)
        area = area.strip()
        fmt = self.rng.choices(["dash", "paren", "fullwidth_paren", "space", "plain", "ext"],
                               [50, 15, 10, 10, 10, 5])[0]
        ext = self.rng.choice(["转", "-", "分机"]) + self.digits(self.rng.choice([3, 4]))
        text = {"dash": f"{area}-{local}", "paren": f"({area}){local}",
                "fullwidth_paren": f"（{area}）{local}", "space": f"{area} {local}",
                "plain": f"{area}{local}", "ext": f"{area}-{local}{ext}"}[fmt]
        return Piece(text, "CN_LANDLINE", f"landline_{fmt}" + ("_7digit" if len(local) == 7 else ""))

    def phone(self) -> Piece:
        return self.mobile() if self.rng.random() < 0.75 else self.landline()

    def uscc(self) -> Piece:
        reg, typ = self.rng.choice([("9", "1"), ("9", "1"), ("9", "2"), ("9", "3"), ("1", "2"),
                                    ("5", "1"), ("9", "1")])
        if self.rng.random() < 0.5:
            org = "MA" + "".join(self.rng.choice(USCC_ALPHABET[:10] + "ABCDEFGHJKLMNPQRTUWXY")
                                 for _ in range(6))
        else:
            org = self.digits(8)
        body = reg + typ + self.rng.choice(REGION_CODES) + org + org_check(org)
        return Piece(body + uscc_check(body), "CN_USCC", "uscc_MA" if org[:2] == "MA" else "uscc_numeric")

    def bank_card(self) -> Piece:
        prefix, length = self.rng.choice(CARD_PREFIXES)
        body = prefix + self.digits(length - len(prefix) - 1)
        check = next(d for d in "0123456789" if luhn_ok(body + d))
        n = body + check
        if self.rng.random() < 0.3:
            return Piece(" ".join(n[i:i + 4] for i in range(0, len(n), 4)), "BANK_CARD",
                         f"card{length}_spaced")
        return Piece(n, "BANK_CARD", f"card{length}")

    def plate(self) -> Piece:
        prov = "浙" if self.rng.random() < 0.5 else self.rng.choice(PLATE_PROVINCES)
        city = "B" if prov == "浙" and self.rng.random() < 0.6 else self.rng.choice(PLATE_LETTERS)
        kind = self.rng.choices(["normal", "normal_letters", "new_energy"], [50, 25, 25])[0]
        if kind == "normal":
            tail = self.digits(5)
        elif kind == "normal_letters":
            chars = [self.rng.choice("0123456789") for _ in range(5)]
            for i in self.rng.sample(range(5), self.rng.choice([1, 2])):
                chars[i] = self.rng.choice("ABCDEFGHJKLMNPQRSTUVWXYZ")
            tail = "".join(chars)
        else:
            tail = self.rng.choice("DF") + self.digits(5)
        sep = self.rng.choices(["", "·", " "], [60, 30, 10])[0]
        sep_tag = {"": "", "·": "_dot", " ": "_space"}[sep]
        return Piece(f"{prov}{city}{sep}{tail}", "CN_LICENSE_PLATE", f"plate_{kind}{sep_tag}")

    def passport(self) -> Piece:
        r = self.rng.random()
        if r < 0.6:
            return Piece("E" + self.digits(8), "CN_PASSPORT", "passport_E8")
        if r < 0.8:
            return Piece("G" + self.digits(8), "CN_PASSPORT", "passport_G8")
        return Piece("E" + self.rng.choice("ABCDEFGH") + self.digits(7), "CN_PASSPORT",
                     "passport_E_letter7")

    def permit(self) -> Piece:
        letter = self.rng.choices("CHM", [60, 25, 15])[0]
        return Piece(letter + self.digits(8), "CN_HK_MACAU_PERMIT", f"permit_{letter}8")

    def email(self) -> Piece:
        user = self.fake.user_name()
        if self.rng.random() < 0.4:
            user += self.digits(self.rng.choice([2, 3, 4]))
        if self.rng.random() < 0.2:
            user = self.digits(self.rng.choice([8, 9, 10]))  # QQ-number mailbox
        return Piece(f"{user}@{self.rng.choice(EMAIL_DOMAINS)}", "EMAIL_ADDRESS", "email")

    def ip(self) -> Piece:
        if self.rng.random() < 0.1:
            groups = [self.rng.choice(["2409", "240e", "2408"]), f"{self.rng.randrange(16**4):x}",
                      f"{self.rng.randrange(16**3):x}", f"{self.rng.randrange(16**4):x}"]
            return Piece(":".join(groups) + f"::{self.rng.randrange(1, 16**2):x}", "IP_ADDRESS", "ip_v6")
        first = self.rng.choice([36, 39, 58, 60, 61, 101, 112, 115, 117, 122, 183, 218, 220, 222])
        if self.rng.random() < 0.15:
            return Piece(f"192.168.{self.rng.randrange(256)}.{self.rng.randrange(1, 255)}",
                         "IP_ADDRESS", "ip_private")
        parts = [first] + [self.rng.randrange(256) for _ in range(2)] + [self.rng.randrange(1, 255)]
        return Piece(".".join(map(str, parts)), "IP_ADDRESS", "ip_public")

    def address(self, scope: str = "any") -> Piece:
        r = self.rng
        n = r.randrange(1, 400)
        bld, unit = r.randrange(1, 40), r.randrange(1, 4)
        room = r.choice([1, 2, 3, 5, 6, 8, 11, 15]) * 100 + r.randrange(1, 5)
        if scope == "other" or (scope == "any" and r.random() < 0.35):
            prov, city, dist, sub = r.choice(CHINA_PLACES)
            road = r.choice(ROADS)
            form = r.choice(["full", "no_province", "lane", "village"] if "县" in dist else
                            ["full", "no_province", "lane", "compound_yard"])
            if form == "no_province" and not city:  # municipality: province == city
                form = "full"
            head = city + dist if form == "no_province" else prov + city + dist
            if form == "village" or sub.endswith("镇"):
                tail = f"{sub}{r.choice(['新民村', '红星村', '李庄村', '陈家湾村'])}{r.randrange(1, 12)}组{n}号"
                form = "village"
            elif form == "lane":
                tail = f"{sub}{road}{r.randrange(1, 900)}弄{r.randrange(1, 60)}号{room}室"
            elif form == "compound_yard":
                tail = f"{road}{n}号院{bld}号楼{unit}单元{room}"
            else:
                tail = f"{sub}{road}{n}号{bld}栋{room}室"
            return Piece(head + tail, "ADDRESS", f"addr_china_{form}")
        form = r.choices(["full", "city", "district", "estate", "town_village", "road_only",
                          "estate_hyphen", "cn_numeral"], [23, 18, 18, 13, 9, 9, 5, 5])[0]
        if form == "estate_hyphen":
            return Piece(f"海曙区{r.choice(ESTATES)}{bld}-{unit}-{room}", "ADDRESS", "addr_nb_estate_hyphen")
        if form == "cn_numeral":
            street = r.choice(list(HAISHU_STREETS))
            cn = cn_number(n)
            return Piece(f"宁波市海曙区{street}{r.choice(HAISHU_STREETS[street])}{cn}号", "ADDRESS",
                         "addr_nb_cn_numeral")
        if form == "town_village":
            town = r.choice(list(HAISHU_TOWNS))
            tail = f"{town}{r.choice(HAISHU_TOWNS[town])}{r.randrange(1, 300)}号"
            head = r.choice(["浙江省宁波市海曙区", "宁波市海曙区", "海曙区"])
            return Piece(head + tail, "ADDRESS", "addr_nb_village")
        street = r.choice(list(HAISHU_STREETS))
        road = r.choice(HAISHU_STREETS[street])
        if form == "estate":
            text = f"海曙区{street}{r.choice(ESTATES)}{bld}幢{unit}单元{room}室"
        elif form == "road_only":
            text = f"{road}{n}号{r.choice(['', f'{bld}幢{room}室', f'{room}室'])}"
        else:
            head = {"full": "浙江省宁波市海曙区", "city": "宁波市海曙区", "district": "海曙区"}[form]
            text = f"{head}{street}{road}{n}号{bld}幢{room}室"
        return Piece(text, "ADDRESS", f"addr_nb_{form}")

    # -- hard negatives
    def bad_id(self) -> Piece:
        def make() -> str:
            body = self.rng.choice(REGION_CODES) + self.date().strftime("%Y%m%d") + self.digits(3)
            if self.rng.random() < 0.5:  # valid date, wrong check digit
                good = id_check(body)
                return body + self.rng.choice([d for d in "0123456789" if d != good])
            body = body[:10] + self.rng.choice(["13", "00", "19"]) + body[12:]  # bad month, valid check
            return body + id_check(body)
        return Piece(self.non_luhn(make), NEG, "id_bad_checksum_or_date")

    def fake_phone(self) -> Piece:
        return Piece(self.rng.choice(["10", "11", "12"]) + self.digits(9), NEG, "11digit_wrong_prefix")

    def neg(self, kind: str, arg: str | None) -> Piece:
        r, t = self.rng, self.recent()
        if kind == "w":
            return Piece(arg or "", NEG, "surname_initial_word")
        table: dict[str, Callable[[], tuple[str, str]]] = {
            "wo": lambda: (r.choice(["", "", "GD"]) + t.strftime("%Y%m%d") + self.digits(5), "work_order_no"),
            "date": lambda: (r.choice([t.strftime("%Y%m%d"), t.strftime("%Y-%m-%d"),
                                       f"{t.year}年{t.month}月{t.day}日", t.strftime("%Y/%m/%d %H:%M"),
                                       t.strftime("%Y.%m.%d")]), "date"),
            "amount": lambda: (r.choice([f"{r.randrange(100, 99999):,}.{r.randrange(100):02d}元",
                                         f"{r.randrange(200, 20000)}元", f"￥{r.randrange(1000, 90000):,}.00",
                                         f"人民币{r.randrange(10000, 999999)}元",
                                         f"{r.randrange(1, 300)}.{r.randrange(10)}万元"]), "amount"),
            "invoice": lambda: (r.choice([
                f"发票代码{r.choice(['0330', '0332'])}{self.digits(8)}，发票号码{self.digits(8)}",
                f"全电发票号码{r.choice(['24', '25', '26'])}33{self.digits(16)}"]), "invoice_no"),
            "policy": lambda: (f"{r.choice(['PDAA', 'PZAN', 'AHAN'])}{t.year}3302{self.digits(8)}",
                               "policy_no"),
            "longno": lambda: (self.non_luhn(lambda: f"{t.year}3302{self.digits(r.randrange(8, 12))}"),
                               "long_case_no_non_luhn"),
            "service": lambda: (r.choice(["12345", "96345", "95598", "12315", "110", "0574-12345",
                                          f"400-8{self.digits(2)}-{self.digits(4)}"]), "service_number"),
            "timestamp": lambda: (t.strftime("%Y%m%d%H%M%S"), "timestamp_14digit"),
            "postcode": lambda: (r.choice(["315000", "315010", "315012", "315100", "315175"]), "postcode"),
            "street": lambda: (r.choice(NEG_STREETS), "street_or_district_alone"),
            "org": lambda: (r.choice(NEG_ORGS), "government_org"),
            "company": lambda: (r.choice(NEG_COMPANIES), "company_name"),
            "place": lambda: (r.choice(NEG_PLACES), "place_name"),
            "express": lambda: (r.choice(["SF14", "YT75", "JT00", "ZTO7"]) + self.digits(11), "express_no"),
            "version": lambda: (f"V{r.randrange(1, 9)}.{r.randrange(10)}.{r.randrange(20)}."
                                f"{r.randrange(1, 40)}", "version_number"),
            "project": lambda: (r.choice("GHE") + str(t.year) + self.digits(4), "project_code_like_passport"),
            "property": lambda: (f"浙（{t.year}）宁波市（海曙）不动产权第{self.digits(7)}号", "property_cert_no"),
            "social_org": lambda: (f"海曙区{r.choice(['南门', '鼓楼', '白云'])}街道"
                                   f"{r.choice(['柳锦', '尹江', '苍松'])}社区居民委员会", "government_org"),
        }
        text, tag = table[kind]()
        return Piece(text, NEG, tag)

    # -- dispatcher
    def fill(self, slot: str, arg: str | None) -> list[Piece]:
        """Fill one template slot (a slot may expand to plain text around a labelled piece)."""
        if slot in ("name", "pname", "rname", "namev"):
            if slot == "pname" and self.person:
                text, form = self.person, self.person_form
            else:
                text, form = self.name()
            if slot == "rname":  # random role word before the name
                role = self.rng.choice(ROLE_WORDS)
                return [Piece(role, None, ""), Piece(text, "PERSON", f"after_role,{form},role={role}")]
            if slot == "namev":  # random speech/action verb after the name
                verb = self.rng.choice(NAME_VERBS)
                return [Piece(text, "PERSON", f"before_verb,{form},verb={verb}"), Piece(verb, None, "")]
            if arg == "structured" and len(text) == 2 and self.rng.random() < 0.15:
                return [Piece(text[0] + "\u3000" + text[1], "PERSON", f"structured_padded,{form}")]
            return [Piece(text, "PERSON", f"{arg or 'no_ctx'},{form}")]
        simple = {"id": self.resident_id, "id15": self.resident_id15, "mobile": self.mobile,
                  "landline": self.landline, "phone": self.phone, "uscc": self.uscc,
                  "card": self.bank_card, "plate": self.plate, "passport": self.passport,
                  "permit": self.permit, "email": self.email, "ip": self.ip,
                  "badid": self.bad_id, "fakephone": self.fake_phone}
        if slot in simple:
            return [simple[slot]()]
        if slot == "addr":
            return [self.address(arg or "any")]
        if slot == "age":
            return [Piece(str(self.rng.randrange(22, 92)), None, "")]
        return [self.neg(slot, arg)]


SLOT = re.compile(r"\{(\w+)(?::([^}]*))?\}")


def render(template: str, gen: Gen) -> tuple[str, list[Piece], list[tuple[int, int]]]:
    """Fill a template; return the text and the non-plain pieces with their (start, end)."""
    out: list[str] = []
    pieces: list[Piece] = []
    spans: list[tuple[int, int]] = []
    pos = cursor = 0
    for m in SLOT.finditer(template):
        literal = template[cursor:m.start()]
        out.append(literal)
        pos += len(literal)
        for piece in gen.fill(m.group(1), m.group(2)):
            if piece.entity_type:
                pieces.append(piece)
                spans.append((pos, pos + len(piece.text)))
            out.append(piece.text)
            pos += len(piece.text)
        cursor = m.end()
    out.append(template[cursor:])
    return "".join(out), pieces, spans


# --------------------------------------------------------------------------- templates
# Context tags for names: after_ctx (市民/来电人/联系人 before it), sentence_start, before_说 /
# before_称 / before_表示 / before_反映, no_ctx, list, after_kinship, honorific, signature,
# adjacent_phone; {rname} / {namev} draw a random role word before / verb after the name.
COMPLAINT = [  # 12345 hotline
    "市民{pname:after_ctx}来电反映：其居住的{addr}楼上住户长期在{w:周末}装修，噪音扰民，希望相关部门尽快处理。",
    "{pname:sentence_start}来电称，{date}在{place}附近停放的车辆{plate}被剐蹭，对方驾车逃逸，请求调取监控。",
    "来电人反映{addr}楼道内有人私自{w:张贴}小广告，物业不作为。来电人{pname:after_ctx}，回电号码{phone}。",
    "{pname:before_说}说自己在培训机构预付学费{amount}，机构已关门，要求退费。机构统一社会信用代码{uscc}，退款请打入本人银行卡{card}。",
    "诉求人反映：{street}附近{w:马路}边的路灯已坏一个多月，晚上出行不便，希望尽快维修。诉求人未留姓名，联系电话{mobile}。",
    "来电人{pname:after_ctx}（身份证号{id}）反映其医保个人账户余额显示异常，{w:金额}与实际不符，原工单编号{wo}。",
    "反映人称其母亲{name:after_kinship}于{date}在{addr}家中摔倒，网格员未及时上门，希望加强独居老人关爱。",
    "{pname:before_表示}表示，楼下餐饮店油烟直排，{w:严重}影响生活，已多次拨打{service}未果。",
    "来电：{addr}出租房内住了十几个人，疑似群租，存在安全隐患，请核实。来电人要求匿名，电话{mobile}。",
    "市民反映{date}办理的居住证至今未拿到，受理回执号{fakephone}。本人{pname:after_ctx}，手机{mobile}。",
    "咨询：外地户籍人员{pname:after_ctx}（身份证{id}）想在海曙区办理灵活就业参保，需要哪些材料？请回电{phone}。",
    "{pname:sentence_start}反映其车辆{plate}在{street}停车场被重复收费{amount}，{invoice}。",
    "来电人称快递{express}丢失，快递公司互相推诿。收件地址{addr}，收件人{pname:after_ctx}，电话{mobile}。",
    "投诉{company}拖欠工资，涉及工人{name:list}、{name:list}、{name:list}等十余人，共计{amount}。",
    "来电反映小区门口{w:黄金}回收店夜间经营噪音扰民，位置在{street}菜场对面。来电号码{mobile}。",
    "{pname:before_称}称{w:周末}在{place}游玩时手机被盗，已向派出所报案，希望加快侦办进度，联系方式{mobile}。",
    "来电人{pname:after_ctx}反映，本人在{company}工作三年，公司未缴社保。其电子邮箱{email}，可接收材料。",
    "市民称{w:高兴}地去办事却被告知系统故障，{org}窗口排队两小时，体验很差。回访请打{landline}。",
    "诉求：{addr}门前的排水沟堵塞，{w:白天}臭味很大。联系人：{pname:after_ctx}，{phone}。",
    "来电反映{company}在{street}违规占道经营。来电人不愿透露姓名，号码{mobile}，工单{wo}。",
    "与{name:no_ctx}同住的邻居反映，{addr}楼顶违章搭建，已持续{w:常年}未拆除。",
    "来电人{pname:after_ctx}要求查询其在{date}办理的不动产证书进度，证号{property}。",
    "{pname:before_反映}反映在{place}买到过期食品，商家拒绝赔偿，购物小票金额{amount}，要求市场监管部门处理。",
    "市民{pname:honorific}女士来电，称其孩子就读学校收取不合理费用{amount}，要求{org}核查，电话{mobile}。",
    "{rname}反映{addr}附近{w:高楼}外墙瓷砖脱落，{w:周边}居民出行有风险，请尽快排查。",
    "{namev}，{w:万一}小区{w:车位}被占用，物业应当及时处理，并提供联系电话{mobile}。",
    "来电人称{w:银行}工作人员态度差，{w:余额}查询需要排队一小时。来电人{rname}，{phone}。",
    "{rname}来电，称{date}在{w:高速}服务区遗失钱包，{w:包括}身份证{id}在内的证件都在里面。",
    "{rname}{mobile}来电反映{street}{w:向东}方向的红绿灯{w:白天}不亮。",
    "12345热线转办：{rname}诉{company}在{street}施工，{w:安全}措施不到位，{w:许多}居民有意见。",
]
PETITION = [  # 信访
    "尊敬的领导：\n我叫{pname:after_ctx}，身份证号码{id}，家住{addr}。{w:关于}{date}房屋征收补偿一事，"
    "补偿标准明显偏低，恳请领导主持公道。\n此致\n敬礼\n信访人：{pname:after_ctx}\n{date}",
    "信访人{pname:after_ctx}，{age}岁，住{addr}，联系电话{phone}。信访事项：与邻居{name:no_ctx}因宅基地边界发生纠纷，村委会调解未果。",
    "来信人{pname:after_ctx}称，其父{name:after_kinship}生前在{company}工作，单位未足额缴纳养老保险，要求补缴。附身份证复印件（{id15}）。",
    "{pname:sentence_start}等五人联名来信，反映{street}一带夜间大货车通行噪音大，要求限行。来信人联系方式{mobile}，电子邮箱{email}。",
    "信访人{pname:after_ctx}反映，本人持往来港澳通行证{permit}，办理居住证时被要求提供不必要的证明材料。",
    "{pname:before_称}称其身份信息被冒用注册公司（统一社会信用代码{uscc}），要求撤销登记。本人身份证号{id}。",
    "网上信访件（提交IP：{ip}）：反映{social_org}换届选举程序不规范，投票{w:程序}存在问题。信访人{pname:after_ctx}。",
    "来访人{pname:after_ctx}及其代理律师{name:after_ctx}到{org}，反映工伤认定结论有误，要求重新认定。代理人电话{landline}。",
    "信访事项：{name:sentence_start}与{name:no_ctx}系夫妻，二人于{date}离婚，现因子女抚养费问题多次上访。",
    "我是{addr}的居民{pname:after_ctx}，小区电梯多次困人，物业{company}拒不维修。我的手机是{mobile}，希望给个答复。\n{pname:signature}",
    "来信反映{w:王府井}百货{place}分店预付卡无法使用，涉及金额{amount}。来信人{pname:after_ctx}，护照号{passport}（长期在国外）。",
    "信访人{pname:after_ctx}反映其儿子{name:after_kinship}在校被欺凌，学校处理不当。联系地址{addr}，电话{phone}。",
    "{pname:before_表示}表示已于{date}通过{service}反映过同一问题，工单号{wo}，至今未得到实质性答复，故来信。",
    "重复信访：信访人{pname:after_ctx}（身份证{id}）仍就拆迁安置问题来访，诉求与{date}件相同。",
    "{rname}来信称，{w:关于}其承包的{w:林地}被征用一事，{w:何时}能拿到补偿款{amount}？联系地址：{addr}。",
    "来信摘要：{namev}，{date}曾到{org}反映问题，接待人员{name:no_ctx}答应一周内答复，至今无果。",
    "{rname}、{rname}二人联名反映，{w:江边}绿道被{company}圈占，要求恢复。",
    "{name:sentence_start}，{age}岁，{addr:other}人，现居{addr:nb}，反映其在{w:高新}区务工被拖欠工资。",
]
VISIT = [  # 社区走访
    "走访{addr:nb}独居老人{pname:after_ctx}，老人身体状况良好，其子{name:after_kinship}（{mobile}）每逢{w:周末}回家探望。",
    "网格员{name:after_ctx}入户走访{addr:nb}，发现住户燃气软管老化，已提醒更换。",
    "{date}，社区工作人员与{name:no_ctx}一同上门核实低保家庭收入。户主{pname:after_ctx}，身份证{id}，补助发放账户{card}。",
    "走访记录：{pname:sentence_start}对社区的助餐服务很满意，{w:高兴}地说饭菜合口味。",
    "登记外来务工人员{pname:after_ctx}，暂住{addr:nb}，原籍{addr:other}，联系电话{mobile}。",
    "疫苗接种随访：{pname:sentence_start}已完成第三针接种，电话{landline}回访无人接听。",
    "入户核查出租房：房东{pname:after_ctx}，电话{mobile}；承租人{name:after_ctx}，身份证号{id}，车辆{plate}停放在小区内。",
    "{pname:before_说}说家里老人{name:no_ctx}最近记性不好，希望社区帮忙申请居家养老服务。",
    "走访困难家庭：{pname:after_ctx}一家三口居住在{addr}，丈夫{name:after_kinship}因病失业，已协助申请临时救助{amount}。",
    "反诈宣传入户：提醒{name:no_ctx}、{name:no_ctx}等老人不要向陌生账户转账，留存联系电话{phone}。",
    "归国人员{pname:after_ctx}回国后在{street}居住，出示护照{passport}，已登记。",
    "港澳居民{pname:after_ctx}持回乡证{permit}，租住{addr}，已纳入流动人口管理。",
    "社区志愿者{name:after_ctx}反馈，{addr}门口堆放杂物影响消防通道，已联系住户清理。",
    "上门走访{rname}，了解到其家中{w:常住}人口三人，{w:计划}下月申请公租房。",
    "{namev}，家中{w:毛坯}房渗水，希望社区协调{w:方案}。联系人{pname:after_ctx}{mobile}。",
    "今日走访对象：{name:list}（{addr}）、{name:list}（{addr}）。两户均为独居老人，情况稳定。",
    "为{rname}办理居住证登记，身份证号{id}，暂住{addr:nb}，{w:安装}了智能门磁。",
]
ENTERPRISE = [  # 企业登记
    "企业名称：{company}；统一社会信用代码：{uscc}；法定代表人：{pname:after_ctx}；身份证号：{id}；住所：{addr}。",
    "变更登记：法定代表人由{name:no_ctx}变更为{pname:no_ctx}，联系电话{phone}，邮箱{email}。",
    "经营场所{addr}，注册资本{amount}，股东{pname:after_ctx}持有护照{passport}，已核验原件。",
    "企业年报：联系电话{landline}，电子邮箱{email}，网站服务器IP {ip}，从业人数12人。",
    "个体工商户{pname:after_ctx}申请注销，统一社会信用代码{uscc}，经营者手机{mobile}，发票已缴销（{invoice}）。",
    "股东会决议：{name:list}、{name:list}、{name:list}分别出资，{pname:before_表示}同意修改章程。",
    "设立登记材料齐全，{pname:sentence_start}为经办人，联系电话{mobile}，营业执照统一社会信用代码{uscc}。",
    "港澳投资者{pname:after_ctx}，港澳居民来往内地通行证{permit}，投资设立{company}，注册地址{addr}。",
    "企业银行基本户{card}，开户人{pname:after_ctx}，对公业务联系人电话{landline}。",
    "名称自主申报：拟用名称{company}，申请人{pname:after_ctx}，申报系统版本{version}，项目编号{project}。",
    "{pname:before_称}称公司地址{addr}已变更，要求更新登记，统一社会信用代码{uscc}。",
    "{rname}提交股权转让材料，受让方{name:no_ctx}（身份证{id}），转让{w:金额}{amount}，{w:成本}价转让。",
    "企业联络员{name:after_ctx}{mobile}，{w:文明}经营承诺书已签署。",
]
FOLLOWUP = [  # 工单回访 (channel text) and 办理情况 column
    "{date}回访：已联系{pname:after_ctx}，其对处理结果表示满意。",
    "承办单位：{org}；承办人：{name:after_ctx}，电话{landline}。已于{date}现场核实。",
    "电话{mobile}回访无人接听，按规定办结。",
    "{pname:before_说}说问题已经解决，但希望以后{w:马上}处理类似问题，不要拖到{w:周末}。",
    "经{org}调查，情况属实，已责令{company}整改，罚款{amount}。",
    "回访结果：不满意。{pname:before_称}称至今无人上门，要求重新派单，原工单{wo}。",
    "已转{org}办理，办理时限{date}。",
    "与{pname:no_ctx}电话沟通，解释了相关政策，对方表示理解。",
    "现场查看{addr}，未发现群租现象，已向来电人反馈。",
    "工单{wo}已办结，{w:张贴}整改通知一份，附照片两张。",
    "协调{company}退还费用{amount}，款项已打入{pname:no_ctx}的银行卡{card}。",
    "{name:sentence_start}（{org}）与诉求人当面沟通，诉求人{w:高兴}地接受了处理方案。",
    "处理情况：经核实，来电人{pname:after_ctx}所述车辆{plate}确被误收费，已退款。",
    "系统显示诉求人于{date}通过IP {ip}在线评价，评价为满意。",
    "经办人{name:after_ctx}，审核人{name:after_ctx}，办结日期{date}。",
    "按{org}意见答复诉求人，答复邮件已发送至{email}。",
    "{w:关于}该问题，{street}已纳入{date}的整治计划，{w:黄金}周前完成。",
    "已电话联系{rname}，告知处理进度，对方{w:同意}延期办结。",
    "{namev}，对处理结果基本认可，{w:希望}加强后续监管。回访时间{timestamp}。",
    "{w:向阳}社区已{w:安排}人员上门，{w:程序}合规，已告知{rname}。",
]
REMARK = [  # 备注 column (mostly hard negatives, some PII)
    "工单号{wo}", "重复件，同{wo}", "附{invoice}，金额{amount}", "车牌{plate}",
    "已核对身份证{badid}，号码有误，请诉求人重新提供", "银行卡{card}", "邮箱{email}",
    "登录IP {ip}", "保单号{policy}", "不动产权证号{property}", "来电号码{service}",
    "邮编{postcode}", "案件编号{longno}", "快递单号{express}", "受理日期{date}",
    "", "", "", "同{name:no_ctx}诉求合并办理", "{name:sentence_start}再次来电催办",
    "客户端版本{version}", "护照{passport}", "通行证{permit}", "项目编号{project}",
    "回执号{fakephone}", "补贴{amount}已于{date}发放", "{w:周末}不安排上门", "涉及{company}",
    "备用电话{phone}", "{w:张贴}公告于{place}", "系统流水号{timestamp}", "联系人{name:adjacent_phone}{mobile}",
    "{w:钱款}已退回", "{w:毛坯}交付，{w:石材}外立面", "{namev}", "由{rname}签收",
]
CHANNELS = {"12345热线": COMPLAINT, "信访": PETITION, "社区走访": VISIT, "企业登记": ENTERPRISE,
            "工单回访": FOLLOWUP}
COLUMNS = ["工单编号", "受理时间", "渠道", "姓名", "联系电话", "身份证号", "地址", "诉求内容",
           "办理情况", "备注"]


def build_row(gen: Gen) -> tuple[dict[str, str], list[tuple[str, Piece, int, int]]]:
    """One record: cell texts and (column, piece, start, end) for every labelled/negative span."""
    r = gen.rng
    gen.person, gen.person_form = gen.name()
    channel = r.choice(list(CHANNELS))
    templates: dict[str, str] = {
        "工单编号": "{wo}", "受理时间": "{date}",
        "姓名": r.choices(["{pname:structured}", "匿名", ""], [85, 8, 7])[0],
        "联系电话": r.choices(["{mobile}", "{landline}", "{mobile}/{landline}", "{fakephone}", ""],
                          [70, 15, 7, 3, 5])[0],
        "身份证号": r.choices(["{id}", "{id15}", "{badid}", ""], [45, 4, 4, 47])[0],
        "地址": r.choices(["{addr}", "{street}", ""], [72, 6, 22])[0],
        "诉求内容": r.choice(CHANNELS[channel]),
        "办理情况": r.choice(FOLLOWUP),
        "备注": r.choice(REMARK),
    }
    cells: dict[str, str] = {"渠道": channel}
    spans: list[tuple[str, Piece, int, int]] = []
    for col in COLUMNS:
        if col == "渠道":
            continue
        text, pieces, offsets = render(templates[col], gen)
        cells[col] = text
        spans += [(col, p, s, e) for p, (s, e) in zip(pieces, offsets)]
    return cells, spans


def main() -> None:
    """Generate corpus.csv, labels.jsonl and negatives.jsonl deterministically."""
    gen = Gen(SEED)
    labels: list[dict[str, object]] = []
    negatives: list[dict[str, object]] = []
    with open(OUT_DIR / "corpus.csv", "w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=COLUMNS)
        writer.writeheader()
        for row in range(N_ROWS):
            cells, spans = build_row(gen)
            writer.writerow(cells)
            for col, piece, start, end in spans:
                assert cells[col][start:end] == piece.text
                rec = {"row": row, "column": col, "start": start, "end": end}
                if piece.entity_type == NEG:
                    negatives.append(rec | {"kind": piece.tag})
                else:
                    labels.append(rec | {"entity_type": piece.entity_type, "variant": piece.tag})
    for name, recs in (("labels.jsonl", labels), ("negatives.jsonl", negatives)):
        (OUT_DIR / name).write_text("".join(json.dumps(x, ensure_ascii=False) + "\n" for x in recs),
                                    encoding="utf-8")
    print(f"{N_ROWS} rows, {len(labels)} labels, {len(negatives)} planted negatives -> {OUT_DIR}")


if __name__ == "__main__":
    main()
