//! A synthetic catalog at the city's real scale: 3,900 items, 1,008 packages, 40 departments,
//! 200 materials and 300+ field keys, with prerequisites, exclusions, conditional fields and
//! situational questions in roughly the seed catalog's proportions.
//!
//! Deterministic: the same seed gives the same catalog (a small SplitMix64, no `rand`). Field
//! constraints are compatible by construction, so composing any selection never conflicts:
//! every `min_len` (1–5) is below every `max_len` (20–500), every numeric `min` (0–10) below
//! every `max` (100–1,000), and every item's allowed options of a select include its first one.
//!
//! Names are those of a Chinese city's 事项清单 (see the vocabularies below): departments,
//! life events, items, materials and packages, each unique in Chinese and in English.
//!
//! Shared by the benchmarks (`mod synthetic;`), the scale test and the server's `city_catalog`
//! example (`#[path]`).
#![allow(dead_code)]

use std::collections::BTreeSet;

use app::engine::catalog::{
    Choice, Department, Derivation, Exclusion, FieldDef, FieldKind, FieldUse, Item, LifeEvent,
    MaterialDef, MaterialUse, OrgKind, Package, Prerequisite, Question, Section, ShowIf,
};
use app::engine::{Answers, Bundle, Catalog, Text};

pub const ITEMS: usize = 3_900;
pub const PACKAGES: usize = 1_008;
pub const DEPARTMENTS: usize = 40;
pub const MATERIALS: usize = 200;
/// Generic field keys besides the common personal ones and the questions' own keys.
pub const GENERIC_FIELDS: usize = 300;
pub const QUESTIONS: usize = 120;
pub const SECTIONS: usize = 16;
pub const LIFE_EVENTS: usize = 30;
/// Items whose approval produces a decision other items may need.
pub const PRODUCERS: usize = 60;

/// SplitMix64: tiny, fast and good enough to spread test data.
#[derive(Clone, Debug)]
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Rng {
        Rng(seed)
    }
    pub fn next_u64(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }
    /// Uniform in `0..n` (n > 0); the modulo bias is irrelevant here.
    pub fn below(&mut self, n: usize) -> usize {
        (self.next_u64() % n as u64) as usize
    }
    /// Uniform in `lo..=hi`.
    pub fn between(&mut self, lo: usize, hi: usize) -> usize {
        lo + self.below(hi - lo + 1)
    }
    /// True with probability `percent`/100.
    pub fn chance(&mut self, percent: usize) -> bool {
        self.below(100) < percent
    }
    pub fn pick<'a, T>(&mut self, list: &'a [T]) -> &'a T {
        &list[self.below(list.len())]
    }
    /// `k` distinct indices below `n`, in ascending order.
    pub fn distinct(&mut self, k: usize, n: usize) -> Vec<usize> {
        let k = k.min(n);
        let mut set = BTreeSet::new();
        while set.len() < k {
            set.insert(self.below(n));
        }
        set.into_iter().collect()
    }
}

// ---------------------------------------------------------------------------------------------
// Names. A city's 事项清单 names a service by what it acts on and what it does ("居民身份证" +
// "申领"), so the vocabularies below are objects and actions in both languages; every object of
// a family takes every action of it. Names are unique across the catalog in each language (the
// scale test checks): objects differ from department to department, and when a department's
// vocabulary runs out its names come again with a qualifier such a list uses ("（区级）",
// "（委托代办）"), never with a number. No name draws on the random numbers, so the catalog's
// structure is what it was with placeholder names.
// ---------------------------------------------------------------------------------------------

/// A (Chinese, English) pair. In an action's English, `{}` stands for the object.
type Pair = (&'static str, &'static str);

/// Objects that take the same actions.
struct Family {
    objects: &'static [Pair],
    actions: &'static [Pair],
}

/// A family of whole names, for services that are not an object and an action.
const fn named(names: &'static [Pair]) -> Family {
    Family {
        objects: &[("", "")],
        actions: names,
    }
}

struct Dept {
    name: Pair,
    families: &'static [Family],
    /// The approvals whose decision (决定书, licence, certificate) other items require: a
    /// producer item of this department takes the next one's name, its decision the other.
    issues: &'static [(Pair, Pair)],
    /// Appended, one after another, to the whole vocabulary once it runs out.
    qualifiers: &'static [Pair],
}

/// Cards and certificates a person holds.
const CARD: &[Pair] = &[
    ("申领", "Issue of {}"),
    ("换领", "Renewal of {}"),
    ("补领", "Replacement of {}"),
    ("信息变更", "Change of details on {}"),
    ("注销", "Cancellation of {}"),
];
/// Licences, named as city lists name them: "食品经营许可（延续）".
const PERMIT: &[Pair] = &[
    ("（新办）", "{} (new)"),
    ("（变更）", "{} (change)"),
    ("（延续）", "{} (renewal)"),
    ("（补证）", "{} (reissue)"),
    ("（注销）", "{} (cancellation)"),
];
/// Filings: the authority is told, it does not approve.
const FILING: &[Pair] = &[
    ("备案", "{} filing"),
    ("备案变更", "{} filing change"),
    ("备案注销", "{} filing cancellation"),
];
/// Registrations of an organisation.
const REGISTRATION: &[Pair] = &[
    ("登记", "{} registration"),
    ("变更登记", "{} registration change"),
    ("注销登记", "{} deregistration"),
    ("登记信息查询", "{} registration enquiry"),
];
/// Benefits paid month by month.
const BENEFIT: &[Pair] = &[
    ("申领", "Claim for {}"),
    ("资格认证", "Eligibility check for {}"),
    ("暂停发放", "Suspension of {}"),
    ("恢复发放", "Resumption of {}"),
    ("终止发放", "Termination of {}"),
];
/// Social insurance schemes.
const INSURANCE: &[Pair] = &[
    ("参保登记", "{} enrolment"),
    ("参保信息变更", "{} details change"),
    ("停保登记", "{} opt-out"),
    ("费用缴纳", "{} contribution payment"),
    ("关系转移接续", "{} transfer"),
    ("缴费证明打印", "{} contribution certificate"),
];
/// One-off subsidies and grants.
const SUBSIDY: &[Pair] = &[
    ("申请", "{} application"),
    ("资格复核", "{} eligibility review"),
    ("发放查询", "{} payment enquiry"),
];
/// Approvals of works or a plan.
const APPROVAL: &[Pair] = &[
    ("审批", "{} approval"),
    ("变更审批", "{} change approval"),
    ("延期审批", "{} extension"),
];
/// Titles and labels an authority recognises.
const RECOGNITION: &[Pair] = &[
    ("认定", "{} recognition"),
    ("复核", "{} review"),
    ("更名", "{} name change"),
    ("奖补申请", "{} grant application"),
];
/// Accounts with a utility.
const UTILITY: &[Pair] = &[
    ("新装", "New {} connection"),
    ("增容", "{} capacity increase"),
    ("减容", "{} capacity reduction"),
    ("过户", "{} account transfer"),
    ("更名", "{} account name change"),
    ("暂停", "{} suspension"),
    ("恢复", "{} restoration"),
    ("移表", "{} meter relocation"),
    ("销户", "{} account closure"),
    ("故障报修", "{} fault repair"),
    ("表计校验", "{} meter test"),
];

/// Qualifiers by applicant, for services to people.
const FOR_RESIDENTS: &[Pair] = &[
    ("（本市户籍）", " (local residents)"),
    ("（非本市户籍）", " (non-local residents)"),
    ("（港澳台居民）", " (Hong Kong, Macao and Taiwan residents)"),
    ("（外籍人员）", " (foreign nationals)"),
    ("（委托代办）", " (by proxy)"),
];
/// Qualifiers for services an employee or the employer may ask for.
const FOR_EMPLOYERS: &[Pair] = &[
    ("（个人）", " (individuals)"),
    ("（单位）", " (employers)"),
    ("（灵活就业人员）", " (flexible workers)"),
    ("（跨省通办）", " (across provinces)"),
];
/// Qualifiers for services to businesses.
const FOR_BUSINESSES: &[Pair] = &[
    ("（企业）", " (companies)"),
    ("（个体工商户）", " (sole traders)"),
    ("（告知承诺制）", " (notify-and-commit)"),
    ("（容缺受理）", " (documents to follow)"),
];
/// Qualifiers for property owners.
const FOR_OWNERS: &[Pair] = &[
    ("（个人）", " (individuals)"),
    ("（企业）", " (companies)"),
    ("（委托代办）", " (by proxy)"),
    ("（跨省通办）", " (across provinces)"),
];
/// Qualifiers by the level that decides: a city lists the same service at each.
const BY_LEVEL: &[Pair] = &[
    ("（市级）", " (city level)"),
    ("（区级）", " (district level)"),
    ("（告知承诺制）", " (notify-and-commit)"),
    ("（容缺受理）", " (documents to follow)"),
];
/// Qualifiers by the way a utility's customer asks.
const CHANNELS: &[Pair] = &[
    ("（线上办理）", " (online)"),
    ("（营业厅办理）", " (at a service hall)"),
    ("（上门服务）", " (home visit)"),
    ("（委托代办）", " (by proxy)"),
];

