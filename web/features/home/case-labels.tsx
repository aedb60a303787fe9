import { Tag } from 'antd';

/** A case's state as the server names it in the reader's language, coloured by where it stands. */
export function CaseStateTag({ stateName, outcome, closed, overdue }: { stateName: string; outcome?: string | null; closed?: boolean; overdue?: boolean }) {
  const color = overdue ? 'error' : outcome === 'rejected' ? 'error' : closed ? 'success' : 'processing';
  return <Tag color={color}>{stateName}</Tag>;
}

export { DeadlineText } from '../../components/deadline-text';
