import { and, count, eq, ne } from 'drizzle-orm';
import type { MilestoneCondition } from '../../../../contracts/projects/delivery.js';
import type { DbOrTx } from '../../../platform/db/client.js';
import { projectEvaluations, rectifications, supervisionVisits } from '../projects.tables.js';

/**
 * Whether a milestone's condition holds now: the contract is signed; the mid-term supervision passed (or
 * all its rectifications are closed); the final evaluation is done with a grade above fail.
 */
export async function milestoneCondition(db: DbOrTx, projectId: string, condition: MilestoneCondition): Promise<{ met: boolean; note: string; noteEn: string }> {
  switch (condition) {
    case 'signing':
      return { met: true, note: '合同已签订', noteEn: 'the contract is signed' };
    case 'midtermSupervision': {
      // Each mid-term visit with the rectification items it still has open.
      const visits = await db
        .select({ result: supervisionVisits.result, unclosed: count(rectifications.id) })
        .from(supervisionVisits)
        .leftJoin(rectifications, and(eq(rectifications.visitId, supervisionVisits.id), ne(rectifications.state, 'closed')))
        .where(and(eq(supervisionVisits.projectId, projectId), eq(supervisionVisits.kind, 'midterm')))
        .groupBy(supervisionVisits.id);
      if (visits.some((v) => v.result === 'pass' || (v.result === 'rectify' && v.unclosed === 0))) return { met: true, note: '中期督导已通过', noteEn: 'the mid-term supervision has passed' };
      if (visits.some((v) => v.result === 'rectify' && v.unclosed > 0)) return { met: false, note: '中期督导整改事项尚未全部销号', noteEn: 'not all rectifications from the mid-term supervision are closed' };
      return { met: false, note: '尚未开展中期督导或中期督导未通过', noteEn: 'no mid-term supervision yet, or it did not pass' };
    }
    case 'finalEvaluation': {
      const [e] = await db.select({ grade: projectEvaluations.grade }).from(projectEvaluations).where(eq(projectEvaluations.projectId, projectId));
      if (!e) return { met: false, note: '尚未完成终期评估', noteEn: 'the final evaluation is not done yet' };
      if (e.grade === 'fail') return { met: false, note: '终期评估不合格，尾款不予支付', noteEn: 'the final evaluation failed, so the final payment is withheld' };
      return { met: true, note: '终期评估已完成', noteEn: 'the final evaluation is done' };
    }
  }
}
