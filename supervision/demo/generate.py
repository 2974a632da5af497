"""Deterministic demo market entities for Pudong (浦东新区, 310115), built from catalogue.json.

Pure functions, no database: the same seed always gives the same list. Each entity's business
scope (经营范围) is written from the catalogue's scope phrases, so the 双告知 items an entity needs
are exactly the catalogue items whose phrases appear in its scope; it holds permits for about
60% of the approval items it needs (the rest are 照后证前) and always for pre-registration items.
"""
from __future__ import annotations

import json
import random
from datetime import date, timedelta
from pathlib import Path

from stdnum.cn import uscc as _stdnum_uscc

CATALOGUE_PATH = Path(__file__).with_name("catalogue.json")

# The day the demo data describes: nothing is decided after it.
DEMO_TODAY = date(2026, 11, 23)
ESTABLISHED_FROM = date(2015, 1, 1)
ESTABLISHED_TO = date(2026, 11, 1)

USCC_ALPHABET = "0123456789ABCDEFGHJKLMNPQRTUWXY"
# Catalogue statuses under which a permit is still issued.
PERMIT_STATUSES = ("ACTIVE", "DELEGATED", "SEPARATED")
PERMIT_SHARE = 0.6

_TAIL_PERMITTED = "（依法须经批准的项目，经相关部门批准后方可开展经营活动，具体经营项目以相关部门批准文件或许可证件为准）"
_TAIL_GENERAL = "（除依法须经批准的项目外，凭营业执照依法自主开展经营活动）"
_TAIL_OLD = "【依法须经批准的项目，经相关部门批准后方可开展经营活动】"


def load_catalogue() -> dict:
    """The demo catalogue (departments and permit items), as written in catalogue.json."""
    return json.loads(CATALOGUE_PATH.read_text(encoding="utf-8"))


# ---------------------------------------------------------------------------------------------
# 统一社会信用代码 (GB 32100-2015)

def _org_check(body: str) -> str:
    """Check character of a 9-character organisation code (GB 11714-1997)."""
    weights = (3, 7, 9, 10, 5, 8, 4, 2)
    total = sum((int(c) if c.isdigit() else ord(c) - 55) * w for c, w in zip(body, weights))
    value = 11 - total % 11
    return "X" if value == 10 else "0" if value == 11 else str(value)


def make_uscc(rng: random.Random, region: str = "310115", authority: str = "9", kind: str = "1",
              *, org_prefix: str = "MA1") -> str:
    """A valid 18-character unified social credit code.

    Position 1 is the registering authority (9 市场监管, 1 机构编制, 5 民政, N 农业, Y 其他 …),
    position 2 the entity type under that authority (for 9: 1 企业, 2 个体工商户, 3 农民专业合作社),
    positions 3–8 the region, 9–17 the organisation code (codes issued since 2015 start with "MA")
    and 18 the check character.
    """
    if len(region) != 6 or not region.isdigit():
        raise ValueError(f"region must be 6 digits: {region!r}")
    if authority not in USCC_ALPHABET or kind not in USCC_ALPHABET:
        raise ValueError("authority and kind must be characters of the USCC alphabet")
    if any(c not in USCC_ALPHABET for c in org_prefix) or len(org_prefix) > 7:
        raise ValueError(f"bad organisation code prefix: {org_prefix!r}")
    body = org_prefix + "".join(rng.choice(USCC_ALPHABET) for _ in range(8 - len(org_prefix)))
    first17 = authority + kind + region + body + _org_check(body)
    return first17 + _stdnum_uscc.calc_check_digit(first17)


def _org_prefix(established: date) -> str:
    """Shanghai organisation-code series by year of establishment."""
    if established.year <= 2020:
        return "MA1"
    if established.year <= 2022:
        return "MA7"
    return {2023: "MAC", 2024: "MAD"}.get(established.year, "MAE")


# ---------------------------------------------------------------------------------------------
# Names, people, places

_TRADE_CHARS = (
    "鑫锦瑞华盛宏嘉泰恒源诚信德隆昌博弘卓越辰星浦江汇申翔悦和安康润丰禾立方启航璟澜涵峰岚晟煜琪睿"
    "钧铭凯熙沛淳谷茂森骏驰远拓云舟帆桥栋霖澄朗曜璞翊晨曦凡韵然致臻优众合亿联达通科创智新育欣"
)
_FOREIGN_SYLLABLES = ("艾", "博", "卡", "德", "菲", "格", "汉", "杰", "凯", "朗", "莫", "诺", "欧", "珀",
                      "瑞", "斯", "泰", "维", "沃", "雅", "泽", "伦", "森", "特", "纳", "柯", "迈", "蒙",
                      "达", "拉", "利", "芙", "恩", "奥", "普", "尔", "索", "希", "贝", "华")
_SURNAMES = ("王", "李", "张", "刘", "陈", "杨", "黄", "赵", "吴", "周", "徐", "孙", "马", "朱", "胡", "郭",
             "何", "林", "罗", "郑", "梁", "谢", "宋", "唐", "许", "韩", "冯", "邓", "曹", "彭", "曾", "肖",
             "董", "袁", "潘", "蒋", "蔡", "余", "杜", "叶", "程", "苏", "魏", "吕", "丁", "沈", "姚", "陆",
             "顾", "钱", "严", "金", "施", "倪", "费", "薛", "汪", "范", "龚", "卢", "傅", "瞿", "浦", "奚")
_GIVEN = ("伟", "芳", "娜", "敏", "静", "丽", "强", "磊", "军", "洋", "勇", "艳", "杰", "娟", "涛", "明",
          "超", "秀英", "霞", "平", "刚", "桂英", "建华", "建国", "文", "华", "红", "玲", "斌", "宇", "浩",
          "凯", "鹏", "晨", "欣怡", "梓涵", "子轩", "雨桐", "佳怡", "俊杰", "志强", "晓峰", "海燕", "慧",
          "琳", "婷", "蕾", "颖", "倩", "悦", "嘉怡", "思远", "文杰", "国庆", "卫东", "春华", "雪梅", "建平",
          "永康", "一鸣", "天宇", "佳琪", "晓雯", "立新", "振华", "亦凡", "梦洁", "翔", "骏", "峰", "岚")

