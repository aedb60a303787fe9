import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Input, Result, Space, Spin, Typography } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import type { z } from 'zod';
import type { ZCertificateVerification } from '../../../contracts/certificates';
import { api, ProblemError } from '../../app/api';
import { useT, type Translate } from '../../app/i18n';
import { problemMessage } from '../../app/query';
import { BrandMark } from '../auth/brand-mark';
import { useState } from 'react';

type Verification = z.infer<typeof ZCertificateVerification>;

/** 2026-05-08T01:02:03Z → 2026年5月8日 (or 2026-05-08), in China time whatever the phone's zone. */
function chinaDate(iso: string, t: Translate): string {
  const [y, m, d] = new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 10).split('-').map(Number);
  return t('open.verify.date', { y, m, d, mm: String(m).padStart(2, '0'), dd: String(d).padStart(2, '0') });
}

function verdict(v: Verification, t: Translate): { status: 'success' | 'warning' | 'error'; title: string; subTitle: string } {
  if (v.status === 'revoked') return { status: 'error', title: t('open.verify.revoked'), subTitle: t('open.verify.revokedHelp', { date: v.revokedAt ? chinaDate(v.revokedAt, t) : '—' }) };
  if (!v.valid) return { status: 'warning', title: t('open.verify.orgGone'), subTitle: t('open.verify.orgGoneHelp') };
  return { status: 'success', title: t('open.verify.valid'), subTitle: t('open.verify.validHelp', { authority: v.issuingAuthority }) };
}

/**
 * 电子证书核验 (public, no login): the page the QR code on a certificate opens, /verify/:token, and /verify where a
 * reader types the certificate number or the organization's credit code (/verify?number=…) when there is no QR code
 * to scan. It shows the registry's public fields, so a reader can compare them with the paper or PDF in hand.
 */
export function VerifyPage() {
  const t = useT();
  const { token = '' } = useParams();
  const [params, setParams] = useSearchParams();
  const number = token === '' ? (params.get('number') ?? '').trim() : '';
  const [typed, setTyped] = useState(number);
  const query = useQuery({
    queryKey: ['certificate-verification', token, number],
    queryFn: ({ signal }) =>
      token !== ''
        ? api.get<Verification>(`/public/certificates/${encodeURIComponent(token)}`, undefined, signal)
        : api.get<Verification>('/public/certificates', { number }, signal),
    enabled: token !== '' || number !== '',
  });
  const notFound = query.error instanceof ProblemError && (query.error.status === 404 || query.error.status === 422);

  let body;
  if (token === '' && number === '') {
    body = null;
  } else if (notFound && token === '') {
    body = <Result status="warning" title={t('open.verify.notFound')} subTitle={t('open.verify.notFoundByNumber')} />;
  } else if (notFound) {
    body = <Result status="warning" title={t('open.verify.notFound')} subTitle={t('open.verify.notFoundByToken')} />;
  } else if (query.isPending) {
    body = <Spin className="sz-block sz-m-48" description={t('open.verify.checking')} />;
  } else if (query.isError) {
    body = <Result status="error" title={t('open.verify.unavailable')} subTitle={problemMessage(query.error, t)} />;
  } else {
    const v = query.data;
    const shown = verdict(v, t);
    body = (
      <>
        <Result status={shown.status} title={shown.title} subTitle={shown.subTitle} style={{ padding: '24px 0 16px' }} />
        <Descriptions column={1} size="small" bordered styles={{ label: { width: 120, whiteSpace: 'nowrap' } }}>
          <Descriptions.Item label={t('open.verify.number')}>{v.serialText}</Descriptions.Item>
          <Descriptions.Item label={t('open.verify.kind')}>{t(v.kind === 'filing' ? 'open.verify.filingProof' : 'open.verify.registrationCert')}</Descriptions.Item>
          <Descriptions.Item label={t('open.verify.orgName')}>{v.orgName}</Descriptions.Item>
          <Descriptions.Item label={t('open.dir.creditCode')}>{v.creditCode ?? t('open.verify.noCode')}</Descriptions.Item>
          <Descriptions.Item label={t('open.dir.type')}>{v.typeName}</Descriptions.Item>
          <Descriptions.Item label={t('open.verify.authority')}>{v.issuingAuthority}</Descriptions.Item>
          <Descriptions.Item label={t('open.verify.issuedOn')}>{chinaDate(v.issuedAt, t)}</Descriptions.Item>
          {v.revokedAt ? <Descriptions.Item label={t('open.verify.revokedOn')}>{chinaDate(v.revokedAt, t)}</Descriptions.Item> : null}
        </Descriptions>
      </>
    );
  }

  return (
    <div className="sz-page">
      <div className="sz-header-band" style={{ padding: '12px 16px' }}>
        <Space align="center" style={{ maxWidth: 720, margin: '0 auto', width: '100%', display: 'flex' }}>
          <BrandMark size={28} />
          <Typography.Text className="sz-on-dark" style={{ fontSize: 18, fontWeight: 600 }}>{t('app.name')} · {t('open.verify.title')}</Typography.Text>
        </Space>
      </div>
      <div style={{ maxWidth: 720, margin: '0 auto', padding: 12 }} data-testid="verify-page">
        {token === '' ? (
          <Card size="small" className="sz-mb-12" title={t('open.verify.byNumber')}>
            <Input.Search
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              onSearch={(v) => setParams(v.trim() ? { number: v.trim() } : {})}
              placeholder={t('open.verify.placeholder')}
              enterButton={t('open.verify.check')}
              allowClear
              data-testid="verify-number"
            />
          </Card>
        ) : null}
        {body ? <Card size="small" data-testid="verify-result">{body}</Card> : null}
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '12px 4px' }}>
          {t('open.verify.footer')} <Link to="/directory">{t('open.verify.directoryLink')}</Link>
        </Typography.Paragraph>
      </div>
    </div>
  );
}
