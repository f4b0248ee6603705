"""Addresses as people write them (issue 11 item 2).

The forms come from public text: the issue's own examples, and the shapes of delivery addresses
in the public labelled corpus of Li & Lu, "Neural Chinese Address Parsing" (NAACL 2019,
github.com/leodotnet/neural-chinese-address-parsing): house numbers without 号, rooms after
building, hotel and market names, letters in numbers, hyphenated building-entrance-room. House
and room numbers are changed; estate and road names are kept as the forms' context.
"""

from __future__ import annotations

import pytest


def addresses(scanner, text: str) -> list[str]:
    return [text[s.start : s.end] for s in scanner.scan(text) if s.entity.value == "ADDRESS"]


@pytest.mark.parametrize(
    "text, address",
    [
        # the forms
        ("杭州丁桥辰秀嘉苑12幢1单元", "杭州丁桥辰秀嘉苑12幢1单元"),
        ("永福路泽源居7楼", "永福路泽源居7楼"),
        ("9号楼1单元13楼166号", "9号楼1单元13楼166号"),
        ("台北市南京东路3段248号", "台北市南京东路3段248号"),
        # a number with no unit after a road, a village, an estate, a building or a unit
        ("浙江省温州市鹿城区侨中巷31", "浙江省温州市鹿城区侨中巷31"),
        ("温州市永嘉县瓯北镇王家坞村153", "温州市永嘉县瓯北镇王家坞村153"),
        ("吉林省长春市朝阳区长飞小区826", "吉林省长春市朝阳区长飞小区826"),
        ("潍城区和平路泰恒国际大酒店1424", "潍城区和平路泰恒国际大酒店1424"),
        ("浙江省杭州市余杭区擎天半岛7幢3593", "浙江省杭州市余杭区擎天半岛7幢3593"),
        ("金华永胜小区150栋7单元1196", "金华永胜小区150栋7单元1196"),
        ("宁波宁波市海曙区世贸中心6978-3", "宁波宁波市海曙区世贸中心6978-3"),
        # a floor and a room after a building name, letters in numbers
        ("浙江省杭州市西湖区学院路208号后六楼325", "浙江省杭州市西湖区学院路208号后六楼325"),
        ("浙江省宁波市海曙区百丈路119号新灵宾馆8748", "浙江省宁波市海曙区百丈路119号新灵宾馆8748"),
        ("高新区凌云路2309号东环钢贸城B562", "高新区凌云路2309号东环钢贸城B562"),
        ("金华义乌市城北路M515号", "金华义乌市城北路M515号"),
        ("浙江杭州西湖区益乐路116号蓝海时代国际大厦10号楼15层", "浙江杭州西湖区益乐路116号蓝海时代国际大厦10号楼15层"),
        ("西园2路16号8号楼580室", "西园2路16号8号楼580室"),
        # building-entrance-room without a road
        ("良渚文化村白鹭郡南61-3-1445", "良渚文化村白鹭郡南61-3-1445"),
        ("北岸琴森164幢12单元1551室", "164幢12单元1551室"),
        # in running text
        ("来电人称其家住镇明路12号，楼上漏水", "镇明路12号"),
        ("镇明路12号门口垃圾无人清理", "镇明路12号"),
        ("居民反映阳光花园小区5幢3单元楼道灯不亮", "阳光花园小区5幢3单元"),
    ],
)
def test_address_forms(scanner, text, address):
    assert addresses(scanner, text) == [address]


@pytest.mark.parametrize(
    "text",
    [
        "2024年3月12日上午10点在区政府3楼会议室召开会议",
        "乘坐5路公交车到中山路口下车",
        "沿中山路300米右转",
        "社区组织60岁以上老人体检",
        "本期工程投资1200万元",
        "区人民医院120急救车",
        "海曙区12345热线",
        "服务热线：400-123-4567",
        "商场5楼",
        "镇政府2楼",
        "小区有120户居民",
        "鼓楼街道辖区内路灯不亮",
        "海曙区南门街道",
        "海曙区人民法院3号法庭",
        "市民中心3楼办事大厅",
        "地铁2号线鼓楼站1号出口",
        "审核人签字，办结日期2026-06-22。",
        "办结日期2026/11/03",
    ],
)
def test_not_addresses(scanner, text):
    assert addresses(scanner, text) == []


def test_a_division_or_road_alone_stays(scanner):
    # By design: street level is exactly what the policies generalise addresses to.
    assert addresses(scanner, "宁波市海曙区鼓楼街道中山西路") == []