/// The city's departments, in `dept_00`… order; the last four are outside organisations. The
/// producers of decisions fall on departments 0, 5, 10, … 35 (item `20 + 65p`, one in forty),
/// so those are the ones that issue licences and decisions.
const CITY: [Dept; DEPARTMENTS] = [
    // dept_00
    Dept {
        name: (
            "人力资源和社会保障局",
            "Human Resources and Social Security Bureau",
        ),
        families: &[
            Family {
                objects: &[
                    ("企业职工基本养老保险", "employees' basic pension insurance"),
                    ("城乡居民基本养老保险", "residents' basic pension insurance"),
                    ("失业保险", "unemployment insurance"),
                    ("工伤保险", "work-injury insurance"),
                ],
                actions: INSURANCE,
            },
            Family {
                objects: &[
                    ("基本养老金", "basic pension"),
                    ("失业保险金", "unemployment benefit"),
                    ("伤残津贴", "work-injury disability allowance"),
                    ("供养亲属抚恤金", "survivors' pension"),
                ],
                actions: BENEFIT,
            },
            Family {
                objects: &[
                    ("社会保障卡", "social security card"),
                    ("就业创业证", "employment and entrepreneurship certificate"),
                ],
                actions: CARD,
            },
            Family {
                objects: &[
                    ("职业培训补贴", "vocational training subsidy"),
                    ("一次性创业补贴", "one-off start-up subsidy"),
                    ("社会保险补贴", "social insurance subsidy"),
                    ("失业保险稳岗返还", "job-retention refund"),
                    ("求职创业补贴", "job-seeking subsidy"),
                    ("就业见习补贴", "internship subsidy"),
                    ("创业担保贷款贴息", "start-up loan interest subsidy"),
                    ("技能提升补贴", "skills upgrading subsidy"),
                ],
                actions: SUBSIDY,
            },
            Family {
                objects: &[
                    ("企业年金方案", "enterprise annuity plan"),
                    ("经济性裁员", "economic redundancy"),
                    ("集体合同", "collective agreement"),
                ],
                actions: FILING,
            },
            named(&[
                ("就业登记", "Employment registration"),
                ("失业登记", "Unemployment registration"),
                ("职工退休审批", "Retirement approval"),
                ("职业技能等级认定", "Vocational skill level assessment"),
                ("专业技术人员职称评审", "Professional title evaluation"),
                ("劳动保障监察投诉", "Labour inspection complaint"),
                ("欠薪投诉", "Unpaid wages complaint"),
                ("人事档案转递", "Transfer of a personnel file"),
            ]),
        ],
        issues: &[
            (
                ("工伤认定申请", "Work-injury determination"),
                ("工伤认定决定书", "Work-injury determination decision"),
            ),
            (
                ("劳动能力鉴定", "Work-capacity appraisal"),
                ("劳动能力鉴定结论书", "Work-capacity appraisal conclusion"),
            ),
            (
                ("劳动人事争议仲裁申请", "Labour dispute arbitration"),
                ("劳动人事争议仲裁裁决书", "Labour dispute arbitration award"),
            ),
            (
                ("特殊工时制度审批", "Special working-hours approval"),
                ("特殊工时制度审批决定书", "Special working-hours decision"),
            ),
            (
                ("人力资源服务许可", "Human resources service licence"),
                (
                    "人力资源服务许可证",
                    "Human resources service licence certificate",
                ),
            ),
            (
                ("劳务派遣经营许可", "Labour dispatch licence"),
                ("劳务派遣经营许可证", "Labour dispatch licence certificate"),
            ),
            (
                (
                    "工伤职工停工留薪期确认",
                    "Paid sick leave after a work injury",
                ),
                ("停工留薪期确认决定书", "Paid sick leave decision"),
            ),
            (
                (
                    "因病完全丧失劳动能力鉴定",
                    "Appraisal of total incapacity through illness",
                ),
                (
                    "完全丧失劳动能力鉴定结论书",
                    "Total incapacity appraisal conclusion",
                ),
            ),
        ],
        qualifiers: FOR_EMPLOYERS,
    },
    // dept_01
    Dept {
        name: ("公安局", "Public Security Bureau"),
        families: &[
            Family {
                objects: &[
                    ("居民身份证", "resident ID card"),
                    ("居民户口簿", "household register"),
                    ("居住证", "residence permit"),
                    ("普通护照", "passport"),
                    (
                        "往来港澳通行证",
                        "exit-entry permit for Hong Kong and Macao",
                    ),
                    ("往来台湾通行证", "exit-entry permit for Taiwan"),
                    (
                        "港澳台居民居住证",
                        "residence permit for Hong Kong, Macao and Taiwan residents",
                    ),
                    ("外国人居留许可", "residence permit for foreign nationals"),
                ],
                actions: CARD,
            },
            Family {
                objects: &[("户口", "household registration")],
                actions: &[
                    ("迁入", "Moving {} into the city"),
                    ("迁出", "Moving {} out of the city"),
                    ("分户", "Splitting a {}"),
                    ("立户", "Opening a {}"),
                    ("项目变更更正", "Correction of {} details"),
                    ("注销", "Cancellation of {}"),
                    ("恢复", "Restoration of {}"),
                    ("迁移证明开具", "Certificate for moving {}"),
                ],
            },
            Family {
                objects: &[
                    ("保安服务公司设立许可", "security company licence"),
                    ("旅馆业特种行业许可", "hotel special-trade licence"),
                    ("公章刻制业特种行业许可", "seal-engraving trade licence"),
                    ("典当业特种行业许可", "pawnbroking licence"),
                    ("民用爆炸物品购买许可", "civil explosives purchase permit"),
                    (
                        "剧毒化学品购买许可",
                        "highly toxic chemicals purchase permit",
                    ),
                    (
                        "大型群众性活动安全许可",
                        "large public event security permit",
                    ),
                ],
                actions: PERMIT,
            },
            Family {
                objects: &[
                    ("印章刻制", "seal engraving"),
                    ("保安培训单位", "security guard school"),
                    ("单位自行招用保安员", "in-house security guards"),
                ],
                actions: FILING,
            },
            named(&[
                ("无犯罪记录证明开具", "Certificate of no criminal record"),
                ("户籍证明开具", "Household registration certificate"),
                ("出入境记录查询", "Exit and entry records"),
                ("出生登记", "Household registration of a newborn"),
                (
                    "死亡注销户口",
                    "Cancellation of household registration after a death",
                ),
                (
                    "往来港澳商务签注",
                    "Business endorsement for Hong Kong and Macao",
                ),
                ("赴台团队旅游签注", "Group tour endorsement for Taiwan"),
            ]),
        ],
        issues: &[],
        qualifiers: FOR_RESIDENTS,
    },
    // dept_02
    Dept {
        name: ("医疗保障局", "Medical Security Bureau"),
        families: &[
            Family {
                objects: &[
                    ("职工基本医疗保险", "employees' medical insurance"),
                    ("城乡居民基本医疗保险", "residents' medical insurance"),
                    ("生育保险", "maternity insurance"),
                    ("长期护理保险", "long-term care insurance"),
                    ("职工大额医疗费用补助", "major medical expenses top-up"),
                ],
                actions: INSURANCE,
            },
            Family {
                objects: &[
                    ("门诊费用", "outpatient cost"),
                    ("住院费用", "inpatient cost"),
                    ("异地就医费用", "out-of-town medical cost"),
                    ("门诊慢特病费用", "chronic-illness outpatient cost"),
                    ("生育医疗费用", "maternity medical cost"),
                    ("意外伤害医疗费用", "accidental-injury medical cost"),
                ],
                actions: &[
                    ("报销", "{} reimbursement"),
                    ("报销进度查询", "{} reimbursement progress"),
                    ("结算单打印", "{} settlement statement"),
                ],
            },
            Family {
                objects: &[
                    ("生育津贴", "maternity allowance"),
                    ("门诊慢特病待遇", "chronic-illness outpatient benefit"),
                    ("长期护理保险待遇", "long-term care benefit"),
                    ("医疗救助", "medical assistance"),
                ],
                actions: BENEFIT,
            },
            Family {
                objects: &[
                    ("异地就医", "out-of-town medical treatment"),
                    ("转外就医", "treatment outside the city"),
                    (
                        "异地长期居住人员就医",
                        "medical care while living elsewhere",
                    ),
                ],
                actions: FILING,
            },
            Family {
                objects: &[("医保电子凭证", "medical insurance e-voucher")],
                actions: CARD,
            },
            Family {
                objects: &[
                    ("定点医疗机构", "designated medical institution"),
                    ("定点零售药店", "designated pharmacy"),
                ],
                actions: &[
                    ("协议申请", "{} agreement application"),
                    ("协议变更", "{} agreement change"),
                    ("协议解除", "{} agreement termination"),
                ],
            },
            named(&[
                (
                    "职工医保个人账户家庭共济",
                    "Family sharing of a medical insurance account",
                ),
                (
                    "医保个人账户一次性支取",
                    "Lump-sum withdrawal from a medical account",
                ),
                ("医保参保凭证打印", "Proof of medical insurance"),
                ("新生儿参保登记", "Newborn medical insurance enrolment"),
                ("医保药品目录查询", "Reimbursable medicines list"),
            ]),
        ],
        issues: &[],
        qualifiers: FOR_EMPLOYERS,
    },
    // dept_03
    Dept {
        name: ("税务局", "Taxation Bureau"),
        families: &[
            Family {
                objects: &[
                    ("增值税", "VAT"),
                    ("企业所得税", "corporate income tax"),
                    ("个人所得税", "individual income tax"),
                    ("消费税", "consumption tax"),
                    ("房产税", "property tax"),
                    ("城镇土地使用税", "urban land use tax"),
                    ("印花税", "stamp duty"),
                    ("契税", "deed tax"),
                    ("土地增值税", "land appreciation tax"),
                    ("车船税", "vehicle and vessel tax"),
                    ("资源税", "resource tax"),
                    ("环境保护税", "environmental protection tax"),
                    ("耕地占用税", "farmland occupation tax"),
                    ("城市维护建设税", "urban maintenance and construction tax"),
                ],
                actions: &[
                    ("申报", "{} return"),
                    ("更正申报", "Corrected {} return"),
                    ("缴纳", "{} payment"),
                    ("减免税备案", "{} relief filing"),
                    ("退税", "{} refund"),
                    ("完税证明开具", "{} payment certificate"),
                ],
            },
            named(&[
                ("税务登记", "Tax registration"),
                ("变更税务登记", "Change of tax registration"),
                ("注销税务登记", "Tax deregistration"),
                ("跨区域涉税事项报告", "Cross-region tax report"),
                ("增值税一般纳税人登记", "General VAT taxpayer registration"),
                ("发票领用", "Invoice supply"),
                ("发票代开", "Invoice issued by the tax office"),
                ("纳税信用修复", "Tax credit repair"),
                (
                    "个人所得税综合所得年度汇算",
                    "Annual individual income tax reconciliation",
                ),
                (
                    "个人所得税专项附加扣除填报",
                    "Individual income tax special deductions",
                ),
                ("社会保险费缴纳", "Social insurance contribution payment"),
                (
                    "城乡居民医保费缴纳",
                    "Residents' medical insurance premium payment",
                ),
            ]),
        ],
        issues: &[],
        qualifiers: FOR_BUSINESSES,
    },
    // dept_04
    Dept {
        name: ("教育局", "Education Bureau"),
        families: &[
            Family {
                objects: &[
                    ("幼儿园", "kindergarten"),
                    ("小学", "primary school"),
                    ("初中", "junior secondary school"),
                    ("普通高中", "senior secondary school"),
                    ("中等职业学校", "vocational secondary school"),
                ],
                actions: &[
                    ("入学报名", "{} enrolment application"),
                    ("入学资格审核", "{} admission check"),
                    ("转学", "{} transfer"),
                    ("休学", "{} leave of absence"),
                    ("复学", "{} return from leave"),
                    ("学籍证明开具", "{} enrolment certificate"),
                ],
            },
            Family {
                objects: &[
                    ("幼儿园教师资格", "kindergarten teacher qualification"),
                    ("小学教师资格", "primary teacher qualification"),
                    ("初级中学教师资格", "junior secondary teacher qualification"),
                    ("高级中学教师资格", "senior secondary teacher qualification"),
                    ("中等职业学校教师资格", "vocational teacher qualification"),
                ],
                actions: &[
                    ("认定", "{} recognition"),
                    ("证书补发", "{} certificate reissue"),
                    ("证书换发", "{} certificate renewal"),
                    ("信息更正", "{} details correction"),
                ],
            },
            Family {
                objects: &[
                    ("民办学校办学许可", "private school licence"),
                    ("校外培训机构办学许可", "tutoring school licence"),
                    ("民办幼儿园办学许可", "private kindergarten licence"),
                ],
                actions: PERMIT,
            },
            Family {
                objects: &[
                    ("学前教育资助", "preschool financial aid"),
                    (
                        "家庭经济困难学生生活补助",
                        "living allowance for pupils from low-income families",
                    ),
                    (
                        "普通高中国家助学金",
                        "national grant for senior secondary students",
                    ),
                    ("中职学校免学费", "vocational school tuition waiver"),
                    ("生源地信用助学贷款", "student loan from the home county"),
                ],
                actions: SUBSIDY,
            },
            named(&[
                ("中小学学历证明开具", "Certificate of school education"),
                ("中考报名", "Senior school entrance exam registration"),
                ("中考成绩复核", "Entrance exam score review"),
                ("高考报名", "College entrance exam registration"),
                (
                    "随迁子女积分入学",
                    "Points-based school places for migrant children",
                ),
                (
                    "适龄儿童入学信息采集",
                    "Pre-enrolment of school-age children",
                ),
                (
                    "特殊教育送教上门",
                    "Home teaching for children with special needs",
                ),
                ("校车使用许可", "School bus permit"),
                ("义务教育招生范围查询", "School catchment area enquiry"),
            ]),
        ],
        issues: &[],
        qualifiers: FOR_RESIDENTS,
    },
    // dept_05
    Dept {
        name: ("民政局", "Civil Affairs Bureau"),
        families: &[
            named(&[
                ("结婚登记", "Marriage registration"),
                ("离婚登记", "Divorce registration"),
                ("补领结婚证", "Replacement of a marriage certificate"),
                ("补领离婚证", "Replacement of a divorce certificate"),
                ("婚姻登记档案查询", "Marriage record enquiry"),
                (
                    "涉外结婚登记",
                    "Marriage registration with a foreign national",
                ),
                (
                    "涉港澳台结婚登记",
                    "Marriage registration with a Hong Kong, Macao or Taiwan resident",
                ),
            ]),
            Family {
                objects: &[
                    ("高龄津贴", "old-age allowance"),
                    (
                        "困难残疾人生活补贴",
                        "living allowance for disabled people in hardship",
                    ),
                    (
                        "重度残疾人护理补贴",
                        "care allowance for severely disabled people",
                    ),
                    ("孤儿基本生活费", "orphans' living allowance"),
                    (
                        "事实无人抚养儿童基本生活补贴",
                        "allowance for children without de facto carers",
                    ),
                    (
                        "经济困难老年人养老服务补贴",
                        "elderly care subsidy for low-income older people",
                    ),
                    (
                        "低保边缘家庭生活补助",
                        "allowance for families just above the subsistence line",
                    ),
                ],
                actions: BENEFIT,
            },
            Family {
                objects: &[
                    ("社会团体", "social organisation"),
                    ("民办非企业单位", "private non-profit"),
                    ("基金会", "foundation"),
                    ("社区社会组织", "community organisation"),
                ],
                actions: REGISTRATION,
            },
            Family {
                objects: &[
                    ("养老机构", "care home"),
                    ("慈善信托", "charitable trust"),
                    ("殡葬服务机构", "funeral service provider"),
                ],
                actions: FILING,
            },
            named(&[
                ("遗体火化", "Cremation"),
                ("殡葬服务预约", "Funeral service booking"),
                ("基本殡葬服务费用减免", "Waiver of basic funeral fees"),
                ("居民家庭经济状况核对", "Household finances check"),
                ("低收入人口认定", "Low-income status recognition"),
                ("志愿者注册", "Volunteer registration"),
                ("门牌号码编制", "House number assignment"),
            ]),
        ],
        issues: &[
            (
                ("最低生活保障申请", "Subsistence allowance application"),
                ("最低生活保障审批决定书", "Subsistence allowance decision"),
            ),
            (
                (
                    "特困人员救助供养申请",
                    "Extreme-poverty support application",
                ),
                (
                    "特困人员救助供养审批决定书",
                    "Extreme-poverty support decision",
                ),
            ),
            (
                ("临时救助申请", "Temporary assistance application"),
                ("临时救助审批决定书", "Temporary assistance decision"),
            ),
            (
                ("收养登记", "Adoption registration"),
                ("收养登记证", "Adoption certificate"),
            ),
            (
                ("慈善组织认定", "Recognition as a charity"),
                ("慈善组织认定决定书", "Charity recognition decision"),
            ),
            (
                (
                    "公开募捐资格审批",
                    "Approval to raise funds from the public",
                ),
                ("公开募捐资格证书", "Public fundraising certificate"),
            ),
            (
                ("地名命名审批", "Place-name approval"),
                ("地名命名批复", "Place-name approval reply"),
            ),
            (
                ("经营性公墓建设审批", "Commercial cemetery approval"),
                ("经营性公墓建设批准决定书", "Commercial cemetery decision"),
            ),
        ],
        qualifiers: FOR_RESIDENTS,
    },
    // dept_06
    Dept {
        name: ("公安局交通警察支队", "Traffic Police Detachment"),
        families: &[
            Family {
                objects: &[
                    ("机动车驾驶证", "driving licence"),
                    ("机动车行驶证", "vehicle registration certificate"),
                    ("机动车号牌", "number plate"),
                    ("机动车检验合格标志", "inspection sticker"),
                    ("临时行驶车号牌", "temporary number plate"),
                ],
                actions: CARD,
            },
            Family {
                objects: &[
                    ("小型汽车", "car"),
                    ("摩托车", "motorcycle"),
                    ("大型货车", "heavy goods vehicle"),
                    ("挂车", "trailer"),
                ],
                actions: &[
                    ("注册登记", "{} registration"),
                    ("转移登记", "{} ownership transfer"),
                    ("变更登记", "{} registration change"),
                    ("抵押登记", "{} mortgage registration"),
                    ("解除抵押登记", "{} mortgage release"),
                    ("注销登记", "{} deregistration"),
                    ("转入", "{} transfer into the city"),
                    ("安全技术检验", "{} roadworthiness test"),
                    ("异地委托检验", "{} test in another city"),
                    ("质押备案", "{} pledge filing"),
                ],
            },
            Family {
                objects: &[("电动自行车", "electric bicycle")],
                actions: &[
                    ("登记", "{} registration"),
                    ("转移登记", "{} ownership transfer"),
                    ("注销登记", "{} deregistration"),
                    ("号牌补领", "{} plate replacement"),
                ],
            },
            named(&[
                ("驾驶人考试预约", "Driving test booking"),
                ("交通违法处理", "Traffic offence settlement"),
                ("交通事故快处快赔", "Fast settlement of a minor accident"),
                ("交通事故认定复核", "Review of an accident determination"),
                ("驾驶证审验", "Driving licence review"),
                ("满分学习考试", "Study and test after twelve penalty points"),
                ("校车驾驶资格许可", "School-bus driver qualification"),
                (
                    "剧毒化学品道路运输通行证核发",
                    "Road pass for highly toxic chemicals",
                ),
                ("货车通行证核发", "Truck city-entry pass"),
                ("安全驾驶记录证明", "Safe driving record"),
            ]),
        ],
        issues: &[],
        qualifiers: FOR_RESIDENTS,
    },
    // dept_07
    Dept {
        name: ("住房公积金管理中心", "Housing Provident Fund Centre"),
        families: &[
            Family {
                objects: &[
                    ("购买自住住房", "buying a home"),
                    ("建造翻建大修自住住房", "building or renovating a home"),
                    ("偿还购房贷款本息", "mortgage repayments"),
                    ("租赁住房", "rent"),
                    ("重大疾病", "serious illness"),
                    ("既有住宅加装电梯", "installing a lift"),
                    ("老旧小区改造", "old-estate renovation"),
                ],
                // A family member's withdrawal for the account holder's home is a separate
                // service in most cities.
                actions: &[
                    (
                        "提取住房公积金（本人）",
                        "Housing fund withdrawal for {} (account holder)",
                    ),
                    (
                        "提取住房公积金（配偶）",
                        "Housing fund withdrawal for {} (spouse)",
                    ),
                    (
                        "提取住房公积金（父母）",
                        "Housing fund withdrawal for {} (parents)",
                    ),
                    (
                        "提取住房公积金（子女）",
                        "Housing fund withdrawal for {} (children)",
                    ),
                ],
            },
            Family {
                objects: &[
                    ("离休退休", "retirement"),
                    ("出境定居", "emigration"),
                    ("完全丧失劳动能力", "total loss of work capacity"),
                    ("与单位终止劳动关系", "leaving employment"),
                    ("死亡或被宣告死亡", "death"),
                    ("户口迁出本市", "moving away from the city"),
                    ("享受最低生活保障", "receiving subsistence allowance"),
                ],
                actions: &[("提取住房公积金", "Housing fund withdrawal on {}")],
            },
            Family {
                objects: &[
                    ("单位住房公积金账户", "employer's housing fund account"),
                    ("个人住房公积金账户", "personal housing fund account"),
                ],
                actions: &[
                    ("设立", "{} opening"),
                    ("信息变更", "{} details change"),
                    ("封存", "{} suspension"),
                    ("启封", "{} reactivation"),
                    ("转移", "{} transfer"),
                    ("合并", "{} merger"),
                    ("注销", "{} closure"),
                ],
            },
            named(&[
                ("住房公积金个人住房贷款", "Housing fund mortgage"),
                (
                    "公积金贷款提前部分还款",
                    "Partial early repayment of a housing fund mortgage",
                ),
                (
                    "公积金贷款提前结清",
                    "Early settlement of a housing fund mortgage",
                ),
                (
                    "公积金贷款还款方式变更",
                    "Change of housing fund mortgage repayments",
                ),
                (
                    "公积金贷款结清证明",
                    "Housing fund mortgage settlement certificate",
                ),
                (
                    "商业贷款转公积金贷款",
                    "Switch from a commercial to a housing fund mortgage",
                ),
                (
                    "公积金组合贷款",
                    "Combined housing fund and commercial mortgage",
                ),
                (
                    "异地贷款缴存使用证明",
                    "Contribution certificate for an out-of-town mortgage",
                ),
                (
                    "公积金贷款借款人变更",
                    "Change of borrower on a housing fund mortgage",
                ),
                ("住房公积金汇缴", "Monthly housing fund contributions"),
                ("住房公积金补缴", "Housing fund back-payment"),
                ("住房公积金缴存基数调整", "Contribution base adjustment"),
                ("住房公积金缓缴", "Housing fund contribution deferral"),
                ("降低住房公积金缴存比例", "Reduced contribution rate"),
                (
                    "灵活就业人员自愿缴存",
                    "Voluntary contributions by flexible workers",
                ),
                (
                    "住房公积金缴存证明",
                    "Housing fund contribution certificate",
                ),
                ("个人缴存明细查询", "Personal contribution history"),
            ]),
        ],
        issues: &[],
        qualifiers: FOR_EMPLOYERS,
    },
    // dept_08
    Dept {
        name: ("不动产登记中心", "Real Estate Registration Centre"),
        families: &[
            Family {
                objects: &[
                    (
                        "国有建设用地使用权",
                        "state-owned construction land use right",
                    ),
                    (
                        "国有建设用地使用权及房屋所有权",
                        "land use right and building ownership",
                    ),
                    (
                        "宅基地使用权及房屋所有权",
                        "rural homestead and house ownership",
                    ),
                    (
                        "集体建设用地使用权",
                        "collective construction land use right",
                    ),
                    ("土地承包经营权", "land contract management right"),
                    ("林权", "forest right"),
                    ("海域使用权", "sea area use right"),
                    ("抵押权", "mortgage"),
                    ("地役权", "easement"),
                    ("居住权", "right of residence"),
                ],
                actions: &[
                    ("首次登记", "{}: first registration"),
                    ("转移登记", "{}: transfer registration"),
                    ("变更登记", "{}: change registration"),
                    ("注销登记", "{}: deregistration"),
                    ("更正登记", "{}: correction registration"),
                ],
            },
            named(&[
                (
                    "预售商品房买卖预告登记",
                    "Advance registration of an off-plan purchase",
                ),
                (
                    "预购商品房抵押预告登记",
                    "Advance mortgage registration of an off-plan home",
                ),
                ("异议登记", "Objection registration"),
                ("查封登记", "Seizure registration"),
                (
                    "不动产权证书补发",
                    "Reissue of a property title certificate",
                ),
                (
                    "不动产权证书换发",
                    "Renewal of a property title certificate",
                ),
                ("不动产登记资料查询", "Property register search"),
                (
                    "不动产登记证明补发",
                    "Reissue of a registration certificate",
                ),
                (
                    "存量房转移登记与水电气过户联办",
                    "Second-hand home transfer with utility accounts",
                ),
                ("新建商品房转移登记", "Transfer registration of a new home"),
                ("不动产权籍调查", "Property survey"),
                ("无房证明开具", "Certificate of owning no property"),
            ]),
        ],
        issues: &[],
        qualifiers: FOR_OWNERS,
    },
    // dept_09
    Dept {
        name: ("退役军人事务局", "Veterans Affairs Bureau"),
        families: &[
            Family {
                objects: &[
                    ("伤残抚恤金", "disability pension for veterans"),
                    ("定期抚恤金", "survivors' regular pension"),
                    (
                        "在乡老复员军人定期定量补助",
                        "allowance for demobilised veterans",
                    ),
                    (
                        "参战参试退役军人生活补助",
                        "allowance for war and test veterans",
                    ),
                    (
                        "带病回乡退伍军人生活补助",
                        "allowance for veterans who returned home sick",
                    ),
                ],
                actions: BENEFIT,
            },
            Family {
                objects: &[
                    ("退役军人优待证", "veteran's preferential treatment card"),
                    ("残疾军人证", "disabled soldier certificate"),
                    ("伤残人民警察证", "disabled police officer certificate"),
                ],
                actions: CARD,
            },
            named(&[
                ("退役军人信息采集", "Veteran information registration"),
                ("退役士兵安置", "Placement of discharged soldiers"),
                (
                    "自主就业退役士兵一次性经济补助",
                    "One-off grant for self-employed veterans",
                ),
                ("退役军人就业创业培训", "Employment training for veterans"),
                ("烈士评定", "Recognition as a martyr"),
                ("烈士褒扬金发放", "Martyr's commendation payment"),
                ("光荣牌悬挂", "Honour plaque"),
                (
                    "军人军属优待",
                    "Preferential treatment for service families",
                ),
                ("义务兵家庭优待金", "Allowance for conscripts' families"),
                ("退役军人创业担保贷款", "Start-up loans for veterans"),
                ("残疾军人伤残等级评定", "Disability rating of veterans"),
                ("退役军人档案接收", "Receipt of a veteran's file"),
                ("随军家属就业安置", "Jobs for military spouses"),
                ("军队离退休干部移交", "Handover of retired officers"),
                ("一次性抚恤金", "One-off death benefit"),
            ]),
        ],
        issues: &[],
        qualifiers: FOR_RESIDENTS,
    },
    // dept_10
    Dept {
        name: ("市场监督管理局", "Market Regulation Bureau"),
        families: &[
            Family {
                objects: &[
                    ("有限责任公司", "limited company"),
                    ("股份有限公司", "joint-stock company"),
                    ("个人独资企业", "sole proprietorship"),
                    ("合伙企业", "partnership"),
                    ("个体工商户", "sole trader"),
                    ("农民专业合作社", "farmers' cooperative"),
                    ("分公司", "branch office"),
                    ("外商投资企业", "foreign-invested enterprise"),
                ],
                actions: &[
                    ("设立登记", "{} incorporation"),
                    ("变更登记", "{} change registration"),
                    ("备案", "{} filing"),
                    ("注销登记", "{} deregistration"),
                    ("简易注销", "{} simplified deregistration"),
                ],
            },
            Family {
                objects: &[
                    ("食品小作坊登记", "small food workshop licence"),
                    (
                        "特种设备安装改造维修许可",
                        "special equipment installation licence",
                    ),
                    ("检验检测机构资质认定", "testing laboratory accreditation"),
                    ("小餐饮经营许可", "small catering licence"),
                ],
                actions: PERMIT,
            },
            Family {
                objects: &[
                    ("仅销售预包装食品", "prepackaged food sales"),
                    ("第二类医疗器械经营", "class II medical device trading"),
                    ("企业标准", "company standard"),
                ],
                actions: FILING,
            },
            named(&[
                ("企业名称自主申报", "Company name self-declaration"),
                ("企业年度报告公示", "Annual report publication"),
                (
                    "经营异常名录移出",
                    "Removal from the abnormal operations list",
                ),
                (
                    "严重违法失信名单移出",
                    "Removal from the serious violations list",
                ),
                ("动产抵押登记", "Chattel mortgage registration"),
                ("股权出质登记", "Equity pledge registration"),
                ("营业执照补领", "Replacement of a business licence"),
                ("电子营业执照下载", "Electronic business licence download"),
                ("消费投诉", "Consumer complaint"),
                ("食品安全抽检复检", "Food safety retest"),
            ]),
        ],
        issues: &[
            (
                ("食品经营许可", "Food business licence"),
                ("食品经营许可证", "Food business licence certificate"),
            ),
            (
                ("食品生产许可", "Food production licence"),
                ("食品生产许可证", "Food production licence certificate"),
            ),
            (
                ("药品零售企业经营许可", "Pharmacy licence"),
                ("药品经营许可证", "Drug trading licence certificate"),
            ),
            (
                (
                    "第三类医疗器械经营许可",
                    "Class III medical device trading licence",
                ),
                (
                    "医疗器械经营许可证",
                    "Medical device trading licence certificate",
                ),
            ),
            (
                ("特种设备使用登记", "Special equipment use registration"),
                ("特种设备使用登记证", "Special equipment use certificate"),
            ),
            (
                ("计量标准器具核准", "Measurement standard approval"),
                ("计量标准考核证书", "Measurement standard certificate"),
            ),
            (
                ("工业产品生产许可", "Industrial product production licence"),
                (
                    "工业产品生产许可证",
                    "Industrial product licence certificate",
                ),
            ),
            (
                ("广告发布登记", "Advertising publisher registration"),
                ("广告发布登记证", "Advertising publisher certificate"),
            ),
        ],
        qualifiers: BY_LEVEL,
    },
    // dept_11
    Dept {
        name: ("残疾人联合会", "Disabled Persons' Federation"),
        families: &[
            Family {
                objects: &[("残疾人证", "disability certificate")],
                actions: CARD,
            },
            Family {
                objects: &[
                    ("残疾人康复救助", "rehabilitation aid for disabled people"),
                    (
                        "残疾儿童康复救助",
                        "rehabilitation aid for disabled children",
                    ),
                    ("辅助器具适配补贴", "assistive device subsidy"),
                    ("残疾人家庭无障碍改造", "home accessibility adaptation"),
                    (
                        "残疾人职业培训补贴",
                        "vocational training subsidy for disabled people",
                    ),
                    ("残疾人自主创业扶持", "start-up support for disabled people"),
                    ("残疾学生助学", "grant for disabled students"),
                    (
                        "残疾人托养服务补贴",
                        "residential care subsidy for disabled people",
                    ),
                    (
                        "残疾人机动轮椅车燃油补贴",
                        "fuel subsidy for disabled drivers",
                    ),
                    (
                        "残疾人意外伤害保险补贴",
                        "accident insurance subsidy for disabled people",
                    ),
                    (
                        "重度残疾人参保补贴",
                        "insurance subsidy for severely disabled people",
                    ),
                    ("残疾人就业补贴", "employment subsidy for disabled people"),
                    ("辅助性就业机构补贴", "sheltered workshop subsidy"),
                ],
                actions: SUBSIDY,
            },
            named(&[
                ("残疾等级评定", "Disability assessment"),
                ("残疾人证迁移", "Transfer of a disability certificate"),
                (
                    "按比例安排残疾人就业审核",
                    "Quota employment of disabled people check",
                ),
                (
                    "残疾人就业登记",
                    "Employment registration of disabled people",
                ),
                ("手语翻译服务预约", "Sign language interpreting"),
                ("盲人按摩机构备案", "Blind massage clinic filing"),
            ]),
        ],
        issues: &[],
        qualifiers: FOR_RESIDENTS,
    },
    // dept_12
    Dept {
        name: ("司法局", "Justice Bureau"),
        families: &[
            Family {
                objects: &[
                    ("出生", "birth"),
                    ("婚姻状况", "marital status"),
                    ("亲属关系", "kinship"),
                    ("学历", "academic record"),
                    ("无犯罪记录", "clean criminal record"),
                    ("遗嘱", "a will"),
                    ("继承", "inheritance"),
                    ("赠与", "a gift"),
                    ("委托", "a power of attorney"),
                    ("声明", "a declaration"),
                    ("合同", "a contract"),
                    ("保全证据", "preserved evidence"),
                    ("提存", "an escrow deposit"),
                    ("房屋买卖", "a house sale"),
                    ("职业资格", "a professional qualification"),
                    ("工作经历", "work history"),
                    ("国籍", "nationality"),
                    ("收养", "an adoption"),
                    ("财产分割", "a division of property"),
                ],
                actions: &[("公证", "Notarisation of {}")],
            },
            Family {
                objects: &[
                    ("律师事务所执业许可", "law firm licence"),
                    (
                        "司法鉴定机构执业许可",
                        "forensic expertise institution licence",
                    ),
                    ("基层法律服务所执业核准", "legal service office licence"),
                ],
                actions: PERMIT,
            },
            Family {
                objects: &[
                    ("律师执业证", "lawyer's practising certificate"),
                    ("司法鉴定人执业证", "forensic expert certificate"),
                    (
                        "基层法律服务工作者执业证",
                        "legal service worker certificate",
                    ),
                ],
                actions: &[
                    ("核发", "Issue of a {}"),
                    ("变更", "Change of a {}"),
                    ("注销", "Cancellation of a {}"),
                ],
            },
            named(&[
                ("人民调解", "People's mediation"),
                ("法律援助申请", "Legal aid application"),
                ("公共法律服务咨询", "Legal advice"),
                (
                    "国家统一法律职业资格考试报名",
                    "National legal profession exam registration",
                ),
                ("法律职业资格证书申领", "Legal profession certificate"),
                ("行政复议申请", "Administrative review application"),
                ("刑满释放人员安置帮教", "Resettlement of released prisoners"),
                ("人民陪审员报名", "People's assessor application"),
                ("公证费减免", "Notary fee waiver"),
            ]),
        ],
        issues: &[],
        qualifiers: FOR_RESIDENTS,
    },
    // dept_13
    Dept {
        name: ("财政局", "Finance Bureau"),
        families: &[
            Family {
                objects: &[("代理记账机构许可", "bookkeeping agency licence")],
                actions: PERMIT,
            },
            Family {
                objects: &[
                    ("初级会计专业技术资格考试", "junior accountant exam"),
                    ("中级会计专业技术资格考试", "intermediate accountant exam"),
                    ("高级会计师资格考评", "senior accountant evaluation"),
                ],
                actions: &[
                    ("报名", "{} registration"),
                    ("资格审核", "{} eligibility check"),
                    ("证书领取", "{} certificate collection"),
                    ("成绩查询", "{} results"),
                ],
            },
            Family {
                objects: &[
                    ("财政票据", "government receipt"),
                    ("医疗收费票据", "medical receipt"),
                    ("非税收入一般缴款书", "non-tax payment notice"),
                ],
                actions: &[
                    ("领购", "{} purchase"),
                    ("核销", "{} write-off"),
                    ("电子票据查验", "{} e-receipt verification"),
                ],
            },
            named(&[
                (
                    "政府采购供应商注册",
                    "Government procurement supplier registration",
                ),
                ("政府采购质疑", "Procurement challenge"),
                ("政府采购投诉", "Procurement complaint"),
                ("非税收入缴纳", "Payment of non-tax revenue"),
                ("政府采购合同备案", "Procurement contract filing"),
                ("政府采购进口产品审批", "Approval to buy imported products"),
                ("资产评估机构备案", "Asset appraisal firm filing"),
                ("会计人员信息采集", "Accountant registration"),
                (
                    "会计人员继续教育学时登记",
                    "Accountants' continuing education",
                ),
                ("惠民惠农补贴发放查询", "Subsidy payment enquiry"),
            ]),
        ],
        issues: &[],
        qualifiers: BY_LEVEL,
    },
    // dept_14
    Dept {
        name: ("统计局", "Statistics Bureau"),
        families: &[
            Family {
                objects: &[
                    (
                        "规模以上工业企业",
                        "industrial enterprise above designated size",
                    ),
                    (
                        "限额以上批发和零售业企业",
                        "wholesale and retail business above the threshold",
                    ),
                    (
                        "限额以上住宿和餐饮业企业",
                        "hotel and catering business above the threshold",
                    ),
                    (
                        "规模以上服务业企业",
                        "service business above designated size",
                    ),
                    ("资质内建筑业企业", "qualified construction business"),
                    ("房地产开发经营业企业", "property developer"),
                ],
                actions: &[
                    ("统计报表报送", "{} statistical report"),
                    ("入库申报", "{} entry into the statistics register"),
                    ("退库申报", "{} removal from the statistics register"),
                ],
            },
            named(&[
                ("经济普查登记", "Economic census registration"),
                ("人口普查登记", "Population census registration"),
                ("农业普查登记", "Agricultural census registration"),
                ("统计调查项目审批", "Approval of a statistical survey"),
                (
                    "涉外调查机构资格认定",
                    "Recognition of a foreign-related survey firm",
                ),
                ("统计信息咨询", "Statistics enquiry"),
                ("统计违法举报", "Report of a statistics violation"),
                (
                    "统计联网直报账号申请",
                    "Online statistics reporting account",
                ),
            ]),
        ],
        issues: &[],
        qualifiers: BY_LEVEL,
    },
    // dept_15
    Dept {
        name: (
            "住房和城乡建设局",
            "Housing and Urban-Rural Development Bureau",
        ),
        families: &[
            Family {
                objects: &[
                    ("燃气经营许可", "gas supply business licence"),
                    ("建筑施工企业安全生产许可", "construction safety licence"),
                    (
                        "建设工程质量检测机构资质",
                        "construction testing lab qualification",
                    ),
                    ("瓶装燃气供应站经营许可", "bottled gas outlet licence"),
                ],
                actions: PERMIT,
            },
            Family {
                objects: &[
                    ("房地产经纪机构", "estate agency"),
                    ("物业服务合同", "property management contract"),
                    ("房屋租赁合同", "tenancy agreement"),
                    ("建设工程竣工验收", "construction completion acceptance"),
                    ("住宅室内装饰装修", "home renovation"),
                    ("建设工程施工合同", "construction contract"),
                ],
                actions: FILING,
            },
            named(&[
                ("住房租赁补贴申请", "Housing rent subsidy application"),
                ("人才住房申请", "Talent housing application"),
                (
                    "既有住宅增设电梯审批",
                    "Approval to add a lift to an existing building",
                ),
                ("房屋安全鉴定", "Building safety appraisal"),
                ("新建房屋白蚁预防", "Termite prevention for new buildings"),
                ("二级建造师注册", "Registration as a grade-2 constructor"),
                (
                    "建筑施工特种作业人员考核",
                    "Special construction worker certification",
                ),
                (
                    "建筑施工安全生产管理人员考核",
                    "Construction safety manager certification",
                ),
                ("存量房交易资金监管", "Escrow of home purchase money"),
                (
                    "存量房买卖合同网签",
                    "Second-hand home contract online signing",
                ),
                ("新建商品房买卖合同网签", "New home contract online signing"),
                (
                    "住宅专项维修资金使用",
                    "Use of the housing maintenance fund",
                ),
            ]),
        ],
        issues: &[
            (
                ("建筑工程施工许可", "Building works permit"),
                ("建筑工程施工许可证", "Building works permit certificate"),
            ),
            (
                ("商品房预售许可", "Off-plan sales permit"),
                ("商品房预售许可证", "Off-plan sales permit certificate"),
            ),
            (
                ("建筑业企业资质核准", "Construction company qualification"),
                (
                    "建筑业企业资质证书",
                    "Construction company qualification certificate",
                ),
            ),
            (
                ("房地产开发企业资质核定", "Property developer qualification"),
                (
                    "房地产开发企业资质证书",
                    "Property developer qualification certificate",
                ),
            ),
            (
                ("建设工程消防设计审查", "Fire-safety design review"),
                (
                    "建设工程消防设计审查意见书",
                    "Fire-safety design review opinion",
                ),
            ),
            (
                (
                    "建设工程消防验收",
                    "Fire-safety acceptance of construction works",
                ),
                ("建设工程消防验收意见书", "Fire-safety acceptance opinion"),
            ),
            (
                ("公共租赁住房资格审核", "Public rental housing eligibility"),
                (
                    "公共租赁住房资格确认书",
                    "Public rental housing eligibility confirmation",
                ),
            ),
            (
                ("建筑起重机械使用登记", "Tower crane use registration"),
                ("建筑起重机械使用登记证明", "Tower crane use certificate"),
            ),
        ],
        qualifiers: BY_LEVEL,
    },
    // dept_16
    Dept {
        name: (
            "城市管理和综合执法局",
            "Urban Management and Law Enforcement Bureau",
        ),
        families: &[
            Family {
                objects: &[
                    ("临时占用城市道路", "temporary road occupation"),
                    ("挖掘城市道路", "road excavation"),
                    ("户外广告设施设置", "outdoor advertising"),
                    ("户外招牌设置", "outdoor sign"),
                    ("临时占用城市绿地", "temporary use of green space"),
                    ("城市树木迁移砍伐", "tree felling or relocation"),
                    ("临时建筑物搭建", "temporary building"),
                    ("夜间渣土运输", "night-time spoil transport"),
                    ("建筑垃圾处置", "construction waste disposal"),
                    ("大型户外活动场地占用", "large outdoor event site"),
                ],
                actions: APPROVAL,
            },
            named(&[
                ("生活垃圾分类投诉", "Waste sorting complaint"),
                ("餐厨垃圾收运服务", "Food waste collection"),
                ("大件垃圾预约清运", "Bulky waste collection booking"),
                ("违法建设举报", "Report of illegal construction"),
                ("城市管理投诉", "Urban management complaint"),
                ("环卫作业服务企业备案", "Sanitation contractor filing"),
                (
                    "市政设施损坏赔偿",
                    "Compensation for damage to public facilities",
                ),
                ("居民区停车泊位申请", "Residential parking permit"),
            ]),
        ],
        issues: &[],
        qualifiers: BY_LEVEL,
    },
    // dept_17
    Dept {
        name: ("应急管理局", "Emergency Management Bureau"),
        families: &[
            Family {
                objects: &[
                    ("危险化学品经营许可", "hazardous chemicals trading licence"),
                    ("危险化学品安全使用许可", "hazardous chemicals use licence"),
                    ("烟花爆竹批发经营许可", "fireworks wholesale licence"),
                    ("烟花爆竹零售经营许可", "fireworks retail licence"),
                    ("非煤矿山安全生产许可", "non-coal mine safety licence"),
                ],
                actions: PERMIT,
            },
            Family {
                objects: &[
                    ("特种作业操作证", "special operations certificate"),
                    ("安全生产管理人员考核合格证", "safety manager certificate"),
                ],
                actions: CARD,
            },
            named(&[
                (
                    "建设项目安全设施设计审查",
                    "Safety facilities design review",
                ),
                ("生产安全事故报告", "Production accident report"),
                ("安全生产举报", "Report of a safety hazard"),
                ("生产经营单位应急预案备案", "Emergency plan filing"),
                (
                    "非药品类易制毒化学品经营备案",
                    "Precursor chemicals trading filing",
                ),
                ("受灾群众生活救助", "Relief for disaster victims"),
                ("应急避难场所查询", "Emergency shelter locations"),
                ("企业安全生产标准化定级", "Safety standardisation grading"),
            ]),
        ],
        issues: &[],
        qualifiers: BY_LEVEL,
    },
    // dept_18
    Dept {
        name: (
            "文化广电旅游局",
            "Culture, Radio, Television and Tourism Bureau",
        ),
        families: &[
            Family {
                objects: &[
                    ("娱乐场所经营许可", "entertainment venue licence"),
                    ("互联网上网服务营业场所经营许可", "internet café licence"),
                    ("营业性演出许可", "commercial performance licence"),
                    ("旅行社业务经营许可", "travel agency licence"),
                    ("出版物零售许可", "bookselling licence"),
                    ("印刷经营许可", "printing licence"),
                    (
                        "卫星电视广播地面接收设施安装许可",
                        "satellite TV installation licence",
                    ),
                    ("演出经纪机构许可", "performance agency licence"),
                ],
                actions: PERMIT,
            },
            Family {
                objects: &[
                    ("艺术品经营单位", "art dealer"),
                    ("网络文化经营单位", "online culture business"),
                ],
                actions: FILING,
            },
            Family {
                objects: &[("导游证", "tour guide certificate")],
                actions: CARD,
            },
            named(&[
                (
                    "文物保护单位修缮方案审批",
                    "Approval of repairs to a heritage site",
                ),
                ("公共图书馆读者证办理", "Public library card"),
                ("文化馆公益培训报名", "Cultural centre class registration"),
                ("A级旅游景区评定", "Tourist attraction grading"),
                ("星级饭店评定", "Hotel star rating"),
                ("旅游投诉", "Tourism complaint"),
                (
                    "非遗代表性传承人认定",
                    "Recognition as an intangible heritage bearer",
                ),
                (
                    "广播电视节目制作经营许可",
                    "TV programme production licence",
                ),
            ]),
        ],
        issues: &[],
        qualifiers: BY_LEVEL,
    },
    // dept_19
    Dept {
        name: ("农业农村局", "Agriculture and Rural Affairs Bureau"),
        families: &[
            Family {
                objects: &[
                    ("农药经营许可", "pesticide trading licence"),
                    ("兽药经营许可", "veterinary drug trading licence"),
                    ("农作物种子生产经营许可", "seed production licence"),
                    (
                        "动物防疫条件合格证核发",
                        "animal epidemic prevention certificate",
                    ),
                    ("生鲜乳收购许可", "raw milk purchase licence"),
                    ("水产苗种生产许可", "fish fry production licence"),
                ],
                actions: PERMIT,
            },
            Family {
                objects: &[(
                    "拖拉机和联合收割机驾驶证",
                    "tractor and combine harvester driving licence",
                )],
                actions: CARD,
            },
            Family {
                objects: &[("拖拉机和联合收割机", "tractor and combine harvester")],
                actions: &[
                    ("注册登记", "{} registration"),
                    ("转移登记", "{} ownership transfer"),
                    ("注销登记", "{} deregistration"),
                    ("安全检验", "{} safety inspection"),
                ],
            },
            Family {
                objects: &[
                    ("农机购置补贴", "farm machinery purchase subsidy"),
                    ("耕地地力保护补贴", "farmland protection subsidy"),
                    ("种粮农民一次性补贴", "grain farmers' one-off subsidy"),
                    ("渔业油价补贴", "fishing fuel subsidy"),
                    ("农业保险保费补贴", "farm insurance premium subsidy"),
                ],
                actions: SUBSIDY,
            },
            named(&[
                ("农村宅基地申请", "Rural homestead application"),
                (
                    "土地经营权流转备案",
                    "Land management right transfer filing",
                ),
                ("家庭农场名录登记", "Family farm registration"),
                ("农产品质量安全检测", "Farm produce safety test"),
                ("动物检疫申报", "Animal quarantine declaration"),
                ("渔业船舶登记", "Fishing vessel registration"),
                ("农业植物检疫证书核发", "Plant quarantine certificate"),
            ]),
        ],
        issues: &[],
        qualifiers: BY_LEVEL,
    },
    // dept_20
    Dept {
        name: ("自然资源和规划局", "Natural Resources and Planning Bureau"),
        families: &[
            Family {
                objects: &[
                    ("测绘资质", "surveying qualification"),
                    (
                        "地质灾害治理工程资质",
                        "geological hazard works qualification",
                    ),
                    ("地质勘查资质", "geological exploration qualification"),
                ],
                actions: PERMIT,
            },
            Family {
                objects: &[
                    ("土地征收", "land expropriation"),
                    ("城乡规划修改", "planning amendment"),
                    ("临时建设工程规划", "temporary construction planning"),
                    ("地下空间开发利用", "underground space use"),
                    ("国有土地使用权收回", "repossession of state land"),
                ],
                actions: APPROVAL,
            },
            named(&[
                (
                    "国有建设用地使用权出让",
                    "Sale of state-owned land use rights",
                ),
                ("土地复垦方案审查", "Land reclamation plan review"),
                (
                    "地质灾害危险性评估备案",
                    "Geological hazard assessment filing",
                ),
                ("规划条件出具", "Planning conditions"),
                ("建设工程设计方案审查", "Design scheme review"),
                ("建筑工程放线验线", "Setting-out check"),
                ("矿产资源储量评审备案", "Mineral reserves filing"),
                ("不动产测绘成果审核", "Property survey review"),
                ("地图审核", "Map approval"),
                ("基础测绘成果提供", "Supply of basic survey data"),
            ]),
        ],
        issues: &[
            (
                (
                    "建设项目用地预审与选址意见书核发",
                    "Land pre-approval and site selection",
                ),
                (
                    "建设项目用地预审与选址意见书",
                    "Land pre-approval and site selection opinion",
                ),
            ),
            (
                ("建设用地规划许可", "Construction land planning permit"),
                (
                    "建设用地规划许可证",
                    "Construction land planning permit certificate",
                ),
            ),
            (
                ("建设工程规划许可", "Construction works planning permit"),
                (
                    "建设工程规划许可证",
                    "Construction works planning permit certificate",
                ),
            ),
            (
                ("乡村建设规划许可", "Rural construction planning permit"),
                (
                    "乡村建设规划许可证",
                    "Rural construction planning permit certificate",
                ),
            ),
            (
                ("建设工程规划条件核实", "Planning compliance check"),
                (
                    "建设工程规划核实合格证明",
                    "Planning compliance certificate",
                ),
            ),
            (
                ("临时用地审批", "Temporary land use approval"),
                ("临时用地批准书", "Temporary land use approval letter"),
            ),
            (
                ("采矿权新立登记", "Mining right registration"),
                ("采矿许可证", "Mining licence"),
            ),
            (
                ("农用地转用审批", "Farmland conversion approval"),
                ("农用地转用批复", "Farmland conversion reply"),
            ),
        ],
        qualifiers: BY_LEVEL,
    },
    // dept_21
    Dept {
        name: ("水务局", "Water Affairs Bureau"),
        families: &[
            Family {
                objects: &[
                    ("河道管理范围内建设项目", "works within a river zone"),
                    ("水土保持方案", "soil and water conservation plan"),
                    ("河道采砂", "river sand dredging"),
                    ("占用农业灌溉水源", "use of irrigation water"),
                    ("城市排水设施改动", "changes to drainage facilities"),
                    ("洪水影响评价", "flood impact assessment"),
                ],
                actions: APPROVAL,
            },
            Family {
                objects: &[
                    ("取水许可", "water abstraction licence"),
                    ("城镇污水排入排水管网许可", "sewer discharge licence"),
                ],
                actions: PERMIT,
            },
            named(&[
                ("水利工程质量监督", "Quality supervision of water works"),
                ("节水型企业认定", "Water-saving enterprise recognition"),
                ("计划用水指标核定", "Water use quota"),
                (
                    "水土保持设施验收报备",
                    "Soil conservation acceptance filing",
                ),
                ("供水水质投诉", "Water quality complaint"),
                ("河湖问题举报", "Report of a river or lake problem"),
            ]),
        ],
        issues: &[],
        qualifiers: BY_LEVEL,
    },
    // dept_22
    Dept {
        name: ("商务局", "Commerce Bureau"),
        families: &[
            Family {
                objects: &[
                    ("对外贸易经营者", "foreign trade operator"),
                    ("单用途商业预付卡发卡企业", "prepaid card issuer"),
                    ("再生资源回收经营者", "recycling business"),
                    ("二手车交易市场", "used-car market"),
                    ("汽车销售企业", "car dealership"),
                    ("商业特许经营", "franchise"),
                    ("直销企业服务网点", "direct selling outlet"),
                ],
                actions: FILING,
            },
            Family {
                objects: &[
                    ("成品油零售经营许可", "fuel retail licence"),
                    (
                        "报废机动车回收拆解企业资质认定",
                        "vehicle scrapping licence",
                    ),
                    ("拍卖经营许可", "auction licence"),
                ],
                actions: PERMIT,
            },
            named(&[
                ("外商投资信息报告", "Foreign investment information report"),
                ("原产地证书申领", "Certificate of origin"),
                ("汽车以旧换新补贴申请", "Car trade-in subsidy"),
                ("老字号认定", "Time-honoured brand recognition"),
                ("对外劳务合作经营资格", "Overseas labour cooperation"),
                ("境外投资备案", "Outbound investment filing"),
                ("出口信用保险保费补贴", "Export credit insurance subsidy"),
                (
                    "电子商务示范企业认定",
                    "E-commerce model company recognition",
                ),
            ]),
        ],
        issues: &[],
        qualifiers: FOR_BUSINESSES,
    },
    // dept_23
    Dept {
        name: ("档案馆", "Archives"),
        families: &[
            Family {
                objects: &[
                    ("知青档案", "rusticated youth records"),
                    ("招工档案", "recruitment records"),
                    ("学籍档案", "school records"),
                    ("房产档案", "property records"),
                    ("土地档案", "land records"),
                    ("企业改制档案", "company restructuring records"),
                    ("退伍军人档案", "demobilisation records"),
                    ("工商登记档案", "company registration records"),
                    ("民生档案", "public service records"),
                    ("城建档案", "urban construction records"),
                    ("人事档案", "personnel records"),
                    ("公证档案", "notarial records"),
                ],
                actions: &[
                    ("查阅", "{} search"),
                    ("复制", "{} copy"),
                    ("出具证明", "{} certificate"),
                ],
            },
            named(&[
                ("档案寄存", "Deposit of records"),
                ("档案移交进馆", "Transfer of records to the archives"),
                ("建设工程档案验收", "Acceptance of construction records"),
                ("档案捐赠", "Donation of records"),
                ("家庭建档指导", "Family archive guidance"),
                ("破损档案修复", "Records restoration"),
            ]),
        ],
        issues: &[],
        qualifiers: FOR_RESIDENTS,
    },
    // dept_24
    Dept {
        name: ("气象局", "Meteorological Bureau"),
        families: &[
            Family {
                objects: &[
                    ("暴雨", "rainstorm"),
                    ("台风", "typhoon"),
                    ("高温", "heat"),
                    ("寒潮", "cold wave"),
                    ("大风", "gale"),
                    ("雷电", "lightning"),
                    ("冰雹", "hail"),
                    ("大雾", "fog"),
                    ("干旱", "drought"),
                    ("灰霾", "haze"),
                ],
                actions: &[
                    ("预警信息订阅", "{} warning subscription"),
                    ("灾害证明", "{} damage certificate"),
                    ("气象资料查询", "{} weather records"),
                ],
            },
            Family {
                objects: &[(
                    "雷电防护装置检测资质",
                    "lightning protection testing qualification",
                )],
                actions: PERMIT,
            },
            named(&[
                ("雷电防护装置设计审核", "Lightning protection design review"),
                (
                    "雷电防护装置竣工验收",
                    "Lightning protection completion acceptance",
                ),
                ("升放气球活动审批", "Balloon launch approval"),
                ("气象信息服务企业备案", "Weather information service filing"),
                ("防雷装置定期检测", "Lightning protection testing"),
                (
                    "气象探测环境保护审批",
                    "Approval of works near a weather station",
                ),
                ("雷电灾害调查鉴定", "Lightning damage investigation"),
            ]),
        ],
        issues: &[],
        qualifiers: BY_LEVEL,
    },
    // dept_25
    Dept {
        name: ("生态环境局", "Ecology and Environment Bureau"),
        families: &[
            Family {
                objects: &[
                    (
                        "建设项目环境影响登记表",
                        "environmental impact registration form",
                    ),
                    ("突发环境事件应急预案", "environmental emergency plan"),
                    ("排污单位自行监测方案", "self-monitoring plan"),
                ],
                actions: FILING,
            },
            Family {
                objects: &[
                    ("建筑施工噪声", "construction noise"),
                    ("社会生活噪声", "neighbourhood noise"),
                    ("工业噪声", "industrial noise"),
                    ("交通噪声", "traffic noise"),
                ],
                actions: &[("投诉", "{} complaint"), ("监测", "{} measurement")],
            },
            named(&[
                ("排污权交易", "Emissions trading"),
                ("环境信访投诉", "Environmental complaint"),
                ("环境监测数据查询", "Environmental monitoring data"),
                ("危险废物转移审批", "Hazardous waste transfer approval"),
                ("环境违法举报", "Report of pollution"),
                (
                    "废弃电器电子产品处理资格",
                    "E-waste processing qualification",
                ),
            ]),
        ],
        issues: &[
            (
                (
                    "建设项目环境影响报告书审批",
                    "Environmental impact report approval",
                ),
                ("环境影响报告书批复", "Environmental impact report reply"),
            ),
            (
                (
                    "建设项目环境影响报告表审批",
                    "Environmental impact statement approval",
                ),
                ("环境影响报告表批复", "Environmental impact statement reply"),
            ),
            (
                ("排污许可", "Pollutant discharge permit"),
                ("排污许可证", "Pollutant discharge permit certificate"),
            ),
            (
                ("危险废物经营许可", "Hazardous waste business licence"),
                ("危险废物经营许可证", "Hazardous waste licence certificate"),
            ),
            (
                ("辐射安全许可", "Radiation safety licence"),
                ("辐射安全许可证", "Radiation safety licence certificate"),
            ),
            (
                ("夜间施工作业审批", "Night-time construction approval"),
                ("夜间施工作业许可决定书", "Night-time construction decision"),
            ),
            (
                (
                    "防治污染设施拆除或闲置审批",
                    "Approval to dismantle pollution controls",
                ),
                (
                    "防治污染设施拆除或闲置批准决定书",
                    "Pollution controls decision",
                ),
            ),
            (
                (
                    "海洋工程环境影响报告书审批",
                    "Marine works environmental approval",
                ),
                (
                    "海洋工程环境影响报告书批复",
                    "Marine works environmental reply",
                ),
            ),
        ],
        qualifiers: BY_LEVEL,
    },
    // dept_26
    Dept {
        name: ("消防救援支队", "Fire and Rescue Detachment"),
        families: &[
            Family {
                objects: &[
                    ("宾馆饭店", "hotel"),
                    ("商场市场", "shopping centre"),
                    ("歌舞娱乐场所", "karaoke venue"),
                    ("影剧院", "cinema and theatre"),
                    ("养老机构场所", "care home premises"),
                    ("托育机构场所", "nursery premises"),
                    ("医院", "hospital"),
                    ("学校", "school premises"),
                    ("体育场馆", "sports venue"),
                    ("宗教活动场所", "place of worship"),
                    ("展览馆", "exhibition hall"),
                ],
                actions: &[
                    (
                        "投入使用营业前消防安全检查",
                        "{} pre-opening fire-safety inspection",
                    ),
                    ("消防安全告知承诺", "{} fire-safety self-declaration"),
                ],
            },
            named(&[
                (
                    "大型群众性活动消防安全检查",
                    "Fire-safety check for a large event",
                ),
                ("火灾事故认定", "Fire cause determination"),
                ("火灾事故认定复核", "Fire cause review"),
                (
                    "消防安全重点单位申报",
                    "Registration as a key fire-safety unit",
                ),
                (
                    "消防设施维护保养检测机构备案",
                    "Fire equipment maintenance firm filing",
                ),
                ("火灾隐患举报", "Report of a fire hazard"),
                (
                    "社会单位消防安全培训",
                    "Fire-safety training for organisations",
                ),
                ("消防宣传进社区预约", "Fire-safety talk booking"),
                ("火灾证明开具", "Fire certificate"),
            ]),
        ],
        issues: &[],
        qualifiers: BY_LEVEL,
    },
    // dept_27
    Dept {
        name: ("烟草专卖局", "Tobacco Monopoly Bureau"),
        families: &[
            Family {
                objects: &[
                    ("烟草专卖零售许可", "tobacco retail licence"),
                    ("烟草专卖批发企业许可", "tobacco wholesale licence"),
                    ("电子烟零售许可", "e-cigarette retail licence"),
                ],
                actions: PERMIT,
            },
            Family {
                objects: &[
                    ("烟草专卖零售许可证", "tobacco retail licence certificate"),
                    ("电子烟零售许可证", "e-cigarette retail licence certificate"),
                ],
                actions: &[
                    ("停业", "{}: suspension of business"),
                    ("恢复营业", "{}: resumption of business"),
                    ("歇业", "{}: surrender"),
                ],
            },
            named(&[
                ("烟草专卖品准运证", "Tobacco transport permit"),
                ("烟草违法举报", "Report of illegal tobacco sales"),
                ("卷烟订货", "Cigarette ordering"),
                ("卷烟真伪鉴别", "Cigarette authenticity check"),
                ("烟草专卖行政许可听证", "Licensing hearing"),
                ("卷烟零售价格查询", "Cigarette retail prices"),
                ("零售客户培训报名", "Retailer training"),
            ]),
        ],
        issues: &[],
        qualifiers: FOR_BUSINESSES,
    },
    // dept_28
    Dept {
        name: ("林业局", "Forestry Bureau"),
        families: &[
            Family {
                objects: &[
                    ("林木采伐", "tree felling in forests"),
                    ("使用林地", "use of forest land"),
                    ("临时使用林地", "temporary use of forest land"),
                    ("古树名木迁移", "relocation of an ancient tree"),
                    ("森林防火期野外用火", "outdoor fire in the fire season"),
                    ("风景名胜区内建设活动", "works in a scenic area"),
                ],
                actions: APPROVAL,
            },
            Family {
                objects: &[
                    ("林木种子生产经营许可", "forest seed licence"),
                    ("陆生野生动物人工繁育许可", "wildlife breeding licence"),
                    ("陆生野生动物经营利用许可", "wildlife trade licence"),
                ],
                actions: PERMIT,
            },
            named(&[
                (
                    "林业植物检疫证书核发",
                    "Forestry plant quarantine certificate",
                ),
                ("野生动物致害补偿", "Compensation for wildlife damage"),
                ("生态公益林补偿", "Ecological forest compensation"),
                ("林业有害生物防治", "Forest pest control"),
                (
                    "重点保护野生植物采集",
                    "Collection of protected wild plants",
                ),
                ("森林火灾举报", "Forest fire report"),
                ("营造林补贴", "Afforestation subsidy"),
            ]),
        ],
        issues: &[],
        qualifiers: BY_LEVEL,
    },
    // dept_29
    Dept {
        name: ("科学技术局", "Science and Technology Bureau"),
        families: &[
            Family {
                objects: &[("外国人工作许可", "work permit for foreign nationals")],
                actions: PERMIT,
            },
            Family {
                objects: &[
                    ("高新技术企业", "high-tech enterprise"),
                    ("科技型中小企业", "tech-based SME"),
                    ("企业研发机构", "company R&D centre"),
                    ("工程技术研究中心", "engineering research centre"),
                    ("新型研发机构", "new-type R&D institute"),
                    ("众创空间", "maker space"),
                    ("科技企业孵化器", "tech incubator"),
                    ("技术先进型服务企业", "advanced technology service company"),
                ],
                actions: RECOGNITION,
            },
            named(&[
                ("技术合同认定登记", "Technology contract registration"),
                ("科技成果登记", "Research results registration"),
                ("科技计划项目申报", "Research programme application"),
                ("研发费用加计扣除鉴定", "R&D super-deduction appraisal"),
                ("科技创新券申领", "Innovation voucher"),
                ("实验动物许可", "Laboratory animal licence"),
                ("科技型企业贷款贴息", "Tech loan interest subsidy"),
            ]),
        ],
        issues: &[],
        qualifiers: BY_LEVEL,
    },
    // dept_30
    Dept {
        name: ("卫生健康委员会", "Health Commission"),
        families: &[
            named(&[
                (
                    "出生医学证明首次签发",
                    "First issue of a birth medical certificate",
                ),
                ("出生医学证明补发", "Reissue of a birth medical certificate"),
                ("出生医学证明换发", "Renewal of a birth medical certificate"),
                ("生育登记", "Childbirth registration"),
                ("预防接种证办理", "Vaccination certificate"),
                ("疫苗接种预约", "Vaccination booking"),
                ("独生子女父母奖励", "Reward for one-child parents"),
                (
                    "计划生育家庭特别扶助",
                    "Special support for family-planning families",
                ),
                (
                    "农村部分计划生育家庭奖励扶助",
                    "Rural family-planning reward",
                ),
                ("婚前医学检查", "Premarital health check"),
                ("孕前优生健康检查", "Pre-pregnancy health check"),
                ("家庭医生签约", "Family doctor registration"),
                ("老年人健康体检", "Health check for older people"),
                ("从业人员健康体检", "Health certificate for food workers"),
                ("职业病诊断", "Occupational disease diagnosis"),
                ("职业病鉴定", "Occupational disease appraisal"),
                ("医疗纠纷人民调解", "Medical dispute mediation"),
                ("托育机构备案", "Childcare centre filing"),
                ("病历复印", "Copy of medical records"),
                ("无偿献血者用血费用报销", "Blood reimbursement for donors"),
                ("医疗广告审查", "Medical advertising review"),
            ]),
            Family {
                objects: &[
                    ("诊所", "clinic"),
                    ("中医诊所", "traditional Chinese medicine clinic"),
                    ("互联网诊疗服务", "online medical service"),
                ],
                actions: FILING,
            },
        ],
        issues: &[
            (
                ("医疗机构执业登记", "Medical institution registration"),
                ("医疗机构执业许可证", "Medical institution licence"),
            ),
            (
                ("医师执业注册", "Doctor registration"),
                ("医师执业证书", "Doctor's practising certificate"),
            ),
            (
                ("护士执业注册", "Nurse registration"),
                ("护士执业证书", "Nurse's practising certificate"),
            ),
            (
                ("公共场所卫生许可", "Public place hygiene licence"),
                (
                    "公共场所卫生许可证",
                    "Public place hygiene licence certificate",
                ),
            ),
            (
                ("放射诊疗许可", "Radiation diagnosis licence"),
                ("放射诊疗许可证", "Radiation diagnosis licence certificate"),
            ),
            (
                (
                    "母婴保健技术服务执业许可",
                    "Maternal and infant health services licence",
                ),
                (
                    "母婴保健技术服务执业许可证",
                    "Maternal and infant health licence certificate",
                ),
            ),
            (
                (
                    "饮用水供水单位卫生许可",
                    "Drinking water supplier hygiene licence",
                ),
                (
                    "饮用水供水单位卫生许可证",
                    "Drinking water hygiene licence certificate",
                ),
            ),
            (
                (
                    "医疗机构设置审批",
                    "Approval to set up a medical institution",
                ),
                (
                    "设置医疗机构批准书",
                    "Medical institution set-up approval letter",
                ),
            ),
        ],
        qualifiers: BY_LEVEL,
    },
    // dept_31
    Dept {
        name: ("发展和改革局", "Development and Reform Bureau"),
        families: &[
            Family {
                objects: &[
                    ("企业投资项目", "company investment project"),
                    ("光伏发电项目", "solar power project"),
                    ("风电项目", "wind power project"),
                    ("充电基础设施项目", "charging infrastructure project"),
                    ("新型储能项目", "energy storage project"),
                ],
                actions: &[
                    ("备案", "{} filing"),
                    ("核准", "{} approval"),
                    ("变更", "{} change"),
                    ("延期", "{} extension"),
                ],
            },
            named(&[
                (
                    "政府投资项目建议书审批",
                    "Approval of a government project proposal",
                ),
                ("可行性研究报告审批", "Feasibility study approval"),
                (
                    "初步设计及概算审批",
                    "Preliminary design and budget approval",
                ),
                ("固定资产投资项目节能审查", "Energy-saving review"),
                ("公共信用信息修复", "Credit repair"),
                ("公共信用信息报告出具", "Credit report"),
                ("涉案财物价格认定", "Price determination"),
                ("粮食收购企业备案", "Grain purchaser filing"),
                ("招标方案核准", "Tendering plan approval"),
                ("重点建设项目申报", "Key project application"),
                ("价格举报", "Price complaint"),
                ("外商投资项目核准", "Foreign investment project approval"),
            ]),
        ],
        issues: &[],
        qualifiers: BY_LEVEL,
    },
    // dept_32
    Dept {
        name: (
            "工业和信息化局",
            "Industry and Information Technology Bureau",
        ),
        families: &[
            Family {
                objects: &[
                    ("专精特新中小企业", "specialised and innovative SME"),
                    (
                        "智能制造示范工厂",
                        "smart manufacturing demonstration factory",
                    ),
                    ("绿色工厂", "green factory"),
                    ("工业设计中心", "industrial design centre"),
                    ("企业技术中心", "company technology centre"),
                    ("小微企业创业创新基地", "small business innovation base"),
                ],
                actions: RECOGNITION,
            },
            named(&[
                ("技术改造项目备案", "Technology upgrade project filing"),
                ("无线电台执照核发", "Radio station licence"),
                ("无线电频率使用许可", "Radio frequency licence"),
                ("工业企业节能诊断", "Energy audit for factories"),
                ("新能源汽车推广补贴", "New-energy vehicle subsidy"),
                ("中小企业服务券申领", "SME service voucher"),
                ("通信基站选址", "Mobile mast siting"),
            ]),
        ],
        issues: &[],
        qualifiers: BY_LEVEL,
    },
    // dept_33
    Dept {
        name: ("体育局", "Sports Bureau"),
        families: &[
            Family {
                objects: &[
                    ("游泳场所经营许可", "swimming venue licence"),
                    ("攀岩场所经营许可", "climbing venue licence"),
                    ("潜水场所经营许可", "diving venue licence"),
                    ("滑雪场所经营许可", "ski venue licence"),
                ],
                actions: PERMIT,
            },
            named(&[
                ("社会体育指导员注册", "Sports instructor registration"),
                ("运动员技术等级认定", "Athlete grading"),
                ("体育赛事活动备案", "Sports event filing"),
                ("公共体育场馆预约", "Public sports venue booking"),
                ("国民体质监测", "Fitness test"),
                ("体育类校外培训机构审批", "Sports tutoring school approval"),
                ("体育彩票销售网点申请", "Sports lottery outlet application"),
            ]),
        ],
        issues: &[],
        qualifiers: BY_LEVEL,
    },
    // dept_34
    Dept {
        name: ("人民防空办公室", "Civil Air Defence Office"),
        families: &[
            Family {
                objects: &[
                    ("人防工程", "civil air defence works"),
                    ("防空地下室", "air-raid shelter"),
                ],
                actions: &[
                    ("建设审批", "{} construction approval"),
                    ("易地建设审批", "{} off-site construction approval"),
                    ("设计审查", "{} design review"),
                    ("竣工验收备案", "{} completion filing"),
                    ("拆除审批", "{} demolition approval"),
                    ("改造审批", "{} alteration approval"),
                    ("平时使用备案", "{} peacetime use filing"),
                    ("维护管理检查", "{} maintenance inspection"),
                    ("质量监督登记", "{} quality supervision"),
                ],
            },
            named(&[
                ("防空警报设施迁移审批", "Air-raid siren relocation approval"),
                ("人防易地建设费缴纳", "Shelter off-site construction fee"),
                ("人防易地建设费减免", "Shelter fee waiver"),
                ("防空防灾知识培训", "Air-raid and disaster training"),
                ("人防工程信息查询", "Shelter information enquiry"),
            ]),
        ],
        issues: &[],
        qualifiers: BY_LEVEL,
    },
    // dept_35
    Dept {
        name: ("交通运输局", "Transport Bureau"),
        families: &[
            Family {
                objects: &[
                    ("道路旅客运输经营许可", "road passenger transport licence"),
                    ("巡游出租汽车经营许可", "taxi business licence"),
                    ("道路危险货物运输许可", "dangerous goods transport licence"),
                    ("水路运输经营许可", "waterway transport licence"),
                ],
                actions: PERMIT,
            },
            Family {
                objects: &[
                    (
                        "道路运输从业人员从业资格证",
                        "transport worker qualification certificate",
                    ),
                    ("巡游出租汽车驾驶员证", "taxi driver certificate"),
                ],
                actions: CARD,
            },
            Family {
                objects: &[
                    ("机动车维修经营", "vehicle repair business"),
                    ("机动车驾驶员培训", "driving school"),
                    ("道路货物运输站场", "freight terminal"),
                ],
                actions: FILING,
            },
            named(&[
                ("公交卡办理", "Public transport card"),
                ("老年人乘车优待卡", "Older people's travel card"),
                ("出租汽车服务投诉", "Taxi complaint"),
                ("客运班线经营许可", "Bus route licence"),
            ]),
        ],
        issues: &[
            (
                ("道路货物运输经营许可", "Road freight licence"),
                ("道路运输经营许可证", "Road transport business licence"),
            ),
            (
                ("网络预约出租汽车经营许可", "Ride-hailing business licence"),
                (
                    "网络预约出租汽车经营许可证",
                    "Ride-hailing business licence certificate",
                ),
            ),
            (
                (
                    "网络预约出租汽车驾驶员证核发",
                    "Ride-hailing driver certificate",
                ),
                ("网络预约出租汽车驾驶员证", "Ride-hailing driver's card"),
            ),
            (
                ("道路运输车辆营运证配发", "Vehicle operating certificate"),
                ("道路运输证", "Road transport certificate"),
            ),
            (
                ("公路超限运输许可", "Oversize transport permit"),
                ("超限运输车辆通行证", "Oversize vehicle pass"),
            ),
            (
                ("公路涉路施工许可", "Highway works permit"),
                ("公路涉路施工许可决定书", "Highway works decision"),
            ),
            (
                ("港口经营许可", "Port operation licence"),
                ("港口经营许可证", "Port operation licence certificate"),
            ),
            (
                ("占用挖掘公路审批", "Approval to occupy or dig up a highway"),
                ("占用挖掘公路许可决定书", "Highway occupation decision"),
            ),
        ],
        qualifiers: BY_LEVEL,
    },
    // dept_36: the outside organisations from here on.
    Dept {
        name: ("供电公司", "Power Supply Company (State Grid)"),
        families: &[
            Family {
                objects: &[
                    ("居民生活用电", "household electricity"),
                    ("低压非居民用电", "low-voltage business electricity"),
                    ("高压用电", "high-voltage electricity"),
                    ("电动汽车充电桩用电", "EV charger electricity"),
                    ("临时用电", "temporary electricity"),
                ],
                actions: UTILITY,
            },
            named(&[
                ("分布式光伏并网", "Rooftop solar grid connection"),
                ("电费发票开具", "Electricity bill invoice"),
                ("峰谷分时电价申请", "Time-of-use tariff"),
                ("计划停电信息查询", "Planned power cuts"),
            ]),
        ],
        issues: &[],
        qualifiers: CHANNELS,
    },
    // dept_37
    Dept {
        name: ("自来水公司", "Water Supply Company"),
        families: &[
            Family {
                objects: &[
                    ("居民生活用水", "household water"),
                    ("非居民用水", "business water"),
                    ("消防用水", "firefighting water"),
                    ("临时施工用水", "construction site water"),
                ],
                actions: UTILITY,
            },
            named(&[
                ("水质检测预约", "Water quality test"),
                ("水费发票开具", "Water bill invoice"),
                (
                    "阶梯水价人口核增",
                    "Extra household members for tiered water prices",
                ),
                ("供水管道爆管报修", "Burst main report"),
            ]),
        ],
        issues: &[],
        qualifiers: CHANNELS,
    },
    // dept_38
    Dept {
        name: ("燃气公司", "Gas Company"),
        families: &[
            Family {
                objects: &[
                    ("居民管道燃气", "household piped gas"),
                    ("工商业管道燃气", "business piped gas"),
                    ("瓶装液化石油气", "bottled LPG"),
                ],
                actions: UTILITY,
            },
            named(&[
                ("燃气安全检查预约", "Gas safety check booking"),
                ("燃气泄漏抢修", "Gas leak emergency"),
                ("燃气表更换", "Gas meter replacement"),
                ("燃气费发票开具", "Gas bill invoice"),
                ("燃气报警器安装", "Gas alarm installation"),
            ]),
        ],
        issues: &[],
        qualifiers: CHANNELS,
    },
    // dept_39
    Dept {
        name: ("通信运营商", "Telecom Operator"),
        families: &[
            Family {
                objects: &[
                    ("固定电话", "landline"),
                    ("宽带", "broadband"),
                    ("有线电视", "cable TV"),
                    ("企业专线", "business leased line"),
                ],
                actions: &[
                    ("新装", "New {} connection"),
                    ("移机", "{} move"),
                    ("过户", "{} account transfer"),
                    ("提速", "{} speed upgrade"),
                    ("暂停", "{} suspension"),
                    ("恢复", "{} restoration"),
                    ("拆机", "{} disconnection"),
                    ("故障报修", "{} fault repair"),
                ],
            },
            named(&[
                ("携号转网", "Mobile number porting"),
                ("手机卡实名登记", "Real-name SIM registration"),
                ("话费发票开具", "Phone bill invoice"),
                ("光纤到户预约", "Fibre installation booking"),
                ("停机保号", "Number retention"),
                ("国际漫游开通", "International roaming"),
            ]),
        ],
        issues: &[],
        qualifiers: CHANNELS,
    },
];