# area -> (town prefix written in the address or "", free-trade-zone prefix or "", roads (name, lo, hi))
_AREAS = {
    "张江": ("", "中国（上海）自由贸易试验区", (("张江路", 1, 1600), ("祖冲之路", 200, 2400), ("碧波路", 500, 900),
            ("蔡伦路", 100, 1200), ("高斯路", 100, 600), ("科苑路", 100, 1500), ("晨晖路", 1, 1500),
            ("盛夏路", 500, 700), ("金科路", 2400, 4000), ("哈雷路", 800, 1000), ("李冰路", 60, 600))),
    "陆家嘴": ("", "中国（上海）自由贸易试验区", (("陆家嘴环路", 1, 1500), ("世纪大道", 1, 1600), ("银城中路", 1, 600),
             ("东方路", 1, 1000), ("浦东南路", 300, 1500), ("福山路", 200, 500), ("崂山路", 100, 700),
             ("商城路", 500, 1200), ("浦电路", 1, 500))),
    "花木": ("", "", (("世纪大道", 1600, 2200), ("芳甸路", 1, 1200), ("锦绣路", 1, 2000), ("丁香路", 500, 1500),
            ("樱花路", 1, 900), ("梅花路", 1, 1200), ("龙阳路", 1800, 2700))),
    "金桥": ("", "中国（上海）自由贸易试验区", (("金桥路", 1, 1500), ("新金桥路", 1, 2000), ("金海路", 1, 3000),
            ("川桥路", 500, 1500), ("宁桥路", 500, 1000), ("金穗路", 500, 2000), ("金高路", 1, 2000),
            ("云桥路", 1, 1500))),
    "外高桥": ("", "中国（上海）自由贸易试验区", (("日京路", 1, 100), ("富特北路", 1, 500), ("基隆路", 1, 100),
             ("英伦路", 1, 100), ("华京路", 1, 300), ("杨高北路", 1, 3000))),
    "临港": ("南汇新城镇", "中国（上海）自由贸易试验区临港新片区", (("环湖西二路", 800, 1000), ("申港大道", 1, 300),
            ("海港大道", 1, 2000), ("沪城环路", 1, 3000), ("水芸路", 1, 500), ("云鹃路", 1, 300),
            ("新元南路", 1, 600))),
    "川沙": ("川沙新镇", "", (("川沙路", 1, 7000), ("华夏东路", 1, 3000), ("新川路", 1, 800), ("川黄路", 1, 800),
            ("妙境路", 1, 1500), ("川环南路", 1, 1000))),
    "周浦": ("周浦镇", "", (("沪南公路", 3000, 4000), ("年家浜路", 1, 700), ("康沈路", 1, 2000), ("周市路", 1, 600))),
    "惠南": ("惠南镇", "", (("拱极路", 1, 3000), ("人民西路", 1, 1500), ("南祝公路", 1, 3000), ("沪南公路", 9000, 9999))),
    "康桥": ("康桥镇", "", (("康桥路", 1, 1500), ("秀浦路", 1, 3000), ("康桥东路", 1, 1500), ("川周公路", 1, 5000))),
    "北蔡": ("北蔡镇", "", (("莲溪路", 1, 1500), ("沪南路", 1, 3000), ("陈春路", 1, 800), ("御桥路", 1, 2000))),
    "三林": ("三林镇", "", (("三林路", 1, 1500), ("上南路", 3000, 6000), ("杨思路", 1, 1500), ("永泰路", 1, 1500),
            ("灵岩南路", 1, 1500), ("东明路", 1, 3000))),
    "洋泾": ("", "", (("浦东大道", 1, 2500), ("源深路", 1, 1200), ("羽山路", 1, 700), ("杨高中路", 1, 2500),
            ("张杨路", 1, 3500))),
    "塘桥": ("", "", (("浦东南路", 1500, 2500), ("峨山路", 1, 600), ("蓝村路", 1, 600), ("南泉路", 1, 1500))),
    "唐镇": ("唐镇", "", (("唐陆公路", 1, 3000), ("创新中路", 1, 500))),
    "航头": ("航头镇", "", (("航头路", 1, 1000), ("沪南公路", 5000, 7000))),
    "祝桥": ("祝桥镇", "", (("川南奉公路", 1, 10000), ("南祝公路", 3000, 6000))),
}
_VILLAGES = {
    "书院镇": ("外灶", "桃园", "塘北", "新北", "洋溢", "四灶"),
    "大团镇": ("赵桥", "团新", "果园", "周埠", "金园"),
    "宣桥镇": ("宣桥", "腰路", "季桥", "三灶"),
    "泥城镇": ("龙泉", "中久", "公平", "横港"),
    "老港镇": ("大河", "成日", "中港", "建港"),
    "新场镇": ("新卫", "坦直", "仁义"),
}
# Farm products named in a cooperative's name, by industry (GB/T 4754-2017).
_CROPS = {"A0141": ("蔬菜", "果蔬", "西甜瓜"), "A0151": ("水蜜桃", "翠冠梨"), "A0152": ("葡萄",), "A0512": ("农机",)}
_URBAN = ("张江", "陆家嘴", "花木", "金桥", "洋泾", "塘桥", "三林", "北蔡", "川沙", "周浦", "康桥", "惠南", "唐镇")
_TECH = ("张江", "张江", "张江", "金桥", "临港", "陆家嘴")
_OFFICE = ("陆家嘴", "陆家嘴", "花木", "张江", "洋泾", "塘桥")
_INDUSTRIAL = ("金桥", "康桥", "临港", "周浦", "惠南", "祝桥", "航头", "外高桥")
_LOGISTICS = ("外高桥", "外高桥", "祝桥", "临港", "川沙", "航头")
_RURAL = tuple(_VILLAGES)

# ---------------------------------------------------------------------------------------------
# Business profiles. "items" entries: (catalogue item code, probability, phrases to pick from or
# None for any of the item's phrases, industry code implied by the item or None). Phrases in
# "general" never contain a catalogue phrase (checked by the tests).

_TYPES_SHOP = {"COMPANY": 5, "INDIVIDUAL_BUSINESS": 5, "BRANCH": 2, "SOLE_PROPRIETORSHIP": 1, "FOREIGN_INVESTED": 0.3}
_TYPES_FIRM = {"COMPANY": 8, "BRANCH": 1, "FOREIGN_INVESTED": 1}

