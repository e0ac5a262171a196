"""Deterministic sample ledgers (台账) of 永州市生态环境局新田分局, 2023-01-01 to 2025-12-31.

    python -m dashboard.sample OUTDIR [--scale N] [--seed S]

writes the export files a county bureau hands over, all twelve ledgers, in the
shapes real exports come in: title rows, 序号 / 合计 / 制表人 rows, header synonyms,
text dates in five spellings, √/× and Y/N booleans, 万元 columns, GBK and BOM CSVs,
and two overlapping re-exports. Headers and spellings are test material for the
ingest and are written out per file on purpose (they are not derived from
``dashboard.ledgers``; only the column types are). At scale 1 the rows reproduce
every 2024 figure of the bureau's 2024 rule-of-law report exactly.

Only ``random.Random`` instances seeded from ``seed`` are used, and each
(ledger, copy) pair has its own stream, so scale N's first copy is scale 1.
"""

from __future__ import annotations

import argparse
import csv
import datetime as dt
import functools
import random
import sys
import time
from dataclasses import dataclass
from pathlib import Path

import xlsxwriter

from .ledgers import ledger

D, DAY = dt.date, dt.timedelta(days=1)
CSV_ABOVE = 50_000  # the xlsx files of a ledger with more rows than this are written as UTF-8 CSV

# ---------------------------------------------------------------- name pools
SURNAMES = ("王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘蒋蔡余杜叶程"
            "苏魏吕丁任沈姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛段雷侯龙史陶黎贺顾毛郝龚邵万严欧阳")
GIVEN = "伟芳娜敏静丽强磊军洋勇艳杰娟涛明超秀霞平刚桂英华玉兰萍鹏辉建文斌宇浩凯俊峰波亮婷雪琳晨欣怡宏志林海燕云飞成龙旭东春梅振国卫红湘永利"
SHOP = "鑫宏盛源隆兴顺达华联丰瑞福泰安康永诚信金通恒凯腾佳嘉润益利民祥和"
TOWNS = ("龙泉街道", "金陵镇", "骥村镇", "新圩镇", "石羊镇", "陶岭镇", "枧头镇", "知市坪镇", "三井镇", "茂家镇",
         "大坪塘镇", "门楼下瑶族乡")
VILLAGE = "东西南北上下大小新老石田塘坪山岭冲湾桥源"
MOBILE = tuple(f"1{a}{b}" for a in "358" for b in "0123456789" if (a, b) != ("5", "4"))
ID_REGIONS = ("431128", "431128", "431121", "431102", "431126", "430421")
CODE_CHARS = "0123456789ABCDEFGHJKLMNPQRTUWXY"
UNITS = ("执法大队", "法制股", "环评股", "污染防治股", "自然生态股", "监测站", "办公室")
VIOLATIONS = ("大气", "水", "固废", "危废", "噪声", "环评", "排污许可")
PARTY_KIND = {"大气": ("混凝土有限公司", "沥青搅拌站", "木业有限公司"), "水": ("生猪养殖场", "食品有限公司", "洗车场"),
              "固废": ("建材有限公司", "再生资源回收站"), "危废": ("汽车修理厂", "机械加工厂"),
              "噪声": ("建筑工程有限公司", "石材有限公司"), "环评": ("砂石加工厂", "农业开发有限公司"),
              "排污许可": ("陶瓷有限公司", "印刷厂"), "机动车检测专项": ("机动车检测有限公司",),
              "报废汽车拆解专项": ("报废汽车回收拆解有限公司",)}
CLOSE_KIND = ("石材加工厂", "页岩砖厂", "塑料颗粒加工作坊", "废旧轮胎炼油作坊")
FINE_POOL = (5000, 5800, 8000, 10000, 12000, 15000, 20000, 25000, 30000, 36000, 50000, 80000, 100000)
# 2024 行政处罚 fines: 17 decisions, sum 581,600 元 = the report's 58.16万元.
FINES_2024 = (100000, 80000, 56000, 50000, 45000, 40000, 35000, 30000, 28600, 25000, 20000, 20000,
              15000, 12000, 10000, 10000, 5000)
CASE_PLAN = {2023: (("行政处罚", 15), ("报请政府关闭", 1), ("不予处罚", 1), ("移送", 1)),
             2024: (("行政处罚", 17), ("报请政府关闭", 3), ("不予处罚", 1)),
             2025: (("行政处罚", 18), ("报请政府关闭", 1), ("不予处罚", 2), ("撤销立案", 1), ("办理中", 2))}
CAMPAIGNS = {2024: (("机动车检测专项", 3, D(2024, 4, 8), D(2024, 5, 31)),
                    ("报废汽车拆解专项", 2, D(2024, 8, 5), D(2024, 9, 27))),
             2025: (("机动车检测专项", 2, D(2025, 5, 6), D(2025, 6, 27)),)}
OPEN_2025 = ((D(2025, 8, 18), D(2025, 8, 29)), (D(2025, 12, 1), D(2025, 12, 12)))
F = "新田县{a}{b}"  # an invented firm name
PET_PLAN = {2023: (82, 5), 2024: (78, 6), 2025: (85, 7)}  # (县级, 市级)
PET_TEXT = {  # 污染类型: (反映问题, 被投诉对象 or None)
    "噪声": (("{s}夜间施工噪声扰民，影响附近居民休息", "{a}{b}小区旁建筑工地"), ("{s}设备运行噪声很大，白天晚上都有", F + "石材有限公司"),
           ("{s}音响声音太大，深夜还在营业", "县城{a}{b}KTV"), ("{s}机器轰鸣，严重影响生活", "{t}{a}{b}木材加工厂")),
    "大气": (("{s}生产时冒黑烟，气味刺鼻", "{t}{a}{b}砖厂"), ("{s}油烟直排，未安装油烟净化设施", "县城{a}{b}烧烤店"),
           ("{s}粉尘污染严重，周边房屋落满灰尘", F + "混凝土有限公司"), ("{s}喷漆废气味道很重", F + "汽车修理厂"),
           ("{t}{v}村有人露天焚烧垃圾，烟雾很大", None)),
    "水": (("{s}污水直排新田河，河水发黑发臭", F + "食品有限公司"), ("{s}养殖废水外溢，污染{v}村农田", "{t}{v}村养猪场"),
          ("{s}洗车废水排入村前水塘，鱼塘死鱼", "{t}{a}{b}洗车场")),
    "固废": (("{s}在路边乱倒建筑垃圾", "{a}{b}小区旁建筑工地"), ("{s}工业固废随意堆放，下雨流出黑水", F + "石材有限公司"),
           ("{s}废机油随意倾倒", F + "汽车修理厂")),
    "生态": (("{t}{v}村山体被开挖，植被破坏严重", None), ("{s}在河道非法采砂，破坏河床", "{t}{a}{b}砂石场")),
    "辐射": (("{t}{v}村新建通信基站，担心辐射影响健康", None),),
    "其他": (("咨询{s}环评手续是否齐全", F + "混凝土有限公司"), ("要求公开{s}的环评审批信息", F + "农牧有限公司")),
}
# what a petition that led to a case says, by the case's 违法类型
PET_CASE = {"大气": ("大气", "{s}废气污染严重，气味刺鼻"), "水": ("水", "{s}废水直排，污染周边水体"), "噪声": ("噪声", "{s}噪声扰民"),
            "固废": ("固废", "{s}固体废物乱堆乱放"), "危废": ("固废", "{s}危险废物随意堆放")}