/// A life event, the stem of its packages' names, and whether it is a business's.
struct Event {
    name: Pair,
    package: Pair,
    business: bool,
}

const fn person(name: Pair, package: Pair) -> Event {
    Event {
        name,
        package,
        business: false,
    }
}

const fn business(name: Pair, package: Pair) -> Event {
    Event {
        name,
        package,
        business: true,
    }
}

const EVENTS: [Event; LIFE_EVENTS] = [
    person(("出生", "Birth of a child"), ("出生", "Birth")),
    person(("入学", "Starting school"), ("入学", "Starting school")),
    person(("就业", "Finding a job"), ("就业", "Finding a job")),
    person(("失业", "Losing a job"), ("失业", "Losing a job")),
    person(("退休", "Retirement"), ("退休", "Retirement")),
    person(("结婚", "Marriage"), ("结婚", "Marriage")),
    business(
        ("开办企业", "Starting a business"),
        ("企业开办", "Starting a business"),
    ),
    person(("购房", "Buying a home"), ("购房", "Buying a home")),
    person(
        ("新建住房", "Building a home"),
        ("新建住房", "Building a home"),
    ),
    person(("身后事", "After a death"), ("身后", "After a death")),
    person(("工伤", "Work injury"), ("工伤", "Work injury")),
    person(
        ("残疾人服务", "Services for people with disabilities"),
        ("残疾人服务", "Disability services"),
    ),
    person(
        ("医疗报销", "Medical reimbursement"),
        ("医疗费用报销", "Medical cost reimbursement"),
    ),
    person(
        ("迁户口", "Moving household registration"),
        ("户口迁移", "Household registration transfer"),
    ),
    person(
        ("车辆", "Owning a vehicle"),
        ("车辆买卖", "Buying or selling a vehicle"),
    ),
    person(
        ("退役军人", "Leaving the armed forces"),
        ("军人退役", "Leaving the armed forces"),
    ),
    person(
        ("参军入伍", "Joining the armed forces"),
        ("参军入伍", "Joining the armed forces"),
    ),
    business(
        ("企业注销", "Closing a business"),
        ("企业注销", "Closing a business"),
    ),
    business(("员工招聘", "Hiring staff"), ("员工录用", "Hiring staff")),
    person(
        ("公积金", "Housing provident fund"),
        ("住房公积金", "Housing provident fund"),
    ),
    person(("养老", "Old-age care"), ("养老服务", "Old-age care")),
    person(("租房", "Renting a home"), ("租房", "Renting a home")),
    person(
        ("个人创业", "Self-employment"),
        ("个人创业", "Self-employment"),
    ),
    person(
        ("申请公租房", "Public rental housing"),
        ("申请公租房", "Public rental housing"),
    ),
    person(
        ("社会救助", "Social assistance"),
        ("社会救助", "Social assistance"),
    ),
    business(
        ("开餐馆", "Opening a restaurant"),
        ("开餐馆", "Opening a restaurant"),
    ),
    business(
        ("水电气网报装", "Utility connections"),
        ("水电气网联合报装", "Joint utility connection"),
    ),
    business(
        ("企业信息变更", "Changing company details"),
        ("企业信息变更", "Changing company details"),
    ),
    business(
        ("工程建设项目", "Construction projects"),
        ("工程建设项目审批", "Construction project approval"),
    ),
    business(("信用修复", "Credit repair"), ("信用修复", "Credit repair")),
];

