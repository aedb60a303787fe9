import { z } from 'zod';
import { ZCursor } from './common.js';

export const ZFireBody = z.strictObject({
  event: z.string().trim().min(1).max(64),
  version: z.number().int().min(1),
  comment: z.string().trim().max(2000).optional(),
  input: z.record(z.string(), z.unknown()).optional(),
  attachmentIds: z.array(z.uuid()).max(50).optional(),
});

export const ZCaseStep = z.object({
  seq: z.number().int(),
  event: z.string(),
  eventName: z.string(),
  fromState: z.string().nullable(),
  toState: z.string(),
  toStateName: z.string(),
  actorName: z.string(),
  actingRole: z.string().nullable(),
  actingRoleName: z.string().nullable(),
  departmentName: z.string().nullable(),
  comment: z.string().nullable(),
  input: z.record(z.string(), z.unknown()).nullable(),
  attachmentIds: z.array(z.string()),
  occurredAt: z.string(),
});

export const ZCaseAssignment = z.object({
  task: z.string(),
  kind: z.enum(['owner', 'permission', 'department']),
  departmentName: z.string().nullable(),
  openedAt: z.string(),
  closedAt: z.string().nullable(),
});

export const ZAttachment = z.object({
  id: z.string(),
  fileId: z.string(),
  item: z.string().nullable(),
  name: z.string(),
  mime: z.string(),
  size: z.number().int(),
  sha256: z.string(),
  uploadedAt: z.string(),
  current: z.boolean(),
});

export const ZComment = z.object({
  id: z.string(),
  authorName: z.string(),
  body: z.string(),
  visibility: z.enum(['everyone', 'staff']),
  createdAt: z.string(),
});

export const ZCaseSummary = z.object({
  id: z.string(),
  caseType: z.string(),
  caseTypeName: z.string(),
  variant: z.string(),
  /** What people call it: its variant's name where the type names its variants (成立登记), else the type's. */
  kindName: z.string(),
  number: z.string(),
  title: z.string(),
  state: z.string(),
  stateName: z.string(),
  outcome: z.string().nullable(),
  orgId: z.string().nullable(),
  dueOn: z.string().nullable(),
  /** Working days left until dueOn; negative when overdue; null without a deadline. */
  workingDaysLeft: z.number().int().nullable(),
  overdue: z.boolean(),
  createdAt: z.string(),
  updatedAt: z.string(),
  closedAt: z.string().nullable(),
  version: z.number().int(),
  link: z.string(),
});

export const ZCase = ZCaseSummary.extend({
  steps: z.array(ZCaseStep),
  waitingOn: z.array(ZCaseAssignment),
  attachments: z.array(ZAttachment),
  comments: z.array(ZComment),
  abilities: z.object({
    events: z.array(z.object({ event: z.string(), name: z.string(), commentRequired: z.boolean() })),
    comment: z.boolean(),
    commentInternal: z.boolean(),
    attach: z.boolean(),
  }),
});

export const ZInboxItem = ZCaseSummary.extend({ task: z.string() });

export const ZInboxQuery = z.strictObject({
  caseType: z.string().max(40).optional(),
  overdueOnly: z.enum(['true', 'false']).transform((v) => v === 'true').optional(),
  limit: z.coerce.number().int().min(1).max(200).default(50),
  cursor: ZCursor,
});

export const ZCommentBody = z.strictObject({
  body: z.string().trim().min(1, '请输入内容').max(2000),
  visibility: z.enum(['everyone', 'staff']).default('everyone'),
});

export const ZNotification = z.object({
  id: z.string(),
  kind: z.string(),
  title: z.string(),
  body: z.string(),
  link: z.string().nullable(),
  createdAt: z.string(),
  readAt: z.string().nullable(),
});

export const ZTimeLimit = z.object({
  caseType: z.string(),
  variant: z.string(),
  state: z.string(),
  stateName: z.string(),
  workingDays: z.number().int().nullable(),
  isDefault: z.boolean(),
});
export const ZTimeLimitBody = z.strictObject({
  caseType: z.string().max(40),
  variant: z.string().max(40),
  state: z.string().max(40),
  workingDays: z.number().int().min(0).max(365),
});