PROFILES: list[dict] = [
    {"key": "restaurant", "weight": 14, "types": _TYPES_SHOP, "industries": ("H6210", "H6220", "H6291"),
     "areas": _URBAN, "words": ("餐饮管理", "餐饮", "餐饮服务"), "shopWords": ("餐饮店", "小吃店", "面馆", "饭店", "快餐店"),
     "items": (("PD-SP-001", 1.0, ("餐饮服务",), None), ("PD-SP-001", 0.3, ("热食类食品制售", "冷食类食品制售"), None),
               ("PD-SP-003", 0.35, None, None), ("PD-YC-001", 0.15, None, None)),
     "general": ("餐饮管理", "外卖递送服务", "食用农产品零售", "日用百货销售", "餐饮器具集中消毒服务", "鲜肉零售",
                 "会议及展览服务", "企业管理咨询")},
    {"key": "cafe", "weight": 3, "types": _TYPES_SHOP, "industries": ("H6232",), "areas": _URBAN + _OFFICE,
     "words": ("餐饮管理", "咖啡", "餐饮"), "shopWords": ("咖啡馆", "咖啡店"),
     "items": (("PD-SP-001", 1.0, ("餐饮服务",), None), ("PD-WS-002", 1.0, ("咖啡馆服务",), None),
               ("PD-SP-003", 0.4, None, None)),
     "general": ("日用百货销售", "工艺美术品及礼仪用品销售（象牙及其制品除外）", "食用农产品零售", "外卖递送服务")},
    {"key": "bar", "weight": 1.5, "types": _TYPES_SHOP, "industries": ("H6233",), "areas": _URBAN,
     "words": ("餐饮管理", "酒业", "餐饮"), "shopWords": ("酒吧", "小酒馆"),
     "items": (("PD-SP-001", 1.0, ("餐饮服务",), None), ("PD-WS-002", 1.0, ("酒吧服务",), None),
               ("PD-WH-001", 0.25, ("歌舞娱乐活动",), None), ("PD-YC-001", 0.3, None, None)),
     "general": ("日用百货销售", "礼仪服务", "组织文化艺术交流活动", "食用农产品零售")},
    {"key": "teahouse", "weight": 1.5, "types": _TYPES_SHOP, "industries": ("H6231",), "areas": _URBAN,
     "words": ("茶业", "茶文化", "餐饮管理"), "shopWords": ("茶馆", "茶室"),
     "items": (("PD-SP-001", 1.0, ("餐饮服务",), None), ("PD-WS-002", 1.0, ("茶馆服务",), None),
               ("PD-SP-003", 0.5, None, None)),
     "general": ("茶具销售", "日用百货销售", "工艺美术品及礼仪用品销售（象牙及其制品除外）", "棋牌室服务")},
    {"key": "convenience", "weight": 9, "types": {"COMPANY": 4, "INDIVIDUAL_BUSINESS": 5, "BRANCH": 3},
     "industries": ("F5213", "F5212"), "areas": _URBAN, "words": ("便利", "商贸", "超市"),
     "shopWords": ("便利店", "超市", "食品店", "烟杂店"),
     "items": (("PD-SP-001", 0.45, ("散装食品销售",), None), ("PD-SP-003", 0.75, None, None),
               ("PD-YC-001", 0.6, None, None), ("PD-WH-003", 0.08, None, None), ("PD-YP-004", 0.08, None, None),
               ("PD-AJ-003", 0.04, None, None)),
     "general": ("日用百货销售", "家居用品销售", "化妆品零售", "文具用品零售", "个人卫生用品销售", "食用农产品零售",
                 "电子产品销售", "针纺织品销售", "宠物食品及用品零售")},
    {"key": "food_factory", "weight": 2.5, "types": {"COMPANY": 5, "FOREIGN_INVESTED": 1},
     "industries": ("C1411", "C1432", "C1431"), "areas": _INDUSTRIAL, "words": ("食品", "食品科技", "食品工业"),
     "items": (("PD-SP-002", 1.0, None, None), ("PD-SP-001", 0.35, ("散装食品销售",), None),
               ("PD-SP-003", 0.4, None, None)),
     "general": ("食用农产品批发", "包装服务", "技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广",
                 "普通货物仓储服务（不含危险化学品等需许可审批的项目）", "农副产品销售")},
    {"key": "pharmacy", "weight": 4, "types": {"COMPANY": 4, "BRANCH": 4, "INDIVIDUAL_BUSINESS": 1},
     "industries": ("F5251", "F5252"), "areas": _URBAN, "words": ("大药房", "医药", "药房"), "shopWords": ("药店", "药房"),
     "items": (("PD-YP-001", 1.0, None, None), ("PD-YP-003", 0.3, None, None), ("PD-YP-004", 0.7, None, None),
               ("PD-SP-003", 0.6, None, None)),
     "general": ("第一类医疗器械销售", "化妆品零售", "日用百货销售", "消毒剂销售（不含危险化学品）",
                 "保健食品（预包装）销售", "养生保健服务（非医疗）", "眼镜销售（不含隐形眼镜）")},
    {"key": "pharma_trade", "weight": 2.5, "types": {"COMPANY": 4, "FOREIGN_INVESTED": 2, "BRANCH": 0.5},
     "industries": ("F5151", "F5154"), "areas": _TECH + _LOGISTICS, "words": ("医药", "医药科技", "医疗器械", "生物医药", "医疗科技"),
     "items": (("PD-YP-002", 0.6, None, "F5151"), ("PD-YP-003", 0.7, None, "F5154"), ("PD-YP-004", 0.7, None, None),
               ("PD-YP-005", 0.25, None, None)),
     "general": ("第一类医疗器械销售", "技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广", "货物进出口",
                 "技术进出口", "普通货物仓储服务（不含危险化学品等需许可审批的项目）", "会议及展览服务",
                 "信息咨询服务（不含许可类信息咨询服务）")},
    {"key": "outpatient", "weight": 2, "types": {"COMPANY": 6, "FOREIGN_INVESTED": 1},
     "industries": ("Q8425", "Q8415"), "areas": _URBAN, "words": ("口腔门诊部", "中医门诊部", "综合门诊部", "医疗管理"),
     "items": (("PD-WS-003", 1.0, None, None), ("PD-SP-003", 0.1, None, None)),
     "general": ("健康咨询服务（不含诊疗服务）", "第一类医疗器械销售", "养生保健服务（非医疗）", "医院管理")},
    {"key": "clinic", "weight": 1.5, "types": {"COMPANY": 5, "INDIVIDUAL_BUSINESS": 1},
     "industries": ("Q8425",), "areas": _URBAN, "words": ("口腔诊所", "中医诊所", "医疗科技"), "shopWords": ("诊所",),
     "items": (("PD-WS-004", 1.0, None, None),),
     "general": ("健康咨询服务（不含诊疗服务）", "第一类医疗器械销售", "养生保健服务（非医疗）")},
    {"key": "hotel", "weight": 3, "types": {"COMPANY": 4, "BRANCH": 2, "FOREIGN_INVESTED": 1, "INDIVIDUAL_BUSINESS": 0.5},
     "industries": ("H6110", "H6121", "H6129"), "areas": _URBAN + ("临港", "川沙"), "words": ("酒店管理", "宾馆", "酒店"),
     "shopWords": ("旅馆", "宾馆"),
     "items": (("PD-WS-001", 1.0, ("住宿服务",), None), ("PD-SP-001", 0.5, ("餐饮服务",), None),
               ("PD-WS-001", 0.1, ("洗浴服务",), None), ("PD-YC-001", 0.2, None, None),
               ("PD-WH-007", 0.08, ("高危险性体育运动（游泳）",), None)),
     "general": ("酒店管理", "会议及展览服务", "停车场服务", "洗染服务", "票务代理服务", "商务代理代办服务")},
    {"key": "beauty", "weight": 4, "types": {"INDIVIDUAL_BUSINESS": 5, "COMPANY": 3, "BRANCH": 0.5},
     "industries": ("O8040",), "areas": _URBAN, "words": ("美容美发", "美容", "形象设计"), "shopWords": ("美发店", "美容店", "理发店"),
     "items": (("PD-WS-001", 0.85, ("生活美容服务",), None),),
     "general": ("理发服务", "美甲服务", "化妆品零售", "养生保健服务（非医疗）", "个人卫生用品销售")},
    {"key": "bath", "weight": 1, "types": {"INDIVIDUAL_BUSINESS": 3, "COMPANY": 3},
     "industries": ("O8051",), "areas": _URBAN, "words": ("休闲", "沐浴", "浴场"), "shopWords": ("浴室", "足浴店"),
     "items": (("PD-WS-001", 1.0, ("洗浴服务",), None), ("PD-SP-001", 0.3, ("餐饮服务",), None)),
     "general": ("足浴服务", "养生保健服务（非医疗）", "日用百货销售")},
    {"key": "school", "weight": 1, "types": {"COMPANY": 1}, "industries": ("P8310",), "areas": _URBAN,
     "words": ("幼儿园",), "items": (("PD-JY-001", 1.0, ("学前教育",), None),),
     "general": ("教育咨询服务（不含涉许可审批的教育培训活动）", "组织文化艺术交流活动", "体育用品及器材零售")},
    {"key": "training", "weight": 1.5, "types": {"COMPANY": 1}, "industries": ("P8393", "P8399"), "areas": _URBAN,
     "words": ("培训学校", "艺术培训学校", "科技培训学校"), "items": (("PD-JY-002", 1.0, None, None),),
     "general": ("教育咨询服务（不含涉许可审批的教育培训活动）", "组织文化艺术交流活动", "文具用品零售",
                 "业务培训（不含教育培训、职业技能培训等需取得许可的培训）")},
    {"key": "elderly", "weight": 2, "types": {"COMPANY": 5, "BRANCH": 1}, "industries": ("Q8514", "Q8521"),
     "areas": _URBAN + _RURAL, "words": ("养老服务", "健康管理", "颐养"),
     "items": (("PD-MZ-001", 1.0, None, None), ("PD-SP-001", 0.35, ("餐饮服务",), None),
               ("PD-WS-003", 0.1, None, None)),
     "general": ("家政服务", "康复辅具适配服务", "第一类医疗器械销售", "健康咨询服务（不含诊疗服务）", "老年人养护服务")},
    {"key": "hr", "weight": 3, "types": {"COMPANY": 5, "BRANCH": 1, "FOREIGN_INVESTED": 1},
     "industries": ("L7269",), "areas": _OFFICE, "words": ("人力资源", "人才服务", "企业服务"),
     "items": (("PD-RS-001", 0.8, None, "L7262"), ("PD-RS-002", 0.45, None, "L7263")),
     "general": ("企业管理咨询", "劳务服务（不含劳务派遣）", "业务培训（不含教育培训、职业技能培训等需取得许可的培训）",
                 "信息咨询服务（不含许可类信息咨询服务）", "专业保洁、清洗、消毒服务", "薪酬管理服务")},
    {"key": "chem_trade", "weight": 2.5, "types": {"COMPANY": 5, "FOREIGN_INVESTED": 1},
     "industries": ("F5169",), "areas": _INDUSTRIAL + ("外高桥",), "words": ("化工", "化工科技", "精细化工", "化工贸易"),
     "items": (("PD-AJ-001", 0.8, None, None), ("PD-AJ-004", 0.3, None, None), ("PD-SW-002", 0.15, None, "F5162")),
     "general": ("化工产品销售（不含许可类化工产品）", "专用化学产品销售（不含危险化学品）", "塑料制品销售", "货物进出口",
                 "技术进出口", "合成材料销售")},
    {"key": "chem_factory", "weight": 1, "types": {"COMPANY": 3, "FOREIGN_INVESTED": 2},
     "industries": ("C2614", "C2661"), "areas": ("金桥", "临港", "惠南", "康桥"), "words": ("化学", "化工", "新材料科技"),
     "items": (("PD-AJ-002", 1.0, None, None), ("PD-AJ-001", 0.3, None, None), ("PD-GY-001", 0.15, ("危险化学品包装物及容器生产",), None)),
     "general": ("专用化学产品制造（不含危险化学品）", "化工产品销售（不含许可类化工产品）",
                 "技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广", "新材料技术研发")},
    {"key": "metal", "weight": 1, "types": {"COMPANY": 4, "FOREIGN_INVESTED": 1}, "industries": ("C3360",),
     "areas": _INDUSTRIAL, "words": ("金属制品", "表面处理", "精密机械"),
     "items": (("PD-HB-001", 1.0, ("金属表面处理及热处理加工",), None), ("PD-HB-001", 0.5, ("电镀加工",), None)),
     "general": ("五金产品批发", "金属材料销售", "机械零件、零部件加工", "通用零部件制造")},
    {"key": "waste", "weight": 0.7, "types": {"COMPANY": 1}, "industries": ("N7724",), "areas": _INDUSTRIAL,
     "words": ("环保科技", "环境科技", "环境服务"), "items": (("PD-HB-002", 1.0, None, None),),
     "general": ("环保咨询服务", "固体废物治理", "再生资源回收（除生产性废旧金属）", "土壤污染治理与修复服务")},
    {"key": "freight", "weight": 4, "types": {"COMPANY": 5, "INDIVIDUAL_BUSINESS": 1.5, "BRANCH": 1},
     "industries": ("G5431", "G5433", "G5437"), "areas": _LOGISTICS, "words": ("物流", "供应链管理", "运输", "货运"),
     "shopWords": ("运输服务部", "货运部"),
     "items": (("PD-JT-002", 0.8, None, None), ("PD-JT-003", 0.3, None, None), ("PD-JT-004", 0.12, None, "G5435")),
     "general": ("国内货物运输代理", "普通货物仓储服务（不含危险化学品等需许可审批的项目）", "装卸搬运", "供应链管理服务",
                 "国际货物运输代理", "包装服务")},
    {"key": "coach", "weight": 0.7, "types": {"COMPANY": 1}, "industries": ("G5422",), "areas": _LOGISTICS + ("川沙",),
     "words": ("旅游客运", "汽车服务", "客运"), "items": (("PD-JT-001", 1.0, None, None),),
     "general": ("汽车租赁", "小微型客车租赁经营服务", "票务代理服务", "停车场服务")},
    {"key": "car_repair", "weight": 2.5, "types": {"COMPANY": 3, "INDIVIDUAL_BUSINESS": 3},
     "industries": ("O8111",), "areas": _URBAN + _INDUSTRIAL, "words": ("汽车维修服务", "汽车服务", "汽车修理"),
     "shopWords": ("汽车修理部", "汽车维修店"), "items": (("PD-JT-005", 1.0, None, None),),
     "general": ("汽车零配件零售", "洗车服务", "轮胎销售", "汽车装饰用品销售", "二手车经纪")},
    {"key": "driving", "weight": 0.5, "types": {"COMPANY": 1}, "industries": ("P8391",), "areas": ("川沙", "航头", "康桥"),
     "words": ("驾驶员培训", "机动车驾驶员培训"), "items": (("PD-JT-006", 1.0, None, None),),
     "general": ("停车场服务", "汽车租赁", "信息咨询服务（不含许可类信息咨询服务）")},
    {"key": "construction", "weight": 4, "types": {"COMPANY": 6, "BRANCH": 1},
     "industries": ("E4790", "E5011", "E4813"), "areas": _URBAN + _INDUSTRIAL, "words": ("建设工程", "建筑工程", "建筑装饰工程", "市政工程"),
     "items": (("PD-JS-001", 0.9, None, None),),
     "general": ("建筑材料销售", "建筑装饰材料销售", "工程管理服务", "园林绿化工程施工", "普通机械设备安装服务",
                 "对外承包工程")},
    {"key": "elevator", "weight": 0.8, "types": {"COMPANY": 1}, "industries": ("E4920",), "areas": _INDUSTRIAL,
     "words": ("电梯工程", "机电设备安装工程"), "items": (("PD-TZ-001", 1.0, None, None),),
     "general": ("普通机械设备安装服务", "机械设备销售", "机械设备租赁", "电气设备修理")},
    {"key": "cable", "weight": 0.6, "types": {"COMPANY": 1}, "industries": ("C3831",), "areas": _INDUSTRIAL,
     "words": ("电线电缆", "线缆科技"), "items": (("PD-GY-001", 1.0, ("电线、电缆制造",), None),),
     "general": ("电线、电缆经营", "电工器材销售", "五金产品批发")},
    {"key": "ktv", "weight": 1.2, "types": {"COMPANY": 4, "INDIVIDUAL_BUSINESS": 1}, "industries": ("R9011",),
     "areas": _URBAN, "words": ("娱乐", "文化娱乐", "休闲娱乐"), "shopWords": ("歌厅",),
     "items": (("PD-WH-001", 1.0, ("歌舞娱乐活动",), None), ("PD-WH-001", 0.2, ("游艺娱乐活动",), None),
               ("PD-SP-001", 0.4, ("餐饮服务",), None), ("PD-YC-001", 0.3, None, None)),
     "general": ("组织文化艺术交流活动", "日用百货销售", "礼仪服务")},
    {"key": "netcafe", "weight": 1, "types": {"COMPANY": 3, "INDIVIDUAL_BUSINESS": 2}, "industries": ("R9013",),
     "areas": _URBAN, "words": ("网络会所", "网络科技", "网咖"), "shopWords": ("网吧",),
     "items": (("PD-WH-002", 1.0, None, None), ("PD-SP-003", 0.5, None, None)),
     "general": ("电子产品销售", "计算机软硬件及辅助设备零售", "日用百货销售")},
    {"key": "performance", "weight": 1.2, "types": {"COMPANY": 1}, "industries": ("R8941",), "areas": _OFFICE,
     "words": ("文化传播", "文化艺术", "文化传媒"), "items": (("PD-WH-004", 1.0, None, None),),
     "general": ("组织文化艺术交流活动", "文艺创作", "会议及展览服务", "礼仪服务", "广告设计、代理", "广告制作")},
    {"key": "venue", "weight": 0.5, "types": {"COMPANY": 1}, "industries": ("R8820",), "areas": _OFFICE,
     "words": ("剧场管理", "文化发展", "演艺"),
     "items": (("PD-WH-005", 1.0, None, None), ("PD-SP-001", 0.3, ("餐饮服务",), None)),
     "general": ("组织文化艺术交流活动", "票务代理服务", "会议及展览服务")},
    {"key": "bookstore", "weight": 1, "types": {"COMPANY": 3, "INDIVIDUAL_BUSINESS": 2}, "industries": ("F5243",),
     "areas": _URBAN, "words": ("图书", "文化发展", "书店"), "shopWords": ("书店", "书社"),
     "items": (("PD-WH-003", 1.0, None, None), ("PD-SP-003", 0.3, None, None), ("PD-SP-001", 0.2, ("餐饮服务",), None)),
     "general": ("文具用品零售", "工艺美术品及礼仪用品销售（象牙及其制品除外）", "组织文化艺术交流活动")},
    {"key": "travel", "weight": 1.5, "types": {"COMPANY": 4, "BRANCH": 1}, "industries": ("L7291",), "areas": _OFFICE,
     "words": ("国际旅行社", "旅行社"), "items": (("PD-WH-006", 1.0, None, None),),
     "general": ("票务代理服务", "会议及展览服务", "旅游开发项目策划咨询", "酒店管理", "商务代理代办服务")},
    {"key": "sports", "weight": 1, "types": {"COMPANY": 4, "BRANCH": 1}, "industries": ("R8930",), "areas": _URBAN,
     "words": ("体育发展", "健身", "体育文化"), "items": (("PD-WH-007", 1.0, None, None),),
     "general": ("体育竞赛组织", "体育健康服务", "健身休闲活动", "体育用品及器材零售", "体育场地设施经营（不含高危险性体育运动）")},
    {"key": "seal", "weight": 0.8, "types": {"INDIVIDUAL_BUSINESS": 4, "COMPANY": 2}, "industries": ("O8090",),
     "areas": _URBAN, "words": ("印章", "刻章"), "shopWords": ("刻章店", "图文刻章店"),
     "items": (("PD-GA-002", 1.0, None, None),),
     "general": ("打字复印", "图文设计制作", "办公用品销售")},
    {"key": "security", "weight": 0.6, "types": {"COMPANY": 1}, "industries": ("L7271",), "areas": _OFFICE,
     "words": ("保安服务",), "items": (("PD-GA-004", 1.0, None, None),),
     "general": ("安全系统监控服务", "安全咨询服务", "物业管理")},
    {"key": "auction", "weight": 0.5, "types": {"COMPANY": 1}, "industries": ("F5182", "F5183"), "areas": _OFFICE,
     "words": ("拍卖",), "items": (("PD-SW-001", 1.0, None, None),),
     "general": ("工艺美术品及收藏品零售（象牙及其制品除外）", "艺术品代理", "会议及展览服务")},
    {"key": "grain", "weight": 0.6, "types": {"COMPANY": 1}, "industries": ("F5111",), "areas": _RURAL + _INDUSTRIAL,
     "words": ("粮油", "粮食"), "items": (("PD-FG-001", 1.0, None, None), ("PD-SP-003", 0.5, None, None)),
     "general": ("食用农产品批发", "农副产品销售", "谷物销售")},
    {"key": "farm", "weight": 2, "types": {"FARMER_COOPERATIVE": 6, "COMPANY": 1}, "industries": ("A0141", "A0151", "A0152", "A0512"),
     "areas": _RURAL, "words": ("农业发展", "农业科技"),
     "items": (("PD-NY-002", 0.15, None, None), ("PD-NY-001", 0.1, ("农药零售",), None), ("PD-SP-003", 0.3, None, None)),
     "general": ("蔬菜种植", "水果种植", "食用农产品初加工", "农业机械服务", "食用农产品零售",
                 "农业生产托管服务", "休闲观光活动")},
    {"key": "agri_shop", "weight": 1, "types": {"COMPANY": 2, "INDIVIDUAL_BUSINESS": 2}, "industries": ("F5167",),
     "areas": _RURAL + ("惠南", "周浦", "航头"), "words": ("农资", "农业科技"), "shopWords": ("农资店", "农资经营部"),
     "items": (("PD-NY-001", 1.0, None, None), ("PD-NY-002", 0.4, None, None), ("PD-NY-003", 0.2, None, None)),
     "general": ("肥料销售", "农用薄膜销售", "农业机械销售", "化肥销售")},
    {"key": "pet", "weight": 0.8, "types": {"INDIVIDUAL_BUSINESS": 3, "COMPANY": 2}, "industries": ("F5297",),
     "areas": _URBAN, "words": ("宠物用品", "宠物服务"), "shopWords": ("宠物用品店", "宠物店"),
     "items": (("PD-NY-003", 0.6, None, None),),
     "general": ("宠物食品及用品零售", "宠物销售", "宠物服务（不含动物诊疗）")},
    {"key": "internet", "weight": 3, "types": {"COMPANY": 6, "FOREIGN_INVESTED": 1}, "industries": ("I6429", "I6432"),
     "areas": _TECH, "words": ("网络科技", "信息技术", "互联网科技", "数字科技"),
     "items": (("PD-DX-001", 0.9, ("第二类增值电信业务",), None), ("PD-DX-001", 0.1, ("第一类增值电信业务",), None),
               ("PD-GG-001", 0.05, None, None)),
     "general": ("技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广", "软件开发", "信息系统集成服务",
                 "数据处理和存储支持服务", "互联网数据服务", "广告设计、代理", "网络技术服务")},
    {"key": "guarantee", "weight": 0.4, "types": {"COMPANY": 1}, "industries": ("J6639",), "areas": _OFFICE,
     "words": ("融资担保",), "items": (("PD-JR-001", 1.0, None, None),),
     "general": ("非融资担保服务", "信息咨询服务（不含许可类信息咨询服务）")},
    {"key": "microloan", "weight": 0.4, "types": {"COMPANY": 1}, "industries": ("J6635",), "areas": _OFFICE,
     "words": ("小额贷款",), "items": (("PD-JR-002", 1.0, None, None),),
     "general": ("信息咨询服务（不含许可类信息咨询服务）",)},
    {"key": "payment", "weight": 0.3, "types": {"COMPANY": 1}, "industries": ("J6930",), "areas": ("陆家嘴", "张江"),
     "words": ("支付服务", "电子支付"), "items": (("PD-JR-003", 1.0, None, None),),
     "general": ("技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广", "数据处理和存储支持服务")},
    {"key": "insurance", "weight": 1.2, "types": {"COMPANY": 4, "BRANCH": 2, "FOREIGN_INVESTED": 0.5},
     "industries": ("J6852",), "areas": _OFFICE, "words": ("保险代理", "保险销售服务"),
     "items": (("PD-JR-004", 1.0, None, None),),
     "general": ("信息咨询服务（不含许可类信息咨询服务）", "企业管理咨询")},
    {"key": "broker", "weight": 0.5, "types": {"COMPANY": 3, "FOREIGN_INVESTED": 1}, "industries": ("J6851",),
     "areas": _OFFICE, "words": ("保险经纪",), "items": (("PD-JR-005", 1.0, None, None),),
     "general": ("信息咨询服务（不含许可类信息咨询服务）", "企业管理咨询")},
    # Profiles whose business needs no catalogue item (一般项目 only).
    {"key": "software", "weight": 7, "types": {"COMPANY": 8, "FOREIGN_INVESTED": 1, "BRANCH": 0.5, "SOLE_PROPRIETORSHIP": 0.5},
     "industries": ("I6513", "I6511", "I6531", "I6560"), "areas": _TECH, "words": ("信息科技", "软件科技", "智能科技", "数据科技", "网络科技"),
     "items": (("PD-DX-001", 0.12, ("第二类增值电信业务",), None),),
     "general": ("技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广", "软件开发", "信息系统集成服务",
                 "人工智能应用软件开发", "数据处理和存储支持服务", "计算机软硬件及辅助设备零售", "信息技术咨询服务",
                 "网络技术服务", "物联网技术服务")},
    {"key": "biotech", "weight": 5, "types": {"COMPANY": 6, "FOREIGN_INVESTED": 2},
     "industries": ("M7340", "M7512"), "areas": _TECH, "words": ("生物科技", "生物医药科技", "医药科技", "生物技术"),
     "items": (("PD-YP-004", 0.25, None, None), ("PD-AJ-001", 0.08, None, None)),
     "general": ("医学研究和试验发展", "技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广", "第一类医疗器械销售",
                 "化工产品销售（不含许可类化工产品）", "专用化学产品销售（不含危险化学品）", "货物进出口", "技术进出口",
                 "实验分析仪器销售")},
    {"key": "chip", "weight": 2, "types": {"COMPANY": 5, "FOREIGN_INVESTED": 2}, "industries": ("I6520",),
     "areas": ("张江", "张江", "临港"), "words": ("半导体科技", "微电子", "集成电路", "芯片科技"),
     "items": (),
     "general": ("集成电路设计", "集成电路芯片设计及服务", "集成电路芯片及产品销售", "电子元器件批发", "技术进出口",
                 "货物进出口", "技术服务、技术开发、技术咨询、技术交流、技术转让、技术推广")},
    {"key": "consulting", "weight": 5, "types": {"COMPANY": 6, "PARTNERSHIP": 2, "SOLE_PROPRIETORSHIP": 3, "FOREIGN_INVESTED": 1},
     "industries": ("L7243", "L7249"), "areas": _OFFICE, "words": ("企业管理咨询", "商务咨询", "企业管理"),
     "items": (),
     "general": ("企业管理咨询", "信息咨询服务（不含许可类信息咨询服务）", "市场营销策划", "会议及展览服务",
                 "企业形象策划", "社会经济咨询服务", "财务咨询", "税务服务")},
    {"key": "investment", "weight": 2, "types": {"PARTNERSHIP": 5, "COMPANY": 1}, "industries": ("L7212",),
     "areas": ("陆家嘴", "陆家嘴", "张江", "临港"), "words": ("投资管理", "创业投资", "股权投资"),
     "items": (),
     "general": ("以私募基金从事股权投资、投资管理、资产管理等活动（须在中国证券投资基金业协会完成登记备案后方可从事经营活动）",
                 "以自有资金从事投资活动", "企业管理咨询", "股权投资")},
    {"key": "trade", "weight": 6, "types": {"COMPANY": 6, "FOREIGN_INVESTED": 1.5, "SOLE_PROPRIETORSHIP": 1, "INDIVIDUAL_BUSINESS": 1},
     "industries": ("F5179", "F5176", "F5134", "F5139"), "areas": _URBAN + ("外高桥",), "words": ("贸易", "国际贸易", "商贸", "实业"),
     "shopWords": ("商行", "经营部"),
     "items": (("PD-SP-003", 0.2, None, None), ("PD-YP-004", 0.08, None, None)),
     "general": ("货物进出口", "技术进出口", "日用百货销售", "电子产品销售", "五金产品批发", "化妆品批发",
                 "服装服饰批发", "针纺织品销售", "机械设备销售", "国内贸易代理", "供应链管理服务")},
    {"key": "media", "weight": 2.5, "types": {"COMPANY": 5, "SOLE_PROPRIETORSHIP": 1},
     "industries": ("L7259",), "areas": _OFFICE + ("张江",), "words": ("文化传媒", "广告", "品牌管理", "文化传播"),
     "items": (("PD-GG-001", 0.15, None, None),),
     "general": ("广告设计、代理", "广告制作", "广告发布", "数字文化创意内容应用服务", "图文设计制作", "企业形象策划",
                 "会议及展览服务", "组织文化艺术交流活动")},
    {"key": "property", "weight": 2, "types": {"COMPANY": 4, "BRANCH": 1}, "industries": ("K7020",),
     "areas": _URBAN, "words": ("物业管理", "物业服务"), "items": (),
     "general": ("物业管理", "停车场服务", "专业保洁、清洗、消毒服务", "园林绿化工程施工", "家政服务", "非居住房地产租赁")},
    {"key": "design", "weight": 1.5, "types": {"COMPANY": 4, "SOLE_PROPRIETORSHIP": 1}, "industries": ("M7491", "M7492"),
     "areas": _OFFICE + ("张江",), "words": ("设计", "工业设计", "创意设计"), "items": (),
     "general": ("工业设计服务", "专业设计服务", "平面设计", "图文设计制作", "工艺美术品及礼仪用品销售（象牙及其制品除外）")},
    {"key": "collective", "weight": 1, "types": {"OTHER": 1}, "industries": ("L7215",), "areas": _RURAL,
     "words": (), "items": (),
     "general": ("集体资产经营管理", "物业管理", "非居住房地产租赁", "食用农产品批发", "农业生产托管服务")},
]
_PROFILE_BY_KEY = {p["key"]: p for p in PROFILES}

