/** The shared half of the rotation module's manifest (pairing, community profiles, the rules, the seasonal plans): see contracts/module.ts. */
import { defineModuleContract } from './module.js';

export const rotationContract = defineModuleContract({
  module: 'rotation',
  permissions: {
    /** The plans, the pairing, the rules and the community profiles: the office city-wide, a town and its station their own town's. */
    'rotation.read': { label: { zh: '查看四季轮值', en: 'Read the four-season rotation' }, write: false, holders: { officeAdmin: 'scope', townStaff: 'scope', stationOperator: 'scope', auditor: 'global' } },
    /** Set the rules and community profiles, pair resources with towns, compute, edit and publish the plans. */
    'rotation.manage': { label: { zh: '编排四季轮值', en: 'Plan the four-season rotation' }, write: true, holders: { officeAdmin: 'scope' } },
    /**
     * Record field work (服务记录) under one's own published assignments: a social worker, an organization's member, a
     * certified employee on a town's or a department's account. The assignment, not a scope, limits where (hence global).
     */
    'rotation.record': { label: { zh: '填报轮值服务记录', en: 'Record rotation field work' }, write: true, holders: { socialWorker: 'global', orgMember: 'global', townStaff: 'global', departmentStaff: 'global' } },
  },
  auditActions: {
    'rotation.rules': { zh: '修改轮值规则', en: 'Rotation rules changed' },
    'rotation.communityProfile': { zh: '修改社区画像', en: 'Community profile changed' },
    'rotation.pairingProposed': { zh: '生成结对方案', en: 'Pairing proposed' },
    'rotation.pairing': { zh: '调整结对街镇', en: 'Pairing changed' },
    'rotation.compute': { zh: '计算轮值方案', en: 'Rotation plan computed' },
    'rotation.edit': { zh: '调整轮值方案', en: 'Rotation plan edited' },
    'rotation.publish': { zh: '发布轮值方案', en: 'Rotation plan published' },
    'rotation.recordsSynced': { zh: '同步轮值服务记录', en: 'Rotation field records synced' },
    'rotation.recordPhoto': { zh: '上传服务记录照片', en: 'Field record photo uploaded' },
  },
});
