import { registerNodeFetcher } from '../node/node.resolver';
import { readsRestricted } from './meeting-access';
import { FollowUpTaskEntity, TeamMeetingDecisionEntity, TeamMeetingNoteEntity } from './meeting.entities';
import { FollowUpTaskType, TeamDecisionType, TeamMeetingNoteType, TeamMeetingType } from './meeting.types';

registerNodeFetcher('TeamMeeting', async (ctx, id) => {
  const meeting = await ctx.loaders.meetings.visibleMeetingById.load(id);
  return meeting ? TeamMeetingType.from(meeting) : null;
});

// Rows inside a meeting: visible with the meeting, their student, and (if restricted) the role.
registerNodeFetcher('TeamMeetingNote', async (ctx, id) => {
  const note = await ctx.db.manager.findOneBy(TeamMeetingNoteEntity, { id });
  if (!note || !(await ctx.loaders.meetings.visibleMeetingById.load(note.meetingId))) return null;
  if (note.restricted && !readsRestricted(ctx.viewer)) return null;
  if (note.studentId && !(await ctx.loaders.students.visibleStudentById.load(note.studentId))) return null;
  return TeamMeetingNoteType.from(note);
});

registerNodeFetcher('TeamDecision', async (ctx, id) => {
  const decision = await ctx.db.manager.findOneBy(TeamMeetingDecisionEntity, { id });
  if (!decision || !(await ctx.loaders.meetings.visibleMeetingById.load(decision.meetingId))) return null;
  return (await ctx.loaders.students.visibleStudentById.load(decision.studentId)) ? TeamDecisionType.from(decision) : null;
});

registerNodeFetcher('FollowUpTask', async (ctx, id) => {
  const task = await ctx.db.manager.findOneBy(FollowUpTaskEntity, { id });
  if (!task || !(await ctx.loaders.meetings.visibleMeetingById.load(task.meetingId))) return null;
  const own = task.ownerId === ctx.viewer.userId;
  if (task.restricted && !readsRestricted(ctx.viewer) && !own) return null;
  if (task.studentId && !own && !(await ctx.loaders.students.visibleStudentById.load(task.studentId))) return null;
  return FollowUpTaskType.from(task, ctx.today);
});
