import { AimOutlined, CameraOutlined, CloseCircleOutlined, SendOutlined } from '@ant-design/icons';
import { Alert, Button, Card, Flex, Form, Input, Select, Skeleton, Typography } from 'antd';
import { useState } from 'react';
import { useNavigate } from 'react-router-dom';
import { ProblemError } from '../../app/api';
import { useT } from '../../app/i18n';
import { applyProblemToForm, problemMessage } from '../../app/query';
import { ErrorAlert } from '../../components/error-alert';
import { PhotoPicker, type PickedPhoto } from '../cases/file-upload';
import { useIsPhone } from '../../components/use-is-phone';
import { raisePublicConcern, uploadPublicConcernPhoto, useConcernCategories, useConcernPlaces } from './concerns-api';
import { ConcernsShell, NeedCity, concernProblem, type PhotoOutcome } from './concern-common';
import { useCityPath, usePortalCity } from './portal-city';

const MAX_PHOTOS = 6;

interface Values {
  categoryCode?: string;
  townId?: string;
  communityId?: string;
  gridId?: string;
  address?: string;
  description?: string;
  reporterPhone?: string;
  website?: string;
}

type Position = { lat: number; lng: number; accuracy: number };

/**
 * 我要反映 (issue 17 §4): a resident raises a concern without an account — category, place (town → community → grid),
 * address, the phone's position if they allow it, what happened, photos, and a phone for the reply (sealed, never
 * shown). The concern goes first; the photos follow it with its tracking number. Narrow first: residents use phones.
 */
