import type { ApplicationKind, TemplateItem } from '../../../contracts/applications.js';
import type { DocBlock } from './docx.js';

/*
 * The templates of the 办事指南: the application letter of each kind and the model charter, as applicants fill them
 * in by hand or in Word and upload them again as their materials. Wording after the Ministry of Civil Affairs'
 * model texts (社会服务机构章程示范文本, 社会团体章程示范文本) and the forms registration offices hand out; blanks
 * are underlines or empty table cells.
 */

const BLANK = '__________';
const SIGN: DocBlock[] = [
  { kind: 'paragraph', text: '' },
  { kind: 'paragraph', text: '本组织承诺：所填写的内容和提交的材料真实、有效，如有虚假，愿意承担相应的法律责任。', indent: true },
  { kind: 'paragraph', text: '' },
  { kind: 'paragraph', text: `申请人（签字或盖章）：${BLANK}`, align: 'right' },
  { kind: 'paragraph', text: '日期：______年____月____日', align: 'right' },
];

const ESTABLISHMENT_LETTER: DocBlock[] = [
  { kind: 'title', text: '社会组织成立登记申请书' },
  { kind: 'paragraph', text: `${BLANK}民政局：` },
  {
    kind: 'paragraph',
    text: '根据《社会团体登记管理条例》《民办非企业单位登记管理暂行条例》《基金会管理条例》的规定，经发起人（举办者）协商一致，并经业务主管单位审查同意，现申请成立登记。有关情况如下：',
    indent: true,
  },
  {
    kind: 'table',
    rows: [
      ['拟登记名称', ''],
      ['组织类型', '□社会团体　□社会服务机构　□基金会'],
      ['住所', ''],
      ['业务范围', ''],
      ['服务领域', ''],
      ['业务主管单位', ''],
      ['注册资金（开办资金）', '　　　　　元'],
      ['资金来源', ''],
      ['法定代表人（拟任）', ''],
      ['公民身份号码', ''],
      ['联系电话', ''],
      ['会员（举办者）数量', '个人会员　　个；单位会员　　个'],
      ['专职工作人员数量', '　　人'],
    ],
  },
  { kind: 'paragraph', text: '一、成立的必要性和宗旨：' },
  { kind: 'paragraph', text: '' },
  { kind: 'paragraph', text: '' },
  { kind: 'paragraph', text: '二、拟开展的主要活动和服务对象：' },
  { kind: 'paragraph', text: '' },
  { kind: 'paragraph', text: '' },
  ...SIGN,
];

const FILING_LETTER: DocBlock[] = [
  { kind: 'title', text: '社区社会组织备案申请表' },
  { kind: 'paragraph', text: `${BLANK}镇人民政府（街道办事处）：` },
  { kind: 'paragraph', text: '本组织在本镇（街道）、村（社区）范围内开展活动，现申请备案。有关情况如下：', indent: true },
  {
    kind: 'table',
    rows: [
      ['组织名称', ''],
      ['活动地域', '　　　镇（街道）　　　村（社区）'],
      ['活动场所', ''],
      ['服务领域', '□养老　□助残　□儿童青少年　□文体　□调解　□志愿服务　□其他'],
      ['主要活动', ''],
      ['负责人', ''],
      ['公民身份号码', ''],
      ['联系电话', ''],
      ['成员人数', '　　人'],
      ['指导单位', '　　　村（社区）党组织'],
    ],
  },
  ...SIGN,
];

const CHANGE_LETTER: DocBlock[] = [
  { kind: 'title', text: '社会组织变更登记申请书' },
  { kind: 'paragraph', text: `${BLANK}民政局：` },
  { kind: 'paragraph', text: '本组织经会员（代表）大会（理事会）表决通过，现申请变更下列登记事项：', indent: true },
  {
    kind: 'table',
    rows: [
      ['组织名称', ''],
      ['统一社会信用代码', ''],
      ['变更事项', '变更前', '变更后'],
      ['□名称', '', ''],
      ['□住所', '', ''],
      ['□业务范围', '', ''],
      ['□法定代表人', '', ''],
      ['□注册资金', '', ''],
      ['□业务主管单位', '', ''],
      ['表决会议及日期', '', ''],
    ],
  },
  { kind: 'paragraph', text: '变更理由：' },
  { kind: 'paragraph', text: '' },
  { kind: 'paragraph', text: '' },
  ...SIGN,
];

