import { FileImageOutlined, FileOutlined, FilePdfOutlined, FileWordOutlined, FileExcelOutlined } from '@ant-design/icons';
import { Tag } from 'antd';
import { MEETING_KIND_NAMES, type MeetingKind } from '../../../contracts/projects';
import { useI18n, useT } from '../../app/i18n';
import { meetingKindColors } from '../../app/theme';

/** One colour per kind of meeting, in the calendar, the list, the tags and the public portal. */
export const MEETING_KIND_COLORS: Record<MeetingKind, { tag: string; solid: string; soft: string }> = meetingKindColors;

/** The kind's name in the page's language (the server names it in the request's language; the contract has both). */
export function useKindName(): (kind: MeetingKind) => string {
  const { locale } = useI18n();
  return (kind) => MEETING_KIND_NAMES[kind][locale === 'zh-CN' ? 'zh' : 'en'];
}

export function MeetingKindTag({ kind }: { kind: MeetingKind }) {
  const kindName = useKindName();
  return (
    <Tag color={MEETING_KIND_COLORS[kind].tag}>
      {kindName(kind)}
    </Tag>
  );
}

export function PublishedTag({ publishedAt }: { publishedAt: string | null }) {
  const t = useT();
  return publishedAt ? (
    <Tag color="success" data-testid="meeting-published-tag">
      {t('meeting.published')}
    </Tag>
  ) : (
    <Tag data-testid="meeting-draft-tag">
      {t('meeting.notPublished')}
    </Tag>
  );
}

/** A cancelled meeting says so wherever it appears; it is kept, not deleted. */
export function CancelledTag() {
  const t = useT();
  return (
    <Tag color="error" data-testid="meeting-cancelled-tag">
      {t('meeting.cancelled')}
    </Tag>
  );
}

/** Published / not published, or cancelled, which outranks both. */
export function MeetingStatusTag({ meeting }: { meeting: { publishedAt: string | null; cancelledAt: string | null } }) {
  return meeting.cancelledAt ? <CancelledTag /> : <PublishedTag publishedAt={meeting.publishedAt} />;
}

/** A file's size, read as everywhere in the app (the case kit: B, KB, then MB with one decimal). */
export { fileSize } from '../cases/case-kit';

export function FileIcon({ mime }: { mime: string }) {
  if (mime === 'application/pdf') return <FilePdfOutlined className="sz-text-error" />;
  if (mime.startsWith('image/')) return <FileImageOutlined className="sz-text-primary" />;
  if (mime.includes('wordprocessing')) return <FileWordOutlined className="sz-text-primary" />;
  if (mime.includes('spreadsheet')) return <FileExcelOutlined className="sz-text-success" />;
  return <FileOutlined />;
}
