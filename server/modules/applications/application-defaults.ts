import type { ApplicationKind, SupplementOverdueRule } from '../../../contracts/applications.js';
import type { ApplicationGuideText } from './applications.tables.js';

/*
 * A kind's settings before a city's office has set them: the promise the platform started with and the 办事指南 of
 * the national regulations (nothing in them is one city's). A city gets its own rows from the demo seed or by copying
 * another city (applications.template.ts); until then its kinds read as these.
 */

export interface KindRules {
  promisedDays: number;
  supplementOverdue: SupplementOverdueRule;
  guide: ApplicationGuideText | null;
}

const REGULATIONS = ['《社会团体登记管理条例》', '《民办非企业单位登记管理暂行条例》', '《基金会管理条例》'];

export const DEFAULT_KIND_RULES: Record<ApplicationKind, KindRules & { guide: ApplicationGuideText }> = {
  establishment: {
    promisedDays: 10,
    supplementOverdue: 'lapse',
    guide: {
      conditions: [
        '有规范的名称、章程和相应的组织机构',
        '有固定的住所，有与业务活动相适应的专职工作人员',
        '有合法的资产和经费来源：地方性社会团体活动资金不少于 3 万元，基金会原始基金不低于 200 万元，社会服务机构开办资金与业务规模相适应',
        '社会团体有 50 个以上个人会员或 30 个以上单位会员',
        '经业务主管单位审查同意（依法直接登记的类别除外）',
        '有独立承担民事责任的能力',
      ],
      legalBasis: [...REGULATIONS, '《中华人民共和国行政许可法》第三十二条（申请材料不齐全的，一次告知需要补正的全部内容）'],
      fees: '不收费',
      channel: '全程网办：在线填写、上传材料、查看进度、下载电子证书，原则上无需到现场（最多跑一次）',
    },
  },
  filing: {
    promisedDays: 3,
    supplementOverdue: 'lapse',
    guide: {
      conditions: ['在本镇（街道）或村（社区）范围内开展活动的社区社会组织', '有规范的名称和活动规则', '有固定的活动场所和负责人', '成员一般不少于 10 人'],
      legalBasis: ['民政部《关于大力培育发展社区社会组织的意见》（民发〔2017〕191号）', '《中华人民共和国行政许可法》第三十二条'],
      fees: '不收费',
      channel: '全程网办，由镇（街道）备案，原则上无需到现场',
    },
  },
  change: {
    promisedDays: 5,
    supplementOverdue: 'lapse',
    guide: {
      conditions: ['已登记的社会组织，登记事项（名称、住所、业务范围、法定代表人等）发生变化', '变更事项经会员（代表）大会或理事会依章程表决通过', '变更业务范围或业务主管单位的，经业务主管单位审查同意'],
      legalBasis: REGULATIONS,
      fees: '不收费',
      channel: '全程网办，变更后的电子证书在线下载',
    },
  },
  deregistration: {
    promisedDays: 5,
    supplementOverdue: 'lapse',
    guide: {
      conditions: ['完成宗旨、自行解散、分立或合并，或因其他原因终止', '已在业务主管单位和有关机关指导下成立清算组织，完成清算', '注销事项经会员（代表）大会或理事会依章程表决通过'],
      legalBasis: REGULATIONS,
      fees: '不收费',
      channel: '全程网办，注销后登记证书同时作废',
    },
  },
  annualReport: {
    promisedDays: 5,
    supplementOverdue: 'lapse',
    guide: {
      conditions: ['上一年度 12 月 31 日前已登记的社会组织', '报送上一年度业务活动和财务会计情况'],
      legalBasis: [...REGULATIONS, '民政部《社会组织年度检查（年度报告）》有关规定'],
      fees: '不收费',
      channel: '全程网办',
    },
  },
};

/** A city's rules for a kind: its own row, or the defaults while it has none. */
export function kindRulesOr(kind: ApplicationKind, found: KindRules | undefined): KindRules {
  return found ?? DEFAULT_KIND_RULES[kind];
}
