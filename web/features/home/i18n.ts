import { defineMessages } from '../../app/i18n/define';

/** The home feature's texts (`home.*`); English terms follow /work/shared/GLOSSARY.md. */
export const homeMessages = defineMessages({
  zh: {
    'home.morning': '早上好，{name}',
    'home.noon': '中午好，{name}',
    'home.afternoon': '下午好，{name}',
    'home.evening': '晚上好，{name}',
    'home.today': '今天是 {date}',
    'home.yourRoles': '您的角色与管辖范围',
    'home.quickLinks': '常用功能',
    'home.link.regions': '维护市、镇（街道）、村（社区）、网格四级区域',
    'home.link.users': '管理账号，按区域或部门授予角色',
    'home.link.audit': '查询操作记录，校验审计链是否完整',
    'home.link.calendar': '法定节假日与调休，计算工作日期限',
  },
  en: {
    'home.morning': 'Good morning, {name}',
    'home.noon': 'Good day, {name}',
    'home.afternoon': 'Good afternoon, {name}',
    'home.evening': 'Good evening, {name}',
    'home.today': 'Today is {date}',
    'home.yourRoles': 'Your roles and scopes',
    'home.quickLinks': 'Quick links',
    'home.link.regions': 'Keep the city → town → community → grid tree up to date',
    'home.link.users': 'Manage accounts; grant roles by region or department',
    'home.link.audit': 'Look up who did what; verify the audit chain',
    'home.link.calendar': 'Public holidays and adjusted workdays; working-day deadlines',
  },
});
