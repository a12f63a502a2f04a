//! The national annual-report forms (政府信息公开工作年度报告): the rows, columns and merged cells
//! of their three tables, exactly as the 2021 format (国办公开办函〔2021〕30号) and the 2019 trial
//! format (国办公开办函〔2019〕60号) draw them, and a skeleton report for `gongwen new --form`.
//! The builder ([`crate::build`]) fills them with an office's numbers and checks their
//! arithmetic.

/// A form format.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Kind {
    /// The 2021 format (reports from the 2021 reporting year on).
    Disclosure2021,
    /// The 2019 trial format.
    Disclosure2019,
}

impl Kind {
    /// Every format.
    pub const ALL: [Kind; 2] = [Kind::Disclosure2021, Kind::Disclosure2019];

    /// The name a report writes: `gov-disclosure-2021`.
    pub fn name(self) -> &'static str {
        match self {
            Kind::Disclosure2021 => "gov-disclosure-2021",
            Kind::Disclosure2019 => "gov-disclosure-2019",
        }
    }

    /// The format named `name`.
    pub fn parse(name: &str) -> Option<Kind> {
        Kind::ALL.into_iter().find(|k| k.name() == name)
    }

    /// The document that sets the format.
    pub fn source(self) -> &'static str {
        match self {
            Kind::Disclosure2021 => "国办公开办函〔2021〕30号",
            Kind::Disclosure2019 => "国办公开办函〔2019〕60号",
        }
    }

    /// Table 二 (主动公开): its blocks.
    pub fn active(self) -> &'static [Block] {
        match self {
            Kind::Disclosure2021 => ACTIVE_2021,
            Kind::Disclosure2019 => ACTIVE_2019,
        }
    }

    /// Table 三 (依申请公开): its body rows, top to bottom.
    pub fn requests(self) -> Vec<RequestRow> {
        let mut rows = vec![
            RequestRow::top("一", "一、本年新收政府信息公开申请数量"),
            RequestRow::top("二", "二、上年结转政府信息公开申请数量"),
            RequestRow::result("三.一", "（一）予以公开"),
            RequestRow::result(
                "三.二",
                "（二）部分公开（区分处理的，只计这一情形，不计其他情形）",
            ),
        ];
        let mut group = |key: &'static str, title: &'static str, items: &[&'static str]| {
            for (i, item) in items.iter().enumerate() {
                rows.push(RequestRow {
                    key: format!("{key}.{}", i + 1),
                    label: item,
                    group: Some(title),
                    part: Part::Detail,
                });
            }
        };
        group(
            "三.三",
            "（三）不予公开",
            &[
                "1.属于国家秘密",
                "2.其他法律行政法规禁止公开",
                "3.危及“三安全一稳定”",
                "4.保护第三方合法权益",
                "5.属于三类内部事务信息",
                "6.属于四类过程性信息",
                "7.属于行政执法案卷",
                "8.属于行政查询事项",
            ],
        );
        group(
            "三.四",
            "（四）无法提供",
            &[
                "1.本机关不掌握相关政府信息",
                "2.没有现成信息需要另行制作",
                "3.补正后申请内容仍不明确",
            ],
        );
        group(
            "三.五",
            "（五）不予处理",
            &[
                "1.信访举报投诉类申请",
                "2.重复申请",
                "3.要求提供公开出版物",
                "4.无正当理由大量反复申请",
                "5.要求行政机关确认或重新出具已获取信息",
            ],
        );
        match self {
            Kind::Disclosure2021 => group(
                "三.六",
                "（六）其他处理",
                &[
                    "1.申请人无正当理由逾期不补正、行政机关不再处理其政府信息公开申请",
                    "2.申请人逾期未按收费通知要求缴纳费用、行政机关不再处理其政府信息公开申请",
                    "3.其他",
                ],
            ),
            Kind::Disclosure2019 => rows.push(RequestRow::result("三.六", "（六）其他处理")),
        }
        rows.push(RequestRow {
            key: "三.七".into(),
            label: "（七）总计",
            group: None,
            part: Part::Total,
        });
        rows.push(RequestRow::top("四", "四、结转下年度继续办理"));
        rows
    }
}