# Share of each entity type in the output (the rest are companies).
_TYPE_SHARES = (("INDIVIDUAL_BUSINESS", 0.20), ("BRANCH", 0.06), ("FOREIGN_INVESTED", 0.06), ("PARTNERSHIP", 0.035),
                ("SOLE_PROPRIETORSHIP", 0.03), ("FARMER_COOPERATIVE", 0.03), ("OTHER", 0.0125))
_STATUS_SHARES = (("REVOKED", 0.03), ("CANCELLED", 0.04), ("MOVED_OUT", 0.02))

_MOBILE_PREFIXES = ("133", "135", "136", "137", "138", "139", "150", "151", "152", "157", "158", "159", "166",
                    "177", "180", "181", "182", "183", "185", "186", "187", "188", "189", "191", "199")


def _quota(n: int, shares) -> list[str]:
    out: list[str] = []
    for value, share in shares:
        out += [value] * round(n * share)
    return out


def _pick_weighted(rng: random.Random, weights: dict[str, float] | list[tuple[str, float]]):
    pairs = list(weights.items()) if isinstance(weights, dict) else list(weights)
    total = sum(w for _, w in pairs)
    x = rng.random() * total
    for value, w in pairs:
        x -= w
        if x < 0:
            return value
    return pairs[-1][0]