const DEREGISTRATION_LETTER: DocBlock[] = [
  { kind: 'title', text: '社会组织注销登记申请书' },
  { kind: 'paragraph', text: `${BLANK}民政局：` },
  { kind: 'paragraph', text: '本组织经会员（代表）大会（理事会）表决通过，并在业务主管单位和有关机关指导下完成清算，现申请注销登记。', indent: true },
  {
    kind: 'table',
    rows: [
      ['组织名称', ''],
      ['统一社会信用代码', ''],
      ['注销原因', '□完成宗旨　□自行解散　□分立、合并　□其他'],
      ['表决会议及日期', ''],
      ['清算组织负责人', ''],
      ['清算结论', ''],
      ['债权债务处理情况', ''],
      ['剩余财产处理情况', ''],
    ],
  },
  { kind: 'paragraph', text: '本组织登记证书正、副本及印章随注销登记一并缴回。', indent: true },
  ...SIGN,
];

const article = (n: string, text: string): DocBlock => ({ kind: 'paragraph', text: `第${n}条\u3000${text}`, indent: true });

/** After the Ministry of Civil Affairs' 社会服务机构章程示范文本; a social association adapts chapter three to its members. */
const MODEL_CHARTER: DocBlock[] = [
  { kind: 'title', text: `${BLANK}章程（示范文本）` },
  { kind: 'paragraph', text: '说明：本示范文本供拟成立的社会组织参考，方括号内和下划线处请按实际填写；社会团体请将第三章改为“会员”，写明会员条件、权利和义务。', indent: true },
  { kind: 'heading', text: '第一章　总　则' },
  article('一', `本单位的名称是${BLANK}。`),
  article('二', '本单位是自愿设立、从事非营利性社会服务活动的社会组织。'),
  article('三', `本单位的宗旨是：遵守宪法、法律、法规和国家政策，践行社会主义核心价值观，遵守社会道德风尚，${BLANK}。`),
  article('四', '本单位坚持中国共产党的全面领导，根据中国共产党章程的规定，设立中国共产党的组织，开展党的活动，为党组织的活动提供必要条件。'),
  article('五', `本单位的登记管理机关是${BLANK}民政局，业务主管单位是${BLANK}。本单位接受登记管理机关、业务主管单位和有关部门的业务指导和监督管理。`),
  article('六', `本单位的住所是${BLANK}。`),
  article('七', `本单位的注册资金（开办资金）为人民币${BLANK}元，出资者为${BLANK}。`),
  { kind: 'heading', text: '第二章　业务范围' },
  article('八', `本单位的业务范围是：（一）${BLANK}；（二）${BLANK}；（三）${BLANK}。业务范围中属于法律法规规定须经批准的事项，依法经批准后开展。`),
  { kind: 'heading', text: '第三章　举办者、理事和监事' },
  article('九', '本单位的举办者享有以下权利：了解本单位的运营状况和财务状况；推荐理事和监事人选；对本单位的工作提出意见和建议。'),
  article('十', `本单位设理事会，理事会是本单位的决策机构。理事会由${BLANK}名理事组成（3 至 25 名）。理事每届任期${BLANK}年（不超过 5 年），可以连任。`),
  article('十一', '理事会行使下列职权：制定、修改章程；选举和罢免理事长、副理事长；决定重大业务活动计划；审议年度工作报告和财务预算、决算；决定本单位的变更、注销事项；章程规定的其他职权。'),
  article('十二', '理事会每年至少召开 2 次会议。理事会会议须有 2/3 以上理事出席方能召开，其决议须经全体理事过半数通过方能生效；修改章程、变更、注销等重要事项须经全体理事 2/3 以上通过。'),
  article('十三', '本单位设监事（会），监事任期与理事任期相同。理事、理事长、执行机构负责人及财务负责人不得兼任监事。监事检查本单位财务和会计资料，监督理事会遵守法律和章程的情况。'),
  article('十四', `本单位的理事长为本单位法定代表人。法定代表人不得同时担任其他社会组织的法定代表人。`),
  { kind: 'heading', text: '第四章　资产管理和使用原则' },
  article('十五', '本单位经费来源：出资者的出资；政府购买服务的收入；在业务范围内开展服务活动的收入；捐赠；利息；其他合法收入。'),
  article('十六', '本单位的资产及其他合法收入，只能用于章程规定的业务范围和事业的发展，不得在出资者、理事、监事和工作人员中分配。'),
  article('十七', '本单位执行国家规定的财务管理制度，接受财政、税务、审计和登记管理机关的监督；换届或更换法定代表人之前须进行财务审计。'),
  article('十八', '本单位按规定向登记管理机关报送年度工作报告，并向社会公开。'),
  { kind: 'heading', text: '第五章　章程的修改' },
  article('十九', '对本章程的修改，须经理事会表决通过后 15 日内，报业务主管单位审查同意，并自同意之日起 30 日内报登记管理机关核准。'),
  { kind: 'heading', text: '第六章　终止程序及终止后的财产处理' },
  article('二十', '本单位完成宗旨、自行解散、分立、合并或因其他原因需要注销的，由理事会提出终止动议，经业务主管单位审查同意。'),
  article('二十一', '本单位终止前，须在业务主管单位及有关机关指导下成立清算组织，清理债权债务，处理善后事宜。清算期间不开展清算以外的活动。'),
  article('二十二', '本单位终止后的剩余财产，在业务主管单位和登记管理机关的监督下，按照国家有关规定，用于发展与本单位宗旨相关的事业，或者捐赠给宗旨相同或相近的社会组织。'),
  { kind: 'heading', text: '第七章　附　则' },
  article('二十三', `本章程经${BLANK}年____月____日理事会表决通过。`),
  article('二十四', '本章程的解释权属本单位理事会。本章程自登记管理机关核准之日起生效。'),
];