LAWS = ("《中华人民共和国环境保护法》", "《生态环境行政处罚办法》", "《中华人民共和国大气污染防治法》", "《排污许可管理条例》",
        "《中华人民共和国噪声污染防治法》", "《中华人民共和国固体废物污染环境防治法》", "《信访工作条例》")
PERMIT_PLAN = {2023: (2, 11, 34), 2024: (2, 12, 30), 2025: (1, 14, 36)}  # 报告书, 报告表, 登记表 decided
PROJECTS = {  # (项目名称, 建设单位, 行业类别)
    "报告书": ((F + "建材有限公司年产{n}0万吨机制砂石项目", F + "建材有限公司", "非金属矿采选"),
              (F + "农牧有限公司年出栏{n}万头生猪养殖项目", F + "农牧有限公司", "畜牧业")),
    "报告表": (("{t}卫生院改扩建项目", "{t}卫生院", "卫生"), (F + "汽车维修有限公司汽车维修项目", F + "汽车维修有限公司", "汽车维修"),
              (F + "加油站改扩建项目", F + "石油经营有限公司", "零售业（加油站）"),
              (F + "食品有限公司年产{n}00吨腊制品项目", F + "食品有限公司", "农副食品加工"),
              (F + "混凝土有限公司商品混凝土搅拌站项目", F + "混凝土有限公司", "水泥制品制造"),
              ("{t}污水处理厂及配套管网工程", "新田县住房和城乡建设局", "污水处理")),
    "登记表": (("{t}{v}村{n}00头生猪养殖场", "{t}{v}村养殖场", "畜牧业"), (F + "餐饮店", F + "餐饮店", "餐饮"),
              (F + "诊所", F + "诊所", "卫生"), ("{t}{n}MW分布式光伏发电项目", F + "新能源有限公司", "电力"),
              (F + "仓储物流项目", F + "物流有限公司", "仓储"), ("{t}{v}村道路硬化工程", "{t}{v}村村民委员会", "交通运输")),
}
STUDY = {  # (date, 会议类型, 主持, 学法内容, 法治议题, 人数)
    2023: (("02-21", "党组会议", 1, "《中华人民共和国行政处罚法》", 1, 7), ("04-18", "理论学习中心组", 1, "《习近平法治思想学习纲要》", 0, 9),
           ("06-27", "干部职工例会", 1, "《中华人民共和国环境保护法》", 0, 36), ("09-12", "党组会议", 1, "《排污许可管理条例》", 1, 7),
           ("10-20", "学法考试", 0, "2023年度国家工作人员学法考试", 0, 35), ("11-21", "理论学习中心组", 1, "《中华人民共和国宪法》", 1, 9)),
    2024: (("01-23", "党组会议", 1, "《生态环境行政处罚办法》", 1, 7), ("03-19", "理论学习中心组", 1, "《习近平法治思想学习纲要》", 1, 9),
           ("05-14", "党组扩大会议", 1, "《中华人民共和国行政复议法》（2023年修订）", 1, 15),
           ("07-16", "干部职工例会", 1, "《中华人民共和国环境保护法》", 0, 34), ("09-24", "理论学习中心组", 1, "《信访工作条例》", 0, 9),
           ("10-29", "学法考试", 0, "2024年度国家工作人员学法考试", 0, 36),
           ("11-26", "党组会议", 1, "《中华人民共和国固体废物污染环境防治法》", 1, 7)),
    2025: (("03-18", "党组会议", 1, "《中华人民共和国噪声污染防治法》", 1, 7), ("06-17", "理论学习中心组", 1, "《习近平法治思想学习纲要》", 1, 9),
           ("08-26", "党组扩大会议", 1, None, 0, 14), ("10-28", "学法考试", 0, "2025年度国家工作人员学法考试", 0, 35),
           ("11-25", "干部职工例会", 0, "《中华人民共和国民法典》第七编", 0, 33)),
}
TRAININGS = (("03-14", "{y}年全县生态环境执法业务培训", "业务培训", "本局", 32, 4, 1),
             ("04-11", "{y}年排污许可证后管理培训", "业务培训", "上级", 6, 8, 0),
             ("05-16", "《生态环境行政处罚办法》专题讲座", "专题讲座", "本局", 35, 2, 1),
             ("06-20", "全市生态环境执法大练兵现场比武", "岗位练兵", "上级", 8, 16, 0),
             ("07-18", "典型行政处罚案例研讨（第一期）", "案例研讨", "本局", 18, 3, 1),
             ("09-12", "执法记录仪及移动执法系统使用练兵", "岗位练兵", "本局", 22, 2.5, 0),
             ("10-24", "{y}年国家工作人员网上学法", "网上学法", "上级", 36, 10, 1),
             ("11-21", "典型行政处罚案例研讨（第二期）", "案例研讨", "本局", 17, 3, 1))
DUTIES = (("01-16", "亲自部署", "主持召开{y}年度法治政府建设工作部署会", "各股室", "印发年度法治建设工作要点"),
          ("02-27", "亲自部署", "部署{y}年度普法责任清单落实", "法制股", "普法责任清单已公布"),
          ("03-21", "亲自过问", "过问重点信访件办理进度", "执法大队", "按期办结"),
          ("04-23", "督导检查", "督导检查行政执法案卷评查发现问题整改", "执法大队", "问题已整改"),
          ("05-28", "亲自协调", "协调县公安局、县交通运输局开展联合执法", "执法大队", "建立联合执法机制"),
          ("06-18", "审签重大案件", "审签{case}行政处罚决定", "法制股", "已审签"),  # one per major case, dated by it
          ("07-09", "接访下访", "到{town}接访群众反映的养殖污染问题", "{town}", "现场交办，限期整改"),
          ("08-20", "督导检查", "督导检查{town}突发环境事件风险隐患排查", "污染防治股", "发现隐患3处，已整改"),
          ("10-15", "亲自部署", "部署{y}年度行政执法案卷评查工作", "法制股", "完成案卷评查"),
          ("09-17", "亲自督办", "督办{y}年人大代表建议和政协委员提案办理", "办公室", "按期答复"),
          ("11-19", "亲自过问", "过问执法人员持证及换证考试组织情况", "法制股", "执法人员持证上岗"),
          ("12-10", "督导检查", "督导检查行政执法“三项制度”落实情况", "各股室", "形成督查通报"))