def _person(rng: random.Random) -> str:
    return rng.choice(_SURNAMES) + rng.choice(_GIVEN)


def _trade_name(rng: random.Random) -> str:
    a, b = rng.sample(_TRADE_CHARS, 2)
    return a + b


def _foreign_trade_name(rng: random.Random) -> str:
    return "".join(rng.sample(_FOREIGN_SYLLABLES, rng.choice((2, 3, 3))))


def _phone(rng: random.Random) -> str:
    if rng.random() < 0.55:
        return f"021-{rng.choice('56235')}{rng.randint(0, 9999999):07d}"
    return rng.choice(_MOBILE_PREFIXES) + f"{rng.randint(0, 99999999):08d}"


def _address(rng: random.Random, area: str, shopfront: bool) -> str:
    if area in _VILLAGES:
        village = rng.choice(_VILLAGES[area])
        return f"上海市浦东新区{area}{village}村{rng.randint(1, 12)}组{rng.randint(1, 400)}号"
    town, ftz, roads = _AREAS[area]
    road, lo, hi = rng.choice(roads)
    no = rng.randint(lo, hi)
    if ftz and rng.random() < 0.5:
        head = ftz
    else:
        head = "上海市浦东新区" + (town if town and rng.random() < 0.8 else "")
    if shopfront:
        tail = rng.choice((f"{no}号", f"{no}号1层", f"{no}号一层", f"{no}号{rng.randint(101, 112)}室"))
    else:
        floor = rng.randint(1, 22)
        tail = rng.choice((
            f"{no}号{rng.randint(1, 12)}幢{floor}{rng.randint(1, 30):02d}室",
            f"{no}号{floor}层{rng.choice('ABCDE')}{rng.randint(1, 30):02d}室",
            f"{no}弄{rng.randint(1, 40)}号{floor}{rng.randint(1, 12):02d}室",
            f"{no}号{floor}层",
        ))
    return head + road + tail


