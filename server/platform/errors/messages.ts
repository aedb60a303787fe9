/**
 * Stable problem codes with their zh-CN and en titles and default details. `{name}` placeholders are
 * filled from the error's params. Clients branch on `code`, people read `title`/`detail`. A detail that is
 * the thrower's own words takes `{reason}` in zh and `{reasonEn}` in en: every AppError with a `reason`
 * carries its `reasonEn` (app-error.ts makes the compiler ask for it; reason-en.test.ts scans for it).
 */
export const PROBLEMS = {
  validation: { status: 422, zh: ['输入有误', '请求内容未通过校验，请按提示修改。'], en: ['Invalid input', 'The request did not pass validation.'] },
  bad_request: { status: 400, zh: ['请求格式错误', '{reason}'], en: ['Bad request', '{reasonEn}'] },
  unauthenticated: { status: 401, zh: ['未登录', '请先登录，或登录已过期。'], en: ['Not signed in', 'Please sign in; your session may have expired.'] },
  invalid_credentials: { status: 401, zh: ['登录失败', '用户名或密码错误，还可尝试 {remaining} 次（连续错误 {max} 次将锁定 {lockMinutes} 分钟）。'], en: ['Sign-in failed', 'Wrong username or password; {remaining} attempts left before a {lockMinutes}-minute lock.'] },
  account_locked: { status: 423, zh: ['账号已锁定', '连续登录失败次数过多，账号已锁定，请 {minutes} 分钟后再试，或用手机验证码找回密码。'], en: ['Account locked', 'Too many failed sign-ins; try again in {minutes} minutes, or reset your password by SMS.'] },
  captcha_required: { status: 422, zh: ['需要图形验证码', '失败次数较多，请输入图形验证码后再试。'], en: ['Captcha required', 'After several failures, enter the characters in the image first.'] },
  captcha_wrong: { status: 422, zh: ['图形验证码错误', '图形验证码错误或已过期，请看新图片重新输入。'], en: ['Wrong captcha', 'The captcha was wrong or expired; enter the new image.'] },
  sms_cooldown: { status: 429, zh: ['发送过于频繁', '验证码已发送，请 {seconds} 秒后再重新获取。'], en: ['Too soon', 'A code was just sent; ask again in {seconds} seconds.'] },
  sms_daily_limit: { status: 429, zh: ['今日发送次数已达上限', '该手机号（或本机网络）今日获取验证码次数已达上限，请明天再试。'], en: ['Daily limit reached', 'This number (or network) has had as many codes today as allowed; try again tomorrow.'] },
  sms_code_invalid: { status: 422, zh: ['短信验证码错误', '{reason}'], en: ['Wrong SMS code', '{reasonEn}'] },
  sms_send_failed: { status: 502, zh: ['短信发送失败', '短信网关暂时无法发送，请稍后重新获取验证码。'], en: ['SMS not sent', 'The SMS gateway could not send the code; ask for a new one shortly.'] },
  account_disabled: { status: 403, zh: ['账号已停用', '该账号已被管理员停用，请联系管理员。'], en: ['Account disabled', 'This account has been disabled by an administrator.'] },
  password_change_required: { status: 403, zh: ['需要修改密码', '首次登录或密码被重置后，须先修改密码。'], en: ['Password change required', 'Change your password before continuing.'] },
  weak_password: { status: 422, zh: ['密码不符合要求', '{reason}'], en: ['Password too weak', '{reasonEn}'] },
  csrf: { status: 403, zh: ['请求校验失败', '缺少或错误的 CSRF 令牌，请刷新页面后重试。'], en: ['Request check failed', 'Missing or wrong CSRF token; reload the page and try again.'] },
  forbidden: { status: 403, zh: ['无权操作', '您没有执行此操作的权限。'], en: ['Forbidden', 'You are not allowed to do this.'] },
  not_found: { status: 404, zh: ['未找到', '请求的{entity}不存在或您无权查看。'], en: ['Not found', 'The requested {entity} does not exist or is not visible to you.'] },
  route_not_found: { status: 404, zh: ['接口不存在', '没有这个接口：{method} {url}'], en: ['No such endpoint', 'No endpoint {method} {url}'] },
  conflict: { status: 409, zh: ['数据已被修改', '该记录已被他人修改（当前版本 {currentVersion}），请刷新后重试。'], en: ['Edit conflict', 'Someone else changed this record (now version {currentVersion}); reload and try again.'] },
  stale: { status: 409, zh: ['数据已被修改', '{reason}'], en: ['Edit conflict', '{reasonEn}'] },
  duplicate: { status: 409, zh: ['重复', '{field}“{value}”已存在。'], en: ['Duplicate', '{field} "{value}" already exists.'] },
  invalid_state: { status: 409, zh: ['当前状态不允许此操作', '{reason}'], en: ['Not allowed in this state', '{reasonEn}'] },
  insufficient_funds: { status: 409, zh: ['经费不足', '{reason}'], en: ['Insufficient funds', '{reasonEn}'] },
  idempotency_mismatch: { status: 422, zh: ['重复使用的幂等键', '该 Idempotency-Key 已用于另一个不同的请求，请为新请求使用新的键。'], en: ['Idempotency key reused', 'This Idempotency-Key was used for a different request; use a new key for a new request.'] },
  request_in_progress: { status: 409, zh: ['请求处理中', '使用同一 Idempotency-Key 的请求正在处理，请稍后重试。'], en: ['Request in progress', 'A request with the same Idempotency-Key is still being processed; retry shortly.'] },
  payload_too_large: { status: 413, zh: ['请求体过大', '请求内容超过 1 MiB 上限。'], en: ['Payload too large', 'The request body exceeds 1 MiB.'] },
  file_too_large: { status: 413, zh: ['文件过大', '单个文件不能超过 {limit}。'], en: ['File too large', 'A file may not exceed {limit}.'] },
  file_type_not_allowed: { status: 415, zh: ['文件类型不支持', '“{name}”不是允许的文件类型：仅支持 PDF、JPG、PNG、DOCX、XLSX（按文件内容识别）。'], en: ['File type not allowed', '"{name}" is not an allowed type: PDF, JPEG, PNG, DOCX or XLSX only (checked by content).'] },
  unsupported_media_type: { status: 415, zh: ['不支持的内容类型', '请以 application/json 提交。'], en: ['Unsupported media type', 'Send application/json.'] },
  bad_cursor: { status: 422, zh: ['翻页参数无效', '翻页游标（cursor）无效或已被改动，请从第一页重新开始。'], en: ['Invalid page cursor', 'The page cursor is invalid or was altered; start again from the first page.'] },
  bad_multipart: { status: 400, zh: ['上传内容格式错误', '请求不是完整的 multipart/form-data（缺少分隔符或内容不完整），请重新上传。'], en: ['Malformed upload', 'The request is not complete multipart/form-data (no boundary, or the body is cut off); upload again.'] },
  uri_too_long: { status: 414, zh: ['地址过长', '请求地址中的参数过长。'], en: ['URI too long', 'A parameter in the request address is too long.'] },
  request_timeout: { status: 408, zh: ['请求超时', '请求未在规定时间内发送完毕，请重试。'], en: ['Request timeout', 'The request was not sent in time; try again.'] },
  headers_too_large: { status: 431, zh: ['请求头过大', '请求头超过服务器允许的大小。'], en: ['Request headers too large', 'The request headers exceed the size the server accepts.'] },
  rate_limited: { status: 429, zh: ['请求过于频繁', '请求过于频繁，请 {seconds} 秒后再试。'], en: ['Too many requests', 'Too many requests; retry in {seconds} seconds.'] },
  unavailable: { status: 503, zh: ['服务暂时不可用', '{reason}，请 {seconds} 秒后重试。'], en: ['Service unavailable', '{reasonEn}; retry in {seconds} seconds.'] },
  internal: { status: 500, zh: ['服务器内部错误', '服务器处理请求时出错，请稍后重试。请求编号：{requestId}'], en: ['Internal error', 'The server failed to handle the request. Request id: {requestId}'] },
} as const satisfies Record<string, { status: number; zh: readonly [string, string]; en: readonly [string, string] }>;

