/** The shared half of the meetings module's manifest (committee meetings on projects): see contracts/module.ts. */
import { defineModuleContract } from './module.js';

export const meetingsContract = defineModuleContract({
  module: 'meetings',
  permissions: {},
  auditActions: {
    'meeting.create': { zh: '安排会议', en: 'Meeting scheduled' },
    'meeting.update': { zh: '修改会议', en: 'Meeting changed' },
    'meeting.attach': { zh: '上传会议材料', en: 'Meeting file attached' },
    'meeting.detach': { zh: '删除会议材料', en: 'Meeting file removed' },
    'meeting.cancel': { zh: '取消会议', en: 'Meeting cancelled' },
  },
});
