import type { RubricInput } from '../../../contracts/assessment.js';

/*
 * Haining's demo rubrics and stations (issue 18): pure data, seeded by assessment's demo seed.
 *
 * SPPE follows the seed article's 《海宁市镇(街道)社会工作站建设运营“SPPE”评价办法》: four dimensions, 23
 * indicators, 100 points, and 4 items on top (2 bonus, 2 deduction). The split 20/30/20/30 weighs operation and
 * effect over paperwork, as the article's "定量与定性相结合…从工作成效、群众口碑" asks.
 *
 * Computed indicators: every guide reads points = the indicator's maximum × attainment, where attainment is a rate
 * (0–1) or a count over the target the guide names, capped at 1; the target lives only in the guide because a
 * rubric has no slot for a formula's parameters. A formula whose data is absent reports that, and the evaluators
 * score it from the evidence instead (issue 18 §2: "says so instead of scoring zero").
 */

const level = (name: string, minPoints: number, maxPoints: number, description: string) => ({ name, minPoints, maxPoints, description });

const NO_DATA = '平台无该项数据时标注“数据缺失”，由评估组按佐证材料核定，不直接计 0 分。';

const GRADE_BANDS: RubricInput['gradeBands'] = [
  { code: 'excellent', name: '优秀', minComposite: 90 },
  { code: 'good', name: '良好', minComposite: 80 },
  { code: 'pass', name: '合格', minComposite: 60 },
  { code: 'fail', name: '不合格', minComposite: 0 },
];

