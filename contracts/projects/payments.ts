import { z } from 'zod';
import { ZId } from '../common.js';

export const PAYMENT_STATES = ['requested', 'paid', 'rejected'] as const;
export const ZPaymentRequestInput = z.strictObject({ milestoneId: ZId, note: z.string().trim().max(500).optional() });
export const ZPayInput = z.strictObject({ voucherNo: z.string().trim().min(3, { error: '请填写支付凭证号' }).max(40), version: z.number().int().min(1) });
export const ZPaymentReject = z.strictObject({ reason: z.string().trim().min(4).max(500), version: z.number().int().min(1) });
export const ZPayment = z.object({
  id: ZId,
  projectId: ZId,
  milestoneId: ZId,
  milestoneName: z.string(),
  amountFen: z.number().int(),
  state: z.enum(PAYMENT_STATES),
  voucherNo: z.string().nullable(),
  requestedByName: z.string(),
  requestedAt: z.string(),
  paidAt: z.string().nullable(),
  rejectReason: z.string().nullable(),
  /** Whether the milestone's condition is met now (signing, mid-term supervision cleared, final evaluation done). */
  conditionMet: z.boolean(),
  conditionNote: z.string(),
  version: z.number().int(),
});

/** Whether each milestone's payment condition holds now, and why (the same check the payment request makes). */
export const ZMilestoneCondition = z.object({ milestoneId: ZId, met: z.boolean(), note: z.string() });
