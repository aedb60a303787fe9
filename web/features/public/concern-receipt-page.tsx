import { CheckCircleFilled, SearchOutlined, WarningFilled } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Result, Typography } from 'antd';
import { useState } from 'react';
import { Link, useLocation, useParams } from 'react-router-dom';
import { useT } from '../../app/i18n';
import { problemMessage } from '../../app/query';
import { UploadProblemAlert, UploadTrigger, useFileUpload } from '../cases/file-upload';
import { uploadPublicConcernPhoto, type PublicConcernReceipt } from './concerns-api';
import { ConcernsShell, type PhotoOutcome } from './concern-common';
import { useCityPath } from './portal-city';

/**
 * The receipt of a concern just raised: its tracking number to copy or note down (the resident's only key to it),
 * the day it is to be accepted by, how the photos fared, and the way to follow it. Photos refused or forgotten can be
 * added here until the concern is answered.
 */
export function ConcernReceiptPage() {
  const t = useT();
  const cityPath = useCityPath();
  const { trackingNumber = '' } = useParams();
  const state = (useLocation().state ?? {}) as { receipt?: PublicConcernReceipt; photos?: PhotoOutcome[] };
  const [photos, setPhotos] = useState<PhotoOutcome[]>(state.photos ?? []);
  const followPath = cityPath(`/open/concerns/track/${encodeURIComponent(trackingNumber)}`);
  const failed = photos.filter((p) => !p.ok);
  const kept = photos.filter((p) => p.ok).length;
  // The server's refusal of one photo (not an image, the concern answered) joins the list of how each photo fared.
  const upload = useFileUpload<PhotoOutcome>({
    notify: false,
    send: async (file) => {
      try {
        await uploadPublicConcernPhoto(trackingNumber, file);
        return { name: file.name, ok: true };
      } catch (e) {
        return { name: file.name, ok: false, message: problemMessage(e, t) };
      }
    },
    onUploaded: (outcome) => setPhotos((list) => [...list, outcome]),
  });

  return (
    <ConcernsShell active="raise" testId="concern-receipt-page">
      <Card size="small">
        <Result
          status="success"
          style={{ padding: '16px 0 8px' }}
          title={t('open.concern.receivedTitle')}
          subTitle={state.receipt?.dueOn ? t('open.concern.receivedDue', { date: state.receipt.dueOn }) : t('open.concern.receivedHelp')}
        />
        <Flex vertical align="center" gap={4} className="sz-mb-12">
          <Typography.Text type="secondary">{t('open.concern.trackingNumber')}</Typography.Text>
          <Typography.Text
            strong
            copyable={{ text: trackingNumber, tooltips: [t('open.concern.copy'), t('open.concern.copied')] }}
            style={{ fontSize: 24, letterSpacing: 1, fontFamily: 'ui-monospace, SFMono-Regular, Menlo, monospace' }}
            data-testid="concern-tracking-number"
          >
            {trackingNumber}
          </Typography.Text>
          <Typography.Text type="secondary" className="sz-text-sm" style={{ textAlign: 'center' }}>
            {t('open.concern.keepNumber')}
          </Typography.Text>
        </Flex>
        {photos.length ? (
          <Flex vertical gap={6} className="sz-mb-12" data-testid="concern-photo-outcomes">
            {kept ? (
              <Typography.Text>
                <CheckCircleFilled className="sz-text-success" /> {t('open.concern.photosKept', { count: kept })}
              </Typography.Text>
            ) : null}
            {failed.map((p, i) => (
              <Alert key={`${p.name}-${i}`} type="warning" showIcon icon={<WarningFilled />} title={t('open.concern.photoRefused', { name: p.name })} description={p.message} />
            ))}
          </Flex>
        ) : null}
        <UploadProblemAlert upload={upload} className="sz-mb-12" />
        <Flex gap={8} wrap justify="center" align="center">
          <Link to={followPath} data-testid="concern-follow-link">
            <Button type="primary" size="large" icon={<SearchOutlined />}>
              {t('open.concern.follow')}
            </Button>
          </Link>
          <UploadTrigger upload={upload} accept="image/jpeg,image/png" label={t('open.concern.addMorePhotos')} testId="concern-add-photo" />
        </Flex>
      </Card>
    </ConcernsShell>
  );
}