export const SPPE_RUBRIC: RubricInput = {
  kind: 'sppe',
  code: 'sppe',
  name: '海宁市镇（街道）社会工作站 SPPE 评估标准',
  description:
    '依据《海宁市镇（街道）社会工作站建设运营“SPPE”评价办法》，从规范建设（Standard）、专业运营（Professional）、项目策划（Planning）、服务成效（Effect）四个维度设置 23 项指标，百分制量化社工站绩效；在 100 分基础上设正向加分 2 项、反向扣分 2 项，形成镇（街道）社会工作站综合评价分值。能量化的指标由平台数据计算，不易量化的从工作成效、群众口碑等方面定性评价。专家评分去掉一个最高分和一个最低分后取平均（5 名及以上专家时）。',
  aggregation: 'trimmedMean',
  trimMinEvaluators: 5,
  dimensions: [
    {
      code: 'S',
      name: '规范建设',
      maxPoints: 20,
      indicators: [
        {
          code: 'S1',
          name: '场地设施与统一标识',
          maxPoints: 4,
          source: 'self',
          guide:
            '社工站与社会组织服务中心合署场地使用面积不少于 150 平方米，设有接待、个案、小组活动、孵化办公等功能区得 2 分，每缺一个功能区扣 0.5 分；门口悬挂全市统一“社会工作站”标识、站内公示服务项目、开放时间和联系方式得 1 分；每周对外开放不少于 5 个工作日、设施完好可用得 1 分。实地查看与自评不符的，该项按实际情况评分。',
          evidence: '场地平面图及功能区照片、标识与公示栏照片、开放时间安排；专家实地查看记录。',
          levels: [
            level('优', 3.5, 4, '面积达标，功能区齐全，标识统一，公示完整，正常开放。'),
            level('良', 2.5, 3, '面积达标，缺一个功能区或公示不全。'),
            level('中', 1, 2, '面积不足或缺两个以上功能区，标识不统一。'),
            level('差', 0, 0.5, '无固定场地或长期不开放。'),
          ],
        },
        {
          code: 'S2',
          name: '“二合一”建设与托管运营',
          maxPoints: 4,
          source: 'manual',
          guide:
            '社会组织服务中心（党群服务中心）与社会工作站“二合一”统筹运行，由专业社工机构按“项目化购买、专业化服务、社会化运作”托管运营：托管合同在有效期内、服务内容与考核要求写入合同得 1.5 分；年度运营方案与工作计划经镇（街道）审定得 1 分；镇（街道）明确分管领导和联络人、每季度至少召开 1 次联席会议得 1.5 分。未实现“二合一”或无托管合同的，本项不得分。',
          evidence: '托管运营合同、年度运营方案和工作计划、镇（街道）审定意见、联席会议纪要。',
          levels: [
            level('优', 3.5, 4, '“二合一”运行顺畅，合同、方案、联席机制齐全。'),
            level('良', 2.5, 3, '合同和方案齐全，联席会议不足每季度一次。'),
            level('中', 1, 2, '合同在有效期内，但无年度方案或镇街未审定。'),
            level('差', 0, 0.5, '未“二合一”或无有效托管合同。'),
          ],
        },
        {
          code: 'S3',
          name: '制度建设',
          maxPoints: 4,
          source: 'self',
          guide:
            '建立岗位职责、服务流程、专业督导、财务管理、安全管理、档案管理、信息公开、志愿者管理 8 项制度并汇编成册得 2 分，每缺一项扣 0.5 分；主要制度上墙公示得 1 分；制度在评估年度内实际执行、有记录可查得 1 分（抽查 3 项，1 项无执行记录扣 0.5 分）。',
          evidence: '制度汇编、上墙照片、抽查制度对应的执行记录。',
          levels: [
            level('优', 3.5, 4, '制度齐全、公示，执行有据。'),
            level('良', 2.5, 3, '缺一至两项制度或执行记录不全。'),
            level('中', 1, 2, '制度缺三项以上或基本未执行。'),
            level('差', 0, 0.5, '无成文制度。'),
          ],
        },
        {
          code: 'S4',
          name: '档案与台账管理',
          maxPoints: 4,
          source: 'manual',
          guide:
            '个案“一案一档”、小组和社区活动“一活动一档”，档案要素完整（需求评估、服务计划、过程记录、成效评估、结案）得 2 分；服务记录在平台及时录入（活动结束后 5 个工作日内）得 1 分；台账分类清晰、与平台数据一致得 1 分。每抽查到一份要素缺失的档案扣 0.5 分，扣完为止。',
          evidence: '个案、小组、社区活动档案（专家现场抽查各不少于 3 份）；平台服务记录导出表。',
          levels: [
            level('优', 3.5, 4, '档案完整规范，平台录入及时，账实一致。'),
            level('良', 2.5, 3, '个别档案要素缺失或录入滞后。'),
            level('中', 1, 2, '多份档案要素缺失，台账与平台数据不一致。'),
            level('差', 0, 0.5, '无规范档案。'),
          ],
        },
        {
          code: 'S5',
          name: '经费使用与财务管理',
          maxPoints: 4,
          source: 'manual',
          guide:
            '运营经费专款专用、单独核算得 2 分；支出票据合规、与预算科目相符，预算执行率在 85% 以上得 1 分；年度经费使用情况在站内或平台公开得 1 分。发现挤占挪用的，本项不得分并按反向指标处理。',
          evidence: '经费预算与决算表、专账明细、抽查票据、公开截图或照片。',
          levels: [
            level('优', 3.5, 4, '专款专用，票据合规，执行率达标并公开。'),
            level('良', 2.5, 3, '核算规范，个别票据不合规或未公开。'),
            level('中', 1, 2, '未单独核算或执行率低于 70%。'),
            level('差', 0, 0.5, '经费管理混乱或有挪用。'),
          ],
        },
      ],
    },
    {
      code: 'P1',
      name: '专业运营',
      maxPoints: 30,
      indicators: [
        {
          code: 'P1-1',
          name: '持证社工配备',
          maxPoints: 5,
          source: 'computed',
          formula: 'workforce.certifiedWorkers',
          target: 4,
          guide: `按社工人才库中评估年度末派驻本站、持有助理社会工作师及以上职业资格证书（在有效期内登记）的专职社工人数计分：满 4 名得满分，每名 1.25 分。${NO_DATA}`,
          evidence: '驻站人员花名册、劳动合同、社会工作者职业资格证书及登记证明（人才库已有的无需重复提交）。',
          levels: [
            level('优', 5, 5, '持证社工 4 名及以上。'),
            level('良', 3.75, 3.75, '持证社工 3 名。'),
            level('中', 2.5, 2.5, '持证社工 2 名。'),
            level('差', 0, 1.25, '持证社工不足 2 名。'),
          ],
        },
        {
          code: 'P1-2',
          name: '站长配备与团队稳定',
          maxPoints: 4,
          source: 'manual',
          guide:
            '站长持社会工作师（中级）及以上证书或有 3 年以上社会工作管理经验得 2 分；评估年度内驻站人员流失率不超过 20% 得 2 分，20%–40% 得 1 分，超过 40% 不得分。站长空缺超过 2 个月的，站长部分不得分。',
          evidence: '站长资格证明与履历、年初年末人员名单及变动说明。',
          levels: [
            level('优', 3.5, 4, '站长资质达标，团队稳定。'),
            level('良', 2.5, 3, '站长资质达标，人员流动偏高。'),
            level('中', 1, 2, '站长资质不足或人员流失严重。'),
            level('差', 0, 0.5, '站长长期空缺，团队频繁更换。'),
          ],
        },
        {
          code: 'P1-3',
          name: '专业督导',
          maxPoints: 4,
          source: 'manual',
          guide:
            '每月至少开展 1 次专业督导（外部督导每季度不少于 1 次），全年不少于 12 次得 3 分，每少 1 次扣 0.25 分；督导意见有落实、有跟进记录得 1 分。',
          evidence: '督导协议、督导记录（时间、督导者、议题、意见）与跟进记录。',
          levels: [
            level('优', 3.5, 4, '督导频次达标，意见落实。'),
            level('良', 2.5, 3, '督导 9–11 次或跟进记录不全。'),
            level('中', 1, 2, '督导 5–8 次。'),
            level('差', 0, 0.5, '督导少于 5 次或无外部督导。'),
          ],
        },
        {
          code: 'P1-4',
          name: '教育培训与能力建设',
          maxPoints: 4,
          source: 'self',
          guide:
            '驻站社工人均年度继续教育不少于 24 学时得 2 分，按达标人数比例计分；组织村（社区）工作者、社区社会组织骨干培训不少于 4 场得 1 分；鼓励未持证人员参加职业资格考试，年度有新增持证或晋级的得 1 分。',
          evidence: '培训证书或学时证明、培训通知、签到表与照片、新增证书。',
          levels: [
            level('优', 3.5, 4, '学时全员达标，对外培训充分，有新增持证。'),
            level('良', 2.5, 3, '学时基本达标，对外培训 2–3 场。'),
            level('中', 1, 2, '半数以上人员学时不足。'),
            level('差', 0, 0.5, '基本未开展培训。'),
          ],
        },
        {
          code: 'P1-5',
          name: '专业方法运用',
          maxPoints: 5,
          source: 'manual',
          guide:
            '综合运用个案、小组、社区工作方法：年度个案不少于 20 个（其中困难家庭、孤寡老人、困境儿童个案不少于 10 个）得 2 分，小组不少于 6 个、每个不少于 4 节得 1.5 分，社区活动不少于 12 场得 1.5 分。专家抽查个案、小组各 3 份，专业性不足的每份扣 0.5 分。',
          evidence: '个案、小组、社区活动清单及抽查档案。',
          levels: [
            level('优', 4.5, 5, '数量达标，方法规范，成效可见。'),
            level('良', 3, 4, '数量达标，部分档案专业性不足。'),
            level('中', 1.5, 2.5, '数量不足或专业方法运用较弱。'),
            level('差', 0, 1, '以一般性活动代替专业服务。'),
          ],
        },
        {
          code: 'P1-6',
          name: '孵化培育社会组织',
          maxPoints: 4,
          source: 'computed',
          formula: 'orgs.incubated',
          target: 4,
          guide: `按平台登记的评估年度内由本站孵化培育（入驻孵化、出壳或完成登记、备案）的社会组织数计分：满 4 家得满分，每家 1 分。${NO_DATA}`,
          evidence: '孵化协议、入驻与出壳记录；平台已记录的无需重复提交。',
          levels: [
            level('优', 4, 4, '孵化培育 4 家及以上。'),
            level('良', 3, 3, '孵化培育 3 家。'),
            level('中', 2, 2, '孵化培育 2 家。'),
            level('差', 0, 1, '孵化培育不足 2 家。'),
          ],
        },
        {
          code: 'P1-7',
          name: '志愿者队伍建设',
          maxPoints: 4,
          source: 'self',
          guide:
            '依托本站注册志愿者不少于 200 人得 1.5 分；年度志愿服务总时长不少于 3000 小时得 1.5 分，不足的按比例计分；建立志愿者招募、培训、激励制度并开展表彰得 1 分。',
          evidence: '志愿服务信息系统（志愿汇等）导出的注册人数和时长、培训与表彰记录。',
          levels: [
            level('优', 3.5, 4, '人数和时长达标，管理激励机制完善。'),
            level('良', 2.5, 3, '人数或时长其一未达标。'),
            level('中', 1, 2, '人数和时长均未达标。'),
            level('差', 0, 0.5, '未建立志愿者队伍。'),
          ],
        },
      ],
    },
    {
      code: 'P2',
      name: '项目策划',
      maxPoints: 20,
      indicators: [
        {
          code: 'P2-1',
          name: '需求调研与评估',
          maxPoints: 4,
          source: 'self',
          guide:
            '年度需求调研覆盖辖区全部村（社区），围绕“6+1”服务对象（老年人、妇女、儿童青少年、新居民、残疾人、困难群众及一项中心工作）形成需求评估报告得 3 分，覆盖率不足的按比例计分；调研结果用于项目设计、有对应关系得 1 分。',
          evidence: '调研方案、问卷或访谈记录、需求评估报告。',
          levels: [
            level('优', 3.5, 4, '调研全覆盖，报告质量高，结果用于项目设计。'),
            level('良', 2.5, 3, '覆盖 80% 以上村社，报告较完整。'),
            level('中', 1, 2, '调研覆盖不足或报告流于形式。'),
            level('差', 0, 0.5, '未开展需求调研。'),
          ],
        },
        {
          code: 'P2-2',
          name: '“123X”项目设计',
          maxPoints: 4,
          source: 'manual',
          guide:
            '按“123X”清单设计年度项目：1 个核心引领（党管人才）项目、2 个领域治理品牌项目（社区、社工）、3 个基础项目（困难家庭、孤寡老年人、困境儿童）各得相应分值（核心 1 分、品牌 1 分、基础 1 分，缺项按比例扣分）；X 个特色自选项目有需求依据、目标可衡量、预算合理得 1 分。',
          evidence: '年度项目清单、项目书（含目标、逻辑框架、服务指标、预算）。',
          levels: [
            level('优', 3.5, 4, '清单完整，项目书目标清晰、指标可衡量。'),
            level('良', 2.5, 3, '清单基本完整，个别项目设计欠规范。'),
            level('中', 1, 2, '缺基础项目或品牌项目。'),
            level('差', 0, 0.5, '无成型项目设计。'),
          ],
        },
        {
          code: 'P2-3',
          name: '政府购买服务项目完成情况',
          maxPoints: 4,
          source: 'computed',
          formula: 'projects.delivered',
          guide: `按平台记录的本镇（街道）由本站承接或统筹实施、评估年度应结项的政府购买服务项目中按期结项的比例计分：得分 = 4 × 按期结项数 ÷ 应结项数；被终止的项目计为未按期结项。${NO_DATA}`,
          evidence: '平台项目结项记录；延期项目的批准文件。',
          levels: [
            level('优', 3.6, 4, '按期结项率 90% 及以上。'),
            level('良', 3, 3.6, '按期结项率 75%–89%。'),
            level('中', 2, 3, '按期结项率 50%–74%。'),
            level('差', 0, 2, '按期结项率低于 50%。'),
          ],
        },
        {
          code: 'P2-4',
          name: '购买服务项目服务指标完成率',
          maxPoints: 4,
          source: 'computed',
          formula: 'projects.indicatorProgress',
          guide: `按平台记录的上述项目合同约定服务指标（服务人次、个案、小组、活动场次等）的平均完成率计分：得分 = 4 × 平均完成率，单项超额不抵补其他指标。${NO_DATA}`,
          evidence: '平台项目服务记录与指标进度；线下服务的签到表、照片。',
          levels: [
            level('优', 3.6, 4, '平均完成率 90% 及以上。'),
            level('良', 3.2, 3.6, '平均完成率 80%–89%。'),
            level('中', 2.4, 3.2, '平均完成率 60%–79%。'),
            level('差', 0, 2.4, '平均完成率低于 60%。'),
          ],
        },
        {
          code: 'P2-5',
          name: '资源链接与多元参与',
          maxPoints: 4,
          source: 'manual',
          guide:
            '链接慈善组织、企业、商会、群团组织等社会资源，年度链接资金和物资（折价）不少于 5 万元得 2 分，不足的按比例计分；与辖区村（社区）、社会组织、志愿队伍联合开展项目不少于 3 个得 1 分；开展公益创投或“公益服务大巴士”等进村社活动得 1 分。',
          evidence: '捐赠协议与票据、合作协议、联合项目记录与照片。',
          levels: [
            level('优', 3.5, 4, '资源达标，多元主体常态参与。'),
            level('良', 2.5, 3, '资源 3–5 万元，合作项目 1–2 个。'),
            level('中', 1, 2, '资源少于 3 万元，合作零散。'),
            level('差', 0, 0.5, '基本无资源链接。'),
          ],
        },
      ],
    },
    {
      code: 'E',
      name: '服务成效',
      maxPoints: 30,
      indicators: [
        {
          code: 'E1',
          name: '服务对象覆盖',
          maxPoints: 5,
          source: 'self',
          guide:
            '辖区困难家庭、孤寡老年人、困境儿童年度走访建档全覆盖得 2 分，每低 10 个百分点扣 0.5 分；“6+1”服务对象均有对应服务得 1.5 分，每缺一类扣 0.25 分；年度直接服务人次不少于辖区常住人口的 5% 得 1.5 分，不足的按比例计分。',
          evidence: '三类重点对象名单与走访记录（脱敏）、服务人次统计、平台服务记录。',
          levels: [
            level('优', 4.5, 5, '重点对象全覆盖，“6+1”全覆盖，服务人次达标。'),
            level('良', 3, 4, '重点对象覆盖 80% 以上。'),
            level('中', 1.5, 2.5, '重点对象覆盖 60%–80%。'),
            level('差', 0, 1, '重点对象覆盖不足 60%。'),
          ],
        },
        {
          code: 'E2',
          name: '民情按时办结率',
          maxPoints: 5,
          source: 'computed',
          formula: 'concerns.withinLimit',
          guide: `按平台记录的评估年度内派给本站的民情在办理时限（工作日）内办结的比例计分：得分 = 5 × 按时办结率；超期督办后才办结的计为未按时。${NO_DATA}`,
          evidence: '平台民情办理记录；需线下核实的附回访记录。',
          levels: [
            level('优', 4.75, 5, '按时办结率 95% 及以上。'),
            level('良', 4.25, 4.75, '按时办结率 85%–94%。'),
            level('中', 3.5, 4.25, '按时办结率 70%–84%。'),
            level('差', 0, 3.5, '按时办结率低于 70%。'),
          ],
        },
        {
          code: 'E3',
          name: '四季轮值网格覆盖率',
          maxPoints: 4,
          source: 'computed',
          formula: 'rotation.coverage',
          guide: `按“三社共建·四季轮值”方案，评估年度四个季度中本镇（街道）网格有社工或社会组织下沉服务并有服务记录的比例计分：得分 = 4 × 覆盖网格季度数 ÷（网格数 × 4）。${NO_DATA}`,
          evidence: '平台轮值方案与服务记录。',
          levels: [
            level('优', 3.6, 4, '覆盖率 90% 及以上。'),
            level('良', 3, 3.6, '覆盖率 75%–89%。'),
            level('中', 2, 3, '覆盖率 50%–74%。'),
            level('差', 0, 2, '覆盖率低于 50%。'),
          ],
        },
        {
          code: 'E4',
          name: '项目终期评估等次',
          maxPoints: 5,
          source: 'computed',
          formula: 'projects.evaluationGrades',
          guide: `按本站承接或统筹实施、评估年度完成终期评估的政府购买服务项目的等次计分：优秀计 1、良好计 0.8、合格计 0.6、不合格计 0，得分 = 5 × 各项目等次分值的平均数。${NO_DATA}`,
          evidence: '平台项目终期评估结果。',
          levels: [
            level('优', 4.5, 5, '项目以优秀为主，无不合格。'),
            level('良', 3.5, 4.5, '项目以良好为主。'),
            level('中', 2.5, 3.5, '项目多为合格。'),
            level('差', 0, 2.5, '有不合格项目。'),
          ],
        },
        {
          code: 'E5',
          name: '群众满意度',
          maxPoints: 6,
          source: 'survey',
          // The minimum sample: fewer answers count as no data and the evaluators score it from evidence.
          target: 100,
          guide:
            '由平台向辖区居民发放本站满意度问卷（公开链接和二维码，一个手机号一份，短信验证码核验）：满意计 1、基本满意计 0.8、一般计 0.5、不满意计 0，得分 = 6 × 有效答卷平均分。有效样本不少于 100 份；不足 100 份的视为数据缺失，由专家依据佐证材料评分；样本量在结果中注明。',
          evidence: '平台满意度调查结果（含样本量）。',
          levels: [
            level('优', 5.4, 6, '满意度 90% 及以上。'),
            level('良', 4.8, 5.4, '满意度 80%–89%。'),
            level('中', 3.6, 4.8, '满意度 60%–79%。'),
            level('差', 0, 3.6, '满意度低于 60%。'),
          ],
        },
        {
          code: 'E6',
          name: '工作成效与服务品牌',
          maxPoints: 5,
          source: 'manual',
          guide:
            '定性评价：专家结合实地走访、村（社区）和服务对象座谈，对本站在扶贫帮困、矛盾调处、平安建设、文明创建等基层治理中的实际成效和群众口碑评分（3 分）；形成“一站一品”服务品牌，有可复制的典型案例或工作经验被镇（街道）以上采用得 2 分。',
          evidence: '年度工作总结、典型案例（不少于 2 个）、座谈记录、宣传报道。',
          levels: [
            level('优', 4.5, 5, '成效突出，口碑好，品牌有影响力。'),
            level('良', 3, 4, '成效明显，有初步品牌。'),
            level('中', 1.5, 2.5, '有一定成效，缺少特色。'),
            level('差', 0, 1, '成效不明显，群众反映差。'),
          ],
        },
      ],
    },
  ],
  adjustments: [
    {
      code: 'B1',
      name: '创新经验与上级表彰',
      kind: 'bonus',
      cap: 3,
      rule: '评估年度内本站工作经验、创新做法获表彰或被发文推广：国家级每项加 2 分，省级每项加 1.5 分，嘉兴市级每项加 1 分，海宁市级每项加 0.5 分；同一事项按最高级别计一次，累计不超过 3 分。',
    },
    {
      code: 'B2',
      name: '品牌项目与优秀案例',
      kind: 'bonus',
      cap: 2,
      rule: '本站项目入选省、嘉兴市优秀社会工作案例或品牌项目，或经验被省级以上主流媒体专题报道：省级每项加 1 分，嘉兴市级每项加 0.5 分；累计不超过 2 分。',
    },
    {
      code: 'D1',
      name: '安全责任事故与负面舆情',
      kind: 'deduction',
      cap: 5,
      rule: '因运营方责任发生安全责任事故、服务对象权益受到侵害或引发负面舆情，经核实每起扣 2 分，造成严重后果的每起扣 5 分；累计不超过 5 分。情节严重的由社工办约谈运营方并启动托管合同评估。',
    },
    {
      code: 'D2',
      name: '台账弄虚作假与审计问题',
      kind: 'deduction',
      cap: 5,
      rule: '台账资料、服务记录或服务数据弄虚作假的，每发现一处扣 1 分；审计、财政检查发现经费使用违规的，每项扣 2 分；累计不超过 5 分。',
    },
  ],
  gradeBands: GRADE_BANDS,
};