/// A life event has a package per kind of applicant: "出生一件事（非本市户籍）". Each event
/// has up to 34 packages (1,008 over 30), the first without a qualifier.
const APPLICANTS: &[Pair] = &[
    ("（本市户籍）", " (local residents)"),
    ("（非本市户籍）", " (non-local residents)"),
    ("（港澳台居民）", " (Hong Kong, Macao and Taiwan residents)"),
    ("（外籍人员）", " (foreign nationals)"),
    ("（华侨）", " (overseas Chinese)"),
    ("（委托代办）", " (by proxy)"),
    ("（跨省通办）", " (across provinces)"),
    ("（省内通办）", " (within the province)"),
    ("（线上办理）", " (online)"),
    ("（窗口办理）", " (in person)"),
    ("（上门服务）", " (home visit)"),
    ("（城镇职工）", " (urban employees)"),
    ("（城乡居民）", " (urban and rural residents)"),
    ("（灵活就业人员）", " (flexible workers)"),
    ("（机关事业单位人员）", " (public-sector staff)"),
    ("（农村居民）", " (rural residents)"),
    ("（农民工）", " (migrant workers)"),
    ("（新就业形态劳动者）", " (gig workers)"),
    ("（高校毕业生）", " (graduates)"),
    ("（高层次人才）", " (high-level talent)"),
    ("（老年人）", " (older people)"),
    ("（残疾人）", " (people with disabilities)"),
    ("（低保家庭）", " (families on subsistence allowance)"),
    ("（特困人员）", " (people in extreme poverty)"),
    ("（退役军人）", " (veterans)"),
    ("（军人军属）", " (service members and their families)"),
    ("（随迁子女）", " (children of migrant families)"),
    ("（多孩家庭）", " (families with several children)"),
    ("（单亲家庭）", " (single-parent families)"),
    ("（困境儿童）", " (children in difficulty)"),
    ("（集体户口）", " (collective household registration)"),
    ("（首次办理）", " (first time)"),
    ("（外省转入）", " (moving from another province)"),
];