EVENTS = {  # (date, 主题, 节点, 形式, 地点, 覆盖人数, 资料份数)
    2023: (("03-15", "送法入企：环保法律法规进园区", "其他", "送法入企", "新田县工业园", 120, 300),
           ("05-22", "国际生物多样性日宣传：从协议到协力 复元生物多样性", "5·22国际生物多样性日", "现场宣传", "龙泉广场", 600, 1200),
           ("06-05", "六五环境日：建设人与自然和谐共生的现代化", "六五环境日", "现场宣传", "龙泉广场", 1500, 2500),
           ("07-12", "全国低碳日：积极应对气候变化 推动绿色低碳发展", "全国低碳日", "现场宣传", "县人民广场", 400, 800),
           ("08-15", "首个全国生态日宣传", "全国生态日", "新媒体", "“新田环境”微信公众号", 3200, 0),
           ("11-08", "全县法治宣传日集中宣传", "全县法治宣传日", "现场宣传", "县人民广场", 800, 1500),
           ("12-04", "宪法宣传周：大力弘扬宪法精神", "宪法宣传周", "进社区", "龙泉街道东门社区", 300, 600)),
    2024: (("03-20", "送法入企：新《生态环境行政处罚办法》宣讲", "其他", "送法入企", "新田县工业园", 150, 320),
           ("05-15", "全国低碳日：践行绿色低碳生活方式", "全国低碳日", "现场宣传", "县人民广场", 450, 900),
           ("05-22", "国际生物多样性日：生物多样性 你我共参与", "5·22国际生物多样性日", "现场宣传", "龙泉广场", 700, 1300),
           ("06-05", "六五环境日：全面推进美丽中国建设", "六五环境日", "现场宣传", "龙泉广场", 1800, 3000),
           ("06-25", "送法入企：机动车检测机构环保法规宣讲", "其他", "送法入企", "县城各机动车检测站", 60, 150),
           ("09-10", "送法入企：报废汽车回收拆解企业环境管理宣讲", "其他", "送法入企", "新田县工业园", 45, 120),
           ("10-16", "全县法治宣传日集中宣传", "全县法治宣传日", "现场宣传", "县人民广场", 900, 1600),
           ("12-04", "宪法宣传周：弘扬宪法精神 建设美丽新田", "宪法宣传周", "现场宣传", "龙泉广场", 650, 1200),
           ("12-06", "宪法宣传周：生态环境法律进校园", "宪法宣传周", "进校园", "新田县第一中学", 900, 1000)),
    2025: (("04-15", "送法入企：排污许可证后管理宣讲", "其他", "送法入企", "新田县工业园", 130, 260),
           ("05-14", "全国低碳日：碳路未来 绿动新田", "全国低碳日", "现场宣传", "县人民广场", 420, 850),
           ("05-22", "国际生物多样性日：人与自然和谐共生", "5·22国际生物多样性日", "现场宣传", "龙泉广场", 650, 1100),
           ("06-05", "六五环境日：美丽中国我先行", "六五环境日", "现场宣传", "龙泉广场", 1700, 2800),
           ("08-15", "全国生态日：绿水青山就是金山银山", "全国生态日", "进社区", "龙泉街道西门社区", 350, 700),
           ("10-22", "全县法治宣传日集中宣传", "全县法治宣传日", "现场宣传", "县人民广场", 850, 1500),
           ("12-04", "宪法宣传周：宪法守护美好生活", "宪法宣传周", "进校园", "新田县第二中学", 800, 900)),
}
POSTS = {2023: 105, 2024: 120, 2025: 130}  # 新媒体普法 posts per year
REVIEWS = {
    2023: (("01-09", "合同", "{y}年度法律顾问服务合同"), ("03-02", "规范性文件", "新田分局行政执法公示办法"),
           ("05-11", "重大行政决策", "新田县饮用水水源保护区环境整治方案"), ("08-30", "合同", "环境监测设备运维服务合同")),
    2024: (("01-08", "合同", "{y}年度法律顾问服务合同"), ("02-22", "规范性文件", "新田分局重大行政执法决定法制审核办法（修订）"),
           ("04-17", "合同", "执法记录仪及移动执法设备采购合同"), ("06-13", "重大行政决策", "新田县声环境功能区划分方案"),
           ("09-05", "规范性文件", "新田分局“三重一大”决策制度实施细则")),
    2025: (("01-07", "合同", "{y}年度法律顾问服务合同"), ("03-27", "重大行政决策", "新田县重污染天气应急预案（修订）"),
           ("07-10", "规范性文件", "新田分局行政处罚案件回访工作办法")),
}
SUPERVISION = {  # (类型, 标题, 交办, 答复, 满意度)
    2023: (("人大建议", "关于加强县城餐饮油烟治理的建议", "03-28", "06-16", "满意"),
           ("人大建议", "关于整治新田河沿岸养殖污染的建议", "04-10", "06-30", "满意"),
           ("政协提案", "关于推进农村生活污水治理的提案", "04-06", "06-28", "基本满意")),
    2024: (("人大建议", "关于加强工业园区环境监管的建议", "03-26", "06-14", "满意"),
           ("人大建议", "关于规范建筑工地扬尘管理的建议", "04-02", "06-25", "满意"),
           ("政协提案", "关于加强报废汽车拆解行业监管的提案", "03-29", "06-20", "满意"),
           ("政协提案", "关于推进畜禽粪污资源化利用的提案", "04-08", "07-02", "满意")),
    2025: (("人大建议", "关于治理县城夜间噪声扰民的建议", "03-25", "06-18", "满意"),
           ("政协提案", "关于加快乡镇污水处理设施运维的提案", "04-01", "07-15", "基本满意"),
           ("人大建议", "关于加强饮用水水源地保护的建议", "04-15", "07-08", "满意")),
}
SHORTCOMINGS = (  # (年度, 类别, 问题, 原因, 措施, 责任股室, 时限, 状态, 完成)
    (2023, "制度建设", "行政执法案卷归档不够规范", "执法人员对案卷管理要求掌握不够", "开展案卷评查，制定归档清单", "执法大队",
     "2024-06-30", "已完成", "2024-05-20"),
    (2023, "法治意识", "普法宣传形式较为单一", "线上普法阵地建设滞后", "开通公众号普法专栏，每周推送", "办公室", "2024-06-30", "已完成", "2024-06-18"),
    (2023, "执法力量", "执法装备配备不足", "经费保障不到位", "争取专项经费采购执法记录仪和移动执法设备", "办公室", "2024-09-30", "已完成", "2024-08-27"),
    (2024, "法治意识", "新修订法律法规学习不够及时，运用法治思维开展工作的能力有待提高，法律专业人才缺乏",
     "生态环境法律规范多、更新快，学法用法主动性不强", "坚持每会一学法，建立新法速递学习制度，培养引进法律人才", "法制股", "2025-12-31", "整改中", None),
    (2024, "执法力量", "执法人员偏少，日常监管、专项行动和信访处置任务重", "环保事务增多、社会关注度提高，执法编制未相应增加",
     "向上级汇报争取招录执法人员，注重专业背景，优化队伍结构", "办公室", "2025-12-31", "未启动", None),
    (2024, "信息化", "执法信息化水平不高，部门间执法信息共享不足", "部门间存在信息壁垒，缺乏沟通协作机制",
     "建设执法信息管理系统，推动与相关部门信息互联互通", "执法大队", "2025-12-31", "整改中", None),
    (2025, "制度建设", "行政处罚案件回访“六个一”工作机制未全面落实", "回访工作量大，人手不足", "制定回访计划，按季度完成回访",
     "执法大队", "2025-09-30", "整改中", None),
    (2025, "法治意识", "“每会一学法”执行不到位，个别会议未安排学法内容", "会前学法议程把关不严", "由法制股会前审核学法篇目",
     "办公室", "2026-03-31", "整改中", None),
)


# ---------------------------------------------------------------- small helpers
def sfx(k: int) -> str:
    """Suffix of a key number in scaled copy k (copy 0 is the real-looking scale-1 data)."""
    return f"-{k}" if k else ""


def tag(k: int) -> str:
    """Suffix of a title / type in copy k, so that date + title keys stay distinct when scaled."""
    return f"（{k}）" if k else ""


def md(year: int, s: str) -> dt.date:
    return D(year, int(s[:2]), int(s[3:]))


def iso(s: str | None) -> dt.date | None:
    return dt.date.fromisoformat(s) if s else None


def day(rng: random.Random, a: dt.date, b: dt.date) -> dt.date:
    return a + DAY * rng.randrange((b - a).days + 1)


def add_workdays(d: dt.date, n: int) -> dt.date:
    while n:
        d += DAY
        n -= d.weekday() < 5
    return d


def add_months(d: dt.date, n: int) -> dt.date:
    y, m = divmod(d.month - 1 + n, 12)
    return D(d.year + y, m + 1, min(d.day, 28))


