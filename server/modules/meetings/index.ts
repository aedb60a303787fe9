export { meetingRoutes } from './meetings.routes.js';
export { projectMeetings, meetingAttachments } from './meetings.tables.js';