/// A business event's packages are by legal form and trade, as "一业一证" lists are.
const TRADES: &[Pair] = &[
    ("（有限责任公司）", " (limited companies)"),
    ("（股份有限公司）", " (joint-stock companies)"),
    ("（个人独资企业）", " (sole proprietorships)"),
    ("（合伙企业）", " (partnerships)"),
    ("（个体工商户）", " (sole traders)"),
    ("（农民专业合作社）", " (farmers' cooperatives)"),
    ("（外商投资企业）", " (foreign-invested enterprises)"),
    ("（分支机构）", " (branch offices)"),
    ("（餐饮业）", " (catering)"),
    ("（零售业）", " (retail)"),
    ("（批发业）", " (wholesale)"),
    ("（食品生产）", " (food production)"),
    ("（药品零售）", " (pharmacies)"),
    ("（医疗器械经营）", " (medical device trade)"),
    ("（建筑业）", " (construction)"),
    ("（道路运输）", " (road transport)"),
    ("（住宿业）", " (hotels)"),
    ("（美容美发）", " (hairdressing and beauty)"),
    ("（健身场所）", " (gyms)"),
    ("（校外培训）", " (after-school tutoring)"),
    ("（旅行社）", " (travel agencies)"),
    ("（娱乐场所）", " (entertainment venues)"),
    ("（物业服务）", " (property management)"),
    ("（家政服务）", " (domestic services)"),
    ("（养老机构）", " (care homes)"),
    ("（托育机构）", " (childcare centres)"),
    ("（汽车维修）", " (car repair)"),
    ("（二手车经营）", " (used-car dealing)"),
    ("（成品油零售）", " (fuel retail)"),
    ("（烟草零售）", " (tobacco retail)"),
    ("（出版物零售）", " (bookselling)"),
    ("（再生资源回收）", " (recycling)"),
    ("（电子商务）", " (e-commerce)"),
    ("（小微企业）", " (small businesses)"),
];