def person(rng: random.Random) -> str:
    return rng.choice(SURNAMES) + "".join(rng.choice(GIVEN) for _ in range(rng.choice((1, 2, 2))))


def words(rng: random.Random) -> dict:
    a, b = rng.sample(SHOP, 2)
    return {"a": a, "b": b, "t": rng.choice(TOWNS), "v": rng.choice(VILLAGE) + rng.choice(SHOP), "n": rng.randint(2, 9)}


def phone(rng: random.Random) -> str:
    return rng.choice(MOBILE) + f"{rng.randrange(10**8):08d}"


def id_number(rng: random.Random) -> str:
    body = rng.choice(ID_REGIONS) + day(rng, D(1955, 1, 1), D(2000, 12, 31)).strftime("%Y%m%d") + f"{rng.randrange(1000):03d}"
    total = sum(int(c) * w for c, w in zip(body, (7, 9, 10, 5, 8, 4, 2, 1, 6, 3, 7, 9, 10, 5, 8, 4, 2)))
    return body + "10X98765432"[total % 11]


def credit_code(rng: random.Random, head: str = "91") -> str:
    return head + "431128MA" + "".join(rng.choice(CODE_CHARS) for _ in range(8))


# ---------------------------------------------------------------- generators
def gen_staff(rng: random.Random, k: int, used: set[str]) -> list[dict]:
    def unique_name() -> str:
        while (n := person(rng)) in used:
            pass
        used.add(n)
        return n

    rows = []  # (股室, 执法岗位, 考试日期, 考试类型): 27 换证 in 2024 on two exam days, then the others
    for unit, n in (("执法大队", 15), ("法制股", 2), ("环评股", 3), ("污染防治股", 3), ("自然生态股", 2), ("监测站", 2)):
        rows += [(unit, 1, D(2024, 11, 9) if i % 3 == 2 else D(2024, 7, 13), "换证") for i in range(n)]
    rows += [("执法大队", 1, D(2024, 11, 9), "新申领"), ("执法大队", 1, D(2023, 8, 19), "新申领"),
             ("执法大队", 1, D(2023, 8, 19), "新申领"), ("执法大队", 1, D(2021, 2, 6), "换证"),
             ("执法大队", 1, D(2021, 4, 17), "换证"), ("污染防治股", 1, D(2021, 6, 19), "换证"),
             ("监测站", 1, D(2020, 11, 14), "换证"), ("办公室", 0, D(2018, 12, 15), "换证"),
             ("办公室", 0, None, None), ("办公室", 0, None, None)]
    rows.sort(key=lambda r: UNITS.index(r[0]))
    out = []
    for i, (unit, duty, exam, kind) in enumerate(rows):
        valid = D(exam.year + 5, exam.month, 1) - DAY if exam else None
        out.append({"staff_name": unique_name(), "unit": unit, "on_duty": bool(duty),
                    "cert_no": f"431128{exam.year}{i + 1 + 40 * k:04d}" if exam else None, "valid_until": valid,
                    "exam_on": exam, "exam_type": kind, "exam_result": "合格" if exam else None,
                    "_blank": unit == "办公室" and rows[i - 1][0] != "办公室", "_to": "cert"})
    return out


def gen_cases(rng: random.Random, k: int, staff: list[dict]) -> list[dict]:
    officers = [s["staff_name"] for s in staff if s["unit"] == "执法大队" and s["exam_on"] == D(2024, 7, 13)]
    out = []
    for year, plan in CASE_PLAN.items():
        slots, opened = [], 0
        for camp, n, a, b in CAMPAIGNS.get(year, ()):
            slots += [("行政处罚", camp, day(rng, a, b)) for _ in range(n)]
        last = D(year, 10, 20) if year == 2025 else D(year, 11, 15)
        for outcome, n in plan:
            n -= sum(1 for s in slots if s[0] == outcome)
            for _ in range(n):
                if outcome == "办理中":
                    when, opened = day(rng, *OPEN_2025[opened]), opened + 1
                else:
                    when = day(rng, D(year, 1, 8), last)
                slots.append((outcome, None, when))
        slots.sort(key=lambda s: s[2])
        fines = list(FINES_2024)
        rng.shuffle(fines)
        exported = {2023: D(2024, 1, 5), 2024: D(2025, 1, 3), 2025: D(2025, 12, 31)}[year]
        p = 0  # 行政处罚 decisions so far
        for i, (outcome, camp, filed) in enumerate(slots):
            punish = outcome == "行政处罚"
            p += punish
            vtype = {"机动车检测专项": "大气", "报废汽车拆解专项": rng.choice(("危废", "固废"))}.get(camp) or \
                (rng.choice(("环评", "大气", "排污许可")) if outcome == "报请政府关闭" else rng.choice(VIOLATIONS))
            w = words(rng)
            if outcome == "报请政府关闭":
                party, code = f"{w['t']}{w['a']}{w['b']}{rng.choice(CLOSE_KIND)}", rng.choice((None, credit_code(rng, "92")))
            else:
                party, code = f"新田县{w['a']}{w['b']}{rng.choice(PARTY_KIND[camp or vtype])}", credit_code(rng)
            fine = (fines.pop() if year == 2024 else rng.choice(FINE_POOL)) if punish else None
            decided = None if outcome == "办理中" else min(filed + DAY * rng.randint(18, 70), D(year, 12, 27))
            late = year == 2025 and punish and p == 7
            published = add_workdays(decided, 12 if late else rng.randint(1, 4)) \
                if decided and outcome not in ("撤销立案", "移送") else None
            closed = max(decided + DAY * (rng.randint(7, 30) if punish else rng.randint(2, 10)), published or decided) \
                if decided else None
            major = bool(punish and fine >= 50000)
            out.append({
                "case_no": f"新环罚〔{year}〕{i + 1 + k * len(slots)}号", "party": party, "credit_code": code,
                "violation_type": vtype, "case_source": "专项行动" if camp else
                rng.choice(("日常检查", "日常检查", "双随机", "信访举报", "在线监控", "移交")),
                "campaign": camp, "filed_on": filed, "decided_on": decided, "outcome": outcome,
                "penalty_kind": rng.choice(("罚款", "罚款", "罚款", "罚款、没收违法所得", "罚款、责令停产整治")) if punish else None,
                "fine_yuan": fine, "is_major": major,
                "legal_review_on": decided - DAY * rng.randint(1, 5) if punish else None,
                "collective_decision": major or outcome == "报请政府关闭", "published_on": published,
                "fully_recorded": not (year == 2025 and punish and p == 12),
                "closed_on": closed if closed and closed <= exported else None,
                "officers": "、".join(rng.sample(officers, 2)),
                "_to": f"case{year % 100}" if year != 2024 else
                [f for f, ok in (("case24a", filed.month <= 7), ("case24b", filed.month >= 6)) if ok]})
    return out