def _entity_name(rng: random.Random, profile: dict, etype: str, area: str, industry: str) -> str:
    words = profile["words"]
    shop_words = profile.get("shopWords") or tuple(w[-2:] if len(w) > 2 else w for w in words) or ("经营部",)
    trade = _trade_name(rng)
    if etype == "INDIVIDUAL_BUSINESS":
        return f"浦东新区{trade}{rng.choice(shop_words)}"
    if etype == "FARMER_COOPERATIVE":
        crop = rng.choice(_CROPS.get(industry, ("果蔬",)))
        if crop == "农机":
            return f"上海{trade}农机专业合作社"
        return rng.choice((f"上海{trade}{crop}专业合作社", f"上海浦东{trade}{crop}种植专业合作社", f"上海{trade}农民专业合作社"))
    if etype == "OTHER":
        return ""  # named with the village in _collective()
    word = rng.choice(words)
    if etype == "FOREIGN_INVESTED":
        return f"{_foreign_trade_name(rng)}（上海）{word}有限公司"
    if etype == "PARTNERSHIP":
        return f"上海{trade}{word}合伙企业（有限合伙）"
    if etype == "SOLE_PROPRIETORSHIP":
        return f"上海{trade}{word}{rng.choice(('中心', '工作室', '服务部'))}"
    if profile["key"] == "school":
        return f"上海浦东新区{trade}幼儿园有限公司"
    if profile["key"] == "microloan":
        return f"上海浦东新区{trade}小额贷款股份有限公司"
    if etype == "BRANCH":
        parent = f"上海{trade}{word}有限公司"
        return parent + rng.choice((f"浦东{area}分公司" if area in _AREAS else "浦东分公司", f"浦东新区第{rng.randint(1, 30)}分公司"))
    return f"上海{trade}{word}{'股份有限公司' if rng.random() < 0.06 else '有限公司'}"