/// Form sections: `section_00` holds name and ID, `section_01` the bank account and
/// `section_02` the credit code (see `common_fields`); the generic fields spread over the rest.
const SECTION_TITLES: [Pair; SECTIONS] = [
    ("申请人信息", "Applicant"),
    ("银行账户", "Bank account"),
    ("企业信息", "Business details"),
    ("联系方式", "Contact details"),
    ("工作单位", "Employer"),
    ("房屋信息", "Property details"),
    ("家庭成员", "Family members"),
    ("户籍信息", "Household registration"),
    ("教育经历", "Education"),
    ("社会保险", "Social insurance"),
    ("车辆信息", "Vehicle details"),
    ("医疗信息", "Medical details"),
    ("代理人信息", "Agent"),
    ("项目信息", "Project details"),
    ("经营场所", "Business premises"),
    ("申请事项", "Request details"),
];

/// Documents that exist as e-certificates (电子证照): every fourth ordinary material
/// (`doc_000`, `doc_004`, …) is one, as `e_certificate: m % 4 == 0` has it.
const CERTIFICATES: &[Pair] = &[
    ("居民户口簿", "Household register"),
    ("结婚证", "Marriage certificate"),
    ("离婚证", "Divorce certificate"),
    ("出生医学证明", "Birth medical certificate"),
    ("营业执照", "Business licence"),
    ("不动产权证书", "Property title certificate"),
    ("机动车驾驶证", "Driving licence"),
    ("机动车行驶证", "Vehicle registration certificate"),
    ("社会保障卡", "Social security card"),
    ("残疾人证", "Disability certificate"),
    ("学历证书", "Academic certificate"),
    ("学位证书", "Degree certificate"),
    ("职业资格证书", "Vocational qualification certificate"),
    ("居住证", "Residence permit"),
    ("退役军人优待证", "Veteran's card"),
    ("普通护照", "Passport"),
    ("教师资格证书", "Teacher's certificate"),
    ("独生子女父母光荣证", "One-child parents' certificate"),
    ("预防接种证", "Vaccination certificate"),
    ("死亡医学证明", "Medical death certificate"),
    ("火化证明", "Cremation certificate"),
    ("户籍证明", "Household registration certificate"),
    ("无犯罪记录证明", "Certificate of no criminal record"),
    ("退伍证", "Discharge certificate"),
    ("烈士证明书", "Martyr certificate"),
    ("最低生活保障证", "Subsistence allowance card"),
    ("特困人员救助供养证", "Extreme-poverty support card"),
    ("道路运输从业资格证", "Transport worker certificate"),
    ("完税证明", "Tax payment certificate"),
    (
        "社会保险参保缴费证明",
        "Social insurance contribution record",
    ),
    ("住房公积金缴存证明", "Housing fund contribution record"),
    ("不动产登记证明", "Property registration certificate"),
    ("机动车登记证书", "Vehicle title certificate"),
    ("医保电子凭证", "Medical insurance e-voucher"),
    ("房屋租赁登记备案证明", "Tenancy registration certificate"),
];

