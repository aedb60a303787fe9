import { useQuery } from '@tanstack/react-query';
import { Card, Descriptions, Input, Result, Space, Spin, Typography } from 'antd';
import { Link, useParams, useSearchParams } from 'react-router-dom';
import type { z } from 'zod';
import type { ZCertificateVerification } from '../../../contracts/certificates';
import { api, ProblemError } from '../../app/api';
import { useT } from '../../app/i18n';
import { problemMessage } from '../../app/query';
import { BrandMark } from '../auth/brand-mark';
import { useState } from 'react';

type Verification = z.infer<typeof ZCertificateVerification>;

/** 2026-05-08T01:02:03Z → 2026年5月8日, in China time whatever the phone's zone. */
function chinaDate(iso: string): string {
  const [y, m, d] = new Date(new Date(iso).getTime() + 8 * 3_600_000).toISOString().slice(0, 10).split('-').map(Number);
  return `${y}年${m}月${d}日`;
}

function verdict(v: Verification): { status: 'success' | 'warning' | 'error'; title: string; subTitle: string } {
  if (v.status === 'revoked') return { status: 'error', title: '证书已注销', subTitle: `该证书已于 ${v.revokedAt ? chinaDate(v.revokedAt) : '—'} 随组织注销登记而注销，不再有效。` };
  if (!v.valid) return { status: 'warning', title: '证书对应的组织已不在存续状态', subTitle: '证书未注销，但该社会组织已被撤销登记或注销，请向登记管理机关核实。' };
  return { status: 'success', title: '证书有效', subTitle: `该电子证书由${v.issuingAuthority}颁发，当前有效。` };
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
    body = <Result status="warning" title="未找到该证书" subTitle="没有与该证书编号或统一社会信用代码对应的电子证书，请核对后重新输入（证书编号如“浙海民证字第2026000123号”）。" />;
  } else if (notFound) {
    body = <Result status="warning" title="未找到该证书" subTitle="核验码无效或证书不存在。请确认扫描的是证书上的二维码，或链接是否完整。" />;
  } else if (query.isPending) {
    body = <Spin className="sz-block sz-m-48" description="正在核验…" />;
  } else if (query.isError) {
    body = <Result status="error" title="暂时无法核验" subTitle={problemMessage(query.error, t)} />;
  } else {
    const v = query.data;
    const shown = verdict(v);
    body = (
      <>
        <Result status={shown.status} title={shown.title} subTitle={shown.subTitle} style={{ padding: '24px 0 16px' }} />
        <Descriptions column={1} size="small" bordered styles={{ label: { width: 120, whiteSpace: 'nowrap' } }}>
          <Descriptions.Item label="证书编号">{v.serialText}</Descriptions.Item>
          <Descriptions.Item label="证书类别">{v.kind === 'filing' ? '备案证明' : '登记证书'}</Descriptions.Item>
          <Descriptions.Item label="社会组织名称">{v.orgName}</Descriptions.Item>
          <Descriptions.Item label="统一社会信用代码">{v.creditCode ?? '（备案，不赋码）'}</Descriptions.Item>
          <Descriptions.Item label="组织类型">{v.typeName}</Descriptions.Item>
          <Descriptions.Item label="登记管理机关">{v.issuingAuthority}</Descriptions.Item>
          <Descriptions.Item label="发证日期">{chinaDate(v.issuedAt)}</Descriptions.Item>
          {v.revokedAt ? <Descriptions.Item label="注销日期">{chinaDate(v.revokedAt)}</Descriptions.Item> : null}
        </Descriptions>
      </>
    );
  }

  return (
    <div className="sz-page">
      <div className="sz-header-band" style={{ padding: '12px 16px' }}>
        <Space align="center" style={{ maxWidth: 720, margin: '0 auto', width: '100%', display: 'flex' }}>
          <BrandMark size={28} />
          <Typography.Text className="sz-on-dark" style={{ fontSize: 18, fontWeight: 600 }}>{t('app.name')} · 电子证书核验</Typography.Text>
        </Space>
      </div>
      <div style={{ maxWidth: 720, margin: '0 auto', padding: 12 }} data-testid="verify-page">
        {token === '' ? (
          <Card size="small" className="sz-mb-12" title="输入证书编号或统一社会信用代码核验">
            <Input.Search
              value={typed}
              onChange={(e) => setTyped(e.target.value)}
              onSearch={(v) => setParams(v.trim() ? { number: v.trim() } : {})}
              placeholder="如 浙海民证字第2026000123号，或 18 位统一社会信用代码"
              enterButton="核验"
              allowClear
              data-testid="verify-number"
            />
          </Card>
        ) : null}
        {body ? <Card size="small" data-testid="verify-result">{body}</Card> : null}
        <Typography.Paragraph type="secondary" style={{ fontSize: 12, margin: '12px 4px' }}>
          本页仅显示公开登记信息。证书内容与本页不一致的，以本页及登记管理机关的记录为准。 <Link to="/directory">查询社会组织名录</Link>
        </Typography.Paragraph>
      </div>
    </div>
  );
}
