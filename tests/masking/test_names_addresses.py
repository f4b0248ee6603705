"""Names, addresses and number formats the first recognisers missed (patterns from an independent
evaluation; every string here is written for these tests, none is taken from that corpus)."""

from __future__ import annotations

import pytest

from standards.checksums import resident_id_valid, uscc_valid
from tests.masking.conftest import make_id


def spans(scanner, text: str, entity: str, header: str = "") -> list[str]:
    return [text[s.start : s.end] for s in scanner.scan(text, scanner.header(header)) if s.entity.value == entity]


def names(scanner, text: str, header: str = "") -> list[str]:
    return spans(scanner, text, "PERSON", header)


# ---- names: any role word before, any verb after, no trigger at all ----


@pytest.mark.parametrize(
    "text, name",
    [
        ("复核人韩立新，办结日期2024年5月8日", "韩立新"),
        ("信访人陆佳琪，66岁，反映楼道堆物", "陆佳琪"),
        ("信访人：谢文涛", "谢文涛"),
        ("情况属实。信访人孔令伟。", "孔令伟"),
        ("来访人宋佳怡称已多次反映", "宋佳怡"),
        ("诉求人邵建平要求退还押金", "邵建平"),
        ("股东钱文斌持股40%", "钱文斌"),
        ("楼长梁秀珍带领居民清理", "梁秀珍"),
        ("委托代理人龚海峰到场", "龚海峰"),
        ("代理律师郑宇航提交材料", "郑宇航"),
        ("外资投资者何嘉欣咨询登记", "何嘉欣"),
        ("留学归国人员蔡志远回国后", "蔡志远"),
        ("外来务工人员罗建新讨薪", "罗建新"),
        ("户籍人员谭丽君已迁出", "谭丽君"),
        ("受让方汪晓明已付清款项", "汪晓明"),
        ("其父林建国陪同前来", "林建国"),
        ("其子林浩然在外地工作", "林浩然"),
        ("社区网格长黄志勇上门走访", "黄志勇"),
    ],
)
def test_name_after_any_role_word(scanner, text, name):
    assert name in names(scanner, text)


@pytest.mark.parametrize(
    "text, name",
    [
        ("温建平证实此事", "温建平"),
        ("钟秀兰同意调解方案", "钟秀兰"),
        ("贺文斌介绍了情况", "贺文斌"),
        ("孙秀梅补充说明门锁已坏", "孙秀梅"),
        ("邓建军签字确认", "邓建军"),
        ("薛晓峰解释说是误会", "薛晓峰"),
        ("潘立军拒绝签字", "潘立军"),
        ("尹明辉询问办理进度", "尹明辉"),
        ("严志强再次来电", "严志强"),
        ("傅宏伟承诺三日内整改", "傅宏伟"),
        ("顾晓燕告知物业已维修", "顾晓燕"),
        ("程建国坦言压力很大", "程建国"),
        ("柏文军（江北区市场监管局）到场", "柏文军"),
        ("葛建华等四人联名反映", "葛建华"),
        ("经查，姜晓丽为经办人", "姜晓丽"),
        ("苗志刚一家四口租住在此", "苗志刚"),
        ("康建平持有该车行驶证", "康建平"),
    ],
)
def test_name_before_any_verb(scanner, text, name):
    assert name in names(scanner, text)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("补贴已转入廖海燕的账户", ["廖海燕"]),
        ("押金已退还给王磊本人", ["王磊"]),
        ("回访：已联系邹文杰，其对结果满意", ["邹文杰"]),
        ("邻居田建华证明此事", ["田建华"]),
        ("同侯晓燕诉求一致", ["侯晓燕"]),
        ("工作人员与龚明辉沟通", ["龚明辉"]),
        ("随访：万丽娟已完成复查", ["万丽娟"]),
        ("低保家庭：雷志刚，家庭人口3人", ["雷志刚"]),
        ("法定代表人由卢国强变更为汤志伟", ["卢国强", "汤志伟"]),
        ("杨帆称公司已搬走", ["杨帆"]),
        ("走访记录：李娟对助餐服务满意", ["李娟"]),
        ("慰问对象：石凤英、胡桂兰、万秀珍等", ["石凤英", "胡桂兰", "万秀珍"]),
        ("工人宋刚、成龙、施强等十余人", ["宋刚", "成龙", "施强"]),
        ("恳请领导关注。\n周建华\n2024年6月3日", ["周建华"]),
        ("特此反映。\n反映人：刘晓梅\n2024年6月3日", ["刘晓梅"]),
        ("此致\n敬礼\n杨帆", ["杨帆"]),
    ],
)
def test_name_without_trigger_word(scanner, text, expected):
    assert names(scanner, text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("王飞入住后发现漏水", "王飞"),
        ("刘洋入住当天", "刘洋"),
        ("陈斌签收了告知书", "陈斌"),
        ("赵鹏持有该证", "赵鹏"),
        ("孙秀梅补充说明", "孙秀梅"),
        ("来电人租客欧阳明称", "欧阳明"),
        ("来电人房东司徒静称", "司徒静"),
    ],
)
def test_name_boundaries(scanner, text, expected):
    assert names(scanner, text) == [expected]


@pytest.mark.parametrize(
    "text, name",
    [
        ("来访人阿依努尔·吐尔逊反映", "阿依努尔·吐尔逊"),
        ("联系人：帕提古丽·买买提，电话", "帕提古丽·买买提"),
        ("市民次仁旺姆来电", "次仁旺姆"),
        ("经办人央金拉姆已受理", "央金拉姆"),
        ("信访人巴特尔，52岁", "巴特尔"),
    ],
)
def test_transliterated_names(scanner, text, name):
    assert names(scanner, text) == [name]