/// The other ordinary materials: what applicants bring or upload.
const DOCUMENTS: &[Pair] = &[
    ("劳动合同", "Labour contract"),
    ("解除劳动合同证明", "Proof of termination of employment"),
    ("医疗费用发票", "Medical invoices"),
    ("医疗费用清单", "Itemised medical bill"),
    ("出院小结", "Hospital discharge summary"),
    ("诊断证明书", "Diagnosis certificate"),
    ("门诊病历", "Outpatient records"),
    ("租赁合同", "Tenancy agreement"),
    ("购房合同", "Home purchase contract"),
    ("购房发票", "Home purchase invoice"),
    ("借款合同", "Loan contract"),
    ("银行卡", "Bank card"),
    ("银行流水", "Bank statement"),
    ("近期免冠照片", "Recent passport photo"),
    ("申请书", "Application letter"),
    ("授权委托书", "Power of attorney"),
    ("代理人身份证明", "Agent's ID"),
    ("法定代表人身份证明", "Legal representative's ID"),
    ("公司章程", "Articles of association"),
    ("股东会决议", "Shareholders' resolution"),
    ("经营场所使用证明", "Proof of use of premises"),
    ("经营场所平面图", "Premises floor plan"),
    ("主要设备清单", "Equipment list"),
    ("从业人员健康证明", "Staff health certificates"),
    ("食品安全管理制度", "Food safety rules"),
    ("消防安全制度", "Fire safety rules"),
    ("应急救援预案", "Emergency response plan"),
    ("安全生产管理制度", "Production safety rules"),
    ("环境影响报告书", "Environmental impact report"),
    ("环境影响报告表", "Environmental impact statement"),
    ("可行性研究报告", "Feasibility study"),
    ("项目建议书", "Project proposal"),
    ("施工图设计文件", "Construction drawings"),
    ("总平面图", "Site plan"),
    ("建筑设计方案", "Architectural design"),
    ("竣工验收报告", "Completion acceptance report"),
    ("施工合同", "Construction contract"),
    ("监理合同", "Supervision contract"),
    ("中标通知书", "Notice of award"),
    ("测绘报告", "Survey report"),
    ("宗地图", "Parcel map"),
    ("界址点成果表", "Boundary point list"),
    ("房屋买卖合同", "House sale contract"),
    ("赠与合同", "Deed of gift"),
    ("继承权公证书", "Notarised inheritance deed"),
    ("法院判决书", "Court judgment"),
    ("民事调解书", "Civil mediation agreement"),
    ("离婚协议书", "Divorce agreement"),
    ("亲属关系证明", "Proof of kinship"),
    ("监护关系证明", "Proof of guardianship"),
    ("收入证明", "Income statement"),
    ("家庭财产申报表", "Household assets declaration"),
    (
        "家庭经济状况核对授权书",
        "Authorisation to check household finances",
    ),
    ("残疾评定表", "Disability assessment form"),
    ("体检报告", "Medical examination report"),
    ("学籍证明", "School enrolment certificate"),
    ("成绩单", "Transcript"),
    ("在校证明", "Proof of studies"),
    ("录取通知书", "Admission letter"),
    ("工伤事故报告", "Work accident report"),
    ("证人证言", "Witness statements"),
    ("考勤记录", "Attendance records"),
    ("工资发放记录", "Payroll records"),
    ("培训合格证书", "Training certificate"),
    ("培训费发票", "Training fee invoice"),
    ("创业计划书", "Business plan"),
    ("车辆购置发票", "Vehicle purchase invoice"),
    ("车辆购置税完税证明", "Vehicle purchase tax certificate"),
    ("交强险保单", "Compulsory motor insurance policy"),
    ("机动车安全技术检验报告", "Vehicle test report"),
    ("车辆照片", "Vehicle photos"),
    ("二手车销售统一发票", "Used-car sale invoice"),
    ("交通事故认定书", "Accident determination"),
    ("驾驶人身体条件证明", "Driver's medical certificate"),
    ("水电气缴费凭证", "Utility bills"),
    ("用电报装申请表", "Electricity connection form"),
    ("用水报装申请表", "Water connection form"),
    ("户外广告设计图", "Outdoor advertising drawing"),
    ("招牌设计效果图", "Sign design drawing"),
    ("占道位置示意图", "Road occupation plan"),
    ("交通组织方案", "Traffic organisation plan"),
    ("施工方案", "Construction method statement"),
    ("排水设施及排放口位置图", "Drainage and outfall drawing"),
    ("水土保持方案报告书", "Soil conservation report"),
    ("水资源论证报告", "Water resources assessment"),
    ("化学品安全技术说明书", "Safety data sheets"),
    ("安全评价报告", "Safety assessment report"),
    ("产品合格证明", "Certificate of conformity"),
    ("检验检测报告", "Test report"),
    ("商标注册证", "Trademark registration certificate"),
    ("专利证书", "Patent certificate"),
    ("财务审计报告", "Audited accounts"),
    ("纳税申报表", "Tax return"),
    ("资产负债表", "Balance sheet"),
    ("清税证明", "Tax clearance certificate"),
    ("清算报告", "Liquidation report"),
    ("债权人公告", "Notice to creditors"),
    ("员工花名册", "Staff list"),
    ("入伍通知书", "Conscription notice"),
    ("遗嘱", "Will"),
    ("养老服务协议", "Care service agreement"),
    ("老年人能力评估报告", "Care needs assessment"),
    ("双方近期合影照片", "Couple's joint photo"),
    ("准予迁入证明", "Permission to move in"),
    ("单位证明", "Employer's letter"),
    ("居住证明", "Proof of residence"),
    ("社区证明", "Neighbourhood committee letter"),
    ("承诺书", "Letter of commitment"),
    ("情况说明", "Explanatory statement"),
];

/// Everyday words citizens type for what a name says formally (searched with the names).
const SYNONYMS: &[(&str, &[&str])] = &[
    ("失业保险金", &["失业金"]),
    ("生育", &["生孩子"]),
    ("出生医学证明", &["出生证", "生孩子"]),
    ("居民身份证", &["身份证"]),
    ("机动车驾驶证", &["驾照", "驾驶本"]),
    ("住房公积金", &["公积金"]),
    ("社会保障卡", &["社保卡"]),
    ("最低生活保障", &["低保"]),
    ("普通护照", &["护照"]),
    ("基本养老金", &["退休金", "养老金"]),
    ("结婚登记", &["领证", "领结婚证"]),
    ("户口迁入", &["落户", "上户口"]),
    ("城乡居民基本医疗保险", &["居民医保"]),
    ("挖掘城市道路", &["挖路"]),
    ("临时占用城市道路", &["占道"]),
];

fn synonyms_of(zh: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for (formal, everyday) in SYNONYMS {
        if zh.contains(formal) {
            for word in *everyday {
                if !words.iter().any(|w| w == word) {
                    words.push(word.to_string());
                }
            }
        }
    }
    words
}

/// "employees' pension enrolment" → "Employees' pension enrolment".
fn capitalised(s: &str) -> String {
    let mut chars = s.chars();
    match chars.next() {
        Some(first) => first.to_uppercase().chain(chars).collect(),
        None => String::new(),
    }
}

/// A department's item names in the order its items take them: each family's objects with
/// each of its actions, then all of that again with each qualifier.
fn vocabulary(dept: &Dept) -> Vec<Text> {
    let base: Vec<Text> = dept
        .families
        .iter()
        .flat_map(|f| {
            f.objects.iter().flat_map(move |(zh, en)| {
                f.actions.iter().map(move |(act_zh, act_en)| {
                    text(
                        format!("{zh}{act_zh}"),
                        capitalised(&act_en.replace("{}", en)),
                    )
                })
            })
        })
        .collect();
    let qualified = dept.qualifiers.iter().flat_map(|(q_zh, q_en)| {
        base.iter()
            .map(move |t| text(format!("{}{q_zh}", t.zh), format!("{}{q_en}", t.en)))
    });
    base.iter().cloned().chain(qualified).collect()
}

/// Every item's name, in item order, and each producer's decision, in producer order. A
/// producer takes the next approval its department issues; an ordinary item the next name of
/// its department's vocabulary.
fn item_and_decision_names(producer_at: &[usize]) -> (Vec<Text>, Vec<Text>) {
    let mut plain: Vec<std::vec::IntoIter<Text>> =
        CITY.iter().map(|d| vocabulary(d).into_iter()).collect();
    let mut issued = [0; DEPARTMENTS];
    let mut items = Vec::with_capacity(ITEMS);
    let mut decisions = vec![text("", ""); producer_at.len()];
    for i in 0..ITEMS {
        let d = i % DEPARTMENTS;
        let mut next_plain = || {
            plain[d]
                .next()
                .unwrap_or_else(|| panic!("{} runs out of item names", CITY[d].name.0))
        };
        let name = match producer_at.iter().position(|&at| at == i) {
            Some(p) => {
                let (item, decision) = match CITY[d].issues.get(issued[d]) {
                    Some(((item_zh, item_en), (dec_zh, dec_en))) => {
                        issued[d] += 1;
                        (text(*item_zh, *item_en), text(*dec_zh, *dec_en))
                    }
                    // Only if the constants change so that producers fall elsewhere.
                    None => {
                        let item = next_plain();
                        let decision = text(
                            format!("{}决定书", item.zh),
                            format!("{} decision", item.en),
                        );
                        (item, decision)
                    }
                };
                decisions[p] = decision;
                item
            }
            None => next_plain(),
        };
        items.push(name);
    }
    (items, decisions)
}

/// Ordinary materials: all but the ID card and the decisions.
const ORDINARY: usize = MATERIALS - 1 - PRODUCERS;
// The name lists are long enough for the counts above, checked when compiling.
const _: () = assert!(CERTIFICATES.len() >= ORDINARY.div_ceil(4));
const _: () = assert!(DOCUMENTS.len() >= ORDINARY - ORDINARY.div_ceil(4));
const _: () = assert!(APPLICANTS.len() + 1 >= PACKAGES.div_ceil(LIFE_EVENTS));
const _: () = assert!(TRADES.len() + 1 >= PACKAGES.div_ceil(LIFE_EVENTS));

/// The ordinary material `doc_{m}`: a certificate when it is an e-certificate.
fn document_name(m: usize) -> Text {
    let (zh, en) = if m.is_multiple_of(4) {
        CERTIFICATES[m / 4]
    } else {
        DOCUMENTS[m - m / 4 - 1]
    };
    text(zh, en)
}

/// Package `p`'s name: its life event's, qualified by its rank among that event's packages.
fn package_name(p: usize) -> Text {
    let event = &EVENTS[p % LIFE_EVENTS];
    let (zh, en) = event.package;
    let (q_zh, q_en) = match p / LIFE_EVENTS {
        0 => ("", ""),
        rank => {
            let qualifiers = if event.business { TRADES } else { APPLICANTS };
            qualifiers[rank - 1]
        }
    };
    text(
        format!("{zh}一件事{q_zh}"),
        format!("{en} one-go service{q_en}"),
    )
}

fn text(zh: impl Into<String>, en: impl Into<String>) -> Text {
    Text::new(zh, en)
}

fn field_def(key: &str, section: usize, kind: FieldKind) -> FieldDef {
    FieldDef {
        key: key.to_string(),
        label: text(format!("字段{key}"), format!("Field {key}")),
        section: format!("section_{section:02}"),
        kind,
        hint: None,
        options: Vec::new(),
        derived: None,
        sensitive: false,
        dates: Default::default(),
    }
}

/// The fields nearly every item asks: asked once in any bundle.
fn common_fields() -> Vec<FieldDef> {
    let mut name = field_def("name", 0, FieldKind::Text);
    name.label = text("姓名", "Name");
    let mut id = field_def("id_number", 0, FieldKind::IdNumber);
    id.sensitive = true;
    let mut birth = field_def("birth_date", 0, FieldKind::Date);
    birth.derived = Some(Derivation::BirthDateFromIdNumber);
    let mut sex = field_def("sex", 0, FieldKind::Select);
    sex.options = vec![
        Choice {
            value: "male".into(),
            label: text("男", "Male"),
        },
        Choice {
            value: "female".into(),
            label: text("女", "Female"),
        },
    ];
    sex.derived = Some(Derivation::SexFromIdNumber);
    let mut card = field_def("bank_account", 1, FieldKind::BankCard);
    card.sensitive = true;
    vec![
        name,
        id,
        birth,
        sex,
        field_def("phone", 0, FieldKind::Mobile),
        field_def("address", 0, FieldKind::Text),
        field_def("postcode", 0, FieldKind::Postcode),
        field_def("bank_name", 1, FieldKind::Text),
        card,
        field_def("credit_code", 2, FieldKind::CreditCode),
    ]
}

