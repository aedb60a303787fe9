/** The shared half of the assessment module's manifest (one scoring engine, SPPE, the town assessment; issue 18): see contracts/module.ts. */
import { defineModuleContract } from './module.js';

export const assessmentContract = defineModuleContract({
  module: 'assessment',
  permissions: {
    /**
     * Rubrics, rounds and their progress. The office over its city; a town's staff and its station read their city's
     * rounds (their own subject's sheet and, once published, everyone's results); the auditor everywhere. Scores
     * before publication are the office's alone.
     */
    'assessment.read': {
      label: { zh: '查看评估', en: 'Read assessments' },
      write: false,
      holders: { officeAdmin: 'scope', townStaff: 'city', stationOperator: 'city', auditor: 'global' },
    },
    /** Rubric versions, rounds, panels, adjustments, moderation, publication and the answers to appeals. */
    'assessment.manage': { label: { zh: '组织评估', en: 'Run assessments' }, write: true, holders: { officeAdmin: 'scope' } },
    /** An evaluator scores the subjects they are assigned to, and nothing else (assignments, not scope, limit it). */
    'assessment.score': { label: { zh: '评估评分', en: 'Score in assessments' }, write: true, holders: { evaluator: 'global' } },
    /** A station's or town's own people: the self-assessment with its evidence, and appeals against the published result. */
    'assessment.self': { label: { zh: '自评与申诉', en: 'Self-assess and appeal' }, write: true, holders: { townStaff: 'scope', stationOperator: 'scope' } },
  },
  auditActions: {
    'assessment.rubric': { zh: '编辑评估标准', en: 'Rubric edited' },
    'assessment.rubricPublish': { zh: '发布评估标准', en: 'Rubric published' },
    'assessment.round': { zh: '创建评估轮次', en: 'Assessment round opened' },
    'assessment.panel': { zh: '指派评估专家', en: 'Evaluators assigned' },
    'assessment.declare': { zh: '专家利益冲突声明', en: 'Conflict of interest declared' },
    'assessment.self': { zh: '提交自评', en: 'Self-assessment submitted' },
    'assessment.evidence': { zh: '上传佐证材料', en: 'Evidence uploaded' },
    'assessment.score': { zh: '专家评分', en: 'Scores given' },
    'assessment.scoreChange': { zh: '修改已提交的评分', en: 'Submitted score changed' },
    'assessment.adjustment': { zh: '加减分', en: 'Bonus or deduction given' },
    'assessment.appeal': { zh: '提出申诉', en: 'Appeal raised' },
    'assessment.appealAnswer': { zh: '答复申诉', en: 'Appeal answered' },
    'assessment.station': { zh: '编辑社工站', en: 'Station edited' },
    'assessment.survey': { zh: '群众满意度评价', en: 'Survey answered' },
  },
});