export function ConcernRaisePage() {
  const t = useT();
  const isPhone = useIsPhone();
  const navigate = useNavigate();
  const cityPath = useCityPath();
  const { city } = usePortalCity();
  const [form] = Form.useForm<Values>();
  const townId = Form.useWatch('townId', form);
  const communityId = Form.useWatch('communityId', form);
  const categoryCode = Form.useWatch('categoryCode', form);
  const categories = useConcernCategories(city?.code);
  const towns = useConcernPlaces(city?.code, undefined);
  const communities = useConcernPlaces(city?.code, townId, !!townId);
  const grids = useConcernPlaces(city?.code, communityId, !!communityId);
  const [photos, setPhotos] = useState<PickedPhoto[]>([]);
  const [photoNote, setPhotoNote] = useState<string | null>(null);
  const [position, setPosition] = useState<Position | null>(null);
  const [locating, setLocating] = useState(false);
  const [locateError, setLocateError] = useState<string | null>(null);
  const [submitting, setSubmitting] = useState(false);
  const [error, setError] = useState<unknown>(null);

  if (!city) return <NeedCity active="raise" />;

  const locate = () => {
    setLocateError(null);
    if (!('geolocation' in navigator)) {
      setLocateError(t('open.concern.locateUnsupported'));
      return;
    }
    setLocating(true);
    navigator.geolocation.getCurrentPosition(
      (p) => {
        setLocating(false);
        setPosition({ lat: Math.round(p.coords.latitude * 1e6) / 1e6, lng: Math.round(p.coords.longitude * 1e6) / 1e6, accuracy: Math.round(p.coords.accuracy) });
      },
      (e) => {
        setLocating(false);
        setLocateError(t(e.code === e.PERMISSION_DENIED ? 'open.concern.locateDenied' : e.code === e.TIMEOUT ? 'open.concern.locateTimeout' : 'open.concern.locateFailed'));
      },
      { enableHighAccuracy: true, timeout: 15_000, maximumAge: 60_000 },
    );
  };

  const submit = async (v: Values) => {
    setError(null);
    setSubmitting(true);
    try {
      const receipt = await raisePublicConcern({
        categoryCode: v.categoryCode!,
        regionId: v.gridId ?? v.communityId ?? v.townId!,
        address: v.address?.trim() ? v.address.trim() : null,
        lat: position?.lat ?? null,
        lng: position?.lng ?? null,
        description: v.description ?? '',
        reporterPhone: v.reporterPhone?.trim() ? v.reporterPhone.trim() : null,
        ...(v.website ? { website: v.website } : {}),
      });
      // The photos follow the concern, one by one; one refused does not undo the concern.
      const outcomes: PhotoOutcome[] = [];
      for (const p of photos) {
        try {
          await uploadPublicConcernPhoto(receipt.trackingNumber, p.file);
          outcomes.push({ name: p.file.name, ok: true });
        } catch (e) {
          outcomes.push({ name: p.file.name, ok: false, message: problemMessage(e, t) });
        }
      }
      navigate(cityPath(`/open/concerns/receipt/${encodeURIComponent(receipt.trackingNumber)}`), { state: { receipt, photos: outcomes } });
    } catch (e) {
      const onFields = applyProblemToForm(form, e, (path) => (path === 'regionId' ? 'townId' : path));
      setError(onFields && e instanceof ProblemError && e.status === 422 ? null : e);
      if (onFields) void form.validateFields().catch(() => undefined);
    } finally {
      setSubmitting(false);
    }
  };

  const chosen = categories.data?.find((c) => c.code === categoryCode);
  const placeOptions = (items: { id: string; name: string }[] | undefined) => (items ?? []).map((p) => ({ value: p.id, label: p.name }));

  return (
    <ConcernsShell active="raise" testId="concern-raise-page">
      <Card size="small" className="sz-mb-12">
        <Typography.Title level={4} className="sz-m-0 sz-mb-4">
          {t('open.concern.raiseTitle')}
        </Typography.Title>
        <Typography.Paragraph type="secondary" className="sz-m-0">
          {t('open.concern.raiseIntro')}
        </Typography.Paragraph>
      </Card>
      {categories.isPending || towns.isPending ? (
        <Card>
          <Skeleton active />
        </Card>
      ) : categories.isError || towns.isError ? (
        <ErrorAlert error={categories.error ?? towns.error} onRetry={() => Promise.all([categories.refetch(), towns.refetch()])} />
      ) : (
        <Card size="small">
          <Form<Values> form={form} layout="vertical" requiredMark="optional" onFinish={(v) => void submit(v)} disabled={submitting} scrollToFirstError={{ block: 'center' }} data-testid="concern-raise-form">
            <Form.Item name="categoryCode" label={t('open.concern.category')} rules={[{ required: true, message: t('open.concern.categoryRequired') }]} extra={chosen?.description ?? undefined}>
              <Select
                placeholder={t('open.concern.categoryPlaceholder')}
                options={categories.data.map((c) => ({ value: c.code, label: c.name }))}
                data-testid="concern-category"
                size="large"
              />
            </Form.Item>
            <Typography.Text strong className="sz-block sz-mb-8">
              {t('open.concern.place')}
            </Typography.Text>
            <Flex vertical={isPhone} gap={isPhone ? 0 : 8}>
              <Form.Item name="townId" label={t('open.concern.town')} rules={[{ required: true, message: t('open.concern.townRequired') }]} style={{ flex: 1 }}>
                <Select
                  placeholder={t('open.concern.townPlaceholder')}
                  options={placeOptions(towns.data)}
                  showSearch={{ optionFilterProp: 'label' }}
                  onChange={() => form.setFieldsValue({ communityId: undefined, gridId: undefined })}
                  data-testid="concern-town"
                  size="large"
                />
              </Form.Item>
              <Form.Item name="communityId" label={t('open.concern.community')} rules={[{ required: true, message: t('open.concern.communityRequired') }]} style={{ flex: 1 }}>
                <Select
                  placeholder={townId ? t('open.concern.communityPlaceholder') : t('open.concern.townFirst')}
                  disabled={!townId}
                  loading={communities.isFetching}
                  options={placeOptions(communities.data)}
                  showSearch={{ optionFilterProp: 'label' }}
                  onChange={() => form.setFieldsValue({ gridId: undefined })}
                  data-testid="concern-community"
                  size="large"
                />
              </Form.Item>
              <Form.Item name="gridId" label={t('open.concern.grid')} style={{ flex: 1 }} extra={communityId && grids.data?.length === 0 ? t('open.concern.noGrids') : undefined}>
                <Select
                  placeholder={communityId ? t('open.concern.gridPlaceholder') : t('open.concern.communityFirst')}
                  disabled={!communityId || grids.data?.length === 0}
                  loading={grids.isFetching}
                  options={placeOptions(grids.data)}
                  allowClear
                  data-testid="concern-grid"
                  size="large"
                />
              </Form.Item>
            </Flex>
            <Form.Item name="address" label={t('open.concern.address')} rules={[{ max: 200, message: t('open.concern.addressTooLong') }]}>
              <Input placeholder={t('open.concern.addressPlaceholder')} maxLength={200} data-testid="concern-address" size="large" />
            </Form.Item>
            <Form.Item label={t('open.concern.position')} extra={locateError ? undefined : t('open.concern.positionHelp')}>
              {position ? (
                <Flex align="center" gap={8} wrap data-testid="concern-position">
                  <Typography.Text>{t('open.concern.positionTaken', { lat: position.lat.toFixed(5), lng: position.lng.toFixed(5), accuracy: position.accuracy })}</Typography.Text>
                  <Button size="small" icon={<CloseCircleOutlined />} onClick={() => setPosition(null)}>
                    {t('open.concern.positionClear')}
                  </Button>
                </Flex>
              ) : (
                <Button icon={<AimOutlined />} loading={locating} onClick={locate} data-testid="concern-locate">
                  {t('open.concern.locate')}
                </Button>
              )}
              {locateError ? <Alert type="warning" showIcon className="sz-mt-8" title={locateError} data-testid="concern-locate-error" /> : null}
            </Form.Item>
            <Form.Item
              name="description"
              label={t('open.concern.description')}
              rules={[
                { required: true, message: t('open.concern.descriptionRequired') },
                { min: 5, message: t('open.concern.descriptionTooShort') },
              ]}
              extra={t('open.concern.descriptionHelp')}
            >
              <Input.TextArea rows={5} maxLength={2000} showCount placeholder={t('open.concern.descriptionPlaceholder')} data-testid="concern-description" />
            </Form.Item>
            <Form.Item label={t('open.concern.photos')} extra={photoNote ?? t('open.concern.photosHelp', { max: MAX_PHOTOS })} validateStatus={photoNote ? 'warning' : undefined}>
              <PhotoPicker
                photos={photos}
                max={MAX_PHOTOS}
                accept="image/jpeg,image/png"
                onPick={(file) => {
                  if (!/^image\/(jpeg|png)$/.test(file.type)) return setPhotoNote(t('open.concern.photoNotImage', { name: file.name }));
                  setPhotoNote(null);
                  setPhotos((list) => (list.length >= MAX_PHOTOS ? list : [...list, { uid: `${Date.now()}-${list.length}-${file.name}`, file, url: URL.createObjectURL(file) }]));
                }}
                onRefused={setPhotoNote}
                onRemove={(uid) => setPhotos((list) => list.filter((p) => p.uid !== uid))}
                testId="concern-photos"
                label={
                  <Flex vertical align="center" gap={4}>
                    <CameraOutlined style={{ fontSize: 20 }} />
                    <span className="sz-text-sm">{t('open.concern.addPhoto')}</span>
                  </Flex>
                }
              />
            </Form.Item>
            <Form.Item
              name="reporterPhone"
              label={t('open.concern.phone')}
              extra={t('open.concern.phoneHelp')}
              rules={[{ pattern: /^\s*1[3-9]\d{9}\s*$/, message: t('open.concern.phoneInvalid') }]}
            >
              <Input inputMode="tel" maxLength={15} placeholder={t('open.concern.phonePlaceholder')} data-testid="concern-phone" size="large" />
            </Form.Item>
            {/* A field no person sees: a robot that fills every field gives itself away (the server answers as if accepted). */}
            <Form.Item name="website" hidden>
              <Input tabIndex={-1} autoComplete="off" aria-hidden />
            </Form.Item>
            {error ? <ErrorAlert error={error} className="sz-mb-12" testId="concern-raise-error" description={concernProblem(error, t)} /> : null}
            <Button type="primary" htmlType="submit" size="large" block icon={<SendOutlined />} loading={submitting} data-testid="concern-submit">
              {submitting ? t('open.concern.submitting') : t('open.concern.submit')}
            </Button>
            <Typography.Paragraph type="secondary" className="sz-text-sm sz-m-0 sz-mt-8">
              {t('open.concern.privacy')}
            </Typography.Paragraph>
          </Form>
        </Card>
      )}
    </ConcernsShell>
  );
}