/// Who or what a generic field is about: "经营场所" + "地址".
const SUBJECTS: [(&str, &str); 25] = [
    ("经营场所", "Business premises"),
    ("房屋", "Property"),
    ("车辆", "Vehicle"),
    ("子女", "Child"),
    ("配偶", "Spouse"),
    ("监护人", "Guardian"),
    ("委托代理人", "Authorised agent"),
    ("法定代表人", "Legal representative"),
    ("工程项目", "Construction project"),
    ("用人单位", "Employer"),
    ("学校", "School"),
    ("医疗机构", "Medical institution"),
    ("船舶", "Vessel"),
    ("建筑物", "Building"),
    ("施工单位", "Contractor"),
    ("设计单位", "Design firm"),
    ("养老机构", "Care home"),
    ("培训机构", "Training provider"),
    ("仓储场所", "Warehouse"),
    ("门店", "Shop"),
    ("用地", "Land parcel"),
    ("林地", "Forest land"),
    ("取水点", "Water intake"),
    ("户外广告", "Outdoor advertisement"),
    ("大型活动", "Large event"),
];

/// What is asked about the subject, by the field's kind.
fn attributes(kind: FieldKind) -> &'static [(&'static str, &'static str)] {
    match kind {
        FieldKind::Text => &[
            ("名称", "name"),
            ("地址", "address"),
            ("联系人", "contact person"),
            ("登记编号", "registration number"),
            ("负责人", "person in charge"),
            ("联系电话（座机）", "landline"),
        ],
        FieldKind::LongText => &[
            ("情况说明", "description"),
            ("变更事由", "reason for the change"),
        ],
        FieldKind::Date => &[
            ("登记日期", "registration date"),
            ("建成日期", "completion date"),
        ],
        FieldKind::Number => &[
            ("面积（平方米）", "area (m²)"),
            ("人数", "number of people"),
        ],
        FieldKind::Select => &[("类别", "category"), ("等级", "grade")],
        _ => &[
            ("是否已在本市登记", "registered in this city?"),
            ("是否首次申请", "first application?"),
        ],
    }
}

/// One generic field; its kind follows from its number so the mix is stable, and its label
/// ("门店地址", "Shop address") is unique.
fn generic_field(n: usize, rng: &mut Rng) -> FieldDef {
    let kinds = [
        FieldKind::Text,
        FieldKind::Text,
        FieldKind::Text,
        FieldKind::LongText,
        FieldKind::Date,
        FieldKind::Number,
        FieldKind::Select,
        FieldKind::YesNo,
    ];
    let kind = kinds[n % kinds.len()];
    let mut def = field_def(&format!("f{n:03}"), 3 + n % (SECTIONS - 3), kind);
    // The three text positions of each round of kinds take three attributes; the next rounds
    // (past the subjects) take the next three.
    let (round, slot) = (n / kinds.len(), n % kinds.len());
    let attrs = attributes(kind);
    let attr = if kind == FieldKind::Text {
        attrs[(slot + 3 * (round / SUBJECTS.len())) % attrs.len()]
    } else {
        attrs[(round / SUBJECTS.len()) % attrs.len()]
    };
    let subject = SUBJECTS[round % SUBJECTS.len()];
    def.label = text(
        format!("{}{}", subject.0, attr.0),
        format!("{} {}", subject.1, attr.1),
    );
    if kind == FieldKind::Select {
        const CLASSES: [&str; 8] = ["一", "二", "三", "四", "五", "六", "七", "八"];
        let count = rng.between(3, 8);
        def.options = (0..count)
            .map(|o| Choice {
                value: format!("opt{o}"),
                label: text(format!("{}类", CLASSES[o]), format!("Class {}", o + 1)),
            })
            .collect();
    }
    def
}

/// An item's use of a field, with constraints that are compatible with every other item's.
fn field_use(def: &FieldDef, rng: &mut Rng) -> FieldUse {
    let mut usage = FieldUse {
        key: def.key.clone(),
        required: rng.chance(75),
        ..FieldUse::default()
    };
    match def.kind {
        FieldKind::Text | FieldKind::LongText => {
            if rng.chance(70) {
                usage.max_len = Some(*rng.pick(&[20, 30, 50, 60, 100, 200, 500]));
            }
            if rng.chance(20) {
                usage.min_len = Some(rng.between(1, 5) as u32);
            }
        }
        FieldKind::Number => {
            if rng.chance(50) {
                usage.min = Some(rng.between(0, 10) as f64);
            }
            if rng.chance(50) {
                usage.max = Some(rng.between(100, 1_000) as f64);
            }
        }
        FieldKind::Select if def.derived.is_none() && rng.chance(30) => {
            // Always keep the first option, so intersections are never empty.
            let mut allowed = vec![def.options[0].value.clone()];
            allowed.extend(
                def.options[1..]
                    .iter()
                    .filter(|_| rng.chance(60))
                    .map(|c| c.value.clone()),
            );
            usage.options = Some(allowed);
        }
        _ => {}
    }
    usage
}

/// The catalog for `seed`.
pub fn catalog(seed: u64) -> Catalog {
    let mut rng = Rng::new(seed);
    // Built field by field: the catalog's lookup index is private and rebuilt by `indexed`.
    let mut c = Catalog::default();
    c.version = format!("synthetic-{seed}");

    c.departments = (0..DEPARTMENTS)
        .map(|d| Department {
            id: format!("dept_{d:02}"),
            name: text(CITY[d].name.0, CITY[d].name.1),
            // The last few are utilities and other outside organisations.
            kind: if d >= DEPARTMENTS - 4 {
                OrgKind::Organisation
            } else {
                OrgKind::Department
            },
        })
        .collect();
    c.life_events = (0..LIFE_EVENTS)
        .map(|e| LifeEvent {
            id: format!("event_{e:02}"),
            name: text(EVENTS[e].name.0, EVENTS[e].name.1),
        })
        .collect();
    c.sections = (0..SECTIONS)
        .map(|s| Section {
            id: format!("section_{s:02}"),
            title: text(SECTION_TITLES[s].0, SECTION_TITLES[s].1),
        })
        .collect();

    let common = common_fields();
    let generic: Vec<FieldDef> = (0..GENERIC_FIELDS)
        .map(|n| generic_field(n, &mut rng))
        .collect();
    // A situational question's answer is also a yes/no field some items declare.
    let question_fields: Vec<FieldDef> = (0..QUESTIONS)
        .map(|q| {
            field_def(
                &format!("q{q:03}"),
                3 + q % (SECTIONS - 3),
                FieldKind::YesNo,
            )
        })
        .collect();
    c.fields = common
        .iter()
        .chain(&generic)
        .chain(&question_fields)
        .cloned()
        .collect();

    // Materials: the ID card, the decisions producers issue, then ordinary documents.
    let mut materials = vec![MaterialDef {
        key: "id_card".into(),
        name: text("身份证", "ID card"),
        e_certificate: true,
    }];
    // Producers are spread over the catalog; item `i` may only require a producer before it,
    // so prerequisites form a DAG.
    let producer_at: Vec<usize> = (0..PRODUCERS)
        .map(|p| 20 + p * (ITEMS / PRODUCERS))
        .collect();
    // Each producer is named for the approval it is and its decision for what it issues.
    let (item_names, decision_names) = item_and_decision_names(&producer_at);
    let mut item_names = item_names.into_iter();
    materials.extend(
        decision_names
            .into_iter()
            .enumerate()
            .map(|(p, name)| MaterialDef {
                key: format!("decision_{p:02}"),
                name,
                e_certificate: true,
            }),
    );
    let ordinary = MATERIALS - materials.len();
    materials.extend((0..ordinary).map(|m| MaterialDef {
        key: format!("doc_{m:03}"),
        name: document_name(m),
        e_certificate: m % 4 == 0,
    }));
    c.materials = materials;

    // Each department draws on its own pool of generic fields; pools overlap, so departments
    // share fields as real ones do.
    let pools: Vec<Vec<usize>> = (0..DEPARTMENTS)
        .map(|_| rng.distinct(30, GENERIC_FIELDS))
        .collect();

    let mut items: Vec<Item> = Vec::with_capacity(ITEMS);
    for i in 0..ITEMS {
        let dept = i % DEPARTMENTS;
        let mut fields: Vec<FieldUse> = Vec::new();
        // Name, ID number and phone nearly always; the rest of the common ones sometimes.
        for (k, def) in common.iter().enumerate() {
            if k < 3 || rng.chance(if k == 3 { 10 } else { 35 }) {
                fields.push(field_use(def, &mut rng));
            }
        }
        let own = rng.between(5, 14);
        for g in rng.distinct(own, pools[dept].len()) {
            fields.push(field_use(&generic[pools[dept][g]], &mut rng));
        }
        // Some fields only show when a yes/no field of the same item says yes.
        if rng.chance(15) {
            let flag = fields
                .iter()
                .position(|f| c_kind(&generic, &f.key) == Some(FieldKind::YesNo));
            let target = fields
                .iter()
                .rposition(|f| c_kind(&generic, &f.key) == Some(FieldKind::LongText));
            if let (Some(flag), Some(target)) = (flag, target) {
                let cond = ShowIf {
                    field: fields[flag].key.clone(),
                    equals: "yes".into(),
                };
                fields[target].show_if = Some(cond);
            }
        }

        let mut material_uses = vec![MaterialUse {
            key: "id_card".into(),
            required: true,
        }];
        let docs = rng.between(1, 5);
        for m in rng.distinct(docs, ordinary) {
            material_uses.push(MaterialUse {
                key: format!("doc_{m:03}"),
                required: rng.chance(85),
            });
        }

        let produced = producer_at.iter().position(|&at| at == i);
        let mut requires = Vec::new();
        let before: Vec<usize> = (0..PRODUCERS).filter(|&p| producer_at[p] < i).collect();
        if !before.is_empty() && rng.chance(10) {
            let p = *rng.pick(&before);
            requires.push(Prerequisite {
                material: format!("decision_{p:02}"),
                item: format!("item_{:04}", producer_at[p]),
                reason: text("需要先取得决定书", "Needs the decision first"),
            });
        }
        let mut excludes = Vec::new();
        if i > 0 && rng.chance(2) {
            let other = rng.below(i);
            excludes.push(Exclusion {
                item: format!("item_{other:04}"),
                reason: text("不能同时申请", "Cannot be applied for together"),
            });
        }

        let name = item_names.next().expect("a name for every item");
        items.push(Item {
            id: format!("item_{i:04}"),
            department: format!("dept_{dept:02}"),
            life_events: vec![format!("event_{:02}", i % LIFE_EVENTS)],
            // Generated from the Chinese name when the server loads the catalog
            // (server/src/search_keys.rs), as for any city's list.
            pinyin: String::new(),
            pinyin_full: String::new(),
            synonyms: synonyms_of(&name.zh),
            name,
            committed_days: rng.between(1, 20) as u32,
            statutory_days: rng.chance(40).then(|| rng.between(20, 60) as u32),
            fields,
            materials: material_uses,
            produces: produced
                .map(|p| vec![format!("decision_{p:02}")])
                .unwrap_or_default(),
            requires,
            excludes,
        });
    }

    // Questions: asked for a few items of one department; a yes adds another of its items and
    // the asking items declare the question's own yes/no field (asked once, by the question).
    let mut questions = Vec::with_capacity(QUESTIONS);
    for q in 0..QUESTIONS {
        let dept = q % DEPARTMENTS;
        let of_dept = |k: usize| dept + k * DEPARTMENTS;
        let per_dept = ITEMS / DEPARTMENTS;
        let asking = rng.between(1, 3);
        let asked_for: Vec<usize> = rng
            .distinct(asking, per_dept)
            .into_iter()
            .map(of_dept)
            .collect();
        let adds = of_dept(rng.below(per_dept));
        for &i in &asked_for {
            items[i].fields.push(FieldUse {
                key: format!("q{q:03}"),
                required: true,
                ..FieldUse::default()
            });
        }
        // Asked in the citizen's words: whether they need the item a yes adds.
        let added = items[adds].name.clone();
        let asked = text(
            format!("您是否还需要办理“{}”？", added.zh),
            format!("Do you also need: {}?", added.en),
        );
        if let Some(field) = c.fields.iter_mut().find(|f| f.key == format!("q{q:03}")) {
            field.label = asked.clone();
        }
        questions.push(Question {
            id: format!("q{q:03}"),
            text: asked,
            asked_for: asked_for.iter().map(|i| format!("item_{i:04}")).collect(),
            adds: vec![format!("item_{adds:04}")],
            reason: text(
                format!("您表示需要一并办理“{}”", added.zh),
                format!("You said you also need {}", added.en),
            ),
        });
    }
    c.items = items;
    c.questions = questions;

    // Packages: two to eight items around one life event, mostly of neighbouring departments.
    c.packages = (0..PACKAGES)
        .map(|p| {
            let size = rng.between(2, 8);
            let start = rng.below(ITEMS);
            let mut ids: Vec<String> = Vec::with_capacity(size);
            while ids.len() < size {
                let id = format!("item_{:04}", (start + rng.below(120)) % ITEMS);
                if !ids.contains(&id) {
                    ids.push(id);
                }
            }
            Package {
                id: format!("package_{p:04}"),
                name: package_name(p),
                life_event: format!("event_{:02}", p % LIFE_EVENTS),
                items: ids,
            }
        })
        .collect();

    c.indexed()
}

fn c_kind(generic: &[FieldDef], key: &str) -> Option<FieldKind> {
    generic.iter().find(|f| f.key == key).map(|f| f.kind)
}

/// `n` distinct item ids, chosen at random but reproducibly.
pub fn selection(catalog: &Catalog, rng: &mut Rng, n: usize) -> Vec<String> {
    rng.distinct(n, catalog.items.len())
        .into_iter()
        .map(|i| catalog.items[i].id.clone())
        .collect()
}

/// A valid value for every field the bundle asks, and "no" to every question: a form the
/// citizen has finished.
pub fn filled(bundle: &Bundle) -> Answers {
    let mut answers = Answers::new();
    for q in &bundle.questions {
        answers.insert(q.id.clone(), "no".into());
    }
    for f in bundle.form.fields().filter(|f| f.asked()) {
        let value = match f.kind {
            FieldKind::Text | FieldKind::LongText => {
                let want = f.min_len.unwrap_or(1).max(6) as usize;
                let max = f.max_len.map_or(usize::MAX, |m| m as usize);
                "中山市石岐区孙文中路"
                    .chars()
                    .cycle()
                    .take(want.min(max))
                    .collect()
            }
            FieldKind::IdNumber => "110105199003070017".into(),
            FieldKind::CreditCode => "91350100M000100Y43".into(),
            FieldKind::Mobile => "13800138000".into(),
            FieldKind::BankCard => "6222021234567890128".into(),
            FieldKind::Postcode => "528400".into(),
            FieldKind::Date => "2026-01-15".into(),
            // Every item's minimum is at most 10 and its maximum at least 100.
            FieldKind::Number => "50".into(),
            FieldKind::Select => f.options[0].value.clone(),
            FieldKind::YesNo => "no".into(),
        };
        answers.insert(f.key.clone(), value);
    }
    answers
}