def _collective(rng: random.Random, area: str, authority: str, attempt: int = 0) -> tuple[str, str]:
    """A rural collective economic organisation (农村集体经济组织) and its USCC type character."""
    village = rng.choice(_VILLAGES[area]) if attempt < 20 else _trade_name(rng)
    if authority == "Y":
        return f"上海市浦东新区{area}{village}村土地股份合作社", "1"
    if rng.random() < 0.7 or attempt >= 20:
        return f"上海市浦东新区{area}{village}村股份经济合作社", "2"
    return f"上海市浦东新区{area}经济联合社", "3"


# ---------------------------------------------------------------------------------------------
# Business scope

def _join_phrases(phrases: list[str]) -> str:
    return "；".join(phrases)


def _scope_text(rng: random.Random, licensed: list[str], general: list[str], established: date) -> str:
    old_style = established < date(2021, 3, 1) and rng.random() < 0.4
    if old_style:
        return "，".join(licensed + general) + "。" + _TAIL_OLD
    parts = []
    if licensed:
        parts.append(f"许可项目：{_join_phrases(licensed)}。{_TAIL_PERMITTED}")
    if general:
        parts.append(f"一般项目：{_join_phrases(general)}。{_TAIL_GENERAL}")
    return "".join(parts)


def phrases_in_scope(scope: str, item: dict) -> list[str]:
    return [p for p in item["scopePhrases"] if p in scope]


def items_needed(scope: str, catalogue: dict) -> list[dict]:
    """Catalogue items whose scope phrases appear in the scope text, in catalogue order."""
    return [it for it in catalogue["permitItems"] if phrases_in_scope(scope, it)]


# ---------------------------------------------------------------------------------------------
# Permits: numbering and validity by item

def _seq_fmt(fmt):
    return lambda rng, ent, seq, d: fmt.format(seq=seq, year=d.year, yy=d.year % 100, chk=seq * 7 % 10)


def _food_business(rng, ent, seq, d):
    kind = 2 if "餐饮服务" in ent["businessScope"] or "食品制售" in ent["businessScope"] else 1
    return f"JY{kind}310115{seq:06d}{(seq * 3 + kind) % 10}"


def _food_production(rng, ent, seq, d):
    category = {"C1411": "124", "C1432": "111", "C1431": "101"}.get(ent["industryCode"], "131")
    return f"SC{category}310115{seq:04d}{seq * 7 % 10}"


def _drug_retail(rng, ent, seq, d):
    cls = {"BRANCH": "CB", "INDIVIDUAL_BUSINESS": "DB"}.get(ent["entityType"], "DA")
    return f"沪{cls}0115{seq:04d}"


def _medical(rng, ent, seq, d):
    return f"{ent['uscc'][8:17]}31011517{rng.choice('ACD')}{rng.choice('12')}{seq:03d}"


def _pollutant(rng, ent, seq, d):
    return f"{ent['uscc']}{seq:03d}{rng.choice('PU')}"


def _telecom(rng, ent, seq, d):
    cls = "B1" if "第一类增值电信业务" in ent["businessScope"] else "B2"
    return f"沪{cls}-{d.year}{seq:04d}"


def _internet_drug(rng, ent, seq, d):
    return f"（沪）-{rng.choice(('经营性', '非经营性'))}-{d.year}-{seq:04d}"


# item code -> (validity in years or None for 长期有效, number maker, first sequence number)
PERMIT_RULES = {
    "PD-SP-001": (5, _food_business, 12000),
    "PD-SP-002": (5, _food_production, 300),
    "PD-YP-001": (5, _drug_retail, 1100),
    "PD-YP-002": (5, _seq_fmt("沪AA0210{seq:03d}"), 150),
    "PD-YP-003": (5, _seq_fmt("沪浦市监械经营许{year}{seq:04d}号"), 200),
    "PD-YP-005": (5, _internet_drug, 500),
    "PD-TZ-001": (4, _seq_fmt("TS3331{seq:03d}"), 210),
    "PD-GY-001": (5, lambda rng, ent, seq, d: (f"沪XK06-001-{seq:05d}" if "电线" in ent["businessScope"] else f"沪XK13-006-{seq:05d}")
                  , 1200),
    "PD-WS-001": (4, _seq_fmt("沪浦卫公证字〔{year}〕第{seq:06d}号"), 5000),
    "PD-WS-003": (5, _medical, 100),
    "PD-JY-001": (None, _seq_fmt("教民1310115700{seq:05d}号"), 230),
    "PD-JY-002": (None, _seq_fmt("教民1310115300{seq:05d}号"), 1400),
    "PD-RS-001": (None, _seq_fmt("（沪）人服证字〔{year}〕第0115{seq:06d}号"), 3100),
    "PD-RS-002": (3, _seq_fmt("310115{year}{seq:04d}"), 150),
    "PD-HB-001": (5, _pollutant, 1),
    "PD-HB-002": (5, _seq_fmt("沪环危废经字第{year}{seq:03d}号"), 40),
    "PD-AJ-001": (3, _seq_fmt("沪（浦）应急管危经许〔{year}〕{seq:06d}"), 200400),
    "PD-AJ-002": (3, _seq_fmt("（沪）WH安许证字〔{year}〕{seq:04d}"), 300),
    "PD-AJ-003": (2, _seq_fmt("（沪）YH经许证字〔{year}〕第0115{seq:03d}号"), 20),
    "PD-JT-001": (4, _seq_fmt("沪交运管许可客字310000{seq:06d}"), 4100),
    "PD-JT-002": (4, _seq_fmt("沪交运管许可货字310115{seq:06d}"), 8200),
    "PD-JT-004": (4, _seq_fmt("沪交运管许可危字310000{seq:06d}"), 900),
    "PD-JS-001": (5, _seq_fmt("D331{seq:06d}"), 118000),
    "PD-JS-002": (3, _seq_fmt("（沪）JZ安许证字〔{year}〕15{seq:04d}"), 700),
    "PD-WH-001": (2, _seq_fmt("3101151{yy:02d}{seq:04d}"), 60),
    "PD-WH-002": (None, _seq_fmt("3101152{yy:02d}{seq:04d}"), 90),
    "PD-WH-003": (None, _seq_fmt("新出发沪零字第浦{seq:04d}号"), 800),
    "PD-WH-004": (2, _seq_fmt("3101153{yy:02d}{seq:04d}"), 400),
    "PD-WH-006": (None, _seq_fmt("L-SH-1{seq:05d}"), 2300),
    "PD-WH-007": (5, _seq_fmt("沪浦体高危许字〔{year}〕第{seq:03d}号"), 30),
    "PD-GA-001": (None, _seq_fmt("沪公浦特旅字第{seq:05d}号"), 1500),
    "PD-GA-002": (None, _seq_fmt("沪公浦特刻字第{seq:05d}号"), 120),
    "PD-GA-004": (None, _seq_fmt("沪公保服{year}{seq:04d}号"), 80),
    "PD-SW-001": (None, _seq_fmt("沪商拍字〔{year}〕第{seq:03d}号"), 60),
    "PD-YC-001": (5, _seq_fmt("310115{seq:06d}"), 104000),
    "PD-NY-001": (5, _seq_fmt("农药经许（沪）310115{seq:05d}"), 20),
    "PD-NY-002": (5, _seq_fmt("D（沪浦）农种许字（{year}）第{seq:04d}号"), 10),
    "PD-NY-003": (5, _seq_fmt("（{year}）兽药经营证字310115{seq:04d}号"), 30),
    "PD-DX-001": (5, _telecom, 100),
    "PD-JR-001": (None, _seq_fmt("沪融资担保〔{year}〕{seq:03d}号"), 50),
    "PD-JR-002": (None, _seq_fmt("沪金小贷〔{year}〕{seq:03d}号"), 90),
    "PD-JR-003": (5, _seq_fmt("Z2000331{seq:06d}"), 17),
    "PD-JR-004": (None, _seq_fmt("269531{seq:09d}"), 800),
    "PD-JR-005": (None, _seq_fmt("260631{seq:09d}"), 100),
}