/// A block of table 二: a full-width row naming the clause, a row of column headings, its rows.
#[derive(Debug)]
pub struct Block {
    /// The clause, e.g. 第二十条第（一）项.
    pub clause: &'static str,
    /// The column headings, 信息内容 first.
    pub columns: &'static [&'static str],
    /// The rows' 信息内容 (also the keys of `[form.active]`).
    pub rows: &'static [&'static str],
}

const ACTIVE_2021: &[Block] = &[
    Block {
        clause: "第二十条第（一）项",
        columns: &["信息内容", "本年制发件数", "本年废止件数", "现行有效件数"],
        rows: &["规章", "行政规范性文件"],
    },
    Block {
        clause: "第二十条第（五）项",
        columns: &["信息内容", "本年处理决定数量"],
        rows: &["行政许可"],
    },
    Block {
        clause: "第二十条第（六）项",
        columns: &["信息内容", "本年处理决定数量"],
        rows: &["行政处罚", "行政强制"],
    },
    Block {
        clause: "第二十条第（八）项",
        columns: &["信息内容", "本年收费金额（单位：万元）"],
        rows: &["行政事业性收费"],
    },
];

const ACTIVE_2019: &[Block] = &[
    Block {
        clause: "第二十条第（一）项",
        columns: &[
            "信息内容",
            "本年新制作数量",
            "本年新公开数量",
            "对外公开总数量",
        ],
        rows: &["规章", "规范性文件"],
    },
    Block {
        clause: "第二十条第（五）项",
        columns: &["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
        rows: &["行政许可", "其他对外管理服务事项"],
    },
    Block {
        clause: "第二十条第（六）项",
        columns: &["信息内容", "上一年项目数量", "本年增/减", "处理决定数量"],
        rows: &["行政处罚", "行政强制"],
    },
    Block {
        clause: "第二十条第（八）项",
        columns: &["信息内容", "上一年项目数量", "本年增/减"],
        rows: &["行政事业性收费"],
    },
    Block {
        clause: "第二十条第（九）项",
        columns: &["信息内容", "采购项目数量", "采购总金额"],
        rows: &["政府集中采购"],
    },
];

/// Where a row of table 三 stands in its arithmetic.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Part {
    /// 一, 二 and 四.
    Top,
    /// A detail row of 三、本年度办理结果 (summed into （七）总计).
    Detail,
    /// （七）总计.
    Total,
}

/// A body row of table 三.
#[derive(Debug, Clone)]
pub struct RequestRow {
    /// The key in `[form.requests]`, e.g. `三.三.1`.
    pub key: String,
    /// The row's label as printed.
    pub label: &'static str,
    /// The merged group label over it, e.g. （三）不予公开.
    pub group: Option<&'static str>,
    /// Its part in the arithmetic.
    pub part: Part,
}

impl RequestRow {
    fn top(key: &str, label: &'static str) -> Self {
        RequestRow {
            key: key.into(),
            label,
            group: None,
            part: Part::Top,
        }
    }
    fn result(key: &str, label: &'static str) -> Self {
        RequestRow {
            key: key.into(),
            label,
            group: None,
            part: Part::Detail,
        }
    }
}

/// The merged cell over the row labels of table 三.
pub const REQUESTS_NOTE: &str =
    "（本列数据的勾稽关系为：第一项加第二项之和，等于第三项加第四项之和）";
/// The merged label over the rows of 三.
pub const RESULTS: &str = "三、本年度办理结果";
/// The six applicant columns of table 三, then 总计.
pub const APPLICANTS: [&str; 7] = [
    "自然人",
    "商业企业",
    "科研机构",
    "社会公益组织",
    "法律服务机构",
    "其他",
    "总计",
];
/// The groups of table 四, keys of `[form.review]`, with the heading over each.
pub const REVIEW_GROUPS: [(&str, &str); 3] = [
    ("行政复议", "行政复议"),
    ("未经复议直接起诉", "行政诉讼"),
    ("复议后起诉", "行政诉讼"),
];
/// The five columns of each group of table 四.
pub const REVIEW_COLUMNS: [&str; 5] = ["结果维持", "结果纠正", "其他结果", "尚未审结", "总计"];

