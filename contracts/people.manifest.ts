/** The shared half of the people module's manifest (user administration): see contracts/module.ts. */
import { defineModuleContract } from './module.js';

export const peopleContract = defineModuleContract({
  module: 'people',
  permissions: {
    'user.read': { label: { zh: '查看用户', en: 'Read users' }, write: false, holders: { platformAdmin: 'global', officeAdmin: 'scope', auditor: 'global' } },
    'user.manage': { label: { zh: '管理用户', en: 'Manage users and their roles' }, write: true, holders: { platformAdmin: 'global', officeAdmin: 'scope' } },
  },
  auditActions: {
    'user.create': { zh: '新建用户', en: 'User created' },
    'user.update': { zh: '修改用户', en: 'User updated' },
    'user.disable': { zh: '停用用户', en: 'User disabled' },
    'user.enable': { zh: '启用用户', en: 'User enabled' },
    'user.resetPassword': { zh: '重置密码', en: 'Password reset' },
    'user.grantRole': { zh: '授予角色', en: 'Role granted' },
    'user.revokeRole': { zh: '收回角色', en: 'Role revoked' },
  },
});
