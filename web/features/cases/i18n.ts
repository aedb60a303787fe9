import { defineMessages } from '../../app/i18n/define';

/** The case UI kit's texts (`case.*`): the parts every case page shares — its history and its comments. */
export const casesMessages = defineMessages({
  zh: {
    'case.history': '办理过程',
    'case.comments': '留言',
    'case.noComments': '暂无留言',
    'case.internal': '内部',
    'case.commentPlaceholder': '写下留言',
    'case.send': '发送',
    'case.staffOnly': '仅工作人员可见',
  },
  en: {
    'case.history': 'Progress',
    'case.comments': 'Comments',
    'case.noComments': 'No comments yet',
    'case.internal': 'Internal',
    'case.commentPlaceholder': 'Write a comment',
    'case.send': 'Send',
    'case.staffOnly': 'Staff only',
  },
});