/// The three tables' names, as placed in text (`{table:requests}`), with the section each
/// belongs in.
pub const TABLES: [(&str, &str); 3] = [
    ("active", "主动公开政府信息情况"),
    ("requests", "收到和处理政府信息公开申请情况"),
    ("review", "政府信息公开行政复议、行政诉讼情况"),
];

/// A skeleton report in the form `kind`: the six sections, the three tables with every
/// number 0, marked as a template. It builds and checks clean.
pub fn skeleton(kind: Kind) -> String {
    let mut s = String::new();
    s.push_str(&format!(
        r#"#:schema ./report.schema.json
# 政府信息公开工作年度报告 in the national format ({name}, {source}).
# TEMPLATE: every number in [form] is a placeholder 0 and every paragraph a prompt in （）.
# Fill them in, then delete `template = true`. gongwen draws the three tables and checks the
# form's arithmetic (gongwen check report.toml).

[report]
title = "某单位2025年政府信息公开工作年度报告"
office = "某单位"
period = {{ from = 2025-01-01, to = 2025-12-31 }}
layout = "gbt9704"

[opening]
text = '''
本报告根据《中华人民共和国政府信息公开条例》（以下简称《条例》）和国务院办公厅政府信息公开办公室有关要求编制。（在此说明报告的组成、统计期限和获取方式。）
'''

[[section]]
title = "总体情况"
text = '''
（在此概述本年度主动公开、依申请公开、政府信息管理、平台建设和监督保障等情况。）
'''

[[section]]
title = "主动公开政府信息情况"
text = '''
{{table:active}}
'''

[[section]]
title = "收到和处理政府信息公开申请情况"
text = '''
{{table:requests}}
'''

[[section]]
title = "政府信息公开行政复议、行政诉讼情况"
text = '''
{{table:review}}
'''

[[section]]
title = "存在的主要问题及改进情况"
text = '''
（在此说明存在的主要问题和改进措施。）
'''

[[section]]
title = "其他需要报告的事项"
text = '''
（在此说明其他需要报告的事项；没有的，写明无。）
'''

[closing]
signature = "某单位"

[form]
kind = "{name}"
template = true   # the numbers are placeholders: delete this line once they are filled in

[form.active]     # 二、主动公开政府信息情况
"#,
        name = kind.name(),
        source = kind.source()
    ));
    for block in kind.active() {
        let zeros = vec!["0"; block.columns.len() - 1].join(", ");
        for row in block.rows {
            let line = format!("\"{row}\" = [{zeros}]");
            s.push_str(&format!(
                "{}# {}: {}\n",
                pad(&line, 34),
                block.clause,
                block.columns[1..].join(", ")
            ));
        }
    }
    s.push_str("\n[form.requests]   # 三、收到和处理政府信息公开申请情况\n");
    s.push_str(&format!(
        "# each row: {}; the 总计 may be left out (gongwen adds the six), and so may the row \"三.七\"\n",
        APPLICANTS.join(", ")
    ));
    for row in kind.requests() {
        let label = match row.group {
            Some(g) => format!("{g}{}", row.label),
            None => row.label.to_string(),
        };
        let line = format!("\"{}\" = [0, 0, 0, 0, 0, 0, 0]", row.key);
        s.push_str(&format!("{}# {label}\n", pad(&line, 40)));
    }
    s.push_str("\n[form.review]     # 四、政府信息公开行政复议、行政诉讼情况\n");
    for (key, over) in REVIEW_GROUPS {
        let line = format!("\"{key}\" = [0, 0, 0, 0, 0]");
        s.push_str(&format!(
            "{}# {over}: {}\n",
            pad(&line, 40),
            REVIEW_COLUMNS.join(", ")
        ));
    }
    s
}

/// `line` and spaces up to `width` columns (a hanzi takes two), at least two.
fn pad(line: &str, width: usize) -> String {
    let used: usize = line.chars().map(|c| if c.is_ascii() { 1 } else { 2 }).sum();
    format!("{line}{}", " ".repeat(width.saturating_sub(used).max(2)))
}