export type ProblemCode = keyof typeof PROBLEMS;

/** Names of entities as shown in "not found" messages. */
export const ENTITY_NAMES: Record<string, { zh: string; en: string }> = {
  region: { zh: '区域', en: 'region' },
  user: { zh: '用户', en: 'user' },
  grant: { zh: '授权', en: 'grant' },
  department: { zh: '部门', en: 'department' },
  city: { zh: '城市', en: 'city' },
  registrationRule: { zh: '注册资金规则', en: 'registration rule' },
  worker: { zh: '人员', en: 'person' },
  rotationProfile: { zh: '轮值档案', en: 'rotation profile' },
  rotationPlan: { zh: '轮值方案', en: 'rotation plan' },
  pairing: { zh: '结对关系', en: 'pairing' },
  community: { zh: '社区', en: 'community' },
  auditEvent: { zh: '审计事件', en: 'audit event' },
  calendarDay: { zh: '日历日期', en: 'calendar day' },
  record: { zh: '记录', en: 'record' },
  org: { zh: '社会组织', en: 'organization' },
  case: { zh: '案件', en: 'case' },
  application: { zh: '申请', en: 'application' },
  file: { zh: '文件', en: 'file' },
  notification: { zh: '消息', en: 'notification' },
  certificate: { zh: '电子证书', en: 'certificate' },
  fund: { zh: '专项经费', en: 'fund' },
  fundLine: { zh: '经费科目', en: 'fund line' },
  fundAllocation: { zh: '部门额度', en: 'department allocation' },
  catalogCategory: { zh: '项目清单类别', en: 'catalog category' },
  serviceDomain: { zh: '服务领域', en: 'service domain' },
  project: { zh: '项目', en: 'project' },
  call: { zh: '申报公告', en: 'call' },
  bid: { zh: '申报', en: 'bid' },
  objection: { zh: '异议', en: 'objection' },
  contract: { zh: '合同', en: 'contract' },
  milestone: { zh: '付款节点', en: 'milestone' },
  evaluation: { zh: '终期评估', en: 'evaluation' },
  meeting: { zh: '会议', en: 'meeting' },
  eligibilityRule: { zh: '申报条件', en: 'eligibility rule' },
  blacklistEntry: { zh: '失信名单记录', en: 'blacklist entry' },
  payment: { zh: '付款申请', en: 'payment' },
  rectification: { zh: '整改事项', en: 'rectification' },
  concern: { zh: '民情', en: 'concern' },
  concernCategory: { zh: '民情类别', en: 'concern category' },
  concernRoutingRule: { zh: '民情分派规则', en: 'concern routing rule' },
  open311ApiKey: { zh: 'Open311 密钥', en: 'Open311 key' },
  rubric: { zh: '评估标准', en: 'rubric' },
  assessmentRound: { zh: '评估轮次', en: 'assessment round' },
  assessmentSubject: { zh: '受评对象', en: 'assessment subject' },
  indicator: { zh: '评估指标', en: 'indicator' },
  appeal: { zh: '申诉', en: 'appeal' },
  station: { zh: '社工站', en: 'station' },
};

export type Lang = 'zh' | 'en';

export function fill(template: string, params: Record<string, unknown>): string {
  return template.replace(/\{(\w+)\}/g, (_, k: string) => placeholderText(params[k]));
}

/** A placeholder shows a string, number or boolean; anything else (missing, null, an object) shows nothing, never "[object Object]". */
function placeholderText(value: unknown): string {
  return typeof value === 'string' || typeof value === 'number' || typeof value === 'boolean' ? String(value) : '';
}