/** The committee's yearly assessment of the 12 towns on three-sector work, part of the towns' 年度目标责任制考核. */
export const TOWN_RUBRIC: RubricInput = {
  kind: 'town',
  code: 'town',
  name: '海宁市镇（街道）“三社联动”工作年度目标责任制考核细则',
  description:
    '市委社工委对各镇（街道）城乡社区、社会组织和社会工作“三社联动”工作的年度考核，列入市委、市政府对镇（街道）的年度目标责任制考核。能由平台数据计算的指标按数据计分，其余由考核组查阅资料、实地核查后评分，取考核组成员评分的平均值。',
  aggregation: 'mean',
  dimensions: [
    {
      code: 'T1',
      name: '组织领导与保障',
      maxPoints: 20,
      indicators: [
        {
          code: 'T1-1',
          name: '领导机制',
          maxPoints: 6,
          source: 'manual',
          guide:
            '镇（街道）党（工）委每年至少 2 次专题研究“三社”工作得 2 分；明确分管领导和专职工作人员得 2 分；“三社”工作列入年度工作要点并有推进台账得 2 分。',
          evidence: '党（工）委会议纪要、分工文件、年度工作要点与推进台账。',
          levels: [level('优', 5, 6, '机制健全，研究部署到位。'), level('中', 2, 4.5, '机制基本建立，研究部署不足。'), level('差', 0, 1.5, '无专门机制。')],
        },
        {
          code: 'T1-2',
          name: '经费保障',
          maxPoints: 8,
          source: 'self',
          guide:
            '“三社”专项经费列入镇级年度财政预算得 3 分；镇级购买社会组织服务资金不少于上年得 3 分，较上年增长的不再加分；市级项目配套资金按时足额到位得 2 分，每延迟一个月扣 0.5 分。',
          evidence: '镇级财政预算文件、购买服务合同与支付凭证、配套资金拨付记录。',
          levels: [level('优', 7, 8, '预算列支，投入不减，配套及时。'), level('中', 3, 6.5, '有预算，但投入下降或配套滞后。'), level('差', 0, 2.5, '未列预算。')],
        },
        {
          code: 'T1-3',
          name: '社工站建设运营',
          maxPoints: 6,
          source: 'manual',
          guide:
            '按“一镇一街道一社会工作站”建成社工站，与社会组织服务中心“二合一”并由专业社工机构托管运营得 3 分；参照当年社工站 SPPE 评估等次：优秀得 3 分，良好得 2 分，合格得 1 分，不合格不得分。',
          evidence: '社工站托管合同、当年 SPPE 评估结果。',
          levels: [level('优', 5, 6, '“二合一”托管运营，SPPE 优秀。'), level('中', 3, 4.5, '托管运营，SPPE 良好或合格。'), level('差', 0, 2.5, '未建站或 SPPE 不合格。')],
        },
      ],
    },
    {
      code: 'T2',
      name: '社会组织培育管理',
      maxPoints: 30,
      indicators: [
        {
          code: 'T2-1',
          name: '孵化培育社会组织',
          maxPoints: 8,
          source: 'computed',
          formula: 'orgs.incubated',
          target: 8,
          guide: `按平台记录的本镇（街道）年度孵化培育（入驻孵化、出壳或完成登记、备案）的社会组织数计分：满 8 家得满分，每家 1 分。${NO_DATA}`,
          evidence: '平台孵化记录。',
          levels: [level('优', 7, 8, '孵化培育 7 家及以上。'), level('中', 4, 6, '孵化培育 4–6 家。'), level('差', 0, 3, '孵化培育不足 4 家。')],
        },
        {
          code: 'T2-2',
          name: '社区社会组织发展',
          maxPoints: 7,
          source: 'manual',
          guide:
            '每个城市社区不少于 10 家、每个村不少于 5 家社区社会组织（登记或备案）得 4 分，未达标的村（社区）每个扣 0.5 分；社区社会组织常态开展活动、参与“厢里乡亲·七彩社区”等公益创投得 3 分。',
          evidence: '各村（社区）社区社会组织名录、活动记录、公益创投立项名单。',
          levels: [level('优', 6, 7, '数量达标，活动常态。'), level('中', 3, 5.5, '部分村社未达标。'), level('差', 0, 2.5, '多数村社未达标。')],
        },
        {
          code: 'T2-3',
          name: '社会组织规范管理',
          maxPoints: 8,
          source: 'self',
          guide:
            '辖区登记社会组织年度报告按时报送率 100% 得 3 分，每低 5 个百分点扣 0.5 分；新增 3A 及以上等级社会组织得 2 分；无社会组织被列入活动异常名录或严重违法失信名单得 2 分，每出现 1 家扣 1 分；配合查处非法社会组织得 1 分。',
          evidence: '年报报送统计、等级评估结果、异常名录查询截图、查处工作记录。',
          levels: [level('优', 7, 8, '年报全报，有新增等级组织，无失信。'), level('中', 3.5, 6.5, '年报基本报送，个别列入异常名录。'), level('差', 0, 3, '年报报送率低，多家列入名录。')],
        },
        {
          code: 'T2-4',
          name: '社会组织党建',
          maxPoints: 7,
          source: 'manual',
          guide:
            '符合条件的社会组织党组织应建尽建得 4 分，每有 1 家应建未建扣 1 分；社会组织党组织依托社工站（社会组织服务中心）开展组织生活和党建活动得 3 分。',
          evidence: '社会组织党组织名册、党建活动记录。',
          levels: [level('优', 6, 7, '应建尽建，活动规范。'), level('中', 3, 5.5, '个别应建未建。'), level('差', 0, 2.5, '党建工作基本空白。')],
        },
      ],
    },
    {
      code: 'T3',
      name: '社工人才与购买服务',
      maxPoints: 25,
      indicators: [
        {
          code: 'T3-1',
          name: '持证社工配备',
          maxPoints: 8,
          source: 'computed',
          formula: 'workforce.certifiedWorkers',
          target: 20,
          guide: `按社工人才库中评估年度末在本镇（街道）工作（社工站、社工机构、村社）的持证社工人数计分：满 20 名得满分，每名 0.4 分。${NO_DATA}`,
          evidence: '社工人才库统计；新增持证人员名单。',
          levels: [level('优', 7.2, 8, '持证社工 18 名及以上。'), level('中', 4, 6.8, '持证社工 10–17 名。'), level('差', 0, 3.6, '持证社工不足 10 名。')],
        },
        {
          code: 'T3-2',
          name: '政府购买服务项目完成情况',
          maxPoints: 9,
          source: 'computed',
          formula: 'projects.delivered',
          guide: `按平台记录的本镇（街道）评估年度应结项的政府购买服务项目中按期结项的比例计分：得分 = 9 × 按期结项数 ÷ 应结项数。${NO_DATA}`,
          evidence: '平台项目结项记录。',
          levels: [level('优', 8.1, 9, '按期结项率 90% 及以上。'), level('中', 5.4, 8.1, '按期结项率 60%–89%。'), level('差', 0, 5.4, '按期结项率低于 60%。')],
        },
        {
          code: 'T3-3',
          name: '项目终期评估等次',
          maxPoints: 8,
          source: 'computed',
          formula: 'projects.evaluationGrades',
          guide: `按本镇（街道）评估年度完成终期评估的政府购买服务项目等次计分：优秀计 1、良好计 0.8、合格计 0.6、不合格计 0，得分 = 8 × 平均值。${NO_DATA}`,
          evidence: '平台项目终期评估结果。',
          levels: [level('优', 7.2, 8, '项目以优秀为主。'), level('中', 4.8, 7.2, '项目以良好、合格为主。'), level('差', 0, 4.8, '有多个不合格项目。')],
        },
      ],
    },
    {
      code: 'T4',
      name: '参与基层治理成效',
      maxPoints: 25,
      indicators: [
        {
          code: 'T4-1',
          name: '民情按时办结率',
          maxPoints: 8,
          source: 'computed',
          formula: 'concerns.withinLimit',
          guide: `按平台记录的派给本镇（街道）及其社工站的民情在办理时限（工作日）内办结的比例计分：得分 = 8 × 按时办结率。${NO_DATA}`,
          evidence: '平台民情办理记录。',
          levels: [level('优', 7.6, 8, '按时办结率 95% 及以上。'), level('中', 5.6, 7.6, '按时办结率 70%–94%。'), level('差', 0, 5.6, '按时办结率低于 70%。')],
        },
        {
          code: 'T4-2',
          name: '四季轮值网格覆盖率',
          maxPoints: 7,
          source: 'computed',
          formula: 'rotation.coverage',
          guide: `按“三社共建·四季轮值”方案，本镇（街道）网格四个季度有社工、社会组织或持证人员下沉服务并有服务记录的比例计分：得分 = 7 × 覆盖率。${NO_DATA}`,
          evidence: '平台轮值方案与服务记录。',
          levels: [level('优', 6.3, 7, '覆盖率 90% 及以上。'), level('中', 3.5, 6.3, '覆盖率 50%–89%。'), level('差', 0, 3.5, '覆盖率低于 50%。')],
        },
        {
          code: 'T4-3',
          name: '特色品牌与典型经验',
          maxPoints: 5,
          source: 'manual',
          guide:
            '打造“三社联动”特色品牌（如公益创投、以社育社、公益服务大巴士进村社）并形成典型案例得 3 分；经验做法在全市交流或被市级以上部门推广得 2 分。',
          evidence: '品牌项目材料、典型案例、交流发言或推广文件。',
          levels: [level('优', 4, 5, '品牌鲜明，经验被推广。'), level('中', 2, 3.5, '有特色做法，影响有限。'), level('差', 0, 1.5, '无特色品牌。')],
        },
        {
          code: 'T4-4',
          name: '信息报送与宣传',
          maxPoints: 5,
          source: 'self',
          guide:
            '按时报送“三社”工作季度报表和年度总结得 2 分，每迟报一次扣 0.5 分；信息、简报被市级录用每篇 0.5 分、嘉兴市级以上每篇 1 分，最高 3 分。',
          evidence: '报送记录、录用信息截图或文件。',
          levels: [level('优', 4, 5, '报送及时，录用较多。'), level('中', 2, 3.5, '报送基本及时，录用较少。'), level('差', 0, 1.5, '迟报漏报较多。')],
        },
      ],
    },
  ],
  adjustments: [
    {
      code: 'TB1',
      name: '上级表彰与经验推广',
      kind: 'bonus',
      cap: 3,
      rule: '“三社”工作获省级及以上表彰或经验被省级推广的每项加 2 分，获嘉兴市级表彰或推广的每项加 1 分；同一事项按最高级别计一次，累计不超过 3 分。',
    },
    {
      code: 'TD1',
      name: '重大负面事件',
      kind: 'deduction',
      cap: 5,
      rule: '辖区社会组织或社工站发生安全责任事故、重大负面舆情，或非法社会组织活动查处不力被上级通报的，每起扣 2 分；累计不超过 5 分。',
    },
    {
      code: 'TD2',
      name: '数据不实',
      kind: 'deduction',
      cap: 3,
      rule: '报送数据、考核材料弄虚作假的，每发现一处扣 1 分；累计不超过 3 分。',
    },
  ],
  gradeBands: GRADE_BANDS,
};

