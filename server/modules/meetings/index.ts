import { defineModule, tablesIn } from '../../platform/module.js';
import { meetingsContract } from '../../../contracts/meetings.manifest.js';
import { meetingRoutes } from './meetings.routes.js';
import * as meetingsTables from './meetings.tables.js';

/** The module's manifest: server/modules/index.ts lists it, and the app registers what it declares. */
export const meetingsModule = defineModule({
  name: 'meetings',
  contract: meetingsContract,
  routes: [meetingRoutes],
  tables: tablesIn(meetingsTables),
  // The demo year's meetings are held on its projects.
  demoSeed: {
    after: ['projects'],
    acts: async (db) => {
      await (await import('./meetings.demo-seed.js')).seedHainingMeetings(db);
    },
  },
});

// What other modules may use.
export { meetingRoutes } from './meetings.routes.js';
export { meetingsOfProjects, meetingFilesOf, type ProjectMeeting, type MeetingFile } from './meetings-of-projects.js';