@pytest.mark.parametrize(
    "cell",
    ["萧红梅", "井建国", "洪丽", "司晓东", "但斌", "冶鸿", "班玉珍", "巫明", "呼斯乐", "那英", "居秀兰", "皮建军",
     "昝振华", "伏明霞", "赖文峰", "索朗", "强东", "揭晓燕", "王　芳", "李　强", "古丽米拉·艾山", "格桑卓玛"],
)
def test_name_column_cells(scanner, cell):
    assert names(scanner, cell, header="姓名") == [cell]
    assert scanner._names.is_whole_name(cell)


@pytest.mark.parametrize(
    "text",
    [
        "大家都很高兴地说饭菜可口",
        "请本人携带银行卡到窗口办理",
        "来电反映宁波华美餐饮管理有限公司拖欠工资",
        "宁波海曙金瑞贸易有限公司已整改",
        "李惠利医院门口停车难",
        "周末黄金价格上涨，禁止张贴小广告",
        "王府井步行街人流密集，马路上有坑",
        "江南水乡的林业与石油，这方面常用",
        "何时修好？安全第一，向来如此，于是又来电",
        "文化站开放时间",
        "翁家桥附近河道发黑",
    ],
)
def test_ordinary_words_are_not_names(scanner, text):
    assert names(scanner, text) == []


# ---- addresses ----


@pytest.mark.parametrize(
    "text, address",
    [
        ("江西省赣州市兴国县潋江镇长冈村3组28号", "江西省赣州市兴国县潋江镇长冈村3组28号"),
        ("户籍地：四川省南充市阆中市保宁镇白塔村7组5号。", "四川省南充市阆中市保宁镇白塔村7组5号"),
        ("走访对象：王伟（江北区庄桥花园5-1-301）", "江北区庄桥花园5-1-301"),
        ("现住海曙区南苑小区12-3-602", "海曙区南苑小区12-3-602"),
        ("住址为北京市朝阳区安苑路20号院3号楼2单元1101，", "北京市朝阳区安苑路20号院3号楼2单元1101"),
        ("工作人员现场查看镇明路35号，", "镇明路35号"),
        ("现场查看解放南路88号", "解放南路88号"),
        ("经核实解放南路88号", "解放南路88号"),
        ("城管执法人员检查县前街8号", "县前街8号"),
        ("家住金色水岸小区3幢201室", "金色水岸小区3幢201室"),
        ("原籍重庆市渝中区解放碑街道民族路88号", "重庆市渝中区解放碑街道民族路88号"),
        ("王伟一家三口居住在合肥市蜀山区长江西路120号。", "合肥市蜀山区长江西路120号"),
        ("反映南京市鼓楼区新鼓楼街道中山路5号噪音", "南京市鼓楼区新鼓楼街道中山路5号"),
    ],
)
def test_address_forms_and_starts(scanner, text, address):
    assert spans(scanner, text, "ADDRESS") == [address]


def test_address_cut_keeps_the_name_before_it(scanner):
    text = "王伟一家三口居住在合肥市蜀山区长江西路120号。"
    assert names(scanner, text) == ["王伟"]


@pytest.mark.parametrize("text", ["社区3-5岁儿童免费体检", "小区2-3人一组巡逻", "区政府5楼会议室"])
def test_numbers_in_places_are_not_addresses(scanner, text):
    assert spans(scanner, text, "ADDRESS") == []


# ---- numbers ----


@pytest.mark.parametrize("sep", [" ", "-"])
def test_resident_id_in_groups(scanner, sep):
    value = make_id(area="320102", born="19851230", seq="456")
    grouped = sep.join((value[:6], value[6:14], value[14:]))
    assert spans(scanner, grouped, "CN_RESIDENT_ID", header="身份证号") == [grouped]
    assert spans(scanner, f"证件号码：{grouped}。", "CN_RESIDENT_ID") == [grouped]


def test_invalid_id_in_id_column_is_not_a_credit_code(scanner):
    # 18 digits that fail the ID check but pass mod 31 (one string in 31 does).
    for n in range(10_000):
        value = f"33020319900101{n:04d}"
        if uscc_valid(value) and not resident_id_valid(value):
            break
    assert scanner.scan(value, scanner.header("身份证号")) == []


@pytest.mark.parametrize(
    "text, ip",
    [("登录IP：2408:8207:1850:2a0::1，时间", "2408:8207:1850:2a0::1"), ("IPv6:fe80::1", "fe80::1")],
)
def test_ipv6_after_a_colon(scanner, text, ip):
    assert spans(scanner, text, "IP_ADDRESS") == [ip]


@pytest.mark.parametrize(
    "text, number",
    [
        ("办公电话0574-87654321转8021", "0574-87654321转8021"),
        ("座机（0574）87654321 分机 123。", "（0574）87654321 分机 123"),
        ("电话010-62345678-201", "010-62345678-201"),
    ],
)
def test_landline_extension_in_span(scanner, text, number):
    assert spans(scanner, text, "CN_LANDLINE") == [number]


def test_same_clause_at_another_offset(scanner):
    # The name model caches decoded clauses; a cached clause must land at the new offsets.
    clause = "一二三四五六七八九十，市民王建国来电反映"
    for prefix in ("", "甲", "甲乙丙，"):
        text = prefix + clause
        assert names(scanner, text) == ["王建国"]