export interface DemoStation {
  townName: string;
  name: string;
  operatorName: string;
  integratedWithCenter: true;
  contractFrom: string;
  contractTo: string;
}

/*
 * One station per town (一镇一街道一社会工作站), 二合一 with the town's service center, run by an agency on one
 * city-wide three-year contract so the 2024, 2025 and 2026 rounds all fall inside it. The town names are the
 * demo regions' (server/seed/data/haining-330481-towns.csv), in its order.
 *
 * Operators: orgs.demo-seed.ts generates (deterministically, seed 330481) an active service agency
 * “海宁市<镇街>社会工作服务社” for 10 towns; 马桥街道 and 袁花镇 get none, so those two must be added as
 * serviceAgency orgs by the assessment seed. The same-name pattern keeps the 12 operators easy to tell apart.
 */
const station = (townName: string, operatorName: string): DemoStation => ({
  townName,
  name: `${townName}社会工作站（社会组织服务中心）`,
  operatorName,
  integratedWithCenter: true,
  contractFrom: '2024-01-01',
  contractTo: '2026-12-31',
});

export const HAINING_STATIONS: DemoStation[] = [
  station('硖石街道', '海宁市硖石街道社会工作服务社'),
  station('海洲街道', '海宁市海洲街道社会工作服务社'),
  station('海昌街道', '海宁市海昌街道社会工作服务社'),
  station('马桥街道', '海宁市马桥街道社会工作服务社'), // not in the demo registry: to be added
  station('许村镇', '海宁市许村镇社会工作服务社'),
  station('长安镇', '海宁市长安镇社会工作服务社'),
  station('周王庙镇', '海宁市周王庙镇社会工作服务社'),
  station('丁桥镇', '海宁市丁桥镇社会工作服务社'),
  station('斜桥镇', '海宁市斜桥镇社会工作服务社'),
  station('黄湾镇', '海宁市黄湾镇社会工作服务社'),
  station('盐官镇', '海宁市盐官镇社会工作服务社'),
  station('袁花镇', '海宁市袁花镇社会工作服务社'), // not in the demo registry: to be added
];