def _add_years(d: date, years: int) -> date:
    try:
        return d.replace(year=d.year + years)
    except ValueError:  # 29 February
        return d.replace(year=d.year + years, day=28)


class _Numbers:
    """Permit numbers, unique within each item, in order of issue."""

    def __init__(self):
        self._next: dict[str, int] = {}

    def issue(self, rng: random.Random, code: str, ent: dict, decided: date) -> str:
        years, maker, start = PERMIT_RULES.get(code, (5, None, 1))
        seq = self._next.get(code, start)
        self._next[code] = seq + 1
        if maker is None:
            return f"{code}-{decided.year}-{seq:05d}"
        return maker(rng, ent, seq, decided)


def _permit_for_item(rng: random.Random, numbers: _Numbers, item: dict, ent: dict) -> dict | None:
    """The entity's permit under one item as it stands on DEMO_TODAY, or None while still applying.

    A permit that reaches the end of its validity is usually renewed (延续): the record then
    carries the latest certificate; one that is not renewed is EXPIRED.
    """
    code = item["code"]
    established = date.fromisoformat(ent["establishedOn"])
    years = PERMIT_RULES.get(code, (5, None, 1))[0]
    latest = DEMO_TODAY - timedelta(days=3)
    if item["mode"] == "PRE_REGISTRATION":
        decided = established - timedelta(days=rng.randint(10, 75))
    else:
        decided = established + timedelta(days=rng.randint(5, 150))
        if decided > latest:
            return None  # 照后证前: still applying
    valid_from = decided
    status = "GRANTED"
    while True:
        valid_to = None if years is None else _add_years(valid_from, years) - timedelta(days=1)
        if valid_to is None or valid_to >= DEMO_TODAY:
            break
        renewal = valid_to - timedelta(days=rng.randint(10, 40))
        if rng.random() >= 0.92 or renewal > latest:  # not renewed: the entity stopped that business
            status = "EXPIRED"
            break
        decided, valid_from = renewal, valid_to + timedelta(days=1)
    if status == "GRANTED":
        if ent["status"] == "REVOKED":
            status = "REVOKED"
        elif ent["status"] in ("CANCELLED", "MOVED_OUT"):
            status = "CANCELLED"
        else:
            x = rng.random()
            status = "REVOKED" if x < 0.03 else "CHANGED" if x < 0.09 else "GRANTED"
    return {"itemCode": code, "number": numbers.issue(rng, code, ent, decided),
            "decisionDate": decided.isoformat(), "validFrom": valid_from.isoformat(),
            "validTo": valid_to.isoformat() if valid_to else None, "status": status}


# ---------------------------------------------------------------------------------------------

def _choose_profile(rng: random.Random, etype: str) -> dict:
    candidates = [(p["key"], p["weight"] * p["types"][etype]) for p in PROFILES if p["types"].get(etype)]
    return _PROFILE_BY_KEY[_pick_weighted(rng, candidates)]


def _random_date(rng: random.Random, start: date, end: date) -> date:
    return start + timedelta(days=rng.randint(0, (end - start).days))


def generate_entities(n: int = 240, seed: int = 20261123) -> list[dict]:
    """n demo market entities of Pudong; the same (n, seed) always gives the same list."""
    rng = random.Random(seed)
    catalogue = load_catalogue()
    by_code = {it["code"]: it for it in catalogue["permitItems"]}

    types = _quota(n, _TYPE_SHARES)
    other = types.count("OTHER")
    if n >= 60 and other < 3:
        types += ["OTHER"] * (3 - other)
    types = types[:n] + ["COMPANY"] * (n - len(types))
    rng.shuffle(types)
    statuses = _quota(n, _STATUS_SHARES)
    statuses = statuses[:n] + ["ACTIVE"] * (n - len(statuses))
    rng.shuffle(statuses)

    numbers = _Numbers()
    names: set[str] = set()
    codes: set[str] = set()
    others_made = 0
    entities: list[dict] = []
    for etype, status in zip(types, statuses):
        profile = _choose_profile(rng, etype)
        area = rng.choice(profile["areas"])
        earliest = ESTABLISHED_FROM
        latest = ESTABLISHED_TO if status == "ACTIVE" else date(2025, 6, 30)
        established = _random_date(rng, earliest, latest)

        authority, kind = "9", {"INDIVIDUAL_BUSINESS": "2", "FARMER_COOPERATIVE": "3"}.get(etype, "1")
        if etype == "OTHER":
            authority = "Y" if others_made % 3 == 2 else "N"
            others_made += 1
            if area not in _VILLAGES:
                area = rng.choice(_RURAL)
        # Scope: phrases of the items this business calls for, then general phrases.
        licensed: list[str] = []
        general_items: list[str] = []
        industry = None
        for item_code, p, choices, implied_industry in profile["items"]:
            if rng.random() >= p:
                continue
            item = by_code[item_code]
            phrase = rng.choice(choices or item["scopePhrases"])
            target = licensed if item["status"] in PERMIT_STATUSES else general_items
            if phrase not in licensed and phrase not in general_items:
                target.append(phrase)
            if implied_industry and industry is None:
                industry = implied_industry
        industry = industry or rng.choice(profile["industries"])
        pool = list(profile["general"])
        general = rng.sample(pool, min(len(pool), rng.randint(2, 6)))
        general = general_items + [g for g in general if g not in general_items]
        scope = _scope_text(rng, licensed, general, established)

        for attempt in range(100):
            if etype == "OTHER":
                name, kind = _collective(rng, area, authority, attempt)
            else:
                name = _entity_name(rng, profile, etype, area, industry)
            if name not in names:
                break
        else:  # pragma: no cover - the name space is far larger than any demo
            raise RuntimeError("could not find a fresh entity name")
        names.add(name)
        code = make_uscc(rng, authority=authority, kind=kind, org_prefix=_org_prefix(established))
        while code in codes:
            code = make_uscc(rng, authority=authority, kind=kind, org_prefix=_org_prefix(established))
        codes.add(code)

        shopfront = etype == "INDIVIDUAL_BUSINESS" or (profile.get("shopWords") and etype == "BRANCH")
        entity = {
            "uscc": code,
            "name": name,
            "entityType": etype,
            "legalRepresentative": _person(rng),
            "address": _address(rng, area, bool(shopfront)),
            "region": "310115",
            "industryCode": industry,
            "businessScope": scope,
            "establishedOn": established.isoformat(),
            "status": status,
            "contactPhone": _phone(rng),
            "permits": [],
        }
        permits: list[dict] = []
        for item in items_needed(scope, catalogue):
            if item["status"] not in PERMIT_STATUSES:
                continue
            if item["mode"] == "PRE_REGISTRATION" or rng.random() < PERMIT_SHARE:
                permit = _permit_for_item(rng, numbers, item, entity)
                if permit:
                    permits.append(permit)
        entity["permits"] = permits
        entities.append(entity)
    return entities


if __name__ == "__main__":  # pragma: no cover
    import sys

    count = int(sys.argv[1]) if len(sys.argv) > 1 else 240
    json.dump(generate_entities(count), sys.stdout, ensure_ascii=False, indent=2)
    sys.stdout.write("\n")