def gen_petitions(rng: random.Random, k: int, cases: list[dict], staff: list[dict]) -> list[dict]:
    officers, out = {s["staff_name"] for s in staff}, []
    for year, (county, city) in PET_PLAN.items():
        special = ["late"] * 3 + ["overdue"] * 4 + ["soon"] * 3 if year == 2025 else []
        windows = {"overdue": (D(2025, 8, 15), D(2025, 10, 25)), "soon": (D(2025, 11, 1), D(2025, 11, 7)),
                   "late": (D(2025, 2, 1), D(2025, 9, 30))}
        rows = []
        for i in range(county + city):
            kind = special[i] if i < len(special) else ""
            received = day(rng, *windows.get(kind, (D(year, 1, 2), D(year, 12, 30))))
            level = "县级" if i < county else "市级"
            cat = rng.choice(("噪声", "噪声", "噪声", "大气", "大气", "大气", "水", "水", "固废", "生态", "辐射", "其他"))
            w = words(rng)
            text, subject = rng.choice(PET_TEXT[cat])
            subject = subject and subject.format(**w)
            name = "匿名" if rng.random() < .12 else person(rng)
            while name in officers:  # a petitioner never shares a name with the bureau's staff
                name = person(rng)
            tel = None if name == "匿名" or rng.random() < .05 else phone(rng)
            text = text.format(s=subject, **w)
            roll = rng.random()
            if roll < .10:
                text += f"，请尽快处理，联系电话{tel if tel and roll < .05 else phone(rng)}"
            elif roll < .14:
                text += f"（反映人身份证号：{id_number(rng)}）"
            elif roll < .20 and name != "匿名":  # the petitioner's name in the text too (no extra draw)
                text = f"{name}反映：{text}"
            due = received + DAY * (60 if level == "县级" else 30)
            closed = received + DAY * (rng.randint(63, 80) if kind == "late" else
                                       rng.randint(3, 45 if level == "县级" else 25))
            if kind in ("overdue", "soon") or (year == 2025 and closed > D(2025, 12, 31)):
                closed = None
            sat = ("五星" if year == 2024 and i % 9 == 4 else
                   rng.choice(("非常满意", "非常满意", "满意", "满意", "满意", "基本满意", "五星", "不满意", None)))
            rows.append({"received_on": received, "level": level, "channel": rng.choice(
                ("12345", "12345", "12345", "12369", "12369", "网络", "来访", "来信") if level == "县级" else
                ("上级交办", "上级交办", "12345")), "petitioner": name, "phone": tel, "subject": subject,
                "township": w["t"], "category": cat, "summary": text, "due_on": due, "closed_on": closed,
                "finding": rng.choice(("属实", "属实", "部分属实", "不属实")) if closed else None,
                "satisfaction": sat if closed else None, "related_case_no": None, "_to": f"pet{year % 100}"})
        rows.sort(key=lambda r: r["received_on"])
        for case in (c for c in cases if c["filed_on"].year == year and c["case_source"] == "信访举报"):
            for r in reversed(rows):
                if r["received_on"] < case["filed_on"] and r["closed_on"] and not r["related_case_no"]:
                    cat, text = PET_CASE.get(case["violation_type"], ("其他", "{s}未批先建，手续不全"))
                    r.update(subject=case["party"], category=cat, summary=text.format(s=case["party"]), finding="属实",
                             related_case_no=case["case_no"])
                    break
        seq = {"县级": 0, "市级": 0}
        for r in rows:
            seq[r["level"]] += 1
            pre = "XT" if r["level"] == "县级" else "YZJB"
            r["petition_no"] = f"{pre}{year}{seq[r['level']]:04d}{sfx(k)}"
        out += rows
    return out


def gen_permits(rng: random.Random, k: int) -> list[dict]:
    rows = []
    for year, counts in PERMIT_PLAN.items():
        for doc, n in zip(("报告书", "报告表", "登记表"), counts):
            for i in range(n):
                decided = day(rng, D(year, 3, 10) if year == 2023 else D(year, 1, 8), D(year, 12, 28))
                paused, net = 0, 0
                if doc == "报告书":
                    paused, net = (30, 38) if i == 0 else (rng.choice((0, 15)), rng.randint(20, 38))
                elif doc == "报告表":
                    paused = rng.choice((0, 0, 0, 10, 14))
                    net = (34, 41)[i] if year == 2025 and i < 2 else rng.randint(6, 18)
                rows.append((decided - DAY * (paused + net), decided, doc, paused))
    rows += [(day(rng, D(2025, 12, 8), D(2025, 12, 22)), None, "报告表", 0) for _ in range(2)]
    rows.sort(key=lambda r: (r[0], r[2]))
    out, n_recv, n_dec = [], {}, {}
    for received, decided, doc, paused in rows:
        filed = doc == "登记表"
        ry, dy = received.year, (decided or received).year
        n_recv[ry, filed] = n_recv.get((ry, filed), 0) + 1
        n_dec[dy, filed] = n_dec.get((dy, filed), 0) + (decided is not None)
        project, applicant, industry = rng.choice(PROJECTS[doc])
        w = words(rng)
        no = n_dec[dy, filed] + k * 60
        out.append({"permit_no": (f"备{ry}-{n_recv[ry, filed]:03d}" if filed else f"新环审受〔{ry}〕{n_recv[ry, filed]}号") + sfx(k),
                    "project_name": project.format(**w), "applicant": applicant.format(**w), "doc_type": doc,
                    "received_on": received, "decided_on": decided,
                    "approval_no": None if not decided else f"{dy}431128{no:08d}" if filed else f"新环评〔{dy}〕{no}号",
                    "paused_days": None if filed else paused,
                    "promised_days": None if filed else (40 if doc == "报告书" else 20), "industry": industry,
                    "_to": f"permit{dy % 100}"})
    return out