/** For a community organization's filing: rules of activity rather than a full charter. */
const MODEL_RULES: DocBlock[] = [
  { kind: 'title', text: `${BLANK}活动规则（示范文本）` },
  article('一', `本组织名称为${BLANK}，是在${BLANK}村（社区）范围内开展活动的社区社会组织。`),
  article('二', `本组织的宗旨是：坚持党的领导，服务社区居民，${BLANK}。本组织接受${BLANK}村（社区）党组织的指导和镇（街道）的管理。`),
  article('三', `本组织的主要活动：${BLANK}。活动场所：${BLANK}。`),
  article('四', '居住或工作在本村（社区）、认同本规则的居民可以自愿加入，也可以自愿退出。'),
  article('五', `本组织设负责人 1 名，由成员推选产生，任期${BLANK}年。负责人负责组织活动、管理经费，每年向成员报告工作和经费收支情况。`),
  article('六', '本组织的经费来源于成员自愿捐助、社区支持和政府购买服务等合法收入，只能用于本组织的活动，账目向成员公开。'),
  article('七', '本组织开展活动遵守法律法规和社区公约，注意安全，不以营利为目的。'),
  article('八', '本组织解散的，应向备案的镇（街道）报告，剩余财产用于社区公益事业。'),
  article('九', `本规则经全体成员讨论通过，自${BLANK}年____月____日起施行。`),
];

/** The letter of each kind (annual reports have their own report form and no letter). */
const LETTERS: Partial<Record<ApplicationKind, DocBlock[]>> = {
  establishment: ESTABLISHMENT_LETTER,
  filing: FILING_LETTER,
  change: CHANGE_LETTER,
  deregistration: DEREGISTRATION_LETTER,
};

const CHARTERS: Partial<Record<ApplicationKind, { name: string; blocks: DocBlock[] }>> = {
  establishment: { name: '章程示范文本', blocks: MODEL_CHARTER },
  filing: { name: '活动规则示范文本', blocks: MODEL_RULES },
};

const LETTER_NAMES: Record<ApplicationKind, string> = {
  establishment: '成立登记申请书',
  filing: '社区社会组织备案申请表',
  change: '变更登记申请书',
  deregistration: '注销登记申请书',
  annualReport: '',
};

/** The templates a kind offers, each with its name and its blocks. */
export function templatesOf(kind: ApplicationKind): { item: TemplateItem; name: string; blocks: DocBlock[] }[] {
  const out: { item: TemplateItem; name: string; blocks: DocBlock[] }[] = [];
  const letter = LETTERS[kind];
  if (letter) out.push({ item: 'applicationLetter', name: LETTER_NAMES[kind], blocks: letter });
  const charter = CHARTERS[kind];
  if (charter) out.push({ item: 'charter', name: charter.name, blocks: charter.blocks });
  return out;
}