def gen_misc(rng: random.Random, k: int, cases: list[dict]) -> list[dict]:
    out = []
    majors = {y: [c for c in cases if c["filed_on"].year == y and c["is_major"]] for y in CASE_PLAN}
    for y in CASE_PLAN:
        t = tag(k)
        for d, mtype, chair, topic, agenda, n in STUDY[y]:
            out.append({"held_on": md(y, d), "meeting_type": mtype + t, "chaired_by_head": bool(chair),
                        "law_topic": topic, "rule_of_law_agenda": bool(agenda), "attendees": n, "_to": "study"})
        for d, title, form, org, n, hours, head in TRAININGS:
            out.append({"held_on": md(y, d), "title": title.format(y=y) + t, "form": form, "organizer": org,
                        "attendees": n + rng.randint(-2, 2), "hours": hours, "head_attended": bool(head), "_to": "train"})
        duties = list(DUTIES)
        if y != 2024:  # no 年终述法 recorded in 2024: the report draft must leave a placeholder
            duties.append(("12-27" if y == 2023 else "12-26", "年终述法", "向县委依法治县办述法，报告{y}年度履行推进法治建设第一责任人职责情况",
                           "县委依法治县办", "述法报告已报送"))
        for d, dtype, subject, unit, result in duties:
            town = rng.choice(TOWNS)  # drawn for every duty, so the streams after it stay as they were
            # The head signs each major case once it has passed 法制审核, before (or on) its decision.
            signed = [(min(c["legal_review_on"] + DAY, c["decided_on"]), c["case_no"]) for c in majors[y]] \
                if dtype == "审签重大案件" else [(md(y, d), "")]
            for when, case in signed:
                out.append({"done_on": when, "duty_type": dtype, "subject": subject.format(y=y, case=case, town=town) + t,
                            "unit": unit.format(town=town), "outcome": result, "_to": "duty"})
        for d, theme, occ, form, place, n, mat in EVENTS[y]:
            out.append({"held_on": md(y, d), "theme": theme + t, "occasion": occ, "form": form, "location": place,
                        "audience": n + rng.randint(0, 99), "materials": mat, "_to": ("event", "现场活动")})
        start = D(y, 1, 3)
        for i in range(POSTS[y]):
            series = i % 3
            theme = (f"以案释法｜{rng.choice(VIOLATIONS)}违法典型案例（第{i // 3 + 1}期）", f"每日一学｜{rng.choice(LAWS)}（第{i // 3 + 1}期）",
                     f"生态环境法律知识问答（第{i // 3 + 1}期）")[series]
            out.append({"held_on": start + DAY * (i * 359 // POSTS[y]), "theme": theme + t, "occasion": "其他",
                        "form": "新媒体", "location": "“新田环境”微信公众号", "audience": rng.randint(180, 2600),
                        "materials": 0, "_to": ("event", "新媒体普法")})
        for d, kind, title in REVIEWS[y]:
            out.append({"reviewed_on": md(y, d), "item_type": kind, "title": title.format(y=y) + t,
                        "reviewer": "法律顾问" if kind != "规范性文件" or y == 2025 else "法制股",
                        "opinion": "合法，同意" if kind == "合同" else "程序合法，建议修改完善后提交集体讨论", "_to": "review"})
        for c in majors[y]:
            out.append({"reviewed_on": c["legal_review_on"], "item_type": "重大执法决定", "title": f"{c['case_no']}行政处罚决定法制审核",
                        "reviewer": "法制股", "opinion": "事实清楚、证据确凿、程序合法、处罚适当，同意", "_to": "review"})
        for i, (kind, title, given, replied, sat) in enumerate(SUPERVISION[y]):
            given_on = md(y, given)
            out.append({"item_no": f"{'县人大' if kind == '人大建议' else '县政协'}{y}第{i + 11}号{sfx(k)}", "kind": kind,
                        "title": title + t, "assigned_on": given_on, "due_on": add_months(given_on, 3),
                        "replied_on": md(y, replied), "satisfaction": sat, "_to": "sup"})
    for i, (y, cat, prob, cause, measure, owner, due, status, done) in enumerate(SHORTCOMINGS):
        out.append({"item_no": f"ZG{y}-{i % 3 + 1:02d}{sfx(k)}", "year": y, "category": cat, "problem": prob, "cause": cause,
                    "measure": measure, "owner": owner, "due_on": iso(due), "status": status, "completed_on": iso(done),
                    "_to": "gap25" if y == 2025 else "gap24"})
    penal = {y: [c for c in cases if c["filed_on"].year == y and c["outcome"] == "行政处罚"] for y in CASE_PLAN}
    for no, kind, y, recv, hearing, head, result, closed in (
            (f"（2023）湘1128行初{12 + k}号", "行政诉讼一审", 2023, "07-10", "09-14", True, "驳回", "11-20"),
            (f"新政复决字〔2024〕{3 + k}号", "行政复议", 2024, "09-03", None, False, "维持", "10-30"),
            (f"新政复决字〔2025〕{5 + k}号", "行政复议", 2025, "10-20", None, False, "审理中", None)):
        recv_on = md(y, recv)
        related = [c["case_no"] for c in penal[y] if c["decided_on"] < recv_on - DAY * 15][:1]
        out.append({"case_no": no, "kind": kind, "received_on": recv_on, "related_case_no": (related or [None])[0],
                    "hearing_on": md(y, hearing) if hearing else None, "head_appeared": head, "result": result,
                    "closed_on": md(y, closed) if closed else None, "_to": "lit"})
        if head:
            out.append({"done_on": md(y, hearing), "duty_type": "出庭应诉", "subject": f"出庭应诉{no}行政诉讼案件",
                        "unit": "新田县人民法院", "outcome": "法院判决驳回原告诉讼请求", "_to": "duty"})
    return out


def world(seed: int, k: int, used: set[str]) -> list[dict]:
    def rng(i: int) -> random.Random:
        return random.Random(seed * 1_000_003 + k * 16 + i)

    staff = gen_staff(rng(1), k, used)
    cases = gen_cases(rng(2), k, staff)
    return staff + cases + gen_petitions(rng(3), k, cases, staff) + gen_permits(rng(4), k) + gen_misc(rng(5), k, cases)


# ---------------------------------------------------------------- the export files
@dataclass(frozen=True)
class Spec:
    id: str
    name: str
    table: str
    cols: str  # "header=field|…"; field "#" = 序号, "-" = a column the ledger does not know
    sheets: tuple[str, ...] = ("Sheet1",)
    dates: str = "xl"  # xl / xl2 / xldt (real Excel dates) or iso / slash / dot / cn / compact / mixed (text)
    bools: tuple = ("是", "否")
    money: str = "num"  # num / wan (万元 column) / mixed (text: "5,800.00", "5800元", "5800")
    title: str | None = None
    merge_title: bool = True
    subtitle: str | None = None
    total: str | None = None  # label of a totals row holding the fine total
    blank_before_total: bool = False
    footer: bool = False  # 制表人 / 审核人 row
    encoding: str | None = None  # CSV encoding (or the web page's, for kind "html"); None = xlsx
    kind: str = ""  # "xls": a BIFF8 workbook; "html": a web system's HTML table named .xls
    created: dt.datetime = dt.datetime(2025, 12, 31, 17, 0)


E = "立案日期=filed_on|{d}=decided_on|处理结果=outcome|处罚种类=penalty_kind"
SPECS = (
    Spec("case23", "2023年行政处罚案件台账.xls", "enforcement_cases",
         "序号=#|案件编号=case_no| 当事人 =party|统一社会信用代码=credit_code|违法类型=violation_type|案件来源=case_source|"
         "专项行动=campaign|" + E.format(d="处罚决定日期") + "|罚款金额（万元）=fine_yuan|是否重大案件=is_major|法制审核日期=legal_review_on|"
         "集体讨论=collective_decision|公示日期=published_on|执法全过程记录=fully_recorded|结案日期=closed_on|承办人=officers",
         dates="mixed", bools=("√", "×"), money="wan", title="2023年度行政处罚案件登记台账", merge_title=False,
         total="总计", kind="xls", created=dt.datetime(2024, 1, 8, 10, 0)),
    Spec("case24a", "行政处罚案件台账_2024年1-7月.xlsx", "enforcement_cases",
         "案号=case_no|当事人名称=party|统一社会信用代码=credit_code|违法类型=violation_type|案件来源=case_source|专项行动=campaign|"
         "立案\n日期=filed_on|决定日期=decided_on|处理结果=outcome|处罚种类=penalty_kind|罚款金额=fine_yuan|重大案件=is_major|"
         "法制审核日期=legal_review_on|集体讨论=collective_decision|公示日期=published_on|全过程记录=fully_recorded|"
         "结案日期=closed_on|执法人员=officers", sheets=("案件列表",), created=dt.datetime(2024, 12, 2, 15, 20)),
    Spec("case24b", "2024年行政处罚案件台账（6-12月）.xlsx", "enforcement_cases",
         "序号=#|案号=case_no|当事人=party|统一社会信用代码=credit_code|违法类型=violation_type|案件来源=case_source|专项行动=campaign|"
         + E.format(d="作出决定日期") + "|罚款金额（元）=fine_yuan|是否重大案件=is_major|法制审核时间=legal_review_on|"
         "案审会=collective_decision|信息公示日期=published_on|全过程记录=fully_recorded|结案日期=closed_on|承办人=officers",
         title="2024年行政处罚案件台账（6月-12月）", subtitle="填报单位：新田分局  填报日期：2025年1月6日", total="合计",
         blank_before_total=True, footer=True, created=dt.datetime(2025, 1, 6, 11, 0)),
    Spec("case25", "2025年环境行政处罚案件台账.xlsx", "enforcement_cases",
         "立案编号=case_no|被处罚单位=party|信用代码=credit_code|违法行为类型=violation_type|线索来源=case_source|"
         "所属专项行动=campaign|立案时间=filed_on|处罚决定时间=decided_on|办理结果=outcome|处罚类型=penalty_kind|罚款数额=fine_yuan|"
         "重大执法决定=is_major|法制审核日期=legal_review_on|集体讨论决定=collective_decision|公开日期=published_on|"
         "执法全过程记录=fully_recorded|结案时间=closed_on|办案人员=officers", dates="cn", bools=("Y", "N"), money="mixed"),
    Spec("pet23", "2023年信访投诉台账.xlsx", "petitions",
         "编号=petition_no|登记日期=received_on|渠道=channel|级别=level|信访人=petitioner|联系电话=phone|投诉对象=subject|乡镇=township|"
         "问题类型=category|投诉内容=summary|办结日期=closed_on|核查情况=finding|满意度=satisfaction|关联案件=related_case_no|备注=-",
         dates="xldt", created=dt.datetime(2024, 1, 5, 16, 0)),
    Spec("pet24", "信访投诉台账2024（12369+12345）.csv", "petitions",
         "序号=#|信访编号=petition_no|受理日期=received_on|来源渠道=channel|级别=level|投诉人=petitioner|联系电话=phone|"
         "被投诉对象=subject|所属乡镇=township|污染类型=category|反映问题=summary|办理时限=due_on|办结日期=closed_on|"
         "核查结论=finding|满意度=satisfaction|关联案号=related_case_no", dates="slash", encoding="gbk"),
    Spec("pet25", "2025年信访件办理情况.xls", "petitions",
         "工单号=petition_no|来件日期=received_on|信访渠道=channel|交办级别=level|反映人=petitioner|手机号码=phone|"
         "被举报对象=subject|乡镇（街道）=township|投诉类型=category|主要诉求=summary|办结时限=due_on|办结时间=closed_on|"
         "调查结论=finding|群众满意度=satisfaction|关联案号=related_case_no", dates="compact", encoding="gbk",
         kind="html"),
    Spec("permit23", "环评审批备案台账（2023年）.csv", "permits",
         "受理编号=permit_no|项目名称=project_name|建设单位=applicant|环评类别=doc_type|受理日期=received_on|审批日期=decided_on|"
         "批复文号=approval_no|不计时天数=paused_days|行业类别=industry", dates="iso", encoding="utf-8-sig"),
    Spec("permit24", "2024年建设项目环评审批及登记表备案台账.xlsx", "permits",
         "序号=#|受理号=permit_no|建设项目名称=project_name|建设单位=applicant|环评文件\n类型=doc_type|受理日期=received_on|"
         "批复日期=decided_on|批复文号=approval_no|暂停计时天数=paused_days|承诺时限=promised_days|行业=industry",
         dates="dot", title="2024年建设项目环境影响评价文件审批及备案台账", created=dt.datetime(2025, 1, 10, 9, 0)),
    Spec("permit25", "2025年环评审批台账.xlsx", "permits",
         "申请编号=permit_no|项目名称=project_name|申请单位=applicant|文件类型=doc_type|受理时间=received_on|批复时间=decided_on|"
         "审批文号=approval_no|不计时天数=paused_days|承诺办结时限=promised_days|行业类别=industry", dates="xl2"),
    Spec("cert", "执法人员持证情况.xlsx", "certificates",
         "序号=#|姓  名=staff_name|所在股室=unit|是否执法岗位=on_duty|执法证号=cert_no|有效期至=valid_until|考试时间=exam_on|"
         "考试类型=exam_type|考试结果=exam_result|备注=-", title="新田分局执法人员持证情况统计表（截至2025年12月31日）"),
    Spec("train", "培训台账2023-2025.xlsx", "trainings",
         "培训日期=held_on|培训名称=title|培训形式=form|主办单位=organizer|参训人数=attendees|学时=hours|主要负责人是否参加=head_attended",
         bools=(1, 0)),
    Spec("study", "学法及会议台账（2023-2025）.xlsx", "study_sessions",
         "会议日期=held_on|会议类型=meeting_type|主要负责人主持=chaired_by_head|学法内容=law_topic|研究法治议题=rule_of_law_agenda|"
         "参会人数=attendees", dates="cn", bools=("√", "×")),
    Spec("duty", "主要负责人履行推进法治建设第一责任人职责纪实台账.xlsx", "leadership_duties",
         "序号=#|履职日期=done_on|履职类型=duty_type|履职事项=subject|对象股室或单位=unit|落实情况=outcome"),
    Spec("event", "普法活动台账2023-2025.xlsx", "publicity_events",
         "活动日期=held_on|活动主题=theme|宣传节点=occasion|活动形式=form|活动地点=location|覆盖人数=audience|发放资料份数=materials",
         sheets=("现场活动", "新媒体普法")),
    Spec("gap24", "问题整改台账（2024年度）.xlsx", "shortcomings",
         "问题编号=item_no|年度=year|问题类别=category|存在问题=problem|原因分析=cause|整改措施=measure|责任股室=owner|"
         "整改时限=due_on|整改状态=status|完成日期=completed_on", created=dt.datetime(2025, 1, 15, 10, 0)),
    Spec("gap25", "2025年问题整改台账.xlsx", "shortcomings",
         "编号=item_no|年度=year|类别=category|问题描述=problem|原因=cause|整改措施=measure|责任单位=owner|完成时限=due_on|"
         "状态=status|完成日期=completed_on"),
    Spec("sup", "人大代表建议政协委员提案办理台账.xlsx", "supervision_items",
         "编号=item_no|类型=kind|建议提案标题=title|交办日期=assigned_on|答复期限=due_on|答复日期=replied_on|代表委员满意度=satisfaction"),
    Spec("lit", "行政复议及行政诉讼应诉台账.xlsx", "litigation",
         "编号=case_no|案件类型=kind|收到日期=received_on|原处罚案号=related_case_no|开庭日期=hearing_on|负责人是否出庭=head_appeared|"
         "审理结果=result|结案日期=closed_on", bools=("有", "无")),
    Spec("review", "合法性审查台账.xlsx", "legal_reviews", "审查日期=reviewed_on|审查类型=item_type|审查事项=title|审查主体=reviewer|审查意见=opinion"),
)


DATE_TEXT = {"iso": "{0:%Y-%m-%d}", "slash": "{0.year}/{0.month}/{0.day}", "dot": "{0.year}.{0.month}.{0.day}",
             "cn": "{0.year}年{0.month}月{0.day}日", "compact": "{0:%Y%m%d}"}


@functools.cache
def date_text(d: dt.date, style: str) -> str:
    return DATE_TEXT[style].format(d)


def text_date(d: dt.date, style: str, n: int) -> str:
    """A date as text; style "mixed" takes the five spellings in turn."""
    return date_text(d, style if style != "mixed" else ("iso", "slash", "dot", "cn", "compact")[n % 5])


class Out:
    """One export file being written row by row (so scale 1000 never sits in memory)."""

    def __init__(self, spec: Spec, outdir: Path, rows: int, names: tuple[str, str]):
        """``rows``: how many rows the whole ledger will have (CSV above CSV_ABOVE)."""
        self.spec, self.names = spec, names
        self.cols = [tuple(c.split("=")) for c in spec.cols.split("|")]
        lg = ledger(spec.table)
        self.types = [lg.column(f).type.value if f not in "#-" else "" for _, f in self.cols]
        self.as_csv = (spec.encoding is not None and spec.kind != "html") or rows > CSV_ABOVE
        self.render = [self.renderer(i) for i in range(len(self.cols))]
        self.path = outdir / spec.name
        self.n = {s: 0 for s in spec.sheets}
        self.fines = {s: 0 for s in spec.sheets}
        if self.as_csv:
            self.path = self.path.with_suffix(".csv")
            # kept open across add() calls, closed in close()
            self.fh = open(self.path, "w", encoding=spec.encoding or "utf-8", newline="")  # noqa: SIM115
            self.csv = csv.writer(self.fh, lineterminator="\r\n")
            self.csv.writerow([h for h, _ in self.cols])
            return
        self.wb = self._workbook(rows)
        self.wb.set_properties({"author": "新田分局", "created": spec.created})
        fmt = self.wb.add_format
        self.f_head = fmt({"bold": True, "text_wrap": True, "align": "center", "valign": "vcenter", "border": 1})
        self.f_title = fmt({"bold": True, "font_size": 16, "align": "center"})
        self.f_date = fmt({"num_format": {"xl": "yyyy-mm-dd", "xl2": "yyyy/m/d", "xldt": "yyyy-mm-dd hh:mm"}.get(spec.dates, "")})
        self.ws, self.row = {}, {}
        last = len(self.cols) - 1
        for sheet in spec.sheets:
            ws = self.ws[sheet] = self.wb.add_worksheet(sheet)
            for i, (_, f) in enumerate(self.cols):
                ws.set_column(i, i, 6 if f == "#" else 30 if f in ("summary", "project_name", "problem", "measure", "theme",
                                                                     "subject", "title", "party") else 13)
            r = 0
            for line, fm in ((spec.title, self.f_title), (spec.subtitle, None)):
                if line and spec.merge_title:
                    ws.merge_range(r, 0, r, last, line, fm)
                elif line:
                    ws.write_string(r, 0, line, fm)
                r += bool(line)
            for i, (h, _) in enumerate(self.cols):
                ws.write_string(r, i, h, self.f_head)
            self.row[sheet] = r + 1

    def _workbook(self, rows: int):
        """The workbook to write: xlsx, or what the spec's kind says (same calls for all)."""
        from .sample_writers import HtmlBook, XlsBook

        if self.spec.kind == "xls":
            return XlsBook(self.path, {"xl2": "yyyy/m/d", "xldt": "yyyy-mm-dd hh:mm"}.get(self.spec.dates, ""))
        if self.spec.kind == "html":
            # a page the hotline platform's "导出Excel" writes: text as it shows it, in the page's encoding
            return HtmlBook(self.path, self.spec.encoding or "utf-8")
        return xlsxwriter.Workbook(self.path, {"constant_memory": rows > 5000, "strings_to_urls": False})

    def renderer(self, i: int):
        """A function (record, row number) -> the cell of column i: text, or a number / date for xlsx."""
        (_, field), typ, sp, as_csv = self.cols[i], self.types[i], self.spec, self.as_csv
        if field == "#":
            return (lambda rec, n: str(n)) if as_csv else (lambda rec, n: n)
        if field == "-":
            return lambda rec, n: None
        text = str if as_csv or sp.kind == "html" else (lambda v: v)
        if typ == "DATE" and sp.dates.startswith("xl") and not as_csv:
            if sp.dates == "xldt":  # a datetime with a clock time, as some registration systems export
                return lambda rec, n: (v := rec.get(field)) and dt.datetime.combine(v, dt.time(8 + n * 7 % 9, n * 13 % 60))
            return lambda rec, n: rec.get(field)
        if typ == "DATE":
            style = "iso" if sp.dates.startswith("xl") else sp.dates
            return lambda rec, n: (v := rec.get(field)) and text_date(v, style, n + i)
        if typ == "BOOL":
            yes, no = map(text, sp.bools)
            return lambda rec, n: None if (v := rec.get(field)) is None else yes if v else no
        if field == "fine_yuan" and sp.money == "wan":
            return lambda rec, n: None if (v := rec.get(field)) is None else text(round(v / 10000, 4))
        if field == "fine_yuan" and sp.money == "mixed":
            return lambda rec, n: None if (v := rec.get(field)) is None else (f"{v:,.2f}", f"{v}元", str(v))[n % 3]
        return lambda rec, n: None if (v := rec.get(field)) is None else text(v)

    def add(self, rec: dict, sheet: str) -> None:
        n = self.n[sheet] = self.n[sheet] + 1
        self.fines[sheet] += rec.get("fine_yuan") or 0
        values = [f(rec, n) for f in self.render]
        if self.as_csv:
            self.csv.writerow(values)
            return
        ws = self.ws[sheet]
        if rec.get("_blank"):
            self.row[sheet] += 1
        r = self.row[sheet]
        for c, v in enumerate(values):
            if isinstance(v, str):
                ws.write_string(r, c, v)
            elif isinstance(v, dt.date):
                ws.write_datetime(r, c, v, self.f_date)
            elif v is not None:
                ws.write_number(r, c, v)
        self.row[sheet] = r + 1

    def close(self) -> Path:
        if self.as_csv:
            self.fh.close()
            return self.path
        sp = self.spec
        for sheet, ws in self.ws.items():
            r = self.row[sheet]
            if sp.total:
                r += sp.blank_before_total
                fields = [f for _, f in self.cols]
                ws.write_string(r, 0, sp.total)
                ws.write_string(r, 2, f"共{self.n[sheet]}件")
                total = self.fines[sheet]
                ws.write_number(r, fields.index("fine_yuan"), round(total / 10000, 4) if sp.money == "wan" else total)
                r += 1
            if sp.footer:
                ws.merge_range(r, 0, r, len(self.cols) - 1, f"制表人：{self.names[0]}        审核人：{self.names[1]}")
        self.wb.close()
        return self.path


def generate(outdir: Path, scale: int = 1, seed: int = 2024) -> list[Path]:
    """Write the sample exports of all twelve ledgers into ``outdir``; return the files written."""
    outdir = Path(outdir)
    outdir.mkdir(parents=True, exist_ok=True)
    used: set[str] = set()
    first = world(seed, 0, used)
    table_of = {sp.id: sp.table for sp in SPECS}
    per_copy: dict[str, int] = {}  # rows per ledger in one copy
    for rec in first:
        for fid, _ in routes(rec):
            per_copy[table_of[fid]] = per_copy.get(table_of[fid], 0) + 1
    staff = {s["unit"]: s["staff_name"] for s in reversed(first) if "staff_name" in s}
    outs = {sp.id: Out(sp, outdir, per_copy[sp.table] * scale, (staff["法制股"], staff["执法大队"])) for sp in SPECS}
    for k in range(scale):
        for rec in first if k == 0 else world(seed, k, used):
            for fid, sheet in routes(rec):
                outs[fid].add(rec, sheet or outs[fid].spec.sheets[0])
    return [o.close() for o in outs.values()]


def routes(rec: dict) -> list[tuple[str, str | None]]:
    to = rec["_to"]
    if isinstance(to, tuple):
        return [to]
    return [(t, None) for t in ([to] if isinstance(to, str) else to)]


def main(argv: list[str] | None = None) -> int:
    ap = argparse.ArgumentParser(prog="python -m dashboard.sample", description=__doc__.splitlines()[0])
    ap.add_argument("outdir", type=Path)
    ap.add_argument("--scale", type=int, default=1, metavar="N",
                    help=f"multiply the volume of every ledger by N (ledgers above {CSV_ABOVE:,} rows go to CSV)")
    ap.add_argument("--seed", type=int, default=2024, metavar="S", help="random seed (default 2024)")
    args = ap.parse_args(argv)
    if args.scale < 1:
        ap.error("--scale must be at least 1")
    t0 = time.perf_counter()
    paths = generate(args.outdir, args.scale, args.seed)
    for p in paths:
        print(p)
    print(f"{len(paths)} files in {time.perf_counter() - t0:.1f}s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
